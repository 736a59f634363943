//! `cs check`.

use std::io::Write;

use clap::Args;
use rust_i18n::t;

use super::Env;
use crate::commands::check;
use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::output::{self, Format};
use crate::store::Store;
use crate::store::lock::LockKind;

/// Validate cs.toml and every table: each line parses, values are in range, references resolve
/// and no id is used twice. Prints `file:line: problem` for each and exits 1 if there is any.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Repair what needs no guessing first, and say what changed
    #[arg(long)]
    pub fix: bool,
}

pub fn run(env: &Env, args: CheckArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let kind = if args.fix {
        LockKind::Exclusive
    } else {
        LockKind::Shared
    };
    let mut store = Store::open_unvalidated(env.find()?, kind, &super::wait_notice)?;
    store.log_writes_to(env.writes.clone());
    // What scripts read never changes with the language: the problems a CSV or JSON report
    // holds are worded in English; errors on stderr stay in the language spoken.
    let spoken = i18n::current();
    if env.format != Format::Table {
        i18n::set(Lang::En);
    }
    let fixed = if args.fix { check::fix(&store) } else { Ok(Vec::new()) };
    let report = fixed.and_then(|fixed| Ok((fixed, check::check(&store)?)));
    i18n::set(spoken);
    let (fixed, report) = report?;
    if env.format == Format::Table {
        for fix in &fixed {
            writeln!(out, "{}", t!("fix.fixed_line", fix = fix))?;
        }
        if args.fix {
            let done = match fixed.len() {
                0 => t!("fix.nothing"),
                1 => t!("fix.fixed_one"),
                n => t!("fix.fixed_many", count = n),
            };
            writeln!(out, "{done}")?;
        }
        for n in &report.notes {
            writeln!(out, "{}", t!("git.check.note_line", note = n))?;
        }
    }
    match env.format {
        Format::Table if report.problems.is_empty() => {
            writeln!(out, "{}", t!("check.no_problems", summary = report.summary))?
        }
        Format::Table | Format::Md | Format::Html | Format::Jsonl | Format::Xlsx => {
            for problem in &report.problems {
                writeln!(out, "{problem}")?;
            }
        }
        Format::Csv => output::write_csv(
            out,
            "problem",
            &["file", "line", "field", "message"],
            report.problems.iter().map(|p| {
                let line = p.line.map(|l| l.to_string()).unwrap_or_default();
                vec![
                    p.file.clone(),
                    line,
                    p.field.clone().unwrap_or_default(),
                    p.message.clone(),
                ]
            }),
        )?,
        Format::Json => output::write_json(
            out,
            &serde_json::json!({
                "ok": report.problems.is_empty(),
                "summary": report.summary,
                "problems": report.problems,
                "notes": report.notes,
                "fixed": fixed,
            }),
        )?,
    }
    if report.problems.is_empty() {
        return Ok(());
    }
    let (count, summary) = (report.problems.len(), &report.summary);
    let found = if count == 1 {
        t!("check.problems_one", count = count, summary = summary)
    } else {
        t!("check.problems_other", count = count, summary = summary)
    };
    Err(Error::External(found.into_owned()).into())
}
