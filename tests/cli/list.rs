//! `cs customer list`: every filter, sorting, limits, and the table people read (CJK text is
//! two columns wide and must stay aligned).

use crate::support::{TestEnv, display_width, parse_csv, text, words};

/// Six customers of a small department, added a month apart; the last one is archived.
/// Returns the environment and the ids in the order they were added.
fn department() -> (TestEnv, Vec<String>) {
    let env = TestEnv::with_team();
    // (when, flags, flags whose values hold spaces)
    let customers: [(&str, &str, &[&str]); 6] = [
        (
            "2026-01-10T09:00:00+08:00",
            "--name 杭州西湖国宾馆 --class A --owner wang --center hz --contact 陈志远 --phone 0571-87971234 \
             --region 华东 --tag vip --tag 宴会 --note 每月初订货,偏好干红",
            &[],
        ),
        (
            "2026-02-10T09:00:00+08:00",
            "--name 南京金陵饭店采购部 --class A --owner li --center nj --contact 刘海波 --phone 025-84711888 \
             --region 华东 --tag vip --tag 酒店",
            &["--note", "Annual party, prefers DRY red"],
        ),
        (
            "2026-03-10T09:00:00+08:00",
            "--name 杭州知味观餐饮 --class B --status dormant --owner wang --center hz --contact 沈国良 \
             --phone 0571-87065432 --region 华东 --tag 餐饮",
            &[],
        ),
        (
            "2026-04-10T09:00:00+08:00",
            "--name 北京长安俱乐部 --class A --status prospect --owner li --contact 王立军 --phone 010-65221188 \
             --region 华北 --tag vip",
            &[],
        ),
        (
            "2026-05-10T09:00:00+08:00",
            "--class C --status lost --phone 13916572208 --region 华东",
            &["--name", "Shanghai Wine Bar", "--contact", "Mr. Smith"],
        ),
        (
            "2026-06-10T09:00:00+08:00",
            "--name 无锡太湖饭店 --class B --owner wang --center nj --contact 许振华 --phone 0510-85517888 \
             --region 华东 --tag vip",
            &[],
        ),
    ];
    let mut ids = Vec::new();
    for (now, flags, spaced) in customers {
        let mut args = words("customer add");
        args.extend(words(flags));
        args.extend_from_slice(spaced);
        ids.push(
            text(&env.cs(args).env("CS_NOW", now).assert().code(0).get_output().stdout)
                .trim_end()
                .to_string(),
        );
    }
    env.ok(["customer", "archive", &ids[5]]);
    (env, ids)
}

/// The ids at these 1-based positions of the department.
fn pick(ids: &[String], positions: &[usize]) -> Vec<String> {
    positions.iter().map(|p| ids[p - 1].clone()).collect()
}

/// With no filter: every customer that is not archived, in file order; `--all` adds archived ones.
#[test]
fn list_default_hides_archived_and_all_shows_them() {
    let (env, ids) = department();
    assert_eq!(env.list_ids(&[]), pick(&ids, &[1, 2, 3, 4, 5]));
    assert_eq!(env.list_ids(&["--all"]), ids);
    assert_eq!(env.list_ids(&["-a"]), ids);
}

/// `--class` keeps one class, in any spelling of it.
#[test]
fn list_filter_class() {
    let (env, ids) = department();
    assert_eq!(env.list_ids(&["--class", "A"]), pick(&ids, &[1, 2, 4]));
    assert_eq!(env.list_ids(&["--class", "A类"]), pick(&ids, &[1, 2, 4]));
    assert_eq!(env.list_ids(&["--class", "b", "--all"]), pick(&ids, &[3, 6]));
    let err = env.fails(["customer", "list", "--class", "Z"]);
    assert!(err.contains("class") && err.contains('Z'), "{err}");
}

/// `--status` keeps one status (English or Chinese).
#[test]
fn list_filter_status() {
    let (env, ids) = department();
    assert_eq!(env.list_ids(&["--status", "dormant"]), pick(&ids, &[3]));
    assert_eq!(env.list_ids(&["--status", "潜在客户"]), pick(&ids, &[4]));
    assert_eq!(env.list_ids(&["--status", "active"]), pick(&ids, &[1, 2]));
    assert_eq!(env.list_ids(&["--status", "active", "--all"]), pick(&ids, &[1, 2, 6]));
    env.usage(["customer", "list", "--status", "gone"]);
}

/// `--owner` keeps one consultant's customers; an unknown staff id is an error.
#[test]
fn list_filter_owner() {
    let (env, ids) = department();
    assert_eq!(env.list_ids(&["--owner", "wang"]), pick(&ids, &[1, 3]));
    assert_eq!(env.list_ids(&["--owner", "li"]), pick(&ids, &[2, 4]));
    assert!(env.list_ids(&["--owner", "zheng"]).is_empty());
    let err = env.fails(["customer", "list", "--owner", "nobody"]);
    assert!(err.contains("nobody"), "{err}");
}

/// `--center` keeps one distribution center's customers; an unknown center is an error.
#[test]
fn list_filter_center() {
    let (env, ids) = department();
    assert_eq!(env.list_ids(&["--center", "hz"]), pick(&ids, &[1, 3]));
    assert_eq!(env.list_ids(&["--center", "nj"]), pick(&ids, &[2]));
    assert_eq!(env.list_ids(&["--center", "nj", "--all"]), pick(&ids, &[2, 6]));
    let err = env.fails(["customer", "list", "--center", "sh"]);
    assert!(err.contains("sh"), "{err}");
}

/// `--region` keeps one region.
#[test]
fn list_filter_region() {
    let (env, ids) = department();
    assert_eq!(env.list_ids(&["--region", "华北"]), pick(&ids, &[4]));
    assert_eq!(env.list_ids(&["--region", "华东"]), pick(&ids, &[1, 2, 3, 5]));
    assert!(env.list_ids(&["--region", "华南"]).is_empty());
}

/// `--tag` keeps customers with the tag; repeated, it requires every one.
#[test]
fn list_filter_tags() {
    let (env, ids) = department();
    assert_eq!(env.list_ids(&["--tag", "vip"]), pick(&ids, &[1, 2, 4]));
    assert_eq!(env.list_ids(&["--tag", "vip", "--tag", "宴会"]), pick(&ids, &[1]));
    assert_eq!(env.list_ids(&["--tag", "餐饮"]), pick(&ids, &[3]));
    assert!(
        env.list_ids(&["--tag", "宴"]).is_empty(),
        "tags match whole, not by part"
    );
}

/// `--search` looks in name, contact, phone and note, ignoring case, Chinese included.
#[test]
fn list_search() {
    let (env, ids) = department();
    let cases: [(&str, &[usize]); 10] = [
        ("西湖", &[1]),          // name, Chinese
        ("杭州", &[1, 3]),       // name
        ("偏好干红", &[1]),      // note, Chinese
        ("dry", &[2]),           // note, other case
        ("SHANGHAI wine", &[5]), // name, other case
        ("smith", &[5]),         // contact
        ("刘海波", &[2]),        // contact, Chinese
        ("0571", &[1, 3]),       // phone
        ("8706 5432", &[3]),     // phone written with a space
        ("华东", &[]),           // region is not searched
    ];
    for (needle, expected) in cases {
        assert_eq!(
            env.list_ids(&["--search", needle]),
            pick(&ids, expected),
            "--search {needle}"
        );
    }
    assert_eq!(env.list_ids(&["-s", "饭店", "--all"]), pick(&ids, &[2, 6]));
}

/// Filters combine: every one must hold.
#[test]
fn list_filters_combine() {
    let (env, ids) = department();
    assert_eq!(env.list_ids(&["--class", "A", "--owner", "li"]), pick(&ids, &[2, 4]));
    assert_eq!(
        env.list_ids(&["--class", "A", "--owner", "li", "--tag", "酒店"]),
        pick(&ids, &[2])
    );
    assert_eq!(env.list_ids(&["--tag", "vip", "--search", "杭州"]), pick(&ids, &[1]));
}

/// `--sort`, `--reverse` and `--limit`.
#[test]
fn list_sort_reverse_limit() {
    let (env, ids) = department();
    assert_eq!(env.list_ids(&["--sort", "created"]), pick(&ids, &[1, 2, 3, 4, 5]));
    assert_eq!(
        env.list_ids(&["--sort", "created", "--reverse"]),
        pick(&ids, &[5, 4, 3, 2, 1])
    );
    assert_eq!(
        env.list_ids(&["--sort", "created", "-r", "--limit", "2"]),
        pick(&ids, &[5, 4])
    );
    assert_eq!(env.list_ids(&["--reverse"]), pick(&ids, &[5, 4, 3, 2, 1]));
    assert_eq!(env.list_ids(&["--limit", "2"]), pick(&ids, &[1, 2]));
    assert!(env.list_ids(&["--limit", "0"]).is_empty());
    // Sorting is stable: within a class, file order is kept.
    assert_eq!(env.list_ids(&["--sort", "class"]), pick(&ids, &[1, 2, 4, 3, 5]));
    // Text columns sort by their stored text.
    assert_eq!(
        env.list_ids(&["--sort", "status", "--all"]),
        pick(&ids, &[1, 2, 6, 3, 5, 4])
    );
    assert_eq!(env.list_ids(&["--sort", "phone"]), pick(&ids, &[4, 2, 3, 1, 5]));
}

/// An unknown sort column is a usage error naming the columns.
#[test]
fn list_sort_unknown_column() {
    let (env, _) = department();
    let err = env.usage(["customer", "list", "--sort", "colour"]);
    assert!(err.contains("colour") && err.contains("created"), "{err}");
    env.usage(["customer", "list", "--limit", "many"]);
}

/// Times sort as instants, whatever offset each was written with.
#[test]
fn list_sort_times_as_instants() {
    let env = TestEnv::new();
    let out = |now: &str, name: &str| {
        let out = env
            .cs(["customer", "add", "--name", name])
            .env("CS_NOW", now)
            .assert()
            .code(0);
        String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .trim_end()
            .to_string()
    };
    // 09:00 in Shanghai is 01:00 UTC: earlier than 02:00 UTC though its text sorts later.
    let later = out("2026-03-10T02:00:00+00:00", "后加的");
    let earlier = out("2026-03-10T09:00:00+08:00", "先加的");
    assert_eq!(env.list_ids(&["--sort", "created"]), [earlier, later]);
}

/// `--format csv` lists every column of every customer.
#[test]
fn list_csv_has_every_column() {
    let (env, ids) = department();
    let rows = parse_csv(&env.ok(["customer", "list", "--format", "csv"]));
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0].len(), 17);
    assert_eq!(rows[0]["id"], ids[0]);
    assert_eq!(rows[0]["tags"], "vip;宴会");
    assert_eq!(rows[0]["note"], "每月初订货,偏好干红");
    assert_eq!(rows[0]["created"], "2026-01-10T09:00:00+08:00");
    assert_eq!(rows[3]["center"], "");
    assert_eq!(rows[4]["owner"], "");
}

/// `--format json` is an array of objects with typed values (null for no owner, tag arrays).
#[test]
fn list_json_values() {
    let (env, _) = department();
    let json = env.json(["customer", "list", "--all"]);
    let list = json.as_array().expect("an array");
    assert_eq!(list.len(), 6);
    assert_eq!(list[0]["tags"], serde_json::json!(["vip", "宴会"]));
    assert_eq!(list[4]["owner"], serde_json::Value::Null);
    assert_eq!(list[5]["archived"], "2026-11-29T09:30:00+08:00");
    assert_eq!(list[0]["archived"], serde_json::Value::Null);
}

/// An empty list is `[]` in JSON and a header in CSV.
#[test]
fn list_empty() {
    let env = TestEnv::new();
    assert_eq!(env.json(["customer", "list"]), serde_json::json!([]));
    assert_eq!(env.ok(["customer", "list", "--format", "csv"]).lines().count(), 1);
}

/// The table people read: the main columns, CJK names aligned.
#[test]
fn list_table_snapshot() {
    let (env, _) = department();
    insta::assert_snapshot!(env.ok(["customer", "list", "--all"]), @"
     id          name                class  status             owner  center  contact    phone          region
    ───────────────────────────────────────────────────────────────────────────────────────────────────────────
     C-4G7HVMZC  杭州西湖国宾馆      A      active             wang   hz      陈志远     0571-87971234  华东
     C-3PPVZBPR  南京金陵饭店采购部  A      active             li     nj      刘海波     025-84711888   华东
     C-279F4DHV  杭州知味观餐饮      B      dormant            wang   hz      沈国良     0571-87065432  华东
     C-GN8RWXXS  北京长安俱乐部      A      prospect           li             王立军     010-65221188   华北
     C-YVJ2H47T  Shanghai Wine Bar   C      lost                              Mr. Smith  13916572208    华东
     C-6F1KKV46  无锡太湖饭店        B      active (archived)  wang   nj      许振华     0510-85517888  华东
    ");
}

/// Every cell of a column starts at the same display column, counting CJK characters as two,
/// and no line is wider than COLUMNS.
#[test]
fn list_table_aligns_cjk_text() {
    let (env, _) = department();
    let table = env.ok(["customer", "list", "--all"]);
    let rows = parse_csv(&env.ok(["customer", "list", "--all", "--format", "csv"]));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines.len(),
        rows.len() + 2,
        "header, rule, one line per customer:\n{table}"
    );
    let columns = [
        "id", "name", "class", "status", "owner", "center", "contact", "phone", "region",
    ];
    let header = lines[0];
    let column_at = |column: &str| display_width(&header[..header.find(column).unwrap()]);
    for (line, row) in lines[2..].iter().zip(&rows) {
        let mut from = 0;
        for column in columns {
            let value = &row[column];
            if value.is_empty() {
                continue;
            }
            let at = from
                + line[from..]
                    .find(value.as_str())
                    .unwrap_or_else(|| panic!("{value} not in {line}"));
            assert_eq!(
                display_width(&line[..at]),
                column_at(column),
                "{column} '{value}' is not under its header:\n{table}"
            );
            from = at + value.len();
        }
    }
    assert!(lines.iter().all(|l| display_width(l) <= 120), "{table}");
}

/// A narrow terminal wraps the table instead of overflowing COLUMNS.
#[test]
fn list_table_fits_a_narrow_terminal() {
    let (env, _) = department();
    let table = env
        .cs(["customer", "list"])
        .env("COLUMNS", "60")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(table).unwrap();
    for line in table.lines() {
        assert!(
            display_width(line) <= 60,
            "{} columns: {line}\n{table}",
            display_width(line)
        );
    }
}
