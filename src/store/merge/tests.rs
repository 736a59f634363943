use proptest::prelude::*;

use super::*;
use crate::store::{customer_history, customers, visits};

/// A customers file: the header and one line per `(id, name, updated)`.
fn customers_file(records: &[(&str, &str, &str)], eol: &str, bom: bool) -> Vec<u8> {
    let mut text = String::new();
    if bom {
        text.push('\u{feff}');
    }
    text.push_str(&customers::TABLE.columns.join(","));
    text.push_str(eol);
    for (id, name, updated) in records {
        text.push_str(&customer_line(id, name, updated));
        text.push_str(eol);
    }
    text.into_bytes()
}

fn customer_line(id: &str, name: &str, updated: &str) -> String {
    format!("{id},{name},A,active,,,,0571-1,,,,,,,2026-11-01T09:00:00+08:00,{updated},")
}

const T1: &str = "2026-11-01T09:00:00+08:00";
const T2: &str = "2026-11-02T09:00:00+08:00";
const T3: &str = "2026-11-03T09:00:00+08:00";

fn both_ways(base: &[u8], ours: &[u8], theirs: &[u8]) -> Merged {
    let one = merge(base, ours, theirs).unwrap();
    let other = merge(base, theirs, ours).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&one.bytes),
        String::from_utf8_lossy(&other.bytes),
        "the same file whichever side is ours"
    );
    one
}

fn text(merged: &Merged) -> String {
    String::from_utf8(merged.bytes.clone()).unwrap()
}

#[test]
fn records_added_on_each_side_are_all_kept() {
    let base = customers_file(&[("C-1", "甲", T1)], "\n", false);
    let ours = customers_file(&[("C-1", "甲", T1), ("C-2", "乙", T1)], "\n", false);
    let theirs = customers_file(&[("C-1", "甲", T1), ("C-3", "丙", T1), ("C-4", "丁", T1)], "\n", false);
    let merged = both_ways(&base, &ours, &theirs);
    assert_eq!(merged.conflicts, 0);
    assert!(merged.notes.is_empty());
    let expected = customers_file(
        &[
            ("C-1", "甲", T1),
            ("C-2", "乙", T1),
            ("C-3", "丙", T1),
            ("C-4", "丁", T1),
        ],
        "\n",
        false,
    );
    assert_eq!(text(&merged), String::from_utf8(expected).unwrap());
}

#[test]
fn neighbouring_edits_are_both_kept_once() {
    // Regression: a union merge kept both versions of both records.
    let base = customers_file(&[("C-1", "甲", T1), ("C-2", "乙", T1)], "\n", false);
    let ours = customers_file(&[("C-1", "甲甲", T2), ("C-2", "乙", T1)], "\n", false);
    let theirs = customers_file(&[("C-1", "甲", T1), ("C-2", "乙乙", T2)], "\n", false);
    let merged = both_ways(&base, &ours, &theirs);
    let expected = customers_file(&[("C-1", "甲甲", T2), ("C-2", "乙乙", T2)], "\n", false);
    assert_eq!(text(&merged), String::from_utf8(expected).unwrap());
}

#[test]
fn a_record_deleted_on_one_side_and_untouched_on_the_other_is_deleted() {
    let base = customers_file(&[("C-1", "甲", T1), ("C-2", "乙", T1)], "\n", false);
    let ours = customers_file(&[("C-2", "乙", T1)], "\n", false);
    let theirs = customers_file(&[("C-1", "甲", T1), ("C-2", "乙", T1), ("C-3", "丙", T1)], "\n", false);
    let merged = both_ways(&base, &ours, &theirs);
    let expected = customers_file(&[("C-2", "乙", T1), ("C-3", "丙", T1)], "\n", false);
    assert_eq!(text(&merged), String::from_utf8(expected).unwrap());
}

#[test]
fn the_later_update_wins_and_is_noted() {
    let base = customers_file(&[("C-1", "甲", T1)], "\n", false);
    let ours = customers_file(&[("C-1", "早", T2)], "\n", false);
    let theirs = customers_file(&[("C-1", "晚", T3)], "\n", false);
    let merged = both_ways(&base, &ours, &theirs);
    assert_eq!(merged.conflicts, 0);
    assert!(text(&merged).contains("C-1,晚,"), "{}", text(&merged));
    assert_eq!(merged.notes.len(), 1);
    let note = &merged.notes[0];
    assert_eq!((note.id.as_str(), note.rule), ("C-1", Rule::Later));
    assert_eq!(note.other.as_deref(), Some(customer_line("C-1", "早", T2).as_str()));
}

#[test]
fn a_tie_is_settled_by_the_greater_line_on_both_sides() {
    let base = customers_file(&[("C-1", "a", T1)], "\n", false);
    let ours = customers_file(&[("C-1", "b", T2)], "\n", false);
    let theirs = customers_file(&[("C-1", "c", T2)], "\n", false);
    let merged = both_ways(&base, &ours, &theirs);
    assert!(text(&merged).contains("C-1,c,"));
    assert_eq!(merged.notes[0].rule, Rule::Tie);
}

#[test]
fn a_change_wins_over_a_deletion() {
    let base = customers_file(&[("C-1", "甲", T1)], "\n", false);
    let ours = customers_file(&[], "\n", false);
    let theirs = customers_file(&[("C-1", "乙", T2)], "\n", false);
    let merged = both_ways(&base, &ours, &theirs);
    assert!(text(&merged).contains("C-1,乙,"));
    assert_eq!(merged.notes[0].rule, Rule::ChangedOverDeleted);
}

#[test]
fn a_table_without_updated_times_gets_conflict_markers() {
    let header = visits::TABLE.columns.join(",");
    let line =
        |summary: &str| format!("V-1,C-1,2026-11-02,phone,routine,wang,,,,,,{summary},,2026-11-02T09:00:00+08:00");
    let file = |summary: &str| format!("{header}\n{}\n", line(summary)).into_bytes();
    let merged = merge(&file("a"), &file("b"), &file("c")).unwrap();
    assert_eq!(merged.conflicts, 1);
    assert_eq!(
        text(&merged),
        format!(
            "{header}\n<<<<<<< ours\n{}\n=======\n{}\n>>>>>>> theirs\n",
            line("b"),
            line("c")
        )
    );
}

#[test]
fn history_lines_from_both_sides_are_kept_and_removed_ones_stay_removed() {
    let header = customer_history::HISTORY.columns.join(",");
    let line = |n: u32| format!("C-1,2026-11-0{n}T09:00:00+08:00,wang,phone,{n},{}", n + 1);
    let file = |ns: &[u32]| {
        let mut text = format!("{header}\n");
        for n in ns {
            text.push_str(&line(*n));
            text.push('\n');
        }
        text.into_bytes()
    };
    let merged = both_ways(&file(&[1, 2]), &file(&[1, 2, 3]), &file(&[2, 4, 5]));
    assert_eq!(text(&merged), String::from_utf8(file(&[2, 3, 4, 5])).unwrap());
}

#[test]
fn crlf_and_bom_are_kept_and_lines_stay_as_written() {
    // Regression: a table saved by Excel (BOM and CRLF) came out of a union merge doubled.
    let base = customers_file(&[("C-1", "甲", T1), ("C-2", "乙", T1)], "\r\n", true);
    let ours = customers_file(&[("C-1", "甲甲", T2), ("C-2", "乙", T1)], "\n", true);
    let theirs = customers_file(
        &[
            ("C-1", "甲", T1),
            ("C-2", "乙", T1),
            ("C-3", "丙", T1),
            ("C-4", "丁", T1),
        ],
        "\r\n",
        true,
    );
    let merged = merge(&base, &ours, &theirs).unwrap();
    let expected = customers_file(
        &[
            ("C-1", "甲甲", T2),
            ("C-2", "乙", T1),
            ("C-3", "丙", T1),
            ("C-4", "丁", T1),
        ],
        "\n",
        true,
    );
    assert_eq!(text(&merged), String::from_utf8(expected).unwrap());
    // A side that only appended keeps the base's CRLF.
    let ours = customers_file(&[("C-1", "甲甲", T2), ("C-2", "乙", T1)], "\r\n", true);
    let merged = both_ways(&base, &ours, &theirs);
    assert!(merged.bytes.starts_with(UTF8_BOM));
    assert_eq!(
        merged.bytes.windows(2).filter(|w| w == b"\r\n").count(),
        5,
        "{}",
        text(&merged)
    );
}

#[test]
fn different_headers_are_left_to_git() {
    let base = customers_file(&[("C-1", "甲", T1)], "\n", false);
    let mut columns = customers::TABLE.columns.to_vec();
    columns.swap(0, 1);
    let ours = format!("{}\n", columns.join(",")).into_bytes();
    assert_eq!(merge(&base, &ours, &base), Err(Unsupported::HeadersDiffer));
}

#[test]
fn a_file_new_on_both_sides_merges_from_an_empty_base() {
    let ours = customers_file(&[("C-1", "甲", T1)], "\n", false);
    let theirs = customers_file(&[("C-2", "乙", T1)], "\n", false);
    let merged = both_ways(b"", &ours, &theirs);
    assert_eq!(
        text(&merged),
        String::from_utf8(customers_file(&[("C-1", "甲", T1), ("C-2", "乙", T1)], "\n", false)).unwrap()
    );
}

fn view<'a>(records: &'a [(String, &'a str, &'a str)]) -> Vec<(&'a str, &'a str, &'a str)> {
    records.iter().map(|(i, n, u)| (i.as_str(), *n, *u)).collect()
}

/// The ids in a merged customers file, in order.
fn ids(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

proptest! {
    #[test]
    fn merging_is_deterministic_and_loses_no_record(
        base in proptest::collection::btree_set(0u32..500, 0..30),
        ours_new in proptest::collection::btree_set(500u32..1000, 0..30),
        theirs_new in proptest::collection::btree_set(1000u32..1500, 0..30),
        ours_deletes in proptest::collection::vec(any::<bool>(), 30),
        theirs_edits in proptest::collection::vec(any::<bool>(), 30),
        crlf in any::<bool>(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let name = |n: &u32| format!("C-{n}");
        let base_records: Vec<(String, &str, &str)> = base.iter().map(|n| (name(n), "甲", T1)).collect();
        let mut ours: Vec<(String, &str, &str)> = base_records
            .iter()
            .enumerate()
            .filter(|(i, _)| !ours_deletes[*i])
            .map(|(_, r)| r.clone())
            .collect();
        ours.extend(ours_new.iter().map(|n| (name(n), "乙", T1)));
        let mut theirs: Vec<(String, &str, &str)> = base_records
            .iter()
            .enumerate()
            .map(|(i, (id, n, u))| if theirs_edits[i] { (id.clone(), "改", T2) } else { (id.clone(), *n, *u) })
            .collect();
        theirs.extend(theirs_new.iter().map(|n| (name(n), "丙", T1)));
        let (b, o, t) = (
            customers_file(&view(&base_records), eol, false),
            customers_file(&view(&ours), eol, false),
            customers_file(&view(&theirs), eol, false),
        );
        let one = merge(&b, &o, &t).unwrap();
        let other = merge(&b, &t, &o).unwrap();
        prop_assert_eq!(&one.bytes, &other.bytes);
        prop_assert_eq!(one.conflicts, 0);
        let merged = ids(&one.bytes);
        let unique: HashSet<&String> = merged.iter().collect();
        prop_assert_eq!(unique.len(), merged.len(), "no record twice");
        for n in ours_new.iter().chain(&theirs_new) {
            prop_assert!(merged.contains(&name(n)));
        }
        for (i, n) in base.iter().enumerate() {
            // Deleted by ours and untouched by theirs: gone; edited by theirs: kept.
            let expected = !ours_deletes[i] || theirs_edits[i];
            prop_assert_eq!(merged.contains(&name(n)), expected);
        }
    }
}

#[test]
fn quoted_fields_with_commas_and_quotes_are_read_whole() {
    assert_eq!(
        fields(b"C-1,\"a, \"\"b\"\"\",x").unwrap(),
        vec![b"C-1".to_vec(), b"a, \"b\"".to_vec(), b"x".to_vec()]
    );
    assert_eq!(fields(b"C-1,\"open"), None);
}
