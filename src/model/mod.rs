//! The domain: records, settings and their rules, as plain values with no IO and no clap.

pub mod complaint;
pub mod contact;
pub mod customer;
pub mod dates;
pub mod due;
pub mod id;
pub mod label;
pub(crate) mod named_enum;
pub mod names;
pub mod settings;
pub mod settings_edit;
pub mod shipment;
pub mod sla;
pub mod suggest;
pub mod survey;
pub mod visit;

/// The separator between the items of a list held in one field (tags, topics): items may not
/// contain it.
pub const LIST_SEPARATOR: char = ';';

/// Why `text` may not be stored in a field: it holds a control character (a tab, a terminal
/// escape sequence), which a text of several lines (`multiline`, pasted from elsewhere) may
/// hold only as a line break or a tab. `None` when it may be stored.
pub fn control_character(text: &str, multiline: bool) -> Option<String> {
    let found = text
        .chars()
        .find(|&c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))?;
    Some(rust_i18n::t!("text.control", code = format!("{:04X}", u32::from(found))).into_owned())
}
