//! Writing a table file: a chunk of rows at a time with the library's codec, optionally as
//! Excel saves "CSV UTF-8" (a byte-order mark and CRLF line ends), optionally without a line
//! break after the last line.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context as _, Result};

use cs::store::csvfile::{UTF8_BOM, encode_rows};

/// Rows encoded at a time.
pub const CHUNK: usize = 256;

/// A table file written a chunk of rows at a time with the library's codec, optionally as
/// Excel saves "CSV UTF-8": with a byte-order mark and CRLF line ends.
pub struct TableFile {
    path: PathBuf,
    file: BufWriter<File>,
    crlf: bool,
    bytes: u64,
}

impl TableFile {
    pub fn create(path: PathBuf, header: Vec<u8>, excel: bool) -> Result<TableFile> {
        let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut table = TableFile {
            path,
            file: BufWriter::with_capacity(1 << 20, file),
            crlf: excel,
            bytes: 0,
        };
        if excel {
            table.write(UTF8_BOM.to_vec())?;
        }
        table.write(header)?;
        Ok(table)
    }

    pub fn write_rows(&mut self, rows: Vec<Vec<String>>) -> Result<()> {
        self.write(encode_rows(rows))
    }

    fn write(&mut self, mut bytes: Vec<u8>) -> Result<()> {
        if self.crlf {
            // Fields never hold a real line break (cs writes `\n`), so every LF ends a line.
            let mut crlf = Vec::with_capacity(bytes.len() + bytes.len() / 64);
            for &b in &bytes {
                if b == b'\n' {
                    crlf.push(b'\r');
                }
                crlf.push(b);
            }
            bytes = crlf;
        }
        self.bytes += bytes.len() as u64;
        self.file
            .write_all(&bytes)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// Flushes the file, leaving its last line without a line break unless `final_newline`,
    /// and returns its size.
    pub fn finish(self, final_newline: bool) -> Result<u64> {
        let context = || format!("cannot write {}", self.path.display());
        let file = self
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(context)?;
        let mut bytes = self.bytes;
        if !final_newline && bytes > 0 {
            bytes -= 1;
            file.set_len(bytes).with_context(context)?;
        }
        Ok(bytes)
    }
}
