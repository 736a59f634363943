//! A mistyped command or value suggests the one meant, in the language being spoken: clap's
//! suggestions for commands and flags, ours for the values our own parsers read (channels,
//! purposes, severities, statuses, roles, categories, staff, carriers).

use crate::support::{TestEnv, sample, text};

/// Runs `cs ARGS` in `lang`, expects a usage or a failure exit code, and returns stderr.
fn refused(env: &TestEnv, lang: &str, args: &[&str]) -> String {
    let output = env.cs(args).env("CS_LANG", lang).output().expect("running cs");
    let code = output.status.code();
    assert!(matches!(code, Some(1 | 2)), "{args:?} must be refused, got {code:?}");
    assert!(output.stdout.is_empty(), "{args:?} printed on stdout");
    text(&output.stderr)
}

#[test]
fn a_mistyped_command_suggests_the_right_one_in_both_languages() {
    let env = TestEnv::new();
    let en = refused(&env, "en", &["vist"]);
    assert!(
        en.contains("unrecognized subcommand 'vist'") && en.contains("'visit'"),
        "{en}"
    );
    let zh = refused(&env, "zh", &["vist"]);
    assert!(
        zh.contains("没有命令“vist”") && zh.contains("您要找的是不是") && zh.contains("visit"),
        "{zh}"
    );
    let zh = refused(&env, "zh", &["visit", "ad"]);
    assert!(zh.contains("您要找的是不是“add”"), "{zh}");
    assert!(
        !zh.contains("did you mean") && !zh.contains("tip:"),
        "no English in Chinese: {zh}"
    );
}

#[test]
fn a_mistyped_value_suggests_the_nearest_valid_one_in_both_languages() {
    let env = sample();
    let cases: &[(&[&str], &str)] = &[
        (&["visit", "add", "杭州西湖国宾馆", "--channel", "phne"], "phone"),
        (&["visit", "add", "杭州西湖国宾馆", "--channel", "电活"], "电话"),
        (&["visit", "list", "--purpose", "rutine"], "routine"),
        (&["complaint", "list", "--severity", "hihg"], "high"),
        (&["complaint", "list", "--status", "resolvd"], "resolved"),
        (&["customer", "list", "--status", "activ"], "active"),
        (&["shipment", "list", "--status", "delivred"], "delivered"),
        (&["label", "list", "--status", "aproved"], "approved"),
        (
            &["staff", "add", "--id", "x", "--name", "x", "--role", "consultent"],
            "consultant",
        ),
        (
            &[
                "visit",
                "add",
                "杭州西湖国宾馆",
                "-c",
                "phone",
                "-p",
                "routine",
                "--by",
                "wnag",
            ],
            "wang",
        ),
        (
            &[
                "complaint",
                "add",
                "杭州西湖国宾馆",
                "--category",
                "qualty",
                "--severity",
                "low",
                "--summary",
                "x",
            ],
            "quality",
        ),
        (
            &[
                "shipment",
                "add",
                "杭州西湖国宾馆",
                "--carrier",
                "顺风",
                "--tracking",
                "SF1",
            ],
            "顺丰",
        ),
    ];
    let before = env.files();
    for (args, meant) in cases {
        let en = refused(&env, "en", args);
        assert!(en.contains(&format!("did you mean '{meant}'?")), "{args:?}:\n{en}");
        let zh = refused(&env, "zh", args);
        assert!(zh.contains(&format!("您要输入的是不是“{meant}”？")), "{args:?}:\n{zh}");
    }
    // A word like no valid one gets no guess.
    let en = refused(&env, "en", &["visit", "list", "--channel", "fax"]);
    assert!(
        en.contains("unknown channel 'fax'") && !en.contains("did you mean"),
        "{en}"
    );
    assert_eq!(env.files(), before, "refused commands write nothing");
}
