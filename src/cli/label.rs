//! `cs label`: wine-label jobs (酒标): record the request, submit designs, approve or reject
//! them, send them to vendors and receive the labels, list and show jobs.

use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rust_i18n::t;

use super::{Env, note};
use crate::commands::label::{self as logic, LabelDetail, LabelFilter, LabelRow, NewLabelJob, Step};
use crate::error::Error;
use crate::i18n;
use crate::model::dates;
use crate::model::label::{LabelEvent, LabelStatus};
use crate::output::{self, Format, Listable};
use crate::store::labels::{LabelCol, LabelEventCol};
use crate::store::lock::LockKind;

#[derive(Debug, Subcommand)]
pub enum LabelCommand {
    /// Record a customer's request for a wine label and print the new job's id
    Add(AddArgs),
    /// Submit a design (or a new version): copy its files into the job's folder
    Design(DesignArgs),
    /// Approve a submitted design (supervisor or above)
    Approve(ApproveArgs),
    /// Reject a submitted design, sending it back to be designed again (supervisor or above)
    Reject(RejectArgs),
    /// Send an approved design to a vendor (once per vendor)
    Send(VendorArgs),
    /// Record that a vendor's work came back
    Receive(VendorArgs),
    /// Close a job once every vendor sent to has delivered
    Done(DoneArgs),
    /// Add a note to a job's history, in any status
    Note(NoteArgs),
    /// List label jobs, soonest due first
    List(ListArgs),
    /// Show a job with its design files and whole history
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The customer: id, unique id prefix, or exact name
    customer: String,
    /// The order the labels are for
    #[arg(long, value_name = "NO")]
    order: String,
    /// The customer's requirements: text, colours, size, materials
    #[arg(long, value_name = "TEXT")]
    spec: String,
    /// How many labels
    #[arg(long, value_name = "N")]
    quantity: Option<String>,
    /// When the labels are needed
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    due: Option<String>,
    /// Who records it [default: $CS_USER]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct DesignArgs {
    /// The job's id, or a unique start of it
    id: String,
    /// A design file to copy into the job's folder (repeat, or give several)
    #[arg(long = "file", value_name = "PATH", required = true, num_args = 1..)]
    files: Vec<PathBuf>,
    /// What changed, for the supervisor
    #[arg(long, default_value = "")]
    note: String,
    /// Who designed it [default: $CS_USER]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The job's id, or a unique start of it
    id: String,
    /// A remark on the design
    #[arg(long, default_value = "")]
    note: String,
    /// Who approves it: a supervisor, manager or general manager [default: $CS_USER]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct RejectArgs {
    /// The job's id, or a unique start of it
    id: String,
    /// What must change
    #[arg(long)]
    reason: String,
    /// Who rejects it: a supervisor, manager or general manager [default: $CS_USER]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct VendorArgs {
    /// The job's id, or a unique start of it
    id: String,
    /// The vendor: an id or name from [[vendor]] in cs.toml
    #[arg(long, value_name = "V")]
    vendor: String,
    /// A note (what was agreed, what came back)
    #[arg(long, default_value = "")]
    note: String,
    /// Who does it [default: $CS_USER]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    /// The job's id, or a unique start of it
    id: String,
    /// A note (handed to the customer, stored)
    #[arg(long, default_value = "")]
    note: String,
    /// Who closes it [default: $CS_USER]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The job's id, or a unique start of it
    id: String,
    /// The note
    text: String,
    /// Who writes it [default: $CS_USER]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this status (requested, designed, approved, in_production, done; 待设计 and the like)
    #[arg(long)]
    status: Option<String>,
    /// Only jobs sent to this vendor
    #[arg(long, value_name = "V")]
    vendor: Option<String>,
    /// Only jobs past their due day and not done
    #[arg(long)]
    overdue: bool,
    /// The day lateness is judged at [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The job's id, or a unique start of it
    id: String,
}

impl ListArgs {
    /// The filter these flags ask for, shared by `label list` and `export labels`.
    pub fn into_filter(self, env: &Env) -> Result<LabelFilter, Error> {
        // An unknown status is a data error (exit 1) naming the flag, as an unknown vendor is.
        let status = self
            .status
            .as_deref()
            .map(str::parse::<LabelStatus>)
            .transpose()
            .map_err(|e| Error::invalid("--status", e))?;
        Ok(LabelFilter {
            as_of: date_flag(env, "--as-of", self.as_of.as_deref())?,
            status,
            vendor: self.vendor,
            overdue: self.overdue,
        })
    }
}

fn date_flag(env: &Env, flag: &str, text: Option<&str>) -> Result<Option<NaiveDate>, Error> {
    text.map(|t| dates::parse_date(t, env.ctx.now()).map_err(|e| Error::invalid(flag, e)))
        .transpose()
}

/// Takes one step on a job; a note on stderr says what it did, stdout stays empty.
fn step(env: &Env, id: String, step: Step, by: Option<String>) -> anyhow::Result<()> {
    let store = env.open(LockKind::Exclusive)?;
    let (job, event) = logic::act(&store, &env.ctx, &id, step, by.as_deref())?;
    note(t!(
        "label.step_done",
        id = job.id.clone(),
        action = i18n::value("action", event.action.as_str()),
        status = i18n::value("status", job.status.as_str())
    ));
    Ok(())
}

pub fn run(env: &Env, command: LabelCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        LabelCommand::Add(args) => {
            // Refused values are data errors (exit 1), as an unknown customer is.
            let quantity = match args.quantity.as_deref() {
                None => None,
                Some(text) => Some(
                    text.trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| Error::invalid("--quantity", t!("label.bad_quantity", value = text)))?,
                ),
            };
            let new = NewLabelJob {
                due: date_flag(env, "--due", args.due.as_deref())?,
                customer: args.customer,
                order: args.order,
                spec: args.spec,
                quantity,
                by: args.by,
            };
            let store = env.open(LockKind::Exclusive)?;
            let job = logic::add(&store, &env.ctx, new)?;
            writeln!(out, "{}", job.id)?;
        }
        LabelCommand::Design(args) => step(
            env,
            args.id,
            Step::Design {
                files: args.files,
                note: args.note,
            },
            args.by,
        )?,
        LabelCommand::Approve(args) => step(env, args.id, Step::Approve { note: args.note }, args.by)?,
        LabelCommand::Reject(args) => step(env, args.id, Step::Reject { reason: args.reason }, args.by)?,
        LabelCommand::Send(args) => step(
            env,
            args.id,
            Step::Send {
                vendor: args.vendor,
                note: args.note,
            },
            args.by,
        )?,
        LabelCommand::Receive(args) => step(
            env,
            args.id,
            Step::Receive {
                vendor: args.vendor,
                note: args.note,
            },
            args.by,
        )?,
        LabelCommand::Done(args) => step(env, args.id, Step::Done { note: args.note }, args.by)?,
        LabelCommand::Note(args) => step(env, args.id, Step::Note { text: args.text }, args.by)?,
        LabelCommand::List(args) => {
            let filter = args.into_filter(env)?;
            let store = env.open(LockKind::Shared)?;
            let rows = logic::list(&store, &env.ctx, &filter)?;
            output::list(out, env.format, &rows, env.width)?;
        }
        LabelCommand::Show(args) => {
            let store = env.open(LockKind::Shared)?;
            let detail = logic::show(&store, &args.id)?;
            print_detail(out, env, &detail)?;
        }
    }
    Ok(())
}

impl Listable for LabelRow {
    const KIND: &'static str = "label";
    const TABLE_COLUMNS: &'static [&'static str] = &[
        "id",
        "customer_name",
        "order",
        "due",
        "status",
        "designer",
        "vendors",
        "late",
    ];
    const ALL_COLUMNS: &'static [&'static str] = &[
        "id",
        "customer",
        "customer_name",
        "order",
        "spec",
        "quantity",
        "due",
        "status",
        "designer",
        "approved_by",
        "vendors",
        "files",
        "updated",
        "late_days",
    ];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "customer_name" => Cow::Borrowed(&self.customer_name),
            "late_days" => self.late_days.map(|d| d.to_string()).unwrap_or_default().into(),
            "late" => self
                .late_days
                .map(|d| t!("label.days", count = d).into_owned())
                .unwrap_or_default()
                .into(),
            other => LabelCol::from_name(other).map_or(Cow::Borrowed(""), |c| self.job.field(c)),
        }
    }
}

impl Listable for LabelEvent {
    const KIND: &'static str = "label_history";
    const TABLE_COLUMNS: &'static [&'static str] = &["at", "action", "by", "to_status", "vendor", "files", "text"];
    const ALL_COLUMNS: &'static [&'static str] = LabelEventCol::NAMES;

    fn cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "at" => self.at.format("%Y-%m-%d %H:%M").to_string().into(),
            other => LabelEventCol::from_name(other).map_or(Cow::Borrowed(""), |c| self.field(c)),
        }
    }
}

/// `label show`: the job, where its design files are, then the history as a timeline.
fn print_detail(out: &mut dyn Write, env: &Env, detail: &LabelDetail) -> anyhow::Result<()> {
    if env.format == Format::Json {
        output::write_json(out, detail)?;
        return Ok(());
    }
    let row = LabelRow {
        job: detail.job.clone(),
        customer_name: detail.customer_name.clone(),
        late_days: None,
    };
    output::one(out, env.format, &row, env.width)?;
    if env.format == Format::Table {
        writeln!(out, "\n{}", t!("label.files_heading", dir = detail.design_dir.clone()))?;
        if detail.job.files.is_empty() {
            writeln!(out, "  {}", t!("label.no_files_yet"))?;
        }
        for file in &detail.job.files {
            writeln!(out, "  {}/{file}", detail.design_dir)?;
        }
        writeln!(out, "\n{}", t!("label.history"))?;
        output::list(out, Format::Table, &detail.history, env.width)?;
    }
    Ok(())
}
