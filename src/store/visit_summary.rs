//! The visits summary: per customer, how many visits, the latest one, and where the five
//! latest are. It is what `customer show` and `visit due` read instead of every visit.
//!
//! Derived from the month indexes and kept in `.cs/index/visits.summary` with the fingerprint
//! of every month file it was made from; it is used only while every month file still has that
//! fingerprint (and is not racy, as for the month indexes), and made again from the month
//! indexes otherwise. With the cache off it is made in memory on every use.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use xxhash_rust::xxh3::{Xxh3Builder, xxh3_64};

use crate::error::{Error, Result};
use crate::model::visit::{Channel, Visit};
use crate::store::index::{self, Columns, FileIndex, Fingerprint, Kind, Parts, Value, View, day_of};
use crate::store::mapped::{self, FileBytes};
use crate::store::table::Month;
use crate::store::visits::{TABLE, key};
use crate::store::{Located, Store};

/// How many of each customer's latest visits the summary can point to.
pub const RECENT: usize = 5;
const MAGIC: &[u8; 4] = b"CSVS";
const VERSION: u32 = 1;
const FILE: &str = "visits.summary";

/// Per customer: id, count, the latest visit (day, recording time, channel, next date, id),
/// and where the recent visits are (first position in the locations, and how many).
const CUSTOMERS: &[Kind] = &[
    Kind::Str,
    Kind::U32,
    Kind::I32,
    Kind::I64,
    Kind::U8,
    Kind::I32,
    Kind::Str,
    Kind::U32,
    Kind::U8,
];
const C_ID: usize = 0;
const C_COUNT: usize = 1;
const C_DATE: usize = 2;
const C_CREATED: usize = 3;
const C_CHANNEL: usize = 4;
const C_NEXT: usize = 5;
const C_LAST_ID: usize = 6;
const C_RECENT_AT: usize = 7;
const C_RECENT_LEN: usize = 8;

/// Where one visit is: its month, byte offset, length and line.
const LOCATIONS: &[Kind] = &[Kind::U32, Kind::U64, Kind::U32, Kind::U32];

/// The latest visit of a customer, as the summary keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest<'a> {
    /// The visit's day.
    pub date: NaiveDate,
    /// When it was recorded, in seconds since 1970.
    pub created: i64,
    /// How it was made.
    pub channel: Channel,
    /// The next visit agreed.
    pub next: Option<NaiveDate>,
    /// Its id.
    pub id: &'a str,
}

/// Where one visit's line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// The month's file.
    pub month: Month,
    /// The byte offset of the line.
    pub offset: u64,
    /// The line's length in bytes.
    pub len: u32,
    /// The line's number.
    pub line: u32,
}

/// The summary of every customer's visits.
#[derive(Debug)]
pub struct VisitSummary {
    bytes: FileBytes,
    customers: Parts,
    locations: Parts,
    /// The latest visit day in the whole table, if any.
    newest: Option<NaiveDate>,
}

/// What the summary was made from: each month file's fingerprint.
type Sources = Vec<(Month, Fingerprint)>;

impl VisitSummary {
    /// The summary, made again from the month indexes if any month file changed.
    pub fn load(store: &Store) -> Result<VisitSummary> {
        let months = store.months_between(&TABLE, None, None)?;
        let mut sources: Sources = Vec::with_capacity(months.len());
        for month in &months {
            let month = month.expect("visits are monthly");
            let path = store.root().join(TABLE.file(Some(month)));
            if let Some(fingerprint) = Fingerprint::of(&path)? {
                sources.push((month, fingerprint));
            }
        }
        let path = summary_path(store);
        if store.cache_enabled()
            && let Some(summary) = mapped::read(&path).ok().and_then(|b| VisitSummary::decode(b, &sources))
        {
            return Ok(summary);
        }
        let indexes: Vec<FileIndex<Visit>> = index::load_all(store, &months)?;
        for file in &indexes {
            file.check()?;
        }
        // The fingerprints the month indexes were checked against: taken before they were read.
        let sources: Sources = indexes
            .iter()
            .filter_map(|i| Some((i.month()?, i.fingerprint()?)))
            .collect();
        let bytes = summarize(&indexes, &sources);
        if store.cache_enabled() {
            index::write_atomically(&path, &bytes);
        }
        VisitSummary::decode_trusted(FileBytes::Owned(bytes))
            .ok_or_else(|| Error::External("the visits summary could not be made".into()))
    }

    fn decode(bytes: FileBytes, sources: &Sources) -> Option<VisitSummary> {
        let (body, checksum) = bytes.split_at(bytes.len().checked_sub(8)?);
        if xxh3_64(body) != u64::from_le_bytes(checksum.try_into().ok()?) {
            return None;
        }
        let mut rest = body.strip_prefix(MAGIC.as_slice())?;
        if index::take_u32(&mut rest)? != VERSION {
            return None;
        }
        let count = index::take_u32(&mut rest)? as usize;
        if count != sources.len() {
            return None;
        }
        for (month, fingerprint) in sources {
            let stored_month = index::take_u32(&mut rest)?;
            let stored = Fingerprint::decode(&mut rest)?;
            let built_at = index::take_i64(&mut rest)?;
            if stored_month != month_number(*month) || stored != *fingerprint || stored.is_racy(built_at) {
                return None;
            }
        }
        VisitSummary::decode_trusted(bytes)
    }

    /// Reads a summary whose sources were checked (or that was just made).
    fn decode_trusted(bytes: FileBytes) -> Option<VisitSummary> {
        let mut rest: &[u8] = &bytes;
        rest = rest.strip_prefix(MAGIC.as_slice())?;
        index::take_u32(&mut rest)?;
        let count = index::take_u32(&mut rest)? as usize;
        for _ in 0..count {
            index::take_u32(&mut rest)?;
            Fingerprint::decode(&mut rest)?;
            index::take_i64(&mut rest)?;
        }
        let newest = index::take_i32(&mut rest)?;
        let at = bytes.len() - rest.len();
        let (customers, end) = Parts::decode(&bytes, at, CUSTOMERS)?;
        let (locations, _) = Parts::decode(&bytes, end, LOCATIONS)?;
        Some(VisitSummary {
            bytes,
            customers,
            locations,
            newest: (newest != key::NO_DATE).then(|| day_of(newest)),
        })
    }

    fn customers(&self) -> View<'_> {
        View::new(&self.bytes, &self.customers)
    }

    /// The latest day of any visit, if there is one.
    pub fn newest(&self) -> Option<NaiveDate> {
        self.newest
    }

    /// A map from customer id to row, for looking up many customers.
    pub fn rows_by_customer(&self) -> HashMap<&[u8], usize, Xxh3Builder> {
        let view = self.customers();
        let mut map = HashMap::with_capacity_and_hasher(view.rows(), Xxh3Builder::new());
        for row in 0..view.rows() {
            map.insert(view.bytes(C_ID, row), row);
        }
        map
    }

    /// The row of a customer, by exact id.
    pub fn find(&self, customer: &str) -> Option<usize> {
        let view = self.customers();
        let (mut low, mut high) = (0, view.rows());
        while low < high {
            let mid = (low + high) / 2;
            match view.bytes(C_ID, mid).cmp(customer.as_bytes()) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The number of customers with visits.
    pub fn rows(&self) -> usize {
        self.customers().rows()
    }

    /// The customer of a row.
    pub fn customer(&self, row: usize) -> &str {
        self.customers().str(C_ID, row)
    }

    /// How many visits the customer of a row has had.
    pub fn count(&self, row: usize) -> usize {
        self.customers().u32(C_COUNT, row) as usize
    }

    /// The latest visit of the customer of a row.
    pub fn latest(&self, row: usize) -> Latest<'_> {
        let view = self.customers();
        let next = view.i32(C_NEXT, row);
        Latest {
            date: day_of(view.i32(C_DATE, row)),
            created: view.i64(C_CREATED, row),
            channel: Channel::ALL[usize::from(view.u8(C_CHANNEL, row)).min(Channel::ALL.len() - 1)],
            next: (next != key::NO_DATE).then(|| day_of(next)),
            id: view.str(C_LAST_ID, row),
        }
    }

    /// Where the latest visits of the customer of a row are, newest first.
    pub fn recent(&self, row: usize) -> Vec<Location> {
        let view = self.customers();
        let start = view.u32(C_RECENT_AT, row) as usize;
        let len = usize::from(view.u8(C_RECENT_LEN, row));
        let locations = View::new(&self.bytes, &self.locations);
        (start..start + len)
            .map(|at| Location {
                month: month_of(locations.u32(0, at)),
                offset: locations.u64(1, at),
                len: locations.u32(2, at),
                line: locations.u32(3, at),
            })
            .collect()
    }
}

/// Reads the visits at some locations, in that order.
pub fn read_visits(store: &Store, locations: &[Location]) -> Result<Vec<Located<Visit>>> {
    let mut by_month: HashMap<Month, Vec<usize>> = HashMap::new();
    for (at, location) in locations.iter().enumerate() {
        by_month.entry(location.month).or_default().push(at);
    }
    let mut found: Vec<Option<Located<Visit>>> = (0..locations.len()).map(|_| None).collect();
    for (month, positions) in by_month {
        let wanted: Vec<(u64, usize, u64)> = positions
            .iter()
            .map(|&at| {
                let l = locations[at];
                (l.offset, l.len as usize, u64::from(l.line))
            })
            .collect();
        let records = index::read_lines::<Visit>(store, Some(month), &wanted)?;
        for (at, record) in positions.into_iter().zip(records) {
            found[at] = Some(record);
        }
    }
    Ok(found.into_iter().map(|r| r.expect("every location read")).collect())
}

/// What the summary keeps of one customer while going through the visits: the count and up
/// to [`RECENT`] visits, newest first.
#[derive(Clone, Copy)]
struct Acc {
    count: u32,
    len: u8,
    recent: [Place; RECENT],
}

/// One visit while summarizing: its order (day, recording time) and where it is (month index
/// and row), which also gives its id for the last tie-breaker.
#[derive(Clone, Copy, Default)]
struct Place {
    date: i32,
    created: i64,
    file: u32,
    row: u32,
}

impl Acc {
    fn offer(&mut self, place: Place, indexes: &[FileIndex<Visit>]) {
        self.count += 1;
        let len = usize::from(self.len);
        let newer = |a: &Place, b: &Place| match (a.date, a.created).cmp(&(b.date, b.created)) {
            std::cmp::Ordering::Equal => {
                let id = |p: &Place| indexes[p.file as usize].bytes(key::ID, p.row as usize);
                id(a) > id(b)
            }
            order => order == std::cmp::Ordering::Greater,
        };
        let at = self.recent[..len]
            .iter()
            .position(|kept| newer(&place, kept))
            .unwrap_or(len);
        if at < RECENT {
            let end = (len + 1).min(RECENT);
            self.recent.copy_within(at..end - 1, at + 1);
            self.recent[at] = place;
            self.len = end as u8;
        }
    }

    fn merge(&mut self, other: &Acc, indexes: &[FileIndex<Visit>]) {
        let count = self.count + other.count;
        for place in &other.recent[..usize::from(other.len)] {
            self.offer(*place, indexes);
        }
        self.count = count;
    }
}

type Accs<'a> = HashMap<&'a [u8], Acc, Xxh3Builder>;

/// Summarizes some of the month indexes (those `pick` selects).
fn accumulate<'a>(indexes: &'a [FileIndex<Visit>], pick: impl Fn(usize) -> bool) -> (Accs<'a>, i32) {
    let mut accs: Accs<'a> = HashMap::with_capacity_and_hasher(1 << 16, Xxh3Builder::new());
    let mut newest = key::NO_DATE;
    for (file, index) in indexes.iter().enumerate().filter(|(f, _)| pick(*f)) {
        for row in 0..index.rows() {
            let place = Place {
                date: index.i32(key::DATE, row),
                created: index.i64(key::CREATED, row),
                file: file as u32,
                row: row as u32,
            };
            newest = newest.max(place.date);
            accs.entry(index.bytes(key::CUSTOMER, row))
                .or_insert(Acc {
                    count: 0,
                    len: 0,
                    recent: [Place::default(); RECENT],
                })
                .offer(place, indexes);
        }
    }
    (accs, newest)
}

/// Makes the summary's bytes from the month indexes, half of the months on each of two
/// threads.
fn summarize(indexes: &[FileIndex<Visit>], sources: &Sources) -> Vec<u8> {
    let ((mut accs, newest_even), (odd, newest_odd)) = std::thread::scope(|scope| {
        let odd = scope.spawn(|| accumulate(indexes, |f| f % 2 == 1));
        let even = accumulate(indexes, |f| f % 2 == 0);
        (even, odd.join().expect("summarizing does not panic"))
    });
    for (customer, acc) in odd {
        match accs.get_mut(customer) {
            Some(kept) => kept.merge(&acc, indexes),
            None => {
                accs.insert(customer, acc);
            }
        }
    }
    let newest = newest_even.max(newest_odd);
    let mut customers: Vec<(&[u8], Acc)> = accs.into_iter().collect();
    customers.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let mut rows = Columns::new(CUSTOMERS);
    let mut places = Columns::new(LOCATIONS);
    for (customer, acc) in &customers {
        let latest = acc.recent[0];
        let index = &indexes[latest.file as usize];
        let row = latest.row as usize;
        rows.push(&[
            Value::Str(std::str::from_utf8(customer).unwrap_or_default()),
            Value::U32(acc.count),
            Value::I32(latest.date),
            Value::I64(latest.created),
            Value::U8(index.u8(key::CHANNEL, row)),
            Value::I32(index.i32(key::NEXT, row)),
            Value::Str(index.str(key::ID, row)),
            Value::U32(places.rows() as u32),
            Value::U8(acc.len),
        ]);
        for place in &acc.recent[..usize::from(acc.len)] {
            let index = &indexes[place.file as usize];
            let row = place.row as usize;
            places.push(&[
                Value::U32(month_number(index.month().expect("visits are monthly"))),
                Value::U64(index.offset(row)),
                Value::U32(index.length(row)),
                Value::U32(index.line(row) as u32),
            ]);
        }
    }
    let mut out = Vec::with_capacity(rows.rows() * 64 + places.rows() * 24 + 4096);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(sources.len() as u32).to_le_bytes());
    let built_at = index::now_nanos();
    for (month, fingerprint) in sources {
        out.extend_from_slice(&month_number(*month).to_le_bytes());
        fingerprint.encode(&mut out);
        out.extend_from_slice(&built_at.to_le_bytes());
    }
    out.extend_from_slice(&newest.to_le_bytes());
    rows.encode(&mut out);
    places.encode(&mut out);
    let checksum = xxh3_64(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

fn summary_path(store: &Store) -> PathBuf {
    store.index_dir().join(FILE)
}

fn month_number(month: Month) -> u32 {
    (month.year as u32) * 12 + (month.month - 1)
}

fn month_of(number: u32) -> Month {
    Month {
        year: (number / 12) as i32,
        month: number % 12 + 1,
    }
}
