//! The index: for each file of a table, the few columns commands look records up by and where
//! each record's line is, kept in `.cs/index/` so that a lookup reads a small file instead of
//! parsing a large one.
//!
//! The CSV files stay the only source of truth. An index file records the file it was built
//! from (size, modification and change times, inode) and a hash of its bytes, and is used only
//! while the file still matches:
//!
//! - the file's metadata is unchanged, and was old enough when the index was built that a
//!   change within the same clock tick cannot hide behind equal times (a "racy" entry is
//!   checked against the hash instead, as git does for its index);
//! - or the file only grew since (its old bytes hash the same): then only the new lines are
//!   read and added, which is what an append by `cs` leaves;
//! - otherwise the index of that file is built again from the file.
//!
//! A missing, damaged or outdated index file is rebuilt silently, and with the cache turned
//! off (`CS_CACHE=off`) every index is built in memory and nothing is written: the answers are
//! the same either way. Writers never touch the index; the next reader catches up.

mod columns;
mod fingerprint;
mod lines;
mod persist;
#[cfg(test)]
mod tests;

pub use columns::{Columns, Parts, take_i32, take_i64, take_u32, take_u64};
pub use fingerprint::{Fingerprint, now_nanos};
use lines::decode_lines;
pub use lines::read_lines;
pub use persist::write_atomically;

use std::marker::PhantomData;
use std::path::{Path, PathBuf};

pub use columns::{Kind, Value, View};

/// The column of an index view where the table's keys begin.
pub const KEY_BASE: usize = COMMON.len();
use rust_i18n::t;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::error::{Error, Problem, Result};
use crate::store::csvfile::{self, Layout};
use crate::store::lock::STATE_DIR;
use crate::store::mapped::{self, FileBytes};
use crate::store::table::{Month, Record};
use crate::store::{Located, Store};

/// The directory of index files inside `.cs/`.
pub const INDEX_DIR: &str = "index";
/// How many earlier states of a file an index remembers it grew from.
const HISTORY: usize = 64;

/// A table whose files are indexed: the columns kept for each record.
pub trait Indexed: Record {
    /// The kinds of the table's key columns. The first is the record's id, as text.
    const KEYS: &'static [Kind];

    /// Calls `push` once with the record's keys, one value per key column.
    fn keys(&self, push: &mut dyn FnMut(&[Value<'_>]));
}

/// Columns every index has before the table's keys: the line number, and the byte offset and
/// length of the record's line.
const COMMON: [Kind; 3] = [Kind::U32, Kind::U64, Kind::U32];
const LINE: usize = 0;
const OFFSET: usize = 1;
const LENGTH: usize = 2;
/// The record's id: the table's first key.
const ID: usize = COMMON.len();

/// The hash indexes keep of an id, to find a record by id without comparing text.
pub fn id_hash(id: &str) -> u64 {
    xxh3_64(id.as_bytes())
}

/// A map keyed by [`id_hash`] values, which are already well spread: hashing them again would
/// only cost time.
pub type ByIdHash<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<IdHasher>>;

/// The hasher of [`ByIdHash`]: a key that is already a hash is used as it is.
#[derive(Debug, Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; anything else is folded in rather than lost.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// A day as the number of days since 1970-01-01, as indexes keep it.
pub fn day_number(day: chrono::NaiveDate) -> i32 {
    (day - chrono::NaiveDate::default()).num_days() as i32
}

/// The day [`day_number`] numbered.
pub fn day_of(number: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::default() + chrono::Duration::days(number.into())
}

/// One run of indexed rows and the bytes holding them.
#[derive(Debug)]
struct Segment {
    bytes: FileBytes,
    parts: Parts,
}

impl Segment {
    fn new(columns: Columns) -> Segment {
        let (bytes, parts) = columns.into_segment();
        Segment {
            bytes: FileBytes::Owned(bytes),
            parts,
        }
    }

    fn view(&self) -> View<'_> {
        View::new(&self.bytes, &self.parts)
    }

    fn rows(&self) -> usize {
        self.parts.rows()
    }
}

/// What an index records of the file it was built from.
#[derive(Debug, Clone)]
struct State {
    fingerprint: Fingerprint,
    /// When the fingerprint was taken, by the real clock.
    built_at: i64,
    /// The hash of the file's first `fingerprint.len` bytes: everything indexed.
    hash: u64,
    /// The number of the line after the last one indexed.
    next_line: u64,
    /// The file's header, once read.
    layout: Option<Layout>,
    /// Every problem found in the file.
    problems: Vec<Problem>,
    /// The length and hash of earlier states of the file that it only grew from since the
    /// index was built, oldest first: what was derived from one of them (the visits summary)
    /// needs only the lines after its length.
    history: Vec<(u64, u64)>,
}

/// Where an id already indexed is: its line.
type LineOfId<'a> = Box<dyn Fn(&str) -> Option<u64> + 'a>;

/// The index of one file of a table `T`: a main segment, and a small delta segment for the
/// records appended since, so that catching up with an append writes a small file.
#[derive(Debug)]
pub struct FileIndex<T> {
    /// The file, relative to the data directory.
    file: PathBuf,
    /// How the file is named in messages.
    shown: String,
    month: Option<Month>,
    state: State,
    main: Segment,
    /// The hash of the bytes the main segment covers (what a delta extends).
    main_hash: u64,
    delta: Option<Segment>,
    _table: PhantomData<T>,
}

/// Which of the two files of an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Main,
    Delta,
}

impl<T: Indexed> FileIndex<T> {
    /// The index of one file of the table (`month` for a monthly table), brought up to date
    /// with the file first, with every column checked.
    pub fn load(store: &Store, month: Option<Month>) -> Result<FileIndex<T>> {
        FileIndex::load_columns(store, month, None)
    }

    /// As [`FileIndex::load`], checking only the common columns and `keys` (all when `None`)
    /// of a stored index: a lookup then touches only the pages of the columns it reads.
    /// Another column, read anyway, reads as zeros and empty text if it is damaged.
    pub fn load_columns(store: &Store, month: Option<Month>, keys: Option<&[usize]>) -> Result<FileIndex<T>> {
        let file = T::TABLE.file(month);
        let shown = store.display(&file);
        let path = store.root().join(&file);
        let Some(fingerprint) = Fingerprint::of(&path)? else {
            return Ok(FileIndex::build(file, shown, month, None));
        };
        let main_path = store.index_path(&file);
        let stored = if store.cache_enabled() {
            FileIndex::read_stored(&main_path, &file, &shown, month)
        } else {
            None
        };
        let stored = match stored {
            Some(stored)
                if stored.state.fingerprint == fingerprint
                    && (!stored.is_racy() || store.proven(&file, fingerprint)) =>
            {
                if stored.verify(keys) {
                    return Ok(stored);
                }
                None
            }
            other => other,
        };
        let bytes = mapped::read(&path).map_err(|e| Error::io(&path, e))?;
        let built_at = now_nanos();
        let mut index = match stored {
            Some(mut old)
                if old.verify(keys)
                    && let Some(covered) = old.extends_to(&bytes) =>
            {
                match old.catch_up(&bytes, covered) {
                    Some(part) => {
                        old.state.fingerprint = fingerprint;
                        old.state.built_at = built_at;
                        if store.cache_enabled() {
                            old.save(&main_path, part);
                        }
                        store.note_proven(&file, fingerprint);
                        return Ok(old);
                    }
                    None => FileIndex::build(file, shown, month, Some(&bytes)),
                }
            }
            _ => FileIndex::build(file, shown, month, Some(&bytes)),
        };
        index.state.fingerprint = fingerprint;
        index.state.built_at = built_at;
        if store.cache_enabled() {
            index.save(&main_path, Part::Main);
        }
        store.note_proven(&index.file, fingerprint);
        Ok(index)
    }

    fn kinds() -> Vec<Kind> {
        COMMON.iter().chain(T::KEYS).copied().collect()
    }

    /// Whether the key columns `keys` are sound (see [`FileIndex::load_columns`]).
    pub fn verify_keys(&self, keys: &[usize]) -> bool {
        self.verify(Some(keys))
    }

    /// Whether the common columns and `keys` (every column when `None`) are sound in both
    /// segments: checked before the index is used, and before any of it is copied.
    fn verify(&self, keys: Option<&[usize]>) -> bool {
        let columns: Vec<usize> = match keys {
            Some(keys) => (0..COMMON.len()).chain(keys.iter().copied()).collect(),
            None => (0..COMMON.len() + T::KEYS.len()).collect(),
        };
        self.main.parts.verify(&self.main.bytes, columns.iter().copied())
            && self
                .delta
                .as_ref()
                .is_none_or(|delta| delta.parts.verify(&delta.bytes, columns.iter().copied()))
    }

    /// Whether the file's times are too close to when the index was built to prove that it
    /// did not change since.
    fn is_racy(&self) -> bool {
        self.state.fingerprint.is_racy(self.state.built_at)
    }

    /// Whether `bytes` begin with exactly what this index covers, so that only what follows
    /// needs reading (nothing, when the file is the same but its times changed). A file that
    /// changed in place, or an index that recorded problems (which the new bytes may have
    /// fixed), is built again instead.
    /// Gives the hash state of the covered bytes, which the rest of the file extends.
    fn extends_to(&self, bytes: &[u8]) -> Option<Xxh3> {
        let len = self.state.fingerprint.len as usize;
        let fits = self.state.layout.is_some()
            && self.state.problems.is_empty()
            && bytes.len() >= len
            // The indexed bytes end a line, or the bytes added begin by ending it (an append to
            // a file whose last line had no line break: that line itself is unchanged).
            && (len == 0 || bytes[len - 1] == b'\n' || matches!(bytes.get(len), Some(b'\n' | b'\r')));
        if !fits {
            return None;
        }
        let mut covered = Xxh3::new();
        covered.update(&bytes[..len]);
        (covered.digest() == self.state.hash).then_some(covered)
    }

    /// Indexes the records after what is covered (`extends_to` holds), into the delta, or
    /// into a new main segment once the delta has grown; returns which must be written, or
    /// `None` when a column to be copied turns out damaged (the index must be built again).
    fn catch_up(&mut self, bytes: &[u8], mut covered: Xxh3) -> Option<Part> {
        let delta_rows = self.delta.as_ref().map_or(0, Segment::rows);
        let merge = delta_rows > (self.main.rows() / 8).max(1024);
        // What is copied into the new segment must be sound: the delta always, the main when
        // the two are merged. Appending to a small delta reads nothing else of the main.
        if (merge && !self.main.parts.verify_all(&self.main.bytes))
            || self.delta.as_ref().is_some_and(|d| !d.parts.verify_all(&d.bytes))
        {
            return None;
        }
        let start = self.state.fingerprint.len as usize;
        if start < bytes.len() {
            self.state.history.push((self.state.fingerprint.len, self.state.hash));
            let excess = self.state.history.len().saturating_sub(HISTORY);
            self.state.history.drain(..excess);
        }
        // The whole file's hash, from where the covered bytes' left off.
        covered.update(&bytes[start..]);
        self.state.hash = covered.digest();
        self.state.fingerprint.len = bytes.len() as u64;
        if start == bytes.len() {
            // Only the file's times changed: a small (possibly empty) delta records the new state.
            // A delta read from disk holds the whole file it was read from, header and all, so
            // its columns are copied into a segment of their own before it is written again:
            // writing it as it was made an unreadable delta, and the next command indexed every
            // line since the main part again.
            let mut columns = Columns::new(&Self::kinds());
            if let Some(delta) = &self.delta {
                columns.extend_from(&delta.view());
            }
            self.delta = Some(Segment::new(columns));
            return Some(Part::Delta);
        }
        let kinds = Self::kinds();
        let layout = self.state.layout.clone().expect("extends_to() checked the layout");
        let mut columns = Columns::new(&kinds);
        if merge {
            columns.extend_from(&self.main.view());
        }
        if let Some(delta) = &self.delta {
            columns.extend_from(&delta.view());
        }
        let mut problems = Vec::new();
        let earlier = self.earlier_ids(bytes.len() - start);
        let next_line = index_records::<T>(
            &mut columns,
            &mut problems,
            bytes,
            start,
            self.state.next_line,
            &self.shown,
            &layout,
            &*earlier,
        );
        drop(earlier);
        self.state.next_line = next_line;
        self.state.problems = problems;
        let segment = Segment::new(columns);
        if merge {
            self.main = segment;
            self.main_hash = self.state.hash;
            self.delta = None;
            Some(Part::Main)
        } else {
            self.delta = Some(segment);
            Some(Part::Delta)
        }
    }

    /// Indexes the whole of a file's bytes (`None`: a file that does not exist yet, which
    /// holds no records).
    fn build(file: PathBuf, shown: String, month: Option<Month>, bytes: Option<&[u8]>) -> FileIndex<T> {
        let kinds = Self::kinds();
        let mut columns = Columns::new(&kinds);
        let mut problems = Vec::new();
        let exists = bytes.is_some();
        let bytes = bytes.unwrap_or_default();
        let (layout, next_line) = if !exists {
            (None, 2)
        } else {
            match csvfile::read_header(bytes, &shown, T::TABLE.columns) {
                Ok(layout) => {
                    let next = index_records::<T>(
                        &mut columns,
                        &mut problems,
                        bytes,
                        layout.body_start,
                        2,
                        &shown,
                        &layout,
                        &|_| None,
                    );
                    (Some(layout), next)
                }
                Err(problem) => {
                    problems.push(problem);
                    (None, 2)
                }
            }
        };
        let hash = xxh3_64(bytes);
        FileIndex {
            file,
            shown,
            month,
            state: State {
                fingerprint: Fingerprint {
                    len: bytes.len() as u64,
                    ..Fingerprint::default()
                },
                built_at: 0,
                hash,
                next_line,
                layout,
                problems,
                history: Vec::new(),
            },
            main: Segment::new(columns),
            main_hash: hash,
            delta: None,
            _table: PhantomData,
        }
    }

    /// The segment holding a row, and the row's place in it.
    #[inline]
    fn locate(&self, row: usize) -> (View<'_>, usize) {
        let main_rows = self.main.rows();
        match &self.delta {
            Some(delta) if row >= main_rows => (delta.view(), row - main_rows),
            _ => (self.main.view(), row),
        }
    }

    /// Where each id already indexed is (its line), for the duplicate check of lines added
    /// after them: a scan of the id column for a few new bytes, a map for many.
    fn earlier_ids(&self, new_bytes: usize) -> LineOfId<'_> {
        if new_bytes < 4096 {
            return Box::new(move |id: &str| {
                (0..self.rows())
                    .find(|&row| self.bytes(ID, row).eq_ignore_ascii_case(id.as_bytes()))
                    .map(|row| self.line(row))
            });
        }
        let map: std::collections::HashMap<String, u64> = (0..self.rows())
            .map(|row| (self.id(row).to_ascii_lowercase(), self.line(row)))
            .collect();
        Box::new(move |id: &str| map.get(&id.to_ascii_lowercase()).copied())
    }

    /// Copies rows `rows` of this index into `columns`.
    fn copy_rows(&self, columns: &mut Columns, rows: std::ops::Range<usize>) {
        let main_rows = self.main.rows();
        columns.extend_rows(&self.main.view(), rows.start.min(main_rows)..rows.end.min(main_rows));
        if let Some(delta) = &self.delta {
            let start = rows.start.max(main_rows) - main_rows;
            let end = rows.end.max(main_rows) - main_rows;
            columns.extend_rows(&delta.view(), start..end);
        }
    }

    /// Brings the index up to date after this process, holding the exclusive lock, replaced the
    /// line of `row` with the line of `new` (or removed it, for `None`) and changed nothing
    /// else in the file: so that the next command does not index the whole file again. If the
    /// file is not as that change would leave it, the index is left to be rebuilt.
    pub fn after_replace(&mut self, store: &Store, row: usize, new: Option<&T>) -> Result<()> {
        let path = store.root().join(&self.file);
        let Some(fingerprint) = Fingerprint::of(&path)? else {
            return Ok(());
        };
        let bytes = mapped::read(&path).map_err(|e| Error::io(&path, e))?;
        let offset = self.offset(row) as usize;
        let old_len = self.length(row) as usize;
        let new_len = match new {
            None => 0,
            Some(_) => memchr::memchr(b'\n', bytes.get(offset..).unwrap_or_default()).map_or(0, |at| at + 1),
        };
        let delta = new_len as i64 - old_len as i64;
        if bytes.len() as i64 != self.state.fingerprint.len as i64 + delta
            || self.state.layout.is_none()
            || !self.verify(None)
        {
            return Ok(());
        }
        let kinds = Self::kinds();
        let mut columns = Columns::new(&kinds);
        self.copy_rows(&mut columns, 0..row);
        if let Some(record) = new {
            let common = [
                Value::U32(self.line(row) as u32),
                Value::U64(offset as u64),
                Value::U32(new_len as u32),
            ];
            record.keys(&mut |keys| columns.push_parts(&common, keys));
        }
        let after = columns.rows();
        self.copy_rows(&mut columns, row + 1..self.rows());
        columns.shift(OFFSET, after, delta);
        if new.is_none() {
            columns.shift(LINE, after, -1);
            self.state.next_line -= 1;
        }
        self.main = Segment::new(columns);
        self.delta = None;
        self.state.fingerprint = fingerprint;
        self.state.built_at = now_nanos();
        self.state.hash = xxh3_64(&bytes);
        self.state.history.clear();
        self.main_hash = self.state.hash;
        if store.cache_enabled() {
            self.save(&store.index_path(&self.file), Part::Main);
        }
        Ok(())
    }

    /// The number of records indexed.
    pub fn rows(&self) -> usize {
        self.main.rows() + self.delta.as_ref().map_or(0, Segment::rows)
    }

    /// A text column of a row; the table's keys start at [`KEY_BASE`].
    #[inline]
    pub fn str(&self, column: usize, row: usize) -> &str {
        let (view, at) = self.locate(row);
        view.str(column, at)
    }

    /// A text column of a row as bytes, for comparing.
    #[inline]
    pub fn bytes(&self, column: usize, row: usize) -> &[u8] {
        let (view, at) = self.locate(row);
        view.bytes(column, at)
    }

    /// A [`Kind::U8`] column of a row.
    #[inline]
    pub fn u8(&self, column: usize, row: usize) -> u8 {
        let (view, at) = self.locate(row);
        view.u8(column, at)
    }

    /// A [`Kind::I32`] column of a row.
    #[inline]
    pub fn i32(&self, column: usize, row: usize) -> i32 {
        let (view, at) = self.locate(row);
        view.i32(column, at)
    }

    /// A [`Kind::U32`] column of a row.
    #[inline]
    pub fn u32(&self, column: usize, row: usize) -> u32 {
        let (view, at) = self.locate(row);
        view.u32(column, at)
    }

    /// A [`Kind::I64`] column of a row.
    #[inline]
    pub fn i64(&self, column: usize, row: usize) -> i64 {
        let (view, at) = self.locate(row);
        view.i64(column, at)
    }

    /// A [`Kind::U64`] column of a row.
    #[inline]
    pub fn u64(&self, column: usize, row: usize) -> u64 {
        let (view, at) = self.locate(row);
        view.u64(column, at)
    }

    /// The record id of a row.
    pub fn id(&self, row: usize) -> &str {
        self.str(ID, row)
    }

    /// The line number of a row's record.
    pub fn line(&self, row: usize) -> u64 {
        u64::from(self.u32(LINE, row))
    }

    /// The byte offset of a row's line in the file.
    pub fn offset(&self, row: usize) -> u64 {
        self.u64(OFFSET, row)
    }

    /// The length in bytes of a row's line.
    pub fn length(&self, row: usize) -> u32 {
        self.u32(LENGTH, row)
    }

    /// The fingerprint of the file as indexed, `None` for a file that does not exist.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.state.layout.as_ref().map(|_| self.state.fingerprint)
    }

    /// The length and hash of the file as indexed.
    pub fn content(&self) -> (u64, u64) {
        (self.state.fingerprint.len, self.state.hash)
    }

    /// The first row added after the file was `len` bytes long with hash `hash`, if the file
    /// only grew since that state (the rows from it on are the new records); `None` when the
    /// index does not know the file ever was in that state.
    pub fn rows_since(&self, len: u64, hash: u64) -> Option<usize> {
        if (len, hash) == self.content() {
            return Some(self.rows());
        }
        if !self.state.history.contains(&(len, hash)) {
            return None;
        }
        // Rows are in file order: the first whose line starts at or after `len`.
        Some(
            self.rows()
                - (0..self.rows())
                    .rev()
                    .take_while(|&row| self.offset(row) >= len)
                    .count(),
        )
    }

    /// The month's file the index is of (`None` for a single-file table).
    pub fn month(&self) -> Option<Month> {
        self.month
    }

    /// Every problem found in the file: lines that cannot be read, ids used twice.
    pub fn problems(&self) -> &[Problem] {
        &self.state.problems
    }

    /// An error for the first problem in the file, if it has any: a command that needs the
    /// whole table refuses to act on part of it.
    pub fn check(&self) -> Result<()> {
        match self.state.problems.first() {
            Some(problem) => Err(Error::Data(problem.clone())),
            None => Ok(()),
        }
    }

    /// Reads and decodes the records of some rows from the file, with where each is, in the
    /// order of `rows`.
    pub fn read(&self, store: &Store, rows: &[usize]) -> Result<Vec<Located<T>>> {
        let Some(layout) = &self.state.layout else {
            return Ok(Vec::new());
        };
        let wanted: Vec<(u64, usize, u64)> = rows
            .iter()
            .map(|&row| (self.offset(row), self.length(row) as usize, self.line(row)))
            .collect();
        decode_lines(store, &self.file, self.month, layout, &wanted)
    }
}

/// Adds the records of `bytes[start..]` to `columns`; returns the number of the line after the
/// last. Lines that cannot be read, and ids used twice in the file, are recorded as problems.
#[allow(clippy::too_many_arguments)]
fn index_records<T: Indexed>(
    columns: &mut Columns,
    problems: &mut Vec<Problem>,
    bytes: &[u8],
    start: usize,
    first_line: u64,
    shown: &str,
    layout: &Layout,
    earlier: &dyn Fn(&str) -> Option<u64>,
) -> u64 {
    let found = std::cell::RefCell::new(std::mem::take(problems));
    // Where each id was first seen in this file, to refuse a file holding one id twice (see
    // `Store::read_located`); ids of lines indexed before come from `earlier`.
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    csvfile::decode_records(
        bytes,
        start,
        first_line,
        shown,
        layout,
        // Every record is decoded whole, so an index finds exactly the problems a full read
        // would.
        |row, span| match T::decode(&row) {
            Ok(record)
                if T::TABLE.has_ids()
                    && let Some(first) = seen
                        .get(&record.id().to_ascii_lowercase())
                        .copied()
                        .or_else(|| earlier(record.id())) =>
            {
                found.borrow_mut().push(Problem::at(
                    shown,
                    Some(row.line),
                    Some("id"),
                    t!("store.duplicate_id_same_file", id = record.id(), line = first),
                ));
            }
            Ok(record) => {
                seen.insert(record.id().to_ascii_lowercase(), row.line);
                record.keys(&mut |keys| {
                    let common = [
                        Value::U32(row.line as u32),
                        Value::U64(span.start as u64),
                        Value::U32((span.end - span.start) as u32),
                    ];
                    columns.push_parts(&common, keys);
                })
            }
            Err(problem) => found.borrow_mut().push(problem),
        },
        |p| found.borrow_mut().push(p),
    );
    *problems = found.into_inner();
    // The line after the last record; lines with problems count too.
    let newlines = memchr::memchr_iter(b'\n', &bytes[start.min(bytes.len())..]).count() as u64;
    first_line + newlines
}

impl Store {
    /// The directory of index files.
    pub fn index_dir(&self) -> PathBuf {
        self.root().join(STATE_DIR).join(INDEX_DIR)
    }

    /// Where the index of a data file is kept.
    fn index_path(&self, file: &Path) -> PathBuf {
        let mut name = file.as_os_str().to_owned();
        name.push(".idx");
        self.index_dir().join(name)
    }
}

/// Loads the indexes of some files of a table, two at a time.
pub fn load_all<T: Indexed + Send>(store: &Store, months: &[Option<Month>]) -> Result<Vec<FileIndex<T>>> {
    load_all_columns(store, months, None)
}

/// The records of the files of `months` whose text key column `key` is exactly `value`, in
/// the order of the files and their lines: found in that column of each file's index (the only
/// column checked), then read. A customer's complaints, a complaint's history, a shipment's
/// events.
pub fn read_matching<T: Indexed + Send>(
    store: &Store,
    months: &[Option<Month>],
    key: usize,
    value: &str,
) -> Result<Vec<T>> {
    let files: Vec<FileIndex<T>> = load_all_columns(store, months, Some(&[key]))?;
    let mut found = Vec::new();
    for file in &files {
        file.check()?;
        let rows: Vec<usize> = (0..file.rows()).filter(|&row| file.str(key, row) == value).collect();
        found.extend(file.read(store, &rows)?.into_iter().map(|l| l.record));
    }
    Ok(found)
}

/// As [`load_all`], checking only the key columns `keys` (see [`FileIndex::load_columns`]):
/// for lookups that read a few columns of every file.
pub fn load_all_columns<T: Indexed + Send>(
    store: &Store,
    months: &[Option<Month>],
    keys: Option<&[usize]>,
) -> Result<Vec<FileIndex<T>>> {
    in_parallel(months, |&month| FileIndex::load_columns(store, month, keys))
        .into_iter()
        .collect()
}

/// `work` on each item, on two threads when there are several (the machines `cs` runs on have
/// at least two cores, and reading a file is mostly decoding); the results in item order.
pub fn in_parallel<I: Sync, O: Send>(items: &[I], work: impl Fn(&I) -> O + Sync) -> Vec<O> {
    if items.len() < 2 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, O)> = std::thread::scope(|scope| {
        let worker = || {
            let mut done = Vec::new();
            loop {
                let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(at) else { break };
                done.push((at, work(item)));
            }
            done
        };
        let other = scope.spawn(worker);
        let mut mine = worker();
        mine.extend(other.join().expect("a worker does not panic"));
        mine
    });
    done.sort_unstable_by_key(|(at, _)| *at);
    done.into_iter().map(|(_, output)| output).collect()
}
