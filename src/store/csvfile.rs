//! The CSV codec of every record table: one record per physical line, columns found by header
//! name, UTF-8 with or without a BOM, LF or CRLF in, LF out.
//!
//! A line break inside a field is written as `\n` (and a backslash as `\\`) so that each record
//! stays on one line, which keeps git diffs and merges line-based. This module never decides
//! what a value means; it hands back text with the position of every field.

use std::borrow::Cow;
use std::ops::Range;

use rust_i18n::t;

use crate::error::Problem;
use crate::store::records::{RawRecord, RecordReader};
use crate::store::table::Row;

/// The byte-order mark some Windows programs put at the start of UTF-8 files.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the header row.
pub fn encode_header(columns: &[&str]) -> Vec<u8> {
    encode_rows(std::iter::once(columns.iter().map(|c| c.to_string()).collect()))
}

/// Writes records, one line each, escaping line breaks and backslashes in every field.
pub fn encode_rows(rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail.
        writer
            .write_record(row.iter().map(|field| escape(field).into_owned()))
            .expect("writing CSV to memory");
    }
    writer.into_inner().expect("flushing CSV to memory")
}

/// The line of one record's fields, escaped as [`escape`] does, ending in `\n`: byte for byte
/// what [`encode_rows`] writes (a test holds the two together), without a CSV writer per line,
/// since an import writes a million. A field holding a comma or a quote is quoted, as the
/// `csv` crate quotes when it must.
pub fn encode_line<'f>(fields: impl IntoIterator<Item = &'f str>) -> Vec<u8> {
    let mut line = Vec::with_capacity(128);
    let mut count = 0;
    for field in fields {
        if count > 0 {
            line.push(b',');
        }
        count += 1;
        let field = escape(field);
        let bytes = field.as_bytes();
        if memchr::memchr3(b',', b'"', b'\n', bytes).is_some() {
            line.push(b'"');
            for &byte in bytes {
                if byte == b'"' {
                    line.push(b'"');
                }
                line.push(byte);
            }
            line.push(b'"');
        } else {
            line.extend_from_slice(bytes);
        }
    }
    // One empty field alone would be an empty line, which readers skip.
    if count == 1 && line.is_empty() {
        line.extend_from_slice(b"\"\"");
    }
    line.push(b'\n');
    line
}

/// Escapes backslashes and line breaks so a field never spans lines.
pub fn escape(field: &str) -> Cow<'_, str> {
    if memchr::memchr3(b'\\', b'\n', b'\r', field.as_bytes()).is_none() {
        return Cow::Borrowed(field);
    }
    let mut out = String::with_capacity(field.len() + 4);
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Restores what [`escape`] wrote; a backslash before any other character is kept as it is,
/// so hand-typed paths like `C:\docs` survive.
pub fn unescape(field: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\\', field.as_bytes()).is_none() {
        return Cow::Borrowed(field);
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    Cow::Owned(out)
}

/// Where each column of a header line sits among `columns`: `None` when the header is
/// `columns` in order, else the index into `columns` for each header column.
pub fn header_order(header_line: &[u8], columns: &[&str]) -> Result<Option<Vec<usize>>, String> {
    let line = header_line.strip_prefix(UTF8_BOM).unwrap_or(header_line);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(line);
    let mut header = csv::StringRecord::new();
    if !reader
        .read_record(&mut header)
        .map_err(|e| t!("csvfile.header_unreadable", error = e).into_owned())?
    {
        return Ok(None);
    }
    let order = header
        .iter()
        .map(|name| {
            columns
                .iter()
                .position(|c| *c == name.trim())
                .ok_or_else(|| t!("csvfile.unknown_header_column", name = name.trim()).into_owned())
        })
        .collect::<Result<Vec<_>, _>>()?;
    if order.len() != columns.len() {
        return Err(t!("csvfile.header_width", found = order.len(), expected = columns.len()).into_owned());
    }
    Ok((!order.iter().enumerate().all(|(i, &at)| i == at)).then_some(order))
}

/// How one file's header lines up with a table's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The file's header, trimmed.
    pub names: Vec<String>,
    /// For each of the table's columns, its position in the file's header.
    pub positions: Vec<usize>,
    /// Where each column of the file's header sits among the table's columns, when the file
    /// orders them differently from `cs`; `None` for `cs`'s own order.
    pub order: Option<Vec<usize>>,
    /// Whether the file's lines end with CRLF (a file saved by Excel), which a rewrite keeps.
    pub crlf: bool,
    /// Where the first record's line starts (after a byte order mark and the header).
    pub body_start: usize,
}

/// Reads a table's bytes. Calls `row` for each record with the byte range of its line in
/// `bytes`, and `problem` for each line that cannot be read. A header that does not fit
/// `columns` is returned as the error: then nothing in the file can be trusted.
pub fn decode(
    bytes: &[u8],
    file: &str,
    columns: &[&str],
    row: impl FnMut(Row<'_>, Range<usize>),
    problem: impl FnMut(Problem),
) -> Result<Layout, Problem> {
    let layout = read_header(bytes, file, columns)?;
    decode_records(bytes, layout.body_start, 2, file, &layout, row, problem);
    Ok(layout)
}

/// Reads the header line of a table's bytes and matches it against `columns`.
pub fn read_header(bytes: &[u8], file: &str, columns: &[&str]) -> Result<Layout, Problem> {
    let bom = if bytes.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
    let body = &bytes[bom..];
    if is_conflict_marker(body) {
        return Err(Problem::at(file, Some(1), None, t!("git.conflict_marker")));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(body);
    let header = reader
        .byte_headers()
        .map_err(|e| Problem::at(file, Some(1), None, t!("csvfile.header_unreadable", error = e)))?
        .clone();
    if header.is_empty() {
        return Err(Problem::at(
            file,
            Some(1),
            None,
            t!("csvfile.empty", header = columns.join(",")),
        ));
    }
    let names: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let header_end = body.iter().position(|&b| b == b'\n');
    let crlf = header_end.is_some_and(|end| end > 0 && body[end - 1] == b'\r');
    let body_start = bom + header_end.map_or(body.len(), |end| end + 1);
    layout_of(file, names, columns, crlf, body_start)
}

/// The layout of a file whose header is `names`, or the problem with that header.
pub fn layout_of(
    file: &str,
    names: Vec<String>,
    columns: &[&str],
    crlf: bool,
    body_start: usize,
) -> Result<Layout, Problem> {
    let positions = header_positions(file, &names, columns)?;
    let order = (!positions.iter().enumerate().all(|(i, &at)| i == at)).then(|| {
        names
            .iter()
            .map(|n| columns.iter().position(|c| c == n).expect("checked above"))
            .collect()
    });
    Ok(Layout {
        names,
        positions,
        order,
        crlf,
        body_start,
    })
}

/// Reads the records of `bytes[start..]`, which begins a line (line number `first_line`) of a
/// file laid out as `layout`. Calls `row` for each record with the byte range of its line in
/// `bytes`, and `problem` for each line that cannot be read.
pub fn decode_records(
    bytes: &[u8],
    start: usize,
    first_line: u64,
    file: &str,
    layout: &Layout,
    mut row: impl FnMut(Row<'_>, Range<usize>),
    mut problem: impl FnMut(Problem),
) {
    let body = &bytes[start.min(bytes.len())..];
    let names = &layout.names;
    // One pass over the whole text (with SIMD) instead of one per record: a file that is all
    // UTF-8, as files almost always are, needs no more checks; otherwise each record is checked
    // to name the one at fault.
    let all_utf8 = simdutf8::basic::from_utf8(body).is_ok();
    let mut reader = RecordReader::new(body, first_line);
    while let Some(RawRecord {
        fields,
        start: at,
        line,
    }) = reader.next_record()
    {
        if is_conflict_marker(&body[at..]) {
            problem(Problem::at(file, Some(line), None, t!("git.conflict_marker")));
            continue;
        }
        if !all_utf8 && let Some(field) = (0..fields.len()).find(|&f| std::str::from_utf8(fields.get(f)).is_err()) {
            // Bad UTF-8 spoils one record, not the lines after it.
            problem(Problem::at(
                file,
                Some(line),
                names.get(field).map(String::as_str),
                t!("csvfile.not_utf8"),
            ));
            continue;
        }
        if fields.len() != names.len() {
            problem(Problem::at(
                file,
                Some(line),
                None,
                t!("csvfile.field_count", found = fields.len(), expected = names.len()),
            ));
            continue;
        }
        // cs writes line breaks as `\n`; a real one means a quote was left open (or a
        // spreadsheet wrote a multi-line cell), and reading on would swallow the records that
        // follow.
        if memchr::memchr2(b'\n', b'\r', fields.joined()).is_some() {
            let field = fields.iter().position(|f| memchr::memchr2(b'\n', b'\r', f).is_some());
            problem(Problem::at(
                file,
                Some(line),
                field.and_then(|f| names.get(f)).map(String::as_str),
                t!("csvfile.multiline"),
            ));
            continue;
        }
        let end = memchr::memchr(b'\n', &body[at..]).map_or(body.len(), |found| at + found + 1);
        row(
            Row {
                file,
                line,
                record: fields,
                positions: &layout.positions,
            },
            start + at..start + end,
        );
    }
}

/// Whether a line is one of the markers git writes around the two versions of a conflict.
pub fn is_conflict_marker(line: &[u8]) -> bool {
    [b"<<<<<<<", b"=======", b">>>>>>>", b"|||||||"]
        .iter()
        .any(|marker| line.starts_with(*marker) && matches!(line.get(7), None | Some(b' ' | b'\r' | b'\n')))
}

/// For each of `columns`, its position among the header's `names`; a missing, unknown or
/// doubled column is an error.
fn header_positions(file: &str, names: &[String], columns: &[&str]) -> Result<Vec<usize>, Problem> {
    let mut positions = Vec::with_capacity(columns.len());
    for column in columns {
        match names.iter().position(|n| n == column) {
            Some(p) => positions.push(p),
            None => {
                return Err(Problem::at(file, Some(1), Some(column), t!("csvfile.missing_column")));
            }
        }
    }
    for (index, name) in names.iter().enumerate() {
        if !columns.contains(&name.as_str()) {
            return Err(Problem::at(
                file,
                Some(1),
                Some(name),
                t!("csvfile.unknown_column", columns = columns.join(",")),
            ));
        }
        if names[..index].contains(name) {
            return Err(Problem::at(file, Some(1), Some(name), t!("csvfile.column_twice")));
        }
    }
    Ok(positions)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The line encoder writes what the `csv` crate writes, for any fields.
        #[test]
        fn the_line_encoder_writes_what_encode_rows_writes(fields in proptest::collection::vec("[a-z,\"\\\\\n\r 中;=]{0,6}", 1..6)) {
            let line = encode_line(fields.iter().map(String::as_str));
            proptest::prop_assert_eq!(line, encode_rows([fields]));
        }
    }

    fn read(bytes: &[u8], columns: &[&str]) -> (Vec<(u64, Vec<String>)>, Vec<String>) {
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        if let Err(p) = decode(
            bytes,
            "t.csv",
            columns,
            |row, _| {
                let fields = row
                    .positions
                    .iter()
                    .map(|&at| unescape(std::str::from_utf8(row.record.get(at)).unwrap()).into_owned())
                    .collect();
                rows.push((row.line, fields))
            },
            |p| problems.push(p.to_string()),
        ) {
            problems.push(p.to_string());
        }
        (rows, problems)
    }

    #[test]
    fn reads_columns_by_name_with_bom_and_crlf() {
        let (rows, problems) = read(b"\xEF\xBB\xBFb,a\r\n2,1\r\n4,3\r\n", &["a", "b"]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            rows,
            vec![(2, vec!["1".into(), "2".into()]), (3, vec!["3".into(), "4".into()])]
        );
    }

    #[test]
    fn line_breaks_are_escaped_and_restored() {
        let original = vec!["a\nb\r\nc\\n, \"q\" 中文".to_string()];
        let bytes = encode_rows([vec!["x".to_string()], original.clone()]);
        assert_eq!(bytes.iter().filter(|&&b| b == b'\n').count(), 2, "one line per record");
        let (rows, _) = read(&bytes, &["x"]);
        assert_eq!(rows[0].1, original);
    }

    #[test]
    fn unknown_backslashes_are_kept() {
        assert_eq!(unescape("C:\\docs\\x"), "C:\\docs\\x");
        assert_eq!(unescape("a\\\\n"), "a\\n");
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let (rows, problems) = read(b"a,b\n1,2\n3\n5,6\n", &["a", "b"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(problems, vec!["t.csv:3: has 1 fields but the header has 2"]);
        let (_, problems) = read(b"a,b\n1,\xff\n", &["a", "b"]);
        assert_eq!(
            problems,
            vec!["t.csv:2: b: is not valid UTF-8 text (save the file as UTF-8)"]
        );
    }

    #[test]
    fn an_unmatched_quote_is_reported_not_swallowed() {
        // Regression: a stray quote made the records after it part of one field, silently.
        let (rows, problems) = read(b"a,b\n1,\"oops\n2,x\n3,y\n", &["a", "b"]);
        assert!(rows.is_empty());
        assert_eq!(
            problems,
            vec![
                "t.csv:2: b: a field runs over several lines: probably an unmatched double quote (cs writes a line break inside a field as \\n)"
            ]
        );
    }

    #[test]
    fn spans_cover_each_record_line_and_the_layout_notes_crlf() {
        let bytes = b"\xEF\xBB\xBFa,b\r\n1,2\r\n3,4";
        let mut spans = Vec::new();
        let layout = decode(bytes, "t.csv", &["b", "a"], |_, span| spans.push(span), |_| {}).unwrap();
        assert_eq!(spans, vec![8..13, 13..16]);
        assert_eq!(&bytes[spans[0].clone()], b"1,2\r\n");
        assert_eq!(layout.order, Some(vec![1, 0]));
        assert!(layout.crlf);
    }

    #[test]
    fn conflict_markers_are_named_as_such() {
        let (rows, problems) = read(
            b"a,b\n1,2\n<<<<<<< ours\n3,4\n=======\n3,5\n>>>>>>> theirs\n",
            &["a", "b"],
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(problems.len(), 3);
        assert!(problems[0].starts_with("t.csv:3: merge conflict"), "{problems:?}");
    }

    #[test]
    fn bad_utf8_spoils_only_its_own_line() {
        let (rows, problems) = read(b"a,b\n1,\xff\n3,4\n", &["a", "b"]);
        assert_eq!(rows, vec![(3, vec!["3".to_string(), "4".to_string()])]);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn header_order_maps_rearranged_columns() {
        assert_eq!(header_order(b"a,b\n", &["a", "b"]), Ok(None));
        assert_eq!(header_order(b"\xEF\xBB\xBFb,a\r\n", &["a", "b"]), Ok(Some(vec![1, 0])));
        assert!(header_order(b"a,c\n", &["a", "b"]).is_err());
    }

    #[test]
    fn header_problems_stop_the_read() {
        let (_, problems) = read(b"a,c\n1,2\n", &["a", "b"]);
        assert_eq!(problems, vec!["t.csv:1: b: column missing from the header row"]);
        let (_, problems) = read(b"a,b,c\n1,2,3\n", &["a", "b"]);
        assert_eq!(problems, vec!["t.csv:1: c: unknown column (expected a,b)"]);
        let (_, problems) = read(b"", &["a"]);
        assert_eq!(problems.len(), 1);
    }
}
