//! The guided forms of `cs visit add` and `cs customer add`: what was not given is asked for
//! (see [`super::prompt`]), with the shared lock held only while the settings and customers
//! are read, never while a question waits for an answer.

use rust_i18n::t;

use super::Env;
use super::prompt::{self, Choice};
use crate::error::Error;
use crate::i18n;
use crate::model::survey::QuestionKind;
use crate::model::visit::{Channel, Purpose};
use crate::store::customers::CustomerIndex;
use crate::store::lock::LockKind;

/// A visit as given on the command line, before what is missing is asked for.
#[derive(Debug, Default)]
pub struct VisitDraft {
    /// The customer as typed.
    pub customer: Option<String>,
    /// `--channel`.
    pub channel: Option<Channel>,
    /// `--purpose`.
    pub purpose: Option<Purpose>,
    /// `--score`.
    pub score: Option<u8>,
    /// `--topic`s.
    pub topics: Vec<String>,
    /// `--survey`.
    pub survey: Option<String>,
    /// `--answer`s, as `KEY=VALUE`.
    pub answers: Vec<String>,
    /// `--summary`.
    pub summary: String,
}

/// A visit with everything it needs: the customer's id, channel and purpose.
#[derive(Debug)]
pub struct VisitReady {
    /// The customer's id.
    pub customer: String,
    /// The channel.
    pub channel: Channel,
    /// The purpose.
    pub purpose: Purpose,
}

/// Completes a visit: asks for what is missing where questions may be asked, else fails
/// naming the first missing value. A customer given but not found is picked from the closest
/// ones on a terminal.
pub fn visit(env: &Env, draft: &mut VisitDraft) -> Result<VisitReady, Error> {
    if let (Some(customer), Some(channel), Some(purpose)) = (&draft.customer, draft.channel, draft.purpose) {
        // Nothing to ask: a customer that matches nothing is caught when the visit is added.
        return Ok(VisitReady {
            customer: customer.clone(),
            channel,
            purpose,
        });
    }
    if !env.can_ask {
        let missing = [
            (draft.customer.is_none(), "CUSTOMER"),
            (draft.channel.is_none(), "--channel"),
            (draft.purpose.is_none(), "--purpose"),
        ];
        if let Some((_, flag)) = missing.iter().find(|(absent, _)| *absent) {
            return Err(prompt::missing(flag));
        }
    }
    let store = env.open(LockKind::Shared)?;
    let index = CustomerIndex::load_for_lookup(&store)?.with_names(&store)?;
    let customer = match &draft.customer {
        None => prompt::customer(&index, "")?,
        Some(reference) => match index.find(reference) {
            Ok(row) => index.id(row).to_string(),
            Err(Error::NotFound { .. }) => prompt::customer(&index, reference.trim())?,
            Err(other) => return Err(other),
        },
    };
    let settings = store.settings()?;
    let channel = match draft.channel {
        Some(channel) => channel,
        None => prompt::pick(
            &t!("prompt.channel"),
            Channel::ALL
                .iter()
                .map(|&c| Choice {
                    label: labelled("channel", c.as_str()),
                    value: c,
                })
                .collect(),
            1,
        )?,
    };
    let purpose = match draft.purpose {
        Some(purpose) => purpose,
        None => prompt::pick(
            &t!("prompt.purpose"),
            Purpose::ALL
                .iter()
                .map(|&p| Choice {
                    label: labelled("purpose", p.as_str()),
                    value: p,
                })
                .collect(),
            0,
        )?,
    };
    match purpose {
        Purpose::Routine if draft.topics.is_empty() && !settings.visits.routine_topics.is_empty() => {
            let topics = settings.visits.routine_topics.iter().map(|topic| Choice {
                label: topic.clone(),
                value: topic.clone(),
            });
            draft.topics = prompt::pick_many(&t!("prompt.topics"), topics.collect())?;
        }
        Purpose::Satisfaction if draft.score.is_none() => {
            draft.score = prompt::number(&t!("prompt.score"), 1, 5, false)?;
        }
        Purpose::Survey if !settings.surveys.is_empty() => {
            let survey = match &draft.survey {
                Some(id) => settings
                    .survey(id)
                    .ok_or_else(|| Error::invalid("--survey", t!("prompt.unknown_survey", survey = id).into_owned()))?,
                None => {
                    let choices = settings.surveys.iter().enumerate().map(|(at, s)| Choice {
                        label: format!("{}  {}", s.id, s.title),
                        value: at,
                    });
                    // The newest survey is the one usually asked.
                    let newest = settings.surveys.len() - 1;
                    &settings.surveys[prompt::pick(&t!("prompt.survey"), choices.collect(), newest)?]
                }
            };
            draft.survey = Some(survey.id.clone());
            for question in &survey.questions {
                let prefix = format!("{}=", question.key);
                if draft.answers.iter().any(|a| a.trim_start().starts_with(&prefix)) {
                    continue;
                }
                let asked = format!("{} ", question.text);
                let answer = match question.kind {
                    QuestionKind::Score => prompt::number(&asked, 1, 5, false)?.map(|n| n.to_string()),
                    QuestionKind::Nps => prompt::number(&asked, 0, 10, false)?.map(|n| n.to_string()),
                    QuestionKind::Text => prompt::text(&asked, false)?,
                    QuestionKind::Choice => {
                        let skip = Choice {
                            label: t!("prompt.no_answer").into_owned(),
                            value: None,
                        };
                        let choices = question.choices.iter().map(|c| Choice {
                            label: c.clone(),
                            value: Some(c.clone()),
                        });
                        prompt::pick(&asked, std::iter::once(skip).chain(choices).collect(), 1)?
                    }
                };
                if let Some(answer) = answer {
                    draft.answers.push(format!("{prefix}{answer}"));
                }
            }
        }
        _ => {}
    }
    if draft.summary.is_empty() {
        draft.summary = prompt::text(&t!("prompt.summary"), false)?.unwrap_or_default();
    }
    let name = index
        .find_id(&customer)
        .map(|row| index.name(row).to_string())
        .unwrap_or_default();
    drop(index);
    drop(store);
    prompt::confirm(&t!(
        "prompt.confirm_visit",
        customer = name,
        channel = i18n::value("channel", channel.as_str()),
        purpose = i18n::value("purpose", purpose.as_str())
    ))?;
    Ok(VisitReady {
        customer,
        channel,
        purpose,
    })
}

/// Asks for the customer meant by `typed`, which matched none, where questions may be asked
/// (`None` where they may not). Returns the customer's id.
pub fn pick_customer(env: &Env, typed: &str) -> Result<Option<String>, Error> {
    if !env.can_ask {
        return Ok(None);
    }
    let store = env.open(LockKind::Shared)?;
    let index = CustomerIndex::load_for_lookup(&store)?.with_names(&store)?;
    prompt::customer(&index, typed.trim()).map(Some)
}

/// A customer as given on the command line, before what is missing is asked for.
#[derive(Debug, Default)]
pub struct CustomerDraft {
    /// `--name`.
    pub name: Option<String>,
    /// `--class`.
    pub class: Option<String>,
    /// `--owner`.
    pub owner: Option<String>,
    /// `--center`.
    pub center: Option<String>,
    /// `--contact`.
    pub contact: Option<String>,
    /// `--phone`.
    pub phone: Option<String>,
}

/// Completes a new customer: with no name given, asks for the name and then for the class,
/// owner, center, contact and phone not given, and for a confirmation; where nothing may be
/// asked, a missing name is an error. Returns the name.
pub fn customer(env: &Env, draft: &mut CustomerDraft) -> Result<String, Error> {
    if let Some(name) = &draft.name {
        return Ok(name.clone());
    }
    if !env.can_ask {
        return Err(prompt::missing("--name"));
    }
    let store = env.open(LockKind::Shared)?;
    let settings = store.settings()?;
    drop(store);
    let name = prompt::text(&t!("prompt.name"), true)?.unwrap_or_default();
    if draft.class.is_none() {
        let classes: Vec<Choice<String>> = settings
            .classes
            .iter()
            .map(|(class, about)| Choice {
                label: format!("{class}  {}", about.description),
                value: class.clone(),
            })
            .collect();
        let start = classes
            .iter()
            .position(|c| c.value == settings.company.default_class)
            .unwrap_or(0);
        draft.class = Some(prompt::pick(&t!("prompt.class"), classes, start)?);
    }
    if draft.owner.is_none() && !settings.staff.is_empty() {
        let staff = settings.staff.iter().map(|member| Choice {
            label: format!(
                "{}  {}  {}",
                member.id,
                member.name,
                i18n::value("role", member.role.as_str())
            ),
            value: Some(member.id.clone()),
        });
        draft.owner = prompt::pick(&t!("prompt.owner"), with_none(staff), 0)?;
    }
    if draft.center.is_none() && !settings.centers.is_empty() {
        let centers = settings.centers.iter().map(|center| Choice {
            label: format!("{}  {}", center.id, center.name),
            value: Some(center.id.clone()),
        });
        draft.center = prompt::pick(&t!("prompt.center"), with_none(centers), 0)?;
    }
    if draft.contact.is_none() {
        draft.contact = prompt::text(&t!("prompt.contact"), false)?;
    }
    if draft.phone.is_none() {
        draft.phone = prompt::text(&t!("prompt.phone"), false)?;
    }
    prompt::confirm(&t!(
        "prompt.confirm_customer",
        name = name,
        class = draft.class.as_deref().unwrap_or_default()
    ))?;
    Ok(name)
}

/// A choice for each value, after one for none.
fn with_none(choices: impl Iterator<Item = Choice<Option<String>>>) -> Vec<Choice<Option<String>>> {
    let none = Choice {
        label: t!("prompt.none").into_owned(),
        value: None,
    };
    std::iter::once(none).chain(choices).collect()
}

/// A value with its code: `电话 (phone)` in Chinese, `phone` in English.
fn labelled(column: &str, code: &str) -> String {
    let shown = i18n::value(column, code);
    if shown == code {
        code.to_string()
    } else {
        format!("{shown} ({code})")
    }
}
