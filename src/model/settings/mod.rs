//! `cs.toml`: the settings and reference data users edit by hand, and their validation.
//!
//! Parsing keeps the byte position of every value so that each problem names the key and the
//! line. Nothing here touches the disk; `store` reads the file and `settings_edit` changes it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use rust_i18n::t;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::Problem;
use crate::i18n::Lang;
use crate::model::id;
use crate::model::survey::Survey;

mod complaints;
pub mod format;
mod git;
mod logistics;
mod tolerant;
mod visits;

pub use complaints::{ComplaintSettings, Targets};
use complaints::{RawBusinessHours, RawComplaintSettings, RawComplaints, RawTargets, parse_complaints};
pub use git::GitSettings;
use git::{RawGit, parse_git};
pub use logistics::{Carrier, Vendor, VendorKind, default_carriers};
use logistics::{RawCarrier, RawVendor, parse_carriers, parse_vendors};
pub use visits::VisitSettings;
use visits::{RawSurvey, RawVisits, parse_surveys, parse_visits};

/// The settings file's name inside the data directory.
pub const SETTINGS_FILE: &str = "cs.toml";

/// A staff member's role, which fixes their place in the escalation chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 客服顾问: enters records, visits customers, designs labels.
    Consultant,
    /// 客服主管: supervises consultants, approves labels.
    Supervisor,
    /// 客服部经理: runs the department.
    Manager,
    /// 总经理: the top of the escalation chain.
    GeneralManager,
}

impl Role {
    /// Every role, lowest first.
    pub const ALL: [Role; 4] = [Role::Consultant, Role::Supervisor, Role::Manager, Role::GeneralManager];

    /// The name written in `cs.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Consultant => "consultant",
            Role::Supervisor => "supervisor",
            Role::Manager => "manager",
            Role::GeneralManager => "general_manager",
        }
    }

    /// The department's Chinese title: a value of the `title` column in every language, and
    /// what people type for the role.
    pub fn chinese(self) -> &'static str {
        match self {
            Role::Consultant => "客服顾问",   // i18n: not a message
            Role::Supervisor => "客服主管",   // i18n: not a message
            Role::Manager => "客服部经理",    // i18n: not a message
            Role::GeneralManager => "总经理", // i18n: not a message
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    /// Accepts the English names (`general-manager` too) and the Chinese titles.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        Role::ALL
            .into_iter()
            .find(|r| {
                text.eq_ignore_ascii_case(r.as_str())
                    || text.replace('-', "_").eq_ignore_ascii_case(r.as_str())
                    || text == r.chinese()
            })
            .or(match text {
                "经理" => Some(Role::Manager),    // i18n: not a message
                "顾问" => Some(Role::Consultant), // i18n: not a message
                "主管" => Some(Role::Supervisor), // i18n: not a message
                _ => None,
            })
            .ok_or_else(|| {
                let words = Role::ALL.iter().flat_map(|r| [r.as_str(), r.chinese()]);
                t!("settings.unknown_role", text = text).into_owned()
                    + &crate::model::suggest::did_you_mean(text, words)
            })
    }
}

/// `[company]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Company {
    /// The company's name, shown in reports.
    pub name: String,
    /// The class a new customer gets when `--class` is not given.
    pub default_class: String,
    /// The language `cs` speaks (`lang`), when set; `CS_LANG` overrides it.
    pub lang: Option<Lang>,
}

/// `[classes.X]`: a customer class and how often its customers are visited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerClass {
    /// Days between regular visits to a customer of this class.
    pub visit_every_days: u32,
    /// What the class means to the department.
    pub description: String,
}

/// `[[staff]]`: one member of the department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// Short id used in records (`owner = "wang"`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Role in the department.
    pub role: Role,
    /// The id of the person this member reports to; none for the top of the chain.
    pub reports_to: Option<String>,
}

/// Written out with the role's Chinese title too, as tables show it.
impl Serialize for StaffMember {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("StaffMember", 5)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("role", &self.role)?;
        out.serialize_field("title", self.role.chinese())?;
        out.serialize_field("reports_to", &self.reports_to)?;
        out.end()
    }
}

/// `[[center]]`: a distribution center (分销中心).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Center {
    /// Short id used in records.
    pub id: String,
    /// Full name.
    pub name: String,
}

/// The validated contents of `cs.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// `[company]`.
    pub company: Company,
    /// `[classes.*]`, by class name.
    pub classes: BTreeMap<String, CustomerClass>,
    /// `[[staff]]`, in file order.
    pub staff: Vec<StaffMember>,
    /// `[[center]]`, in file order.
    pub centers: Vec<Center>,
    /// `[visits]`.
    pub visits: VisitSettings,
    /// `[[survey]]`, in file order.
    pub surveys: Vec<Survey>,
    /// `[complaints]`, `[sla.*]` and `[business_hours]`.
    pub complaints: ComplaintSettings,
    /// `[carriers.*]`, by name; the common carriers when the file names none.
    pub carriers: Vec<Carrier>,
    /// `[[vendor]]`, in file order.
    pub vendors: Vec<Vendor>,
    /// `[git]`.
    pub git: GitSettings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    company: Option<Spanned<RawCompany>>,
    #[serde(default)]
    classes: BTreeMap<String, Spanned<RawClass>>,
    #[serde(default)]
    staff: Vec<Spanned<RawStaff>>,
    #[serde(default)]
    center: Vec<Spanned<RawCenter>>,
    visits: Option<Spanned<RawVisits>>,
    #[serde(default)]
    survey: Vec<Spanned<RawSurvey>>,
    complaints: Option<Spanned<RawComplaints>>,
    #[serde(default)]
    sla: BTreeMap<String, Spanned<RawTargets>>,
    business_hours: Option<Spanned<RawBusinessHours>>,
    #[serde(default)]
    carriers: BTreeMap<String, Spanned<RawCarrier>>,
    #[serde(default)]
    vendor: Vec<Spanned<RawVendor>>,
    git: Option<Spanned<RawGit>>,
    format: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompany {
    #[serde(default)]
    name: String,
    default_class: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    visit_every_days: Option<Spanned<i64>>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStaff {
    id: Spanned<String>,
    name: Spanned<String>,
    role: Spanned<String>,
    reports_to: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCenter {
    id: Spanned<String>,
    name: Spanned<String>,
}

/// Turns byte offsets into 1-based line numbers of one text.
struct Lines<'a>(&'a str);

impl Lines<'_> {
    fn of(&self, offset: usize) -> u64 {
        let end = offset.min(self.0.len());
        self.0.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
    }
}

impl Settings {
    /// Parses and validates the text of `cs.toml`; `file` is how the file is named in problems.
    /// Every problem is reported, not the first one only.
    pub fn parse(text: &str, file: &str) -> Result<Settings, Vec<Problem>> {
        match Settings::parse_tolerant(text, file) {
            (Some(settings), problems) if problems.is_empty() => Ok(settings),
            (_, problems) => Err(problems),
        }
    }

    /// Parses `cs.toml` as far as it can be read: the settings without the entries, keys or
    /// conflicted lines that have problems (for commands that only read, which can still
    /// answer where the problems do not concern them), and every problem. No settings at all
    /// when the file is not TOML even without its conflicts.
    pub fn parse_tolerant(text: &str, file: &str) -> (Option<Settings>, Vec<Problem>) {
        let lines = Lines(text);
        let mut problems = Vec::new();
        let Some((raw, spoiled)) = tolerant::read(text, file, &mut problems) else {
            return (None, problems);
        };
        let read_past = problems.len();
        let mut problem = |span: std::ops::Range<usize>, key: &str, message: String| {
            problems.push(Problem::at(file, Some(lines.of(span.start)), Some(key), message));
        };

        if let Some(declared) = &raw.format {
            let reason = declared
                .get_ref()
                .as_integer()
                .map_or_else(|| Some(t!("format.not_number").into_owned()), format::problem);
            if let Some(reason) = reason {
                problem(declared.span(), "format", reason);
            }
        }
        let mut classes = BTreeMap::new();
        for (name, class) in &raw.classes {
            let key = format!("classes.{name}");
            // A class name is stored in a CSV column and typed on the command line.
            if name.is_empty() || name.contains(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '"' | '\\')) {
                problem(class.span(), &key, t!("settings.bad_class_name").into_owned());
                continue;
            }
            let visit_every_days = match &class.get_ref().visit_every_days {
                None => {
                    problem(class.span(), &key, t!("settings.missing_visit_every_days").into_owned());
                    continue;
                }
                Some(days) if *days.get_ref() <= 0 || *days.get_ref() > 3650 => {
                    problem(
                        days.span(),
                        &format!("{key}.visit_every_days"),
                        t!("settings.bad_visit_every_days").into_owned(),
                    );
                    continue;
                }
                Some(days) => *days.get_ref() as u32,
            };
            classes.insert(
                name.clone(),
                CustomerClass {
                    visit_every_days,
                    description: class.get_ref().description.clone(),
                },
            );
        }
        if raw.classes.is_empty() {
            problem(0..0, "classes", t!("settings.no_classes").into_owned());
        }

        let (company_name, default_class) = match &raw.company {
            None => (String::new(), None),
            Some(company) => (company.get_ref().name.clone(), company.get_ref().default_class.clone()),
        };
        let lang = match raw.company.as_ref().and_then(|c| c.get_ref().lang.as_ref()) {
            None => None,
            Some(code) => match Lang::parse(code.get_ref()) {
                Some(lang) => Some(lang),
                None => {
                    problem(
                        code.span(),
                        "company.lang",
                        t!("settings.bad_lang", value = code.get_ref()).into_owned(),
                    );
                    None
                }
            },
        };
        let default_class = match default_class {
            Some(class) if raw.classes.contains_key(class.get_ref()) => class.into_inner(),
            Some(class) => {
                problem(
                    class.span(),
                    "company.default_class",
                    t!("settings.unknown_default_class", class = class.get_ref()).into_owned(),
                );
                String::new()
            }
            None => raw.classes.keys().last().cloned().unwrap_or_default(),
        };

        let mut ids = BTreeSet::new();
        let mut staff = Vec::new();
        for member in &raw.staff {
            let m = member.get_ref();
            if let Err(e) = id::validate_code("id", m.id.get_ref()) {
                problem(
                    m.id.span(),
                    "staff.id",
                    e.to_string().trim_start_matches("id: ").to_string(),
                );
            }
            if !ids.insert(m.id.get_ref().clone()) {
                problem(
                    m.id.span(),
                    "staff.id",
                    t!("settings.duplicate_staff", id = m.id.get_ref()).into_owned(),
                );
            }
            if m.name.get_ref().trim().is_empty() {
                problem(m.name.span(), "staff.name", t!("settings.empty").into_owned());
            }
            let role = match m.role.get_ref().parse::<Role>() {
                Ok(role) => role,
                Err(message) => {
                    problem(m.role.span(), "staff.role", message);
                    continue;
                }
            };
            staff.push(StaffMember {
                id: m.id.get_ref().clone(),
                name: m.name.get_ref().clone(),
                role,
                reports_to: m.reports_to.as_ref().map(|r| r.get_ref().clone()),
            });
        }
        for member in &raw.staff {
            let m = member.get_ref();
            if let Some(boss) = &m.reports_to
                && !ids.contains(boss.get_ref())
            {
                problem(
                    boss.span(),
                    "staff.reports_to",
                    t!("settings.unknown_boss", id = boss.get_ref()).into_owned(),
                );
            }
        }
        for member in &raw.staff {
            if let Some(cycle) = reporting_cycle(&staff, member.get_ref().id.get_ref()) {
                problem(
                    member.get_ref().reports_to.as_ref().map_or(member.span(), |r| r.span()),
                    "staff.reports_to",
                    t!("settings.reporting_loop", chain = cycle.join(" → ")).into_owned(),
                );
            }
        }

        let mut center_ids = BTreeSet::new();
        let mut centers = Vec::new();
        for center in &raw.center {
            let c = center.get_ref();
            if let Err(e) = id::validate_code("id", c.id.get_ref()) {
                problem(
                    c.id.span(),
                    "center.id",
                    e.to_string().trim_start_matches("id: ").to_string(),
                );
            }
            if !center_ids.insert(c.id.get_ref().clone()) {
                problem(
                    c.id.span(),
                    "center.id",
                    t!("settings.duplicate_center", id = c.id.get_ref()).into_owned(),
                );
            }
            if c.name.get_ref().trim().is_empty() {
                problem(c.name.span(), "center.name", t!("settings.empty").into_owned());
            }
            centers.push(Center {
                id: c.id.get_ref().clone(),
                name: c.name.get_ref().clone(),
            });
        }

        let visits = parse_visits(raw.visits.as_ref(), &mut problem);
        let surveys = parse_surveys(&raw.survey, &mut problem);
        let complaints = parse_complaints(
            RawComplaintSettings {
                complaints: raw.complaints.as_ref(),
                sla: &raw.sla,
                business_hours: raw.business_hours.as_ref(),
            },
            &mut problem,
        );
        let carriers = parse_carriers(&raw.carriers, &mut problem);
        let vendors = parse_vendors(&raw.vendor, &mut problem);
        let git = parse_git(raw.git.as_ref());

        let settings = Settings {
            company: Company {
                name: company_name,
                default_class,
                lang,
            },
            classes,
            staff,
            centers,
            visits,
            surveys,
            complaints,
            carriers,
            vendors,
            git,
        };
        let mut at = 0;
        problems.retain(|p| {
            at += 1;
            at <= read_past || !p.line.is_some_and(|line| spoiled.contains(&line))
        });
        problems.sort_by_key(|p| p.line);
        (Some(settings), problems)
    }

    /// The staff member with this id.
    pub fn staff_member(&self, id: &str) -> Option<&StaffMember> {
        self.staff.iter().find(|s| s.id == id)
    }

    /// The distribution center with this id.
    pub fn center(&self, id: &str) -> Option<&Center> {
        self.centers.iter().find(|c| c.id == id)
    }

    /// The class a user means by `input`: `A`, `a`, `A类` and `A 类` all name class `A`.
    pub fn class_named(&self, input: &str) -> Option<&str> {
        let bare = input.trim().trim_end_matches("客户").trim_end_matches('类').trim(); // i18n: not a message
        self.classes
            .keys()
            .find(|k| k.as_str() == bare || k.eq_ignore_ascii_case(bare))
            .map(String::as_str)
    }

    /// The staff member a user means: an exact id, an id in another case, or an exact name.
    pub fn resolve_staff(&self, input: &str) -> Option<&StaffMember> {
        let input = input.trim();
        self.staff_member(input)
            .or_else(|| self.staff.iter().find(|s| s.id.eq_ignore_ascii_case(input)))
            .or_else(|| self.staff.iter().find(|s| s.name == input))
    }

    /// The staff ids, for messages.
    pub fn staff_list(&self) -> String {
        self.staff.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// The survey with this id.
    pub fn survey(&self, id: &str) -> Option<&Survey> {
        self.surveys.iter().find(|s| s.id == id.trim())
    }

    /// The routine topic a user means: the topic as written, in any case for Latin letters.
    pub fn routine_topic(&self, input: &str) -> Option<&str> {
        let input = input.trim();
        let topics = &self.visits.routine_topics;
        topics
            .iter()
            .find(|t| t.as_str() == input)
            .or_else(|| topics.iter().find(|t| t.eq_ignore_ascii_case(input)))
            .map(String::as_str)
    }

    /// The carrier a user means: its name or one of its aliases, in any case for Latin letters.
    pub fn carrier(&self, input: &str) -> Option<&Carrier> {
        let input = input.trim();
        let named = |c: &&Carrier| c.name == input || c.aliases.iter().any(|a| a == input);
        let named_in_any_case = |c: &&Carrier| {
            c.name.eq_ignore_ascii_case(input) || c.aliases.iter().any(|a| a.eq_ignore_ascii_case(input))
        };
        self.carriers
            .iter()
            .find(named)
            .or_else(|| self.carriers.iter().find(named_in_any_case))
    }

    /// The carrier names, for messages.
    pub fn carrier_list(&self) -> String {
        self.carriers
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The vendor a user means: an id in any case, or an exact name.
    pub fn vendor(&self, input: &str) -> Option<&Vendor> {
        let input = input.trim();
        self.vendors
            .iter()
            .find(|v| v.id.eq_ignore_ascii_case(input) || v.name == input)
    }

    /// The vendor ids, for messages.
    pub fn vendor_list(&self) -> String {
        self.vendors
            .iter()
            .map(|v| v.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The class names, for messages.
    pub fn class_list(&self) -> String {
        self.classes.keys().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// The key assigned on the line holding `offset` (`visit_every_days = "30"`), to name it in a
/// type error, whose message from the toml crate does not.
fn key_at(text: &str, offset: usize) -> Option<String> {
    // Bytes: an offset may fall inside a character.
    let start = memchr::memrchr(b'\n', &text.as_bytes()[..offset.min(text.len())]).map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    bare.then(|| key.to_string())
}

/// The loop in `start`'s reporting chain, if it has one and `start` is its smallest id (so
/// each loop is reported once).
fn reporting_cycle(staff: &[StaffMember], start: &str) -> Option<Vec<String>> {
    let boss_of = |id: &str| staff.iter().find(|s| s.id == id).and_then(|s| s.reports_to.clone());
    let mut chain = vec![start.to_string()];
    let mut current = start.to_string();
    for _ in 0..=staff.len() {
        let boss = boss_of(&current)?;
        if boss == start {
            let smallest = chain.iter().min().map(String::as_str) == Some(start);
            chain.push(boss);
            return smallest.then_some(chain);
        }
        if chain.contains(&boss) {
            return None; // a loop further up, reported from its own smallest member
        }
        chain.push(boss.clone());
        current = boss;
    }
    None
}

#[cfg(test)]
mod tests;

/// The language `cs.toml` in `dir` asks for, read without checking the rest of the settings
/// (which the command does, in the language chosen): `None` when the file cannot be read or
/// names no language `cs` speaks.
pub fn language_of(dir: &std::path::Path) -> Option<Lang> {
    let text = std::fs::read_to_string(dir.join(SETTINGS_FILE)).ok()?;
    // Without the word the key cannot be there, and parsing costs every command time.
    if !text.contains("lang") {
        return None;
    }
    let table: toml::Table = toml::from_str(&text).ok()?;
    Lang::parse(table.get("company")?.get("lang")?.as_str()?)
}
