//! What each exported table is: the stored record behind a listed row, the columns a
//! spreadsheet can compute with, and the personal data `--redact` masks.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::cells::CellKind;
use super::redact::Mask;
use crate::commands::complaint::ComplaintRow;
use crate::commands::label::LabelRow;
use crate::commands::shipment::ShipmentRow;
use crate::commands::visit::VisitRow;
use crate::model::complaint::{Complaint, Event};
use crate::model::customer::Customer;
use crate::model::label::{LabelEvent, LabelJob};
use crate::model::shipment::{Shipment, TrackEvent};
use crate::model::visit::Visit;
use crate::output::Listable;
use crate::store::customer_history::CustomerChange;
use crate::store::table::Record;

use CellKind::{Date, DateTime as Moment, Number};

/// A record as `cs export` writes it: JSON is the row as `list` prints it ([`Serialize`]);
/// CSV and XLSX are the stored record's columns ([`Exported::Stored`]), under the headers of
/// the row's kind ([`Listable::KIND`]).
pub trait Exported: Serialize + Listable + Sized {
    /// The record as it is stored, whose columns CSV and XLSX hold.
    type Stored: Record;
    /// The columns that are not text, and what they hold; every other column is text.
    const KINDS: &'static [(&'static str, CellKind)];

    /// The stored record.
    fn stored(&self) -> &Self::Stored;

    /// Masks the personal data the record holds (nothing, for most tables).
    fn redact(&mut self) {}

    /// The stored columns, in the order they are stored.
    fn columns() -> &'static [&'static str] {
        <Self::Stored as Record>::TABLE.columns
    }

    /// What a column holds.
    fn kind(column: &str) -> CellKind {
        Self::KINDS
            .iter()
            .find(|(name, _)| *name == column)
            .map_or(CellKind::Text, |(_, kind)| *kind)
    }
}

/// A line of a history: who it is about and when it happened.
pub trait HistoryLine: Exported + Record {
    /// The id of the record the line is about.
    fn owner(&self) -> &str;
    /// When it happened.
    fn at(&self) -> DateTime<FixedOffset>;
}

impl Exported for Customer {
    type Stored = Customer;
    const KINDS: &'static [(&'static str, CellKind)] =
        &[("created", Moment), ("updated", Moment), ("archived", Moment)];

    fn stored(&self) -> &Customer {
        self
    }

    /// The contact person, phone, email and address: a customer's personal data.
    fn redact(&mut self) {
        self.contact = Mask::Name.apply(&self.contact);
        self.phone = Mask::Phone.apply(&self.phone);
        self.email = Mask::Email.apply(&self.email);
        self.address = Mask::Address.apply(&self.address);
    }
}

impl Exported for VisitRow {
    type Stored = Visit;
    const KINDS: &'static [(&'static str, CellKind)] = &[
        ("date", Date),
        ("score", Number),
        ("nps", Number),
        ("next", Date),
        ("created", Moment),
    ];

    fn stored(&self) -> &Visit {
        &self.visit
    }
}

impl Exported for ComplaintRow {
    type Stored = Complaint;
    const KINDS: &'static [(&'static str, CellKind)] = &[
        ("received", Moment),
        ("level", Number),
        ("responded", Moment),
        ("resolved", Moment),
        ("score", Number),
        ("reopened", Number),
        ("closed", Moment),
        ("updated", Moment),
    ];

    fn stored(&self) -> &Complaint {
        &self.complaint
    }
}

impl Exported for ShipmentRow {
    type Stored = Shipment;
    const KINDS: &'static [(&'static str, CellKind)] = &[
        ("shipped", Date),
        ("eta", Date),
        ("delivered", Moment),
        ("updated", Moment),
    ];

    fn stored(&self) -> &Shipment {
        &self.shipment
    }
}

impl Exported for LabelRow {
    type Stored = LabelJob;
    const KINDS: &'static [(&'static str, CellKind)] = &[("quantity", Number), ("due", Date), ("updated", Moment)];

    fn stored(&self) -> &LabelJob {
        &self.job
    }
}

/// Implements [`Exported`] and [`HistoryLine`] for a line of a history, stored as it is.
macro_rules! history_line {
    ($line:ty, $owner:ident) => {
        impl Exported for $line {
            type Stored = $line;
            const KINDS: &'static [(&'static str, CellKind)] = &[("at", Moment)];

            fn stored(&self) -> &$line {
                self
            }
        }

        impl HistoryLine for $line {
            fn owner(&self) -> &str {
                &self.$owner
            }

            fn at(&self) -> DateTime<FixedOffset> {
                self.at
            }
        }
    };
}

history_line!(TrackEvent, shipment);
history_line!(Event, complaint);
history_line!(LabelEvent, job);
history_line!(CustomerChange, customer);

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns named as numbers or dates are columns of their table: a misspelt one would
    /// quietly stay text.
    #[test]
    fn every_named_column_exists() {
        fn check<T: Exported>() {
            for (column, _) in T::KINDS {
                assert!(T::columns().contains(column), "{column} is not a column");
            }
        }
        check::<Customer>();
        check::<VisitRow>();
        check::<ComplaintRow>();
        check::<ShipmentRow>();
        check::<LabelRow>();
        check::<TrackEvent>();
        check::<Event>();
        check::<LabelEvent>();
        check::<CustomerChange>();
    }
}
