//! The `complaints` report: received, resolved, closed and still open, by category and
//! severity; first-response and resolution times on the SLA clock; SLA compliance; escalations
//! by level; the reopen rate; decisions accepted and their score; repeat complainers.
//! Definitions are in `docs/reports.md`, `## complaints`.
//!
//! Everything comes from the complaints index and the history index (one pass over each, the
//! history shared with the SLA clock's [`overdue::timelines_in`]); only the complaints closed in
//! the period are decoded, for their score. Nothing after the end of the `--as-of` day counts.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use super::scope::Scope;
use super::visits::column;
use super::{Bars, Block, Cell, Figure, Period, Section, Table, Value};
use crate::commands::complaint::overdue::{self, Facts, Timeline};
use crate::error::Result;
use crate::model::complaint::{Action, Complaint, Event, Severity, Status};
use crate::model::sla;
use crate::store::Store;
use crate::store::complaints::{HISTORY, TABLE, event_key, key};
use crate::store::index::{self, FileIndex};
use crate::store::table::Month;

/// One complaint in scope, from the index, with its history up to the `--as-of` day.
struct Case {
    id: String,
    customer: String,
    category: String,
    facts: Facts,
    /// (when, action, status after), in order.
    events: Vec<(DateTime<FixedOffset>, Action, Status)>,
    /// Where it is in the complaints index: (file, row), to decode it if needed.
    at: (usize, usize),
}

impl Case {
    fn acted(&self, action: Action, from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> bool {
        self.events.iter().any(|e| e.1 == action && from <= e.0 && e.0 <= to)
    }

    /// Whether it is open at `moment`: the status its last action by then left it in.
    fn open_at(&self, moment: DateTime<FixedOffset>) -> bool {
        self.facts.received <= moment
            && self
                .events
                .iter()
                .rfind(|e| e.0 <= moment)
                .is_none_or(|e| e.2.is_open())
    }
}

/// A period as two moments in the data's offset: its first second and the last second counted
/// (the end of its last day, or of the `--as-of` day if earlier).
fn moments(period: &Period, as_of: NaiveDate, offset: FixedOffset) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
    let at = |day: NaiveDate, h, m, s| {
        let local = day.and_hms_opt(h, m, s).unwrap_or_default();
        offset.from_local_datetime(&local).single().unwrap_or_default()
    };
    (at(period.from, 0, 0, 0), at(period.to.min(as_of), 23, 59, 59))
}

/// The figures of one period.
struct Figures {
    received: u64,
    resolved: u64,
    closed: u64,
    open: u64,
    response_hours: Vec<f64>,
    resolution_hours: Vec<f64>,
    respond_met: (u64, u64),
    resolve_met: (u64, u64),
    escalations: u64,
    reopened: (u64, u64),
    accepted: (u64, u64),
    scores: Vec<f64>,
}

/// The complaints report's sections; `offset` is the data's local time, which business hours
/// and days are read in.
pub fn sections(store: &Store, scope: &Scope, offset: FixedOffset) -> Result<Vec<Section>> {
    let settings = &scope.settings;
    let business = settings.complaints.business_hours.as_ref();
    let (from, end) = moments(&scope.period, scope.as_of, offset);
    let before = scope.previous.map(|p| moments(&p, scope.as_of, offset));
    let time = |seconds: i64| {
        (seconds != key::NO_TIME).then(|| {
            DateTime::from_timestamp(seconds, 0)
                .unwrap_or_default()
                .with_timezone(&offset)
        })
    };

    // The complaints index: every complaint in scope received by the end.
    let months = store.months_between(&TABLE, None, Some(Month::of(end.date_naive())))?;
    let files: Vec<FileIndex<Complaint>> = index::load_all(store, &months)?;
    let mut cases: Vec<Case> = Vec::new();
    for (file_at, file) in files.iter().enumerate() {
        file.check()?;
        for row in 0..file.rows() {
            let received = time(file.i64(key::RECEIVED, row)).unwrap_or(end);
            if received > end || !scope.includes(file.str(key::CUSTOMER, row)) {
                continue;
            }
            let severity = Severity::ALL[usize::from(file.u8(key::SEVERITY, row)).min(Severity::ALL.len() - 1)];
            cases.push(Case {
                id: file.str(key::ID, row).to_string(),
                customer: file.str(key::CUSTOMER, row).to_string(),
                category: file.str(key::CATEGORY, row).to_string(),
                facts: Facts {
                    received,
                    severity,
                    responded: time(file.i64(key::RESPONDED, row)),
                    done: time(file.i64(key::DONE, row)),
                },
                events: Vec::new(),
                at: (file_at, row),
            });
        }
    }

    // The history index, once: each complaint's actions, and the SLA clock's timelines.
    let history: Vec<FileIndex<Event>> = index::load_all(store, &store.months_between(&HISTORY, None, None)?)?;
    let wanted: HashSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    let timelines = overdue::timelines_in(&history, &wanted, offset)?;
    let mut events: HashMap<String, Vec<(DateTime<FixedOffset>, Action, Status)>> = HashMap::new();
    for file in &history {
        for row in 0..file.rows() {
            let complaint = file.str(event_key::COMPLAINT, row);
            let Some(at) = time(file.i64(event_key::AT, row)).filter(|at| *at <= end) else {
                continue;
            };
            if !wanted.contains(complaint) {
                continue;
            }
            let action = Action::ALL[usize::from(file.u8(event_key::ACTION, row)).min(Action::ALL.len() - 1)];
            let status = Status::ALL[usize::from(file.u8(event_key::TO_STATUS, row)).min(Status::ALL.len() - 1)];
            events
                .entry(complaint.to_string())
                .or_default()
                .push((at, action, status));
        }
    }
    for case in &mut cases {
        if let Some(mut found) = events.remove(&case.id) {
            found.sort_by_key(|e| e.0);
            case.events = found;
        }
    }

    let no_timeline = Timeline::default();
    let clocks: Vec<overdue::Clock> = cases
        .iter()
        .map(|c| overdue::clock_of(settings, &c.facts, timelines.get(&c.id).unwrap_or(&no_timeline), end))
        .collect();
    let hours = |case: &Case, done: DateTime<FixedOffset>| {
        let pauses = timelines.get(&case.id).map_or(&[][..], |t| &t.pauses[..]);
        sla::elapsed(case.facts.received, done, business, pauses).num_seconds() as f64 / 3600.0
    };

    // Only the complaints closed in either period are decoded, for their score.
    let first = before.map_or(from, |b| b.0.min(from));
    let closed: Vec<usize> = (0..cases.len())
        .filter(|&i| cases[i].acted(Action::Close, first, end))
        .collect();
    let mut scores: HashMap<String, u8> = HashMap::new();
    for (file_at, file) in files.iter().enumerate() {
        let rows: Vec<usize> = closed
            .iter()
            .filter(|&&i| cases[i].at.0 == file_at)
            .map(|&i| cases[i].at.1)
            .collect();
        for located in file.read(store, &rows)? {
            if let Some(score) = located.record.score {
                scores.insert(located.record.id, score);
            }
        }
    }

    let figures_of = |(from, to): (DateTime<FixedOffset>, DateTime<FixedOffset>)| {
        let mut f = Figures {
            received: 0,
            resolved: 0,
            closed: 0,
            open: 0,
            response_hours: Vec::new(),
            resolution_hours: Vec::new(),
            respond_met: (0, 0),
            resolve_met: (0, 0),
            escalations: 0,
            reopened: (0, 0),
            accepted: (0, 0),
            scores: Vec::new(),
        };
        let within = |t: DateTime<FixedOffset>| from <= t && t <= to;
        for (case, clock) in cases.iter().zip(&clocks) {
            if within(case.facts.received) {
                f.received += 1;
                if let Some(responded) = case.facts.responded.filter(|r| *r <= to) {
                    f.response_hours.push(hours(case, responded));
                }
            }
            f.open += u64::from(case.open_at(to));
            let resolves: Vec<DateTime<FixedOffset>> = case
                .events
                .iter()
                .filter(|e| e.1 == Action::Resolve && within(e.0))
                .map(|e| e.0)
                .collect();
            if let (Some(&first), Some(&last)) = (resolves.first(), resolves.last()) {
                f.resolved += 1;
                f.resolution_hours.push(hours(case, last));
                f.reopened.1 += 1;
                f.reopened.0 += u64::from(case.events.iter().any(|e| e.1 == Action::Reopen && e.0 > first));
            }
            if case.acted(Action::Close, from, to) {
                f.closed += 1;
                f.accepted.1 += 1;
                if !case.events.iter().any(|e| e.1 == Action::Reject) {
                    f.accepted.0 += 1;
                    f.scores.extend(scores.get(&case.id).map(|&s| f64::from(s)));
                }
            }
            if clock.respond_due.is_some_and(within) {
                f.respond_met.1 += 1;
                f.respond_met.0 += u64::from(clock.respond_late_minutes.is_none());
            }
            if clock.resolve_due.is_some_and(within) {
                f.resolve_met.1 += 1;
                f.resolve_met.0 += u64::from(clock.resolve_late_minutes.is_none());
            }
            f.escalations += case
                .events
                .iter()
                .filter(|e| e.1 == Action::Escalate && within(e.0))
                .count() as u64;
        }
        f
    };
    let now = figures_of((from, end));
    let earlier = before.map(figures_of);

    let figure = |key: &str, value: &dyn Fn(&Figures) -> Value| Figure {
        key: key.to_string(),
        label: super::label(&format!("complaints_{key}")),
        value: value(&now),
        previous: earlier.as_ref().map(value),
    };
    let repeat = repeat_complainers(scope, &cases, from, end);
    let figures = vec![
        figure("received", &|f| Value::Count(f.received)),
        figure("resolved", &|f| Value::Count(f.resolved)),
        figure("closed", &|f| Value::Count(f.closed)),
        figure("open", &|f| Value::Count(f.open)),
        figure("response_mean", &|f| super::mean(&f.response_hours)),
        figure("response_median", &|f| super::median(&mut f.response_hours.clone())),
        figure("resolution_mean", &|f| super::mean(&f.resolution_hours)),
        figure("resolution_median", &|f| super::median(&mut f.resolution_hours.clone())),
        figure("response_compliance", &|f| {
            super::rate(f.respond_met.0, f.respond_met.1)
        }),
        figure("resolution_compliance", &|f| {
            super::rate(f.resolve_met.0, f.resolve_met.1)
        }),
        figure("escalations", &|f| Value::Count(f.escalations)),
        figure("reopen_rate", &|f| super::rate(f.reopened.0, f.reopened.1)),
        figure("accepted_rate", &|f| super::rate(f.accepted.0, f.accepted.1)),
        figure("accepted_score", &|f| super::mean(&f.scores)),
        Figure {
            key: "repeat_customers".to_string(),
            label: super::label("complaints_repeat_customers"),
            value: Value::Count(repeat.rows.len() as u64),
            previous: None,
        },
    ];
    let category = |c: &Case| c.category.clone();
    let severity = |c: &Case| c.facts.severity.as_str().to_string();
    let blocks = vec![
        Block::Figures(figures),
        Block::Table(breakdown(&cases, "category", &category, from, end)),
        Block::Table(breakdown(&cases, "severity", &severity, from, end)),
        Block::Bars(escalations_by_level(&cases, from, end)),
        Block::Table(repeat),
    ];
    Ok(vec![Section {
        key: "complaints".to_string(),
        title: super::label("section_complaints"),
        blocks,
    }])
}

/// Received, resolved, closed in the period and open at its end, by category or severity.
fn breakdown(
    cases: &[Case],
    by: &str,
    value: &dyn Fn(&Case) -> String,
    from: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
) -> Table {
    let mut counts: BTreeMap<String, [u64; 4]> = BTreeMap::new();
    if by == "severity" {
        // Every severity, in order, even without complaints.
        for s in Severity::ALL {
            counts.insert(s.as_str().to_string(), [0; 4]);
        }
    }
    for case in cases {
        let row = [
            (from <= case.facts.received) as u64,
            case.acted(Action::Resolve, from, end) as u64,
            case.acted(Action::Close, from, end) as u64,
            case.open_at(end) as u64,
        ];
        if row.iter().all(|&n| n == 0) {
            continue;
        }
        let entry = counts.entry(value(case)).or_default();
        for (total, n) in entry.iter_mut().zip(row) {
            *total += n;
        }
    }
    let mut keys: Vec<String> = counts.keys().cloned().collect();
    if by == "severity" {
        keys.sort_by_key(|k| Severity::ALL.iter().position(|s| s.as_str() == k));
    }
    let rows = keys
        .iter()
        .map(|k| {
            let mut row = vec![Cell::code("", by, k)];
            row.extend(counts[k].iter().map(|&n| Cell::Value(Value::Count(n))));
            row
        })
        .collect();
    Table {
        key: format!("complaints_by_{by}"),
        title: super::label(&format!("complaints_by_{by}")),
        columns: vec![
            column(by, &format!("complaints_{by}")),
            column("received", "complaints_received"),
            column("resolved", "complaints_resolved"),
            column("closed", "complaints_closed"),
            column("open", "complaints_open"),
        ],
        rows,
    }
}

/// The escalations of the period by the level they took the complaint to (1 for the first).
fn escalations_by_level(cases: &[Case], from: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> Bars {
    let mut levels: BTreeMap<u64, u64> = BTreeMap::new();
    for case in cases {
        let mut level = 0;
        for event in case.events.iter().filter(|e| e.1 == Action::Escalate) {
            level += 1;
            if from <= event.0 && event.0 <= end {
                *levels.entry(level).or_default() += 1;
            }
        }
    }
    Bars {
        key: "complaints_escalations_by_level".to_string(),
        title: super::label("complaints_escalations_by_level"),
        items: levels
            .into_iter()
            .map(|(level, n)| (level.to_string(), level.to_string(), Value::Count(n)))
            .collect(),
    }
}

/// Customers with two or more complaints received in the period, the most first.
fn repeat_complainers(scope: &Scope, cases: &[Case], from: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> Table {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for case in cases
        .iter()
        .filter(|c| from <= c.facts.received && c.facts.received <= end)
    {
        *counts.entry(case.customer.as_str()).or_default() += 1;
    }
    let mut repeat: Vec<(&str, u64)> = counts.into_iter().filter(|(_, n)| *n >= 2).collect();
    repeat.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let names = scope.customers.names();
    let rows = repeat
        .into_iter()
        .map(|(id, n)| {
            let row = scope.customers.find_id(id);
            vec![
                Cell::Text(id.to_string()),
                Cell::Text(names.get(id).unwrap_or_default().to_string()),
                Cell::Text(row.map_or_else(String::new, |r| scope.customers.class(r).to_string())),
                Cell::Text(scope.staff_name(row.and_then(|r| scope.customers.owner(r)))),
                Cell::Value(Value::Count(n)),
            ]
        })
        .collect();
    let mut columns = super::columns(&["customer", "name", "class", "owner"]);
    columns.push(column("complaints", "complaints_count"));
    Table {
        key: "complaints_repeat".to_string(),
        title: super::label("complaints_repeat"),
        columns,
        rows,
    }
}
