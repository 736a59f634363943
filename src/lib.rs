//! `cs`: a command-line record keeper for a customer service department.
//!
//! The library holds everything: the domain ([`model`]), the one door to the disk ([`store`]),
//! what each command does ([`commands`]), how results are printed ([`output`]) and the
//! argument parser ([`cli`]). The binary only calls [`cli::main`].

pub mod cli;
pub mod commands;
pub mod context;
pub mod error;
pub mod model;
pub mod output;
pub mod store;

pub use context::Context;
pub use error::{Error, Problem, Result};
