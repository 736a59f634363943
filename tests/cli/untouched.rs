//! Bad input never changes a file: every refused command exits non-zero with a message naming
//! the problem and leaves every file of the data directory byte-for-byte as it was.

use std::fs;

use crate::support::{TestEnv, failure, snapshot_dir, words};

/// A department with two customers, one archived.
fn department() -> (TestEnv, String, String) {
    let env = TestEnv::with_team();
    let a = env.add_customer(
        "杭州西湖国宾馆",
        &words("--class A --owner wang --phone 0571-87651234 --tag vip"),
    );
    env.ok(words("customer add --id KH-0042 --name 金陵饭店 --owner li"));
    let b = "KH-0042".to_string();
    let gone = env.add_customer("无锡太湖饭店", &[]);
    env.ok(["customer", "archive", &gone]);
    (env, a, b)
}

/// Every refusal of a write: exit 1, a message naming the problem, and no file changed.
#[test]
fn refused_writes_change_nothing() {
    let (env, a, b) = department();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["customer", "add", "--name", "新客户", "--class", "Z"],
            "unknown class 'Z'",
        ),
        (
            vec!["customer", "add", "--name", "新客户", "--owner", "nobody"],
            "'nobody'",
        ),
        (vec!["customer", "add", "--name", "新客户", "--center", "sh"], "'sh'"),
        (
            vec!["customer", "add", "--name", "新客户", "--id", "KH-0042"],
            "KH-0042",
        ),
        (
            vec!["customer", "add", "--name", "新客户", "--id", "has space"],
            "has space",
        ),
        (
            words("customer add --name 杭州西湖国宾馆 --phone 0571-87651234"),
            a.as_str(),
        ),
        (vec!["customer", "edit", &a, "--class", "Z"], "unknown class 'Z'"),
        (vec!["customer", "edit", &b, "--owner", "nobody"], "'nobody'"),
        (vec!["customer", "edit", &a, "--remove-tag", "宴会"], "宴会"),
        (vec!["customer", "edit", "C-", "--class", "B"], "matches"),
        (vec!["customer", "edit", "no-such", "--class", "B"], "no-such"),
        (vec!["customer", "archive", "no-such"], "no-such"),
        (
            vec!["staff", "add", "--id", "wang", "--name", "王二", "--role", "consultant"],
            "wang",
        ),
        (
            words("staff add --id x --name 某人 --role consultant --reports-to nobody"),
            "nobody",
        ),
        (
            vec!["staff", "add", "--id", "x", "--name", " ", "--role", "consultant"],
            "--name",
        ),
        (vec!["center", "add", "--id", "hz", "--name", "又一个杭州"], "hz"),
        (vec!["init"], "cs.toml"),
    ];
    let before = env.files();
    for (args, named) in cases {
        let err = env.fails(&args);
        assert!(err.contains(named), "{args:?}: expected {named:?} in:\n{err}");
        assert_eq!(env.files(), before, "{args:?} changed a file");
    }
}

/// Usage errors (exit 2) change nothing either.
#[test]
fn usage_errors_change_nothing() {
    let (env, a, _) = department();
    let before = env.files();
    for args in [
        vec!["staff", "add", "--id", "x", "--name", "某人", "--role", "boss"],
        vec!["customer", "add", "--name", "新客户", "--status", "gone"],
        vec!["customer", "add", "--class", "A"],
        vec!["customer", "edit", &a, "--status", "gone"],
        vec!["customer", "edit", &a],
        vec!["customer", "list", "--sort", "colour"],
    ] {
        env.usage(&args);
        assert_eq!(env.files(), before, "{args:?} changed a file");
    }
}

/// A malformed line added by hand: add, list, show, edit and archive all fail naming
/// `customers.csv:LINE`, and nothing is written (the bad line is not "repaired" either).
#[test]
fn malformed_line_stops_every_command() {
    let (env, a, _) = department();
    env.append("customers.csv", "C-BROKEN,半行,\"unterminated\n");
    let line = env.read("customers.csv").lines().count();
    let before = env.files();
    let expected = format!("customers.csv:{line}");
    for args in [
        vec!["customer", "add", "--name", "新客户"],
        vec!["customer", "list"],
        vec!["customer", "list", "--all", "--format", "json"],
        vec!["customer", "show", &a],
        vec!["customer", "edit", &a, "--class", "B"],
        vec!["customer", "archive", &a],
    ] {
        let err = env.fails(&args);
        assert!(err.contains(&expected), "{args:?}: expected {expected:?} in:\n{err}");
        assert_eq!(env.files(), before, "{args:?} changed a file");
    }
}

/// A line with too few fields in the middle of the file is named by its line number.
#[test]
fn short_line_in_the_middle_is_named() {
    let (env, _, _) = department();
    let text = env.read("customers.csv");
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(2, "C-SHORT,只有三列,A");
    env.write("customers.csv", lines.join("\n") + "\n");
    let before = env.files();
    let err = env.fails(["customer", "add", "--name", "新客户"]);
    assert!(err.contains("customers.csv:3"), "{err}");
    let err = env.fails(["customer", "list"]);
    assert!(err.contains("customers.csv:3"), "{err}");
    assert_eq!(env.files(), before);
}

/// A record whose values break the rules (bad status, bad time) stops writes too.
#[test]
fn unreadable_value_stops_writes() {
    let (env, a, _) = department();
    let text = env.read("customers.csv").replacen(",active,", ",asleep,", 1);
    env.write("customers.csv", text);
    let before = env.files();
    let err = env.fails(["customer", "add", "--name", "新客户"]);
    assert!(err.contains("customers.csv:2") && err.contains("status"), "{err}");
    env.fails(["customer", "edit", &a, "--class", "B"]);
    assert_eq!(env.files(), before);
}

/// A broken cs.toml stops every write; reads answer with a warning naming it, and change
/// nothing either.
#[test]
fn broken_settings_stop_every_write() {
    let (env, a, _) = department();
    env.append("cs.toml", "\n[[staff]\nid = \"oops\"\n");
    let before = env.files();
    for args in [
        vec!["customer", "add", "--name", "新客户"],
        vec!["customer", "edit", &a, "--class", "B"],
        vec!["customer", "archive", &a],
        vec!["staff", "add", "--id", "x", "--name", "某人", "--role", "consultant"],
        vec!["center", "add", "--id", "sh", "--name", "上海分销中心"],
    ] {
        let err = env.fails(&args);
        assert!(err.contains("cs.toml:"), "{args:?}: {err}");
        assert_eq!(env.files(), before, "{args:?} changed a file");
    }
    for args in [
        vec!["customer", "list"],
        vec!["customer", "show", &a],
        vec!["staff", "list"],
    ] {
        let out = env.cs(&args).assert().code(0);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            err.starts_with("warning: cs.toml has") && err.contains("cs.toml:"),
            "{args:?}: {err}"
        );
        assert_eq!(env.files(), before, "{args:?} changed a file");
    }
}

/// A cs.toml that is not UTF-8 is refused with its name.
#[test]
fn settings_not_utf8_are_refused() {
    let (env, _, _) = department();
    let mut bytes = fs::read(env.path("cs.toml")).unwrap();
    bytes.extend_from_slice(b"# \xff\xfe\n");
    env.write("cs.toml", &bytes);
    let before = env.files();
    let err = env.fails(["customer", "add", "--name", "新客户"]);
    assert!(err.contains("cs.toml"), "{err}");
    assert_eq!(env.files(), before);
}

/// With no data directory, a write creates nothing anywhere (no lock directory, no table).
#[test]
fn no_data_dir_creates_nothing() {
    let env = TestEnv::bare();
    let before = snapshot_dir(env.root());
    for args in [
        vec!["customer", "add", "--name", "新客户"],
        vec!["staff", "add", "--id", "x", "--name", "某人", "--role", "consultant"],
        vec!["center", "add", "--id", "hz", "--name", "杭州分销中心"],
    ] {
        let err = failure(&mut env.cs_in(env.root(), &args));
        assert!(err.contains("cs init"), "{args:?}: {err}");
        let err = failure(&mut env.cs(&args));
        assert!(err.contains("cs init"), "{args:?}: {err}");
    }
    assert_eq!(snapshot_dir(env.root()), before);
    assert!(!env.root().join(".cs").exists() && !env.data().join(".cs").exists());
}
