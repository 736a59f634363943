//! customers.csv as people and other programs leave it: a BOM, CRLF line endings, columns in
//! another order, a missing last line break; and the one-record-per-line rule for notes with
//! line breaks.

use crate::support::{TestEnv, parse_csv, words};

/// Two customers with Chinese text, one with a note holding a comma and quotes.
fn two_customers() -> (TestEnv, Vec<String>) {
    let env = TestEnv::with_team();
    let ids = vec![
        env.add_customer(
            "杭州西湖国宾馆",
            &["--class", "A", "--owner", "wang", "--note", "偏好干红, \"波尔多\""],
        ),
        env.add_customer("金陵饭店", &["--owner", "li", "--tag", "vip", "--tag", "宴会"]),
    ];
    (env, ids)
}

/// A file saved by a spreadsheet on Windows (UTF-8 BOM, CRLF) is read as before.
#[test]
fn bom_and_crlf_are_read() {
    let (env, ids) = two_customers();
    let expected = env.json(["customer", "list"]);
    let crlf = env.read("customers.csv").replace('\n', "\r\n");
    env.write("customers.csv", [b"\xEF\xBB\xBF".as_slice(), crlf.as_bytes()].concat());
    assert_eq!(env.json(["customer", "list"]), expected);
    assert_eq!(env.list_ids(&["--search", "波尔多"]), [ids[0].clone()]);
    assert!(env.ok(["check"]).contains("no problems found"));
    // Adding to it keeps every record readable.
    let third = env.add_customer("无锡太湖饭店", &[]);
    assert_eq!(env.list_ids(&[]), [ids[0].clone(), ids[1].clone(), third]);
    assert!(env.ok(["check"]).contains("no problems found"));
}

/// In a BOM + CRLF file, problems are still reported at the right line.
#[test]
fn crlf_line_numbers_are_right() {
    let (env, _) = two_customers();
    let text = env.read("customers.csv") + "broken,line\n" + "C-AFTER,后面的,C\n";
    let crlf = text.replace('\n', "\r\n");
    env.write("customers.csv", [b"\xEF\xBB\xBF".as_slice(), crlf.as_bytes()].concat());
    let out = env.cs(["check"]).assert().code(1).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    let places: Vec<&str> = out.lines().map(|l| l.split(": ").next().unwrap()).collect();
    assert_eq!(places, ["customers.csv:4", "customers.csv:5"], "{out}");
}

/// Rewrites customers.csv with its columns in another order (name first, id last).
fn reorder_columns(env: &TestEnv) {
    let rows = parse_csv(&env.read("customers.csv"));
    let text = env.read("customers.csv");
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let mut order: Vec<&str> = header.iter().copied().filter(|c| *c != "id").collect();
    order.reverse();
    order.push("id");
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&order).unwrap();
    for row in &rows {
        writer.write_record(order.iter().map(|c| row[*c].as_str())).unwrap();
    }
    env.write("customers.csv", writer.into_inner().unwrap());
}

/// Columns are found by their header name, so a reordered file reads the same.
#[test]
fn reordered_columns_are_read() {
    let (env, _) = two_customers();
    let expected = env.json(["customer", "list"]);
    reorder_columns(&env);
    assert!(env.read("customers.csv").starts_with("archived,updated,"));
    assert_eq!(env.json(["customer", "list"]), expected);
    assert!(env.ok(["check"]).contains("no problems found"));
}

/// Adding to a file whose columns were reordered by hand must put each value under its own
/// header, so the new record reads back as it was given.
// Regression: appends used cs's column order whatever the header said.
#[test]
fn reordered_columns_survive_an_add() {
    let (env, _) = two_customers();
    reorder_columns(&env);
    let id = env.add_customer("无锡太湖饭店", &["--owner", "wang"]);
    let c = env.json(["customer", "show", &id]);
    assert_eq!(c["name"], "无锡太湖饭店");
    assert_eq!(c["owner"], "wang");
    assert!(env.ok(["check"]).contains("no problems found"));
}

/// A quote left open by a hand edit in the middle of the file is reported at its line instead
/// of swallowing the records after it (which the next rewrite would then drop).
#[test]
fn unmatched_quote_is_reported_not_swallowed() {
    let (env, ids) = two_customers();
    let third = env.add_customer("无锡太湖饭店", &[]);
    let text = env.read("customers.csv");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[2] = lines[2].replacen(",金陵饭店,", ",\"金陵饭店,", 1);
    env.write("customers.csv", lines.join("\n") + "\n");
    let before = env.files();
    for args in [
        words("customer list"),
        words("customer add --name 新客户"),
        vec!["customer", "edit", &ids[0], "--class", "B"],
        vec!["customer", "archive", &third],
    ] {
        let err = env.fails(&args);
        assert!(err.contains("customers.csv:3"), "{args:?}: {err}");
    }
    assert_eq!(env.files(), before);
    let out = env.cs(["check"]).assert().code(1).get_output().stdout.clone();
    assert!(String::from_utf8(out).unwrap().starts_with("customers.csv:3: "));
}

/// A note with a line break is stored on one physical line and comes back intact.
#[test]
fn note_with_line_break_stays_on_one_line() {
    let env = TestEnv::new();
    let note = "第一行\n第二行";
    let id = env.add_customer("金陵饭店", &["--note", note]);
    let file = env.read("customers.csv");
    assert_eq!(file.lines().count(), 2, "header and one record:\n{file}");
    assert_eq!(env.json(["customer", "show", &id])["note"], note);
    // CSV output is for other programs: there the note is one quoted field with a real break.
    let rows = parse_csv(&env.ok(["customer", "show", &id, "--format", "csv"]));
    assert_eq!(rows[0]["note"], note);
}

/// Backslashes, CRLF, a literal `\n`, commas and quotes in a note survive the file.
#[test]
fn note_with_tricky_text_round_trips() {
    let env = TestEnv::new();
    let note = "路径 C:\\docs\\new, 写作 \\n 不是换行\r\n\"引号\"\t制表\n\n  缩进";
    let id = env.add_customer("金陵饭店", &["--note", note]);
    assert_eq!(env.read("customers.csv").lines().count(), 2);
    assert_eq!(env.json(["customer", "show", &id])["note"], note);
    // And survives a rewrite of the whole file by another command.
    env.ok(["customer", "edit", &id, "--class", "B"]);
    assert_eq!(env.json(["customer", "show", &id])["note"], note);
    assert!(env.ok(["check"]).contains("no problems found"));
}

/// A hand edit that left the last line without its line break does not glue the next record on.
#[test]
fn missing_final_line_break_is_handled() {
    let (env, ids) = two_customers();
    let text = env.read("customers.csv");
    env.write("customers.csv", text.trim_end_matches('\n'));
    let third = env.add_customer("无锡太湖饭店", &[]);
    assert_eq!(env.list_ids(&[]), [ids[0].clone(), ids[1].clone(), third]);
    assert!(env.read("customers.csv").ends_with('\n'));
}

/// A deleted customers.csv reads as no customers, and the next add recreates it with its header.
#[test]
fn missing_table_is_recreated() {
    let env = TestEnv::new();
    let header = env.read("customers.csv");
    std::fs::remove_file(env.path("customers.csv")).unwrap();
    assert!(env.list_ids(&[]).is_empty());
    let id = env.add_customer("金陵饭店", &[]);
    let file = env.read("customers.csv");
    assert!(file.starts_with(&header), "{file}");
    assert!(
        file.lines().nth(1).unwrap().starts_with(&format!("{id},金陵饭店,")),
        "{file}"
    );
}

/// An emptied customers.csv is an error naming the file, not silently "no customers".
#[test]
fn empty_table_is_an_error() {
    let env = TestEnv::new();
    env.write("customers.csv", "");
    let before = env.files();
    let err = env.fails(["customer", "list"]);
    assert!(err.contains("customers.csv:1"), "{err}");
    env.fails(["customer", "add", "--name", "金陵饭店"]);
    assert_eq!(env.files(), before);
}

/// Every record is written with LF endings and fields in the documented column order.
#[test]
fn records_are_written_in_column_order() {
    let env = TestEnv::with_team();
    let id = env.add_customer(
        "杭州西湖国宾馆",
        &words("--class A --owner wang --center hz --contact 陈经理 --phone 0571-1 --tag vip --tag 宴会"),
    );
    let file = env.read("customers.csv");
    assert!(!file.contains('\r'));
    assert_eq!(
        file.lines().nth(1).unwrap(),
        format!(
            "{id},杭州西湖国宾馆,A,active,wang,hz,陈经理,0571-1,,,,vip;宴会,,,2026-11-29T09:30:00+08:00,2026-11-29T09:30:00+08:00,"
        )
    );
}

/// Runs `cs ARGS` with the given umask (through the shell, which can set one).
#[cfg(unix)]
fn cs_with_umask(env: &TestEnv, umask: &str, args: &[&str]) {
    let script = format!("umask {umask}; exec \"$0\" \"$@\"");
    let mut sh = assert_cmd::Command::new("sh");
    sh.args(["-c", &script, crate::support::cs_bin().to_str().unwrap()])
        .args(args)
        .current_dir(env.data())
        .env("CS_NOW", crate::support::NOW)
        .env("CS_SEED", "42")
        .env("NO_COLOR", "1")
        .env_remove("CS_DATA_DIR");
    sh.assert().code(0);
}

#[cfg(unix)]
fn mode(env: &TestEnv, file: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(env.path(file)).unwrap().permissions().mode() & 0o777
}

// Regression: files were created through tempfile and so were private (0600) whatever the umask.
/// New files get 0666 less the umask, like any file a person creates.
#[cfg(unix)]
#[test]
fn new_files_follow_the_umask() {
    let env = TestEnv::bare();
    cs_with_umask(&env, "027", &["init"]);
    for file in ["cs.toml", "customers.csv", ".gitignore", ".gitattributes"] {
        assert_eq!(mode(&env, file), 0o640, "{file}");
    }
}

/// Rewriting a file (edit, staff add) keeps the permissions its owner gave it.
#[cfg(unix)]
#[test]
fn rewritten_files_keep_their_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let id = env.add_customer("金陵饭店", &[]);
    for file in ["cs.toml", "customers.csv"] {
        std::fs::set_permissions(env.path(file), std::fs::Permissions::from_mode(0o664)).unwrap();
    }
    cs_with_umask(&env, "077", &["customer", "edit", &id, "--class", "A"]);
    cs_with_umask(&env, "077", &["customer", "add", "--name", "无锡太湖饭店"]);
    cs_with_umask(
        &env,
        "077",
        &["staff", "add", "--id", "zhou", "--name", "周建国", "--role", "总经理"],
    );
    assert_eq!(mode(&env, "customers.csv"), 0o664);
    assert_eq!(mode(&env, "cs.toml"), 0o664);
}
