//! The version of the data directory's format, `format` at the top of `cs.toml`.
//!
//! A data directory written by a newer `cs` may store things this one would misread, so it is
//! refused whole rather than read in part. A missing key is format 1: every data directory made
//! before the key existed is format 1. Nothing here reads the disk.

use rust_i18n::t;

/// The newest format this `cs` reads and the one `cs init` writes.
pub const FORMAT: i64 = 1;

/// The format a `cs.toml` text declares: its top-level `format`, 1 when there is none. `None`
/// when the text is not TOML or `format` is not a whole number (settings validation says why).
pub fn declared(text: &str) -> Option<i64> {
    let table: toml::Table = toml::from_str(text).ok()?;
    match table.get("format") {
        None => Some(1),
        Some(value) => value.as_integer(),
    }
}

/// Why a declared format cannot be read, if it cannot: newer than [`FORMAT`], or not a
/// format at all (zero or less).
pub fn problem(format: i64) -> Option<String> {
    if format > FORMAT {
        Some(t!("format.newer", found = format, supported = FORMAT).into_owned())
    } else if format < 1 {
        Some(t!("format.invalid", found = format).into_owned())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_is_format_one_and_newer_ones_are_refused() {
        assert_eq!(declared("[company]\nname = \"x\"\n"), Some(1));
        assert_eq!(declared("format = 2\n[company]\n"), Some(2));
        assert_eq!(declared("format = \"two\"\n"), None);
        assert_eq!(declared("not toml ["), None);
        assert_eq!(problem(1), None);
        assert!(problem(FORMAT + 1).is_some());
        assert!(problem(0).is_some());
    }
}
