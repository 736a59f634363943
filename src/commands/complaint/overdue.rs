//! Service levels: when a complaint's response and resolution are due (in business hours when
//! `cs.toml` sets them, the clock stopped while it waits on the customer), how late they are,
//! and the escalation of every complaint in breach (`cs complaint escalate --overdue`), made to
//! run from cron: a complaint is escalated once per breach, so a second run does nothing.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset};
use rust_i18n::t;
use serde::Serialize;

use super::{Step, act};
use crate::context::Context;
use crate::error::Result;
use crate::model::complaint::{Action, Complaint, Event, Status};
use crate::model::settings::Settings;
use crate::model::sla::{self, Pause};
use crate::store::Store;
use crate::store::complaints::{HISTORY, event_key};
use crate::store::index::{self, FileIndex};

/// A complaint's service levels at a moment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Clock {
    /// When the first response is due; `None` while the clock is stopped (waiting).
    pub respond_due: Option<DateTime<FixedOffset>>,
    /// When the resolution is due; `None` while the clock is stopped.
    pub resolve_due: Option<DateTime<FixedOffset>>,
    /// How many minutes (of the SLA clock) the response is or was late; `None` if it is not.
    pub respond_late_minutes: Option<i64>,
    /// How many minutes the resolution is or was late; `None` if it is not.
    pub resolve_late_minutes: Option<i64>,
    /// When the complaint first missed a target, if it has.
    pub breached_at: Option<DateTime<FixedOffset>>,
}

impl Clock {
    /// Whether a target is or was missed.
    pub fn is_late(&self) -> bool {
        self.respond_late_minutes.is_some() || self.resolve_late_minutes.is_some()
    }

    /// The larger of the two delays, in minutes.
    pub fn late_minutes(&self) -> Option<i64> {
        self.respond_late_minutes.max(self.resolve_late_minutes)
    }
}

/// What the history says of each complaint: its waiting periods and its last escalation.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// The periods it waited on the customer.
    pub pauses: Vec<Pause>,
    /// When it was last escalated.
    pub last_escalated: Option<DateTime<FixedOffset>>,
}

/// The waiting periods and last escalations of the complaints in `wanted`, from the index of
/// the history (its columns only: the history files are not read). Times are in `offset`.
pub fn timelines(store: &Store, wanted: &HashSet<&str>, offset: FixedOffset) -> Result<HashMap<String, Timeline>> {
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let months = store.months_between(&HISTORY, None, None)?;
    let files: Vec<FileIndex<Event>> = index::load_all(store, &months)?;
    timelines_in(&files, wanted, offset)
}

/// As [`timelines`], from history indexes already loaded, so a report that reads the history
/// for its own figures reads it once.
pub fn timelines_in(
    files: &[FileIndex<Event>],
    wanted: &HashSet<&str>,
    offset: FixedOffset,
) -> Result<HashMap<String, Timeline>> {
    let mut found: HashMap<String, Timeline> = HashMap::new();
    let code = |a: Action| Action::ALL.iter().position(|x| *x == a).unwrap_or(0) as u8;
    let (wait, escalate) = (code(Action::Wait), code(Action::Escalate));
    let waiting = Status::ALL.iter().position(|s| *s == Status::Waiting).unwrap_or(0) as u8;
    let mut events: Vec<(i64, &str, u8, bool)> = Vec::new();
    for file in files {
        file.check()?;
        for row in 0..file.rows() {
            let action = file.u8(event_key::ACTION, row);
            // The waiting ends with the first action that leaves the waiting status (not a note
            // or an escalation made while waiting).
            let ends_waiting =
                file.u8(event_key::FROM_STATUS, row) == waiting && file.u8(event_key::TO_STATUS, row) != waiting;
            if action != wait && action != escalate && !ends_waiting {
                continue;
            }
            let complaint = file.str(event_key::COMPLAINT, row);
            if wanted.contains(complaint) {
                events.push((file.i64(event_key::AT, row), complaint, action, ends_waiting));
            }
        }
    }
    events.sort_unstable();
    let time = |seconds: i64| {
        DateTime::from_timestamp(seconds, 0)
            .unwrap_or_default()
            .with_timezone(&offset)
    };
    for (at, complaint, action, ends_waiting) in events {
        let timeline = found.entry(complaint.to_string()).or_default();
        let at = time(at);
        if action == wait {
            timeline.pauses.push(Pause { from: at, to: None });
        } else if ends_waiting && let Some(open) = timeline.pauses.last_mut().filter(|p| p.to.is_none()) {
            open.to = Some(at);
        }
        if action == escalate {
            timeline.last_escalated = Some(at);
        }
    }
    Ok(found)
}

/// A complaint's service levels at `as_of`, with its history.
pub fn clock(settings: &Settings, complaint: &Complaint, history: &[Event], as_of: DateTime<FixedOffset>) -> Clock {
    let mut pauses: Vec<Pause> = Vec::new();
    for event in history {
        match event.action {
            Action::Wait => pauses.push(Pause {
                from: event.at,
                to: None,
            }),
            _ if event.from_status == Status::Waiting && event.to_status != Status::Waiting => {
                if let Some(open) = pauses.last_mut().filter(|p| p.to.is_none()) {
                    open.to = Some(event.at);
                }
            }
            _ => {}
        }
    }
    clock_with(
        settings,
        complaint,
        &Timeline {
            pauses,
            last_escalated: None,
        },
        as_of,
    )
}

/// What the service levels of a complaint depend on, from the record or from the index.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// When it was received.
    pub received: DateTime<FixedOffset>,
    /// How serious it is.
    pub severity: crate::model::complaint::Severity,
    /// The first response.
    pub responded: Option<DateTime<FixedOffset>>,
    /// When its handling ended ([`Complaint::done`]).
    pub done: Option<DateTime<FixedOffset>>,
}

impl Facts {
    /// The facts of a complaint, its times in the offset of `as_of` (the command's local time),
    /// as the index gives them.
    pub fn of(complaint: &Complaint, as_of: DateTime<FixedOffset>) -> Facts {
        let local = |t: DateTime<FixedOffset>| t.with_timezone(as_of.offset());
        Facts {
            received: local(complaint.received),
            severity: complaint.severity,
            responded: complaint.responded.map(local),
            done: complaint.done().map(local),
        }
    }
}

/// A complaint's service levels at `as_of`, given its timeline.
pub fn clock_with(
    settings: &Settings,
    complaint: &Complaint,
    timeline: &Timeline,
    as_of: DateTime<FixedOffset>,
) -> Clock {
    clock_of(settings, &Facts::of(complaint, as_of), timeline, as_of)
}

/// The service levels at `as_of` of a complaint with these facts and timeline.
pub fn clock_of(settings: &Settings, complaint: &Facts, timeline: &Timeline, as_of: DateTime<FixedOffset>) -> Clock {
    let targets = settings.complaints.targets(complaint.severity);
    let business = settings.complaints.business_hours.as_ref();
    // Only the waiting that happened by `as_of` counts.
    let pauses: Vec<Pause> = timeline
        .pauses
        .iter()
        .filter(|p| p.from <= as_of)
        .map(|p| Pause {
            from: p.from,
            to: p.to.filter(|to| *to <= as_of),
        })
        .collect();
    let due = |hours| sla::deadline(complaint.received, hours, business, &pauses);
    let (respond_due, resolve_due) = (due(targets.respond_hours), due(targets.resolve_hours));
    let late = |due: Option<DateTime<FixedOffset>>, done: Option<DateTime<FixedOffset>>| {
        let due = due?;
        let until = match done {
            Some(done) if done <= as_of => done,
            _ => as_of,
        };
        (until > due)
            .then(|| sla::elapsed(due, until, business, &pauses).num_minutes())
            .filter(|m| *m > 0)
    };
    let respond_late_minutes = late(respond_due, complaint.responded);
    let resolve_late_minutes = late(resolve_due, complaint.done);
    let breached_at = [
        respond_late_minutes.and(respond_due),
        resolve_late_minutes.and(resolve_due),
    ]
    .into_iter()
    .flatten()
    .min();
    Clock {
        respond_due,
        resolve_due,
        respond_late_minutes,
        resolve_late_minutes,
        breached_at,
    }
}

/// One escalation `escalate --overdue` made (or, with `--dry-run`, would make).
#[derive(Debug, Clone, Serialize)]
pub struct Escalation {
    /// The complaint.
    pub complaint: String,
    /// Its handler before.
    pub from: String,
    /// Its handler after; empty at the top of the chain, where it cannot go higher.
    pub to: String,
    /// How late it is, in minutes.
    pub late_minutes: i64,
}

/// Escalates every open complaint in breach at `as_of` that was not escalated since its breach,
/// one level each, with the reason "SLA breach"; with `dry_run`, only says what it would do.
pub fn escalate_overdue(
    store: &Store,
    ctx: &Context,
    as_of: Option<DateTime<FixedOffset>>,
    dry_run: bool,
) -> Result<Vec<Escalation>> {
    let settings = store.settings()?;
    let as_of = as_of.unwrap_or_else(|| ctx.now());
    let filter = super::ComplaintFilter {
        overdue: true,
        as_of: Some(as_of),
        ..Default::default()
    };
    let rows = super::list(store, ctx, &filter)?;
    let open: HashSet<&str> = rows
        .iter()
        .filter(|r| r.complaint.status.is_open())
        .map(|r| r.complaint.id.as_str())
        .collect();
    let timelines = timelines(store, &open, *as_of.offset())?;
    let mut done = Vec::new();
    for row in rows.iter().filter(|r| r.complaint.status.is_open()) {
        let complaint = &row.complaint;
        let Some(breach) = row.sla.breached_at else { continue };
        let escalated = timelines.get(&complaint.id).and_then(|t| t.last_escalated);
        if escalated.is_some_and(|at| at >= breach) {
            continue;
        }
        let to = settings
            .staff_member(&complaint.handler)
            .and_then(|m| m.reports_to.clone())
            .unwrap_or_default();
        let escalation = Escalation {
            complaint: complaint.id.clone(),
            from: complaint.handler.clone(),
            to: to.clone(),
            late_minutes: row.sla.late_minutes().unwrap_or(0),
        };
        if !dry_run && !to.is_empty() {
            let step = Step::Escalate {
                to: None,
                reason: t!("complaint.sla_breach").into_owned(),
            };
            act(store, ctx, &complaint.id, step, None)?;
        }
        done.push(escalation);
    }
    Ok(done)
}
