//! `cs staff` and `cs center` (kept in cs.toml), and the validation of cs.toml that every
//! command relies on: each problem names `cs.toml:LINE` and the key.

use crate::support::{TestEnv, copy_dir, parse_csv, repo_root, words};

/// `cs staff add` appends to cs.toml without losing a byte of what was there (comments too).
#[test]
fn staff_add_keeps_existing_text_and_comments() {
    let env = TestEnv::new();
    let before = env.read("cs.toml");
    env.add_staff("zhou", "周建国", "general_manager", None);
    let after = env.read("cs.toml");
    assert!(
        after.starts_with(&before),
        "the old text must be a prefix of the new:\n{after}"
    );
    assert!(after.contains("id = \"zhou\""), "{after}");
    env.add_staff("wang", "王芳", "consultant", Some("zhou"));
    let again = env.read("cs.toml");
    assert!(again.starts_with(&after), "{again}");
}

/// `cs center add` appends to cs.toml without losing a byte of what was there.
#[test]
fn center_add_keeps_existing_text_and_comments() {
    let env = TestEnv::new();
    let before = env.read("cs.toml");
    env.add_center("hz", "杭州分销中心");
    let after = env.read("cs.toml");
    assert!(after.starts_with(&before), "{after}");
    assert!(after.contains("name = \"杭州分销中心\""), "{after}");
}

/// Adding to a hand-written cs.toml (end-of-line comments, Chinese comments) keeps every line
/// of it, in order: a new [[staff]] may go after the other staff, but nothing is lost or moved.
#[test]
fn staff_add_keeps_a_hand_written_file() {
    let env = TestEnv::bare();
    copy_dir(&repo_root().join("examples/wine-co"), env.data());
    let before = env.read("cs.toml");
    env.add_staff("chen", "陈静", "客服顾问", Some("feng"));
    env.add_center("wx", "无锡分销中心");
    let after = env.read("cs.toml");
    let mut remaining = after.lines();
    for line in before.lines() {
        assert!(
            remaining.any(|l| l == line),
            "line {line:?} was lost or moved:\n{after}"
        );
    }
    assert_eq!(
        after.lines().count(),
        before.lines().count() + 10,
        "two tables added:\n{after}"
    );
    assert!(env.ok(["check"]).contains("no problems found"));
    let staff = parse_csv(&env.ok(["staff", "list", "--format", "csv"]));
    assert_eq!(staff.last().map(|s| s["id"].as_str()), Some("chen"));
}

/// Names with quotes, backslashes and `#` are written as valid TOML and read back exactly.
#[test]
fn staff_and_center_names_with_toml_syntax_round_trip() {
    let env = TestEnv::new();
    let name = r#"王"芳" \ # 不是注释 ' [x]"#;
    env.add_staff("wang", name, "consultant", None);
    env.add_center("hz", "杭州 \"分销\" 中心 # 1");
    assert_eq!(env.json(["staff", "list"])[0]["name"], name);
    assert_eq!(env.json(["center", "list"])[0]["name"], "杭州 \"分销\" 中心 # 1");
    assert!(env.ok(["check"]).contains("no problems found"));
}

/// Chinese role names are accepted and stored as the English role.
#[test]
fn staff_add_accepts_chinese_roles() {
    let env = TestEnv::new();
    env.add_staff("zhou", "周建国", "总经理", None);
    env.add_staff("wu", "吴敏", "客服部经理", Some("zhou"));
    env.add_staff("zheng", "郑伟", "客服主管", Some("wu"));
    env.add_staff("wang", "王芳", "客服顾问", Some("zheng"));
    let rows = parse_csv(&env.ok(["staff", "list", "--format", "csv"]));
    let roles: Vec<(&str, &str)> = rows.iter().map(|r| (r["role"].as_str(), r["title"].as_str())).collect();
    assert_eq!(
        roles,
        [
            ("general_manager", "总经理"),
            ("manager", "客服部经理"),
            ("supervisor", "客服主管"),
            ("consultant", "客服顾问")
        ]
    );
    assert!(env.read("cs.toml").contains("role = \"consultant\""));
}

/// An unknown role is a usage error (exit 2) and cs.toml is not touched.
#[test]
fn staff_add_unknown_role_is_a_usage_error() {
    let env = TestEnv::new();
    let before = env.files();
    let err = env.usage(["staff", "add", "--id", "x", "--name", "某人", "--role", "boss"]);
    assert!(err.contains("boss"), "{err}");
    assert_eq!(env.files(), before);
}

/// `--reports-to` naming nobody is refused, naming the id, and nothing is written.
#[test]
fn staff_add_unknown_reports_to_is_refused() {
    let env = TestEnv::new();
    env.add_staff("zhou", "周建国", "general_manager", None);
    let before = env.files();
    let err = env.fails(words(
        "staff add --id wang --name 王芳 --role consultant --reports-to nobody",
    ));
    assert!(err.contains("reports") && err.contains("nobody"), "{err}");
    assert_eq!(env.files(), before);
}

/// A staff id that is already taken is refused and nothing is written.
#[test]
fn staff_add_duplicate_id_is_refused() {
    let env = TestEnv::new();
    env.add_staff("zhou", "周建国", "general_manager", None);
    let before = env.files();
    let err = env.fails(["staff", "add", "--id", "zhou", "--name", "周二", "--role", "manager"]);
    assert!(err.contains("zhou") && err.contains("already"), "{err}");
    assert_eq!(env.files(), before);
}

/// A center id that is already taken is refused and nothing is written.
#[test]
fn center_add_duplicate_id_is_refused() {
    let env = TestEnv::new();
    env.add_center("hz", "杭州分销中心");
    let before = env.files();
    let err = env.fails(["center", "add", "--id", "hz", "--name", "另一个"]);
    assert!(err.contains("hz") && err.contains("already"), "{err}");
    assert_eq!(env.files(), before);
}

/// An id with spaces or non-ASCII letters is refused (ids are typed in records).
#[test]
fn staff_and_center_ids_must_be_plain() {
    let env = TestEnv::new();
    let before = env.files();
    env.fails([
        "staff",
        "add",
        "--id",
        "王 芳",
        "--name",
        "王芳",
        "--role",
        "consultant",
    ]);
    env.fails(["center", "add", "--id", "杭州", "--name", "杭州分销中心"]);
    assert_eq!(env.files(), before);
}

/// `cs staff list` in every format.
#[test]
fn staff_list_formats() {
    let env = TestEnv::new();
    env.add_staff("zhou", "周建国", "general_manager", None);
    env.add_staff("wang", "王芳", "客服顾问", Some("zhou"));

    insta::assert_snapshot!(env.ok(["staff", "list"]), @r"
     id    name    role             title     reports_to
    ─────────────────────────────────────────────────────
     zhou  周建国  general_manager  总经理
     wang  王芳    consultant       客服顾问  zhou
    ");
    assert_eq!(
        env.ok(["staff", "list", "--format", "csv"]),
        "id,name,role,title,reports_to\nzhou,周建国,general_manager,总经理,\nwang,王芳,consultant,客服顾问,zhou\n"
    );
    let json = env.json(["staff", "list"]);
    assert_eq!(json.as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(json[0]["id"], "zhou");
    assert_eq!(json[0]["reports_to"], serde_json::Value::Null);
    assert_eq!(json[1]["name"], "王芳");
    assert_eq!(json[1]["role"], "consultant");
    assert_eq!(json[1]["reports_to"], "zhou");
}

/// `cs center list` in every format.
#[test]
fn center_list_formats() {
    let env = TestEnv::new();
    env.add_center("hz", "杭州分销中心");
    env.add_center("nj", "南京分销中心");
    insta::assert_snapshot!(env.ok(["center", "list"]), @r"
     id  name
    ──────────────────
     hz  杭州分销中心
     nj  南京分销中心
    ");
    assert_eq!(
        env.ok(["center", "list", "--format", "csv"]),
        "id,name\nhz,杭州分销中心\nnj,南京分销中心\n"
    );
    let json = env.json(["center", "list"]);
    assert_eq!(
        json,
        serde_json::json!([{"id": "hz", "name": "杭州分销中心"}, {"id": "nj", "name": "南京分销中心"}])
    );
}

/// Empty lists print an empty JSON array and a header-only CSV.
#[test]
fn empty_lists_are_well_formed() {
    let env = TestEnv::new();
    assert_eq!(env.json(["staff", "list"]), serde_json::json!([]));
    assert_eq!(env.ok(["center", "list", "--format", "csv"]), "id,name\n");
}

// ---------------------------------------------------------------------------------------------
// cs.toml validation: every command that reads the settings refuses a broken file, naming the
// line and the key.

/// A valid cs.toml the validation tests break one way at a time.
const SETTINGS: &str = r#"# 醇香酒业 settings, written by hand.
[company]
name = "醇香酒业"
default_class = "C"

[classes.A]
visit_every_days = 30
[classes.B]
visit_every_days = 60
[classes.C]
visit_every_days = 90

[[staff]]
id = "zhou"
name = "周建国"
role = "general_manager"

[[staff]]
id = "wang"
name = "王芳"
role = "consultant"
reports_to = "zhou"

[[center]]
id = "hz"
name = "杭州分销中心"
"#;

/// The 1-based line of the first line of `text` equal to `line`.
fn line_of(text: &str, line: &str) -> usize {
    text.lines()
        .position(|l| l == line)
        .unwrap_or_else(|| panic!("{line:?} not in:\n{text}"))
        + 1
}

/// Replaces the first line equal to `old` with `new` (which may be several lines).
fn replace_line(text: &str, old: &str, new: &str) -> String {
    let n = line_of(text, old);
    text.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == n { new.to_string() } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Writes `settings` as cs.toml and asserts that writing and checking commands exit 1 naming
/// `cs.toml:LINE` and `key`, leaving every file as it was, while reading commands answer with
/// a warning that names it.
fn assert_settings_refused(settings: &str, line: usize, key: &str) {
    let env = TestEnv::new();
    env.write("cs.toml", SETTINGS);
    env.add_customer("杭州西湖国宾馆", &["--owner", "wang"]);
    env.write("cs.toml", settings);
    let before = env.files();
    let expected = format!("cs.toml:{line}: {key}");
    for args in [
        vec!["customer", "add", "--name", "新客户"],
        vec!["customer", "edit", "杭州西湖国宾馆", "--class", "B"],
        vec!["customer", "archive", "杭州西湖国宾馆"],
        vec!["staff", "add", "--id", "li", "--name", "李娜", "--role", "consultant"],
        vec!["center", "add", "--id", "nj", "--name", "南京分销中心"],
    ] {
        let err = env.fails(&args);
        assert!(err.contains(&expected), "{args:?}: expected {expected:?} in:\n{err}");
    }
    for args in [
        vec!["customer", "list"],
        vec!["customer", "show", "杭州西湖国宾馆"],
        vec!["staff", "list"],
        vec!["center", "list"],
    ] {
        let out = env.cs(&args).assert().code(0);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            err.starts_with("warning: cs.toml has") && err.contains(&expected),
            "{args:?}: expected a warning naming {expected:?} in:\n{err}"
        );
    }
    // cs check lists the problem on stdout and exits 1.
    let out = env.cs(["check"]).assert().code(1).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains(&expected), "cs check: expected {expected:?} in:\n{out}");
    assert_eq!(env.files(), before, "a broken cs.toml must stop every write");
}

/// The base settings really are valid, so the tests below fail only for the reason they break.
#[test]
fn validation_base_settings_are_valid() {
    let env = TestEnv::new();
    env.write("cs.toml", SETTINGS);
    assert!(env.ok(["check"]).contains("no problems found"));
}

/// An unknown role in cs.toml names the line and `staff.role`.
#[test]
fn validation_unknown_role() {
    let text = SETTINGS.replace("role = \"consultant\"", "role = \"boss\"");
    assert_settings_refused(&text, line_of(&text, "role = \"boss\""), "staff.role");
}

/// `reports_to` naming no one names the line and `staff.reports_to`.
#[test]
fn validation_reports_to_nobody() {
    let text = SETTINGS.replace("reports_to = \"zhou\"", "reports_to = \"nobody\"");
    assert_settings_refused(&text, line_of(&text, "reports_to = \"nobody\""), "staff.reports_to");
}

/// A reporting cycle names a line of the loop and `staff.reports_to`.
#[test]
fn validation_reporting_cycle() {
    let text = replace_line(
        SETTINGS,
        "role = \"general_manager\"",
        "role = \"general_manager\"\nreports_to = \"wang\"",
    );
    // The loop wang → zhou → wang is reported once, at one of its two reports_to lines.
    let wang_line = line_of(&text, "reports_to = \"zhou\"");
    let zhou_line = line_of(&text, "reports_to = \"wang\"");
    let env = TestEnv::new();
    env.write("cs.toml", &text);
    let err = env.fails(["customer", "add", "--name", "新客户"]);
    let at_wang = format!("cs.toml:{wang_line}: staff.reports_to");
    let at_zhou = format!("cs.toml:{zhou_line}: staff.reports_to");
    assert!(err.contains(&at_wang) || err.contains(&at_zhou), "{err}");
    assert!(err.contains("loop"), "{err}");
    let line = if err.contains(&at_wang) { wang_line } else { zhou_line };
    assert_settings_refused(&text, line, "staff.reports_to");
}

/// A staff id used twice names the second one's line and `staff.id`.
#[test]
fn validation_duplicate_staff_id() {
    let text = SETTINGS.replace("id = \"wang\"", "id = \"zhou\"");
    let second = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "id = \"zhou\"")
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_settings_refused(&text, second, "staff.id");
}

/// A class without visit_every_days names its table's line and the class key.
#[test]
fn validation_class_without_visit_every_days() {
    let text = replace_line(SETTINGS, "visit_every_days = 60", "description = \"regular\"");
    assert_settings_refused(&text, line_of(&text, "[classes.B]"), "classes.B");
}

/// A TOML syntax error names its line, and stops writes.
#[test]
fn validation_syntax_error() {
    let text = replace_line(SETTINGS, "[[center]]", "[[center]");
    let env = TestEnv::new();
    env.write("cs.toml", &text);
    let before = env.files();
    let err = env.fails(["customer", "add", "--name", "新客户"]);
    assert!(
        err.contains(&format!("cs.toml:{}:", line_of(&text, "[[center]"))),
        "{err}"
    );
    env.fails(["customer", "add", "--name", "新客户"]);
    assert_eq!(env.files(), before);
}

/// An unknown key (a typo) is an error naming the line, not silently ignored: it stops writes,
/// and reads warn about it.
#[test]
fn validation_unknown_key() {
    let text = replace_line(SETTINGS, "name = \"王芳\"", "name = \"王芳\"\nphone_number = \"138\"");
    let env = TestEnv::new();
    env.write("cs.toml", &text);
    let err = env.fails(["customer", "add", "--name", "新客户"]);
    assert!(
        err.contains(&format!("cs.toml:{}:", line_of(&text, "phone_number = \"138\""))),
        "{err}"
    );
    assert!(err.contains("phone_number"), "{err}");
}

/// default_class naming an undefined class is refused with the key.
#[test]
fn validation_unknown_default_class() {
    let text = SETTINGS.replace("default_class = \"C\"", "default_class = \"D\"");
    assert_settings_refused(&text, line_of(&text, "default_class = \"D\""), "company.default_class");
}

/// A class name that could not be typed as one flag value or stored in a CSV cell is refused.
#[test]
fn validation_class_name_with_space() {
    let text = SETTINGS.replace("[classes.A]", "[classes.\"A B\"]");
    assert_settings_refused(&text, line_of(&text, "[classes.\"A B\"]"), "classes.A B");
}

/// Regression: `staff add` on a cs.toml saved on Windows (BOM, CRLF) rewrote every line as LF
/// without the BOM, so git showed the whole file as changed.
#[test]
fn staff_add_keeps_a_windows_files_bom_and_line_endings() {
    let env = TestEnv::new();
    let windows = format!("\u{feff}{}", env.read("cs.toml").replace('\n', "\r\n"));
    env.write("cs.toml", &windows);
    env.ok([
        "staff",
        "add",
        "--id",
        "zhou",
        "--name",
        "周建国",
        "--role",
        "general_manager",
    ]);
    let after = std::fs::read(env.path("cs.toml")).unwrap();
    assert!(
        after.starts_with(windows.as_bytes()),
        "the old text must stay byte for byte"
    );
    let added = String::from_utf8(after[windows.len()..].to_vec()).unwrap();
    assert!(added.contains("id = \"zhou\"\r\n"), "{added:?}");
    assert!(
        !added.replace("\r\n", "").contains('\n'),
        "every new line ends in CRLF: {added:?}"
    );
}

/// Several problems in cs.toml, a merge conflict among them: `cs check` lists every one at
/// once, by line; a list still answers, with a warning, leaving out what the problems concern;
/// nothing can be written until they are fixed.
#[test]
fn every_problem_in_cs_toml_is_reported_and_reads_go_on() {
    let env = TestEnv::new();
    env.write("cs.toml", SETTINGS);
    env.add_customer("杭州西湖国宾馆", &["--owner", "wang"]);
    let text = SETTINGS
        .replacen("[company]\n", "[company]\ncolour = \"red\"\n", 1)
        .replace("reports_to = \"zhou\"", "reports_to = \"zhuo\"");
    let text = format!(
        "{text}\n<<<<<<< HEAD\n[[center]]\nid = \"nj\"\nname = \"南京\"\n=======\n[[center]]\nid = \"nj\"\nname = \"南京分销中心\"\n>>>>>>> theirs\n"
    );
    env.write("cs.toml", &text);
    let before = env.files();
    let out = env.cs(["check"]).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let conflict = line_of(&text, "<<<<<<< HEAD");
    let expected = [
        format!("cs.toml:{}: unknown field `colour`", line_of(&text, "colour = \"red\"")),
        format!(
            "cs.toml:{}: staff.reports_to: 'zhuo' is not the id",
            line_of(&text, "reports_to = \"zhuo\"")
        ),
        format!(
            "cs.toml:{conflict}: a merge conflict git left in lines {conflict}–{}",
            conflict + 8
        ),
    ];
    let found: Vec<&str> = stdout.lines().filter(|l| l.starts_with("cs.toml:")).collect();
    assert_eq!(found.len(), 3, "{stdout}");
    for (line, expected) in found.iter().zip(&expected) {
        assert!(line.starts_with(expected), "{expected:?}\nin {line:?}");
    }
    let list = env.cs(["customer", "list", "--format", "csv"]).assert().code(0);
    let stderr = String::from_utf8_lossy(&list.get_output().stderr).into_owned();
    assert!(stderr.contains("cs.toml has 3 problems"), "{stderr}");
    let rows = parse_csv(&String::from_utf8_lossy(&list.get_output().stdout));
    assert_eq!(rows.len(), 1);
    let err = env.fails(["customer", "add", "--name", "新客户"]);
    assert!(err.contains(&expected[0]), "{err}");
    assert_eq!(env.files(), before);
}
