//! Cells that a spreadsheet will not run: CSV injection (formula injection) neutralised the
//! way OWASP advises, and undone for the importer.
//!
//! A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` as a formula, and some
//! also act on a leading tab or carriage return; a customer named `=HYPERLINK("http://x")`
//! would become a link in whoever opens the export. Such a cell is written with a single quote
//! in front, which spreadsheets show as text. A number (`-5`, `+3.5`) is not a formula and is
//! left alone, so it stays a number. Nothing here reads or writes files.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula (or act on it).
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The quote put in front of a cell a spreadsheet would run.
const QUOTE: char = '\'';

/// What a column holds, for a spreadsheet: text, or a value it can compute with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Text, written as stored (and neutralised).
    Text,
    /// A number (a score, a count).
    Number,
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// A moment, RFC 3339 with its offset.
    DateTime,
}

/// The cell as it is safe to write in CSV or a spreadsheet: prefixed with `'` when it begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a number.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if TRIGGERS.contains(&first) && !is_number(cell) => {
            let mut safe = String::with_capacity(cell.len() + 1);
            safe.push(QUOTE);
            safe.push_str(cell);
            Cow::Owned(safe)
        }
        _ => Cow::Borrowed(cell),
    }
}

/// What [`neutralise`] undoes: one leading `'` is dropped when one of the characters it
/// guards against follows. For every text not beginning with `'`,
/// `unneutralise(&neutralise(x)) == x`.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix(QUOTE) {
        Some(rest) if rest.starts_with(TRIGGERS) => rest,
        _ => cell,
    }
}

/// Whether the text is a plain decimal number (`-5`, `+3.5`, `-0.25`, `1e3`): what a
/// spreadsheet reads as a number rather than a formula.
pub fn is_number(text: &str) -> bool {
    let digits = text.trim_start_matches(['+', '-']);
    // One sign at most, and only the characters of a decimal number: `f64` alone would take
    // `inf` and `NaN` too.
    text.len() - digits.len() <= 1
        && digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && text.parse::<f64>().is_ok_and(f64::is_finite)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn formulas_are_quoted() {
        assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralise("+86 571 8797 1234"), "'+86 571 8797 1234");
        assert_eq!(neutralise("-"), "'-");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("\r=1"), "'\r=1");
        assert_eq!(neutralise("-1+2"), "'-1+2");
        assert_eq!(neutralise("-inf"), "'-inf");
        assert_eq!(neutralise("+NaN"), "'+NaN");
        assert_eq!(neutralise("--5"), "'--5");
    }

    #[test]
    fn numbers_and_plain_text_are_left_alone() {
        for cell in [
            "-5",
            "+3.5",
            "-0.25",
            "-.5",
            "-1e3",
            "42",
            "杭州西湖国宾馆",
            "a=b",
            "",
            "0571-87971234",
        ] {
            assert!(matches!(neutralise(cell), Cow::Borrowed(c) if c == cell), "{cell}");
        }
    }

    #[test]
    fn unneutralise_drops_only_the_quote_neutralise_added() {
        assert_eq!(unneutralise("'=1"), "=1");
        assert_eq!(unneutralise("'+86"), "+86");
        assert_eq!(unneutralise("'abc"), "'abc");
        assert_eq!(unneutralise("''=1"), "''=1");
        assert_eq!(unneutralise("'"), "'");
        assert_eq!(unneutralise("-5"), "-5");
    }

    proptest! {
        /// Every text not beginning with a quote comes back from the round trip as it was.
        #[test]
        fn unneutralise_undoes_neutralise(x in "(\\PC|[=+\\-@\t\r0-9.eE'])*") {
            prop_assume!(!x.starts_with('\''));
            let safe = neutralise(&x);
            prop_assert_eq!(unneutralise(&safe), x.as_str());
        }

        /// Numbers with a sign stay as they are; what is quoted never begins with a trigger.
        #[test]
        fn numbers_stay_numbers(n in -1.0e9f64..1.0e9, plus in any::<bool>()) {
            let text = if plus && n >= 0.0 { format!("+{n}") } else { n.to_string() };
            prop_assert_eq!(neutralise(&text), text.as_str());
        }

        /// A neutralised cell never begins with a character a spreadsheet acts on, unless it
        /// is a number.
        #[test]
        fn neutralised_cells_are_safe(x in "(\\PC|[=+\\-@\t\r])*") {
            let safe = neutralise(&x);
            prop_assert!(!safe.starts_with(TRIGGERS) || is_number(&safe));
        }
    }
}
