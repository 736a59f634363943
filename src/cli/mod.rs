//! The command line: argument parsing (clap derive), dispatch, printing and exit codes.
//!
//! Everything here is about the terminal; the work happens in [`crate::commands`]. Exit codes:
//! 0 success, 1 failure, 2 usage error. A closed pipe (`cs customer list | head`) is not an error.

mod check;
mod customer;
mod editor;
mod init;
mod staff;
mod visit;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anstream::eprintln;
use anstyle::{AnsiColor, Style};
use clap::{Parser, Subcommand};

use crate::context::Context;
use crate::error::Error;
use crate::output::Format;
use crate::store::lock::LockKind;
use crate::store::{Store, find_data_dir};

const EXAMPLES: &str = "\
Examples:
  cs init wine-co --git                 start a data directory (and a git repository)
  cs -d wine-co customer add --name 杭州西湖国宾馆 --class A --owner wang
  cs customer list --class A --search 西湖
  cs visit add 杭州西湖国宾馆 --channel phone --purpose routine --summary 补货两箱
  cs visit due --within 7               who needs a follow-up visit this week
  cs customer list --format csv > export.csv
  cs check                              validate settings and every table

The data directory is --data-dir, else $CS_DATA_DIR, else the nearest directory upward
holding cs.toml. CS_USER names the staff member at the keyboard (for --by). Set CS_NOW
(an RFC 3339 time) to run as if it were another moment.";

/// Customer service records in plain files: customers, visits, staff and centers in one data
/// directory
#[derive(Debug, Parser)]
#[command(name = "cs", version, about, long_about = None, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    /// The data directory [default: $CS_DATA_DIR, else the nearest directory upward holding
    /// cs.toml]
    #[arg(short = 'd', long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// How to print lists and records
    #[arg(long, global = true, value_enum, default_value_t = Format::Table, value_name = "FORMAT")]
    format: Format,

    #[command(subcommand)]
    command: Command,
}

// Parsed once per run, so the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Create a data directory
    Init(init::InitArgs),
    /// Add, list, show, edit and archive customers
    #[command(subcommand)]
    Customer(customer::CustomerCommand),
    /// Log follow-up visits (回访), see who is due, and survey results
    #[command(subcommand)]
    Visit(visit::VisitCommand),
    /// Add and list staff (kept in cs.toml)
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// Add and list distribution centers (kept in cs.toml)
    #[command(subcommand)]
    Center(staff::CenterCommand),
    /// Validate the settings and every table
    Check(check::CheckArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  cs completions bash > ~/.local/share/bash-completion/completions/cs\n  cs completions zsh > ~/.zfunc/_cs"
    )]
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
}

/// What every command needs: where the data is, how to print, and the clock.
struct Env {
    /// `--data-dir`, as given on the command line.
    data_dir_flag: Option<PathBuf>,
    /// `--data-dir`, else a non-empty `CS_DATA_DIR`.
    data_dir: Option<PathBuf>,
    format: Format,
    width: Option<u16>,
    ctx: Context,
}

impl Env {
    fn open(&self, kind: LockKind) -> Result<Store, Error> {
        let mut store = Store::open(self.find()?, kind, &wait_notice)?;
        store.set_cache(cache_enabled());
        Ok(store)
    }

    fn find(&self) -> Result<PathBuf, Error> {
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        find_data_dir(self.data_dir.as_deref(), &cwd)
    }
}

/// Parses the arguments, runs the command, prints, and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = run(cli, &mut out).and_then(|()| out.flush().map_err(anyhow::Error::from));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => report(&err),
    }
}

fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    // Read by hand rather than by clap, so that an empty CS_DATA_DIR means "unset" and
    // `cs init` can tell the flag (a directory to create) from the environment (one to use).
    let from_environment = std::env::var_os("CS_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let env = Env {
        data_dir: cli.data_dir.clone().or(from_environment),
        data_dir_flag: cli.data_dir,
        format: cli.format,
        width: terminal_width(),
        ctx: Context::from_env()?,
    };
    match cli.command {
        Command::Init(args) => init::run(&env, args, out),
        Command::Customer(command) => customer::run(&env, command, out),
        Command::Visit(command) => visit::run(&env, command, out),
        Command::Staff(command) => staff::run_staff(&env, command, out),
        Command::Center(command) => staff::run_center(&env, command, out),
        Command::Check(args) => check::run(&env, args, out),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "cs", out);
            Ok(())
        }
    }
}

/// Whether the index cache in `.cs/index/` is used: `CS_CACHE=off` builds every index in memory
/// and writes nothing there, to compare answers or rule the cache out.
fn cache_enabled() -> bool {
    !std::env::var("CS_CACHE")
        .is_ok_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "off" | "0" | "false" | "no"))
}

/// The width tables are fitted to: `COLUMNS` if set, else the terminal's, else unlimited
/// (output going to a file or pipe is not wrapped).
fn terminal_width() -> Option<u16> {
    let from_environment = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok());
    if let Some(columns) = from_environment.filter(|&c| c > 0) {
        return Some(columns);
    }
    if io::stdout().is_terminal() {
        return terminal_size::terminal_size().map(|(w, _)| w.0);
    }
    None
}

/// Prints the error and a hint on stderr and picks the exit code.
fn report(err: &anyhow::Error) -> ExitCode {
    // A reader that stopped reading (`cs visit list | head`) is not an error, whether the
    // write failed in the printer or while the library handed records to it.
    let broken_pipe = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    if err.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(broken_pipe)
            || matches!(cause.downcast_ref::<Error>(), Some(Error::Io { error, .. }) if broken_pipe(error))
    }) {
        return ExitCode::SUCCESS;
    }
    let red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let cyan = Style::new().bold().fg_color(Some(AnsiColor::Cyan.into()));
    eprintln!("{red}error:{red:#} {err:#}");
    let cs_error = err.chain().find_map(|cause| cause.downcast_ref::<Error>());
    if let Some(hint) = cs_error.and_then(Error::hint) {
        eprintln!("{cyan}hint:{cyan:#} {hint}");
    }
    if cs_error.is_some_and(Error::is_usage) {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

/// Tells the user why a command seems to hang: another `cs` holds the data directory.
/// Only on a terminal: a script running several `cs` at once expects nothing on stderr.
fn wait_notice() {
    if io::stderr().is_terminal() {
        note("waiting for another cs command to finish with this data directory...");
    }
}

/// Prints a note for people on stderr (never part of a command's output).
fn note(message: impl std::fmt::Display) {
    eprintln!("{message}");
}
