//! Crash safety: `cs` writing commands (adds, edits, imports) killed with SIGKILL at a random
//! moment, over and over on one data directory. After each kill every table still parses
//! (`cs check` exits 0), the data is exactly the state before the command or exactly the state
//! after it (an add complete or absent, an import of N rows all there or none), and the next
//! command works.
//!
//! How "exactly the state after" is known: a second copy of the data, the reference, runs the
//! same command at the same moment with the same `CS_NOW` and `CS_SEED`, uninterrupted, so it
//! writes the same ids and bytes. The two copies start every iteration equal, byte for byte.
//!
//! `CS_CRASH_RUNS` sets the number of kills (200 by default); `CS_CRASH_SEED` the seed of the
//! random choices, to repeat a failing run.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TestEnv, copy_dir, parse_csv, repo_root, snapshot_dir, text};

/// A small deterministic generator (splitmix64), so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The kinds of command killed, with how often each is picked (imports are the slowest).
const KINDS: &[(Kind, u64)] = &[
    (Kind::CustomerAdd, 3),
    (Kind::CustomerEdit, 3),
    (Kind::VisitAdd, 3),
    (Kind::ComplaintAdd, 2),
    (Kind::ComplaintAck, 2),
    (Kind::ShipmentAdd, 2),
    (Kind::ShipmentTrack, 2),
    (Kind::LabelAdd, 2),
    (Kind::LabelDesign, 2),
    (Kind::ImportVisits, 1),
    (Kind::ImportCustomers, 1),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    CustomerAdd,
    CustomerEdit,
    VisitAdd,
    ComplaintAdd,
    ComplaintAck,
    ShipmentAdd,
    ShipmentTrack,
    LabelAdd,
    LabelDesign,
    ImportVisits,
    ImportCustomers,
}

/// Rows in an imported file: enough that the write takes a while and spans many files.
const IMPORT_VISITS: usize = 150;
const IMPORT_CUSTOMERS: usize = 100;

/// Records added earlier in the run that a later command works on, each once.
#[derive(Debug, Default)]
struct Pending {
    /// Complaints not acknowledged yet.
    complaints: Vec<String>,
    /// Tracking numbers of shipments with no tracking event yet.
    shipments: Vec<String>,
    /// Label jobs with no design yet.
    jobs: Vec<String>,
}

/// What one iteration found after the kill.
#[derive(Debug, Default)]
struct Tally {
    /// The data was the state before: the command was killed before it wrote.
    before: usize,
    /// The data was the state after, though the command had not exited by itself.
    after_killed: usize,
    /// The command had finished before the kill.
    finished: usize,
}

#[test]
fn commands_killed_at_random_moments_leave_the_state_before_or_after() {
    let runs: usize = std::env::var("CS_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("CS_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED);
    let started = Instant::now();
    let live = TestEnv::bare();
    let reference = TestEnv::bare();
    for env in [&live, &reference] {
        copy_dir(&repo_root().join("examples/wine-co"), env.data());
    }
    let customers: Vec<String> = parse_csv(&live.read("customers.csv"))
        .into_iter()
        .filter(|row| row["archived"].is_empty())
        .map(|row| row["id"].clone())
        .collect();
    let mut rng = Rng(seed);
    let mut pending = Pending::default();
    // How long each kind of command took last time, to spread the kills over its run.
    let mut took: BTreeMap<Kind, Duration> = BTreeMap::new();
    let mut tally = Tally::default();
    // Wall time spent per kind of command (the kill, the check, the run again), for the summary.
    let mut spent: BTreeMap<Kind, (usize, Duration)> = BTreeMap::new();
    let mut before = data_files(reference.data());
    assert_eq!(before, data_files(live.data()));

    for run in 0..runs {
        let kind = pick(&mut rng, &pending);
        let customer = &customers[rng.below(customers.len() as u64) as usize];
        let args = command(kind, run, customer, &mut rng, &mut pending, live.root());
        let cs_seed = (1000 + run).to_string();
        let spawn = |env: &TestEnv, stdout: Stdio| -> Child {
            env.std_command(&args)
                .env("CS_SEED", &cs_seed)
                .env("CS_USER", "wang")
                .stdin(Stdio::null())
                .stdout(stdout)
                .stderr(Stdio::piped())
                .spawn()
                .expect("starting cs")
        };

        // The reference and the victim start together; the victim is killed after a delay
        // between 0 and a bit more than the command's own run time.
        let expected = took.get(&kind).copied().unwrap_or(Duration::from_millis(150));
        let delay = Duration::from_micros(rng.below(expected.as_micros() as u64 * 13 / 10 + 1000));
        let clock = Instant::now();
        let reference_child = spawn(&reference, Stdio::piped());
        // Waited for on a thread, to know when it ended while the check below runs.
        let reference_run = std::thread::spawn(move || {
            let output = reference_child.wait_with_output().expect("running the reference cs");
            (output, Instant::now())
        });
        let mut victim = spawn(&live, Stdio::null());
        std::thread::sleep(delay);
        let _ = victim.kill();
        let victim_status = victim.wait().expect("waiting for the killed cs");
        // Either the kill ended it or it ended by itself, successfully.
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert!(
                victim_status.success() || victim_status.signal() == Some(9),
                "run {run}: `cs {}` failed by itself: {victim_status}",
                args.join(" ")
            );
        }
        // The next command, whatever it is, finishes or rolls back what the kill left; `cs
        // check` also reads every table. It runs while the reference finishes.
        let check = live
            .std_command(["check"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting cs check");
        let (output, done) = reference_run.join().expect("waiting for the reference cs");
        took.insert(kind, done - clock);
        assert!(
            output.status.success(),
            "run {run}: the reference `cs {}` failed: {}",
            args.join(" "),
            text(&output.stderr)
        );
        let printed = text(&output.stdout);
        match kind {
            Kind::ComplaintAdd => pending.complaints.push(printed.trim().to_string()),
            Kind::ShipmentAdd => pending.shipments.push(format!("SF{}", 700_000 + run)),
            Kind::LabelAdd => pending.jobs.push(printed.trim().to_string()),
            _ => {}
        }
        let after = data_files(reference.data());
        assert_ne!(before, after, "run {run}: `cs {}` changed nothing", args.join(" "));
        let checked = check.wait_with_output().expect("running cs check");

        assert!(
            checked.status.success(),
            "run {run}: after killing `cs {}` after {delay:?}, cs check fails:\n{}{}",
            args.join(" "),
            text(&checked.stdout),
            text(&checked.stderr)
        );
        assert!(
            !live.path(".cs/journal").exists(),
            "run {run}: cs check left the journal behind"
        );
        let now = data_files(live.data());
        if now == after {
            if victim_status.success() {
                tally.finished += 1;
            } else {
                tally.after_killed += 1;
            }
        } else if now == before {
            assert!(
                !victim_status.success(),
                "run {run}: `cs {}` exited 0 but its change is missing",
                args.join(" ")
            );
            tally.before += 1;
            // Rolled back: the same command runs again, uninterrupted, and does its change.
            let rerun = spawn(&live, Stdio::null()).wait_with_output().expect("running cs");
            assert!(
                rerun.status.success(),
                "run {run}: after a kill, `cs {}` fails: {}",
                args.join(" "),
                text(&rerun.stderr)
            );
            let now = data_files(live.data());
            assert!(
                now == after,
                "run {run}: `cs {}` run again after a kill wrote something else:\n{}",
                args.join(" "),
                differences(&after, &now)
            );
        } else {
            panic!(
                "run {run}: `cs {}` killed after {delay:?} left a state that is neither before \
                 nor after it.\nAgainst the state after:\n{}Against the state before:\n{}",
                args.join(" "),
                differences(&after, &now),
                differences(&before, &now)
            );
        }
        before = after;
        let entry = spent.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += clock.elapsed();
    }

    // The last state is whole too, and the next writing command clears every temporary file
    // a killed one left (a design's staging folder waits for the job's next design).
    live.ok(["check"]);
    live.ok([
        "visit",
        "add",
        &customers[0],
        "--channel",
        "phone",
        "--purpose",
        "routine",
        "--by",
        "wang",
    ]);
    let strays: Vec<String> = snapshot_dir(live.data())
        .into_keys()
        .filter(|f| f.ends_with(".cs-tmp"))
        .collect();
    assert!(strays.is_empty(), "temporary files outlive the next write: {strays:?}");
    eprintln!(
        "{runs} kills in {:.1?}: {} before the change, {} after it but before exiting, {} after exiting",
        started.elapsed(),
        tally.before,
        tally.after_killed,
        tally.finished
    );
    for (kind, (count, time)) in &spent {
        eprintln!("  {kind:?}: {count} runs, {:.1?} each", *time / *count as u32);
    }
    if runs >= 50 {
        assert!(
            tally.before > 0 && tally.after_killed + tally.finished > 0,
            "the kills should land both before and after the writes: {tally:?}"
        );
    }
}

/// A kind of command, by weight; an ack or a tracking event needs a complaint or a shipment
/// added earlier in the run, a design a job added earlier.
fn pick(rng: &mut Rng, pending: &Pending) -> Kind {
    loop {
        let total: u64 = KINDS.iter().map(|(_, w)| w).sum();
        let mut at = rng.below(total);
        let kind = KINDS
            .iter()
            .find(|(_, w)| {
                if at < *w {
                    true
                } else {
                    at -= w;
                    false
                }
            })
            .map(|(k, _)| *k)
            .expect("a weight covers every number below the total");
        match kind {
            Kind::ComplaintAck if pending.complaints.is_empty() => continue,
            Kind::ShipmentTrack if pending.shipments.is_empty() => continue,
            Kind::LabelDesign if pending.jobs.is_empty() => continue,
            _ => return kind,
        }
    }
}

/// The arguments of run `run`'s command; every one changes something.
fn command(
    kind: Kind,
    run: usize,
    customer: &str,
    rng: &mut Rng,
    pending: &mut Pending,
    scratch: &Path,
) -> Vec<String> {
    let month = 1 + rng.below(11);
    let day = 1 + rng.below(28);
    let date = format!("2026-{month:02}-{day:02}");
    let args: Vec<String> = match kind {
        Kind::CustomerAdd => vec![
            "customer".into(),
            "add".into(),
            "--name".into(),
            format!("崩溃测试客户{run}"),
            "--phone".into(),
            format!("0571-{}", 86_000_000 + run),
            "--class".into(),
            "B".into(),
        ],
        Kind::CustomerEdit => vec![
            "customer".into(),
            "edit".into(),
            customer.into(),
            "--class".into(),
            ["A", "B", "C"][rng.below(3) as usize].into(),
            "--note".into(),
            format!("第{run}次修改"),
        ],
        Kind::VisitAdd => vec![
            "visit".into(),
            "add".into(),
            customer.into(),
            "--channel".into(),
            "phone".into(),
            "--purpose".into(),
            "routine".into(),
            "--date".into(),
            date,
            "--summary".into(),
            format!("回访{run}"),
        ],
        Kind::ComplaintAdd => vec![
            "complaint".into(),
            "add".into(),
            customer.into(),
            "--category".into(),
            "quality".into(),
            "--severity".into(),
            "low".into(),
            "--summary".into(),
            format!("投诉{run}"),
        ],
        Kind::ComplaintAck => {
            let id = pending
                .complaints
                .remove(rng.below(pending.complaints.len() as u64) as usize);
            vec![
                "complaint".into(),
                "ack".into(),
                id,
                "--note".into(),
                format!("已回复{run}"),
            ]
        }
        Kind::ShipmentAdd => vec![
            "shipment".into(),
            "add".into(),
            customer.into(),
            "--carrier".into(),
            "SF".into(),
            "--tracking".into(),
            format!("SF{}", 700_000 + run),
        ],
        Kind::ShipmentTrack => {
            let tracking = pending
                .shipments
                .remove(rng.below(pending.shipments.len() as u64) as usize);
            vec![
                "shipment".into(),
                "track".into(),
                tracking,
                "--status".into(),
                "in_transit".into(),
                "--location".into(),
                format!("杭州{run}"),
            ]
        }
        Kind::LabelAdd => vec![
            "label".into(),
            "add".into(),
            customer.into(),
            "--order".into(),
            format!("O-{run}"),
            "--spec".into(),
            format!("红色酒标{run}"),
            "--by".into(),
            "wang".into(),
        ],
        Kind::LabelDesign => {
            let job = pending.jobs.remove(rng.below(pending.jobs.len() as u64) as usize);
            let file = scratch.join(format!("design-{run}.svg"));
            std::fs::write(&file, format!("<svg><text>{run}</text></svg>\n")).expect("writing a design");
            vec![
                "label".into(),
                "design".into(),
                job,
                "--file".into(),
                file.to_string_lossy().into_owned(),
                "--by".into(),
                "wang".into(),
            ]
        }
        Kind::ImportVisits => {
            // Dates over the whole year: one import appends to many monthly files at once.
            let mut csv = String::from("customer,date,channel,purpose,by,summary\n");
            for row in 0..IMPORT_VISITS {
                let month = 1 + (row + run) % 11;
                let day = 1 + row % 28;
                csv.push_str(&format!(
                    "{customer},2026-{month:02}-{day:02},phone,routine,wang,导入{run}-{row}\n"
                ));
            }
            let file = scratch.join(format!("visits-{run}.csv"));
            std::fs::write(&file, csv).expect("writing the import file");
            vec!["import".into(), "visits".into(), file.to_string_lossy().into_owned()]
        }
        Kind::ImportCustomers => {
            let mut csv = String::from("name,phone,class\n");
            for row in 0..IMPORT_CUSTOMERS {
                csv.push_str(&format!(
                    "导入客户{run}-{row},0571-{},C\n",
                    50_000_000 + run * 1000 + row
                ));
            }
            let file = scratch.join(format!("customers-{run}.csv"));
            std::fs::write(&file, csv).expect("writing the import file");
            vec!["import".into(), "customers".into(), file.to_string_lossy().into_owned()]
        }
    };
    args
}

/// The data files of a data directory, without `cs`'s own `.cs/` and without temporary files
/// of a killed command (not data; the next writing command deletes them).
fn data_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = snapshot_dir(dir);
    files.retain(|name, _| !name.contains(".cs-tmp"));
    files
}

/// How `now` differs from `expected`, file by file, line by line (a few lines each).
fn differences(expected: &BTreeMap<String, Vec<u8>>, now: &BTreeMap<String, Vec<u8>>) -> String {
    let mut out = String::new();
    for name in expected.keys().chain(now.keys().filter(|k| !expected.contains_key(*k))) {
        match (expected.get(name), now.get(name)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) => {
                let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
                let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
                out.push_str(&format!("  {name}: {} lines expected, {} found\n", a.len(), b.len()));
                for line in a.iter().filter(|l| !b.contains(l)).take(3) {
                    out.push_str(&format!("    missing: {line}\n"));
                }
                for line in b.iter().filter(|l| !a.contains(l)).take(3) {
                    out.push_str(&format!("    extra:   {line}\n"));
                }
            }
            (Some(_), None) => out.push_str(&format!("  {name}: missing\n")),
            (None, _) => out.push_str(&format!("  {name}: not expected\n")),
        }
    }
    out
}
