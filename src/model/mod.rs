//! The domain: records, settings and their rules, as plain values with no IO and no clap.

pub mod customer;
pub mod id;
pub mod settings;
pub mod settings_edit;
