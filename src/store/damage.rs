//! What `cs check --fix` needs from the files themselves: the line a write or copy cut short,
//! and a place to keep what it takes out of a table, so that nothing is lost.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::Store;
use super::journal::replace_file;
use super::lock::STATE_DIR;
use crate::error::Result;

/// Where `cs check --fix` keeps the lines it takes out of tables, inside `.cs/`.
pub const RESCUED_DIR: &str = "rescued";

/// A table file's last line when the file does not end with a line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unterminated {
    /// The 1-based line.
    pub line: u64,
    /// Its bytes in the file: to the end of the file.
    pub span: Range<usize>,
    /// The line itself.
    pub bytes: Vec<u8>,
}

impl Store {
    /// The last line of `file` (relative to the data directory) when the file ends without a
    /// line break after it, as a write or a copy cut short leaves it; `None` otherwise, and for
    /// a file that holds its header alone.
    pub fn unterminated_last_line(&self, file: &Path) -> Result<Option<Unterminated>> {
        let Some(bytes) = self.read_bytes(file)? else {
            return Ok(None);
        };
        if bytes.is_empty() || bytes.ends_with(b"\n") {
            return Ok(None);
        }
        let Some(last_break) = memchr::memrchr(b'\n', &bytes) else {
            return Ok(None);
        };
        let line = memchr::memchr_iter(b'\n', &bytes).count() as u64 + 1;
        let span = last_break + 1..bytes.len();
        Ok(Some(Unterminated {
            line,
            bytes: bytes[span.clone()].to_vec(),
            span,
        }))
    }

    /// Adds `line` (with a line break) to the end of `.cs/rescued/NAME`, written whole and
    /// synced before the caller takes the line out of its table. Returns the file, as shown.
    pub fn keep_aside(&self, name: &str, line: &[u8]) -> Result<String> {
        let file: PathBuf = [STATE_DIR, RESCUED_DIR, name].iter().collect();
        let mut content = self.read_bytes(&file)?.map(|b| b.to_vec()).unwrap_or_default();
        content.extend_from_slice(line);
        content.push(b'\n');
        replace_file(&self.root, &file, &content)?;
        Ok(self.display(&file))
    }
}
