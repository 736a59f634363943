//! Printing results as a table, CSV or JSON: the one place that knows the output formats.
//!
//! Commands hand over records that implement [`Listable`]; this module decides how they look.
//! It writes to the writer it is given and never to stdout or stderr directly.

use std::io::{self, Write};

use comfy_table::{ColumnConstraint, ContentArrangement, ContentLineStyle, LineStyle, Table, TableStyle};
use serde::Serialize;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people (CJK text counts two columns per character).
    #[default]
    Table,
    /// CSV with a header row, every field, for spreadsheets and scripts.
    Csv,
    /// JSON: an array for lists, an object for one record.
    Json,
}

/// A record that can be printed in every format.
pub trait Listable: Serialize {
    /// The columns a table shows: the ones that fit on a screen.
    const TABLE_COLUMNS: &'static [&'static str];
    /// Every column, for CSV and for showing one record.
    const ALL_COLUMNS: &'static [&'static str];
    /// One column's value as text.
    fn cell(&self, column: &str) -> String;
    /// One column's value as a table shows it, when that differs from [`Listable::cell`].
    fn table_cell(&self, column: &str) -> String {
        self.cell(column)
    }
}

/// Borderless columns with a rule under the header: easy to read and to copy from.
const STYLE: TableStyle = TableStyle::new()
    .header_lines(ContentLineStyle::none())
    .header_separator(LineStyle::none().fill('─'))
    .content_lines(ContentLineStyle::none());

/// Prints records: a table of the main columns, CSV of every column, or a JSON array.
pub fn list<T: Listable>(out: &mut dyn Write, format: Format, items: &[T], width: Option<u16>) -> io::Result<()> {
    match format {
        Format::Table => {
            let rows = items
                .iter()
                .map(|item| T::TABLE_COLUMNS.iter().map(|c| item.table_cell(c)).collect());
            write_table(out, T::TABLE_COLUMNS, rows, width)
        }
        Format::Csv => write_csv(
            out,
            T::ALL_COLUMNS,
            items
                .iter()
                .map(|item| T::ALL_COLUMNS.iter().map(|c| item.cell(c)).collect()),
        ),
        Format::Json => write_json(out, &items),
    }
}

/// Prints one record: a two-column table of every field, one CSV row, or a JSON object.
pub fn one<T: Listable>(out: &mut dyn Write, format: Format, item: &T, width: Option<u16>) -> io::Result<()> {
    match format {
        Format::Table => {
            let mut table = new_table(width);
            for column in T::ALL_COLUMNS {
                table.add_row(vec![column.to_string(), item.cell(column)]);
            }
            // The field names column never wraps; the values take the rest of the width.
            if let Some(names) = table.column_mut(0) {
                names.set_constraint(ColumnConstraint::ContentWidth);
            }
            writeln!(out, "{}", trim_lines(&table.to_string()))
        }
        Format::Csv => write_csv(
            out,
            T::ALL_COLUMNS,
            std::iter::once(T::ALL_COLUMNS.iter().map(|c| item.cell(c)).collect()),
        ),
        Format::Json => write_json(out, item),
    }
}

/// Prints a table of text rows under the given header.
pub fn write_table(
    out: &mut dyn Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    width: Option<u16>,
) -> io::Result<()> {
    let mut table = new_table(width);
    table.set_header(header.to_vec());
    for row in rows {
        table.add_row(row);
    }
    writeln!(out, "{}", trim_lines(&table.to_string()))
}

/// Prints CSV: the header, then one line per row.
pub fn write_csv(out: &mut dyn Write, header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(header).map_err(csv_io)?;
    for row in rows {
        writer.write_record(&row).map_err(csv_io)?;
    }
    writer.flush()
}

/// Unwraps the I/O error inside a CSV error, so a closed pipe is still seen as one.
fn csv_io(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Prints pretty JSON followed by a line break.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

fn new_table(width: Option<u16>) -> Table {
    let mut table = Table::new();
    table.load_style(STYLE);
    match width {
        Some(width) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table
}

/// comfy-table pads the last column; trailing blanks only make diffs and copies noisy.
fn trim_lines(text: &str) -> String {
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}
