//! A compact columnar layout for index files: each column is one run of fixed-width
//! little-endian numbers, or of strings kept end to end with their end offsets, with a
//! checksum of its own. Read back by slicing the file's bytes: no value is copied or
//! allocated until it is asked for, and a column is checked the first time it is read, so a
//! command that looks at two columns of a large index never touches the others' pages.
//!
//! It knows nothing of tables; an index decides which columns it has and what they mean.

use std::ops::Range;
use std::sync::OnceLock;

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// What one column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One byte per value (enums, flags).
    U8,
    /// A signed 32-bit number per value (days since 1970-01-01).
    I32,
    /// An unsigned 32-bit number per value (line numbers, lengths).
    U32,
    /// A signed 64-bit number per value (seconds since 1970).
    I64,
    /// An unsigned 64-bit number per value (byte offsets, hashes).
    U64,
    /// UTF-8 text of any length.
    Str,
}

impl Kind {
    fn code(self) -> u8 {
        match self {
            Kind::U8 => 1,
            Kind::I32 => 2,
            Kind::U32 => 3,
            Kind::I64 => 4,
            Kind::U64 => 5,
            Kind::Str => 6,
        }
    }

    fn from_code(code: u8) -> Option<Kind> {
        Some(match code {
            1 => Kind::U8,
            2 => Kind::I32,
            3 => Kind::U32,
            4 => Kind::I64,
            5 => Kind::U64,
            6 => Kind::Str,
            _ => return None,
        })
    }

    fn width(self) -> usize {
        match self {
            Kind::U8 => 1,
            Kind::I32 | Kind::U32 => 4,
            Kind::I64 | Kind::U64 => 8,
            Kind::Str => 4,
        }
    }
}

/// Columns being built, one value per row in each.
#[derive(Debug, Clone)]
pub struct Columns {
    kinds: Vec<Kind>,
    /// The fixed-width values of each column (for text: the end offsets).
    fixed: Vec<Vec<u8>>,
    /// The text of each text column, end to end.
    text: Vec<Vec<u8>>,
    rows: usize,
}

impl Columns {
    /// Empty columns of these kinds.
    pub fn new(kinds: &[Kind]) -> Columns {
        Columns {
            kinds: kinds.to_vec(),
            fixed: vec![Vec::new(); kinds.len()],
            text: vec![Vec::new(); kinds.len()],
            rows: 0,
        }
    }

    /// The number of complete rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Appends one row: a value for each column, in order.
    pub fn push(&mut self, values: &[Value<'_>]) {
        self.push_parts(values, &[]);
    }

    /// Appends one row given in two parts: the values of the first columns, then the rest.
    pub fn push_parts(&mut self, first: &[Value<'_>], rest: &[Value<'_>]) {
        assert_eq!(first.len() + rest.len(), self.kinds.len(), "one value per column");
        for (index, value) in first.iter().chain(rest).enumerate() {
            let fixed = &mut self.fixed[index];
            match (self.kinds[index], value) {
                (Kind::U8, Value::U8(v)) => fixed.push(*v),
                (Kind::I32, Value::I32(v)) => fixed.extend_from_slice(&v.to_le_bytes()),
                (Kind::U32, Value::U32(v)) => fixed.extend_from_slice(&v.to_le_bytes()),
                (Kind::I64, Value::I64(v)) => fixed.extend_from_slice(&v.to_le_bytes()),
                (Kind::U64, Value::U64(v)) => fixed.extend_from_slice(&v.to_le_bytes()),
                (Kind::Str, Value::Str(s)) => {
                    let text = &mut self.text[index];
                    text.extend_from_slice(s.as_bytes());
                    fixed.extend_from_slice(&(text.len() as u32).to_le_bytes());
                }
                (kind, value) => panic!("a {value:?} in a {kind:?} column"),
            }
        }
        self.rows += 1;
    }

    /// Appends every row of `view` (columns of the kinds these have).
    pub fn extend_from(&mut self, view: &View<'_>) {
        assert_eq!(view.parts.ranges.len(), self.kinds.len(), "columns of the same kinds");
        for index in 0..self.kinds.len() {
            let (fixed, text) = view.column_bytes(index);
            if self.kinds[index] == Kind::Str {
                let base = self.text[index].len() as u32;
                for end in fixed.chunks_exact(4) {
                    let end = u32::from_le_bytes(end.try_into().expect("4 bytes")) + base;
                    self.fixed[index].extend_from_slice(&end.to_le_bytes());
                }
                self.text[index].extend_from_slice(text);
            } else {
                self.fixed[index].extend_from_slice(fixed);
            }
        }
        self.rows += view.rows();
    }

    /// Appends rows `rows` of `view` (columns of the kinds these have).
    pub fn extend_rows(&mut self, view: &View<'_>, rows: std::ops::Range<usize>) {
        if rows.is_empty() {
            return;
        }
        for index in 0..self.kinds.len() {
            let (fixed, text) = view.column_bytes(index);
            let width = self.kinds[index].width();
            let fixed = &fixed[rows.start * width..rows.end * width];
            if self.kinds[index] == Kind::Str {
                let end_at = |bytes: &[u8]| u32::from_le_bytes(bytes.try_into().expect("4 bytes"));
                let first = if rows.start == 0 {
                    0
                } else {
                    let before = &view.column_bytes(index).0[(rows.start - 1) * 4..rows.start * 4];
                    end_at(before)
                };
                let base = self.text[index].len() as u32;
                for end in fixed.chunks_exact(4) {
                    self.fixed[index].extend_from_slice(&(end_at(end) - first + base).to_le_bytes());
                }
                let last = end_at(&fixed[fixed.len() - 4..]);
                self.text[index].extend_from_slice(&text[first as usize..last as usize]);
            } else {
                self.fixed[index].extend_from_slice(fixed);
            }
        }
        self.rows += rows.len();
    }

    /// Adds `delta` to a [`Kind::U64`] or [`Kind::U32`] column in rows `from..`.
    pub fn shift(&mut self, column: usize, from: usize, delta: i64) {
        match self.kinds[column] {
            Kind::U64 => {
                for value in self.fixed[column][from * 8..].chunks_exact_mut(8) {
                    let shifted = (u64::from_le_bytes((&*value).try_into().expect("8 bytes")) as i64 + delta) as u64;
                    value.copy_from_slice(&shifted.to_le_bytes());
                }
            }
            Kind::U32 => {
                for value in self.fixed[column][from * 4..].chunks_exact_mut(4) {
                    let shifted =
                        (i64::from(u32::from_le_bytes((&*value).try_into().expect("4 bytes"))) + delta) as u32;
                    value.copy_from_slice(&shifted.to_le_bytes());
                }
            }
            kind => panic!("cannot shift a {kind:?} column"),
        }
    }

    /// Encodes the columns on their own and finds their parts, without checking again what
    /// was just written.
    pub fn into_segment(self) -> (Vec<u8>, Parts) {
        let mut bytes = Vec::with_capacity(self.encoded_len());
        self.encode(&mut bytes);
        let (parts, _) = Parts::decode(&bytes, 0, &self.kinds).expect("freshly encoded columns decode");
        (bytes, parts.trusted())
    }

    fn encoded_len(&self) -> usize {
        12 + self.kinds.len() * 25 + self.fixed.iter().chain(&self.text).map(Vec::len).sum::<usize>()
    }

    /// Writes the columns: the row count, then each column's kind, lengths, checksum (of its
    /// fixed-width bytes and text together) and bytes.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.rows as u64).to_le_bytes());
        out.extend_from_slice(&(self.kinds.len() as u32).to_le_bytes());
        for index in 0..self.kinds.len() {
            let mut checksum = Xxh3::new();
            checksum.update(&self.fixed[index]);
            checksum.update(&self.text[index]);
            out.push(self.kinds[index].code());
            out.extend_from_slice(&(self.fixed[index].len() as u64).to_le_bytes());
            out.extend_from_slice(&(self.text[index].len() as u64).to_le_bytes());
            out.extend_from_slice(&checksum.digest().to_le_bytes());
            out.extend_from_slice(&self.fixed[index]);
            out.extend_from_slice(&self.text[index]);
        }
    }
}

/// One value of a row being pushed.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// For a [`Kind::U8`] column.
    U8(u8),
    /// For a [`Kind::I32`] column.
    I32(i32),
    /// For a [`Kind::U32`] column.
    U32(u32),
    /// For a [`Kind::I64`] column.
    I64(i64),
    /// For a [`Kind::U64`] column.
    U64(u64),
    /// For a [`Kind::Str`] column.
    Str(&'a str),
}

/// Where each column's parts lie in the bytes [`Columns::encode`] wrote, found by
/// [`Parts::decode`]; each column is checked once, the first time it is needed.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    rows: usize,
    /// Each column's fixed-width bytes and text bytes, as ranges of the bytes.
    ranges: Vec<(Range<usize>, Range<usize>)>,
    /// Each column's checksum, as written.
    checksums: Vec<u64>,
    /// Whether each column is sound: its checksum matches and, for text, its ends are in order
    /// and inside the text, never split a character, and the text is UTF-8. Checked the first
    /// time the column is read (or [`Parts::verify`] asks), once for the whole column.
    valid: Vec<OnceLock<bool>>,
}

impl Parts {
    /// Finds the columns at `bytes[start..]`, checking that every part fits and that they
    /// have the expected kinds; returns them and where they end. `None` when the bytes are
    /// not such columns (a damaged index is rebuilt, never trusted). The columns' contents are
    /// left to be checked when they are first read.
    pub fn decode(bytes: &[u8], start: usize, expected: &[Kind]) -> Option<(Parts, usize)> {
        let mut rest = bytes.get(start..)?;
        let rows = usize::try_from(take_u64(&mut rest)?).ok()?;
        let count = take_u32(&mut rest)? as usize;
        if count != expected.len() {
            return None;
        }
        let mut ranges = Vec::with_capacity(count);
        let mut checksums = Vec::with_capacity(count);
        for &kind in expected {
            let (code, after) = rest.split_first()?;
            rest = after;
            if Kind::from_code(*code)? != kind {
                return None;
            }
            let fixed_len = usize::try_from(take_u64(&mut rest)?).ok()?;
            let text_len = usize::try_from(take_u64(&mut rest)?).ok()?;
            checksums.push(take_u64(&mut rest)?);
            if fixed_len != rows.checked_mul(kind.width())? || (kind != Kind::Str && text_len != 0) {
                return None;
            }
            let fixed_at = bytes.len() - rest.len();
            take(&mut rest, fixed_len)?;
            take(&mut rest, text_len)?;
            let text_at = fixed_at + fixed_len;
            ranges.push((fixed_at..fixed_at + fixed_len, text_at..text_at + text_len));
        }
        let valid = (0..ranges.len()).map(|_| OnceLock::new()).collect();
        Some((
            Parts {
                rows,
                ranges,
                checksums,
                valid,
            },
            bytes.len() - rest.len(),
        ))
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Whether every column in `columns` of `bytes` (the bytes these parts were decoded from)
    /// is sound; each is checked once.
    pub fn verify(&self, bytes: &[u8], columns: impl IntoIterator<Item = usize>) -> bool {
        columns.into_iter().all(|column| self.is_valid(bytes, column))
    }

    /// A hash of the number of rows and of each column's lengths and checksum: what a
    /// checksum of the file holding the columns covers, so that checking it reads no column.
    pub fn directory_hash(&self) -> u64 {
        let mut hasher = Xxh3::new();
        hasher.update(&(self.rows as u64).to_le_bytes());
        for ((fixed, text), checksum) in self.ranges.iter().zip(&self.checksums) {
            hasher.update(&(fixed.len() as u64).to_le_bytes());
            hasher.update(&(text.len() as u64).to_le_bytes());
            hasher.update(&checksum.to_le_bytes());
        }
        hasher.digest()
    }

    /// Whether all columns are sound.
    pub fn verify_all(&self, bytes: &[u8]) -> bool {
        self.verify(bytes, 0..self.ranges.len())
    }

    /// These parts, with every column taken as sound: for bytes whose checksum as a whole the
    /// caller has just checked.
    pub fn trusted(self) -> Parts {
        for valid in &self.valid {
            let _ = valid.set(true);
        }
        self
    }

    fn is_valid(&self, bytes: &[u8], column: usize) -> bool {
        *self.valid[column].get_or_init(|| {
            let (fixed, text) = &self.ranges[column];
            if xxh3_64(&bytes[fixed.start..text.end]) != self.checksums[column] {
                return false;
            }
            let (fixed, text) = (&bytes[fixed.clone()], &bytes[text.clone()]);
            // Only text columns have text (`decode` checked).
            text.is_empty() || (ends_are_sound(fixed, text) && simdutf8::basic::from_utf8(text).is_ok())
        })
    }
}

/// Whether a text column's ends never decrease, stay inside the text and never fall on a
/// UTF-8 continuation byte: then, with the text UTF-8, every value `View::str` slices out of
/// it is whole UTF-8 too.
fn ends_are_sound(fixed: &[u8], text: &[u8]) -> bool {
    let mut previous = 0usize;
    fixed.chunks_exact(4).all(|end| {
        let end = u32::from_le_bytes(end.try_into().expect("4 bytes")) as usize;
        let sound = end >= previous && end <= text.len() && !text.get(end).is_some_and(|&b| is_continuation(b));
        previous = end;
        sound
    })
}

/// Columns read back: the bytes [`Columns::encode`] wrote and their [`Parts`].
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    bytes: &'a [u8],
    parts: &'a Parts,
}

impl<'a> View<'a> {
    /// A view of checked parts of `bytes`.
    pub fn new(bytes: &'a [u8], parts: &'a Parts) -> View<'a> {
        View { bytes, parts }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.parts.rows
    }

    /// Whether a column is sound (checked the first time); a damaged column reads as zeros
    /// and empty text, never as garbage or a panic, and the index that holds it is rebuilt
    /// when it is loaded for that column.
    #[inline]
    fn sound(&self, column: usize) -> bool {
        match self.parts.valid[column].get() {
            Some(&valid) => valid,
            None => self.check(column),
        }
    }

    #[cold]
    fn check(&self, column: usize) -> bool {
        self.parts.is_valid(self.bytes, column)
    }

    /// The `W` bytes of a row's value in a fixed-width column (the column is sound).
    #[inline]
    fn raw<const W: usize>(&self, column: usize, row: usize) -> [u8; W] {
        let at = self.parts.ranges[column].0.start + row * W;
        self.bytes[at..at + W].try_into().expect("W bytes")
    }

    #[inline]
    fn fixed<const W: usize>(&self, column: usize, row: usize) -> [u8; W] {
        if self.sound(column) {
            self.raw(column, row)
        } else {
            [0; W]
        }
    }

    /// A [`Kind::U8`] value.
    #[inline]
    pub fn u8(&self, column: usize, row: usize) -> u8 {
        self.fixed::<1>(column, row)[0]
    }

    /// A [`Kind::I32`] value.
    #[inline]
    pub fn i32(&self, column: usize, row: usize) -> i32 {
        i32::from_le_bytes(self.fixed(column, row))
    }

    /// A [`Kind::U32`] value.
    #[inline]
    pub fn u32(&self, column: usize, row: usize) -> u32 {
        u32::from_le_bytes(self.fixed(column, row))
    }

    /// A [`Kind::I64`] value.
    #[inline]
    pub fn i64(&self, column: usize, row: usize) -> i64 {
        i64::from_le_bytes(self.fixed(column, row))
    }

    /// A [`Kind::U64`] value.
    #[inline]
    pub fn u64(&self, column: usize, row: usize) -> u64 {
        u64::from_le_bytes(self.fixed(column, row))
    }

    /// A [`Kind::Str`] value as bytes (for comparing, without looking at the text).
    #[inline]
    pub fn bytes(&self, column: usize, row: usize) -> &'a [u8] {
        if !self.sound(column) {
            return b"";
        }
        let end = u32::from_le_bytes(self.raw(column, row)) as usize;
        let start = if row == 0 {
            0
        } else {
            u32::from_le_bytes(self.raw(column, row - 1)) as usize
        };
        let text = self.parts.ranges[column].1.start;
        &self.bytes[text + start..text + end]
    }

    /// A [`Kind::Str`] value; empty if the column is damaged.
    #[inline]
    pub fn str(&self, column: usize, row: usize) -> &'a str {
        let value = self.bytes(column, row);
        // SAFETY: `bytes` gives nothing from a column that is not sound; in a sound column the
        // text is UTF-8 and no value starts or ends on a continuation byte, so every value is
        // a run of whole characters: UTF-8 too.
        unsafe { std::str::from_utf8_unchecked(value) }
    }

    /// A column's bytes, for copying; the column must be sound (see [`Parts::verify`]).
    fn column_bytes(&self, column: usize) -> (&'a [u8], &'a [u8]) {
        assert!(self.sound(column), "a damaged index column is never copied");
        let (fixed, text) = &self.parts.ranges[column];
        (&self.bytes[fixed.clone()], &self.bytes[text.clone()])
    }
}

/// Whether a byte continues a UTF-8 character (and so cannot start one).
fn is_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

fn take<'a>(rest: &mut &'a [u8], len: usize) -> Option<&'a [u8]> {
    if rest.len() < len {
        return None;
    }
    let (head, tail) = rest.split_at(len);
    *rest = tail;
    Some(head)
}

/// Reads a little-endian u64 from the front of `rest`.
pub fn take_u64(rest: &mut &[u8]) -> Option<u64> {
    take(rest, 8).map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
}

/// Reads a little-endian u32 from the front of `rest`.
pub fn take_u32(rest: &mut &[u8]) -> Option<u32> {
    take(rest, 4).map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
}

/// Reads a little-endian i32 from the front of `rest`.
pub fn take_i32(rest: &mut &[u8]) -> Option<i32> {
    take(rest, 4).map(|b| i32::from_le_bytes(b.try_into().expect("4 bytes")))
}

/// Reads a little-endian i64 from the front of `rest`.
pub fn take_i64(rest: &mut &[u8]) -> Option<i64> {
    take(rest, 8).map(|b| i64::from_le_bytes(b.try_into().expect("8 bytes")))
}

/// Reads a length-prefixed string from the front of `rest`.
pub fn take_str<'a>(rest: &mut &'a [u8]) -> Option<&'a str> {
    let len = take_u32(rest)? as usize;
    std::str::from_utf8(take(rest, len)?).ok()
}

/// Writes a length-prefixed string.
pub fn put_str(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: &[Kind] = &[Kind::Str, Kind::U8, Kind::I32, Kind::U64, Kind::Str];

    fn sample() -> Columns {
        let mut columns = Columns::new(KINDS);
        columns.push(&[
            Value::Str("C-1"),
            Value::U8(2),
            Value::I32(-5),
            Value::U64(u64::MAX),
            Value::Str(""),
        ]);
        columns.push(&[
            Value::Str("杭州"),
            Value::U8(0),
            Value::I32(20_000),
            Value::U64(7),
            Value::Str("x"),
        ]);
        columns
    }

    #[test]
    fn columns_read_back_what_was_written() {
        let mut bytes = b"before".to_vec();
        sample().encode(&mut bytes);
        bytes.extend_from_slice(b"after");
        let (parts, end) = Parts::decode(&bytes, 6, KINDS).unwrap();
        assert_eq!(&bytes[end..], b"after");
        let view = View::new(&bytes, &parts);
        assert_eq!(view.rows(), 2);
        assert_eq!((view.str(0, 0), view.str(0, 1)), ("C-1", "杭州"));
        assert_eq!((view.u8(1, 0), view.i32(2, 0), view.u64(3, 0)), (2, -5, u64::MAX));
        assert_eq!((view.str(4, 0), view.str(4, 1)), ("", "x"));

        let mut parts_of = Columns::new(KINDS);
        parts_of.extend_rows(&view, 1..2);
        parts_of.extend_rows(&view, 0..1);
        parts_of.shift(3, 1, -2);
        let (again, parts) = parts_of.into_segment();
        let reordered = View::new(&again, &parts);
        assert_eq!(
            (reordered.str(0, 0), reordered.str(0, 1), reordered.u64(3, 0)),
            ("杭州", "C-1", 7)
        );
        assert_eq!(reordered.u64(3, 1), u64::MAX - 2);

        let mut twice = sample();
        twice.extend_from(&view);
        let mut again = Vec::new();
        twice.encode(&mut again);
        let (parts, _) = Parts::decode(&again, 0, KINDS).unwrap();
        let view = View::new(&again, &parts);
        assert_eq!((view.rows(), view.str(0, 3), view.i32(2, 3)), (4, "杭州", 20_000));
    }

    #[test]
    fn damaged_bytes_are_refused_not_trusted() {
        let mut bytes = Vec::new();
        sample().encode(&mut bytes);
        assert!(Parts::decode(&bytes, 0, &KINDS[..4]).is_none(), "other kinds");
        for cut in 0..bytes.len() {
            assert!(Parts::decode(&bytes[..cut], 0, KINDS).is_none(), "cut at {cut}");
        }
        // Text that is not UTF-8 reads as empty, never as a broken string.
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] = 0xff;
        let (parts, _) = Parts::decode(&flipped, 0, KINDS).unwrap();
        assert_eq!(View::new(&flipped, &parts).str(4, 1), "");
        assert_eq!(
            View::new(&flipped, &parts).str(0, 1),
            "杭州",
            "other columns are unaffected"
        );
    }
}
