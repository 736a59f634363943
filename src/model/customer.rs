//! Customers (客户档案): the record, its status, and the rules a record must satisfy.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset};
use rust_i18n::t;
use serde::{Deserialize, Serialize};

use crate::model::id;
use crate::model::settings::Settings;
use crate::model::{LIST_SEPARATOR, control_character};

/// Where a customer stands with the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 潜在客户: not yet buying.
    Prospect,
    /// 活跃: buying.
    Active,
    /// 休眠: has stopped ordering for now.
    Dormant,
    /// 流失: gone.
    Lost,
}

impl Status {
    /// Every status, in the order a customer usually moves through them.
    pub const ALL: [Status; 4] = [Status::Prospect, Status::Active, Status::Dormant, Status::Lost];

    /// The name stored in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Prospect => "prospect",
            Status::Active => "active",
            Status::Dormant => "dormant",
            Status::Lost => "lost",
        }
    }

    /// The Chinese terms people type for the status.
    fn chinese(self) -> &'static [&'static str] {
        match self {
            Status::Prospect => &["潜在客户", "潜在"], // i18n: not a message
            Status::Active => &["活跃", "活跃客户"],   // i18n: not a message
            Status::Dormant => &["休眠", "休眠客户"],  // i18n: not a message
            Status::Lost => &["流失", "流失客户"],     // i18n: not a message
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    /// Accepts the stored names in any case and the Chinese terms.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        Status::ALL
            .into_iter()
            .find(|s| text.eq_ignore_ascii_case(s.as_str()) || s.chinese().contains(&text))
            .ok_or_else(|| {
                let words = Status::ALL
                    .iter()
                    .flat_map(|s| std::iter::once(s.as_str()).chain(s.chinese().iter().copied()));
                t!("customer.unknown_status", text = text).into_owned()
                    + &crate::model::suggest::did_you_mean(text, words)
            })
    }
}

/// A customer record: one line of `customers.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Customer {
    /// Generated (`C-7K3QX9MA`) or the company's own code.
    pub id: String,
    /// 客户名称.
    pub name: String,
    /// A class from `cs.toml` (`A`, `B`, `C`).
    pub class: String,
    /// Where the customer stands.
    pub status: Status,
    /// The owning consultant's staff id.
    pub owner: Option<String>,
    /// The distribution center's id, for customers served through one.
    pub center: Option<String>,
    /// 联系人.
    pub contact: String,
    /// 联系电话.
    pub phone: String,
    /// Email address.
    pub email: String,
    /// 地址.
    pub address: String,
    /// 区域.
    pub region: String,
    /// Free labels, in the order they were added.
    pub tags: Vec<String>,
    /// How the customer was found.
    pub source: String,
    /// Free text; may span several lines.
    pub note: String,
    /// When the record was added.
    pub created: DateTime<FixedOffset>,
    /// When the record last changed.
    pub updated: DateTime<FixedOffset>,
    /// When the record was archived; archived customers leave the default lists.
    pub archived: Option<DateTime<FixedOffset>>,
}

impl Customer {
    /// Whether the customer has been archived.
    pub fn is_archived(&self) -> bool {
        self.archived.is_some()
    }

    /// The rules a customer must satisfy against the settings, as `(field, problem)` pairs.
    pub fn problems(&self, settings: &Settings) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if let Err(e) = id::validate_code("id", &self.id) {
            problems.push(("id", e.to_string().trim_start_matches("id: ").to_string()));
        }
        if self.name.trim().is_empty() {
            problems.push(("name", t!("customer.empty").into_owned()));
        }
        if self.name.contains(['\n', '\r']) {
            problems.push(("name", t!("customer.single_line").into_owned()));
        } else if let Some(message) = control_character(&self.name, false) {
            problems.push(("name", message));
        }
        let single_lines = [
            ("contact", &self.contact),
            ("phone", &self.phone),
            ("email", &self.email),
            ("address", &self.address),
            ("region", &self.region),
            ("source", &self.source),
        ];
        for (field, text) in single_lines {
            if let Some(message) = control_character(text, false) {
                problems.push((field, message));
            }
        }
        if let Some(message) = control_character(&self.note, true) {
            problems.push(("note", message));
        }
        if !settings.classes.contains_key(&self.class) {
            problems.push((
                "class",
                t!(
                    "customer.unknown_class",
                    class = self.class,
                    classes = settings.class_list()
                )
                .into_owned()
                    + &crate::model::suggest::did_you_mean(&self.class, settings.classes.keys().map(String::as_str)),
            ));
        }
        if let Some(owner) = &self.owner
            && settings.staff_member(owner).is_none()
        {
            problems.push(("owner", t!("customer.not_staff", owner = owner).into_owned()));
        }
        if let Some(center) = &self.center
            && settings.center(center).is_none()
        {
            problems.push(("center", t!("customer.not_center", center = center).into_owned()));
        }
        if !self.email.is_empty() && !looks_like_email(&self.email) {
            problems.push(("email", t!("customer.not_email", email = self.email).into_owned()));
        }
        for tag in &self.tags {
            if let Err(message) = check_tag(tag) {
                problems.push(("tags", message));
            }
        }
        if self.updated < self.created {
            problems.push(("updated", t!("customer.updated_before_created").into_owned()));
        }
        problems
    }

    /// Whether `needle` (already lower-cased) occurs in the name, contact, phone or note, or
    /// is a run of the pinyin initials of the name (`hzxh` for 杭州西湖国宾馆).
    pub fn matches_search(&self, needle: &str) -> bool {
        [&self.name, &self.contact, &self.phone, &self.note]
            .iter()
            .any(|field| field.to_lowercase().contains(needle))
            || crate::model::names::matches_initials(&self.name, needle)
            || (!phone_digits(needle).is_empty()
                && needle.chars().all(|c| c.is_ascii_digit() || " -+()".contains(c))
                && phone_digits(&self.phone).contains(&phone_digits(needle)))
    }
}

/// Checks one tag as a user typed it.
pub fn check_tag(tag: &str) -> Result<(), String> {
    if tag.trim().is_empty() {
        Err(t!("customer.empty_tag").into_owned())
    } else if tag.contains(LIST_SEPARATOR) || tag.contains(char::is_control) {
        Err(t!("customer.bad_tag", tag = tag).into_owned())
    } else {
        Ok(())
    }
}

/// The digits of a phone number, which is how two spellings of one number are compared.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((user, domain)) => !user.is_empty() && domain.contains('.') && !text.contains(char::is_whitespace),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_accepts_english_and_chinese() {
        assert_eq!("Active".parse::<Status>().unwrap(), Status::Active);
        assert_eq!("潜在客户".parse::<Status>().unwrap(), Status::Prospect);
        assert_eq!("流失".parse::<Status>().unwrap(), Status::Lost);
        assert!("gone".parse::<Status>().is_err());
    }

    #[test]
    fn tags_refuse_the_list_separator() {
        assert!(check_tag("a;b").is_err());
        assert!(check_tag("宴会").is_ok());
    }

    #[test]
    fn emails_are_checked_loosely() {
        assert!(looks_like_email("li@example.cn"));
        assert!(!looks_like_email("li at example"));
        assert!(!looks_like_email("@x.cn"));
    }
}
