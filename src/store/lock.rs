//! The data directory's lock: shared for readers, exclusive for a whole read-check-write.
//!
//! One lock file, `.cs/lock`, locked with the operating system's advisory file lock (std's
//! `File::lock`), so a `cs` process killed while holding it releases it at once.

use std::fs::{self, File, OpenOptions, TryLockError};
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
    ///
    /// `on_wait` is called once, before blocking, if another process holds the lock, so the
    /// user can be told why nothing happens.
    pub fn acquire(root: &Path, kind: LockKind, on_wait: &dyn Fn()) -> Result<DirLock> {
        let dir = root.join(STATE_DIR);
        let path = dir.join("lock");
        let opened = fs::create_dir_all(&dir)
            .and_then(|()| OpenOptions::new().create(true).truncate(false).write(true).open(&path));
        let file = match opened {
            Ok(file) => file,
            Err(e) if kind == LockKind::Shared && is_read_only(&e) => return Ok(DirLock { file: None }),
            Err(e) => return Err(Error::io(path, e)),
        };
        let attempt = match kind {
            LockKind::Shared => file.try_lock_shared(),
            LockKind::Exclusive => file.try_lock(),
        };
        match attempt {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                on_wait();
                let locked = match kind {
                    LockKind::Shared => file.lock_shared(),
                    LockKind::Exclusive => file.lock(),
                };
                locked.map_err(|e| Error::io(&path, e))?;
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn a_second_writer_is_told_it_waits_and_then_gets_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let held = DirLock::acquire(dir.path(), LockKind::Exclusive, &|| panic!("nobody holds it yet")).unwrap();
        let waited = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                DirLock::acquire(dir.path(), LockKind::Exclusive, &|| {
                    waited.store(true, Ordering::SeqCst)
                })
            });
            while !waited.load(Ordering::SeqCst) {
                std::thread::yield_now();
            }
            held.release();
            second.join().unwrap().unwrap();
        });
    }

    #[test]
    fn readers_share_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let _first = DirLock::acquire(dir.path(), LockKind::Shared, &|| {}).unwrap();
        DirLock::acquire(dir.path(), LockKind::Shared, &|| {
            panic!("readers must not wait for readers")
        })
        .unwrap();
    }
}
