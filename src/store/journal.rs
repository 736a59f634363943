//! Writes that change files: atomic replacement, appends, and the intent journal that makes a
//! change to several files all-or-nothing.
//!
//! A change to one file is atomic by itself: an append is one `write` of complete lines, a
//! replacement is a temporary file in the same directory, flushed, then renamed over the old
//! one. A change to several files first writes every new content to temporary files, then
//! writes the journal `.cs/journal` (atomically) listing what goes where, then applies it, then
//! deletes the journal. A command killed before the journal exists leaves only stray temporary
//! files (the change is rolled back); one killed after is finished by the next `cs` command
//! ([`recover`]). Applying a journal twice is harmless: a replacement whose temporary file is
//! gone was done, and an append first cuts the file back to its recorded length.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rust_i18n::t;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::lock::STATE_DIR;

/// The suffix of every temporary file `cs` writes, so stray ones are easy to find and ignore.
pub const TEMP_SUFFIX: &str = ".cs-tmp";
const JOURNAL: &str = "journal";

/// One file change in a transaction, with paths relative to the data directory.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// Add these bytes (complete lines) at the end of the file; `header` is written first if the
    /// file does not exist yet.
    Append { header: Vec<u8>, bytes: Vec<u8> },
    /// Replace the whole file with these bytes.
    Replace(Vec<u8>),
    /// Put this file, written in full beforehand (a design copied into a staging folder), in
    /// place by renaming it.
    Move(PathBuf),
}

/// A set of file changes applied together, all or nothing.
#[derive(Debug, Default)]
pub struct Changes {
    files: BTreeMap<PathBuf, Change>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
enum JournalEntry {
    Replace {
        target: PathBuf,
        temp: PathBuf,
    },
    Append {
        target: PathBuf,
        original_len: u64,
        data: PathBuf,
    },
}

impl Changes {
    /// Adds complete lines at the end of `file`, creating it with `header` if it is missing.
    pub fn append(&mut self, file: &Path, header: impl FnOnce() -> Vec<u8>, bytes: &[u8]) {
        if !self.files.contains_key(file) {
            let change = Change::Append {
                header: header(),
                bytes: Vec::new(),
            };
            self.files.insert(file.to_path_buf(), change);
        }
        match self.files.get_mut(file) {
            Some(Change::Append { bytes: existing, .. }) | Some(Change::Replace(existing)) => {
                existing.extend_from_slice(bytes)
            }
            Some(Change::Move(_)) => unreachable!("tables are appended to, never moved into place"),
            None => unreachable!("inserted above"),
        }
    }

    /// Replaces the whole of `file` (this wins over earlier appends to it).
    pub fn replace(&mut self, file: PathBuf, content: Vec<u8>) {
        self.files.insert(file, Change::Replace(content));
    }

    /// Replaces the whole of `file`, keeping lines appended to it earlier in the change (they
    /// follow the new content).
    pub fn rewrite(&mut self, file: PathBuf, mut content: Vec<u8>) {
        if let Some(Change::Append { bytes, .. }) = self.files.get(&file) {
            if !content.is_empty() && !content.ends_with(b"\n") {
                content.push(b'\n');
            }
            content.extend_from_slice(bytes);
        }
        self.files.insert(file, Change::Replace(content));
    }

    /// Puts `file` in place by renaming `staged` (a complete file in the same file system) over
    /// it, as part of the change: a crash leaves either both this and the rest of the change or
    /// neither.
    pub fn move_into(&mut self, file: PathBuf, staged: PathBuf) {
        self.files.insert(file, Change::Move(staged));
    }

    /// The files changed, relative to the data directory.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Applies every change under `root`. The caller holds the exclusive lock.
    pub fn commit(self, root: &Path) -> Result<()> {
        let mut planned = Vec::new();
        for (file, change) in self.files {
            let path = root.join(&file);
            let change = match change {
                // A new file is created whole, by rename, like any replacement.
                Change::Append { header, bytes } if !path.exists() => Change::Replace([header, bytes].concat()),
                other => other,
            };
            planned.push((file, change));
        }
        match planned.as_slice() {
            [] => Ok(()),
            [(file, Change::Append { bytes, .. })] => append_lines(&root.join(file), bytes).map(|_| ()),
            [(file, Change::Replace(content))] => replace_file(root, file, content),
            [(file, Change::Move(staged))] => {
                let target = root.join(file);
                let dir = target.parent().unwrap_or(root);
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                fs::rename(staged, &target).map_err(|e| Error::io(&target, e))?;
                sync_parent(&target)
            }
            _ => {
                let journal = prepare(root, &planned)?;
                apply(root, &journal)?;
                finish(root, &journal)
            }
        }
    }
}

/// Writes every new content to temporary files and then the journal; after this returns, the
/// change will happen even if the process dies.
fn prepare(root: &Path, planned: &[(PathBuf, Change)]) -> Result<Vec<JournalEntry>> {
    let state = root.join(STATE_DIR);
    fs::create_dir_all(&state).map_err(|e| Error::io(&state, e))?;
    let mut entries = Vec::new();
    for (file, change) in planned {
        let target = root.join(file);
        let entry = match change {
            Change::Replace(content) => {
                let dir = target.parent().unwrap_or(root);
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                let temp = write_temp(dir, content, &target)?;
                JournalEntry::Replace {
                    target: file.clone(),
                    temp: relative(root, &temp),
                }
            }
            Change::Move(staged) => {
                let dir = target.parent().unwrap_or(root);
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                JournalEntry::Replace {
                    target: file.clone(),
                    temp: relative(root, staged),
                }
            }
            Change::Append { bytes, .. } => {
                let original_len = fs::metadata(&target).map_err(|e| Error::io(&target, e))?.len();
                let data = [line_end_needed(&target)?, bytes].concat();
                let temp = write_temp(&state, &data, &target)?;
                JournalEntry::Append {
                    target: file.clone(),
                    original_len,
                    data: relative(root, &temp),
                }
            }
        };
        entries.push(entry);
    }
    let text = serde_json::to_vec_pretty(&entries).expect("journal entries serialize");
    replace_file(root, &PathBuf::from(STATE_DIR).join(JOURNAL), &text)?;
    Ok(entries)
}

fn apply(root: &Path, journal: &[JournalEntry]) -> Result<()> {
    for entry in journal {
        match entry {
            JournalEntry::Replace { target, temp } => {
                let (target, temp) = (root.join(target), root.join(temp));
                if temp.exists() {
                    fs::rename(&temp, &target).map_err(|e| Error::io(&target, e))?;
                    sync_parent(&target)?;
                }
            }
            JournalEntry::Append {
                target,
                original_len,
                data,
            } => {
                let target = root.join(target);
                let mut bytes = Vec::new();
                let data = root.join(data);
                File::open(&data)
                    .and_then(|mut f| f.read_to_end(&mut bytes))
                    .map_err(|e| Error::io(&data, e))?;
                let mut file = OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(|e| Error::io(&target, e))?;
                file.set_len(*original_len).map_err(|e| Error::io(&target, e))?;
                file.seek(SeekFrom::End(0)).map_err(|e| Error::io(&target, e))?;
                file.write_all(&bytes)
                    .and_then(|()| file.sync_data())
                    .map_err(|e| Error::io(&target, e))?;
            }
        }
    }
    Ok(())
}

fn finish(root: &Path, journal: &[JournalEntry]) -> Result<()> {
    let path = root.join(STATE_DIR).join(JOURNAL);
    fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    for entry in journal {
        if let JournalEntry::Append { data, .. } = entry {
            let _ = fs::remove_file(root.join(data));
        }
    }
    Ok(())
}

/// Finishes a change that a killed `cs` process left half done, or rolls back one that never
/// reached its journal. The caller holds the exclusive lock. Returns whether anything was done.
pub fn recover(root: &Path, table_dirs: &[PathBuf]) -> Result<bool> {
    let path = root.join(STATE_DIR).join(JOURNAL);
    let recovered = match fs::read(&path) {
        Ok(text) => {
            let journal: Vec<JournalEntry> = serde_json::from_slice(&text).map_err(|e| {
                Error::External(t!("journal.unreadable", path = path.display(), error = e).into_owned())
            })?;
            apply(root, &journal)?;
            finish(root, &journal)?;
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(Error::io(path, e)),
    };
    // Without a journal, temporary files belong to changes that never committed.
    for dir in std::iter::once(root.to_path_buf())
        .chain(std::iter::once(root.join(STATE_DIR)))
        .chain(table_dirs.iter().map(|d| root.join(d)))
    {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().ends_with(TEMP_SUFFIX) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    Ok(recovered)
}

/// Replaces `file` (relative to `root`) atomically: temporary file, flush, rename, sync.
pub fn replace_file(root: &Path, file: &Path, content: &[u8]) -> Result<()> {
    let target = root.join(file);
    let dir = target.parent().unwrap_or(root);
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let temp = write_temp(dir, content, &target)?;
    fs::rename(&temp, &target).map_err(|e| {
        let _ = fs::remove_file(&temp);
        Error::io(&target, e)
    })?;
    sync_parent(&target)
}

/// Appends complete lines to an existing file in one write, first ending a last line that a
/// hand edit left without its line break. Returns the length the file had before.
fn append_lines(path: &Path, bytes: &[u8]) -> Result<u64> {
    let original_len = fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    let data = [line_end_needed(path)?, bytes].concat();
    let mut file = OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(&data)
        .and_then(|()| file.sync_data())
        .map_err(|e| Error::io(path, e))?;
    Ok(original_len)
}

/// The line break to write before appending, if a hand edit left the last line without one.
fn line_end_needed(path: &Path) -> Result<&'static [u8]> {
    Ok(if needs_newline(path)? { b"\n" } else { b"" })
}

fn needs_newline(path: &Path) -> Result<bool> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len == 0 {
        return Ok(false);
    }
    let mut last = [0u8];
    file.seek(SeekFrom::End(-1))
        .and_then(|_| file.read_exact(&mut last))
        .map_err(|e| Error::io(path, e))?;
    Ok(last[0] != b'\n')
}

/// Writes `content` to a new temporary file in `dir` that will replace `target`, with the
/// permissions `target` has (or ordinary ones for a new file), not tempfile's private 0600:
/// a data directory is often shared by several people.
fn write_temp(dir: &Path, content: &[u8], target: &Path) -> Result<PathBuf> {
    let existing = fs::metadata(target).ok().map(|m| m.permissions());
    let mut temp = tempfile::Builder::new()
        .prefix(".")
        .suffix(TEMP_SUFFIX)
        .permissions(new_file_permissions())
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    if let Some(permissions) = existing {
        // Set explicitly: the mode given at creation is narrowed by the umask.
        fs::set_permissions(temp.path(), permissions).map_err(|e| Error::io(temp.path(), e))?;
    }
    temp.write_all(content)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Error::io(temp.path(), e))?;
    let (_, path) = temp.keep().map_err(|e| Error::io(dir, e.error))?;
    Ok(path)
}

/// What any program's new file gets: 0666 narrowed by the user's umask.
#[cfg(unix)]
pub(crate) fn new_file_permissions() -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    fs::Permissions::from_mode(0o666)
}

/// What any program's new file gets.
#[cfg(not(unix))]
pub(crate) fn new_file_permissions() -> fs::Permissions {
    tempfile::tempfile()
        .and_then(|f| f.metadata())
        .map(|m| m.permissions())
        .expect("a temporary file")
}

fn sync_parent(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        // Directories cannot be opened for syncing on every platform; the rename is still atomic.
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.csv"), "h\n1\n").unwrap();
        fs::write(dir.path().join("b.csv"), "h\n2").unwrap();
        dir
    }

    fn two_file_change() -> Vec<(PathBuf, Change)> {
        vec![
            (PathBuf::from("a.csv"), Change::Replace(b"h\n9\n".to_vec())),
            (
                PathBuf::from("b.csv"),
                Change::Append {
                    header: b"h\n".to_vec(),
                    bytes: b"3\n".to_vec(),
                },
            ),
        ]
    }

    #[test]
    fn a_change_to_several_files_applies_whole() {
        let dir = setup();
        let mut changes = Changes::default();
        for (file, change) in two_file_change() {
            match change {
                Change::Replace(c) => changes.replace(file, c),
                Change::Append { header, bytes } => changes.append(&file, || header, &bytes),
                Change::Move(staged) => changes.move_into(file, staged),
            }
        }
        changes.append(Path::new("new/c.csv"), || b"h\n".to_vec(), b"4\n");
        let staged = dir.path().join("staged.cs-tmp");
        fs::write(&staged, "<svg/>").unwrap();
        changes.move_into(PathBuf::from("labels/L-1/d.svg"), staged.clone());
        changes.commit(dir.path()).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("labels/L-1/d.svg")).unwrap(),
            "<svg/>"
        );
        assert!(!staged.exists());
        assert_eq!(fs::read_to_string(dir.path().join("a.csv")).unwrap(), "h\n9\n");
        assert_eq!(fs::read_to_string(dir.path().join("b.csv")).unwrap(), "h\n2\n3\n");
        assert_eq!(fs::read_to_string(dir.path().join("new/c.csv")).unwrap(), "h\n4\n");
        assert!(!dir.path().join(".cs/journal").exists());
    }

    #[test]
    fn a_journal_left_by_a_killed_process_is_finished_once() {
        let dir = setup();
        // Killed right after the journal was written: nothing applied yet.
        prepare(dir.path(), &two_file_change()).unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("a.csv")).unwrap(), "h\n1\n");
        assert!(recover(dir.path(), &[]).unwrap());
        assert_eq!(fs::read_to_string(dir.path().join("a.csv")).unwrap(), "h\n9\n");
        assert_eq!(fs::read_to_string(dir.path().join("b.csv")).unwrap(), "h\n2\n3\n");
        assert!(!recover(dir.path(), &[]).unwrap(), "nothing left to recover");
        assert_eq!(fs::read_to_string(dir.path().join("b.csv")).unwrap(), "h\n2\n3\n");
    }

    #[test]
    fn a_journal_applied_halfway_is_finished_without_doubling_appends() {
        let dir = setup();
        let journal = prepare(dir.path(), &two_file_change()).unwrap();
        apply(dir.path(), &journal).unwrap(); // killed after applying, before deleting the journal
        recover(dir.path(), &[]).unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("b.csv")).unwrap(), "h\n2\n3\n");
        assert_eq!(fs::read_to_string(dir.path().join("a.csv")).unwrap(), "h\n9\n");
    }

    #[test]
    fn temporary_files_without_a_journal_are_rolled_back() {
        let dir = setup();
        write_temp(dir.path(), b"half", &dir.path().join("a.csv")).unwrap();
        recover(dir.path(), &[]).unwrap();
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert!(
            names.iter().all(|n| !n.to_string_lossy().ends_with(TEMP_SUFFIX)),
            "{names:?}"
        );
        assert_eq!(fs::read_to_string(dir.path().join("a.csv")).unwrap(), "h\n1\n");
    }

    #[cfg(unix)]
    #[test]
    fn replacing_a_file_keeps_its_permissions() {
        // Regression: tempfile's 0600 replaced the file's own mode, locking out other users.
        use std::os::unix::fs::PermissionsExt;
        let dir = setup();
        let path = dir.path().join("a.csv");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
        replace_file(dir.path(), Path::new("a.csv"), b"h\n").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o664);
    }

    #[test]
    fn appends_end_an_unterminated_last_line_first() {
        let dir = setup();
        append_lines(&dir.path().join("b.csv"), b"3\n").unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("b.csv")).unwrap(), "h\n2\n3\n");
    }
}
