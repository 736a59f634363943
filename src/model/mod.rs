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
pub mod survey;
pub mod visit;

/// The separator between the items of a list held in one field (tags, topics): items may not
/// contain it.
pub const LIST_SEPARATOR: char = ';';
