//! `cs visit due` on a hand-built department, and `cs visit survey` on hand-computed answers.
//!
//! Every expected date, count and figure below was worked out by hand from the data the test
//! builds; the comments show the arithmetic.

use serde_json::Value;

use crate::support::{TestEnv, words};

/// Adds a customer with an own code at the moment `created`.
fn customer(env: &TestEnv, created: &str, id: &str, name: &str, args: &str) {
    let mut full = vec!["customer", "add", "--id", id, "--name", name];
    full.extend(words(args));
    env.ok_at(created, full);
}

/// Logs a visit on `date`, recorded that evening.
fn visit(env: &TestEnv, customer: &str, date: &str, args: &str) {
    let mut full = vec!["visit", "add", customer, "--date", date];
    full.extend(words(args));
    env.ok_at(&format!("{date}T18:00:00+08:00"), full);
}

/// Classes A, B and C are visited every 30, 60 and 90 days (cs init's defaults). As of
/// 2026-11-29:
///
/// | customer | class, status | created | visits | due | days overdue |
/// |---|---|---|---|---|---|
/// | KH-A1 | A active | 2026-01-10 | 09-01 (next 12-31), then 10-20 | 10-20 + 30 = 11-19 | 10 |
/// | KH-A2 | A active | 2026-05-01 | 11-01 with next 12-10 | 12-10 | -11 |
/// | KH-A3 | A active | 2026-11-15 | none | 11-15 + 30 = 12-15 | -16 |
/// | KH-B1 | B active | 2026-03-01 | 09-01 | 09-01 + 60 = 10-31 | 29 |
/// | KH-B2 | B active | 2026-09-20 | none | 09-20 + 60 = 11-19 | 10 |
/// | KH-C1 | C active | 2025-06-01 | 2026-06-01 with next 11-29 | 11-29 | 0 |
/// | KH-C2 | C dormant | 2025-01-01 | 08-01 by sms | 08-01 + 90 = 10-30 | 30 |
/// | KH-X1 | A, archived | 2025-01-01 | none | (not covered) | |
/// | KH-L1 | A lost | 2025-01-01 | none | (not covered) | |
/// | KH-P1 | B prospect | 2026-08-01 | none | 08-01 + 60 = 09-30 | 60, with --prospects |
fn department() -> TestEnv {
    let env = TestEnv::with_visits();
    let t = "T09:00:00+08:00";
    customer(
        &env,
        &format!("2026-01-10{t}"),
        "KH-A1",
        "甲酒店",
        "--class A --owner wang --center hz",
    );
    customer(
        &env,
        &format!("2026-05-01{t}"),
        "KH-A2",
        "乙会所",
        "--class A --owner li --center nj",
    );
    customer(
        &env,
        &format!("2026-11-15{t}"),
        "KH-A3",
        "丙宾馆",
        "--class A --owner wang",
    );
    customer(
        &env,
        &format!("2026-03-01{t}"),
        "KH-B1",
        "丁餐饮",
        "--class B --owner li --center hz",
    );
    customer(
        &env,
        &format!("2026-09-20{t}"),
        "KH-B2",
        "戊超市",
        "--class B --owner wang",
    );
    customer(
        &env,
        &format!("2025-06-01{t}"),
        "KH-C1",
        "己商行",
        "--class C --owner li",
    );
    customer(
        &env,
        &format!("2025-01-01{t}"),
        "KH-C2",
        "庚烟酒",
        "--class C --owner wang --status 休眠",
    );
    customer(
        &env,
        &format!("2025-01-01{t}"),
        "KH-X1",
        "辛饭店",
        "--class A --owner wang",
    );
    customer(
        &env,
        &format!("2025-01-01{t}"),
        "KH-L1",
        "壬酒行",
        "--class A --owner wang --status lost",
    );
    customer(
        &env,
        &format!("2026-08-01{t}"),
        "KH-P1",
        "癸会所",
        "--class B --owner li --status prospect",
    );
    visit(&env, "KH-A1", "2026-09-01", "-c phone -p routine --next 2026-12-31");
    visit(&env, "KH-A1", "2026-10-20", "-c onsite -p satisfaction --score 5");
    visit(&env, "KH-A2", "2026-11-01", "-c phone -p routine --next 2026-12-10");
    visit(&env, "KH-B1", "2026-09-01", "-c phone -p routine");
    visit(&env, "KH-C1", "2026-06-01", "-c onsite -p routine --next 2026-11-29");
    visit(&env, "KH-C2", "2026-08-01", "-c sms -p routine");
    env.ok(["customer", "archive", "KH-X1"]);
    env
}

/// `(customer, due, days_overdue)` of each line of `visit due ARGS --format json`.
fn due(env: &TestEnv, args: &str) -> Vec<(String, String, i64)> {
    let mut full = words("visit due");
    full.extend(words(args));
    env.json(full)
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            (
                d["customer"].as_str().unwrap().to_string(),
                d["due"].as_str().unwrap().to_string(),
                d["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn entry(customer: &str, due: &str, days: i64) -> (String, String, i64) {
    (customer.to_string(), due.to_string(), days)
}

/// The exact list and order: most overdue first, a tie (KH-A1 and KH-B2, both due 11-19)
/// broken by id, and a customer due today included.
#[test]
fn due_lists_exactly_who_is_due_most_overdue_first() {
    let env = department();
    let expected = vec![
        entry("KH-C2", "2026-10-30", 30),
        entry("KH-B1", "2026-10-31", 29),
        entry("KH-A1", "2026-11-19", 10),
        entry("KH-B2", "2026-11-19", 10),
        entry("KH-C1", "2026-11-29", 0),
    ];
    assert_eq!(due(&env, "--as-of 2026-11-29"), expected);
    assert_eq!(due(&env, ""), expected, "--as-of defaults to today (CS_NOW)");
}

/// `--within` looks ahead, `--prospects` adds prospects, and the filters narrow the list.
#[test]
fn due_within_prospects_and_filters() {
    let env = department();
    // Due by 12-13: adds KH-A2 (12-10) but not KH-A3 (12-15).
    let within = due(&env, "--as-of 2026-11-29 --within 14");
    assert_eq!(within.len(), 6);
    assert_eq!(within[5], entry("KH-A2", "2026-12-10", -11));
    assert_eq!(due(&env, "--as-of 2026-11-29 --within 16").len(), 7);
    let prospects = due(&env, "--as-of 2026-11-29 --prospects");
    assert_eq!(prospects[0], entry("KH-P1", "2026-09-30", 60));
    assert_eq!(prospects.len(), 6);
    let ids = |args: &str| due(&env, args).into_iter().map(|d| d.0).collect::<Vec<_>>();
    assert_eq!(ids("--owner wang"), ["KH-C2", "KH-A1", "KH-B2"]);
    assert_eq!(ids("--owner 李娜"), ["KH-B1", "KH-C1"]);
    assert_eq!(ids("--class B"), ["KH-B1", "KH-B2"]);
    assert_eq!(ids("--class c类"), ["KH-C2", "KH-C1"]);
    assert_eq!(ids("--center hz"), ["KH-B1", "KH-A1"]);
}

/// As of an earlier day, the visits logged after it do not count.
#[test]
fn due_as_of_a_past_day_ignores_later_visits() {
    let env = department();
    // On 10-10 KH-A1's latest visit was 09-01, with next 12-31: not due. KH-B1 was due
    // 10-31, KH-C2 10-30: not yet. KH-C1 (next 11-29) not yet; KH-B2 11-19 not yet.
    // KH-A2 had no visit yet: created 05-01 + 30 = 05-31, overdue by 132 days.
    assert_eq!(due(&env, "--as-of 2026-10-10"), vec![entry("KH-A2", "2026-05-31", 132)]);
}

/// The table shows the last visit, its channel and the days overdue.
#[test]
fn due_table() {
    let env = department();
    let table = env.ok(words("visit due --as-of 2026-11-29 --within 14"));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 8, "{table}");
    assert!(
        lines[0].contains("last_channel") && lines[0].contains("days_overdue"),
        "{table}"
    );
    assert!(
        lines[2].contains("KH-C2") && lines[2].contains("庚烟酒") && lines[2].contains("sms"),
        "{table}"
    );
    assert!(
        lines[7].contains("KH-A2") && lines[7].contains("2026-12-10  -11"),
        "{table}"
    );
}

/// A bad filter is refused, naming the value.
#[test]
fn due_refuses_unknown_filters() {
    let env = department();
    for (args, needle) in [
        ("--owner nobody", "'nobody'"),
        ("--class Z", "'Z'"),
        ("--center sh", "'sh'"),
        ("--as-of someday", "'someday'"),
    ] {
        let err = env.fails(words(&format!("visit due {args}")));
        assert!(err.contains(needle), "{args}: {err}");
    }
}

/// `customer show` gives the same due date as `visit due`.
#[test]
fn customer_show_agrees_with_visit_due() {
    let env = department();
    for (id, due) in [
        ("KH-A1", "2026-11-19"),
        ("KH-A3", "2026-12-15"),
        ("KH-C1", "2026-11-29"),
    ] {
        let shown = env.json(["customer", "show", id]);
        assert_eq!(shown["visits"]["due"]["due"], due, "{id}");
    }
    assert_eq!(env.json(["customer", "show", "KH-L1"])["visits"]["due"], Value::Null);
}

/// Survey answers, with the figures worked out by hand.
///
/// In October and November: quality 5, 4, 3, 2 (mean 14 / 4 = 3.5); recommend 10, 9, 7, 3, 8:
/// promoters 10 and 9, passives 7 and 8, detractor 3, so NPS = (2 - 1) / 5 = 20 %, mean
/// 37 / 5 = 7.4; channel 电话 1, 微信 2, 上门 1; two text answers. A September visit (quality 1)
/// counts only without --from: quality mean 15 / 5 = 3.
#[test]
fn survey_results_by_hand() {
    let env = department();
    let survey = "-c phone -p survey --survey 2026Q4";
    visit(
        &env,
        "KH-A1",
        "2026-10-05",
        &format!("{survey} --answer quality=5 --answer recommend=10 --answer channel=微信"),
    );
    env.ok_at(
        "2026-10-06T18:00:00+08:00",
        [
            "visit",
            "add",
            "KH-A2",
            "--date",
            "2026-10-06",
            "-c",
            "phone",
            "-p",
            "survey",
            "--survey",
            "2026Q4",
            "--answer",
            "quality=4",
            "--answer",
            "recommend=9",
            "--answer",
            "channel=电话",
            "--answer",
            "needs=希望增加小瓶装",
        ],
    );
    visit(
        &env,
        "KH-B1",
        "2026-10-07",
        &format!("{survey} --answer quality=3 --answer recommend=7 --answer channel=微信"),
    );
    env.ok_at(
        "2026-11-08T18:00:00+08:00",
        [
            "visit",
            "add",
            "KH-B2",
            "--date",
            "2026-11-08",
            "-c",
            "phone",
            "-p",
            "survey",
            "--survey",
            "2026Q4",
            "--answer",
            "quality=2",
            "--answer",
            "recommend=3",
            "--answer",
            "channel=上门",
            "--answer",
            "needs=物流再快一点",
        ],
    );
    visit(&env, "KH-C1", "2026-11-09", &format!("{survey} --answer recommend=8"));
    visit(&env, "KH-C2", "2026-09-15", &format!("{survey} --answer quality=1"));

    let results = env.json(words("visit survey 2026Q4 --from 2026-10-01 --to 2026-11-30"));
    assert_eq!(results["visits"], 5);
    let q = &results["questions"];
    assert_eq!(
        (q[0]["key"].as_str(), q[0]["answers"].as_u64(), q[0]["mean"].as_f64()),
        (Some("quality"), Some(4), Some(3.5))
    );
    assert_eq!(q[1]["answers"], 5);
    assert_eq!(q[1]["nps"].as_f64(), Some(20.0));
    assert_eq!(q[1]["mean"].as_f64(), Some(7.4));
    assert_eq!(
        (
            q[1]["promoters"].as_u64(),
            q[1]["passives"].as_u64(),
            q[1]["detractors"].as_u64()
        ),
        (Some(2), Some(2), Some(1))
    );
    let choices: Vec<(String, u64)> = q[2]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["choice"].as_str().unwrap().to_string(), c["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        choices,
        [
            ("电话".to_string(), 1),
            ("微信".to_string(), 2),
            ("上门".to_string(), 1)
        ]
    );
    let texts: Vec<(&str, &str)> = q[3]["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["customer_name"].as_str().unwrap(), t["answer"].as_str().unwrap()))
        .collect();
    assert_eq!(
        texts,
        [("戊超市", "物流再快一点"), ("乙会所", "希望增加小瓶装")],
        "newest first"
    );

    let all = env.json(words("visit survey 2026Q4"));
    assert_eq!(
        (all["visits"].as_u64(), all["questions"][0]["mean"].as_f64()),
        (Some(6), Some(3.0))
    );

    let table = env.ok(words("visit survey 2026Q4 --from 2026-10-01"));
    assert!(table.contains("4 answers, mean 3.50"), "{table}");
    assert!(
        table.contains("NPS 20.0 (promoters 2, passives 2, detractors 1), mean 7.40"),
        "{table}"
    );
    let csv = env.ok(words("visit survey 2026Q4 --from 2026-10-01 --format csv"));
    assert!(csv.contains("recommend,nps,nps,5,20.0,,"), "{csv}");
    assert!(csv.contains("needs,text,text,,物流再快一点,KH-B2,2026-11-08"), "{csv}");

    let err = env.fails(words("visit survey 2025Q1"));
    assert!(err.contains("'2025Q1'") && err.contains("2026Q4"), "{err}");
}
