//! Finding the data directory: --data-dir / -d, then CS_DATA_DIR, then the nearest directory
//! upward holding cs.toml; none found is a one-line error that says how to make one.

use std::fs;

use crate::support::{TestEnv, failure, success};

/// `--data-dir DIR` and `-d DIR` work from a directory that is not a data directory.
#[test]
fn data_dir_flag_long_and_short() {
    let env = TestEnv::new();
    let id = env.add_customer("金陵饭店", &[]);
    for flag in ["--data-dir", "-d"] {
        let out = success(&mut env.cs_in(env.root(), [flag, env.data_str(), "customer", "list"]));
        assert!(out.contains(&id), "{flag}: {out}");
    }
}

/// The flag may also come after the subcommand (it is global).
#[test]
fn data_dir_flag_after_the_subcommand() {
    let env = TestEnv::new();
    let id = env.add_customer("金陵饭店", &[]);
    let out = success(&mut env.cs_in(env.root(), ["customer", "list", "-d", env.data_str()]));
    assert!(out.contains(&id), "{out}");
}

/// `CS_DATA_DIR` names the data directory when there is no flag.
#[test]
fn data_dir_from_environment() {
    let env = TestEnv::new();
    let id = env.add_customer("金陵饭店", &[]);
    let out = success(
        env.cs_in(env.root(), ["customer", "list"])
            .env("CS_DATA_DIR", env.data()),
    );
    assert!(out.contains(&id), "{out}");
}

/// `--data-dir` wins over `CS_DATA_DIR`.
#[test]
fn data_dir_flag_beats_environment() {
    let env = TestEnv::new();
    let other = TestEnv::new();
    let here = env.add_customer("这里的客户", &[]);
    other.add_customer("别处的客户", &[]);
    let out = success(
        other
            .cs_in(other.root(), ["-d", env.data_str(), "customer", "list"])
            .env("CS_DATA_DIR", other.data()),
    );
    assert!(out.contains("这里的客户") && out.contains(&here), "{out}");
    assert!(!out.contains("别处的客户"), "{out}");
}

/// Run from a subdirectory, `cs` finds the data directory above it.
#[test]
fn data_dir_found_in_an_ancestor() {
    let env = TestEnv::new();
    env.add_customer("金陵饭店", &[]);
    let deep = env.path("reports/2026/q4");
    fs::create_dir_all(&deep).unwrap();
    let out = success(&mut env.cs_in(&deep, ["customer", "list", "--format", "csv"]));
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("金陵饭店"));
    // A write from there lands in the data directory, not in the subdirectory.
    success(&mut env.cs_in(&deep, ["customer", "add", "--name", "无锡太湖饭店"]));
    assert!(env.read("customers.csv").contains("无锡太湖饭店"));
    assert!(
        fs::read_dir(&deep).unwrap().next().is_none(),
        "nothing is written in the subdirectory"
    );
}

/// The nearest data directory wins over one further up.
#[test]
fn data_dir_nearest_ancestor_wins() {
    let env = TestEnv::new();
    env.add_customer("外层客户", &[]);
    env.ok(["init", "inner"]);
    let sub = env.path("inner/sub");
    fs::create_dir_all(&sub).unwrap();
    success(&mut env.cs_in(&sub, ["customer", "add", "--name", "内层客户"]));
    let inner = fs::read_to_string(env.path("inner/customers.csv")).unwrap();
    assert!(inner.contains("内层客户"), "{inner}");
    assert!(!env.read("customers.csv").contains("内层客户"));
}

/// No data directory anywhere: exit 1, one line on stderr that mentions `cs init`, nothing created.
#[test]
fn no_data_dir_is_a_one_line_error_mentioning_init() {
    let env = TestEnv::bare();
    let empty = env.root().join("tmp");
    for args in [
        vec!["customer", "list"],
        vec!["customer", "add", "--name", "x"],
        vec!["check"],
    ] {
        let err = failure(&mut env.cs_in(&empty, &args));
        assert_eq!(err.lines().count(), 1, "{args:?}: one line expected:\n{err}");
        assert!(err.contains("cs init"), "{args:?}: {err}");
    }
    assert!(
        fs::read_dir(&empty).unwrap().next().is_none(),
        "nothing may be created: no lock, no file"
    );
}

/// `--data-dir` naming a directory without cs.toml is an error that says how to make one.
#[test]
fn data_dir_flag_without_settings_is_an_error() {
    let env = TestEnv::bare();
    let err = failure(&mut env.cs_in(env.root(), ["-d", env.data_str(), "customer", "list"]));
    assert!(err.contains("not a cs data directory"), "{err}");
    assert!(err.contains("cs init"), "{err}");
    assert!(
        fs::read_dir(env.data()).unwrap().next().is_none(),
        "nothing may be created"
    );
}
