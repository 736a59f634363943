//! Who is due for a follow-up visit (应访), and when: one computation for `visit due`,
//! `customer show`, the reports and the daily to-do view.
//!
//! A customer's next due date is the `next` date agreed at their latest visit when it has
//! one; otherwise their latest visit's date plus their class's `visit_every_days`; a customer
//! never visited is due `visit_every_days` after they were added. Any visit, of any channel or
//! purpose, resets the clock. Pure functions: the caller reads the files.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::model::customer::{Customer, Status};
use crate::model::settings::Settings;
use crate::model::visit::Channel;

/// What the clock needs to know of a customer's latest visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastVisit {
    /// The visit's date.
    pub date: NaiveDate,
    /// How it was made.
    pub channel: Channel,
    /// The next visit agreed then, if any.
    pub next: Option<NaiveDate>,
    /// When it was recorded, to order two visits of one day.
    pub created: DateTime<FixedOffset>,
    /// Its id, the last tie-breaker, so the answer never depends on file order.
    pub id: String,
}

impl LastVisit {
    /// Whether this visit is later than `other`: by date, then by when each was recorded, then
    /// by id.
    pub fn is_later_than(&self, other: &LastVisit) -> bool {
        (self.date, self.created, &self.id) > (other.date, other.created, &other.id)
    }
}

/// Keeps, per customer, the latest of the visits offered to it.
#[derive(Debug, Default)]
pub struct LatestVisits {
    by_customer: HashMap<String, LastVisit>,
}

impl LatestVisits {
    /// Offers a visit; it is kept if it is the customer's latest so far.
    pub fn offer(&mut self, customer: &str, visit: LastVisit) {
        match self.by_customer.get_mut(customer) {
            Some(kept) if visit.is_later_than(kept) => *kept = visit,
            Some(_) => {}
            None => {
                self.by_customer.insert(customer.to_string(), visit);
            }
        }
    }

    /// The latest visit of a customer.
    pub fn get(&self, customer: &str) -> Option<&LastVisit> {
        self.by_customer.get(customer)
    }
}

/// The day a customer is next due.
pub fn due_date(customer: &Customer, every_days: u32, last: Option<&LastVisit>) -> NaiveDate {
    match last {
        Some(LastVisit { next: Some(next), .. }) => *next,
        Some(visit) => visit.date + Duration::days(every_days.into()),
        None => customer.created.date_naive() + Duration::days(every_days.into()),
    }
}

/// Which customers `visit due` covers and how far ahead it looks.
#[derive(Debug, Clone)]
pub struct DueFilter {
    /// The day the list is for.
    pub as_of: NaiveDate,
    /// Also list customers due up to this many days after `as_of`.
    pub within: u32,
    /// Only customers of this owner.
    pub owner: Option<String>,
    /// Only this class.
    pub class: Option<String>,
    /// Only customers of this distribution center.
    pub center: Option<String>,
    /// Include prospects (being developed into customers).
    pub prospects: bool,
}

/// One customer in the due list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    /// The customer's id.
    pub customer: String,
    /// The customer's name.
    pub name: String,
    /// The owning consultant.
    pub owner: Option<String>,
    /// The customer's class.
    pub class: String,
    /// The distribution center.
    pub center: Option<String>,
    /// The customer's status.
    pub status: Status,
    /// The date of the latest visit.
    pub last_visit: Option<NaiveDate>,
    /// How the latest visit was made.
    pub last_channel: Option<Channel>,
    /// The day the next visit is due.
    pub due: NaiveDate,
    /// Days from `due` to `as_of`: positive when overdue, negative when not yet due.
    pub days_overdue: i64,
}

/// Whether `visit due` covers a customer at all: not archived, and active or dormant (or a
/// prospect, when asked).
pub fn is_followed_up(customer: &Customer, prospects: bool) -> bool {
    !customer.is_archived()
        && match customer.status {
            Status::Active | Status::Dormant => true,
            Status::Prospect => prospects,
            Status::Lost => false,
        }
}

/// The due entry of one customer as of a day, whether or not it is due yet; `None` for a
/// customer whose class `cs.toml` does not define (`cs check` reports it).
pub fn due_of(customer: &Customer, settings: &Settings, last: Option<&LastVisit>, as_of: NaiveDate) -> Option<Due> {
    let every_days = settings.classes.get(&customer.class)?.visit_every_days;
    let due = due_date(customer, every_days, last);
    Some(Due {
        customer: customer.id.clone(),
        name: customer.name.clone(),
        owner: customer.owner.clone(),
        class: customer.class.clone(),
        center: customer.center.clone(),
        status: customer.status,
        last_visit: last.map(|v| v.date),
        last_channel: last.map(|v| v.channel),
        due,
        days_overdue: (as_of - due).num_days(),
    })
}

/// Every covered customer due on or before `as_of + within`, most overdue first (then by id,
/// so the order never depends on the files).
pub fn due_list(customers: &[Customer], latest: &LatestVisits, settings: &Settings, filter: &DueFilter) -> Vec<Due> {
    let horizon = filter.as_of + Duration::days(filter.within.into());
    let mut list: Vec<Due> = customers
        .iter()
        .filter(|c| is_followed_up(c, filter.prospects))
        .filter(|c| filter.owner.is_none() || c.owner == filter.owner)
        .filter(|c| filter.class.as_ref().is_none_or(|k| &c.class == k))
        .filter(|c| filter.center.is_none() || c.center == filter.center)
        .filter_map(|c| due_of(c, settings, latest.get(&c.id), filter.as_of))
        .filter(|d| d.due <= horizon)
        .collect();
    list.sort_by(|a, b| (a.due, &a.customer).cmp(&(b.due, &b.customer)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn visit(date: &str, next: Option<&str>, created: &str, id: &str) -> LastVisit {
        LastVisit {
            date: date.parse().unwrap(),
            channel: Channel::Phone,
            next: next.map(|n| n.parse().unwrap()),
            created: time(created),
            id: id.into(),
        }
    }

    #[test]
    fn the_latest_visit_wins_by_date_then_recording_time_then_id() {
        let mut latest = LatestVisits::default();
        latest.offer("c", visit("2026-10-01", None, "2026-10-01T10:00:00+08:00", "V-B"));
        latest.offer("c", visit("2026-09-01", None, "2026-11-01T10:00:00+08:00", "V-C"));
        assert_eq!(
            latest.get("c").unwrap().id,
            "V-B",
            "an older visit recorded later does not win"
        );
        latest.offer("c", visit("2026-10-01", None, "2026-10-01T11:00:00+08:00", "V-A"));
        assert_eq!(
            latest.get("c").unwrap().id,
            "V-A",
            "recorded later on the same day wins"
        );
        latest.offer("c", visit("2026-10-01", None, "2026-10-01T11:00:00+08:00", "V-Z"));
        assert_eq!(latest.get("c").unwrap().id, "V-Z", "the id decides a full tie");
    }
}
