//! `cs visit due` and the visits part of `cs customer show`: the latest visit of each customer,
//! read from the few columns that decide it, and the model's due computation on top.

use chrono::NaiveDate;
use serde::Serialize;

use super::sort_newest_first;
use crate::error::{Error, Result};
use crate::model::customer::Customer;
use crate::model::due::{Due, DueFilter, LastVisit, LatestVisits, due_list, due_of, is_followed_up};
use crate::model::visit::Visit;
use crate::store::Store;
use crate::store::table::{Month, Record};
use crate::store::visits::{TABLE, VisitCol};

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
                        format!("unknown class '{class}' (cs.toml defines {})", settings.class_list()),
                    )
                })?
                .to_string(),
        );
    }
    if let Some(center) = &filter.center
        && settings.center(center).is_none()
    {
        return Err(Error::invalid(
            "--center",
            format!("'{center}' is not a distribution center in cs.toml"),
        ));
    }
    let customers: Vec<Customer> = store.read()?;
    let latest = latest_visits(store, filter.as_of)?;
    Ok(due_list(&customers, &latest, &settings, &filter))
}

/// The latest visit of every customer, counting visits up to `as_of` only: the list as it
/// stood that day.
fn latest_visits(store: &Store, as_of: NaiveDate) -> Result<LatestVisits> {
    let mut latest = LatestVisits::default();
    store.each_row(&TABLE, None, Some(Month::of(as_of)), &mut |row| {
        let date = row.date(VisitCol::Date)?;
        if date > as_of {
            return Ok(());
        }
        let visit = LastVisit {
            date,
            channel: row.parse(VisitCol::Channel)?,
            next: row.optional_date(VisitCol::Next)?,
            created: row.time(VisitCol::Created)?,
            id: row.raw(VisitCol::Id).trim().to_string(),
        };
        latest.offer(row.raw(VisitCol::Customer).trim(), visit);
        Ok(())
    })?;
    Ok(latest)
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
/// `as_of`. Reads only the rows whose customer column matches.
pub fn customer_visits(store: &Store, customer: &Customer, limit: usize, as_of: NaiveDate) -> Result<CustomerVisits> {
    let settings = store.settings()?;
    let mut visits = Vec::new();
    store.each_row(&TABLE, None, None, &mut |row| {
        if row.raw(VisitCol::Customer).trim() == customer.id {
            visits.push(Visit::decode(row)?);
        }
        Ok(())
    })?;
    sort_newest_first(&mut visits);
    let counted = visits.iter().find(|v| v.date <= as_of).map(|v| LastVisit {
        date: v.date,
        channel: v.channel,
        next: v.next,
        created: v.created,
        id: v.id.clone(),
    });
    let due = is_followed_up(customer, true)
        .then(|| due_of(customer, &settings, counted.as_ref(), as_of))
        .flatten();
    let total = visits.len();
    visits.truncate(limit);
    Ok(CustomerVisits {
        total,
        latest: visits,
        due,
    })
}
