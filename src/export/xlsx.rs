//! An export as an Excel workbook: one sheet named after the table, its header row bold and
//! frozen, columns as wide as their contents, dates and times as date cells, scores and
//! counts as numbers, and text neutralised as in CSV.
//!
//! The sheet is written in rust_xlsxwriter's constant-memory mode: each row goes to a
//! temporary file as soon as the next begins, so a large table is never all in memory.

use std::io::{self, Write};
use std::marker::PhantomData;

use chrono::DateTime;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::cells::{CellKind, neutralise};
use super::tables::Exported;
use super::write::Sink;
use crate::output::{self, display_width};
use crate::store::table::{Record, parse_date};

/// The number format of a date cell.
const DATE_FORMAT: &str = "yyyy-mm-dd";
/// The number format of a date-and-time cell.
// i18n: not a message (an Excel number format)
const DATETIME_FORMAT: &str = "yyyy-mm-dd hh:mm:ss";
/// The widest a column is made, in characters: longer text (a summary) wraps in Excel's
/// formula bar rather than pushing every other column off the screen.
const MAX_WIDTH: usize = 60;
/// Room beside the widest value, for the filter button and the margin.
const PADDING: usize = 2;

/// A workbook of one sheet being written, a row at a time.
pub struct XlsxSink<T> {
    workbook: Workbook,
    /// The next row to write (the header is row 0).
    row: u32,
    /// The widest value of each column so far, in terminal columns (CJK counts two).
    widths: Vec<usize>,
    kinds: Vec<CellKind>,
    date: Format,
    datetime: Format,
    _records: PhantomData<fn(&T)>,
}

impl<T: Exported> XlsxSink<T> {
    /// A workbook whose one sheet is named `sheet`, with its header written and frozen.
    pub fn new(sheet: &str) -> io::Result<Self> {
        let mut workbook = Workbook::new();
        let columns = T::columns();
        let bold = Format::new().set_bold();
        let worksheet = workbook.add_worksheet_with_constant_memory().map_err(xlsx_io)?;
        worksheet.set_name(sheet).map_err(xlsx_io)?;
        let mut widths = Vec::with_capacity(columns.len());
        for (col, column) in columns.iter().enumerate() {
            let header = output::csv_header(T::KIND, column);
            widths.push(display_width(&header));
            worksheet
                .write_string_with_format(0, col as u16, header.as_ref(), &bold)
                .map_err(xlsx_io)?;
        }
        worksheet.set_freeze_panes(1, 0).map_err(xlsx_io)?;
        Ok(XlsxSink {
            workbook,
            row: 1,
            widths,
            kinds: columns.iter().map(|c| T::kind(c)).collect(),
            date: Format::new().set_num_format(DATE_FORMAT),
            datetime: Format::new().set_num_format(DATETIME_FORMAT),
            _records: PhantomData,
        })
    }

    /// Sizes the columns and writes the workbook to `out`.
    pub fn save(mut self, out: impl Write + Send) -> io::Result<()> {
        let worksheet = self.workbook.worksheet_from_index(0).map_err(xlsx_io)?;
        for (col, width) in self.widths.iter().enumerate() {
            let width = (*width).min(MAX_WIDTH) + PADDING;
            worksheet.set_column_width(col as u16, width as f64).map_err(xlsx_io)?;
        }
        self.workbook.save_to_writer(out).map_err(xlsx_io)
    }
}

impl<T: Exported> Sink<T> for XlsxSink<T> {
    fn row(&mut self, record: &T) -> io::Result<()> {
        let row = self.row;
        self.row += 1;
        let (date, datetime, kinds, widths) = (&self.date, &self.datetime, &self.kinds, &mut self.widths);
        let worksheet = self.workbook.worksheet_from_index(0).map_err(xlsx_io)?;
        for (col, cell) in record.stored().encode().iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let at = col as u16;
            let kind = kinds.get(col).copied().unwrap_or(CellKind::Text);
            let shown = match kind {
                CellKind::Number => cell
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .map(|n| worksheet.write_number(row, at, n).map(|_| cell.len())),
                CellKind::Date => parse_date(cell).map(|d| {
                    worksheet
                        .write_date_with_format(row, at, d, date)
                        .map(|_| DATE_FORMAT.len())
                }),
                CellKind::DateTime => DateTime::parse_from_rfc3339(cell).ok().map(|t| {
                    worksheet
                        .write_datetime_with_format(row, at, t.naive_local(), datetime)
                        .map(|_| DATETIME_FORMAT.len())
                }),
                CellKind::Text => None,
            };
            // A value that is not what its column holds (a hand edit) is kept as text.
            let width = match shown {
                Some(written) => written.map_err(xlsx_io)?,
                None => {
                    let safe = neutralise(cell);
                    worksheet.write_string(row, at, safe.as_ref()).map_err(xlsx_io)?;
                    safe.lines().map(display_width).max().unwrap_or(0)
                }
            };
            if let Some(widest) = widths.get_mut(col) {
                *widest = (*widest).max(width);
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// rust_xlsxwriter's errors as I/O errors, the kind every sink returns.
fn xlsx_io(error: XlsxError) -> io::Error {
    match error {
        XlsxError::IoError(e) => e,
        other => io::Error::other(other.to_string()),
    }
}
