//! `cs export`: a table's records, chosen with the filters of its `list`, written as CSV, JSON,
//! JSON lines or an Excel workbook, for spreadsheets, other systems and `cs import`.
//!
//! CSV and XLSX hold every stored column under its stored name with its stored value, so that
//! an export reads back in; JSON and JSON lines hold the objects `list --format json` prints.
//! Cells a spreadsheet would run as formulas are neutralised ([`neutralise`]); `--redact`
//! masks personal data ([`redact`]). Records are taken from the list functions of
//! [`crate::commands`] one at a time and written as they come, so that an export of a large
//! table (visits) is never all in memory. A file is written whole or not at all. This module
//! never parses arguments and never prints to the terminal.

mod cells;
pub mod redact;
mod tables;
mod write;
mod xlsx;

pub use cells::{CellKind, is_number, neutralise, unneutralise};
pub use tables::{Exported, HistoryLine};

use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::path::Path;

use rust_i18n::t;

use crate::commands::complaint::{self, ComplaintFilter};
use crate::commands::customer::{self, Filter as CustomerFilter};
use crate::commands::label::{self, LabelFilter};
use crate::commands::shipment::{self, ShipmentFilter};
use crate::commands::visit::{self, VisitFilter};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::complaint::Event as ComplaintEvent;
use crate::model::label::LabelEvent;
use crate::model::shipment::TrackEvent;
use crate::store::Store;
use crate::store::customer_history::CustomerChange;
use crate::store::export_file::{self, ExportFile};

/// The formats an export is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// CSV with a header row of the stored column names.
    Csv,
    /// A JSON array of objects, as `list --format json` prints.
    Json,
    /// One JSON object a line.
    Jsonl,
    /// An Excel workbook of one sheet.
    Xlsx,
}

impl ExportFormat {
    /// The format a file's extension names (`.xlsx`, `.json`, `.jsonl` or `.ndjson`), if any.
    pub fn of_path(path: &Path) -> Option<ExportFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            "jsonl" | "ndjson" => Some(ExportFormat::Jsonl),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }
}

/// A table to export and the filter of its `list` that chooses the records. A history is
/// chosen by its records: the changes of the customers the customer filter keeps, and so on.
#[derive(Debug, Clone)]
pub enum Selection {
    /// Customers, as `customer list` chooses them.
    Customers(CustomerFilter),
    /// Visits, as `visit list` chooses them.
    Visits(VisitFilter),
    /// Complaints, as `complaint list` chooses them.
    Complaints(ComplaintFilter),
    /// Shipments, as `shipment list` chooses them.
    Shipments(ShipmentFilter),
    /// The tracking events of the shipments `shipment list` chooses.
    ShipmentEvents(ShipmentFilter),
    /// Label jobs, as `label list` chooses them.
    Labels(LabelFilter),
    /// The recorded changes of the customers `customer list` chooses.
    CustomerHistory(CustomerFilter),
    /// The actions on the complaints `complaint list` chooses.
    ComplaintHistory(ComplaintFilter),
    /// The actions on the label jobs `label list` chooses.
    LabelHistory(LabelFilter),
}

impl Selection {
    /// The table's name as `cs export` takes it, which is also the name of the sheet.
    pub fn name(&self) -> &'static str {
        match self {
            Selection::Customers(_) => "customers",
            Selection::Visits(_) => "visits",
            Selection::Complaints(_) => "complaints",
            Selection::Shipments(_) => "shipments",
            Selection::ShipmentEvents(_) => "shipment-events",
            Selection::Labels(_) => "labels",
            Selection::CustomerHistory(_) => "customer-history",
            Selection::ComplaintHistory(_) => "complaint-history",
            Selection::LabelHistory(_) => "label-history",
        }
    }
}

/// How an export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The format.
    pub format: ExportFormat,
    /// Start a CSV with the UTF-8 byte-order mark, which Excel needs to read Chinese text.
    pub bom: bool,
    /// Mask personal data (phones, emails, addresses, contact names).
    pub redact: bool,
}

/// Where an export goes.
pub enum Target<'a> {
    /// A stream, standard output: written as the records come.
    Stream(&'a mut dyn Write),
    /// A file, replaced whole once every record is written, or left as it was.
    File(&'a Path),
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// The number of records.
    pub records: usize,
}

/// Checks the options against the target before anything is read: an Excel workbook needs a
/// file, and the byte-order mark is for CSV alone.
pub fn check(options: &Options, to_file: bool) -> Result<()> {
    if options.format == ExportFormat::Xlsx && !to_file {
        return Err(Error::Usage(t!("export.xlsx_needs_output").into_owned()));
    }
    if options.bom && options.format != ExportFormat::Csv {
        return Err(Error::Usage(t!("export.bom_is_for_csv").into_owned()));
    }
    Ok(())
}

/// Exports the records `selection` chooses to `target`.
pub fn export(
    store: &Store,
    ctx: &Context,
    selection: &Selection,
    options: &Options,
    target: Target<'_>,
) -> Result<Summary> {
    check(options, matches!(target, Target::File(_)))?;
    if let Target::File(path) = target
        && export_file::is_data_file(store.root(), path)
    {
        return Err(Error::Usage(
            t!("export.into_data_dir", file = path.display()).into_owned(),
        ));
    }
    let sheet = selection.name();
    match selection {
        Selection::Customers(filter) => send(sheet, options, target, &mut |emit| {
            customer::list(store, filter)?.into_iter().try_for_each(emit)
        }),
        Selection::Visits(filter) => send(sheet, options, target, &mut |emit| {
            visit::list_each(store, filter, emit)
        }),
        Selection::Complaints(filter) => send(sheet, options, target, &mut |emit| {
            complaint::list(store, ctx, filter)?.into_iter().try_for_each(emit)
        }),
        Selection::Shipments(filter) => send(sheet, options, target, &mut |emit| {
            shipment::list(store, ctx, filter)?.into_iter().try_for_each(emit)
        }),
        Selection::Labels(filter) => send(sheet, options, target, &mut |emit| {
            label::list(store, ctx, filter)?.into_iter().try_for_each(emit)
        }),
        Selection::ShipmentEvents(filter) => {
            let kept = shipment::list(store, ctx, filter)?;
            let ids: HashSet<&str> = kept.iter().map(|r| r.shipment.id.as_str()).collect();
            send::<TrackEvent>(sheet, options, target, &mut |emit| history(store, &ids, emit))
        }
        Selection::CustomerHistory(filter) => {
            let kept = customer::list(store, filter)?;
            let ids: HashSet<&str> = kept.iter().map(|c| c.id.as_str()).collect();
            send::<CustomerChange>(sheet, options, target, &mut |emit| history(store, &ids, emit))
        }
        Selection::ComplaintHistory(filter) => {
            let kept = complaint::list(store, ctx, filter)?;
            let ids: HashSet<&str> = kept.iter().map(|r| r.complaint.id.as_str()).collect();
            send::<ComplaintEvent>(sheet, options, target, &mut |emit| history(store, &ids, emit))
        }
        Selection::LabelHistory(filter) => {
            let kept = label::list(store, ctx, filter)?;
            let ids: HashSet<&str> = kept.iter().map(|r| r.job.id.as_str()).collect();
            send::<LabelEvent>(sheet, options, target, &mut |emit| history(store, &ids, emit))
        }
    }
}

/// Hands over the lines of a history (appended to by month) that belong to the `kept`
/// records, a month at a time and each month in the order of the actions.
fn history<E: HistoryLine>(store: &Store, kept: &HashSet<&str>, emit: &mut dyn FnMut(E) -> Result<()>) -> Result<()> {
    for month in store.partitions(&E::TABLE)? {
        let mut lines: Vec<E> = store.read_months::<E>(month, month)?;
        lines.retain(|line| kept.contains(line.owner()));
        lines.sort_by_key(HistoryLine::at);
        lines.into_iter().try_for_each(&mut *emit)?;
    }
    Ok(())
}

/// What produces the records of an export: it hands each to the function it is given.
type Produce<'a, T> = dyn FnMut(&mut dyn FnMut(T) -> Result<()>) -> Result<()> + 'a;

/// Writes what `produce` hands over to `target` in the format asked for.
fn send<T: Exported>(
    sheet: &str,
    options: &Options,
    target: Target<'_>,
    produce: &mut Produce<'_, T>,
) -> Result<Summary> {
    match target {
        Target::Stream(out) => {
            let place = Path::new("stdout"); // i18n: not a message (where a write failed)
            let mut sink = write::text_sink::<T>(out, options);
            let records = pump(produce, sink.as_mut(), options.redact, place)?;
            sink.finish().map_err(|e| Error::io(place, e))?;
            Ok(Summary { records })
        }
        Target::File(path) => {
            let mut file = ExportFile::create(path)?;
            let records = if options.format == ExportFormat::Xlsx {
                let mut sink = xlsx::XlsxSink::<T>::new(sheet).map_err(|e| Error::io(path, e))?;
                let records = pump(produce, &mut sink, options.redact, path)?;
                sink.save(file.file()).map_err(|e| Error::io(path, e))?;
                records
            } else {
                let mut out = BufWriter::new(file.file());
                let mut sink = write::text_sink::<T>(&mut out, options);
                let records = pump(produce, sink.as_mut(), options.redact, path)?;
                sink.finish().map_err(|e| Error::io(path, e))?;
                drop(sink);
                out.flush().map_err(|e| Error::io(path, e))?;
                records
            };
            file.commit()?;
            Ok(Summary { records })
        }
    }
}

/// Passes every record through the sink, masked when asked; returns how many there were.
fn pump<T: Exported>(
    produce: &mut Produce<'_, T>,
    sink: &mut dyn write::Sink<T>,
    redact: bool,
    place: &Path,
) -> Result<usize> {
    let mut records = 0;
    produce(&mut |mut record: T| {
        if redact {
            record.redact();
        }
        records += 1;
        sink.row(&record).map_err(|e| Error::io(place, e))
    })?;
    Ok(records)
}
