//! `cs report visits` and `cs report complaints`: every figure of a small data set worked out by
//! hand, the `--owner` filter, and snapshots of both reports on the sample data.

use serde_json::{Value, json};

use crate::support::{TestEnv, sample};

/// Three customers, four visits and five complaints, all at the tests' clock
/// (2026-11-29 09:30); no business hours, so the SLA clock runs around the clock with the
/// default targets (critical 2 h / 24 h, high 8 h / 72 h, medium 24 h / 120 h, low 48 h / 240 h).
fn department() -> (TestEnv, [String; 3], [String; 5]) {
    let env = TestEnv::with_team();
    let x = env.add_customer("杭州西湖国宾馆", &["--class", "A", "--owner", "wang"]);
    let y = env.add_customer("南京金陵饭店", &["--class", "B", "--owner", "li"]);
    let z = env.add_customer("苏州园林酒家", &["--class", "C", "--owner", "wang"]);
    for (customer, args) in [
        (&x, "-c phone -p routine --date 2026-10-05 --score 5 --nps 10"),
        (&x, "-c onsite -p satisfaction --date 2026-11-10 --score 3 --nps 6"),
        (&y, "-c sms -p satisfaction --date 2026-11-20 --score 4 --nps 8"),
        (&y, "-c phone -p routine --date 2026-07-15 --score 2"),
    ] {
        env.add_visit(customer, &args.split(' ').collect::<Vec<_>>());
    }
    let add = |customer: &str, category: &str, severity: &str, received: &str| {
        let out = env.ok([
            "complaint",
            "add",
            customer,
            "--category",
            category,
            "--severity",
            severity,
            "-m",
            "测试",
            "--received",
            received,
        ]);
        out.trim().to_string()
    };
    let c1 = add(&x, "quality", "critical", "2026-11-02 10:00");
    env.ok(["complaint", "ack", &c1, "--at", "2026-11-02 11:00"]);
    env.ok([
        "complaint",
        "resolve",
        &c1,
        "--resolution",
        "换货",
        "--at",
        "2026-11-03 08:00",
    ]);
    env.ok(["complaint", "close", &c1, "--score", "4"]);
    let c2 = add(&x, "delivery", "high", "2026-11-10 09:00");
    env.ok(["complaint", "ack", &c2, "--at", "2026-11-10 19:00"]);
    env.ok([
        "complaint",
        "resolve",
        &c2,
        "--resolution",
        "补发",
        "--at",
        "2026-11-12 09:00",
    ]);
    env.ok(["complaint", "reopen", &c2, "--reason", "又少一箱"]);
    let c3 = add(&y, "quality", "medium", "2026-11-25 09:00");
    env.ok(["complaint", "escalate", &c3, "--reason", "客户要求"]);
    let c4 = add(&y, "quality", "low", "2026-11-26 09:00");
    env.ok(["complaint", "ack", &c4, "--at", "2026-11-26 12:00"]);
    env.ok([
        "complaint",
        "resolve",
        &c4,
        "--resolution",
        "退款",
        "--at",
        "2026-11-27 09:00",
    ]);
    env.ok(["complaint", "close", &c4, "--accepted", "no"]);
    env.ok(["complaint", "resolve", &c4, "--resolution", "全额退款"]);
    env.ok(["complaint", "close", &c4, "--score", "2"]);
    let c5 = add(&z, "service", "low", "2026-09-10 09:00");
    env.ok(["complaint", "ack", &c5, "--at", "2026-09-10 10:00"]);
    env.ok([
        "complaint",
        "resolve",
        &c5,
        "--resolution",
        "道歉",
        "--at",
        "2026-09-11 09:00",
    ]);
    (env, [x, y, z], [c1, c2, c3, c4, c5])
}

/// The figures of a report as JSON: (`figures`, `previous`, the whole document).
fn report(env: &TestEnv, args: &[&str]) -> (Value, Value, Value) {
    let mut full = vec!["report"];
    full.extend_from_slice(args);
    let document = env.json(full);
    (
        document["figures"].clone(),
        document["previous_figures"].clone(),
        document,
    )
}

/// Whether a JSON number is `expected` to the six decimals the JSON keeps.
fn close(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-6)
}

#[test]
fn the_visits_report_counts_every_figure_as_worked_out_by_hand() {
    let (env, _, _) = department();
    let (now, before, document) = report(&env, &["visits", "--quarter", "2026Q4"]);
    // Q4 (to the as-of day, 2026-11-29): X 10-05 and 11-10, Y 11-20; Y 07-15 is in Q3.
    assert_eq!(now["visits.visits"], 3);
    assert_eq!(before["visits.visits"], 1);
    assert_eq!(now["visits.customers_visited"], 2);
    // Coverage: X (A) and Y (B) visited in the quarter, Z (C) not: 2 of 3. In Q3 none of the
    // three existed yet (created on 2026-11-29): nothing to count, "–".
    assert!(close(&now["visits.coverage"], 2.0 / 3.0), "{now}");
    assert_eq!(before["visits.coverage"], Value::Null);
    // Scores 5, 3, 4: two of three are 4 or 5; mean 4.0. Q3: one score of 2.
    assert!(close(&now["visits.csat"], 2.0 / 3.0));
    assert!(close(&now["visits.mean_score"], 4.0));
    assert_eq!(now["visits.scores"], 3);
    assert!(close(&before["visits.csat"], 0.0));
    assert!(close(&before["visits.mean_score"], 2.0));
    // Recommendations 10, 6, 8: one promoter, one detractor of three: 33.3 − 33.3 = 0.
    assert_eq!(now["visits.nps"], 0);
    assert_eq!(now["visits.nps_answers"], 3);
    assert_eq!(before["visits.nps"], Value::Null);
    let table = &document["tables"]["visits_coverage"];
    assert_eq!(table.as_array().map(Vec::len), Some(3), "{table}");
    assert_eq!(
        document["distributions"]["visits_by_staff"],
        json!({"wang": 2, "li": 1})
    );
    assert_eq!(document["trends"]["visits_per_month"]["visits"], json!([1, 2, 0]));
}

#[test]
fn the_complaints_report_counts_every_figure_as_worked_out_by_hand() {
    let (env, _, _) = department();
    let (now, before, document) = report(&env, &["complaints", "--quarter", "2026Q4"]);
    // C1–C4 received in Q4, C5 in Q3.
    assert_eq!(now["complaints.received"], 4);
    assert_eq!(before["complaints.received"], 1);
    // Resolved: C1, C2, C4 (twice, counted once); closed: C1, C4. Q3: C5 resolved.
    assert_eq!(now["complaints.resolved"], 3);
    assert_eq!(now["complaints.closed"], 2);
    assert_eq!(before["complaints.resolved"], 1);
    assert_eq!(before["complaints.closed"], 0);
    // Open at the end: C2 (reopened), C3 (escalated, never answered). At Q3's end C5 was resolved.
    assert_eq!(now["complaints.open"], 2);
    assert_eq!(before["complaints.open"], 0);
    // First responses: C1 1 h, C2 10 h, C4 3 h: mean 14/3, median 3. Q3: C5 1 h.
    assert!(close(&now["complaints.response_mean"], 14.0 / 3.0), "{now}");
    assert!(close(&now["complaints.response_median"], 3.0));
    assert!(close(&before["complaints.response_mean"], 1.0));
    // Resolutions: C1 22 h, C2 48 h, C4 to its last resolution (11-29 09:30) 72.5 h:
    // mean 142.5/3 = 47.5, median 48. Q3: C5 24 h.
    assert!(close(&now["complaints.resolution_mean"], 47.5));
    assert!(close(&now["complaints.resolution_median"], 48.0));
    assert!(close(&before["complaints.resolution_median"], 24.0));
    // Response targets due in Q4: C1 (met), C2 (due 17:00, answered 19:00), C3 (due 11-26, never
    // answered), C4 (met): 2 of 4. Resolution targets due by the end: C1 (met) and C2 (due 11-13,
    // reopened so no longer resolved): 1 of 2; C3 and C4 fall due in December. Q3: C5 met both.
    assert!(close(&now["complaints.response_compliance"], 0.5));
    assert!(close(&now["complaints.resolution_compliance"], 0.5));
    assert!(close(&before["complaints.response_compliance"], 1.0));
    assert!(close(&before["complaints.resolution_compliance"], 1.0));
    // C3 escalated once, to level 1.
    assert_eq!(now["complaints.escalations"], 1);
    assert_eq!(
        document["distributions"]["complaints_escalations_by_level"],
        json!({"1": 1})
    );
    // Of C1, C2, C4 resolved, C2 was reopened: 1 of 3. Q3: C5 not reopened.
    assert!(close(&now["complaints.reopen_rate"], 1.0 / 3.0));
    assert!(close(&before["complaints.reopen_rate"], 0.0));
    // Closed: C1 (accepted, score 4) and C4 (rejected once): 1 of 2, their score 4.0.
    assert!(close(&now["complaints.accepted_rate"], 0.5));
    assert!(close(&now["complaints.accepted_score"], 4.0));
    assert_eq!(before["complaints.accepted_rate"], Value::Null);
    // X (C1, C2) and Y (C3, C4) complained twice each.
    assert_eq!(now["complaints.repeat_customers"], 2);
    let severities = &document["tables"]["complaints_by_severity"];
    assert_eq!(severities.as_array().map(Vec::len), Some(4), "{severities}");
}

#[test]
fn the_owner_filter_keeps_the_owners_customers_only() {
    let (env, _, _) = department();
    let (visits, _, _) = report(&env, &["visits", "--quarter", "2026Q4", "--owner", "wang"]);
    // wang has X (two visits in Q4) and Z (none): coverage 1 of 2.
    assert_eq!(visits["visits.visits"], 2);
    assert!(close(&visits["visits.coverage"], 0.5));
    let (complaints, _, _) = report(&env, &["complaints", "--quarter", "2026Q4", "--owner", "wang"]);
    assert_eq!(complaints["complaints.received"], 2);
}

#[test]
fn the_reports_on_the_sample_data() {
    let env = sample();
    let args = |name: &'static str, lang: &'static str, format: &'static str| {
        [
            "report",
            name,
            "--quarter",
            "2026Q4",
            "--as-of",
            "2026-11-28",
            "--lang",
            lang,
            "--format",
            format,
        ]
    };
    insta::assert_snapshot!("visits_md", env.ok(args("visits", "en", "md")));
    insta::assert_snapshot!("visits_zh", env.ok(args("visits", "zh", "table")));
    insta::assert_snapshot!("complaints_md", env.ok(args("complaints", "en", "md")));
    insta::assert_snapshot!("complaints_zh", env.ok(args("complaints", "zh", "table")));
}
