//! Which language cs speaks: `CS_LANG`, else `lang` in cs.toml, else (before there is a data
//! directory) the system's locale, which `cs init` writes into cs.toml.

use crate::support::TestEnv;

/// Runs a command that must fail with exit code 1 and returns its stderr, in any language.
fn stderr_of_failure(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn init_writes_the_language_of_the_system_locale() {
    for (locale, expected) in [("zh_CN.UTF-8", "zh"), ("C.UTF-8", "en"), ("en_US.UTF-8", "en")] {
        let env = TestEnv::bare();
        crate::support::success(env.cs(["init"]).env("LANG", locale));
        let settings = env.read("cs.toml");
        assert!(
            settings.contains(&format!("lang = \"{expected}\"")),
            "{locale}: {settings}"
        );
    }
    let env = TestEnv::bare();
    crate::support::success(env.cs(["init", "--lang", "zh"]).env("LANG", "C.UTF-8"));
    assert!(env.read("cs.toml").contains("lang = \"zh\""));
}

#[test]
fn cs_lang_beats_cs_toml_which_beats_the_locale() {
    let env = TestEnv::bare();
    crate::support::success(&mut env.cs(["init", "--lang", "zh"]));
    let zh = stderr_of_failure(&mut env.cs(["customer", "show", "没有这个客户"]));
    assert!(zh.contains("没有与“没有这个客户”匹配的客户"), "{zh}");
    assert!(zh.contains("错误："), "{zh}");
    let en = stderr_of_failure(env.cs(["customer", "show", "没有这个客户"]).env("CS_LANG", "en"));
    assert!(en.contains("no customer matches '没有这个客户'"), "{en}");
    // The locale does not override the data directory's language.
    let still_zh = stderr_of_failure(env.cs(["customer", "show", "x"]).env("LANG", "en_US.UTF-8"));
    assert!(still_zh.contains("没有与"), "{still_zh}");
}

#[test]
fn help_before_any_data_directory_follows_the_locale() {
    let env = TestEnv::bare();
    let zh = crate::support::success(env.cs(["--help"]).env("LANG", "zh_CN.UTF-8"));
    assert!(zh.contains("用法：") && zh.contains("命令"), "{zh}");
    let en = crate::support::success(&mut env.cs(["--help"]));
    assert!(en.contains("Usage:") && en.contains("Commands"), "{en}");
}

/// Regression: `cs init --lang zh` in an English environment confirmed in English; the
/// confirmation is now in the language of the directory it made (and English for `--lang en`).
#[test]
fn init_confirms_in_the_language_of_the_new_directory() {
    let env = TestEnv::bare();
    let out = env
        .cs(["init", "--lang", "zh"])
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("已创建") && !said.contains("created"), "{said}");
    let env = TestEnv::bare();
    let out = env
        .cs(["init", "--lang", "en"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.starts_with("created"), "{said}");
}
