//! Two clones of one data directory merged with git, through the `.gitattributes` that
//! `cs init` writes.

use std::path::Path;
use std::process::Command;

use crate::support::{TestEnv, success};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .status()
        .expect("running git");
    assert!(status.success(), "git {args:?} failed in {}", dir.display());
}

/// Records appended in two clones both survive a merge, with no conflict.
#[test]
fn appends_in_two_clones_merge_cleanly() {
    let env = TestEnv::new();
    git(env.data(), &["init", "-q"]);
    env.add_customer("甲", &[]);
    git(env.data(), &["add", "-A"]);
    git(env.data(), &["commit", "-qm", "one"]);
    let other = env.root().join("other");
    git(env.root(), &["clone", "-q", env.data_str(), "other"]);

    // Without CS_SEED, as in real use: a pinned seed gives both clones the same next id.
    let here = success(
        env.cs(["customer", "add", "--name", "乙", "--phone", "1"])
            .env_remove("CS_SEED"),
    );
    let here = here.trim().to_string();
    git(env.data(), &["commit", "-qam", "here"]);
    let there = success(
        env.cs_in(&other, ["customer", "add", "--name", "丙", "--phone", "2"])
            .env_remove("CS_SEED"),
    );
    git(&other, &["commit", "-qam", "there"]);
    git(
        env.data(),
        &["pull", "-q", "--no-rebase", "--no-edit", other.to_str().unwrap()],
    );

    let ids = env.list_ids(&[]);
    assert_eq!(ids.len(), 3);
    assert!(ids.contains(&here) && ids.contains(&there.trim().to_string()));
    env.ok(["check"]);
}

/// Regression: edits to neighbouring lines in two clones made the union merge keep both
/// versions of each record, and commands then silently used the stale one. Now every command
/// refuses the table, naming both lines, until a person picks the right version.
#[test]
fn two_versions_of_a_record_after_a_merge_are_refused_not_guessed() {
    let env = TestEnv::new();
    git(env.data(), &["init", "-q"]);
    let first = env.add_customer("甲", &["--phone", "1"]);
    env.add_customer("乙", &["--phone", "2"]);
    git(env.data(), &["add", "-A"]);
    git(env.data(), &["commit", "-qm", "two"]);
    let other = env.root().join("other");
    git(env.root(), &["clone", "-q", env.data_str(), "other"]);

    env.ok(["customer", "edit", "甲", "--region", "华南"]);
    git(env.data(), &["commit", "-qam", "here"]);
    success(&mut env.cs_in(&other, ["customer", "edit", "乙", "--region", "华北"]));
    git(&other, &["commit", "-qam", "there"]);
    git(
        env.data(),
        &["pull", "-q", "--no-rebase", "--no-edit", other.to_str().unwrap()],
    );

    let stderr = env.fails(["customer", "show", &first]);
    assert!(stderr.contains("customers.csv:"), "{stderr}");
    assert!(stderr.contains("is also the id on line"), "{stderr}");
    let check = env.cs(["check"]).assert().code(1);
    let report = String::from_utf8_lossy(&check.get_output().stdout).to_string();
    assert!(report.contains("two versions of one record"), "{report}");
}
