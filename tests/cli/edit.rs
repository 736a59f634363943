//! `cs customer edit`: with flags, and with no flags in `$VISUAL` / `$EDITOR` (here small shell
//! scripts that change the file the way a person would).

use crate::support::{NOW, TestEnv, words};

/// When the edits in these tests happen: later than the customers were added.
const LATER: &str = "2026-12-01T10:00:00+08:00";

/// A team and one customer: class C, owner wang, center hz, tags vip and old.
fn one_customer() -> (TestEnv, String) {
    let env = TestEnv::with_team();
    let id = env.add_customer(
        "杭州西湖国宾馆",
        &words("--class C --owner wang --center hz --phone 0571-87651234 --tag vip2 --tag old"),
    );
    (env, id)
}

/// Runs `cs customer edit ID FLAGS` at LATER and asserts it succeeded.
fn edit_later(env: &TestEnv, id: &str, flags: &[&str]) -> String {
    let mut full = vec!["customer", "edit", id];
    full.extend_from_slice(flags);
    let out = env
        .cs(full)
        .env("CS_NOW", LATER)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// Flags change the fields they name and nothing else; `updated` moves, `created` does not.
#[test]
fn edit_with_flags() {
    let (env, id) = one_customer();
    edit_later(&env, &id, &words("--class B --owner li --add-tag vip --remove-tag old"));
    let c = env.json(["customer", "show", &id]);
    assert_eq!(c["class"], "B");
    assert_eq!(c["owner"], "li");
    assert_eq!(c["tags"], serde_json::json!(["vip2", "vip"]));
    assert_eq!(c["center"], "hz", "fields not named stay as they were");
    assert_eq!(c["phone"], "0571-87651234");
    assert_eq!(c["created"], NOW);
    assert_eq!(c["updated"], LATER);
}

/// The edited record is printed in the format asked for.
#[test]
fn edit_prints_the_record() {
    let (env, id) = one_customer();
    let out = edit_later(&env, &id, &["--region", "华东", "--format", "json"]);
    let c: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(c["region"], "华东");
    assert_eq!(c["id"], id.as_str());
}

/// An empty value clears a field (`--center ''`, `--owner ''`, `--note ''`).
#[test]
fn edit_empty_value_clears() {
    let (env, id) = one_customer();
    env.ok(["customer", "edit", &id, "--note", "临时备注"]);
    edit_later(&env, &id, &["--center", "", "--owner", "", "--note", ""]);
    let c = env.json(["customer", "show", &id]);
    assert_eq!(c["center"], serde_json::Value::Null);
    assert_eq!(c["owner"], serde_json::Value::Null);
    assert_eq!(c["note"], "");
}

/// `--name` renames; the customer is then found by the new name.
#[test]
fn edit_renames() {
    let (env, id) = one_customer();
    env.ok(["customer", "edit", &id, "--name", "西湖国宾馆"]);
    assert_eq!(env.json(["customer", "show", "西湖国宾馆"])["id"], id.as_str());
}

/// An edit that changes nothing writes nothing (and `updated` does not move).
#[test]
fn edit_without_a_change_writes_nothing() {
    let (env, id) = one_customer();
    let before = env.files();
    edit_later(&env, &id, &["--class", "C", "--owner", "wang"]);
    assert_eq!(env.files(), before);
}

/// Bad flag values are refused with exit 1 and nothing is written.
#[test]
fn edit_bad_values_are_refused() {
    let (env, id) = one_customer();
    let before = env.files();
    for (args, named) in [
        (vec!["--class", "Z"], "class"),
        (vec!["--owner", "nobody"], "owner"),
        (vec!["--center", "sh"], "center"),
        (vec!["--remove-tag", "never-had"], "never-had"),
        (vec!["--email", "no-at-sign"], "no-at-sign"),
        (vec!["--add-tag", "a;b"], "a;b"),
    ] {
        let mut full = vec!["customer", "edit", id.as_str()];
        full.extend(args.iter().copied());
        let err = env.fails(&full);
        assert!(err.contains(named), "{args:?}: {err}");
    }
    env.fails(["customer", "edit", "ZZZZ", "--class", "A"]);
    assert_eq!(env.files(), before);
}

/// With no flags and no editor set, `edit` is a usage error that says what to do.
#[test]
fn edit_without_flags_or_editor_is_a_usage_error() {
    let (env, id) = one_customer();
    let before = env.files();
    let err = env.usage(["customer", "edit", &id]);
    assert!(err.contains("EDITOR"), "{err}");
    assert_eq!(env.files(), before);
}

/// With no flags, `$EDITOR` edits the record; the change is saved and `updated` moves.
#[test]
fn edit_in_editor_applies_the_change() {
    let (env, id) = one_customer();
    let editor = env.script("to-a.sh", r#"sed -i.bak 's/^class = "C"$/class = "A"/' "$1""#);
    env.cs(["customer", "edit", &id])
        .env("EDITOR", &editor)
        .env("CS_NOW", LATER)
        .assert()
        .code(0);
    let c = env.json(["customer", "show", &id]);
    assert_eq!(c["class"], "A");
    assert_eq!(c["owner"], "wang");
    assert_eq!(c["tags"], serde_json::json!(["vip2", "old"]));
    assert_eq!(c["created"], NOW);
    assert_eq!(c["updated"], LATER);
}

/// `$VISUAL` wins over `$EDITOR`.
#[test]
fn edit_prefers_visual() {
    let (env, id) = one_customer();
    let visual = env.script("visual.sh", r#"sed -i.bak 's/^class = "C"$/class = "B"/' "$1""#);
    let editor = env.script("editor.sh", "exit 1");
    env.cs(["customer", "edit", &id])
        .env("VISUAL", &visual)
        .env("EDITOR", &editor)
        .assert()
        .code(0);
    assert_eq!(env.json(["customer", "show", &id])["class"], "B");
}

/// The editor can change tags, the note (with a line break) and clear the center.
#[test]
fn edit_in_editor_tags_note_and_clearing() {
    let (env, id) = one_customer();
    let editor = env.script(
        "many.sh",
        r#"sed -i.bak -e 's/^center = "hz"$/center = ""/' -e 's/^tags = .*$/tags = ["宴会", "vip"]/' -e 's/^note = .*$/note = "第一行\\n第二行"/' "$1""#,
    );
    env.cs(["customer", "edit", &id])
        .env("EDITOR", &editor)
        .assert()
        .code(0);
    let c = env.json(["customer", "show", &id]);
    assert_eq!(c["center"], serde_json::Value::Null);
    assert_eq!(c["tags"], serde_json::json!(["宴会", "vip"]));
    assert_eq!(c["note"], "第一行\n第二行");
}

/// An editor that saves something unreadable: exit 1, nothing written, and the message says so.
#[test]
fn edit_in_editor_invalid_content_changes_nothing() {
    let (env, id) = one_customer();
    let before = env.files();
    let editor = env.script("garbage.sh", r#"printf 'class = = "A"\n' > "$1""#);
    let err = crate::support::failure(env.cs(["customer", "edit", &id]).env("EDITOR", &editor));
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(env.files(), before);
}

/// An editor that saves a value the rules refuse (unknown class, owner or status): exit 1,
/// nothing written.
#[test]
fn edit_in_editor_refused_values_change_nothing() {
    let (env, id) = one_customer();
    let before = env.files();
    for (name, sed, named) in [
        ("class.sh", r#"s/^class = "C"$/class = "Z"/"#, "class"),
        ("owner.sh", r#"s/^owner = "wang"$/owner = "nobody"/"#, "nobody"),
        ("status.sh", r#"s/^status = "active"$/status = "gone"/"#, "status"),
        ("unknown-key.sh", r#"s/^region = ""$/colour = "red"/"#, "colour"),
    ] {
        let editor = env.script(name, &format!("sed -i.bak '{sed}' \"$1\""));
        let err = crate::support::failure(env.cs(["customer", "edit", &id]).env("EDITOR", &editor));
        assert!(err.contains(named), "{name}: {err}");
    }
    assert_eq!(env.files(), before);
}

/// An editor that exits with an error: exit 1, nothing written.
#[test]
fn edit_in_editor_failure_changes_nothing() {
    let (env, id) = one_customer();
    let before = env.files();
    let editor = env.script("fail.sh", r#"sed -i.bak 's/^class = "C"$/class = "A"/' "$1"; exit 3"#);
    crate::support::failure(env.cs(["customer", "edit", &id]).env("EDITOR", &editor));
    assert_eq!(env.files(), before);
}

/// Closing the editor without a change (or after emptying the file) writes nothing.
#[test]
fn edit_in_editor_unchanged_or_emptied_writes_nothing() {
    let (env, id) = one_customer();
    let before = env.files();
    for (name, body) in [("true.sh", "true"), ("empty.sh", r#": > "$1""#)] {
        let editor = env.script(name, body);
        env.cs(["customer", "edit", &id])
            .env("EDITOR", &editor)
            .env("CS_NOW", LATER)
            .assert()
            .code(0);
        assert_eq!(env.files(), before, "{name}");
    }
}

/// The record shown in the editor is TOML with every editable field, Chinese kept as text.
#[test]
fn edit_in_editor_shows_the_record() {
    let (env, id) = one_customer();
    let copy = env.root().join("tmp/seen.toml");
    let editor = env.script("copy.sh", &format!(r#"cp "$1" '{}'"#, copy.display()));
    env.cs(["customer", "edit", &id])
        .env("EDITOR", &editor)
        .assert()
        .code(0);
    let seen = std::fs::read_to_string(copy).unwrap();
    for line in [
        "name = \"杭州西湖国宾馆\"",
        "class = \"C\"",
        "status = \"active\"",
        "owner = \"wang\"",
        "center = \"hz\"",
        "phone = \"0571-87651234\"",
    ] {
        assert!(seen.lines().any(|l| l == line), "{line:?} not in:\n{seen}");
    }
    assert!(seen.contains(&id), "the comment names the customer:\n{seen}");
}

/// Writes an editor script that first changes the customer from another `cs` process (at
/// `inner_now`), then changes the class in the file as the person would.
fn editor_racing_another_edit(env: &TestEnv, id: &str, inner_now: &str) -> std::path::PathBuf {
    env.script(
        "racing.sh",
        &format!(
            "CS_NOW='{inner_now}' '{cs}' customer edit '{id}' --region 内部 > /dev/null || exit 9\n\
             sed -i.bak 's/^class = \"C\"$/class = \"A\"/' \"$1\"",
            cs = crate::support::cs_bin().display(),
        ),
    )
}

/// Runs an editor edit while another command changes the record at `inner_now`, and checks
/// the edit is refused (exit 1, the person's file kept) and the other change stays.
fn assert_racing_edit_is_refused(inner_now: &str) {
    let (env, id) = one_customer();
    let editor = editor_racing_another_edit(&env, &id, inner_now);
    let err = crate::support::failure(env.cs(["customer", "edit", &id]).env("EDITOR", &editor));
    assert!(err.contains("changed by another command"), "{err}");
    assert!(err.contains("kept in"), "the person's edit is kept: {err}");
    let c = env.json(["customer", "show", &id]);
    assert_eq!(
        (c["region"].as_str(), c["class"].as_str()),
        (Some("内部"), Some("C")),
        "{c}"
    );
}

/// A change made by another command while the editor was open is not overwritten.
#[test]
fn edit_in_editor_detects_a_change_made_meanwhile() {
    assert_racing_edit_is_refused(LATER);
}

// Regression: the check compared only `updated`, which a change in the same second leaves alone.
/// The same, when the other change happens within the same second as the record's last change.
#[test]
fn edit_in_editor_detects_a_change_made_in_the_same_second() {
    assert_racing_edit_is_refused(NOW);
}

/// When the editor saves something unreadable, the person's text is kept in a file they are told about.
#[test]
fn edit_in_editor_keeps_an_unreadable_edit() {
    let (env, id) = one_customer();
    let editor = env.script("typo.sh", r#"printf 'name = "我的修改\n' > "$1""#);
    let err = crate::support::failure(env.cs(["customer", "edit", &id]).env("EDITOR", &editor));
    let kept = err
        .split("kept in ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .unwrap_or_else(|| panic!("the message names the kept file: {err}"));
    let text = std::fs::read_to_string(kept.trim()).unwrap_or_else(|e| panic!("{kept}: {e}"));
    assert!(text.contains("我的修改"), "{text}");
}

/// A record that was already wrong (its owner left cs.toml) can still be edited and mended;
/// only problems the edit brings in are refused.
#[test]
fn edit_mends_a_record_whose_owner_was_removed() {
    let env = TestEnv::with_team();
    let id = env.add_customer("金陵饭店", &["--owner", "li"]);
    let toml = env.read("cs.toml");
    let without_li = toml.replace(
        "[[staff]]\nid = \"li\"\nname = \"李娜\"\nrole = \"consultant\"\nreports_to = \"zheng\"\n",
        "",
    );
    assert_ne!(toml, without_li, "li must have been removed");
    env.write("cs.toml", without_li);
    let out = env.cs(["check"]).assert().code(1).get_output().stdout.clone();
    assert!(String::from_utf8(out).unwrap().contains("owner"));

    env.ok(["customer", "edit", &id, "--region", "华东"]);
    let before = env.files();
    env.fails(["customer", "edit", &id, "--class", "Z"]);
    assert_eq!(env.files(), before);
    env.ok(["customer", "edit", &id, "--owner", "wang"]);
    assert!(env.ok(["check"]).contains("no problems found"));
}

/// A change of status, class, owner, center or archiving is kept in the customer history, in
/// the same change as the customer's line; other fields are not.
#[test]
fn edits_of_status_class_owner_and_center_are_kept_in_the_history() {
    let (env, id) = one_customer();
    edit_later(&env, &id, &["--phone", "0571-8888"]);
    assert!(!env.path("customer_history").exists(), "a phone change is not history");
    let mut cmd = env.cs([
        "customer", "edit", &id, "--class", "A", "--owner", "li", "--status", "dormant",
    ]);
    cmd.env("CS_NOW", LATER).env("CS_USER", "zheng");
    crate::support::success(&mut cmd);
    env.cs(["customer", "archive", &id])
        .env("CS_NOW", LATER)
        .assert()
        .code(0);
    let history = env.read("customer_history/2026-12.csv");
    assert_eq!(
        history,
        format!(
            "customer,at,by,field,from,to\n\
             {id},{LATER},zheng,status,active,dormant\n\
             {id},{LATER},zheng,class,C,A\n\
             {id},{LATER},zheng,owner,wang,li\n\
             {id},{LATER},,archived,,yes\n"
        )
    );
    let shown = env.json(["customer", "show", &id]);
    let fields: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["status", "class", "owner", "archived"]);
    let table = env.ok(["customer", "show", &id]);
    assert!(table.contains("changes (4):"), "{table}");
    assert!(env.ok(["check"]).contains("4 customer changes"));

    // A hand edit naming a field whose changes are not kept is reported, not read.
    env.append("customer_history/2026-12.csv", &format!("{id},{LATER},,phone,1,2\n"));
    let err = env.fails(["customer", "show", &id]);
    assert!(err.contains("customer_history/2026-12.csv:6: field: 'phone'"), "{err}");
}
