//! `cs complaint`: recording, every step and every refused step of the handling process, the
//! service-level clocks with and without business hours, and escalation of breaches.

use crate::support::TestEnv;

const BUSINESS_HOURS: &str = r#"
[business_hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "18:00"
holidays = ["2026-10-01", "2026-10-02"]
"#;

/// A department (see `TestEnv::with_team`) with one customer owned by wang.
fn department() -> TestEnv {
    let env = TestEnv::with_team();
    env.add_customer("杭州西湖国宾馆", &["--class", "A", "--owner", "wang"]);
    env
}

fn add(env: &TestEnv, args: &[&str]) -> String {
    let mut full = vec!["complaint", "add", "杭州西湖国宾馆"];
    full.extend_from_slice(args);
    let out = env.ok(full);
    let id = out.trim_end().to_string();
    assert!(
        id.starts_with("T-") && !id.contains('\n'),
        "add prints the id alone: {out:?}"
    );
    id
}

fn show(env: &TestEnv, id: &str) -> serde_json::Value {
    env.json(["complaint", "show", id])
}

#[test]
fn a_complaint_goes_through_the_whole_process() {
    let env = department();
    let id = add(
        &env,
        &[
            "--category",
            "质量",
            "--severity",
            "高",
            "-m",
            "三箱酒有漏液",
            "--received",
            "2026-11-28 10:00",
        ],
    );
    let shown = show(&env, &id);
    assert_eq!(shown["status"], "open");
    assert_eq!(shown["handler"], "wang", "the customer's owner handles it");
    assert_eq!(shown["category"], "quality");
    assert_eq!(shown["severity"], "high");
    for step in [
        vec!["complaint", "ack", &id, "--note", "已致电客户"],
        vec!["complaint", "wait", &id, "--reason", "等客户寄回样品"],
        vec!["complaint", "resume", &id],
        vec!["complaint", "note", &id, "样品已收到"],
        vec![
            "complaint",
            "resolve",
            &id,
            "--resolution",
            "换货三箱",
            "--root-cause",
            "运输破损",
        ],
        vec!["complaint", "close", &id, "--score", "4"],
    ] {
        env.ok(step);
    }
    let shown = show(&env, &id);
    assert_eq!(shown["status"], "closed");
    assert_eq!(shown["score"], 4);
    assert_eq!(shown["resolution"], "换货三箱");
    let actions: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["add", "ack", "wait", "resume", "note", "resolve", "close"]);
    let statuses: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["to_status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "open",
            "acknowledged",
            "waiting",
            "acknowledged",
            "acknowledged",
            "resolved",
            "closed"
        ]
    );
    // Reopened, then the customer rejects the next decision: it is handled again.
    env.ok(["complaint", "reopen", &id, "--reason", "客户又发现两箱"]);
    env.ok(["complaint", "resolve", &id, "--resolution", "再换两箱"]);
    env.ok(["complaint", "close", &id, "--accepted", "no"]);
    let shown = show(&env, &id);
    assert_eq!(shown["status"], "open");
    assert_eq!(shown["reopened"], 1);
}

#[test]
fn every_illegal_step_is_refused_and_nothing_is_written() {
    let env = department();
    let id = add(&env, &["--category", "service", "--severity", "low", "-m", "态度不好"]);
    let refused = |env: &TestEnv, args: &[&str], status: &str| {
        let files = env.files();
        let err = env.fails(args);
        assert!(err.contains(status), "{args:?} names the status {status}: {err}");
        assert!(env.files() == files, "{args:?} wrote nothing");
    };
    refused(&env, &["complaint", "resume", &id], "open");
    refused(&env, &["complaint", "close", &id], "open");
    refused(&env, &["complaint", "reopen", &id, "--reason", "x"], "open");
    env.ok(["complaint", "ack", &id]);
    refused(&env, &["complaint", "ack", &id], "acknowledged");
    env.ok(["complaint", "wait", &id, "--reason", "等回复"]);
    refused(&env, &["complaint", "resolve", &id, "--resolution", "x"], "waiting");
    refused(&env, &["complaint", "wait", &id, "--reason", "x"], "waiting");
    env.ok(["complaint", "resume", &id]);
    env.ok(["complaint", "resolve", &id, "--resolution", "道歉并培训"]);
    refused(&env, &["complaint", "resolve", &id, "--resolution", "x"], "resolved");
    refused(&env, &["complaint", "escalate", &id], "resolved");
    env.ok(["complaint", "close", &id]);
    refused(&env, &["complaint", "resolve", &id, "--resolution", "x"], "closed");
    refused(&env, &["complaint", "ack", &id], "closed");
    refused(&env, &["complaint", "close", &id], "closed");
}

#[test]
fn bad_input_is_refused_with_nothing_written() {
    let env = department();
    let files = env.files();
    for (args, said) in [
        (
            vec![
                "complaint",
                "add",
                "没有这个客户",
                "--category",
                "quality",
                "--severity",
                "high",
                "-m",
                "x",
            ],
            "没有这个客户",
        ),
        (
            vec![
                "complaint",
                "add",
                "杭州西湖国宾馆",
                "--category",
                "口味",
                "--severity",
                "high",
                "-m",
                "x",
            ],
            "口味",
        ),
        (
            vec![
                "complaint",
                "add",
                "杭州西湖国宾馆",
                "--category",
                "quality",
                "--severity",
                "high",
                "-m",
                "x",
                "--handler",
                "nobody",
            ],
            "nobody",
        ),
        (
            vec![
                "complaint",
                "add",
                "杭州西湖国宾馆",
                "--category",
                "quality",
                "--severity",
                "high",
                "-m",
                "x",
                "--received",
                "2026-13-40",
            ],
            "2026-13-40",
        ),
        (
            vec![
                "complaint",
                "add",
                "杭州西湖国宾馆",
                "--category",
                "quality",
                "--severity",
                "high",
                "-m",
                "x",
                "--received",
                "+2d",
            ],
            "future",
        ),
    ] {
        let err = env.fails(&args);
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(env.files() == files, "{args:?} wrote nothing");
    }
    for (flag, value, expected) in [
        ("--severity", "urgent", "critical, high, medium, low"),
        ("--channel", "fax", "wechat"),
    ] {
        let mut args = vec!["complaint", "add", "杭州西湖国宾馆", "--category", "quality", "-m", "x"];
        if flag == "--channel" {
            args.extend(["--severity", "high"]);
        }
        args.extend([flag, value]);
        let err = env.fails(&args);
        assert!(err.contains(expected), "{err}");
        assert!(env.files() == files, "{args:?} wrote nothing");
    }
    let id = add(
        &env,
        &[
            "--category",
            "quality",
            "--severity",
            "high",
            "-m",
            "x",
            "--received",
            "2026-11-28 10:00",
        ],
    );
    let files = env.files();
    let err = env.fails([
        "complaint",
        "resolve",
        &id,
        "--resolution",
        "x",
        "--at",
        "2026-11-27 10:00",
    ]);
    assert!(err.contains("before"), "{err}");
    assert!(env.files() == files);
}

fn due(env: &TestEnv, received: &str, severity: &str) -> (String, String) {
    let id = add(
        env,
        &[
            "--category",
            "quality",
            "--severity",
            severity,
            "-m",
            "时限测试",
            "--received",
            received,
        ],
    );
    let shown = show(env, &id);
    (
        shown["sla"]["respond_due"].as_str().unwrap_or_default().to_string(),
        shown["sla"]["resolve_due"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn service_levels_around_the_clock() {
    let env = department();
    // critical: 2 h to respond, 24 h to resolve (the defaults).
    let (respond, resolve) = due(&env, "2026-11-27 17:00", "critical");
    assert_eq!(respond, "2026-11-27T19:00:00+08:00");
    assert_eq!(resolve, "2026-11-28T17:00:00+08:00");
}

#[test]
fn service_levels_in_business_hours_with_holidays() {
    let env = department();
    env.append("cs.toml", BUSINESS_HOURS);
    // Friday 17:00 + 2 business hours: Monday 10:00.
    let (respond, resolve) = due(&env, "2026-11-27 17:00", "critical");
    assert_eq!(respond, "2026-11-30T10:00:00+08:00");
    // + 24 business hours: 1 h on Friday, 9 on Monday, 9 on Tuesday, 5 on Wednesday.
    assert_eq!(resolve, "2026-12-02T14:00:00+08:00");
    // Wednesday 2026-09-30 17:00, with Thursday and Friday holidays: Monday 10:00.
    let (respond, _) = due(&env, "2026-09-30 17:00", "critical");
    assert_eq!(respond, "2026-10-05T10:00:00+08:00");
}

#[test]
fn waiting_on_the_customer_stops_the_clock() {
    let env = department();
    env.append("cs.toml", BUSINESS_HOURS);
    let id = add(
        &env,
        &[
            "--category",
            "quality",
            "--severity",
            "critical",
            "-m",
            "等待测试",
            "--received",
            "2026-11-23 09:00",
        ],
    );
    env.ok_at(
        "2026-11-23T09:30:00+08:00",
        ["complaint", "wait", &id, "--reason", "等客户提供批号"],
    );
    env.ok_at("2026-11-23T12:30:00+08:00", ["complaint", "resume", &id]);
    // 30 minutes before waiting, 3 hours stopped, then the remaining 90 minutes.
    let shown = show(&env, &id);
    assert_eq!(shown["sla"]["respond_due"], "2026-11-23T14:00:00+08:00");
}

#[test]
fn overdue_complaints_are_listed_with_how_late() {
    let env = department();
    let late = add(
        &env,
        &[
            "--category",
            "quality",
            "--severity",
            "critical",
            "-m",
            "超时",
            "--received",
            "2026-11-28 08:00",
        ],
    );
    let answered = add(
        &env,
        &[
            "--category",
            "quality",
            "--severity",
            "critical",
            "-m",
            "按时",
            "--received",
            "2026-11-28 08:00",
        ],
    );
    env.ok(["complaint", "ack", &answered, "--at", "2026-11-28 09:00"]);
    env.ok([
        "complaint",
        "resolve",
        &answered,
        "--at",
        "2026-11-28 12:00",
        "--resolution",
        "已处理",
    ]);
    let rows = env.json(["complaint", "list", "--overdue", "--as-of", "2026-11-28 12:00"]);
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [late.as_str()]);
    // Two hours late for the response at 12:00 (due 10:00).
    assert_eq!(rows[0]["sla"]["respond_late_minutes"], 120);
    let table = env.ok(["complaint", "list", "--overdue", "--as-of", "2026-11-28 12:00"]);
    assert!(table.contains("2h00m"), "{table}");
}

#[test]
fn breaches_are_escalated_once_each_and_a_second_run_does_nothing() {
    let env = department();
    let as_of = "2026-11-28 12:00";
    let breached = add(
        &env,
        &[
            "--category",
            "quality",
            "--severity",
            "critical",
            "-m",
            "超时一",
            "--received",
            "2026-11-28 08:00",
        ],
    );
    let also = add(
        &env,
        &[
            "--category",
            "delivery",
            "--severity",
            "high",
            "-m",
            "超时二",
            "--received",
            "2026-11-27 08:00",
        ],
    );
    let in_time = add(
        &env,
        &[
            "--category",
            "price",
            "--severity",
            "low",
            "-m",
            "未超时",
            "--received",
            "2026-11-28 08:00",
        ],
    );
    let files = env.files();
    let dry = env.ok(["complaint", "escalate", "--overdue", "--as-of", as_of, "--dry-run"]);
    assert!(
        dry.contains(&breached) && dry.contains(&also) && !dry.contains(&in_time),
        "{dry}"
    );
    assert!(env.files() == files, "--dry-run writes nothing");
    // A dry run once closed with "2 escalated", as if it had escalated them.
    let dry_note = crate::support::text(
        &env.cs(["complaint", "escalate", "--overdue", "--as-of", as_of, "--dry-run"])
            .assert()
            .code(0)
            .get_output()
            .stderr,
    );
    assert_eq!(dry_note, "2 would be escalated; nothing was written\n");
    let done = env.json(["complaint", "escalate", "--overdue", "--as-of", as_of]);
    let mut escalated: Vec<&str> = done
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["complaint"].as_str().unwrap())
        .collect();
    escalated.sort();
    let mut expected = vec![breached.as_str(), also.as_str()];
    expected.sort();
    assert_eq!(escalated, expected);
    for id in [&breached, &also] {
        let shown = show(&env, id);
        assert_eq!(shown["handler"], "zheng", "wang's superior");
        assert_eq!(shown["level"], 1);
        let last = shown["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["action"], "escalate");
        assert_eq!(last["text"], "SLA breach");
    }
    let files = env.files();
    let again = env.json(["complaint", "escalate", "--overdue", "--as-of", as_of]);
    assert_eq!(again.as_array().unwrap().len(), 0, "{again}");
    assert!(env.files() == files, "the second run changes nothing");
}

#[test]
fn escalation_goes_up_the_chain_and_stops_at_the_top() {
    let env = department();
    let id = add(&env, &["--category", "quality", "--severity", "high", "-m", "层层上报"]);
    for (handler, level) in [("zheng", 1), ("wu", 2), ("zhou", 3)] {
        env.ok(["complaint", "escalate", &id, "--reason", "客户要求"]);
        let shown = show(&env, &id);
        assert_eq!(
            (shown["handler"].as_str().unwrap(), shown["level"].as_u64().unwrap()),
            (handler, level)
        );
    }
    let files = env.files();
    let err = env.fails(["complaint", "escalate", &id]);
    assert!(err.contains("top of the escalation chain"), "{err}");
    assert!(env.files() == files);
    env.ok(["complaint", "escalate", &id, "--to", "wang", "--reason", "交回顾问跟进"]);
    assert_eq!(show(&env, &id)["handler"], "wang");
}

#[test]
fn check_reads_complaints_and_their_history() {
    let env = department();
    add(&env, &["--category", "quality", "--severity", "high", "-m", "检查"]);
    let out = env.ok(["check"]);
    assert!(out.contains("1 complaint"), "{out}");
}

#[test]
fn customer_show_lists_the_customers_complaints() {
    let env = department();
    let id = add(&env, &["--category", "quality", "--severity", "high", "-m", "瓶盖松动"]);
    let table = env.ok(["customer", "show", "杭州西湖国宾馆"]);
    assert!(table.contains(&id) && table.contains("瓶盖松动"), "{table}");
    let json = env.json(["customer", "show", "杭州西湖国宾馆"]);
    assert_eq!(json["complaints"][0]["id"], id.as_str());
}

#[test]
fn a_note_while_waiting_does_not_restart_the_clock_and_show_and_list_agree() {
    let env = department();
    env.append("cs.toml", BUSINESS_HOURS);
    let id = add(
        &env,
        &[
            "--category",
            "quality",
            "--severity",
            "critical",
            "-m",
            "等待中备注",
            "--received",
            "2026-11-23 09:00",
        ],
    );
    env.ok_at(
        "2026-11-23T09:30:00+08:00",
        ["complaint", "wait", &id, "--reason", "等客户提供批号"],
    );
    env.ok_at("2026-11-23T10:30:00+08:00", ["complaint", "note", &id, "客户说明天发"]);
    env.ok_at("2026-11-23T12:30:00+08:00", ["complaint", "resume", &id]);
    let shown = show(&env, &id);
    assert_eq!(
        shown["sla"]["respond_due"], "2026-11-23T14:00:00+08:00",
        "the note did not end the waiting"
    );
    let listed = env.json(["complaint", "list", "--as-of", "2026-11-23 13:00"]);
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        row["sla"]["respond_due"], shown["sla"]["respond_due"],
        "list agrees with show"
    );
}

#[test]
fn reopening_keeps_the_first_response_and_runs_the_resolution_clock_again() {
    let env = department();
    let id = add(
        &env,
        &[
            "--category",
            "quality",
            "--severity",
            "low",
            "-m",
            "重开",
            "--received",
            "2026-11-20 10:00",
        ],
    );
    env.ok(["complaint", "ack", &id, "--at", "2026-11-20 11:00"]);
    env.ok([
        "complaint",
        "resolve",
        &id,
        "--resolution",
        "已换货",
        "--at",
        "2026-11-21 10:00",
    ]);
    env.ok(["complaint", "reopen", &id, "--reason", "又坏了"]);
    assert_eq!(show(&env, &id)["resolved"], serde_json::Value::Null);
    env.ok(["complaint", "ack", &id]);
    assert_eq!(show(&env, &id)["responded"], "2026-11-20T11:00:00+08:00");
}

/// Regression: a reopened complaint whose `resolved` column still held its earlier resolution
/// (as cs wrote it before reopening cleared it; the sample's T-ZABM7ZYKE2) was listed by
/// `cs today` as past its target, but with no lateness anywhere: the old resolution stopped
/// the clock. A complaint still being handled runs against its resolution target again.
#[test]
fn a_reopened_complaint_past_its_target_is_late_even_with_an_old_resolution() {
    let env = crate::support::sample();
    let id = "T-ZABM7ZYKE2";
    let shown = env.json(["complaint", "show", id]);
    assert_eq!(shown["status"], "reopened");
    assert!(shown["resolved"].is_string(), "the old resolution is kept in the file");
    assert_eq!(shown["sla"]["resolve_due"], "2026-10-20T10:00:34+08:00");
    let late = shown["sla"]["resolve_late_minutes"].as_i64().expect("late");
    assert!(late > 0, "{shown}");

    let mut cmd = env.cs(["today", "--format", "json"]);
    cmd.env("CS_USER", "wang");
    let today: serde_json::Value = serde_json::from_str(&crate::support::success(&mut cmd)).unwrap();
    let rows = today["tables"]["complaints"].as_array().unwrap();
    let row = rows.iter().find(|r| r["complaint_id"] == id).expect("listed");
    assert_eq!(row["minutes_late"].as_i64(), Some(late), "{row}");
    for row in rows {
        assert!(
            !row["minutes_late"].is_null() || !row["minutes_left"].is_null(),
            "every complaint listed is late or nearly due: {row}"
        );
    }
    let overdue = env.json(["complaint", "list", "--overdue"]);
    assert!(overdue.as_array().unwrap().iter().any(|c| c["id"] == id), "{overdue}");
}
