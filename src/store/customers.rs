//! `customers.csv`: how a [`Customer`] is stored.

use crate::error::Problem;
use crate::model::customer::{COLUMNS, Customer, split_tags};
use crate::store::table::{Partition, Record, Row, TableSpec};

/// The customers table: one file, since a department has at most some hundred thousand.
pub const TABLE: TableSpec = TableSpec {
    name: "customers",
    record_name: "customer",
    id_prefix: "C-",
    columns: &COLUMNS,
    partition: Partition::Single,
};

impl Record for Customer {
    const TABLE: TableSpec = TABLE;

    fn from_row(row: &Row<'_>) -> Result<Self, Problem> {
        Ok(Customer {
            id: row.required("id")?,
            name: row.text("name").to_string(),
            class: row.text("class").trim().to_string(),
            status: row.parse("status")?,
            owner: row.optional("owner"),
            center: row.optional("center"),
            contact: row.text("contact").to_string(),
            phone: row.text("phone").to_string(),
            email: row.text("email").to_string(),
            address: row.text("address").to_string(),
            region: row.text("region").to_string(),
            tags: split_tags(row.text("tags")),
            source: row.text("source").to_string(),
            note: row.text("note").to_string(),
            created: row.time("created")?,
            updated: row.time("updated")?,
            archived: row.optional_time("archived")?,
        })
    }

    fn to_fields(&self) -> Vec<String> {
        Customer::to_fields(self)
    }

    fn id(&self) -> &str {
        &self.id
    }
}
