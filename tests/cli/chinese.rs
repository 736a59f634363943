//! The interface in Chinese (`CS_LANG=zh`) beside the English one, end to end on the sample
//! data: what people read (tables, labels, notes, errors, hints, `--help`) is in the language
//! asked for and stays aligned; what scripts read (CSV, JSON, exit codes) is the same bytes in
//! both languages; a language `cs` does not speak is refused.

use std::collections::BTreeMap;

use crate::support::{TestEnv, display_width, failure, sample, success, text};

/// `cs ARGS` spoken in `lang`, asserting exit code 0; returns stdout.
fn ok_in(env: &TestEnv, lang: &str, args: &[&str]) -> String {
    success(env.cs(args).env("CS_LANG", lang))
}

/// `cs ARGS` spoken in `lang`, asserting exit code 1 and nothing on stdout; returns stderr
/// (which starts with `error: ` only in English: [`failure`] would refuse the Chinese).
fn fails_in(env: &TestEnv, lang: &str, args: &[&str]) -> String {
    if lang == "en" {
        return failure(env.cs(args).env("CS_LANG", lang));
    }
    let assert = env.cs(args).env("CS_LANG", lang).assert().code(1);
    let output = assert.get_output();
    assert!(output.stdout.is_empty(), "a failing command prints nothing on stdout");
    text(&output.stderr)
}

/// `cs ARGS` spoken in `lang`, asserting exit code 0; returns stdout as bytes.
fn bytes_in(env: &TestEnv, lang: &str, args: &[&str]) -> Vec<u8> {
    env.cs(args)
        .env("CS_LANG", lang)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone()
}

// ---------------------------------------------------------------------------------------------
// what people read, in both languages

#[test]
fn customer_list_of_a_class() {
    let env = sample();
    let args = ["customer", "list", "--class", "A"];
    insta::assert_snapshot!("customer_list_class_a_zh", ok_in(&env, "zh", &args));
    insta::assert_snapshot!("customer_list_class_a_en", ok_in(&env, "en", &args));
}

/// Every field with its label, when the next visit is due, and the latest visits.
#[test]
fn customer_show_by_name() {
    let env = sample();
    let args = ["customer", "show", "杭州西湖国宾馆"];
    insta::assert_snapshot!("customer_show_zh", ok_in(&env, "zh", &args));
    insta::assert_snapshot!("customer_show_en", ok_in(&env, "en", &args));
}

#[test]
fn visit_due_as_of_a_day() {
    let env = sample();
    let args = ["visit", "due", "--as-of", "2026-11-29"];
    insta::assert_snapshot!("visit_due_zh", ok_in(&env, "zh", &args));
    insta::assert_snapshot!("visit_due_en", ok_in(&env, "en", &args));
}

/// A customer that matches nothing: the error, the closest names when there are any, and
/// the hint of how to search.
#[test]
fn an_unknown_customer_is_an_error_with_suggestions_and_a_hint() {
    let env = sample();
    let nothing_close = ["customer", "show", "不存在的客户"];
    insta::assert_snapshot!("unknown_customer_zh", fails_in(&env, "zh", &nothing_close));
    insta::assert_snapshot!("unknown_customer_en", fails_in(&env, "en", &nothing_close));
    let close = ["customer", "show", "杭州西湖宾馆"];
    insta::assert_snapshot!("unknown_customer_suggestions_zh", fails_in(&env, "zh", &close));
    insta::assert_snapshot!("unknown_customer_suggestions_en", fails_in(&env, "en", &close));
}

/// The help of a command, with its examples (from the catalog, not from the code). Until
/// locales/zh/help.zh.toml gives them, the Chinese help falls back to the English texts.
#[test]
fn visit_add_help() {
    let env = sample();
    let args = ["visit", "add", "--help"];
    let (zh, en) = (ok_in(&env, "zh", &args), ok_in(&env, "en", &args));
    assert!(en.contains("Examples:\n  cs visit add 杭州西湖国宾馆"), "{en}");
    let root = ok_in(&env, "en", &["--help"]);
    assert!(root.contains("Examples:\n  cs init wine-co --git"), "{root}");
    insta::assert_snapshot!("visit_add_help_zh", zh);
    insta::assert_snapshot!("visit_add_help_en", en);
}

// ---------------------------------------------------------------------------------------------
// what scripts read

/// Commands whose CSV and JSON scripts read, on the sample data (`cs check`'s summary and
/// problems are worded in English in CSV and JSON, whatever the language).
const FOR_SCRIPTS: &[&[&str]] = &[
    &["check"],
    &["customer", "list", "--class", "A"],
    &["customer", "list", "--all", "--sort", "name"],
    &["customer", "show", "杭州西湖国宾馆"],
    &["visit", "due", "--as-of", "2026-11-29"],
    &["visit", "list", "--limit", "20"],
    &["visit", "show", "V-8E02DM8X3P"],
    &["visit", "survey", "2026Q4"],
    &["staff", "list"],
    &["center", "list"],
];

/// CSV and JSON are the same bytes whatever the language: column names, values (statuses,
/// channels, roles) and numbers are never translated.
#[test]
fn csv_and_json_are_the_same_in_both_languages() {
    let env = sample();
    for args in FOR_SCRIPTS {
        for format in ["csv", "json"] {
            let mut full = args.to_vec();
            full.extend(["--format", format]);
            let (en, zh) = (bytes_in(&env, "en", &full), bytes_in(&env, "zh", &full));
            assert!(!en.is_empty(), "{full:?} printed nothing");
            assert_eq!(text(&zh), text(&en), "{full:?} differs between en and zh");
        }
    }
}

/// `--headers zh` gives the CSV headers in Chinese, for spreadsheets, in either language; the
/// rows stay what scripts read.
#[test]
fn csv_headers_in_chinese_when_asked_for() {
    let env = sample();
    let plain = ok_in(&env, "en", &["customer", "list", "--format", "csv"]);
    for lang in ["en", "zh"] {
        let chinese = ok_in(&env, lang, &["customer", "list", "--format", "csv", "--headers", "zh"]);
        let (header, rows) = chinese.split_once('\n').expect("a header line");
        let (plain_header, plain_rows) = plain.split_once('\n').expect("a header line");
        assert_eq!(rows, plain_rows, "--headers changes only the header");
        assert!(plain_header.starts_with("id,name,class,status,"), "{plain_header}");
        let fields: Vec<&str> = header.split(',').collect();
        assert_eq!(fields.len(), plain_header.split(',').count(), "{header}");
        assert_eq!(fields[..2], ["客户编号", "客户名称"], "{header}");
        assert!(
            fields
                .iter()
                .all(|f| f.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
            "every header is in Chinese: {header}"
        );
    }
    // And the other way: English headers in a Chinese session.
    let english = ok_in(&env, "zh", &["customer", "list", "--format", "csv", "--headers", "en"]);
    assert!(english.starts_with("id,name,class,status,"), "{english}");
}

// ---------------------------------------------------------------------------------------------
// alignment

/// The text of `line` from display column `from` (counting CJK characters as two) up to, not
/// including, display column `to` (`None`: to the end).
fn display_slice(line: &str, from: usize, to: Option<usize>) -> &str {
    let (mut start, mut end, mut column) = (line.len(), line.len(), 0);
    for (at, c) in line.char_indices() {
        if column >= from && start == line.len() {
            start = at;
        }
        if to.is_some_and(|to| column >= to) {
            end = at;
            break;
        }
        column += display_width(c.encode_utf8(&mut [0; 4]));
    }
    &line[start.min(end)..end]
}

/// With Chinese headers (as wide as two Latin letters a character) and Chinese names, every
/// cell of every line starts at the display column of its header.
#[test]
fn chinese_tables_are_aligned_by_display_width() {
    let env = sample();
    let table = ok_in(&env, "zh", &["customer", "list"]);
    let json: serde_json::Value =
        serde_json::from_str(&ok_in(&env, "zh", &["customer", "list", "--format", "json"])).unwrap();
    let customers = json.as_array().unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines.len(),
        customers.len() + 2,
        "header, rule, one line each:\n{table}"
    );

    // Header cells hold no blanks and are two or more blanks apart.
    let header = lines[0];
    let mut starts = Vec::new();
    let mut column = 0;
    let mut previous = ' ';
    for c in header.chars() {
        if c != ' ' && previous == ' ' {
            starts.push(column);
        }
        column += display_width(c.encode_utf8(&mut [0; 4]));
        previous = c;
    }
    let names: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(
        names,
        [
            "客户编号",
            "客户名称",
            "类别",
            "状态",
            "负责人",
            "分销中心",
            "联系人",
            "电话",
            "区域"
        ],
        "{table}"
    );
    let fields = [
        "id", "name", "class", "status", "owner", "center", "contact", "phone", "region",
    ];
    let statuses = BTreeMap::from([
        ("active", "活跃"),
        ("dormant", "休眠"),
        ("lost", "流失"),
        ("prospect", "潜在"),
    ]);

    for (line, customer) in lines[2..].iter().zip(customers) {
        for (index, field) in fields.iter().enumerate() {
            let (from, to) = (starts[index], starts.get(index + 1).copied());
            let cell = display_slice(line, from, to);
            assert!(
                display_slice(line, from - 1, Some(from)) == " ",
                "a value runs into the {field} column:\n{line}\n{table}"
            );
            let expected = customer[field].as_str().unwrap_or_default();
            let expected = if *field == "status" {
                statuses[expected]
            } else {
                expected
            };
            assert_eq!(
                cell.trim_end(),
                expected,
                "{field} is not under its header:\n{line}\n{table}"
            );
        }
    }
    assert!(lines.iter().all(|l| display_width(l) <= 120), "{table}");
}

// ---------------------------------------------------------------------------------------------
// languages cs does not speak

/// `lang = "jp"` in cs.toml is a settings error that `cs check` reports, naming the languages
/// there are.
#[test]
fn an_unknown_language_in_settings_is_a_settings_error() {
    let env = TestEnv::new();
    let settings = env.read("cs.toml");
    assert!(settings.contains("\nlang = \"en\"\n"), "{settings}");
    env.write("cs.toml", settings.replace("\nlang = \"en\"\n", "\nlang = \"jp\"\n"));

    let assert = env.cs(["check"]).assert().code(1);
    let report = text(&assert.get_output().stdout);
    let problem = report
        .lines()
        .find(|l| l.contains("company.lang"))
        .unwrap_or_else(|| panic!("no problem with company.lang:\n{report}"));
    assert!(problem.starts_with("cs.toml:"), "{problem}");
    assert!(
        problem.contains("'jp'") && problem.contains("\"en\"") && problem.contains("\"zh\""),
        "names the value and the languages there are: {problem}"
    );

    let json = env
        .cs(["check", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json["ok"], false);
    assert!(
        json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["field"] == "company.lang"),
        "{json}"
    );
}

/// `CS_LANG=jp` is a usage error (exit code 2) naming the languages there are, before
/// anything else is done.
#[test]
fn an_unknown_cs_lang_is_a_usage_error() {
    let env = sample();
    for args in [&["customer", "list"][..], &["--help"], &["check"]] {
        let assert = env.cs(args).env("CS_LANG", "jp").assert().code(2);
        let output = assert.get_output();
        assert!(output.stdout.is_empty(), "{args:?} printed on stdout");
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with("error: CS_LANG: 'jp'"), "{stderr}");
        assert!(stderr.contains("en") && stderr.contains("zh"), "{stderr}");
    }
}

/// Regression: in Chinese, a complaint's history headed its `by` column 回访人 (a visit's
/// visitor), and `cs today` kept the filter `owner=wang` in English.
#[test]
fn complaint_history_and_today_speak_chinese_throughout() {
    let env = crate::support::sample();
    let zh = |args: &[&str]| {
        let mut cmd = env.cs(args);
        cmd.env("CS_LANG", "zh");
        crate::support::success(&mut cmd)
    };
    let shown = zh(&["complaint", "show", "T-ZABM7ZYKE2"]);
    let header = shown.lines().find(|l| l.contains("新状态")).expect("history header");
    assert!(header.contains("操作人") && !header.contains("回访人"), "{header}");
    let today = zh(&["today", "--by", "wang"]);
    assert!(today.contains("· 负责人=wang") && !today.contains("owner="), "{today}");
}
