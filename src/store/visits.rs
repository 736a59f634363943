//! `visits/YYYY-MM.csv`: how a [`Visit`] is stored, both ways.
//!
//! Survey answers are one cell, `key=value` pairs separated by `;`, in the survey's question
//! order: `quality=4;recommend=9;needs=希望增加小瓶装`. Inside a value, `\;` is a semicolon and
//! `\\` a backslash (and, as in every field, the file then doubles that backslash).

use std::borrow::Cow;

use rust_i18n::t;

use crate::columns;
use crate::error::Problem;
use crate::model::visit::{Answers, Channel, Purpose, Visit};
use crate::store::index::{Indexed, Kind, Value, day_number};
use crate::store::table::{
    Partition, Record, Row, TableSpec, format_date, format_optional_date, format_time, join_list, split_list,
};

columns! {
    /// The columns of a visits file.
    pub enum VisitCol {
        Id = "id", Customer = "customer", Date = "date", Channel = "channel",
        Purpose = "purpose", By = "by", Score = "score", Nps = "nps", Topics = "topics",
        Answers = "answers", Survey = "survey", Summary = "summary", Next = "next",
        Created = "created",
    }
}

/// The visits table: one file per month of the visit's date.
pub const TABLE: TableSpec = TableSpec {
    name: "visits",
    record_name: "visit",
    id_prefix: "V-",
    id_chars: 10,
    columns: VisitCol::NAMES,
    partition: Partition::Monthly,
};

impl Visit {
    /// The value of a column as text, as it is written in the file.
    pub fn field(&self, column: VisitCol) -> Cow<'_, str> {
        use VisitCol as C;
        let number = |n: Option<u8>| n.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string()));
        match column {
            C::Id => Cow::Borrowed(&self.id),
            C::Customer => Cow::Borrowed(&self.customer),
            C::Date => Cow::Owned(format_date(self.date)),
            C::Channel => Cow::Borrowed(self.channel.as_str()),
            C::Purpose => Cow::Borrowed(self.purpose.as_str()),
            C::By => Cow::Borrowed(&self.by),
            C::Score => number(self.score),
            C::Nps => number(self.nps),
            C::Topics => Cow::Owned(join_list(&self.topics)),
            C::Answers => Cow::Owned(encode_answers(&self.answers)),
            C::Survey => Cow::Borrowed(self.survey.as_deref().unwrap_or("")),
            C::Summary => Cow::Borrowed(&self.summary),
            C::Next => Cow::Owned(format_optional_date(self.next)),
            C::Created => Cow::Owned(format_time(&self.created)),
        }
    }
}

/// The columns of a visits index: what finding a visit, listing a customer's visits and
/// working out who is due need, without reading the visits files.
pub mod key {
    use crate::store::index::{KEY_BASE, Kind};

    /// The visit's id.
    pub const ID: usize = KEY_BASE;
    /// The customer's id.
    pub const CUSTOMER: usize = KEY_BASE + 1;
    /// The visit's day, in days since 1970-01-01.
    pub const DATE: usize = KEY_BASE + 2;
    /// When it was recorded, in seconds since 1970.
    pub const CREATED: usize = KEY_BASE + 3;
    /// The next visit agreed, in days since 1970-01-01, or [`NO_DATE`].
    pub const NEXT: usize = KEY_BASE + 4;
    /// The channel, as its position in `Channel::ALL`.
    pub const CHANNEL: usize = KEY_BASE + 5;
    /// The purpose, as its position in `Purpose::ALL`.
    pub const PURPOSE: usize = KEY_BASE + 6;
    /// Who made it.
    pub const BY: usize = KEY_BASE + 7;
    /// The survey asked, or empty.
    pub const SURVEY: usize = KEY_BASE + 8;
    /// The value of [`NEXT`] for a visit without one.
    pub const NO_DATE: i32 = i32::MIN;

    /// Their kinds, in order.
    pub const KINDS: &[Kind] = &[
        Kind::Str,
        Kind::Str,
        Kind::I32,
        Kind::I64,
        Kind::I32,
        Kind::U8,
        Kind::U8,
        Kind::Str,
        Kind::Str,
    ];
}

impl Indexed for Visit {
    const KEYS: &'static [Kind] = key::KINDS;

    fn keys(&self, push: &mut dyn FnMut(&[Value<'_>])) {
        let channel = Channel::ALL.iter().position(|c| *c == self.channel).unwrap_or(0);
        let purpose = Purpose::ALL.iter().position(|p| *p == self.purpose).unwrap_or(0);
        push(&[
            Value::Str(&self.id),
            Value::Str(&self.customer),
            Value::I32(day_number(self.date)),
            Value::I64(self.created.timestamp()),
            Value::I32(self.next.map_or(key::NO_DATE, day_number)),
            Value::U8(channel as u8),
            Value::U8(purpose as u8),
            Value::Str(&self.by),
            Value::Str(self.survey.as_deref().unwrap_or("")),
        ]);
    }
}

impl Record for Visit {
    const TABLE: TableSpec = TABLE;

    fn decode(row: &Row<'_>) -> Result<Self, Problem> {
        use VisitCol as C;
        Ok(Visit {
            id: row.required(C::Id)?,
            customer: row.required(C::Customer)?,
            date: row.date(C::Date)?,
            channel: row.parse(C::Channel)?,
            purpose: row.parse(C::Purpose)?,
            by: row.required(C::By)?,
            score: row.parse_optional(C::Score)?,
            nps: row.parse_optional(C::Nps)?,
            topics: split_list(&row.text(C::Topics)),
            answers: decode_answers(&row.text(C::Answers)).map_err(|e| row.problem(C::Answers, e))?,
            survey: row.optional(C::Survey),
            summary: row.string(C::Summary),
            next: row.optional_date(C::Next)?,
            created: row.time(C::Created)?,
        })
    }

    fn encode(&self) -> Vec<String> {
        VisitCol::ALL.iter().map(|&c| self.field(c).into_owned()).collect()
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        Some(self.date)
    }
}

/// Writes answers as `key=value;key=value`, escaping `;` and `\` in values.
pub fn encode_answers(answers: &Answers) -> String {
    let mut out = String::new();
    for (index, (key, value)) in answers.0.iter().enumerate() {
        if index > 0 {
            out.push(';');
        }
        out.push_str(key);
        out.push('=');
        for c in value.chars() {
            if matches!(c, ';' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Reads what [`encode_answers`] wrote. A backslash before anything but `;` or `\` is kept,
/// so hand-typed text survives.
pub fn decode_answers(text: &str) -> Result<Answers, String> {
    let mut answers = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (key, after) = rest
            .split_once('=')
            .ok_or_else(|| t!("visits.not_key_value", text = rest).into_owned())?;
        let key = key.trim();
        if key.is_empty() || key.contains(';') {
            return Err(t!("visits.no_question_key", text = rest).into_owned());
        }
        let mut value = String::new();
        let mut chars = after.char_indices();
        let mut end = after.len();
        while let Some((at, c)) = chars.next() {
            match c {
                ';' => {
                    end = at + 1;
                    break;
                }
                '\\' => match chars.clone().next() {
                    Some((_, next @ (';' | '\\'))) => {
                        value.push(next);
                        chars.next();
                    }
                    _ => value.push('\\'),
                },
                c => value.push(c),
            }
        }
        if answers.iter().any(|(k, _): &(String, String)| k == key) {
            return Err(t!("visits.answered_twice", key = key).into_owned());
        }
        answers.push((key.to_string(), value.trim().to_string()));
        rest = after[end.min(after.len())..].trim_start();
    }
    Ok(Answers(answers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn answers_read_back_what_was_written() {
        let answers = Answers(vec![
            ("quality".into(), "4".into()),
            ("needs".into(), "小瓶装; 更多促销 \\ 礼盒".into()),
            ("channel".into(), "微信".into()),
        ]);
        let text = encode_answers(&answers);
        assert_eq!(text, "quality=4;needs=小瓶装\\; 更多促销 \\\\ 礼盒;channel=微信");
        assert_eq!(decode_answers(&text).unwrap(), answers);
        assert_eq!(decode_answers("").unwrap(), Answers::default());
        assert_eq!(decode_answers(" a = 1 ; b=C:\\docs").unwrap().0[1].1, "C:\\docs");
        assert!(decode_answers("quality").is_err());
        assert!(decode_answers("a=1;a=2").is_err());
    }

    proptest! {
        #[test]
        fn any_answers_round_trip(pairs in prop::collection::vec(("[a-z][a-z0-9_]{0,6}", "\\PC{0,12}"), 0..5)) {
            let mut seen = std::collections::HashSet::new();
            let answers = Answers(
                pairs
                    .into_iter()
                    .filter(|(k, _)| seen.insert(k.clone()))
                    .map(|(k, v)| (k, v.trim().to_string()))
                    .collect(),
            );
            prop_assert_eq!(decode_answers(&encode_answers(&answers)).unwrap(), answers);
        }
    }
}
