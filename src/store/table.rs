//! What a record table is: its file name, id prefix, columns and partitioning, and the trait a
//! record implements to be stored in one.
//!
//! Adding a table is declaring a [`TableSpec`] and implementing [`Record`]; the store does the
//! rest (reading, appending, rewriting, month partitions, locking, the journal).

use std::fmt::Display;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use crate::error::Problem;

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
    /// The columns in the order `cs` writes them.
    pub columns: &'static [&'static str],
    /// How the table is split into files.
    pub partition: Partition,
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

/// A record that lives in a table.
pub trait Record: Sized {
    /// The table the record lives in.
    const TABLE: TableSpec;

    /// Builds the record from one row; fields come in [`TableSpec::columns`] order.
    fn from_row(row: Row<'_>) -> Result<Self, Problem>;

    /// The record's fields in [`TableSpec::columns`] order, as text.
    fn to_fields(&self) -> Vec<String>;

    /// The record's id.
    fn id(&self) -> &str;

    /// The date that places the record in a monthly partition.
    fn date(&self) -> Option<NaiveDate> {
        None
    }
}

/// One row being read: its fields and where it came from, for error messages.
#[derive(Debug)]
pub struct Row<'a> {
    /// The file, as shown to the user.
    pub file: &'a str,
    /// The 1-based line number.
    pub line: u64,
    /// The fields, in the table's column order.
    pub fields: Vec<String>,
    /// The table's columns.
    pub columns: &'static [&'static str],
}

impl Row<'_> {
    /// A problem with one column of this row.
    pub fn problem(&self, column: &str, message: impl Into<String>) -> Problem {
        Problem::at(self.file, Some(self.line), Some(column), message)
    }

    /// The text of a column.
    pub fn text(&self, column: &str) -> &str {
        &self.fields[self.index(column)]
    }

    /// Takes the text of a column out of the row, without copying it.
    pub fn take(&mut self, column: &str) -> String {
        let index = self.index(column);
        std::mem::take(&mut self.fields[index])
    }

    fn index(&self, column: &str) -> usize {
        self.columns
            .iter()
            .position(|c| *c == column)
            .expect("column declared by the table")
    }

    /// The text of a column, `None` when empty.
    pub fn optional(&self, column: &str) -> Option<String> {
        let text = self.text(column).trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    /// A non-empty column.
    pub fn required(&self, column: &str) -> Result<String, Problem> {
        self.optional(column)
            .ok_or_else(|| self.problem(column, "must not be empty"))
    }

    /// A column parsed with `FromStr`, naming the column and line when it fails.
    pub fn parse<T: FromStr>(&self, column: &str) -> Result<T, Problem>
    where
        T::Err: Display,
    {
        let text = self.text(column).trim();
        text.parse().map_err(|e: T::Err| {
            let message = e.to_string();
            // Our own parse errors already quote the value; std's do not.
            self.problem(
                column,
                if message.contains(text) {
                    message
                } else {
                    format!("'{text}': {message}")
                },
            )
        })
    }

    /// An RFC 3339 time column.
    pub fn time(&self, column: &str) -> Result<DateTime<FixedOffset>, Problem> {
        let text = self.text(column).trim();
        DateTime::parse_from_rfc3339(text).map_err(|e| {
            self.problem(
                column,
                format!("'{text}' is not an RFC 3339 time like 2026-11-29T09:30:00+08:00 ({e})"),
            )
        })
    }

    /// An optional RFC 3339 time column.
    pub fn optional_time(&self, column: &str) -> Result<Option<DateTime<FixedOffset>>, Problem> {
        if self.text(column).trim().is_empty() {
            Ok(None)
        } else {
            self.time(column).map(Some)
        }
    }
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
            columns: &["id"],
            partition: Partition::Monthly,
        };
        let month = Month::of(NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
        assert_eq!(spec.file(Some(month)), PathBuf::from("visits/2026-03.csv"));
        assert_eq!(Month::parse("2026-03"), Some(month));
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("2026-3"), None);
    }
}
