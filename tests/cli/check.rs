//! `cs check`: a one-line summary when all is well; otherwise every problem as
//! `file:line: ...` on stdout and exit 1. It never writes.

use crate::support::{TestEnv, copy_dir, repo_root, text};

/// Runs `cs check`, asserts exit 1, and returns (stdout, stderr).
fn check_fails(env: &TestEnv) -> (String, String) {
    let out = env.cs(["check"]).assert().code(1);
    (text(&out.get_output().stdout), text(&out.get_output().stderr))
}

/// A fresh data directory checks clean, in one line.
#[test]
fn check_fresh_directory_is_clean() {
    let env = TestEnv::new();
    assert_eq!(
        env.ok(["check"]),
        "checked cs.toml (3 classes, 0 staff, 0 centers, 0 surveys), 0 customers, 0 customer changes, 0 visits, 0 complaints, 0 complaint actions, 0 shipments, 0 tracking events, 0 label jobs and 0 label job actions: no problems found\n"
    );
}

/// The example data set checks clean, in one line that counts what it checked.
#[test]
fn check_example_wine_co_is_clean() {
    let env = TestEnv::bare();
    copy_dir(&repo_root().join("examples/wine-co"), env.data());
    let out = env.ok(["check"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.ends_with("no problems found\n"), "{out}");
    let customers = env.read("customers.csv").lines().count() - 1;
    assert!(out.contains(&format!("{customers} customers")), "{out}");
    assert!(out.contains("9 staff") && out.contains("3 centers"), "{out}");
    // And the everyday commands work on it.
    assert!(!env.ok(["customer", "list"]).is_empty());
}

/// A team with three customers; lines 2, 3 and 4 of customers.csv.
fn three_customers() -> (TestEnv, Vec<String>) {
    let env = TestEnv::with_team();
    let ids = vec![
        env.add_customer("杭州西湖国宾馆", &["--owner", "wang", "--class", "A"]),
        env.add_customer("金陵饭店", &["--owner", "li"]),
        env.add_customer("杭州知味观", &["--owner", "wang", "--center", "hz"]),
    ];
    (env, ids)
}

/// Changes line `n` (1-based) of customers.csv with `edit`.
fn edit_line(env: &TestEnv, n: usize, edit: impl Fn(&str) -> String) {
    let text = env.read("customers.csv");
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == n { edit(l) } else { l.to_string() })
        .collect();
    env.write("customers.csv", lines.join("\n") + "\n");
}

/// A malformed line added by hand is reported with its line number.
#[test]
fn check_reports_a_malformed_line() {
    let (env, _) = three_customers();
    env.append("customers.csv", "C-HANDMADE,手写的客户,A\n");
    let before = env.files();
    let (out, err) = check_fails(&env);
    assert_eq!(out.lines().collect::<Vec<_>>().len(), 1, "{out}");
    assert!(out.starts_with("customers.csv:5: "), "{out}");
    assert!(out.contains("3 fields"), "{out}");
    assert!(err.contains("1 problem"), "{err}");
    assert_eq!(env.files(), before, "check never writes");
}

/// An owner who is not in cs.toml is reported at the line, naming the field.
#[test]
fn check_reports_an_unknown_owner() {
    let (env, _) = three_customers();
    edit_line(&env, 3, |l| l.replace(",li,", ",nobody,"));
    let (out, _) = check_fails(&env);
    assert_eq!(
        out,
        "customers.csv:3: owner: 'nobody' is not a staff member in cs.toml\n"
    );
}

/// An id used twice (as a bad merge leaves it) is reported at the second line.
#[test]
fn check_reports_a_duplicate_id() {
    let (env, ids) = three_customers();
    let second = env.read("customers.csv").lines().nth(2).unwrap().to_string();
    env.append("customers.csv", &format!("{second}\n"));
    let (out, _) = check_fails(&env);
    assert!(out.starts_with(&format!("customers.csv:5: id: '{}'", ids[1])), "{out}");
    assert!(out.contains("line 3"), "{out}");
}

/// A status that is not one of the four is reported at the line, naming the field.
#[test]
fn check_reports_a_bad_status() {
    let (env, _) = three_customers();
    edit_line(&env, 4, |l| l.replace(",active,", ",sleeping,"));
    let (out, _) = check_fails(&env);
    assert!(out.starts_with("customers.csv:4: status: "), "{out}");
    assert!(out.contains("sleeping"), "{out}");
}

/// Several problems are all reported, in line order, one per line.
#[test]
fn check_reports_every_problem_in_order() {
    let (env, ids) = three_customers();
    let original_line_3 = env.read("customers.csv").lines().nth(2).unwrap().to_string();
    edit_line(&env, 2, |l| l.replace(",active,", ",bogus,"));
    edit_line(&env, 3, |l| l.replace(",li,", ",nobody,"));
    edit_line(&env, 4, |l| l.replacen(",2026-", ",not-a-time-", 1));
    env.append("customers.csv", &format!("broken line\n{original_line_3}\n"));
    let before = env.files();
    let (out, err) = check_fails(&env);
    let lines: Vec<&str> = out.lines().collect();
    let places: Vec<&str> = lines.iter().map(|l| l.split(": ").next().unwrap()).collect();
    assert_eq!(
        places,
        [
            "customers.csv:2",
            "customers.csv:3",
            "customers.csv:4",
            "customers.csv:5",
            "customers.csv:6"
        ],
        "{out}"
    );
    assert!(lines[0].contains("status: ") && lines[0].contains("'bogus'"), "{out}");
    assert!(lines[1].contains("owner: 'nobody'"), "{out}");
    assert!(lines[2].contains("created: 'not-a-time"), "{out}");
    assert!(lines[3].contains("fields"), "{out}");
    assert!(lines[4].contains(&format!("id: '{}'", ids[1])), "{out}");
    assert!(err.contains("5 problems"), "{err}");
    assert_eq!(env.files(), before, "check never writes");
}

/// A problem in cs.toml and one in customers.csv are reported together.
#[test]
fn check_reports_settings_and_table_problems_together() {
    let (env, _) = three_customers();
    let toml = env
        .read("cs.toml")
        .replace("visit_every_days = 60", "visit_every_days = 0");
    env.write("cs.toml", toml);
    env.append("customers.csv", "broken\n");
    let (out, _) = check_fails(&env);
    assert!(
        out.lines()
            .any(|l| l.starts_with("cs.toml:") && l.contains("classes.B.visit_every_days")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("customers.csv:5: ")), "{out}");
}

/// A header that lost a column makes the whole table unreadable, reported at line 1.
#[test]
fn check_reports_a_broken_header() {
    let (env, _) = three_customers();
    edit_line(&env, 1, |l| l.replace(",phone,", ",telephone,"));
    let (out, _) = check_fails(&env);
    assert!(out.starts_with("customers.csv:1: "), "{out}");
    assert!(out.contains("phone"), "{out}");
}

/// Run from a subdirectory, problems name the file by a path that leads to it.
#[test]
fn check_from_a_subdirectory_names_the_real_file() {
    let (env, _) = three_customers();
    env.append("customers.csv", "broken\n");
    let sub = env.path("sub");
    std::fs::create_dir(&sub).unwrap();
    let out = env.cs_in(&sub, ["check"]).assert().code(1);
    let out = text(&out.get_output().stdout);
    let file = out.split(':').next().unwrap();
    assert!(
        std::path::Path::new(file).is_file() || sub.join(file).is_file(),
        "'{file}' does not lead to customers.csv: {out}"
    );
}

/// Ids that differ only in case are duplicates (prefixes ignore case, so they could not be told
/// apart), and an id with a space is reported.
#[test]
fn check_reports_ids_differing_in_case_and_bad_id_characters() {
    let (env, ids) = three_customers();
    let second = env.read("customers.csv").lines().nth(2).unwrap().to_string();
    let lower = second.replacen(&ids[1], &ids[1].to_lowercase(), 1);
    let spaced = second.replacen(&ids[1], "C-HAS SPACE", 1);
    env.append("customers.csv", &format!("{lower}\n{spaced}\n"));
    let (out, _) = check_fails(&env);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("customers.csv:5: id: "), "{out}");
    assert!(
        lines[1].starts_with("customers.csv:6: id: ") && lines[1].contains("C-HAS SPACE"),
        "{out}"
    );
}

/// `check --format json` gives scripts each problem's file, line, field and message, and still
/// exits 1 when there are problems; a clean directory says ok.
#[test]
fn check_reports_problems_as_json() {
    let env = TestEnv::new();
    assert_eq!(env.json(["check"])["ok"], true);
    env.append(
        "customers.csv",
        "C-BAD,坏,A,weird,,,,,,,,,,,2026-01-01T00:00:00+08:00,2026-01-01T00:00:00+08:00,\n",
    );
    let assert = env.cs(["check", "--format", "json"]).assert().code(1);
    let report: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(report["ok"], false);
    let problem = &report["problems"][0];
    assert_eq!(problem["file"], "customers.csv");
    assert_eq!(problem["line"], 2);
    assert_eq!(problem["field"], "status");
    assert!(problem["message"].as_str().unwrap().contains("weird"));
}
