//! `cs complaint`: record complaints, take each step of their handling, list and show them.

use std::borrow::Cow;
use std::io::Write;

use chrono::{DateTime, FixedOffset};
use clap::{Args, Subcommand};
use rust_i18n::t;

use super::{Env, note};
use crate::commands::complaint::{self as logic, ComplaintDetail, ComplaintFilter, ComplaintRow, NewComplaint, Step};
use crate::error::Error;
use crate::i18n;
use crate::model::complaint::{Channel, Complaint, Event, Severity, Status};
use crate::model::dates;
use crate::output::{self, Format, Listable};
use crate::store::lock::LockKind;
use crate::store::table::format_time;

#[derive(Debug, Subcommand)]
pub enum ComplaintCommand {
    /// Record a complaint and print its new id
    Add(AddArgs),
    /// Record the first response to the customer
    Ack(AckArgs),
    /// Add a note to the history
    Note(NoteArgs),
    /// Wait on the customer (the service-level clocks stop)
    Wait(WaitArgs),
    /// Stop waiting on the customer
    Resume(RefArgs),
    /// Hand a complaint to the handler's superior, or every complaint in breach with --overdue
    Escalate(EscalateArgs),
    /// Record the decision communicated to the customer
    Resolve(ResolveArgs),
    /// Close a resolved complaint, or reopen it if the customer did not accept the decision
    Close(CloseArgs),
    /// Open a resolved or closed complaint again
    Reopen(ReopenArgs),
    /// List complaints, newest first
    List(ListArgs),
    /// Show a complaint with its whole history
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The complaint's id, or a unique start of it
    id: String,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The customer: id, unique id prefix, or exact name
    customer: String,
    /// The category (a [complaints] category in cs.toml; 质量 and the like work too)
    #[arg(long)]
    category: String,
    /// critical, high, medium or low (紧急, 高, 中, 低)
    #[arg(long)]
    severity: String,
    /// What the customer complains of
    #[arg(long, short = 'm')]
    summary: String,
    /// When it was received [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    received: Option<String>,
    /// phone, sms, onsite, email, wechat, letter or other [default: phone]
    #[arg(long, short = 'c')]
    channel: Option<String>,
    /// What the customer asks for
    #[arg(long, default_value = "")]
    remedy: String,
    /// The order it concerns
    #[arg(long, value_name = "NO", default_value = "")]
    order: String,
    /// The shipment it concerns
    #[arg(long, value_name = "ID", default_value = "")]
    shipment: String,
    /// Who handles it [default: the customer's owner]
    #[arg(long, value_name = "STAFF")]
    handler: Option<String>,
    /// Who records it [default: $CS_USER, else the handler]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct RefArgs {
    /// The complaint's id, or a unique start of it
    id: String,
    /// Who does it [default: $CS_USER, else the handler]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct AckArgs {
    /// The complaint's id, or a unique start of it
    id: String,
    /// When the customer was answered [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    at: Option<String>,
    /// What was said
    #[arg(long, default_value = "")]
    note: String,
    /// Who answered [default: $CS_USER, else the handler]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The complaint's id, or a unique start of it
    id: String,
    /// The note
    text: String,
    /// Who writes it [default: $CS_USER, else the handler]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// The complaint's id, or a unique start of it
    id: String,
    /// What the customer is to do
    #[arg(long)]
    reason: String,
    /// Who records it [default: $CS_USER, else the handler]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct EscalateArgs {
    /// The complaint's id, or a unique start of it (not with --overdue)
    #[arg(required_unless_present = "overdue", conflicts_with = "overdue")]
    id: Option<String>,
    /// To whom [default: the handler's superior]
    #[arg(long, value_name = "STAFF")]
    to: Option<String>,
    /// Why
    #[arg(long, default_value = "")]
    reason: String,
    /// Escalate every open complaint in breach of its service levels, once per breach
    #[arg(long)]
    overdue: bool,
    /// The moment breaches are judged at, with --overdue [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    as_of: Option<String>,
    /// Say what --overdue would escalate, changing nothing
    #[arg(long)]
    dry_run: bool,
    /// Who escalates [default: $CS_USER, else the handler]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The complaint's id, or a unique start of it
    id: String,
    /// The decision communicated to the customer
    #[arg(long)]
    resolution: String,
    /// Why it happened
    #[arg(long, default_value = "")]
    root_cause: String,
    /// When it was resolved [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    at: Option<String>,
    /// Who resolved it [default: $CS_USER, else the handler]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The complaint's id, or a unique start of it
    id: String,
    /// The customer's satisfaction with the handling, 1 to 5
    #[arg(long)]
    score: Option<u8>,
    /// Whether the customer accepted the decision (no: it is handled again)
    #[arg(long, value_name = "yes|no", default_value = "yes", value_parser = ["yes", "no"])]
    accepted: String,
    /// Who closes it [default: $CS_USER, else the handler]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReopenArgs {
    /// The complaint's id, or a unique start of it
    id: String,
    /// Why
    #[arg(long)]
    reason: String,
    /// Who reopens it [default: $CS_USER, else the handler]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this status
    #[arg(long)]
    status: Option<Status>,
    /// Only this handler
    #[arg(long, value_name = "STAFF")]
    handler: Option<String>,
    /// Only this customer
    #[arg(long, value_name = "REF")]
    customer: Option<String>,
    /// Only this category
    #[arg(long)]
    category: Option<String>,
    /// Only this severity
    #[arg(long)]
    severity: Option<Severity>,
    /// Only complaints whose response or resolution is (or was) late
    #[arg(long)]
    overdue: bool,
    /// The moment lateness is judged at [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    as_of: Option<String>,
}

impl ListArgs {
    /// The filter these flags ask for, shared by `complaint list` and `export complaints`.
    pub fn into_filter(self, env: &Env) -> Result<ComplaintFilter, Error> {
        Ok(ComplaintFilter {
            as_of: time_flag(env, "--as-of", self.as_of.as_deref())?,
            status: self.status,
            handler: self.handler,
            customer: self.customer,
            category: self.category,
            severity: self.severity,
            overdue: self.overdue,
        })
    }
}

fn time_flag(env: &Env, flag: &str, text: Option<&str>) -> Result<Option<DateTime<FixedOffset>>, Error> {
    text.map(|t| dates::parse_time(t, env.ctx.now()).map_err(|e| Error::invalid(flag, e)))
        .transpose()
}

pub fn run(env: &Env, command: ComplaintCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let step = |id: String, step: Step, by: Option<String>, out: &mut dyn Write| -> anyhow::Result<()> {
        let store = env.open(LockKind::Exclusive)?;
        let (complaint, event) = logic::act(&store, &env.ctx, &id, step, by.as_deref())?;
        note(t!(
            "complaint.done",
            id = complaint.id.clone(),
            action = i18n::value("action", event.action.as_str()),
            status = i18n::value("status", complaint.status.as_str()),
            handler = complaint.handler.clone()
        ));
        let _ = out;
        Ok(())
    };
    match command {
        ComplaintCommand::Add(args) => {
            // Refused values are data errors (exit 1), as an unknown category or customer is.
            let severity: Severity = args.severity.parse().map_err(|e| Error::invalid("--severity", e))?;
            let channel: Option<Channel> = args
                .channel
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|e| Error::invalid("--channel", e))?;
            let new = NewComplaint {
                received: time_flag(env, "--received", args.received.as_deref())?,
                customer: args.customer,
                category: args.category,
                severity: Some(severity),
                summary: args.summary,
                channel,
                remedy: args.remedy,
                order: args.order,
                shipment: args.shipment,
                handler: args.handler,
                by: args.by,
            };
            let store = env.open(LockKind::Exclusive)?;
            let complaint = logic::add(&store, &env.ctx, new)?;
            writeln!(out, "{}", complaint.id)?;
        }
        ComplaintCommand::Ack(args) => {
            let at = time_flag(env, "--at", args.at.as_deref())?;
            step(args.id, Step::Ack { at, note: args.note }, args.by, out)?;
        }
        ComplaintCommand::Note(args) => step(args.id, Step::Note { text: args.text }, args.by, out)?,
        ComplaintCommand::Wait(args) => step(args.id, Step::Wait { reason: args.reason }, args.by, out)?,
        ComplaintCommand::Resume(args) => step(args.id, Step::Resume, args.by, out)?,
        ComplaintCommand::Escalate(args) if args.overdue => {
            let as_of = time_flag(env, "--as-of", args.as_of.as_deref())?;
            let store = env.open(LockKind::Exclusive)?;
            let done = logic::overdue::escalate_overdue(&store, &env.ctx, as_of, args.dry_run)?;
            match env.format {
                Format::Json => output::write_json(out, &done)?,
                _ => {
                    for escalation in &done {
                        let key = match (args.dry_run, escalation.to.is_empty()) {
                            (_, true) => "complaint.escalate_top",
                            (true, false) => "complaint.would_escalate",
                            (false, false) => "complaint.escalated",
                        };
                        writeln!(
                            out,
                            "{}",
                            t!(
                                key,
                                id = escalation.complaint.clone(),
                                from = escalation.from.clone(),
                                to = escalation.to.clone(),
                                late = hours(escalation.late_minutes)
                            )
                        )?;
                    }
                    let count = done.iter().filter(|e| !e.to.is_empty()).count();
                    note(if args.dry_run {
                        t!("complaint.would_escalate_count", count = count)
                    } else {
                        t!("complaint.escalated_count", count = count)
                    });
                }
            }
        }
        ComplaintCommand::Escalate(args) => {
            let id = args.id.unwrap_or_default();
            step(
                id,
                Step::Escalate {
                    to: args.to,
                    reason: args.reason,
                },
                args.by,
                out,
            )?
        }
        ComplaintCommand::Resolve(args) => {
            let at = time_flag(env, "--at", args.at.as_deref())?;
            let step_taken = Step::Resolve {
                resolution: args.resolution,
                root_cause: args.root_cause,
                at,
            };
            step(args.id, step_taken, args.by, out)?
        }
        ComplaintCommand::Close(args) => {
            let accepted = args.accepted == "yes";
            step(
                args.id,
                Step::Close {
                    score: args.score,
                    accepted,
                },
                args.by,
                out,
            )?
        }
        ComplaintCommand::Reopen(args) => step(args.id, Step::Reopen { reason: args.reason }, args.by, out)?,
        ComplaintCommand::List(args) => {
            let filter = args.into_filter(env)?;
            let store = env.open(LockKind::Shared)?;
            let rows = logic::list(&store, &env.ctx, &filter)?;
            output::list(out, env.format, &rows, env.width)?;
        }
        ComplaintCommand::Show(args) => {
            let store = env.open(LockKind::Shared)?;
            let detail = logic::show(&store, &env.ctx, &args.id)?;
            print_detail(out, env, &detail)?;
        }
    }
    Ok(())
}

/// Minutes as hours and minutes: `26h05m`.
fn hours(minutes: i64) -> String {
    format!("{}h{:02}m", minutes / 60, minutes % 60)
}

fn optional_time(time: Option<DateTime<FixedOffset>>) -> String {
    time.map(|t| format_time(&t)).unwrap_or_default()
}

impl Listable for ComplaintRow {
    const KIND: &'static str = "complaint";
    const TABLE_COLUMNS: &'static [&'static str] = &[
        "id",
        "customer_name",
        "received",
        "category",
        "severity",
        "status",
        "handler",
        "level",
        "late",
    ];
    const ALL_COLUMNS: &'static [&'static str] = &[
        "id",
        "customer",
        "customer_name",
        "received",
        "channel",
        "category",
        "severity",
        "summary",
        "remedy_sought",
        "handler",
        "status",
        "level",
        "responded",
        "resolved",
        "resolution",
        "root_cause",
        "score",
        "reopened",
        "closed",
        "order",
        "shipment",
        "updated",
        "respond_due",
        "resolve_due",
        "late_minutes",
    ];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "customer_name" => Cow::Borrowed(&self.customer_name),
            "respond_due" => optional_time(self.sla.respond_due).into(),
            "resolve_due" => optional_time(self.sla.resolve_due).into(),
            "late_minutes" => self
                .sla
                .late_minutes()
                .map(|m| m.to_string())
                .unwrap_or_default()
                .into(),
            "late" => self.sla.late_minutes().map(hours).unwrap_or_default().into(),
            other => complaint_cell(&self.complaint, other),
        }
    }
}

/// A column of the complaint itself.
fn complaint_cell<'a>(complaint: &'a Complaint, column: &str) -> Cow<'a, str> {
    use crate::store::complaints::ComplaintCol;
    match column {
        "received" => complaint.received.format("%Y-%m-%d %H:%M").to_string().into(),
        other => ComplaintCol::from_name(other).map_or(Cow::Borrowed(""), |c| complaint.field(c)),
    }
}

/// A complaint in a list of its own, as `customer show` gives a customer's.
impl Listable for Complaint {
    const KIND: &'static str = "complaint";
    const TABLE_COLUMNS: &'static [&'static str] =
        &["id", "received", "category", "severity", "status", "handler", "summary"];
    const ALL_COLUMNS: &'static [&'static str] = crate::store::complaints::ComplaintCol::NAMES;

    fn cell(&self, column: &str) -> Cow<'_, str> {
        complaint_cell(self, column)
    }
}

impl Listable for Event {
    const KIND: &'static str = "history";
    const TABLE_COLUMNS: &'static [&'static str] = &["at", "action", "by", "to_status", "to_handler", "text"];
    const ALL_COLUMNS: &'static [&'static str] = &[
        "complaint",
        "at",
        "by",
        "action",
        "from_status",
        "to_status",
        "from_handler",
        "to_handler",
        "text",
    ];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        use crate::store::complaints::EventCol;
        match column {
            "at" => self.at.format("%Y-%m-%d %H:%M").to_string().into(),
            other => EventCol::from_name(other).map_or(Cow::Borrowed(""), |c| self.field(c)),
        }
    }
}

/// `complaint show`: the record and its service levels, then the history as a timeline.
fn print_detail(out: &mut dyn Write, env: &Env, detail: &ComplaintDetail) -> anyhow::Result<()> {
    if env.format == Format::Json {
        output::write_json(out, detail)?;
        return Ok(());
    }
    let row = ComplaintRow {
        complaint: detail.complaint.clone(),
        customer_name: detail.customer_name.clone(),
        sla: detail.sla.clone(),
    };
    output::one(out, env.format, &row, env.width)?;
    if env.format == Format::Table {
        writeln!(out, "\n{}", t!("complaint.history"))?;
        output::list(out, Format::Table, &detail.history, env.width)?;
    }
    Ok(())
}
