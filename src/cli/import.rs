//! `cs import TABLE FILE`: parsing its arguments, the progress bar and the closing summary.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rust_i18n::t;

use super::{Env, note};
use crate::import::{self, Encoding, ImportTable, Options, Progress};
use crate::output::{self, Format};
use crate::store::lock::LockKind;

/// The tables `cs import` reads.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TableArg {
    /// Customers
    Customers,
    /// Follow-up visits
    Visits,
    /// Complaints
    Complaints,
    /// Shipments
    Shipments,
    /// A carrier's tracking export: tracking number, status, time, location, note
    ShipmentEvents,
    /// Wine-label jobs
    Labels,
}

/// The encodings a CSV file may be read in.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EncodingArg {
    /// UTF-8
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030 (GBK, GB2312), what Chinese Excel writes
    #[value(alias = "gbk", alias = "gb2312")]
    Gb18030,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds
    table: TableArg,
    /// The file: .csv, .xlsx, .xls or .ods, or - for CSV on standard input
    file: PathBuf,
    /// The sheet of a workbook [default: the first]
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// A column's field: "Header=field", or "Header=-" to leave the column out
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    maps: Vec<String>,
    /// The CSV file's encoding [default: detected]
    #[arg(long, value_enum, value_name = "ENCODING")]
    encoding: Option<EncodingArg>,
    /// Check every row and say what would be added, changed and skipped, writing nothing
    #[arg(long)]
    dry_run: bool,
    /// Update existing records from rows whose id matches
    #[arg(long)]
    update: bool,
    /// Write the good rows, and the bad ones with a reason to FILE.rejected.csv
    #[arg(long)]
    skip_invalid: bool,
    /// Record events even after a shipment's final status
    #[arg(long)]
    force: bool,
}

/// `cs import TABLE FILE`.
pub fn run(env: &Env, args: ImportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let table = match args.table {
        TableArg::Customers => ImportTable::Customers,
        TableArg::Visits => ImportTable::Visits,
        TableArg::Complaints => ImportTable::Complaints,
        TableArg::Shipments => ImportTable::Shipments,
        TableArg::ShipmentEvents => ImportTable::ShipmentEvents,
        TableArg::Labels => ImportTable::Labels,
    };
    let options = Options {
        sheet: args.sheet,
        maps: args.maps,
        encoding: args.encoding.map(|e| match e {
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::Gb18030 => Encoding::Gb18030,
        }),
        dry_run: args.dry_run,
        update: args.update,
        skip_invalid: args.skip_invalid,
        force: args.force,
    };
    let store = env.open(LockKind::Exclusive)?;
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    let mut progress = |step: Progress| match step {
        Progress::Start { size, large: true } if std::io::stderr().is_terminal() => {
            bar.set_length(size);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {percent:>3}% {elapsed_precise} {eta}") // i18n: not a message
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(200));
        }
        Progress::Start { .. } => {}
        Progress::Read(rows) => bar.set_position(rows),
        Progress::Done => bar.finish_and_clear(),
    };
    let result = import::import(&store, &env.ctx, table, &args.file, &options, &mut progress);
    bar.finish_and_clear();
    let summary = result?;
    if env.format == Format::Json {
        output::write_json(out, &summary)?;
        return Ok(());
    }
    let key = if summary.dry_run {
        "import.would_import"
    } else {
        "import.imported"
    };
    note(t!(
        key,
        added = summary.added,
        updated = summary.updated,
        skipped = summary.skipped,
        rejected = summary.rejected
    ));
    if let Some(file) = &summary.rejects_file {
        note(t!("import.rejects_written", file = file.display()));
    }
    Ok(())
}
