//! The data directory's lock: shared for readers, exclusive for a whole read-check-write.
//!
//! One lock file, `.cs/lock`, locked with the operating system's advisory file lock (std's
//! `File::lock`), so a `cs` process killed while holding it releases it at once.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The directory, inside the data directory, that holds `cs`'s own bookkeeping (never committed).
pub const STATE_DIR: &str = ".cs";

/// How long to wait for another `cs` before giving up, in milliseconds (`--wait`).
static WAIT_MS: AtomicU64 = AtomicU64::new(DEFAULT_WAIT_SECONDS * 1000);

/// How long `cs` waits for another `cs` by default: long enough for an import of a million
/// records, short enough that a forgotten `cs` stopped with Ctrl-Z is noticed.
pub const DEFAULT_WAIT_SECONDS: u64 = 120;

/// Waits at most `wait` for another `cs` from now on.
pub fn set_wait(wait: Duration) {
    WAIT_MS.store(wait.as_millis() as u64, Ordering::Relaxed);
}

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
    pub fn acquire(root: &Path, kind: LockKind, on_wait: &dyn Fn(Option<&str>)) -> Result<DirLock> {
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
                let written = fs::read_to_string(&path).unwrap_or_default();
                on_wait(live_holder(&written).as_deref());
                wait_for(&file, kind, &path)?;
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        if kind == LockKind::Exclusive {
            // Who holds it, for a command that gives up waiting to name. Only a writer says:
            // readers are many at once.
            let _ = file.set_len(0).and_then(|()| (&file).write_all(holder().as_bytes()));
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

/// Tries for the lock until it is free or the wait set with [`set_wait`] is over; then gives
/// up naming the writer that holds it, when one does.
fn wait_for(file: &File, kind: LockKind, path: &Path) -> Result<()> {
    let started = Instant::now();
    let limit = Duration::from_millis(WAIT_MS.load(Ordering::Relaxed));
    let mut pause = Duration::from_millis(2);
    loop {
        let attempt = match kind {
            LockKind::Shared => file.try_lock_shared(),
            LockKind::Exclusive => file.try_lock(),
        };
        match attempt {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) if started.elapsed() < limit => {
                std::thread::sleep(pause.min(limit.saturating_sub(started.elapsed())));
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            Err(TryLockError::WouldBlock) => {
                let written = fs::read_to_string(path).unwrap_or_default();
                return Err(Error::LockTimeout {
                    seconds: limit.as_secs(),
                    holder: live_holder(&written),
                });
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(path, e)),
        }
    }
}

/// What this process writes into the lock file while it holds it for writing: its process
/// id and command (`4242 cs import visits`), the first words only.
fn holder() -> String {
    let words: Vec<String> = std::env::args()
        .take(3)
        .map(|a| {
            Path::new(&a)
                .file_name()
                .map_or(a.clone(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    format!("{} {}", std::process::id(), words.join(" ")) // i18n: not a message
}

/// The holder written in the lock file, when that process still runs (else a reader holds
/// the lock, and the text is an earlier writer's): `cs import visits (process 4242)`.
fn live_holder(written: &str) -> Option<String> {
    let (pid, command) = written.trim().split_once(' ')?;
    let pid: u32 = pid.parse().ok()?;
    let running = cfg!(not(target_os = "linux")) || Path::new("/proc").join(pid.to_string()).exists();
    (running && pid != std::process::id()).then(|| format!("{command} ({pid})")) // i18n: not a message
}

fn is_read_only(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn a_second_writer_is_told_what_it_waits_for_and_then_gets_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let held = DirLock::acquire(dir.path(), LockKind::Exclusive, &|_| panic!("nobody holds it yet")).unwrap();
        // As another process that still runs (process 1 always does) would have written it.
        fs::write(dir.path().join(STATE_DIR).join("lock"), "1 cs import visits").unwrap();
        let waited = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                DirLock::acquire(dir.path(), LockKind::Exclusive, &|holder| {
                    if cfg!(target_os = "linux") {
                        assert_eq!(holder, Some("cs import visits (1)"));
                    }
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
        let _first = DirLock::acquire(dir.path(), LockKind::Shared, &|_| {}).unwrap();
        DirLock::acquire(dir.path(), LockKind::Shared, &|_| {
            panic!("readers must not wait for readers")
        })
        .unwrap();
    }
}
