//! `cs check`.

use std::io::Write;

use clap::Args;

use super::Env;
use crate::commands::check;
use crate::error::Error;
use crate::store::Store;
use crate::store::lock::LockKind;

/// Validate cs.toml and every table: each line parses, values are in range, references resolve
/// and no id is used twice. Prints `file:line: problem` for each and exits 1 if there is any.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  cs check\n  git pull && cs check     (after a merge)")]
pub struct CheckArgs {}

pub fn run(env: &Env, _args: CheckArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = Store::open_unvalidated(env.find()?, LockKind::Shared, &super::wait_notice)?;
    let report = check::check(&store)?;
    if report.problems.is_empty() {
        writeln!(out, "{}: no problems found", report.summary)?;
        return Ok(());
    }
    for problem in &report.problems {
        writeln!(out, "{problem}")?;
    }
    let count = report.problems.len();
    Err(Error::External(format!(
        "{count} problem{} found ({})",
        if count == 1 { "" } else { "s" },
        report.summary
    ))
    .into())
}
