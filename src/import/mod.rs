//! `cs import TABLE FILE`: records from a spreadsheet or CSV file, all checked before anything
//! is written, written in one transaction, and safe to repeat.
//!
//! Every table goes through one engine: the file's headers are matched to the table's columns
//! (by name, by their headers in either language, by the words people use, or by `--map`);
//! each row's cells become the text `cs` stores (references resolved, dates read, defaults
//! filled) and are read back through the table's own reader, so an imported record obeys
//! exactly the rules of a stored one. A row already in the data (the same id, or the same
//! content) is skipped, so an export overlapping an earlier one adds only what is new.

pub mod columns;
pub mod sheet;
mod tables;

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::path::{Path, PathBuf};

use rust_i18n::t;
use serde::Serialize;
use xxhash_rust::xxh3::{Xxh3, Xxh3Builder};

pub use columns::{Mapping, parse_map};
pub use sheet::{Cells, Encoding, Sheet};
pub use tables::ImportTable;

use crate::context::Context;
use crate::error::{Error, Problem, Result};
use crate::store::csvfile;
use crate::store::index::Indexed;
use crate::store::records::Fields;
use crate::store::table::{Record, Row, TableSpec};
use crate::store::{Located, Store, Transaction};

/// How many problems are listed before the rest are only counted.
pub const PROBLEMS_SHOWN: usize = 50;

/// What the command line asked for, besides the table and the file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The workbook's sheet [default: the first].
    pub sheet: Option<String>,
    /// `HEADER=field` (or `HEADER=-` to drop a column), as given.
    pub maps: Vec<String>,
    /// The CSV file's encoding [default: detected].
    pub encoding: Option<Encoding>,
    /// Check and count only.
    pub dry_run: bool,
    /// Update existing records from rows whose id matches.
    pub update: bool,
    /// Write the good rows and put the bad ones in `FILE.rejected.csv`.
    pub skip_invalid: bool,
    /// Tracking events: accept events after a final status.
    pub force: bool,
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Records added.
    pub added: usize,
    /// Records changed (`--update`).
    pub updated: usize,
    /// Rows already in the data, or repeated in the file.
    pub skipped: usize,
    /// Bad rows left out (`--skip-invalid`).
    pub rejected: usize,
    /// Where the rejected rows were written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejects_file: Option<PathBuf>,
    /// Whether nothing was written.
    pub dry_run: bool,
}

/// Imports `path` into `table`. `progress` is told how many rows there are, then how many
/// have been read, every so often.
pub fn import(
    store: &Store,
    ctx: &Context,
    table: ImportTable,
    path: &Path,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary> {
    let sheet = Sheet::read(path, options.sheet.as_deref(), options.encoding)?;
    progress(Progress::Start {
        size: sheet.size(),
        large: sheet.is_large(),
    });
    let summary = tables::import(store, ctx, table, &sheet, options, progress)?;
    progress(Progress::Done);
    Ok(summary)
}

/// What the progress shown is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// How much there is to read (bytes of a CSV file, rows of a sheet), and whether that
    /// takes long enough to show.
    Start {
        /// In the units of `Read`.
        size: u64,
        /// Worth a progress bar.
        large: bool,
    },
    /// How far reading has come.
    Read(u64),
    /// Finished.
    Done,
}

/// One table's part in an import: how its cells become stored text, and its own rules.
pub(crate) trait Target {
    /// The record imported.
    type R: Indexed;
    /// The kind of record, for the headers people read (as in `Listable::KIND`).
    const KIND: &'static str;
    /// Other names each column is known by, beyond its own and its headers.
    const ALIASES: &'static [(&'static str, &'static [&'static str])];
    /// Columns the file must have.
    const REQUIRED: &'static [&'static str];
    /// Columns that are not the record's content, left out when finding a row already in
    /// the data by its content (its id, when it was recorded or changed).
    const NOT_CONTENT: &'static [&'static str];

    /// Turns `values` (the row's cells by column, empty where the file has none) into stored
    /// text: references resolved, dates read, defaults filled. `line` tells rows apart.
    fn prepare(&mut self, values: &mut [String], line: u64) -> std::result::Result<(), (&'static str, String)>;

    /// The rules `add` applies that reading a stored record does not.
    fn check(&mut self, record: &Self::R) -> std::result::Result<(), (&'static str, String)>;

    /// The id of a record already in the data that this new one repeats by the table's own
    /// rule (a customer's name and phone).
    /// `has_id` tells whether the row gave the record's id: a record that brings its own id
    /// (an export of another data directory) is that record, whatever it resembles.
    fn same_as(&mut self, _record: &Self::R, _has_id: bool) -> Option<String> {
        None
    }

    /// Records to write with a new one (a complaint's first history line).
    fn companions(&self, _record: &Self::R, _tx: &mut Transaction<'_>) -> Result<()> {
        Ok(())
    }

    /// Records to write with an update (a customer's history of changes).
    fn update_companions(&self, _old: &Self::R, _new: &Self::R, _tx: &mut Transaction<'_>) -> Result<()> {
        Ok(())
    }
}

type FastSet<T> = HashSet<T, BuildHasherDefault<Xxh3>>;

/// A bad row: where, what, and its cells as the file had them.
struct Rejected {
    problem: Problem,
    cells: Vec<String>,
}

/// Imports `sheet` into the table of `T`.
pub(crate) fn run<T: Target>(
    store: &Store,
    sheet: &Sheet,
    target: &mut T,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary> {
    let table = T::R::TABLE;
    let columns = table.columns;
    let mapping = Mapping::new(sheet, columns, T::KIND, T::ALIASES, &options.maps)?;
    let id_at = columns.iter().position(|c| *c == "id");
    let file_has_ids = id_at.is_some_and(|at| mapping.has(at)) && table.has_ids();
    // A file of ids (an export, changes for --update) may leave any column out: a new record
    // missing what it needs is refused row by row.
    if !file_has_ids {
        mapping.require(sheet, columns, T::REQUIRED)?;
    }
    let content: Vec<usize> = (0..columns.len())
        .filter(|&i| !T::NOT_CONTENT.contains(&columns[i]))
        .collect();

    let (mut known_ids, mut known_content) = known(store, &table, id_at, &content, sheet.size())?;

    let mut existing: Option<HashMap<String, Located<T::R>>> = None;
    let mut tx = store.transaction();
    let mut summary = Summary {
        dry_run: options.dry_run,
        ..Summary::default()
    };
    let mut rejected: Vec<Rejected> = Vec::new();
    let mut values: Vec<String> = vec![String::new(); columns.len()];
    let mut escaped = String::new();
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(columns.len());
    let positions: Vec<usize> = (0..columns.len()).collect();
    let mut rows_read = 0u64;
    let headers = sheet.headers.len();
    let mut read_problems: Vec<Problem> = Vec::new();

    sheet.each_row(
        &mut |line, cells| {
            rows_read += 1;
            let reject = |rejected: &mut Vec<Rejected>, field: Option<&str>, message: String| {
                rejected.push(Rejected {
                    problem: Problem::at(&sheet.name, Some(line), field, message),
                    cells: cells.to_vec(),
                })
            };
            if cells.len() < headers || (headers..cells.len()).any(|i| !cells.get(i).trim().is_empty()) {
                let message = t!("import.cell_count", found = cells.len(), expected = headers).into_owned();
                reject(&mut rejected, None, message);
                return Ok(());
            }
            mapping.fill(&cells, &mut values);

            // A row naming a record already in the data: skipped, or (--update) applied to it.
            let id = id_at.map(|at| values[at].trim().to_string()).unwrap_or_default();
            let updating = if file_has_ids && !id.is_empty() && known_ids.contains(&id_key(&id)) {
                if !options.update {
                    summary.skipped += 1;
                    return Ok(());
                }
                let existing = match &mut existing {
                    Some(existing) => existing,
                    None => existing.insert(
                        store
                            .read_located::<T::R>(None, None)?
                            .into_iter()
                            .map(|l| (l.record.id().to_ascii_lowercase(), l))
                            .collect(),
                    ),
                };
                let Some(old) = existing.get(&id.to_ascii_lowercase()) else {
                    // Another id of the same hash: a new record after all (not worth a path).
                    let message = t!("import.id_twice", id = id).into_owned();
                    reject(&mut rejected, Some("id"), message);
                    return Ok(());
                };
                // Columns the file does not have keep their values.
                for (at, old_value) in old.record.encode().into_iter().enumerate() {
                    if !mapping.has(at) {
                        values[at] = old_value;
                    }
                }
                Some(old)
            } else {
                None
            };

            if let Err((field, message)) = target.prepare(&mut values, line) {
                reject(&mut rejected, Some(field), message);
                return Ok(());
            }
            escaped.clear();
            bounds.clear();
            for value in &values {
                let start = escaped.len();
                escaped.push_str(&csvfile::escape(value));
                bounds.push((start, escaped.len()));
            }
            let row = Row {
                file: &sheet.name,
                line,
                record: Fields::from_parts(escaped.as_bytes(), &bounds),
                positions: &positions,
            };
            let record = match T::R::decode(&row) {
                Ok(record) => record,
                Err(problem) => {
                    rejected.push(Rejected {
                        problem,
                        cells: cells.to_vec(),
                    });
                    return Ok(());
                }
            };
            if let Err((field, message)) = target.check(&record) {
                reject(&mut rejected, Some(field), message);
                return Ok(());
            }
            if let Some(old) = updating {
                if old.record.encode() != record.encode() {
                    tx.update(old, &record)?;
                    target.update_companions(&old.record, &record, &mut tx)?;
                    summary.updated += 1;
                } else {
                    summary.skipped += 1;
                }
                return Ok(());
            }
            // The record as it will be stored: a row's `电话` is stored as `phone`.
            let fields = record.encode();
            let hash = content_hash(content.iter().map(|&i| csvfile::escape(&fields[i])));
            if !known_content.insert(hash) || target.same_as(&record, file_has_ids && !id.is_empty()).is_some() {
                summary.skipped += 1;
                return Ok(());
            }
            // Ids in the data and in the file so far are all in `known_ids`.
            if table.has_ids() && !known_ids.insert(id_key(record.id())) {
                let message = t!("import.id_twice", id = record.id()).into_owned();
                reject(&mut rejected, Some("id"), message);
                return Ok(());
            }
            tx.append_encoded::<T::R>(record.id(), record.date(), &fields)?;
            target.companions(&record, &mut tx)?;
            summary.added += 1;
            Ok(())
        },
        &mut |problem| read_problems.push(problem),
        &mut |at| progress(Progress::Read(at)),
    )?;
    progress(Progress::Read(sheet.size()));
    rejected.extend(read_problems.into_iter().map(|problem| Rejected {
        problem,
        cells: Vec::new(),
    }));
    if rows_read == 0 && rejected.is_empty() {
        let message = t!("import.no_rows").into_owned();
        return Err(Error::import(Problem::at(&sheet.name, None, None, message)));
    }
    finish(sheet, tx, summary, rejected, options)
}

/// What is in the data already: the ids (hashed: a million of them) and the content of every
/// record of `table`, in sets with room for about as many more as the file has rows (one per
/// 100 bytes of CSV), rather than grown a million entries long step by step.
fn known(
    store: &Store,
    table: &TableSpec,
    id_at: Option<usize>,
    content: &[usize],
    file_size: u64,
) -> Result<(FastSet<u64>, FastSet<u64>)> {
    let mut ids: FastSet<u64> = FastSet::default();
    let mut contents: FastSet<u64> = FastSet::default();
    let expected = (file_size / 100).min(10_000_000) as usize;
    ids.reserve(expected);
    contents.reserve(expected);
    store.each_row(table, None, None, &mut |row| {
        if let Some(at) = id_at.filter(|_| table.has_ids()) {
            ids.insert(id_key(row.raw_at(at)));
        }
        contents.insert(content_hash(content.iter().map(|&i| row.raw_at(i))));
        Ok(())
    })?;
    Ok((ids, contents))
}

/// Ends an import whose rows are all read: refused whole when a row is bad (unless
/// `--skip-invalid`, which sets the bad rows aside in a file), counted only for `--dry-run`,
/// else written.
fn finish(
    sheet: &Sheet,
    tx: Transaction<'_>,
    mut summary: Summary,
    mut rejected: Vec<Rejected>,
    options: &Options,
) -> Result<Summary> {
    rejected.sort_by_key(|r| r.problem.line);
    if !rejected.is_empty() && !options.skip_invalid {
        return Err(too_many(rejected.into_iter().map(|r| r.problem).collect()));
    }
    summary.rejected = rejected.len();
    if options.dry_run {
        return Ok(summary);
    }
    if !rejected.is_empty() {
        summary.rejects_file = Some(write_rejects(sheet, &rejected)?);
    }
    tx.commit()?;
    Ok(summary)
}

/// The error for bad rows: the first [`PROBLEMS_SHOWN`], then how many more.
pub fn too_many(mut problems: Vec<Problem>) -> Error {
    let more = problems.len().saturating_sub(PROBLEMS_SHOWN);
    problems.truncate(PROBLEMS_SHOWN);
    if more > 0 {
        let file = problems[0].file.clone();
        let last = Problem::at(file, None, None, t!("import.more_problems", count = more).into_owned());
        problems.push(last);
    }
    Error::Import(problems)
}

/// An id's hash, ignoring ASCII case, as ids are compared.
fn id_key(id: &str) -> u64 {
    let mut hasher = Xxh3Builder::new().build();
    for chunk in id.as_bytes().chunks(32) {
        let mut lower = [0u8; 32];
        lower[..chunk.len()].copy_from_slice(chunk);
        lower[..chunk.len()].make_ascii_lowercase();
        hasher.update(&lower[..chunk.len()]);
    }
    hasher.digest()
}

/// The hash of a record's content: its fields as stored, in order.
fn content_hash<S: AsRef<str>>(fields: impl Iterator<Item = S>) -> u64 {
    let mut hasher = Xxh3Builder::new().build();
    for field in fields {
        hasher.update(field.as_ref().as_bytes());
        hasher.update(&[0x1F]);
    }
    hasher.digest()
}

/// Writes the rejected rows, unchanged, with a `reason` column, beside the imported file:
/// `FILE.rejected.csv`, replaced atomically.
fn write_rejects(sheet: &Sheet, rejected: &[Rejected]) -> Result<PathBuf> {
    let source = sheet.name.split('[').next().unwrap_or(&sheet.name);
    let path = if source == "-" {
        PathBuf::from("stdin.rejected.csv") // i18n: not a message
    } else {
        PathBuf::from(format!("{source}.rejected.csv")) // i18n: not a message
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = sheet.headers.clone();
    header.push(t!("import.reason_column").into_owned());
    let failed = |e: csv::Error| Error::io(&path, std::io::Error::other(e));
    writer.write_record(&header).map_err(failed)?;
    for row in rejected {
        let mut cells = row.cells.clone();
        cells.resize(sheet.headers.len().max(cells.len()), String::new());
        cells.push(row.problem.to_string());
        writer.write_record(&cells).map_err(failed)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    std::io::Write::write_all(&mut temp, &bytes).map_err(|e| Error::io(&path, e))?;
    temp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
    Ok(path)
}
