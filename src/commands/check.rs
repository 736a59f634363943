//! `cs check`: validates the settings and every table, reporting every problem at once.
//!
//! It reads with the shared lock and never writes, so it is safe to run at any time, and
//! after a git merge in particular. Each table is checked the same way: every line parses,
//! every record keeps the rules of its table ([`Checked`]), no id appears twice, and a
//! monthly table's records sit in the file of their month.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::model::customer::Customer;
use crate::model::settings::{SETTINGS_FILE, Settings};
use crate::model::visit::Visit;
use crate::store::table::{Month, Partition, Record};
use crate::store::{Located, Store, duplicate_id};

/// What `cs check` found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every problem, in file and line order.
    pub problems: Vec<Problem>,
    /// A one-line account of what was checked.
    pub summary: String,
}

/// What records are checked against: the settings and the ids other tables refer to.
pub struct Known<'a> {
    /// The validated settings.
    pub settings: &'a Settings,
    /// Every customer id.
    pub customers: HashSet<&'a str>,
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

impl Checked for Visit {
    fn problems(&self, known: &Known) -> Vec<(&'static str, String)> {
        let mut problems = Visit::problems(self, known.settings);
        if !known.customers.contains(self.customer.as_str()) {
            problems.push((
                "customer",
                format!("'{}' is not a customer in customers.csv", self.customer),
            ));
        }
        problems
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
    let customers: Vec<Located<Customer>> = store.scan(&mut problems);
    let visits: Vec<Located<Visit>> = store.scan(&mut problems);
    let known = settings.as_ref().map(|settings| Known {
        settings,
        customers: customers.iter().map(|c| c.record.id.as_str()).collect(),
    });
    check_table(&customers, known.as_ref(), &mut problems);
    check_table(&visits, known.as_ref(), &mut problems);
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));

    let settings_part = match &settings {
        Some(s) => format!(
            "{} ({}, {} staff, {}, {})",
            store.display(Path::new(SETTINGS_FILE)),
            count(s.classes.len(), "class", "classes"),
            s.staff.len(),
            count(s.centers.len(), "center", "centers"),
            count(s.surveys.len(), "survey", "surveys"),
        ),
        None => store.display(Path::new(SETTINGS_FILE)),
    };
    let summary = format!(
        "checked {settings_part}, {} and {}",
        count(customers.len(), "customer", "customers"),
        count(visits.len(), "visit", "visits"),
    );
    Ok(Report { problems, summary })
}

/// Every rule of one table: the record's own (when the settings could be read), ids used
/// once, and records in the file of their month.
fn check_table<R: Checked>(records: &[Located<R>], known: Option<&Known>, problems: &mut Vec<Problem>) {
    if let Some(known) = known {
        for located in records {
            for (field, message) in located.record.problems(known) {
                problems.push(Problem::at(&*located.file, Some(located.line), Some(field), message));
            }
        }
    }
    // Case-insensitive, as id prefixes are: `kh-1` and `KH-1` could not be told apart.
    let mut first_seen: HashMap<String, &Located<R>> = HashMap::new();
    for located in records {
        match first_seen.get(&located.record.id().to_ascii_lowercase()) {
            Some(first) => problems.push(duplicate_id(located, &first.file, first.line)),
            None => {
                first_seen.insert(located.record.id().to_ascii_lowercase(), located);
            }
        }
        if R::TABLE.partition == Partition::Monthly
            && let Some(date) = located.record.date()
            && located.month != Some(Month::of(date))
        {
            problems.push(Problem::at(
                &*located.file,
                Some(located.line),
                Some("date"),
                format!(
                    "{date} belongs in {}: move the line there (cs reads each month from its own file)",
                    R::TABLE.file(Some(Month::of(date))).display()
                ),
            ));
        }
    }
}

/// `1 visit`, `2 visits`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
