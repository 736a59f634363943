//! The visits summary: per customer, how many visits, the latest one, and where the five
//! latest are. It is what `customer show` and `visit due` read instead of every visit.
//!
//! Derived from the month indexes and kept in `.cs/index/visits.summary` with the state of
//! every month file it was made from (fingerprint, length and hash). A month file whose
//! fingerprint is unchanged (and not racy) needs nothing; one that only grew since (its index
//! remembers growing from the recorded state) adds its new visits as a delta, worked out at
//! each use; anything else, or a delta grown large, makes the summary again from the month
//! indexes. With the cache off it is made in memory on every use.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use xxhash_rust::xxh3::{Xxh3Builder, xxh3_64};

use crate::error::Result;
use crate::model::due::LastVisit;
use crate::model::visit::{Channel, Visit};
use crate::store::index::{self, Columns, FileIndex, Fingerprint, Kind, Parts, Value, View, day_of};
use crate::store::mapped::{self, FileBytes};
use crate::store::table::Month;
use crate::store::visits::{TABLE, key};
use crate::store::{Located, Store};

/// How many of each customer's latest visits the summary can point to.
pub const RECENT: usize = 5;
const MAGIC: &[u8; 4] = b"CSVS";
const VERSION: u32 = 5;
const FILE: &str = "visits.summary";
/// How many new visits are worked out at each use before the summary is made again.
const MAX_DELTA: usize = 5_000;

/// Per customer: id, count, the latest visit's channel and next date, where its recent
/// visits are among the places (first position, and how many), and the id's hash
/// ([`index::id_hash`]). Rows are in the order of the hash (then the id): evenly spread
/// numbers, so a customer's row is found in a few steps near where its hash says it is, and
/// looking up every customer touches no more than the summary itself.
const CUSTOMERS: &[Kind] = &[
    Kind::Str,
    Kind::U32,
    Kind::U8,
    Kind::I32,
    Kind::U32,
    Kind::U8,
    Kind::U64,
];
const C_ID: usize = 0;
const C_COUNT: usize = 1;
const C_CHANNEL: usize = 2;
const C_NEXT: usize = 3;
const C_RECENT_AT: usize = 4;
const C_RECENT_LEN: usize = 5;
const C_HASH: usize = 6;

/// Each recent visit: its order (day, recording time, id) and where it is (month, offset,
/// length, line).
const PLACES: &[Kind] = &[
    Kind::I32,
    Kind::I64,
    Kind::Str,
    Kind::U32,
    Kind::U64,
    Kind::U32,
    Kind::U32,
];

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

/// One of a customer's recent visits: what orders it, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Recent {
    date: i32,
    created: i64,
    id: String,
    location: Location,
}

impl Recent {
    fn is_newer_than(&self, other: &Recent) -> bool {
        // The place in the files last: visits recorded in the same second keep the order
        // they were logged in, as `is_later` orders them.
        let place = |r: &Recent| (r.date, r.created, r.location.month, r.location.line);
        place(self) > place(other)
    }
}

/// What the summary knows of one customer's visits.
#[derive(Debug, Clone, Default)]
struct Entry {
    count: usize,
    /// Newest first; the first is the latest visit.
    recent: Vec<Recent>,
    /// The latest visit's channel and next date.
    channel: u8,
    next: i32,
}

impl Entry {
    /// Adds a visit: counted, and kept if among the newest `RECENT`.
    fn offer(&mut self, visit: Recent, channel: u8, next: i32) {
        self.count += 1;
        let at = self
            .recent
            .iter()
            .position(|kept| visit.is_newer_than(kept))
            .unwrap_or(self.recent.len());
        if at < RECENT {
            if at == 0 {
                self.channel = channel;
                self.next = next;
            }
            self.recent.insert(at, visit);
            self.recent.truncate(RECENT);
        }
    }

    fn last_visit(&self) -> Option<LastVisit> {
        let latest = self.recent.first()?;
        Some(LastVisit {
            date: day_of(latest.date),
            channel: Channel::ALL[usize::from(self.channel).min(Channel::ALL.len() - 1)],
            next: (self.next != key::NO_DATE).then(|| day_of(self.next)),
        })
    }
}

/// The state of a month file the summary was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Source {
    month: Month,
    fingerprint: Fingerprint,
    len: u64,
    hash: u64,
    built_at: i64,
}

/// The summary of every customer's visits.
#[derive(Debug)]
pub struct VisitSummary {
    bytes: FileBytes,
    customers: Parts,
    places: Parts,
    /// The latest visit day in the whole table, if any.
    newest: Option<NaiveDate>,
    /// What the visits added since the summary was made change, per customer: the summary's
    /// entry with them added.
    delta: HashMap<String, Entry, Xxh3Builder>,
}

impl VisitSummary {
    /// The summary, brought up to date with the month files.
    pub fn load(store: &Store) -> Result<VisitSummary> {
        let months: Vec<Month> = store
            .months_between(&TABLE, None, None)?
            .into_iter()
            .map(|m| m.expect("visits are monthly"))
            .collect();
        let path = summary_path(store);
        let stored = if store.cache_enabled() {
            mapped::read(&path).ok().and_then(VisitSummary::decode)
        } else {
            None
        };
        if let Some((mut summary, sources)) = stored
            && let Some(changed) = changed_months(store, &months, &sources)?
        {
            if changed.is_empty() {
                return Ok(summary);
            }
            // The months that changed, each from the row its new visits start at.
            let mut added = Vec::new();
            let indexes: Vec<FileIndex<Visit>> =
                index::load_all(store, &changed.iter().map(|&(m, _)| Some(m)).collect::<Vec<_>>())?;
            for (file, &(_, source)) in indexes.iter().zip(&changed) {
                file.check()?;
                let since = match source {
                    None => Some(0),
                    Some(source) => file.rows_since(source.len, source.hash),
                };
                match since {
                    Some(row) => added.push((file, row)),
                    None => {
                        added.clear();
                        break;
                    }
                }
            }
            let new_visits: usize = added.iter().map(|(file, row)| file.rows() - row).sum();
            if !added.is_empty() && new_visits <= MAX_DELTA {
                summary.add(&added);
                return Ok(summary);
            }
        }
        let month_list: Vec<Option<Month>> = months.iter().map(|&m| Some(m)).collect();
        let indexes: Vec<FileIndex<Visit>> = index::load_all(store, &month_list)?;
        for file in &indexes {
            file.check()?;
        }
        let bytes = summarize(&indexes);
        if store.cache_enabled() {
            index::write_atomically(&path, &bytes);
        }
        let (summary, _) = VisitSummary::decode(FileBytes::Owned(bytes)).expect("a summary just made reads back");
        Ok(summary)
    }

    fn decode(bytes: FileBytes) -> Option<(VisitSummary, Vec<Source>)> {
        let (body, checksum) = bytes.split_at(bytes.len().checked_sub(8)?);
        if xxh3_64(body) != u64::from_le_bytes(checksum.try_into().ok()?) {
            return None;
        }
        let mut rest = body.strip_prefix(MAGIC.as_slice())?;
        if index::take_u32(&mut rest)? != VERSION {
            return None;
        }
        let count = index::take_u32(&mut rest)? as usize;
        let mut sources = Vec::with_capacity(count.min(1200));
        for _ in 0..count {
            sources.push(Source {
                month: month_of(index::take_u32(&mut rest)?),
                fingerprint: Fingerprint::decode(&mut rest)?,
                len: index::take_u64(&mut rest)?,
                hash: index::take_u64(&mut rest)?,
                built_at: index::take_i64(&mut rest)?,
            });
        }
        let newest = index::take_i32(&mut rest)?;
        let at = body.len() - rest.len();
        // The checksum of the whole file was checked above.
        let (customers, end) = Parts::decode(body, at, CUSTOMERS)?;
        let (places, end) = Parts::decode(body, end, PLACES)?;
        let (customers, places) = (customers.trusted(), places.trusted());
        if end != body.len() {
            return None;
        }
        Some((
            VisitSummary {
                bytes,
                customers,
                places,
                newest: (newest != key::NO_DATE).then(|| day_of(newest)),
                delta: HashMap::with_hasher(Xxh3Builder::new()),
            },
            sources,
        ))
    }

    fn customers(&self) -> View<'_> {
        View::new(&self.bytes, &self.customers)
    }

    /// Adds the visits from the given rows on of some month indexes, as the delta.
    fn add(&mut self, added: &[(&FileIndex<Visit>, usize)]) {
        for &(file, first) in added {
            let month = file.month().expect("visits are monthly");
            for row in first..file.rows() {
                let customer = file.str(key::CUSTOMER, row);
                if !self.delta.contains_key(customer) {
                    let entry = self.stored_entry(customer).unwrap_or_default();
                    self.delta.insert(customer.to_string(), entry);
                }
                let date = file.i32(key::DATE, row);
                self.newest = Some(self.newest.map_or(day_of(date), |n| n.max(day_of(date))));
                let visit = Recent {
                    date,
                    created: file.i64(key::CREATED, row),
                    id: file.str(key::ID, row).to_string(),
                    location: Location {
                        month,
                        offset: file.offset(row),
                        len: file.length(row),
                        line: file.line(row) as u32,
                    },
                };
                let entry = self.delta.get_mut(customer).expect("just added");
                entry.offer(visit, file.u8(key::CHANNEL, row), file.i32(key::NEXT, row));
            }
        }
    }

    /// The row of a customer in the stored summary, by exact id.
    fn stored_row(&self, customer: &str) -> Option<usize> {
        stored_row(&self.customers(), customer, index::id_hash(customer))
    }

    /// A customer's entry as stored.
    fn stored_entry(&self, customer: &str) -> Option<Entry> {
        let row = self.stored_row(customer)?;
        let view = self.customers();
        let places = View::new(&self.bytes, &self.places);
        let start = view.u32(C_RECENT_AT, row) as usize;
        let len = usize::from(view.u8(C_RECENT_LEN, row));
        let recent = (start..start + len)
            .map(|at| Recent {
                date: places.i32(0, at),
                created: places.i64(1, at),
                id: places.str(2, at).to_string(),
                location: Location {
                    month: month_of(places.u32(3, at)),
                    offset: places.u64(4, at),
                    len: places.u32(5, at),
                    line: places.u32(6, at),
                },
            })
            .collect();
        Some(Entry {
            count: view.u32(C_COUNT, row) as usize,
            recent,
            channel: view.u8(C_CHANNEL, row),
            next: view.i32(C_NEXT, row),
        })
    }

    /// A customer's entry, with the visits added since the summary was made.
    fn entry(&self, customer: &str) -> Option<Entry> {
        match self.delta.get(customer) {
            Some(entry) => Some(entry.clone()),
            None => self.stored_entry(customer),
        }
    }

    /// The latest day of any visit, if there is one.
    pub fn newest(&self) -> Option<NaiveDate> {
        self.newest
    }

    /// How many visits a customer has had.
    pub fn count(&self, customer: &str) -> usize {
        self.entry(customer).map_or(0, |e| e.count)
    }

    /// A customer's latest visit.
    pub fn latest(&self, customer: &str) -> Option<LastVisit> {
        self.entry(customer)?.last_visit()
    }

    /// Where a customer's latest visits are, newest first.
    pub fn recent(&self, customer: &str) -> Vec<Location> {
        self.entry(customer)
            .map(|e| e.recent.iter().map(|r| r.location).collect())
            .unwrap_or_default()
    }

    /// Every customer's latest visit, for looking up many customers by id and id hash.
    pub fn all_latest(&self) -> AllLatest<'_> {
        AllLatest {
            view: self.customers(),
            places: View::new(&self.bytes, &self.places),
            delta: self
                .delta
                .iter()
                .map(|(customer, entry)| (customer.as_str(), entry.last_visit()))
                .collect(),
        }
    }
}

/// The row of `customer` (whose id hash is `hash`) in a summary's customers, if it is there.
fn stored_row(view: &View<'_>, customer: &str, hash: u64) -> Option<usize> {
    let rows = view.rows();
    if rows == 0 {
        return None;
    }
    let low = first_at_or_above(rows, |row| view.u64(C_HASH, row), hash);
    row_among_hash(view, low, customer, hash)
}

/// The row of `customer` among the rows of its id hash, which begin at `first`.
fn row_among_hash(view: &View<'_>, first: usize, customer: &str, hash: u64) -> Option<usize> {
    (first..view.rows())
        .take_while(|&row| view.u64(C_HASH, row) == hash)
        .find(|&row| view.bytes(C_ID, row) == customer.as_bytes())
}

/// The first row whose hash is `hash` or more (the row count when there is none). Hashes are
/// spread evenly, so each guess is made where the hash falls between the hashes at the ends
/// of the range still open: two or three reads find it among 100,000 rows, where halving the
/// range takes seventeen (`visit due` looks up every customer). Halving takes over should the
/// guesses not close in.
fn first_at_or_above(rows: usize, hash_at: impl Fn(usize) -> u64, hash: u64) -> usize {
    let (mut low, mut high) = (0, rows);
    let mut guesses = 0;
    while high - low > 16 {
        let (first, last) = (hash_at(low), hash_at(high - 1));
        if hash <= first {
            return low;
        }
        if hash > last {
            return high;
        }
        // first < hash <= last: the row is in low + 1 ..= high - 1.
        let mid = if guesses < 8 {
            guesses += 1;
            let share = u128::from(hash - first) * (high - low - 2) as u128 / u128::from(last - first);
            low + 1 + share as usize
        } else {
            low + (high - low) / 2
        };
        if hash_at(mid) < hash {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    (low..high).find(|&row| hash_at(row) >= hash).unwrap_or(high)
}

/// Months whose files changed, each with the state the summary was made from (`None`: new).
type Changed = Vec<(Month, Option<Source>)>;

/// Every customer's latest visit (see [`VisitSummary::all_latest`]): the stored summary,
/// and the latest visits of the customers visited since it was made.
#[derive(Debug)]
pub struct AllLatest<'a> {
    view: View<'a>,
    places: View<'a>,
    delta: HashMap<&'a str, Option<LastVisit>>,
}

impl AllLatest<'_> {
    /// The latest visit of each of many customers, given as `(id hash, number)` in the order
    /// of their hashes, which is the summary's order: it is walked once from start to end, so
    /// that a large list (`visit due`: every customer) reads it in order rather than jumping
    /// about in it for each. `id_of` gives the id of a customer by number; the result is by
    /// number, for numbers below `count`.
    pub fn in_hash_order<'i>(
        &self,
        wanted: &[(u64, u32)],
        id_of: impl Fn(usize) -> &'i str,
        count: usize,
    ) -> Vec<Option<LastVisit>> {
        let mut latest = vec![None; count];
        let rows = self.view.rows();
        let mut at = 0;
        for &(hash, number) in wanted {
            let number = number as usize;
            let id = id_of(number);
            if !self.delta.is_empty()
                && let Some(last) = self.delta.get(id)
            {
                latest[number] = *last;
                continue;
            }
            while at < rows && self.view.u64(C_HASH, at) < hash {
                at += 1;
            }
            latest[number] = row_among_hash(&self.view, at, id, hash).and_then(|row| self.at_row(row));
        }
        latest
    }

    /// The latest visit stored in a row, if the customer has one.
    fn at_row(&self, row: usize) -> Option<LastVisit> {
        if self.view.u8(C_RECENT_LEN, row) == 0 {
            return None;
        }
        let next = self.view.i32(C_NEXT, row);
        Some(LastVisit {
            date: day_of(self.places.i32(0, self.view.u32(C_RECENT_AT, row) as usize)),
            channel: Channel::ALL[usize::from(self.view.u8(C_CHANNEL, row)).min(Channel::ALL.len() - 1)],
            next: (next != key::NO_DATE).then(|| day_of(next)),
        })
    }
}

/// The months whose files changed since the summary's sources: each with its source, `None`
/// for a month new since. `None` altogether when a month the summary was made from is gone.
fn changed_months(store: &Store, months: &[Month], sources: &[Source]) -> Result<Option<Changed>> {
    if sources.iter().any(|s| !months.contains(&s.month)) {
        return Ok(None);
    }
    let mut changed = Vec::new();
    for &month in months {
        let source = sources.iter().find(|s| s.month == month).copied();
        let fingerprint = Fingerprint::of(&store.root().join(TABLE.file(Some(month))))?;
        let unchanged =
            source.is_some_and(|s| Some(s.fingerprint) == fingerprint && !s.fingerprint.is_racy(s.built_at));
        if !unchanged {
            changed.push((month, source));
        }
    }
    Ok(Some(changed))
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
/// and row), which is the order of logging for the last tie-breaker.
#[derive(Clone, Copy, Default)]
struct Place {
    date: i32,
    created: i64,
    file: u32,
    row: u32,
}

impl Acc {
    fn offer(&mut self, place: Place) {
        self.count += 1;
        let len = usize::from(self.len);
        // Month files are in order, oldest first, so (file, row) is the order of logging.
        let newer = |a: &Place, b: &Place| (a.date, a.created, a.file, a.row) > (b.date, b.created, b.file, b.row);
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

    fn merge(&mut self, other: &Acc) {
        let count = self.count + other.count;
        for place in &other.recent[..usize::from(other.len)] {
            self.offer(*place);
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
                .offer(place);
        }
    }
    (accs, newest)
}

/// Makes the summary's bytes from the month indexes, half of the months on each of two
/// threads.
fn summarize(indexes: &[FileIndex<Visit>]) -> Vec<u8> {
    let ((mut accs, newest_even), (odd, newest_odd)) = std::thread::scope(|scope| {
        let odd = scope.spawn(|| accumulate(indexes, |f| f % 2 == 1));
        let even = accumulate(indexes, |f| f % 2 == 0);
        (even, odd.join().expect("summarizing does not panic"))
    });
    for (customer, acc) in odd {
        match accs.get_mut(customer) {
            Some(kept) => kept.merge(&acc),
            None => {
                accs.insert(customer, acc);
            }
        }
    }
    let newest = newest_even.max(newest_odd);
    let mut customers: Vec<(u64, &[u8], Acc)> = accs
        .into_iter()
        .map(|(customer, acc)| {
            (
                index::id_hash(std::str::from_utf8(customer).unwrap_or_default()),
                customer,
                acc,
            )
        })
        .collect();
    customers.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

    let mut rows = Columns::new(CUSTOMERS);
    let mut places = Columns::new(PLACES);
    for (hash, customer, acc) in &customers {
        let latest = acc.recent[0];
        let index = &indexes[latest.file as usize];
        let row = latest.row as usize;
        rows.push(&[
            Value::Str(std::str::from_utf8(customer).unwrap_or_default()),
            Value::U32(acc.count),
            Value::U8(index.u8(key::CHANNEL, row)),
            Value::I32(index.i32(key::NEXT, row)),
            Value::U32(places.rows() as u32),
            Value::U8(acc.len),
            Value::U64(*hash),
        ]);
        for place in &acc.recent[..usize::from(acc.len)] {
            let index = &indexes[place.file as usize];
            let row = place.row as usize;
            places.push(&[
                Value::I32(place.date),
                Value::I64(place.created),
                Value::Str(index.str(key::ID, row)),
                Value::U32(month_number(index.month().expect("visits are monthly"))),
                Value::U64(index.offset(row)),
                Value::U32(index.length(row)),
                Value::U32(index.line(row) as u32),
            ]);
        }
    }
    let mut out = Vec::with_capacity(rows.rows() * 64 + places.rows() * 48 + 4096);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(indexes.len() as u32).to_le_bytes());
    let built_at = index::now_nanos();
    for file in indexes {
        let (len, hash) = file.content();
        out.extend_from_slice(&month_number(file.month().expect("visits are monthly")).to_le_bytes());
        file.fingerprint().unwrap_or_default().encode(&mut out);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&hash.to_le_bytes());
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

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// The guessing search finds what a plain one finds, however the hashes are spread
        /// (bunched, repeated, at the ends of the range).
        #[test]
        fn the_first_row_at_or_above_a_hash_is_found(
            mut hashes in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::any::<u64>(),
                0u64..64,
                (u64::MAX - 64)..=u64::MAX,
            ], 0..400),
            wanted in proptest::prelude::any::<u64>(),
            pick in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            hashes.sort_unstable();
            let wanted = if hashes.is_empty() || wanted % 2 == 0 { wanted } else { hashes[pick.index(hashes.len())] };
            let expected = hashes.partition_point(|&h| h < wanted);
            proptest::prop_assert_eq!(first_at_or_above(hashes.len(), |row| hashes[row], wanted), expected);
        }
    }

    use super::*;

    /// Summary customers with these hashes (in order) and ids.
    fn with_hashes(rows: &[(u64, &str)]) -> (Vec<u8>, Parts) {
        let mut columns = Columns::new(CUSTOMERS);
        for &(hash, id) in rows {
            columns.push(&[
                Value::Str(id),
                Value::U32(1),
                Value::U8(0),
                Value::I32(0),
                Value::U32(0),
                Value::U8(1),
                Value::U64(hash),
            ]);
        }
        columns.into_segment()
    }

    #[test]
    fn a_row_is_found_by_hash_and_id_wherever_the_hashes_fall() {
        // Shared hashes, the extremes, and (below) hashes crowded at one end, where the guess
        // from an even spread is far off.
        let rows = [
            (0, "A"),
            (5, "B"),
            (5, "C"),
            (5, "D"),
            (u64::MAX - 1, "E"),
            (u64::MAX, "F"),
        ];
        let (bytes, parts) = with_hashes(&rows);
        let view = View::new(&bytes, &parts);
        for (at, &(hash, id)) in rows.iter().enumerate() {
            assert_eq!(stored_row(&view, id, hash), Some(at), "{id}");
        }
        assert_eq!(stored_row(&view, "Z", 5), None);
        assert_eq!(stored_row(&view, "A", 5), None, "the id under another hash");
        assert_eq!(stored_row(&view, "Z", 7), None);

        let ids: Vec<String> = (0..5000).map(|n| format!("C-{n}")).collect();
        let crowded: Vec<(u64, &str)> = ids
            .iter()
            .enumerate()
            .map(|(n, id)| (n as u64 * 3, id.as_str()))
            .collect();
        let (bytes, parts) = with_hashes(&crowded);
        let view = View::new(&bytes, &parts);
        for (at, &(hash, id)) in crowded.iter().enumerate() {
            assert_eq!(stored_row(&view, id, hash), Some(at));
            assert_eq!(stored_row(&view, id, hash + 1), None);
        }
        let (bytes, parts) = with_hashes(&[]);
        assert_eq!(stored_row(&View::new(&bytes, &parts), "A", 0), None);
    }
}
