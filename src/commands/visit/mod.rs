//! `cs visit`: logging follow-up visits (回访), finding them, fixing them, who is due next,
//! and survey results.
//!
//! Adding a visit appends one line to its month's file and never reads the visits table.
//! Reads go month by month and only through the months a command needs. None of these
//! functions prints.

mod due;
mod edit;
mod survey;

use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::NaiveDate;
use rust_i18n::t;
use serde::Serialize;

pub use due::{CustomerVisits, customer_visits, due};
pub use edit::{VisitChanges, edit, from_editable, to_editable};
pub use survey::{QuestionResult, SurveyResults, TextAnswer, results, tally};

use crate::commands::acting_person;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::id;
use crate::model::settings::Settings;
use crate::model::survey::Survey;
use crate::model::visit::{Answers, Channel, Purpose, Visit, topic_fits, unknown_survey, unknown_topic};
use crate::store::customers::{CustomerIndex, Names};
use crate::store::index::{FileIndex, day_number};
use crate::store::table::Month;
use crate::store::visits::{TABLE, key};
use crate::store::{Located, Store};

/// A visit to log, as given on the command line.
#[derive(Debug, Clone)]
pub struct NewVisit {
    /// The customer: an id, a unique id prefix or an exact name.
    pub customer: String,
    /// The day of the visit; today when `None`.
    pub date: Option<NaiveDate>,
    /// How the customer was reached.
    pub channel: Channel,
    /// Why.
    pub purpose: Purpose,
    /// Who made the visit (`--by`); else `CS_USER`, else the customer's owner.
    pub by: Option<String>,
    /// Satisfaction, 1 to 5.
    pub score: Option<u8>,
    /// Likelihood to recommend, 0 to 10.
    pub nps: Option<u8>,
    /// Routine topics covered.
    pub topics: Vec<String>,
    /// The survey asked.
    pub survey: Option<String>,
    /// Answers as typed, `KEY=VALUE`.
    pub answers: Vec<String>,
    /// What was said.
    pub summary: String,
    /// The next follow-up agreed with the customer.
    pub next: Option<NaiveDate>,
}

/// Logs a visit and returns it. Reads the settings and the customers, appends one line.
pub fn add(store: &Store, ctx: &Context, new: NewVisit) -> Result<Visit> {
    let settings = store.settings()?;
    let customer = CustomerIndex::load_for_lookup(store)?
        .read_one(store, &new.customer)?
        .record;
    if customer.is_archived() {
        return Err(Error::invalid_with_hint(
            "customer",
            t!("visit.archived_customer", id = customer.id, name = customer.name),
            t!("visit.archived_customer_hint", id = customer.id),
        ));
    }
    let today = ctx.today();
    let date = new.date.unwrap_or(today);
    if date > today {
        return Err(Error::invalid_with_hint(
            "--date",
            t!("visit.future_date", date = date, today = today),
            t!("visit.future_date_hint"),
        ));
    }
    let by = match acting_person(&settings, ctx, new.by.as_deref())? {
        Some(member) => member.id.clone(),
        None => customer.owner.clone().ok_or_else(|| {
            Error::invalid_with_hint(
                "--by",
                t!("visit.no_visitor", id = customer.id),
                t!("visit.no_visitor_hint"),
            )
        })?,
    };
    let topics = resolve_topics(&settings, &new.topics, "--topic")?;
    let (survey, answers) = survey_and_answers(&settings, new.purpose, new.survey.as_deref(), &new.answers)?;
    check_next(date, new.next)?;
    let month = Month::of(date);
    let created = ctx.now();
    let mut visit = Visit {
        id: String::new(),
        customer: customer.id.clone(),
        date,
        channel: new.channel,
        purpose: new.purpose,
        by,
        score: new.score,
        nps: new.nps,
        topics,
        answers,
        survey,
        summary: new.summary,
        next: new.next,
        created,
    };
    // The id is random; what salts it when CS_SEED pins the generator must differ between two
    // adds in a row, so it includes the month file's size, which every add changes.
    let mut salt = DefaultHasher::new();
    (
        store.file_size(&TABLE, Some(month))?,
        &visit.customer,
        &visit.summary,
        visit.date,
    )
        .hash(&mut salt);
    visit.id = id::generate(TABLE.id_prefix, TABLE.id_chars, &mut ctx.rng(salt.finish()), |_| false);
    if let Some((field, message)) = visit.problems(&settings).into_iter().next() {
        return Err(Error::invalid(field, message));
    }
    let mut tx = store.transaction();
    tx.append(std::slice::from_ref(&visit))?;
    tx.commit()?;
    Ok(visit)
}

/// Each topic as `cs.toml` spells it; an unknown one is an error listing the known ones.
fn resolve_topics(settings: &Settings, given: &[String], flag: &str) -> Result<Vec<String>> {
    let mut topics: Vec<String> = Vec::new();
    for topic in given {
        if !topic_fits(topic) {
            return Err(Error::invalid(flag, t!("visit.bad_topic", topic = topic)));
        }
        let known = settings
            .routine_topic(topic)
            .ok_or_else(|| Error::invalid(flag, unknown_topic(topic.trim(), settings)))?;
        if !topics.iter().any(|t| t == known) {
            topics.push(known.to_string());
        }
    }
    Ok(topics)
}

/// The survey a visit names and its answers, checked: a survey visit names a survey of
/// `cs.toml`, answers come with a survey, every key is one of its questions and every answer
/// fits its question. Answers are put in the survey's question order.
fn survey_and_answers(
    settings: &Settings,
    purpose: Purpose,
    survey: Option<&str>,
    answers: &[String],
) -> Result<(Option<String>, Answers)> {
    let survey = match survey.map(str::trim).filter(|s| !s.is_empty()) {
        None if purpose == Purpose::Survey => {
            return Err(Error::invalid_with_hint(
                "--survey",
                t!("visit.survey_needed"),
                surveys_hint(settings),
            ));
        }
        None if !answers.is_empty() => {
            return Err(Error::invalid("--answer", t!("visit.answers_without_survey")));
        }
        None => return Ok((None, Answers::default())),
        Some(id) => settings.survey(id).ok_or_else(|| {
            Error::invalid_with_hint("--survey", t!("visit.no_such_survey", id = id), surveys_hint(settings))
        })?,
    };
    if purpose != Purpose::Survey {
        return Err(Error::invalid(
            "--survey",
            t!("visit.not_a_survey_visit", survey = survey.id),
        ));
    }
    let mut given = Vec::new();
    for answer in answers {
        let (key, value) = answer.split_once('=').ok_or_else(|| {
            Error::invalid(
                "--answer",
                t!(
                    "visit.answer_not_key_value",
                    answer = answer,
                    survey = survey.id,
                    keys = survey.keys()
                ),
            )
        })?;
        given.push((key.trim().to_string(), value.to_string()));
    }
    Ok((Some(survey.id.clone()), check_answers(survey, given)?))
}

/// Checks answers given as `(key, text)` against the survey's questions, in its order.
fn check_answers(survey: &Survey, given: Vec<(String, String)>) -> Result<Answers> {
    let mut checked: Vec<(usize, String, String)> = Vec::new();
    for (key, text) in given {
        let Some(position) = survey.questions.iter().position(|q| q.key == key) else {
            return Err(Error::invalid(
                "--answer",
                t!("visit.no_question", survey = survey.id, key = key, keys = survey.keys()),
            ));
        };
        let question = &survey.questions[position];
        let value = question
            .check_answer(&text)
            .map_err(|e| Error::invalid("--answer", format!("{key} ({}): {e}", question.text)))?;
        if checked.iter().any(|(_, k, _)| *k == key) {
            return Err(Error::invalid("--answer", t!("visit.answered_twice", key = key)));
        }
        checked.push((position, key, value));
    }
    checked.sort_by_key(|(position, _, _)| *position);
    Ok(Answers(checked.into_iter().map(|(_, k, v)| (k, v)).collect()))
}

fn surveys_hint(settings: &Settings) -> String {
    if settings.surveys.is_empty() {
        t!("visit.define_survey_hint").into_owned()
    } else {
        let ids: Vec<&str> = settings.surveys.iter().map(|s| s.id.as_str()).collect();
        t!("visit.surveys_hint", ids = ids.join(", ")).into_owned()
    }
}

fn check_next(date: NaiveDate, next: Option<NaiveDate>) -> Result<()> {
    match next {
        Some(next) if next <= date => Err(Error::invalid(
            "--next",
            t!("visit.next_before", next = next, date = date),
        )),
        _ => Ok(()),
    }
}

/// A visit with its customer's name, as lists and `show` print it.
#[derive(Debug, Clone, Serialize)]
pub struct VisitRow {
    /// The visit.
    #[serde(flatten)]
    pub visit: Visit,
    /// The customer's name (empty if the customer is gone from the table).
    pub customer_name: String,
}

/// What `cs visit list` keeps.
#[derive(Debug, Clone, Default)]
pub struct VisitFilter {
    /// Only visits to this customer (a reference).
    pub customer: Option<String>,
    /// Only visits made by this staff member (id or name).
    pub by: Option<String>,
    /// Only this channel.
    pub channel: Option<Channel>,
    /// Only this purpose.
    pub purpose: Option<Purpose>,
    /// Only visits on or after this day.
    pub from: Option<NaiveDate>,
    /// Only visits on or before this day.
    pub to: Option<NaiveDate>,
    /// Only visits that asked this survey.
    pub survey: Option<String>,
    /// At most this many, the newest.
    pub limit: Option<usize>,
}

/// The visits matching `filter`, newest first. Filters on the month indexes, through only the
/// months `from`..`to` cover (newest first, stopping once a limit is met), and reads only the
/// visits it keeps.
pub fn list(store: &Store, filter: &VisitFilter) -> Result<Vec<VisitRow>> {
    let mut visits = Vec::new();
    list_each(store, filter, &mut |row| {
        visits.push(row);
        Ok(())
    })?;
    Ok(visits)
}

/// Like [`list`], but hands each visit to `emit` as soon as it is read, a month at a time, so
/// that a long list is never all in memory (a quarter of a million-visit table is 80,000).
pub fn list_each(store: &Store, filter: &VisitFilter, emit: &mut dyn FnMut(VisitRow) -> Result<()>) -> Result<()> {
    let settings = store.settings()?;
    let customers = CustomerIndex::load(store)?;
    let customer = match &filter.customer {
        Some(reference) => Some(customers.id(customers.find(reference)?).to_string()),
        None => None,
    };
    let by = match &filter.by {
        Some(by) => Some(staff_id(&settings, "--by", by)?),
        None => None,
    };
    if let Some(survey) = &filter.survey
        && settings.survey(survey).is_none()
    {
        return Err(Error::invalid("--survey", unknown_survey(survey, &settings)));
    }
    let channel = filter
        .channel
        .map(|c| Channel::ALL.iter().position(|&x| x == c).unwrap_or(0) as u8);
    let purpose = filter
        .purpose
        .map(|p| Purpose::ALL.iter().position(|&x| x == p).unwrap_or(0) as u8);
    let (from, to) = (filter.from.map(day_number), filter.to.map(day_number));
    let survey = filter.survey.as_deref().map(str::trim);
    let months = store.months_between(&TABLE, filter.from.map(Month::of), filter.to.map(Month::of))?;
    let keep = |file: &FileIndex<Visit>, row: usize| {
        customer
            .as_deref()
            .is_none_or(|c| file.bytes(key::CUSTOMER, row) == c.as_bytes())
            && by.as_deref().is_none_or(|b| file.bytes(key::BY, row) == b.as_bytes())
            && channel.is_none_or(|c| file.u8(key::CHANNEL, row) == c)
            && purpose.is_none_or(|p| file.u8(key::PURPOSE, row) == p)
            && from.is_none_or(|f| file.i32(key::DATE, row) >= f)
            && to.is_none_or(|t| file.i32(key::DATE, row) <= t)
            && survey.is_none_or(|s| file.bytes(key::SURVEY, row) == s.as_bytes())
    };
    let mut files: Vec<FileIndex<Visit>> = Vec::new();
    // (day, recorded, which file, row), to order by: visits of one day recorded in the same
    // second (an import, a script) come in the order they were logged, the last first. Files
    // are loaded newest month first.
    let mut picked: Vec<(i32, i64, usize, usize)> = Vec::new();
    for month in months.into_iter().rev() {
        let file: FileIndex<Visit> = FileIndex::load(store, month)?;
        file.check()?;
        let at = files.len();
        picked.extend(
            (0..file.rows())
                .filter(|&row| keep(&file, row))
                .map(|row| (file.i32(key::DATE, row), file.i64(key::CREATED, row), at, row)),
        );
        files.push(file);
        // Older months only hold older visits.
        if filter.limit.is_some_and(|limit| picked.len() >= limit) {
            break;
        }
    }
    picked.sort_unstable_by(|a, b| (b.0, b.1, a.2, b.3).cmp(&(a.0, a.1, b.2, a.3)));
    if let Some(limit) = filter.limit {
        picked.truncate(limit);
    }
    // Runs of picked visits from one file, in order: a month each, when every visit is in the
    // file of its month, cut into batches small enough that the memory of one is used again
    // for the next. One thread reads the next batch while the caller takes this one.
    const BATCH: usize = 4096;
    let mut runs = Vec::new();
    let mut start = 0;
    while start < picked.len() {
        let file = picked[start].2;
        let end = start + picked[start..].iter().take(BATCH).take_while(|p| p.2 == file).count();
        runs.push((file, start..end));
        start = end;
    }
    let names = customers.names();
    let (files, picked, runs) = (&files, &picked, &runs);
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Result<Vec<Located<Visit>>>>(1);
        scope.spawn(move || {
            for (file, range) in runs {
                let rows: Vec<usize> = picked[range.clone()].iter().map(|p| p.3).collect();
                let read = files[*file].read(store, &rows);
                let failed = read.is_err();
                if send.send(read).is_err() || failed {
                    break;
                }
            }
        });
        for visits in receive {
            for visit in visits? {
                emit(with_name(visit.record, &names))?;
            }
        }
        Ok(())
    })
}

/// Orders visits newest first: by date, then by when they were recorded, then the one logged
/// last first. `visits` must come in the order of the files (oldest month first, lines in
/// order), which is the order they were logged in.
pub fn sort_newest_first(visits: &mut [Visit]) {
    visits.reverse();
    // Stable: visits recorded in the same second stay last logged first.
    visits.sort_by_key(|v| std::cmp::Reverse((v.date, v.created)));
}

/// The visit `reference` names: its id or a unique start of it.
pub fn show(store: &Store, reference: &str) -> Result<VisitRow> {
    let (_, _, located) = find_visit(store, reference)?;
    let customer_name = CustomerIndex::name_of(store, &located.record.customer)?;
    Ok(VisitRow {
        visit: located.record,
        customer_name,
    })
}

/// Finds the visit `reference` names, with where it is and the index of its month: an exact id
/// (in any case), else the one id that starts with it. Goes through the id column of every
/// month index.
fn find_visit(store: &Store, reference: &str) -> Result<(FileIndex<Visit>, usize, Located<Visit>)> {
    let months = store.months_between(&TABLE, None, None)?;
    // Only the id column is read to find it.
    let files: Vec<FileIndex<Visit>> = crate::store::index::load_all_columns(store, &months, Some(&[key::ID]))?;
    for file in &files {
        file.check()?;
    }
    let wanted = reference.trim();
    let matching = |test: &dyn Fn(&[u8]) -> bool| -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for (at, file) in files.iter().enumerate() {
            found.extend(
                (0..file.rows())
                    .filter(|&row| test(file.bytes(key::ID, row)))
                    .map(|row| (at, row)),
            );
        }
        found
    };
    let mut found = matching(&|id| id.eq_ignore_ascii_case(wanted.as_bytes()));
    if found.is_empty() && !wanted.is_empty() {
        found = matching(&|id| {
            let id = std::str::from_utf8(id).unwrap_or_default();
            id::matches_prefix(id, TABLE.id_prefix, wanted)
        });
    }
    match found.as_slice() {
        [] => Err(Error::not_found(TABLE.record_name, reference.to_string())),
        [(at, row)] => {
            let (at, row) = (*at, *row);
            let located = files[at].read(store, &[row])?.remove(0);
            let mut files = files;
            Ok((files.swap_remove(at), row, located))
        }
        // One id in two months: the trace of a merge, refused as a table holding one id twice.
        [(a, ra), (b, rb), ..]
            if files[*a]
                .bytes(key::ID, *ra)
                .eq_ignore_ascii_case(files[*b].bytes(key::ID, *rb)) =>
        {
            let first = files[*a].read(store, &[*ra])?.remove(0);
            let second = files[*b].read(store, &[*rb])?.remove(0);
            Err(Error::Data(crate::store::duplicate_id(
                &second,
                &first.file,
                first.line,
            )))
        }
        many => Err(Error::Ambiguous {
            what: TABLE.record_name,
            reference: reference.to_string(),
            candidates: many.iter().map(|&(at, row)| files[at].id(row).to_string()).collect(),
        }),
    }
}

fn with_name(visit: Visit, names: &Names<'_>) -> VisitRow {
    let customer_name = names
        .get(visit.customer.as_str())
        .map(|n| n.to_string())
        .unwrap_or_default();
    VisitRow { visit, customer_name }
}

/// The id of the staff member `input` names, or an error naming `flag`.
fn staff_id(settings: &Settings, flag: &str, input: &str) -> Result<String> {
    settings.resolve_staff(input).map(|s| s.id.clone()).ok_or_else(|| {
        Error::invalid_with_hint(
            flag,
            t!("common.not_staff", id = input).into_owned() + &crate::model::suggest::staff(settings, input),
            t!("common.staff_ids", ids = settings.staff_list()),
        )
    })
}
