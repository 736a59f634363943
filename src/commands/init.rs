//! `cs init`: a new data directory with commented settings, empty tables and git attributes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};
use crate::model::settings::SETTINGS_FILE;
use crate::model::settings_edit;
use crate::store::journal::{TEMP_SUFFIX, replace_file};
use crate::store::lock::STATE_DIR;
use crate::store::table::Partition;
use crate::store::{TABLES, csvfile};

/// `.gitattributes`: union merges keep the lines both clones appended instead of conflicting.
pub const GITATTRIBUTES: &str = "\
# Written by `cs init`. Records are added as new lines at the end of a table, so when two
# clones both add records git keeps both sides' lines instead of reporting a conflict.
# Run `cs check` after a merge: it reports a record changed differently in two clones.
*.csv merge=union
";

/// `.gitignore`: the lock, the journal and temporary files never belong in history.
pub fn gitignore() -> String {
    format!("# Written by `cs init`: cs's lock, journal and temporary files.\n/{STATE_DIR}/\n*{TEMP_SUFFIX}\n")
}

/// Creates a data directory at `dir` and returns the files written, relative to it.
pub fn init(dir: &Path, company: &str, git: bool) -> Result<Vec<PathBuf>> {
    if dir.join(SETTINGS_FILE).exists() {
        return Err(Error::AlreadyInitialized(dir.to_path_buf()));
    }
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::new();
    let mut write_new = |file: PathBuf, content: &[u8]| -> Result<()> {
        // Files a user already has (an existing .gitignore, tables kept from before) stay as
        // they are.
        if !dir.join(&file).exists() {
            replace_file(dir, &file, content)?;
            written.push(file);
        }
        Ok(())
    };
    for table in TABLES.iter().filter(|t| t.partition == Partition::Single) {
        write_new(table.file(None), &csvfile::encode_header(table.columns))?;
    }
    write_new(PathBuf::from(".gitattributes"), GITATTRIBUTES.as_bytes())?;
    write_new(PathBuf::from(".gitignore"), gitignore().as_bytes())?;
    // cs.toml last: until it exists the directory is not a data directory, so an interrupted
    // init can simply be run again.
    write_new(
        PathBuf::from(SETTINGS_FILE),
        settings_edit::template(company).as_bytes(),
    )?;
    if git {
        let status = Command::new("git")
            .args(["init", "--quiet"])
            .current_dir(dir)
            .status()
            .map_err(|e| Error::External(format!("could not run git: {e}; is git installed?")))?;
        if !status.success() {
            return Err(Error::External(format!(
                "`git init` failed in {} ({status})",
                dir.display()
            )));
        }
    }
    Ok(written)
}
