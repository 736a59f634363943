//! Reading `cs.toml` past its problems, so that one bad line (a typo, a conflict a merge left)
//! does not stop commands it does not concern, and `cs check` lists every problem at once.
//!
//! Each problem's part of the file is blanked out (replaced with spaces, so that every
//! offset and line number stays that of the real file) and the rest read again: a conflict
//! git left (both sides, until a person chooses), a key or table that does not parse, or the
//! smallest entry holding a key or value that does not fit (an unknown key, a value of the
//! wrong type, a table missing a key). What is left is read as usual.

use std::ops::Range;

use rust_i18n::t;
use toml_edit::{Item, Table};

use super::{Lines, RawSettings, key_at};
use crate::error::Problem;

/// At most this many problems are read past: a file with more is hardly `cs.toml`.
const MAX_PROBLEMS: usize = 100;

/// The raw settings of `text` without the parts that have problems, adding a problem for
/// each part left out, and the lines of the table headers above those parts (a problem later
/// found there, such as a key missing, follows from the part left out and says nothing new);
/// `None` when too little of it can be read.
pub(super) fn read(text: &str, file: &str, problems: &mut Vec<Problem>) -> Option<(RawSettings, Vec<u64>)> {
    let mut headers = Vec::new();
    let lines = Lines(text);
    let mut working = text.to_string();
    for conflict in conflicts(text) {
        let (first, last) = (lines.of(conflict.start), lines.of(conflict.end.saturating_sub(1)));
        problems.push(Problem::at(
            file,
            Some(first),
            None,
            t!("settings.conflict", first = first, last = last),
        ));
        blank(&mut working, conflict);
    }
    for _ in 0..MAX_PROBLEMS {
        let error = match toml::from_str::<RawSettings>(&working) {
            Ok(raw) => return Some((raw, headers)),
            Err(error) => error,
        };
        let at = error.span().map(|s| s.start);
        let key = at
            .and_then(|at| key_at(&working, at))
            .filter(|k| !error.message().contains(&format!("`{k}`")));
        problems.push(Problem::at(
            file,
            at.map(|at| lines.of(at)),
            key.as_deref(),
            error.message().trim().to_string(),
        ));
        let part = at.map(|at| part_at(&working, at))?;
        if working[part.clone()].trim().is_empty() {
            return None;
        }
        let is_header = |line: &str| line.trim_start().starts_with('[');
        let above = working[..part.start].lines().enumerate();
        if !is_header(&working[part.clone()])
            && let Some((header, _)) = above.filter(|(_, l)| is_header(l)).last()
        {
            headers.push(header as u64 + 1);
        }
        blank(&mut working, part);
    }
    None
}

/// The whole lines of each conflict git left (from `<<<<<<<` to `>>>>>>>`).
fn conflicts(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut start = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("<<<<<<<") {
            start.get_or_insert(at);
        } else if line.starts_with(">>>>>>>")
            && let Some(begin) = start.take()
        {
            found.push(begin..at + line.len());
        }
        at += line.len();
    }
    if let Some(begin) = start {
        found.push(begin..text.len());
    }
    found
}

/// The part of `text` to leave out for a problem at byte `at`: the smallest key-value or table
/// holding it, in whole lines; the line itself when the text is not TOML there.
fn part_at(text: &str, at: usize) -> Range<usize> {
    let found = toml_edit::Document::parse(text)
        .ok()
        .and_then(|doc| smallest_in(doc.as_table(), at));
    whole_lines(text, found.unwrap_or(at..at + 1))
}

/// The smallest entry of `table` (a key-value, or a table with everything in it) holding `at`.
fn smallest_in(table: &Table, at: usize) -> Option<Range<usize>> {
    for (key, item) in table.iter() {
        let key_span = table.key(key).and_then(|k| k.span());
        let found = match item {
            Item::Value(value) => span_over(key_span, value.span()).filter(|s| holds(s, at)),
            Item::Table(inner) => within_table(inner, at),
            Item::ArrayOfTables(array) => array.iter().find_map(|inner| within_table(inner, at)),
            Item::None => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Where `table` holds `at`: an entry of it, else the whole table, header and all.
fn within_table(table: &Table, at: usize) -> Option<Range<usize>> {
    let mut extent = table.span();
    for (key, item) in table.iter() {
        let key_span = table.key(key).and_then(|k| k.span());
        let item_span = match item {
            Item::Value(value) => value.span(),
            Item::Table(inner) => inner.span(),
            Item::ArrayOfTables(array) => array.span(),
            Item::None => None,
        };
        extent = span_over(extent, span_over(key_span, item_span));
    }
    let extent = extent.filter(|s| holds(s, at))?;
    smallest_in(table, at).or(Some(extent))
}

/// The span covering both, when either is known.
fn span_over(a: Option<Range<usize>>, b: Option<Range<usize>>) -> Option<Range<usize>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.start.min(b.start)..a.end.max(b.end)),
        (a, b) => a.or(b),
    }
}

fn holds(span: &Range<usize>, at: usize) -> bool {
    span.start <= at && at < span.end.max(span.start + 1)
}

/// `span` widened to the whole lines it touches (line breaks excluded at the end).
fn whole_lines(text: &str, span: Range<usize>) -> Range<usize> {
    // Bytes, not text: a span may start or end inside a character; line breaks are on
    // character boundaries whatever it does.
    let bytes = text.as_bytes();
    let first = span.start.min(bytes.len());
    let start = memchr::memrchr(b'\n', &bytes[..first]).map_or(0, |i| i + 1);
    let last = span.end.max(first + 1).min(bytes.len()).max(start);
    let end = memchr::memchr(b'\n', &bytes[last.saturating_sub(1).max(start)..])
        .map_or(bytes.len(), |i| last.saturating_sub(1).max(start) + i);
    start..end.max(start)
}

/// Replaces every character in `span` but line breaks with spaces of the same byte length.
fn blank(text: &mut String, span: Range<usize>) {
    let blanked: String = text[span.clone()]
        .chars()
        .map(|c| {
            if c == '\n' {
                "\n".to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    text.replace_range(span, &blanked);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conflict_is_blanked_whole_keeping_every_offset() {
        let text = "a = 1\n<<<<<<< HEAD\nb = 2\n=======\nb = 3\n>>>>>>> other\nc = 4\n";
        let found = conflicts(text);
        assert_eq!(found.len(), 1);
        let mut working = text.to_string();
        blank(&mut working, found[0].clone());
        assert_eq!(working.len(), text.len());
        assert_eq!(working.lines().collect::<Vec<_>>()[6], "c = 4");
        assert!(working.lines().skip(1).take(5).all(|l| l.trim().is_empty()));
    }

    #[test]
    fn the_smallest_entry_holding_a_problem_is_left_out() {
        let text = "[company]\nname = \"甲\"\ncolour = \"red\"\n\n[[staff]]\nid = \"wang\"\nname = 3\n";
        let colour = text.find("colour").unwrap();
        assert_eq!(&text[part_at(text, colour)], "colour = \"red\"");
        let three = text.find('3').unwrap();
        assert_eq!(&text[part_at(text, three)], "name = 3");
        let header = text.find("[[staff]]").unwrap();
        assert_eq!(&text[part_at(text, header)], "[[staff]]\nid = \"wang\"\nname = 3");
    }

    /// Found by the fuzz test: a problem inside a character that is not one byte long.
    #[test]
    fn a_problem_inside_a_character_leaves_out_its_line() {
        let text = "a = 1\nname = \"甲乙\"x\nb = 2\n";
        let inside = text.find('甲').unwrap() + 1;
        assert_eq!(&text[whole_lines(text, inside..inside + 1)], "name = \"甲乙\"x");
        let mut problems = Vec::new();
        read(text, "cs.toml", &mut problems);
        assert!(!problems.is_empty());
    }
}
