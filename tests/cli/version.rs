//! `cs --version` names the data format, `cs init` records it, and a data directory in a newer
//! format is refused whole rather than misread.

use crate::support::{TestEnv, sample, success};

#[test]
fn version_names_the_program_and_the_data_format() {
    let env = TestEnv::bare();
    let out = env.ok(["--version"]);
    assert_eq!(out.trim(), format!("cs {} (data format 1)", env!("CARGO_PKG_VERSION")));
    let out = success(env.cs(["--version"]).env("CS_LANG", "zh"));
    assert_eq!(out.trim(), format!("cs {}（数据格式 1）", env!("CARGO_PKG_VERSION")));
}

#[test]
fn init_records_the_format_and_a_directory_without_it_is_format_one() {
    let env = TestEnv::new();
    let settings = env.read("cs.toml");
    assert!(settings.lines().any(|line| line == "format = 1"), "{settings}");
    // The sample data was written before the key existed in some copies: remove it, all works.
    let old = sample();
    let text = old.read("cs.toml").replace("format = 1", "");
    old.write("cs.toml", text);
    old.ok(["check"]);
    assert!(old.ok(["customer", "list"]).contains("杭州西湖国宾馆"));
}

#[test]
fn a_newer_format_is_refused_naming_both_versions_and_nothing_is_touched() {
    let env = sample();
    let text = env.read("cs.toml").replace("format = 1", "format = 2");
    env.write("cs.toml", &text);
    let before = env.files();
    for args in [
        &["customer", "list"][..],
        &["check"],
        &["visit", "add", "杭州西湖国宾馆", "-c", "phone", "-p", "routine"],
    ] {
        let err = env.fails(args);
        assert!(
            err.contains("data format 2") && err.contains("data format 1 at most"),
            "{err}"
        );
        assert!(err.contains("hint: install a newer cs"), "{err}");
    }
    let assert = env.cs(["customer", "list"]).env("CS_LANG", "zh").assert().code(1);
    let err = crate::support::text(&assert.get_output().stderr);
    assert!(err.contains("数据格式为 2") && err.contains("数据格式 1"), "{err}");
    assert_eq!(env.files(), before, "a refused directory must be left as it was");
}

#[test]
fn a_format_that_is_not_a_version_is_a_settings_problem() {
    let env = TestEnv::new();
    let text = env.read("cs.toml").replace("format = 1", "format = \"one\"");
    env.write("cs.toml", &text);
    let assert = env.cs(["check"]).assert().code(1);
    let out = crate::support::text(&assert.get_output().stdout);
    assert!(out.contains("cs.toml:37: format: must be a whole number"), "{out}");
}
