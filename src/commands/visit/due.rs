//! `cs visit due` and the visits part of `cs customer show`: the latest visit of each customer
//! from the visits summary, and the model's due computation on top. Neither reads a visits
//! file, except to show the few visits `customer show` lists.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_i18n::t;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::customer::Customer;
use crate::model::due::{Due, DueFilter, Followed, LastVisit, due_list, due_of, is_later};
use crate::model::visit::{Channel, Visit};
use crate::store::Store;
use crate::store::customers::CustomerIndex;
use crate::store::index::{self, FileIndex, day_number, day_of};
use crate::store::table::Month;
use crate::store::visit_summary::{RECENT, VisitSummary, read_visits};
use crate::store::visits::{TABLE, key};

/// Every customer due on or before `filter.as_of + filter.within`, most overdue first. Owner,
/// class and center in the filter are checked against the settings first.
pub fn due(store: &Store, mut filter: DueFilter) -> Result<Vec<Due>> {
    let settings = store.settings()?;
    if let Some(owner) = &filter.owner {
        filter.owner = Some(super::staff_id(&settings, "--owner", owner)?);
    }
    if let Some(class) = &filter.class {
        filter.class = Some(
            settings
                .class_named(class)
                .ok_or_else(|| {
                    Error::invalid(
                        "--class",
                        t!("visit.unknown_class", class = class, classes = settings.class_list()),
                    )
                })?
                .to_string(),
        );
    }
    if let Some(center) = &filter.center
        && settings.center(center).is_none()
    {
        return Err(Error::invalid("--center", t!("common.not_center", id = center)));
    }
    let customers = CustomerIndex::load(store)?;
    let summary = VisitSummary::load(store)?;
    let rows = (0..customers.rows()).map(|row| (customers.followed(row), row));
    if summary.newest().is_none_or(|newest| newest <= filter.as_of) {
        let mut by_hash: Vec<(u64, u32)> = (0..customers.rows())
            .map(|row| (customers.id_hash(row), row as u32))
            .collect();
        by_hash.sort_unstable();
        let latest = summary
            .all_latest()
            .in_hash_order(&by_hash, |row| customers.id(row), customers.rows());
        Ok(due_list(rows, &|_, row| latest[row], &settings, &filter))
    } else {
        // As of a day before the newest visit: the latest visit up to that day of each
        // customer, from the month indexes.
        let latest = latest_up_to(store, filter.as_of)?;
        Ok(due_list(rows, &|id, _| latest.get(id).copied(), &settings, &filter))
    }
}

/// The latest visit of every customer, counting visits up to `as_of` only.
fn latest_up_to(store: &Store, as_of: NaiveDate) -> Result<HashMap<String, LastVisit>> {
    let months = store.months_between(&TABLE, None, Some(Month::of(as_of)))?;
    let indexes: Vec<FileIndex<Visit>> = index::load_all(store, &months)?;
    let limit = day_number(as_of);
    // Per customer: the latest visit's order (day, recorded, place in the files) and its facts.
    type Order = (NaiveDate, i64, (usize, usize));
    let mut latest: HashMap<&str, (Order, LastVisit)> = HashMap::new();
    for (at, file) in indexes.iter().enumerate() {
        file.check()?;
        for row in 0..file.rows() {
            if file.i32(key::DATE, row) > limit {
                continue;
            }
            let next = file.i32(key::NEXT, row);
            let visit = LastVisit {
                date: day_of(file.i32(key::DATE, row)),
                channel: Channel::ALL[usize::from(file.u8(key::CHANNEL, row)).min(Channel::ALL.len() - 1)],
                next: (next != key::NO_DATE).then(|| day_of(next)),
            };
            let order = (visit.date, file.i64(key::CREATED, row), (at, row));
            match latest.get_mut(file.str(key::CUSTOMER, row)) {
                Some(kept) if !is_later(order, kept.0) => {}
                Some(kept) => *kept = (order, visit),
                None => {
                    latest.insert(file.str(key::CUSTOMER, row), (order, visit));
                }
            }
        }
    }
    Ok(latest
        .into_iter()
        .map(|(customer, (_, visit))| (customer.to_string(), visit))
        .collect())
}

/// A customer's visits as `customer show` lists them.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerVisits {
    /// How many visits the customer has had.
    pub total: usize,
    /// The latest ones, newest first.
    pub latest: Vec<Visit>,
    /// When the next visit is due, for a customer who is followed up.
    pub due: Option<Due>,
}

/// The latest `limit` visits of one customer, their number, and when the next is due as of
/// `as_of`. Reads the summary and the few visit lines it points to.
pub fn customer_visits(store: &Store, customer: &Customer, limit: usize, as_of: NaiveDate) -> Result<CustomerVisits> {
    let settings = store.settings()?;
    let followed = Followed::of(customer);
    let summary = VisitSummary::load(store)?;
    let (total, latest, last) = match summary.latest(&customer.id) {
        None => (0, Vec::new(), None),
        Some(latest) => {
            if limit <= RECENT && latest.date <= as_of {
                let mut places = summary.recent(&customer.id);
                places.truncate(limit);
                let visits = read_visits(store, &places)?.into_iter().map(|l| l.record).collect();
                (summary.count(&customer.id), visits, Some(latest))
            } else {
                let mut visits = visits_of(store, &customer.id)?;
                super::sort_newest_first(&mut visits);
                let last = visits.iter().find(|v| v.date <= as_of).map(|v| LastVisit {
                    date: v.date,
                    channel: v.channel,
                    next: v.next,
                });
                let total = visits.len();
                visits.truncate(limit);
                (total, visits, last)
            }
        }
    };
    let due = followed
        .is_followed_up(true)
        .then(|| due_of(&followed, &settings, last.as_ref(), as_of))
        .flatten();
    Ok(CustomerVisits { total, latest, due })
}

/// Every visit of one customer, from the month indexes.
fn visits_of(store: &Store, customer: &str) -> Result<Vec<Visit>> {
    let months = store.months_between(&TABLE, None, None)?;
    index::read_matching(store, &months, key::CUSTOMER, customer)
}
