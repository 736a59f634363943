//! Printing results as a table, CSV or JSON: the one place that knows the output formats.
//!
//! Commands hand over records that implement [`Listable`]; this module decides how they look.
//! It writes to the writer it is given and never to stdout or stderr directly.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU8, Ordering};

use clap::builder::PossibleValue;
use comfy_table::{ColumnConstraint, ContentArrangement, ContentLineStyle, LineStyle, Table, TableStyle, Width};
use rust_i18n::t;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::i18n::{self, Lang};

/// How results are printed. Each format's description in `--help` is in the language being
/// spoken (`output.format.*` in the catalog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned columns for people (CJK text counts two columns per character).
    #[default]
    Table,
    /// CSV with a header row, every field, for spreadsheets and scripts.
    Csv,
    /// JSON: an array for lists, an object for one record.
    Json,
    /// Markdown, for reports (other commands refuse it).
    Md,
    /// One self-contained HTML file, for reports (other commands refuse it).
    Html,
    /// JSON lines, one object a line, for `cs export` (other commands refuse it).
    Jsonl,
    /// An Excel workbook, for `cs export` (other commands refuse it).
    Xlsx,
}

impl Format {
    /// Whether only reports are written in this format.
    pub fn is_for_reports(self) -> bool {
        matches!(self, Format::Md | Format::Html)
    }

    /// Whether only `cs export` writes this format.
    pub fn is_for_export(self) -> bool {
        matches!(self, Format::Jsonl | Format::Xlsx)
    }
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Format::Table,
            Format::Csv,
            Format::Json,
            Format::Md,
            Format::Html,
            Format::Jsonl,
            Format::Xlsx,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let (name, help) = match self {
            Format::Table => ("table", t!("output.format.table")),
            Format::Csv => ("csv", t!("output.format.csv")),
            Format::Json => ("json", t!("output.format.json")),
            Format::Md => ("md", t!("output.format.md")),
            Format::Html => ("html", t!("output.format.html")),
            Format::Jsonl => ("jsonl", t!("export.format.jsonl")),
            Format::Xlsx => ("xlsx", t!("export.format.xlsx")),
        };
        Some(PossibleValue::new(name).help(help.into_owned()))
    }
}

/// The language of CSV headers: none (the canonical column names, the default), English or
/// Chinese, for people who open the file in a spreadsheet (`--headers zh`).
static CSV_HEADERS: AtomicU8 = AtomicU8::new(0);

/// Writes CSV headers in `lang` from now on (`None`: the canonical column names).
pub fn set_csv_headers(lang: Option<Lang>) {
    CSV_HEADERS.store(lang.map_or(0, |l| l as u8 + 1), Ordering::Relaxed);
}

/// A CSV header as asked for with [`set_csv_headers`], for a column of records of `kind`.
pub fn csv_header<'a>(kind: &str, column: &'a str) -> Cow<'a, str> {
    match CSV_HEADERS.load(Ordering::Relaxed) {
        0 => Cow::Borrowed(column),
        n => i18n::column_in(Lang::ALL[usize::from(n - 1)], kind, column),
    }
}

/// A record that can be printed in every format.
pub trait Listable: Serialize {
    /// The kind of record, for the headers people read (see [`i18n::column`]); empty when
    /// the common headers do.
    const KIND: &'static str = "";
    /// The columns a table shows: the ones that fit on a screen.
    const TABLE_COLUMNS: &'static [&'static str];
    /// Every column, for CSV and for showing one record.
    const ALL_COLUMNS: &'static [&'static str];
    /// Columns a narrow table must never wrap (values people copy, like ids and phones).
    const UNWRAPPED: &'static [&'static str] = &["id"];
    /// One column's value as text.
    fn cell(&self, column: &str) -> Cow<'_, str>;
    /// One column's value as a table shows it, when that differs from [`Listable::cell`].
    fn table_cell(&self, column: &str) -> Cow<'_, str> {
        self.cell(column)
    }
}

/// The narrowest a wrapped column may get: four CJK characters.
const MIN_WRAPPED_WIDTH: usize = 8;
/// The blanks comfy-table puts on each side of a cell.
const CELL_PADDING: usize = 2;

/// Borderless columns with a rule under the header: easy to read and to copy from.
const STYLE: TableStyle = TableStyle::new()
    .header_lines(ContentLineStyle::none())
    .header_separator(LineStyle::none().fill('─'))
    .content_lines(ContentLineStyle::none());

/// Prints records: a table of the main columns, CSV of every column, or a JSON array.
pub fn list<T: Listable>(out: &mut dyn Write, format: Format, items: &[T], width: Option<u16>) -> io::Result<()> {
    match format {
        // Formats of other commands were refused before this one ran.
        Format::Table | Format::Md | Format::Html | Format::Jsonl | Format::Xlsx => {
            let rows = items.iter().map(|item| {
                T::TABLE_COLUMNS
                    .iter()
                    .map(|c| item.table_cell(c).into_owned())
                    .collect()
            });
            write_table(out, T::KIND, T::TABLE_COLUMNS, T::UNWRAPPED, rows, width)
        }
        Format::Csv => {
            let mut csv = CsvList::<T>::start(out)?;
            for item in items {
                csv.row(item)?;
            }
            csv.finish()
        }
        Format::Json => write_json(out, &items),
    }
}

/// Records printed as CSV one at a time, as they come: every column, field by field into the
/// writer, so that a list of a hundred thousand records makes no string per cell and need not
/// be in memory at once.
pub struct CsvList<'w, T> {
    writer: csv::Writer<&'w mut dyn Write>,
    _items: std::marker::PhantomData<fn(&T)>,
}

impl<'w, T: Listable> CsvList<'w, T> {
    /// Writes the header.
    pub fn start(out: &'w mut dyn Write) -> io::Result<Self> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        writer
            .write_record(T::ALL_COLUMNS.iter().map(|c| csv_header(T::KIND, c).into_owned()))
            .map_err(csv_io)?;
        Ok(CsvList {
            writer,
            _items: std::marker::PhantomData,
        })
    }

    /// Writes one record.
    pub fn row(&mut self, item: &T) -> io::Result<()> {
        for column in T::ALL_COLUMNS {
            self.writer.write_field(item.cell(column).as_bytes()).map_err(csv_io)?;
        }
        self.writer.write_record(None::<&[u8]>).map_err(csv_io)
    }

    /// Flushes what is written.
    pub fn finish(mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Prints one record: a two-column table of every field, one CSV row, or a JSON object.
pub fn one<T: Listable>(out: &mut dyn Write, format: Format, item: &T, width: Option<u16>) -> io::Result<()> {
    match format {
        Format::Table | Format::Md | Format::Html | Format::Jsonl | Format::Xlsx => {
            let mut table = new_table(width);
            for column in T::ALL_COLUMNS {
                let value = item.cell(column);
                table.add_row(vec![
                    i18n::column(T::KIND, column).into_owned(),
                    visible(&i18n::value_of(T::KIND, column, &value)).into_owned(),
                ]);
            }
            // The field names column never wraps; the values take the rest of the width.
            if let Some(names) = table.column_mut(0) {
                names.set_constraint(ColumnConstraint::ContentWidth);
            }
            writeln!(out, "{}", trim_lines(&table.to_string()))
        }
        Format::Csv => write_csv(
            out,
            T::KIND,
            T::ALL_COLUMNS,
            std::iter::once(T::ALL_COLUMNS.iter().map(|c| item.cell(c).into_owned()).collect()),
        ),
        Format::Json => write_json(out, item),
    }
}

/// Prints a table of text rows under the given columns, fitted to `width`: values wrap, but
/// never the column names nor the `unwrapped` columns, and when even that does not fit, the
/// rightmost columns are left out (`--format csv` shows them all). Headers and values such
/// as statuses are shown in the language being spoken.
pub fn write_table(
    out: &mut dyn Write,
    kind: &str,
    columns: &[&str],
    unwrapped: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    width: Option<u16>,
) -> io::Result<()> {
    let mut rows: Vec<Vec<String>> = rows
        .map(|mut row| {
            for (cell, column) in row.iter_mut().zip(columns) {
                if let Cow::Owned(shown) = i18n::value_of(kind, column, cell) {
                    *cell = shown;
                }
                if let Cow::Owned(shown) = visible(cell) {
                    *cell = shown;
                }
            }
            row
        })
        .collect();
    let headers: Vec<Cow<'_, str>> = columns.iter().map(|c| i18n::column(kind, c)).collect();
    let header: Vec<&str> = headers.iter().map(|h| h.as_ref()).collect();
    let header = header.as_slice();
    let min_widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let widest = rows
                .iter()
                .map(|row| row.get(index).map_or(0, |v| display_width(v)))
                .max()
                .unwrap_or(0);
            let least = if unwrapped.contains(&columns[index]) {
                widest
            } else {
                widest.min(MIN_WRAPPED_WIDTH)
            };
            least.max(display_width(name)) + CELL_PADDING
        })
        .collect();
    let mut shown = header.len();
    if let Some(width) = width {
        while shown > 1 && min_widths[..shown].iter().sum::<usize>() > usize::from(width) {
            shown -= 1;
        }
    }
    for row in &mut rows {
        row.truncate(shown);
    }
    if width.is_none() && rows.iter().flatten().all(|cell| !cell.contains(['\n', '\r'])) {
        return write_plain_table(out, &header[..shown], &rows);
    }
    let mut table = new_table(width);
    table.set_header(header[..shown].to_vec());
    for row in rows {
        table.add_row(row);
    }
    for (index, column) in columns[..shown].iter().enumerate() {
        let constraint = if unwrapped.contains(column) {
            ColumnConstraint::ContentWidth
        } else {
            ColumnConstraint::LowerBoundary(Width::Fixed(min_widths[index] as u16))
        };
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(constraint);
        }
    }
    writeln!(out, "{}", trim_lines(&table.to_string()))
}

/// Prints a table with nothing to wrap (no width to fit, no cell of several lines) the way
/// comfy-table would with [`STYLE`], without its layout work: a 26,000-row table took 0.3 s.
pub fn write_plain_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let widths: Vec<usize> = (0..header.len())
        .map(|index| {
            rows.iter()
                .map(|row| row.get(index).map_or(0, |cell| display_width(cell)))
                .max()
                .unwrap_or(0)
                .max(display_width(header[index]))
        })
        .collect();
    let mut line = String::new();
    let mut write_row = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        line.clear();
        for (cell, width) in cells.zip(&widths) {
            line.push(' ');
            line.push_str(cell);
            for _ in display_width(cell)..*width + 1 {
                line.push(' ');
            }
        }
        writeln!(out, "{}", line.trim_end())
    };
    write_row(out, &mut header.iter().copied())?;
    let rule: usize = widths.iter().map(|w| w + CELL_PADDING).sum();
    let mut separator = String::with_capacity(rule * 3);
    for _ in 0..rule {
        separator.push('─');
    }
    writeln!(out, "{separator}")?;
    for row in rows {
        write_row(out, &mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

/// `text` with every control character but the line break written out (`\x1B`), so that a
/// value holding a terminal escape sequence is shown, never obeyed, and a tab does not break
/// the columns.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n';
    if !text.contains(hidden) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            shown.push_str(&format!("\\x{:02X}", u32::from(c))); // i18n: not a message
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// The columns a terminal gives `text` (CJK characters take two), with a fast path for ASCII,
/// which most cells are.
pub fn display_width(text: &str) -> usize {
    if text.is_ascii() { text.len() } else { text.width() }
}

/// Prints CSV: the header, then one line per row.
pub fn write_csv(
    out: &mut dyn Write,
    kind: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer
        .write_record(header.iter().map(|c| csv_header(kind, c).into_owned()))
        .map_err(csv_io)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn table(width: u16) -> String {
        let rows = vec![
            vec![
                "C-WRJD8T6V".to_string(),
                "杭州西湖国宾馆".to_string(),
                "0571-87971234".to_string(),
                "华东".to_string(),
            ],
            vec![
                "C-88KDXQNA".to_string(),
                "南京金陵饭店采购部".to_string(),
                "025-84711888".to_string(),
                "华东".to_string(),
            ],
        ];
        let mut out = Vec::new();
        write_table(
            &mut out,
            "",
            &["id", "name", "phone", "region"],
            &["id", "phone"],
            rows.into_iter(),
            Some(width),
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    proptest::proptest! {
        /// The plain renderer prints what comfy-table prints, byte for byte.
        #[test]
        fn plain_tables_match_comfy_table(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z0-9 ]{0,6}|[杭州西湖国宾馆]{0,4}|", 3),
                0..5,
            ),
        ) {
            let header = ["id", "名称", "x"];
            let mut plain = Vec::new();
            write_plain_table(&mut plain, &header, &rows).unwrap();
            let mut table = new_table(None);
            table.set_header(header.to_vec());
            for row in &rows {
                table.add_row(row.clone());
            }
            let comfy = format!("{}\n", trim_lines(&table.to_string()));
            proptest::prop_assert_eq!(String::from_utf8(plain).unwrap(), comfy);
        }
    }

    #[test]
    fn narrow_tables_wrap_values_but_never_ids_phones_or_names_of_columns() {
        let text = table(46);
        assert!(text.lines().all(|l| l.width() <= 46), "{text}");
        assert!(text.contains("C-WRJD8T6V") && text.contains("0571-87971234"), "{text}");
        assert!(text.lines().next().unwrap().contains("region"), "{text}");
    }

    #[test]
    fn columns_that_cannot_fit_are_left_out_from_the_right() {
        let text = table(40);
        assert!(text.lines().all(|l| l.width() <= 40), "{text}");
        assert!(text.contains("0571-87971234"), "{text}");
        assert!(!text.contains("region"), "{text}");
    }
}
