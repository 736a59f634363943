//! Editing one record in the user's `$VISUAL` / `$EDITOR`, shared by `customer edit` and
//! `visit edit`: the record is written as TOML to a temporary file, the editor runs without
//! the lock held, and a failed edit keeps the file so the user's typing is never lost.

use std::path::Path;
use std::process::Command;

use anyhow::Context as _;
use rust_i18n::t;

use super::{Env, note};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::lock::LockKind;

/// A record changed in the editor, not yet written.
pub struct EditorEdit<R, C> {
    /// What the user changed.
    pub changes: C,
    /// The record as it was when the editor opened.
    pub original: R,
    /// The file the user edited, kept if the edit cannot be applied.
    pub file: EditedFile,
}

/// The file a user edited, deleted when dropped unless it is kept.
pub struct EditedFile(tempfile::NamedTempFile);

impl EditedFile {
    /// Keeps the file the user edited, so a typo or a conflict does not cost them their edit.
    pub fn keep(self, error: Error) -> anyhow::Error {
        keep_edit(self.0, error)
    }
}

/// Opens the record `reference` names in the user's editor without holding the lock (an
/// editor may stay open for minutes); the caller applies the edit only if nobody changed the
/// record meanwhile. `load` finds the record and its id; `to_text` and `parse` turn it into
/// the editable text and back (`None`: the user emptied the file to cancel).
pub fn edit_in_editor<R, C>(
    env: &Env,
    reference: &str,
    load: impl FnOnce(&Store, &str) -> Result<(String, R)>,
    to_text: impl FnOnce(&R) -> String,
    parse: impl FnOnce(&str) -> Result<Option<C>>,
) -> anyhow::Result<Option<EditorEdit<R, C>>> {
    let (id, original) = {
        let store = env.open(LockKind::Shared)?;
        load(&store, reference)?
    };
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.trim().is_empty()))
        .ok_or_else(|| Error::Usage(t!("editor.no_editor").into_owned()))?;
    let text = to_text(&original);
    let file = tempfile::Builder::new()
        .prefix(&format!("cs-{id}-"))
        .suffix(".toml")
        .tempfile()
        .with_context(|| t!("editor.creating").into_owned())?;
    std::fs::write(file.path(), &text).with_context(|| t!("editor.writing").into_owned())?;
    run_editor(&editor, file.path())?;
    let edited = std::fs::read_to_string(file.path()).with_context(|| t!("editor.reading").into_owned())?;
    if edited == text {
        note(t!("editor.nothing_changed", id = id));
        return Ok(None);
    }
    match parse(&edited) {
        Ok(Some(changes)) => Ok(Some(EditorEdit {
            changes,
            original,
            file: EditedFile(file),
        })),
        Ok(None) => {
            note(t!("editor.emptied"));
            Ok(None)
        }
        Err(e) => Err(keep_edit(file, e)),
    }
}

/// Keeps the file the user edited, so a typo or a conflict does not cost them their edit.
fn keep_edit(file: tempfile::NamedTempFile, error: Error) -> anyhow::Error {
    let context = match file.into_temp_path().keep() {
        Ok(kept) => t!("editor.kept", file = kept.display()),
        Err(_) => t!("editor.not_written"),
    };
    anyhow::Error::from(error).context(context.into_owned())
}

fn run_editor(editor: &str, path: &Path) -> anyhow::Result<()> {
    // Through the shell, so an editor set as `code --wait` or `vim -u NONE` works.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
        .with_context(|| t!("editor.cannot_start", editor = editor).into_owned())?;
    if !status.success() {
        return Err(Error::External(t!("editor.failed", editor = editor, status = status).into_owned()).into());
    }
    Ok(())
}
