//! `cs init`: a new data directory with commented settings, empty tables and git attributes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_i18n::t;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::settings::SETTINGS_FILE;
use crate::model::settings_edit;
use crate::store::journal::{TEMP_SUFFIX, replace_file};
use crate::store::lock::STATE_DIR;
use crate::store::table::Partition;
use crate::store::{TABLES, csvfile};

/// `.gitattributes`: union merges keep the lines both clones appended instead of conflicting.
// i18n: not a message (the file's content, which git reads)
pub const GITATTRIBUTES: &str = "\
# Written by `cs init`. Records are added as new lines at the end of a table, so when two
# clones both add records git keeps both sides' lines instead of reporting a conflict.
# `cs git setup` (run by `cs init --git` and `cs sync`) goes further in each clone: it makes
# git merge the tables record by record instead (see docs/collaboration.md). Without it, if
# git keeps two versions of one record (both sides changed neighbouring lines), every cs
# command refuses the table and names both lines: keep the right one, then `cs check`.
*.csv merge=union
";

/// `.gitignore`: the lock, the journal and temporary files never belong in history.
pub fn gitignore() -> String {
    // i18n: not a message (the file's content, which git reads)
    format!("# Written by `cs init`: cs's lock, journal and temporary files.\n/{STATE_DIR}/\n*{TEMP_SUFFIX}\n")
}

/// Creates a data directory at `dir` and returns the files written (or extended), relative to it.
pub fn init(dir: &Path, company: &str, lang: Lang, git: bool) -> Result<Vec<PathBuf>> {
    if dir.join(SETTINGS_FILE).exists() {
        return Err(Error::AlreadyInitialized(dir.to_path_buf()));
    }
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::new();
    for table in TABLES.iter().filter(|t| t.partition == Partition::Single) {
        // Tables a user already has stay as they are.
        write_new(
            dir,
            &table.file(None),
            &csvfile::encode_header(table.columns),
            &mut written,
        )?;
    }
    for (file, content, needed) in [
        (".gitattributes", GITATTRIBUTES.to_string(), "merge=union"),
        (".gitignore", gitignore(), "/.cs/"),
    ] {
        if add_once(dir, Path::new(file), &content, needed)? {
            written.push(PathBuf::from(file));
        }
    }
    // cs.toml last: until it exists the directory is not a data directory, so an interrupted
    // init can simply be run again.
    write_new(
        dir,
        Path::new(SETTINGS_FILE),
        settings_edit::template(company, lang).as_bytes(),
        &mut written,
    )?;
    if git {
        let status = Command::new("git")
            .args(["init", "--quiet"])
            .current_dir(dir)
            .status()
            .map_err(|e| Error::External(t!("init.git_missing", error = e).into_owned()))?;
        if !status.success() {
            return Err(Error::External(
                t!("init.git_failed", dir = dir.display(), status = status).into_owned(),
            ));
        }
    }
    Ok(written)
}

/// Adds `content` to `file` in `dir` unless the file already holds `needed`: a repository's
/// own file keeps its lines and ours are added once, at the end. Returns whether it wrote.
pub fn add_once(dir: &Path, file: &Path, content: &str, needed: &str) -> Result<bool> {
    match fs::read_to_string(dir.join(file)) {
        Ok(existing) if existing.contains(needed) => Ok(false),
        Ok(existing) => {
            let separator = if existing.is_empty() || existing.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            replace_file(dir, file, format!("{existing}{separator}{content}").as_bytes())?;
            Ok(true)
        }
        // A file that exists but cannot be read as text is left alone.
        Err(_) if dir.join(file).exists() => Ok(false),
        Err(_) => {
            replace_file(dir, file, content.as_bytes())?;
            Ok(true)
        }
    }
}

/// Writes `file` unless it exists, noting it in `written`.
fn write_new(dir: &Path, file: &Path, content: &[u8], written: &mut Vec<PathBuf>) -> Result<()> {
    if !dir.join(file).exists() {
        replace_file(dir, file, content)?;
        written.push(file.to_path_buf());
    }
    Ok(())
}
