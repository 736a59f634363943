//! `cs shipment`: record shipments, track them, list late and stale ones, show a timeline;
//! and `cs import shipment-events`, a carrier's tracking export.

use std::borrow::Cow;
use std::io::Write;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Args, Subcommand};
use rust_i18n::t;

use super::{Env, note};
use crate::commands::shipment::{self as logic, NewEvent, NewShipment, ShipmentDetail, ShipmentFilter, ShipmentRow};
use crate::error::Error;
use crate::i18n;
use crate::model::dates;
use crate::model::shipment::{Shipment, Status, TrackEvent};
use crate::output::{self, Format, Listable};
use crate::store::lock::LockKind;
use crate::store::shipments::{EventCol, ShipmentCol};
use crate::store::table::format_time;

#[derive(Debug, Subcommand)]
pub enum ShipmentCommand {
    /// Record a shipment and print its new id
    Add(AddArgs),
    /// Record a tracking event (the shipment takes the status of its latest event)
    Track(TrackArgs),
    /// List shipments, most recently shipped first
    List(ListArgs),
    /// Show a shipment with its tracking timeline
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The customer: id, unique id prefix, or exact name
    customer: String,
    /// The carrier (a [carriers] name of cs.toml, or one of its aliases)
    #[arg(long)]
    carrier: String,
    /// The carrier's tracking number (unique per carrier)
    #[arg(long, value_name = "NO", default_value = "")]
    tracking: String,
    /// The order number
    #[arg(long, value_name = "NO", default_value = "")]
    order: String,
    /// The distribution center it goes through [default: the customer's]
    #[arg(long, value_name = "ID")]
    center: Option<String>,
    /// What it carries
    #[arg(long, default_value = "")]
    items: String,
    /// The day shipped [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    shipped: Option<String>,
    /// The day expected [default: shipped + the carrier's transit_days]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    eta: Option<String>,
}

#[derive(Debug, Args)]
pub struct TrackArgs {
    /// The shipment: its id (or a unique start of it) or its tracking number
    reference: String,
    /// The status the carrier reports (in_transit, delivered, 已签收, ...)
    #[arg(long)]
    status: String,
    /// When [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    at: Option<String>,
    /// Where
    #[arg(long, default_value = "")]
    location: String,
    /// A note
    #[arg(long, default_value = "")]
    note: String,
    /// Record it even after a final status (delivered, returned, lost)
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this status
    #[arg(long)]
    status: Option<String>,
    /// Only shipments not yet delivered, returned or lost
    #[arg(long)]
    in_transit: bool,
    /// Only shipments past their eta: still moving, or delivered after it
    #[arg(long)]
    late: bool,
    /// Only shipments still moving with no event for more than DAYS days
    #[arg(long, value_name = "DAYS")]
    stale: Option<u32>,
    /// Only this customer
    #[arg(long, value_name = "REF")]
    customer: Option<String>,
    /// Only this carrier
    #[arg(long)]
    carrier: Option<String>,
    /// Only this distribution center
    #[arg(long, value_name = "ID")]
    center: Option<String>,
    /// Only this order
    #[arg(long, value_name = "NO")]
    order: Option<String>,
    /// The day lateness and staleness are judged on [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The shipment: its id (or a unique start of it) or its tracking number
    reference: String,
}

impl ListArgs {
    /// The filter these flags ask for, shared by `shipment list` and `export shipments`.
    pub fn into_filter(self, env: &Env) -> Result<ShipmentFilter, Error> {
        Ok(ShipmentFilter {
            status: self.status.as_deref().map(status_flag).transpose()?,
            as_of: date_flag(env, "--as-of", self.as_of.as_deref())?,
            in_transit: self.in_transit,
            late: self.late,
            stale_days: self.stale,
            customer: self.customer,
            carrier: self.carrier,
            center: self.center,
            order: self.order,
        })
    }
}

fn date_flag(env: &Env, flag: &str, text: Option<&str>) -> Result<Option<NaiveDate>, Error> {
    text.map(|t| dates::parse_date(t, env.ctx.now()).map_err(|e| Error::invalid(flag, e)))
        .transpose()
}

fn time_flag(env: &Env, flag: &str, text: Option<&str>) -> Result<Option<DateTime<FixedOffset>>, Error> {
    text.map(|t| dates::parse_time(t, env.ctx.now()).map_err(|e| Error::invalid(flag, e)))
        .transpose()
}

/// A status flag: a refused value is a data error (exit 1), as an unknown carrier is.
fn status_flag(text: &str) -> Result<Status, Error> {
    text.parse().map_err(|e| Error::invalid("--status", e))
}

pub fn run(env: &Env, command: ShipmentCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        ShipmentCommand::Add(args) => {
            let new = NewShipment {
                shipped: date_flag(env, "--shipped", args.shipped.as_deref())?,
                eta: date_flag(env, "--eta", args.eta.as_deref())?,
                customer: args.customer,
                carrier: args.carrier,
                tracking: args.tracking,
                order: args.order,
                center: args.center,
                items: args.items,
            };
            let store = env.open(LockKind::Exclusive)?;
            let shipment = logic::add(&store, &env.ctx, new)?;
            writeln!(out, "{}", shipment.id)?;
        }
        ShipmentCommand::Track(args) => {
            let new = NewEvent {
                status: status_flag(&args.status)?,
                at: time_flag(env, "--at", args.at.as_deref())?,
                location: args.location,
                note: args.note,
            };
            let store = env.open(LockKind::Exclusive)?;
            let tracked = logic::track(&store, &env.ctx, &args.reference, new, args.force)?;
            let status = i18n::value_of("shipment", "status", tracked.shipment.status.as_str());
            let key = if tracked.recorded {
                "shipment.tracked"
            } else {
                "shipment.already_recorded"
            };
            note(t!(key, id = tracked.shipment.id.clone(), status = status));
            if env.format == Format::Json {
                output::write_json(out, &tracked)?;
            }
        }
        ShipmentCommand::List(args) => {
            let filter = args.into_filter(env)?;
            let store = env.open(LockKind::Shared)?;
            let rows = logic::list(&store, &env.ctx, &filter)?;
            output::list(out, env.format, &rows, env.width)?;
        }
        ShipmentCommand::Show(args) => {
            let store = env.open(LockKind::Shared)?;
            let detail = logic::show(&store, &env.ctx, &args.reference)?;
            print_detail(out, env, &detail)?;
        }
    }
    Ok(())
}

fn optional_time(time: Option<DateTime<FixedOffset>>) -> String {
    time.map(|t| format_time(&t)).unwrap_or_default()
}

/// A column of the shipment itself, as a table shows it (times to the minute).
fn shipment_cell<'a>(shipment: &'a Shipment, column: &str) -> Cow<'a, str> {
    match column {
        "delivered" => shipment
            .delivered
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
            .into(),
        other => ShipmentCol::from_name(other).map_or(Cow::Borrowed(""), |c| shipment.field(c)),
    }
}

impl Listable for ShipmentRow {
    const KIND: &'static str = "shipment";
    const TABLE_COLUMNS: &'static [&'static str] = &[
        "id",
        "customer_name",
        "carrier",
        "tracking",
        "shipped",
        "eta",
        "status",
        "days_late",
    ];
    const ALL_COLUMNS: &'static [&'static str] = &[
        "id",
        "customer",
        "customer_name",
        "order",
        "carrier",
        "tracking",
        "center",
        "items",
        "shipped",
        "eta",
        "status",
        "delivered",
        "updated",
        "days_late",
        "last_event",
    ];
    const UNWRAPPED: &'static [&'static str] = &["id", "tracking"];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "customer_name" => Cow::Borrowed(&self.customer_name),
            "days_late" => self.days_late.map(|d| d.to_string()).unwrap_or_default().into(),
            "last_event" => optional_time(self.last_event).into(),
            other => self.shipment.cell(other),
        }
    }

    fn table_cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "delivered" => shipment_cell(&self.shipment, column),
            _ => self.cell(column),
        }
    }
}

/// A shipment in a list of its own, as `customer show` gives a customer's.
impl Listable for Shipment {
    const KIND: &'static str = "shipment";
    const TABLE_COLUMNS: &'static [&'static str] =
        &["id", "carrier", "tracking", "shipped", "eta", "status", "delivered"];
    const ALL_COLUMNS: &'static [&'static str] = ShipmentCol::NAMES;
    const UNWRAPPED: &'static [&'static str] = &["id", "tracking"];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        ShipmentCol::from_name(column).map_or(Cow::Borrowed(""), |c| self.field(c))
    }

    fn table_cell(&self, column: &str) -> Cow<'_, str> {
        shipment_cell(self, column)
    }
}

impl Listable for TrackEvent {
    const KIND: &'static str = "shipment";
    const TABLE_COLUMNS: &'static [&'static str] = &["at", "status", "location", "note"];
    const ALL_COLUMNS: &'static [&'static str] = EventCol::NAMES;

    fn cell(&self, column: &str) -> Cow<'_, str> {
        EventCol::from_name(column).map_or(Cow::Borrowed(""), |c| self.field(c))
    }

    fn table_cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "at" => self.at.format("%Y-%m-%d %H:%M").to_string().into(),
            other => self.cell(other),
        }
    }
}

/// `shipment show`: the record, then its events as a timeline.
fn print_detail(out: &mut dyn Write, env: &Env, detail: &ShipmentDetail) -> anyhow::Result<()> {
    if env.format == Format::Json {
        output::write_json(out, detail)?;
        return Ok(());
    }
    output::one(out, env.format, &detail.row, env.width)?;
    if env.format == Format::Table {
        writeln!(out, "\n{}", t!("shipment.timeline", count = detail.events.len()))?;
        output::list(out, Format::Table, &detail.events, env.width)?;
    }
    Ok(())
}
