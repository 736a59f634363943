//! `cs report NAME`: the period and filters from the command line, the report in the format
//! and language asked for, to stdout or a file.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Env;
use crate::commands::report::{self as logic, Name, Request};
use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::model::dates;
use crate::output::Format;
use crate::report::scope::Filters;
use crate::report::{Period, render};
use crate::store::lock::LockKind;

/// The reports, as typed.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportName {
    /// Customers by class, status, center, owner and region; conversions; at risk
    Customers,
    /// The quarter for the general manager: headline figures, then every report
    Quarterly,
    /// The year for the general manager: headline figures, then every report
    Annual,
    /// Visits by channel, purpose and staff; coverage per class; CSAT, NPS; survey results
    Visits,
    /// Complaints by category and severity; response and resolution times; SLA; escalations
    Complaints,
    /// Shipments delivered, in transit, late; on time by carrier and center; late and stale
    Shipments,
    /// Wine-label jobs by status; time from request to done; vendors; overdue
    Labels,
    /// One row per staff member for the appraisal: customers, visits, complaints, labels
    Staff,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Which report
    name: ReportName,
    /// The first day of the period (with --to)
    #[arg(long, value_name = "DATE", requires = "to", conflicts_with_all = ["month", "quarter", "year"], allow_hyphen_values = true)]
    from: Option<String>,
    /// The last day of the period (with --from)
    #[arg(long, value_name = "DATE", requires = "from", allow_hyphen_values = true)]
    to: Option<String>,
    /// A month: 2026-11
    #[arg(long, conflicts_with_all = ["quarter", "year"])]
    month: Option<String>,
    /// A quarter: 2026Q4 [default: the current quarter]
    #[arg(long, conflicts_with = "year")]
    quarter: Option<String>,
    /// A year: 2026
    #[arg(long)]
    year: Option<String>,
    /// The day lists of late and overdue things are judged on [default: today, or the
    /// period's last day]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    as_of: Option<String>,
    /// Write the report to this file instead of the screen
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// The language of the report [default: lang in cs.toml]
    #[arg(long, value_name = "LANG", value_parser = ["en", "zh"])]
    lang: Option<String>,
    /// Only the customers of this owner
    #[arg(long, value_name = "STAFF")]
    owner: Option<String>,
    /// Only the customers of this distribution center
    #[arg(long, value_name = "ID")]
    center: Option<String>,
    /// Only the customers of this class
    #[arg(long)]
    class: Option<String>,
    /// With --format csv: the table to write (figures, or a table of the report)
    #[arg(long, value_name = "NAME")]
    table: Option<String>,
}

fn period_of(env: &Env, args: &ReportArgs) -> Result<Option<Period>, Error> {
    let now = env.ctx.now();
    let day = |flag: &str, text: &str| dates::parse_date(text, now).map_err(|e| Error::invalid(flag, e));
    Ok(Some(
        match (&args.from, &args.to, &args.month, &args.quarter, &args.year) {
            (Some(from), Some(to), ..) => {
                Period::days(day("--from", from)?, day("--to", to)?).map_err(|e| Error::invalid("--to", e))?
            }
            (_, _, Some(month), _, _) => Period::month(month).map_err(|e| Error::invalid("--month", e))?,
            (_, _, _, Some(quarter), _) => Period::quarter(quarter).map_err(|e| Error::invalid("--quarter", e))?,
            (_, _, _, _, Some(year)) => Period::year(year).map_err(|e| Error::invalid("--year", e))?,
            _ => return Ok(None),
        },
    ))
}

pub fn run(env: &Env, args: ReportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if let Some(lang) = args.lang.as_deref().and_then(Lang::parse) {
        i18n::set(lang);
    }
    let request = Request {
        name: match args.name {
            ReportName::Customers => Name::Customers,
            ReportName::Quarterly => Name::Quarterly,
            ReportName::Annual => Name::Annual,
            ReportName::Visits => Name::Visits,
            ReportName::Complaints => Name::Complaints,
            ReportName::Shipments => Name::Shipments,
            ReportName::Labels => Name::Labels,
            ReportName::Staff => Name::Staff,
        },
        period: period_of(env, &args)?,
        as_of: args
            .as_of
            .as_deref()
            .map(|t| dates::parse_date(t, env.ctx.now()).map_err(|e| Error::invalid("--as-of", e)))
            .transpose()?,
        filters: Filters {
            owner: args.owner.clone(),
            center: args.center.clone(),
            class: args.class.clone(),
        },
    };
    let store = env.open(LockKind::Shared)?;
    let report = logic::build(&store, &env.ctx, &request)?;
    let mut bytes = Vec::new();
    match env.format {
        // jsonl and xlsx were refused before the report was asked for.
        Format::Table | Format::Jsonl | Format::Xlsx => render::text(&mut bytes, &report)?,
        Format::Md => render::markdown(&mut bytes, &report)?,
        Format::Html => bytes = render::html::html(&report).into_bytes(),
        Format::Json => render::json(&mut bytes, &report)?,
        Format::Csv => {
            render::csv(&mut bytes, &report, args.table.as_deref()).map_err(|e| Error::invalid("--table", e))?
        }
    }
    match &args.output {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| Error::io(path, e))?,
        None => out.write_all(&bytes)?,
    }
    Ok(())
}
