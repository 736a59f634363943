//! `shipments/YYYY-MM.csv` (by the month shipped) and `shipment_events/YYYY-MM.csv` (by the
//! month of the event, appended to only): how a [`Shipment`] and a [`TrackEvent`] are stored,
//! both ways, and the columns of their indexes.

use std::borrow::Cow;

use crate::columns;
use crate::error::Problem;
use crate::model::shipment::{Shipment, TrackEvent};
use crate::store::index::{Indexed, Kind, Value, day_number};
use crate::store::table::{Partition, Record, Row, TableSpec, format_date, format_optional_time, format_time};

columns! {
    /// The columns of a shipments file.
    pub enum ShipmentCol {
        Id = "id", Customer = "customer", Order = "order", Carrier = "carrier",
        Tracking = "tracking", Center = "center", Items = "items", Shipped = "shipped",
        Eta = "eta", Status = "status", Delivered = "delivered", Updated = "updated",
    }
}

columns! {
    /// The columns of a tracking events file.
    pub enum EventCol {
        Shipment = "shipment", At = "at", Status = "status", Location = "location", Note = "note",
    }
}

/// The shipments table: one file per month shipped.
pub const TABLE: TableSpec = TableSpec {
    name: "shipments",
    record_name: "shipment",
    id_prefix: "S-",
    id_chars: 10,
    columns: ShipmentCol::NAMES,
    partition: Partition::Monthly,
};

/// Every tracking event: one file per month of the event, only ever appended to.
pub const EVENTS: TableSpec = TableSpec {
    name: "shipment_events",
    record_name: "shipment_event",
    id_prefix: "",
    id_chars: 0,
    columns: EventCol::NAMES,
    partition: Partition::Monthly,
};

impl Shipment {
    /// The value of a column as text, as it is written in the file.
    pub fn field(&self, column: ShipmentCol) -> Cow<'_, str> {
        use ShipmentCol as C;
        match column {
            C::Id => Cow::Borrowed(&self.id),
            C::Customer => Cow::Borrowed(&self.customer),
            C::Order => Cow::Borrowed(&self.order),
            C::Carrier => Cow::Borrowed(&self.carrier),
            C::Tracking => Cow::Borrowed(&self.tracking),
            C::Center => Cow::Borrowed(&self.center),
            C::Items => Cow::Borrowed(&self.items),
            C::Shipped => Cow::Owned(format_date(self.shipped)),
            C::Eta => Cow::Owned(format_date(self.eta)),
            C::Status => Cow::Borrowed(self.status.as_str()),
            C::Delivered => Cow::Owned(format_optional_time(self.delivered.as_ref())),
            C::Updated => Cow::Owned(format_time(&self.updated)),
        }
    }
}

impl Record for Shipment {
    const TABLE: TableSpec = TABLE;

    fn decode(row: &Row<'_>) -> Result<Self, Problem> {
        use ShipmentCol as C;
        Ok(Shipment {
            id: row.required(C::Id)?,
            customer: row.required(C::Customer)?,
            order: row.string(C::Order),
            carrier: row.required(C::Carrier)?,
            tracking: row.string(C::Tracking),
            center: row.string(C::Center),
            items: row.string(C::Items),
            shipped: row.date(C::Shipped)?,
            eta: row.date(C::Eta)?,
            status: row.parse(C::Status)?,
            delivered: row.optional_time(C::Delivered)?,
            updated: row.time(C::Updated)?,
        })
    }

    fn encode(&self) -> Vec<String> {
        ShipmentCol::ALL.iter().map(|&c| self.field(c).into_owned()).collect()
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        Some(self.shipped)
    }
}

/// The columns of a shipments index: finding a shipment by id or tracking number, and listing
/// late ones, without reading the shipments files.
pub mod key {
    use crate::store::index::{KEY_BASE, Kind};

    /// The shipment's id.
    pub const ID: usize = KEY_BASE;
    /// The customer's id.
    pub const CUSTOMER: usize = KEY_BASE + 1;
    /// The carrier's name.
    pub const CARRIER: usize = KEY_BASE + 2;
    /// The tracking number.
    pub const TRACKING: usize = KEY_BASE + 3;
    /// The status, as its position in `Status::ALL`.
    pub const STATUS: usize = KEY_BASE + 4;
    /// The day shipped, as a day number.
    pub const SHIPPED: usize = KEY_BASE + 5;
    /// The day expected, as a day number.
    pub const ETA: usize = KEY_BASE + 6;
    /// The day delivered, as a day number, or [`NO_DAY`].
    pub const DELIVERED: usize = KEY_BASE + 7;
    /// The distribution center's id.
    pub const CENTER: usize = KEY_BASE + 8;
    /// The order number.
    pub const ORDER: usize = KEY_BASE + 9;
    /// The value of a day column for no day.
    pub const NO_DAY: i32 = i32::MIN;

    /// Their kinds, in order.
    pub const KINDS: &[Kind] = &[
        Kind::Str,
        Kind::Str,
        Kind::Str,
        Kind::Str,
        Kind::U8,
        Kind::I32,
        Kind::I32,
        Kind::I32,
        Kind::Str,
        Kind::Str,
    ];
}

impl Indexed for Shipment {
    const KEYS: &'static [Kind] = key::KINDS;

    fn keys(&self, push: &mut dyn FnMut(&[Value<'_>])) {
        push(&[
            Value::Str(&self.id),
            Value::Str(&self.customer),
            Value::Str(&self.carrier),
            Value::Str(&self.tracking),
            Value::U8(self.status.code()),
            Value::I32(day_number(self.shipped)),
            Value::I32(day_number(self.eta)),
            Value::I32(self.delivered.map_or(key::NO_DAY, |d| day_number(d.date_naive()))),
            Value::Str(&self.center),
            Value::Str(&self.order),
        ]);
    }
}

/// The columns of a tracking events index: a shipment's events, and the latest event of
/// every shipment, without reading the events files.
pub mod event_key {
    use crate::store::index::{KEY_BASE, Kind};

    /// The shipment's id.
    pub const SHIPMENT: usize = KEY_BASE;
    /// When, in seconds since 1970.
    pub const AT: usize = KEY_BASE + 1;
    /// The status, as its position in `Status::ALL`.
    pub const STATUS: usize = KEY_BASE + 2;

    /// Their kinds, in order.
    pub const KINDS: &[Kind] = &[Kind::Str, Kind::I64, Kind::U8];
}

impl Indexed for TrackEvent {
    const KEYS: &'static [Kind] = event_key::KINDS;

    fn keys(&self, push: &mut dyn FnMut(&[Value<'_>])) {
        push(&[
            Value::Str(&self.shipment),
            Value::I64(self.at.timestamp()),
            Value::U8(self.status.code()),
        ]);
    }
}

impl TrackEvent {
    /// The value of a column as text, as it is written in the file.
    pub fn field(&self, column: EventCol) -> Cow<'_, str> {
        use EventCol as C;
        match column {
            C::Shipment => Cow::Borrowed(&self.shipment),
            C::At => Cow::Owned(format_time(&self.at)),
            C::Status => Cow::Borrowed(self.status.as_str()),
            C::Location => Cow::Borrowed(&self.location),
            C::Note => Cow::Borrowed(&self.note),
        }
    }
}

impl Record for TrackEvent {
    const TABLE: TableSpec = EVENTS;

    fn decode(row: &Row<'_>) -> Result<Self, Problem> {
        use EventCol as C;
        Ok(TrackEvent {
            shipment: row.required(C::Shipment)?,
            at: row.time(C::At)?,
            status: row.parse(C::Status)?,
            location: row.string(C::Location),
            note: row.string(C::Note),
        })
    }

    fn encode(&self) -> Vec<String> {
        EventCol::ALL.iter().map(|&c| self.field(c).into_owned()).collect()
    }

    /// Tracking events have no id of their own: many share their shipment's.
    fn id(&self) -> &str {
        ""
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        Some(self.at.date_naive())
    }
}
