//! `cs customer add`, `show` and `archive`: ids, references, refusals and the fields a new
//! customer gets.

use predicates::prelude::*;

use crate::support::{NOW, TestEnv, parse_csv, words};

/// `customer add` prints only the new id: `C-` and 8 Crockford base32 characters.
#[test]
fn add_prints_only_the_new_id() {
    let env = TestEnv::new();
    let assert = env.cs(["customer", "add", "--name", "杭州西湖国宾馆"]).assert().code(0);
    assert.stdout(predicate::str::is_match(r"^C-[0-9A-HJKMNP-TV-Z]{8}\n$").unwrap());
}

/// With CS_SEED pinned, the generated ids are the same on every run.
#[test]
fn add_ids_are_reproducible_with_a_seed() {
    let first = TestEnv::new();
    let second = TestEnv::new();
    let a: Vec<String> = ["甲", "乙", "丙"].iter().map(|n| first.add_customer(n, &[])).collect();
    let b: Vec<String> = ["甲", "乙", "丙"].iter().map(|n| second.add_customer(n, &[])).collect();
    assert_eq!(a, b);
    assert_eq!(a.iter().collect::<std::collections::BTreeSet<_>>().len(), 3, "{a:?}");
}

/// `--id CODE` keeps the company's own code as the id.
#[test]
fn add_with_own_code_keeps_it() {
    let env = TestEnv::new();
    assert_eq!(
        env.ok(["customer", "add", "--id", "KH-0042", "--name", "金陵饭店"]),
        "KH-0042\n"
    );
    assert_eq!(env.json(["customer", "show", "KH-0042"])["name"], "金陵饭店");
}

/// A second customer with an id already in use is refused, naming the id and its holder.
#[test]
fn add_duplicate_own_code_is_refused() {
    let env = TestEnv::new();
    env.ok(["customer", "add", "--id", "KH-0042", "--name", "金陵饭店"]);
    let before = env.files();
    let err = env.fails(["customer", "add", "--id", "KH-0042", "--name", "别的饭店"]);
    assert!(err.contains("KH-0042") && err.contains("金陵饭店"), "{err}");
    // Codes differing only in case would be confusing to type; they count as the same.
    let err = env.fails(["customer", "add", "--id", "kh-0042", "--name", "别的饭店"]);
    assert!(err.contains("id"), "{err}");
    assert_eq!(env.files(), before);
}

/// Unknown class, owner or center are refused with exit 1 and a message naming the problem.
#[test]
fn add_unknown_references_are_refused() {
    let env = TestEnv::with_team();
    let before = env.files();
    for (flag, value) in [("--class", "Z"), ("--owner", "nobody"), ("--center", "sh")] {
        let err = env.fails(["customer", "add", "--name", "杭州西湖国宾馆", flag, value]);
        let field = flag.trim_start_matches("--");
        assert!(err.contains(field) && err.contains(value), "{flag} {value}: {err}");
    }
    assert_eq!(env.files(), before);
}

/// Same name and phone as an existing customer is refused naming that customer's id;
/// `--force` adds it anyway.
#[test]
fn add_same_name_and_phone_needs_force() {
    let env = TestEnv::new();
    let first = env.add_customer("杭州西湖国宾馆", &["--phone", "0571-87651234"]);
    let before = env.files();
    let err = env.fails(words("customer add --name 杭州西湖国宾馆 --phone 0571-87651234"));
    assert!(err.contains(&first), "the existing id must be named: {err}");
    assert!(err.contains("--force"), "{err}");
    // The same number written differently is still the same phone.
    let err = env.fails(
        [
            words("customer add --name 杭州西湖国宾馆 --phone"),
            vec!["0571 8765 1234"],
        ]
        .concat(),
    );
    assert!(err.contains(&first), "{err}");
    // With the country code, and the name with a zero-width space and full-width blank pasted in.
    for (name, phone) in [
        ("杭州西湖国宾馆", "+86 571 8765 1234"),
        ("杭州\u{200B}西湖国宾馆\u{3000}", "057187651234"),
    ] {
        let err = env.fails(["customer", "add", "--name", name, "--phone", phone]);
        assert!(err.contains(&first), "{name} {phone}: {err}");
    }
    assert_eq!(env.files(), before);
    // A placeholder is no phone: two customers of one name with `无` are the same one.
    let placeholder = env.add_customer("西湖茶室", &["--phone", "无"]);
    let err = env.fails(words("customer add --name 西湖茶室 --phone 未知"));
    assert!(err.contains(&placeholder), "{err}");

    let second = env.add_customer("杭州西湖国宾馆", &["--phone", "0571-87651234", "--force"]);
    assert_ne!(first, second);
    assert_eq!(env.list_ids(&[]), [first.clone(), placeholder, second]);
    // Another phone is another customer: no --force needed.
    env.add_customer("杭州西湖国宾馆", &["--phone", "0571-11112222"]);
}

/// Chinese text in every field is stored and read back exactly.
#[test]
fn add_chinese_in_every_field() {
    let env = TestEnv::with_team();
    let id = env.add_customer(
        "杭州西湖国宾馆",
        &words(
            "--class A类 --status 活跃 --owner wang --center hz --contact 陈经理 --phone 0571-87651234 \
             --email 采购@西湖.中国 --address 浙江省杭州市西湖区杨公堤18号 --region 华东 --source 展会 \
             --note 偏好干红，每月初订货 --tag 大客户 --tag 宴会",
        ),
    );
    let mut c = env.json(["customer", "show", &id]);
    // `show` adds the customer's visits; a new customer has none and is due after its class's
    // 30 days.
    let visits = c.as_object_mut().unwrap().remove("visits").expect("show lists visits");
    assert_eq!(visits["total"], 0);
    assert_eq!(visits["due"]["due"], "2026-12-29");
    let complaints = c
        .as_object_mut()
        .unwrap()
        .remove("complaints")
        .expect("show lists complaints");
    assert_eq!(complaints, serde_json::json!([]));
    let shipments = c
        .as_object_mut()
        .unwrap()
        .remove("shipments")
        .expect("show lists shipments");
    assert_eq!(shipments, serde_json::json!([]));
    let history = c
        .as_object_mut()
        .unwrap()
        .remove("history")
        .expect("show lists the history");
    assert_eq!(history, serde_json::json!([]));
    let expected = serde_json::json!({
        "id": id,
        "name": "杭州西湖国宾馆",
        "class": "A",
        "status": "active",
        "owner": "wang",
        "center": "hz",
        "contact": "陈经理",
        "phone": "0571-87651234",
        "email": "采购@西湖.中国",
        "address": "浙江省杭州市西湖区杨公堤18号",
        "region": "华东",
        "tags": ["大客户", "宴会"],
        "source": "展会",
        "note": "偏好干红，每月初订货",
        "created": NOW,
        "updated": NOW,
        "archived": null,
    });
    assert_eq!(c, expected);
}

/// `--tag` may be repeated; tags keep their order, and a repeated tag is kept once.
#[test]
fn add_tags_are_repeatable() {
    let env = TestEnv::new();
    let id = env.add_customer("金陵饭店", &["--tag", "vip", "--tag", "宴会", "--tag", "vip"]);
    assert_eq!(
        env.json(["customer", "show", &id])["tags"],
        serde_json::json!(["vip", "宴会"])
    );
    let rows = parse_csv(&env.ok(["customer", "show", &id, "--format", "csv"]));
    assert_eq!(rows[0]["tags"], "vip;宴会");
}

/// A tag holding the separator `;` is refused (it would come back as two tags).
#[test]
fn add_tag_with_separator_is_refused() {
    let env = TestEnv::new();
    let before = env.files();
    let err = env.fails(["customer", "add", "--name", "金陵饭店", "--tag", "a;b"]);
    assert!(err.contains("tag") && err.contains("a;b"), "{err}");
    assert_eq!(env.files(), before);
}

/// Without --class and --status a customer gets cs.toml's default class and status active.
#[test]
fn add_defaults_class_from_settings_and_status_active() {
    let env = TestEnv::new();
    let id = env.add_customer("金陵饭店", &[]);
    let c = env.json(["customer", "show", &id]);
    assert_eq!((c["class"].as_str(), c["status"].as_str()), (Some("C"), Some("active")));

    let toml = env
        .read("cs.toml")
        .replace("default_class = \"C\"", "default_class = \"B\"");
    env.write("cs.toml", toml);
    let id = env.add_customer("无锡太湖饭店", &[]);
    assert_eq!(env.json(["customer", "show", &id])["class"], "B");
}

/// `A类`, `a` and `A 类` all mean class A.
#[test]
fn add_class_accepts_chinese_suffix_and_case() {
    let env = TestEnv::new();
    for (name, class) in [("甲", "A类"), ("乙", "a"), ("丙", "A 类"), ("丁", "B类客户")] {
        let id = env.add_customer(name, &["--class", class]);
        let expected = if class.starts_with('B') { "B" } else { "A" };
        assert_eq!(env.json(["customer", "show", &id])["class"], expected, "{class}");
    }
}

/// `--status` takes the English names and the Chinese terms; an unknown one is a usage error.
#[test]
fn add_status_english_chinese_and_unknown() {
    let env = TestEnv::new();
    let id = env.add_customer("甲", &["--status", "潜在客户"]);
    assert_eq!(env.json(["customer", "show", &id])["status"], "prospect");
    let id = env.add_customer("乙", &["--status", "Dormant"]);
    assert_eq!(env.json(["customer", "show", &id])["status"], "dormant");
    let before = env.files();
    env.usage(["customer", "add", "--name", "丙", "--status", "gone"]);
    assert_eq!(env.files(), before);
}

/// A malformed email address is refused.
#[test]
fn add_bad_email_is_refused() {
    let env = TestEnv::new();
    let before = env.files();
    let err = env.fails(["customer", "add", "--name", "甲", "--email", "not an email"]);
    assert!(err.contains("email") && err.contains("not an email"), "{err}");
    assert_eq!(env.files(), before);
}

/// An empty name is refused; a missing --name is a usage error.
#[test]
fn add_name_is_required() {
    let env = TestEnv::new();
    let before = env.files();
    env.fails(["customer", "add", "--name", "  "]);
    env.usage(["customer", "add", "--class", "A"]);
    assert_eq!(env.files(), before);
}

// ---------------------------------------------------------------------------------------------
// show

/// Three customers with ids that share prefixes: KH-0041, KH-0042 and a generated one.
fn three_customers() -> (TestEnv, String) {
    let env = TestEnv::new();
    env.ok(["customer", "add", "--id", "KH-0041", "--name", "南京金陵饭店采购部"]);
    env.ok(["customer", "add", "--id", "KH-0042", "--name", "无锡太湖饭店"]);
    let generated = env.add_customer("杭州西湖国宾馆", &[]);
    (env, generated)
}

/// `show` finds a customer by full id, by unique prefix (any case, with or without `C-`) and
/// by exact name.
#[test]
fn show_by_id_prefix_and_name() {
    let (env, id) = three_customers();
    let short = &id[2..5];
    for reference in [
        id.clone(),
        id[..5].to_string(),
        id[..5].to_lowercase(),
        short.to_string(),
        short.to_lowercase(),
        "杭州西湖国宾馆".to_string(),
    ] {
        assert_eq!(
            env.json(["customer", "show", &reference])["id"],
            id.as_str(),
            "{reference}"
        );
    }
    assert_eq!(env.json(["customer", "show", "kh-0042"])["name"], "无锡太湖饭店");
}

/// A full id wins over longer ids it is a prefix of (KH-1 vs KH-10).
#[test]
fn show_full_id_beats_longer_ids() {
    let env = TestEnv::new();
    env.ok(["customer", "add", "--id", "KH-1", "--name", "一号"]);
    env.ok(["customer", "add", "--id", "KH-10", "--name", "十号"]);
    assert_eq!(env.json(["customer", "show", "KH-1"])["name"], "一号");
    assert_eq!(env.json(["customer", "show", "KH-10"])["name"], "十号");
}

/// A full id typed in another case is still that id, not a prefix of longer ones (ids that
/// differ only in case cannot coexist: `add --id` refuses them).
#[test]
fn show_full_id_in_other_case_beats_longer_ids() {
    let env = TestEnv::new();
    env.ok(["customer", "add", "--id", "KH-1", "--name", "一号"]);
    env.ok(["customer", "add", "--id", "KH-10", "--name", "十号"]);
    assert_eq!(env.json(["customer", "show", "kh-1"])["name"], "一号");
}

/// An ambiguous prefix fails with exit 1 and lists every candidate.
#[test]
fn show_ambiguous_prefix_lists_candidates() {
    let (env, _) = three_customers();
    let err = env.fails(["customer", "show", "KH-004"]);
    assert!(err.contains("KH-0041") && err.contains("KH-0042"), "{err}");
    assert!(
        err.contains("南京金陵饭店采购部") && err.contains("无锡太湖饭店"),
        "{err}"
    );
}

/// Two customers with the same name: the name alone is ambiguous, the id is not.
#[test]
fn show_ambiguous_name_lists_candidates() {
    let env = TestEnv::new();
    let a = env.add_customer("金陵饭店", &["--phone", "025-1"]);
    let b = env.add_customer("金陵饭店", &["--phone", "025-2"]);
    let err = env.fails(["customer", "show", "金陵饭店"]);
    assert!(err.contains(&a) && err.contains(&b), "{err}");
    assert_eq!(env.json(["customer", "show", &b])["phone"], "025-2");
}

/// A reference matching nothing fails with exit 1 naming what was typed.
#[test]
fn show_unknown_reference_fails() {
    let (env, _) = three_customers();
    let err = env.fails(["customer", "show", "ZZZZ"]);
    assert!(err.contains("ZZZZ"), "{err}");
    // A part of a name is not a reference (only exact names are).
    env.fails(["customer", "show", "西湖"]);
}

/// `show --format json` is one object; `--format csv` is a header and one row of every column.
#[test]
fn show_json_and_csv_shapes() {
    let (env, id) = three_customers();
    let json = env.json(["customer", "show", &id]);
    assert!(json.is_object(), "{json}");
    assert_eq!(json["id"], id.as_str());

    let csv = env.ok(["customer", "show", &id, "--format", "csv"]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert_eq!(
        csv.lines().next().unwrap(),
        "id,name,class,status,owner,center,contact,phone,email,address,region,tags,source,note,created,updated,archived,\
         visits,last_visit,next_due"
    );
    assert_eq!(parse_csv(&csv)[0]["name"], "杭州西湖国宾馆");
}

/// `show` as a table lists every field with its value, one per line.
#[test]
fn show_table() {
    let env = TestEnv::with_team();
    env.ok(words(
        "customer add --id KH-0042 --name 杭州西湖国宾馆 --class A --owner wang --center hz --contact 陈经理 \
         --phone 0571-87651234 --tag vip --tag 宴会 --note 每月初订货",
    ));
    insta::assert_snapshot!(env.ok(["customer", "show", "KH-0042"]), @r"
     id        KH-0042
     name      杭州西湖国宾馆
     class     A
     status    active
     owner     wang
     center    hz
     contact   陈经理
     phone     0571-87651234
     email
     address
     region
     tags      vip;宴会
     source
     note      每月初订货
     created   2026-11-29T09:30:00+08:00
     updated   2026-11-29T09:30:00+08:00
     archived

    next visit due 2026-12-29 (in 30 days)
    no visits yet
    ");
}

// ---------------------------------------------------------------------------------------------
// archive

/// Archived customers leave the default list, stay in `--all` and in customers.csv; `--undo`
/// brings them back.
#[test]
fn archive_and_undo() {
    let env = TestEnv::new();
    let keep = env.add_customer("金陵饭店", &[]);
    let gone = env.add_customer("无锡太湖饭店", &[]);
    let later = "2026-12-05T16:00:00+08:00";

    let out = env
        .cs(["customer", "archive", &gone])
        .env("CS_NOW", later)
        .assert()
        .code(0);
    assert!(out.get_output().stdout.is_empty(), "archive reports on stderr");
    assert_eq!(env.list_ids(&[]), std::slice::from_ref(&keep));
    assert_eq!(env.list_ids(&["--all"]), [keep.clone(), gone.clone()]);
    let csv = env.read("customers.csv");
    assert_eq!(csv.lines().count(), 3, "the record stays in the file:\n{csv}");
    let shown = env.json(["customer", "show", &gone]);
    assert_eq!(shown["archived"], later);
    assert_eq!(shown["updated"], later);
    assert_eq!(shown["created"], NOW);
    // Filters apply to archived customers only with --all.
    assert!(env.list_ids(&["--search", "太湖"]).is_empty());
    assert_eq!(
        env.list_ids(&["--search", "太湖", "--all"]),
        std::slice::from_ref(&gone)
    );

    env.ok(["customer", "archive", "--undo", &gone]);
    assert_eq!(env.list_ids(&[]), [keep, gone.clone()]);
    assert_eq!(
        env.json(["customer", "show", &gone])["archived"],
        serde_json::Value::Null
    );
}

/// Archiving twice (or undoing a customer that is not archived) succeeds and changes nothing.
#[test]
fn archive_twice_changes_nothing() {
    let env = TestEnv::new();
    let id = env.add_customer("金陵饭店", &[]);
    let before = env.files();
    env.ok(["customer", "archive", "--undo", &id]);
    assert_eq!(env.files(), before);
    env.ok(["customer", "archive", &id]);
    let archived = env.files();
    env.cs(["customer", "archive", &id])
        .env("CS_NOW", "2027-01-01T00:00:00+08:00")
        .assert()
        .code(0);
    assert_eq!(
        env.files(),
        archived,
        "a second archive must not move the archived time"
    );
}

/// An archived customer still counts for the same-name-and-phone check (it says so).
#[test]
fn archived_customer_still_blocks_a_duplicate() {
    let env = TestEnv::new();
    let id = env.add_customer("金陵饭店", &["--phone", "025-84711888"]);
    env.ok(["customer", "archive", &id]);
    let err = env.fails(["customer", "add", "--name", "金陵饭店", "--phone", "025-84711888"]);
    assert!(err.contains(&id) && err.contains("archived"), "{err}");
}

/// Control characters are refused on input (a terminal escape in a name, a tab in a contact),
/// and one written into the file by hand is shown written out, never sent raw to the terminal.
#[test]
fn control_characters_are_refused_and_never_printed_raw() {
    let env = TestEnv::new();
    let before = env.files();
    let err = env.fails(["customer", "add", "--name", "A\u{1b}[31mB"]);
    assert!(err.contains("name") && err.contains("001B"), "{err}");
    let err = env.fails(["customer", "add", "--name", "甲", "--contact", "陈\t经理"]);
    assert!(err.contains("contact") && err.contains("0009"), "{err}");
    assert_eq!(env.files(), before);
    // A note may hold line breaks, nothing else.
    env.add_customer("乙", &["--note", "第一行\n第二行"]);

    let id = env.add_customer("丙", &[]);
    let table = env.read("customers.csv").replace("丙", "丙\u{1b}[2J");
    env.write("customers.csv", table);
    let shown = env.ok(["customer", "list"]);
    assert!(!shown.contains('\u{1b}') && shown.contains("丙\\x1B[2J"), "{shown}");
    let shown = env.ok(["customer", "show", &id]);
    assert!(!shown.contains('\u{1b}'), "{shown}");
    let checked = env.cs(["check"]).assert().failure();
    let report = String::from_utf8_lossy(&checked.get_output().stdout).into_owned();
    assert!(report.contains("customers.csv:") && report.contains("001B"), "{report}");
}
