//! The sample data, `examples/wine-co`: the README and the docs show complaint handling and
//! shipment tracking on it, so it must keep complaints in every state, escalated and late ones
//! among them, each with a history that tells how it got there, and a year of shipments that
//! ended every way a shipment can, with the carrier export they were partly imported from.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use crate::support::{NOW, TestEnv, parse_csv, repo_root, sample};

/// Every line of a monthly table, oldest month first.
fn table(env: &TestEnv, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut files: Vec<_> = fs::read_dir(env.data().join(name))
        .unwrap_or_else(|e| panic!("examples/wine-co/{name}: {e}"))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|file| parse_csv(&fs::read_to_string(file).expect("a month file")))
        .collect()
}

/// Every status, severity and channel, most categories, escalations to level 1 and 2, late
/// complaints both in hand and closed, and a breach left for the cron job.
#[test]
fn the_sample_has_complaints_in_every_state() {
    let env = sample();
    let listed = env.json(["complaint", "list"]);
    let rows = listed.as_array().expect("a list");
    let values = |key: &str| -> BTreeSet<String> {
        rows.iter()
            .map(|row| row[key].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let names = |names: &[&str]| -> BTreeSet<String> { names.iter().map(|n| n.to_string()).collect() };
    assert_eq!(
        values("status"),
        names(&["acknowledged", "closed", "open", "reopened", "resolved", "waiting"])
    );
    assert_eq!(values("severity"), names(&["critical", "high", "low", "medium"]));
    assert_eq!(
        values("channel"),
        names(&["email", "letter", "onsite", "other", "phone", "sms", "wechat"])
    );
    assert!(values("category").len() >= 5, "{:?}", values("category"));
    let levels: BTreeSet<u64> = rows.iter().filter_map(|row| row["level"].as_u64()).collect();
    assert!(levels.contains(&1) && levels.contains(&2), "{levels:?}");

    // Late ones, both still being handled and long closed, as of the tests' clock.
    let late = |open: bool| {
        rows.iter()
            .filter(|row| (row["status"] != "closed" && row["status"] != "resolved") == open)
            .filter(|row| {
                row["sla"]["respond_late_minutes"].is_number() || row["sla"]["resolve_late_minutes"].is_number()
            })
            .count()
    };
    assert!(
        late(true) >= 2 && late(false) >= 2,
        "late: {} open, {} not",
        late(true),
        late(false)
    );
    let overdue = env.ok(["complaint", "escalate", "--overdue", "--dry-run"]);
    assert!(
        overdue.contains("T-"),
        "something is left for the cron job to escalate: {overdue}"
    );
}

/// Each complaint's history starts with its receipt, moves from where the step before left it,
/// and ends where the complaint stands, with one escalation a level and one reopening a count.
#[test]
fn every_complaint_has_a_history_that_leads_to_it() {
    let env = sample();
    let complaints = table(&env, "complaints");
    let history = table(&env, "complaint_history");
    assert!((40..=60).contains(&complaints.len()), "{} complaints", complaints.len());
    let mut by_complaint: BTreeMap<&str, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for event in &history {
        by_complaint.entry(event["complaint"].as_str()).or_default().push(event);
    }
    assert_eq!(by_complaint.len(), complaints.len(), "no history without its complaint");
    for complaint in &complaints {
        let id = complaint["id"].as_str();
        let mut events = by_complaint.remove(id).unwrap_or_default();
        // One offset throughout, so the text sorts as the time does.
        events.sort_by(|a, b| a["at"].cmp(&b["at"]));
        let first = events.first().unwrap_or_else(|| panic!("{id} has no history"));
        assert_eq!(
            (first["action"].as_str(), first["at"].as_str()),
            ("add", complaint["received"].as_str()),
            "{id}"
        );
        for pair in events.windows(2) {
            let (before, after) = (pair[0], pair[1]);
            assert_eq!(after["from_status"], before["to_status"], "{id}: {after:?}");
            assert_eq!(after["from_handler"], before["to_handler"], "{id}: {after:?}");
        }
        let last = events.last().expect("at least the add");
        assert_eq!(last["to_status"], complaint["status"], "{id}");
        assert_eq!(last["to_handler"], complaint["handler"], "{id}");
        let count = |action: &str| events.iter().filter(|e| e["action"] == action).count().to_string();
        assert_eq!(count("escalate"), complaint["level"], "{id}: one escalation a level");
        assert_eq!(count("reopen"), complaint["reopened"], "{id}");
        assert!(last["at"].as_str() < NOW, "{id}: nothing after the tests' clock");
    }
}

/// A year of shipments: delivered (some late), returned, lost, held up, still moving and gone
/// quiet; every event of the steps between; and the carrier export already imported, so
/// importing it again adds nothing.
#[test]
fn the_sample_has_a_year_of_shipments_ending_every_way() {
    let env = sample();
    let shipments = table(&env, "shipments");
    let events = table(&env, "shipment_events");
    assert!(shipments.len() >= 100, "a year of shipments: {}", shipments.len());
    let months: BTreeSet<&str> = shipments.iter().map(|s| &s["shipped"][..7]).collect();
    assert_eq!(months.len(), 12, "{months:?}");
    let statuses: BTreeSet<&str> = shipments.iter().map(|s| s["status"].as_str()).collect();
    for status in ["delivered", "returned", "lost", "exception", "in_transit"] {
        assert!(statuses.contains(status), "no shipment is {status}: {statuses:?}");
    }
    let reported: BTreeSet<&str> = events.iter().map(|e| e["status"].as_str()).collect();
    for status in [
        "info_received",
        "in_transit",
        "out_for_delivery",
        "attempt_fail",
        "available_for_pickup",
    ] {
        assert!(reported.contains(status), "no event is {status}: {reported:?}");
    }
    let late = env.json(["shipment", "list", "--late", "--as-of", "2026-11-28"]);
    let late = late.as_array().unwrap();
    assert!(late.iter().any(|s| s["status"] == "delivered"), "delivered late");
    assert!(
        late.iter().any(|s| s["status"] != "delivered"),
        "still on its way, late"
    );
    let stale = env.json(["shipment", "list", "--stale", "3", "--as-of", "2026-11-28"]);
    assert!(!stale.as_array().unwrap().is_empty(), "a shipment gone quiet");

    let export = repo_root().join("examples/imports/sf-export-2026-11.csv");
    let files = env.files();
    let again = env.json(["import", "shipment-events", export.to_str().unwrap()]);
    assert_eq!(again["added"], 0, "{again}");
    assert!(again["skipped"].as_u64().unwrap() >= 5, "{again}");
    assert_eq!(env.files(), files);
}

/// Label jobs in every status, late ones among them at the tests' clock, a rejected design
/// and its second version, both vendors; each job's history starts with its request, moves
/// from where the step before left it and ends where the job stands; every design file named
/// is in the job's folder.
#[test]
fn the_sample_has_label_jobs_in_every_state_with_their_designs() {
    let env = sample();
    let listed = env.json(["label", "list"]);
    let jobs = listed.as_array().expect("a list");
    let statuses: BTreeSet<&str> = jobs.iter().map(|j| j["status"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["approved", "designed", "done", "in_production", "requested"])
    );
    let late = env.json(["label", "list", "--overdue", "--as-of", &NOW[..10]]);
    assert!(late.as_array().unwrap().len() >= 2, "{late}");
    let vendors: BTreeSet<&str> = jobs
        .iter()
        .flat_map(|j| j["vendors"].as_array().unwrap())
        .map(|p| p["vendor"].as_str().unwrap())
        .collect();
    assert_eq!(vendors, BTreeSet::from(["jinhua", "kuaiyin"]));
    let mut rejected = 0;
    for job in jobs {
        let id = job["id"].as_str().unwrap();
        let shown = env.json(["label", "show", id]);
        let history = shown["history"].as_array().unwrap();
        assert_eq!(history[0]["action"], "add", "{id}");
        for pair in history.windows(2) {
            assert_eq!(pair[1]["from_status"], pair[0]["to_status"], "{id}: {pair:?}");
        }
        assert_eq!(history.last().unwrap()["to_status"], job["status"], "{id}");
        rejected += history.iter().filter(|e| e["action"] == "reject").count();
        for file in job["files"].as_array().unwrap() {
            let path = format!("labels/{id}/{}", file.as_str().unwrap());
            assert!(env.path(&path).is_file(), "{path}");
        }
    }
    assert!(rejected >= 2, "rejected designs: {rejected}");
}
