//! What a record table is: its file name, id prefix, columns and partitioning, and the trait a
//! record implements to be stored in one.
//!
//! Adding a table is one module: a [`columns!`](crate::columns) enum, a [`TableSpec`] and an
//! implementation of [`Record`] that both decodes and encodes the record, so a table's format
//! lives in one place. The store does the rest (reading, appending, rewriting one record,
//! month partitions, locking, the journal).

use std::borrow::Cow;
use std::fmt::Display;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use rust_i18n::t;

use crate::error::Problem;
use crate::model::LIST_SEPARATOR;
use crate::store::csvfile;

/// How a table is split into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    /// One file, `NAME.csv`, for tables that stay small (customers).
    Single,
    /// One file per month of the record's date, `NAME/YYYY-MM.csv`, for tables that grow
    /// without bound: appends touch only one month and old months never change.
    Monthly,
}

/// A record table's description.
#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    /// The table's name, which is also its file or directory name.
    pub name: &'static str,
    /// What one record is called in messages ("customer").
    pub record_name: &'static str,
    /// The prefix of generated ids (`C-`).
    pub id_prefix: &'static str,
    /// How many random characters a generated id has after the prefix.
    pub id_chars: usize,
    /// The columns in the order `cs` writes them.
    pub columns: &'static [&'static str],
    /// How the table is split into files.
    pub partition: Partition,
}

impl TableSpec {
    /// Whether each record has an id of its own, used once in the table (a history of
    /// actions has none: its lines name the record they are about).
    pub fn has_ids(&self) -> bool {
        !self.id_prefix.is_empty()
    }
}

/// A calendar month, the unit of a monthly partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl Month {
    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Parses a partition file's stem, `YYYY-MM`.
    pub fn parse(stem: &str) -> Option<Month> {
        let (year, month) = stem.split_once('-')?;
        let (year, month) = (year.parse().ok()?, month.parse().ok()?);
        (year > 0 && (1..=12).contains(&month) && stem.len() == 7).then_some(Month { year, month })
    }
}

impl Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TableSpec {
    /// The file holding `month`'s records (or the whole table), relative to the data directory.
    pub fn file(&self, month: Option<Month>) -> PathBuf {
        match (self.partition, month) {
            (Partition::Monthly, Some(month)) => PathBuf::from(self.name).join(format!("{month}.csv")),
            _ => PathBuf::from(format!("{}.csv", self.name)),
        }
    }
}

/// A table's column, as declared with [`columns!`](crate::columns): the compiler, not a
/// string comparison, checks that a column exists.
pub trait Column: Copy {
    /// The column's position in [`TableSpec::columns`].
    fn index(self) -> usize;
    /// The column's name in the header row.
    fn name(self) -> &'static str;
}

/// Declares the columns of a table as an enum, with `NAMES` (the header, in the order `cs`
/// writes it), `ALL` and `from_name`.
#[macro_export]
macro_rules! columns {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every column's name, in the order `cs` writes them.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            /// Every column, in the order `cs` writes them.
            #[allow(dead_code)]
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The column with this header name.
            #[allow(dead_code)]
            pub fn from_name(name: &str) -> Option<$name> {
                Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
            }
        }

        impl $crate::store::table::Column for $name {
            fn index(self) -> usize {
                self as usize
            }
            fn name(self) -> &'static str {
                Self::NAMES[self as usize]
            }
        }
    };
}

/// A record that lives in a table: how it is read from a row and written back.
pub trait Record: Sized {
    /// The table the record lives in.
    const TABLE: TableSpec;

    /// Builds the record from one row.
    fn decode(row: &Row<'_>) -> Result<Self, Problem>;

    /// The record's fields in [`TableSpec::columns`] order, as text.
    fn encode(&self) -> Vec<String>;

    /// The record's id.
    fn id(&self) -> &str;

    /// The date that places the record in a monthly partition.
    fn date(&self) -> Option<NaiveDate> {
        None
    }
}

/// One row being read: a view of its fields in the file's own column order, and where it came
/// from, for error messages. Nothing is copied until a record takes a field.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The file, as shown to the user.
    pub file: &'a str,
    /// The 1-based line number.
    pub line: u64,
    /// The fields; made only by `csvfile`, from bytes it checked are UTF-8.
    pub(crate) record: crate::store::records::Fields<'a>,
    /// For each of the table's columns, its position in the file's header.
    pub(crate) positions: &'a [usize],
}

impl<'a> Row<'a> {
    /// A problem with one column of this row.
    pub fn problem(&self, column: impl Column, message: impl Into<String>) -> Problem {
        Problem::at(self.file, Some(self.line), Some(column.name()), message)
    }

    /// The text of a column exactly as the file has it (line breaks still escaped).
    pub fn raw(&self, column: impl Column) -> &'a str {
        let bytes = self.record.get(self.positions[column.index()]);
        // SAFETY: `csvfile::decode_records` hands out only records whose bytes it checked are
        // UTF-8 (the whole file at once, or the record); `import` makes rows from a `String`,
        // split at field boundaries.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    /// The text of the table's column at `index` (of [`TableSpec::columns`]) exactly as the file
    /// has it.
    pub fn raw_at(&self, index: usize) -> &'a str {
        let bytes = self.record.get(self.positions[index]);
        // SAFETY: as in `raw`.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    /// The text of a column, with the line breaks and backslashes `cs` escapes restored.
    pub fn text(&self, column: impl Column) -> Cow<'a, str> {
        csvfile::unescape(self.raw(column))
    }

    /// The text of a column as an owned string.
    pub fn string(&self, column: impl Column) -> String {
        self.text(column).into_owned()
    }

    /// The text of a column without surrounding blanks, `None` when empty.
    pub fn optional(&self, column: impl Column) -> Option<String> {
        let raw = self.raw(column);
        if memchr::memchr(b'\\', raw.as_bytes()).is_none() {
            // Blanks at the ends are almost always ASCII; `trim` is for the rest.
            let fast = raw.trim_ascii();
            let ascii_ends =
                |t: &str| t.as_bytes().first().is_none_or(u8::is_ascii) && t.as_bytes().last().is_none_or(u8::is_ascii);
            let trimmed = if ascii_ends(fast) { fast } else { raw.trim() };
            return (!trimmed.is_empty()).then(|| trimmed.to_string());
        }
        let text = self.text(column);
        let trimmed = text.trim();
        (!trimmed.is_empty()).then(|| trimmed.to_string())
    }

    /// A non-empty column, without surrounding blanks.
    pub fn required(&self, column: impl Column) -> Result<String, Problem> {
        self.optional(column)
            .ok_or_else(|| self.problem(column, t!("table.empty")))
    }

    /// A column parsed with `FromStr`, naming the column and line when it fails.
    pub fn parse<T: FromStr>(&self, column: impl Column) -> Result<T, Problem>
    where
        T::Err: Display,
    {
        let text = self.raw(column).trim();
        text.parse().map_err(|e: T::Err| {
            let message = e.to_string();
            // Our own parse errors already quote the value; std's do not.
            self.problem(
                column,
                if message.contains(text) {
                    message
                } else {
                    t!("table.bad_value", text = text, message = message).into_owned()
                },
            )
        })
    }

    /// An optional column parsed with `FromStr`; empty is `None`.
    pub fn parse_optional<T: FromStr>(&self, column: impl Column) -> Result<Option<T>, Problem>
    where
        T::Err: Display,
    {
        if self.raw(column).trim().is_empty() {
            Ok(None)
        } else {
            self.parse(column).map(Some)
        }
    }

    /// A `YYYY-MM-DD` date column.
    pub fn date(&self, column: impl Column) -> Result<NaiveDate, Problem> {
        let text = self.raw(column).trim();
        parse_date(text).ok_or_else(|| self.problem(column, t!("table.not_a_date", text = text)))
    }

    /// An optional `YYYY-MM-DD` date column.
    pub fn optional_date(&self, column: impl Column) -> Result<Option<NaiveDate>, Problem> {
        if self.raw(column).trim().is_empty() {
            Ok(None)
        } else {
            self.date(column).map(Some)
        }
    }

    /// An RFC 3339 time column.
    pub fn time(&self, column: impl Column) -> Result<DateTime<FixedOffset>, Problem> {
        let text = self.raw(column).trim();
        if let Some(time) = canonical_time(text) {
            return Ok(time);
        }
        DateTime::parse_from_rfc3339(text)
            .map_err(|e| self.problem(column, t!("table.not_a_time", text = text, error = e)))
    }

    /// An optional RFC 3339 time column.
    pub fn optional_time(&self, column: impl Column) -> Result<Option<DateTime<FixedOffset>>, Problem> {
        if self.raw(column).trim().is_empty() {
            Ok(None)
        } else {
            self.time(column).map(Some)
        }
    }
}

/// Reads a `YYYY-MM-DD` date as chrono's `%Y-%m-%d` does, with a fast path for the form
/// `cs` writes (reading a million dates is most of what some commands do).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(year), Some(month), Some(day)) = (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
    {
        return NaiveDate::from_ymd_opt(year as i32, month, day);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// `2026-11-29T09:30:00+08:00` (or `Z`), the form `cs` writes, read without chrono's general
/// RFC 3339 parser; `None` for any other form, which that parser then reads.
fn canonical_time(text: &str) -> Option<DateTime<FixedOffset>> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(&b[0..4])? as i32, digits(&b[5..7])?, digits(&b[8..10])?)?;
    // A leap second (:60) is left to chrono, which has its own way of holding one.
    let time = chrono::NaiveTime::from_hms_opt(digits(&b[11..13])?, digits(&b[14..16])?, digits(&b[17..19])?)?;
    let offset = match &b[19..] {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
            if minutes >= 60 {
                return None;
            }
            let seconds = (hours * 60 + minutes) as i32 * 60;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let offset = FixedOffset::east_opt(offset)?;
    date.and_time(time).and_local_timezone(offset).single()
}

/// The value of ASCII digits.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes
        .iter()
        .try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// Writes a time as stored: RFC 3339 with the offset, to the second (fractions that a hand
/// edit added are kept rather than lost).
pub fn format_time(time: &DateTime<FixedOffset>) -> String {
    use chrono::Timelike;
    let local = time.naive_local();
    let offset = time.offset().local_minus_utc();
    // The usual case, whole seconds of an ordinary year, written by hand: chrono's general
    // formatter is most of the cost of printing a million timestamps.
    if local.nanosecond() == 0 && (0..=9999).contains(&local.year()) && offset % 60 == 0 {
        let mut text = format_date(local.date());
        text.push('T');
        push_two(&mut text, local.hour());
        text.push(':');
        push_two(&mut text, local.minute());
        text.push(':');
        push_two(&mut text, local.second());
        text.push(if offset < 0 { '-' } else { '+' });
        let minutes = offset.unsigned_abs() / 60;
        push_two(&mut text, minutes / 60);
        text.push(':');
        push_two(&mut text, minutes % 60);
        return text;
    }
    time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

/// Writes a date as `YYYY-MM-DD`, as chrono's `Display` does.
pub fn format_date(date: NaiveDate) -> String {
    if !(0..=9999).contains(&date.year()) {
        return date.to_string();
    }
    let mut text = String::with_capacity(25);
    let year = date.year() as u32;
    push_two(&mut text, year / 100);
    push_two(&mut text, year % 100);
    text.push('-');
    push_two(&mut text, date.month());
    text.push('-');
    push_two(&mut text, date.day());
    text
}

/// Appends a number below 100 as two digits.
fn push_two(text: &mut String, n: u32) {
    text.push(char::from(b'0' + (n / 10) as u8));
    text.push(char::from(b'0' + (n % 10) as u8));
}

/// Writes an optional time: empty when there is none.
pub fn format_optional_time(time: Option<&DateTime<FixedOffset>>) -> String {
    time.map(format_time).unwrap_or_default()
}

/// Writes an optional date: empty when there is none.
pub fn format_optional_date(date: Option<NaiveDate>) -> String {
    date.map(format_date).unwrap_or_default()
}

/// Joins a list for one column.
pub fn join_list(items: &[String]) -> String {
    items.join(&LIST_SEPARATOR.to_string())
}

/// Splits a list column, dropping empty pieces and surrounding blanks.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(LIST_SEPARATOR)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_name_partition_files() {
        let spec = TableSpec {
            name: "visits",
            record_name: "visit",
            id_prefix: "V-",
            id_chars: 10,
            columns: &["id"],
            partition: Partition::Monthly,
        };
        let month = Month::of(NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
        assert_eq!(spec.file(Some(month)), PathBuf::from("visits/2026-03.csv"));
        assert_eq!(Month::parse("2026-03"), Some(month));
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("2026-3"), None);
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_read_dates_and_times_as_chrono_does(
            y in 0u32..10_000, mo in 0u32..14, d in 0u32..33, h in 0u32..25, mi in 0u32..61, s in 0u32..62,
            oh in 0u32..26, om in 0u32..61, sign in proptest::sample::select(vec!["+", "-", "Z"]),
        ) {
            let date = format!("{y:04}-{mo:02}-{d:02}");
            proptest::prop_assert_eq!(parse_date(&date), NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok());
            let zone = if sign == "Z" { "Z".to_string() } else { format!("{sign}{oh:02}:{om:02}") };
            let time = format!("{date}T{h:02}:{mi:02}:{s:02}{zone}");
            let chrono = DateTime::parse_from_rfc3339(&time).ok();
            if let Some(fast) = canonical_time(&time) {
                proptest::prop_assert_eq!(Some(fast), chrono);
                proptest::prop_assert_eq!(*fast.offset(), *chrono.unwrap().offset());
            }
        }

        #[test]
        fn fast_formatting_writes_what_chrono_writes(
            seconds in -70_000_000_000i64..260_000_000_000, nanos in proptest::prop_oneof![proptest::strategy::Just(0u32), 0u32..2_000_000_000],
            offset in -86_399i32..86_400,
        ) {
            let Some(utc) = DateTime::from_timestamp(seconds, nanos) else { return Ok(()) };
            let time = utc.with_timezone(&FixedOffset::east_opt(offset).unwrap());
            proptest::prop_assert_eq!(format_time(&time), time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false));
            proptest::prop_assert_eq!(format_date(time.date_naive()), time.date_naive().to_string());
        }
    }

    #[test]
    fn lists_round_trip_through_one_column() {
        let items = vec!["vip".to_string(), "宴会".to_string()];
        assert_eq!(split_list(&join_list(&items)), items);
        assert!(split_list(" ; ").is_empty());
    }
}
