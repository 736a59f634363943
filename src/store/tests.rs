//! The store's own tests: partitions, appends and rewrites on a minimal monthly table, and
//! the settings read once.

use super::*;
use crate::model::customer::{Customer, Status};
use crate::model::settings_edit::template;

pub(in crate::store) fn customer(id: &str, name: &str) -> Customer {
    let time = chrono::DateTime::parse_from_rfc3339("2026-11-29T09:30:00+08:00").unwrap();
    Customer {
        id: id.into(),
        name: name.into(),
        class: "A".into(),
        status: Status::Active,
        owner: None,
        center: None,
        contact: String::new(),
        phone: "0571-1".into(),
        email: String::new(),
        address: String::new(),
        region: String::new(),
        tags: vec!["vip".into()],
        source: String::new(),
        note: "多行\n备注".into(),
        created: time,
        updated: time,
        archived: None,
    }
}

crate::columns! {
    enum NoteCol { Id = "id", Date = "date", Note = "note" }
}

/// A minimal monthly table, to test partitions apart from any real table's rules.
#[derive(Debug, Clone, PartialEq)]
struct Visit {
    id: String,
    date: chrono::NaiveDate,
    note: String,
}

impl Record for Visit {
    const TABLE: TableSpec = TableSpec {
        name: "notes",
        record_name: "note",
        id_prefix: "N-",
        id_chars: 8,
        columns: NoteCol::NAMES,
        partition: Partition::Monthly,
    };

    fn decode(row: &Row<'_>) -> Result<Self, Problem> {
        Ok(Visit {
            id: row.string(NoteCol::Id),
            date: row.date(NoteCol::Date)?,
            note: row.string(NoteCol::Note),
        })
    }

    fn encode(&self) -> Vec<String> {
        vec![self.id.clone(), self.date.to_string(), self.note.clone()]
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        Some(self.date)
    }
}

impl index::Indexed for Visit {
    const KEYS: &'static [index::Kind] = &[index::Kind::Str];

    fn keys(&self, push: &mut dyn FnMut(&[index::Value<'_>])) {
        push(&[index::Value::Str(&self.id)]);
    }
}

fn visit(id: &str, date: &str) -> Visit {
    Visit {
        id: id.into(),
        date: date.parse().unwrap(),
        note: "电话回访,满意\n下月再访".into(),
    }
}

fn month(text: &str) -> Option<Month> {
    Month::parse(text)
}

#[test]
fn monthly_tables_write_one_file_per_month_and_read_a_range() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(SETTINGS_FILE), template("x", crate::i18n::Lang::En)).unwrap();
    let store = Store::open(dir.path(), LockKind::Exclusive, &|_| {}).unwrap();
    let mut tx = store.transaction();
    tx.append(&[
        visit("V-1", "2026-10-31"),
        visit("V-2", "2026-11-01"),
        visit("V-3", "2026-12-05"),
    ])
    .unwrap();
    tx.commit().unwrap();
    let october = fs::read(dir.path().join("notes/2026-10.csv")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&october).lines().count(),
        2,
        "header and one visit"
    );

    let november: Vec<Visit> = store.read_months(month("2026-11"), month("2026-11")).unwrap();
    assert_eq!(november, vec![visit("V-2", "2026-11-01")]);
    let from_november: Vec<Visit> = store.read_months(month("2026-11"), None).unwrap();
    assert_eq!(from_november.len(), 2);

    // Adding to November leaves October's file byte for byte as it was.
    let mut tx = store.transaction();
    tx.append(&[visit("V-4", "2026-11-20")]).unwrap();
    tx.commit().unwrap();
    assert_eq!(fs::read(dir.path().join("notes/2026-10.csv")).unwrap(), october);
    let all: Vec<Visit> = store.read().unwrap();
    let ids: Vec<&str> = all.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["V-1", "V-2", "V-4", "V-3"]);
}

#[test]
fn tricky_records_survive_the_files_through_append_and_rewrite() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(SETTINGS_FILE), template("x", crate::i18n::Lang::En)).unwrap();
    let store = Store::open(dir.path(), LockKind::Exclusive, &|_| {}).unwrap();
    let mut tricky = customer("C-1", "\"引号\", 逗号\r\n换行 \\n 😀");
    tricky.note = "C:\\docs\\新建\n第二行\r\n".into();
    tricky.address = " 前后空格 ".into();
    let mut tx = store.transaction();
    tx.append(&[tricky.clone()]).unwrap();
    tx.commit().unwrap();
    assert_eq!(store.read::<Customer>().unwrap(), vec![tricky.clone()]);
    let mut tx = store.transaction();
    tx.replace(None, &[tricky.clone(), customer("C-2", "乙")]);
    tx.commit().unwrap();
    assert_eq!(store.read::<Customer>().unwrap(), vec![tricky, customer("C-2", "乙")]);
    let text = fs::read_to_string(dir.path().join("customers.csv")).unwrap();
    assert_eq!(text.lines().count(), 3, "one line per record: {text}");
}

#[test]
fn appends_follow_a_rearranged_header() {
    // Regression: appends were written in cs's column order under a header a user had
    // rearranged, putting each value under the wrong column.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(SETTINGS_FILE), template("x", crate::i18n::Lang::En)).unwrap();
    let mut columns = customers::TABLE.columns.to_vec();
    columns.swap(0, 1);
    fs::write(dir.path().join("customers.csv"), format!("{}\n", columns.join(","))).unwrap();
    let store = Store::open(dir.path(), LockKind::Exclusive, &|_| {}).unwrap();
    let mut tx = store.transaction();
    tx.append(&[customer("C-1", "甲"), customer("C-2", "乙")]).unwrap();
    tx.commit().unwrap();
    let read: Vec<Customer> = store.read().unwrap();
    assert_eq!(read, vec![customer("C-1", "甲"), customer("C-2", "乙")]);
}
