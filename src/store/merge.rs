//! A three-way merge of one table file by record, for the merge driver git runs when two clones
//! changed the same file (`cs git merge-driver`, installed by `cs git setup`).
//!
//! Records are matched by id in tables that have ids, and by their whole line in append-only
//! histories. A record added on one side is kept, one deleted on one side and untouched on the
//! other is deleted, and one changed on both sides is settled by its `updated` time (the later
//! wins; on a tie the byte-wise greater line) so every clone reaches the same answer. Where no
//! rule decides (a table without `updated`), the record is written between conflict markers.
//!
//! Every line is kept byte for byte as the side it comes from has it; only line ends follow the
//! merged file's style. This module works on bytes alone: it never touches the disk.

use std::collections::{HashMap, HashSet};

use chrono::DateTime;

use crate::store::TABLES;
use crate::store::csvfile::UTF8_BOM;
use crate::store::table::TableSpec;

/// What merging a file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged file.
    pub bytes: Vec<u8>,
    /// How many records were left between conflict markers for a person to decide.
    pub conflicts: usize,
    /// Records changed on both sides that a rule settled, for `cs check` to mention.
    pub notes: Vec<Settled>,
}

/// A record both sides changed, settled without a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    /// The record's id.
    pub id: String,
    /// Which rule settled it.
    pub rule: Rule,
    /// The line kept.
    pub kept: String,
    /// The line set aside (`None`: the other side deleted the record).
    pub other: Option<String>,
}

/// How a record changed on both sides was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The version with the later `updated` time was kept.
    Later,
    /// Both had the same `updated` time; the byte-wise greater line was kept.
    Tie,
    /// One side deleted the record and the other changed it: the changed one was kept.
    ChangedOverDeleted,
}

/// Why a file cannot be merged by record (git's line merge is used instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsupported {
    /// The sides' headers name different columns or put them in a different order.
    HeadersDiffer,
}

/// One version of the file, split into lines.
struct Version<'a> {
    bom: bool,
    /// The header line without its line end; `None` for an empty file.
    header: Option<&'a [u8]>,
    /// Whether lines end with CRLF; `None` for an empty file.
    crlf: Option<bool>,
    /// The record lines, without their line ends (blank lines dropped).
    lines: Vec<&'a [u8]>,
}

impl<'a> Version<'a> {
    fn of(bytes: &'a [u8]) -> Version<'a> {
        let bom = bytes.starts_with(UTF8_BOM);
        let body = if bom { &bytes[UTF8_BOM.len()..] } else { bytes };
        let mut crlf = None;
        let mut lines = body.split(|&b| b == b'\n').peekable();
        let mut header = None;
        let mut records = Vec::new();
        while let Some(line) = lines.next() {
            if lines.peek().is_none() && line.is_empty() {
                break;
            }
            let ends_cr = line.ends_with(b"\r");
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if header.is_none() {
                header = Some(line);
                crlf = Some(ends_cr);
            } else if !line.is_empty() {
                records.push(line);
            }
        }
        Version {
            bom,
            header,
            crlf,
            lines: records,
        }
    }
}

/// How a line is matched with its other versions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// A record's id (upper case, as ids compare), and which occurrence of it in the file.
    Id(String, usize),
    /// The whole line (a history line, or a line whose id cannot be read), and which
    /// occurrence of it.
    Line(Vec<u8>, usize),
}

/// The fields of one CSV line (RFC 4180 quoting), `None` when a quote is left open. Written
/// by hand: building a `csv` reader per line costs more than the whole merge.
fn fields(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut fields = Vec::new();
    let mut field = Vec::new();
    let mut at = 0;
    let mut quoted = false;
    while at < line.len() {
        let byte = line[at];
        match (quoted, byte) {
            (true, b'"') if line.get(at + 1) == Some(&b'"') => {
                field.push(b'"');
                at += 1;
            }
            (true, b'"') => quoted = false,
            (true, _) => field.push(byte),
            (false, b'"') => quoted = true,
            (false, b',') => fields.push(std::mem::take(&mut field)),
            (false, _) => field.push(byte),
        }
        at += 1;
    }
    fields.push(field);
    (!quoted).then_some(fields)
}

/// The column names of a header line.
fn names(header: &[u8]) -> Vec<String> {
    fields(header)
        .map(|r| {
            r.iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The table whose columns are exactly `names`, in any order.
fn table_of(names: &[String]) -> Option<&'static TableSpec> {
    TABLES
        .iter()
        .find(|t| t.columns.len() == names.len() && t.columns.iter().all(|c| names.iter().any(|n| n == c)))
}

/// Where the id and `updated` columns are, for a table that has them.
#[derive(Debug, Clone, Copy, Default)]
struct Columns {
    id: Option<usize>,
    updated: Option<usize>,
}

impl Columns {
    fn of(names: &[String]) -> Columns {
        match table_of(names) {
            Some(table) if table.has_ids() => Columns {
                id: names.iter().position(|n| n == "id"),
                updated: names.iter().position(|n| n == "updated"),
            },
            _ => Columns::default(),
        }
    }

    fn field(&self, column: Option<usize>, line: &[u8]) -> Option<String> {
        let record = fields(line)?;
        let value = String::from_utf8_lossy(record.get(column?)?).trim().to_string();
        (!value.is_empty()).then_some(value)
    }

    /// Every line of a version with its key.
    fn keyed<'a>(&self, lines: &[&'a [u8]]) -> Vec<(Key, &'a [u8])> {
        let mut seen: HashMap<Key, usize> = HashMap::new();
        lines
            .iter()
            .map(|&line| {
                let bare = match self.field(self.id, line) {
                    Some(id) => Key::Id(id.to_ascii_uppercase(), 0),
                    None => Key::Line(line.to_vec(), 0),
                };
                let count = seen.entry(bare.clone()).or_insert(0);
                let key = match bare {
                    Key::Id(id, _) => Key::Id(id, *count),
                    Key::Line(text, _) => Key::Line(text, *count),
                };
                *count += 1;
                (key, line)
            })
            .collect()
    }
}

/// The three-way choice of a property of the file: a side's change wins over no change; when
/// both changed it differently, ours.
fn three_way<T: PartialEq + Copy>(base: T, ours: T, theirs: T) -> T {
    if ours == theirs || base == theirs {
        ours
    } else if base == ours {
        theirs
    } else {
        ours
    }
}

/// What one record becomes.
enum Outcome<'a> {
    Keep(&'a [u8]),
    Drop,
    Conflict(&'a [u8], &'a [u8]),
}

/// Merges the three versions of one table file: `base`, the common ancestor, and `ours` and
/// `theirs`, the two sides. The same inputs with the sides swapped give the same records in
/// the same order (only a conflict's markers and file-wide properties both sides changed
/// differently follow ours).
pub fn merge(base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Merged, Unsupported> {
    let (b, o, t) = (Version::of(base), Version::of(ours), Version::of(theirs));
    let headers: Vec<Vec<String>> = [&b, &o, &t].iter().filter_map(|v| v.header).map(names).collect();
    if headers.windows(2).any(|pair| pair[0] != pair[1]) {
        return Err(Unsupported::HeadersDiffer);
    }
    let columns = headers.first().map(|h| Columns::of(h)).unwrap_or_default();
    let (kb, ko, kt) = (
        columns.keyed(&b.lines),
        columns.keyed(&o.lines),
        columns.keyed(&t.lines),
    );
    let (mb, mo, mt): (HashMap<_, _>, HashMap<_, _>, HashMap<_, _>) = (
        kb.iter().cloned().collect(),
        ko.iter().cloned().collect(),
        kt.iter().cloned().collect(),
    );

    let mut notes = Vec::new();
    let mut decide = |key: &Key| {
        let (bl, ol, tl) = (mb.get(key).copied(), mo.get(key).copied(), mt.get(key).copied());
        let chosen = if ol == tl || bl == tl {
            ol
        } else if bl == ol {
            tl
        } else {
            match (ol, tl) {
                (Some(x), Some(y)) => match settle(&columns, x, y) {
                    Some((kept, rule)) => {
                        let other = if kept == x { y } else { x };
                        notes.push(note(key, rule, kept, Some(other)));
                        Some(kept)
                    }
                    None => return Outcome::Conflict(x, y),
                },
                (Some(kept), None) | (None, Some(kept)) => {
                    notes.push(note(key, Rule::ChangedOverDeleted, kept, None));
                    Some(kept)
                }
                (None, None) => None,
            }
        };
        chosen.map_or(Outcome::Drop, Outcome::Keep)
    };

    let order = order(&kb, &ko, &kt);
    let outcomes: Vec<Outcome> = order.iter().map(&mut decide).collect();

    let bom = three_way(b.bom, o.bom, t.bom);
    let crlf = three_way(b.crlf, o.crlf, t.crlf).unwrap_or(false);
    let header = three_way(b.header, o.header, t.header).or(o.header).or(t.header);
    let eol: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut bytes = Vec::with_capacity(ours.len().max(theirs.len()) + 64);
    if bom {
        bytes.extend_from_slice(UTF8_BOM);
    }
    let mut push = |line: &[u8]| {
        bytes.extend_from_slice(line);
        bytes.extend_from_slice(eol);
    };
    if let Some(header) = header {
        push(header);
    }
    let mut conflicts = 0;
    for outcome in outcomes {
        match outcome {
            Outcome::Keep(line) => push(line),
            Outcome::Drop => {}
            Outcome::Conflict(x, y) => {
                conflicts += 1;
                // i18n: not a message (git's conflict markers)
                push(b"<<<<<<< ours");
                push(x);
                push(b"=======");
                push(y);
                push(b">>>>>>> theirs");
            }
        }
    }
    if header.is_none() && bytes == UTF8_BOM {
        bytes.clear();
    }
    Ok(Merged {
        bytes,
        conflicts,
        notes,
    })
}

fn note(key: &Key, rule: Rule, kept: &[u8], other: Option<&[u8]>) -> Settled {
    let id = match key {
        Key::Id(id, _) => id.clone(),
        Key::Line(..) => String::new(),
    };
    Settled {
        id,
        rule,
        kept: String::from_utf8_lossy(kept).into_owned(),
        other: other.map(|o| String::from_utf8_lossy(o).into_owned()),
    }
}

/// Which of two changed versions of a record wins: the later `updated`, then the byte-wise
/// greater line; `None` when the table has no `updated` time or a version's cannot be read.
fn settle<'a>(columns: &Columns, x: &'a [u8], y: &'a [u8]) -> Option<(&'a [u8], Rule)> {
    let time = |line| {
        columns
            .field(columns.updated, line)
            .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
    };
    let (tx, ty) = (time(x)?, time(y)?);
    Some(match tx.cmp(&ty) {
        std::cmp::Ordering::Greater => (x, Rule::Later),
        std::cmp::Ordering::Less => (y, Rule::Later),
        std::cmp::Ordering::Equal => (x.max(y), Rule::Tie),
    })
}

/// Records in order, each with its line.
type Block = Vec<(Key, Vec<u8>)>;

/// The order records are written in: the records of the base in the base's order (or the
/// order of a side that rearranged them, followed by those it dropped), then the records new on both sides, then each
/// side's new records as one block, the block whose first line sorts first before the other.
/// Nothing here depends on which side is ours, except when both sides rearranged the base.
fn order(base: &[(Key, &[u8])], ours: &[(Key, &[u8])], theirs: &[(Key, &[u8])]) -> Vec<Key> {
    let in_base: HashSet<&Key> = base.iter().map(|(k, _)| k).collect();
    let in_ours: HashSet<&Key> = ours.iter().map(|(k, _)| k).collect();
    let in_theirs: HashSet<&Key> = theirs.iter().map(|(k, _)| k).collect();
    // The base records each side kept, in that side's order.
    let kept = |side: &[(Key, &[u8])], in_side: &HashSet<&Key>| -> (Vec<Key>, Vec<Key>) {
        let base_order = base
            .iter()
            .map(|(k, _)| k)
            .filter(|k| in_side.contains(k))
            .cloned()
            .collect();
        let side_order = side
            .iter()
            .map(|(k, _)| k)
            .filter(|k| in_base.contains(k))
            .cloned()
            .collect();
        (base_order, side_order)
    };
    let (base_by_ours, ours_order) = kept(ours, &in_ours);
    let (base_by_theirs, theirs_order) = kept(theirs, &in_theirs);
    let chosen = match (ours_order != base_by_ours, theirs_order != base_by_theirs) {
        (false, false) => Vec::new(),
        (false, true) => theirs_order,
        (true, _) => ours_order,
    };
    let mut keys = Vec::with_capacity(base.len() + ours.len() + theirs.len());
    let mut placed: HashSet<Key> = HashSet::new();
    for key in chosen.into_iter().chain(base.iter().map(|(k, _)| k.clone())) {
        if placed.insert(key.clone()) {
            keys.push(key);
        }
    }
    // Records new on a side, in its order, as (key, line).
    let new = |side: &[(Key, &[u8])]| -> Block {
        side.iter()
            .filter(|(k, _)| !in_base.contains(k))
            .map(|(k, l)| (k.clone(), l.to_vec()))
            .collect()
    };
    let (new_ours, new_theirs) = (new(ours), new(theirs));
    let both: HashSet<&Key> = new_ours
        .iter()
        .map(|(k, _)| k)
        .filter(|k| in_theirs.contains(k))
        .collect();
    let split =
        |side: &[(Key, Vec<u8>)]| -> (Block, Block) { side.iter().cloned().partition(|(k, _)| both.contains(k)) };
    let (shared_ours, only_ours) = split(&new_ours);
    let (shared_theirs, only_theirs) = split(&new_theirs);
    let lines = |block: &[(Key, Vec<u8>)]| block.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>();
    let shared = if lines(&shared_ours) <= lines(&shared_theirs) {
        shared_ours
    } else {
        shared_theirs
    };
    let (first, second) = if lines(&only_ours) <= lines(&only_theirs) {
        (only_ours, only_theirs)
    } else {
        (only_theirs, only_ours)
    };
    for (key, _) in shared.into_iter().chain(first).chain(second) {
        if placed.insert(key.clone()) {
            keys.push(key);
        }
    }
    keys
}

#[cfg(test)]
mod tests;
