//! Index files on disk: the state of the data file they were built from, the columns, and a
//! checksum of the state and of the columns' own checksums (each column is checked when it
//! is first read, so a lookup touches only the columns it needs). A main file holds most rows; a small delta file beside it holds the
//! rows appended since, so that catching up with an append writes little. Any file that does
//! not read back exactly (damaged, cut short, from another version of `cs`) is ignored and the
//! index built again, and so is one whose problems are worded in another language than the
//! one being spoken (they are messages people read).

use std::fs;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use super::columns::{Parts, put_str, take_str};
use super::{FileIndex, Fingerprint, HISTORY, Indexed, Part, Segment, State, take_i64, take_u32, take_u64};
use crate::error::Problem;
use crate::i18n;
use crate::store::csvfile;
use crate::store::mapped::{self, FileBytes};
use crate::store::table::Month;

const MAGIC: &[u8; 4] = b"CSIX";
/// Bumped whenever the layout of index files or of any table's keys changes: older index
/// files are then rebuilt, never misread.
const FORMAT_VERSION: u32 = 9;

impl<T: Indexed> FileIndex<T> {
    fn encode_state(&self, out: &mut Vec<u8>) {
        let s = &self.state;
        s.fingerprint.encode(out);
        out.extend_from_slice(&s.built_at.to_le_bytes());
        out.extend_from_slice(&s.hash.to_le_bytes());
        out.extend_from_slice(&s.next_line.to_le_bytes());
        match &s.layout {
            None => out.push(0),
            Some(layout) => {
                out.push(1);
                out.extend_from_slice(&(layout.names.len() as u32).to_le_bytes());
                for name in &layout.names {
                    put_str(out, name);
                }
                out.push(u8::from(layout.crlf));
                out.extend_from_slice(&(layout.body_start as u64).to_le_bytes());
            }
        }
        // The language the problems are worded in.
        put_str(out, i18n::current().code());
        out.extend_from_slice(&(s.problems.len() as u32).to_le_bytes());
        for problem in &s.problems {
            out.extend_from_slice(&problem.line.unwrap_or(0).to_le_bytes());
            put_str(out, problem.field.as_deref().unwrap_or(""));
            put_str(out, &problem.message);
        }
        out.extend_from_slice(&(s.history.len() as u32).to_le_bytes());
        for (len, hash) in &s.history {
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&hash.to_le_bytes());
        }
    }

    fn decode_state(rest: &mut &[u8], shown: &str) -> Option<State> {
        let fingerprint = Fingerprint::decode(rest)?;
        let built_at = take_i64(rest)?;
        let hash = take_u64(rest)?;
        let next_line = take_u64(rest)?;
        let (&has_layout, after) = rest.split_first()?;
        *rest = after;
        let layout = if has_layout == 1 {
            let count = take_u32(rest)? as usize;
            let mut names = Vec::with_capacity(count.min(256));
            for _ in 0..count {
                names.push(take_str(rest)?.to_string());
            }
            let (&crlf, after) = rest.split_first()?;
            *rest = after;
            let body_start = usize::try_from(take_u64(rest)?).ok()?;
            // A header that no longer fits the table's columns (a newer cs) is rebuilt.
            Some(csvfile::layout_of(shown, names, T::TABLE.columns, crlf == 1, body_start).ok()?)
        } else {
            None
        };
        let lang = take_str(rest)?;
        let count = take_u32(rest)? as usize;
        if count > 0 && lang != i18n::current().code() {
            // Problems worded in another language are found again in this one.
            return None;
        }
        let mut problems = Vec::with_capacity(count.min(1024));
        for _ in 0..count {
            let line = take_u64(rest)?;
            let field = take_str(rest)?;
            let message = take_str(rest)?;
            problems.push(Problem::at(
                shown,
                (line > 0).then_some(line),
                (!field.is_empty()).then_some(field),
                message,
            ));
        }
        let count = take_u32(rest)? as usize;
        let mut history = Vec::with_capacity(count.min(HISTORY));
        for _ in 0..count {
            history.push((take_u64(rest)?, take_u64(rest)?));
        }
        Some(State {
            fingerprint,
            built_at,
            hash,
            next_line,
            layout,
            problems,
            history,
        })
    }

    /// An index file's bytes: a header naming the table and which part it is, the state of
    /// the data file (for a delta, after the hash of the main it extends), the columns, and a
    /// checksum of everything before the columns and of the columns' directory.
    fn encode_part(&self, part: Part) -> Vec<u8> {
        let segment = match part {
            Part::Main => &self.main,
            Part::Delta => self.delta.as_ref().expect("a delta to write"),
        };
        let mut out = Vec::with_capacity(segment.bytes.len() + 512);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        put_str(&mut out, T::TABLE.name);
        out.push(u8::from(part == Part::Delta));
        out.extend_from_slice(&self.main_hash.to_le_bytes());
        self.encode_state(&mut out);
        let checksum = file_checksum(&out, &segment.parts);
        out.extend_from_slice(&segment.bytes);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// Reads one index file: its part, the main hash, its state and its segment.
    fn decode_part(bytes: FileBytes, shown: &str) -> Option<(Part, u64, State, Segment)> {
        let (body, checksum) = bytes.split_at(bytes.len().checked_sub(8)?);
        let mut rest = body.strip_prefix(MAGIC.as_slice())?;
        if take_u32(&mut rest)? != FORMAT_VERSION || take_str(&mut rest)? != T::TABLE.name {
            return None;
        }
        let (&part, after) = rest.split_first()?;
        rest = after;
        let part = match part {
            0 => Part::Main,
            1 => Part::Delta,
            _ => return None,
        };
        let main_hash = take_u64(&mut rest)?;
        let state = FileIndex::<T>::decode_state(&mut rest, shown)?;
        let columns_at = body.len() - rest.len();
        let (parts, end) = Parts::decode(body, columns_at, &Self::kinds())?;
        if end != body.len()
            || file_checksum(&body[..columns_at], &parts) != u64::from_le_bytes(checksum.try_into().ok()?)
        {
            return None;
        }
        Some((part, main_hash, state, Segment { bytes, parts }))
    }

    /// The stored index of a file: its main part, and its delta if that extends this main.
    pub(super) fn read_stored(
        main_path: &Path,
        file: &Path,
        shown: &str,
        month: Option<Month>,
    ) -> Option<FileIndex<T>> {
        let (part, main_hash, mut state, main) = Self::decode_part(mapped::read(main_path).ok()?, shown)?;
        if part != Part::Main {
            return None;
        }
        let delta = mapped::read(&delta_path(main_path))
            .ok()
            .and_then(|bytes| Self::decode_part(bytes, shown))
            .filter(|(part, extends, _, _)| *part == Part::Delta && *extends == main_hash)
            .map(|(_, _, delta_state, segment)| {
                state = delta_state;
                segment
            });
        Some(FileIndex {
            file: file.to_path_buf(),
            shown: shown.to_string(),
            month,
            state,
            main,
            main_hash,
            delta,
            _table: PhantomData,
        })
    }

    /// Writes one part of the index atomically (a new main makes any delta stale, so it is
    /// removed); a data directory that cannot be written (a mounted backup) goes without.
    pub(super) fn save(&self, main_path: &Path, part: Part) {
        let path = match part {
            Part::Main => main_path.to_path_buf(),
            Part::Delta => delta_path(main_path),
        };
        write_atomically(&path, &self.encode_part(part));
        if part == Part::Main {
            let _ = fs::remove_file(delta_path(main_path));
        }
    }
}

/// The checksum an index file ends with: of its header and state, and of its columns'
/// directory (which holds each column's own checksum).
fn file_checksum(head: &[u8], parts: &Parts) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(head);
    hasher.update(&parts.directory_hash().to_le_bytes());
    hasher.digest()
}

/// The delta file beside an index's main file.
fn delta_path(main_path: &Path) -> PathBuf {
    let mut name = main_path.as_os_str().to_owned();
    name.push(".delta");
    PathBuf::from(name)
}

/// Writes a cache file by temporary file and rename, ignoring failure: the cache is only
/// ever an optimisation.
pub fn write_atomically(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent()
        && fs::create_dir_all(dir).is_ok()
        && let Ok(mut temp) = tempfile::Builder::new()
            .prefix(".")
            .suffix(crate::store::journal::TEMP_SUFFIX)
            .tempfile_in(dir)
    {
        use std::io::Write;
        if temp.write_all(bytes).is_ok() {
            let _ = temp.persist(path);
        }
    }
}
