//! Shell completion that knows the data: `cs completions SHELL` prints a small script that,
//! each time the user presses Tab, asks `cs` itself for the candidates (clap_complete's
//! dynamic engine, through the `COMPLETE` variable). So completions follow the command tree of
//! the `cs` installed, offer the values of every enum flag (`--channel`, `--status`...), and
//! the staff, centers, classes, categories, carriers, vendors and surveys of the data directory
//! in use (`--data-dir` on the line, else `CS_DATA_DIR`, else the one found upward).
//!
//! Completing never writes and never fails loudly: a missing or broken data directory only
//! means fewer candidates.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

use clap::Command;
use clap_complete::env::Shells;
use clap_complete::{ArgValueCandidates, CompleteEnv, CompletionCandidate};

use super::localize::child_path;
use crate::model::settings::{Role, Settings};
use crate::model::{complaint, customer, label, shipment, visit};
use crate::store::Store;
use crate::store::lock::LockKind;

/// The variable the completion script sets when it calls `cs` back.
const VAR: &str = "COMPLETE";

/// Prints the script that registers completions for `shell` (`cs completions bash`).
pub fn registration(shell: clap_complete::Shell, out: &mut dyn Write) -> anyhow::Result<()> {
    let shells = Shells::builtins();
    let name = shell.to_string();
    let Some(completer) = shells.completer(&name) else {
        return Err(anyhow::anyhow!("{name}")); // i18n: not a message (unreachable: every Shell is built in)
    };
    completer.write_registration(VAR, "cs", "cs", &this_program(), out)?;
    Ok(())
}

/// The command the script calls back: how this `cs` was started, made absolute when it was
/// started by a relative path (`./target/debug/cs`), so that Tab works from any directory.
fn this_program() -> String {
    let started = PathBuf::from(std::env::args_os().next().unwrap_or_else(|| OsString::from("cs")));
    let path = if started.components().count() > 1 && started.is_relative() {
        std::env::current_dir().map_or(started.clone(), |cwd| cwd.join(&started))
    } else {
        started
    };
    path.to_string_lossy().into_owned()
}

/// Answers the completion script when it called (`COMPLETE=bash cs -- cs visit add ...`):
/// `Some` exit code when this run was a completion request, `None` for a normal run.
pub fn answer_if_asked(args: &[OsString]) -> Option<ExitCode> {
    std::env::var_os(VAR).filter(|v| !v.is_empty() && v != "0")?;
    // The words being completed follow the first `--`; the data directory they name is the
    // one whose staff and centers are offered.
    let words: Vec<OsString> = args
        .iter()
        .skip_while(|a| a.as_os_str() != "--")
        .skip(1)
        .cloned()
        .collect();
    let named = super::data_dir_argument(&words);
    let settings: Arc<OnceLock<Option<Settings>>> = Arc::default();
    let factory = move || with_candidates(super::command(), "cs", &Data::new(named.clone(), settings.clone()));
    let cwd = std::env::current_dir().ok();
    match CompleteEnv::with_factory(factory)
        .var(VAR)
        .try_complete(args.iter().cloned(), cwd.as_deref())
    {
        Ok(_) => Some(ExitCode::SUCCESS),
        Err(e) => {
            let _ = e.print();
            Some(ExitCode::from(2))
        }
    }
}

/// The data directory's settings, read once and only if a candidate needs them.
#[derive(Clone)]
struct Data {
    named: Option<PathBuf>,
    settings: Arc<OnceLock<Option<Settings>>>,
}

impl Data {
    fn new(named: Option<PathBuf>, settings: Arc<OnceLock<Option<Settings>>>) -> Data {
        Data { named, settings }
    }

    fn settings(&self) -> Option<&Settings> {
        self.settings.get_or_init(|| self.read()).as_ref()
    }

    fn read(&self) -> Option<Settings> {
        let named = self.named.clone().or_else(|| {
            std::env::var_os("CS_DATA_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        });
        let cwd = std::env::current_dir().ok()?;
        let dir = crate::store::find_data_dir(named.as_deref(), &cwd).ok()?;
        // Tab must not hang behind another cs writing: give up quickly instead.
        crate::store::lock::set_wait(std::time::Duration::from_secs(1));
        Store::open(dir, LockKind::Shared, &|_| {}).ok()?.settings().ok()
    }
}

/// Where the candidates of a flag come from.
enum Source {
    /// Fixed values: the English names stored in files.
    Values(Vec<&'static str>),
    /// Something listed in `cs.toml`.
    Settings(fn(&Settings) -> Vec<CompletionCandidate>),
}

/// The candidates of the flag `id` of the command at `path`, when they are known.
fn source(path: &str, id: &str) -> Option<Source> {
    let names = |all: &[&'static str]| Some(Source::Values(all.to_vec()));
    let area = path.strip_prefix("export.").unwrap_or(path);
    match id {
        "by" | "owner" | "handler" | "reports_to" => Some(Source::Settings(staff)),
        "to" if path == "complaint.escalate" => Some(Source::Settings(staff)),
        "center" => Some(Source::Settings(centers)),
        "class" => Some(Source::Settings(classes)),
        "category" => Some(Source::Settings(categories)),
        "carrier" => Some(Source::Settings(carriers)),
        "vendor" => Some(Source::Settings(vendors)),
        "survey" => Some(Source::Settings(surveys)),
        "role" => names(&Role::ALL.map(Role::as_str)),
        "purpose" => names(&visit::Purpose::ALL.map(visit::Purpose::as_str)),
        "severity" => names(&complaint::Severity::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>()),
        "channel" if area.starts_with("complaint") => {
            names(&complaint::Channel::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>())
        }
        "channel" => names(&visit::Channel::ALL.map(visit::Channel::as_str)),
        "status" if area.starts_with("customer") => names(&customer::Status::ALL.map(customer::Status::as_str)),
        "status" if area.starts_with("complaint") => {
            names(&complaint::Status::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        }
        "status" if area.starts_with("shipment") => {
            names(&shipment::Status::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        }
        "status" if area.starts_with("label") => {
            names(&label::LabelStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        }
        _ => None,
    }
}

/// The command tree with a source of candidates on every flag that has one.
fn with_candidates(mut cmd: Command, path: &str, data: &Data) -> Command {
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let Some(source) = source(path, &id) else {
            continue;
        };
        let data = data.clone();
        let candidates = ArgValueCandidates::new(move || match &source {
            Source::Values(values) => values.iter().map(CompletionCandidate::new).collect(),
            Source::Settings(list) => data.settings().map(list).unwrap_or_default(),
        });
        cmd = cmd.mut_arg(&id, |arg| arg.add(candidates));
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let child = child_path(path, &name);
        cmd = cmd.mut_subcommand(&name, |sub| with_candidates(sub, &child, data));
    }
    cmd
}

/// A candidate with the name people know it by, which zsh and fish show beside it.
fn described(value: &str, help: &str) -> CompletionCandidate {
    let candidate = CompletionCandidate::new(value.to_string());
    if help.is_empty() || help == value {
        candidate
    } else {
        candidate.help(Some(help.to_string().into()))
    }
}

fn staff(settings: &Settings) -> Vec<CompletionCandidate> {
    settings.staff.iter().map(|s| described(&s.id, &s.name)).collect()
}

fn centers(settings: &Settings) -> Vec<CompletionCandidate> {
    settings.centers.iter().map(|c| described(&c.id, &c.name)).collect()
}

fn classes(settings: &Settings) -> Vec<CompletionCandidate> {
    settings
        .classes
        .iter()
        .map(|(name, class)| described(name, &class.description))
        .collect()
}

fn categories(settings: &Settings) -> Vec<CompletionCandidate> {
    settings
        .complaints
        .categories
        .iter()
        .map(CompletionCandidate::new)
        .collect()
}

fn carriers(settings: &Settings) -> Vec<CompletionCandidate> {
    settings
        .carriers
        .iter()
        .map(|c| CompletionCandidate::new(&c.name))
        .collect()
}

fn vendors(settings: &Settings) -> Vec<CompletionCandidate> {
    settings.vendors.iter().map(|v| described(&v.id, &v.name)).collect()
}

fn surveys(settings: &Settings) -> Vec<CompletionCandidate> {
    settings.surveys.iter().map(|s| described(&s.id, &s.title)).collect()
}
