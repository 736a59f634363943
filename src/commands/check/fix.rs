//! `cs check --fix`: repairs what can be repaired without guessing, and says exactly what it
//! changed.
//!
//! Three kinds of damage have one right answer:
//! - a second copy of a record, the same in every field (a merge or a copy kept it twice): the
//!   later copy goes, and the first holds everything it held;
//! - a last line that a write or copy cut short (the file ends in the middle of it and it
//!   cannot be read): it goes to `.cs/rescued/`, so that no byte of it is lost;
//! - a record in the file of another month than its date's: it moves to the right file.
//!
//! Everything else (two different versions of one record, a value that is not valid, a
//! reference to nothing) needs a person, and is left for `cs check` to report. Copies and cut
//! lines are repaired first, so that a record can then move into a file that was cut short.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use rust_i18n::t;
use xxhash_rust::xxh3::{Xxh3Builder, xxh3_128};

use crate::error::{Problem, Result};
use crate::store::index::{FileIndex, Indexed};
use crate::store::table::{Month, Partition, Record};
use crate::store::{Located, Store, Transaction};

/// Repairs the tables of the data directory the store holds with the exclusive lock. Returns
/// what was changed, as one entry per line changed, in file and line order.
pub fn fix(store: &Store) -> Result<Vec<Problem>> {
    let mut fixed = Vec::new();
    let mut tx = store.transaction();
    for table in super::TABLES {
        table.remove_copies_and_cut_lines(store, &mut tx, &mut fixed)?;
    }
    tx.commit()?;
    let mut tx = store.transaction();
    for table in super::TABLES {
        table.move_to_their_month(store, &mut tx, &mut fixed)?;
    }
    tx.commit()?;
    fixed.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(fixed)
}

/// The copy of a record kept so far: where it is, whether it is in its month's file, and a
/// hash of its fields.
struct Kept {
    file: PathBuf,
    shown: Arc<str>,
    line: u64,
    span: Range<usize>,
    misplaced: bool,
    hash: u128,
}

/// A copy to take out, and the line of the copy kept.
struct SecondCopy {
    file: PathBuf,
    shown: Arc<str>,
    line: u64,
    span: Range<usize>,
    id: String,
    kept: (Arc<str>, u64),
}

/// Takes out of the files of `R` every later copy of a record that is the same in every field,
/// and every last line cut short (kept in `.cs/rescued/`).
pub(super) fn remove_copies_and_cut_lines<R: Indexed>(
    store: &Store,
    tx: &mut Transaction<'_>,
    fixed: &mut Vec<Problem>,
) -> Result<()> {
    let mut kept: HashMap<String, Kept, Xxh3Builder> = HashMap::with_hasher(Xxh3Builder::new());
    let mut copies = Vec::new();
    for month in store.partitions(&R::TABLE)? {
        let file = R::TABLE.file(month);
        let Some(unreadable) = scan::<R>(store, month, |located| {
            if !R::TABLE.has_ids() {
                return;
            }
            let this = Kept {
                file: file.clone(),
                shown: located.file.clone(),
                line: located.line,
                span: located.span.clone(),
                misplaced: located.record.date().is_some_and(|d| Some(Month::of(d)) != month),
                hash: xxh3_128(located.record.encode().join("\u{1f}").as_bytes()),
            };
            let id = located.record.id();
            // Case-insensitive, as `cs check` compares ids.
            let key = id.to_ascii_uppercase();
            match kept.get_mut(&key) {
                // The copy in the right month's file stays, so that no line moves.
                Some(first) if first.hash == this.hash && first.misplaced && !this.misplaced => {
                    let first = std::mem::replace(first, this);
                    copies.push(SecondCopy::of(first, id, &kept[&key]));
                }
                Some(first) if first.hash == this.hash => copies.push(SecondCopy::of(this, id, first)),
                // Two versions of one record: which to keep is for a person to say.
                Some(_) => {}
                None => {
                    kept.insert(key, this);
                }
            }
        }) else {
            continue;
        };
        if let Some(cut) = store.unterminated_last_line(&file)?
            && unreadable.contains(&cut.line)
        {
            let name = file.to_string_lossy().replace(['/', '\\'], "-");
            let kept = store.keep_aside(&name, &cut.bytes)?;
            tx.remove_line(file.clone(), cut.span);
            let message = t!("fix.cut_line_kept", kept = kept);
            fixed.push(Problem::at(store.display(&file), Some(cut.line), None, message));
        }
    }
    for copy in copies {
        tx.remove_line(copy.file, copy.span);
        let at = at(&copy.kept.0, copy.kept.1, &copy.shown);
        let message = t!("fix.copy_removed", id = copy.id, at = at);
        fixed.push(Problem::at(&*copy.shown, Some(copy.line), Some("id"), message));
    }
    Ok(())
}

impl SecondCopy {
    /// The copy `this` of the record `id`, taken out in favour of `kept`.
    fn of(this: Kept, id: &str, kept: &Kept) -> SecondCopy {
        SecondCopy {
            file: this.file,
            shown: this.shown,
            line: this.line,
            span: this.span,
            id: id.to_string(),
            kept: (kept.shown.clone(), kept.line),
        }
    }
}

/// Moves every record of `R` filed under another month than its date's to its month's file,
/// unless that file cannot be read or the record's id is used by another record too (then
/// `cs check` still reports it).
pub(super) fn move_to_their_month<R: Indexed>(
    store: &Store,
    tx: &mut Transaction<'_>,
    fixed: &mut Vec<Problem>,
) -> Result<()> {
    if R::TABLE.partition != Partition::Monthly {
        return Ok(());
    }
    let months = store.partitions(&R::TABLE)?;
    let mut misplaced = Vec::new();
    for &month in &months {
        scan::<R>(store, month, |located| {
            if let Some(date) = located.record.date()
                && Some(Month::of(date)) != month
            {
                misplaced.push((located, Month::of(date)));
            }
        });
    }
    if misplaced.is_empty() {
        return Ok(());
    }
    // Two versions of one record: which to keep, and where, is for a person to say.
    let mut uses: HashMap<String, usize, Xxh3Builder> = misplaced
        .iter()
        .map(|(located, _)| (located.record.id().to_ascii_uppercase(), 0))
        .collect();
    for &month in &months {
        scan::<R>(store, month, |located| {
            if let Some(count) = uses.get_mut(&located.record.id().to_ascii_uppercase()) {
                *count += 1;
            }
        });
    }
    misplaced.retain(|(located, _)| uses[&located.record.id().to_ascii_uppercase()] == 1);
    for (located, right) in misplaced {
        if FileIndex::<R>::load_columns(store, Some(right), Some(&[]))?
            .check()
            .is_err()
        {
            continue;
        }
        tx.update(&located, &located.record)?;
        let to = store.display(&R::TABLE.file(Some(right)));
        let message = t!("fix.moved", id = located.record.id(), file = to);
        fixed.push(Problem::at(&*located.file, Some(located.line), Some("date"), message));
    }
    Ok(())
}

/// Reads one file of `R`, calling `record` for each record read. Returns the lines that could
/// not be read, or `None` when the file's header is broken: then nothing in it can be trusted
/// to be what it seems, and the file is left for a person.
fn scan<R: Record>(store: &Store, month: Option<Month>, mut record: impl FnMut(Located<R>)) -> Option<Vec<u64>> {
    let mut unreadable = Vec::new();
    let mut header_broken = false;
    store.scan_file::<R>(month, &mut record, &mut |problem| match problem.line {
        Some(line) if line > 1 => unreadable.push(line),
        _ => header_broken = true,
    });
    (!header_broken).then_some(unreadable)
}

/// `line 3` in the same file, else `visits/2026-10.csv:3`.
fn at(file: &str, line: u64, this_file: &str) -> String {
    if file == this_file {
        t!("fix.line", line = line).into_owned()
    } else {
        format!("{file}:{line}")
    }
}
