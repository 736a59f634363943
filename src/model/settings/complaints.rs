//! `[complaints]`, `[sla.*]` and `[business_hours]`: the categories of complaints, the hours
//! within which each severity must be responded to and resolved, and the working hours the
//! clocks count.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime, Weekday};
use rust_i18n::t;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::model::LIST_SEPARATOR;
use crate::model::complaint::{CATEGORY_ALIASES, Severity};
use crate::model::sla::{BusinessHours, BusinessHoursError};

/// The categories when `cs.toml` names none.
pub const DEFAULT_CATEGORIES: [&str; 6] = ["quality", "delivery", "service", "label", "price", "other"];

/// The hours for one severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Targets {
    /// Hours from receipt to the first response.
    pub respond_hours: u32,
    /// Hours from receipt to the resolution.
    pub resolve_hours: u32,
}

/// What complaints are checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintSettings {
    /// `[complaints] categories`, in order.
    pub categories: Vec<String>,
    /// `[sla.critical]` to `[sla.low]`, in the order of `Severity::ALL`.
    pub sla: [Targets; 4],
    /// `[business_hours]`, when the clocks count only working hours.
    #[serde(skip)]
    pub business_hours: Option<BusinessHours>,
}

impl Default for ComplaintSettings {
    fn default() -> Self {
        ComplaintSettings {
            categories: DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect(),
            sla: DEFAULT_SLA,
            business_hours: None,
        }
    }
}

/// The targets of a severity when `cs.toml` gives none: those of a common service standard.
const DEFAULT_SLA: [Targets; 4] = [
    Targets {
        respond_hours: 2,
        resolve_hours: 24,
    },
    Targets {
        respond_hours: 8,
        resolve_hours: 72,
    },
    Targets {
        respond_hours: 24,
        resolve_hours: 120,
    },
    Targets {
        respond_hours: 48,
        resolve_hours: 240,
    },
];

impl ComplaintSettings {
    /// The targets of a severity.
    pub fn targets(&self, severity: Severity) -> Targets {
        self.sla[Severity::ALL.iter().position(|s| *s == severity).unwrap_or(0)]
    }

    /// The category `input` names: a category in any case, or the Chinese name of one of the
    /// usual ones (质量 for quality).
    pub fn category(&self, input: &str) -> Option<&str> {
        let input = input.trim();
        self.categories
            .iter()
            .find(|c| c.eq_ignore_ascii_case(input))
            .or_else(|| {
                let (name, _) = CATEGORY_ALIASES.iter().find(|(_, aliases)| aliases.contains(&input))?;
                self.categories.iter().find(|c| c.as_str() == *name)
            })
            .map(String::as_str)
    }

    /// Every word [`Self::category`] accepts: the categories and their Chinese aliases.
    pub fn category_words(&self) -> impl Iterator<Item = &str> {
        let aliases = CATEGORY_ALIASES
            .iter()
            .filter(|(name, _)| self.categories.iter().any(|c| c == name))
            .flat_map(|(_, aliases)| aliases.iter().copied());
        self.categories.iter().map(String::as_str).chain(aliases)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComplaints {
    categories: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTargets {
    respond_hours: Spanned<i64>,
    resolve_hours: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBusinessHours {
    days: Spanned<Vec<String>>,
    start: Spanned<String>,
    end: Spanned<String>,
    #[serde(default)]
    holidays: Vec<Spanned<String>>,
}

/// What the complaint settings are parsed from.
pub(super) struct RawComplaintSettings<'a> {
    pub complaints: Option<&'a Spanned<RawComplaints>>,
    pub sla: &'a std::collections::BTreeMap<String, Spanned<RawTargets>>,
    pub business_hours: Option<&'a Spanned<RawBusinessHours>>,
}

/// `[complaints]`, `[sla.*]` and `[business_hours]`, every problem reported.
pub(super) fn parse_complaints(
    raw: RawComplaintSettings<'_>,
    problem: &mut impl FnMut(std::ops::Range<usize>, &str, String),
) -> ComplaintSettings {
    let mut settings = ComplaintSettings::default();
    if let Some(categories) = raw.complaints.and_then(|c| c.get_ref().categories.as_ref()) {
        settings.categories.clear();
        for category in categories {
            let text = category.get_ref().trim();
            if text.is_empty() || text.contains([LIST_SEPARATOR, ',', '\n', '\r']) {
                problem(
                    category.span(),
                    "complaints.categories",
                    t!("settings.complaint.bad_category", value = text).into_owned(),
                );
            } else if settings.categories.iter().any(|c| c.eq_ignore_ascii_case(text)) {
                problem(
                    category.span(),
                    "complaints.categories",
                    t!("settings.complaint.twice", value = text).into_owned(),
                );
            } else {
                settings.categories.push(text.to_string());
            }
        }
        if settings.categories.is_empty() && categories.is_empty() {
            problem(
                0..0,
                "complaints.categories",
                t!("settings.complaint.no_categories").into_owned(),
            );
        }
    }
    for (name, targets) in raw.sla {
        let field = format!("sla.{name}");
        let Ok(severity) = name.parse::<Severity>() else {
            problem(
                targets.span(),
                &field,
                t!("settings.complaint.unknown_severity", value = name).into_owned(),
            );
            continue;
        };
        let t = targets.get_ref();
        let hours = |value: &Spanned<i64>, key: &str, problem: &mut dyn FnMut(std::ops::Range<usize>, &str, String)| {
            match u32::try_from(*value.get_ref()) {
                Ok(hours) if (1..=100_000).contains(&hours) => Some(hours),
                _ => {
                    problem(
                        value.span(),
                        &format!("{field}.{key}"),
                        t!("settings.complaint.bad_hours", value = value.get_ref()).into_owned(),
                    );
                    None
                }
            }
        };
        let respond = hours(&t.respond_hours, "respond_hours", problem);
        let resolve = hours(&t.resolve_hours, "resolve_hours", problem);
        if let (Some(respond_hours), Some(resolve_hours)) = (respond, resolve) {
            if resolve_hours < respond_hours {
                problem(
                    t.resolve_hours.span(),
                    &format!("{field}.resolve_hours"),
                    t!(
                        "settings.complaint.resolve_before_respond",
                        resolve = resolve_hours,
                        respond = respond_hours
                    )
                    .into_owned(),
                );
            }
            let at = Severity::ALL.iter().position(|s| *s == severity).unwrap_or(0);
            settings.sla[at] = Targets {
                respond_hours,
                resolve_hours,
            };
        }
    }
    if let Some(hours) = raw.business_hours {
        settings.business_hours = parse_business_hours(hours, problem);
    }
    settings
}

fn parse_business_hours(
    raw: &Spanned<RawBusinessHours>,
    problem: &mut impl FnMut(std::ops::Range<usize>, &str, String),
) -> Option<BusinessHours> {
    let raw = raw.get_ref();
    let mut days = BTreeSet::new();
    let mut ok = true;
    for day in raw.days.get_ref() {
        match weekday(day) {
            Some(d) => {
                days.insert(d.num_days_from_monday());
            }
            None => {
                ok = false;
                problem(
                    raw.days.span(),
                    "business_hours.days",
                    t!("settings.complaint.bad_day", value = day).into_owned(),
                );
            }
        }
    }
    let time = |value: &Spanned<String>, key: &str, problem: &mut dyn FnMut(std::ops::Range<usize>, &str, String)| {
        NaiveTime::parse_from_str(value.get_ref().trim(), "%H:%M")
            .ok()
            .or_else(|| {
                problem(
                    value.span(),
                    &format!("business_hours.{key}"),
                    t!("settings.complaint.bad_time", value = value.get_ref()).into_owned(),
                );
                None
            })
    };
    let start = time(&raw.start, "start", problem);
    let end = time(&raw.end, "end", problem);
    let mut holidays = BTreeSet::new();
    for holiday in &raw.holidays {
        match NaiveDate::parse_from_str(holiday.get_ref().trim(), "%Y-%m-%d") {
            Ok(day) => {
                holidays.insert(day);
            }
            Err(_) => {
                ok = false;
                problem(
                    holiday.span(),
                    "business_hours.holidays",
                    t!("settings.complaint.bad_holiday", value = holiday.get_ref()).into_owned(),
                );
            }
        }
    }
    let (Some(start), Some(end)) = (start, end) else {
        return None;
    };
    if !ok {
        return None;
    }
    let mut open = [false; 7];
    for day in days {
        open[day as usize] = true;
    }
    match BusinessHours::new(open, start, end, holidays) {
        Ok(hours) => Some(hours),
        Err(BusinessHoursError::EmptyDays) => {
            problem(
                raw.days.span(),
                "business_hours.days",
                t!("settings.complaint.no_days").into_owned(),
            );
            None
        }
        Err(BusinessHoursError::EndNotAfterStart { start, end }) => {
            problem(
                raw.end.span(),
                "business_hours.end",
                t!(
                    "settings.complaint.end_before_start",
                    start = start.format("%H:%M"),
                    end = end.format("%H:%M")
                )
                .into_owned(),
            );
            None
        }
    }
}

/// A weekday as written in `days`: `mon`, `Monday`, `周一`, `星期一`.
fn weekday(text: &str) -> Option<Weekday> {
    let text = text.trim();
    if let Ok(day) = text.parse::<Weekday>() {
        return Some(day);
    }
    let number = text.strip_prefix("星期").or_else(|| text.strip_prefix('周'))?; // i18n: not a message
    let at = ["一", "二", "三", "四", "五", "六", "日"]
        .iter()
        .position(|d| *d == number)?; // i18n: not a message
    Weekday::try_from(at as u8).ok()
}
