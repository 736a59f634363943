//! The data directory's lock: shared for readers, exclusive for a whole read-check-write.
//!
//! One lock file, `.cs/lock`, locked with the operating system's advisory file lock (std's
//! `File::lock`), so a `cs` process killed while holding it releases it at once.

use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::Path;

use crate::error::{Error, Result};

/// The directory, inside the data directory, that holds `cs`'s own bookkeeping (never committed).
pub const STATE_DIR: &str = ".cs";

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct DirLock {
    file: Option<File>,
}

/// How the lock is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockKind {
    /// Many readers at once; no writer.
    Shared,
    /// One writer, no readers.
    Exclusive,
}

impl DirLock {
    /// Takes the lock of the data directory at `root`, waiting for other `cs` processes.
    ///
    /// A reader on a read-only directory (a mounted backup, say) cannot create the lock file and
    /// goes on without it; a writer could not write anyway and reports the error.
    pub fn acquire(root: &Path, kind: LockKind) -> Result<DirLock> {
        let dir = root.join(STATE_DIR);
        let path = dir.join("lock");
        let opened = fs::create_dir_all(&dir)
            .and_then(|()| OpenOptions::new().create(true).truncate(false).write(true).open(&path));
        let file = match opened {
            Ok(file) => file,
            Err(e) if kind == LockKind::Shared && is_read_only(&e) => return Ok(DirLock { file: None }),
            Err(e) => return Err(Error::io(path, e)),
        };
        let locked = match kind {
            LockKind::Shared => file.lock_shared(),
            LockKind::Exclusive => file.lock(),
        };
        locked.map_err(|e| Error::io(&path, e))?;
        Ok(DirLock { file: Some(file) })
    }

    /// Releases the lock now.
    pub fn release(self) {
        if let Some(file) = self.file {
            let _ = file.unlock();
        }
    }
}

fn is_read_only(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem)
}
