//! Many `cs` processes writing at once: the lock serialises them, so no record is lost or
//! doubled and the files stay valid, and readers never see a half-written file.

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use crate::support::{TestEnv, cs_bin, parse_csv, words};

const WRITERS: usize = 8;
const ADDS_EACH: usize = 50;

/// 8 processes adding 50 customers each at the same time leave exactly 400 distinct customers,
/// and `cs check` finds nothing wrong; readers running meanwhile always succeed.
#[test]
fn concurrent_adds_lose_nothing() {
    let env = TestEnv::new();
    let data = env.data().to_path_buf();
    let writing = AtomicBool::new(true);
    let reader_runs = thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let data = data.clone();
                scope.spawn(move || {
                    let mut ids = Vec::new();
                    for i in 0..ADDS_EACH {
                        // No CS_SEED: ids come from the OS, as in real use.
                        let output = Command::new(cs_bin())
                            .args(["customer", "add", "--name", &format!("客户-{w}-{i}")])
                            .args(["--phone", &format!("0571-{w:02}{i:04}")])
                            .current_dir(&data)
                            .env_remove("CS_SEED")
                            .env_remove("CS_DATA_DIR")
                            .env("NO_COLOR", "1")
                            .output()
                            .expect("running cs");
                        assert!(
                            output.status.success(),
                            "writer {w} add {i}: {}",
                            String::from_utf8_lossy(&output.stderr)
                        );
                        ids.push(String::from_utf8(output.stdout).unwrap().trim_end().to_string());
                    }
                    ids
                })
            })
            .collect();
        let reader = {
            let data = data.clone();
            let writing = &writing;
            scope.spawn(move || {
                let mut runs = 0;
                while writing.load(Ordering::Relaxed) {
                    let output = Command::new(cs_bin())
                        .args(["check"])
                        .current_dir(&data)
                        .env("NO_COLOR", "1")
                        .output()
                        .expect("running cs");
                    assert!(
                        output.status.success(),
                        "a reader saw a broken file: {}{}",
                        String::from_utf8_lossy(&output.stdout),
                        String::from_utf8_lossy(&output.stderr)
                    );
                    runs += 1;
                }
                runs
            })
        };
        let printed: Vec<String> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
        writing.store(false, Ordering::Relaxed);
        let runs = reader.join().unwrap();

        let distinct: BTreeSet<&String> = printed.iter().collect();
        assert_eq!(distinct.len(), WRITERS * ADDS_EACH, "every add printed a new id");
        runs
    });
    assert!(reader_runs > 0);

    let rows = parse_csv(&env.ok(["customer", "list", "--format", "csv"]));
    assert_eq!(rows.len(), WRITERS * ADDS_EACH);
    let ids: BTreeSet<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), WRITERS * ADDS_EACH, "ids are distinct");
    let names: BTreeSet<&str> = rows.iter().map(|r| r["name"].as_str()).collect();
    assert_eq!(names.len(), WRITERS * ADDS_EACH, "no record lost or doubled");
    assert_eq!(env.read("customers.csv").lines().count(), WRITERS * ADDS_EACH + 1);
    let summary = env.ok(["check"]);
    assert!(
        summary.contains("400 customers, 0 customer changes, 0 visits, 0 complaints, 0 complaint actions, 0 shipments, 0 tracking events, 0 label jobs and 0 label job actions: no problems found"),
        "{summary}"
    );
    // No temporary file or journal is left behind.
    let leftovers: Vec<String> = env.files().into_keys().filter(|f| f.contains("cs-tmp")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(!env.path(".cs/journal").exists());
}

/// Concurrent edits and archives of different customers all land (each rewrites the whole file,
/// so a lost update would show as a missing change).
#[test]
fn concurrent_edits_lose_no_update() {
    let env = TestEnv::new();
    let ids: Vec<String> = (0..16).map(|i| env.add_customer(&format!("客户{i}"), &[])).collect();
    thread::scope(|scope| {
        for (i, id) in ids.iter().enumerate() {
            let env = &env;
            scope.spawn(move || {
                let args: Vec<&str> = if i % 2 == 0 {
                    vec!["customer", "edit", id, "--class", "A", "--add-tag", "并发"]
                } else {
                    vec!["customer", "archive", id]
                };
                env.cs(args).assert().code(0);
            });
        }
    });
    let list = env.json(["customer", "list", "--all"]);
    for (i, c) in list.as_array().unwrap().iter().enumerate() {
        if i % 2 == 0 {
            assert_eq!(
                (c["class"].as_str(), c["tags"][0].as_str()),
                (Some("A"), Some("并发")),
                "{c}"
            );
        } else {
            assert!(c["archived"].is_string(), "{c}");
        }
    }
    assert!(env.ok(["check"]).contains("no problems found"));
}

/// Staff and centers added to cs.toml at the same time are all kept (each rewrites the file).
#[test]
fn concurrent_settings_changes_lose_nothing() {
    let env = TestEnv::new();
    env.add_staff("zhou", "周建国", "general_manager", None);
    thread::scope(|scope| {
        for i in 0..8 {
            let env = &env;
            scope.spawn(move || {
                let line = if i % 2 == 0 {
                    format!("staff add --id s{i} --name 顾问 --role consultant --reports-to zhou")
                } else {
                    format!("center add --id s{i} --name 分销中心")
                };
                env.cs(words(&line)).assert().code(0);
            });
        }
    });
    let staff = env.json(["staff", "list"]);
    let centers = env.json(["center", "list"]);
    assert_eq!(staff.as_array().unwrap().len(), 5, "{staff}");
    assert_eq!(centers.as_array().unwrap().len(), 4, "{centers}");
    assert!(env.ok(["check"]).contains("no problems found"));
}

/// A writer waiting for the lock gives up after `--wait` seconds, naming the command that
/// holds it, and leaves everything as it was.
#[test]
fn waiting_gives_up_after_wait_naming_the_holder() {
    use std::io::Write;
    let env = TestEnv::new();
    let id = env.add_customer("杭州西湖国宾馆", &[]);
    let before = env.files();
    let mut lock = std::fs::OpenOptions::new()
        .write(true)
        .open(env.path(".cs/lock"))
        .unwrap();
    lock.lock().unwrap();
    lock.set_len(0).unwrap();
    write!(lock, "{} cs import visits", std::process::id()).unwrap();
    let started = std::time::Instant::now();
    let err = env.fails(["--wait", "1", "customer", "edit", &id, "--class", "A"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.contains("1 s") && err.contains("cs import visits") && err.contains("--wait"),
        "{err}"
    );
    assert_eq!(env.files(), before);
    lock.unlock().unwrap();
    env.ok(["--wait", "1", "customer", "edit", &id, "--class", "A"]);
}

/// 8 processes each add 100 visits, 100 complaints and 100 shipments at the same time: all
/// 2,400 records are there, every id distinct, every printed id found, `cs check` clean.
#[test]
fn concurrent_adds_of_every_table_lose_nothing() {
    const EACH: usize = 100;
    let env = TestEnv::with_team();
    let customers: Vec<String> = (0..WRITERS)
        .map(|w| env.add_customer(&format!("并发客户{w}"), &["--owner", "wang"]))
        .collect();
    let printed: Vec<(String, String)> = thread::scope(|scope| {
        let writers: Vec<_> = customers
            .iter()
            .enumerate()
            .map(|(w, customer)| {
                let env = &env;
                scope.spawn(move || {
                    let mut printed = Vec::new();
                    for i in 0..EACH {
                        let summary = format!("写者{w}第{i}次");
                        let tracking = format!("SF{w:02}{i:05}");
                        let adds: [(&str, Vec<&str>); 3] = [
                            (
                                "visits",
                                vec!["visit", "add", customer, "-c", "phone", "-p", "routine", "-m", &summary],
                            ),
                            (
                                "complaints",
                                vec![
                                    "complaint",
                                    "add",
                                    customer,
                                    "--category",
                                    "quality",
                                    "--severity",
                                    "low",
                                    "--summary",
                                    &summary,
                                ],
                            ),
                            (
                                "shipments",
                                vec![
                                    "shipment",
                                    "add",
                                    customer,
                                    "--carrier",
                                    "顺丰",
                                    "--tracking",
                                    &tracking,
                                ],
                            ),
                        ];
                        for (table, args) in adds {
                            // No CS_SEED: ids come from the OS, as in real use.
                            let output = env.std_command(args).env_remove("CS_SEED").output().unwrap();
                            assert!(
                                output.status.success(),
                                "writer {w}, {table} {i}: {}",
                                String::from_utf8_lossy(&output.stderr)
                            );
                            let id = String::from_utf8(output.stdout).unwrap();
                            printed.push((table.to_string(), id.trim_end().to_string()));
                        }
                    }
                    printed
                })
            })
            .collect();
        writers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    assert_eq!(printed.len(), WRITERS * EACH * 3);
    for (table, list) in [
        ("visits", "visit"),
        ("complaints", "complaint"),
        ("shipments", "shipment"),
    ] {
        let stored: Vec<String> = env
            .json([list, "list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        let distinct: BTreeSet<&String> = stored.iter().collect();
        assert_eq!(stored.len(), WRITERS * EACH, "{table}: every add stored once");
        assert_eq!(distinct.len(), stored.len(), "{table}: ids are distinct");
        let added: BTreeSet<&String> = printed.iter().filter(|(t, _)| t == table).map(|(_, id)| id).collect();
        assert_eq!(added, distinct, "{table}: the printed ids are the stored ones");
    }
    let summary = env.ok(["check"]);
    assert!(summary.contains("no problems found"), "{summary}");
}

/// A list whose reader stops reading (`cs customer list | less`, left open) does not keep a
/// writer waiting: what a command prints is held back until it has let go of the directory.
#[test]
fn a_reader_left_open_in_a_pager_does_not_block_writers() {
    use std::io::Read;
    let env = TestEnv::new();
    let file = env.root().join("many.csv");
    let rows: String = (0..3000)
        .map(|i| format!("客户名称很长的一家酒行{i},0571-{i:08}\n"))
        .collect();
    std::fs::write(&file, format!("name,phone\n{rows}")).unwrap();
    env.ok(["import", "customers", file.to_str().unwrap()]);
    // Far more than a pipe holds (64 KiB), and nobody reads it yet.
    let mut reader = env
        .std_command(["customer", "list", "--format", "csv"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let started = std::time::Instant::now();
    env.ok(["--wait", "20", "customer", "add", "--name", "等不得的客户"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let mut listed = String::new();
    reader.stdout.take().unwrap().read_to_string(&mut listed).unwrap();
    assert!(reader.wait().unwrap().success());
    assert!(listed.len() > 64 * 1024, "{}", listed.len());
    assert!(listed.lines().count() >= 3001, "the whole list was printed");
}
