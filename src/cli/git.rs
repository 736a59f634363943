//! `cs git setup`, `cs git merge-driver` (run by git), `cs sync`, and the commit that
//! `[git] autocommit = true` makes after each command that changed data.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{ArgMatches, Args, Subcommand};
use rust_i18n::t;

use super::{Env, note};
use crate::commands::git::sync::{self, Stop};
use crate::commands::git::{self, SetupReport, rule_text};
use crate::error::Error;
use crate::store::Store;
use crate::store::lock::LockKind;
use crate::store::notes::NOTES_FILE;
use crate::store::table::format_time;

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Make git merge the tables of this clone record by record
    Setup,
    /// Merge one table file for git (git runs this; see `cs git setup`)
    #[command(hide = true)]
    MergeDriver(MergeDriverArgs),
}

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (%O)
    base: PathBuf,
    /// Our version, replaced by the merged file (%A)
    ours: PathBuf,
    /// Their version (%B)
    theirs: PathBuf,
    /// The file's path in the working tree (%P)
    path: PathBuf,
}

/// Commit, pull, check and push the data directory
#[derive(Debug, Args)]
pub struct SyncArgs {}

/// This `cs` program, for git to run as the merge driver.
fn this_program() -> anyhow::Result<PathBuf> {
    Ok(std::env::current_exe().map_err(|e| Error::io("cs", e))?)
}

/// `cs git setup` without its report, for `cs init --git`.
pub fn setup_quietly(dir: &std::path::Path) -> anyhow::Result<()> {
    git::setup(dir, &this_program()?)?;
    Ok(())
}

pub fn run(env: &Env, command: GitCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        GitCommand::Setup => {
            let report = git::setup(&env.find()?, &this_program()?)?;
            print_setup(&report, true, out)?;
            Ok(())
        }
        GitCommand::MergeDriver(args) => merge_driver(env, args),
    }
}

/// What setup did, a line per change (and that nothing changed, when `always`).
fn print_setup(report: &SetupReport, always: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    if report.config_changed {
        writeln!(out, "{}", t!("git.setup.driver_installed", driver = report.driver))?;
    } else if always {
        writeln!(out, "{}", t!("git.setup.driver_present", driver = report.driver))?;
    }
    if report.attributes_changed {
        writeln!(
            out,
            "{}",
            t!("git.setup.attributes_written", file = report.attributes.display())
        )?;
    } else if always {
        writeln!(
            out,
            "{}",
            t!("git.setup.attributes_present", file = report.attributes.display())
        )?;
    }
    if report.gitattributes_changed {
        writeln!(out, "{}", t!("git.setup.gitattributes_written"))?;
    }
    if always {
        writeln!(out, "{}", t!("git.setup.done"))?;
    }
    Ok(())
}

/// Git's merge driver: merges one file, tells on stderr what it settled, and fails when it left
/// conflicts so that git reports them.
fn merge_driver(env: &Env, args: MergeDriverArgs) -> anyhow::Result<()> {
    let merged_at = format_time(&env.ctx.now());
    let driven = git::merge_driver(&args.base, &args.ours, &args.theirs, &args.path, &merged_at)?;
    for settled in &driven.settled {
        note(t!(
            "git.driver.settled",
            file = driven.file,
            id = settled.id,
            rule = rule_text(settled.rule),
            notes = NOTES_FILE
        ));
    }
    if driven.line_merge {
        note(t!("git.driver.line_merge", file = driven.file));
    }
    if driven.conflicts > 0 {
        return Err(Error::External(
            t!("git.driver.conflicts", file = driven.file, count = driven.conflicts).into_owned(),
        )
        .into());
    }
    Ok(())
}

pub fn run_sync(env: &Env, _args: SyncArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = Store::open_unvalidated(env.find()?, LockKind::Exclusive, &super::wait_notice)?;
    let message = t!("git.sync.commit_message");
    let synced = sync::sync(&store, &this_program()?, &message)?;
    if let Some(report) = &synced.setup {
        print_setup(report, false, out)?;
    }
    if !synced.committed.is_empty() {
        writeln!(out, "{}", t!("git.sync.committed", count = synced.committed.len()))?;
    }
    if let Some(remote) = &synced.remote {
        // A pull that stopped on conflicts fetched new commits but merged nothing yet.
        let key = if matches!(synced.stopped, Some(Stop::Conflicts(_))) {
            "git.sync.fetched_conflicting"
        } else if synced.pulled {
            "git.sync.pulled"
        } else {
            "git.sync.up_to_date"
        };
        if synced.pushed || synced.pulled || !matches!(synced.stopped, Some(Stop::Git(..))) {
            writeln!(out, "{}", t!(key, remote = remote))?;
        }
    }
    for n in &synced.notes {
        writeln!(
            out,
            "{}",
            t!(
                "git.sync.note",
                file = n.file,
                id = n.id,
                rule = rule_text(n.rule),
                notes = NOTES_FILE
            )
        )?;
    }
    let Some(stopped) = synced.stopped else {
        writeln!(
            out,
            "{}",
            t!("git.sync.pushed", remote = synced.remote.unwrap_or_default())
        )?;
        return Ok(());
    };
    out.flush()?;
    let message = match stopped {
        Stop::MergeInProgress => t!("git.sync.stop.merge_in_progress").into_owned(),
        Stop::NoRemote => t!("git.sync.stop.no_remote").into_owned(),
        Stop::Detached => t!("git.sync.stop.detached").into_owned(),
        Stop::Conflicts(files) => t!("git.sync.stop.conflicts", files = files.join("\n  ")).into_owned(),
        Stop::CheckFailed(problems) => {
            let list: Vec<String> = problems.iter().take(10).map(ToString::to_string).collect();
            t!(
                "git.sync.stop.check",
                count = problems.len(),
                problems = list.join("\n  ")
            )
            .into_owned()
        }
        Stop::PushRejected(said) => t!("git.sync.stop.push_rejected", said = said).into_owned(),
        Stop::Git(command, said) => t!("git.failed", command = command, said = said).into_owned(),
    };
    Err(Error::External(message).into())
}

/// A command as typed, for the message of the commit `[git] autocommit` makes.
#[derive(Debug, Clone, Default)]
pub struct Invocation {
    /// The subcommands (`visit`, `add`).
    path: Vec<String>,
    /// The arguments after them, without the options every command takes.
    rest: Vec<String>,
}

impl Invocation {
    /// The command that `matches` were parsed from `args` (the program's name first).
    pub fn of(matches: &ArgMatches, args: &[OsString]) -> Invocation {
        let mut path = Vec::new();
        let mut at = matches;
        while let Some((name, sub)) = at.subcommand() {
            path.push(name.to_string());
            at = sub;
        }
        let mut rest = Vec::new();
        let (mut matched, mut skip_value) = (0, false);
        for arg in args.iter().skip(1).map(|a| a.to_string_lossy().into_owned()) {
            if skip_value {
                skip_value = false;
                continue;
            }
            // i18n: not a message (the options every command takes)
            if ["-d", "--data-dir", "--format", "--headers"].contains(&arg.as_str()) {
                skip_value = true;
                continue;
            }
            let global = ["--data-dir=", "--format=", "--headers="]
                .iter()
                .any(|p| arg.starts_with(p))
                || arg == "--no-input"
                || (arg.starts_with("-d") && !arg.starts_with("--"));
            if global {
                continue;
            }
            if matched < path.len() && arg == path[matched] {
                matched += 1;
                continue;
            }
            rest.push(if arg.contains(char::is_whitespace) || arg.is_empty() {
                format!("\"{arg}\"")
            } else {
                arg
            });
        }
        Invocation { path, rest }
    }

    /// `visit add V-3KX9: 张三酒行 --channel phone`: the command, the records it wrote (the
    /// first three) and what was typed.
    fn message(&self, ids: &[String]) -> String {
        let mut unique: Vec<&String> = Vec::new();
        for id in ids {
            if !unique.contains(&id) {
                unique.push(id);
            }
            if unique.len() > 3 {
                break;
            }
        }
        let mut subject = self.path.join(" ");
        if !unique.is_empty() {
            let shown: Vec<&str> = unique.iter().take(3).map(|s| s.as_str()).collect();
            subject.push(' ');
            subject.push_str(&shown.join(", "));
            let total = ids.iter().collect::<std::collections::HashSet<_>>().len();
            if total > shown.len() {
                subject.push_str(&format!(" +{}", total - shown.len()));
            }
        }
        if !self.rest.is_empty() {
            let mut typed = self.rest.join(" ");
            if typed.chars().count() > 72 {
                typed = typed.chars().take(71).collect::<String>() + "…";
            }
            subject.push_str(": ");
            subject.push_str(&typed);
        }
        subject
    }
}

/// After a command that wrote data, with `[git] autocommit = true`: commits exactly what it
/// wrote. A failure (no git, not a repository, no identity) is a warning: the data is written.
pub fn autocommit(env: &Env, command: &Invocation) {
    let log = std::mem::take(&mut *env.writes.lock().unwrap_or_else(|e| e.into_inner()));
    if log.files.is_empty() {
        return;
    }
    let settings_written = log
        .files
        .iter()
        .any(|f| f == Path::new(crate::model::settings::SETTINGS_FILE));
    if env.autocommit.get() == Some(false) && !settings_written {
        return;
    }
    // The lock, so that no other `cs` writes while the files are committed.
    let Ok(store) = env.open(LockKind::Exclusive) else {
        return;
    };
    if !store.settings().is_ok_and(|s| s.git.autocommit) {
        return;
    }
    let message = command.message(&log.ids);
    if let Err(e) = git::autocommit(store.root(), &log.files, &message) {
        note(t!("git.autocommit_failed", error = e));
    }
}
