//! What each command does, as functions over the store and plain values.
//!
//! One module per group of subcommands. They return results for the caller to print; they
//! never print, read arguments or exit.

pub mod check;
pub mod customer;
pub mod init;
pub mod staff;
