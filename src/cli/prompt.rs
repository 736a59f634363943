//! Guided entry: on a terminal, what a command needs and was not given is asked for, one
//! question at a time, with a list to pick from wherever the answer is one of a few (classes,
//! staff, centers, channels, purposes, survey questions, topics) and a search by name, pinyin
//! initials or phone number for the customer; a confirmation comes before anything is written.
//!
//! Nothing is ever asked when standard input or standard error is not a terminal, or with
//! `--no-input`: the command then fails as it would without this module, naming what is
//! missing, so a script never hangs. Esc or Ctrl-C at any question stops the command before it
//! writes anything. Questions go to standard error; standard output keeps only the command's
//! result (the new id).

use std::fmt;
use std::io::{self, IsTerminal};

use inquire::{Confirm, InquireError, MultiSelect, Select, Text};
use rust_i18n::t;

use crate::error::Error;
use crate::model::customer::phone_digits;
use crate::model::names;
use crate::store::customers::CustomerIndex;

/// Whether questions may be asked: both standard input and standard error are terminals, and
/// `--no-input` was not given.
pub fn can_ask(no_input: bool) -> bool {
    !no_input && io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// The error for a value that is needed and was not given, where nothing may be asked.
pub fn missing(flag: &str) -> Error {
    Error::Usage(t!("prompt.missing", flag = flag).into_owned())
}

/// What an answer that was not given means: Esc or Ctrl-C stop the command, anything else
/// (the terminal went away) is an error.
fn stopped(error: InquireError) -> Error {
    match error {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => Error::Cancelled,
        other => Error::External(other.to_string()),
    }
}

/// One choice of a list: what is shown, and the value it stands for.
#[derive(Debug, Clone)]
pub struct Choice<T> {
    /// What the list shows.
    pub label: String,
    /// What picking it gives.
    pub value: T,
}

impl<T> fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// Asks to pick one of `choices`, starting at `start`.
pub fn pick<T: Clone>(question: &str, choices: Vec<Choice<T>>, start: usize) -> Result<T, Error> {
    let help = t!("prompt.pick_help");
    Select::new(question, choices)
        .with_help_message(&help)
        .with_starting_cursor(start)
        .with_page_size(10)
        .prompt()
        .map(|choice| choice.value)
        .map_err(stopped)
}

/// Asks to pick any number of `choices` (none is an answer).
pub fn pick_many<T: Clone>(question: &str, choices: Vec<Choice<T>>) -> Result<Vec<T>, Error> {
    let help = t!("prompt.pick_many_help");
    MultiSelect::new(question, choices)
        .with_help_message(&help)
        .with_page_size(10)
        .prompt()
        .map(|picked| picked.into_iter().map(|c| c.value).collect())
        .map_err(stopped)
}

/// Asks for a line of text; `required` refuses an empty answer, else Enter skips (`None`).
pub fn text(question: &str, required: bool) -> Result<Option<String>, Error> {
    let help = if required {
        t!("prompt.text_required_help")
    } else {
        t!("prompt.text_help")
    };
    let refusal = t!("prompt.required").into_owned();
    let mut prompt = Text::new(question).with_help_message(&help);
    if required {
        prompt = prompt.with_validator(move |answer: &str| {
            Ok(if answer.trim().is_empty() {
                inquire::validator::Validation::Invalid(refusal.clone().into())
            } else {
                inquire::validator::Validation::Valid
            })
        });
    }
    let answer = prompt.prompt().map_err(stopped)?;
    Ok(Some(answer.trim().to_string()).filter(|a| !a.is_empty()))
}

/// Asks for a whole number from `low` to `high`; Enter skips unless `required`.
pub fn number(question: &str, low: u8, high: u8, required: bool) -> Result<Option<u8>, Error> {
    let help = t!("prompt.number_help", low = low, high = high);
    let refusal = t!("prompt.number_range", low = low, high = high).into_owned();
    loop {
        let answer = Text::new(question).with_help_message(&help).prompt().map_err(stopped)?;
        let answer = answer.trim();
        if answer.is_empty() && !required {
            return Ok(None);
        }
        match answer.parse::<u8>() {
            Ok(n) if (low..=high).contains(&n) => return Ok(Some(n)),
            _ => eprintln!("{refusal}"),
        }
    }
}

/// Asks whether to go on; `false` (or Esc) means stop without writing.
pub fn confirm(question: &str) -> Result<(), Error> {
    let help = t!("prompt.confirm_help");
    match Confirm::new(question)
        .with_default(true)
        .with_help_message(&help)
        .prompt()
        .map_err(stopped)?
    {
        true => Ok(()),
        false => Err(Error::Cancelled),
    }
}

/// Asks for a customer among those not archived, searched as the user types: by part of the
/// name, pinyin initials (`hzxh`), phone digits or id. Starts filtered by `typed`, what the
/// user gave that matched nothing. Returns the customer's id.
pub fn customer(index: &CustomerIndex, typed: &str) -> Result<String, Error> {
    let rows: Vec<usize> = (0..index.rows()).filter(|&row| !index.is_archived(row)).collect();
    let choices: Vec<Choice<usize>> = rows
        .iter()
        .map(|&row| Choice {
            label: format!("{}  {}  {}", index.name(row), index.id(row), index.phone_digits(row)),
            value: row,
        })
        .collect();
    let initials: Vec<String> = rows.iter().map(|&row| names::initials(index.name(row))).collect();
    let scorer = |input: &str, choice: &Choice<usize>, _: &str, at: usize| -> Option<i64> {
        let input = input.trim().to_lowercase();
        if input.is_empty() {
            return Some(0);
        }
        let row = choice.value;
        let name = index.name(row).to_lowercase();
        let digits = phone_digits(&input);
        if name.starts_with(&input) || index.id(row).to_lowercase().starts_with(&input) {
            Some(3)
        } else if name.contains(&input) || initials[at].contains(&input) {
            Some(2)
        } else if digits.len() >= 3 && index.phone_digits(row).contains(&digits) {
            Some(1)
        } else {
            // A name typed not quite right (杭州西湖宾馆 for 杭州西湖国宾馆).
            names::closeness(index.name(row), &input).map(|_| 0)
        }
    };
    let question = t!("prompt.customer");
    let help = t!("prompt.customer_help");
    Select::new(&question, choices)
        .with_help_message(&help)
        .with_scorer(&scorer)
        .with_starting_filter_input(typed)
        .with_page_size(10)
        .prompt()
        .map(|choice| index.id(choice.value).to_string())
        .map_err(stopped)
}
