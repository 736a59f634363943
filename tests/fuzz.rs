//! Fuzzing with proptest: the readers of everything a user or a merge can put in front of
//! `cs` (table files, `cs.toml`, dates, customer references, import files) get arbitrary and
//! damaged input and must answer with a result or a clear error, never a panic.
//!
//! A normal `cargo test` runs each target with proptest's default number of cases, as a
//! smoke test. The real run is long and separate (see `docs/reliability.md`):
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --release --test fuzz
//! ```

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::DateTime;
use proptest::prelude::*;

use cs::Context;
use cs::import::{self, ImportTable, Options};
use cs::model::complaint::Complaint;
use cs::model::customer::Customer;
use cs::model::dates::{parse_date, parse_time};
use cs::model::label::LabelJob;
use cs::model::settings::Settings;
use cs::model::shipment::{Shipment, TrackEvent};
use cs::model::visit::Visit;
use cs::store::Store;
use cs::store::csvfile;
use cs::store::customers::CustomerIndex;
use cs::store::lock::LockKind;
use cs::store::table::Record;

/// The sample data, read once: the text the mutations start from.
fn sample(file: &str) -> &'static str {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        [
            "cs.toml",
            "customers.csv",
            "visits/2026-11.csv",
            "complaints/2026-11.csv",
            "shipments/2026-11.csv",
        ]
        .iter()
        .map(|f| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/wine-co").join(f);
            (f.to_string(), std::fs::read_to_string(path).expect("the sample data"))
        })
        .collect()
    });
    &files.iter().find(|(f, _)| f == file).expect("a sample file").1
}

/// One change of the kind hand edits, merges and crashes make to a text file.
#[derive(Debug, Clone)]
enum Damage {
    /// Insert these bytes at a place (a fraction of the length).
    Insert(f64, Vec<u8>),
    /// Delete a run of bytes.
    Delete(f64, usize),
    /// Repeat a line (a merge that kept both sides).
    RepeatLine(f64),
    /// Cut the file short.
    Truncate(f64),
    /// Wrap a line in the markers of a git conflict.
    Conflict(f64),
}

fn damage() -> impl Strategy<Value = Damage> {
    let bytes = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..8),
        prop::sample::select(vec![
            b",".to_vec(),
            b"\"".to_vec(),
            b"\n".to_vec(),
            b"\r\n".to_vec(),
            b"\xef\xbb\xbf".to_vec(),
            b"\xff".to_vec(),
            b"=".to_vec(),
            b"[".to_vec(),
            b"]]".to_vec(),
            "客户".as_bytes().to_vec(),
            b"\x1b[31m".to_vec(),
            b"9999-99-99".to_vec(),
            b"-1".to_vec(),
            b";".to_vec(),
        ]),
    ];
    prop_oneof![
        (0.0..1.0f64, bytes).prop_map(|(at, b)| Damage::Insert(at, b)),
        (0.0..1.0f64, 1..40usize).prop_map(|(at, n)| Damage::Delete(at, n)),
        (0.0..1.0f64).prop_map(Damage::RepeatLine),
        (0.0..1.0f64).prop_map(Damage::Truncate),
        (0.0..1.0f64).prop_map(Damage::Conflict),
    ]
}

/// `text` with every damage done to it, in order.
fn damaged(text: &str, damages: &[Damage]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let place = |len: usize, at: f64| ((len as f64) * at) as usize;
    let line_at = |bytes: &[u8], at: usize| {
        let start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i + 1);
        start..end
    };
    for d in damages {
        let len = bytes.len();
        match d {
            Damage::Insert(at, new) => {
                let at = place(len, *at);
                bytes.splice(at..at, new.iter().copied());
            }
            Damage::Delete(at, n) => {
                let at = place(len, *at);
                bytes.drain(at..(at + n).min(len));
            }
            Damage::RepeatLine(at) => {
                let line = line_at(&bytes, place(len, *at));
                let copy = bytes[line.clone()].to_vec();
                bytes.splice(line.end..line.end, copy);
            }
            Damage::Truncate(at) => bytes.truncate(place(len, *at)),
            Damage::Conflict(at) => {
                let line = line_at(&bytes, place(len, *at));
                bytes.splice(line.end..line.end, b">>>>>>> theirs\n".iter().copied());
                bytes.splice(line.start..line.start, b"<<<<<<< HEAD\n=======\n".iter().copied());
            }
        }
    }
    bytes
}

/// Decodes `bytes` as a file of `R`'s table, record by record, as every reader does.
fn decode_all<R: Record>(bytes: &[u8]) {
    let _ = csvfile::decode(
        bytes,
        "fuzz.csv",
        R::TABLE.columns,
        |row, span| {
            assert!(span.end <= bytes.len());
            if let Ok(record) = R::decode(&row) {
                // What decodes must encode again without trouble.
                assert_eq!(record.encode().len(), R::TABLE.columns.len());
            }
        },
        |problem| assert!(!problem.message.is_empty()),
    );
}

fn now() -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-29T09:30:00+08:00").unwrap()
}

/// A copy of the sample data directory, made once, that the import and lookup targets read
/// (imports run with `--dry-run`, so nothing in it changes).
fn data_dir() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/wine-co"), &data);
        (dir, data)
    });
    path
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != ".cs" {
                copy(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

proptest! {
    // The number of cases comes from PROPTEST_CASES; a failure is printed, not saved (this
    // is not the library's source tree).
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Table files with arbitrary damage: every record either decodes or is a problem.
    #[test]
    fn table_files_never_panic(file in 1..5usize, damages in proptest::collection::vec(damage(), 1..6)) {
        let name = ["cs.toml", "customers.csv", "visits/2026-11.csv", "complaints/2026-11.csv", "shipments/2026-11.csv"][file];
        let bytes = damaged(sample(name), &damages);
        decode_all::<Customer>(&bytes);
        decode_all::<Visit>(&bytes);
        decode_all::<Complaint>(&bytes);
        decode_all::<Shipment>(&bytes);
        decode_all::<TrackEvent>(&bytes);
        decode_all::<LabelJob>(&bytes);
    }

    /// Arbitrary bytes as a table file.
    #[test]
    fn arbitrary_bytes_as_a_table_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        decode_all::<Visit>(&bytes);
        decode_all::<Customer>(&bytes);
    }

    /// `cs.toml` with arbitrary damage: settings or problems, each naming a line of the file.
    #[test]
    fn settings_never_panic(damages in proptest::collection::vec(damage(), 1..6)) {
        let bytes = damaged(sample("cs.toml"), &damages);
        let text = String::from_utf8_lossy(&bytes);
        let lines = text.lines().count() as u64 + 1;
        let (settings, problems) = Settings::parse_tolerant(&text, "cs.toml");
        prop_assert!(settings.is_some() || !problems.is_empty());
        for p in &problems {
            prop_assert!(p.line.is_none_or(|l| l >= 1 && l <= lines), "{p} beyond {lines} lines");
        }
    }

    /// Dates and times as users type them, and anything else.
    #[test]
    fn dates_never_panic(input in prop_oneof![
        any::<String>(),
        "[-+]?[0-9]{0,6}[dwmy年月日号/.-]{0,3}[0-9]{0,4}",
        "(today|yesterday|tomorrow|今天|昨天|明天|上周一|下个月)?[ T]?[0-9:]{0,8}",
        "[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?( [0-9]{1,2}:[0-9]{2})?",
    ]) {
        let _ = parse_date(&input, now());
        let _ = parse_time(&input, now());
        let _ = cs::store::table::parse_date(&input);
    }

    /// Customer references: ids, starts of ids, names, and anything else.
    #[test]
    fn customer_references_never_panic(input in prop_oneof![
        any::<String>(),
        "[Cc]-?[0-9A-Z]{0,10}",
        "[杭州西湖国宾馆南京金陵饭店 ]{0,8}",
    ]) {
        let store = Store::open(data_dir(), LockKind::Shared, &|_| {}).unwrap();
        let customers = CustomerIndex::load_for_lookup(&store).unwrap();
        if let Ok(row) = customers.find(&input) {
            prop_assert!(row < customers.rows());
        }
        let _ = customers.closest(&input, 5);
    }

    /// Import files with arbitrary damage, for every table: a summary or an error, and
    /// nothing written.
    #[test]
    fn imports_never_panic(
        table in 0..5usize,
        source in 1..5usize,
        damages in proptest::collection::vec(damage(), 1..6),
    ) {
        let name = ["cs.toml", "customers.csv", "visits/2026-11.csv", "complaints/2026-11.csv", "shipments/2026-11.csv"][source];
        let bytes = damaged(sample(name), &damages);
        let file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        std::fs::write(file.path(), &bytes).unwrap();
        let store = Store::open(data_dir(), LockKind::Exclusive, &|_| {}).unwrap();
        let table = [ImportTable::Customers, ImportTable::Visits, ImportTable::Complaints, ImportTable::Shipments, ImportTable::Labels][table];
        let options = Options { dry_run: true, ..Options::default() };
        let ctx = Context::new(now(), Some(7));
        if let Ok(summary) = import::import(&store, &ctx, table, file.path(), &options, &mut |_| {}) {
            prop_assert!(summary.dry_run);
        }
    }
}
