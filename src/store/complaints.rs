//! `complaints/YYYY-MM.csv` (by the month received) and `complaint_history/YYYY-MM.csv` (by
//! the month of the action, appended to only): how a [`Complaint`] and an [`Event`] are
//! stored, both ways, and the columns of the complaints index.

use std::borrow::Cow;

use crate::columns;
use crate::error::Problem;
use crate::model::complaint::{Complaint, Event};
use crate::store::index::{Indexed, Kind, Value};
use crate::store::table::{Partition, Record, Row, TableSpec, format_optional_time, format_time};

columns! {
    /// The columns of a complaints file.
    pub enum ComplaintCol {
        Id = "id", Customer = "customer", Received = "received", Channel = "channel",
        Category = "category", Severity = "severity", Summary = "summary",
        RemedySought = "remedy_sought", Handler = "handler", Status = "status", Level = "level",
        Responded = "responded", Resolved = "resolved", Resolution = "resolution",
        RootCause = "root_cause", Score = "score", Reopened = "reopened", Closed = "closed",
        Order = "order", Shipment = "shipment", Updated = "updated",
    }
}

columns! {
    /// The columns of a complaint history file.
    pub enum EventCol {
        Complaint = "complaint", At = "at", By = "by", Action = "action",
        FromStatus = "from_status", ToStatus = "to_status", FromHandler = "from_handler",
        ToHandler = "to_handler", Text = "text",
    }
}

/// The complaints table: one file per month received.
pub const TABLE: TableSpec = TableSpec {
    name: "complaints",
    record_name: "complaint",
    id_prefix: "T-",
    id_chars: 10,
    columns: ComplaintCol::NAMES,
    partition: Partition::Monthly,
};

/// The history of every action on a complaint: one file per month of the action, only ever
/// appended to.
pub const HISTORY: TableSpec = TableSpec {
    name: "complaint_history",
    record_name: "complaint_action",
    id_prefix: "",
    id_chars: 0,
    columns: EventCol::NAMES,
    partition: Partition::Monthly,
};

impl Complaint {
    /// The value of a column as text, as it is written in the file.
    pub fn field(&self, column: ComplaintCol) -> Cow<'_, str> {
        use ComplaintCol as C;
        let time = |t: &Option<chrono::DateTime<chrono::FixedOffset>>| Cow::Owned(format_optional_time(t.as_ref()));
        match column {
            C::Id => Cow::Borrowed(&self.id),
            C::Customer => Cow::Borrowed(&self.customer),
            C::Received => Cow::Owned(format_time(&self.received)),
            C::Channel => Cow::Borrowed(self.channel.as_str()),
            C::Category => Cow::Borrowed(&self.category),
            C::Severity => Cow::Borrowed(self.severity.as_str()),
            C::Summary => Cow::Borrowed(&self.summary),
            C::RemedySought => Cow::Borrowed(&self.remedy_sought),
            C::Handler => Cow::Borrowed(&self.handler),
            C::Status => Cow::Borrowed(self.status.as_str()),
            C::Level => Cow::Owned(self.level.to_string()),
            C::Responded => time(&self.responded),
            C::Resolved => time(&self.resolved),
            C::Resolution => Cow::Borrowed(&self.resolution),
            C::RootCause => Cow::Borrowed(&self.root_cause),
            C::Score => self.score.map_or(Cow::Borrowed(""), |s| Cow::Owned(s.to_string())),
            C::Reopened => Cow::Owned(self.reopened.to_string()),
            C::Closed => time(&self.closed),
            C::Order => Cow::Borrowed(&self.order),
            C::Shipment => Cow::Borrowed(&self.shipment),
            C::Updated => Cow::Owned(format_time(&self.updated)),
        }
    }
}

impl Record for Complaint {
    const TABLE: TableSpec = TABLE;

    fn decode(row: &Row<'_>) -> Result<Self, Problem> {
        use ComplaintCol as C;
        Ok(Complaint {
            id: row.required(C::Id)?,
            customer: row.required(C::Customer)?,
            received: row.time(C::Received)?,
            channel: row.parse(C::Channel)?,
            category: row.required(C::Category)?,
            severity: row.parse(C::Severity)?,
            summary: row.string(C::Summary),
            remedy_sought: row.string(C::RemedySought),
            handler: row.required(C::Handler)?,
            status: row.parse(C::Status)?,
            level: row.parse_optional(C::Level)?.unwrap_or(0),
            responded: row.optional_time(C::Responded)?,
            resolved: row.optional_time(C::Resolved)?,
            resolution: row.string(C::Resolution),
            root_cause: row.string(C::RootCause),
            score: row.parse_optional(C::Score)?,
            reopened: row.parse_optional(C::Reopened)?.unwrap_or(0),
            closed: row.optional_time(C::Closed)?,
            order: row.string(C::Order),
            shipment: row.string(C::Shipment),
            updated: row.time(C::Updated)?,
        })
    }

    fn encode(&self) -> Vec<String> {
        ComplaintCol::ALL.iter().map(|&c| self.field(c).into_owned()).collect()
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        Some(self.received.date_naive())
    }
}

/// The columns of a complaints index: finding a complaint, and listing and checking service
/// levels without reading the complaints files.
pub mod key {
    use crate::store::index::{KEY_BASE, Kind};

    /// The complaint's id.
    pub const ID: usize = KEY_BASE;
    /// The customer's id.
    pub const CUSTOMER: usize = KEY_BASE + 1;
    /// The handler's staff id.
    pub const HANDLER: usize = KEY_BASE + 2;
    /// The status, as its position in `Status::ALL`.
    pub const STATUS: usize = KEY_BASE + 3;
    /// The severity, as its position in `Severity::ALL`.
    pub const SEVERITY: usize = KEY_BASE + 4;
    /// The category.
    pub const CATEGORY: usize = KEY_BASE + 5;
    /// When it was received, in seconds since 1970.
    pub const RECEIVED: usize = KEY_BASE + 6;
    /// The first response, in seconds since 1970, or [`NO_TIME`].
    pub const RESPONDED: usize = KEY_BASE + 7;
    /// When its handling ended ([`Complaint::done`]), or [`NO_TIME`].
    pub const DONE: usize = KEY_BASE + 8;
    /// The value of a time column for no time.
    pub const NO_TIME: i64 = i64::MIN;

    /// Their kinds, in order.
    pub const KINDS: &[Kind] = &[
        Kind::Str,
        Kind::Str,
        Kind::Str,
        Kind::U8,
        Kind::U8,
        Kind::Str,
        Kind::I64,
        Kind::I64,
        Kind::I64,
    ];
}

impl Indexed for Complaint {
    const KEYS: &'static [Kind] = key::KINDS;

    fn keys(&self, push: &mut dyn FnMut(&[Value<'_>])) {
        use crate::model::complaint::{Severity, Status};
        let status = Status::ALL.iter().position(|s| *s == self.status).unwrap_or(0);
        let severity = Severity::ALL.iter().position(|s| *s == self.severity).unwrap_or(0);
        push(&[
            Value::Str(&self.id),
            Value::Str(&self.customer),
            Value::Str(&self.handler),
            Value::U8(status as u8),
            Value::U8(severity as u8),
            Value::Str(&self.category),
            Value::I64(self.received.timestamp()),
            Value::I64(self.responded.map_or(key::NO_TIME, |t| t.timestamp())),
            Value::I64(self.done().map_or(key::NO_TIME, |t| t.timestamp())),
        ]);
    }
}

/// The columns of a complaint history index: what the service levels need of the history
/// (the waiting periods and the escalations), without reading the history files.
pub mod event_key {
    use crate::store::index::{KEY_BASE, Kind};

    /// The complaint's id.
    pub const COMPLAINT: usize = KEY_BASE;
    /// When, in seconds since 1970.
    pub const AT: usize = KEY_BASE + 1;
    /// The action, as its position in `Action::ALL`.
    pub const ACTION: usize = KEY_BASE + 2;
    /// The status before, as its position in `Status::ALL`.
    pub const FROM_STATUS: usize = KEY_BASE + 3;
    /// The status after, as its position in `Status::ALL`.
    pub const TO_STATUS: usize = KEY_BASE + 4;

    /// Their kinds, in order.
    pub const KINDS: &[Kind] = &[Kind::Str, Kind::I64, Kind::U8, Kind::U8, Kind::U8];
}

impl Indexed for Event {
    const KEYS: &'static [Kind] = event_key::KINDS;

    fn keys(&self, push: &mut dyn FnMut(&[Value<'_>])) {
        use crate::model::complaint::{Action, Status};
        let action = Action::ALL.iter().position(|a| *a == self.action).unwrap_or(0);
        let from = Status::ALL.iter().position(|s| *s == self.from_status).unwrap_or(0);
        let to = Status::ALL.iter().position(|s| *s == self.to_status).unwrap_or(0);
        push(&[
            Value::Str(&self.complaint),
            Value::I64(self.at.timestamp()),
            Value::U8(action as u8),
            Value::U8(from as u8),
            Value::U8(to as u8),
        ]);
    }
}

impl Event {
    /// The value of a column as text, as it is written in the file.
    pub fn field(&self, column: EventCol) -> Cow<'_, str> {
        use EventCol as C;
        match column {
            C::Complaint => Cow::Borrowed(&self.complaint),
            C::At => Cow::Owned(format_time(&self.at)),
            C::By => Cow::Borrowed(&self.by),
            C::Action => Cow::Borrowed(self.action.as_str()),
            C::FromStatus => Cow::Borrowed(self.from_status.as_str()),
            C::ToStatus => Cow::Borrowed(self.to_status.as_str()),
            C::FromHandler => Cow::Borrowed(&self.from_handler),
            C::ToHandler => Cow::Borrowed(&self.to_handler),
            C::Text => Cow::Borrowed(&self.text),
        }
    }
}

impl Record for Event {
    const TABLE: TableSpec = HISTORY;

    fn decode(row: &Row<'_>) -> Result<Self, Problem> {
        use EventCol as C;
        Ok(Event {
            complaint: row.required(C::Complaint)?,
            at: row.time(C::At)?,
            by: row.required(C::By)?,
            action: row.parse(C::Action)?,
            from_status: row.parse(C::FromStatus)?,
            to_status: row.parse(C::ToStatus)?,
            from_handler: row.string(C::FromHandler),
            to_handler: row.string(C::ToHandler),
            text: row.string(C::Text),
        })
    }

    fn encode(&self) -> Vec<String> {
        EventCol::ALL.iter().map(|&c| self.field(c).into_owned()).collect()
    }

    /// History lines have no id of their own: many share their complaint's.
    fn id(&self) -> &str {
        ""
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        Some(self.at.date_naive())
    }
}
