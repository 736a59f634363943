//! Reading what a user imports: CSV in UTF-8 (with or without a byte-order mark) or GB18030,
//! comma, semicolon or tab separated, from a file or standard input; or a sheet of an Excel
//! (`.xlsx`, `.xls`) or OpenDocument (`.ods`) workbook. Every source becomes a header row and
//! rows of text cells; dates in spreadsheet cells become `YYYY-MM-DD` (with the time of day
//! when there is one).

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader};
use rust_i18n::t;

use crate::error::{Error, Problem, Result};
use crate::store::csvfile::UTF8_BOM;

/// How a CSV file's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8.
    Utf8,
    /// GB18030 (and so GBK and GB2312), what Chinese Excel writes.
    Gb18030,
}

/// A table read from the user's file: its header and its rows.
#[derive(Debug)]
pub struct Sheet {
    /// The file, as problems name it.
    pub name: String,
    /// The header row, trimmed.
    pub headers: Vec<String>,
    body: Body,
}

#[derive(Debug)]
enum Body {
    /// The whole text of a CSV file, header included, and its delimiter.
    Csv { text: String, delimiter: u8 },
    /// A UTF-8 CSV file, read as it is imported rather than held whole: what it holds after
    /// its byte-order mark (`skip` bytes), its delimiter, its size, and whether its lines
    /// end with CRLF.
    Utf8File {
        path: std::path::PathBuf,
        skip: u64,
        delimiter: u8,
        size: u64,
        crlf: bool,
    },
    /// Rows of cells, with their 1-based row numbers.
    Cells(Vec<(u64, Vec<String>)>),
}

/// How much of a CSV file is looked at to tell its encoding.
const SNIFF: usize = 256 * 1024;

/// One row's cells.
#[derive(Debug, Clone, Copy)]
pub enum Cells<'a> {
    /// A CSV record.
    Csv(&'a csv::StringRecord),
    /// A spreadsheet row.
    Sheet(&'a [String]),
}

impl<'a> Cells<'a> {
    /// The cell at `index`, empty when the row is shorter.
    pub fn get(&self, index: usize) -> &'a str {
        match self {
            Cells::Csv(record) => record.get(index).unwrap_or(""),
            Cells::Sheet(cells) => cells.get(index).map_or("", String::as_str),
        }
    }

    /// How many cells the row has.
    pub fn len(&self) -> usize {
        match self {
            Cells::Csv(record) => record.len(),
            Cells::Sheet(cells) => cells.len(),
        }
    }

    /// Whether the row has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every cell, in order.
    pub fn to_vec(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.get(i).to_string()).collect()
    }
}

impl Sheet {
    /// Reads `path` (`-` for CSV on standard input): by its extension, a workbook's sheet
    /// (`sheet`, else the first) or CSV in `encoding` (detected when `None`).
    pub fn read(path: &Path, sheet: Option<&str>, encoding: Option<Encoding>) -> Result<Sheet> {
        let name = path.display().to_string();
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if matches!(extension.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") {
            return read_workbook(path, &name, sheet);
        }
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io("-", e))?;
            return Sheet::from_csv_bytes(name, bytes, encoding);
        }
        let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
        let mut start = Vec::with_capacity(SNIFF);
        (&mut file)
            .take(SNIFF as u64)
            .read_to_end(&mut start)
            .map_err(|e| Error::io(path, e))?;
        let whole = start.len() as u64 == size;
        if whole || encoding == Some(Encoding::Gb18030) || !looks_utf8(&start, encoding) {
            let mut bytes = start;
            file.read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
            return Sheet::from_csv_bytes(name, bytes, encoding);
        }
        // A large UTF-8 file: its header from the start, its rows read as they are imported.
        let skip = if start.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
        let text = String::from_utf8_lossy(&start[skip..]);
        let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let delimiter = delimiter_of(first_line);
        let mut reader = csv_reader(text.as_bytes(), delimiter);
        let headers = reader
            .headers()
            .map_err(|e| Error::import(Problem::at(&name, Some(1), None, e.to_string())))?
            .iter()
            .map(clean_header)
            .collect();
        let crlf = crlf_lines(&text);
        Ok(Sheet {
            name,
            headers,
            body: Body::Utf8File {
                path: path.to_path_buf(),
                skip: skip as u64,
                delimiter,
                size,
                crlf,
            },
        })
    }

    /// A CSV file's bytes as a sheet.
    pub fn from_csv_bytes(name: String, bytes: Vec<u8>, encoding: Option<Encoding>) -> Result<Sheet> {
        let refuse = |message: String| Error::import(Problem::at(&name, None, None, message));
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            return Err(refuse(t!("import.workbook_as_csv").into_owned()));
        }
        let text = decode_text(bytes, encoding).map_err(refuse)?;
        let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        if first_line.is_empty() {
            return Err(refuse(t!("import.empty_file").into_owned()));
        }
        let delimiter = delimiter_of(first_line);
        let mut reader = csv_reader(text.as_bytes(), delimiter);
        let headers = reader
            .headers()
            .map_err(|e| Error::import(Problem::at(&name, Some(1), None, e.to_string())))?
            .iter()
            .map(clean_header)
            .collect();
        Ok(Sheet {
            name,
            headers,
            body: Body::Csv { text, delimiter },
        })
    }

    /// Calls `row` with every row after the header that has a non-blank cell, with its line
    /// (a CSV record's first line, a spreadsheet's row number). A CSV record that cannot be
    /// read is a problem given to `problem`.
    /// `progress` is told how far it is, every so often, in the units of [`Sheet::size`].
    pub fn each_row(
        &self,
        row: &mut dyn FnMut(u64, Cells<'_>) -> Result<()>,
        problem: &mut dyn FnMut(Problem),
        progress: &mut dyn FnMut(u64),
    ) -> Result<()> {
        match &self.body {
            Body::Utf8File {
                path,
                skip,
                delimiter,
                crlf,
                ..
            } => {
                let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
                std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(*skip)).map_err(|e| Error::io(path, e))?;
                let reader = csv::ReaderBuilder::new()
                    .delimiter(*delimiter)
                    .flexible(true)
                    .buffer_capacity(1 << 20)
                    .from_reader(file);
                self.each_record(reader, *crlf, row, problem, progress)?;
            }
            Body::Csv { text, delimiter } => {
                let crlf = crlf_lines(text);
                self.each_record(csv_reader(text.as_bytes(), *delimiter), crlf, row, problem, progress)?;
            }
            Body::Cells(rows) => {
                for (line, cells) in rows {
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    row(*line, Cells::Sheet(cells))?;
                }
            }
        }
        Ok(())
    }

    /// [`Sheet::each_row`] for CSV: every record after the header, with its line. Lines are
    /// counted by the reader, which starts a record after a CRLF at its LF, before counting it:
    /// a file whose lines end with CRLF (`crlf`) has each record one line further on.
    fn each_record<R: Read>(
        &self,
        mut reader: csv::Reader<R>,
        crlf: bool,
        row: &mut dyn FnMut(u64, Cells<'_>) -> Result<()>,
        problem: &mut dyn FnMut(Problem),
        progress: &mut dyn FnMut(u64),
    ) -> Result<()> {
        let mut record = csv::StringRecord::new();
        let _ = reader.headers();
        let mut rows = 0u64;
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {
                    let position = record.position().cloned().unwrap_or_else(csv::Position::new);
                    rows += 1;
                    if rows.is_multiple_of(PROGRESS_EVERY) {
                        progress(position.byte());
                    }
                    if record.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    row(position.line() + u64::from(crlf), Cells::Csv(&record))?;
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line() + u64::from(crlf));
                    let not_utf8 = matches!(e.kind(), csv::ErrorKind::Utf8 { .. });
                    let message = if not_utf8 {
                        t!("import.not_utf8").into_owned()
                    } else {
                        e.to_string()
                    };
                    problem(Problem::at(&self.name, line, None, message));
                    // A record that is not UTF-8 is skipped; anything else ends the reading.
                    if !not_utf8 {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// How much there is to read, for a progress bar: bytes of a CSV file, rows of a sheet.
    pub fn size(&self) -> u64 {
        match &self.body {
            Body::Csv { text, .. } => text.len() as u64,
            Body::Utf8File { size, .. } => *size,
            Body::Cells(rows) => rows.len() as u64,
        }
    }

    /// Whether reading it takes long enough to show progress.
    pub fn is_large(&self) -> bool {
        match &self.body {
            Body::Csv { .. } | Body::Utf8File { .. } => self.size() >= 4 << 20,
            Body::Cells(rows) => rows.len() >= 20_000,
        }
    }
}

/// Whether a text's lines end with CRLF, as its first one does.
fn crlf_lines(text: &str) -> bool {
    text.split('\n').next().is_some_and(|l| l.ends_with('\r'))
}

/// How many rows are read between two reports of progress.
const PROGRESS_EVERY: u64 = 16_384;

fn csv_reader(text: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text)
}

/// Whether the start of a file is UTF-8 (a character cut off at its end aside), or the user
/// said it is.
fn looks_utf8(start: &[u8], encoding: Option<Encoding>) -> bool {
    encoding == Some(Encoding::Utf8)
        || match std::str::from_utf8(start) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        }
}

/// A header as written, without blanks, a byte-order mark or invisible characters around it.
fn clean_header(header: &str) -> String {
    header
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}')
        .to_string()
}

/// The text of a CSV file: UTF-8 (a byte-order mark is dropped), else GB18030.
fn decode_text(bytes: Vec<u8>, encoding: Option<Encoding>) -> std::result::Result<String, String> {
    match encoding {
        Some(Encoding::Gb18030) => gb18030(&bytes).ok_or_else(|| t!("import.not_gb18030").into_owned()),
        Some(Encoding::Utf8) => utf8(bytes).map_err(|_| t!("import.not_utf8").into_owned()),
        None => match utf8(bytes) {
            Ok(text) => Ok(text),
            Err(bytes) => gb18030(&bytes).ok_or_else(|| t!("import.unknown_encoding").into_owned()),
        },
    }
}

fn utf8(mut bytes: Vec<u8>) -> std::result::Result<String, Vec<u8>> {
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| e.into_bytes())
}

fn gb18030(bytes: &[u8]) -> Option<String> {
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

/// The delimiter of a CSV file: whichever of comma, semicolon and tab its header line holds
/// most of, outside quotes (a comma when it holds none).
pub fn delimiter_of(header_line: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for byte in header_line.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    delimiters[best]
}

fn read_workbook(path: &Path, name: &str, sheet: Option<&str>) -> Result<Sheet> {
    let refuse = |message: String| Error::import(Problem::at(name, None, None, message));
    if !path.exists() {
        return Err(Error::io(path, std::io::ErrorKind::NotFound.into()));
    }
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| refuse(t!("import.not_a_workbook", error = e).into_owned()))?;
    let names = workbook.sheet_names();
    let chosen = match sheet {
        Some(wanted) => names.iter().find(|n| n.as_str() == wanted).cloned().ok_or_else(|| {
            refuse(t!("import.no_such_sheet", sheet = wanted, sheets = names.join(", ")).into_owned())
        })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| refuse(t!("import.empty_file").into_owned()))?,
    };
    let range = workbook
        .worksheet_range(&chosen)
        .map_err(|e| refuse(t!("import.not_a_workbook", error = e).into_owned()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as u64);
    let mut rows = range.rows().enumerate().map(|(at, cells)| {
        (
            first_row + at as u64 + 1,
            cells.iter().map(cell_text).collect::<Vec<String>>(),
        )
    });
    let Some((_, headers)) = rows.find(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty())) else {
        return Err(refuse(t!("import.empty_file").into_owned()));
    };
    Ok(Sheet {
        name: format!("{name}[{chosen}]"),
        headers: headers.iter().map(|h| clean_header(h)).collect(),
        body: Body::Cells(rows.collect()),
    })
}

/// A spreadsheet cell as text: whole numbers without `.0`, dates as `YYYY-MM-DD` (with the
/// time when it is not midnight).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(excel) => match excel.as_datetime() {
            Some(time) if time.time() == chrono::NaiveTime::MIN => time.date().format("%Y-%m-%d").to_string(),
            Some(time) => time.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => excel.to_string(),
        },
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_commonest_outside_quotes() {
        assert_eq!(delimiter_of("名称,电话,地址"), b',');
        assert_eq!(delimiter_of("名称;电话;\"a,b\""), b';');
        assert_eq!(delimiter_of("名称\t电话\t地址"), b'\t');
        assert_eq!(delimiter_of("名称"), b',');
    }

    #[test]
    fn gb18030_is_read_when_the_bytes_are_not_utf8() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("客户名称,电话\r\n杭州西湖国宾馆,0571-87971234\r\n");
        let sheet = Sheet::from_csv_bytes("a.csv".into(), bytes.into_owned(), None).unwrap();
        assert_eq!(sheet.headers, ["客户名称", "电话"]);
        let mut seen = Vec::new();
        sheet
            .each_row(
                &mut |line, cells| {
                    seen.push((line, cells.to_vec()));
                    Ok(())
                },
                &mut |p| panic!("{p}"),
                &mut |_| {},
            )
            .unwrap();
        assert_eq!(
            seen,
            [(2, vec!["杭州西湖国宾馆".to_string(), "0571-87971234".to_string()])]
        );
    }

    #[test]
    fn a_bom_is_dropped_and_bad_bytes_are_refused() {
        let sheet = Sheet::from_csv_bytes("a.csv".into(), b"\xEF\xBB\xBFname;phone\nx;1\n".to_vec(), None).unwrap();
        assert_eq!(sheet.headers, ["name", "phone"]);
        assert!(Sheet::from_csv_bytes("a.csv".into(), b"name\n\xFF\xFF\n".to_vec(), None).is_err());
        assert!(Sheet::from_csv_bytes("a.csv".into(), b"\n\n".to_vec(), None).is_err());
    }
}
