//! `[visits]` and `[[survey]]`: what follow-up visits record and the surveys they run.

use rust_i18n::t;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::model::survey::{Question, QuestionKind, Survey};
use crate::model::{LIST_SEPARATOR, id};

/// `[visits]`: what follow-up visits record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VisitSettings {
    /// The checklist of retention topics a routine visit covers (常规回访内容).
    pub routine_topics: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVisits {
    #[serde(default)]
    routine_topics: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSurvey {
    id: Spanned<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    questions: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    key: Spanned<String>,
    text: Spanned<String>,
    kind: Spanned<String>,
    choices: Option<Spanned<Vec<String>>>,
}

/// `[visits]`: the routine topics, each a non-empty item without the list separator, once.
pub(super) fn parse_visits(
    raw: Option<&Spanned<RawVisits>>,
    problem: &mut impl FnMut(std::ops::Range<usize>, &str, String),
) -> VisitSettings {
    let mut settings = VisitSettings::default();
    for topic in raw.map(|r| r.get_ref().routine_topics.as_slice()).unwrap_or_default() {
        let text = topic.get_ref().trim();
        if text.is_empty() || text.contains([LIST_SEPARATOR, '\n', '\r']) {
            problem(
                topic.span(),
                "visits.routine_topics",
                t!("settings.bad_topic", text = text).into_owned(),
            );
        } else if settings.routine_topics.iter().any(|t| t == text) {
            problem(
                topic.span(),
                "visits.routine_topics",
                t!("settings.duplicate_topic", text = text).into_owned(),
            );
        } else {
            settings.routine_topics.push(text.to_string());
        }
    }
    settings
}

/// `[[survey]]`: unique ids, unique question keys within a survey, known kinds, and choices
/// exactly for choice questions.
pub(super) fn parse_surveys(
    raw: &[Spanned<RawSurvey>],
    problem: &mut impl FnMut(std::ops::Range<usize>, &str, String),
) -> Vec<Survey> {
    let mut surveys: Vec<Survey> = Vec::new();
    for survey in raw {
        let s = survey.get_ref();
        let id = s.id.get_ref().trim().to_string();
        if let Err(e) = id::validate_code("id", &id) {
            problem(
                s.id.span(),
                "survey.id",
                e.to_string().trim_start_matches("id: ").to_string(),
            );
        }
        if surveys.iter().any(|other| other.id == id) {
            problem(
                s.id.span(),
                "survey.id",
                t!("settings.duplicate_survey", id = id).into_owned(),
            );
        }
        if s.questions.is_empty() {
            problem(
                survey.span(),
                &format!("survey.{id}"),
                t!("settings.no_questions").into_owned(),
            );
        }
        let mut questions: Vec<Question> = Vec::new();
        for question in &s.questions {
            let q = question.get_ref();
            let key = q.key.get_ref().trim().to_string();
            let at = format!("survey.{id}.questions");
            if let Err(e) = id::validate_code("key", &key) {
                problem(q.key.span(), &at, e.to_string().trim_start_matches("key: ").to_string());
            }
            if questions.iter().any(|other| other.key == key) {
                problem(q.key.span(), &at, t!("settings.duplicate_key", key = key).into_owned());
            }
            if q.text.get_ref().trim().is_empty() {
                problem(q.text.span(), &at, t!("settings.no_text", key = key).into_owned());
            }
            let kind = match q.kind.get_ref().parse::<QuestionKind>() {
                Ok(kind) => kind,
                Err(message) => {
                    problem(q.kind.span(), &at, message);
                    continue;
                }
            };
            let choices: Vec<String> = q
                .choices
                .as_ref()
                .map(|c| c.get_ref().iter().map(|c| c.trim().to_string()).collect())
                .unwrap_or_default();
            let span = q.choices.as_ref().map_or(question.span(), |c| c.span());
            match kind {
                QuestionKind::Choice if choices.is_empty() => {
                    problem(span, &at, t!("settings.no_choices", key = key).into_owned())
                }
                QuestionKind::Choice => {
                    for (index, choice) in choices.iter().enumerate() {
                        if choice.is_empty() || choices[..index].contains(choice) {
                            problem(span, &at, t!("settings.bad_choices", key = key).into_owned());
                            break;
                        }
                    }
                }
                _ if q.choices.is_some() => problem(
                    span,
                    &at,
                    t!("settings.choices_not_allowed", key = key, kind = kind).into_owned(),
                ),
                _ => {}
            }
            questions.push(Question {
                key,
                text: q.text.get_ref().trim().to_string(),
                kind,
                choices,
            });
        }
        surveys.push(Survey {
            id,
            title: s.title.trim().to_string(),
            questions,
        });
    }
    surveys
}
