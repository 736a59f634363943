//! Changes to `cs.toml` that keep the user's comments, order and layout (`toml_edit`), and the
//! commented file that `cs init` writes.

use rust_i18n::t;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::model::settings::{Center, StaffMember};

/// The `cs.toml` that `cs init` writes: every default spelled out, with short comments.
pub fn template(company_name: &str, lang: crate::i18n::Lang) -> String {
    let name = toml_edit::Value::from(company_name).to_string();
    let lang = lang.code();
    let format = super::settings::format::FORMAT;
    format!(
        // i18n: not a message: the file's content, the same in every language
        r#"# cs settings: the company, customer classes, staff and distribution centers.
# Edit by hand or with `cs staff add` and `cs center add`; `cs check` validates the file.
#
# Staff are [[staff]] tables: role is consultant, supervisor, manager or general_manager
# (客服顾问, 客服主管, 客服部经理, 总经理); reports_to is the staff id one step up the
# escalation chain, left out for the top of the chain.
#
#   [[staff]]
#   id = "wang"
#   name = "王芳"
#   role = "consultant"
#   reports_to = "li"
#
# Distribution centers (分销中心) are [[center]] tables:
#
#   [[center]]
#   id = "hz"
#   name = "杭州分销中心"
#
# Carriers (承运商) and their usual days in transit, used for a shipment's eta when none is
# given. Without any [carriers.*] table, cs knows 顺丰, 京东物流, 中通, 圆通, 申通, 韵达, EMS
# and 德邦. aliases are other names people type for the carrier.
#
#   [carriers."顺丰"]
#   transit_days = 2
#   aliases = ["SF", "顺丰速运"]
#
# Label vendors (酒标供应商) are [[vendor]] tables: kind is hot_stamping (烫金), quick_print
# (快印) or other.
#
#   [[vendor]]
#   id = "jinhua"
#   name = "金华烫金厂"
#   kind = "hot_stamping"

# The version of this directory's format, for cs itself: a cs too old to read it refuses.
format = {format}

[company]
name = {name}
# The language cs speaks: "zh" (中文) or "en" (English); the CS_LANG variable overrides it.
lang = "{lang}"
# The class a new customer gets when `cs customer add` is not given --class.
default_class = "C"

# Customer classes, and the days between regular follow-up visits for each.
[classes.A]
visit_every_days = 30
description = "key account (大客户)"

[classes.B]
visit_every_days = 60
description = "regular customer"

[classes.C]
visit_every_days = 90
description = "occasional customer"
"#
    )
}

/// Appends a `[[staff]]` table to the settings text.
pub fn add_staff(text: &str, member: &StaffMember) -> Result<String, String> {
    let mut table = Table::new();
    table.insert("id", value(member.id.as_str()));
    table.insert("name", value(member.name.as_str()));
    table.insert("role", value(member.role.as_str()));
    if let Some(boss) = &member.reports_to {
        table.insert("reports_to", value(boss.as_str()));
    }
    push_table(text, "staff", table)
}

/// Appends a `[[center]]` table to the settings text.
pub fn add_center(text: &str, center: &Center) -> Result<String, String> {
    let mut table = Table::new();
    table.insert("id", value(center.id.as_str()));
    table.insert("name", value(center.name.as_str()));
    push_table(text, "center", table)
}

fn push_table(text: &str, key: &str, table: Table) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let item = doc
        .entry(key)
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    let array = item
        .as_array_of_tables_mut()
        .ok_or_else(|| t!("settings_edit.not_tables", key = key).into_owned())?;
    array.push(table);
    let mut out = doc.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::settings::{Role, Settings};

    #[test]
    fn template_is_valid_and_has_no_staff() {
        let settings = Settings::parse(&template("醇香酒业", crate::i18n::Lang::Zh), "cs.toml").unwrap();
        assert_eq!(settings.company.name, "醇香酒业");
        assert_eq!(settings.company.lang, Some(crate::i18n::Lang::Zh));
        assert_eq!(settings.classes["A"].visit_every_days, 30);
        assert!(settings.staff.is_empty() && settings.centers.is_empty());
    }

    #[test]
    fn adding_staff_keeps_comments_and_appends() {
        let start = template("x", crate::i18n::Lang::En);
        let member = StaffMember {
            id: "li".into(),
            name: "李娜".into(),
            role: Role::Supervisor,
            reports_to: None,
        };
        let text = add_staff(&start, &member).unwrap();
        assert!(text.starts_with(&start), "the existing text must be kept byte for byte");
        assert!(
            text.ends_with("[[staff]]\nid = \"li\"\nname = \"李娜\"\nrole = \"supervisor\"\n"),
            "{text}"
        );
        let center = Center {
            id: "hz".into(),
            name: "杭州分销中心".into(),
        };
        let text = add_center(&text, &center).unwrap();
        let settings = Settings::parse(&text, "cs.toml").unwrap();
        assert_eq!(settings.staff.len(), 1);
        assert_eq!(settings.centers[0].name, "杭州分销中心");
    }
}
