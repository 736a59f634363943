//! `cs shipment` and `cs import shipment-events`: recording, tracking (in and out of order,
//! after a final status), late and stale shipments at a fixed day, refused input that leaves
//! every file as it was, and carriers' exports imported twice.

use crate::support::{TestEnv, success};

/// A department (see `TestEnv::with_team`) with two customers: one of the hz center.
fn department() -> TestEnv {
    let env = TestEnv::with_team();
    env.add_customer("杭州西湖国宾馆", &["--class", "A", "--owner", "wang", "--center", "hz"]);
    env.add_customer("南京金陵饭店", &["--class", "B", "--owner", "li"]);
    env
}

fn add(env: &TestEnv, customer: &str, args: &[&str]) -> String {
    let mut full = vec!["shipment", "add", customer];
    full.extend_from_slice(args);
    let out = env.ok(full);
    let id = out.trim_end().to_string();
    assert!(
        id.starts_with("S-") && !id.contains('\n'),
        "add prints the id alone: {out:?}"
    );
    id
}

fn track(env: &TestEnv, reference: &str, status: &str, at: &str) {
    env.ok(["shipment", "track", reference, "--status", status, "--at", at]);
}

fn show(env: &TestEnv, reference: &str) -> serde_json::Value {
    env.json(["shipment", "show", reference])
}

/// The ids `cs shipment list ARGS` prints, in order.
fn ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut full = vec!["shipment", "list"];
    full.extend_from_slice(args);
    let rows = env.json(full);
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn statuses(shown: &serde_json::Value) -> Vec<String> {
    shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_shipment_is_tracked_until_delivered() {
    let env = department();
    let id = add(
        &env,
        "杭州西湖国宾馆",
        &[
            "--carrier",
            "SF",
            "--tracking",
            "SF100",
            "--order",
            "SO-1",
            "--shipped",
            "2026-11-20",
        ],
    );
    let shown = show(&env, &id);
    assert_eq!(shown["carrier"], "顺丰", "an alias names the carrier");
    assert_eq!(shown["eta"], "2026-11-22", "shipped + the carrier's two days");
    assert_eq!(shown["center"], "hz", "the customer's center");
    assert_eq!(shown["status"], "pending");
    track(&env, "SF100", "已揽收", "2026-11-20 18:00");
    track(&env, "sf100", "运输中", "2026-11-21 09:00");
    track(&env, &id, "out_for_delivery", "2026-11-22 08:00");
    track(&env, &id[..5], "delivered", "2026-11-22 15:30");
    let shown = show(&env, "SF100");
    assert_eq!(shown["status"], "delivered");
    assert_eq!(shown["delivered"], "2026-11-22T15:30:00+08:00");
    assert_eq!(
        statuses(&shown),
        ["info_received", "in_transit", "out_for_delivery", "delivered"]
    );
    assert!(shown["days_late"].is_null(), "delivered on its eta");
    let customer = env.json(["customer", "show", "杭州西湖国宾馆"]);
    assert_eq!(customer["shipments"][0]["id"], id.as_str());
    let table = env.ok(["customer", "show", "杭州西湖国宾馆"]);
    assert!(table.contains("shipments (1;") && table.contains("SF100"), "{table}");
}

#[test]
fn events_out_of_order_leave_the_latest_status() {
    let env = department();
    let id = add(
        &env,
        "南京金陵饭店",
        &["--carrier", "中通", "--tracking", "ZT9", "--shipped", "2026-11-20"],
    );
    track(&env, "ZT9", "delivered", "2026-11-24 10:00");
    let before = env.read("shipments/2026-11.csv");
    // An older event arriving late fills in the timeline and changes no line of the shipment.
    track(&env, "ZT9", "in_transit", "2026-11-21 10:00");
    track(&env, "ZT9", "out_for_delivery", "2026-11-24 07:00");
    assert_eq!(env.read("shipments/2026-11.csv"), before);
    let shown = show(&env, &id);
    assert_eq!(shown["status"], "delivered");
    assert_eq!(statuses(&shown), ["in_transit", "out_for_delivery", "delivered"]);
    assert_eq!(env.read("shipment_events/2026-11.csv").lines().count(), 4);
}

#[test]
fn nothing_follows_a_final_status_without_force() {
    let env = department();
    for (tracking, last) in [("A1", "delivered"), ("A2", "returned"), ("A3", "lost")] {
        add(
            &env,
            "南京金陵饭店",
            &["--carrier", "顺丰", "--tracking", tracking, "--shipped", "2026-11-20"],
        );
        track(&env, tracking, "in_transit", "2026-11-21 09:00");
        track(&env, tracking, last, "2026-11-23 09:00");
        let files = env.files();
        let err = env.fails([
            "shipment",
            "track",
            tracking,
            "--status",
            "exception",
            "--at",
            "2026-11-24 09:00",
        ]);
        assert!(
            err.contains(&format!("already {last}")) && err.contains("--force"),
            "{err}"
        );
        assert_eq!(env.files(), files, "a refused event writes nothing");
        // Before the final event it is history, not a change of status.
        track(&env, tracking, "out_for_delivery", "2026-11-22 09:00");
        assert_eq!(show(&env, tracking)["status"], last);
        env.ok([
            "shipment",
            "track",
            tracking,
            "--status",
            "exception",
            "--at",
            "2026-11-24 09:00",
            "--force",
        ]);
        let shown = show(&env, tracking);
        assert_eq!(shown["status"], "exception");
        assert!(shown["delivered"].is_null(), "no longer delivered");
    }
}

#[test]
fn the_same_event_twice_is_recorded_once() {
    let env = department();
    add(
        &env,
        "南京金陵饭店",
        &["--carrier", "顺丰", "--tracking", "D1", "--shipped", "2026-11-20"],
    );
    track(&env, "D1", "in_transit", "2026-11-21 09:00");
    let files = env.files();
    let out = env
        .cs([
            "shipment",
            "track",
            "D1",
            "--status",
            "运输中",
            "--at",
            "2026-11-21 09:00",
        ])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("already recorded"), "{stderr}");
    assert_eq!(env.files(), files);
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let env = department();
    add(
        &env,
        "南京金陵饭店",
        &["--carrier", "顺丰", "--tracking", "SF1", "--shipped", "2026-11-20"],
    );
    let files = env.files();
    let cases: [(&[&str], &str); 8] = [
        (&["shipment", "add", "无此客户", "--carrier", "顺丰"], "无此客户"),
        (
            &["shipment", "add", "南京金陵饭店", "--carrier", "UPS"],
            "unknown carrier 'UPS'",
        ),
        (
            &[
                "shipment",
                "add",
                "南京金陵饭店",
                "--carrier",
                "顺丰",
                "--shipped",
                "2026-11-20",
                "--eta",
                "2026-11-19",
            ],
            "before the day shipped",
        ),
        (
            &[
                "shipment",
                "add",
                "南京金陵饭店",
                "--carrier",
                "sf",
                "--tracking",
                "sf1",
            ],
            "顺丰 tracking number sf1 is already shipment S-",
        ),
        (
            &["shipment", "add", "南京金陵饭店", "--carrier", "顺丰", "--center", "bj"],
            "unknown distribution center 'bj'",
        ),
        (
            &["shipment", "track", "SF1", "--status", "arrived"],
            "unknown shipment status 'arrived'",
        ),
        (&["shipment", "track", "NOPE", "--status", "in_transit"], "NOPE"),
        (
            &[
                "shipment",
                "track",
                "SF1",
                "--status",
                "in_transit",
                "--at",
                "2026-12-05",
            ],
            "in the future",
        ),
    ];
    for (args, expected) in cases {
        let err = env.fails(args);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(env.files(), files, "{args:?} wrote something");
    }
    // The same number with another carrier is another parcel.
    add(
        &env,
        "南京金陵饭店",
        &["--carrier", "中通", "--tracking", "SF1", "--shipped", "2026-11-20"],
    );
    let err = env.fails(["shipment", "track", "SF1", "--status", "in_transit"]);
    assert!(err.contains("matches 2"), "{err}");
}

#[test]
fn late_and_stale_at_a_fixed_day() {
    let env = department();
    let on_time = add(
        &env,
        "南京金陵饭店",
        &["--carrier", "顺丰", "--tracking", "T1", "--shipped", "2026-11-20"],
    );
    track(&env, "T1", "delivered", "2026-11-22 10:00");
    let delivered_late = add(
        &env,
        "南京金陵饭店",
        &["--carrier", "顺丰", "--tracking", "T2", "--shipped", "2026-11-20"],
    );
    track(&env, "T2", "delivered", "2026-11-25 10:00");
    let moving_late = add(
        &env,
        "杭州西湖国宾馆",
        &["--carrier", "德邦", "--tracking", "T3", "--shipped", "2026-11-18"],
    );
    track(&env, "T3", "in_transit", "2026-11-19 10:00");
    let not_due = add(
        &env,
        "杭州西湖国宾馆",
        &["--carrier", "德邦", "--tracking", "T4", "--shipped", "2026-11-25"],
    );
    track(&env, "T4", "in_transit", "2026-11-27 10:00");
    let lost = add(
        &env,
        "杭州西湖国宾馆",
        &["--carrier", "顺丰", "--tracking", "T5", "--shipped", "2026-11-01"],
    );
    track(&env, "T5", "lost", "2026-11-10 10:00");

    let late = env.json(["shipment", "list", "--late", "--as-of", "2026-11-26"]);
    let found: Vec<(&str, i64)> = late
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["days_late"].as_i64().unwrap()))
        .collect();
    assert_eq!(found, [(delivered_late.as_str(), 3), (moving_late.as_str(), 4)]);
    // On the day before T2 arrived, it was still on its way and two days late.
    let earlier = ids(&env, &["--late", "--as-of", "2026-11-24"]);
    assert_eq!(earlier, [delivered_late.clone(), moving_late.clone()]);
    assert!(!earlier.contains(&on_time) && !earlier.contains(&lost));

    let stale = ids(&env, &["--stale", "5", "--as-of", "2026-11-26"]);
    assert_eq!(
        stale,
        std::slice::from_ref(&moving_late),
        "seven days since its last event"
    );
    let stale = ids(&env, &["--stale", "0", "--as-of", "2026-11-28"]);
    assert_eq!(stale, [not_due.clone(), moving_late.clone()]);
    let moving = ids(&env, &["--in-transit"]);
    assert_eq!(moving, [not_due.clone(), moving_late.clone()]);
    assert_eq!(ids(&env, &["--status", "丢失"]), std::slice::from_ref(&lost));
    assert_eq!(ids(&env, &["--carrier", "Deppon"]).len(), 2);
    assert_eq!(ids(&env, &["--customer", "南京金陵饭店"]).len(), 2);
    assert_eq!(ids(&env, &["--center", "hz"]).len(), 3);
    let table = env.ok(["shipment", "list", "--late", "--as-of", "2026-11-26"]);
    assert!(table.lines().next().unwrap().contains("days_late"), "{table}");
}

const EXPORT: &str = "运单号,状态,时间,地点,备注\n\
E1,已揽收,2026-11-20 18:00:00,杭州,\n\
E1,运输中,2026-11-21 09:00:00,上海转运中心,\n\
E2,派送中,2026-11-22 08:00:00,南京,\n\
E1,已签收,2026-11-22 15:00:00,南京,本人签收\n";

#[test]
fn a_carriers_export_imported_twice_adds_its_events_once() {
    let env = department();
    let e1 = add(
        &env,
        "南京金陵饭店",
        &["--carrier", "顺丰", "--tracking", "E1", "--shipped", "2026-11-20"],
    );
    add(
        &env,
        "南京金陵饭店",
        &["--carrier", "顺丰", "--tracking", "E2", "--shipped", "2026-11-20"],
    );
    env.write("../export.csv", format!("\u{feff}{EXPORT}"));
    let export = env.root().join("export.csv");
    let export = export.to_str().unwrap();

    let files = env.files();
    let dry = env.json(["import", "shipment-events", export, "--dry-run"]);
    assert_eq!((dry["added"].as_u64(), dry["updated"].as_u64()), (Some(4), Some(2)));
    assert_eq!(env.files(), files, "a dry run writes nothing");

    let out = success(&mut env.cs(["import", "shipment-events", export]));
    assert!(out.is_empty());
    let shown = show(&env, &e1);
    assert_eq!(shown["status"], "delivered");
    assert_eq!(statuses(&shown), ["info_received", "in_transit", "delivered"]);
    assert_eq!(show(&env, "E2")["status"], "out_for_delivery");

    let files = env.files();
    let again = env.json(["import", "shipment-events", export]);
    assert_eq!((again["added"].as_u64(), again["skipped"].as_u64()), (Some(0), Some(4)));
    assert_eq!(env.files(), files, "the second import changes nothing");
}

#[test]
fn one_bad_row_of_an_export_means_nothing_is_written() {
    let env = department();
    add(
        &env,
        "南京金陵饭店",
        &["--carrier", "顺丰", "--tracking", "E1", "--shipped", "2026-11-20"],
    );
    let bad = "tracking;status;time;location\nE1;in_transit;2026-11-21 09:00;杭州\nX9;in_transit;2026-11-21 09:00;\nE1;arrived;2026-11-21 10:00;\nE1;delivered;someday;\n";
    env.write("../bad.csv", bad);
    let path = env.root().join("bad.csv");
    let files = env.files();
    let err = env.fails(["import", "shipment-events", path.to_str().unwrap()]);
    assert!(
        err.contains("bad.csv:3: tracking: no shipment has the tracking number X9"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:4: status: unknown shipment status 'arrived'"),
        "{err}"
    );
    assert!(err.contains("bad.csv:5: at:"), "{err}");
    assert_eq!(env.files(), files);

    env.write("../odd.csv", "运单号,状态,时间,重量\nE1,运输中,2026-11-21 09:00,3kg\n");
    let err = env.fails([
        "import",
        "shipment-events",
        env.root().join("odd.csv").to_str().unwrap(),
    ]);
    assert!(
        err.contains("odd.csv:1:") && err.contains("重量") && err.contains("Known"),
        "{err}"
    );
    assert_eq!(env.files(), files);
}

#[test]
fn show_reads_in_chinese() {
    let env = department();
    add(
        &env,
        "杭州西湖国宾馆",
        &[
            "--carrier",
            "顺丰",
            "--tracking",
            "SF200",
            "--shipped",
            "2026-11-20",
            "--items",
            "干红 20 箱",
        ],
    );
    track(&env, "SF200", "in_transit", "2026-11-21 09:00");
    env.ok([
        "shipment",
        "track",
        "SF200",
        "--status",
        "lost",
        "--at",
        "2026-11-25 09:00",
        "--note",
        "包裹遗失",
    ]);
    let shown = success(env.cs(["shipment", "show", "SF200"]).env("CS_LANG", "zh"));
    let id_free = shown.replace(&show(&env, "SF200")["id"].as_str().unwrap().to_string(), "S-ID");
    let stable: String = id_free
        .lines()
        .filter(|l| !l.contains("更新时间"))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("shipment_show_zh", stable);
}
