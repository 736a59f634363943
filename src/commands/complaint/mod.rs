//! `cs complaint ...`: recording a complaint, every step of its handling (each a checked move
//! between statuses that rewrites its one line and appends one line of history, together),
//! listing and showing with the history, and the service-level targets (see [`overdue`]).

pub mod overdue;

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use chrono::{DateTime, FixedOffset};
use rust_i18n::t;
use serde::Serialize;

use super::acting_person;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::complaint::{Action, Channel, Complaint, Event, Severity, Status, check_score};
use crate::model::id;
use crate::model::settings::Settings;
use crate::model::suggest;
use crate::store::complaints::{HISTORY, TABLE, event_key, key};
use crate::store::customers::CustomerIndex;
use crate::store::index::{self, FileIndex};
use crate::store::table::Month;
use crate::store::{Located, Store};

/// A complaint as `add` is given it.
#[derive(Debug, Clone, Default)]
pub struct NewComplaint {
    /// The customer: id, unique id prefix or exact name.
    pub customer: String,
    /// The category, as typed.
    pub category: String,
    /// How serious it is.
    pub severity: Option<Severity>,
    /// What the customer complains of.
    pub summary: String,
    /// When it was received [default: now].
    pub received: Option<DateTime<FixedOffset>>,
    /// How it arrived [default: phone].
    pub channel: Option<Channel>,
    /// What the customer asks for.
    pub remedy: String,
    /// The order it concerns.
    pub order: String,
    /// The shipment it concerns.
    pub shipment: String,
    /// Who handles it [default: the customer's owner].
    pub handler: Option<String>,
    /// Who records it [default: CS_USER, else the handler].
    pub by: Option<String>,
}

/// Records a complaint and the first line of its history; returns it.
pub fn add(store: &Store, ctx: &Context, new: NewComplaint) -> Result<Complaint> {
    let settings = store.settings()?;
    let customer = CustomerIndex::load_for_lookup(store)?
        .read_one(store, &new.customer)?
        .record;
    let category = settings
        .complaints
        .category(&new.category)
        .ok_or_else(|| {
            Error::invalid(
                "--category",
                t!(
                    "complaint.unknown_category",
                    value = new.category.trim(),
                    known = settings.complaints.categories.join(", ")
                )
                .into_owned()
                    + &suggest::did_you_mean(&new.category, settings.complaints.category_words()),
            )
        })?
        .to_string();
    let severity = new
        .severity
        .ok_or_else(|| Error::Usage(t!("prompt.missing", flag = "--severity").into_owned()))?;
    let now = ctx.now();
    let received = new.received.unwrap_or(now);
    if received > now {
        return Err(Error::invalid(
            "--received",
            t!("complaint.future", at = received.to_rfc3339()).into_owned(),
        ));
    }
    if new.summary.trim().is_empty() {
        return Err(Error::invalid("--summary", t!("complaint.no_summary").into_owned()));
    }
    let handler = match &new.handler {
        Some(handler) => staff(&settings, "--handler", handler)?,
        None => match customer.owner.clone() {
            Some(owner) => owner,
            None => acting_person(&settings, ctx, None)?
                .map(|m| m.id.clone())
                .ok_or_else(|| {
                    Error::invalid_with_hint(
                        "--handler",
                        t!("complaint.no_handler", customer = customer.id.clone()).into_owned(),
                        t!("complaint.no_handler_hint").into_owned(),
                    )
                })?,
        },
    };
    let by = acting_person(&settings, ctx, new.by.as_deref())?.map_or_else(|| handler.clone(), |m| m.id.clone());
    let mut complaint = Complaint {
        id: String::new(),
        customer: customer.id.clone(),
        received,
        channel: new.channel.unwrap_or(Channel::Phone),
        category,
        severity,
        summary: new.summary.trim().to_string(),
        remedy_sought: new.remedy.trim().to_string(),
        handler: handler.clone(),
        status: Status::Open,
        level: 0,
        responded: None,
        resolved: None,
        resolution: String::new(),
        root_cause: String::new(),
        score: None,
        reopened: 0,
        closed: None,
        order: new.order.trim().to_string(),
        shipment: new.shipment.trim().to_string(),
        updated: now,
    };
    // Random, salted with what differs between two adds in a row when CS_SEED pins it.
    let month = Month::of(received.date_naive());
    let mut salt = DefaultHasher::new();
    (
        store.file_size(&TABLE, Some(month))?,
        &complaint.customer,
        &complaint.summary,
        received.timestamp(),
    )
        .hash(&mut salt);
    complaint.id = id::generate(TABLE.id_prefix, TABLE.id_chars, &mut ctx.rng(salt.finish()), |_| false);
    let event = Event {
        complaint: complaint.id.clone(),
        at: received,
        by,
        action: Action::Add,
        from_status: Status::Open,
        to_status: Status::Open,
        from_handler: String::new(),
        to_handler: handler,
        text: complaint.summary.clone(),
    };
    if let Some((field, message)) = complaint.text_problem() {
        return Err(Error::invalid(field, message));
    }
    let mut tx = store.transaction();
    tx.append(std::slice::from_ref(&complaint))?;
    tx.append(std::slice::from_ref(&event))?;
    tx.commit()?;
    Ok(complaint)
}

/// One step of the handling, as the command line gives it.
#[derive(Debug, Clone)]
pub enum Step {
    /// The first response, at a time [default: now].
    Ack {
        at: Option<DateTime<FixedOffset>>,
        note: String,
    },
    /// A note in the history.
    Note { text: String },
    /// Waiting on the customer, for a reason.
    Wait { reason: String },
    /// No longer waiting.
    Resume,
    /// Up the chain: to the handler's superior, or to someone named.
    Escalate { to: Option<String>, reason: String },
    /// A decision, communicated.
    Resolve {
        resolution: String,
        root_cause: String,
        at: Option<DateTime<FixedOffset>>,
    },
    /// Closing: whether the customer accepted the decision, and their satisfaction.
    Close { score: Option<u8>, accepted: bool },
    /// Opened again, for a reason.
    Reopen { reason: String },
}

impl Step {
    fn action(&self) -> Action {
        match self {
            Step::Ack { .. } => Action::Ack,
            Step::Note { .. } => Action::Note,
            Step::Wait { .. } => Action::Wait,
            Step::Resume => Action::Resume,
            Step::Escalate { .. } => Action::Escalate,
            Step::Resolve { .. } => Action::Resolve,
            Step::Close { accepted: true, .. } => Action::Close,
            Step::Close { accepted: false, .. } => Action::Reject,
            Step::Reopen { .. } => Action::Reopen,
        }
    }
}

/// Takes one step on the complaint `reference` names, as `by` (else CS_USER, else its
/// handler): checks the move, rewrites the complaint's line and appends the history line, in
/// one transaction. Returns the complaint as it now is and what was recorded.
pub fn act(store: &Store, ctx: &Context, reference: &str, step: Step, by: Option<&str>) -> Result<(Complaint, Event)> {
    let settings = store.settings()?;
    let (mut index, row, located) = find(store, reference)?;
    let old = located.record.clone();
    let action = step.action();
    action
        .check(old.status)
        .map_err(|message| Error::invalid(old.id.clone(), message))?;
    let now = ctx.now();
    let by = acting_person(&settings, ctx, by)?.map_or_else(|| old.handler.clone(), |m| m.id.clone());
    let mut new = old.clone();
    new.updated = now;
    let mut at = now;
    let text = match step {
        Step::Ack { at: when, note } => {
            at = not_before(when.unwrap_or(now), &old, now, "--at")?;
            // The first response is the one the response target measures: a reopened
            // complaint acknowledged again keeps it.
            new.responded = old.responded.or(Some(at));
            new.status = Status::Acknowledged;
            note
        }
        Step::Note { text } => require(text, "TEXT")?,
        Step::Wait { reason } => {
            new.status = Status::Waiting;
            require(reason, "--reason")?
        }
        Step::Resume => {
            new.status = status_before_waiting(store, &old)?;
            String::new()
        }
        Step::Escalate { to, reason } => {
            let to = match to {
                Some(to) => staff(&settings, "--to", &to)?,
                None => settings
                    .staff_member(&old.handler)
                    .and_then(|member| member.reports_to.clone())
                    .ok_or_else(|| {
                        Error::invalid(
                            "--to",
                            t!("complaint.top_of_chain", handler = old.handler.clone()).into_owned(),
                        )
                    })?,
            };
            if to == old.handler {
                return Err(Error::invalid(
                    "--to",
                    t!("complaint.same_handler", handler = to).into_owned(),
                ));
            }
            new.handler = to;
            new.level = old.level.saturating_add(1);
            reason
        }
        Step::Resolve {
            resolution,
            root_cause,
            at: when,
        } => {
            at = not_before(when.unwrap_or(now), &old, now, "--at")?;
            new.resolution = require(resolution, "--resolution")?;
            if !root_cause.trim().is_empty() {
                new.root_cause = root_cause.trim().to_string();
            }
            new.resolved = Some(at);
            new.status = Status::Resolved;
            new.resolution.clone()
        }
        Step::Close { score, accepted } => {
            if let Some(score) = score {
                new.score = Some(check_score(score).map_err(|m| Error::invalid("--score", m))?);
            }
            if accepted {
                new.status = Status::Closed;
                new.closed = Some(now);
                String::new()
            } else {
                // The customer did not accept the decision: it is handled again.
                new.status = Status::Open;
                new.resolved = None;
                t!("complaint.not_accepted").into_owned()
            }
        }
        Step::Reopen { reason } => {
            new.status = Status::Reopened;
            new.reopened += 1;
            new.closed = None;
            // Resolved no longer: the resolution target runs again from the receipt.
            new.resolved = None;
            require(reason, "--reason")?
        }
    };
    let event = Event {
        complaint: old.id.clone(),
        at,
        by,
        action,
        from_status: old.status,
        to_status: new.status,
        from_handler: old.handler.clone(),
        to_handler: new.handler.clone(),
        text: text.trim().to_string(),
    };
    if let Some((field, message)) = new.text_problem() {
        return Err(Error::invalid(field, message));
    }
    let mut tx = store.transaction();
    tx.update(&located, &new)?;
    tx.append(std::slice::from_ref(&event))?;
    tx.commit()?;
    index.after_replace(store, row, Some(&new))?;
    Ok((new, event))
}

/// A time given for a step: not before the complaint was received, not in the future.
fn not_before(
    at: DateTime<FixedOffset>,
    complaint: &Complaint,
    now: DateTime<FixedOffset>,
    flag: &str,
) -> Result<DateTime<FixedOffset>> {
    if at < complaint.received {
        return Err(Error::invalid(
            flag,
            t!(
                "complaint.before_received",
                at = at.to_rfc3339(),
                received = complaint.received.to_rfc3339()
            )
            .into_owned(),
        ));
    }
    if at > now {
        return Err(Error::invalid(
            flag,
            t!("complaint.future", at = at.to_rfc3339()).into_owned(),
        ));
    }
    Ok(at)
}

fn require(text: String, flag: &str) -> Result<String> {
    if text.trim().is_empty() {
        Err(Error::invalid(flag, t!("complaint.empty_text").into_owned()))
    } else {
        Ok(text.trim().to_string())
    }
}

fn staff(settings: &Settings, flag: &str, input: &str) -> Result<String> {
    settings.resolve_staff(input).map(|s| s.id.clone()).ok_or_else(|| {
        Error::invalid_with_hint(
            flag,
            t!("complaint.unknown_staff", value = input).into_owned() + &suggest::staff(settings, input),
            t!("complaint.staff_hint", ids = settings.staff_list()).into_owned(),
        )
    })
}

/// The status a waiting complaint had before it waited: from the last `wait` of its history.
fn status_before_waiting(store: &Store, complaint: &Complaint) -> Result<Status> {
    Ok(history(store, complaint)?
        .iter()
        .rev()
        .find(|e| e.action == Action::Wait)
        .map_or(Status::Acknowledged, |e| e.from_status))
}

/// A complaint's history, in the order of the actions: found in the complaint column of the
/// history index of each month from the one it was received in, then read.
pub fn history(store: &Store, complaint: &Complaint) -> Result<Vec<Event>> {
    let from = Month::of(complaint.received.date_naive());
    let months = store.months_between(&HISTORY, Some(from), None)?;
    let mut events: Vec<Event> = index::read_matching(store, &months, event_key::COMPLAINT, &complaint.id)?;
    // Stable: actions recorded in the same second stay in the order they were written.
    events.sort_by_key(|e| e.at);
    Ok(events)
}

/// Finds the complaint `reference` names (its id, in any case, or the one id it starts), with
/// its month's index and where it is.
pub fn find(store: &Store, reference: &str) -> Result<(FileIndex<Complaint>, usize, Located<Complaint>)> {
    let months = store.months_between(&TABLE, None, None)?;
    // Only the id column is read to find it; the found month's index is checked whole before
    // it is changed (`after_replace`).
    let files: Vec<FileIndex<Complaint>> = index::load_all_columns(store, &months, Some(&[key::ID]))?;
    for file in &files {
        file.check()?;
    }
    let wanted = reference.trim();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for exact in [true, false] {
        for (at, file) in files.iter().enumerate() {
            found.extend(
                (0..file.rows())
                    .filter(|&row| {
                        let id = file.str(key::ID, row);
                        if exact {
                            id.eq_ignore_ascii_case(wanted)
                        } else {
                            !wanted.is_empty() && id::matches_prefix(id, TABLE.id_prefix, wanted)
                        }
                    })
                    .map(|row| (at, row)),
            );
        }
        if !found.is_empty() {
            break;
        }
    }
    match found.as_slice() {
        [] => Err(Error::not_found(TABLE.record_name, reference)),
        [(at, row)] => {
            let (at, row) = (*at, *row);
            let located = files[at].read(store, &[row])?.remove(0);
            let mut files = files;
            Ok((files.swap_remove(at), row, located))
        }
        many => Err(Error::Ambiguous {
            what: TABLE.record_name,
            reference: reference.to_string(),
            candidates: many
                .iter()
                .map(|&(at, row)| files[at].str(key::ID, row).to_string())
                .collect(),
        }),
    }
}

/// A complaint with what `show` prints beside it.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintDetail {
    /// The complaint.
    #[serde(flatten)]
    pub complaint: Complaint,
    /// The customer's name.
    pub customer_name: String,
    /// Its service levels as of now.
    pub sla: overdue::Clock,
    /// Every action, oldest first.
    pub history: Vec<Event>,
}

/// The complaint `reference` names, with its history and service levels.
pub fn show(store: &Store, ctx: &Context, reference: &str) -> Result<ComplaintDetail> {
    let settings = store.settings()?;
    let (_, _, located) = find(store, reference)?;
    let complaint = located.record;
    let history = history(store, &complaint)?;
    let customer_name = CustomerIndex::name_of(store, &complaint.customer)?;
    let sla = overdue::clock(&settings, &complaint, &history, ctx.now());
    Ok(ComplaintDetail {
        complaint,
        customer_name,
        sla,
        history,
    })
}

/// What `list` keeps.
#[derive(Debug, Clone, Default)]
pub struct ComplaintFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this handler (staff id or name).
    pub handler: Option<String>,
    /// Only this customer.
    pub customer: Option<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only those late at `as_of` (or late when answered).
    pub overdue: bool,
    /// The moment lateness is judged at [default: now].
    pub as_of: Option<DateTime<FixedOffset>>,
}

/// A complaint as `list` shows it: with its customer's name and its service levels.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintRow {
    /// The complaint.
    #[serde(flatten)]
    pub complaint: Complaint,
    /// The customer's name.
    pub customer_name: String,
    /// Its service levels at the moment asked about.
    pub sla: overdue::Clock,
}

/// The complaints `filter` keeps, newest received first.
pub fn list(store: &Store, ctx: &Context, filter: &ComplaintFilter) -> Result<Vec<ComplaintRow>> {
    let settings = store.settings()?;
    let customers = CustomerIndex::load(store)?;
    let customer = match &filter.customer {
        Some(reference) => Some(customers.id(customers.find(reference)?).to_string()),
        None => None,
    };
    let handler = match &filter.handler {
        Some(h) => Some(staff(&settings, "--handler", h)?),
        None => None,
    };
    let category = match &filter.category {
        Some(c) => Some(
            settings
                .complaints
                .category(c)
                .ok_or_else(|| {
                    Error::invalid(
                        "--category",
                        t!(
                            "complaint.unknown_category",
                            value = c.trim(),
                            known = settings.complaints.categories.join(", ")
                        )
                        .into_owned(),
                    )
                })?
                .to_string(),
        ),
        None => None,
    };
    let as_of = filter.as_of.unwrap_or_else(|| ctx.now());
    let months = store.months_between(&TABLE, None, None)?;
    let files: Vec<FileIndex<Complaint>> = index::load_all(store, &months)?;
    let status_code = |s: Status| Status::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8;
    let severity_code = |s: Severity| Severity::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8;
    // What the index alone can tell: the filters, and (from the complaints and the history
    // index) the service levels; only the complaints kept are read.
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for (at, file) in files.iter().enumerate() {
        file.check()?;
        candidates.extend(
            (0..file.rows())
                .filter(|&row| {
                    filter
                        .status
                        .is_none_or(|s| file.u8(key::STATUS, row) == status_code(s))
                })
                .filter(|&row| {
                    filter
                        .severity
                        .is_none_or(|s| file.u8(key::SEVERITY, row) == severity_code(s))
                })
                .filter(|&row| customer.as_deref().is_none_or(|c| file.str(key::CUSTOMER, row) == c))
                .filter(|&row| handler.as_deref().is_none_or(|h| file.str(key::HANDLER, row) == h))
                .filter(|&row| category.as_deref().is_none_or(|c| file.str(key::CATEGORY, row) == c))
                .filter(|&row| file.i64(key::RECEIVED, row) <= as_of.timestamp())
                .map(|row| (at, row)),
        );
    }
    let ids: HashSet<&str> = candidates
        .iter()
        .map(|&(at, row)| files[at].str(key::ID, row))
        .collect();
    let timelines = overdue::timelines(store, &ids, *as_of.offset())?;
    let no_timeline = overdue::Timeline::default();
    let time = |seconds: i64| {
        (seconds != key::NO_TIME).then(|| {
            DateTime::from_timestamp(seconds, 0)
                .unwrap_or_default()
                .with_timezone(as_of.offset())
        })
    };
    let mut kept: Vec<(usize, usize, overdue::Clock)> = Vec::new();
    for (at, row) in candidates {
        let file = &files[at];
        let facts = overdue::Facts {
            received: time(file.i64(key::RECEIVED, row)).unwrap_or(as_of),
            severity: Severity::ALL[usize::from(file.u8(key::SEVERITY, row)).min(Severity::ALL.len() - 1)],
            responded: time(file.i64(key::RESPONDED, row)),
            done: time(file.i64(key::DONE, row)),
        };
        let timeline = timelines.get(file.str(key::ID, row)).unwrap_or(&no_timeline);
        let clock = overdue::clock_of(&settings, &facts, timeline, as_of);
        if !filter.overdue || clock.is_late() {
            kept.push((at, row, clock));
        }
    }
    let names = customers.names();
    let mut rows = Vec::with_capacity(kept.len());
    for group in kept.chunk_by(|a, b| a.0 == b.0) {
        let at = group[0].0;
        let wanted: Vec<usize> = group.iter().map(|k| k.1).collect();
        for (located, (_, _, sla)) in files[at].read(store, &wanted)?.into_iter().zip(group.iter().cloned()) {
            let complaint = located.record;
            rows.push(ComplaintRow {
                customer_name: names.get(&complaint.customer).unwrap_or_default().to_string(),
                complaint,
                sla,
            });
        }
    }
    rows.sort_by(|a, b| (b.complaint.received, &b.complaint.id).cmp(&(a.complaint.received, &a.complaint.id)));
    Ok(rows)
}

/// A customer's complaints, newest received first: found in the customer column of the
/// complaints index, then read.
pub fn of_customer(store: &Store, customer: &str) -> Result<Vec<Complaint>> {
    let months = store.months_between(&TABLE, None, None)?;
    let mut found: Vec<Complaint> = index::read_matching(store, &months, key::CUSTOMER, customer)?;
    found.sort_by(|a, b| (b.received, &b.id).cmp(&(a.received, &a.id)));
    Ok(found)
}
