//! The one door to the disk: finding the data directory, locking it, reading and writing the
//! settings and every record table.
//!
//! Nothing outside this module opens a data file. Reads never change a file; writes go through
//! a [`Transaction`], which the exclusive lock and the journal make atomic as a whole. A file
//! that cannot be read is an error naming `file:line`, and nothing is written after it.

pub mod complaints;
pub mod csvfile;
pub mod customer_history;
pub mod customers;
pub mod damage;
pub mod export_file;
pub mod index;
pub mod journal;
pub mod labels;
pub mod lock;
pub mod mapped;
pub mod merge;
pub mod notes;
pub mod records;
pub mod shipments;
pub mod table;
mod transaction;
pub mod visit_summary;
pub mod visits;

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rust_i18n::t;

use crate::error::{Error, Problem, Result};
use crate::model::settings::{SETTINGS_FILE, Settings, format};
use csvfile::UTF8_BOM;
use lock::{DirLock, LockKind};
use table::{Month, Partition, Record, Row, TableSpec};
pub use transaction::Transaction;

/// Every record table, so that `init` and `check` know them all. Later tables are added here.
pub const TABLES: &[TableSpec] = &[
    customers::TABLE,
    customer_history::HISTORY,
    visits::TABLE,
    complaints::TABLE,
    complaints::HISTORY,
    shipments::TABLE,
    shipments::EVENTS,
    labels::TABLE,
    labels::HISTORY,
];

/// A record and where it was read from.
#[derive(Debug, Clone)]
pub struct Located<R> {
    /// The file, as shown to the user.
    pub file: Arc<str>,
    /// The month's partition it was read from (`None` for a single-file table).
    pub month: Option<Month>,
    /// The 1-based line.
    pub line: u64,
    /// The bytes of its line in the file, line break included, so that a change to the record
    /// rewrites that line and no other.
    pub span: Range<usize>,
    /// The record.
    pub record: R,
}

/// What the transactions of one run wrote, for `[git] autocommit` to commit exactly that.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteLog {
    /// The files and folders written, relative to the data directory.
    pub files: BTreeSet<PathBuf>,
    /// The ids of the records added or changed, in the order they were written.
    pub ids: Vec<String>,
}

/// An open data directory, locked for reading or writing.
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
    kind: LockKind,
    _lock: DirLock,
    /// `cs.toml`'s text and its validated settings, read once when the store was opened (the
    /// lock keeps them current, and a command that rewrites cs.toml ends with that write);
    /// `None` for [`Store::open_unvalidated`].
    settings: Option<(String, Settings)>,
    /// The problems of `cs.toml` left out of `settings` for a reader.
    settings_problems: Vec<Problem>,
    /// Whether index files are read and written in `.cs/index/` (else built in memory).
    cache: bool,
    /// Where committed transactions note what they wrote, when someone asked to know.
    log: Option<Arc<Mutex<WriteLog>>>,
    /// The files whose bytes this process read (to index them or to prove an index current),
    /// with their fingerprint then: see [`Store::proven`].
    proven: Mutex<HashMap<PathBuf, index::Fingerprint>>,
}

/// Finds the data directory: `explicit` (from `--data-dir` or `CS_DATA_DIR`) if given, else the
/// nearest of `cwd` and its ancestors that holds `cs.toml`.
pub fn find_data_dir(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return if dir.join(SETTINGS_FILE).is_file() {
            Ok(dir.to_path_buf())
        } else {
            Err(Error::NotDataDir(dir.to_path_buf()))
        };
    }
    if cwd.join(SETTINGS_FILE).is_file() {
        return Ok(PathBuf::from("."));
    }
    cwd.ancestors()
        .skip(1)
        .find(|dir| dir.join(SETTINGS_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::NoDataDir(cwd.to_path_buf()))
}

impl Store {
    /// Opens the data directory at `root` for reading (shared lock) or writing (exclusive
    /// lock), first finishing any change a killed `cs` process left half done. Settings with
    /// problems are an error for a writer; a reader gets what could be read of them, and the
    /// problems in [`Store::settings_problems`], so that it can still answer where they do
    /// not matter. `on_wait` is called if another `cs` process holds the lock and this one
    /// must wait.
    pub fn open(root: impl Into<PathBuf>, kind: LockKind, on_wait: &dyn Fn(Option<&str>)) -> Result<Store> {
        let mut store = Store::open_unvalidated(root, kind, on_wait)?;
        let text = store.settings_text()?;
        let (settings, problems) = Settings::parse_tolerant(&text, &store.display(Path::new(SETTINGS_FILE)));
        match settings {
            Some(settings) if problems.is_empty() || kind == LockKind::Shared => {
                store.settings = Some((text, settings));
                store.settings_problems = problems;
                Ok(store)
            }
            _ => Err(problems_error(problems)),
        }
    }

    /// The problems of `cs.toml` a reader opened the store past (see [`Store::open`]).
    pub fn settings_problems(&self) -> &[Problem] {
        &self.settings_problems
    }

    /// Opens the data directory like [`Store::open`] but leaves the settings unchecked, for
    /// `cs check`, which reports their problems along with everything else.
    pub fn open_unvalidated(root: impl Into<PathBuf>, kind: LockKind, on_wait: &dyn Fn(Option<&str>)) -> Result<Store> {
        let root = root.into();
        if !root.join(SETTINGS_FILE).is_file() {
            return Err(Error::NotDataDir(root));
        }
        // Before the journal is recovered or anything read: a newer format may keep either
        // differently, and is refused whole rather than misread.
        let settings = fs::read(root.join(SETTINGS_FILE)).map_err(|e| Error::io(root.join(SETTINGS_FILE), e))?;
        let declared = format::declared(&String::from_utf8_lossy(
            settings.strip_prefix(UTF8_BOM).unwrap_or(&settings),
        ));
        if let Some(found) = declared.filter(|&found| found > format::FORMAT) {
            return Err(Error::NewerFormat { dir: root, found });
        }
        let table_dirs: Vec<PathBuf> = TABLES
            .iter()
            .filter(|t| t.partition == Partition::Monthly)
            .map(|t| PathBuf::from(t.name))
            .collect();
        let lock = match kind {
            LockKind::Exclusive => {
                let lock = DirLock::acquire(&root, kind, on_wait)?;
                journal::recover(&root, &table_dirs)?;
                lock
            }
            LockKind::Shared => {
                let lock = DirLock::acquire(&root, kind, on_wait)?;
                if root.join(lock::STATE_DIR).join("journal").exists() {
                    lock.release();
                    let exclusive = DirLock::acquire(&root, LockKind::Exclusive, on_wait)?;
                    journal::recover(&root, &table_dirs)?;
                    exclusive.release();
                    DirLock::acquire(&root, kind, on_wait)?
                } else {
                    lock
                }
            }
        };
        Ok(Store {
            settings: None,
            settings_problems: Vec::new(),
            cache: true,
            log: None,
            proven: Mutex::default(),
            root,
            kind,
            _lock: lock,
        })
    }

    /// Turns the index cache on or off; off, every index is built in memory from the files
    /// and nothing is written to `.cs/index/` (`CS_CACHE=off`, to compare or to rule it out).
    pub fn set_cache(&mut self, enabled: bool) {
        self.cache = enabled;
    }

    /// Notes what every committed transaction writes in `log` (for `[git] autocommit`).
    pub fn log_writes_to(&mut self, log: Arc<Mutex<WriteLog>>) {
        self.log = Some(log);
    }

    /// Notes a file or folder written outside a transaction (a label's design files).
    pub fn note_written(&self, file: &Path) {
        if let Some(log) = &self.log {
            log.lock()
                .unwrap_or_else(|e| e.into_inner())
                .files
                .insert(file.to_path_buf());
        }
    }

    /// Notes that this process read `file` (relative to the data directory) as it was when it
    /// had `fingerprint`.
    pub fn note_proven(&self, file: &Path, fingerprint: index::Fingerprint) {
        self.proven
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_path_buf(), fingerprint);
    }

    /// Whether this process read `file` when it had `fingerprint`, which it still has. An
    /// index whose fingerprint was taken too soon after a change to be trusted on its own
    /// (it is "racy") is proven by reading the file; a command that loads the same index twice
    /// (`customer add`: the lookup, then the check before the append) need not read the file
    /// twice. It holds the data directory's lock throughout, so no other `cs` wrote between.
    pub fn proven(&self, file: &Path, fingerprint: index::Fingerprint) -> bool {
        self.proven
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(file)
            .is_some_and(|&proven| proven == fingerprint)
    }

    /// Whether index files are kept in `.cs/index/`.
    pub fn cache_enabled(&self) -> bool {
        self.cache
    }

    /// The data directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How a file of the data directory is named in messages.
    pub fn display(&self, file: &Path) -> String {
        if self.root == Path::new(".") || self.root.as_os_str().is_empty() {
            file.display().to_string()
        } else {
            self.root.join(file).display().to_string()
        }
    }

    /// The text of `cs.toml`.
    pub fn settings_text(&self) -> Result<String> {
        if let Some((text, _)) = &self.settings {
            return Ok(text.clone());
        }
        let path = self.root.join(SETTINGS_FILE);
        let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(&bytes);
        String::from_utf8(bytes.to_vec()).map_err(|_| {
            Error::Data(Problem::at(
                self.display(Path::new(SETTINGS_FILE)),
                None,
                None,
                t!("store.settings_not_utf8"),
            ))
        })
    }

    /// The validated settings.
    pub fn settings(&self) -> Result<Settings> {
        match &self.settings {
            Some((_, settings)) => Ok(settings.clone()),
            None => self.parse_settings(&self.settings_text()?),
        }
    }

    fn parse_settings(&self, text: &str) -> Result<Settings> {
        Settings::parse(text, &self.display(Path::new(SETTINGS_FILE))).map_err(problems_error)
    }

    /// The months a monthly table has files for, oldest first; `[None]` for a single-file table.
    pub fn partitions(&self, table: &TableSpec) -> Result<Vec<Option<Month>>> {
        if table.partition == Partition::Single {
            return Ok(vec![None]);
        }
        let dir = self.root.join(table.name);
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(dir, e)),
        };
        let mut months: Vec<Option<Month>> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".csv").and_then(Month::parse)
            })
            .map(Some)
            .collect();
        months.sort();
        Ok(months)
    }

    /// Reads every record of a table; the first unreadable line is an error.
    pub fn read<R: Record>(&self) -> Result<Vec<R>> {
        Ok(self
            .read_located::<R>(None, None)?
            .into_iter()
            .map(|l| l.record)
            .collect())
    }

    /// Reads the records of the months from `from` to `to` inclusive (every month when `None`);
    /// a single-file table is read whole.
    pub fn read_months<R: Record>(&self, from: Option<Month>, to: Option<Month>) -> Result<Vec<R>> {
        Ok(self
            .read_located::<R>(from, to)?
            .into_iter()
            .map(|l| l.record)
            .collect())
    }

    /// Reads records with where they are, for changing one of them; the first unreadable line,
    /// or an id that appears twice, is an error.
    pub fn read_located<R: Record>(&self, from: Option<Month>, to: Option<Month>) -> Result<Vec<Located<R>>> {
        let mut records = Vec::new();
        let mut first_problem = None;
        // Where each id was first seen, to refuse a table holding one id twice (the trace a git
        // union merge leaves when two clones changed neighbouring lines): acting on either copy
        // would silently lose or resurrect an edit.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for month in self.months_between(&R::TABLE, from, to)? {
            let mut keep = |located: Located<R>| match seen.entry(located.record.id().to_ascii_lowercase()) {
                _ if !R::TABLE.has_ids() => records.push(located),
                Entry::Occupied(first) => {
                    let first: &Located<R> = &records[*first.get()];
                    first_problem.get_or_insert(duplicate_id(&located, &first.file, first.line));
                }
                Entry::Vacant(slot) => {
                    slot.insert(records.len());
                    records.push(located);
                }
            };
            let mut problems = Vec::new();
            self.read_file::<R>(month, &mut keep, &mut |p| problems.push(p))?;
            if let Some(problem) = problems.into_iter().next() {
                first_problem = Some(problem);
            }
            if let Some(problem) = first_problem {
                return Err(Error::Data(problem));
            }
        }
        Ok(records)
    }

    /// The partitions of `table` from `from` to `to` inclusive that have files.
    pub fn months_between(
        &self,
        table: &TableSpec,
        from: Option<Month>,
        to: Option<Month>,
    ) -> Result<Vec<Option<Month>>> {
        Ok(self
            .partitions(table)?
            .into_iter()
            .filter(|m| m.is_none_or(|m| from.is_none_or(|f| m >= f) && to.is_none_or(|t| m <= t)))
            .collect())
    }

    /// Calls `visit` with every row of the months from `from` to `to` (every month when
    /// `None`), oldest month first, without building records: for commands that need a few
    /// columns of many rows. The first unreadable line, or a problem `visit` returns, is an
    /// error. Ids are not checked for duplicates here.
    pub fn each_row(
        &self,
        table: &TableSpec,
        from: Option<Month>,
        to: Option<Month>,
        visit: &mut dyn FnMut(&Row<'_>) -> Result<(), Problem>,
    ) -> Result<()> {
        for month in self.months_between(table, from, to)? {
            self.each_row_of(table, month, visit)?;
        }
        Ok(())
    }

    /// The size in bytes of one file of a table, 0 when it does not exist: cheap to ask, and
    /// it changes with every record appended.
    pub fn file_size(&self, table: &TableSpec, month: Option<Month>) -> Result<u64> {
        let path = self.root.join(table.file(month));
        match fs::metadata(&path) {
            Ok(meta) => Ok(meta.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Calls `visit` with every row of one file of a table, like [`Store::each_row`].
    pub fn each_row_of(
        &self,
        table: &TableSpec,
        month: Option<Month>,
        visit: &mut dyn FnMut(&Row<'_>) -> Result<(), Problem>,
    ) -> Result<()> {
        {
            let file = table.file(month);
            let Some(bytes) = self.read_bytes(&file)? else {
                return Ok(());
            };
            let shown = self.display(&file);
            let first_problem = std::cell::RefCell::new(None);
            csvfile::decode(
                &bytes,
                &shown,
                table.columns,
                |row, _| {
                    if first_problem.borrow().is_none()
                        && let Err(p) = visit(&row)
                    {
                        *first_problem.borrow_mut() = Some(p);
                    }
                },
                |p| {
                    first_problem.borrow_mut().get_or_insert(p);
                },
            )
            .map_err(Error::Data)?;
            if let Some(problem) = first_problem.into_inner() {
                return Err(Error::Data(problem));
            }
        }
        Ok(())
    }

    /// Reads every record of one file of a table that it can, with positions, reporting every
    /// problem instead of stopping at the first (for `cs check`).
    pub fn scan_file<R: Record>(
        &self,
        month: Option<Month>,
        record: &mut dyn FnMut(Located<R>),
        problem: &mut dyn FnMut(Problem),
    ) {
        if let Err(e) = self.read_file::<R>(month, record, problem) {
            problem(match e {
                Error::Data(p) => p,
                other => Problem::at(self.display(&R::TABLE.file(month)), None, None, other.to_string()),
            });
        }
    }

    /// A file's bytes, `None` when it does not exist (a table nobody has written to yet).
    fn read_bytes(&self, file: &Path) -> Result<Option<mapped::FileBytes>> {
        let path = self.root.join(file);
        match mapped::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    fn read_file<R: Record>(
        &self,
        month: Option<Month>,
        record: &mut dyn FnMut(Located<R>),
        problem: &mut dyn FnMut(Problem),
    ) -> Result<()> {
        let file = R::TABLE.file(month);
        let Some(bytes) = self.read_bytes(&file)? else {
            return Ok(());
        };
        let shown: Arc<str> = self.display(&file).into();
        // Both the codec and the record parser report problems through the same callback.
        let problem = std::cell::RefCell::new(problem);
        csvfile::decode(
            &bytes,
            &shown,
            R::TABLE.columns,
            |row, span| match R::decode(&row) {
                Ok(r) => record(Located {
                    file: shown.clone(),
                    month,
                    line: row.line,
                    span,
                    record: r,
                }),
                Err(p) => (problem.borrow_mut())(p),
            },
            |p| (problem.borrow_mut())(p),
        )
        .map(|_| ())
        .map_err(Error::Data)
    }
}

/// The problem of a record whose id was already seen at `file:line`.
pub fn duplicate_id<R: Record>(located: &Located<R>, file: &str, line: u64) -> Problem {
    duplicate_id_at(&located.file, located.line, located.record.id(), file, line)
}

/// The problem of the id `id` at `file:line`, already seen at `first_file:first_line`.
pub fn duplicate_id_at(file: &str, line: u64, id: &str, first_file: &str, first_line: u64) -> Problem {
    let message = if first_file == file {
        t!("store.duplicate_id_same_file", id = id, line = first_line)
    } else {
        t!(
            "store.duplicate_id_other_file",
            id = id,
            file = first_file,
            line = first_line
        )
    };
    Problem::at(file, Some(line), Some("id"), message)
}

fn problems_error(mut problems: Vec<Problem>) -> Error {
    if problems.len() == 1 {
        Error::Data(problems.remove(0))
    } else {
        Error::DataMany(problems)
    }
}

#[cfg(test)]
mod tests;
