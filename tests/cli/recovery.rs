//! A `cs` process killed in the middle of a change that spans several files: the next `cs`
//! command, whatever it is, finishes the change from the journal (or rolls back one that never
//! reached its journal) before it reads anything.

use crate::support::TestEnv;

/// What a killed writer leaves after writing its journal: new contents in temporary files and
/// `.cs/journal` naming where each goes. Nothing has been applied yet.
fn leave_half_done_change(env: &TestEnv, new_customers_csv: &str, appended_to_settings: &str) {
    let settings_len = env.read("cs.toml").len();
    env.write(".customers.csv.killed.cs-tmp", new_customers_csv);
    env.write(".cs/.append.killed.cs-tmp", appended_to_settings);
    env.write(
        ".cs/journal",
        format!(
            r#"[
  {{"op": "replace", "target": "customers.csv", "temp": ".customers.csv.killed.cs-tmp"}},
  {{"op": "append", "target": "cs.toml", "original_len": {settings_len}, "data": ".cs/.append.killed.cs-tmp"}}
]"#
        ),
    );
}

/// The next command, even a read-only one, applies every part of the journal exactly once.
#[test]
fn the_next_command_finishes_a_journaled_change() {
    let env = TestEnv::with_team();
    let id = env.add_customer("西湖国宾馆", &[]);
    let header = env.read("customers.csv").lines().next().unwrap().to_string();
    let row = env
        .read("customers.csv")
        .lines()
        .nth(1)
        .unwrap()
        .replace("西湖国宾馆", "西湖国宾馆（新）");
    let settings_before = env.read("cs.toml");
    leave_half_done_change(
        &env,
        &format!("{header}\n{row}\n"),
        "\n[[center]]\nid = \"nb\"\nname = \"宁波分销中心\"\n",
    );

    let listed = env.ok(["customer", "list", "--format", "csv"]);
    assert!(listed.contains("西湖国宾馆（新）"), "{listed}");
    assert!(listed.contains(&id));
    assert_eq!(
        env.read("cs.toml"),
        format!("{settings_before}\n[[center]]\nid = \"nb\"\nname = \"宁波分销中心\"\n")
    );
    assert!(!env.path(".cs/journal").exists());
    assert!(!env.path(".customers.csv.killed.cs-tmp").exists());

    // Running again changes nothing more: the append is not doubled.
    let settings_after = env.read("cs.toml");
    env.ok(["check"]);
    assert_eq!(env.read("cs.toml"), settings_after);
}

/// Temporary files with no journal belong to a change that never committed: they are removed
/// and the tables stay as they were.
#[test]
fn a_change_killed_before_its_journal_is_rolled_back() {
    let env = TestEnv::with_team();
    env.add_customer("西湖国宾馆", &[]);
    let before = env.files();
    env.write(".customers.csv.killed.cs-tmp", "half written");

    env.ok(["customer", "add", "--name", "金陵饭店"]);
    assert!(!env.path(".customers.csv.killed.cs-tmp").exists());
    let after = env.read("customers.csv");
    assert!(after.starts_with(std::str::from_utf8(&before["customers.csv"]).unwrap()));
    assert_eq!(after.lines().count(), 3);
}
