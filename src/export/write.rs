//! The text formats of an export: CSV, a JSON array, JSON lines. Each writes a record as it
//! comes and nothing before the first one, so that a command refused before any record (an
//! unknown customer in a filter) prints nothing at all.

use std::io::{self, Write};
use std::marker::PhantomData;

use super::cells::neutralise;
use super::tables::Exported;
use super::{ExportFormat, Options};
use crate::output;
use crate::store::csvfile::UTF8_BOM;
use crate::store::table::Record;

/// Where records are written, one at a time.
pub trait Sink<T> {
    /// Writes one record.
    fn row(&mut self, record: &T) -> io::Result<()>;
    /// Writes what closes the output (the header of an empty CSV, the `]` of JSON) and flushes.
    fn finish(&mut self) -> io::Result<()>;
}

/// The sink of a text format (not XLSX, which needs a file: see `super::xlsx`).
pub fn text_sink<'w, T: Exported + 'w>(out: &'w mut dyn Write, options: &Options) -> Box<dyn Sink<T> + 'w> {
    match options.format {
        ExportFormat::Json => Box::new(Json { out, records: 0 }),
        ExportFormat::Jsonl => Box::new(Jsonl { out }),
        ExportFormat::Csv | ExportFormat::Xlsx => Box::new(Csv {
            state: CsvState::Waiting(out),
            bom: options.bom,
            _records: PhantomData,
        }),
    }
}

/// CSV: the stored columns under their names (or the headers `--headers` asks for), every
/// cell neutralised.
struct Csv<'w, T> {
    state: CsvState<'w>,
    bom: bool,
    _records: PhantomData<fn(&T)>,
}

/// A CSV output before its header (the mark and the header are written with the first
/// record, or at the end when there is none), and after.
enum CsvState<'w> {
    Waiting(&'w mut dyn Write),
    Started(Box<csv::Writer<&'w mut dyn Write>>),
    Taken,
}

impl<'w, T: Exported> Csv<'w, T> {
    fn writer(&mut self) -> io::Result<&mut csv::Writer<&'w mut dyn Write>> {
        if let CsvState::Waiting(_) = self.state {
            let CsvState::Waiting(out) = std::mem::replace(&mut self.state, CsvState::Taken) else {
                unreachable!("the state was just matched");
            };
            if self.bom {
                out.write_all(UTF8_BOM)?;
            }
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(out);
            let header = T::columns().iter().map(|c| output::csv_header(T::KIND, c).into_owned());
            writer.write_record(header).map_err(csv_io)?;
            self.state = CsvState::Started(Box::new(writer));
        }
        match &mut self.state {
            CsvState::Started(writer) => Ok(writer),
            _ => Err(io::Error::other("the CSV output failed before")), // i18n: not a message (cannot happen after a reported error)
        }
    }
}

impl<T: Exported> Sink<T> for Csv<'_, T> {
    fn row(&mut self, record: &T) -> io::Result<()> {
        let writer = self.writer()?;
        for cell in record.stored().encode() {
            writer.write_field(neutralise(&cell).as_bytes()).map_err(csv_io)?;
        }
        writer.write_record(None::<&[u8]>).map_err(csv_io)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

/// A JSON array, laid out as `list --format json` lays it out (serde_json's pretty printer):
/// each object is printed pretty on its own and indented one level.
struct Json<'w> {
    out: &'w mut dyn Write,
    records: usize,
}

impl<T: Exported> Sink<T> for Json<'_> {
    fn row(&mut self, record: &T) -> io::Result<()> {
        let text = serde_json::to_string_pretty(record)?;
        self.out.write_all(if self.records == 0 { b"[\n" } else { b",\n" })?;
        self.records += 1;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(b"  ")?;
            self.out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.write_all(if self.records == 0 { b"[]\n" } else { b"\n]\n" })?;
        self.out.flush()
    }
}

/// JSON lines: one object a line, as compact JSON.
struct Jsonl<'w> {
    out: &'w mut dyn Write,
}

impl<T: Exported> Sink<T> for Jsonl<'_> {
    fn row(&mut self, record: &T) -> io::Result<()> {
        serde_json::to_writer(&mut *self.out, record)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Unwraps the I/O error inside a CSV error, so a closed pipe is still seen as one.
fn csv_io(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::customer::{Customer, Status};

    fn customer(name: &str) -> Customer {
        let time = chrono::DateTime::parse_from_rfc3339("2026-11-29T09:30:00+08:00").unwrap();
        Customer {
            id: "C-TEST0001".into(),
            name: name.into(),
            class: "A".into(),
            status: Status::Active,
            owner: None,
            center: None,
            contact: String::new(),
            phone: "-5".into(),
            email: String::new(),
            address: String::new(),
            region: String::new(),
            tags: vec![],
            source: String::new(),
            note: "line one\nline two".into(),
            created: time,
            updated: time,
            archived: None,
        }
    }

    fn write(format: ExportFormat, records: &[Customer]) -> String {
        let options = Options {
            format,
            bom: false,
            redact: false,
        };
        let mut out = Vec::new();
        let mut sink = text_sink::<Customer>(&mut out, &options);
        for record in records {
            sink.row(record).unwrap();
        }
        sink.finish().unwrap();
        drop(sink);
        String::from_utf8(out).unwrap()
    }

    /// The JSON array is byte for byte what `list --format json` prints for the same records.
    #[test]
    fn json_is_laid_out_as_lists_print_it() {
        for records in [vec![], vec![customer("a")], vec![customer("a"), customer("b")]] {
            let mut expected = Vec::new();
            output::write_json(&mut expected, &records).unwrap();
            assert_eq!(
                write(ExportFormat::Json, &records),
                String::from_utf8(expected).unwrap()
            );
        }
    }

    #[test]
    fn csv_cells_are_neutralised_but_numbers_are_not() {
        let text = write(ExportFormat::Csv, &[customer("=1+2")]);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[1], "'=1+2");
        assert_eq!(&row[7], "-5");
        assert_eq!(&row[13], "line one\nline two");
    }

    #[test]
    fn jsonl_is_one_object_a_line() {
        let text = write(ExportFormat::Jsonl, &[customer("a"), customer("b")]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        for line in lines {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(value["id"], "C-TEST0001");
        }
    }
}
