//! The `customers` report: the customer base by class, status, center, owner and region; new
//! customers and prospects converted in the period; class changes; customers at risk.

use std::collections::BTreeMap;

use super::scope::Scope;
use super::{Bars, Block, Cell, Figure, Section, Table, Value};
use crate::error::Result;
use crate::model::customer::Status;
use crate::model::due::DueFilter;
use crate::store::Store;
use crate::store::customer_history::CustomerChange;
use crate::store::table::Month;

/// The customers report's sections.
pub fn sections(store: &Store, scope: &Scope) -> Result<Vec<Section>> {
    let customers = &scope.customers;
    let current: Vec<usize> = (0..customers.rows())
        .filter(|&row| !customers.is_archived(row) && scope.includes_row(row))
        .collect();
    let count_in = |period: &super::Period| {
        current
            .iter()
            .filter(|&&row| period.contains(customers.created_day(row)))
            .count() as u64
    };
    let changes =
        store.read_months::<CustomerChange>(Some(Month::of(scope.first_day())), Some(Month::of(scope.period.to)))?;
    let changes: Vec<&CustomerChange> = changes.iter().filter(|c| scope.includes(&c.customer)).collect();
    let changed = |period: &super::Period, test: &dyn Fn(&CustomerChange) -> bool| {
        changes
            .iter()
            .filter(|c| period.contains(c.at.date_naive()) && test(c))
            .count() as u64
    };
    let converted = |c: &CustomerChange| c.field == "status" && c.from == "prospect" && c.to == "active";
    let class_change = |c: &CustomerChange| c.field == "class";
    let at_risk = at_risk(store, scope)?;

    let period = &scope.period;
    let previous = scope.previous.as_ref();
    let figure = |key: &str, value: u64, before: Option<u64>| Figure {
        key: key.to_string(),
        label: super::label(key),
        value: Value::Count(value),
        previous: before.map(Value::Count),
    };
    let active = current
        .iter()
        .filter(|&&row| customers.status(row) == Status::Active)
        .count() as u64;
    let figures = vec![
        figure("customers", current.len() as u64, None),
        figure("active", active, None),
        figure("new", count_in(period), previous.map(count_in)),
        figure(
            "converted",
            changed(period, &converted),
            previous.map(|p| changed(p, &converted)),
        ),
        figure(
            "class_changes",
            changed(period, &class_change),
            previous.map(|p| changed(p, &class_change)),
        ),
        figure("at_risk", at_risk.rows.len() as u64, None),
    ];

    let distribution = |key: &str, label: &dyn Fn(usize) -> String| {
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for &row in &current {
            *counts.entry(label(row)).or_default() += 1;
        }
        Bars {
            key: key.to_string(),
            title: super::label(key),
            items: counts
                .into_iter()
                .map(|(k, n)| (k.clone(), k, Value::Count(n)))
                .collect(),
        }
    };
    let mut by_status = distribution("by_status", &|row| customers.status(row).as_str().to_string());
    // In the order of the statuses, each in the language spoken.
    by_status
        .items
        .sort_by_key(|(key, _, _)| Status::ALL.iter().position(|s| s.as_str() == key));
    for item in &mut by_status.items {
        item.1 = crate::i18n::value("status", &item.0).into_owned();
    }
    // The most customers first; ties, and "–" for none, in name order.
    let largest_first = |mut bars: Bars| {
        bars.items.sort_by(|a, b| {
            b.2.as_f64()
                .unwrap_or(0.0)
                .total_cmp(&a.2.as_f64().unwrap_or(0.0))
                .then(a.0.cmp(&b.0))
        });
        bars
    };
    let blocks = vec![
        Block::Figures(figures),
        Block::Bars(distribution("by_class", &|row| customers.class(row).to_string())),
        Block::Bars(by_status),
        Block::Bars(largest_first(distribution("by_center", &|row| {
            scope.center_name(customers.center(row))
        }))),
        Block::Bars(largest_first(distribution("by_owner", &|row| {
            scope.staff_name(customers.owner(row))
        }))),
        Block::Bars(largest_first(distribution(
            "by_region",
            &|row| match customers.region(row) {
                "" => super::NOTHING.to_string(),
                region => region.to_string(),
            },
        ))),
        Block::Table(class_changes(scope, &changes)),
        Block::Table(at_risk),
    ];
    Ok(vec![Section {
        key: "customers".to_string(),
        title: super::label("section_customers"),
        blocks,
    }])
}

/// The class changes of the period, oldest first.
fn class_changes(scope: &Scope, changes: &[&CustomerChange]) -> Table {
    let names = scope.customers.names();
    let rows = changes
        .iter()
        .filter(|c| c.field == "class" && scope.period.contains(c.at.date_naive()))
        .map(|c| {
            vec![
                Cell::Text(c.customer.clone()),
                Cell::Text(names.get(&c.customer).unwrap_or_default().to_string()),
                Cell::Text(c.at.date_naive().to_string()),
                Cell::Text(c.from.clone()),
                Cell::Text(c.to.clone()),
            ]
        })
        .collect();
    Table {
        key: "class_changes".to_string(),
        title: super::label("class_change_list"),
        columns: super::columns(&["customer", "name", "date", "from", "to"]),
        rows,
    }
}

/// Active customers overdue for a visit by more than their class's cadence on the day asked
/// about, most overdue first.
fn at_risk(store: &Store, scope: &Scope) -> Result<Table> {
    let filter = DueFilter {
        as_of: scope.as_of,
        within: 0,
        owner: scope.filter("owner").map(str::to_string),
        class: scope.filter("class").map(str::to_string),
        center: scope.filter("center").map(str::to_string),
        prospects: false,
    };
    let due = crate::commands::visit::due(store, filter)?;
    let rows = due
        .into_iter()
        .filter(|d| d.status == Status::Active)
        .filter(|d| {
            scope
                .settings
                .classes
                .get(&d.class)
                .is_some_and(|class| d.days_overdue > i64::from(class.visit_every_days))
        })
        .map(|d| {
            vec![
                Cell::Text(d.customer),
                Cell::Text(d.name),
                Cell::Text(d.class),
                Cell::Text(scope.staff_name(d.owner.as_deref())),
                Cell::Text(
                    d.last_visit
                        .map_or_else(|| super::NOTHING.to_string(), |v| v.to_string()),
                ),
                Cell::Value(Value::Count(d.days_overdue.max(0) as u64)),
            ]
        })
        .collect();
    Ok(Table {
        key: "at_risk".to_string(),
        title: super::label("at_risk_list"),
        columns: super::columns(&["customer", "name", "class", "owner", "last_visit", "days_overdue"]),
        rows,
    })
}
