//! `cs git setup`, the merge driver git runs, and `[git] autocommit`: `cs` working with the git
//! repository that holds a data directory, by running the `git` program.
//!
//! The shared `.gitattributes` asks for union merges, which never conflict on appends and are
//! what a clone without `cs git setup` gets. `setup` adds, in the clone's own (never committed)
//! `.git/info/attributes`, which wins over `.gitattributes`, `merge=cs` for every table file,
//! and defines that driver in `.git/config` as this very `cs` program by its absolute path, so
//! git needs no `cs` on its PATH. Nothing here prints or exits; the CLI words the results.

pub mod sync;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_i18n::t;

use crate::error::{Error, Result};
use crate::model::settings::SETTINGS_FILE;
use crate::store::TABLES;
use crate::store::journal::replace_file;
use crate::store::merge::{self, Rule, Settled};
use crate::store::notes;
use crate::store::table::Partition;

/// The merge driver's name in git's configuration and attributes.
pub const DRIVER: &str = "cs";

/// What a git command did.
#[derive(Debug, Clone)]
pub struct Ran {
    /// Its exit code (`None` when a signal ended it).
    pub code: Option<i32>,
    /// What it printed, as text.
    pub stdout: String,
    /// What it printed on stderr, as text.
    pub stderr: String,
}

impl Ran {
    /// Whether it succeeded.
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    /// Its output on stderr, else stdout, trimmed: what to show when it failed.
    pub fn said(&self) -> String {
        let text = if self.stderr.trim().is_empty() {
            &self.stdout
        } else {
            &self.stderr
        };
        text.trim().to_string()
    }
}

/// Runs `git ARGS` in `dir`; an error only when git cannot be started at all.
pub fn git<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Result<Ran> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| Error::External(t!("git.missing", error = e).into_owned()))?;
    Ok(Ran {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

/// Runs `git ARGS` in `dir`, turning a failure into an error that names the command.
pub fn git_ok<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Result<Ran> {
    let ran = git(dir, args)?;
    if ran.ok() {
        return Ok(ran);
    }
    let command: Vec<String> = args.iter().map(|a| a.as_ref().to_string_lossy().into_owned()).collect();
    Err(Error::External(
        t!("git.failed", command = command.join(" "), said = ran.said()).into_owned(),
    ))
}

/// The git repository holding a data directory.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The top of the working tree.
    pub top: PathBuf,
    /// The data directory, as given.
    pub data: PathBuf,
    /// The data directory relative to `top`, with `/` after each folder (empty at the top).
    pub prefix: String,
}

impl Repo {
    /// The repository the data directory `data` is in; an error saying what to do when it is
    /// in none.
    pub fn find(data: &Path) -> Result<Repo> {
        let ran = git(data, &["rev-parse", "--show-toplevel"])?;
        if !ran.ok() {
            return Err(Error::External(t!("git.not_a_repo", dir = data.display()).into_owned()));
        }
        let top = PathBuf::from(ran.stdout.trim());
        let canonical = |p: &Path| fs::canonicalize(p).map_err(|e| Error::io(p, e));
        let (top_real, data_real) = (canonical(&top)?, canonical(data)?);
        let prefix: String = data_real
            .strip_prefix(&top_real)
            .map(|rest| {
                rest.components()
                    .map(|c| format!("{}/", c.as_os_str().to_string_lossy()))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Repo {
            top,
            data: data.to_path_buf(),
            prefix,
        })
    }

    /// A file of git's own directory (`info/attributes`), as a path usable from here.
    fn git_path(&self, name: &str) -> Result<PathBuf> {
        let ran = git_ok(&self.data, &["rev-parse", "--git-path", name])?;
        Ok(self.data.join(ran.stdout.trim()))
    }
}

/// What `cs git setup` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupReport {
    /// The command git runs to merge a table file.
    pub driver: String,
    /// Whether `.git/config` was changed (else the driver was already installed).
    pub config_changed: bool,
    /// The clone's own attributes file.
    pub attributes: PathBuf,
    /// Whether that file was changed.
    pub attributes_changed: bool,
    /// Whether the data directory's `.gitattributes` was written (it lacked the union line).
    pub gitattributes_changed: bool,
}

/// The first line of the block `setup` keeps in the clone's attributes file.
fn block_start(prefix: &str) -> String {
    // i18n: not a message (a line of git's attributes file)
    format!("# cs git setup: record-level merges of the tables in /{prefix} (begin)")
}

/// The last line of that block.
// i18n: not a message (a line of git's attributes file)
const BLOCK_END: &str = "# cs git setup (end)";

/// The attribute lines that send every table file of the data directory at `prefix` to the
/// driver.
fn attribute_lines(prefix: &str) -> Vec<String> {
    TABLES
        .iter()
        .map(|table| {
            let pattern = match table.partition {
                Partition::Single => format!("/{prefix}{}.csv", table.name),
                Partition::Monthly => format!("/{prefix}{}/*.csv", table.name),
            };
            // git reads a pattern that starts with a double quote as a C-style string.
            let pattern = if pattern.contains(|c: char| c.is_whitespace() || c == '"' || c == '\\') {
                format!("\"{}\"", pattern.replace('\\', "\\\\").replace('"', "\\\""))
            } else {
                pattern
            };
            format!("{pattern} merge={DRIVER}")
        })
        .collect()
}

/// `text` with the block for `prefix` replaced by `lines` (or added at the end).
fn with_block(text: &str, prefix: &str, lines: &[String]) -> String {
    let start = block_start(prefix);
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line == start {
            inside = true;
        } else if inside && line == BLOCK_END {
            inside = false;
        } else if !inside {
            out.push(line.to_string());
        }
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    if !out.is_empty() {
        out.push(String::new());
    }
    out.push(start);
    out.extend(lines.iter().cloned());
    out.push(BLOCK_END.to_string());
    out.join("\n") + "\n"
}

/// Quotes a path for the shell git runs the driver with.
fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ':' | '@' | ','));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Installs the record-level merge driver in the clone holding the data directory `data`:
/// `merge.cs.*` in its `.git/config` running `exe` (this `cs`), `merge=cs` for the table files
/// in its `.git/info/attributes`, and the union line in the data directory's `.gitattributes`
/// if it lacks one. Running it again changes nothing unless `cs` moved.
pub fn setup(data: &Path, exe: &Path) -> Result<SetupReport> {
    let repo = Repo::find(data)?;
    // i18n: not a message (the command git runs)
    let driver = format!("{} git merge-driver %O %A %B %P", shell_quote(&exe.to_string_lossy()));
    let key = format!("merge.{DRIVER}.driver");
    let current = git(data, &["config", "--local", "--get", &key])?;
    let config_changed = current.stdout.trim_end_matches('\n') != driver;
    if config_changed {
        git_ok(data, &["config", "--local", &key, &driver])?;
        let name_key = format!("merge.{DRIVER}.name");
        // i18n: not a message (a name for git's configuration file)
        let name = "cs: merge tables record by record";
        git_ok(data, &["config", "--local", &name_key, name])?;
    }
    let attributes = repo.git_path("info/attributes")?;
    let text = match fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(&attributes, e)),
    };
    let updated = with_block(&text, &repo.prefix, &attribute_lines(&repo.prefix));
    let attributes_changed = updated != text;
    if attributes_changed {
        let dir = attributes.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let name = attributes.file_name().map(PathBuf::from).unwrap_or_default();
        replace_file(dir, &name, updated.as_bytes())?;
    }
    let gitattributes_changed = super::init::add_once(
        data,
        Path::new(".gitattributes"),
        super::init::GITATTRIBUTES,
        "merge=union",
    )?;
    Ok(SetupReport {
        driver,
        config_changed,
        attributes,
        attributes_changed,
        gitattributes_changed,
    })
}

/// How a rule settled a record, in words.
pub fn rule_text(rule: Rule) -> String {
    match rule {
        Rule::Later => t!("git.rule.later"),
        Rule::Tie => t!("git.rule.tie"),
        Rule::ChangedOverDeleted => t!("git.rule.changed_over_deleted"),
    }
    .into_owned()
}

/// What the merge driver did with one file.
#[derive(Debug, Clone)]
pub struct Driven {
    /// Records left between conflict markers (or, after a line merge, conflicting hunks).
    pub conflicts: usize,
    /// Records settled by a rule, noted in the data directory.
    pub settled: Vec<Settled>,
    /// Whether the file could not be merged by record and git's line merge was used.
    pub line_merge: bool,
    /// The file, relative to its data directory (as `%P` when none was found).
    pub file: String,
}

/// The data directory holding `file`: its folder or the nearest one above holding `cs.toml`.
fn data_dir_of(file: &Path) -> Option<&Path> {
    file.ancestors().skip(1).find(|dir| dir.join(SETTINGS_FILE).is_file())
}

/// Merges one table file for git: `base`, `ours` and `theirs` are git's temporary files
/// (`%O %A %B`), and the result replaces `ours`; `path` is the file's place in the working
/// tree (`%P`), used to find its data directory, where records settled by a rule are noted
/// with `merged_at`. A file that cannot be merged by record is merged by lines, as git would.
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, path: &Path, merged_at: &str) -> Result<Driven> {
    let read = |p: &Path| fs::read(p).map_err(|e| Error::io(p, e));
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    let data = data_dir_of(path);
    let file = match data.and_then(|d| path.strip_prefix(d).ok()) {
        Some(relative) => relative.to_string_lossy().replace('\\', "/"),
        None => path.to_string_lossy().into_owned(),
    };
    match merge::merge(&b, &o, &t) {
        Ok(merged) => {
            fs::write(ours, &merged.bytes).map_err(|e| Error::io(ours, e))?;
            if let Some(data) = data {
                notes::append(data, merged_at, &file, &merged.notes)?;
            }
            Ok(Driven {
                conflicts: merged.conflicts,
                settled: merged.notes,
                line_merge: false,
                file,
            })
        }
        Err(merge::Unsupported::HeadersDiffer) => {
            let here = Path::new(".");
            let args: Vec<&OsStr> = vec![
                "merge-file".as_ref(),
                "-L".as_ref(),
                "ours".as_ref(),
                "-L".as_ref(),
                "base".as_ref(),
                "-L".as_ref(),
                "theirs".as_ref(),
                ours.as_os_str(),
                base.as_os_str(),
                theirs.as_os_str(),
            ];
            let ran = git(here, &args)?;
            match ran.code {
                Some(code) if code >= 0 => Ok(Driven {
                    conflicts: code as usize,
                    settled: Vec::new(),
                    line_merge: true,
                    file,
                }),
                _ => Err(Error::External(
                    // i18n: not a message (the command that failed)
                    t!("git.failed", command = "git merge-file", said = ran.said()).into_owned(),
                )),
            }
        }
    }
}

/// Commits exactly `files` (relative to the data directory `data`) with `message`, whatever
/// else is staged or changed; `false` when they hold no change to commit.
pub fn autocommit(data: &Path, files: &BTreeSet<PathBuf>, message: &str) -> Result<bool> {
    Repo::find(data)?;
    let paths: Vec<String> = files
        .iter()
        .filter(|f| data.join(f).exists())
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    if paths.is_empty() {
        return Ok(false);
    }
    let with = |head: &[&str]| -> Vec<String> {
        head.iter()
            .map(|s| s.to_string())
            .chain(std::iter::once("--".to_string()))
            .chain(paths.iter().cloned())
            .collect()
    };
    git_ok(data, &with(&["add", "-A"]))?;
    if git(data, &with(&["diff", "--cached", "--quiet"]))?.ok() {
        return Ok(false);
    }
    git_ok(data, &with(&["commit", "--quiet", "--no-verify", "-m", message]))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attribute_block_is_replaced_not_repeated() {
        let lines = attribute_lines("data/");
        assert!(lines.contains(&"/data/customers.csv merge=cs".to_string()));
        assert!(lines.contains(&"/data/visits/*.csv merge=cs".to_string()));
        let once = with_block("*.bin binary\n", "data/", &lines);
        assert_eq!(with_block(&once, "data/", &lines), once);
        assert!(once.starts_with("*.bin binary\n\n# cs git setup"));
        let other = with_block(&once, "", &attribute_lines(""));
        assert!(other.contains("/data/customers.csv") && other.contains("\n/customers.csv merge=cs"));
    }

    #[test]
    fn paths_are_quoted_for_the_shell_when_needed() {
        assert_eq!(shell_quote("/usr/bin/cs"), "/usr/bin/cs");
        assert_eq!(shell_quote("/home/a b/it's/cs"), "'/home/a b/it'\\''s/cs'");
        assert_eq!(attribute_lines("my data/")[0], "\"/my data/customers.csv\" merge=cs");
    }
}
