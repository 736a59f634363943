//! Reading records from a data file at the places an index gives, in one pass.

use std::fs;
use std::path::Path;

use rust_i18n::t;

use crate::error::{Error, Problem, Result};
use crate::store::csvfile::{self, Layout};
use crate::store::mapped;
use crate::store::table::{Month, Record};
use crate::store::{Located, Store};

/// Reads the records at some places of one file of a table: `(offset, length, line)` each,
/// taken from an index; the file's header is read again for its layout.
pub fn read_lines<T: Record>(
    store: &Store,
    month: Option<Month>,
    wanted: &[(u64, usize, u64)],
) -> Result<Vec<Located<T>>> {
    let file = T::TABLE.file(month);
    let path = store.root().join(&file);
    let mut header = Vec::new();
    {
        use std::io::BufRead;
        let opened = fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
        std::io::BufReader::new(opened)
            .read_until(b'\n', &mut header)
            .map_err(|e| Error::io(&path, e))?;
    }
    let layout = csvfile::read_header(&header, &store.display(&file), T::TABLE.columns).map_err(Error::Data)?;
    decode_lines(store, &file, month, &layout, wanted)
}

/// Reads and decodes the lines at `(offset, length, line)` of a file laid out as `layout`,
/// in that order. The lines are copied end to end and decoded in one pass.
pub(super) fn decode_lines<T: Record>(
    store: &Store,
    file: &Path,
    month: Option<Month>,
    layout: &Layout,
    wanted: &[(u64, usize, u64)],
) -> Result<Vec<Located<T>>> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let path = store.root().join(file);
    let shown: std::sync::Arc<str> = store.display(file).into();
    let bytes = mapped::read(&path).map_err(|e| Error::io(&path, e))?;
    let changed = |line: u64| Error::Data(Problem::at(&*shown, Some(line), None, t!("index.changed_while_read")));
    let wanted_bytes: usize = wanted.iter().map(|w| w.1).sum();
    if wanted_bytes * 3 > bytes.len() {
        return decode_whole_file(&bytes, &shown, month, layout, wanted, changed);
    }
    // Where each wanted line starts in `joined`.
    let mut starts = Vec::with_capacity(wanted.len());
    let mut joined = Vec::with_capacity(wanted.iter().map(|w| w.1 + 1).sum());
    for &(offset, len, line) in wanted {
        let line_bytes = bytes
            .get(offset as usize..offset as usize + len)
            .ok_or_else(|| changed(line))?;
        starts.push(joined.len());
        joined.extend_from_slice(line_bytes);
        if !line_bytes.ends_with(b"\n") {
            joined.push(b'\n');
        }
    }
    let mut decoded: Vec<Option<T>> = (0..wanted.len()).map(|_| None).collect();
    let first_problem = std::cell::RefCell::new(None);
    let numbered = Layout {
        body_start: 0,
        ..layout.clone()
    };
    csvfile::decode_records(
        &joined,
        0,
        1,
        &shown,
        &numbered,
        |row, span| {
            let Ok(at) = starts.binary_search(&span.start) else {
                return;
            };
            // Line numbers count in the joined lines; name the real one.
            let real = crate::store::table::Row {
                line: wanted[at].2,
                ..row
            };
            match T::decode(&real) {
                Ok(record) => decoded[at] = Some(record),
                Err(problem) => {
                    first_problem.borrow_mut().get_or_insert(problem);
                }
            }
        },
        |mut problem| {
            // Name the file's own line, not the place in the joined lines.
            problem.line = problem
                .line
                .and_then(|l| wanted.get(l.saturating_sub(1) as usize))
                .map(|w| w.2);
            first_problem.borrow_mut().get_or_insert(problem);
        },
    );
    located(first_problem.into_inner(), decoded, wanted, &shown, month, changed)
}

/// Reads the lines at `(offset, length, line)` of a file by decoding the whole file once: for
/// when most of it is wanted, where copying the lines out first would cost more.
fn decode_whole_file<T: Record>(
    bytes: &[u8],
    shown: &std::sync::Arc<str>,
    month: Option<Month>,
    layout: &Layout,
    wanted: &[(u64, usize, u64)],
    changed: impl Fn(u64) -> Error,
) -> Result<Vec<Located<T>>> {
    // The wanted lines in file order, each with its place in `wanted`.
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_unstable_by_key(|&at| wanted[at].0);
    let mut decoded: Vec<Option<T>> = (0..wanted.len()).map(|_| None).collect();
    let mut next = 0;
    let mut first_problem = None;
    csvfile::decode_records(
        bytes,
        layout.body_start,
        2,
        shown,
        layout,
        |row, span| {
            while next < order.len() && (wanted[order[next]].0 as usize) < span.start {
                next += 1;
            }
            if next < order.len() && wanted[order[next]].0 as usize == span.start {
                let at = order[next];
                match T::decode(&row) {
                    Ok(record) => decoded[at] = Some(record),
                    Err(problem) => {
                        first_problem.get_or_insert(problem);
                    }
                }
                next += 1;
            }
        },
        // Lines nobody asked for are not this command's business; a wanted one that cannot be
        // read is missing below.
        |_| {},
    );
    located(first_problem, decoded, wanted, shown, month, changed)
}

/// The records decoded at the `wanted` places, with where each is: the first problem met, or
/// a wanted place where no record was decoded (the file changed), is an error.
fn located<T>(
    first_problem: Option<Problem>,
    decoded: Vec<Option<T>>,
    wanted: &[(u64, usize, u64)],
    shown: &std::sync::Arc<str>,
    month: Option<Month>,
    changed: impl Fn(u64) -> Error,
) -> Result<Vec<Located<T>>> {
    if let Some(problem) = first_problem {
        return Err(Error::Data(problem));
    }
    decoded
        .into_iter()
        .zip(wanted)
        .map(|(record, &(offset, len, line))| {
            let record = record.ok_or_else(|| changed(line))?;
            Ok(Located {
                file: shown.clone(),
                month,
                line,
                span: offset as usize..offset as usize + len,
                record,
            })
        })
        .collect()
}
