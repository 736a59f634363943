//! `cs label`: wine-label jobs from request to done, who may approve, every refused step
//! leaving the files as they were, design files copied whole or not at all, lateness at a
//! fixed day, and the interface in Chinese.

use std::fs;

use crate::support::{TestEnv, parse_csv, success, text};

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

/// A department (see `TestEnv::with_team`) with two label vendors and one customer, and two
/// design files in the scratch directory outside the data directory.
fn department() -> TestEnv {
    let env = TestEnv::with_team();
    env.append("cs.toml", VENDORS);
    env.add_customer("杭州西湖国宾馆", &["--class", "A", "--owner", "wang"]);
    fs::write(
        env.root().join("tmp/front.svg"),
        "<svg><text>西湖国宾馆 婚宴</text></svg>\n",
    )
    .unwrap();
    fs::write(env.root().join("tmp/spec.txt"), "90x120mm, 烫金\n").unwrap();
    env
}

/// A design file in the scratch directory, as an argument.
fn scratch(env: &TestEnv, name: &str) -> String {
    env.root().join("tmp").join(name).to_string_lossy().into_owned()
}

/// `cs label add` for the customer, by wang; returns the id it printed alone.
fn add(env: &TestEnv, args: &[&str]) -> String {
    let mut full = vec![
        "label",
        "add",
        "杭州西湖国宾馆",
        "--order",
        "SO-20261125-07",
        "--spec",
        "婚宴专用, 烫金 LOGO",
        "--by",
        "wang",
    ];
    full.extend_from_slice(args);
    let out = env.ok(full);
    let id = out.trim_end().to_string();
    assert!(
        id.starts_with("L-") && id.len() == 12 && !id.contains('\n'),
        "add prints the id alone: {out:?}"
    );
    id
}

fn show(env: &TestEnv, id: &str) -> serde_json::Value {
    env.json(["label", "show", id])
}

/// A job designed by wang from the two scratch files.
fn designed(env: &TestEnv) -> String {
    let id = add(env, &["--due", "2026-12-20"]);
    env.ok([
        "label",
        "design",
        &id,
        "--file",
        &scratch(env, "front.svg"),
        &scratch(env, "spec.txt"),
        "--by",
        "wang",
    ]);
    id
}

#[test]
fn a_job_goes_from_request_to_done_through_every_status() {
    let env = department();
    let id = add(&env, &["--quantity", "600", "--due", "2026-12-20"]);
    let shown = show(&env, &id);
    assert_eq!(shown["status"], "requested");
    assert_eq!(shown["quantity"], 600);
    assert_eq!(shown["due"], "2026-12-20");
    assert_eq!(shown["designer"], "wang");

    env.ok([
        "label",
        "design",
        &id,
        "--file",
        &scratch(&env, "front.svg"),
        "--file",
        &scratch(&env, "spec.txt"),
        "--note",
        "第一版",
        "--by",
        "wang",
    ]);
    assert_eq!(show(&env, &id)["status"], "designed");
    // Copied byte for byte into the job's folder inside the data directory.
    assert_eq!(
        fs::read(env.path(&format!("labels/{id}/front.svg"))).unwrap(),
        fs::read(scratch(&env, "front.svg")).unwrap()
    );
    assert_eq!(env.read(&format!("labels/{id}/spec.txt")), "90x120mm, 烫金\n");

    env.ok(["label", "approve", &id, "--by", "zheng"]);
    assert_eq!(show(&env, &id)["status"], "approved");
    env.ok(["label", "send", &id, "--vendor", "jinhua", "--by", "wang"]);
    assert_eq!(show(&env, &id)["status"], "in_production");
    // A second vendor, named by its name; stdout stays empty for scripts.
    assert_eq!(
        env.ok(["label", "send", &id, "--vendor", "杭州快印中心", "--by", "wang"]),
        ""
    );
    env.ok(["label", "receive", &id, "--vendor", "JINHUA", "--by", "wang"]);
    env.ok(["label", "receive", &id, "--vendor", "kuaiyin", "--by", "wang"]);
    env.ok(["label", "done", &id, "--by", "wang"]);
    env.ok(["label", "note", &id, "客户确认收到", "--by", "wang"]);

    let shown = show(&env, &id);
    assert_eq!(shown["status"], "done");
    assert_eq!(shown["approved_by"], "zheng");
    assert_eq!(shown["files"], serde_json::json!(["front.svg", "spec.txt"]));
    assert_eq!(shown["design_dir"], format!("labels/{id}"));
    assert_eq!(
        shown["vendors"],
        serde_json::json!([
            {"vendor": "jinhua", "state": "received"},
            {"vendor": "kuaiyin", "state": "received"}
        ])
    );
    let history = shown["history"].as_array().unwrap();
    let steps: Vec<(&str, &str)> = history
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["to_status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("add", "requested"),
            ("design", "designed"),
            ("approve", "approved"),
            ("send", "in_production"),
            ("send", "in_production"),
            ("receive", "in_production"),
            ("receive", "in_production"),
            ("done", "done"),
            ("note", "done"),
        ]
    );
    assert_eq!(history[1]["files"], serde_json::json!(["front.svg", "spec.txt"]));
    assert_eq!(history[1]["text"], "第一版");
    assert_eq!(history[4]["vendor"], "kuaiyin");
    assert_eq!(history[2]["by"], "zheng");
    // The table file and the history file hold what was shown.
    assert_eq!(env.read("label_jobs.csv").lines().count(), 2);
    assert_eq!(env.read("label_history/2026-11.csv").lines().count(), 10);
    assert!(env.ok(["check"]).ends_with("no problems found\n"));
}

#[test]
fn only_a_supervisor_or_above_approves_or_rejects() {
    let env = department();
    let id = designed(&env);
    for step in [
        vec!["label", "approve", &id, "--by", "wang"],
        vec!["label", "reject", &id, "--reason", "颜色不对", "--by", "li"],
    ] {
        let files = env.files();
        let err = env.fails(&step);
        assert!(err.contains("consultant"), "names the role: {err}");
        assert!(
            err.contains("supervisor, manager or general manager"),
            "names who may: {err}"
        );
        assert!(env.files() == files, "{step:?} wrote nothing");
    }
    // CS_USER counts as the actor as --by does.
    let files = env.files();
    let refused = env
        .cs(["label", "approve", &id])
        .env("CS_USER", "wang")
        .assert()
        .code(1);
    assert!(text(&refused.get_output().stderr).contains("consultant"));
    assert!(env.files() == files);

    env.ok(["label", "reject", &id, "--reason", "颜色不对", "--by", "zheng"]);
    assert_eq!(show(&env, &id)["status"], "requested");
    // The rejected version's name is taken: a new version needs a new name.
    fs::write(env.root().join("tmp/front-v2.svg"), "<svg>v2</svg>").unwrap();
    let files = env.files();
    let err = env.fails([
        "label",
        "design",
        &id,
        "--file",
        &scratch(&env, "front.svg"),
        "--by",
        "li",
    ]);
    assert!(err.contains("front.svg") && err.contains("new name"), "{err}");
    assert!(env.files() == files);
    env.ok([
        "label",
        "design",
        &id,
        "--file",
        &scratch(&env, "front-v2.svg"),
        "--by",
        "li",
    ]);
    success(env.cs(["label", "approve", &id]).env("CS_USER", "zhou"));
    let shown = show(&env, &id);
    assert_eq!(shown["status"], "approved");
    assert_eq!(shown["approved_by"], "zhou", "a general manager may approve");
    assert_eq!(shown["designer"], "li", "the last designer");
    assert_eq!(
        shown["files"],
        serde_json::json!(["front.svg", "spec.txt", "front-v2.svg"]),
        "earlier versions are kept"
    );
}

#[test]
fn every_illegal_step_is_refused_and_leaves_the_files_byte_for_byte() {
    let env = department();
    let id = add(&env, &[]);
    let refused = |env: &TestEnv, args: &[&str], named: &str| {
        let files = env.files();
        let err = env.fails(args);
        assert!(err.contains(named), "{args:?} names {named}: {err}");
        assert!(env.files() == files, "{args:?} wrote nothing");
    };
    let by = ["--by", "zheng"];
    let with = |args: &[&str]| -> Vec<String> { args.iter().chain(by.iter()).map(|s| s.to_string()).collect() };
    let step = |args: &[&str], named: &str| {
        let args = with(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&env, &args, named);
    };
    // requested
    step(&["label", "approve", &id], "requested");
    step(&["label", "reject", &id, "--reason", "x"], "requested");
    step(&["label", "send", &id, "--vendor", "jinhua"], "requested");
    step(&["label", "receive", &id, "--vendor", "jinhua"], "requested");
    step(&["label", "done", &id], "requested");
    env.ok([
        "label",
        "design",
        &id,
        "--file",
        &scratch(&env, "front.svg"),
        "--by",
        "wang",
    ]);
    // designed
    step(&["label", "send", &id, "--vendor", "jinhua"], "designed");
    step(&["label", "done", &id], "designed");
    env.ok(["label", "approve", &id, "--by", "zheng"]);
    // approved
    step(&["label", "approve", &id], "approved");
    step(&["label", "reject", &id, "--reason", "x"], "approved");
    step(
        &["label", "design", &id, "--file", &scratch(&env, "spec.txt")],
        "approved",
    );
    step(&["label", "receive", &id, "--vendor", "jinhua"], "approved");
    step(&["label", "done", &id], "approved");
    env.ok(["label", "send", &id, "--vendor", "jinhua", "--by", "wang"]);
    // in production: once per vendor, receive only what was sent, done when all came back
    step(&["label", "send", &id, "--vendor", "jinhua"], "already sent to jinhua");
    step(
        &["label", "receive", &id, "--vendor", "kuaiyin"],
        "never sent to kuaiyin",
    );
    step(&["label", "done", &id], "jinhua");
    env.ok(["label", "receive", &id, "--vendor", "jinhua", "--by", "wang"]);
    step(&["label", "receive", &id, "--vendor", "jinhua"], "already received");
    env.ok(["label", "done", &id, "--by", "wang"]);
    // done
    step(&["label", "done", &id], "done");
    step(&["label", "send", &id, "--vendor", "kuaiyin"], "done");
    step(&["label", "design", &id, "--file", &scratch(&env, "spec.txt")], "done");
}

#[test]
fn a_missing_design_file_copies_nothing_and_changes_no_record() {
    let env = department();
    let id = add(&env, &[]);
    let files = env.files();
    let missing = scratch(&env, "no-such.svg");
    let err = env.fails([
        "label",
        "design",
        &id,
        "--file",
        &scratch(&env, "front.svg"),
        "--file",
        &missing,
        "--by",
        "wang",
    ]);
    assert!(err.contains("--file") && err.contains("no-such.svg"), "{err}");
    assert!(env.files() == files, "no record change, no file");
    assert!(!env.path("labels").exists(), "no folder, not even a staging one");
    // A directory is not a design file either.
    let err = env.fails([
        "label",
        "design",
        &id,
        "--file",
        env.root().to_str().unwrap(),
        "--by",
        "wang",
    ]);
    assert!(err.contains("not a file"), "{err}");
    assert!(env.files() == files);
}

#[test]
fn steps_need_someone_to_take_them() {
    let env = department();
    let files = env.files();
    let err = env.fails(["label", "add", "杭州西湖国宾馆", "--order", "SO-1", "--spec", "x"]);
    assert!(err.contains("--by") && err.contains("CS_USER"), "{err}");
    assert!(env.files() == files);
    let err = env.fails([
        "label",
        "add",
        "杭州西湖国宾馆",
        "--order",
        "SO-1",
        "--spec",
        "x",
        "--by",
        "nobody",
    ]);
    assert!(
        err.contains("--by") && err.contains("nobody"),
        "an unknown staff member: {err}"
    );
    assert!(env.files() == files);
    let id = success(
        env.cs(["label", "add", "杭州西湖国宾馆", "--order", "SO-1", "--spec", "x"])
            .env("CS_USER", "li"),
    );
    assert_eq!(show(&env, id.trim())["designer"], "li");
    let files = env.files();
    let err = env.fails(["label", "design", id.trim(), "--file", &scratch(&env, "front.svg")]);
    assert!(err.contains("--by") && err.contains("CS_USER"), "{err}");
    assert!(env.files() == files);
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let env = department();
    let id = designed(&env);
    env.ok(["label", "approve", &id, "--by", "zheng"]);
    let files = env.files();
    for (args, field) in [
        (
            vec![
                "label",
                "add",
                "不存在的客户",
                "--order",
                "SO-1",
                "--spec",
                "x",
                "--by",
                "wang",
            ],
            "不存在的客户",
        ),
        (
            vec![
                "label",
                "add",
                "杭州西湖国宾馆",
                "--order",
                "SO-1",
                "--spec",
                " ",
                "--by",
                "wang",
            ],
            "--spec",
        ),
        (
            vec![
                "label",
                "add",
                "杭州西湖国宾馆",
                "--order",
                "SO-1",
                "--spec",
                "x",
                "--quantity",
                "many",
                "--by",
                "wang",
            ],
            "--quantity",
        ),
        (
            vec![
                "label",
                "add",
                "杭州西湖国宾馆",
                "--order",
                "SO-1",
                "--spec",
                "x",
                "--due",
                "someday",
                "--by",
                "wang",
            ],
            "--due",
        ),
        (
            vec!["label", "send", &id, "--vendor", "顺丰", "--by", "wang"],
            "--vendor",
        ),
        (vec!["label", "list", "--status", "printing"], "--status"),
        (vec!["label", "list", "--vendor", "nobody"], "--vendor"),
        (vec!["label", "show", "L-NOTHERE"], "L-NOTHERE"),
    ] {
        let err = env.fails(&args);
        assert!(err.contains(field), "{args:?} names {field}: {err}");
        assert!(env.files() == files, "{args:?} wrote nothing");
    }
    let err = env.fails(["label", "send", &id, "--vendor", "顺丰", "--by", "wang"]);
    assert!(err.contains("jinhua, kuaiyin"), "the hint lists the vendors: {err}");
}

#[test]
fn overdue_jobs_at_a_fixed_day_with_filters() {
    let env = department();
    let late = add(&env, &["--due", "2026-11-20"]);
    let due_today = add(&env, &["--due", "2026-11-29"]);
    let later = add(&env, &["--due", "2026-12-20"]);
    let no_due = add(&env, &[]);
    let finished = add(&env, &["--due", "2026-11-01"]);
    for step in [
        vec![
            "label",
            "design",
            &finished,
            "--file",
            &scratch(&env, "front.svg"),
            "--by",
            "wang",
        ],
        vec!["label", "approve", &finished, "--by", "zheng"],
        vec!["label", "send", &finished, "--vendor", "jinhua", "--by", "wang"],
        vec!["label", "receive", &finished, "--vendor", "jinhua", "--by", "wang"],
        vec!["label", "done", &finished, "--by", "wang"],
    ] {
        env.ok(step);
    }
    let ids = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["label", "list"];
        full.extend_from_slice(args);
        env.json(full)
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&[]),
        [&finished, &late, &due_today, &later, &no_due].map(String::clone),
        "soonest due first, none last"
    );
    assert_eq!(ids(&["--overdue", "--as-of", "2026-11-29"]), vec![late.clone()]);
    assert_eq!(
        ids(&["--overdue", "--as-of", "2026-12-21"]),
        [&late, &due_today, &later].map(String::clone)
    );
    let rows = env.json(["label", "list", "--overdue", "--as-of", "2026-11-29"]);
    assert_eq!(rows[0]["late_days"], 9);
    assert_eq!(ids(&["--status", "done"]), vec![finished.clone()]);
    assert_eq!(
        ids(&["--status", "待设计", "--overdue", "--as-of", "2026-11-29"]),
        vec![late.clone()]
    );
    assert_eq!(ids(&["--vendor", "jinhua"]), vec![finished.clone()]);
    assert!(ids(&["--vendor", "kuaiyin"]).is_empty());
    let csv = parse_csv(&env.ok(["label", "list", "--overdue", "--as-of", "2026-11-29", "--format", "csv"]));
    assert_eq!(csv.len(), 1);
    assert_eq!(csv[0]["late_days"], "9");
    assert_eq!(csv[0]["customer_name"], "杭州西湖国宾馆");
    let table = env.ok(["label", "list", "--overdue", "--as-of", "2026-11-29"]);
    assert!(table.contains(&late) && table.contains("9d"), "{table}");
}

#[test]
fn check_reports_a_design_file_that_went_missing() {
    let env = department();
    let id = designed(&env);
    fs::remove_file(env.path(&format!("labels/{id}/spec.txt"))).unwrap();
    let out = env.cs(["check"]).assert().code(1);
    let printed = text(&out.get_output().stdout);
    assert!(
        printed.contains("label_jobs.csv:2: files: spec.txt is not in labels/"),
        "{printed}"
    );
}

#[test]
fn show_and_list_in_chinese() {
    let env = department();
    let id = designed(&env);
    env.ok(["label", "approve", &id, "--by", "zheng", "--note", "同意"]);
    env.ok(["label", "send", &id, "--vendor", "jinhua", "--by", "wang"]);
    let zh = success(env.cs(["label", "show", &id]).env("CS_LANG", "zh"));
    insta::assert_snapshot!("label_show_zh", zh);
    let list = success(env.cs(["label", "list", "--status", "制作中"]).env("CS_LANG", "zh"));
    assert!(
        list.contains("状态") && list.contains("制作中") && list.contains(&id),
        "{list}"
    );
    // What scripts read is the same in both languages.
    let json = |lang: &str| success(env.cs(["label", "show", &id, "--format", "json"]).env("CS_LANG", lang));
    assert_eq!(json("zh"), json("en"));
    let refused = env
        .cs(["label", "done", &id, "--by", "wang"])
        .env("CS_LANG", "zh")
        .assert()
        .code(1);
    let err = text(&refused.get_output().stderr);
    assert!(err.contains("仍在等待 jinhua"), "{err}");
}
