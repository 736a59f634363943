//! `cs check`: validates the settings and every table, reporting every problem at once.
//!
//! It reads with the shared lock and never writes, so it is safe to run at any time, and
//! after a git merge in particular. Each table is checked the same way: every line parses,
//! every record keeps the rules of its table ([`Checked`]), no id appears twice, and a
//! monthly table's records sit in the file of their month. Files are checked two at a time,
//! and only their ids are kept once checked. It reads the files themselves, never the index.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::marker::PhantomData;
use std::path::Path;
use std::sync::Arc;

use rust_i18n::t;
use xxhash_rust::xxh3::Xxh3Builder;

use crate::error::{Error, Problem, Result};
use crate::model::complaint::{Complaint, Event};
use crate::model::customer::Customer;
use crate::model::label::{LabelEvent, LabelJob};
use crate::model::settings::{SETTINGS_FILE, Settings};
use crate::model::shipment::{Shipment, TrackEvent};
use crate::model::visit::Visit;
use crate::store::customer_history::CustomerChange;
use crate::store::customers;
use crate::store::index::{Indexed, in_parallel};
use crate::store::table::{Month, Partition, Record, TableSpec};
use crate::store::{Store, Transaction, duplicate_id_at};

mod fix;
pub use fix::fix;

/// What `cs check` found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every problem, in file and line order.
    pub problems: Vec<Problem>,
    /// What is worth knowing but is no problem: records a merge settled by a rule (changed in
    /// both clones), oldest first.
    pub notes: Vec<Problem>,
    /// A one-line account of what was checked.
    pub summary: String,
}

/// What records are checked against: the settings and the ids other tables refer to.
pub struct Known<'a> {
    /// The validated settings.
    pub settings: &'a Settings,
    /// Every customer id.
    pub customers: HashSet<String, Xxh3Builder>,
    /// The data directory, for records that name files in it (label designs); `None` checks
    /// the records alone (the data generator, before anything is written).
    pub store: Option<&'a Store>,
}

/// A record with rules beyond its format.
pub trait Checked: Record {
    /// The rules the record breaks, as `(field, problem)` pairs.
    fn problems(&self, known: &Known) -> Vec<(&'static str, String)>;
}

impl Checked for Customer {
    fn problems(&self, known: &Known) -> Vec<(&'static str, String)> {
        Customer::problems(self, known.settings)
    }
}

impl Checked for Complaint {
    fn problems(&self, known: &Known) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if !known.customers.contains(self.customer.as_str()) {
            problems.push((
                "customer",
                t!("check.complaint.no_customer", customer = self.customer.clone()).into_owned(),
            ));
        }
        if known.settings.complaints.category(&self.category) != Some(self.category.as_str()) {
            problems.push((
                "category",
                t!(
                    "complaint.unknown_category",
                    value = self.category.clone(),
                    known = known.settings.complaints.categories.join(", ")
                )
                .into_owned(),
            ));
        }
        if known.settings.staff_member(&self.handler).is_none() {
            problems.push((
                "handler",
                t!("complaint.unknown_staff", value = self.handler.clone()).into_owned(),
            ));
        }
        if let Some(score) = self.score.filter(|s| !(1..=5).contains(s)) {
            problems.push(("score", t!("complaint.bad_score", value = score).into_owned()));
        }
        for (field, time) in [
            ("responded", self.responded),
            ("resolved", self.resolved),
            ("closed", self.closed),
        ] {
            if time.is_some_and(|t| t < self.received) {
                problems.push((field, t!("check.complaint.before_received", field = field).into_owned()));
            }
        }
        problems
    }
}

impl Checked for Event {
    fn problems(&self, _known: &Known) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

impl Checked for CustomerChange {
    fn problems(&self, known: &Known) -> Vec<(&'static str, String)> {
        if known.customers.contains(self.customer.as_str()) {
            Vec::new()
        } else {
            vec![("customer", t!("check.not_a_customer", id = self.customer).into_owned())]
        }
    }
}

impl Checked for Shipment {
    fn problems(&self, known: &Known) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if !known.customers.contains(self.customer.as_str()) {
            problems.push(("customer", t!("check.not_a_customer", id = self.customer).into_owned()));
        }
        if known
            .settings
            .carrier(&self.carrier)
            .is_none_or(|c| c.name != self.carrier)
        {
            problems.push((
                "carrier",
                t!("shipment.unknown_carrier", value = self.carrier.clone()).into_owned(),
            ));
        }
        if !self.center.is_empty() && known.settings.center(&self.center).is_none() {
            let ids: Vec<&str> = known.settings.centers.iter().map(|c| c.id.as_str()).collect();
            problems.push((
                "center",
                t!(
                    "shipment.unknown_center",
                    value = self.center.clone(),
                    known = ids.join(", ")
                )
                .into_owned(),
            ));
        }
        if self.eta < self.shipped {
            problems.push((
                "eta",
                t!("shipment.eta_before_shipped", eta = self.eta, shipped = self.shipped).into_owned(),
            ));
        }
        if self.delivered.is_some() != (self.status == crate::model::shipment::Status::Delivered) {
            problems.push(("delivered", t!("check.shipment.delivered_status").into_owned()));
        }
        problems
    }
}

impl Checked for TrackEvent {
    fn problems(&self, _known: &Known) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

impl Checked for Visit {
    fn problems(&self, known: &Known) -> Vec<(&'static str, String)> {
        let mut problems = Visit::problems(self, known.settings);
        if !known.customers.contains(self.customer.as_str()) {
            problems.push(("customer", t!("check.not_a_customer", id = self.customer).into_owned()));
        }
        problems
    }
}

impl Checked for LabelJob {
    fn problems(&self, known: &Known) -> Vec<(&'static str, String)> {
        super::label::problems(self, known.settings, &known.customers, known.store)
    }
}

impl Checked for LabelEvent {
    fn problems(&self, _known: &Known) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// Checks the data directory the store has open.
pub fn check(store: &Store) -> Result<Report> {
    let mut problems = Vec::new();
    let settings = match store.settings() {
        Ok(settings) => Some(settings),
        Err(Error::Data(problem)) => {
            problems.push(problem);
            None
        }
        Err(Error::DataMany(found)) => {
            problems.extend(found);
            None
        }
        Err(other) => return Err(other),
    };
    let mut known = settings.as_ref().map(|settings| Known {
        settings,
        customers: HashSet::with_hasher(Xxh3Builder::new()),
        store: Some(store),
    });
    let mut counted = Vec::new();
    for table in TABLES {
        let checked = table.check(store, known.as_ref(), &mut problems);
        let spec = table.spec();
        counted.push(count_records(checked.records, spec.record_name, spec.name));
        if spec.name == customers::TABLE.name
            && let Some(known) = &mut known
        {
            known.customers = HashSet::with_capacity_and_hasher(checked.ids.len(), Xxh3Builder::new());
            known.customers.extend(checked.ids);
        }
    }
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let notes = crate::store::notes::read(store.root())?
        .into_iter()
        .map(|n| {
            let message = t!(
                "git.check.note",
                merged = n.merged,
                rule = super::git::rule_text(n.rule),
                notes = crate::store::notes::NOTES_FILE
            );
            Problem::at(store.display(Path::new(&n.file)), None, Some(&n.id), message)
        })
        .collect();

    let settings_part = match &settings {
        Some(s) => t!(
            "check.settings",
            file = store.display(Path::new(SETTINGS_FILE)),
            classes = count(s.classes.len(), "check.count.class_one", "check.count.class_many"),
            staff = t!("check.count.staff", count = s.staff.len()),
            centers = count(s.centers.len(), "check.count.center_one", "check.count.center_many"),
            surveys = count(s.surveys.len(), "check.count.survey_one", "check.count.survey_many"),
        )
        .into_owned(),
        None => store.display(Path::new(SETTINGS_FILE)),
    };
    let last = counted.pop().unwrap_or_default();
    let summary = if counted.is_empty() {
        t!("check.summary_two", settings = settings_part, last = last)
    } else {
        t!(
            "check.summary_more",
            settings = settings_part,
            tables = counted.join(&t!("check.separator")),
            last = last
        )
    }
    .into_owned();
    Ok(Report {
        problems,
        notes,
        summary,
    })
}

/// A table as `cs check` goes through it.
trait CheckTable: Sync {
    /// The table.
    fn spec(&self) -> &'static TableSpec;
    /// Checks every file of the table, adding the problems found.
    fn check(&self, store: &Store, known: Option<&Known>, problems: &mut Vec<Problem>) -> TableChecked;
    /// `cs check --fix`'s first step: see [`fix::remove_copies_and_cut_lines`].
    fn remove_copies_and_cut_lines(
        &self,
        store: &Store,
        tx: &mut Transaction<'_>,
        fixed: &mut Vec<Problem>,
    ) -> Result<()>;
    /// `cs check --fix`'s second step: see [`fix::move_to_their_month`].
    fn move_to_their_month(&self, store: &Store, tx: &mut Transaction<'_>, fixed: &mut Vec<Problem>) -> Result<()>;
}

/// The [`CheckTable`] of the records `R`.
struct TableOf<R>(PhantomData<fn() -> R>);

impl<R: Checked + Indexed + Send> CheckTable for TableOf<R> {
    fn spec(&self) -> &'static TableSpec {
        &R::TABLE
    }

    fn check(&self, store: &Store, known: Option<&Known>, problems: &mut Vec<Problem>) -> TableChecked {
        check_table::<R>(store, known, problems)
    }

    fn remove_copies_and_cut_lines(
        &self,
        store: &Store,
        tx: &mut Transaction<'_>,
        fixed: &mut Vec<Problem>,
    ) -> Result<()> {
        fix::remove_copies_and_cut_lines::<R>(store, tx, fixed)
    }

    fn move_to_their_month(&self, store: &Store, tx: &mut Transaction<'_>, fixed: &mut Vec<Problem>) -> Result<()> {
        fix::move_to_their_month::<R>(store, tx, fixed)
    }
}

/// Every table, in the order `cs check` goes through them: each after the tables it refers to.
/// A new table is one more line here.
const TABLES: &[&dyn CheckTable] = &[
    &TableOf::<Customer>(PhantomData),
    &TableOf::<CustomerChange>(PhantomData),
    &TableOf::<Visit>(PhantomData),
    &TableOf::<Complaint>(PhantomData),
    &TableOf::<Event>(PhantomData),
    &TableOf::<Shipment>(PhantomData),
    &TableOf::<TrackEvent>(PhantomData),
    &TableOf::<LabelJob>(PhantomData),
    &TableOf::<LabelEvent>(PhantomData),
];

/// What checking one table found, besides its problems.
struct TableChecked {
    /// How many records could be read.
    records: usize,
    /// Every id read.
    ids: Vec<String>,
}

/// What checking one file found.
struct FileChecked {
    file: Arc<str>,
    records: usize,
    problems: Vec<Problem>,
    /// Each id read and its line.
    ids: Vec<(String, u64)>,
}

/// Every rule of one table: the record's own (when the settings could be read), ids used
/// once across all its files, and records in the file of their month.
fn check_table<R: Checked + Send>(store: &Store, known: Option<&Known>, problems: &mut Vec<Problem>) -> TableChecked {
    let months = match store.partitions(&R::TABLE) {
        Ok(months) => months,
        Err(e) => {
            problems.push(Problem::at(
                store.display(Path::new(R::TABLE.name)),
                None,
                None,
                e.to_string(),
            ));
            Vec::new()
        }
    };
    let mut files = in_parallel(&months, |&month| check_file::<R>(store, month, known));
    let records: usize = files.iter().map(|f| f.records).sum();
    // Case-insensitive, as id prefixes are: `kh-1` and `KH-1` could not be told apart. Ids
    // are mostly upper case already, and then the map borrows them.
    let mut first_seen: HashMap<Cow<'_, str>, (usize, u64), Xxh3Builder> =
        HashMap::with_capacity_and_hasher(records, Xxh3Builder::new());
    for (at, file) in files.iter().enumerate() {
        for (id, line) in &file.ids {
            let key = if id.bytes().any(|b| b.is_ascii_lowercase()) {
                Cow::Owned(id.to_ascii_uppercase())
            } else {
                Cow::Borrowed(id.as_str())
            };
            match first_seen.get(&key) {
                Some(&(first_file, first_line)) => {
                    problems.push(duplicate_id_at(
                        &file.file,
                        *line,
                        id,
                        &files[first_file].file,
                        first_line,
                    ));
                }
                None => {
                    first_seen.insert(key, (at, *line));
                }
            }
        }
    }
    drop(first_seen);
    let mut ids = Vec::with_capacity(records);
    for file in &mut files {
        problems.append(&mut file.problems);
        ids.extend(file.ids.drain(..).map(|(id, _)| id));
    }
    TableChecked { records, ids }
}

fn check_file<R: Checked>(store: &Store, month: Option<Month>, known: Option<&Known>) -> FileChecked {
    let mut checked = FileChecked {
        file: store.display(&R::TABLE.file(month)).into(),
        records: 0,
        problems: Vec::new(),
        ids: Vec::new(),
    };
    let problems = std::cell::RefCell::new(Vec::new());
    store.scan_file::<R>(
        month,
        &mut |located| {
            checked.records += 1;
            if let Some(known) = known {
                for (field, message) in located.record.problems(known) {
                    problems
                        .borrow_mut()
                        .push(Problem::at(&*located.file, Some(located.line), Some(field), message));
                }
            }
            if R::TABLE.partition == Partition::Monthly
                && let Some(date) = located.record.date()
                && located.month != Some(Month::of(date))
            {
                problems.borrow_mut().push(Problem::at(
                    &*located.file,
                    Some(located.line),
                    Some("date"),
                    t!(
                        "check.wrong_month",
                        date = date,
                        file = R::TABLE.file(Some(Month::of(date))).display()
                    ),
                ));
            }
            if R::TABLE.has_ids() {
                checked.ids.push((located.record.id().to_string(), located.line));
            }
        },
        &mut |problem| problems.borrow_mut().push(problem),
    );
    checked.problems = problems.into_inner();
    if let Some(&Problem { line: Some(last), .. }) = checked.problems.last()
        && let Ok(Some(cut)) = store.unterminated_last_line(&R::TABLE.file(month))
        && cut.line == last
    {
        let message = t!("check.cut_line");
        checked
            .problems
            .push(Problem::at(&*checked.file, Some(last), None, message));
    }
    checked
}

/// `1 visit`, `2 visits`: the catalog's text under `one` or `many` (keys), for `n`.
fn count(n: usize, one: &str, many: &str) -> String {
    let key = if n == 1 { one } else { many };
    t!(key, count = n).into_owned()
}

/// How many records of a table were checked, in words: `1 customer`, `2 visits`.
fn count_records(n: usize, record_name: &str, table_name: &str) -> String {
    let key = format!("check.count.{record_name}_{}", if n == 1 { "one" } else { "many" });
    match crate::i18n::lookup(&key) {
        Some(text) => text.replace("%{count}", &n.to_string()),
        // A table the catalog does not name yet is counted in its own words.
        None => format!("{n} {}", if n == 1 { record_name } else { table_name }),
    }
}
