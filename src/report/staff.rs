//! The `staff` report: one row per staff member for the appraisal (绩效考核): the customers
//! they own by class, their visits in the period and the coverage of their own customers,
//! the complaints they handle and resolve and the service levels of those, the satisfaction
//! their visits found, the label jobs they designed and approved, and the late shipments of
//! their customers. Each figure is worked out here, on its own, from the records.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset};

use super::scope::Scope;
use super::{Block, Cell, Section, Table, Value};
use crate::commands::complaint::{ComplaintFilter, ComplaintRow, list};
use crate::context::Context;
use crate::error::Result;
use crate::model::customer::Status;
use crate::model::label::{Action, LabelEvent};
use crate::model::visit::Visit;
use crate::store::Store;
use crate::store::table::Month;

/// The lowest satisfaction score (of 1 to 5) that counts as satisfied, for CSAT.
pub const SATISFIED: u8 = 4;

/// The end of the day asked about, in the local time: the moment service levels are judged at.
pub fn end_of(scope: &Scope, ctx: &Context) -> DateTime<FixedOffset> {
    let offset = *ctx.now().offset();
    scope
        .as_of
        .and_hms_opt(23, 59, 59)
        .and_then(|t| t.and_local_timezone(offset).single())
        .unwrap_or_else(|| ctx.now())
}

/// The staff report's sections.
pub fn sections(store: &Store, ctx: &Context, scope: &Scope) -> Result<Vec<Section>> {
    let customers = &scope.customers;
    let period = &scope.period;
    let owned: Vec<usize> = (0..customers.rows())
        .filter(|&row| !customers.is_archived(row) && scope.includes_row(row))
        .collect();
    let visits: Vec<Visit> = store
        .read_months::<Visit>(Some(Month::of(period.from)), Some(Month::of(period.to)))?
        .into_iter()
        .filter(|v| period.contains(v.date) && v.date <= scope.as_of && scope.includes(&v.customer))
        .collect();
    let visited: HashSet<&str> = visits.iter().map(|v| v.customer.as_str()).collect();
    let as_of = end_of(scope, ctx);
    let complaints: Vec<ComplaintRow> = list(
        store,
        ctx,
        &ComplaintFilter {
            as_of: Some(as_of),
            ..ComplaintFilter::default()
        },
    )?
    .into_iter()
    .filter(|c| scope.includes(&c.complaint.customer))
    .collect();
    let jobs = super::labels::jobs(store)?;
    let label_events: Vec<LabelEvent> = super::labels::history(store, scope, &jobs)?
        .into_iter()
        .filter(|e| period.contains(e.at.date_naive()) && e.at <= as_of)
        .collect();
    let owner_of: HashMap<&str, &str> = owned
        .iter()
        .filter_map(|&row| customers.owner(row).map(|o| (customers.id(row), o)))
        .collect();
    let late_shipments: Vec<String> = super::shipments::facts(store, scope.as_of, &|c| scope.includes(c))?
        .into_iter()
        .filter(|f| period.contains(f.shipped) && f.is_late(scope.as_of))
        .map(|f| f.customer)
        .collect();
    let classes: Vec<&String> = scope.settings.classes.keys().collect();

    let rows = scope
        .settings
        .staff
        .iter()
        .filter(|s| scope.filter("owner").is_none_or(|o| o == s.id))
        .map(|member| {
            let id = member.id.as_str();
            let mine: Vec<usize> = owned
                .iter()
                .copied()
                .filter(|&row| customers.owner(row) == Some(id))
                .collect();
            let active: Vec<&str> = mine
                .iter()
                .filter(|&&row| customers.status(row) == Status::Active)
                .map(|&row| customers.id(row))
                .collect();
            let covered = active.iter().filter(|c| visited.contains(*c)).count() as u64;
            let made: Vec<&Visit> = visits.iter().filter(|v| v.by == id).collect();
            let scores: Vec<f64> = made.iter().filter_map(|v| v.score).map(f64::from).collect();
            let satisfied = made.iter().filter(|v| v.score.is_some_and(|s| s >= SATISFIED)).count() as u64;
            let handled = complaints
                .iter()
                .filter(|c| c.complaint.handler == id && period.contains(c.complaint.received.date_naive()))
                .count() as u64;
            let resolved: Vec<&ComplaintRow> = complaints
                .iter()
                .filter(|c| c.complaint.handler == id)
                .filter(|c| {
                    // Resolved by the day asked about: a report as of an earlier day does not
                    // know of later resolutions.
                    c.complaint
                        .resolved
                        .is_some_and(|r| period.contains(r.date_naive()) && r <= as_of)
                })
                .collect();
            let in_time = resolved.iter().filter(|c| !c.sla.is_late()).count() as u64;
            let acted = |action: Action| {
                label_events
                    .iter()
                    .filter(|e| e.by == id && e.action == action)
                    .map(|e| e.job.as_str())
                    .collect::<HashSet<&str>>()
                    .len() as u64
            };
            let late = late_shipments
                .iter()
                .filter(|c| owner_of.get(c.as_str()) == Some(&id))
                .count() as u64;
            let mut row = vec![
                Cell::Text(member.name.clone()),
                Cell::code("", "role", member.role.as_str()),
            ];
            row.extend(classes.iter().map(|class| {
                Cell::Value(Value::Count(
                    mine.iter().filter(|&&r| customers.class(r) == class.as_str()).count() as u64,
                ))
            }));
            row.extend([
                Cell::Value(Value::Count(made.len() as u64)),
                Cell::Value(super::rate(covered, active.len() as u64)),
                Cell::Value(Value::Count(handled)),
                Cell::Value(Value::Count(resolved.len() as u64)),
                Cell::Value(super::rate(in_time, resolved.len() as u64)),
                Cell::Value(super::rate(satisfied, scores.len() as u64)),
                Cell::Value(super::mean(&scores)),
                Cell::Value(Value::Count(acted(Action::Design))),
                Cell::Value(Value::Count(acted(Action::Approve))),
                Cell::Value(Value::Count(late)),
            ]);
            row
        })
        .collect();

    let mut columns = super::columns(&["staff_member", "staff_role"]);
    columns.extend(classes.iter().map(|class| {
        (
            format!("customers_{class}"),
            rust_i18n::t!("report.column.customers_of_class", class = class).into_owned(),
        )
    }));
    columns.extend(super::columns(&[
        "visits_made",
        "own_coverage",
        "complaints_handled",
        "resolved_complaints",
        "resolved_in_sla",
        "visit_csat",
        "visit_score",
        "labels_designed",
        "labels_approved",
        "shipments_late",
    ]));
    Ok(vec![Section {
        key: "staff".to_string(),
        title: super::label("section_staff"),
        blocks: vec![Block::Table(Table {
            key: "staff".to_string(),
            title: super::label("staff_table"),
            columns,
            rows,
        })],
    }])
}
