//! `label_jobs.csv` (one file: jobs are few), `label_history/YYYY-MM.csv` (by the month of the
//! action, appended to only) and the design files in `labels/<job id>/`: how a [`LabelJob`]
//! and a [`LabelEvent`] are stored, both ways, the columns of the jobs index, and the only
//! code that copies design files into the data directory.
//!
//! Design files are placed so that a failure leaves nothing half copied: every file is
//! copied into a staging folder inside `labels/` first (the same file system, so the moves
//! that follow are renames), and only then moved into place; the caller commits the record
//! change after, and undoes the placing if that fails.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use crate::columns;
use crate::error::{Error, Problem, Result};
use crate::model::label::{LabelEvent, LabelJob, format_vendors, parse_vendors};
use crate::store::Store;
use crate::store::index::{Indexed, Kind, Value, day_number};
use crate::store::lock::STATE_DIR;
use crate::store::table::{Partition, Record, Row, TableSpec, format_date, format_time, join_list, split_list};
use crate::store::transaction::Transaction;

columns! {
    /// The columns of `label_jobs.csv`.
    pub enum LabelCol {
        Id = "id", Customer = "customer", Order = "order", Spec = "spec", Quantity = "quantity",
        Due = "due", Status = "status", Designer = "designer", ApprovedBy = "approved_by",
        Vendors = "vendors", Files = "files", Updated = "updated",
    }
}

columns! {
    /// The columns of a label history file.
    pub enum LabelEventCol {
        Job = "job", At = "at", By = "by", Action = "action", FromStatus = "from_status",
        ToStatus = "to_status", Vendor = "vendor", Files = "files", Text = "text",
    }
}

/// The label jobs table: one file, `label_jobs.csv`.
pub const TABLE: TableSpec = TableSpec {
    name: "label_jobs",
    record_name: "label_job",
    id_prefix: "L-",
    id_chars: 10,
    columns: LabelCol::NAMES,
    partition: Partition::Single,
};

/// The history of every action on a label job: one file per month of the action, only ever
/// appended to.
pub const HISTORY: TableSpec = TableSpec {
    name: "label_history",
    record_name: "label_action",
    id_prefix: "",
    id_chars: 0,
    columns: LabelEventCol::NAMES,
    partition: Partition::Monthly,
};

/// The directory holding every job's design files.
pub const DESIGNS_DIR: &str = "labels";

impl LabelJob {
    /// The value of a column as text, as it is written in the file.
    pub fn field(&self, column: LabelCol) -> Cow<'_, str> {
        use LabelCol as C;
        match column {
            C::Id => Cow::Borrowed(&self.id),
            C::Customer => Cow::Borrowed(&self.customer),
            C::Order => Cow::Borrowed(&self.order),
            C::Spec => Cow::Borrowed(&self.spec),
            C::Quantity => self.quantity.map_or(Cow::Borrowed(""), |q| Cow::Owned(q.to_string())),
            C::Due => self.due.map_or(Cow::Borrowed(""), |d| Cow::Owned(format_date(d))),
            C::Status => Cow::Borrowed(self.status.as_str()),
            C::Designer => Cow::Borrowed(&self.designer),
            C::ApprovedBy => Cow::Borrowed(&self.approved_by),
            C::Vendors => Cow::Owned(format_vendors(&self.vendors)),
            C::Files => Cow::Owned(join_list(&self.files)),
            C::Updated => Cow::Owned(format_time(&self.updated)),
        }
    }
}

impl Record for LabelJob {
    const TABLE: TableSpec = TABLE;

    fn decode(row: &Row<'_>) -> Result<Self, Problem> {
        use LabelCol as C;
        Ok(LabelJob {
            id: row.required(C::Id)?,
            customer: row.required(C::Customer)?,
            order: row.string(C::Order),
            spec: row.string(C::Spec),
            quantity: row.parse_optional(C::Quantity)?,
            due: row.optional_date(C::Due)?,
            status: row.parse(C::Status)?,
            designer: row.optional(C::Designer).unwrap_or_default(),
            approved_by: row.optional(C::ApprovedBy).unwrap_or_default(),
            vendors: parse_vendors(&row.text(C::Vendors)).map_err(|m| row.problem(C::Vendors, m))?,
            files: split_list(&row.text(C::Files)),
            updated: row.time(C::Updated)?,
        })
    }

    fn encode(&self) -> Vec<String> {
        LabelCol::ALL.iter().map(|&c| self.field(c).into_owned()).collect()
    }

    fn id(&self) -> &str {
        &self.id
    }
}

/// The columns of the label jobs index: finding a job and listing jobs without reading
/// `label_jobs.csv`.
pub mod key {
    use crate::store::index::{KEY_BASE, Kind};

    /// The job's id.
    pub const ID: usize = KEY_BASE;
    /// The customer's id.
    pub const CUSTOMER: usize = KEY_BASE + 1;
    /// The status, as its position in `LabelStatus::ALL`.
    pub const STATUS: usize = KEY_BASE + 2;
    /// The due day as a day number, or [`NO_DAY`].
    pub const DUE: usize = KEY_BASE + 3;
    /// The `vendors` field as written (`jinhua:sent;kuaiyin:received`).
    pub const VENDORS: usize = KEY_BASE + 4;
    /// The value of the due column for a job with no due day.
    pub const NO_DAY: i32 = i32::MIN;

    /// Their kinds, in order.
    pub const KINDS: &[Kind] = &[Kind::Str, Kind::Str, Kind::U8, Kind::I32, Kind::Str];
}

impl Indexed for LabelJob {
    const KEYS: &'static [Kind] = key::KINDS;

    fn keys(&self, push: &mut dyn FnMut(&[Value<'_>])) {
        let vendors = format_vendors(&self.vendors);
        push(&[
            Value::Str(&self.id),
            Value::Str(&self.customer),
            Value::U8(self.status.code()),
            Value::I32(self.due.map_or(key::NO_DAY, day_number)),
            Value::Str(&vendors),
        ]);
    }
}

/// The columns of the label job history index: the job and the time, so that a writer can
/// tell a history file it can read from one it cannot before appending to it.
impl Indexed for LabelEvent {
    const KEYS: &'static [Kind] = &[Kind::Str, Kind::I64];

    fn keys(&self, push: &mut dyn FnMut(&[Value<'_>])) {
        push(&[Value::Str(&self.job), Value::I64(self.at.timestamp())]);
    }
}

impl LabelEvent {
    /// The value of a column as text, as it is written in the file.
    pub fn field(&self, column: LabelEventCol) -> Cow<'_, str> {
        use LabelEventCol as C;
        match column {
            C::Job => Cow::Borrowed(&self.job),
            C::At => Cow::Owned(format_time(&self.at)),
            C::By => Cow::Borrowed(&self.by),
            C::Action => Cow::Borrowed(self.action.as_str()),
            C::FromStatus => Cow::Borrowed(self.from_status.as_str()),
            C::ToStatus => Cow::Borrowed(self.to_status.as_str()),
            C::Vendor => Cow::Borrowed(&self.vendor),
            C::Files => Cow::Owned(join_list(&self.files)),
            C::Text => Cow::Borrowed(&self.text),
        }
    }
}

impl Record for LabelEvent {
    const TABLE: TableSpec = HISTORY;

    fn decode(row: &Row<'_>) -> Result<Self, Problem> {
        use LabelEventCol as C;
        Ok(LabelEvent {
            job: row.required(C::Job)?,
            at: row.time(C::At)?,
            by: row.required(C::By)?,
            action: row.parse(C::Action)?,
            from_status: row.parse(C::FromStatus)?,
            to_status: row.parse(C::ToStatus)?,
            vendor: row.optional(C::Vendor).unwrap_or_default(),
            files: split_list(&row.text(C::Files)),
            text: row.string(C::Text),
        })
    }

    fn encode(&self) -> Vec<String> {
        LabelEventCol::ALL.iter().map(|&c| self.field(c).into_owned()).collect()
    }

    /// History lines have no id of their own: many share their job's.
    fn id(&self) -> &str {
        ""
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        Some(self.at.date_naive())
    }
}

/// A job's design folder, relative to the data directory.
pub fn design_dir(job: &str) -> PathBuf {
    Path::new(DESIGNS_DIR).join(job)
}

/// The names of the files in a job's design folder, sorted; none when it has no folder.
pub fn design_files(store: &Store, job: &str) -> Result<Vec<String>> {
    let dir = store.root().join(design_dir(job));
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        if entry.file_type().map_err(|e| Error::io(entry.path(), e))?.is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Whether `path` (given by the user, outside the data directory) is a file that can be read.
pub fn is_readable_file(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Design files copied into a staging folder, `labels/<job>.cs-tmp/`, that the transaction
/// recording them puts in place ([`StagedDesign::add_to`]): the files and the record change
/// happen together, even if the process is killed, so no record names a file that is not
/// there and no file is left that no record names.
#[derive(Debug)]
#[must_use = "add the files to the transaction, then discard the staging folder"]
pub struct StagedDesign {
    /// The staging folder, absolute.
    staging: PathBuf,
    /// Each file's place (relative to the data directory) and its staged copy (absolute).
    files: Vec<(PathBuf, PathBuf)>,
}

impl StagedDesign {
    /// Has `tx` move every staged file into the job's folder when it commits.
    pub fn add_to(&self, tx: &mut Transaction<'_>) {
        for (file, staged) in &self.files {
            tx.move_into(file.clone(), staged.clone());
        }
    }

    /// Removes the staging folder: after the commit it is empty; after a failure it holds
    /// every file, and the job's folder is as it was. A commit that failed after writing its
    /// journal is finished by the next command, from these files: they are left for it.
    pub fn discard(self) {
        let Some(root) = self.staging.parent().and_then(Path::parent) else {
            return;
        };
        if root.join(STATE_DIR).join("journal").exists() {
            return;
        }
        // Best effort: a folder left behind is ignored by git and cleared by the next design.
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Copies `sources` (each with the name it gets in `labels/<job>/`) into a staging folder,
/// complete and flushed, for [`StagedDesign::add_to`]. Any failure removes what was copied.
/// The names must be new to the job's folder (the caller checks; a file found there anyway is
/// an error).
pub fn stage_design(store: &Store, job: &str, sources: &[(PathBuf, String)]) -> Result<StagedDesign> {
    let root = store.root();
    let dir = design_dir(job);
    // `*.cs-tmp` is in the data directory's .gitignore: a staging folder a crash left behind
    // is never committed, and the next design of the job clears it.
    let staging = root.join(DESIGNS_DIR).join(format!("{job}.cs-tmp"));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    let staged = StagedDesign {
        staging: staging.clone(),
        files: sources
            .iter()
            .map(|(_, name)| (dir.join(name), staging.join(name)))
            .collect(),
    };
    let copied = (|| -> Result<()> {
        for ((source, name), (file, _)) in sources.iter().zip(&staged.files) {
            let target = staging.join(name);
            if root.join(file).exists() {
                return Err(Error::io(root.join(file), std::io::ErrorKind::AlreadyExists.into()));
            }
            fs::copy(source, &target).map_err(|e| Error::io(source, e))?;
            fs::File::open(&target)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io(&target, e))?;
        }
        Ok(())
    })();
    if let Err(e) = copied {
        staged.discard();
        return Err(e);
    }
    // For `[git] autocommit`: the folder is committed with the record change that names it.
    store.note_written(&dir);
    Ok(staged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::label::{Action, LabelStatus, VendorProgress, VendorState};
    use crate::model::settings::SETTINGS_FILE;
    use crate::model::settings_edit::template;
    use crate::store::lock::LockKind;

    fn job() -> LabelJob {
        LabelJob {
            id: "L-0123456789".into(),
            customer: "C-1".into(),
            order: "SO-1".into(),
            spec: "烫金 \"LOGO\", 金色\n第二行".into(),
            quantity: Some(1200),
            due: "2026-12-10".parse().ok(),
            status: LabelStatus::InProduction,
            designer: "wang".into(),
            approved_by: "zheng".into(),
            vendors: vec![VendorProgress {
                vendor: "jinhua".into(),
                state: VendorState::Sent,
            }],
            files: vec!["front.svg".into(), "说明.txt".into()],
            updated: chrono::DateTime::parse_from_rfc3339("2026-11-29T09:30:00+08:00").unwrap(),
        }
    }

    #[test]
    fn jobs_and_history_survive_the_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(SETTINGS_FILE), template("x", crate::i18n::Lang::En)).unwrap();
        let store = Store::open(dir.path(), LockKind::Exclusive, &|_| {}).unwrap();
        let event = LabelEvent {
            job: job().id,
            at: job().updated,
            by: "wang".into(),
            action: Action::Design,
            from_status: LabelStatus::Requested,
            to_status: LabelStatus::Designed,
            vendor: String::new(),
            files: job().files,
            text: "第一版".into(),
        };
        let mut tx = store.transaction();
        tx.append(&[job()]).unwrap();
        tx.append(std::slice::from_ref(&event)).unwrap();
        tx.commit().unwrap();
        assert_eq!(store.read::<LabelJob>().unwrap(), vec![job()]);
        assert_eq!(store.read::<LabelEvent>().unwrap(), vec![event]);
        assert!(dir.path().join("label_history/2026-11.csv").is_file());
    }

    #[test]
    fn a_design_is_put_in_place_by_the_transaction_that_records_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(SETTINGS_FILE), template("x", crate::i18n::Lang::En)).unwrap();
        let store = Store::open(dir.path(), LockKind::Exclusive, &|_| {}).unwrap();
        let source = dir.path().join("front.svg");
        fs::write(&source, "<svg/>").unwrap();
        let staged = stage_design(&store, "L-1", &[(source.clone(), "front.svg".into())]).unwrap();
        // Nothing is in the job's folder until the change commits.
        assert!(design_files(&store, "L-1").unwrap().is_empty());
        let mut tx = store.transaction();
        staged.add_to(&mut tx);
        tx.append(&[job()]).unwrap();
        tx.commit().unwrap();
        staged.discard();
        assert_eq!(design_files(&store, "L-1").unwrap(), ["front.svg"]);
        assert!(!dir.path().join("labels/L-1.cs-tmp").exists());
        // One missing source, or a name already taken, stages nothing.
        let missing = dir.path().join("missing.svg");
        let refused = stage_design(
            &store,
            "L-1",
            &[(source.clone(), "v2.svg".into()), (missing, "v3.svg".into())],
        );
        assert!(refused.is_err());
        assert!(stage_design(&store, "L-1", &[(source, "front.svg".into())]).is_err());
        assert_eq!(design_files(&store, "L-1").unwrap(), ["front.svg"]);
        assert!(!dir.path().join("labels/L-1.cs-tmp").exists());
    }
}
