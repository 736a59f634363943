//! Questionnaire surveys (调查问卷): the questions a company sets for a period, the answers a
//! visit records, and the figures their results come to.
//!
//! Surveys are defined in `cs.toml` (`[[survey]]`); answers are checked against their question
//! when a visit is logged. Nothing here reads or writes files.

use std::fmt;
use std::str::FromStr;

use rust_i18n::t;
use serde::Serialize;

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// A satisfaction score from 1 to 5.
    Score,
    /// A likelihood to recommend from 0 to 10 (Net Promoter Score).
    Nps,
    /// One of a fixed list of choices.
    Choice,
    /// Free text.
    Text,
}

impl QuestionKind {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [QuestionKind; 4] = [
        QuestionKind::Score,
        QuestionKind::Nps,
        QuestionKind::Choice,
        QuestionKind::Text,
    ];

    /// The name written in `cs.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Score => "score",
            QuestionKind::Nps => "nps",
            QuestionKind::Choice => "choice",
            QuestionKind::Text => "text",
        }
    }
}

impl fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for QuestionKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        QuestionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
            .ok_or_else(|| t!("survey.unknown_kind", text = text).into_owned())
    }
}

/// One question of a survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// The short key answers are recorded under (`quality`).
    pub key: String,
    /// The question as it is asked.
    pub text: String,
    /// What kind of answer it takes.
    pub kind: QuestionKind,
    /// The allowed answers of a `choice` question, in order; empty for other kinds.
    pub choices: Vec<String>,
}

impl Question {
    /// Checks an answer as typed and returns it as stored: a whole number in range, the
    /// choice as the survey spells it, or the text without surrounding blanks.
    pub fn check_answer(&self, answer: &str) -> Result<String, String> {
        let answer = answer.trim();
        match self.kind {
            QuestionKind::Score => score(answer).map(|s| s.to_string()),
            QuestionKind::Nps => nps(answer).map(|n| n.to_string()),
            QuestionKind::Choice => self
                .choices
                .iter()
                .find(|c| c.as_str() == answer)
                .or_else(|| self.choices.iter().find(|c| c.eq_ignore_ascii_case(answer)))
                .cloned()
                .ok_or_else(|| {
                    t!(
                        "survey.not_a_choice",
                        answer = answer,
                        choices = self.choices.join(", ")
                    )
                    .into_owned()
                }),
            QuestionKind::Text if answer.is_empty() => Err(t!("survey.empty_answer").into_owned()),
            QuestionKind::Text => Ok(answer.to_string()),
        }
    }

    /// The answers allowed, for prompts and messages.
    pub fn allowed(&self) -> String {
        match self.kind {
            QuestionKind::Score => t!("survey.allowed_score").into_owned(),
            QuestionKind::Nps => t!("survey.allowed_nps").into_owned(),
            QuestionKind::Choice => self.choices.join(", "),
            QuestionKind::Text => t!("survey.allowed_text").into_owned(),
        }
    }
}

/// A survey: its id, title and questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Survey {
    /// The id visits refer to (`2026Q4`).
    pub id: String,
    /// What the survey is called.
    pub title: String,
    /// The questions, in the order they are asked.
    pub questions: Vec<Question>,
}

impl Survey {
    /// The question with this key.
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// The question keys, for messages.
    pub fn keys(&self) -> String {
        self.questions
            .iter()
            .map(|q| q.key.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A satisfaction score, 1 to 5.
pub fn score(text: &str) -> Result<u8, String> {
    whole_number(text, 1, 5, "survey.a_score")
}

/// A likelihood to recommend, 0 to 10.
pub fn nps(text: &str) -> Result<u8, String> {
    whole_number(text, 0, 10, "survey.an_nps_answer")
}

/// A whole number from `low` to `high`; `what` is the catalog key of what it is, for the message.
fn whole_number(text: &str, low: u8, high: u8, what: &str) -> Result<u8, String> {
    match text.trim().parse::<u8>() {
        Ok(n) if (low..=high).contains(&n) => Ok(n),
        _ => Err(t!(
            "survey.out_of_range",
            text = text.trim(),
            what = t!(what),
            low = low,
            high = high
        )
        .into_owned()),
    }
}

/// The Net Promoter Score of some 0-10 answers: the percentage of promoters (9-10) minus the
/// percentage of detractors (0-6); `None` without answers.
pub fn net_promoter_score(answers: &[u8]) -> Option<f64> {
    if answers.is_empty() {
        return None;
    }
    let promoters = answers.iter().filter(|&&a| a >= 9).count() as f64;
    let detractors = answers.iter().filter(|&&a| a <= 6).count() as f64;
    Some((promoters - detractors) * 100.0 / answers.len() as f64)
}

/// The mean of some whole numbers; `None` without any.
pub fn mean(values: &[u8]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: QuestionKind, choices: &[&str]) -> Question {
        Question {
            key: "q".into(),
            text: "?".into(),
            kind,
            choices: choices.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn answers_must_fit_their_question() {
        let score = question(QuestionKind::Score, &[]);
        assert_eq!(score.check_answer(" 4 "), Ok("4".into()));
        assert!(score.check_answer("0").unwrap_err().contains("from 1 to 5"));
        assert!(score.check_answer("6").is_err());
        assert!(score.check_answer("4.5").is_err());
        let nps = question(QuestionKind::Nps, &[]);
        assert_eq!(nps.check_answer("0"), Ok("0".into()));
        assert!(nps.check_answer("11").unwrap_err().contains("from 0 to 10"));
        let choice = question(QuestionKind::Choice, &["phone", "微信"]);
        assert_eq!(choice.check_answer("Phone"), Ok("phone".into()));
        assert_eq!(choice.check_answer("微信"), Ok("微信".into()));
        assert!(choice.check_answer("email").unwrap_err().contains("phone, 微信"));
        let text = question(QuestionKind::Text, &[]);
        assert_eq!(text.check_answer(" 希望增加小瓶装 "), Ok("希望增加小瓶装".into()));
        assert!(text.check_answer(" ").is_err());
    }

    #[test]
    fn nps_and_means_by_hand() {
        // 3 promoters, 2 passives, 2 detractors of 7: (3 - 2) / 7 = 14.2857...%.
        let nps = net_promoter_score(&[10, 9, 9, 8, 7, 6, 0]).unwrap();
        assert!((nps - 100.0 / 7.0).abs() < 1e-9, "{nps}");
        assert_eq!(net_promoter_score(&[]), None);
        assert_eq!(net_promoter_score(&[6, 5]), Some(-100.0));
        assert_eq!(mean(&[4, 5, 3]), Some(4.0));
        assert_eq!(mean(&[]), None);
    }
}
