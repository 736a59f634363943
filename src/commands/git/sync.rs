//! `cs sync`: commit what is pending in the data directory, pull (merging record by record),
//! check, push; and stop, saying why, wherever a person must decide.
//!
//! The caller holds the data directory's exclusive lock throughout, so no `cs` command writes
//! while git changes the files. Each step's outcome is returned for the CLI to word; nothing
//! here prints.

use std::path::Path;

use rust_i18n::t;

use super::{Repo, SetupReport, git, git_ok, setup};
use crate::commands::check;
use crate::error::{Problem, Result};
use crate::store::Store;
use crate::store::notes::{self, Note};

/// How far `cs sync` got.
#[derive(Debug, Clone, Default)]
pub struct Synced {
    /// What installing the merge driver did (it is checked on every sync).
    pub setup: Option<SetupReport>,
    /// The files committed as pending changes, relative to the data directory.
    pub committed: Vec<String>,
    /// The remote and branch synced with (`origin/main`).
    pub remote: Option<String>,
    /// Whether the pull brought anything new: also when it stopped on conflicts, for those came
    /// from the remote's new commits.
    pub pulled: bool,
    /// Records the merge settled by a rule (changed in both clones).
    pub notes: Vec<Note>,
    /// Whether the push happened.
    pub pushed: bool,
    /// Where it stopped for a person to decide, if it did.
    pub stopped: Option<Stop>,
}

/// Why `cs sync` stopped before the end.
#[derive(Debug, Clone)]
pub enum Stop {
    /// A merge is already under way (a conflict not yet resolved).
    MergeInProgress,
    /// The repository has no remote to pull from and push to.
    NoRemote,
    /// HEAD is not on a branch.
    Detached,
    /// The pull left conflicts in these files (relative to the top of the repository).
    Conflicts(Vec<String>),
    /// `cs check` found problems after the merge.
    CheckFailed(Vec<Problem>),
    /// The remote refused the push (someone pushed in between).
    PushRejected(String),
    /// A git command failed otherwise: the command and what git said.
    Git(String, String),
}

/// The current commit, for telling whether a pull changed anything.
fn head(dir: &Path) -> Result<String> {
    Ok(git(dir, &["rev-parse", "-q", "--verify", "HEAD"])?
        .stdout
        .trim()
        .to_string())
}

/// A git command's failure as a stop.
fn failed(args: &[&str], said: String) -> Stop {
    Stop::Git(format!("git {}", args.join(" ")), said)
}

/// Synchronises the data directory `store` has open (with the exclusive lock) with its git
/// remote; `exe` is this `cs`, for the merge driver, and `message` the commit message for
/// pending changes (`%{files}` is replaced by the files committed).
pub fn sync(store: &Store, exe: &Path, message: &str) -> Result<Synced> {
    let data = store.root();
    let repo = Repo::find(data)?;
    let mut synced = Synced {
        setup: Some(setup(data, exe)?),
        ..Synced::default()
    };
    let stop = |mut synced: Synced, stop: Stop| {
        synced.stopped = Some(stop);
        Ok(synced)
    };
    if git(data, &["rev-parse", "-q", "--verify", "MERGE_HEAD"])?.ok() {
        return stop(synced, Stop::MergeInProgress);
    }

    // 1. Commit what is pending in the data directory, and nothing outside it.
    git_ok(data, &["add", "-A", "--", "."])?;
    let staged = git_ok(data, &["diff", "--cached", "--name-only", "--relative", "--", "."])?;
    synced.committed = staged.stdout.lines().map(str::to_string).collect();
    if !synced.committed.is_empty() {
        let shown: Vec<&str> = synced.committed.iter().take(5).map(String::as_str).collect();
        let mut files = shown.join(", ");
        if synced.committed.len() > shown.len() {
            files.push_str(&t!("git.and_more", count = synced.committed.len() - shown.len()));
        }
        let text = message.replace("%{files}", &files);
        let args = ["commit", "--quiet", "--no-verify", "-m", &text, "--", "."];
        let ran = git(data, &args)?;
        if !ran.ok() {
            return stop(synced, failed(&args[..2], ran.said()));
        }
    }

    // 2. Where to sync with: the branch's upstream, else the only (or `origin`) remote.
    let branch = git(data, &["symbolic-ref", "--quiet", "--short", "HEAD"])?;
    if !branch.ok() {
        return stop(synced, Stop::Detached);
    }
    let branch = branch.stdout.trim().to_string();
    let configured = |key: &str| -> Result<Option<String>> {
        let ran = git(data, &["config", "--get", &format!("branch.{branch}.{key}")])?;
        Ok(ran.ok().then(|| ran.stdout.trim().to_string()))
    };
    let upstream = configured("remote")?.zip(configured("merge")?);
    let has_upstream = upstream.is_some();
    let (remote, remote_branch) = match upstream {
        Some((remote, merge)) => (remote, merge.trim_start_matches("refs/heads/").to_string()),
        None => {
            let remotes = git_ok(data, &["remote"])?.stdout;
            let remotes: Vec<&str> = remotes.lines().collect();
            let Some(remote) = remotes.iter().find(|r| **r == "origin").or(remotes.first()) else {
                return stop(synced, Stop::NoRemote);
            };
            (remote.to_string(), branch.clone())
        }
    };
    synced.remote = Some(format!("{remote}/{remote_branch}"));

    // 3. Pull, unless the remote does not have the branch yet (a new, empty remote).
    let listed = git(data, &["ls-remote", "--exit-code", "--heads", &remote, &remote_branch])?;
    match listed.code {
        Some(0) => {
            let before = head(data)?;
            let notes_before = notes::read(data)?.len();
            let args = ["pull", "--quiet", "--no-rebase", "--no-edit", &remote, &remote_branch];
            let ran = git(data, &args)?;
            if !ran.ok() {
                let unmerged = git(&repo.top, &["diff", "--name-only", "--diff-filter=U"])?;
                let files: Vec<String> = unmerged.stdout.lines().map(str::to_string).collect();
                synced.pulled = !files.is_empty();
                return stop(
                    synced,
                    if files.is_empty() {
                        failed(&args[..1], ran.said())
                    } else {
                        Stop::Conflicts(files)
                    },
                );
            }
            synced.pulled = head(data)? != before;
            synced.notes = notes::read(data)?.split_off(notes_before);
        }
        Some(2) => {}
        _ => return stop(synced, failed(&["ls-remote"], listed.said())),
    }

    // 4. Check what the merge made before anyone else gets it.
    let report = check::check(store)?;
    if !report.problems.is_empty() {
        return stop(synced, Stop::CheckFailed(report.problems));
    }

    // 5. Push, setting the upstream the first time.
    let target = format!("HEAD:refs/heads/{remote_branch}");
    let args: Vec<&str> = if has_upstream {
        vec!["push", "--quiet", &remote, &target]
    } else {
        vec!["push", "--quiet", "--set-upstream", &remote, &branch]
    };
    let ran = git(data, &args)?;
    if !ran.ok() {
        return stop(synced, Stop::PushRejected(ran.said()));
    }
    synced.pushed = true;
    Ok(synced)
}
