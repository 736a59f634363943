//! `cs check`: validates the settings and every table, reporting every problem at once.
//!
//! It reads with the shared lock and never writes, so it is safe to run at any time, and
//! after a git merge in particular.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::model::customer::Customer;
use crate::model::settings::{SETTINGS_FILE, Settings};
use crate::store::{Located, Store, duplicate_id};

/// What `cs check` found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every problem, in file and line order.
    pub problems: Vec<Problem>,
    /// A one-line account of what was checked.
    pub summary: String,
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
    if let Some(settings) = &settings {
        check_customers(&customers, settings, &mut problems);
    }
    check_duplicate_ids(&customers, &mut problems);
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));

    let settings_part = match &settings {
        Some(s) => format!(
            "{} ({} classes, {} staff, {} centers)",
            store.display(Path::new(SETTINGS_FILE)),
            s.classes.len(),
            s.staff.len(),
            s.centers.len()
        ),
        None => store.display(Path::new(SETTINGS_FILE)),
    };
    let summary = format!("checked {settings_part} and {} customers", customers.len());
    Ok(Report { problems, summary })
}

fn check_customers(customers: &[Located<Customer>], settings: &Settings, problems: &mut Vec<Problem>) {
    for located in customers {
        for (field, message) in located.record.problems(settings) {
            problems.push(Problem::at(&*located.file, Some(located.line), Some(field), message));
        }
    }
}

fn check_duplicate_ids(customers: &[Located<Customer>], problems: &mut Vec<Problem>) {
    // Case-insensitive, as id prefixes are: `kh-1` and `KH-1` could not be told apart.
    let mut first_seen: HashMap<String, &Located<Customer>> = HashMap::new();
    for located in customers {
        match first_seen.get(&located.record.id.to_ascii_lowercase()) {
            Some(first) => problems.push(duplicate_id(located, &first.file, first.line)),
            None => {
                first_seen.insert(located.record.id.to_ascii_lowercase(), located);
            }
        }
    }
}
