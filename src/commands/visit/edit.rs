//! `cs visit edit`: fixing a visit logged with a mistake, by flags or in the user's editor.
//! The visit's line is rewritten in place; every other line of its month stays as it was.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_i18n::t;
use serde::{Deserialize, Serialize};

use super::{check_answers, check_next, find_visit, resolve_topics, staff_id};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::dates;
use crate::model::survey;
use crate::model::visit::{Channel, Purpose, Visit, unknown_survey};
use crate::store::Store;
use crate::store::customers::CustomerIndex;
use crate::store::table::Month;
use crate::store::table::format_time;

/// Changes to a visit. `None` leaves a field as it is; for optional fields, `Some(None)`
/// clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitChanges {
    /// Another customer (a reference), for a visit logged against the wrong one.
    pub customer: Option<String>,
    /// The day of the visit.
    pub date: Option<NaiveDate>,
    /// The channel.
    pub channel: Option<Channel>,
    /// The purpose.
    pub purpose: Option<Purpose>,
    /// Who made the visit (staff id or name).
    pub by: Option<String>,
    /// The satisfaction score.
    pub score: Option<Option<u8>>,
    /// The NPS answer.
    pub nps: Option<Option<u8>>,
    /// The whole list of topics.
    pub topics: Option<Vec<String>>,
    /// The survey.
    pub survey: Option<Option<String>>,
    /// Answers to set (`KEY=VALUE`) or remove (`KEY=`).
    pub answers: Vec<String>,
    /// The whole set of answers, replacing the old ones (from the editor).
    pub set_answers: Option<Vec<(String, String)>>,
    /// The summary.
    pub summary: Option<String>,
    /// The next follow-up date.
    pub next: Option<Option<NaiveDate>>,
}

/// The outcome of an edit.
#[derive(Debug, Clone)]
pub struct EditedVisit {
    /// The visit as it is now.
    pub visit: Visit,
    /// Whether anything changed (nothing is written otherwise).
    pub changed: bool,
}

/// Applies `changes` to the visit `reference` names and rewrites its line.
///
/// `expected`, when given, is the visit as the caller saw it; if it changed since (another
/// command ran while an editor was open), nothing is written.
pub fn edit(
    store: &Store,
    ctx: &Context,
    reference: &str,
    changes: VisitChanges,
    expected: Option<&Visit>,
) -> Result<EditedVisit> {
    let settings = store.settings()?;
    let (mut index, row, located) = find_visit(store, reference)?;
    let before = &located.record;
    if let Some(expected) = expected
        && before != expected
    {
        return Err(Error::External(
            t!("visit.changed_meanwhile", id = before.id).into_owned(),
        ));
    }
    let mut visit = before.clone();
    if let Some(reference) = &changes.customer {
        let customers = CustomerIndex::load(store)?;
        let row = customers.find(reference)?;
        let id = customers.id(row);
        if customers.is_archived(row) && id != before.customer {
            return Err(Error::invalid(
                "--customer",
                t!("visit.customer_archived", id = id, name = customers.name(row)),
            ));
        }
        visit.customer = id.to_string();
    }
    if let Some(date) = changes.date {
        if date > ctx.today() && date != before.date {
            return Err(Error::invalid(
                "--date",
                t!("visit.in_the_future", date = date, today = ctx.today()),
            ));
        }
        visit.date = date;
    }
    if let Some(channel) = changes.channel {
        visit.channel = channel;
    }
    if let Some(purpose) = changes.purpose {
        visit.purpose = purpose;
    }
    if let Some(by) = &changes.by {
        visit.by = staff_id(&settings, "--by", by)?;
    }
    if let Some(score) = changes.score {
        visit.score = score;
    }
    if let Some(nps) = changes.nps {
        visit.nps = nps;
    }
    if let Some(topics) = &changes.topics {
        visit.topics = resolve_topics(&settings, topics, "--topic")?;
    }
    if let Some(survey) = changes.survey {
        visit.survey = survey.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    }
    if let Some(summary) = changes.summary {
        visit.summary = summary;
    }
    if let Some(next) = changes.next {
        visit.next = next;
    }
    let mut answers = changes.set_answers.unwrap_or_else(|| visit.answers.0.clone());
    for answer in &changes.answers {
        let (key, value) = answer
            .split_once('=')
            .ok_or_else(|| Error::invalid("--answer", t!("visit.edit_answer_not_key_value", answer = answer)))?;
        let key = key.trim();
        answers.retain(|(k, _)| k != key);
        if !value.trim().is_empty() {
            answers.push((key.to_string(), value.to_string()));
        }
    }
    visit.answers = match &visit.survey {
        Some(id) => {
            let survey = settings
                .survey(id)
                .ok_or_else(|| Error::invalid("--survey", unknown_survey(id, &settings)))?;
            check_answers(survey, answers)?
        }
        None if answers.is_empty() => Default::default(),
        None => return Err(Error::invalid("--answer", t!("visit.answers_need_a_survey"))),
    };
    if visit == *before {
        return Ok(EditedVisit { visit, changed: false });
    }
    check_next(visit.date, visit.next)?;
    // Only problems the edit brings in: a visit that was already wrong (its staff member since
    // removed from cs.toml) can still be mended.
    let old_problems = before.problems(&settings);
    if let Some((field, message)) = visit
        .problems(&settings)
        .into_iter()
        .find(|p| !old_problems.contains(p))
    {
        return Err(Error::invalid(field, message));
    }
    let mut tx = store.transaction();
    tx.update(&located, &visit)?;
    tx.commit()?;
    // A visit moved to another month left its line in this one; the other month's file only
    // grew, which its index catches up with by itself.
    let stays = Month::of(visit.date) == Month::of(before.date);
    index.after_replace(store, row, stays.then_some(&visit))?;
    Ok(EditedVisit { visit, changed: true })
}

/// The fields a user may change in the editor, in the order they are shown.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditForm {
    customer: String,
    date: String,
    channel: String,
    purpose: String,
    by: String,
    score: String,
    nps: String,
    topics: Vec<String>,
    survey: String,
    next: String,
    summary: String,
    answers: BTreeMap<String, toml::Value>,
}

/// The visit as TOML for `$EDITOR`, with a comment on how to use it.
pub fn to_editable(visit: &Visit) -> String {
    let number = |n: Option<u8>| n.map(|n| n.to_string()).unwrap_or_default();
    let form = EditForm {
        customer: visit.customer.clone(),
        date: visit.date.to_string(),
        channel: visit.channel.to_string(),
        purpose: visit.purpose.to_string(),
        by: visit.by.clone(),
        score: number(visit.score),
        nps: number(visit.nps),
        topics: visit.topics.clone(),
        survey: visit.survey.clone().unwrap_or_default(),
        next: visit.next.map(|n| n.to_string()).unwrap_or_default(),
        summary: visit.summary.clone(),
        answers: visit
            .answers
            .0
            .iter()
            .map(|(k, v)| (k.clone(), toml::Value::String(v.clone())))
            .collect(),
    };
    let body = toml::to_string(&form).expect("an edit form serializes");
    let comment = t!(
        "visit.editor_form",
        id = visit.id,
        created = format_time(&visit.created)
    );
    format!("{comment}{body}")
}

/// Reads what the user saved in the editor as changes; `None` if they emptied the file.
pub fn from_editable(text: &str, now: DateTime<FixedOffset>) -> Result<Option<VisitChanges>> {
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(None);
    }
    let form: EditForm = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
        let at = line.map(|l| t!("common.editor_line", line = l)).unwrap_or_default();
        Error::invalid(t!("visit.edited_visit"), format!("{at}{}", e.message().trim()))
    })?;
    let optional_number = |field: &str, text: &str, parse: fn(&str) -> Result<u8, String>| {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            parse(text).map(Some).map_err(|e| Error::invalid(field.to_string(), e))
        }
    };
    let optional_date = |field: &str, text: &str| {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            dates::parse_date(text, now)
                .map(Some)
                .map_err(|e| Error::invalid(field.to_string(), e))
        }
    };
    let answers = form
        .answers
        .into_iter()
        .map(|(key, value)| {
            let text = match value {
                toml::Value::String(s) => s,
                other => other.to_string(),
            };
            (key, text)
        })
        .filter(|(_, text)| !text.trim().is_empty())
        .collect();
    Ok(Some(VisitChanges {
        customer: Some(form.customer),
        date: Some(dates::parse_date(&form.date, now).map_err(|e| Error::invalid("date", e))?),
        channel: Some(form.channel.parse().map_err(|e| Error::invalid("channel", e))?),
        purpose: Some(form.purpose.parse().map_err(|e| Error::invalid("purpose", e))?),
        by: Some(form.by),
        score: Some(optional_number("score", &form.score, survey::score)?),
        nps: Some(optional_number("nps", &form.nps, survey::nps)?),
        topics: Some(form.topics),
        survey: Some(Some(form.survey)),
        answers: Vec::new(),
        set_answers: Some(answers),
        summary: Some(form.summary),
        next: Some(optional_date("next", &form.next)?),
    }))
}
