//! Dates and random draws shared by the tables' generators. Every draw takes the generator's
//! `StdRng`, so the same seed gives the same files; a table must draw in a fixed order.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use rand::RngExt;
use rand::rngs::StdRng;

use crate::words::{SURNAMES, WINES};

pub fn day(ymd: (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2).expect("a valid constant date")
}

/// China Standard Time, the offset every generated time is written in.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("a valid offset")
}

/// A moment `seconds` after midnight of `date`, in China Standard Time.
pub fn at(date: NaiveDate, seconds: u32) -> DateTime<FixedOffset> {
    let time = NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0).expect("a time of day");
    cst()
        .from_local_datetime(&date.and_time(time))
        .single()
        .expect("a fixed offset has no gaps")
}

/// A random time of the working day (08:00 to 20:00), in seconds after midnight.
pub fn working_seconds(rng: &mut StdRng) -> u32 {
    rng.random_range(8 * 3600..20 * 3600)
}

pub fn pick<'a, T: ?Sized>(rng: &mut StdRng, items: &'a [&'a T]) -> &'a T {
    items[rng.random_range(0..items.len())]
}

pub fn weighted<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    unreachable!("the roll is below the total")
}

/// `count` different items, in a random order.
pub fn several<'a>(rng: &mut StdRng, items: &[&'a str], count: usize) -> Vec<&'a str> {
    let mut pool: Vec<&str> = items.to_vec();
    let count = count.min(pool.len());
    for i in 0..count {
        let j = rng.random_range(i..pool.len());
        pool.swap(i, j);
    }
    pool.truncate(count);
    pool
}

pub fn digits(rng: &mut StdRng, count: usize) -> String {
    (0..count)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

/// Fills `{s}` (a surname), `{n}` (a number) and `{w}` (a wine) in a template.
pub fn fill(rng: &mut StdRng, template: &str) -> String {
    let mut text = template.to_string();
    if text.contains("{s}") {
        text = text.replace("{s}", pick_surname(rng).0);
    }
    if text.contains("{n}") {
        text = text.replace("{n}", &rng.random_range(2..40).to_string());
    }
    if text.contains("{w}") {
        text = text.replace("{w}", pick(rng, WINES));
    }
    text
}

pub fn pick_surname(rng: &mut StdRng) -> (&'static str, &'static str) {
    SURNAMES[rng.random_range(0..SURNAMES.len())]
}

/// Who and when, by weight: a day of the generated span by the weight a table gives it, and
/// a customer by theirs among those with a history who are not prospects. The complaints and
/// shipments draw the same way (a day, then a customer, from the table's own generator).
pub struct Draw {
    days: Vec<f64>,
    days_total: f64,
    customers: Vec<f64>,
    customers_total: f64,
}

impl Draw {
    /// The cumulative weights of the `day_count` days from `first`, and of the customers.
    pub fn new(
        first: NaiveDate,
        day_count: i64,
        day_weight: impl Fn(NaiveDate) -> f64,
        people: &[crate::customers::Person],
    ) -> Draw {
        let mut days = Vec::with_capacity(day_count as usize);
        let mut days_total = 0.0;
        for d in 0..day_count {
            days_total += day_weight(first + chrono::Duration::days(d));
            days.push(days_total);
        }
        let mut customers = Vec::with_capacity(people.len());
        let mut customers_total = 0.0;
        for person in people {
            if person.last_visit_day.is_some() && person.status != cs::model::customer::Status::Prospect {
                customers_total += person.weight;
            }
            customers.push(customers_total);
        }
        Draw {
            days,
            days_total,
            customers,
            customers_total,
        }
    }

    /// Whether any customer can be drawn.
    pub fn has_customers(&self) -> bool {
        self.customers_total > 0.0
    }

    /// A day (its number from the first) and a customer (an index into `people`); `None`
    /// when that customer was archived by then, for the caller to draw again.
    pub fn next(&self, rng: &mut StdRng, people: &[crate::customers::Person]) -> Option<(usize, usize)> {
        let pick = |rng: &mut StdRng, cumulative: &[f64], total: f64| {
            let roll = rng.random_range(0.0..total);
            cumulative.partition_point(|&w| w <= roll).min(cumulative.len() - 1)
        };
        let d = pick(rng, &self.days, self.days_total);
        let customer = pick(rng, &self.customers, self.customers_total);
        people[customer]
            .last_visit_day
            .is_some_and(|last| usize::from(last) >= d)
            .then_some((d, customer))
    }
}
