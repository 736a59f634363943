//! `.cs/merge-notes.csv`: the records the merge driver settled without a person (changed in
//! both clones), with the version it set aside, for `cs check` to mention.
//!
//! The file lives in the data directory's state folder, which git ignores: the notes belong
//! to the clone where the merge happened. It is only ever appended to; a person deletes it
//! once the notes are read. Nothing here decides anything about a merge.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::store::lock::STATE_DIR;
use crate::store::merge::{Rule, Settled};

/// The notes file, relative to the data directory.
pub const NOTES_FILE: &str = ".cs/merge-notes.csv";

/// The columns of the notes file.
// i18n: not a message (a CSV header)
const COLUMNS: [&str; 6] = ["merged", "file", "id", "rule", "kept", "other"];

/// One settled record, as read back from the notes file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// When the merge happened (RFC 3339).
    pub merged: String,
    /// The table file, relative to the data directory.
    pub file: String,
    /// The record's id.
    pub id: String,
    /// How it was settled.
    pub rule: Rule,
    /// The line kept.
    pub kept: String,
    /// The line set aside; empty when the other side had deleted the record.
    pub other: String,
}

impl Rule {
    /// The name written in the notes file.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Later => "later",
            Rule::Tie => "tie",
            Rule::ChangedOverDeleted => "changed_over_deleted",
        }
    }

    fn parse(code: &str) -> Option<Rule> {
        [Rule::Later, Rule::Tie, Rule::ChangedOverDeleted]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// Adds the records settled in `file` (relative to the data directory at `root`) at `merged`.
pub fn append(root: &Path, merged: &str, file: &str, settled: &[Settled]) -> Result<()> {
    if settled.is_empty() {
        return Ok(());
    }
    let path = root.join(NOTES_FILE);
    fs::create_dir_all(root.join(STATE_DIR)).map_err(|e| Error::io(root.join(STATE_DIR), e))?;
    let new = !path.exists();
    let mut writer = csv::Writer::from_writer(Vec::new());
    if new {
        writer.write_record(COLUMNS).expect("writing CSV to memory");
    }
    for s in settled {
        writer
            .write_record([
                merged,
                file,
                &s.id,
                s.rule.code(),
                &s.kept,
                s.other.as_deref().unwrap_or_default(),
            ])
            .expect("writing CSV to memory");
    }
    let bytes = writer.into_inner().expect("flushing CSV to memory");
    // One write in append mode: two merges writing at once do not mix their lines.
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(&bytes))
        .map_err(|e| Error::io(&path, e))
}

/// Every note of the data directory at `root`, oldest first; none when there is no file.
/// Lines that cannot be read are skipped: the notes only inform.
pub fn read(root: &Path) -> Result<Vec<Note>> {
    let path = root.join(NOTES_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes.as_slice());
    Ok(reader
        .records()
        .flatten()
        .filter_map(|r| {
            Some(Note {
                merged: r.get(0)?.to_string(),
                file: r.get(1)?.to_string(),
                id: r.get(2)?.to_string(),
                rule: Rule::parse(r.get(3)?)?,
                kept: r.get(4)?.to_string(),
                other: r.get(5)?.to_string(),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_appended_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let settled = Settled {
            id: "C-1".into(),
            rule: Rule::Later,
            kept: "C-1,\"a, b\"".into(),
            other: Some("C-1,c".into()),
        };
        append(
            dir.path(),
            "2026-11-29T09:30:00+08:00",
            "customers.csv",
            std::slice::from_ref(&settled),
        )
        .unwrap();
        append(dir.path(), "2026-11-30T09:30:00+08:00", "customers.csv", &[settled]).unwrap();
        let notes = read(dir.path()).unwrap();
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].kept, "C-1,\"a, b\"");
        assert_eq!(notes[1].merged, "2026-11-30T09:30:00+08:00");
        assert!(read(&dir.path().join("none")).unwrap().is_empty());
    }
}
