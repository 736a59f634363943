//! A file `cs` writes outside the data directory, an export: written whole or not at all.
//!
//! The records go to a temporary file beside the target, which replaces the target by a
//! rename only once everything is written and synced; a failure, or a process killed half
//! way, leaves the target as it was (and at worst a hidden `.NAME.*.cs-tmp` beside it). No
//! lock is taken: the file is not part of the data directory.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};
use crate::model::settings::SETTINGS_FILE;
use crate::store::TABLES;
use crate::store::journal::{TEMP_SUFFIX, new_file_permissions};
use crate::store::labels::DESIGNS_DIR;
use crate::store::lock::STATE_DIR;
use crate::store::table::Partition;

/// Whether `target` is one of the data directory's own files (its settings, a table, a design
/// file, `cs`'s state), which an export must never replace: an export is not in the form
/// the store writes, and the store would not know its file had changed.
pub fn is_data_file(root: &Path, target: &Path) -> bool {
    let canonical = |path: &Path| fs::canonicalize(path).ok();
    let (Some(root), Some(dir)) = (canonical(root), canonical(parent(target))) else {
        return false;
    };
    let Some(name) = target.file_name() else {
        return false;
    };
    let Ok(relative) = dir.join(name).strip_prefix(&root).map(Path::to_path_buf) else {
        return false;
    };
    let mut parts = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first = parts.next().unwrap_or_default();
    let nested = parts.next().is_some();
    let owned_dirs = TABLES
        .iter()
        .filter(|t| t.partition == Partition::Monthly)
        .map(|t| t.name)
        .chain([DESIGNS_DIR, STATE_DIR]);
    if nested {
        owned_dirs.into_iter().any(|d| d == first)
    } else {
        first == SETTINGS_FILE
            || TABLES
                .iter()
                .any(|t| t.partition == Partition::Single && first == format!("{}.csv", t.name))
    }
}

/// The directory a file is written in (`.` for a bare file name).
fn parent(target: &Path) -> &Path {
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A file being written in place of `target`.
pub struct ExportFile {
    temp: NamedTempFile,
    target: PathBuf,
}

impl ExportFile {
    /// Starts writing a file that will replace `target` (or be it, when it does not exist),
    /// with the permissions `target` has, else ordinary ones.
    pub fn create(target: &Path) -> Result<ExportFile> {
        let dir = parent(target);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(TEMP_SUFFIX)
            .permissions(new_file_permissions())
            .tempfile_in(dir)
            .map_err(|e| Error::io(target, e))?;
        if let Ok(meta) = fs::metadata(target) {
            // Set explicitly: the mode given at creation is narrowed by the umask.
            fs::set_permissions(temp.path(), meta.permissions()).map_err(|e| Error::io(target, e))?;
        }
        Ok(ExportFile {
            temp,
            target: target.to_path_buf(),
        })
    }

    /// The file to write to.
    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// Syncs what was written and puts it in place of the target.
    pub fn commit(self) -> Result<()> {
        let target = self.target;
        self.temp.as_file().sync_all().map_err(|e| Error::io(&target, e))?;
        self.temp.persist(&target).map_err(|e| Error::io(&target, e.error))?;
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Directories cannot be opened for syncing on every platform; the rename is still atomic.
            if let Ok(dir) = File::open(dir) {
                let _ = dir.sync_all();
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn the_target_changes_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old\n").unwrap();
        let mut file = ExportFile::create(&target).unwrap();
        file.file().write_all(b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
        file.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new\n");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file is left"
        );
    }

    #[test]
    fn the_data_directory_s_own_files_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["visits", "labels/L-1", ".cs", "exports"] {
            fs::create_dir_all(root.join(sub)).unwrap();
        }
        for own in [
            "cs.toml",
            "customers.csv",
            "label_jobs.csv",
            "visits/2026-11.csv",
            "labels/L-1/a.svg",
            ".cs/x",
        ] {
            assert!(is_data_file(root, &root.join(own)), "{own}");
        }
        assert!(is_data_file(root, &root.join("visits/../customers.csv")));
        for other in ["export.csv", "exports/customers.csv", "visits.csv"] {
            assert!(!is_data_file(root, &root.join(other)), "{other}");
        }
        assert!(!is_data_file(&root.join("exports"), &root.join("customers.csv")));
    }

    #[test]
    fn a_file_dropped_unfinished_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let mut file = ExportFile::create(&target).unwrap();
        file.file().write_all(b"half").unwrap();
        drop(file);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
