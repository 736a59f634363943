//! The command line: argument parsing (clap derive), dispatch, printing and exit codes.
//!
//! Everything here is about the terminal; the work happens in [`crate::commands`]. Exit codes:
//! 0 success, 1 failure, 2 usage error. A closed pipe (`cs customer list | head`) is not an error.

mod check;
mod complaint;
mod complete;
mod customer;
mod editor;
mod export;
mod git;
mod guide;
mod held;
mod import;
mod init;
mod label;
mod localize;
mod man;
mod prompt;
mod report;
mod shipment;
mod staff;
mod today;
mod topics;
mod visit;

pub use localize::{child_path, command, command_for_args, key_of};

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anstream::eprintln;
use anstyle::{AnsiColor, Style};
use clap::{FromArgMatches, Parser, Subcommand};
use rust_i18n::t;

use self::held::{HOLD_BACK, HeldBack};
use crate::context::Context;
use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::output::{self, Format};
use crate::store::lock::LockKind;
use crate::store::{Store, WriteLog, find_data_dir};

/// Customer service records in plain files: customers, visits, staff and centers in one data
/// directory
#[derive(Debug, Parser)]
#[command(name = "cs", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// The data directory [default: $CS_DATA_DIR, else the nearest directory upward holding
    /// cs.toml]
    #[arg(short = 'd', long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// How to print lists and records
    #[arg(long, global = true, value_enum, default_value_t = Format::Table, value_name = "FORMAT")]
    format: Format,

    /// The language of CSV headers, for people who open the file in a spreadsheet [default:
    /// the column names scripts read]
    #[arg(long, global = true, value_name = "LANG", value_parser = ["en", "zh"])]
    headers: Option<String>,

    /// Never ask questions: fail naming what is missing, as when not on a terminal
    #[arg(long, global = true)]
    no_input: bool,

    /// How long to wait for another cs working on the data directory before giving up
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = crate::store::lock::DEFAULT_WAIT_SECONDS)]
    wait: u64,

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
    /// Record and handle complaints (投诉), with service-level targets and escalation
    #[command(subcommand)]
    Complaint(complaint::ComplaintCommand),
    /// Track shipments in transit (在途跟踪) until they are delivered
    #[command(subcommand)]
    Shipment(shipment::ShipmentCommand),
    /// Import records from a spreadsheet or CSV file, checked whole before anything is written
    Import(import::ImportArgs),
    /// Write a table to CSV, JSON, JSON lines or Excel, chosen with the filters of its list
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Wine-label jobs (酒标): design, approval and production with vendors
    #[command(subcommand)]
    Label(label::LabelCommand),
    /// Reports for management: customers, visits, complaints, shipments, labels, staff, the quarter
    Report(report::ReportArgs),
    /// Today's to-do list (今日待办): visits due, complaints near their targets, late shipments, labels
    Today(today::TodayArgs),
    /// Add and list staff (kept in cs.toml)
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// Add and list distribution centers (kept in cs.toml)
    #[command(subcommand)]
    Center(staff::CenterCommand),
    /// Validate the settings and every table
    Check(check::CheckArgs),
    /// Share the data directory through git: merge driver setup
    #[command(subcommand)]
    Git(git::GitCommand),
    /// Commit, pull, check and push the data directory
    Sync(git::SyncArgs),
    /// Write manual pages for cs and every command, in English and Chinese
    Man(man::ManArgs),
    /// Print a shell completion script
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
    /// Whether questions may be asked (see [`prompt::can_ask`]).
    can_ask: bool,
    /// What the command wrote, for `[git] autocommit`.
    writes: Arc<Mutex<WriteLog>>,
    /// `[git] autocommit` as the settings said when the data directory was last opened, so
    /// that a command which wrote nothing to them need not open it again to find it off.
    autocommit: std::cell::Cell<Option<bool>>,
}

impl Env {
    fn open(&self, kind: LockKind) -> Result<Store, Error> {
        let mut store = Store::open(self.find()?, kind, &wait_notice)?;
        if let Some(first) = store.settings_problems().first() {
            let count = store.settings_problems().len();
            note(match count {
                1 => t!("settings.read_with_problems_one", first = first),
                _ => t!("settings.read_with_problems_many", count = count, first = first),
            });
        }
        store.set_cache(cache_enabled());
        store.log_writes_to(self.writes.clone());
        self.autocommit.set(store.settings().ok().map(|s| s.git.autocommit));
        Ok(store)
    }

    fn find(&self) -> Result<PathBuf, Error> {
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        find_data_dir(self.data_dir.as_deref(), &cwd)
    }
}

/// Parses the arguments, runs the command, prints, and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    match choose_language(&args) {
        Ok(lang) => i18n::set(lang),
        Err(value) => {
            let red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
            eprintln!(
                "{red}{}{red:#}{}",
                t!("cli.error"),
                t!("cli.bad_cs_lang", value = value)
            );
            return ExitCode::from(2);
        }
    }
    if let Some(code) = complete::answer_if_asked(&args) {
        return code;
    }
    let mut command = command_for_args(&args);
    let matches = match command.try_get_matches_from_mut(&args) {
        Ok(matches) => matches,
        Err(e) if e.use_stderr() => return parse_error(&e),
        Err(e) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    if let Some(("help", asked)) = matches.subcommand() {
        let path: Vec<&String> = asked.get_many::<String>("command").into_iter().flatten().collect();
        return print_help(&mut command, &path);
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return parse_error(&e.format(&mut command)),
    };
    let invocation = git::Invocation::of(&matches, &args);
    let stdout = io::stdout();
    // What a command prints is held back until it has let go of the data directory, so that
    // `cs visit list | less` left open does not keep colleagues' commands waiting; `cs sync`
    // reports its steps as they happen.
    let hold_back = if matches!(cli.command, Command::Sync(_)) {
        0
    } else {
        HOLD_BACK
    };
    let mut out = HeldBack::new(io::BufWriter::new(stdout.lock()), hold_back);
    let result = run(cli, &mut out, &invocation);
    // A command that failed may have printed what it found (`cs check`'s problems).
    let printed = out.finish();
    let result = result.and_then(|()| printed.map_err(anyhow::Error::from));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => report(&err),
    }
}

fn run(cli: Cli, out: &mut dyn Write, invocation: &git::Invocation) -> anyhow::Result<()> {
    // Read by hand rather than by clap, so that an empty CS_DATA_DIR means "unset" and
    // `cs init` can tell the flag (a directory to create) from the environment (one to use).
    let from_environment = std::env::var_os("CS_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    output::set_csv_headers(cli.headers.as_deref().and_then(Lang::parse));
    crate::store::lock::set_wait(std::time::Duration::from_secs(cli.wait));
    let env = Env {
        data_dir: cli.data_dir.clone().or(from_environment),
        data_dir_flag: cli.data_dir,
        format: cli.format,
        width: terminal_width(),
        ctx: Context::from_env()?,
        can_ask: prompt::can_ask(cli.no_input),
        writes: Arc::default(),
        autocommit: std::cell::Cell::new(None),
    };
    if cli.format.is_for_reports() && !matches!(cli.command, Command::Report(_)) {
        return Err(Error::Usage(t!("report.format_only").into_owned()).into());
    }
    if cli.format.is_for_export() && !matches!(cli.command, Command::Export(_)) {
        return Err(export::format_refused().into());
    }
    let done = match cli.command {
        Command::Init(args) => init::run(&env, args, out),
        Command::Customer(command) => customer::run(&env, command, out),
        Command::Visit(command) => visit::run(&env, command, out),
        Command::Complaint(command) => complaint::run(&env, command, out),
        Command::Shipment(command) => shipment::run(&env, command, out),
        Command::Import(args) => import::run(&env, args, out),
        Command::Export(command) => export::run(&env, command, out),
        Command::Label(command) => label::run(&env, command, out),
        Command::Report(args) => report::run(&env, args, out),
        Command::Today(args) => today::run(&env, args, out),
        Command::Staff(command) => staff::run_staff(&env, command, out),
        Command::Center(command) => staff::run_center(&env, command, out),
        Command::Check(args) => check::run(&env, args, out),
        Command::Git(command) => git::run(&env, command, out),
        Command::Sync(args) => git::run_sync(&env, args, out),
        Command::Man(args) => man::run(&env, args, out),
        Command::Completions { shell } => complete::registration(shell, out),
    };
    // Only a command that succeeded is committed; what a failed one wrote waits for `cs sync`.
    if done.is_ok() {
        git::autocommit(&env, invocation);
    }
    done
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
    eprintln!("{red}{}{red:#}{err:#}", t!("cli.error"));
    let cs_error = err.chain().find_map(|cause| cause.downcast_ref::<Error>());
    if let Some(hint) = cs_error.and_then(Error::hint) {
        eprintln!("{cyan}{}{cyan:#}{hint}", t!("cli.hint"));
    }
    if cs_error.is_some_and(Error::is_usage) {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

/// Tells the user why a command seems to hang: another `cs` holds the data directory.
/// Only on a terminal: a script running several `cs` at once expects nothing on stderr.
fn wait_notice(holder: Option<&str>) {
    if io::stderr().is_terminal() {
        match holder {
            Some(holder) => note(t!("cli.waiting_for", holder = holder)),
            None => note(t!("cli.waiting")),
        }
    }
}

/// Prints a note for people on stderr (never part of a command's output).
fn note(message: impl std::fmt::Display) {
    eprintln!("{message}");
}

/// Prints an error in the arguments, in the language spoken, and gives the usage exit code.
fn parse_error(error: &clap::Error) -> ExitCode {
    match localize::error_text(error) {
        Some(text) => {
            let red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
            eprintln!("{red}{}{red:#}{text}", t!("cli.error"));
        }
        None => {
            let _ = error.print();
        }
    }
    ExitCode::from(2)
}

/// `cs help [COMMAND]...`: the help of a command, as `--help` prints it; `cs help TOPIC` a
/// workflow's long help; `cs help topics` the list of topics, which `cs help` alone ends with.
fn print_help(command: &mut clap::Command, path: &[&String]) -> ExitCode {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if let [name] = path {
        if name.as_str() == topics::LIST {
            return exit_code(topics::write_list(&mut out));
        }
        if let Some(text) = topics::text(name) {
            return exit_code(writeln!(out, "{}", text.trim()));
        }
    }
    // Builds every subcommand's usage line (`cs visit due ...`), not only the matched one's.
    command.build();
    let mut target = command;
    for name in path {
        match target.find_subcommand_mut(name.as_str()) {
            Some(sub) => target = sub,
            None => {
                let red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
                let key = if path.len() == 1 {
                    "topic.unknown"
                } else {
                    "cli.no_such_command"
                };
                eprintln!("{red}{}{red:#}{}", t!("cli.error"), t!(key, name = name));
                return ExitCode::from(2);
            }
        }
    }
    let help = target.render_long_help().to_string();
    let mut written = write!(out, "{help}");
    if path.is_empty() {
        written = written
            .and_then(|()| writeln!(out))
            .and_then(|()| topics::write_list(&mut out));
    }
    exit_code(written)
}

/// Success, or 1 when the help could not be written (a closed pipe is success).
fn exit_code(written: io::Result<()>) -> ExitCode {
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// The language to speak: `CS_LANG`, else `lang` in the `cs.toml` of the data directory the
/// command will use, else (with no data directory, as before `cs init`) the system's locale.
/// Read before the arguments are parsed, so that `--help` and parse errors speak it too;
/// `Err` holds a `CS_LANG` that is not a language.
fn choose_language(args: &[std::ffi::OsString]) -> Result<Lang, String> {
    let cs_lang = std::env::var("CS_LANG").ok();
    if cs_lang.as_deref().is_some_and(|v| !v.trim().is_empty()) {
        return Lang::resolve(cs_lang.as_deref(), None);
    }
    let named = data_dir_argument(args).or_else(|| {
        std::env::var_os("CS_DATA_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let found = std::env::current_dir()
        .ok()
        .and_then(|cwd| find_data_dir(named.as_deref(), &cwd).ok());
    Ok(match found {
        Some(dir) => crate::model::settings::language_of(&dir).unwrap_or_default(),
        None => Lang::of_system(|name| std::env::var(name).ok()),
    })
}

/// The value of `--data-dir`/`-d` among the raw arguments, if given (before `--`).
fn data_dir_argument(args: &[std::ffi::OsString]) -> Option<PathBuf> {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--data-dir" || arg == "-d" {
            return args.next().map(|v| PathBuf::from(v.as_ref()));
        }
        if let Some(value) = arg.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(value));
        }
        if let Some(value) = arg
            .strip_prefix("-d")
            .filter(|v| !v.is_empty() && !arg.starts_with("--"))
        {
            return Some(PathBuf::from(value.trim_start_matches('=')));
        }
    }
    None
}
