//! Changes to the data directory that happen together or not at all: records appended to
//! their table's files (in each file's own column order and line ends), single lines replaced
//! with every other line kept byte for byte, and whole files rewritten, all handed to the
//! journal at commit.

use std::collections::HashMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::index::{FileIndex, Indexed};
use super::journal::Changes;
use super::lock::LockKind;
use super::table::{Month, Partition, Record};
use super::{Located, SETTINGS_FILE, Store, UTF8_BOM, csvfile};
use crate::error::{Error, Problem, Result};

/// How many ids of the records a transaction writes are kept to name the change.
const MAX_IDS_KEPT: usize = 20;

impl Store {
    /// How an existing file's header lines up with `columns` (read from its first line only);
    /// `None` for a missing file.
    fn layout(&self, file: &Path, columns: &[&str]) -> Result<Option<FileLayout>> {
        let path = self.root.join(file);
        let mut first_line = Vec::new();
        match fs::File::open(&path) {
            Ok(f) => {
                use std::io::BufRead;
                std::io::BufReader::new(f)
                    .read_until(b'\n', &mut first_line)
                    .map_err(|e| Error::io(&path, e))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path, e)),
        }
        let order = csvfile::header_order(&first_line, columns)
            .map_err(|message| Error::Data(Problem::at(self.display(file), Some(1), None, message)))?;
        Ok(Some(FileLayout {
            order,
            crlf: first_line.ends_with(b"\r\n"),
        }))
    }

    /// Starts a change; it happens when [`Transaction::commit`] is called.
    pub fn transaction(&self) -> Transaction<'_> {
        Transaction {
            store: self,
            changes: Changes::default(),
            layouts: HashMap::new(),
            targets: HashMap::new(),
            splices: HashMap::new(),
            ids: Vec::new(),
        }
    }
}

/// How an existing file is laid out, so that what `cs` writes into it matches.
#[derive(Debug, Clone)]
struct FileLayout {
    /// The file's column order, when it differs from `cs`'s (see [`csvfile::header_order`]).
    order: Option<Vec<usize>>,
    /// Whether its lines end with CRLF.
    crlf: bool,
}

/// A file records are appended to, its layout, its header (for a new file), the lines
/// appended to it so far, handed to the journal at commit, and the check that the file can be
/// read before anything is added to it.
type Target = (PathBuf, Option<FileLayout>, Vec<u8>, Vec<u8>, Readable);

/// Whether a table's file (of a month) can be read whole: an error naming its first problem.
type Readable = fn(&Store, Option<Month>) -> Result<()>;

/// The [`Readable`] check of the files of `R`, through their index: a file `cs` wrote and
/// indexed is not read again; one changed by hand or by a merge is read whole, once.
fn readable<R: Indexed>(store: &Store, month: Option<Month>) -> Result<()> {
    FileIndex::<R>::load_columns(store, month, Some(&[]))?.check()
}

/// One line of a file to replace: its byte range and the new line (`None` removes it).
type Splice = (Range<usize>, Option<Vec<u8>>);

/// A set of changes to the data directory that happen together or not at all.
#[derive(Debug)]
pub struct Transaction<'s> {
    store: &'s Store,
    changes: Changes,
    /// Each written-to file's layout, read once per file (`None`: the file does not exist).
    layouts: HashMap<PathBuf, Option<FileLayout>>,
    /// The file and layout records of a table and month are appended to, found without
    /// building the file's path (an import appends a million records).
    targets: HashMap<(&'static str, Option<Month>), Target>,
    /// Lines to replace in existing files, by file.
    splices: HashMap<PathBuf, Vec<Splice>>,
    /// The ids of the records added or changed.
    ids: Vec<String>,
}

impl Transaction<'_> {
    /// The layout of `file`, read once.
    fn layout_of(&mut self, file: &Path, columns: &[&str]) -> Result<Option<FileLayout>> {
        if !self.layouts.contains_key(file) {
            let layout = self.store.layout(file, columns)?;
            self.layouts.insert(file.to_path_buf(), layout);
        }
        Ok(self.layouts[file].clone())
    }

    /// One record's fields as a line of a file laid out as `layout`: in the file's own column
    /// order (a user may have rearranged the header) and with its line ends (a file saved by
    /// Excel keeps CRLF).
    fn encode_line(layout: Option<&FileLayout>, fields: &[String]) -> Vec<u8> {
        let mut line = match layout.and_then(|l| l.order.as_ref()) {
            Some(order) => csvfile::encode_line(order.iter().map(|&i| fields[i].as_str())),
            None => csvfile::encode_line(fields.iter().map(String::as_str)),
        };
        if layout.is_some_and(|l| l.crlf) {
            line.pop();
            line.extend_from_slice(b"\r\n");
        }
        line
    }

    /// One record as a line of `file` (see [`Transaction::encode_line`]).
    fn line_for<R: Record>(&mut self, file: &Path, record: &R) -> Result<Vec<u8>> {
        let layout = self.layout_of(file, R::TABLE.columns)?;
        Ok(Self::encode_line(layout.as_ref(), &record.encode()))
    }

    /// Adds records at the end of their table (their month's file, for a monthly table).
    pub fn append<R: Indexed>(&mut self, records: &[R]) -> Result<()> {
        for record in records {
            self.append_encoded::<R>(record.id(), record.date(), &record.encode())?;
        }
        Ok(())
    }

    /// Adds one record given as its id, date and fields ([`Record::encode`]), for a caller
    /// that has encoded it already.
    pub fn append_encoded<R: Indexed>(&mut self, id: &str, date: Option<NaiveDate>, fields: &[String]) -> Result<()> {
        // The ids name the change in a commit message: a few are enough.
        if R::TABLE.has_ids() && self.ids.len() < MAX_IDS_KEPT {
            self.ids.push(id.to_string());
        }
        let month = match R::TABLE.partition {
            Partition::Single => None,
            Partition::Monthly => date.map(Month::of),
        };
        let key = (R::TABLE.name, month);
        if !self.targets.contains_key(&key) {
            let file = R::TABLE.file(month);
            let layout = self.layout_of(&file, R::TABLE.columns)?;
            let header = csvfile::encode_header(R::TABLE.columns);
            self.targets
                .insert(key, (file, layout, header, Vec::new(), readable::<R>));
        }
        let Some((_, layout, _, lines, _)) = self.targets.get_mut(&key) else {
            unreachable!("inserted above");
        };
        lines.extend_from_slice(&Self::encode_line(layout.as_ref(), fields));
        Ok(())
    }

    /// Replaces one record's line with `new`, leaving every other line of the file byte for
    /// byte as it was. A record whose date moved to another month leaves its old month's file
    /// and is appended to the new one.
    pub fn update<R: Indexed>(&mut self, old: &Located<R>, new: &R) -> Result<()> {
        let old_file = R::TABLE.file(old.month);
        let new_month = match R::TABLE.partition {
            Partition::Single => None,
            Partition::Monthly => new.date().map(Month::of),
        };
        if new_month != old.month {
            self.splices.entry(old_file).or_default().push((old.span.clone(), None));
            return self.append(std::slice::from_ref(new));
        }
        if R::TABLE.has_ids() {
            self.ids.push(new.id().to_string());
        }
        let line = self.line_for(&old_file, new)?;
        self.splices
            .entry(old_file)
            .or_default()
            .push((old.span.clone(), Some(line)));
        Ok(())
    }

    /// Takes the bytes `span` (one whole line, from [`Located::span`] or a line that cannot be
    /// read) out of `file`, leaving every other line byte for byte as it was.
    pub fn remove_line(&mut self, file: PathBuf, span: Range<usize>) {
        self.splices.entry(file).or_default().push((span, None));
    }

    /// Rewrites a table's file (one month's file, for a monthly table) with exactly `records`.
    pub fn replace<R: Record>(&mut self, month: Option<Month>, records: &[R]) {
        let mut bytes = csvfile::encode_header(R::TABLE.columns);
        bytes.extend(csvfile::encode_rows(records.iter().map(Record::encode)));
        // Records appended to the file earlier in the change are replaced with it.
        self.targets
            .retain(|&(table, at), _| table != R::TABLE.name || at != month);
        self.changes.replace(R::TABLE.file(month), bytes);
    }

    /// Rewrites `cs.toml`, in the line endings and with the byte-order mark the file has now,
    /// so a file saved on Windows does not show every line as changed in git.
    pub fn replace_settings(&mut self, text: &str) -> Result<()> {
        let path = self.store.root.join(SETTINGS_FILE);
        let current = fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if current.starts_with(UTF8_BOM) {
            bytes.extend_from_slice(UTF8_BOM);
        }
        if current.windows(2).any(|pair| pair == b"\r\n") {
            bytes.extend_from_slice(text.replace("\r\n", "\n").replace('\n', "\r\n").as_bytes());
        } else {
            bytes.extend_from_slice(text.as_bytes());
        }
        self.changes.replace(PathBuf::from(SETTINGS_FILE), bytes);
        Ok(())
    }

    /// Puts a file written beforehand (`staged`, absolute, in the data directory) in place as
    /// `file` when the change is committed, together with the rest of it.
    pub fn move_into(&mut self, file: PathBuf, staged: PathBuf) {
        self.changes.move_into(file, staged);
    }

    /// Writes everything, atomically as a whole.
    pub fn commit(mut self) -> Result<()> {
        assert_eq!(self.store.kind, LockKind::Exclusive, "writes need the exclusive lock");
        // No record goes into a file that cannot be read: it would hide among lines a person
        // must fix first, and `cs check --fix` may set the file's last line aside.
        for (&(_, month), (.., readable)) in &self.targets {
            readable(self.store, month)?;
        }
        for (file, _, header, lines, _) in std::mem::take(&mut self.targets).into_values() {
            self.changes.append(&file, || header, &lines);
        }
        for (file, mut splices) in std::mem::take(&mut self.splices) {
            // The lock has been held since the records were read, so the ranges still fit.
            let bytes = self
                .store
                .read_bytes(&file)?
                .ok_or_else(|| Error::io(self.store.root.join(&file), std::io::ErrorKind::NotFound.into()))?;
            splices.sort_by_key(|(range, _)| range.start);
            let mut content = Vec::with_capacity(bytes.len());
            let mut at = 0;
            for (range, line) in splices {
                content.extend_from_slice(&bytes[at..range.start]);
                if let Some(line) = line {
                    content.extend_from_slice(&line);
                }
                at = range.end;
            }
            content.extend_from_slice(&bytes[at..]);
            self.changes.rewrite(file, content);
        }
        let files: Vec<PathBuf> = self.changes.files().map(Path::to_path_buf).collect();
        self.changes.commit(&self.store.root)?;
        if let Some(log) = &self.store.log {
            let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
            log.files.extend(files);
            log.ids.extend(self.ids);
        }
        Ok(())
    }
}
