//! Tests of reading and validating `cs.toml`.

use super::*;
use crate::model::settings::VendorKind;
use crate::model::survey::QuestionKind;

const GOOD: &str = r#"
[company]
name = "醇香酒业"
default_class = "C"

[classes.A]
visit_every_days = 30
[classes.C]
visit_every_days = 90

[[staff]]
id = "zhao"
name = "赵总"
role = "general_manager"

[[staff]]
id = "wang"
name = "王芳"
role = "客服顾问"
reports_to = "zhao"

[[center]]
id = "hz"
name = "杭州分销中心"
"#;

fn problems(text: &str) -> Vec<String> {
    Settings::parse(text, "cs.toml")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn parses_a_valid_file() {
    let settings = Settings::parse(GOOD, "cs.toml").unwrap();
    assert_eq!(settings.company.default_class, "C");
    assert_eq!(settings.staff[1].role, Role::Consultant);
    assert_eq!(settings.class_named("A类"), Some("A"));
    assert_eq!(settings.class_named("a"), Some("A"));
    assert_eq!(settings.center("hz").unwrap().name, "杭州分销中心");
}

#[test]
fn unknown_role_names_key_and_line() {
    let text = GOOD.replace("role = \"客服顾问\"", "role = \"boss\"");
    assert_eq!(
        problems(&text),
        vec![
            "cs.toml:19: staff.role: unknown role 'boss' (expected consultant, supervisor, manager or general_manager)"
        ]
    );
}

#[test]
fn unknown_boss_and_cycles_are_reported() {
    let text = GOOD.replace("reports_to = \"zhao\"", "reports_to = \"nobody\"");
    assert_eq!(
        problems(&text),
        vec!["cs.toml:20: staff.reports_to: 'nobody' is not the id of any staff member"]
    );
    let text = GOOD.replace(
        "role = \"general_manager\"",
        "role = \"general_manager\"\nreports_to = \"wang\"",
    );
    assert_eq!(
        problems(&text),
        vec!["cs.toml:21: staff.reports_to: the reporting chain loops: wang → zhao → wang"]
    );
}

#[test]
fn duplicate_ids_and_classes_without_cadence_are_reported() {
    let text = GOOD.replace("id = \"wang\"", "id = \"zhao\"");
    assert!(problems(&text)[0].starts_with("cs.toml:17: staff.id: 'zhao' is used by more than one"));
    let text = GOOD.replace("[classes.C]\nvisit_every_days = 90", "[classes.C]\ndescription = \"x\"");
    assert_eq!(
        problems(&text),
        vec!["cs.toml:8: classes.C: missing visit_every_days (days between regular visits)"]
    );
}

#[test]
fn type_errors_name_the_key() {
    let text = GOOD.replace("visit_every_days = 30", "visit_every_days = \"30\"");
    let found = problems(&text);
    assert!(
        found[0].starts_with("cs.toml:7: visit_every_days: invalid type"),
        "{found:?}"
    );
}

#[test]
fn class_names_must_be_single_words() {
    let text = GOOD.replace("[classes.A]", "[classes.\"A B\"]");
    assert_eq!(
        problems(&text),
        vec!["cs.toml:6: classes.A B: a class name must be a single word without spaces, commas or quotes"]
    );
}

#[test]
fn syntax_errors_and_unknown_keys_name_the_line() {
    assert!(problems("[company\nname = 1")[0].starts_with("cs.toml:1: "));
    let text = GOOD.replace("name = \"王芳\"", "name = \"王芳\"\nphone_number = \"1\"");
    assert!(
        problems(&text)[0].starts_with("cs.toml:19: unknown field `phone_number`"),
        "{:?}",
        problems(&text)
    );
}

const SURVEY: &str = r#"
[visits]
routine_topics = ["产品反馈", "库存", "stock level"]

[[survey]]
id = "2026Q4"
title = "四季度客户需求调查"
questions = [
  { key = "quality", text = "产品质量满意吗?", kind = "score" },
  { key = "recommend", text = "推荐意愿?", kind = "nps" },
  { key = "channel", text = "订货渠道", kind = "choice", choices = ["电话", "微信", "上门"] },
  { key = "needs", text = "其他需求", kind = "text" },
]
"#;

#[test]
fn visits_and_surveys_are_read() {
    let settings = Settings::parse(&format!("{GOOD}{SURVEY}"), "cs.toml").unwrap();
    assert_eq!(settings.visits.routine_topics.len(), 3);
    assert_eq!(settings.routine_topic("Stock Level"), Some("stock level"));
    let survey = settings.survey("2026Q4").unwrap();
    assert_eq!(survey.questions[2].choices, vec!["电话", "微信", "上门"]);
    assert_eq!(survey.question("recommend").unwrap().kind, QuestionKind::Nps);
    assert_eq!(settings.resolve_staff("王芳").unwrap().id, "wang");
    assert_eq!(settings.resolve_staff("WANG").unwrap().id, "wang");
}

#[test]
fn survey_mistakes_are_each_reported() {
    let text = format!("{GOOD}{SURVEY}")
        .replace("key = \"recommend\"", "key = \"quality\"")
        .replace(", choices = [\"电话\", \"微信\", \"上门\"]", "")
        .replace("kind = \"text\"", "kind = \"essay\"")
        .replace("\"库存\", \"stock level\"", "\"库存\", \"库存\"")
        + "\n[[survey]]\nid = \"2026Q4\"\nquestions = [{ key = \"a\", text = \"?\", kind = \"score\", choices = [\"x\"] }]\n";
    let found = problems(&text);
    let expected = [
        "visits.routine_topics: '库存' is listed twice",
        "the key 'quality' is used by two questions",
        "choice question 'channel' needs choices",
        "unknown question kind 'essay'",
        "survey.id: '2026Q4' is used by more than one survey",
        "question 'a' is of kind score; only choice questions have choices",
    ];
    for needle in expected {
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "{needle} missing from {found:#?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
}

#[test]
fn carriers_default_to_the_common_ones_and_are_found_by_alias() {
    let settings = Settings::parse(GOOD, "cs.toml").unwrap();
    assert_eq!(settings.carrier("sf").unwrap().name, "顺丰");
    assert_eq!(settings.carrier("中通").unwrap().transit_days, 3);
    assert!(settings.carrier("UPS").is_none());
    assert!(settings.vendors.is_empty());

    let text = format!(
        "{GOOD}\n[carriers.\"自送\"]\ntransit_days = 1\naliases = [\"own van\"]\n\n\
         [[vendor]]\nid = \"jinhua\"\nname = \"金华烫金厂\"\nkind = \"烫金\"\n"
    );
    let settings = Settings::parse(&text, "cs.toml").unwrap();
    assert_eq!(settings.carriers.len(), 1, "the file's carriers replace the defaults");
    assert_eq!(settings.carrier("OWN VAN").unwrap().name, "自送");
    assert!(settings.carrier("顺丰").is_none());
    let vendor = settings.vendor("金华烫金厂").unwrap();
    assert_eq!((vendor.id.as_str(), vendor.kind), ("jinhua", VendorKind::HotStamping));
}

#[test]
fn carrier_and_vendor_mistakes_are_each_reported() {
    let text = format!(
        "{GOOD}\n[carriers.\"顺丰\"]\ntransit_days = 90\n\n\
         [[vendor]]\nid = \"a\"\nname = \"甲\"\nkind = \"gilding\"\n\n\
         [[vendor]]\nid = \"b\"\nname = \"乙\"\n\n[[vendor]]\nid = \"b\"\nname = \"丙\"\n"
    );
    let found = problems(&text);
    let expected = [
        "carriers.顺丰.transit_days: transit_days is a whole number of days from 0 to 60",
        "vendor.kind: unknown vendor kind 'gilding'",
        "vendor.id: 'b' is used by more than one vendor",
    ];
    for needle in expected {
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "{needle} missing from {found:#?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
}
