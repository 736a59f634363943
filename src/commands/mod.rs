//! What each command does, as functions over the store and plain values.
//!
//! One module per group of subcommands. They return results for the caller to print; they
//! never print, read arguments or exit.

pub mod check;
pub mod complaint;
pub mod customer;
pub mod git;
pub mod init;
pub mod label;
pub mod report;
pub mod shipment;
pub mod staff;
pub mod today;
pub mod visit;

use rust_i18n::t;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::settings::{Settings, StaffMember};

/// Who is acting: `--by STAFF` (an id or a name), else `CS_USER`, else `None` for the
/// command's own rule. An unknown `--by` or a `CS_USER` that is not a staff id is an error.
pub fn acting_person<'s>(settings: &'s Settings, ctx: &Context, by: Option<&str>) -> Result<Option<&'s StaffMember>> {
    if let Some(by) = by {
        return settings.resolve_staff(by).map(Some).ok_or_else(|| {
            Error::invalid_with_hint(
                "--by",
                t!("common.not_staff", id = by).into_owned() + &crate::model::suggest::staff(settings, by),
                t!("common.staff_ids", ids = settings.staff_list()),
            )
        });
    }
    match ctx.user() {
        None => Ok(None),
        Some(user) => settings.staff_member(user).map(Some).ok_or_else(|| {
            Error::invalid_with_hint(
                crate::context::USER_VAR,
                t!("acting.unknown_user", user = user),
                t!(
                    "acting.set_user",
                    var = crate::context::USER_VAR,
                    ids = settings.staff_list()
                ),
            )
        }),
    }
}
