//! What identifies a file's state on disk without reading it, and when that is not enough.
//!
//! An index records the fingerprint of the file it was built from (size, modification and
//! change times, inode, device). The change time cannot be set by any program, so a change
//! shows in it, except one made within the same clock tick as the fingerprint was taken: such
//! a "racy" fingerprint is confirmed by hashing the file's bytes, as git does for its index.

use std::fs;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{take_i64, take_u64};
use crate::error::{Error, Result};

/// How long after a file's last change its metadata is trusted without hashing its bytes, on
/// file systems that keep times to the second or two (a FAT stick, an old Mac volume): a change
/// within the same tick as the index was built would leave equal times.
const RACY_COARSE_NANOS: i64 = 3_000_000_000;
/// The same, where times have nanoseconds: ten times the longest clock tick Linux uses for
/// file times (10 ms at HZ=100).
const RACY_FINE_NANOS: i64 = 100_000_000;

/// What identifies a file's state on disk without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fingerprint {
    pub(super) len: u64,
    pub(super) modified: i64,
    pub(super) changed: i64,
    pub(super) inode: u64,
    pub(super) device: u64,
}

impl Fingerprint {
    /// The fingerprint of the file at `path`, `None` when it does not exist.
    pub fn of(path: &Path) -> Result<Option<Fingerprint>> {
        match fs::metadata(path) {
            Ok(meta) => Ok(Some(Fingerprint::from_metadata(&meta))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    #[cfg(unix)]
    fn from_metadata(meta: &fs::Metadata) -> Fingerprint {
        use std::os::unix::fs::MetadataExt;
        Fingerprint {
            len: meta.len(),
            modified: meta
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(meta.mtime_nsec()),
            changed: meta
                .ctime()
                .saturating_mul(1_000_000_000)
                .saturating_add(meta.ctime_nsec()),
            inode: meta.ino(),
            device: meta.dev(),
        }
    }

    /// Whether a file with this fingerprint, taken at `taken` (by the real clock), changed so
    /// shortly before that a later change could have left the same times: then only its
    /// bytes can tell.
    pub fn is_racy(&self, taken: i64) -> bool {
        let coarse = self.modified % 1_000_000_000 == 0 && self.changed % 1_000_000_000 == 0;
        let margin = if coarse { RACY_COARSE_NANOS } else { RACY_FINE_NANOS };
        self.modified.max(self.changed).saturating_add(margin) >= taken
    }

    /// Writes the fingerprint.
    pub fn encode(&self, out: &mut Vec<u8>) {
        for value in [
            self.len,
            self.modified as u64,
            self.changed as u64,
            self.inode,
            self.device,
        ] {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }

    /// Reads what [`Fingerprint::encode`] wrote.
    pub fn decode(rest: &mut &[u8]) -> Option<Fingerprint> {
        Some(Fingerprint {
            len: take_u64(rest)?,
            modified: take_i64(rest)?,
            changed: take_i64(rest)?,
            inode: take_u64(rest)?,
            device: take_u64(rest)?,
        })
    }

    /// Without a change time that no program can set, every use checks the hash.
    #[cfg(not(unix))]
    fn from_metadata(meta: &fs::Metadata) -> Fingerprint {
        Fingerprint {
            len: meta.len(),
            modified: meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i64),
            changed: i64::MAX,
            inode: 0,
            device: 0,
        }
    }
}

/// The real clock in nanoseconds since 1970.
pub fn now_nanos() -> i64 {
    // The real clock, not the command's (CS_NOW): it is compared with file times.
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos().min(i64::MAX as u128) as i64)
}
