//! Record ids: short enough to type, random enough that clones never collide, and
//! resolvable from any unique prefix the way git resolves short hashes.

use rand::{Rng, RngExt};
use rust_i18n::t;

use crate::error::{Error, Result};

/// Crockford's base32 alphabet: no I, L, O or U, so ids survive being read aloud or retyped.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh id `PREFIX` + `chars` random characters that `taken` does not already hold.
///
/// Each character carries 5 bits. Customers get 8 (40 bits: two clones that each add a
/// thousand customers before merging collide with odds of about one in a million, and a new id
/// is also checked against the table). Tables that grow to millions of records and are
/// appended to without being read (visits) get 10 (50 bits: about one chance in 2,000 of any
/// collision among a million records).
pub fn generate(prefix: &str, chars: usize, rng: &mut impl Rng, taken: impl Fn(&str) -> bool) -> String {
    loop {
        let mut id = String::with_capacity(prefix.len() + chars);
        id.push_str(prefix);
        for _ in 0..chars {
            id.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
        }
        if !taken(&id) {
            return id;
        }
    }
}

/// Checks an id the user chose (a company's own customer code, a staff id).
pub fn validate_code(field: &str, code: &str) -> Result<()> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if code.is_empty() || code.len() > 32 || !code.chars().all(ok_char) {
        return Err(Error::invalid(field, t!("id.not_usable", code = code).into_owned()));
    }
    Ok(())
}

/// Whether `reference` is a prefix of `id`, ignoring case; the table's prefix may be left off
/// (`7K3` matches `C-7K3QX9MA`).
pub fn matches_prefix(id: &str, table_prefix: &str, reference: &str) -> bool {
    let starts = |hay: &str| {
        hay.len() >= reference.len() && hay.as_bytes()[..reference.len()].eq_ignore_ascii_case(reference.as_bytes())
    };
    if reference.is_empty() {
        return false;
    }
    starts(id) || id.strip_prefix(table_prefix).is_some_and(starts)
}

/// Finds the one record that `reference` names: an exact id, else a unique id prefix or an
/// exact name. Several matches are an error listing them all.
pub fn resolve<'a, T>(
    records: &'a [T],
    what: &'static str,
    table_prefix: &str,
    reference: &str,
    id_of: impl Fn(&'a T) -> &'a str,
    name_of: impl Fn(&'a T) -> &'a str,
) -> Result<&'a T> {
    let reference_trimmed = reference.trim();
    // A whole id, in any case, beats the longer ids it is a prefix of (`kh-1` is not `KH-10`).
    if let Some(exact) = records.iter().find(|r| id_of(r) == reference_trimmed).or_else(|| {
        records
            .iter()
            .find(|r| id_of(r).eq_ignore_ascii_case(reference_trimmed))
    }) {
        return Ok(exact);
    }
    let matches: Vec<&T> = records
        .iter()
        .filter(|r| matches_prefix(id_of(r), table_prefix, reference_trimmed) || name_of(r).trim() == reference_trimmed)
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::not_found(what, reference.to_string())),
        many => Err(Error::Ambiguous {
            what,
            reference: reference.to_string(),
            candidates: many.iter().map(|r| format!("{} ({})", id_of(r), name_of(r))).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn generated_ids_use_the_prefix_and_alphabet() {
        let mut rng = StdRng::seed_from_u64(7);
        let id = generate("C-", 8, &mut rng, |_| false);
        assert_eq!(id.len(), 10);
        assert!(id.starts_with("C-"));
        assert!(id[2..].bytes().all(|b| ALPHABET.contains(&b)));
    }

    #[test]
    fn generate_skips_taken_ids() {
        let mut first = StdRng::seed_from_u64(1);
        let taken = generate("C-", 8, &mut first, |_| false);
        let mut again = StdRng::seed_from_u64(1);
        let next = generate("C-", 8, &mut again, |id| id == taken);
        assert_ne!(next, taken);
    }

    #[test]
    fn prefix_matching_ignores_case_and_table_prefix() {
        assert!(matches_prefix("C-7K3QX9MA", "C-", "c-7k"));
        assert!(matches_prefix("C-7K3QX9MA", "C-", "7K3"));
        assert!(!matches_prefix("C-7K3QX9MA", "C-", "7K4"));
        assert!(!matches_prefix("C-7K3QX9MA", "C-", ""));
    }

    #[test]
    fn resolve_prefers_exact_id_then_unique_prefix_or_name() {
        let rows = vec![("C-AAAA1111", "甲"), ("C-AAAB2222", "乙"), ("KH-1", "丙")];
        let find = |r: &str| resolve(&rows, "customer", "C-", r, |x| x.0, |x| x.1).map(|x| x.0);
        assert_eq!(find("KH-1").unwrap(), "KH-1");
        assert_eq!(find("aaab").unwrap(), "C-AAAB2222");
        assert_eq!(find("乙").unwrap(), "C-AAAB2222");
        assert!(matches!(find("AAA"), Err(Error::Ambiguous { ref candidates, .. }) if candidates.len() == 2));
        assert!(matches!(find("ZZZ"), Err(Error::NotFound { .. })));
        // Regression: a name a hand edit left with spaces around it could not be found.
        let spaced = vec![("C-1", " 上海浦东联华烟酒店 ")];
        assert!(resolve(&spaced, "customer", "C-", "上海浦东联华烟酒店", |x| x.0, |x| x.1).is_ok());
        // Regression: a whole id typed in another case was ambiguous with longer ids.
        let rows = vec![("KH-1", "a"), ("KH-10", "b")];
        let found = resolve(&rows, "customer", "C-", "kh-1", |x| x.0, |x| x.1).unwrap();
        assert_eq!(found.0, "KH-1");
    }
}
