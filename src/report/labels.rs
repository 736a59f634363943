//! The `labels` report: wine-label jobs by status, how many were requested and finished in
//! the period and how long they took (from the `add` to the `done` line of their history),
//! what went to and came back from each vendor in the period, and the jobs overdue on the
//! day asked about.

use std::collections::{BTreeMap, HashMap};

use super::scope::Scope;
use super::{Bars, Block, Cell, Figure, Period, Section, Table, Value};
use crate::commands::label::{LabelFilter, list};
use crate::context::Context;
use crate::error::Result;
use crate::model::label::{Action, LabelEvent, LabelJob, LabelStatus};
use crate::store::Store;
use crate::store::index::FileIndex;
use crate::store::labels::key;

/// Seconds in a day, for durations in days.
const DAY_SECONDS: f64 = 86_400.0;

/// Every job's customer and status, from the jobs index.
pub fn jobs(store: &Store) -> Result<Vec<(String, String, LabelStatus)>> {
    let file: FileIndex<LabelJob> = FileIndex::load(store, None)?;
    file.check()?;
    Ok((0..file.rows())
        .map(|row| {
            (
                file.str(key::ID, row).to_string(),
                file.str(key::CUSTOMER, row).to_string(),
                LabelStatus::from_code(file.u8(key::STATUS, row)),
            )
        })
        .collect())
}

/// Every history line of the jobs of customers in scope, oldest first.
pub fn history(store: &Store, scope: &Scope, jobs: &[(String, String, LabelStatus)]) -> Result<Vec<LabelEvent>> {
    let wanted: HashMap<&str, &str> = jobs.iter().map(|(id, c, _)| (id.as_str(), c.as_str())).collect();
    let mut events: Vec<LabelEvent> = store
        .read_months::<LabelEvent>(None, None)?
        .into_iter()
        .filter(|e| wanted.get(e.job.as_str()).is_some_and(|c| scope.includes(c)))
        .collect();
    events.sort_by_key(|e| e.at);
    Ok(events)
}

/// The figures of one period: requested, done, and the mean days from request to done.
fn counts(events: &[LabelEvent], period: &Period) -> (u64, u64, Value) {
    let in_period = |e: &&LabelEvent| period.contains(e.at.date_naive());
    let requested = events
        .iter()
        .filter(in_period)
        .filter(|e| e.action == Action::Add)
        .count();
    let added: HashMap<&str, &LabelEvent> = events
        .iter()
        .filter(|e| e.action == Action::Add)
        .map(|e| (e.job.as_str(), e))
        .collect();
    let done: Vec<&LabelEvent> = events
        .iter()
        .filter(in_period)
        .filter(|e| e.action == Action::Done)
        .collect();
    let days: Vec<f64> = done
        .iter()
        .filter_map(|d| {
            added
                .get(d.job.as_str())
                .map(|a| (d.at - a.at).num_seconds() as f64 / DAY_SECONDS)
        })
        .collect();
    (requested as u64, done.len() as u64, super::mean(&days))
}

/// The labels report's sections.
pub fn sections(store: &Store, ctx: &Context, scope: &Scope) -> Result<Vec<Section>> {
    let jobs: Vec<_> = jobs(store)?.into_iter().filter(|(_, c, _)| scope.includes(c)).collect();
    // What happened after the day asked about is not known on it.
    let end = super::staff::end_of(scope, ctx);
    let events: Vec<LabelEvent> = history(store, scope, &jobs)?
        .into_iter()
        .filter(|e| e.at <= end)
        .collect();
    let now = counts(&events, &scope.period);
    let before = scope.previous.map(|p| counts(&events, &p));
    let overdue = overdue(store, ctx, scope)?;
    let figure = |key: &str, value: Value, previous: Option<Value>| Figure {
        key: key.to_string(),
        label: super::label(&format!("labels_{key}")),
        value,
        previous,
    };
    let figures = vec![
        figure("jobs", Value::Count(jobs.len() as u64), None),
        figure(
            "requested",
            Value::Count(now.0),
            before.as_ref().map(|b| Value::Count(b.0)),
        ),
        figure("done", Value::Count(now.1), before.as_ref().map(|b| Value::Count(b.1))),
        figure("days_to_done", now.2, before.as_ref().map(|b| b.2)),
        figure("overdue", Value::Count(overdue.rows.len() as u64), None),
    ];
    let by_status = Bars {
        // Not `by_status`: the customers report has that, and the quarterly report holds both.
        key: "labels_by_status".to_string(),
        title: super::label("by_status"),
        items: LabelStatus::ALL
            .iter()
            .map(|s| {
                let n = jobs.iter().filter(|(_, _, status)| status == s).count() as u64;
                (
                    s.as_str().to_string(),
                    crate::i18n::value_of("label", "status", s.as_str()).into_owned(),
                    Value::Count(n),
                )
            })
            .collect(),
    };
    Ok(vec![Section {
        key: "labels".to_string(),
        title: super::label("section_labels"),
        blocks: vec![
            Block::Figures(figures),
            Block::Bars(by_status),
            Block::Table(by_vendor(scope, &events)),
            Block::Table(overdue),
        ],
    }])
}

/// Jobs sent to and received from each vendor in the period, in the order of `[[vendor]]`
/// (vendors no longer there last).
fn by_vendor(scope: &Scope, events: &[LabelEvent]) -> Table {
    let mut counts: BTreeMap<(usize, String), (u64, u64)> = BTreeMap::new();
    for e in events.iter().filter(|e| scope.period.contains(e.at.date_naive())) {
        let at = scope.settings.vendors.iter().position(|v| v.id == e.vendor);
        let entry = counts.entry((at.unwrap_or(usize::MAX), e.vendor.clone())).or_default();
        match e.action {
            Action::Send => entry.0 += 1,
            Action::Receive => entry.1 += 1,
            _ => {}
        }
    }
    let rows = counts
        .into_iter()
        .filter(|((_, vendor), _)| !vendor.is_empty())
        .map(|((at, vendor), (sent, received))| {
            let name = scope.settings.vendors.get(at).map_or(vendor, |v| v.name.clone());
            vec![
                Cell::Text(name),
                Cell::Value(Value::Count(sent)),
                Cell::Value(Value::Count(received)),
            ]
        })
        .collect();
    Table {
        key: "by_vendor".to_string(),
        title: super::label("labels_by_vendor"),
        columns: super::columns(&["vendor", "sent", "received"]),
        rows,
    }
}

/// The jobs of customers in scope past their due day and not done on the day asked about,
/// as `cs label list --overdue` selects them.
fn overdue(store: &Store, ctx: &Context, scope: &Scope) -> Result<Table> {
    let filter = LabelFilter {
        overdue: true,
        as_of: Some(scope.as_of),
        ..LabelFilter::default()
    };
    let rows = list(store, ctx, &filter)?
        .into_iter()
        .filter(|r| scope.includes(&r.job.customer))
        .map(|r| {
            vec![
                Cell::Text(r.job.id.clone()),
                Cell::Text(r.job.customer.clone()),
                Cell::Text(r.customer_name.clone()),
                Cell::Text(r.job.due.map_or_else(|| super::NOTHING.to_string(), |d| d.to_string())),
                Cell::code("label", "status", r.job.status.as_str()),
                Cell::Text(scope.staff_name(Some(&r.job.designer))),
                Cell::Value(Value::Signed(r.late_days)),
            ]
        })
        .collect();
    Ok(Table {
        key: "overdue_labels".to_string(),
        title: super::label("labels_overdue_list"),
        columns: super::columns(&[
            "label_job",
            "customer",
            "name",
            "due_day",
            "label_status",
            "designer",
            "days_late",
        ]),
        rows,
    })
}
