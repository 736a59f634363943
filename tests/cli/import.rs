//! `cs import`: every source (GB18030 with CRLF, UTF-8 with a BOM and semicolons, an Excel
//! workbook, standard input), all or nothing, safe to repeat, and every kind of bad input
//! refused naming the file, row and field while writing nothing.

use std::fs;

use crate::support::{TestEnv, parse_csv, sample, words};

/// A department with two customers to refer to.
fn department() -> TestEnv {
    let env = TestEnv::with_team();
    env.add_customer(
        "杭州西湖国宾馆",
        &words("--owner wang --center hz --phone 0571-87971234"),
    );
    env.add_customer("南京金陵饭店", &words("--owner li --center nj"));
    env
}

fn gb18030(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

fn customers(env: &TestEnv) -> Vec<std::collections::BTreeMap<String, String>> {
    parse_csv(&env.ok(["customer", "list", "--format", "csv"]))
}

#[test]
fn chinese_headers_in_gb18030_with_crlf() {
    let env = department();
    let file = env.root().join("客户名单.csv");
    let text = "客户名称,联系人,联系电话,地址,分销中心,负责人,客户类别,标签\r\n\
                新世纪酒行,王强,0571-88886666,杭州市西湖区,杭州分销中心,王芳,B类,烟酒店、新开发\r\n\
                江南会所,李丽,+86 138 0000 1111,上海市,,li,A,\r\n";
    let bytes = gb18030(text);
    assert!(std::str::from_utf8(&bytes).is_err(), "the file must really be GB18030");
    fs::write(&file, bytes).unwrap();
    let summary = env.json(["import", "customers", file.to_str().unwrap()]);
    assert_eq!(summary["added"], 2, "{summary}");
    let all = customers(&env);
    let added = all.iter().find(|c| c["name"] == "新世纪酒行").expect("imported");
    assert_eq!(
        (
            added["contact"].as_str(),
            added["center"].as_str(),
            added["owner"].as_str(),
            added["class"].as_str()
        ),
        ("王强", "hz", "wang", "B")
    );
    assert_eq!(added["tags"], "烟酒店;新开发");
    // The same file again adds nothing.
    let again = env.json(["import", "customers", file.to_str().unwrap()]);
    assert_eq!((again["added"].as_u64(), again["skipped"].as_u64()), (Some(0), Some(2)));
}

#[test]
fn utf8_bom_with_semicolons_and_dates_as_people_write_them() {
    let env = department();
    let file = env.root().join("visits.csv");
    fs::write(
        &file,
        "\u{feff}客户;回访日期;回访方式;回访类型;满意度;回访记录\n\
         杭州西湖国宾馆;2026/11/20;电话;常规回访;5;很满意\n\
         南京金陵饭店;2026年11月21日;上门;routine;4;\"说了 \"\"两件\"\"事; 都办了\"\n",
    )
    .unwrap();
    env.ok(["import", "visits", file.to_str().unwrap()]);
    let visits = parse_csv(&env.ok(["visit", "list", "--format", "csv"]));
    assert_eq!(visits.len(), 2);
    let nanjing = visits.iter().find(|v| v["date"] == "2026-11-21").unwrap();
    assert_eq!((nanjing["channel"].as_str(), nanjing["by"].as_str()), ("onsite", "li"));
    assert_eq!(nanjing["summary"], "说了 \"两件\"事; 都办了");
}

#[test]
fn an_excel_workbook_with_dates_numbers_and_chinese() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let env = department();
    let path = env.root().join("回访.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("十一月").unwrap();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (col, header) in ["客户名称", "回访日期", "方式", "满意度", "下次回访", "回访记录"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    for (row, (customer, day, score)) in [("杭州西湖国宾馆", 18u8, 5.0), ("南京金陵饭店", 19, 3.0)]
        .iter()
        .enumerate()
    {
        let row = row as u32 + 1;
        sheet.write_string(row, 0, *customer).unwrap();
        sheet
            .write_datetime_with_format(row, 1, ExcelDateTime::from_ymd(2026, 11, *day).unwrap(), &date)
            .unwrap();
        sheet.write_string(row, 2, "短信").unwrap();
        sheet.write_number(row, 3, *score).unwrap();
        sheet
            .write_datetime_with_format(row, 4, ExcelDateTime::from_ymd(2027, 1, 5).unwrap(), &date)
            .unwrap();
        sheet.write_string(row, 5, "问候，确认春节订货").unwrap();
    }
    workbook.save(&path).unwrap();

    let summary = env.json(["import", "visits", path.to_str().unwrap(), "--sheet", "十一月"]);
    assert_eq!(summary["added"], 2, "{summary}");
    let visits = parse_csv(&env.ok(["visit", "list", "--format", "csv"]));
    let first = visits
        .iter()
        .find(|v| v["date"] == "2026-11-18")
        .expect("the date cell is a date");
    assert_eq!(
        (
            first["score"].as_str(),
            first["next"].as_str(),
            first["channel"].as_str(),
            first["summary"].as_str()
        ),
        ("5", "2027-01-05", "sms", "问候，确认春节订货")
    );
    let err = env.fails(["import", "visits", path.to_str().unwrap(), "--sheet", "十二月"]);
    assert!(err.contains("十二月") && err.contains("十一月"), "{err}");
}

#[test]
fn standard_input() {
    let env = department();
    let out = env
        .cs(["import", "customers", "-", "--format", "json"])
        .write_stdin("name,phone\n上海长江食品,021-55556666\n")
        .assert()
        .success();
    let summary: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(summary["added"], 1);
    assert!(
        customers(&env)
            .iter()
            .any(|c| c["name"] == "上海长江食品" && c["phone"] == "021-55556666")
    );
}

/// Visits of thousands of rows, `bad` of them (by row index) naming a customer who is not there.
fn many_visits(rows: usize, bad: &[usize]) -> String {
    let mut text = String::from("customer,date,channel,summary\n");
    for row in 0..rows {
        let customer = if bad.contains(&row) {
            "没有这个客户"
        } else {
            "杭州西湖国宾馆"
        };
        text.push_str(&format!("{customer},2026-10-{:02},phone,第 {row} 次\n", row % 28 + 1));
    }
    text
}

#[test]
fn one_bad_row_among_thousands_writes_nothing() {
    let env = department();
    let file = env.root().join("visits.csv");
    fs::write(&file, many_visits(3000, &[1234])).unwrap();
    let before = env.files();
    let err = env.fails(["import", "visits", file.to_str().unwrap()]);
    // Row 1234 is on line 1236 (after the header, counting from 1).
    assert!(
        err.contains("visits.csv:1236: customer:") && err.contains("没有这个客户"),
        "{err}"
    );
    assert!(err.contains("--skip-invalid"), "{err}");
    assert_eq!(env.files(), before, "nothing written");
}

#[test]
fn many_bad_rows_are_listed_fifty_then_counted() {
    let env = department();
    let file = env.root().join("visits.csv");
    let bad: Vec<usize> = (0..120).collect();
    fs::write(&file, many_visits(200, &bad)).unwrap();
    let err = env.fails(["import", "visits", file.to_str().unwrap()]);
    assert_eq!(err.matches("没有这个客户").count(), 50, "{err}");
    assert!(err.contains("70 more"), "{err}");
}

#[test]
fn skip_invalid_writes_the_good_rows_and_sets_the_bad_ones_aside() {
    let env = department();
    let file = env.root().join("visits.csv");
    fs::write(&file, many_visits(500, &[3, 250, 499])).unwrap();
    let summary = env.json(["import", "visits", file.to_str().unwrap(), "--skip-invalid"]);
    assert_eq!(
        (summary["added"].as_u64(), summary["rejected"].as_u64()),
        (Some(497), Some(3))
    );
    let visits = parse_csv(&env.ok(["visit", "list", "--format", "csv", "--limit", "1000"]));
    assert_eq!(visits.len(), 497);
    let rejects = fs::read_to_string(env.root().join("visits.csv.rejected.csv")).unwrap();
    let rejects = parse_csv(&rejects);
    assert_eq!(
        rejects.iter().map(|r| r["summary"].as_str()).collect::<Vec<_>>(),
        ["第 3 次", "第 250 次", "第 499 次"]
    );
    assert!(
        rejects
            .iter()
            .all(|r| r["customer"] == "没有这个客户" && r["reason"].contains("customer"))
    );
}

#[test]
fn an_overlapping_second_file_adds_only_its_new_rows() {
    let env = department();
    let (first, second) = (env.root().join("first.csv"), env.root().join("second.csv"));
    let row = |day: u32| format!("杭州西湖国宾馆,2026-11-{day:02},phone,第 {day} 天\n");
    let header = "customer,date,channel,summary\n";
    fs::write(&first, format!("{header}{}", (1..=10).map(row).collect::<String>())).unwrap();
    fs::write(&second, format!("{header}{}", (6..=15).map(row).collect::<String>())).unwrap();
    let one = env.json(["import", "visits", first.to_str().unwrap()]);
    let files = env.files();
    let again = env.json(["import", "visits", first.to_str().unwrap()]);
    assert_eq!(env.files(), files, "importing the same file twice adds it once");
    let two = env.json(["import", "visits", second.to_str().unwrap()]);
    assert_eq!(
        [
            one["added"].as_u64(),
            again["added"].as_u64(),
            two["added"].as_u64(),
            two["skipped"].as_u64()
        ],
        [Some(10), Some(0), Some(5), Some(5)]
    );
}

#[test]
fn duplicates_are_found_the_way_people_write_phone_numbers() {
    let env = department();
    let file = env.root().join("c.csv");
    fs::write(
        &file,
        "客户名称,电话\n杭州西湖国宾馆,+86 571 8797 1234\n杭州\u{200B}西湖国宾馆,057187971234\n新客户,无\n",
    )
    .unwrap();
    let summary = env.json(["import", "customers", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(
        (summary["added"].as_u64(), summary["skipped"].as_u64()),
        (Some(1), Some(2)),
        "{summary}"
    );
}

#[test]
fn update_changes_records_whose_id_matches() {
    let env = department();
    let id = env.add_customer("上海长江食品", &words("--class C"));
    let file = env.root().join("c.csv");
    fs::write(&file, format!("id,class,owner\n{id},A,王芳\n")).unwrap();
    let skipped = env.json(["import", "customers", file.to_str().unwrap()]);
    assert_eq!(skipped["skipped"], 1);
    let updated = env.json(["import", "customers", file.to_str().unwrap(), "--update"]);
    assert_eq!(updated["updated"], 1);
    let shown = env.json(["customer", "show", &id]);
    assert_eq!(
        (shown["class"].as_str(), shown["owner"].as_str(), shown["name"].as_str()),
        (Some("A"), Some("wang"), Some("上海长江食品"))
    );
}

#[test]
fn columns_are_matched_by_map_and_unknown_ones_refused() {
    let env = department();
    let file = env.root().join("c.csv");
    fs::write(&file, "公司,手机,备用\n上海长江食品,13800001111,x\n").unwrap();
    let err = env.fails(["import", "customers", file.to_str().unwrap()]);
    assert!(
        err.contains("公司") && err.contains("备用") && err.contains("--map"),
        "{err}"
    );
    env.ok([
        "import",
        "customers",
        file.to_str().unwrap(),
        "--map",
        "公司=name",
        "--map",
        "备用=-",
    ]);
    assert!(
        customers(&env)
            .iter()
            .any(|c| c["name"] == "上海长江食品" && c["phone"] == "13800001111")
    );
    let err = env.usage(["import", "customers", file.to_str().unwrap(), "--map", "公司"]);
    assert!(err.contains("--map"), "{err}");
}

#[test]
fn bad_input_is_refused_naming_what_and_writing_nothing() {
    let env = department();
    let before = env.files();
    let write = |name: &str, bytes: &[u8]| {
        let path = env.root().join(name);
        fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    };
    let cases: Vec<(String, &str, &[&str])> = vec![
        (
            env.root().join("missing.csv").to_str().unwrap().to_string(),
            "customers",
            &["missing.csv"],
        ),
        (write("empty.csv", b""), "customers", &["empty"]),
        (write("header.csv", b"name,phone\n"), "customers", &["no rows"]),
        (
            write("fake.xlsx", b"name\nx\n"),
            "customers",
            &["fake.xlsx", "workbook"],
        ),
        (
            write("cells.csv", b"name,phone\nx,1,2\n"),
            "customers",
            &["cells.csv:2", "3 cells"],
        ),
        (
            write("few.csv", b"customer,date,channel\n\xe6\x9d\xad,2026-11-01\n"),
            "visits",
            &["few.csv:2"],
        ),
        (
            write(
                "enum.csv",
                "customer,date,channel\n杭州西湖国宾馆,2026-11-01,pigeon\n".as_bytes(),
            ),
            "visits",
            &["enum.csv:2: channel", "pigeon"],
        ),
        (
            write("ref.csv", "customer,date,channel\n无名,2026-11-01,phone\n".as_bytes()),
            "visits",
            &["ref.csv:2: customer", "无名"],
        ),
        (
            write(
                "date.csv",
                "customer,date,channel\n杭州西湖国宾馆,2026-02-30,phone\n".as_bytes(),
            ),
            "visits",
            &["date.csv:2: date", "2026-02-30"],
        ),
        (
            write("bytes.csv", b"name\n\xff\xfe\xff\n"),
            "customers",
            &["bytes.csv", "UTF-8"],
        ),
        (
            write("staff.csv", "name,owner\n新客户,nobody\n".as_bytes()),
            "customers",
            &["staff.csv:2: owner", "nobody"],
        ),
    ];
    for (path, table, expected) in cases {
        let err = env.fails(["import", table, &path]);
        for part in expected {
            assert!(err.contains(part), "{path}: expected {part:?} in: {err}");
        }
    }
    assert_eq!(env.files(), before);
}

#[test]
fn complaints_shipments_and_labels_import() {
    let env = department();
    let complaints = env.root().join("complaints.csv");
    fs::write(
        &complaints,
        "客户,投诉时间,类别,严重程度,投诉内容\n杭州西湖国宾馆,2026-11-20 10:00,质量,高,瓶盖漏酒\n",
    )
    .unwrap();
    env.ok(["import", "complaints", complaints.to_str().unwrap()]);
    let list = parse_csv(&env.ok(["complaint", "list", "--format", "csv"]));
    assert_eq!(
        (
            list[0]["category"].as_str(),
            list[0]["severity"].as_str(),
            list[0]["handler"].as_str()
        ),
        ("quality", "high", "wang")
    );
    let history = env.json(["complaint", "show", list[0]["id"].as_str()]);
    assert!(
        history.to_string().contains("瓶盖漏酒"),
        "the first history line is written: {history}"
    );

    let shipments = env.root().join("shipments.csv");
    fs::write(
        &shipments,
        "客户,承运商,运单号,发货日期\n南京金陵饭店,顺丰,SF100,2026-11-25\n",
    )
    .unwrap();
    env.ok(["import", "shipments", shipments.to_str().unwrap()]);
    let again = env.json(["import", "shipments", shipments.to_str().unwrap()]);
    assert_eq!(again["skipped"], 1, "the carrier and tracking number are the key");
    let shown = env.json(["shipment", "show", "SF100"]);
    assert!(
        shown.to_string().contains("2026-11-27"),
        "the eta comes from the carrier's transit days: {shown}"
    );

    let labels = env.root().join("labels.csv");
    fs::write(
        &labels,
        "客户,酒标要求,数量,交期\n杭州西湖国宾馆,金色烫金 婚宴专用,200,2026/12/20\n",
    )
    .unwrap();
    env.ok(["import", "labels", labels.to_str().unwrap()]);
    let jobs = parse_csv(&env.ok(["label", "list", "--format", "csv"]));
    assert_eq!(
        (
            jobs[0]["quantity"].as_str(),
            jobs[0]["due"].as_str(),
            jobs[0]["designer"].as_str()
        ),
        ("200", "2026-12-20", "wang")
    );
}

/// Every table exported from the sample data and imported into a data directory with the
/// same settings exports again as the same bytes (histories aside: an import writes its own
/// first lines of history). The tables are imported in the order their references need.
#[test]
fn export_then_import_round_trips_every_table() {
    let from = sample();
    let to = TestEnv::bare();
    fs::copy(from.path("cs.toml"), to.path("cs.toml")).unwrap();
    for table in [
        "customers",
        "visits",
        "complaints",
        "shipments",
        "shipment-events",
        "labels",
    ] {
        let file = from.root().join(format!("{table}.csv"));
        from.ok(["export", table, "--all", "--output", file.to_str().unwrap()]
            .iter()
            .filter(|a| **a != "--all" || table == "customers"));
        let summary = to.json(["import", table, file.to_str().unwrap()]);
        assert_eq!(summary["rejected"], 0, "{table}: {summary}");
        if table == "shipment-events" {
            // Events set the shipments' status and time of change, already exported: compare
            // the events only.
            assert_eq!(to.ok(["export", table]), from.ok(["export", table]), "{table}");
            continue;
        }
        let args = |env: &TestEnv| {
            let all: &[&str] = if table == "customers" {
                &["export", "customers", "--all"]
            } else {
                &["export", table]
            };
            env.ok(all)
        };
        assert_eq!(args(&to), args(&from), "{table} round-trips");
        let again = to.json(["import", table, file.to_str().unwrap()]);
        assert_eq!(
            again["added"], 0,
            "{table}: importing its own export again adds nothing"
        );
    }
}

/// A workbook written by `cs export` imports back: dates, numbers and Chinese text intact.
#[test]
fn an_exported_workbook_imports_back() {
    let from = sample();
    let to = TestEnv::bare();
    fs::copy(from.path("cs.toml"), to.path("cs.toml")).unwrap();
    let file = from.root().join("customers.xlsx");
    from.ok([
        "export",
        "customers",
        "--all",
        "--format",
        "xlsx",
        "--output",
        file.to_str().unwrap(),
    ]);
    to.ok(["import", "customers", file.to_str().unwrap()]);
    let strip_times = |csv: String| -> Vec<std::collections::BTreeMap<String, String>> {
        // Excel keeps no time zone: times come back as the clock time they were recorded at.
        parse_csv(&csv)
            .into_iter()
            .map(|mut row| {
                for column in ["created", "updated", "archived"] {
                    row.remove(column);
                }
                row
            })
            .collect()
    };
    assert_eq!(
        strip_times(to.ok(["export", "customers", "--all"])),
        strip_times(from.ok(["export", "customers", "--all"]))
    );
}

/// A customer named like a formula exports neutralised and imports back as it was.
#[test]
fn a_neutralised_name_imports_back_as_it_was() {
    let env = department();
    env.add_customer("=HYPERLINK(\"http://x\")", &[]);
    let exported = env.ok(["export", "customers"]);
    assert!(exported.contains("'=HYPERLINK"), "{exported}");
    let other = TestEnv::with_team();
    let summary = other
        .cs(["import", "customers", "-", "--format", "json"])
        .write_stdin(exported)
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&summary.get_output().stdout).contains("\"added\": 3"));
    let names: Vec<String> = customers(&other).into_iter().map(|c| c["name"].clone()).collect();
    assert!(names.contains(&"=HYPERLINK(\"http://x\")".to_string()), "{names:?}");
}

/// The import files of `examples/imports` (the guide in docs/import.md walks through them)
/// import into the sample data as the guide says, and a second time add nothing: rows written
/// with Chinese values (`上门`, `王芳`) are found again as the records they became.
#[test]
fn the_example_files_import_as_the_guide_says() {
    let env = sample();
    let imports = crate::support::repo_root().join("examples/imports");
    let workbook = imports.join("new-customers-2026-11.xlsx");
    let visits = imports.join("visits-2026-11-gb18030.csv");
    let first = env.json(["import", "customers", workbook.to_str().unwrap()]);
    assert_eq!(
        (first["added"].as_u64(), first["skipped"].as_u64()),
        (Some(4), Some(1)),
        "{first}"
    );
    let second = env.json(["import", "visits", visits.to_str().unwrap()]);
    assert_eq!(second["added"], 5, "{second}");
    let files = env.files();
    let again = env.json(["import", "customers", workbook.to_str().unwrap()]);
    let again_visits = env.json(["import", "visits", visits.to_str().unwrap()]);
    assert_eq!(
        (again["added"].as_u64(), again_visits["added"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(env.files(), files);
    let shown = env.json(["customer", "show", "苏州金鸡湖大酒店"]);
    assert_eq!(
        (
            shown["owner"].as_str(),
            shown["center"].as_str(),
            shown["class"].as_str()
        ),
        (Some("wang"), Some("sh"), Some("A"))
    );
    assert!(shown["created"].as_str().unwrap().starts_with("2026-11-02"), "{shown}");
    env.ok(["check"]);
}

/// A file too large to hold whole is read as it is imported: CRLF line ends, a byte-order
/// mark, and the problem still named on its own line.
#[test]
fn a_large_file_names_the_right_line() {
    let env = department();
    let file = env.root().join("visits.csv");
    let text = many_visits(12_000, &[11_000]).replace('\n', "\r\n");
    assert!(
        text.len() > 512 * 1024,
        "large enough to be read as it goes: {}",
        text.len()
    );
    fs::write(&file, format!("\u{feff}{text}")).unwrap();
    let before = env.files();
    let err = env.fails(["import", "visits", file.to_str().unwrap()]);
    assert!(err.contains("visits.csv:11002: customer:"), "{err}");
    assert_eq!(env.files(), before);
    let summary = env.json(["import", "visits", file.to_str().unwrap(), "--skip-invalid"]);
    assert_eq!(
        (summary["added"].as_u64(), summary["rejected"].as_u64()),
        (Some(11_999), Some(1))
    );
}

/// Two customers of one name and phone (the second added with --force) are two records in
/// an export, and both come back: a row that brings its own id is that record.
#[test]
fn customers_alike_but_for_their_ids_both_import() {
    let from = department();
    from.add_customer("杭州西湖国宾馆", &words("--phone 0571-87971234 --force"));
    let exported = from.ok(["export", "customers"]);
    let to = TestEnv::with_team();
    to.cs(["import", "customers", "-"])
        .write_stdin(exported.clone())
        .assert()
        .success();
    assert_eq!(to.ok(["export", "customers"]), exported);
}

/// Complaints, shipments and label jobs refuse control characters too, whether added or
/// imported; a summary or a spec of several lines keeps its line breaks.
#[test]
fn control_characters_are_refused_in_every_table() {
    let env = department();
    let before = env.files();
    let refusals = [
        vec![
            "complaint",
            "add",
            "杭州西湖国宾馆",
            "--category",
            "quality",
            "--severity",
            "high",
            "--summary",
            "漏酒\u{1b}[2J",
        ],
        vec![
            "shipment",
            "add",
            "杭州西湖国宾馆",
            "--carrier",
            "顺丰",
            "--tracking",
            "SF\t1",
        ],
        vec![
            "label",
            "add",
            "杭州西湖国宾馆",
            "--order",
            "SO-1",
            "--spec",
            "烫金\u{7}",
            "--by",
            "wang",
        ],
    ];
    for args in refusals {
        let err = env.fails(&args);
        assert!(err.contains("U+"), "{args:?}: {err}");
    }
    let file = env.root().join("complaints.csv");
    fs::write(
        &file,
        "客户,类别,严重程度,投诉内容\n杭州西湖国宾馆,质量,高,\"漏酒\u{1b}\"\n",
    )
    .unwrap();
    let err = env.fails(["import", "complaints", file.to_str().unwrap()]);
    assert!(
        err.contains("complaints.csv:2: summary") && err.contains("001B"),
        "{err}"
    );
    assert_eq!(env.files(), before);
    env.ok([
        "complaint",
        "add",
        "杭州西湖国宾馆",
        "--category",
        "quality",
        "--severity",
        "high",
        "--summary",
        "第一行\n第二行",
    ]);
}

/// A customer name no one has is refused with the names closest to it, in both languages, as
/// `cs visit add` suggests them.
#[test]
fn an_unknown_customer_name_gets_the_closest_names() {
    let env = sample();
    let file = env.root().join("visits.csv");
    std::fs::write(
        &file,
        "customer,date,channel,purpose,by,summary\n杭州西湖宾馆,2026-11-20,phone,routine,wang,补货\n",
    )
    .unwrap();
    let before = env.files();
    let err = env.fails(["import", "visits", file.to_str().unwrap()]);
    assert!(
        err.contains("customer: no customer has the id, code or name 杭州西湖宾馆; did you mean 杭州西湖国宾馆 (C-"),
        "{err}"
    );
    let zh = env
        .cs(["import", "visits", file.to_str().unwrap()])
        .env("CS_LANG", "zh")
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&zh.get_output().stderr).into_owned();
    assert!(err.contains("您要找的是不是 杭州西湖国宾馆 (C-"), "{err}");
    assert_eq!(env.files(), before);
}
