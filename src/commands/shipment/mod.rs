//! `cs shipment ...`: recording shipments, their tracking events (each appended, the
//! shipment's line rewritten only when its status changes), listing late and stale ones, and
//! showing one with its timeline. Carriers' exports are imported by [`import`].

pub mod import;
mod list;

pub use list::{ShipmentFilter, ShipmentRow, list};

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use rust_i18n::t;
use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::id;
use crate::model::settings::Settings;
use crate::model::shipment::{Shipment, Status, TrackEvent, days_late, status_after};
use crate::store::customers::CustomerIndex;
use crate::store::index::{self, FileIndex};
use crate::store::shipments::{TABLE, event_key, key};
use crate::store::table::Month;
use crate::store::{Located, Store};

/// How long before the day shipped an event may be: a carrier often has the details the day
/// before it collects the goods. Events are looked for from this far back.
const EARLIEST_EVENT_DAYS: i64 = 31;

/// A shipment as `add` is given it.
#[derive(Debug, Clone, Default)]
pub struct NewShipment {
    /// The customer: id, unique id prefix or exact name.
    pub customer: String,
    /// The carrier, as typed (a name or alias of `[carriers]`).
    pub carrier: String,
    /// The tracking number, when known.
    pub tracking: String,
    /// The order number.
    pub order: String,
    /// The distribution center (id or name) [default: the customer's].
    pub center: Option<String>,
    /// What it carries.
    pub items: String,
    /// The day shipped [default: today].
    pub shipped: Option<NaiveDate>,
    /// The day expected [default: shipped + the carrier's transit days].
    pub eta: Option<NaiveDate>,
}

/// Records a shipment, `pending` until its first tracking event; returns it.
pub fn add(store: &Store, ctx: &Context, new: NewShipment) -> Result<Shipment> {
    let settings = store.settings()?;
    let customer = CustomerIndex::load_for_lookup(store)?
        .read_one(store, &new.customer)?
        .record;
    let carrier = carrier(&settings, &new.carrier)?;
    let now = ctx.now();
    let shipped = new.shipped.unwrap_or(now.date_naive());
    let eta = new
        .eta
        .unwrap_or(shipped + Duration::days(i64::from(carrier.transit_days)));
    if eta < shipped {
        return Err(Error::invalid(
            "--eta",
            t!("shipment.eta_before_shipped", eta = eta, shipped = shipped).into_owned(),
        ));
    }
    let center = match &new.center {
        Some(center) => center_id(&settings, center)?,
        None => customer.center.clone().unwrap_or_default(),
    };
    let tracking = new.tracking.trim().to_string();
    if tracking.contains(['\n', '\r']) {
        return Err(Error::invalid("--tracking", t!("shipment.bad_tracking").into_owned()));
    }
    let files = all_files(store, Some(LOOKUP))?;
    if !tracking.is_empty()
        && let Some((at, row)) = by_tracking(&files, &tracking)
            .into_iter()
            .find(|&(at, row)| files[at].str(key::CARRIER, row) == carrier.name)
    {
        return Err(Error::invalid(
            "--tracking",
            t!(
                "shipment.duplicate_tracking",
                tracking = tracking.clone(),
                carrier = carrier.name.clone(),
                id = files[at].str(key::ID, row)
            )
            .into_owned(),
        ));
    }
    let mut shipment = Shipment {
        id: String::new(),
        customer: customer.id.clone(),
        order: new.order.trim().to_string(),
        carrier: carrier.name.clone(),
        tracking,
        center,
        items: new.items.trim().to_string(),
        shipped,
        eta,
        status: Status::Pending,
        delivered: None,
        updated: now,
    };
    // Random, salted with what differs between two adds in a row when CS_SEED pins it.
    let mut salt = DefaultHasher::new();
    (
        store.file_size(&TABLE, Some(Month::of(shipped)))?,
        &shipment.customer,
        &shipment.tracking,
        &shipment.order,
    )
        .hash(&mut salt);
    let taken: HashSet<&str> = files
        .iter()
        .flat_map(|f| (0..f.rows()).map(move |row| f.str(key::ID, row)))
        .collect();
    shipment.id = id::generate(TABLE.id_prefix, TABLE.id_chars, &mut ctx.rng(salt.finish()), |id| {
        taken.contains(id)
    });
    if let Some((field, message)) = shipment.text_problem() {
        return Err(Error::invalid(field, message));
    }
    let mut tx = store.transaction();
    tx.append(std::slice::from_ref(&shipment))?;
    tx.commit()?;
    Ok(shipment)
}

/// A tracking event as `track` is given it.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// The status the carrier reports.
    pub status: Status,
    /// When [default: now].
    pub at: Option<DateTime<FixedOffset>>,
    /// Where.
    pub location: String,
    /// A note.
    pub note: String,
}

/// What `track` did.
#[derive(Debug, Clone, Serialize)]
pub struct Tracked {
    /// The shipment as it now is.
    pub shipment: Shipment,
    /// The event.
    pub event: TrackEvent,
    /// False when the same event (time and status) was already recorded: nothing was written.
    pub recorded: bool,
}

/// Records a tracking event of the shipment `reference` names (its id or tracking number):
/// appends it and, when it is now the latest, sets the shipment's status from it. An event
/// later than a final status is refused unless `force`.
pub fn track(store: &Store, ctx: &Context, reference: &str, new: NewEvent, force: bool) -> Result<Tracked> {
    let (mut index, row, located) = find(store, reference)?;
    let now = ctx.now();
    let event = TrackEvent {
        shipment: located.record.id.clone(),
        at: new.at.unwrap_or(now),
        status: new.status,
        location: new.location.trim().to_string(),
        note: new.note.trim().to_string(),
    };
    check_event_time(&located.record, &event, now).map_err(|m| Error::invalid("--at", m))?;
    let mut known = event_times(store, std::slice::from_ref(&located.record))?;
    let history = known.remove(&located.record.id).unwrap_or_default();
    if history
        .iter()
        .any(|&(at, status)| at == event.at.timestamp() && status == event.status)
    {
        return Ok(Tracked {
            shipment: located.record,
            event,
            recorded: false,
        });
    }
    after_final(&located.record, located.record.status, &history, &event, force)
        .map_err(|m| Error::invalid(reference, m))?;
    let updated = apply(&located.record, &history, std::slice::from_ref(&event), now);
    let mut tx = store.transaction();
    tx.append(std::slice::from_ref(&event))?;
    if let Some(updated) = &updated {
        tx.update(&located, updated)?;
    }
    tx.commit()?;
    if let Some(updated) = &updated {
        index.after_replace(store, row, Some(updated))?;
    }
    Ok(Tracked {
        shipment: updated.unwrap_or(located.record),
        event,
        recorded: true,
    })
}

/// An event's time: not in the future, not long before the shipment left.
fn check_event_time(shipment: &Shipment, event: &TrackEvent, now: DateTime<FixedOffset>) -> Result<(), String> {
    if event.at > now {
        return Err(t!("shipment.future", at = event.at.to_rfc3339()).into_owned());
    }
    if event.at.date_naive() < shipment.shipped - Duration::days(EARLIEST_EVENT_DAYS) {
        return Err(t!(
            "shipment.event_before_shipped",
            at = event.at.to_rfc3339(),
            shipped = shipment.shipped,
            days = EARLIEST_EVENT_DAYS
        )
        .into_owned());
    }
    Ok(())
}

/// Refuses an event that would follow a final status, unless forced: a delivered shipment
/// does not move again without someone saying so.
fn after_final(
    shipment: &Shipment,
    status: Status,
    history: &[(i64, Status)],
    event: &TrackEvent,
    force: bool,
) -> Result<(), String> {
    let id = &shipment.id;
    // With no events recorded (a shipment imported already final), the final status dates
    // from its delivery, else from when the shipment last changed.
    let latest = history
        .iter()
        .map(|&(at, _)| at)
        .max()
        .or(Some(shipment.delivered.unwrap_or(shipment.updated).timestamp()));
    let later = latest.is_none_or(|latest| event.at.timestamp() >= latest);
    if status.is_final() && later && !force {
        return Err(t!(
            "shipment.after_final",
            id = id,
            status = crate::i18n::value_of("shipment", "status", status.as_str())
        )
        .into_owned());
    }
    Ok(())
}

/// Seconds since 1970 as a time (in UTC: only compared, never shown).
fn seconds(at: i64) -> DateTime<FixedOffset> {
    DateTime::from_timestamp(at, 0).unwrap_or_default().fixed_offset()
}

/// The shipment after `added` events join its `history`, or `None` when its status and
/// delivery are unchanged (an older event filling in the timeline changes no line).
fn apply(
    shipment: &Shipment,
    history: &[(i64, Status)],
    added: &[TrackEvent],
    now: DateTime<FixedOffset>,
) -> Option<Shipment> {
    let all = history
        .iter()
        .map(|&(at, status)| (seconds(at), status))
        .chain(added.iter().map(|e| (e.at, e.status)));
    let (status, at) = status_after(all);
    let delivered = match status {
        // The time the carrier reported, in the event's own offset.
        Status::Delivered => added
            .iter()
            .find(|e| Some(e.at) == at && e.status == Status::Delivered)
            .map(|e| e.at)
            .or(shipment.delivered)
            .or(at),
        _ => None,
    };
    if status == shipment.status && delivered == shipment.delivered {
        return None;
    }
    Some(Shipment {
        status,
        delivered,
        updated: now,
        ..shipment.clone()
    })
}

/// The columns a lookup by id or tracking number reads.
const LOOKUP: &[usize] = &[key::ID, key::TRACKING, key::CARRIER, key::SHIPPED];

/// Every shipment index, checked (only the `keys` columns, when given).
fn all_files(store: &Store, keys: Option<&[usize]>) -> Result<Vec<FileIndex<Shipment>>> {
    let months = store.months_between(&TABLE, None, None)?;
    let files: Vec<FileIndex<Shipment>> = index::load_all_columns(store, &months, keys)?;
    for file in &files {
        file.check()?;
    }
    Ok(files)
}

/// The shipments with this tracking number (in any case), as (file, row).
fn by_tracking(files: &[FileIndex<Shipment>], tracking: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (at, file) in files.iter().enumerate() {
        found.extend(
            (0..file.rows())
                .filter(|&row| file.str(key::TRACKING, row).eq_ignore_ascii_case(tracking))
                .map(|row| (at, row)),
        );
    }
    found
}

/// Finds the shipment `reference` names: its id (in any case, or the one id it starts), or
/// its tracking number; with its month's index and where it is.
pub fn find(store: &Store, reference: &str) -> Result<(FileIndex<Shipment>, usize, Located<Shipment>)> {
    let files = all_files(store, Some(LOOKUP))?;
    let wanted = reference.trim();
    let mut found: Vec<(usize, usize)> = Vec::new();
    let by_id = |exact: bool, found: &mut Vec<(usize, usize)>| {
        for (at, file) in files.iter().enumerate() {
            found.extend(
                (0..file.rows())
                    .filter(|&row| {
                        let id = file.str(key::ID, row);
                        if exact {
                            id.eq_ignore_ascii_case(wanted)
                        } else {
                            id::matches_prefix(id, TABLE.id_prefix, wanted)
                        }
                    })
                    .map(|row| (at, row)),
            );
        }
    };
    if !wanted.is_empty() {
        by_id(true, &mut found);
        if found.is_empty() {
            found = by_tracking(&files, wanted);
        }
        if found.is_empty() {
            by_id(false, &mut found);
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
                .map(|&(at, row)| {
                    let file = &files[at];
                    format!(
                        "{} ({} {})",
                        file.str(key::ID, row),
                        file.str(key::CARRIER, row),
                        file.str(key::TRACKING, row)
                    )
                })
                .collect(),
        }),
    }
}

/// The month events of a shipment shipped on `shipped` may start in.
fn first_event_month(shipped: NaiveDate) -> Month {
    Month::of(shipped - Duration::days(EARLIEST_EVENT_DAYS))
}

/// The (time in seconds, status) of every recorded event of these shipments, by shipment id,
/// in the order recorded: from the events index, reading no events file.
fn event_times(store: &Store, shipments: &[Shipment]) -> Result<HashMap<String, Vec<(i64, Status)>>> {
    let mut times: HashMap<String, Vec<(i64, Status)>> = HashMap::new();
    let Some(from) = shipments.iter().map(|s| first_event_month(s.shipped)).min() else {
        return Ok(times);
    };
    let ids: HashSet<&str, xxhash_rust::xxh3::Xxh3Builder> = shipments.iter().map(|s| s.id.as_str()).collect();
    let months = store.months_between(&crate::store::shipments::EVENTS, Some(from), None)?;
    let keys = [event_key::SHIPMENT, event_key::AT, event_key::STATUS];
    let files: Vec<FileIndex<TrackEvent>> = index::load_all_columns(store, &months, Some(&keys))?;
    for file in &files {
        file.check()?;
        for row in 0..file.rows() {
            let shipment = file.str(event_key::SHIPMENT, row);
            if ids.contains(shipment) {
                times.entry(shipment.to_string()).or_default().push((
                    file.i64(event_key::AT, row),
                    Status::from_code(file.u8(event_key::STATUS, row)),
                ));
            }
        }
    }
    Ok(times)
}

/// A shipment's events, oldest first.
pub fn events(store: &Store, shipment: &Shipment) -> Result<Vec<TrackEvent>> {
    let months = store.months_between(
        &crate::store::shipments::EVENTS,
        Some(first_event_month(shipment.shipped)),
        None,
    )?;
    let mut events: Vec<TrackEvent> = index::read_matching(store, &months, event_key::SHIPMENT, &shipment.id)?;
    events.sort_by_key(|e| e.at);
    Ok(events)
}

/// A shipment with what `show` prints beside it.
#[derive(Debug, Clone, Serialize)]
pub struct ShipmentDetail {
    /// The shipment, its customer's name and how late it is today.
    #[serde(flatten)]
    pub row: ShipmentRow,
    /// Every tracking event, oldest first.
    pub events: Vec<TrackEvent>,
}

/// The shipment `reference` names, with its timeline.
pub fn show(store: &Store, ctx: &Context, reference: &str) -> Result<ShipmentDetail> {
    let (_, _, located) = find(store, reference)?;
    let shipment = located.record;
    let events = events(store, &shipment)?;
    let customer_name = CustomerIndex::name_of(store, &shipment.customer)?;
    let last_event = events.iter().map(|e| e.at).max();
    Ok(ShipmentDetail {
        row: ShipmentRow {
            days_late: days_late(&shipment, ctx.now().date_naive()),
            customer_name,
            last_event,
            shipment,
        },
        events,
    })
}

/// A customer's shipments, most recently shipped first: found in the customer column of the
/// shipments index, then read.
pub fn of_customer(store: &Store, customer: &str) -> Result<Vec<Shipment>> {
    let months = store.months_between(&TABLE, None, None)?;
    let mut found: Vec<Shipment> = index::read_matching(store, &months, key::CUSTOMER, customer)?;
    found.sort_by(|a, b| (b.shipped, &b.id).cmp(&(a.shipped, &a.id)));
    Ok(found)
}

/// The carrier a user means, or an error listing the known ones.
fn carrier<'s>(settings: &'s Settings, input: &str) -> Result<&'s crate::model::settings::Carrier> {
    settings.carrier(input).ok_or_else(|| {
        Error::invalid_with_hint(
            "--carrier",
            t!("shipment.unknown_carrier", value = input.trim()).into_owned()
                + &crate::model::suggest::did_you_mean(
                    input,
                    settings
                        .carriers
                        .iter()
                        .flat_map(|c| std::iter::once(c.name.as_str()).chain(c.aliases.iter().map(String::as_str))),
                ),
            t!("shipment.carrier_hint", known = settings.carrier_list()).into_owned(),
        )
    })
}

/// The distribution center a user means (id or name), or an error listing the known ones.
fn center_id(settings: &Settings, input: &str) -> Result<String> {
    let input = input.trim();
    settings
        .centers
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(input) || c.name == input)
        .map(|c| c.id.clone())
        .ok_or_else(|| {
            let known: Vec<&str> = settings.centers.iter().map(|c| c.id.as_str()).collect();
            Error::invalid(
                "--center",
                t!("shipment.unknown_center", value = input, known = known.join(", ")).into_owned()
                    + &crate::model::suggest::did_you_mean(input, known.iter().copied()),
            )
        })
}
