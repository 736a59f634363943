//! `customer_history/YYYY-MM.csv` (by the month of the change, appended to only): every change
//! of a customer's status, class, owner, center or archiving, written in the same transaction
//! as the change itself, so reports can tell conversions, class and owner changes apart.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::columns;
use crate::error::Problem;
use crate::model::customer::Customer;
use crate::store::index::{Indexed, Kind, Value};
use crate::store::table::{Partition, Record, Row, TableSpec, format_time};

columns! {
    /// The columns of a customer history file.
    pub enum ChangeCol {
        Customer = "customer", At = "at", By = "by", Field = "field", From = "from", To = "to",
    }
}

/// The history of customers' status, class, owner, center and archiving.
pub const HISTORY: TableSpec = TableSpec {
    name: "customer_history",
    record_name: "customer_change",
    id_prefix: "",
    id_chars: 0,
    columns: ChangeCol::NAMES,
    partition: Partition::Monthly,
};

/// The fields whose changes are kept, as their column names.
pub const TRACKED: [&str; 5] = ["status", "class", "owner", "center", "archived"];

/// One change of one field of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerChange {
    /// The customer's id.
    pub customer: String,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who made it (a staff id), or empty when no one was named.
    pub by: String,
    /// The field: `status`, `class`, `owner`, `center` or `archived`.
    pub field: String,
    /// The value before (empty for none).
    pub from: String,
    /// The value after (empty for none).
    pub to: String,
}

/// The value of a tracked field, as the history writes it (`archived` as `yes` or empty).
fn tracked_value(customer: &Customer, field: &str) -> String {
    match field {
        "status" => customer.status.as_str().to_string(),
        "class" => customer.class.clone(),
        "owner" => customer.owner.clone().unwrap_or_default(),
        "center" => customer.center.clone().unwrap_or_default(),
        "archived" => if customer.archived.is_some() { "yes" } else { "" }.to_string(), // i18n: not a message
        _ => String::new(),
    }
}

/// The changes between two states of a customer, at `at`, by `by`: one per tracked field that
/// differs.
pub fn changes(before: &Customer, after: &Customer, at: DateTime<FixedOffset>, by: &str) -> Vec<CustomerChange> {
    TRACKED
        .iter()
        .filter_map(|field| {
            let (from, to) = (tracked_value(before, field), tracked_value(after, field));
            (from != to).then(|| CustomerChange {
                customer: after.id.clone(),
                at,
                by: by.to_string(),
                field: field.to_string(),
                from,
                to,
            })
        })
        .collect()
}

impl CustomerChange {
    /// The value of a column as text, as it is written in the file.
    pub fn field(&self, column: ChangeCol) -> Cow<'_, str> {
        match column {
            ChangeCol::Customer => Cow::Borrowed(&self.customer),
            ChangeCol::At => Cow::Owned(format_time(&self.at)),
            ChangeCol::By => Cow::Borrowed(&self.by),
            ChangeCol::Field => Cow::Borrowed(&self.field),
            ChangeCol::From => Cow::Borrowed(&self.from),
            ChangeCol::To => Cow::Borrowed(&self.to),
        }
    }
}

impl Record for CustomerChange {
    const TABLE: TableSpec = HISTORY;

    fn decode(row: &Row<'_>) -> Result<Self, Problem> {
        let field = row.required(ChangeCol::Field)?;
        if !TRACKED.contains(&field.as_str()) {
            return Err(row.problem(
                ChangeCol::Field,
                rust_i18n::t!(
                    "customer_history.unknown_field",
                    field = field,
                    known = TRACKED.join(", ")
                ),
            ));
        }
        Ok(CustomerChange {
            customer: row.required(ChangeCol::Customer)?,
            at: row.time(ChangeCol::At)?,
            by: row.string(ChangeCol::By),
            field,
            from: row.string(ChangeCol::From),
            to: row.string(ChangeCol::To),
        })
    }

    fn encode(&self) -> Vec<String> {
        ChangeCol::ALL.iter().map(|&c| self.field(c).into_owned()).collect()
    }

    /// History lines have no id of their own.
    fn id(&self) -> &str {
        ""
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        Some(self.at.date_naive())
    }
}

/// The columns of a customer history index.
pub mod key {
    use crate::store::index::{KEY_BASE, Kind};

    /// The customer's id.
    pub const CUSTOMER: usize = KEY_BASE;

    /// Their kinds, in order.
    pub const KINDS: &[Kind] = &[Kind::Str];
}

impl Indexed for CustomerChange {
    const KEYS: &'static [Kind] = key::KINDS;

    fn keys(&self, push: &mut dyn FnMut(&[Value<'_>])) {
        push(&[Value::Str(&self.customer)]);
    }
}

/// Every change of one customer, oldest first: found in the customer column of each month's
/// index, from the month the customer was created, then read.
pub fn of_customer(store: &crate::store::Store, customer: &Customer) -> crate::error::Result<Vec<CustomerChange>> {
    use crate::store::index;
    use crate::store::table::Month;
    let from = Month::of(customer.created.date_naive());
    let months = store.months_between(&HISTORY, Some(from), None)?;
    let mut found: Vec<CustomerChange> = index::read_matching(store, &months, key::CUSTOMER, &customer.id)?;
    found.sort_by_key(|c| c.at);
    Ok(found)
}
