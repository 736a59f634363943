//! `cs shipment list`: what the shipments index alone can tell (status, days, carrier, center,
//! customer, order), lateness on a day, staleness from the events index; only the shipments
//! kept are read.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::Serialize;

use super::{all_files, carrier, center_id, first_event_month};
use crate::context::Context;
use crate::error::Result;
use crate::model::shipment::{Shipment, Status, TrackEvent};
use crate::store::Store;
use crate::store::customers::CustomerIndex;
use crate::store::index::{self, FileIndex, day_number};
use crate::store::shipments::{event_key, key};

/// What `list` keeps.
#[derive(Debug, Clone, Default)]
pub struct ShipmentFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only those not yet in a final status.
    pub in_transit: bool,
    /// Only those late at `as_of`: past their eta and not delivered, or delivered after it.
    pub late: bool,
    /// Only those not final with no event for more than this many days.
    pub stale_days: Option<u32>,
    /// Only this customer.
    pub customer: Option<String>,
    /// Only this carrier.
    pub carrier: Option<String>,
    /// Only this distribution center.
    pub center: Option<String>,
    /// Only this order.
    pub order: Option<String>,
    /// The day lateness is judged on [default: today].
    pub as_of: Option<NaiveDate>,
}

/// A shipment as `list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ShipmentRow {
    /// The shipment.
    #[serde(flatten)]
    pub shipment: Shipment,
    /// The customer's name.
    pub customer_name: String,
    /// Days past its eta, when late.
    pub days_late: Option<i64>,
    /// Its latest tracking event (only worked out for `--stale` and `show`).
    pub last_event: Option<DateTime<FixedOffset>>,
}

/// The shipments `filter` keeps, most recently shipped first.
pub fn list(store: &Store, ctx: &Context, filter: &ShipmentFilter) -> Result<Vec<ShipmentRow>> {
    let settings = store.settings()?;
    let customers = CustomerIndex::load(store)?;
    let customer = match &filter.customer {
        Some(reference) => Some(customers.id(customers.find(reference)?).to_string()),
        None => None,
    };
    let carrier = match &filter.carrier {
        Some(c) => Some(carrier(&settings, c)?.name.clone()),
        None => None,
    };
    let center = match &filter.center {
        Some(c) => Some(center_id(&settings, c)?),
        None => None,
    };
    let as_of = filter.as_of.unwrap_or_else(|| ctx.now().date_naive());
    let today = day_number(as_of);
    let files = all_files(store, None)?;
    // What the index alone can tell; only the shipments kept are read.
    let mut kept: Vec<(usize, usize, Option<i64>)> = Vec::new();
    for (at, file) in files.iter().enumerate() {
        for row in 0..file.rows() {
            let status = Status::from_code(file.u8(key::STATUS, row));
            let shipped = file.i32(key::SHIPPED, row);
            if shipped > today
                || filter.status.is_some_and(|s| s != status)
                || (filter.in_transit && status.is_final())
                || customer.as_deref().is_some_and(|c| file.str(key::CUSTOMER, row) != c)
                || carrier.as_deref().is_some_and(|c| file.str(key::CARRIER, row) != c)
                || center.as_deref().is_some_and(|c| file.str(key::CENTER, row) != c)
                || filter
                    .order
                    .as_deref()
                    .is_some_and(|o| file.str(key::ORDER, row) != o.trim())
            {
                continue;
            }
            let delivered = Some(file.i32(key::DELIVERED, row)).filter(|&d| d != key::NO_DAY && d <= today);
            let end = match delivered {
                Some(day) => Some(day),
                None if status.is_final() && status != Status::Delivered => None,
                None => Some(today),
            };
            let late = end
                .map(|end| i64::from(end - file.i32(key::ETA, row)))
                .filter(|&days| days > 0);
            if filter.late && late.is_none() {
                continue;
            }
            kept.push((at, row, late));
        }
    }
    let mut last_events: HashMap<String, i64> = HashMap::new();
    if let Some(days) = filter.stale_days {
        kept.retain(|&(at, row, _)| !Status::from_code(files[at].u8(key::STATUS, row)).is_final());
        last_events = latest_events(store, &files, &kept)?;
        let limit = (as_of - Duration::days(i64::from(days)))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            .timestamp();
        kept.retain(|&(at, row, _)| {
            let file = &files[at];
            let since = last_events.get(file.str(key::ID, row)).copied().unwrap_or_else(|| {
                crate::store::index::day_of(file.i32(key::SHIPPED, row))
                    .and_hms_opt(0, 0, 0)
                    .unwrap_or_default()
                    .and_utc()
                    .timestamp()
            });
            since < limit
        });
    }
    let names = customers.names();
    let offset = *ctx.now().offset();
    let mut rows = Vec::with_capacity(kept.len());
    for group in kept.chunk_by(|a, b| a.0 == b.0) {
        let at = group[0].0;
        let wanted: Vec<usize> = group.iter().map(|k| k.1).collect();
        for (located, &(_, _, days_late)) in files[at].read(store, &wanted)?.into_iter().zip(group) {
            let shipment = located.record;
            rows.push(ShipmentRow {
                customer_name: names.get(&shipment.customer).unwrap_or_default().to_string(),
                days_late,
                last_event: last_events
                    .get(&shipment.id)
                    .and_then(|&at| DateTime::from_timestamp(at, 0))
                    .map(|t| t.with_timezone(&offset)),
                shipment,
            });
        }
    }
    rows.sort_by(|a, b| (b.shipment.shipped, &b.shipment.id).cmp(&(a.shipment.shipped, &a.shipment.id)));
    Ok(rows)
}

/// The time of the latest event of each kept shipment, from the events index.
fn latest_events(
    store: &Store,
    files: &[FileIndex<Shipment>],
    kept: &[(usize, usize, Option<i64>)],
) -> Result<HashMap<String, i64>> {
    let mut latest: HashMap<String, i64> = kept
        .iter()
        .map(|&(at, row, _)| (files[at].str(key::ID, row).to_string(), i64::MIN))
        .collect();
    let Some(from) = kept
        .iter()
        .map(|&(at, row, _)| first_event_month(crate::store::index::day_of(files[at].i32(key::SHIPPED, row))))
        .min()
    else {
        return Ok(HashMap::new());
    };
    let months = store.months_between(&crate::store::shipments::EVENTS, Some(from), None)?;
    let events: Vec<FileIndex<TrackEvent>> = index::load_all(store, &months)?;
    for file in &events {
        file.check()?;
        for row in 0..file.rows() {
            if let Some(time) = latest.get_mut(file.str(event_key::SHIPMENT, row)) {
                *time = (*time).max(file.i64(event_key::AT, row));
            }
        }
    }
    latest.retain(|_, &mut time| time != i64::MIN);
    Ok(latest)
}
