//! `cs today [--by STAFF]`: one person's to-do list for the day, as a table or JSON.

use std::io::Write;

use clap::Args;
use rust_i18n::t;

use super::Env;
use crate::commands::today;
use crate::error::Error;
use crate::output::Format;
use crate::report::render;
use crate::store::lock::LockKind;

#[derive(Debug, Args)]
pub struct TodayArgs {
    /// Whose day [default: $CS_USER]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

pub fn run(env: &Env, args: TodayArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    // A to-do list of several tables has no one CSV; md and html are refused for every
    // command but `report` before this runs.
    if env.format == Format::Csv {
        return Err(Error::Usage(t!("today.format_only").into_owned()).into());
    }
    let store = env.open(LockKind::Shared)?;
    let staff = today::who(&store, &env.ctx, args.by.as_deref())?;
    let report = today::today(&store, &env.ctx, &staff)?;
    match env.format {
        Format::Json => render::json(out, &report)?,
        _ => render::text(out, &report)?,
    }
    Ok(())
}
