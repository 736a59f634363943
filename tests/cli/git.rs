//! Sharing a data directory through git: two clones of one bare remote, each set up with
//! `cs git setup`, adding, editing and escalating at the same time, then merged both ways with
//! real `git`; `[git] autocommit`; `cs sync`. What must hold: no conflict where records do not
//! compete, every record exactly once, the same record edited twice settled the same on both
//! clones, histories from both sides kept, and `cs check` clean.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use cs::Context;
use cs::commands::{complaint, customer, label, shipment, visit};
use cs::model::shipment::Status as ShipmentStatus;
use cs::model::visit::{Channel, Purpose};
use cs::store::Store;
use cs::store::lock::LockKind;

use crate::support::{NOW, TestEnv, success};

/// `git ARGS` in `dir` with a fixed identity and no user or system configuration; returns
/// stdout and asserts success.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = git_command(dir, args).output().expect("running git");
    assert!(
        output.status.success(),
        "git {args:?} failed in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn git_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.args(args).current_dir(dir);
    for (key, value) in git_env(dir) {
        cmd.env(key, value);
    }
    cmd
}

/// What git needs in a test: who commits, and no configuration from the machine.
fn git_env(home: &Path) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("GIT_AUTHOR_NAME", "test".into()),
        ("GIT_AUTHOR_EMAIL", "test@example.com".into()),
        ("GIT_COMMITTER_NAME", "test".into()),
        ("GIT_COMMITTER_EMAIL", "test@example.com".into()),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
        ("HOME", home.to_path_buf()),
    ]
}

/// `cs ARGS` in the clone `dir`, at the moment `now`, with git's test environment.
fn cs_in(env: &TestEnv, dir: &Path, now: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = env.cs_in(dir, args);
    cmd.env("CS_NOW", now).env_remove("CS_SEED");
    for (key, value) in git_env(env.root()) {
        cmd.env(key, value);
    }
    cmd
}

/// What a command that must fail (exit 1) printed on stdout.
fn stdout_of_failure(mut cmd: assert_cmd::Command) -> String {
    let out = cmd.assert().code(1);
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

fn ok(env: &TestEnv, dir: &Path, now: &str, args: &[&str]) -> String {
    success(&mut cs_in(env, dir, now, args))
}

/// A team's data directory in git: a bare remote and its first clone (the test's data
/// directory), set up, with `customers` customers owned by wang committed and pushed; returns
/// the remote's path.
fn shared(env: &TestEnv, customers: usize) -> PathBuf {
    let remote = env.root().join("remote.git");
    git(env.root(), &["init", "-q", "--bare", "remote.git"]);
    git(env.data(), &["init", "-q"]);
    ok(env, env.data(), NOW, &["git", "setup"]);
    for n in 0..customers {
        env.add_customer(&format!("老客户{n}"), &["--phone", &n.to_string(), "--owner", "wang"]);
    }
    git(env.data(), &["add", "-A"]);
    git(env.data(), &["commit", "-qm", "start"]);
    git(
        env.data(),
        &["push", "-q", remote.to_str().unwrap(), "HEAD:refs/heads/main"],
    );
    remote
}

/// A second clone of `remote`, set up.
fn clone(env: &TestEnv, remote: &Path, name: &str) -> PathBuf {
    git(
        env.root(),
        &["clone", "-q", "-b", "main", remote.to_str().unwrap(), name],
    );
    let dir = env.root().join(name);
    ok(env, &dir, NOW, &["git", "setup"]);
    dir
}

/// Adds `n` records of every kind in the clone `dir` through the library (a process per record
/// would make the test minutes long): customers, then for each new customer a visit, a
/// complaint, a shipment with a tracking event, a label job, and an owner change (customer
/// history).
fn add_everything(dir: &Path, n: usize, now: &str) {
    let now = chrono::DateTime::parse_from_rfc3339(now).unwrap();
    let ctx = Context::new(now, None);
    let store = Store::open(dir, LockKind::Exclusive, &|_| {}).unwrap();
    for i in 0..n {
        let name = format!("{}-客户{i}", dir.file_name().unwrap().to_string_lossy());
        let mut fields = customer::Fields {
            owner: Some("wang".into()),
            ..Default::default()
        };
        fields.text.push(("phone", format!("0571-{i}")));
        let added = customer::add(
            &store,
            &ctx,
            customer::NewCustomer {
                id: None,
                name,
                fields,
                tags: Vec::new(),
                force: false,
            },
        )
        .unwrap();
        let id = added.id.clone();
        visit::add(
            &store,
            &ctx,
            visit::NewVisit {
                customer: id.clone(),
                date: None,
                channel: Channel::Phone,
                purpose: Purpose::Satisfaction,
                by: None,
                score: Some(4),
                nps: None,
                topics: Vec::new(),
                survey: None,
                answers: Vec::new(),
                summary: format!("回访 {i}"),
                next: None,
            },
        )
        .unwrap();
        complaint::add(
            &store,
            &ctx,
            complaint::NewComplaint {
                customer: id.clone(),
                category: "quality".into(),
                severity: Some(cs::model::complaint::Severity::Low),
                summary: format!("酒有沉淀 {i}"),
                ..Default::default()
            },
        )
        .unwrap();
        let shipped = shipment::add(
            &store,
            &ctx,
            shipment::NewShipment {
                customer: id.clone(),
                carrier: "顺丰".into(),
                tracking: format!("SF{i:08}"),
                items: "红酒 6 箱".into(),
                ..Default::default()
            },
        )
        .unwrap();
        shipment::track(
            &store,
            &ctx,
            &shipped.id,
            shipment::NewEvent {
                status: ShipmentStatus::InTransit,
                at: None,
                location: "杭州".into(),
                note: String::new(),
            },
            false,
        )
        .unwrap();
        label::add(
            &store,
            &ctx,
            label::NewLabelJob {
                customer: id.clone(),
                order: format!("SO-{i}"),
                spec: "烫金".into(),
                quantity: Some(100),
                due: None,
                by: Some("wang".into()),
            },
        )
        .unwrap();
        let changes = customer::Changes {
            fields: customer::Fields {
                owner: Some("li".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        customer::edit(&store, &ctx, &id, changes, None).unwrap();
    }
}

/// Every table file of a data directory and its bytes (the state folder left out).
fn tables(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if name.starts_with(".cs") || name.starts_with(".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(".csv") {
                found.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// How many records each table holds, by table name.
fn counts(dir: &Path) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (name, bytes) in tables(dir) {
        let table = name.split(['/', '.']).next().unwrap().to_string();
        let lines = String::from_utf8(bytes).unwrap().lines().count().saturating_sub(1);
        *counts.entry(table).or_default() += lines;
    }
    counts
}

/// Every id of an id-keyed table, in all its files.
fn ids(dir: &Path, table: &str) -> Vec<String> {
    tables(dir)
        .into_iter()
        .filter(|(name, _)| name.starts_with(table) && name[table.len()..].starts_with(['/', '.']))
        .flat_map(|(_, bytes)| {
            String::from_utf8(bytes)
                .unwrap()
                .lines()
                .skip(1)
                .map(|l| l.split(',').next().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Two clones each add 200 records of every table, edit different customers and run the
/// overdue escalation, then merge each other's work: git reports no conflict, both clones end
/// with the same files, every record exactly once, both sides' history lines, `cs check` clean.
#[test]
fn two_clones_adding_everything_merge_both_ways_without_conflict() {
    let env = TestEnv::with_team();
    // Complaints received long ago, open: both clones' escalation escalates them.
    let remote = shared(&env, 3);
    for n in 0..3 {
        ok(
            &env,
            env.data(),
            "2026-11-20T09:00:00+08:00",
            &[
                "complaint",
                "add",
                &format!("老客户{n}"),
                "--category",
                "quality",
                "--severity",
                "high",
                "--summary",
                "破损",
            ],
        );
    }
    git(env.data(), &["add", "-A"]);
    git(env.data(), &["commit", "-qm", "old complaints"]);
    git(
        env.data(),
        &["push", "-q", remote.to_str().unwrap(), "HEAD:refs/heads/main"],
    );
    let a = clone(&env, &remote, "a");
    let b = clone(&env, &remote, "b");
    let base = counts(&a);

    let (at_a, at_b) = ("2026-11-29T09:30:00+08:00", "2026-11-29T10:15:00+08:00");
    // The two clones work at the same time, as two offices would (and the test takes half as long).
    std::thread::scope(|s| {
        s.spawn(|| add_everything(&a, 200, at_a));
        s.spawn(|| add_everything(&b, 200, at_b));
    });
    ok(&env, &a, at_a, &["customer", "edit", "老客户0", "--region", "华南"]);
    ok(&env, &b, at_b, &["customer", "edit", "老客户1", "--region", "华北"]);
    let escalated_a = ok(&env, &a, at_a, &["complaint", "escalate", "--overdue"]);
    let escalated_b = ok(&env, &b, at_b, &["complaint", "escalate", "--overdue"]);
    assert!(!escalated_a.trim().is_empty() && !escalated_b.trim().is_empty());
    for dir in [&a, &b] {
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-qm", "a day's work"]);
        git(dir, &["branch", "day"]);
    }
    let (a_day, b_day) = (counts(&a), counts(&b));

    git(
        &a,
        &["pull", "-q", "--no-rebase", "--no-edit", b.to_str().unwrap(), "day"],
    );
    git(
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", a.to_str().unwrap(), "day"],
    );

    assert_eq!(tables(&a), tables(&b), "both clones merge to the same files");
    let merged = counts(&a);
    for (table, count) in &merged {
        let added = (a_day[table] - base.get(table).unwrap_or(&0)) + (b_day[table] - base.get(table).unwrap_or(&0));
        // Records the base held and both sides changed (escalated complaints, edited
        // customers) are counted once; history lines are all kept.
        assert_eq!(*count, base.get(table).unwrap_or(&0) + added, "{table}: {merged:?}");
    }
    for table in ["customers", "visits", "complaints", "shipments", "label_jobs"] {
        let all = ids(&a, table);
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "{table}: every record once");
        assert!(all.len() >= 400, "{table}: {}", all.len());
    }
    let customers = String::from_utf8(tables(&a)["customers.csv"].clone()).unwrap();
    assert!(
        customers.contains("华南") && customers.contains("华北"),
        "both edits kept"
    );
    for dir in [&a, &b] {
        ok(&env, dir, at_b, &["check"]);
    }
}

/// The same customer edited in both clones: the later edit wins on both clones whichever way
/// they merge, and `cs check` notes it where the merge happened.
#[test]
fn the_same_record_edited_in_both_clones_keeps_the_later_edit_on_both() {
    let env = TestEnv::with_team();
    let remote = shared(&env, 2);
    let a = clone(&env, &remote, "a");
    let b = clone(&env, &remote, "b");
    ok(
        &env,
        &a,
        "2026-11-29T11:00:00+08:00",
        &["customer", "edit", "老客户0", "--region", "后改"],
    );
    ok(
        &env,
        &b,
        "2026-11-29T10:00:00+08:00",
        &["customer", "edit", "老客户0", "--region", "先改"],
    );
    for dir in [&a, &b] {
        git(dir, &["commit", "-qam", "edit"]);
        git(dir, &["branch", "edit"]);
    }
    git(
        &a,
        &["pull", "-q", "--no-rebase", "--no-edit", b.to_str().unwrap(), "edit"],
    );
    git(
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", a.to_str().unwrap(), "edit"],
    );
    assert_eq!(tables(&a), tables(&b));
    let customers = fs::read_to_string(a.join("customers.csv")).unwrap();
    assert!(customers.contains("后改") && !customers.contains("先改"), "{customers}");
    for dir in [&a, &b] {
        let report = ok(&env, dir, NOW, &["check"]);
        assert!(report.contains("note: customers.csv: C-"), "{report}");
        assert!(report.contains("the later change"), "{report}");
    }
}

/// A record of a table without `updated` times (visits) changed differently in both clones is
/// an ordinary git conflict, and `cs check` names it as a merge conflict at its line.
#[test]
fn a_visit_changed_in_both_clones_is_a_conflict_that_check_names() {
    let env = TestEnv::with_team();
    let remote = shared(&env, 1);
    let visit = env.add_visit(
        "老客户0",
        &["--channel", "phone", "--purpose", "routine", "--summary", "原文"],
    );
    git(env.data(), &["add", "-A"]);
    git(env.data(), &["commit", "-qm", "visit"]);
    git(
        env.data(),
        &["push", "-q", remote.to_str().unwrap(), "HEAD:refs/heads/main"],
    );
    let a = clone(&env, &remote, "a");
    let b = clone(&env, &remote, "b");
    let file = String::from_utf8(
        tables(&a)
            .into_iter()
            .find(|(n, _)| n.starts_with("visits/"))
            .unwrap()
            .1,
    )
    .unwrap();
    let name = tables(&a).into_keys().find(|n| n.starts_with("visits/")).unwrap();
    fs::write(a.join(&name), file.replace("原文", "甲改")).unwrap();
    fs::write(b.join(&name), file.replace("原文", "乙改")).unwrap();
    for dir in [&a, &b] {
        git(dir, &["commit", "-qam", "edit"]);
    }
    let pulled = git_command(
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", a.to_str().unwrap(), "HEAD"],
    )
    .output()
    .unwrap();
    assert!(!pulled.status.success(), "git reports the conflict");
    let report = stdout_of_failure(cs_in(&env, &b, NOW, &["check"]));
    assert!(report.contains(&format!("{name}:2: merge conflict")), "{report}");
    let merged = fs::read_to_string(b.join(&name)).unwrap();
    assert!(merged.contains("甲改") && merged.contains("乙改") && merged.contains(&visit));
}

/// Regression: a customers file saved by Excel (BOM, CRLF) was committed, one clone edited a
/// customer, the other added two, and the union merge doubled every record. Now the edit
/// changes one line, and the merge keeps every record once, in the file's own line ends.
#[test]
fn an_excel_saved_table_edited_and_added_to_in_two_clones_merges_once() {
    let env = TestEnv::with_team();
    let remote = shared(&env, 3);
    let text = fs::read_to_string(env.path("customers.csv"))
        .unwrap()
        .replace('\n', "\r\n");
    fs::write(env.path("customers.csv"), format!("\u{feff}{text}")).unwrap();
    git(env.data(), &["commit", "-qam", "saved by Excel"]);
    git(
        env.data(),
        &["push", "-q", remote.to_str().unwrap(), "HEAD:refs/heads/main"],
    );
    let a = clone(&env, &remote, "a");
    let b = clone(&env, &remote, "b");
    ok(&env, &a, NOW, &["customer", "edit", "老客户1", "--region", "华东"]);
    let changed = git(&a, &["diff", "--numstat"]);
    assert_eq!(changed.trim(), "1\t1\tcustomers.csv", "one record, one line");
    ok(
        &env,
        &b,
        NOW,
        &["customer", "add", "--name", "新客户甲", "--phone", "91"],
    );
    ok(
        &env,
        &b,
        NOW,
        &["customer", "add", "--name", "新客户乙", "--phone", "92"],
    );
    for dir in [&a, &b] {
        git(dir, &["commit", "-qam", "work"]);
    }
    git(
        &a,
        &["pull", "-q", "--no-rebase", "--no-edit", b.to_str().unwrap(), "HEAD"],
    );
    let bytes = fs::read(a.join("customers.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        text.matches("\r\n").count(),
        text.matches('\n').count(),
        "CRLF throughout"
    );
    assert_eq!(ids(&a, "customers").len(), 5);
    ok(&env, &a, NOW, &["check"]);
}

/// With `[git] autocommit = true`, a command that changes data commits exactly its change,
/// with a message naming the command and the record; without a repository it warns and writes.
#[test]
fn autocommit_commits_each_change_with_what_happened() {
    let env = TestEnv::with_team();
    git(env.data(), &["init", "-q"]);
    env.append("cs.toml", "\n[git]\nautocommit = true\n");
    git(env.data(), &["add", "-A"]);
    git(env.data(), &["commit", "-qm", "start"]);
    fs::write(env.path("notes.txt"), "not cs's").unwrap();
    let id = ok(
        &env,
        env.data(),
        NOW,
        &["customer", "add", "--name", "张三酒行", "--phone", "1"],
    );
    let id = id.trim();
    let subject = git(env.data(), &["log", "-1", "--format=%s"]);
    assert_eq!(subject.trim(), format!("customer add {id}: --name 张三酒行 --phone 1"));
    let visit = ok(
        &env,
        env.data(),
        NOW,
        &[
            "visit",
            "add",
            "张三酒行",
            "--channel",
            "phone",
            "--purpose",
            "routine",
            "--by",
            "wang",
        ],
    );
    let subject = git(env.data(), &["log", "-1", "--format=%s"]);
    assert!(
        subject.starts_with(&format!("visit add {}: 张三酒行 --channel phone", visit.trim())),
        "{subject}"
    );
    let status = git(env.data(), &["status", "--porcelain"]);
    assert_eq!(status.trim(), "?? notes.txt", "only cs's own change is committed");

    let plain = TestEnv::with_team();
    plain.append("cs.toml", "\n[git]\nautocommit = true\n");
    let out = cs_in(
        &plain,
        plain.data(),
        NOW,
        &["customer", "add", "--name", "李四", "--phone", "2"],
    )
    .assert()
    .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("was not committed") && stderr.contains("not in a git repository"),
        "{stderr}"
    );
    assert_eq!(plain.list_ids(&[]).len(), 1);
}

/// `cs sync` in two clones of a bare remote: each one's changes reach the other, and a clone
/// without a remote is told how to add one.
#[test]
fn sync_shares_both_clones_changes_through_the_remote() {
    let env = TestEnv::with_team();
    let remote = shared(&env, 1);
    let a = clone(&env, &remote, "a");
    let b = clone(&env, &remote, "b");
    ok(&env, &a, NOW, &["customer", "add", "--name", "甲方", "--phone", "1"]);
    let synced = ok(&env, &a, NOW, &["sync"]);
    assert!(
        synced.contains("committed 1 changed file") && synced.contains("pushed to origin/main"),
        "{synced}"
    );
    ok(&env, &b, NOW, &["customer", "add", "--name", "乙方", "--phone", "2"]);
    let synced = ok(&env, &b, NOW, &["sync"]);
    assert!(synced.contains("merged the changes from origin/main"), "{synced}");
    ok(&env, &a, NOW, &["sync"]);
    for dir in [&a, &b] {
        assert_eq!(ids(dir, "customers").len(), 3);
        assert_eq!(git(dir, &["status", "--porcelain"]).trim(), "");
    }
    assert_eq!(tables(&a), tables(&b));

    let lonely = TestEnv::with_team();
    git(lonely.data(), &["init", "-q"]);
    let mut sync = cs_in(&lonely, lonely.data(), NOW, &["sync"]);
    let out = sync.assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("git remote add origin"), "{stderr}");
    assert_eq!(
        git(lonely.data(), &["status", "--porcelain"]).trim(),
        "",
        "committed anyway"
    );
}

/// Regression: a `cs sync` whose pull stopped on a conflict said "nothing new on origin/main",
/// though it had fetched the colleague's change it conflicted with.
#[test]
fn a_sync_stopped_by_a_conflict_says_it_fetched_changes() {
    let env = TestEnv::with_team();
    let remote = shared(&env, 1);
    env.add_visit(
        "老客户0",
        &["--channel", "phone", "--purpose", "routine", "--summary", "原文"],
    );
    git(env.data(), &["add", "-A"]);
    git(env.data(), &["commit", "-qm", "visit"]);
    git(
        env.data(),
        &["push", "-q", remote.to_str().unwrap(), "HEAD:refs/heads/main"],
    );
    let a = clone(&env, &remote, "a");
    let b = clone(&env, &remote, "b");
    let name = tables(&a).into_keys().find(|n| n.starts_with("visits/")).unwrap();
    let file = fs::read_to_string(a.join(&name)).unwrap();
    fs::write(a.join(&name), file.replace("原文", "甲改")).unwrap();
    fs::write(b.join(&name), file.replace("原文", "乙改")).unwrap();
    ok(&env, &a, NOW, &["sync"]);
    let said = stdout_of_failure(cs_in(&env, &b, NOW, &["sync"]));
    assert!(
        said.contains("fetched new changes from origin/main, but some conflict with yours"),
        "{said}"
    );
    assert!(!said.contains("nothing new"), "{said}");
    assert!(git(&b, &["diff", "--name-only", "--diff-filter=U"]).contains(&name));
}
