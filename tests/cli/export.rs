//! `cs export`: every table in every format on the sample data, the filters of each `list`,
//! cells a spreadsheet would run neutralised (numbers excepted), the byte-order mark, masked
//! personal data, workbooks read back with calamine, files written whole or not at all, and
//! the formats only `cs export` writes refused everywhere else.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::support::{TestEnv, parse_csv, sample, success, text};

/// Every table `cs export` takes, with the stored table it writes the columns of.
const TABLES: &[(&str, &str)] = &[
    ("customers", "customers"),
    ("visits", "visits"),
    ("complaints", "complaints"),
    ("shipments", "shipments"),
    ("shipment-events", "shipment_events"),
    ("labels", "label_jobs"),
    ("customer-history", "customer_history"),
    ("complaint-history", "complaint_history"),
    ("label-history", "label_history"),
];

/// The rows of a stored table (one file, or every month of it), each as column -> value,
/// with the line breaks and backslashes the files escape restored.
fn stored(env: &TestEnv, table: &str) -> Vec<BTreeMap<String, String>> {
    let single = env.path(&format!("{table}.csv"));
    let mut files = if single.is_file() {
        vec![single]
    } else {
        let mut months: Vec<_> = fs::read_dir(env.path(table))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        months.sort();
        months
    };
    let mut rows = Vec::new();
    for file in files.drain(..) {
        for mut row in parse_csv(&fs::read_to_string(file).unwrap()) {
            for value in row.values_mut() {
                *value = value.replace("\\n", "\n").replace("\\\\", "\\");
            }
            rows.push(row);
        }
    }
    rows
}

/// The header line of a stored table.
fn stored_header(env: &TestEnv, table: &str) -> String {
    let single = env.path(&format!("{table}.csv"));
    let file = if single.is_file() {
        single
    } else {
        fs::read_dir(env.path(table)).unwrap().next().unwrap().unwrap().path()
    };
    fs::read_to_string(file).unwrap().lines().next().unwrap().to_string()
}

/// The values of one column of CSV rows.
fn column(rows: &[BTreeMap<String, String>], name: &str) -> Vec<String> {
    rows.iter().map(|row| row[name].clone()).collect()
}

/// Every table exports in CSV, JSON and JSON lines, the same records in each; the CSV header
/// is the stored table's, and no export leaves anything in the data directory.
#[test]
fn every_table_exports_in_every_text_format() {
    let env = sample();
    let before = env.files();
    for (table, stored_table) in TABLES {
        // --all, so that archived customers and their history are there too.
        let all: &[&str] = if table.starts_with("customer") { &["--all"] } else { &[] };
        let args = |format: &'static str| [&["export", table, "--format", format][..], all].concat();
        let csv = env.ok(args("csv"));
        assert_eq!(
            csv.lines().next().unwrap(),
            stored_header(&env, stored_table),
            "{table}"
        );
        let rows = parse_csv(&csv);
        assert!(!rows.is_empty(), "{table}: the sample data has records");
        let json: serde_json::Value = serde_json::from_str(&env.ok(args("json"))).unwrap();
        assert_eq!(json.as_array().unwrap().len(), rows.len(), "{table}");
        let jsonl = env.ok(args("jsonl"));
        let lines: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(
            &lines,
            json.as_array().unwrap(),
            "{table}: JSON lines hold the objects of JSON"
        );
        // The default format is CSV.
        assert_eq!(env.ok([&["export", table][..], all].concat()), csv, "{table}");
    }
    assert_eq!(env.files(), before, "export writes nothing in the data directory");
}

/// CSV holds every stored column with its stored value: the whole table exported is the
/// table as stored (the sample has line breaks and backslashes in notes).
#[test]
fn csv_holds_the_stored_values() {
    let env = sample();
    for (table, stored_table) in TABLES {
        let all: &[&str] = if table.starts_with("customer") { &["--all"] } else { &[] };
        let exported = parse_csv(&env.ok([&["export", table][..], all].concat()));
        let mut exported: Vec<_> = exported.into_iter().map(|r| format!("{r:?}")).collect();
        let mut expected: Vec<_> = stored(&env, stored_table)
            .into_iter()
            .map(|r| format!("{r:?}"))
            .collect();
        exported.sort();
        expected.sort();
        assert_eq!(exported, expected, "{table}");
    }
}

/// JSON is what `list --format json` prints, byte for byte.
#[test]
fn json_is_what_list_prints() {
    let env = sample();
    for (table, list) in [
        ("customers", &["customer", "list", "--all"][..]),
        ("visits", &["visit", "list"]),
        ("complaints", &["complaint", "list"]),
        ("shipments", &["shipment", "list"]),
        ("labels", &["label", "list"]),
    ] {
        let listed = env.ok([list, &["--format", "json"]].concat());
        let all: &[&str] = if table == "customers" { &["--all"] } else { &[] };
        assert_eq!(
            env.ok([&["export", table, "--format", "json"][..], all].concat()),
            listed,
            "{table}"
        );
    }
}

/// The filters are those of each table's list: the same records come out.
#[test]
fn filters_choose_what_list_chooses() {
    let env = sample();
    let ids = |args: &[&str]| column(&parse_csv(&env.ok(args)), "id");
    for (export, list) in [
        (
            &["export", "customers", "--class", "A"][..],
            &["customer", "list", "--class", "A"][..],
        ),
        (
            &["export", "customers", "--search", "杭州", "--all"],
            &["customer", "list", "--search", "杭州", "--all"],
        ),
        (
            &["export", "visits", "--customer", "杭州西湖国宾馆"],
            &["visit", "list", "--customer", "杭州西湖国宾馆"],
        ),
        (
            &["export", "visits", "--from", "2026-11-01", "--channel", "phone"],
            &["visit", "list", "--from", "2026-11-01", "--channel", "phone"],
        ),
        (
            &["export", "complaints", "--status", "closed"],
            &["complaint", "list", "--status", "closed"],
        ),
        (
            &["export", "shipments", "--in-transit"],
            &["shipment", "list", "--in-transit"],
        ),
        (
            &["export", "labels", "--status", "done"],
            &["label", "list", "--status", "done"],
        ),
    ] {
        let listed = ids(&[list, &["--format", "csv"]].concat());
        assert!(!listed.is_empty(), "{list:?} keeps something on the sample data");
        assert_eq!(ids(export), listed, "{export:?}");
    }
    assert!(ids(&["export", "customers", "--class", "A"]).len() < ids(&["export", "customers"]).len());

    // A history is that of the records the same flags choose.
    let closed: BTreeSet<String> = ids(&["export", "complaints", "--status", "closed"])
        .into_iter()
        .collect();
    let history = parse_csv(&env.ok(["export", "complaint-history", "--status", "closed"]));
    let owners: BTreeSet<String> = column(&history, "complaint").into_iter().collect();
    assert_eq!(owners, closed);
    let every = parse_csv(&env.ok(["export", "complaint-history"]));
    assert!(history.len() < every.len());
    let shipments: BTreeSet<String> = ids(&["export", "shipments", "--in-transit"]).into_iter().collect();
    let events = parse_csv(&env.ok(["export", "shipment-events", "--in-transit"]));
    assert!(!events.is_empty() && events.iter().all(|e| shipments.contains(&e["shipment"])));
}

/// A filter that names nothing fails before anything is printed, and leaves an existing
/// output file as it was, with no temporary file beside it.
#[test]
fn a_refused_export_prints_and_writes_nothing() {
    let env = sample();
    let out = env.root().join("visits.csv");
    fs::write(&out, "kept\n").unwrap();
    let stderr = env.fails(["export", "visits", "--customer", "nobody-at-all"]);
    assert!(stderr.contains("nobody-at-all"), "{stderr}");
    env.fails([
        "export",
        "visits",
        "--customer",
        "nobody-at-all",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(fs::read_to_string(&out).unwrap(), "kept\n");
    let beside: Vec<_> = fs::read_dir(env.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside.len(), 4, "data, tmp, bin and visits.csv alone: {beside:?}");
    // The data directory's own files are never replaced by an export.
    let before = env.files();
    for own in ["customers.csv", "visits/2026-11.csv", "cs.toml"] {
        let stderr = env.usage(["export", "customers", "--output", own]);
        assert!(stderr.contains(own), "{stderr}");
    }
    assert_eq!(env.files(), before);
    // A directory that does not exist is an error naming it.
    let missing = env.root().join("no-such-dir/visits.csv");
    let stderr = env.fails(["export", "visits", "--output", missing.to_str().unwrap()]);
    assert!(stderr.contains("no-such-dir"), "{stderr}");
}

/// `--output` replaces the file whole, says so on stderr, and prints nothing on stdout; the
/// format follows the file's extension unless --format names one.
#[test]
fn output_files_are_replaced_and_the_extension_picks_the_format() {
    let env = sample();
    let out = env.root().join("customers.json");
    fs::write(&out, "old content that is longer than nothing\n").unwrap();
    let assert = env
        .cs(["export", "customers", "--output", out.to_str().unwrap()])
        .assert()
        .success();
    let output = assert.get_output();
    assert!(output.stdout.is_empty());
    let listed = env.json(["customer", "list"]).as_array().unwrap().len();
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("customers.json") && stderr.contains(&format!("{listed} records")),
        "{stderr}"
    );
    let written: serde_json::Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written.as_array().unwrap().len(), listed, "the customers not archived");
    env.ok([
        "export",
        "customers",
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(fs::read_to_string(&out).unwrap().starts_with("id,name,"));
    let lines = env.root().join("visits.jsonl");
    env.ok(["export", "visits", "--limit", "3", "--output", lines.to_str().unwrap()]);
    assert_eq!(fs::read_to_string(&lines).unwrap().lines().count(), 3);
}

/// A customer named like a formula, with a phone that starts with +, exports with a quote in
/// front of each in CSV and in a workbook; JSON keeps them as they are; numbers stay numbers.
#[test]
fn formulas_are_neutralised_and_numbers_are_not() {
    let env = TestEnv::with_visits();
    let id = env.add_customer(
        "=HYPERLINK(\"http://x\")",
        &[
            "--phone",
            "+86 571 8797 1234",
            "--note=-5",
            "--contact",
            "@王芳",
            "--owner",
            "wang",
        ],
    );
    env.add_visit(
        &id,
        &[
            "--channel",
            "phone",
            "--purpose",
            "satisfaction",
            "--score",
            "4",
            "--date",
            "2026-11-20",
        ],
    );
    let rows = parse_csv(&env.ok(["export", "customers"]));
    assert_eq!(rows[0]["name"], "'=HYPERLINK(\"http://x\")");
    assert_eq!(rows[0]["phone"], "'+86 571 8797 1234");
    assert_eq!(rows[0]["contact"], "'@王芳");
    assert_eq!(rows[0]["note"], "-5", "a number is not a formula");
    let json = env.json(["export", "customers"]);
    assert_eq!(
        json[0]["name"], "=HYPERLINK(\"http://x\")",
        "JSON is not for spreadsheets"
    );

    let path = env.root().join("customers.xlsx");
    env.ok(["export", "customers", "--output", path.to_str().unwrap()]);
    let sheet = sheet(&path, "customers");
    assert_eq!(
        cell(&sheet, "name", 0),
        &Data::String("'=HYPERLINK(\"http://x\")".into())
    );
    assert_eq!(cell(&sheet, "phone", 0), &Data::String("'+86 571 8797 1234".into()));
    assert_eq!(
        cell(&sheet, "note", 0),
        &Data::String("-5".into()),
        "a note is text, left alone"
    );
    let visits = env.root().join("visits.xlsx");
    env.ok([
        "export",
        "visits",
        "--format",
        "xlsx",
        "--output",
        visits.to_str().unwrap(),
    ]);
    assert_eq!(cell(&sheet_of(&visits), "score", 0), &Data::Float(4.0));
}

/// `--bom` puts the UTF-8 byte-order mark before the header, and only then.
#[test]
fn bom_starts_the_csv() {
    let env = sample();
    let plain = env
        .cs(["export", "customers"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let marked = env
        .cs(["export", "customers", "--bom"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(plain.starts_with(b"id,name,"));
    assert_eq!(&marked[..3], b"\xEF\xBB\xBF");
    assert_eq!(&marked[3..], &plain[..]);
    let file = env.root().join("c.csv");
    env.ok(["export", "customers", "--bom", "--output", file.to_str().unwrap()]);
    assert_eq!(fs::read(&file).unwrap(), marked);
    // JSON and workbooks take no mark.
    let stderr = env.usage(["export", "customers", "--bom", "--format", "json"]);
    assert!(stderr.contains("--bom"), "{stderr}");
}

/// `--redact` masks phones, emails, addresses and contact names in every format, and changes
/// nothing stored.
#[test]
fn redact_masks_personal_data() {
    let env = sample();
    let before = env.files();
    let rows = parse_csv(&env.ok(["export", "customers", "--redact"]));
    let by_id = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    let hotel = by_id("C-WRJD8T6V");
    assert_eq!(hotel["phone"], "057*-****1234");
    assert_eq!(hotel["email"], "p***@xhgbg.example.com");
    assert_eq!(hotel["address"], "浙江省杭州市*********");
    assert_eq!(hotel["contact"], "陈**");
    assert_eq!(hotel["name"], "杭州西湖国宾馆", "a company's name is not personal data");
    assert_eq!(by_id("C-K5K37PSQ")["phone"], "139****2208");
    let plain = parse_csv(&env.ok(["export", "customers"]));
    assert_eq!(plain.len(), rows.len());
    assert_eq!(plain[0]["phone"], "0571-87971234");
    let json = env.json(["export", "customers", "--redact"]);
    assert_eq!(json[0]["phone"], "057*-****1234");
    assert_eq!(json[0]["contact"], "陈**");
    let path = env.root().join("shared.xlsx");
    env.ok(["export", "customers", "--redact", "--output", path.to_str().unwrap()]);
    assert_eq!(
        cell(&sheet_of(&path), "phone", 0),
        &Data::String("057*-****1234".into())
    );
    assert_eq!(env.files(), before);
}

/// A workbook read back: one sheet named after the table, the stored columns as header, dates
/// and times as date cells, scores as numbers, Chinese text intact.
#[test]
fn workbooks_have_typed_cells() {
    let env = sample();
    let path = env.root().join("visits.xlsx");
    env.ok(["export", "visits", "--output", path.to_str().unwrap()]);
    let book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["visits"]);
    let visits = sheet_of(&path);
    let csv = parse_csv(&env.ok(["export", "visits"]));
    assert_eq!(visits.height(), csv.len() + 1, "a header and every visit");
    let header: Vec<String> = visits.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header.join(","), stored_header(&env, "visits"));
    for (i, row) in csv.iter().enumerate() {
        let Data::DateTime(date) = cell(&visits, "date", i) else {
            panic!("a date cell: {:?}", cell(&visits, "date", i));
        };
        assert_eq!(date.as_datetime().unwrap().date().to_string(), row["date"]);
        let Data::DateTime(created) = cell(&visits, "created", i) else {
            panic!("a date-time cell: {:?}", cell(&visits, "created", i));
        };
        // Excel has no offsets: the time of day is the one written, in its own offset.
        assert_eq!(
            created.as_datetime().unwrap().format("%Y-%m-%dT%H:%M:%S").to_string(),
            row["created"][..19]
        );
        match row["score"].as_str() {
            "" => assert_eq!(cell(&visits, "score", i), &Data::Empty),
            score => assert_eq!(cell(&visits, "score", i), &Data::Float(score.parse().unwrap())),
        }
        assert_eq!(cell(&visits, "summary", i), &Data::String(row["summary"].clone()));
    }
    assert!(csv.iter().any(|r| !r["score"].is_empty()), "the sample has scores");
    assert!(
        csv.iter().any(|r| r["summary"].contains('\n')),
        "and summaries of two lines"
    );

    // Every table makes a workbook, in Chinese headers when asked for.
    for (table, _) in TABLES {
        let path = env.root().join(format!("{table}.xlsx"));
        env.ok([
            "export",
            table,
            "--headers",
            "zh",
            "--format",
            "xlsx",
            "--output",
            path.to_str().unwrap(),
        ]);
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let range = book.worksheet_range(table).unwrap();
        assert!(range.height() > 1, "{table}");
    }
    let customers = sheet(&env.root().join("customers.xlsx"), "customers");
    assert_eq!(customers.get((0, 1)), Some(&Data::String("客户名称".into())));
}

/// `--headers zh` gives the CSV headers in Chinese, the values unchanged.
#[test]
fn csv_headers_follow_headers() {
    let env = sample();
    let plain = env.ok(["export", "customers"]);
    let chinese = env.ok(["export", "customers", "--headers", "zh"]);
    assert!(
        chinese.starts_with("客户编号,客户名称,"),
        "{}",
        chinese.lines().next().unwrap()
    );
    assert_eq!(chinese.split_once('\n').unwrap().1, plain.split_once('\n').unwrap().1);
}

/// A workbook needs a file (a usage error otherwise, before anything is read), and
/// `--format jsonl` and `xlsx` are for `cs export` alone.
#[test]
fn formats_are_refused_where_they_do_not_belong() {
    let env = sample();
    let stderr = env.usage(["export", "customers", "--format", "xlsx"]);
    assert!(stderr.contains("--output"), "{stderr}");
    for args in [
        &["customer", "list", "--format", "jsonl"][..],
        &["visit", "list", "--format", "xlsx"],
        &["complaint", "list", "--format", "jsonl"],
        &["report", "customers", "--format", "xlsx"],
        &["today", "--format", "jsonl"],
    ] {
        let stderr = env.usage(args);
        assert!(stderr.contains("cs export"), "{args:?}: {stderr}");
    }
    let stderr = env.usage(["export", "customers", "--format", "md"]);
    assert!(stderr.contains("cs report"), "{stderr}");
    // In Chinese too.
    let assert = env
        .cs(["export", "customers", "--format", "xlsx"])
        .env("CS_LANG", "zh")
        .assert()
        .code(2);
    assert!(text(&assert.get_output().stderr).contains("需要写入文件"));
}

/// A large export is written as it is read: visits come out newest first, as `visit list`
/// gives them, through the same streaming path.
#[test]
fn visits_come_out_newest_first() {
    let env = sample();
    let rows = parse_csv(&success(&mut env.cs(["export", "visits"])));
    let dates = column(&rows, "date");
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

/// The only sheet of a workbook.
fn sheet_of(path: &Path) -> calamine::Range<Data> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let name = book.sheet_names()[0].clone();
    book.worksheet_range(&name).unwrap()
}

/// A sheet of a workbook by name.
fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range(name).unwrap()
}

/// The cell of a record (0 is the first after the header) in the column with this header.
fn cell<'a>(sheet: &'a calamine::Range<Data>, column: &str, record: usize) -> &'a Data {
    let header = sheet.rows().next().unwrap();
    let col = header
        .iter()
        .position(|c| matches!(c, Data::String(name) if name == column))
        .unwrap_or_else(|| panic!("no column {column}"));
    sheet.get((record + 1, col)).unwrap_or(&Data::Empty)
}
