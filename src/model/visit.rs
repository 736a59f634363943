//! Follow-up visits (回访): the record, its channels and purposes, and the rules a visit must
//! satisfy against the settings.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_i18n::t;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::model::LIST_SEPARATOR;
use crate::model::settings::Settings;
use crate::model::survey;

/// How the customer was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 短信.
    Sms,
    /// 电话.
    Phone,
    /// 上门: on site.
    Onsite,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 3] = [Channel::Sms, Channel::Phone, Channel::Onsite];

    /// The name stored in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Phone => "phone",
            Channel::Onsite => "onsite",
        }
    }

    /// The department's Chinese term, the same in every language and accepted as input (what
    /// screens show comes from the catalog's `value.` keys).
    pub fn chinese(self) -> &'static str {
        match self {
            Channel::Sms => "短信",    // i18n: not a message
            Channel::Phone => "电话",  // i18n: not a message
            Channel::Onsite => "上门", // i18n: not a message
        }
    }

    /// Other words people type for it.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Channel::Sms => &["短信", "text"],          // i18n: not a message
            Channel::Phone => &["电话", "call", "tel"], // i18n: not a message
            Channel::Onsite => &["上门", "on-site", "on_site", "visit", "现场"], // i18n: not a message
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = String;

    /// Accepts the stored names in any case and the Chinese terms.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        Channel::ALL
            .into_iter()
            .find(|c| text.eq_ignore_ascii_case(c.as_str()) || c.aliases().iter().any(|a| text.eq_ignore_ascii_case(a)))
            .ok_or_else(|| {
                let words = Channel::ALL
                    .iter()
                    .flat_map(|v| std::iter::once(v.as_str()).chain(v.aliases().iter().copied()));
                t!("visit.unknown_channel", text = text).into_owned()
                    + &crate::model::suggest::did_you_mean(text, words)
            })
    }
}

/// Why the customer was visited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// 常规回访: the checklist of retention topics.
    Routine,
    /// 调查问卷: a questionnaire survey.
    Survey,
    /// 满意度回访: a satisfaction check.
    Satisfaction,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Purpose; 3] = [Purpose::Routine, Purpose::Survey, Purpose::Satisfaction];

    /// The name stored in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Routine => "routine",
            Purpose::Survey => "survey",
            Purpose::Satisfaction => "satisfaction",
        }
    }

    /// The department's Chinese term, the same in every language and accepted as input (what
    /// screens show comes from the catalog's `value.` keys).
    pub fn chinese(self) -> &'static str {
        match self {
            Purpose::Routine => "常规回访",        // i18n: not a message
            Purpose::Survey => "问卷调查",         // i18n: not a message
            Purpose::Satisfaction => "满意度回访", // i18n: not a message
        }
    }

    /// Other words people type for it.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Purpose::Routine => &["常规", "常规回访"], // i18n: not a message
            Purpose::Survey => &["问卷", "问卷调查", "调查问卷", "调查", "questionnaire"], // i18n: not a message
            Purpose::Satisfaction => &["满意度", "满意度回访", "csat"], // i18n: not a message
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Purpose {
    type Err = String;

    /// Accepts the stored names in any case and the Chinese terms.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        Purpose::ALL
            .into_iter()
            .find(|p| text.eq_ignore_ascii_case(p.as_str()) || p.aliases().iter().any(|a| text.eq_ignore_ascii_case(a)))
            .ok_or_else(|| {
                let words = Purpose::ALL
                    .iter()
                    .flat_map(|v| std::iter::once(v.as_str()).chain(v.aliases().iter().copied()));
                t!("visit.unknown_purpose", text = text).into_owned()
                    + &crate::model::suggest::did_you_mean(text, words)
            })
    }
}

/// A visit's survey answers: question key and answer, in the order of the survey's questions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(pub Vec<(String, String)>);

impl Answers {
    /// The answer to one question.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Whether there are no answers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Written as a JSON object, in question order.
impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A follow-up visit: one line of `visits/YYYY-MM.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visit {
    /// Generated: `V-` and 10 characters.
    pub id: String,
    /// The customer's id.
    pub customer: String,
    /// The day of the visit (回访日期), which places it in its month's file.
    pub date: NaiveDate,
    /// How the customer was reached.
    pub channel: Channel,
    /// Why.
    pub purpose: Purpose,
    /// The staff id of who made the visit.
    pub by: String,
    /// Satisfaction, 1 to 5 (满意度).
    pub score: Option<u8>,
    /// Likelihood to recommend, 0 to 10.
    pub nps: Option<u8>,
    /// The routine topics covered.
    pub topics: Vec<String>,
    /// Survey answers.
    pub answers: Answers,
    /// The survey asked, for a survey visit.
    pub survey: Option<String>,
    /// What was said, in free text.
    pub summary: String,
    /// The date agreed with the customer for the next follow-up (下次回访).
    pub next: Option<NaiveDate>,
    /// When the visit was recorded.
    pub created: DateTime<FixedOffset>,
}

impl Visit {
    /// The rules a visit must satisfy against the settings, as `(field, problem)` pairs.
    /// References to other tables (the customer) are checked by the caller.
    pub fn problems(&self, settings: &Settings) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if self.customer.trim().is_empty() {
            problems.push(("customer", t!("visit.empty").into_owned()));
        }
        if settings.staff_member(&self.by).is_none() {
            problems.push(("by", t!("visit.not_staff", by = self.by).into_owned()));
        }
        if let Some(message) = crate::model::control_character(&self.summary, true) {
            problems.push(("summary", message));
        }
        if let Some(score) = self.score
            && let Err(e) = survey::score(&score.to_string())
        {
            problems.push(("score", e));
        }
        if let Some(nps) = self.nps
            && let Err(e) = survey::nps(&nps.to_string())
        {
            problems.push(("nps", e));
        }
        for topic in &self.topics {
            if !settings.visits.routine_topics.contains(topic) {
                problems.push(("topics", unknown_topic(topic, settings)));
            }
        }
        match (&self.survey, self.purpose) {
            (None, Purpose::Survey) => problems.push(("survey", t!("visit.survey_unnamed").into_owned())),
            (Some(id), _) => match settings.survey(id) {
                None => problems.push(("survey", unknown_survey(id, settings))),
                Some(survey) => {
                    for (key, answer) in &self.answers.0 {
                        match survey.question(key) {
                            None => problems.push((
                                "answers",
                                t!(
                                    "visit.no_such_question",
                                    survey = survey.id,
                                    key = key,
                                    keys = survey.keys()
                                )
                                .into_owned(),
                            )),
                            Some(question) => {
                                if let Err(e) = question.check_answer(answer) {
                                    problems.push(("answers", format!("{key}: {e}")));
                                }
                            }
                        }
                    }
                }
            },
            (None, _) if !self.answers.is_empty() => {
                problems.push(("answers", t!("visit.answers_need_survey").into_owned()));
            }
            (None, _) => {}
        }
        if let Some(next) = self.next
            && next <= self.date
        {
            problems.push((
                "next",
                t!("visit.next_not_after", next = next, date = self.date).into_owned(),
            ));
        }
        if self.summary.contains('\r') {
            problems.push(("summary", t!("visit.carriage_return").into_owned()));
        }
        problems
    }
}

/// The message for a topic that is not among `[visits] routine_topics`.
pub fn unknown_topic(topic: &str, settings: &Settings) -> String {
    let known = &settings.visits.routine_topics;
    if known.is_empty() {
        t!("visit.unknown_topic_none", topic = topic).into_owned()
    } else {
        t!("visit.unknown_topic", topic = topic, known = known.join(", ")).into_owned()
    }
}

/// The message for a survey id that is not in `cs.toml`.
pub fn unknown_survey(id: &str, settings: &Settings) -> String {
    let known: Vec<&str> = settings.surveys.iter().map(|s| s.id.as_str()).collect();
    if known.is_empty() {
        t!("visit.unknown_survey_none", id = id).into_owned()
    } else {
        t!("visit.unknown_survey", id = id, known = known.join(", ")).into_owned()
    }
}

/// Whether a topic can be held in the topics column.
pub fn topic_fits(topic: &str) -> bool {
    !topic.trim().is_empty() && !topic.contains([LIST_SEPARATOR, '\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_and_purposes_accept_english_and_chinese() {
        assert_eq!("Phone".parse::<Channel>().unwrap(), Channel::Phone);
        assert_eq!("上门".parse::<Channel>().unwrap(), Channel::Onsite);
        assert_eq!("短信".parse::<Channel>().unwrap(), Channel::Sms);
        assert!("fax".parse::<Channel>().unwrap_err().contains("sms, phone or onsite"));
        assert_eq!("常规".parse::<Purpose>().unwrap(), Purpose::Routine);
        assert_eq!("问卷".parse::<Purpose>().unwrap(), Purpose::Survey);
        assert_eq!("满意度".parse::<Purpose>().unwrap(), Purpose::Satisfaction);
        assert!("chat".parse::<Purpose>().is_err());
    }

    #[test]
    fn answers_serialize_as_an_object_in_order() {
        let answers = Answers(vec![("b".into(), "2".into()), ("a".into(), "一".into())]);
        assert_eq!(serde_json::to_string(&answers).unwrap(), r#"{"b":"2","a":"一"}"#);
    }
}
