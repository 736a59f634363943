//! `cs staff` and `cs center`: the reference data kept in `cs.toml`, changed without losing
//! the user's comments or layout.

use std::borrow::Cow;

use rust_i18n::t;

use crate::error::{Error, Result};
use crate::model::id;
use crate::model::settings::{Center, Role, Settings, StaffMember};
use crate::model::settings_edit;
use crate::output::Listable;
use crate::store::Store;

impl Listable for StaffMember {
    const KIND: &'static str = "staff";
    const TABLE_COLUMNS: &'static [&'static str] = &["id", "name", "role", "title", "reports_to"];
    const ALL_COLUMNS: &'static [&'static str] = &["id", "name", "role", "title", "reports_to"];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "id" => Cow::Borrowed(&self.id),
            "name" => Cow::Borrowed(&self.name),
            "role" => Cow::Borrowed(self.role.as_str()),
            "title" => Cow::Borrowed(self.role.chinese()),
            "reports_to" => Cow::Borrowed(self.reports_to.as_deref().unwrap_or("")),
            _ => Cow::Borrowed(""),
        }
    }
}

impl Listable for Center {
    const KIND: &'static str = "center";
    const TABLE_COLUMNS: &'static [&'static str] = &["id", "name"];
    const ALL_COLUMNS: &'static [&'static str] = &["id", "name"];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "id" => Cow::Borrowed(&self.id),
            "name" => Cow::Borrowed(&self.name),
            _ => Cow::Borrowed(""),
        }
    }
}

/// Adds a staff member to `cs.toml` and returns them.
pub fn add_staff(store: &Store, id: &str, name: &str, role: Role, reports_to: Option<&str>) -> Result<StaffMember> {
    let text = store.settings_text()?;
    let settings = store.settings()?;
    id::validate_code("--id", id)?;
    if settings.staff_member(id).is_some() {
        return Err(Error::invalid_with_hint(
            "--id",
            t!("staff.exists", id = id),
            t!("staff.exists_hint"),
        ));
    }
    check_name(name)?;
    if let Some(boss) = reports_to
        && settings.staff_member(boss).is_none()
    {
        return Err(Error::invalid_with_hint(
            "--reports-to",
            t!("staff.unknown_boss", boss = boss),
            t!("staff.unknown_boss_hint"),
        ));
    }
    let member = StaffMember {
        id: id.to_string(),
        name: name.trim().to_string(),
        role,
        reports_to: reports_to.map(str::to_string),
    };
    let new_text = settings_edit::add_staff(&text, &member).map_err(Error::External)?;
    write_settings(store, &new_text)?;
    Ok(member)
}

/// Adds a distribution center to `cs.toml` and returns it.
pub fn add_center(store: &Store, id: &str, name: &str) -> Result<Center> {
    let text = store.settings_text()?;
    let settings = store.settings()?;
    id::validate_code("--id", id)?;
    if settings.center(id).is_some() {
        return Err(Error::invalid_with_hint(
            "--id",
            t!("staff.center_exists", id = id),
            t!("staff.center_exists_hint"),
        ));
    }
    check_name(name)?;
    let center = Center {
        id: id.to_string(),
        name: name.trim().to_string(),
    };
    let new_text = settings_edit::add_center(&text, &center).map_err(Error::External)?;
    write_settings(store, &new_text)?;
    Ok(center)
}

fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.contains(['\n', '\r']) {
        return Err(Error::invalid("--name", t!("staff.one_line")));
    }
    Ok(())
}

/// The staff, in file order.
pub fn list_staff(store: &Store) -> Result<Vec<StaffMember>> {
    Ok(store.settings()?.staff)
}

/// The distribution centers, in file order.
pub fn list_centers(store: &Store) -> Result<Vec<Center>> {
    Ok(store.settings()?.centers)
}

/// Writes new settings text only if it still validates, so a bug here can never leave the
/// user with a `cs.toml` that no command accepts.
fn write_settings(store: &Store, text: &str) -> Result<()> {
    Settings::parse(text, &t!("staff.after_change")).map_err(Error::DataMany)?;
    let mut tx = store.transaction();
    tx.replace_settings(text)?;
    tx.commit()
}
