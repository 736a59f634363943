//! `cs visit add`, `list`, `show` and `edit`: what each writes and prints, with Chinese
//! names, topics and text, and every refusal leaving the files as they were.

use predicates::prelude::*;

use crate::support::{TestEnv, parse_csv, words};

/// A department with two customers, one with an owner, and topics and a survey in cs.toml.
fn department() -> (TestEnv, String, String) {
    let env = TestEnv::with_visits();
    let xihu = env.add_customer("杭州西湖国宾馆", &words("--class A --owner wang --center hz"));
    let jinling = env.add_customer("南京金陵饭店", &words("--class B"));
    (env, xihu, jinling)
}

/// `visit add` prints only the new id, appends one line to the month's file, and the visit
/// reads back with everything it was given.
#[test]
fn add_prints_only_the_id_and_records_everything() {
    let (env, xihu, _) = department();
    let assert = env
        .cs([
            "visit",
            "add",
            "杭州西湖国宾馆",
            "--channel",
            "电话",
            "--purpose",
            "常规",
            "--topic",
            "库存",
            "--topic",
            "产品反馈",
            "--summary",
            "补货两箱,\"干红\"下月到\n再联系",
            "--next",
            "+30d",
        ])
        .assert()
        .code(0);
    assert.stdout(predicate::str::is_match(r"^V-[0-9A-HJKMNP-TV-Z]{10}\n$").unwrap());
    let id = String::from_utf8(env.cs(["visit", "list", "--format", "csv"]).output().unwrap().stdout).unwrap();
    let rows = parse_csv(&id);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["customer"], xihu);
    assert_eq!(row["customer_name"], "杭州西湖国宾馆");
    assert_eq!(row["date"], "2026-11-29");
    assert_eq!(row["channel"], "phone");
    assert_eq!(row["purpose"], "routine");
    assert_eq!(row["by"], "wang", "the customer's owner by default");
    assert_eq!(row["topics"], "库存;产品反馈");
    assert_eq!(row["summary"], "补货两箱,\"干红\"下月到\n再联系");
    assert_eq!(row["next"], "2026-12-29");
    assert_eq!(row["created"], "2026-11-29T09:30:00+08:00");
    // One header and one record line: the line break in the summary is escaped.
    assert_eq!(env.read("visits/2026-11.csv").lines().count(), 2);
}

/// The visitor is --by (an id or a name), else CS_USER, else the owner; with none of them the
/// visit is refused.
#[test]
fn add_records_who_made_the_visit() {
    let (env, xihu, jinling) = department();
    let by = |id: &str| env.json(["visit", "show", id])["by"].as_str().unwrap().to_string();
    let owner = env.add_visit(&xihu, &words("-c sms -p routine"));
    assert_eq!(by(&owner), "wang");
    let named = env.add_visit(&xihu, &words("-c sms -p routine --by 李娜"));
    assert_eq!(by(&named), "li");
    let mut cmd = env.cs(["visit", "add", &xihu, "-c", "sms", "-p", "routine"]);
    cmd.env("CS_USER", "zheng");
    let from_env = crate::support::success(&mut cmd).trim().to_string();
    assert_eq!(by(&from_env), "zheng");

    let before = env.files();
    let err = env.fails(["visit", "add", &jinling, "-c", "sms", "-p", "routine"]);
    assert!(err.contains("no one to record") && err.contains("CS_USER"), "{err}");
    let mut cmd = env.cs(["visit", "add", &xihu, "-c", "sms", "-p", "routine"]);
    cmd.env("CS_USER", "nobody");
    let err = crate::support::failure(&mut cmd);
    assert!(err.contains("CS_USER") && err.contains("'nobody'"), "{err}");
    assert_eq!(env.files(), before);
}

/// A visit lands in the file of its own month, and adding one leaves every other file byte
/// for byte as it was.
#[test]
fn add_appends_to_its_month_only() {
    let (env, xihu, jinling) = department();
    env.add_visit(&xihu, &words("-c phone -p routine --date 2026-10-05"));
    env.add_visit(
        &jinling,
        &words("-c onsite -p satisfaction --score 4 --by li --date -3d"),
    );
    let october = env.read("visits/2026-10.csv");
    let november = env.read("visits/2026-11.csv");
    assert!(november.contains(",2026-11-26,"), "{november}");
    env.add_visit(&xihu, &words("-c 短信 -p 满意度 --score 5 --nps 9 --date yesterday"));
    assert_eq!(env.read("visits/2026-10.csv"), october, "another month is not touched");
    let after = env.read("visits/2026-11.csv");
    assert!(after.starts_with(&november), "adding appends to the file: {after}");
    assert_eq!(after.lines().count(), 3);
}

/// A survey visit records its answers in the survey's question order, checked against their
/// questions; Chinese text answers keep semicolons.
#[test]
fn add_survey_answers() {
    let (env, xihu, _) = department();
    let id = env.add_visit(
        &xihu,
        &[
            "-c",
            "上门",
            "-p",
            "问卷",
            "--survey",
            "2026Q4",
            "--answer",
            "needs=小瓶装; 礼盒",
            "--answer",
            "channel=微信",
            "--answer",
            "quality=4",
        ],
    );
    let visit = env.json(["visit", "show", &id]);
    assert_eq!(
        visit["answers"],
        serde_json::json!({"quality": "4", "channel": "微信", "needs": "小瓶装; 礼盒"})
    );
    assert!(
        env.read("visits/2026-11.csv")
            .contains("quality=4;channel=微信;needs=小瓶装\\\\; 礼盒"),
        "{}",
        env.read("visits/2026-11.csv")
    );
}

/// Every kind of bad input is refused with a message naming the value and what is allowed,
/// and nothing is written.
#[test]
fn add_refusals_write_nothing() {
    let (env, xihu, _) = department();
    env.add_visit(&xihu, &words("-c phone -p routine"));
    let gone = env.add_customer("无锡太湖饭店", &words("--owner li"));
    env.ok(["customer", "archive", &gone]);
    let before = env.files();
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            words("visit add 不存在的客户 -c phone -p routine"),
            vec!["不存在的客户"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c fax -p routine"),
            vec!["'fax'", "sms, phone or onsite"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p chat"),
            vec!["'chat'", "routine, survey or satisfaction"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p routine --topic 天气"),
            vec!["'天气'", "产品反馈"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p survey"),
            vec!["must name its survey", "2026Q4"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p survey --survey 2025Q1"),
            vec!["'2025Q1'", "2026Q4"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p routine --survey 2026Q4"),
            vec!["only a survey visit"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p survey --survey 2026Q4 --answer price=3"),
            vec!["'price'", "quality, recommend, channel, needs"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p survey --survey 2026Q4 --answer quality=6"),
            vec!["'6'", "1 to 5"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p survey --survey 2026Q4 --answer channel=邮件"),
            vec!["'邮件'", "电话, 微信, 上门"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p routine --answer quality=4"),
            vec!["--survey"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p satisfaction --score 0"),
            vec!["'0'", "1 to 5"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p satisfaction --score 6"),
            vec!["'6'", "1 to 5"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p satisfaction --nps 11"),
            vec!["'11'", "0 to 10"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p routine --date 2026-13-01"),
            vec!["'2026-13-01'", "calendar"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p routine --date soon"),
            vec!["'soon'", "yesterday"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p routine --date tomorrow"),
            vec!["future"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p routine --next -1d"),
            vec!["must come after"],
        ),
        (
            words("visit add 无锡太湖饭店 -c phone -p routine"),
            vec!["archived", "--undo"],
        ),
        (
            words("visit add 杭州西湖国宾馆 -c phone -p routine --by nobody"),
            vec!["'nobody'", "wang"],
        ),
    ];
    for (args, needles) in cases {
        let output = env.cs(&args).output().unwrap();
        let code = output.status.code();
        assert!(code == Some(1) || code == Some(2), "{args:?} exited {code:?}");
        assert!(output.stdout.is_empty(), "{args:?} printed on stdout");
        let err = String::from_utf8_lossy(&output.stderr);
        for needle in needles {
            assert!(err.contains(needle), "{args:?}: expected {needle:?} in:\n{err}");
        }
        assert_eq!(env.files(), before, "{args:?} changed a file");
    }
}

/// A visits file with a damaged line stops every command that reads it, naming the file and
/// line, and nothing is written.
#[test]
fn a_damaged_visits_line_is_reported_and_nothing_written() {
    let (env, xihu, _) = department();
    env.add_visit(&xihu, &words("-c phone -p routine"));
    env.append("visits/2026-11.csv", "V-BROKEN,C-1,2026-11-02,phone\n");
    let before = env.files();
    let err = env.fails(["visit", "list"]);
    assert!(err.contains("visits/2026-11.csv:3:") && err.contains("fields"), "{err}");
    let err = env.fails(["visit", "due"]);
    assert!(err.contains("visits/2026-11.csv:3:"), "{err}");
    let check = env.cs(["check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("visits/2026-11.csv:3:"));
    assert_eq!(env.files(), before);
}

/// `visit list` is newest first and filters by customer, staff, channel, purpose, dates,
/// survey and count; `--from`/`--to` take relative dates.
#[test]
fn list_filters_and_orders() {
    let (env, xihu, jinling) = department();
    let oldest = env.add_visit(&xihu, &words("-c phone -p routine --date 2026-09-30"));
    let middle = env.add_visit(
        &jinling,
        &words("-c sms -p satisfaction --score 3 --by li --date 2026-10-15"),
    );
    let newest = env.add_visit(
        &xihu,
        &words("-c onsite -p survey --survey 2026Q4 --answer quality=5 --date 2026-11-20 --by zheng"),
    );
    let ids = |args: &str| -> Vec<String> {
        let mut full = words("visit list");
        full.extend(words(args));
        env.json(full)
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(""), [newest.as_str(), middle.as_str(), oldest.as_str()]);
    assert_eq!(ids("--customer 杭州西湖国宾馆"), [newest.as_str(), oldest.as_str()]);
    assert_eq!(ids("--by li"), [middle.as_str()]);
    assert_eq!(ids("--channel 上门"), [newest.as_str()]);
    assert_eq!(ids("--purpose satisfaction"), [middle.as_str()]);
    assert_eq!(ids("--from 2026-10-01 --to 2026-10-31"), [middle.as_str()]);
    assert_eq!(ids("--from -20d"), [newest.as_str()]);
    assert_eq!(ids("--survey 2026Q4"), [newest.as_str()]);
    assert_eq!(ids("--limit 2"), [newest.as_str(), middle.as_str()]);
    let err = env.fails(words("visit list --by nobody"));
    assert!(err.contains("'nobody'"), "{err}");
}

/// The list as a table shows the customer's name, aligned for Chinese text.
#[test]
fn list_table() {
    let (env, xihu, jinling) = department();
    env.ok_at(
        "2026-11-20T10:00:00+08:00",
        ["visit", "add", &xihu, "-c", "phone", "-p", "routine", "-m", "补货两箱"],
    );
    env.ok_at(
        "2026-11-21T10:00:00+08:00",
        [
            "visit",
            "add",
            &jinling,
            "-c",
            "onsite",
            "-p",
            "satisfaction",
            "--score",
            "5",
            "--by",
            "li",
        ],
    );
    let table = env.ok(["visit", "list"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(
        lines[0].contains("customer_name") && lines[0].contains("summary"),
        "{table}"
    );
    assert!(
        lines[2].contains("南京金陵饭店") && lines[2].contains("2026-11-21"),
        "{table}"
    );
    assert!(
        lines[3].contains("杭州西湖国宾馆") && lines[3].contains("补货两箱"),
        "{table}"
    );
    // Columns line up by display width: "channel" starts at the same column on every line.
    let column = |line: &str| {
        let at = line
            .find(if line.contains("channel") { "channel" } else { "o" })
            .unwrap();
        crate::support::display_width(&line[..at])
    };
    assert_eq!(column(lines[0]), column(&lines[2].replace("onsite", "o")));
}

/// `visit show` finds a visit by any unique start of its id, in every format.
#[test]
fn show_by_prefix() {
    let (env, xihu, _) = department();
    let id = env.add_visit(&xihu, &["-c", "phone", "-p", "routine", "-m", "询问春节备货"]);
    let shown = env.json(["visit", "show", &id[..6]]);
    assert_eq!(shown["id"], id.as_str());
    assert_eq!(shown["customer_name"], "杭州西湖国宾馆");
    let bare = env.json(["visit", "show", &id[2..8].to_lowercase()]);
    assert_eq!(bare["id"], id.as_str());
    let csv = parse_csv(&env.ok(["visit", "show", &id, "--format", "csv"]));
    assert_eq!(csv[0]["summary"], "询问春节备货");
    let table = env.ok(["visit", "show", &id]);
    assert!(table.contains("询问春节备货") && table.contains(&xihu), "{table}");
    let err = env.fails(["visit", "show", "V-ZZZZZZ"]);
    assert!(err.contains("no visit matches 'V-ZZZZZZ'"), "{err}");
}

/// Fixing a visit rewrites its own line and no other, in its month's file only.
#[test]
fn edit_rewrites_only_its_line() {
    let (env, xihu, jinling) = department();
    let first = env.add_visit(&xihu, &words("-c phone -p routine --date 2026-11-02"));
    let second = env.add_visit(&jinling, &words("-c phone -p routine --by li --date 2026-11-03"));
    let third = env.add_visit(&xihu, &words("-c sms -p routine --date 2026-11-04"));
    env.add_visit(&xihu, &words("-c sms -p routine --date 2026-10-04"));
    let october = env.read("visits/2026-10.csv");
    let before = env.read("visits/2026-11.csv");
    env.ok(words(&format!(
        "visit edit {second} --channel onsite --score 4 --topic 竞品 -m 已上门"
    )));
    let after = env.read("visits/2026-11.csv");
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "{before}\n{after}");
    assert!(
        changed[0].1.contains(&second) && changed[0].1.contains(",onsite,"),
        "{after}"
    );
    assert_eq!(env.read("visits/2026-10.csv"), october);
    let visit = env.json(["visit", "show", &second]);
    assert_eq!(
        (
            visit["score"].as_u64(),
            visit["topics"][0].as_str(),
            visit["summary"].as_str()
        ),
        (Some(4), Some("竞品"), Some("已上门"))
    );
    // An empty value clears; the other visits are untouched.
    env.ok(["visit", "edit", &second, "--score", ""]);
    assert_eq!(env.json(["visit", "show", &second])["score"], serde_json::Value::Null);
    for id in [&first, &third] {
        assert!(env.read("visits/2026-11.csv").contains(id.as_str()));
    }
}

/// Changing a visit's date to another month moves its line to that month's file.
#[test]
fn edit_date_moves_the_visit_between_months() {
    let (env, xihu, _) = department();
    let keep = env.add_visit(&xihu, &words("-c phone -p routine --date 2026-11-02"));
    let moved = env.add_visit(&xihu, &words("-c phone -p routine --date 2026-11-03"));
    env.ok(["visit", "edit", &moved, "--date", "2026-10-31"]);
    assert!(!env.read("visits/2026-11.csv").contains(&moved));
    assert!(env.read("visits/2026-11.csv").contains(&keep));
    assert!(env.read("visits/2026-10.csv").contains(&moved));
    assert_eq!(env.json(["visit", "show", &moved])["date"], "2026-10-31");
    assert!(env.ok(["check"]).contains("no problems found"));
}

/// Edits are checked like adds; a refused edit writes nothing, and an edit that changes
/// nothing says so.
#[test]
fn edit_refusals_and_no_change() {
    let (env, xihu, _) = department();
    let id = env.add_visit(&xihu, &words("-c phone -p routine --date 2026-11-02"));
    let before = env.files();
    for (args, needle) in [
        (vec!["--score", "9"], "'9'"),
        (vec!["--topic", "天气"], "'天气'"),
        (vec!["--date", "tomorrow"], "future"),
        (vec!["--next", "2026-11-01"], "must come after"),
        (vec!["--purpose", "survey"], "must name its survey"),
        (vec!["--answer", "quality=5"], "survey"),
        (vec!["--customer", "不存在"], "不存在"),
    ] {
        let mut full = vec!["visit", "edit", id.as_str()];
        full.extend(args);
        let output = env.cs(&full).output().unwrap();
        assert_ne!(output.status.code(), Some(0), "{full:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains(needle), "{full:?}: {err}");
        assert_eq!(env.files(), before, "{full:?}");
    }
    let assert = env.cs(["visit", "edit", &id, "--channel", "phone"]).assert().code(0);
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("nothing changed"));
    assert_eq!(env.files(), before);
}

/// Without flags, `visit edit` opens the visit in $EDITOR and applies what was saved.
#[test]
fn edit_in_editor() {
    let (env, xihu, _) = department();
    let id = env.add_visit(&xihu, &["-c", "phone", "-p", "routine", "-m", "原来的记录"]);
    let editor = env.script(
        "editor",
        "sed -i -e 's/原来的记录/改过的记录/' -e 's/^channel = \"phone\"/channel = \"上门\"/' \"$1\"",
    );
    let mut cmd = env.cs(["visit", "edit", &id]);
    cmd.env("EDITOR", &editor);
    crate::support::success(&mut cmd);
    let visit = env.json(["visit", "show", &id]);
    assert_eq!(
        (visit["summary"].as_str(), visit["channel"].as_str()),
        (Some("改过的记录"), Some("onsite"))
    );
}

/// `customer show` lists the customer's latest visits and when the next one is due.
#[test]
fn customer_show_lists_visits_and_the_next_due_date() {
    let (env, xihu, _) = department();
    env.add_visit(
        &xihu,
        &["-c", "phone", "-p", "routine", "--date", "2026-10-01", "-m", "十月回访"],
    );
    env.add_visit(
        &xihu,
        &[
            "-c",
            "onsite",
            "-p",
            "satisfaction",
            "--score",
            "5",
            "--date",
            "2026-11-10",
        ],
    );
    let shown = env.json(["customer", "show", "杭州西湖国宾馆"]);
    assert_eq!(shown["visits"]["total"], 2);
    assert_eq!(shown["visits"]["latest"][0]["date"], "2026-11-10");
    assert_eq!(
        shown["visits"]["due"]["due"], "2026-12-10",
        "class A: 30 days after the latest visit"
    );
    let table = env.ok(["customer", "show", "杭州西湖国宾馆"]);
    assert!(table.contains("next visit due 2026-12-10 (in 11 days)"), "{table}");
    assert!(
        table.contains("latest visits (2 of 2") && table.contains("十月回访"),
        "{table}"
    );
}

/// `cs check` reports a visit that names no customer, an out-of-range score, an unknown
/// survey key, and a visit in the file of the wrong month, each with its file and line.
#[test]
fn check_reports_bad_visits() {
    let (env, xihu, _) = department();
    env.add_visit(&xihu, &words("-c phone -p routine --date 2026-11-02"));
    let created = "2026-11-02T10:00:00+08:00";
    let bad = [
        format!("V-AAAAAAAAAA,C-NOBODY,2026-11-02,phone,routine,wang,,,,,,,,{created}"),
        format!("V-BBBBBBBBBB,{xihu},2026-11-02,phone,routine,wang,7,,,,,,,{created}"),
        format!("V-CCCCCCCCCC,{xihu},2026-11-02,phone,survey,wang,,,,quality=9,2026Q4,,,{created}"),
        format!("V-DDDDDDDDDD,{xihu},2026-10-02,phone,routine,wang,,,,,,,,{created}"),
    ];
    env.append("visits/2026-11.csv", &(bad.join("\n") + "\n"));
    let out = env.cs(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "visits/2026-11.csv:3: customer: 'C-NOBODY' is not a customer",
        "visits/2026-11.csv:4: score: '7' is not a score from 1 to 5",
        "visits/2026-11.csv:5: answers: quality: '9' is not a score from 1 to 5",
        "visits/2026-11.csv:6: date: 2026-10-02 belongs in visits/2026-10.csv",
    ] {
        assert!(report.contains(needle), "{needle}:\n{report}");
    }
}

/// A list printed as it is read stops quietly when its reader stops reading.
#[test]
fn list_into_a_closed_pipe_is_not_an_error() {
    let (env, xihu, _) = department();
    // More than the printer's 8 KiB buffer, so that a write fails while records are read.
    let summary = "回访记录".repeat(100);
    for day in 1..=28 {
        env.add_visit(
            &xihu,
            &[
                "-c",
                "phone",
                "-p",
                "routine",
                "-m",
                &summary,
                "--date",
                &format!("2026-10-{day:02}"),
            ],
        );
    }
    let mut child = std::process::Command::new(crate::support::cs_bin())
        .args(["visit", "list", "--format", "csv"])
        .current_dir(env.data())
        .env("CS_NOW", crate::support::NOW)
        .env_remove("CS_DATA_DIR")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read nothing and close the pipe at once.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// Regression: visits of one day recorded in the same second (an import, a script, a pinned
/// clock) were listed in the order of their random ids; they now come last logged first
/// everywhere, and the last one logged is the latest for the due date.
#[test]
fn visits_of_one_day_are_listed_in_the_order_they_were_logged() {
    let (env, xihu, _) = department();
    let logged: Vec<String> = (1..=6)
        .map(|n| {
            let next = format!("2026-12-0{n}");
            env.add_visit(
                &xihu,
                &["-c", "phone", "-p", "routine", "--date", "2026-11-20", "--next", &next],
            )
        })
        .collect();
    let newest_first: Vec<String> = logged.iter().rev().cloned().collect();
    let ids = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&env.json(["visit", "list"])), newest_first);
    assert_eq!(ids(&env.json(["export", "visits"])), newest_first);
    for cache in ["on", "off"] {
        let mut cmd = env.cs(["--format", "json", "customer", "show", "杭州西湖国宾馆"]);
        cmd.env("CS_CACHE", cache);
        let shown: serde_json::Value = serde_json::from_str(&crate::support::success(&mut cmd)).unwrap();
        assert_eq!(ids(&shown["visits"]["latest"]), newest_first[..5], "cache {cache}");
        assert_eq!(shown["visits"]["due"]["due"], "2026-12-06", "cache {cache}");
    }
    let due = env.json(["visit", "due", "--as-of", "2026-11-25", "--within", "30"]);
    assert_eq!(due[0]["due"], "2026-12-06", "{due}");
}
