//! The library's error type: what went wrong, where, and what the user can do next.
//!
//! Errors carry the file, line and field whenever data is at fault, so the binary can print
//! them as `file:line: field: problem` without knowing which command failed.

use std::fmt;
use std::io;
use std::path::PathBuf;

use rust_i18n::t;

/// A problem found in a data file: the position and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file, as shown to the user (relative to the data directory when possible).
    pub file: String,
    /// The 1-based line, when the problem has one.
    pub line: Option<u64>,
    /// The column or settings key at fault, when there is one.
    pub field: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

impl Problem {
    /// A problem at a line of a file, optionally naming the field.
    pub fn at(file: impl Into<String>, line: Option<u64>, field: Option<&str>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Everything that can go wrong in the library. Its messages are in the language being
/// spoken (see [`crate::i18n`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A data or settings file holds something `cs` cannot accept.
    #[error("{0}")]
    Data(Problem),
    /// Several problems in data or settings files, reported together.
    #[error("{}", join_problems(.0))]
    DataMany(Vec<Problem>),
    /// Problems in a file being imported (nothing was written).
    #[error("{}", join_problems(.0))]
    Import(Vec<Problem>),
    /// Reading or writing a file failed. The OS error is part of the message, not a separate
    /// cause, so it is printed once.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// What the operating system said.
        error: io::Error,
    },
    /// No data directory was named and none was found above the working directory.
    #[error("{}", t!("error.no_data_dir", dir = .0.display()))]
    NoDataDir(PathBuf),
    /// Another `cs` held the data directory for longer than `--wait`.
    #[error("{}", match holder {
        Some(holder) => t!("error.lock_timeout_holder", seconds = seconds, holder = holder),
        None => t!("error.lock_timeout", seconds = seconds),
    })]
    LockTimeout {
        /// How long it waited.
        seconds: u64,
        /// The writer holding it, as `cs import visits (4242)`, when one does.
        holder: Option<String>,
    },
    /// A named data directory does not hold `cs.toml`.
    #[error("{}", t!("error.not_data_dir", dir = .0.display()))]
    NotDataDir(PathBuf),
    /// The data directory was written in a format newer than this `cs` reads.
    #[error("{}", t!("format.refused", file = dir.join(crate::model::settings::SETTINGS_FILE).display(), found = found, supported = crate::model::settings::format::FORMAT))]
    NewerFormat {
        /// The data directory.
        dir: PathBuf,
        /// The format its `cs.toml` declares.
        found: i64,
    },
    /// `cs init` was pointed at a directory that already has settings.
    #[error("{}", t!("error.already_initialized", dir = .0.display()))]
    AlreadyInitialized(PathBuf),
    /// A reference matched no record.
    #[error("{}", not_found(what, reference, suggestions))]
    NotFound {
        /// The kind of record looked for ("customer", "staff member"): a catalog key under
        /// `record.`.
        what: &'static str,
        /// What the user typed.
        reference: String,
        /// The closest matches, as `id (name)`, to suggest.
        suggestions: Vec<String>,
    },
    /// A reference matched several records.
    #[error("{}", t!("error.ambiguous", reference = reference, count = candidates.len(), what = record_name(what), candidates = first_few(candidates)))]
    Ambiguous {
        /// The kind of record looked for.
        what: &'static str,
        /// What the user typed.
        reference: String,
        /// Each match, as `id (name)`.
        candidates: Vec<String>,
    },
    /// User input refused by a rule of the domain (unknown class, duplicate id, ...).
    #[error("{field}: {message}")]
    Invalid {
        /// The option or field at fault.
        field: String,
        /// What is wrong.
        message: String,
        /// What to do about it, when we can tell.
        hint: Option<String>,
    },
    /// The arguments cannot be acted on as given (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Something outside `cs` failed (an editor, git).
    #[error("{0}")]
    External(String),
    /// The user stopped a command at one of its questions (Esc, Ctrl-C, or no to the
    /// confirmation); nothing was written.
    #[error("{}", t!("error.cancelled"))]
    Cancelled,
}

/// The first candidates of an ambiguous reference: a prefix like `C-` can match thousands.
fn first_few(candidates: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = candidates.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if candidates.len() > SHOWN {
        text.push_str(&t!("error.and_more", count = candidates.len() - SHOWN));
    }
    text
}

/// The name of a kind of record (`customer`, `visit`) in the language being spoken.
pub fn record_name(what: &str) -> String {
    crate::i18n::lookup(&format!("record.{what}")).unwrap_or_else(|| what.to_string())
}

fn not_found(what: &str, reference: &str, suggestions: &[String]) -> String {
    let mut text = t!("error.not_found", what = record_name(what), reference = reference).into_owned();
    if !suggestions.is_empty() {
        text.push_str(&t!("error.did_you_mean", names = suggestions.join(", ")));
    }
    text
}

fn join_problems(problems: &[Problem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

impl Error {
    /// One problem with a file being imported.
    pub fn import(problem: Problem) -> Self {
        Error::Import(vec![problem])
    }

    /// An I/O error on a path.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error: source,
        }
    }

    /// Input refused by a domain rule, without a hint.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// Input refused by a domain rule, with a hint of what to do next.
    pub fn invalid_with_hint(field: impl Into<String>, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// A reference that matched nothing, without suggestions.
    pub fn not_found(what: &'static str, reference: impl Into<String>) -> Self {
        Error::NotFound {
            what,
            reference: reference.into(),
            suggestions: Vec::new(),
        }
    }

    /// What the user can do next, when there is something useful to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NotDataDir(_) => Some(t!("hint.not_data_dir").into_owned()),
            Error::NewerFormat { .. } => Some(t!("format.upgrade").into_owned()),
            Error::Data(_) | Error::DataMany(_) => Some(t!("hint.data").into_owned()),
            Error::Import(_) => Some(t!("hint.import").into_owned()),
            Error::LockTimeout { .. } => Some(t!("hint.lock_timeout").into_owned()),
            Error::NotFound { what: "customer", .. } => Some(t!("hint.customer_not_found").into_owned()),
            Error::Ambiguous { .. } => Some(t!("hint.ambiguous").into_owned()),
            Error::Invalid { hint, .. } => hint.clone(),
            _ => None,
        }
    }

    /// Whether the error is a usage error (exit code 2) rather than a failure (exit code 1).
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Usage(_))
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
