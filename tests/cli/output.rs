//! What every command promises about its output: the three formats, errors on stderr only,
//! exit codes 0 / 1 / 2, and no colour codes when output is not for a terminal.

use crate::support::{TestEnv, parse_csv, text};

/// Every listing command accepts every format, and each output parses as what it claims to be.
#[test]
fn every_list_prints_every_format() {
    let env = TestEnv::with_team();
    let id = env.add_customer("杭州西湖国宾馆", &["--owner", "wang", "--tag", "vip"]);
    for args in [
        vec!["customer", "list"],
        vec!["customer", "show", id.as_str()],
        vec!["staff", "list"],
        vec!["center", "list"],
    ] {
        let table = env.ok(&args);
        assert!(!table.is_empty() && table.ends_with('\n'), "{args:?}: {table:?}");

        let mut csv_args = args.clone();
        csv_args.extend(["--format", "csv"]);
        let csv = env.ok(&csv_args);
        let rows = parse_csv(&csv);
        assert!(!rows.is_empty(), "{args:?}: {csv}");

        let json = env.json(&args);
        assert!(json.is_array() || json.is_object(), "{args:?}: {json}");
    }
}

/// `--format table` is the default.
#[test]
fn table_is_the_default_format() {
    let env = TestEnv::new();
    env.add_customer("金陵饭店", &[]);
    assert_eq!(
        env.ok(["customer", "list"]),
        env.ok(["customer", "list", "--format", "table"])
    );
}

/// An unknown format is a usage error with nothing on stdout.
#[test]
fn unknown_format_is_a_usage_error() {
    let env = TestEnv::new();
    let err = env.usage(["customer", "list", "--format", "xml"]);
    assert!(err.contains("xml"), "{err}");
}

/// Usage errors exit 2: unknown subcommand, unknown flag, missing value, bad CS_NOW / CS_SEED.
#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::new();
    env.usage(["customer", "frobnicate"]);
    env.usage(["customer", "list", "--colour"]);
    env.usage(["customer", "show"]);
    env.usage(["customer", "add", "--name"]);
    env.usage(Vec::<&str>::new());
    let out = env.cs(["customer", "list"]).env("CS_NOW", "yesterday").assert().code(2);
    let err = text(&out.get_output().stderr);
    assert!(err.contains("CS_NOW"), "{err}");
    env.cs(["customer", "list"])
        .env("CS_SEED", "forty-two")
        .assert()
        .code(2);
}

/// `--help` and `--version` succeed and print on stdout.
#[test]
fn help_and_version_exit_0() {
    let env = TestEnv::new();
    assert!(env.ok(["--help"]).contains("customer"));
    assert!(env.ok(["customer", "add", "--help"]).contains("--name"));
    assert!(env.ok(["--version"]).starts_with("cs "));
}

/// A failure prints `error: ...` on stderr, nothing on stdout, and exits 1.
#[test]
fn failures_use_stderr_and_exit_1() {
    let env = TestEnv::new();
    // `fails` asserts exit 1, an empty stdout and the `error: ` prefix.
    let err = env.fails(["customer", "show", "nobody"]);
    assert!(err.contains("nobody"), "{err}");
    let err = env.fails(["customer", "add", "--name", "x", "--class", "Z"]);
    assert!(err.contains("hint:"), "a refusal says what to do next: {err}");
}

/// Successful writes print only their result on stdout (the new id); notes go to stderr.
#[test]
fn writes_print_only_their_result() {
    let env = TestEnv::new();
    let out = env.cs(["customer", "add", "--name", "金陵饭店"]).assert().code(0);
    let stdout = text(&out.get_output().stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let id = stdout.trim_end();
    let out = env.cs(["customer", "archive", id]).assert().code(0);
    assert!(out.get_output().stdout.is_empty());
    assert!(
        !out.get_output().stderr.is_empty(),
        "archive tells the person what happened"
    );
}

fn assert_no_escapes(what: &str, bytes: &[u8]) {
    assert!(!bytes.contains(&0x1b), "{what} holds an escape code: {:?}", text(bytes));
}

/// No ANSI escape codes with NO_COLOR, nor when output is a pipe even without NO_COLOR.
#[test]
fn no_colour_codes_when_not_a_terminal() {
    let env = TestEnv::with_team();
    let id = env.add_customer("杭州西湖国宾馆", &["--owner", "wang"]);
    let commands: Vec<Vec<&str>> = vec![
        vec!["customer", "list"],
        vec!["customer", "show", &id],
        vec!["staff", "list"],
        vec!["check"],
        vec!["customer", "show", "nobody"],
        vec!["customer", "add", "--name", "x", "--class", "Z"],
        vec!["customer", "list", "--bogus"],
    ];
    for no_color in [true, false] {
        for args in &commands {
            let mut cmd = env.cs(args);
            if !no_color {
                cmd.env_remove("NO_COLOR");
            }
            let output = cmd.output().expect("running cs");
            let what = format!("{args:?} (NO_COLOR set: {no_color})");
            assert_no_escapes(&format!("stdout of {what}"), &output.stdout);
            assert_no_escapes(&format!("stderr of {what}"), &output.stderr);
        }
    }
}

/// Runs `cs customer list --format FORMAT | head -n 1` on 3000 customers (far more than a
/// pipe holds, so `cs` is still writing when `head` goes away) and returns cs's exit status
/// and stderr.
fn list_into_closed_pipe(format: &str) -> (std::process::ExitStatus, String) {
    let env = TestEnv::new();
    let mut csv = env.read("customers.csv");
    for i in 0..3000 {
        csv.push_str(&format!(
            "KH-{i:05},客户{i},C,active,,,,,,,,,,,2026-11-29T09:30:00+08:00,2026-11-29T09:30:00+08:00,\n"
        ));
    }
    env.write("customers.csv", csv);
    let script = format!(
        "set -o pipefail; '{}' customer list --all --format {format} | head -n 1 > /dev/null",
        crate::support::cs_bin().display()
    );
    let output = std::process::Command::new("bash")
        .args(["-c", &script])
        .current_dir(env.data())
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    (output.status, text(&output.stderr))
}

/// A closed pipe (`cs customer list | head -n 1`) is not an error: table output.
#[test]
fn broken_pipe_is_not_an_error_table() {
    let (status, stderr) = list_into_closed_pipe("table");
    assert!(status.success() && stderr.is_empty(), "{status:?}: {stderr}");
}

/// A closed pipe is not an error: JSON output.
#[test]
fn broken_pipe_is_not_an_error_json() {
    let (status, stderr) = list_into_closed_pipe("json");
    assert!(status.success() && stderr.is_empty(), "{status:?}: {stderr}");
}

/// A closed pipe is not an error: CSV output.
#[test]
fn broken_pipe_is_not_an_error_csv() {
    let (status, stderr) = list_into_closed_pipe("csv");
    assert!(status.success() && stderr.is_empty(), "{status:?}: {stderr}");
}

/// Regression: an I/O error printed the operating system's message twice.
#[test]
fn io_errors_name_the_file_and_say_the_cause_once() {
    let env = TestEnv::new();
    std::fs::remove_file(env.path("customers.csv")).unwrap();
    std::fs::create_dir(env.path("customers.csv")).unwrap();
    let stderr = env.fails(["customer", "list"]);
    assert!(stderr.contains("customers.csv: "), "{stderr}");
    assert_eq!(stderr.matches("(os error").count(), 1, "{stderr}");
}
