//! `cs init [DIR] [--git]`: what a new data directory holds, and that an existing one is never
//! overwritten.

use std::fs;
use std::process::Command;

use crate::support::{TestEnv, success};

const CUSTOMERS_HEADER: &str =
    "id,name,class,status,owner,center,contact,phone,email,address,region,tags,source,note,created,updated,archived\n";

/// `cs init` writes cs.toml, a header-only customers.csv, .gitattributes and .gitignore.
#[test]
fn init_creates_settings_tables_and_git_files() {
    let env = TestEnv::bare();
    let out = env.ok(["init"]);
    assert_eq!(out, "", "init reports on stderr; stdout stays empty");

    assert!(env.path("cs.toml").is_file());
    assert_eq!(env.read("customers.csv"), CUSTOMERS_HEADER);
    let attributes = env.read(".gitattributes");
    assert!(
        attributes.lines().any(|l| l.trim() == "*.csv merge=union"),
        "{attributes}"
    );
    let ignore = env.read(".gitignore");
    assert!(ignore.lines().any(|l| l.trim() == "/.cs/"), "{ignore}");
    // The settings it wrote are valid: the new directory checks clean.
    let summary = env.ok(["check"]);
    assert!(summary.contains("no problems found"), "{summary}");
}

/// `cs init` writes the three customer classes and the default class, commented.
#[test]
fn init_settings_define_classes_and_keep_comments() {
    let env = TestEnv::new();
    let toml = env.read("cs.toml");
    for needed in [
        "[classes.A]",
        "[classes.B]",
        "[classes.C]",
        "default_class = \"C\"",
        "# ",
    ] {
        assert!(toml.contains(needed), "cs.toml lacks {needed:?}:\n{toml}");
    }
}

/// `cs init --company NAME` writes the company name (Chinese included) into cs.toml.
#[test]
fn init_writes_the_company_name() {
    let env = TestEnv::bare();
    env.ok(["init", "--company", "醇香酒业"]);
    assert!(env.read("cs.toml").contains("name = \"醇香酒业\""));
}

/// `cs init DIR` creates DIR (and its parents) and initialises it, not the current directory.
#[test]
fn init_dir_argument_creates_that_directory() {
    let env = TestEnv::bare();
    env.ok(["init", "nested/wine-co"]);
    let dir = env.path("nested/wine-co");
    assert!(dir.join("cs.toml").is_file());
    assert_eq!(fs::read_to_string(dir.join("customers.csv")).unwrap(), CUSTOMERS_HEADER);
    assert!(!env.path("cs.toml").exists(), "the current directory is left alone");
}

/// `cs -d DIR init` initialises the directory named by --data-dir.
#[test]
fn init_uses_data_dir_when_no_dir_is_given() {
    let env = TestEnv::bare();
    let target = env.root().join("elsewhere");
    success(&mut env.cs_in(env.root(), ["-d", target.to_str().unwrap(), "init"]));
    assert!(target.join("cs.toml").is_file());
}

/// `cs init --git` makes a git repository whose tables merge by record (`cs git setup`), with
/// union merges in the shared `.gitattributes` for clones that are not set up.
#[test]
fn init_git_creates_a_repository_with_record_merges() {
    let env = TestEnv::bare();
    env.ok(["init", "repo", "--git"]);
    let repo = env.path("repo");
    assert!(repo.join(".git").is_dir(), "--git must create .git");
    let attr = Command::new("git")
        .args(["check-attr", "merge", "customers.csv"])
        .current_dir(&repo)
        .output()
        .expect("git is installed");
    assert!(attr.status.success());
    assert_eq!(String::from_utf8_lossy(&attr.stdout), "customers.csv: merge: cs\n");
    assert!(env.read("repo/.gitattributes").contains("*.csv merge=union"));
}

/// Without --git no repository is created.
#[test]
fn init_without_git_creates_no_repository() {
    let env = TestEnv::new();
    assert!(!env.path(".git").exists());
}

/// `cs init` on a directory that already holds cs.toml fails and changes nothing (--git too).
#[test]
fn init_refuses_a_directory_that_already_has_settings() {
    let env = TestEnv::with_team();
    env.add_customer("杭州西湖国宾馆", &["--class", "A"]);
    let before = env.files();
    let err = env.fails(["init"]);
    assert!(err.contains("already holds a cs.toml"), "{err}");
    let err = env.fails(["init", "--git", "--company", "别的公司"]);
    assert!(err.contains("already holds a cs.toml"), "{err}");
    assert_eq!(env.files(), before, "a refused init must not change any file");
    assert!(
        !env.path(".git").exists(),
        "a refused init --git must not create a repository"
    );
}

/// A user's own .gitignore keeps its lines, and gains cs's (once) so `.cs/` is never committed.
#[test]
fn init_extends_an_existing_gitignore() {
    let env = TestEnv::bare();
    env.write(".gitignore", "target/\n");
    env.ok(["init"]);
    let gitignore = env.read(".gitignore");
    assert!(gitignore.starts_with("target/\n"), "{gitignore}");
    assert!(gitignore.lines().any(|l| l == "/.cs/"), "{gitignore}");
    assert!(env.path("cs.toml").is_file());
}

/// `CS_DATA_DIR` names the directory to work in, not the one to create: `cs init` with no
/// DIR initialises the working directory.
#[test]
fn init_ignores_cs_data_dir_from_the_environment() {
    let env = TestEnv::bare();
    let other = TestEnv::new();
    success(env.cs(["init"]).env("CS_DATA_DIR", other.data_str()));
    assert!(env.path("cs.toml").is_file());
}
