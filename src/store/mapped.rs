//! Reading a whole file without copying it: the file's pages are mapped into memory.
//!
//! On the small machines `cs` runs on, filling a fresh buffer costs more than reading: every
//! new page is faulted in and cleared (about 1 ms per megabyte measured on a 2-core virtual
//! machine, against a quarter of that to map the page cache). Files are read this way only
//! while the data directory's lock keeps other `cs` processes from writing them.

use std::fs::File;
use std::io;
use std::ops::Deref;
use std::path::Path;

/// A file's bytes, mapped (or, for an empty file, which cannot be mapped, read).
#[derive(Debug)]
pub enum FileBytes {
    /// The file's pages, mapped read-only.
    Mapped(memmap2::Mmap),
    /// Bytes read into memory.
    Owned(Vec<u8>),
}

impl Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(map) => map,
            FileBytes::Owned(bytes) => bytes,
        }
    }
}

/// The bytes of the file at `path`.
pub fn read(path: &Path) -> io::Result<FileBytes> {
    let file = File::open(path)?;
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(FileBytes::Owned(Vec::new()));
    }
    // SAFETY: the map is read-only, and the files mapped are never changed in place while it
    // lives: `cs` replaces files by renaming a new one over them (the mapped file stays as it
    // was) and appends only under the exclusive lock, which no reader holds at the same time.
    // Another program that truncates a data file while `cs` reads it can make this process
    // stop with SIGBUS before it writes anything, as ripgrep documents for its own maps.
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => Ok(FileBytes::Mapped(map)),
        // Some file systems cannot map files; read them instead.
        Err(_) => std::fs::read(path).map(FileBytes::Owned),
    }
}
