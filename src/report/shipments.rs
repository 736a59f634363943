//! The `shipments` report: what happened to the shipments shipped in the period (delivered,
//! in transit, late, lost, returned), the on-time delivery rate by carrier and by center and
//! the mean transit days of those delivered in the period, and the late and stale shipments
//! on the day asked about. Figures come from the shipments index alone; only the late and
//! stale list reads records, through `cs shipment list`'s own selection.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::scope::Scope;
use super::{Block, Cell, Figure, Period, Section, Table, Value};
use crate::commands::shipment::{ShipmentFilter, ShipmentRow, list};
use crate::context::Context;
use crate::error::Result;
use crate::model::shipment::{Shipment, Status};
use crate::store::Store;
use crate::store::index::{self, FileIndex, day_number, day_of};
use crate::store::shipments::{TABLE, key};

/// Days without a tracking event after which a shipment not yet final is stale.
pub const STALE_DAYS: u32 = 3;

/// One shipment as the index tells it: enough for every figure.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The customer's id.
    pub customer: String,
    /// The carrier's name.
    pub carrier: String,
    /// The distribution center's id, or empty.
    pub center: String,
    /// The status recorded now.
    pub status: Status,
    /// The day shipped.
    pub shipped: NaiveDate,
    /// The day expected.
    pub eta: NaiveDate,
    /// The day delivered, when it was by the day asked about.
    pub delivered: Option<NaiveDate>,
}

impl Facts {
    /// Whether it ended returned or lost (the status recorded: the index keeps no day for it).
    fn ended_undelivered(&self) -> bool {
        matches!(self.status, Status::Returned | Status::Lost)
    }

    /// Whether it is late on the day asked about: delivered after its eta, or not delivered
    /// and not ended past it; the rule of `days_late`, from the index.
    pub fn is_late(&self, as_of: NaiveDate) -> bool {
        match self.delivered {
            Some(day) => day > self.eta,
            None => !self.ended_undelivered() && as_of > self.eta,
        }
    }
}

/// Every shipment of a customer in scope shipped on or before `as_of`, from the index.
pub fn facts(store: &Store, as_of: NaiveDate, include: &dyn Fn(&str) -> bool) -> Result<Vec<Facts>> {
    let months = store.months_between(&TABLE, None, None)?;
    let files: Vec<FileIndex<Shipment>> = index::load_all(store, &months)?;
    let limit = day_number(as_of);
    let mut found = Vec::new();
    for file in &files {
        file.check()?;
        for row in 0..file.rows() {
            let shipped = file.i32(key::SHIPPED, row);
            if shipped > limit || !include(file.str(key::CUSTOMER, row)) {
                continue;
            }
            let delivered = file.i32(key::DELIVERED, row);
            found.push(Facts {
                customer: file.str(key::CUSTOMER, row).to_string(),
                carrier: file.str(key::CARRIER, row).to_string(),
                center: file.str(key::CENTER, row).to_string(),
                status: Status::from_code(file.u8(key::STATUS, row)),
                shipped: day_of(shipped),
                eta: day_of(file.i32(key::ETA, row)),
                delivered: (delivered != key::NO_DAY && delivered <= limit).then(|| day_of(delivered)),
            });
        }
    }
    Ok(found)
}

/// The late and stale shipments of customers in scope on `as_of`, most days late first:
/// late ones not yet delivered (past their eta, not returned or lost) and those not final
/// with no tracking event for more than [`STALE_DAYS`], as `cs shipment list --late` and
/// `--stale` select them. Each with whether it is stale.
pub fn late_or_stale(
    store: &Store,
    ctx: &Context,
    as_of: NaiveDate,
    include: &dyn Fn(&str) -> bool,
) -> Result<Vec<(ShipmentRow, bool)>> {
    let late = list(
        store,
        ctx,
        &ShipmentFilter {
            late: true,
            as_of: Some(as_of),
            ..ShipmentFilter::default()
        },
    )?;
    let stale = list(
        store,
        ctx,
        &ShipmentFilter {
            stale_days: Some(STALE_DAYS),
            as_of: Some(as_of),
            ..ShipmentFilter::default()
        },
    )?;
    let mut found: BTreeMap<String, (ShipmentRow, bool)> = BTreeMap::new();
    for row in late {
        let open = row.shipment.delivered.is_none_or(|d| d.date_naive() > as_of);
        if open && include(&row.shipment.customer) {
            found.insert(row.shipment.id.clone(), (row, false));
        }
    }
    for mut row in stale {
        if include(&row.shipment.customer) {
            // The stale row knows its last event; the late one may have known the delay.
            let late = found.remove(&row.shipment.id).and_then(|(r, _)| r.days_late);
            row.days_late = row.days_late.or(late);
            found.insert(row.shipment.id.clone(), (row, true));
        }
    }
    let mut rows: Vec<(ShipmentRow, bool)> = found.into_values().collect();
    rows.sort_by(|a, b| {
        (b.0.days_late.unwrap_or(0), &a.0.shipment.id).cmp(&(a.0.days_late.unwrap_or(0), &b.0.shipment.id))
    });
    Ok(rows)
}

/// The counts of one period's shipments.
struct Counts {
    shipped: u64,
    delivered: u64,
    in_transit: u64,
    late: u64,
    lost: u64,
    returned: u64,
    on_time: Value,
    transit_days: Value,
}

fn counts(all: &[Facts], period: &Period, as_of: NaiveDate) -> Counts {
    let cohort: Vec<&Facts> = all.iter().filter(|f| period.contains(f.shipped)).collect();
    let count = |test: &dyn Fn(&Facts) -> bool| cohort.iter().filter(|f| test(f)).count() as u64;
    let arrived: Vec<&Facts> = all
        .iter()
        .filter(|f| f.delivered.is_some_and(|d| period.contains(d)))
        .collect();
    let on_time = arrived.iter().filter(|f| f.delivered <= Some(f.eta)).count() as u64;
    let transit: Vec<f64> = arrived
        .iter()
        .filter_map(|f| f.delivered.map(|d| (d - f.shipped).num_days() as f64))
        .collect();
    let (lost, returned) = (
        count(&|f| f.status == Status::Lost),
        count(&|f| f.status == Status::Returned),
    );
    let delivered = count(&|f| f.delivered.is_some());
    Counts {
        shipped: cohort.len() as u64,
        delivered,
        in_transit: cohort.len() as u64 - delivered - lost - returned,
        late: count(&|f| f.is_late(as_of)),
        lost,
        returned,
        on_time: super::rate(on_time, arrived.len() as u64),
        transit_days: super::mean(&transit),
    }
}

/// The shipments report's sections.
pub fn sections(store: &Store, ctx: &Context, scope: &Scope) -> Result<Vec<Section>> {
    let all = facts(store, scope.as_of, &|c| scope.includes(c))?;
    let now = counts(&all, &scope.period, scope.as_of);
    let before = scope.previous.map(|p| counts(&all, &p, scope.as_of));
    let count = |key: &str, value: fn(&Counts) -> u64| Figure {
        key: key.to_string(),
        label: super::label(&format!("shipments_{key}")),
        value: Value::Count(value(&now)),
        previous: before.as_ref().map(|b| Value::Count(value(b))),
    };
    let mut figures = vec![
        count("shipped", |c| c.shipped),
        count("delivered", |c| c.delivered),
        count("in_transit", |c| c.in_transit),
        count("late", |c| c.late),
        count("lost", |c| c.lost),
        count("returned", |c| c.returned),
    ];
    for (key, value) in [
        ("on_time", (|c: &Counts| c.on_time) as fn(&Counts) -> Value),
        ("transit_days", |c| c.transit_days),
    ] {
        figures.push(Figure {
            key: key.to_string(),
            label: super::label(&format!("shipments_{key}")),
            value: value(&now),
            previous: before.as_ref().map(value),
        });
    }
    let problems = late_or_stale(store, ctx, scope.as_of, &|c| scope.includes(c))?;
    Ok(vec![Section {
        key: "shipments".to_string(),
        title: super::label("section_shipments"),
        blocks: vec![
            Block::Figures(figures),
            Block::Table(on_time_by(scope, &all, "on_time_by_carrier", "carrier", &|f| {
                f.carrier.clone()
            })),
            Block::Table(on_time_by(scope, &all, "on_time_by_center", "shipment_center", &|f| {
                scope.center_name(Some(&f.center))
            })),
            Block::Table(problem_table(scope, problems)),
        ],
    }])
}

/// The on-time delivery of the shipments delivered in the period, by carrier or center.
fn on_time_by(scope: &Scope, all: &[Facts], key: &str, first: &str, group: &dyn Fn(&Facts) -> String) -> Table {
    let mut groups: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for f in all {
        if let Some(day) = f.delivered.filter(|d| scope.period.contains(*d)) {
            let entry = groups.entry(group(f)).or_default();
            entry.0 += 1;
            entry.1 += u64::from(day <= f.eta);
        }
    }
    Table {
        key: key.to_string(),
        title: super::label(key),
        columns: super::columns(&[first, "delivered", "delivered_on_time", "on_time_rate"]),
        rows: groups
            .into_iter()
            .map(|(name, (delivered, on_time))| {
                vec![
                    Cell::Text(name),
                    Cell::Value(Value::Count(delivered)),
                    Cell::Value(Value::Count(on_time)),
                    Cell::Value(super::rate(on_time, delivered)),
                ]
            })
            .collect(),
    }
}

/// The late and stale list as a table.
pub fn problem_table(scope: &Scope, problems: Vec<(ShipmentRow, bool)>) -> Table {
    let rows = problems
        .into_iter()
        .map(|(row, stale)| {
            let s = &row.shipment;
            vec![
                Cell::Text(s.id.clone()),
                Cell::Text(s.customer.clone()),
                Cell::Text(row.customer_name.clone()),
                Cell::Text(s.carrier.clone()),
                Cell::Text(scope.center_name(Some(&s.center))),
                Cell::Text(s.shipped.to_string()),
                Cell::Text(s.eta.to_string()),
                Cell::code("shipment", "status", s.status.as_str()),
                Cell::Value(Value::Signed(row.days_late)),
                // Only worked out for stale ones: a late one is listed for its eta.
                Cell::Text(
                    row.last_event
                        .filter(|_| stale)
                        .map_or_else(|| super::NOTHING.to_string(), |t| t.date_naive().to_string()),
                ),
            ]
        })
        .collect();
    Table {
        key: "late_or_stale".to_string(),
        title: super::label("late_or_stale_list"),
        columns: super::columns(&[
            "shipment",
            "customer",
            "name",
            "carrier",
            "shipment_center",
            "shipped",
            "eta",
            "shipment_status",
            "days_late",
            "last_event",
        ]),
        rows,
    }
}
