//! `cs`: a command-line record keeper for a customer service department.
//!
//! The library holds everything: the domain ([`model`]), the one door to the disk ([`store`]),
//! what each command does ([`commands`]), how results are printed ([`output`]) and the
//! argument parser ([`cli`]). The binary only calls [`cli::main`].

pub mod cli;
pub mod commands;
pub mod context;
pub mod error;
pub mod export;
pub mod i18n;
pub mod import;
pub mod model;
pub mod output;
pub mod report;
pub mod store;

// The message catalog in both languages, compiled in; see `i18n`. English is what a key
// missing in Chinese falls back to (the catalog test makes sure none is).
rust_i18n::i18n!("locales", fallback = "en");

pub use context::Context;
pub use error::{Error, Problem, Result};
