//! The index in `.cs/index/` is only ever a faster way to the same answer: every command
//! answers the same with it and without it (`CS_CACHE=off`), after it is deleted or damaged,
//! and after the files change by any means, even keeping their size and modification time.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::support::{TestEnv, sample};

/// Read-only commands whose output covers what the index serves: lookups by id, prefix and
/// name, lists with filters and limits, who is due (also as of a past day), visits of a
/// customer, survey results.
const READS: &[&[&str]] = &[
    &["customer", "show", "杭州西湖国宾馆", "--format", "json"],
    &["customer", "show", "C-88K"],
    &["customer", "list", "--class", "A", "--limit", "3"],
    &["customer", "list", "--owner", "wang", "--reverse"],
    &["customer", "list", "--search", "酒店", "--sort", "name"],
    &["visit", "due", "--within", "14"],
    &["visit", "due", "--as-of", "2026-06-30", "--prospects"],
    &["visit", "list", "--customer", "南京金陵饭店采购部", "--format", "csv"],
    &[
        "visit",
        "list",
        "--from",
        "2026-07-01",
        "--to",
        "2026-09-30",
        "--purpose",
        "routine",
    ],
    &["visit", "list", "--limit", "7", "--format", "json"],
    &["visit", "survey", "2026Q4", "--format", "json"],
];

/// Runs every read and returns what each printed.
fn answers(env: &TestEnv, cache: bool) -> Vec<String> {
    READS
        .iter()
        .map(|args| {
            let mut cmd = env.cs(*args);
            if !cache {
                cmd.env("CS_CACHE", "off");
            }
            crate::support::success(&mut cmd)
        })
        .collect()
}

fn index_files(env: &TestEnv) -> Vec<String> {
    let dir = env.path(".cs/index");
    if !dir.exists() {
        return Vec::new();
    }
    crate::support::snapshot_dir(&dir).into_keys().collect()
}

/// With the cache, without it, and with a cache made by earlier commands: the same bytes.
#[test]
fn the_cache_never_changes_an_answer() {
    let env = sample();
    let without = answers(&env, false);
    assert!(index_files(&env).is_empty(), "CS_CACHE=off writes no index");
    let first = answers(&env, true);
    assert!(!index_files(&env).is_empty(), "the index is kept in .cs/index");
    let again = answers(&env, true);
    assert_eq!(first, without);
    assert_eq!(again, without);
}

/// A deleted or damaged index is rebuilt silently, with the same answers.
#[test]
fn a_deleted_or_damaged_cache_is_rebuilt() {
    let env = sample();
    let expected = answers(&env, false);
    answers(&env, true);
    let files = index_files(&env);
    assert!(files.len() > 3, "{files:?}");
    // Damage every index file a different way: cut short, bytes flipped, emptied, garbage.
    for (n, file) in files.iter().enumerate() {
        let path = env.path(".cs/index").join(file);
        let mut bytes = fs::read(&path).unwrap();
        match n % 4 {
            0 => bytes.truncate(bytes.len() / 2),
            1 => {
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0xff;
            }
            2 => bytes.clear(),
            _ => bytes = b"not an index at all".to_vec(),
        }
        fs::write(&path, bytes).unwrap();
    }
    assert_eq!(answers(&env, true), expected, "after damage");
    fs::remove_dir_all(env.path(".cs/index")).unwrap();
    assert_eq!(answers(&env, true), expected, "after deletion");
}

/// A lookup reads only the columns of the customers index it needs, each checked by its own
/// checksum: a byte damaged anywhere in the index, in a column the lookup reads or not, never
/// changes what finding a customer, logging a visit or the duplicate check does.
#[test]
fn lookups_see_damage_in_any_column_of_the_index() {
    let env = sample();
    let customer = env.json(["customer", "show", "杭州西湖国宾馆"]);
    let (id, phone) = (customer["id"].as_str().unwrap(), customer["phone"].as_str().unwrap());
    let index = env.path(".cs/index/customers.csv.idx");
    // Past the window in which a fresh index is checked against the file's bytes (and so
    // rebuilt when damaged): the index is trusted on the file's times alone.
    std::thread::sleep(Duration::from_millis(300));
    fs::remove_dir_all(env.path(".cs/index")).unwrap();
    env.ok(["customer", "show", id]);
    assert!(
        !env.path(".cs/index/customers.csv.idx.delta").exists(),
        "the index is one file"
    );
    let pristine = fs::read(&index).unwrap();
    let shown = env.ok(["customer", "show", id]);
    for step in 1..20 {
        let mut bytes = pristine.clone();
        let at = bytes.len() * step / 20;
        bytes[at] ^= 0x5a;
        fs::write(&index, &bytes).unwrap();
        assert_eq!(env.ok(["customer", "show", id]), shown, "damage at byte {at}: by id");
        fs::write(&index, &bytes).unwrap();
        assert_eq!(
            env.ok(["customer", "show", "杭州西湖国宾馆"]),
            shown,
            "damage at byte {at}: by name"
        );
        fs::write(&index, &bytes).unwrap();
        let refused = env.fails(["customer", "add", "--name", "杭州西湖国宾馆", "--phone", phone]);
        assert!(
            refused.contains(id),
            "damage at byte {at}: duplicate not found: {refused}"
        );
    }
}

/// Changes made with cs, by appending with another program, and by replacing a file (as git
/// does) are all seen by the next command.
#[test]
fn changes_by_any_means_are_seen() {
    let env = sample();
    answers(&env, true);
    // With cs: a visit, a customer, edits of customers and visits (one moved to another
    // month), an archive; the commands bring their own index up to date.
    let visit = env.add_visit("杭州西湖国宾馆", &["-c", "phone", "-p", "routine", "-m", "缓存测试"]);
    env.add_customer("缓存测试客户", &["--class", "A", "--owner", "wang"]);
    env.ok([
        "customer",
        "edit",
        "南京金陵饭店采购部",
        "--class",
        "B",
        "--note",
        "改得更长的一条备注",
    ]);
    assert_eq!(answers(&env, true), answers(&env, false));
    env.ok(["visit", "edit", &visit, "-m", "改过的记录,比原来长一些"]);
    assert_eq!(answers(&env, true), answers(&env, false));
    env.ok(["visit", "edit", &visit, "--date", "2026-10-15"]);
    env.ok(["customer", "archive", "缓存测试客户"]);
    assert_eq!(answers(&env, true), answers(&env, false));
    // Appended by another program.
    let customers = env.read("customers.csv");
    let line = customers
        .lines()
        .nth(1)
        .unwrap()
        .replacen("C-", "C-Z", 1)
        .replace("杭州西湖国宾馆", "手工追加的客户");
    env.append("customers.csv", &format!("{line}\n"));
    assert_eq!(answers(&env, true), answers(&env, false));
    let shown = env.json(["customer", "show", "手工追加的客户"]);
    assert_eq!(shown["name"], "手工追加的客户");
    // Replaced by a new file with the same content but one record changed, as a checkout does.
    let text = env.read("customers.csv").replace("手工追加的客户", "换了文件的客户");
    fs::remove_file(env.path("customers.csv")).unwrap();
    env.write("customers.csv", text);
    assert_eq!(
        env.json(["customer", "show", "换了文件的客户"])["name"],
        "换了文件的客户"
    );
    assert_eq!(answers(&env, true), answers(&env, false));
}

/// A change that keeps the file's size and modification time, long enough after the index was
/// made that the times alone would have to tell: the change time (which no program can set)
/// gives it away.
#[test]
fn a_change_keeping_size_and_modification_time_is_seen() {
    let env = sample();
    let path = env.path("customers.csv");
    // Let the file's times age past the window in which cs checks bytes as well as times.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(env.json(["customer", "show", "杭州西湖国宾馆"])["contact"], "陈志远");
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let text = env.read("customers.csv");
    let changed = text.replace("陈志远", "陈志近");
    assert_eq!(changed.len(), text.len(), "the same size");
    write_keeping_modified(&path, changed.as_bytes(), modified);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
    assert_eq!(env.json(["customer", "show", "杭州西湖国宾馆"])["contact"], "陈志近");
}

/// The same within the first moments after the index was made, when times alone cannot tell
/// (a change in the same clock tick): the bytes are compared.
#[test]
fn a_change_right_after_the_index_was_made_is_seen() {
    let env = sample();
    let path = env.path("visits/2026-11.csv");
    let text = env.read("visits/2026-11.csv");
    let last = text.lines().last().unwrap();
    let id = last.split(',').next().unwrap();
    let show = || env.json(["visit", "show", id])["by"].as_str().unwrap().to_string();
    let before = show();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    // Another staff id of the same length.
    let other = if before == "wang" { "zhao" } else { "wang" };
    assert_eq!(before.len(), 4, "the last visit was made by a four-letter staff id");
    let changed = text.replace(last, &last.replace(&format!(",{before},"), &format!(",{other},")));
    assert_eq!(changed.len(), text.len());
    write_keeping_modified(&path, changed.as_bytes(), modified);
    assert_eq!(show(), other, "the change is seen at once");
}

/// Writes a file in place and sets its modification time back.
fn write_keeping_modified(path: &Path, bytes: &[u8], modified: std::time::SystemTime) {
    fs::write(path, bytes).unwrap();
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(modified).unwrap();
}

/// A damaged line found through the index stops commands just as it does without the index.
#[test]
fn a_damaged_line_is_reported_with_and_without_the_cache() {
    let env = sample();
    answers(&env, true);
    env.append("visits/2026-11.csv", "V-BROKEN,C-1,2026-11-02,phone\n");
    for cache in ["on", "off"] {
        let mut cmd = env.cs(["visit", "due"]);
        cmd.env("CS_CACHE", cache);
        let err = crate::support::failure(&mut cmd);
        assert!(
            err.contains("visits/2026-11.csv:") && err.contains("fields"),
            "{cache}: {err}"
        );
    }
}

/// Regression: after an append to a file whose last line had no line break, the index and the
/// visits summary were made again from scratch (a second at a million visits) instead of
/// adding the new line; the answers must also stay right.
#[test]
fn an_append_after_a_last_line_without_line_break_is_caught_up() {
    let env = sample();
    let text = env.read("visits/2026-11.csv");
    env.write("visits/2026-11.csv", text.trim_end_matches('\n'));
    answers(&env, true);
    let month_index = env.path(".cs/index/visits/2026-11.csv.idx");
    let before = fs::read(&month_index).unwrap();
    env.add_visit(
        "杭州西湖国宾馆",
        &["-c", "phone", "-p", "routine", "-m", "追加在没有换行的文件后"],
    );
    assert_eq!(answers(&env, true), answers(&env, false));
    // Caught up into the small delta file: the main index file is as it was.
    assert_eq!(
        fs::read(&month_index).unwrap(),
        before,
        "the main index was not made again"
    );
    assert!(env.path(".cs/index/visits/2026-11.csv.idx.delta").exists());
}
