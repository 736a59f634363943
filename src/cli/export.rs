//! `cs export TABLE`: the flags of each table's `list` and where to write, handed to
//! [`crate::export`]; a note on stderr says what was written to a file.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use rust_i18n::t;

use super::{Env, complaint, customer, label, note, shipment, visit};
use crate::error::Error;
use crate::export::{self as logic, ExportFormat, Options, Selection, Target};
use crate::output::Format;
use crate::store::lock::LockKind;

/// The tables `cs export` writes, each with the filters of its `list`.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Customers (客户), as `customer list` chooses them
    Customers {
        #[command(flatten)]
        filter: customer::ListArgs,
        #[command(flatten)]
        to: OutputArgs,
    },
    /// Follow-up visits (回访), as `visit list` chooses them, newest first
    Visits {
        #[command(flatten)]
        filter: visit::ListArgs,
        #[command(flatten)]
        to: OutputArgs,
    },
    /// Complaints (投诉), as `complaint list` chooses them
    Complaints {
        #[command(flatten)]
        filter: complaint::ListArgs,
        #[command(flatten)]
        to: OutputArgs,
    },
    /// Shipments (发货), as `shipment list` chooses them
    Shipments {
        #[command(flatten)]
        filter: shipment::ListArgs,
        #[command(flatten)]
        to: OutputArgs,
    },
    /// The tracking events of the shipments `shipment list` chooses
    ShipmentEvents {
        #[command(flatten)]
        filter: shipment::ListArgs,
        #[command(flatten)]
        to: OutputArgs,
    },
    /// Wine-label jobs (酒标), as `label list` chooses them
    Labels {
        #[command(flatten)]
        filter: label::ListArgs,
        #[command(flatten)]
        to: OutputArgs,
    },
    /// The recorded changes of the customers `customer list` chooses
    CustomerHistory {
        #[command(flatten)]
        filter: customer::ListArgs,
        #[command(flatten)]
        to: OutputArgs,
    },
    /// The actions on the complaints `complaint list` chooses
    ComplaintHistory {
        #[command(flatten)]
        filter: complaint::ListArgs,
        #[command(flatten)]
        to: OutputArgs,
    },
    /// The actions on the label jobs `label list` chooses
    LabelHistory {
        #[command(flatten)]
        filter: label::ListArgs,
        #[command(flatten)]
        to: OutputArgs,
    },
}

/// Where and how an export is written, the same for every table.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write to FILE (replaced whole once everything is written) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Start the CSV with a UTF-8 byte-order mark, so that Excel shows Chinese text
    #[arg(long)]
    bom: bool,
    /// Mask personal data (phone, email, address, contact) for sharing outside the department
    #[arg(long)]
    redact: bool,
}

/// `cs export TABLE`: the records to standard output, or to `--output` with a note saying so.
pub fn run(env: &Env, command: ExportCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    use ExportCommand as C;
    let (selection, to) = match command {
        C::Customers { filter, to } => (Selection::Customers(filter.into_filter()), to),
        C::Visits { filter, to } => (Selection::Visits(filter.into_filter(env)?), to),
        C::Complaints { filter, to } => (Selection::Complaints(filter.into_filter(env)?), to),
        C::Shipments { filter, to } => (Selection::Shipments(filter.into_filter(env)?), to),
        C::ShipmentEvents { filter, to } => (Selection::ShipmentEvents(filter.into_filter(env)?), to),
        C::Labels { filter, to } => (Selection::Labels(filter.into_filter(env)?), to),
        C::CustomerHistory { filter, to } => (Selection::CustomerHistory(filter.into_filter()), to),
        C::ComplaintHistory { filter, to } => (Selection::ComplaintHistory(filter.into_filter(env)?), to),
        C::LabelHistory { filter, to } => (Selection::LabelHistory(filter.into_filter(env)?), to),
    };
    let options = Options {
        format: format(env.format, to.output.as_deref()),
        bom: to.bom,
        redact: to.redact,
    };
    // Refused before the data directory is opened: a usage error, whatever the data.
    logic::check(&options, to.output.is_some())?;
    let store = env.open(LockKind::Shared)?;
    match &to.output {
        None => {
            logic::export(&store, &env.ctx, &selection, &options, Target::Stream(out))?;
        }
        Some(path) => {
            let done = logic::export(&store, &env.ctx, &selection, &options, Target::File(path))?;
            note(t!(
                "export.written",
                count = done.records,
                table = selection.name(),
                file = path.display()
            ));
        }
    }
    Ok(())
}

/// The format to write: `--format`, else what the `--output` file's extension names, else CSV.
/// `table`, the default of every other command, means "not chosen" here.
fn format(asked: Format, output: Option<&std::path::Path>) -> ExportFormat {
    match asked {
        Format::Csv => ExportFormat::Csv,
        Format::Json => ExportFormat::Json,
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Xlsx => ExportFormat::Xlsx,
        // md and html were refused before this ran.
        Format::Table | Format::Md | Format::Html => {
            output.and_then(ExportFormat::of_path).unwrap_or(ExportFormat::Csv)
        }
    }
}

/// A refusal of a format outside `cs export`.
pub fn format_refused() -> Error {
    Error::Usage(t!("export.format_only").into_owned())
}
