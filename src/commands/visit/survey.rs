//! `cs visit survey`: the results of one survey over a period, per question.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::survey::{self, QuestionKind, Survey};
use crate::model::visit::{Purpose, Visit, unknown_survey};
use crate::store::Store;
use crate::store::customers::CustomerIndex;
use crate::store::index::{self, day_number};
use crate::store::table::Month;
use crate::store::visits::{TABLE, key};

/// A survey's results over a period.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyResults {
    /// The survey's id.
    pub survey: String,
    /// Its title.
    pub title: String,
    /// The first day counted, if the period has one.
    pub from: Option<NaiveDate>,
    /// The last day counted, if the period has one.
    pub to: Option<NaiveDate>,
    /// How many survey visits asked it in the period.
    pub visits: usize,
    /// One entry per question, in the survey's order.
    pub questions: Vec<QuestionResult>,
}

/// The answers to one question.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionResult {
    /// The question's key.
    pub key: String,
    /// The question as asked.
    pub text: String,
    /// Its kind.
    pub kind: QuestionKind,
    /// How many visits answered it.
    pub answers: usize,
    /// The mean answer (score and nps questions).
    pub mean: Option<f64>,
    /// The Net Promoter Score: % of 9-10 minus % of 0-6 (nps questions).
    pub nps: Option<f64>,
    /// Answers of 9 or 10 (nps questions).
    pub promoters: Option<usize>,
    /// Answers of 7 or 8 (nps questions).
    pub passives: Option<usize>,
    /// Answers from 0 to 6 (nps questions).
    pub detractors: Option<usize>,
    /// How many chose each choice, in the survey's order (choice questions).
    pub choices: Vec<ChoiceCount>,
    /// Every text answer with its customer, newest first (text questions).
    pub texts: Vec<TextAnswer>,
}

/// How many answered one choice.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceCount {
    /// The choice.
    pub choice: String,
    /// How many chose it.
    pub count: usize,
}

/// One text answer.
#[derive(Debug, Clone, Serialize)]
pub struct TextAnswer {
    /// The visit's id.
    pub visit: String,
    /// The day of the visit.
    pub date: NaiveDate,
    /// The customer's id.
    pub customer: String,
    /// The customer's name.
    pub customer_name: String,
    /// What they answered.
    pub answer: String,
}

/// The results of survey `id` over the visits from `from` to `to` (inclusive). Reads only the
/// months the period covers, and decodes only the visits that asked this survey.
pub fn results(store: &Store, id: &str, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<SurveyResults> {
    let settings = store.settings()?;
    let survey = settings
        .survey(id)
        .ok_or_else(|| Error::invalid("survey", unknown_survey(id, &settings)))?;
    let months = store.months_between(&TABLE, from.map(Month::of), to.map(Month::of))?;
    let survey_purpose = Purpose::ALL.iter().position(|&p| p == Purpose::Survey).unwrap_or(0) as u8;
    let (first, last) = (from.map(day_number), to.map(day_number));
    let mut visits = Vec::new();
    for file in index::load_all::<Visit>(store, &months)? {
        file.check()?;
        let rows: Vec<usize> = (0..file.rows())
            .filter(|&row| {
                file.bytes(key::SURVEY, row) == survey.id.as_bytes()
                    && file.u8(key::PURPOSE, row) == survey_purpose
                    && first.is_none_or(|f| file.i32(key::DATE, row) >= f)
                    && last.is_none_or(|l| file.i32(key::DATE, row) <= l)
            })
            .collect();
        visits.extend(file.read(store, &rows)?.into_iter().map(|l| l.record));
    }
    super::sort_newest_first(&mut visits);
    let customers = CustomerIndex::load(store)?;
    let names = customers.names();
    Ok(SurveyResults {
        survey: survey.id.clone(),
        title: survey.title.clone(),
        from,
        to,
        visits: visits.len(),
        questions: tally(survey, &visits, &|id| {
            names.get(id).map(|n| n.to_string()).unwrap_or_default()
        }),
    })
}

/// Counts the answers of `visits` per question. Answers that no longer fit their question
/// (the survey was changed since) are left out; `cs check` reports them. Public so reports
/// tally the visits they already read instead of reading them again.
pub fn tally(survey: &Survey, visits: &[Visit], name_of: &dyn Fn(&str) -> String) -> Vec<QuestionResult> {
    survey
        .questions
        .iter()
        .map(|question| {
            let answers: Vec<(&Visit, String)> = visits
                .iter()
                .filter_map(|v| {
                    let answer = v.answers.get(&question.key)?;
                    question.check_answer(answer).ok().map(|a| (v, a))
                })
                .collect();
            let numbers: Vec<u8> = answers.iter().filter_map(|(_, a)| a.parse().ok()).collect();
            let is = |kind| question.kind == kind;
            let nps_count =
                |keep: fn(u8) -> bool| is(QuestionKind::Nps).then(|| numbers.iter().filter(|&&n| keep(n)).count());
            QuestionResult {
                key: question.key.clone(),
                text: question.text.clone(),
                kind: question.kind,
                answers: answers.len(),
                mean: if is(QuestionKind::Score) || is(QuestionKind::Nps) {
                    survey::mean(&numbers)
                } else {
                    None
                },
                nps: if is(QuestionKind::Nps) {
                    survey::net_promoter_score(&numbers)
                } else {
                    None
                },
                promoters: nps_count(|n| n >= 9),
                passives: nps_count(|n| (7..=8).contains(&n)),
                detractors: nps_count(|n| n <= 6),
                choices: question
                    .choices
                    .iter()
                    .map(|choice| ChoiceCount {
                        choice: choice.clone(),
                        count: answers.iter().filter(|(_, a)| a == choice).count(),
                    })
                    .collect(),
                texts: if is(QuestionKind::Text) {
                    answers
                        .iter()
                        .map(|(v, a)| TextAnswer {
                            visit: v.id.clone(),
                            date: v.date,
                            customer: v.customer.clone(),
                            customer_name: name_of(&v.customer),
                            answer: a.clone(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}
