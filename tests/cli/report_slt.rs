//! `cs report shipments`, `labels` and `staff`, and `cs today`: every figure on a small data
//! set worked out by hand, the filters and `--as-of`, and snapshots on the sample data.

use serde_json::{Value, json};

use crate::support::{TestEnv, sample, success};

const VENDORS: &str = r#"
[[vendor]]
id = "jinhua"
name = "金华烫金厂"
kind = "hot_stamping"

[[vendor]]
id = "kuaiyin"
name = "杭州快印中心"
kind = "quick_print"
"#;

/// The department with two customers: 杭州西湖国宾馆 (A, wang, hz) and 南京金陵饭店 (B, li,
/// no center), and two label vendors.
fn department() -> TestEnv {
    let env = TestEnv::with_team();
    env.append("cs.toml", VENDORS);
    env.add_customer("杭州西湖国宾馆", &["--class", "A", "--owner", "wang", "--center", "hz"]);
    env.add_customer("南京金陵饭店", &["--class", "B", "--owner", "li"]);
    env
}

/// `cs ARGS` as `user` at the moment `at`; returns stdout.
fn as_user(env: &TestEnv, user: &str, at: &str, args: &[&str]) -> String {
    let mut cmd = env.cs(args);
    cmd.env("CS_USER", user).env("CS_NOW", at);
    success(&mut cmd)
}

/// Adds a shipment shipped and expected on the days given; returns its id.
fn ship(env: &TestEnv, customer: &str, carrier: &str, shipped: &str, eta: &str) -> String {
    let out = env.ok([
        "shipment",
        "add",
        customer,
        "--carrier",
        carrier,
        "--shipped",
        shipped,
        "--eta",
        eta,
    ]);
    out.trim_end().to_string()
}

fn track(env: &TestEnv, id: &str, status: &str, at: &str) {
    env.ok(["shipment", "track", id, "--status", status, "--at", at]);
}

/// The report as JSON for November 2026 (compared with October), as of 2026-11-28.
fn november(env: &TestEnv, name: &str, more: &[&str]) -> Value {
    let mut args = vec!["report", name, "--month", "2026-11", "--as-of", "2026-11-28"];
    args.extend_from_slice(more);
    env.json(args)
}

/// Seven shipments:
///
/// | id | customer | carrier | shipped | eta | what happened |
/// |---|---|---|---|---|---|
/// | s1 | 西湖 (hz) | 顺丰 | 11-02 | 11-04 | delivered 11-04: on time, 2 days |
/// | s2 | 西湖 (hz) | 中通 | 11-10 | 11-12 | delivered 11-14: 2 days late, 4 days |
/// | s3 | 金陵 | 顺丰 | 11-20 | 11-22 | in transit 11-21, nothing since: late 6, stale |
/// | s4 | 金陵 | 顺丰 | 11-25 | 11-30 | lost 11-26 |
/// | s5 | 西湖 (hz) | 顺丰 | 10-28 | 10-30 | delivered 11-01: late, 4 days |
/// | s6 | 金陵 | 中通 | 11-27 | 11-29 | in transit 11-27: neither late nor stale |
/// | s7 | 西湖 (hz) | 中通 | 10-05 | 10-07 | delivered 10-07: on time, 2 days |
fn shipments(env: &TestEnv) -> Vec<String> {
    let s1 = ship(env, "杭州西湖国宾馆", "顺丰", "2026-11-02", "2026-11-04");
    track(env, &s1, "delivered", "2026-11-04 10:00");
    let s2 = ship(env, "杭州西湖国宾馆", "中通", "2026-11-10", "2026-11-12");
    track(env, &s2, "delivered", "2026-11-14 15:00");
    let s3 = ship(env, "南京金陵饭店", "顺丰", "2026-11-20", "2026-11-22");
    track(env, &s3, "in_transit", "2026-11-21 09:00");
    let s4 = ship(env, "南京金陵饭店", "顺丰", "2026-11-25", "2026-11-30");
    track(env, &s4, "lost", "2026-11-26 12:00");
    let s5 = ship(env, "杭州西湖国宾馆", "顺丰", "2026-10-28", "2026-10-30");
    track(env, &s5, "delivered", "2026-11-01 11:00");
    let s6 = ship(env, "南京金陵饭店", "中通", "2026-11-27", "2026-11-29");
    track(env, &s6, "in_transit", "2026-11-27 20:00");
    let s7 = ship(env, "杭州西湖国宾馆", "中通", "2026-10-05", "2026-10-07");
    track(env, &s7, "delivered", "2026-10-07 16:00");
    vec![s1, s2, s3, s4, s5, s6, s7]
}

#[test]
fn shipments_report_figures_worked_out_by_hand() {
    let env = department();
    let ids = shipments(&env);
    let report = november(&env, "shipments", &[]);
    let figures = &report["figures"];
    let previous = &report["previous_figures"];
    // Shipped in November: s1, s2, s3, s4, s6. Delivered by 11-28: s1, s2. Lost: s4. In
    // transit: the other two. Late: s2 (delivered after its eta) and s3 (past it).
    // October: s5 and s7, both delivered (s5 on 11-01, still by the day asked about), s5 late.
    for (key, now, before) in [
        ("shipped", 5, 2),
        ("delivered", 2, 2),
        ("in_transit", 2, 0),
        ("late", 2, 1),
        ("lost", 1, 0),
        ("returned", 0, 0),
    ] {
        assert_eq!(figures[format!("shipments.{key}")], json!(now), "{key}");
        assert_eq!(previous[format!("shipments.{key}")], json!(before), "{key} before");
    }
    // Delivered in November: s1 on time, s2 and s5 late: 1 of 3; transit 2, 4 and 4 days.
    // Delivered in October: s7 alone, on time, in 2 days.
    assert_eq!(figures["shipments.on_time"], json!(0.333333));
    assert_eq!(previous["shipments.on_time"], json!(1.0));
    assert_eq!(figures["shipments.transit_days"], json!(3.333333));
    assert_eq!(previous["shipments.transit_days"], json!(2.0));

    // By carrier: 顺丰 delivered s1 (on time) and s5 (late); 中通 s2 (late). All three went to
    // the customer of the hz center.
    let rows = |table: &str| report["tables"][table].clone();
    assert_eq!(
        rows("on_time_by_carrier"),
        json!([
            {"carrier": "中通", "delivered": 1, "delivered_on_time": 0, "on_time_rate": 0.0},
            {"carrier": "顺丰", "delivered": 2, "delivered_on_time": 1, "on_time_rate": 0.5},
        ])
    );
    assert_eq!(
        rows("on_time_by_center"),
        json!([{"shipment_center": "杭州分销中心", "delivered": 3, "delivered_on_time": 1, "on_time_rate": 0.333333}])
    );
    // On 11-28 only s3 is late and not delivered, and stale (no event since 11-21); s6's
    // event is a day old, s4 is lost, s2 was delivered.
    let list = rows("late_or_stale");
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["shipment"], json!(ids[2]));
    assert_eq!(list[0]["days_late"], json!(6));
    assert_eq!(list[0]["last_event"], json!("2026-11-21"));
}

#[test]
fn shipments_report_honours_the_owner_and_the_day_asked_about() {
    let env = department();
    shipments(&env);
    // wang's customer only: s1 and s2 shipped in November, both delivered, s2 late; nothing
    // late or stale now.
    let report = november(&env, "shipments", &["--owner", "wang"]);
    assert_eq!(report["figures"]["shipments.shipped"], json!(2));
    assert_eq!(report["figures"]["shipments.delivered"], json!(2));
    assert_eq!(report["figures"]["shipments.late"], json!(1));
    assert_eq!(report["figures"]["shipments.lost"], json!(0));
    assert_eq!(report["tables"]["late_or_stale"], json!([]));
    // As of 11-12, s2 is not yet delivered and not yet late (due that day); s3, s4 and s6
    // were not yet shipped; only s1 is delivered.
    let early = env.json(["report", "shipments", "--month", "2026-11", "--as-of", "2026-11-12"]);
    assert_eq!(early["figures"]["shipments.shipped"], json!(2));
    assert_eq!(early["figures"]["shipments.delivered"], json!(1));
    assert_eq!(early["figures"]["shipments.in_transit"], json!(1));
    assert_eq!(early["figures"]["shipments.late"], json!(0));
    // Nothing shipped: dashes, never NaN.
    let empty = department();
    let none = november(&empty, "shipments", &[]);
    assert_eq!(none["figures"]["shipments.on_time"], Value::Null);
    assert_eq!(none["figures"]["shipments.transit_days"], Value::Null);
    let text = empty.ok(["report", "shipments", "--month", "2026-11"]);
    assert!(text.contains('–') && !text.contains("NaN"), "{text}");
}

/// A scratch design file, as an argument.
fn design_file(env: &TestEnv) -> String {
    let path = env.root().join("tmp/front.svg");
    std::fs::write(&path, "<svg/>\n").unwrap();
    path.to_string_lossy().into_owned()
}

/// Adds a label job for 西湖 by wang at `at`, due on `due` if given; returns its id.
fn label_job(env: &TestEnv, at: &str, due: Option<&str>) -> String {
    let mut args = vec!["label", "add", "杭州西湖国宾馆", "--order", "SO-1", "--spec", "烫金"];
    if let Some(due) = due {
        args.extend(["--due", due]);
    }
    as_user(env, "wang", at, &args).trim_end().to_string()
}

/// Five jobs of 西湖, by wang, approved or rejected by zheng:
///
/// | job | added | due | what happened |
/// |---|---|---|---|
/// | j1 | 11-02 10:00 | 11-20 | to jinhua and kuaiyin 11-05, both back, done 11-12 10:00: 10 days |
/// | j2 | 10-20 10:00 | 11-10 | to jinhua 10-24, back 11-01, done 11-02 22:00: 13.5 days |
/// | j3 | 11-15 | 11-25 | designed, rejected 11-17: requested, 3 days overdue on 11-28 |
/// | j4 | 11-20 | – | designed 11-21: waiting for approval |
/// | j5 | 10-05 | 12-31 | requested |
fn label_jobs(env: &TestEnv) -> Vec<String> {
    let file = design_file(env);
    let step = |user: &str, at: &str, args: &[&str]| as_user(env, user, at, args);
    let j1 = label_job(env, "2026-11-02T10:00:00+08:00", Some("2026-11-20"));
    step(
        "wang",
        "2026-11-03T10:00:00+08:00",
        &["label", "design", &j1, "--file", &file],
    );
    step("zheng", "2026-11-04T10:00:00+08:00", &["label", "approve", &j1]);
    step(
        "wang",
        "2026-11-05T10:00:00+08:00",
        &["label", "send", &j1, "--vendor", "jinhua"],
    );
    step(
        "wang",
        "2026-11-05T11:00:00+08:00",
        &["label", "send", &j1, "--vendor", "kuaiyin"],
    );
    step(
        "wang",
        "2026-11-08T10:00:00+08:00",
        &["label", "receive", &j1, "--vendor", "jinhua"],
    );
    step(
        "wang",
        "2026-11-09T10:00:00+08:00",
        &["label", "receive", &j1, "--vendor", "kuaiyin"],
    );
    step("wang", "2026-11-12T10:00:00+08:00", &["label", "done", &j1]);
    let j2 = label_job(env, "2026-10-20T10:00:00+08:00", Some("2026-11-10"));
    step(
        "wang",
        "2026-10-22T10:00:00+08:00",
        &["label", "design", &j2, "--file", &file],
    );
    step("zheng", "2026-10-23T10:00:00+08:00", &["label", "approve", &j2]);
    step(
        "wang",
        "2026-10-24T10:00:00+08:00",
        &["label", "send", &j2, "--vendor", "jinhua"],
    );
    step(
        "wang",
        "2026-11-01T10:00:00+08:00",
        &["label", "receive", &j2, "--vendor", "jinhua"],
    );
    step("wang", "2026-11-02T22:00:00+08:00", &["label", "done", &j2]);
    let j3 = label_job(env, "2026-11-15T10:00:00+08:00", Some("2026-11-25"));
    step(
        "wang",
        "2026-11-16T10:00:00+08:00",
        &["label", "design", &j3, "--file", &file],
    );
    step(
        "zheng",
        "2026-11-17T10:00:00+08:00",
        &["label", "reject", &j3, "--reason", "字太小"],
    );
    let j4 = label_job(env, "2026-11-20T10:00:00+08:00", None);
    step(
        "wang",
        "2026-11-21T10:00:00+08:00",
        &["label", "design", &j4, "--file", &file],
    );
    let j5 = label_job(env, "2026-10-05T10:00:00+08:00", Some("2026-12-31"));
    vec![j1, j2, j3, j4, j5]
}

#[test]
fn labels_report_figures_worked_out_by_hand() {
    let env = department();
    let ids = label_jobs(&env);
    let report = november(&env, "labels", &[]);
    let (figures, previous) = (&report["figures"], &report["previous_figures"]);
    // Added in November: j1, j3, j4; in October: j2, j5. Done in November: j1 (10 days) and
    // j2 (13.5 days), mean 11.75; none in October.
    assert_eq!(figures["labels.jobs"], json!(5));
    assert_eq!(figures["labels.requested"], json!(3));
    assert_eq!(previous["labels.requested"], json!(2));
    assert_eq!(figures["labels.done"], json!(2));
    assert_eq!(previous["labels.done"], json!(0));
    assert_eq!(figures["labels.days_to_done"], json!(11.75));
    assert_eq!(previous["labels.days_to_done"], Value::Null);
    assert_eq!(figures["labels.overdue"], json!(1));
    assert_eq!(
        report["distributions"]["labels_by_status"],
        json!({"requested": 2, "designed": 1, "approved": 0, "in_production": 0, "done": 2})
    );
    // In November jinhua got j1 and sent back j1 and j2; kuaiyin got and sent back j1.
    assert_eq!(
        report["tables"]["by_vendor"],
        json!([
            {"vendor": "金华烫金厂", "sent": 1, "received": 2},
            {"vendor": "杭州快印中心", "sent": 1, "received": 1},
        ])
    );
    let overdue = &report["tables"]["overdue_labels"];
    assert_eq!(overdue.as_array().map(Vec::len), Some(1), "{overdue}");
    assert_eq!(overdue[0]["label_job"], json!(ids[2]));
    assert_eq!(overdue[0]["days_late"], json!(3));
    // As of 11-10 only j1 was requested in November, and only j2 done.
    let early = env.json(["report", "labels", "--month", "2026-11", "--as-of", "2026-11-10"]);
    assert_eq!(early["figures"]["labels.requested"], json!(1));
    assert_eq!(early["figures"]["labels.done"], json!(1));
    assert_eq!(early["figures"]["labels.days_to_done"], json!(13.5));
    // li's customers have no jobs.
    let li = november(&env, "labels", &["--owner", "li"]);
    assert_eq!(li["figures"]["labels.jobs"], json!(0));
    assert_eq!(li["figures"]["labels.days_to_done"], Value::Null);
}

/// `cs ARGS` in Chinese.
fn zh(env: &TestEnv, args: &[&str]) -> String {
    let mut cmd = env.cs(args);
    cmd.env("CS_LANG", "zh");
    success(&mut cmd)
}

#[test]
fn the_reports_on_the_sample_data() {
    let env = sample();
    for name in ["shipments", "labels", "staff"] {
        let args = ["report", name, "--quarter", "2026Q4", "--as-of", "2026-11-28"];
        let mut md = args.to_vec();
        md.extend(["--format", "md"]);
        insta::assert_snapshot!(format!("{name}_md"), env.ok(md));
        insta::assert_snapshot!(format!("{name}_zh"), zh(&env, &args));
    }
}

/// Two visits by wang in November (scores 5 and 3), one by li in October; three complaints:
///
/// | complaint | customer (handler) | severity: targets | received | acknowledged | resolved |
/// |---|---|---|---|---|---|
/// | c1 | 西湖 (wang) | high: 8 h, 72 h | 11-10 10:00 | 11-10 11:00 | 11-11 10:00, in time |
/// | c2 | 西湖 (wang) | critical: 2 h, 24 h | 11-01 10:00 | 11-01 11:00 | 11-05 10:00, late |
/// | c3 | 金陵 (li) | medium: 24 h, 120 h | 11-20 10:00 | – | – |
fn visits_and_complaints(env: &TestEnv) -> Vec<String> {
    env.add_visit(
        "杭州西湖国宾馆",
        &[
            "-c",
            "phone",
            "-p",
            "routine",
            "--by",
            "wang",
            "--date",
            "2026-11-05",
            "--score",
            "5",
        ],
    );
    env.add_visit(
        "杭州西湖国宾馆",
        &[
            "-c",
            "phone",
            "-p",
            "routine",
            "--by",
            "wang",
            "--date",
            "2026-11-20",
            "--score",
            "3",
        ],
    );
    env.add_visit(
        "南京金陵饭店",
        &["-c", "sms", "-p", "routine", "--by", "li", "--date", "2026-10-10"],
    );
    let complaint = |customer: &str, severity: &str, received: &str| {
        env.ok([
            "complaint",
            "add",
            customer,
            "--category",
            "quality",
            "--severity",
            severity,
            "-m",
            "漏液",
            "--received",
            received,
        ])
        .trim_end()
        .to_string()
    };
    let c1 = complaint("杭州西湖国宾馆", "high", "2026-11-10 10:00");
    as_user(env, "wang", "2026-11-10T11:00:00+08:00", &["complaint", "ack", &c1]);
    as_user(
        env,
        "wang",
        "2026-11-11T10:00:00+08:00",
        &["complaint", "resolve", &c1, "--resolution", "换货"],
    );
    let c2 = complaint("杭州西湖国宾馆", "critical", "2026-11-01 10:00");
    as_user(env, "wang", "2026-11-01T11:00:00+08:00", &["complaint", "ack", &c2]);
    as_user(
        env,
        "wang",
        "2026-11-05T10:00:00+08:00",
        &["complaint", "resolve", &c2, "--resolution", "退款"],
    );
    let c3 = complaint("南京金陵饭店", "medium", "2026-11-20 10:00");
    vec![c1, c2, c3]
}

#[test]
fn staff_report_rows_worked_out_by_hand() {
    let env = department();
    shipments(&env);
    label_jobs(&env);
    visits_and_complaints(&env);
    let report = november(&env, "staff", &[]);
    let rows = report["tables"]["staff"].as_array().expect("the staff table").clone();
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["staff_member"] == name)
            .unwrap_or_else(|| panic!("{name} in {rows:?}"))
            .clone()
    };
    // 王芳 owns 西湖 (A, active) and visited it twice (5 and 3): coverage 1 of 1, CSAT 1 of 2,
    // mean 4. She handles c1 and c2, both received and resolved in November, c2 late: 1 of 2.
    // She designed j1, j3 and j4 in November (j2 in October). Of her customer's November
    // shipments s2 was late.
    let wang = row("王芳");
    for (key, value) in [
        ("customers_A", json!(1)),
        ("customers_B", json!(0)),
        ("visits_made", json!(2)),
        ("own_coverage", json!(1.0)),
        ("complaints_handled", json!(2)),
        ("resolved_complaints", json!(2)),
        ("resolved_in_sla", json!(0.5)),
        ("visit_csat", json!(0.5)),
        ("visit_score", json!(4.0)),
        ("labels_designed", json!(3)),
        ("labels_approved", json!(0)),
        ("shipments_late", json!(1)),
    ] {
        assert_eq!(wang[key], value, "王芳 {key}");
    }
    // 李娜 owns 金陵 (B), visited only in October: coverage 0 of 1; c3 received, not
    // resolved; s3 shipped in November and late.
    let li = row("李娜");
    for (key, value) in [
        ("customers_B", json!(1)),
        ("visits_made", json!(0)),
        ("own_coverage", json!(0.0)),
        ("complaints_handled", json!(1)),
        ("resolved_complaints", json!(0)),
        ("resolved_in_sla", Value::Null),
        ("visit_csat", Value::Null),
        ("visit_score", Value::Null),
        ("shipments_late", json!(1)),
    ] {
        assert_eq!(li[key], value, "李娜 {key}");
    }
    // 郑伟 approved j1 in November (j2 in October; the rejection of j3 is no approval) and
    // owns no customers: no coverage to speak of.
    let zheng = row("郑伟");
    assert_eq!(zheng["labels_approved"], json!(1));
    assert_eq!(zheng["own_coverage"], Value::Null);
    // As of 11-10: her visit of 11-05, c2 resolved (c1 not yet), j1 designed (j3 and j4 not
    // yet), and s2 not yet late (due 11-12).
    let early = env.json([
        "report",
        "staff",
        "--month",
        "2026-11",
        "--as-of",
        "2026-11-10",
        "--owner",
        "wang",
    ]);
    let early = &early["tables"]["staff"][0];
    assert_eq!(early["visits_made"], json!(1));
    assert_eq!(early["resolved_complaints"], json!(1));
    assert_eq!(early["resolved_in_sla"], json!(0.0));
    assert_eq!(early["labels_designed"], json!(1));
    assert_eq!(early["shipments_late"], json!(0));
    // --owner keeps the one row.
    let only = november(&env, "staff", &["--owner", "wang"]);
    assert_eq!(only["tables"]["staff"].as_array().map(Vec::len), Some(1));
}

#[test]
fn today_lists_what_waits_for_each_person() {
    let env = department();
    shipments(&env);
    let jobs = label_jobs(&env);
    let complaints = visits_and_complaints(&env);
    let ids = |value: &Value, table: &str, column: &str| -> Vec<String> {
        value["tables"][table]
            .as_array()
            .unwrap_or_else(|| panic!("{table} in {value}"))
            .iter()
            .map(|r| r[column].as_str().unwrap_or_default().to_string())
            .collect()
    };
    // wang designs, soonest due first: j3 (rejected back) and j5 (new); nothing of hers is late or stale.
    let wang = env.json(["today", "--by", "wang"]);
    assert_eq!(
        ids(&wang, "labels_waiting", "label_job"),
        [jobs[2].clone(), jobs[4].clone()]
    );
    assert_eq!(ids(&wang, "late_or_stale", "shipment"), Vec::<String>::new());
    assert_eq!(ids(&wang, "complaints", "complaint_id"), Vec::<String>::new());
    // zheng approves: j4. CS_USER names him when --by does not.
    let mut cmd = env.cs(["today", "--format", "json"]);
    cmd.env("CS_USER", "zheng");
    let zheng: Value = serde_json::from_str(&success(&mut cmd)).expect("JSON");
    assert_eq!(ids(&zheng, "labels_waiting", "label_job"), [jobs[3].clone()]);
    // li: c3 was not answered within its 24 hours; s3 of her customer is late and stale.
    let li = env.json(["today", "--by", "li"]);
    assert_eq!(ids(&li, "complaints", "complaint_id"), [complaints[2].clone()]);
    assert_eq!(ids(&li, "late_or_stale", "shipment").len(), 1);
    // Nobody named: refused, saying how to name someone.
    let err = env.usage(["today"]);
    assert!(err.contains("--by") && err.contains("CS_USER"), "{err}");
}

#[test]
fn today_on_the_sample_data() {
    let env = sample();
    insta::assert_snapshot!("today_wang", env.ok(["today", "--by", "wang"]));
    insta::assert_snapshot!("today_wang_zh", zh(&env, &["today", "--by", "wang"]));
}

/// Regression: a section of `cs today` with nothing in it printed its header and a rule over
/// no rows; it now says there is nothing, in either language.
#[test]
fn today_says_when_a_section_is_empty() {
    let env = TestEnv::with_team();
    let text = env.ok(["today", "--by", "wang"]);
    assert_eq!(text.lines().filter(|l| *l == " none").count(), 4, "{text}");
    assert!(!text.contains('─'), "no rule over no rows: {text}");
    let text = zh(&env, &["today", "--by", "wang"]);
    assert!(text.contains("今天应访或已逾期的客户\n 无\n"), "{text}");
    assert!(!text.contains('─'), "{text}");
}
