//! `cs report`: the customers report's figures on a data set small enough to count by hand,
//! the filters, every format, and the quarterly report of the sample data.

use crate::support::{TestEnv, copy_dir, repo_root, success};

/// Runs `cs ARGS` at the moment `now` as `user`, asserting success.
fn at(env: &TestEnv, now: &str, user: &str, args: &[&str]) -> String {
    success(env.cs(args).env("CS_NOW", now).env("CS_USER", user))
}

/// Three customers, told so the figures can be counted by hand (see each line):
/// - 西湖 (A, wang, hz, 华东), added 2026-08-10 (Q3), last visited 2026-08-15: class A is
///   visited every 30 days, so on 2026-11-28 it is 75 days overdue, more than 30: at risk.
/// - 金陵 (B, li, nj, 华北), added 2026-10-05 (Q4), visited 2026-11-10; made class A on
///   2026-11-03 (a class change in Q4).
/// - 南湖 (C prospect, wang), added 2026-10-20 (Q4), converted to active on 2026-11-02; never
///   visited, due 90 days after it was added: not at risk.
fn counted_by_hand() -> (TestEnv, [String; 3]) {
    let env = TestEnv::with_team();
    let xihu = at(
        &env,
        "2026-08-10T10:00:00+08:00",
        "wang",
        &[
            "customer", "add", "--name", "西湖", "--class", "A", "--owner", "wang", "--center", "hz", "--region",
            "华东",
        ],
    );
    let jinling = at(
        &env,
        "2026-10-05T10:00:00+08:00",
        "li",
        &[
            "customer", "add", "--name", "金陵", "--class", "B", "--owner", "li", "--center", "nj", "--region", "华北",
        ],
    );
    let nanhu = at(
        &env,
        "2026-10-20T10:00:00+08:00",
        "wang",
        &[
            "customer", "add", "--name", "南湖", "--class", "C", "--owner", "wang", "--status", "prospect",
        ],
    );
    let (xihu, jinling, nanhu) = (
        xihu.trim().to_string(),
        jinling.trim().to_string(),
        nanhu.trim().to_string(),
    );
    at(
        &env,
        "2026-08-15T10:00:00+08:00",
        "wang",
        &[
            "visit",
            "add",
            &xihu,
            "-c",
            "phone",
            "-p",
            "routine",
            "--date",
            "2026-08-15",
        ],
    );
    at(
        &env,
        "2026-11-02T10:00:00+08:00",
        "wang",
        &["customer", "edit", &nanhu, "--status", "active"],
    );
    at(
        &env,
        "2026-11-03T10:00:00+08:00",
        "zheng",
        &["customer", "edit", &jinling, "--class", "A"],
    );
    at(
        &env,
        "2026-11-10T10:00:00+08:00",
        "li",
        &[
            "visit",
            "add",
            &jinling,
            "-c",
            "onsite",
            "-p",
            "routine",
            "--date",
            "2026-11-10",
        ],
    );
    (env, [xihu, jinling, nanhu])
}

fn report(env: &TestEnv, args: &[&str]) -> serde_json::Value {
    let mut full = vec!["report"];
    full.extend_from_slice(args);
    env.json(full)
}

#[test]
fn the_customers_report_counts_what_was_counted_by_hand() {
    let (env, [xihu, jinling, _]) = counted_by_hand();
    let r = report(&env, &["customers", "--quarter", "2026Q4", "--as-of", "2026-11-28"]);
    let figures = &r["figures"];
    let previous = &r["previous_figures"];
    for (key, value) in [
        ("customers", 3),
        ("active", 3),
        ("new", 2),
        ("converted", 1),
        ("class_changes", 1),
        ("at_risk", 1),
    ] {
        assert_eq!(figures[format!("customers.{key}")], value, "{key}: {figures}");
    }
    for (key, value) in [("new", 1), ("converted", 0), ("class_changes", 0)] {
        assert_eq!(
            previous[format!("customers.{key}")],
            value,
            "previous {key}: {previous}"
        );
    }
    assert_eq!(r["previous"]["name"], "2026Q3");
    assert_eq!(r["distributions"]["by_class"], serde_json::json!({"A": 2, "C": 1}));
    assert_eq!(r["distributions"]["by_region"]["华北"], 1);
    let at_risk = r["tables"]["at_risk"].as_array().unwrap();
    assert_eq!(at_risk.len(), 1);
    assert_eq!(at_risk[0]["customer"], xihu.as_str());
    assert_eq!(at_risk[0]["days_overdue"], 75);
    let changes = r["tables"]["class_changes"].as_array().unwrap();
    assert_eq!(changes[0]["customer"], jinling.as_str());
    assert_eq!(
        (changes[0]["from"].as_str(), changes[0]["to"].as_str()),
        (Some("B"), Some("A"))
    );

    // Only wang's customers: 西湖 and 南湖.
    let r = report(
        &env,
        &[
            "customers",
            "--quarter",
            "2026Q4",
            "--as-of",
            "2026-11-28",
            "--owner",
            "王芳",
        ],
    );
    assert_eq!(r["filters"]["owner"], "wang");
    for (key, value) in [
        ("customers", 2),
        ("new", 1),
        ("converted", 1),
        ("class_changes", 0),
        ("at_risk", 1),
    ] {
        assert_eq!(r["figures"][format!("customers.{key}")], value, "{key}");
    }
    // A month with nothing in it: counts are 0, never a missing figure.
    let r = report(&env, &["customers", "--month", "2026-06"]);
    assert_eq!(r["figures"]["customers.new"], 0);
}

#[test]
fn every_format_and_the_refusals() {
    let (env, _) = counted_by_hand();
    let args = ["report", "customers", "--quarter", "2026Q4", "--as-of", "2026-11-28"];
    let text = env.ok(args);
    assert!(
        text.starts_with("Customer analysis report\n") && text.contains("By class"),
        "{text}"
    );
    let zh = env.ok([&args[..], &["--lang", "zh"]].concat());
    assert!(zh.starts_with("客户分析报告\n") && zh.contains("按类别"), "{zh}");
    let md = env.ok([&args[..], &["--format", "md"]].concat());
    assert!(
        md.starts_with("# Customer analysis report") && md.contains("|---|"),
        "{md}"
    );
    let html = env.ok([&args[..], &["--format", "html"]].concat());
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"), "{html}");
    assert!(
        !html.contains("<script") && !html.contains("https://") && !html.contains("<link"),
        "self-contained"
    );
    let csv = env.ok([&args[..], &["--format", "csv", "--table", "at_risk"]].concat());
    assert!(
        csv.starts_with("customer,name,class,owner,last_visit,days_overdue\n"),
        "{csv}"
    );
    let figures = env.ok([&args[..], &["--format", "csv", "--table", "figures"]].concat());
    assert!(figures.contains("customers.new,New customers,2,1\n"), "{figures}");
    let err = env.fails([&args[..], &["--format", "csv"]].concat());
    assert!(err.contains("--table") && err.contains("at_risk"), "{err}");
    let out = env.root().join("report.html");
    env.ok([&args[..], &["--format", "html", "-o", out.to_str().unwrap()]].concat());
    assert!(std::fs::read_to_string(&out).unwrap().contains("</html>"));
    // Markdown and HTML are for reports only; a bad period is named.
    let err = env.usage(["customer", "list", "--format", "md"]);
    assert!(err.contains("--format md"), "{err}");
    assert!(
        env.fails(["report", "customers", "--quarter", "2026Q5"])
            .contains("not a quarter")
    );
    assert!(
        env.fails(["report", "customers", "--owner", "nobody"])
            .contains("nobody")
    );
}

#[test]
fn the_quarterly_report_of_the_sample_data() {
    let env = TestEnv::bare();
    copy_dir(&repo_root().join("examples/wine-co"), env.data());
    let args = [
        "report",
        "quarterly",
        "--quarter",
        "2026Q4",
        "--as-of",
        "2026-11-28",
        "--format",
        "md",
    ];
    insta::assert_snapshot!("quarterly_sample_md_zh", success(env.cs(args).env("CS_LANG", "zh")));
    insta::assert_snapshot!("quarterly_sample_md_en", env.ok(args));
    let r = env.json(["report", "quarterly", "--quarter", "2026Q4", "--as-of", "2026-11-28"]);
    assert_eq!(r["figures"]["summary.customers_new"], r["figures"]["customers.new"]);
    // Each section's distributions keep their own keys: the label jobs' statuses once took the
    // place of the customers' in JSON.
    let statuses = r["distributions"]["by_status"].as_object().unwrap();
    assert!(statuses.contains_key("active"), "{statuses:?}");
    assert!(
        r["distributions"]["labels_by_status"]
            .as_object()
            .unwrap()
            .contains_key("requested")
    );
}

/// Labels are made from keys at run time (`report.label.KEY`): one missing from the catalog
/// would print as its key. Every report, in both languages and every format people read.
#[test]
fn no_report_shows_a_catalog_key() {
    let env = TestEnv::bare();
    copy_dir(&repo_root().join("examples/wine-co"), env.data());
    for name in [
        "customers",
        "visits",
        "complaints",
        "shipments",
        "labels",
        "staff",
        "quarterly",
        "annual",
    ] {
        for lang in ["en", "zh"] {
            for format in ["table", "md", "html"] {
                let args = [
                    "report",
                    name,
                    "--as-of",
                    "2026-11-28",
                    "--lang",
                    lang,
                    "--format",
                    format,
                ];
                let out = env.ok(args);
                for key in ["report.label.", "report.column.", "report.", "help."] {
                    assert!(!out.contains(key), "{name} {lang} {format} shows a key {key}:\n{out}");
                }
            }
        }
    }
}

/// JSON stays canonical for scripts: the same keys, figures and table cells (stored values,
/// not their Chinese words) whatever the language of the report.
#[test]
fn json_is_the_same_in_both_languages() {
    let env = TestEnv::bare();
    copy_dir(&repo_root().join("examples/wine-co"), env.data());
    let args = ["report", "quarterly", "--quarter", "2026Q4", "--as-of", "2026-11-28"];
    let en = env.json([&args[..], &["--lang", "en"]].concat());
    let zh = env.json([&args[..], &["--lang", "zh"]].concat());
    for part in [
        "figures",
        "previous_figures",
        "tables",
        "distributions",
        "trends",
        "period",
    ] {
        assert_eq!(en[part], zh[part], "{part} differs between the languages");
    }
    assert_ne!(en["title"], zh["title"]);
}
