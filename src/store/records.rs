//! Splitting a table's text into records, fast.
//!
//! `cs` writes one record per line, and most lines hold no double quote: such a line is split
//! at its commas directly, a few instructions a byte. A line with a quote (or a stray carriage
//! return) is read by `csv_core`, the state machine under the `csv` crate, from that line on,
//! so that every such line, broken ones included, reads exactly as the `csv` crate reads it:
//! the same fields, the same record boundaries, blank lines skipped.

use memchr::{memchr, memchr_iter, memchr2};

/// The fields of one record: slices of the text, or of the reader's buffer for a quoted line.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    data: &'a [u8],
    bounds: &'a [(usize, usize)],
}

impl<'a> Fields<'a> {
    /// Fields made elsewhere than from a table's text: `bounds` are byte ranges of `data`,
    /// which must be UTF-8 at every bound.
    pub(crate) fn from_parts(data: &'a [u8], bounds: &'a [(usize, usize)]) -> Self {
        Fields { data, bounds }
    }

    /// How many fields there are.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    /// The bytes of field `index` (unquoted); panics when there is no such field.
    pub fn get(&self, index: usize) -> &'a [u8] {
        let (start, end) = self.bounds[index];
        &self.data[start..end]
    }

    /// Every field in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).map(|index| self.get(index))
    }

    /// The bytes of the fields together, to search them all at once.
    pub fn joined(&self) -> &'a [u8] {
        match (self.bounds.first(), self.bounds.last()) {
            (Some(first), Some(last)) => &self.data[first.0..last.1],
            _ => &[],
        }
    }
}

/// One record and where it starts.
#[derive(Debug, Clone, Copy)]
pub struct RawRecord<'r> {
    /// Its fields.
    pub fields: Fields<'r>,
    /// The offset of its first byte in the text.
    pub start: usize,
    /// The number of the line it starts on.
    pub line: u64,
}

/// Reads records from a text, one at a time.
pub struct RecordReader<'a> {
    text: &'a [u8],
    /// Where the next record, or the blank lines before it, starts.
    at: usize,
    /// The number of the line `at` is on.
    line: u64,
    bounds: Vec<(usize, usize)>,
    quoted: csv_core::Reader,
    output: Vec<u8>,
    ends: Vec<usize>,
}

impl<'a> RecordReader<'a> {
    /// A reader of `text`, whose first line has the number `first_line`.
    pub fn new(text: &'a [u8], first_line: u64) -> Self {
        RecordReader {
            text,
            at: 0,
            line: first_line,
            bounds: Vec::with_capacity(32),
            quoted: csv_core::Reader::new(),
            output: vec![0; 1024],
            ends: vec![0; 32],
        }
    }

    /// The next record, `None` at the end of the text.
    pub fn next_record(&mut self) -> Option<RawRecord<'_>> {
        // Blank lines between records are nothing, as the csv crate reads them.
        while let Some(&byte @ (b'\n' | b'\r')) = self.text.get(self.at) {
            self.line += u64::from(byte == b'\n');
            self.at += 1;
        }
        if self.at >= self.text.len() {
            return None;
        }
        let (start, line) = (self.at, self.line);
        let rest = &self.text[start..];
        let newline = memchr(b'\n', rest);
        let mut content = &rest[..newline.unwrap_or(rest.len())];
        if let [head @ .., b'\r'] = content {
            content = head;
        }
        if memchr2(b'"', b'\r', content).is_some() {
            return self.quoted_record(start, line);
        }
        self.bounds.clear();
        let mut field_start = start;
        for_each_comma(content, |comma| {
            self.bounds.push((field_start, start + comma));
            field_start = start + comma + 1;
        });
        self.bounds.push((field_start, start + content.len()));
        match newline {
            Some(found) => {
                self.at = start + found + 1;
                self.line += 1;
            }
            None => self.at = self.text.len(),
        }
        Some(RawRecord {
            fields: Fields {
                data: self.text,
                bounds: &self.bounds,
            },
            start,
            line,
        })
    }

    /// Reads the record at `start` with `csv_core`, which may take it over several lines.
    fn quoted_record(&mut self, start: usize, line: u64) -> Option<RawRecord<'_>> {
        use csv_core::ReadRecordResult as Read;
        self.quoted.reset();
        let mut input = &self.text[start..];
        let (mut written, mut fields) = (0, 0);
        loop {
            let (result, read, wrote, ended) =
                self.quoted
                    .read_record(input, &mut self.output[written..], &mut self.ends[fields..]);
            input = &input[read..];
            written += wrote;
            fields += ended;
            match result {
                // All the input is given at once, so the next call, with none, says it ended.
                Read::InputEmpty => {}
                Read::OutputFull => self.output.resize(self.output.len() * 2, 0),
                Read::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Read::Record => break,
                Read::End => {
                    self.at = self.text.len();
                    return None;
                }
            }
        }
        let end = self.text.len() - input.len();
        self.line += memchr_iter(b'\n', &self.text[start..end]).count() as u64;
        self.at = end;
        self.bounds.clear();
        let mut field_start = 0;
        for &field_end in &self.ends[..fields] {
            self.bounds.push((field_start, field_end));
            field_start = field_end;
        }
        Some(RawRecord {
            fields: Fields {
                data: &self.output[..written],
                bounds: &self.bounds,
            },
            start,
            line,
        })
    }
}

/// Calls `found` with the offset of every comma in `text`, in order. Eight bytes at a time:
/// a line has a comma every dozen bytes or so, and a search call per comma costs more than
/// looking at the bytes.
fn for_each_comma(text: &[u8], mut found: impl FnMut(usize)) {
    const COMMAS: u64 = u64::from_ne_bytes([b','; 8]);
    const LOW_BITS: u64 = u64::from_ne_bytes([0x7f; 8]);
    let mut chunks = text.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let diff = word ^ COMMAS;
        // The top bit of each byte is set where the byte is a comma (no carry crosses bytes).
        let mut commas = !(((diff & LOW_BITS) + LOW_BITS) | diff) & !LOW_BITS;
        while commas != 0 {
            found(base + commas.trailing_zeros() as usize / 8);
            commas &= commas - 1;
        }
        base += 8;
    }
    for (offset, &byte) in chunks.remainder().iter().enumerate() {
        if byte == b',' {
            found(base + offset);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields_of(text: &[u8]) -> Vec<(u64, usize, Vec<Vec<u8>>)> {
        let mut reader = RecordReader::new(text, 1);
        let mut out = Vec::new();
        while let Some(record) = reader.next_record() {
            out.push((
                record.line,
                record.start,
                record.fields.iter().map(<[u8]>::to_vec).collect(),
            ));
        }
        out
    }

    /// What the csv crate reads from the same text, as `cs` configures it.
    fn csv_fields(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            out.push(record.iter().map(<[u8]>::to_vec).collect());
        }
        out
    }

    #[test]
    fn splits_plain_and_quoted_lines() {
        let text = b"a,b,c\r\n\"x,\"\"y\"\"\",,z\n\n1,2\n";
        let read = fields_of(text);
        assert_eq!(read.len(), 3);
        assert_eq!(read[0], (1, 0, vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]));
        assert_eq!(read[1].0, 2);
        assert_eq!(read[1].2, vec![b"x,\"y\"".to_vec(), Vec::new(), b"z".to_vec()]);
        assert_eq!(read[2], (4, 21, vec![b"1".to_vec(), b"2".to_vec()]));
    }

    #[test]
    fn an_open_quote_runs_to_the_next_lines_as_in_the_csv_crate() {
        let text = b"1,\"oops\n2,x\n3,y\n";
        let read = fields_of(text);
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].2[1], b"oops\n2,x\n3,y\n".to_vec());
    }

    proptest! {
        #[test]
        fn finds_every_comma(text in "[,a-z中é\\-+.]{0,40}") {
            let mut found = Vec::new();
            for_each_comma(text.as_bytes(), |at| found.push(at));
            let expected: Vec<usize> = text.bytes().enumerate().filter(|(_, b)| *b == b',').map(|(at, _)| at).collect();
            prop_assert_eq!(found, expected);
        }

        /// Any text, well formed or not, reads as the csv crate reads it.
        #[test]
        fn reads_what_the_csv_crate_reads(pieces in prop::collection::vec(
            prop::sample::select(vec!["a", "中", ",", "\"", "\n", "\r", "\r\n", " ", "\"\""]),
            0..60,
        )) {
            let text = pieces.concat();
            let ours: Vec<Vec<Vec<u8>>> = fields_of(text.as_bytes()).into_iter().map(|r| r.2).collect();
            prop_assert_eq!(ours, csv_fields(text.as_bytes()));
        }

        /// Each record's line number is the line its first byte is on.
        #[test]
        fn line_numbers_count_the_line_breaks_before(pieces in prop::collection::vec(
            prop::sample::select(vec!["a", ",", "\"", "\n", "\r\n", "\r"]),
            0..40,
        )) {
            let text = pieces.concat();
            for (line, start, _) in fields_of(text.as_bytes()) {
                let before = text.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count() as u64;
                prop_assert_eq!(line, before + 1);
            }
        }
    }
}
