//! Writes a complete `cs` data directory of made-up customers, follow-up visits and complaints,
//! for the benchmarks (`benches/run.sh`) and for trying `cs` at a department's scale.
//!
//! ```sh
//! cargo run --release --example generate -- --out DIR --scale 1.0 --seed 1
//! ```
//!
//! Scale 1.0 is 100,000 customers, 1,000,000 visits and 100,000 complaints (with about half a
//! million lines of their history) over the two years up to 2026-11-27. Records are built as
//! the library's own `Customer`, `Visit`, `Complaint` and `Event` values and written with its
//! codec (`Record::encode`, `csvfile::encode_rows`), so the files are exactly what `cs` writes
//! and cannot drift from the format; every record is also checked against the library's rules
//! before it is written. A few months carry what a spreadsheet user leaves behind (a BOM and
//! CRLF line ends, columns in another order, channel names typed in Chinese, no line break
//! after the last line), which `cs` must read as well.
//!
//! The same `--scale` and `--seed` give byte-identical files (with the `rand` version in
//! `Cargo.lock`), however many cores write them. It never touches an existing data directory:
//! a DIR with a `cs.toml` is refused. A summary goes to stderr; stdout gets `key=value` lines
//! for scripts: `customers`, `visits`, `files`, `month_files`, `bytes`, `customers_bytes`,
//! `visits_bytes`, `complaints`, `complaint_events`, `complaints_bytes`,
//! `complaint_history_bytes`, `show_id` and `show_prefix` (an active class A customer with
//! visits, and the shortest unique start of its id), `edit_id` (an active class C customer),
//! `visit_customer` and `visit_by` (an active customer and its owner, to log visits and
//! complaints for), `visit_id` (a visit of the last month) and `quirks` (the hand-edited files).
//!
//! Scale 1.0 also has 200,000 shipments with about 1,000,000 tracking events (`shipments.rs`),
//! with the stdout keys `shipments`, `shipment_events`, `shipments_bytes`,
//! `shipment_events_bytes`, `track_ref` (the tracking number of a shipment of the last month
//! still in transit, for `cs shipment track` and `show`) and `late_as_of` (the last day, the
//! day `cs shipment list --late` is asked about).
//!
//! One module per table (`customers.rs`, `visits.rs`, `complaints.rs`), each making its
//! records and writing its files; `words.rs` holds the pools they draw from, `common.rs` the
//! dates and random draws, `settings.rs` the generated `cs.toml`, `quirks.rs` the hand edits
//! and `table_file.rs` the writer. A new table (shipments, labels) is a new module like
//! `complaints.rs`, called from `run` once the records it refers to exist, with a random
//! generator of its own (seeded from `--seed` and the table, as each month of visits and each
//! complaint is): drawing from the shared one would change every file made after it, and the
//! files of a given seed would no longer be the same. `wine_co_complaints.py` is not part of
//! the generator: it replays the sample's complaints in `examples/wine-co` with the real `cs`.

mod common;
mod complaints;
mod customers;
mod labels;
mod quirks;
mod settings;
mod shipments;
mod table_file;
mod visits;
mod words;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result, bail, ensure};
use clap::Parser;
use rand::SeedableRng;
use rand::rngs::StdRng;

use cs::commands::init::{GITATTRIBUTES, gitignore};
use cs::model::complaint::Status as ComplaintStatus;
use cs::model::customer::{Customer, Status};
use cs::model::settings::{SETTINGS_FILE, Settings};
use cs::model::shipment::Status as ShipmentStatus;
use cs::store::complaints::{HISTORY as COMPLAINT_HISTORY, TABLE as COMPLAINTS};
use cs::store::customers::TABLE as CUSTOMERS;
use cs::store::shipments::{EVENTS as SHIPMENT_EVENTS, TABLE as SHIPMENTS};
use cs::store::visits::TABLE as VISITS;

use crate::complaints::write_complaints;
use crate::customers::{Person, make_customers, write_customers};
use crate::quirks::{BOM_CRLF_MONTH, NO_FINAL_NEWLINE_MONTH, REORDERED_MONTH};
use crate::settings::SETTINGS;
use crate::shipments::write_shipments;
use crate::visits::{Slot, plan_visits, visit_ids, write_visits};

/// As in `cs` itself: the generator makes and frees millions of small strings (a record's
/// fields, its encoded row), which mimalloc does in a fraction of the system allocator's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Writes a cs data directory with made-up customers, visits and complaints.
#[derive(Debug, Parser)]
#[command(after_help = "Example:\n  cargo run --release --example generate -- --out /tmp/wine --scale 0.1")]
struct Args {
    /// The directory to write (created if missing; refused if it has a cs.toml)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// 1.0 is 100,000 customers, 1,000,000 visits, 100,000 complaints and 200,000 shipments;
    /// 0.01 is a hundredth
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// The random seed; the same seed and scale give the same files
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Customers, visits and complaints at scale 1.0.
const CUSTOMERS_PER_SCALE: f64 = 100_000.0;
const VISITS_PER_SCALE: f64 = 1_000_000.0;
const COMPLAINTS_PER_SCALE: f64 = 100_000.0;
/// Label jobs at scale 1.0.
const LABELS_PER_SCALE: f64 = 20_000.0;
/// Shipments at scale 1.0 (each with about five tracking events).
const SHIPMENTS_PER_SCALE: f64 = 200_000.0;

/// The last day with visits and complaints; the two years before it hold them all.
pub const LAST_DAY: (i32, u32, u32) = (2026, 11, 27);
pub const VISIT_DAYS: i64 = 730;
/// Survey 2026Q4 is asked from this day on.
pub const SURVEY_FROM: (i32, u32, u32) = (2026, 10, 1);
/// Customers were added from this day until the visits begin.
pub const FIRST_CUSTOMER_DAY: (i32, u32, u32) = (2019, 1, 1);

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<()> {
    ensure!(
        args.scale.is_finite() && args.scale > 0.0,
        "--scale must be a positive number, like 1.0 or 0.01"
    );
    let started = Instant::now();
    let customer_count = ((CUSTOMERS_PER_SCALE * args.scale).round() as usize).max(1);
    let visit_count = (VISITS_PER_SCALE * args.scale).round() as usize;
    let complaint_count = (COMPLAINTS_PER_SCALE * args.scale).round() as usize;
    let shipment_count = (SHIPMENTS_PER_SCALE * args.scale).round() as usize;
    let out = &args.out;
    if out.join(SETTINGS_FILE).exists() {
        bail!(
            "{} already has a {SETTINGS_FILE}: refusing to overwrite a data directory",
            out.display()
        );
    }
    for table in [
        VISITS.name,
        COMPLAINTS.name,
        COMPLAINT_HISTORY.name,
        SHIPMENTS.name,
        SHIPMENT_EVENTS.name,
    ] {
        let dir = out.join(table);
        let listing = || format!("cannot read {}", dir.display());
        if dir.is_dir() && fs::read_dir(&dir).with_context(listing)?.next().is_some() {
            bail!(
                "{} is not empty: its month files would mix with the generated ones",
                dir.display()
            );
        }
    }
    let visits_dir = out.join(VISITS.name);
    fs::create_dir_all(&visits_dir).with_context(|| format!("cannot create {}", visits_dir.display()))?;

    let settings = Settings::parse(SETTINGS, SETTINGS_FILE).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the generated cs.toml is invalid:\n{}", lines.join("\n"))
    })?;
    let mut rng = StdRng::seed_from_u64(args.seed);
    let mut written = Written::default();

    let people = make_customers(&mut rng, customer_count, &settings)?;
    // customers.csv is written while the visits are planned.
    let (customers_bytes, slots, ids) = std::thread::scope(|scope| {
        let customers = scope.spawn(|| write_customers(out, &people));
        let slots = plan_visits(&mut rng, &people, visit_count);
        let ids = visit_ids(&mut rng, slots.len());
        let bytes = customers
            .join()
            .map_err(|_| anyhow::anyhow!("writing customers.csv panicked"))?;
        Ok::<_, anyhow::Error>((bytes?, slots, ids))
    })?;
    written.add(customers_bytes);
    let months = write_visits(out, args.seed, &settings, &people, &slots, ids)?;
    let visits_bytes: u64 = months.iter().map(|m| m.bytes).sum();
    for month in &months {
        written.add(month.bytes);
    }
    // Last of the tables: complaints refer to customers, and draw from their own generator.
    let complaints = write_complaints(out, args.seed, &settings, &people, complaint_count)?;
    written.files += complaints.complaint_months + complaints.history_months;
    written.bytes += complaints.complaint_bytes + complaints.history_bytes;
    let label_count = (LABELS_PER_SCALE * args.scale).round() as usize;
    let labels = labels::write_labels(out, args.seed, &settings, &people, label_count)?;
    written.files += 1 + labels.history_months;
    written.bytes += labels.bytes;
    // After the complaints, from a generator of their own: the files before stay the same.
    let shipments = write_shipments(out, args.seed, &settings, &people, shipment_count)?;
    written.files += shipments.shipment_months + shipments.event_months;
    written.bytes += shipments.shipment_bytes + shipments.event_bytes;

    for (file, content) in [
        (".gitattributes", GITATTRIBUTES.to_string()),
        (".gitignore", gitignore()),
    ] {
        write_file(out, file, content.as_bytes())?;
        written.add(content.len() as u64);
    }
    // Last, as `cs init` does: a directory is a data directory once cs.toml is in it.
    write_file(out, SETTINGS_FILE, SETTINGS.as_bytes())?;
    written.add(SETTINGS.len() as u64);

    let mut by_purpose = [0; 3];
    for month in &months {
        for (total, n) in by_purpose.iter_mut().zip(month.by_purpose) {
            *total += n;
        }
    }
    let [routine, survey, satisfaction] = by_purpose;
    let status =
        |s: ComplaintStatus| complaints.by_status[ComplaintStatus::ALL.iter().position(|x| *x == s).unwrap_or(0)];
    eprintln!(
        "wrote {} customers, {} visits ({routine} routine, {satisfaction} satisfaction, {survey} survey) and \
         {} complaints ({} closed, {} resolved, {} open, {} acknowledged, {} waiting, {} reopened; {} escalated, \
         {} times by the cron job) with {} lines of history in {} files, {:.1} MiB, in {} ms",
        people.len(),
        slots.len(),
        complaints.complaints,
        status(ComplaintStatus::Closed),
        status(ComplaintStatus::Resolved),
        status(ComplaintStatus::Open),
        status(ComplaintStatus::Acknowledged),
        status(ComplaintStatus::Waiting),
        status(ComplaintStatus::Reopened),
        complaints.escalated,
        complaints.by_cron,
        complaints.events,
        written.files,
        written.bytes as f64 / 1024.0 / 1024.0,
        started.elapsed().as_millis()
    );

    let shipment_status = |s: ShipmentStatus| shipments.by_status[usize::from(s.code())];
    eprintln!(
        "and {} shipments ({} delivered, {} on the way, {} pending, {} returned, {} lost; \
         {} late on the last day) and {} tracking events",
        shipments.shipments,
        shipment_status(ShipmentStatus::Delivered),
        shipments.shipments
            - shipment_status(ShipmentStatus::Delivered)
            - shipment_status(ShipmentStatus::Pending)
            - shipment_status(ShipmentStatus::Returned)
            - shipment_status(ShipmentStatus::Lost),
        shipment_status(ShipmentStatus::Pending),
        shipment_status(ShipmentStatus::Returned),
        shipment_status(ShipmentStatus::Lost),
        shipments.late,
        shipments.events,
    );

    let show = pick_show(&people, &slots);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "customers={}", people.len())?;
    writeln!(out, "visits={}", slots.len())?;
    writeln!(out, "files={}", written.files)?;
    writeln!(out, "month_files={}", months.len())?;
    writeln!(out, "bytes={}", written.bytes)?;
    writeln!(out, "customers_bytes={customers_bytes}")?;
    writeln!(out, "visits_bytes={visits_bytes}")?;
    writeln!(out, "complaints={}", complaints.complaints)?;
    writeln!(out, "complaint_events={}", complaints.events)?;
    writeln!(out, "complaints_bytes={}", complaints.complaint_bytes)?;
    writeln!(out, "complaint_history_bytes={}", complaints.history_bytes)?;
    writeln!(out, "label_jobs={}", labels.jobs)?;
    writeln!(out, "label_events={}", labels.events)?;
    writeln!(out, "shipments={}", shipments.shipments)?;
    writeln!(out, "shipment_events={}", shipments.events)?;
    writeln!(out, "shipments_bytes={}", shipments.shipment_bytes)?;
    writeln!(out, "shipment_events_bytes={}", shipments.event_bytes)?;
    if let Some(tracking) = &shipments.track_ref {
        writeln!(out, "track_ref={tracking}")?;
    }
    let (y, m, d) = LAST_DAY;
    writeln!(out, "late_as_of={y:04}-{m:02}-{d:02}")?;
    writeln!(out, "show_id={}", show.id)?;
    writeln!(out, "show_prefix={}", unique_prefix(&people, &show.id))?;
    if let Some(edit) = pick_customer(&people, |c| c.class == "C") {
        writeln!(out, "edit_id={}", edit.id)?;
    }
    if let Some(visited) = pick_customer(&people, |c| c.class == "B" && c.owner.as_deref() == Some("wang"))
        .or_else(|| pick_customer(&people, |c| c.owner.is_some()))
    {
        writeln!(out, "visit_customer={}", visited.id)?;
        writeln!(out, "visit_by={}", visited.owner.as_deref().unwrap_or_default())?;
    }
    // A visit of the latest month, the one `visit add` appends to.
    if let Some(last) = months.last() {
        writeln!(out, "visit_id={}", last.first_id)?;
    }
    let quirks: Vec<String> = [
        (BOM_CRLF_MONTH, "bom+crlf"),
        (REORDERED_MONTH, "columns-reordered+chinese-channels"),
        (NO_FINAL_NEWLINE_MONTH, "no-final-newline"),
    ]
    .into_iter()
    .filter(|(month, _)| months.iter().any(|m| m.month == *month))
    .map(|(month, quirk)| format!("{}:{quirk}", VISITS.file(Some(month)).display()))
    .collect();
    writeln!(out, "quirks={}", quirks.join(","))?;
    Ok(())
}

/// Files and bytes written, for the summary.
#[derive(Default)]
struct Written {
    files: usize,
    bytes: u64,
}

impl Written {
    fn add(&mut self, bytes: u64) {
        self.files += 1;
        self.bytes += bytes;
    }
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(name);
    fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// The customer `customer show` is timed on: the first active key account (class A) that has
/// visits, so the command has a customer's worth of visits to decode and print.
fn pick_show<'a>(people: &'a [Person], slots: &[Slot]) -> &'a Customer {
    let mut visits = vec![0usize; people.len()];
    for slot in slots {
        visits[slot.customer as usize] += 1;
    }
    people
        .iter()
        .zip(&visits)
        .find(|(p, n)| p.class == "A" && p.status == Status::Active && !p.is_archived() && **n > 0)
        .map(|(p, _)| &p.customer)
        .unwrap_or(&people[0].customer)
}

/// The first customer not archived, active, and matching `test`.
fn pick_customer(people: &[Person], test: impl Fn(&Customer) -> bool) -> Option<&Customer> {
    people
        .iter()
        .map(|p| &p.customer)
        .find(|c| !c.is_archived() && c.status == Status::Active && test(c))
}

/// The shortest start of `id` without its `C-`, at least 4 characters, that no other customer's
/// id shares.
fn unique_prefix(people: &[Person], id: &str) -> String {
    let bare = id.strip_prefix(CUSTOMERS.id_prefix).unwrap_or(id);
    (4..bare.len())
        .map(|len| &bare[..len])
        .find(|prefix| {
            people
                .iter()
                .filter(|p| {
                    p.id.strip_prefix(CUSTOMERS.id_prefix)
                        .unwrap_or(&p.id)
                        .starts_with(prefix)
                })
                .count()
                == 1
        })
        .unwrap_or(bare)
        .to_string()
}
