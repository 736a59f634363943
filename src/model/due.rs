//! Who is due for a follow-up visit (应访), and when: one computation for `visit due`,
//! `customer show`, the reports and the daily to-do view.
//!
//! A customer's next due date is the `next` date agreed at their latest visit when it has
//! one; otherwise their latest visit's date plus their class's `visit_every_days`; a customer
//! never visited is due `visit_every_days` after they were added. Any visit, of any channel or
//! purpose, resets the clock. Pure functions: the caller reads the files.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::model::customer::{Customer, Status};
use crate::model::settings::Settings;
use crate::model::visit::Channel;

/// What the clock needs to know of a customer's latest visit. The latest is the one with the
/// latest date, then the one recorded last, then the one logged last, by its place in the files
/// ([`is_later`]): visits recorded in the same second (an import, a script) keep the order they
/// were logged in, as every list of visits shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastVisit {
    /// The visit's date.
    pub date: NaiveDate,
    /// How it was made.
    pub channel: Channel,
    /// The next visit agreed then, if any.
    pub next: Option<NaiveDate>,
}

/// Whether a visit on `date`, recorded at `created` (seconds since 1970), at `place` in the
/// files (month file oldest first, then line), is later than another: by date, then by when
/// each was recorded, then by which was logged last.
pub fn is_later<P: Ord>(visit: (NaiveDate, i64, P), other: (NaiveDate, i64, P)) -> bool {
    visit > other
}

/// What the due computation needs of a customer, borrowed from a record or an index.
#[derive(Debug, Clone, Copy)]
pub struct Followed<'a> {
    /// The id.
    pub id: &'a str,
    /// The name.
    pub name: &'a str,
    /// The owning consultant.
    pub owner: Option<&'a str>,
    /// The class.
    pub class: &'a str,
    /// The distribution center.
    pub center: Option<&'a str>,
    /// The status.
    pub status: Status,
    /// Whether the customer is archived.
    pub archived: bool,
    /// The day the customer was added.
    pub created: NaiveDate,
}

impl<'a> Followed<'a> {
    /// The facts of a customer record.
    pub fn of(customer: &'a Customer) -> Followed<'a> {
        Followed {
            id: &customer.id,
            name: &customer.name,
            owner: customer.owner.as_deref(),
            class: &customer.class,
            center: customer.center.as_deref(),
            status: customer.status,
            archived: customer.is_archived(),
            created: customer.created.date_naive(),
        }
    }

    /// Whether `visit due` covers the customer at all: not archived, and active or dormant
    /// (or a prospect, when asked).
    pub fn is_followed_up(&self, prospects: bool) -> bool {
        !self.archived
            && match self.status {
                Status::Active | Status::Dormant => true,
                Status::Prospect => prospects,
                Status::Lost => false,
            }
    }
}

/// The day a customer is next due.
pub fn due_date(created: NaiveDate, every_days: u32, last: Option<&LastVisit>) -> NaiveDate {
    match last {
        Some(LastVisit { next: Some(next), .. }) => *next,
        Some(visit) => visit.date + Duration::days(every_days.into()),
        None => created + Duration::days(every_days.into()),
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

impl DueFilter {
    /// Whether a customer is in the list's scope (before looking at dates).
    pub fn covers(&self, customer: &Followed<'_>) -> bool {
        customer.is_followed_up(self.prospects)
            && self.owner.as_deref().is_none_or(|o| customer.owner == Some(o))
            && self.class.as_deref().is_none_or(|k| customer.class == k)
            && self.center.as_deref().is_none_or(|c| customer.center == Some(c))
    }
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

/// The due entry of one customer as of a day, whether or not it is due yet; `None` for a
/// customer whose class `cs.toml` does not define (`cs check` reports it).
pub fn due_of(customer: &Followed<'_>, settings: &Settings, last: Option<&LastVisit>, as_of: NaiveDate) -> Option<Due> {
    let every_days = settings.classes.get(customer.class)?.visit_every_days;
    let due = due_date(customer.created, every_days, last);
    Some(Due {
        customer: customer.id.to_string(),
        name: customer.name.to_string(),
        owner: customer.owner.map(str::to_string),
        class: customer.class.to_string(),
        center: customer.center.map(str::to_string),
        status: customer.status,
        last_visit: last.map(|v| v.date),
        last_channel: last.map(|v| v.channel),
        due,
        days_overdue: (as_of - due).num_days(),
    })
}

/// Every covered customer due on or before `as_of + within`, most overdue first (then by id,
/// so the order never depends on the files). Each customer comes with a key `latest` is given
/// with their id to find their latest visit up to `as_of` (the caller's choice: a hash of the
/// id, say).
pub fn due_list<'a, K: Copy>(
    customers: impl Iterator<Item = (Followed<'a>, K)>,
    latest: &dyn Fn(&str, K) -> Option<LastVisit>,
    settings: &Settings,
    filter: &DueFilter,
) -> Vec<Due> {
    let horizon = filter.as_of + Duration::days(filter.within.into());
    let mut list: Vec<Due> = customers
        .filter(|(c, _)| filter.covers(c))
        .filter_map(|(c, key)| {
            let every_days = settings.classes.get(c.class)?.visit_every_days;
            let last = latest(c.id, key);
            // Most customers are not due: the entry is made only for those that are.
            (due_date(c.created, every_days, last.as_ref()) <= horizon)
                .then(|| due_of(&c, settings, last.as_ref(), filter.as_of))
                .flatten()
        })
        .collect();
    list.sort_unstable_by(|a, b| (a.due, &a.customer).cmp(&(b.due, &b.customer)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_latest_visit_wins_by_date_then_recording_time_then_place_in_the_log() {
        assert!(is_later(
            (day("2026-10-01"), 10, (0, 5)),
            (day("2026-09-01"), 99, (0, 9))
        ));
        assert!(is_later(
            (day("2026-10-01"), 11, (0, 1)),
            (day("2026-10-01"), 10, (0, 2))
        ));
        assert!(is_later(
            (day("2026-10-01"), 11, (0, 2)),
            (day("2026-10-01"), 11, (0, 1))
        ));
        assert!(is_later(
            (day("2026-10-01"), 11, (1, 0)),
            (day("2026-10-01"), 11, (0, 7))
        ));
    }

    #[test]
    fn due_dates_follow_next_then_cadence_then_creation() {
        let created = day("2026-01-10");
        assert_eq!(due_date(created, 30, None).to_string(), "2026-02-09");
        let last = LastVisit {
            date: day("2026-10-20"),
            channel: Channel::Phone,
            next: None,
        };
        assert_eq!(due_date(created, 30, Some(&last)).to_string(), "2026-11-19");
        let agreed = LastVisit {
            next: Some("2026-12-31".parse().unwrap()),
            ..last
        };
        assert_eq!(due_date(created, 30, Some(&agreed)).to_string(), "2026-12-31");
    }
}
