//! The benchmark data generator (`examples/generate`) and its shipments: what it writes passes
//! `cs check`, the same seed gives the same bytes, every shipment's status is that of its
//! latest tracking event, and `cs shipment list --late` agrees with the files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::support::{TestEnv, parse_csv, snapshot_dir, text};

/// The generator's last day, the day lateness is asked about.
const LAST_DAY: &str = "2026-11-27";

/// The generator Cargo built beside this test binary (`cargo test` builds the examples).
fn generator() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary is in target/PROFILE/deps");
    let path = profile
        .join("examples")
        .join(format!("generate{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is missing: `cargo test` builds it; with a filter like `--test cli`, run `cargo build --example generate` first",
        path.display()
    );
    path
}

/// Runs the generator into `dir` at scale 0.01; returns its `key=value` lines.
fn generate(dir: &Path, seed: u64) -> HashMap<String, String> {
    let output = Command::new(generator())
        .args(["--scale", "0.01", "--seed", &seed.to_string(), "--out"])
        .arg(dir)
        .output()
        .expect("running the generator");
    assert!(
        output.status.success(),
        "the generator failed:\n{}",
        text(&output.stderr)
    );
    text(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Every row of every month file of a table, in file order.
fn rows(data: &Path, table: &str) -> Vec<BTreeMap<String, String>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join(table))
        .expect("the table's folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| parse_csv(&std::fs::read_to_string(f).expect("a month file")))
        .collect()
}

fn time(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn date(text: &str) -> NaiveDate {
    text[..10].parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The generated data checks clean, and the same seed writes the same bytes (a different one
/// other shipments).
#[test]
fn generated_data_checks_clean_and_a_seed_gives_the_same_bytes() {
    let env = TestEnv::bare();
    let keys = generate(env.data(), 3);
    for key in [
        "shipments",
        "shipment_events",
        "shipments_bytes",
        "shipment_events_bytes",
    ] {
        let n: u64 = keys[key].parse().unwrap_or_else(|e| panic!("{key}={}: {e}", keys[key]));
        assert!(n > 0, "{key} is {n}");
    }
    assert_eq!(keys["shipments"], "2000", "200,000 shipments at scale 1.0");
    assert_eq!(keys["late_as_of"], LAST_DAY);
    let check = env.ok(["check"]);
    assert!(check.contains("2000 shipments"), "{check}");

    let again = TestEnv::bare();
    assert_eq!(generate(again.data(), 3), keys);
    assert!(
        snapshot_dir(env.data()) == snapshot_dir(again.data()),
        "the same seed must write the same files"
    );
    let other = TestEnv::bare();
    generate(other.data(), 4);
    let (one, two) = (snapshot_dir(env.data()), snapshot_dir(other.data()));
    assert_ne!(
        one.get("shipments/2026-11.csv"),
        two.get("shipments/2026-11.csv"),
        "another seed, other shipments"
    );
}

/// Each shipment's status, delivery and last change come from its latest event by time, even
/// where the events file has one out of order; events sit in the file of their month.
#[test]
fn generated_shipments_take_the_status_of_their_latest_event() {
    let env = TestEnv::bare();
    let keys = generate(env.data(), 5);
    let shipments = rows(env.data(), "shipments");
    let mut latest: HashMap<String, (DateTime<FixedOffset>, String)> = HashMap::new();
    let mut out_of_order = 0;
    let mut files: Vec<PathBuf> = std::fs::read_dir(env.path("shipment_events"))
        .expect("shipment_events/")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    for file in &files {
        let month = file.file_stem().and_then(|s| s.to_str()).expect("YYYY-MM").to_string();
        let mut previous: Option<DateTime<FixedOffset>> = None;
        for event in parse_csv(&std::fs::read_to_string(file).expect("a month file")) {
            let at = time(&event["at"]);
            assert!(event["at"].starts_with(&month), "{} in {month}.csv", event["at"]);
            out_of_order += usize::from(previous.is_some_and(|p| at < p));
            previous = Some(previous.map_or(at, |p| p.max(at)));
            let entry = latest
                .entry(event["shipment"].clone())
                .or_insert((at, event["status"].clone()));
            if at >= entry.0 {
                *entry = (at, event["status"].clone());
            }
        }
    }
    assert!(out_of_order > 0, "a few events reported late");
    let mut statuses = BTreeSet::new();
    for s in &shipments {
        let (status, updated) = match latest.get(&s["id"]) {
            Some((at, status)) => (status.as_str(), *at),
            None => ("pending", time(&format!("{}T09:00:00+08:00", s["shipped"]))),
        };
        assert_eq!(s["status"], status, "{s:?}");
        assert_eq!(time(&s["updated"]), updated, "{s:?}");
        let delivered = (status == "delivered").then_some(updated);
        assert_eq!(
            (!s["delivered"].is_empty()).then(|| time(&s["delivered"])),
            delivered,
            "{s:?}"
        );
        statuses.insert(status.to_string());
    }
    for status in [
        "delivered",
        "in_transit",
        "out_for_delivery",
        "attempt_fail",
        "available_for_pickup",
        "exception",
        "info_received",
        "pending",
        "returned",
    ] {
        assert!(statuses.contains(status), "no shipment {status}: {statuses:?}");
    }
    let track_ref = &keys["track_ref"];
    let shown = env.json(["shipment", "show", track_ref]);
    assert_eq!(shown["tracking"], track_ref.as_str());
    assert_eq!(shown["status"], "in_transit");
}

/// `cs shipment list --late` on the last day lists exactly the shipments the files say are
/// late: delivered after their eta, or still on the way past it (not returned or lost).
#[test]
fn the_late_list_on_the_last_day_agrees_with_the_files() {
    let env = TestEnv::bare();
    generate(env.data(), 6);
    let as_of: NaiveDate = LAST_DAY.parse().expect("a date");
    let mut expected = BTreeSet::new();
    for s in rows(env.data(), "shipments") {
        let delivered = (!s["delivered"].is_empty()).then(|| date(&s["delivered"]));
        let end = match delivered {
            Some(day) if day <= as_of => Some(day),
            _ if matches!(s["status"].as_str(), "returned" | "lost") => None,
            _ if date(&s["shipped"]) > as_of => None,
            _ => Some(as_of),
        };
        if end.is_some_and(|end| end > date(&s["eta"])) {
            expected.insert(s["id"].clone());
        }
    }
    assert!(expected.len() > 50, "only {} late", expected.len());
    let listed = parse_csv(&env.ok(["shipment", "list", "--late", "--as-of", LAST_DAY, "--format", "csv"]));
    let listed: BTreeSet<String> = listed.into_iter().map(|row| row["id"].clone()).collect();
    assert_eq!(listed.len(), expected.len());
    assert_eq!(listed, expected);
}
