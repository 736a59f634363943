//! The shipments and their tracking events. First who gets goods and when (key accounts more
//! often, working days far more than weekends and holidays, more in the gift seasons), with
//! which carrier, under which tracking number and order, drawn in order from a random
//! generator of the table's own; then what happens to each parcel on the way, from a generator
//! seeded by the shipment's number, so the stories can be told on every core and come out the
//! same.
//!
//! A story is what carriers' tracking services report: details received, one to three sorting
//! hubs, out for delivery, delivered; now and then a delay past the eta, a failed attempt and
//! a second round, a parcel left at a pick-up point, an exception on the way, a parcel that
//! goes quiet for days, and a few returned or lost. Whatever would happen after the end of the
//! data is left out, so the latest shipments are pending, in transit or out for delivery, and
//! some stalled ones are stale. The shipment's status, delivery time and last change are then
//! worked out from its events with the library's own `status_after`, as `cs shipment track`
//! does, and every record is checked with the rules of `cs check` before it is written.
//!
//! Events go to the file of their own month in time order, except a few that a carrier's feed
//! reported late: they sit after events that happened after them, as an append leaves them,
//! and the shipment's status is still that of its latest event by time.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{Context as _, Result, anyhow, ensure};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use xxhash_rust::xxh3::Xxh3Builder;

use cs::commands::check::{Checked, Known};
use cs::model::id;
use cs::model::settings::Settings;
use cs::model::shipment::{Shipment, Status, TrackEvent, days_late, status_after};
use cs::model::sla::BusinessHours;
use cs::store::shipments::{EVENTS, TABLE};
use cs::store::table::Month;

use crate::common::{Draw, at, day, digits, fill, pick, several, weighted};
use crate::complaints::write_months;
use crate::customers::Person;
use crate::words::{ATTEMPT_NOTES, DISTRICTS, EXCEPTION_NOTES, PICKUP_POINTS, SHIPMENT_ITEMS, SIGNED_BY, TRANSIT_HUBS};
use crate::{LAST_DAY, VISIT_DAYS};

/// Seconds past midnight of the last day after which nothing happens: the end of the data.
const END_SECONDS: u32 = 20 * 3600;
/// What the table's random generator is seeded with besides `--seed` ("shipment").
const TABLE_SALT: u64 = 0x7368_6970_6d65_6e74;

/// The carriers shipments go with (each a `[carriers]` name of the generated `cs.toml`), and
/// their shares.
const CARRIERS: &[(&str, u32)] = &[("顺丰", 30), ("京东物流", 20), ("中通", 25), ("圆通", 15), ("德邦", 10)];

/// The statuses one recent shipment each is told to stop at, so that every status is there at
/// any scale (a handful among thousands), with the days before the last day it is shipped in:
/// late enough to be still on its way, early enough to have got that far.
const GIVEN: [(Status, i64, i64); 7] = [
    (Status::Exception, 5, 2),
    (Status::InTransit, 2, 1),
    (Status::OutForDelivery, 3, 1),
    (Status::AttemptFail, 3, 1),
    (Status::AvailableForPickup, 3, 1),
    (Status::InfoReceived, 0, 0),
    (Status::Pending, 0, 0),
];

/// What was written.
pub struct ShipmentFiles {
    /// Shipments.
    pub shipments: usize,
    /// Tracking events.
    pub events: usize,
    /// Month files of shipments.
    pub shipment_months: usize,
    /// Month files of events.
    pub event_months: usize,
    /// Bytes of shipments.
    pub shipment_bytes: u64,
    /// Bytes of events.
    pub event_bytes: u64,
    /// Shipments in each status, in the order of `Status::ALL`.
    pub by_status: Vec<usize>,
    /// Shipments late on the last day (`cs shipment list --late --as-of LAST_DAY`).
    pub late: usize,
    /// The tracking number of a shipment of the last month still in transit.
    pub track_ref: Option<String>,
}

/// A shipment before its story: who, when, with whom.
struct Sent {
    customer: u32,
    shipped: NaiveDate,
    carrier: &'static str,
    transit_days: u32,
}

/// A tracking event and when it reached the file: its own time, or later for the few a
/// carrier's feed reported late.
struct Reported {
    event: TrackEvent,
    recorded: DateTime<FixedOffset>,
}

/// Makes `count` shipments with their tracking events and writes both tables.
pub fn write_shipments(
    dir: &Path,
    seed: u64,
    settings: &Settings,
    people: &[Person],
    count: usize,
) -> Result<ShipmentFiles> {
    let hours = settings
        .complaints
        .business_hours
        .clone()
        .context("the settings have business hours (for the working days)")?;
    let mut transit = HashMap::new();
    for (name, _) in CARRIERS {
        let carrier = settings
            .carrier(name)
            .filter(|c| c.name == *name)
            .with_context(|| format!("the settings have the carrier {name}"))?;
        transit.insert(*name, carrier.transit_days);
    }
    let mut rng = StdRng::seed_from_u64(seed ^ TABLE_SALT);
    let mut sent = send(&mut rng, &hours, people, count, &transit);
    sent.sort_by_key(|s| s.shipped);

    // Ids, tracking numbers and orders in the order the shipments were added.
    let mut ids: HashSet<String> = HashSet::with_capacity(sent.len());
    let mut numbers: HashSet<String> = HashSet::with_capacity(sent.len());
    let mut orders_of_day: HashMap<NaiveDate, u32> = HashMap::new();
    let mut shipments = Vec::with_capacity(sent.len());
    for s in &sent {
        let id = id::generate(TABLE.id_prefix, TABLE.id_chars, &mut rng, |id| ids.contains(id));
        ids.insert(id.clone());
        let tracking = loop {
            let number = tracking_number(&mut rng, s.carrier);
            if numbers.insert(number.clone()) {
                break number;
            }
        };
        let ordered = s.shipped - Duration::days(*weighted(&mut rng, &[(0, 50), (1, 35), (2, 15)]));
        let n = orders_of_day.entry(ordered).or_default();
        *n += 1;
        let person = &people[s.customer as usize];
        let eta = s.shipped
            + Duration::days(i64::from(s.transit_days))
            + Duration::days(if rng.random_bool(0.08) {
                rng.random_range(1..=3)
            } else {
                0
            });
        shipments.push(Shipment {
            id,
            customer: person.id.clone(),
            order: format!("SO-{}-{n:02}", ordered.format("%Y%m%d")),
            carrier: s.carrier.to_string(),
            tracking,
            center: person.center.clone().unwrap_or_default(),
            items: String::new(),
            shipped: s.shipped,
            eta,
            status: Status::Pending,
            delivered: None,
            updated: at(s.shipped, 9 * 3600),
        });
    }

    let end = at(day(LAST_DAY), END_SECONDS);
    let mut given: Vec<Option<Status>> = vec![None; shipments.len()];
    for (status, from, to) in GIVEN {
        let window = day(LAST_DAY) - Duration::days(from)..=day(LAST_DAY) - Duration::days(to);
        if let Some(n) = (0..shipments.len()).find(|&n| given[n].is_none() && window.contains(&shipments[n].shipped)) {
            given[n] = Some(status);
        }
    }

    // Each shipment's story from its own generator, a share of them on each core.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = shipments.len().div_ceil(threads).max(1);
    let told: Vec<Vec<Reported>> = std::thread::scope(|scope| {
        let workers: Vec<_> = shipments
            .chunks_mut(chunk)
            .zip(given.chunks(chunk))
            .enumerate()
            .map(|(part, (shipments, given))| {
                scope.spawn(move || {
                    let mut events = Vec::new();
                    for (n, (shipment, given)) in shipments.iter_mut().zip(given).enumerate() {
                        let number = (part * chunk + n) as u64;
                        let mut rng =
                            StdRng::seed_from_u64(seed ^ TABLE_SALT ^ number.wrapping_mul(0x9E37_79B9_7F4A_7C15));
                        events.extend(tell(&mut rng, shipment, *given, end));
                    }
                    events
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().map_err(|_| anyhow!("a shipment thread panicked")))
            .collect::<Result<_>>()
    })?;
    let mut events: Vec<Reported> = told.into_iter().flatten().collect();

    let known = Known {
        settings,
        store: None,
        customers: {
            let mut ids = HashSet::with_capacity_and_hasher(people.len(), Xxh3Builder::new());
            ids.extend(people.iter().map(|p| p.id.clone()));
            ids
        },
    };
    let last_day = day(LAST_DAY);
    let mut files = ShipmentFiles {
        shipments: shipments.len(),
        events: events.len(),
        shipment_months: 0,
        event_months: 0,
        shipment_bytes: 0,
        event_bytes: 0,
        by_status: vec![0; Status::ALL.len()],
        late: 0,
        // The latest shipped still in transit, so that a scan of it changes no shipment line;
        // else any still on its way.
        track_ref: shipments
            .iter()
            .rev()
            .find(|s| s.status == Status::InTransit && Month::of(s.shipped) == Month::of(last_day))
            .or_else(|| shipments.iter().rev().find(|s| !s.status.is_final()))
            .map(|s| s.tracking.clone()),
    };
    for shipment in &shipments {
        let problems = shipment.problems(&known);
        ensure!(
            problems.is_empty(),
            "generated an invalid shipment {shipment:?}: {problems:?}"
        );
        files.by_status[usize::from(shipment.status.code())] += 1;
        files.late += usize::from(days_late(shipment, last_day).is_some());
    }
    for r in &events {
        let problems = r.event.problems(&known);
        ensure!(
            problems.is_empty(),
            "generated an invalid event {:?}: {problems:?}",
            r.event
        );
    }
    // The month of the event decides its file; within it, the order things were reported in
    // (a stable sort keeps a shipment's own order when two report at once).
    events.sort_by_key(|r| (Month::of(r.event.at.date_naive()), r.recorded, r.event.at));
    let events: Vec<TrackEvent> = events.into_iter().map(|r| r.event).collect();
    (files.shipment_months, files.shipment_bytes) = write_months(dir, &TABLE, &shipments, |s| at(s.shipped, 0))?;
    (files.event_months, files.event_bytes) = write_months(dir, &EVENTS, &events, |e| e.at)?;
    Ok(files)
}

/// Who gets goods and when: a day by its weight, a customer by theirs among those not archived
/// by then (prospects have ordered nothing), a carrier by its share.
fn send(
    rng: &mut StdRng,
    hours: &BusinessHours,
    people: &[Person],
    count: usize,
    transit: &HashMap<&'static str, u32>,
) -> Vec<Sent> {
    let first = day(LAST_DAY) - Duration::days(VISIT_DAYS - 1);
    let draw = Draw::new(
        first,
        VISIT_DAYS,
        |date| {
            // The warehouse ships on working days; a few urgent orders go out on other days.
            let weekday = match date.weekday() {
                _ if hours.is_working_day(date) => 1.0,
                Weekday::Sat => 0.2,
                _ => 0.06,
            };
            // Gift seasons: Spring Festival, Mid-Autumn, the year's end.
            let season = match date.month() {
                1 | 9 | 12 => 1.3,
                10 => 1.1,
                _ => 1.0,
            };
            weekday * season
        },
        people,
    );
    let mut sent = Vec::with_capacity(count);
    while sent.len() < count && draw.has_customers() {
        let Some((d, customer)) = draw.next(rng, people) else {
            continue; // archived by then
        };
        let carrier = *weighted(rng, CARRIERS);
        sent.push(Sent {
            customer: customer as u32,
            shipped: first + Duration::days(d as i64),
            carrier,
            transit_days: transit[carrier],
        });
    }
    sent
}

/// A tracking number in the carrier's own format.
fn tracking_number(rng: &mut StdRng, carrier: &str) -> String {
    match carrier {
        "顺丰" => format!("SF{}", digits(rng, 12)),
        "京东物流" => format!("JDV{}{}", pick(rng, &["A", "B", "C", "D", "E"]), digits(rng, 11)),
        "中通" => format!("75{}", digits(rng, 12)),
        "圆通" => format!("YT{}", digits(rng, 13)),
        _ => format!("DPK{}", digits(rng, 12)),
    }
}

/// How a parcel's journey ends (or would, given time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Delivered,
    Returned,
    Lost,
}

/// The story of one parcel, in time order.
struct Story {
    events: Vec<(DateTime<FixedOffset>, Status, String, String)>,
}

impl Story {
    /// Adds an event, a minute after the previous one at the least: a carrier reports one
    /// thing at a time.
    fn add(&mut self, mut when: DateTime<FixedOffset>, status: Status, location: &str, note: &str) {
        if let Some(&(last, ..)) = self.events.last()
            && when <= last
        {
            when = last + Duration::minutes(1);
        }
        self.events.push((when, status, location.to_string(), note.to_string()));
    }

    fn last(&self) -> DateTime<FixedOffset> {
        self.events.last().map(|e| e.0).expect("a story starts with an event")
    }
}

/// A moment on `date` between two times of day, in hours.
fn on(rng: &mut StdRng, date: NaiveDate, from_hour: f64, to_hour: f64) -> DateTime<FixedOffset> {
    at(
        date,
        rng.random_range((from_hour * 3600.0) as u32..(to_hour * 3600.0) as u32),
    )
}

/// Fills in the shipment's items, tells its story up to `end`, and sets its status, delivery
/// and last change from the events, as cs does; returns the events.
fn tell(rng: &mut StdRng, shipment: &mut Shipment, given: Option<Status>, end: DateTime<FixedOffset>) -> Vec<Reported> {
    let items = pick(rng, SHIPMENT_ITEMS);
    shipment.items = fill(rng, items);
    let shipped = shipment.shipped;
    let roll = rng.random_range(0.0..1.0);
    let ending = match roll {
        r if r < 0.002 => Ending::Lost,
        r if r < 0.012 => Ending::Returned,
        _ => Ending::Delivered,
    };
    let ending = if given.is_some() { Ending::Delivered } else { ending };
    let exception = ending == Ending::Delivered && rng.random_bool(0.02) || given == Some(Status::Exception);
    // Some parcels go quiet for days: the carrier's feed stops, then catches up (or not yet).
    let stalls = rng
        .random_bool(0.015)
        .then(|| Duration::days(rng.random_range(5..20)))
        .filter(|_| given.is_none());
    // Recorded, not yet collected: the latest days' shipments may have no event at all.
    let collected_late = given == Some(Status::Pending)
        || given.is_none() && end - at(shipped, 0) < Duration::days(3) && rng.random_bool(0.1);

    let mut story = Story { events: Vec::new() };
    let info = if rng.random_bool(0.15) {
        on(rng, shipped - Duration::days(1), 18.0, 22.0)
    } else {
        on(rng, shipped, 9.0, 15.0)
    };
    story.add(info, Status::InfoReceived, "醇香酒业杭州仓", "商家已通知揽收");
    // The day it reaches the customer's town: mostly on the eta, sometimes a day early, late
    // by one to five days for about one in twelve, later still after an exception.
    let mut arrives = shipment.eta;
    if rng.random_bool(0.2) && arrives - shipped >= Duration::days(2) {
        arrives -= Duration::days(1);
    }
    if rng.random_bool(0.08) {
        arrives += Duration::days(rng.random_range(1..=5));
    }
    if exception {
        arrives += Duration::days(rng.random_range(1..=3));
    }
    if matches!(
        given,
        Some(Status::OutForDelivery | Status::AttemptFail | Status::AvailableForPickup)
    ) {
        arrives = end.date_naive();
    }
    let stops = rng.random_range(1..=3);
    let hubs = several(rng, TRANSIT_HUBS, stops);
    let collected = (info + Duration::hours(rng.random_range(2..8))).max(on(rng, shipped, 10.0, 17.0));
    let morning = on(rng, arrives, 5.0, 7.0);
    let span = (morning - collected).num_seconds().max(hubs.len() as i64 * 60);
    for (j, hub) in hubs.iter().enumerate() {
        // Scanned at the first hub as it is collected, then on through the others.
        let share = if j == 0 {
            0.0
        } else {
            (j as f64 + rng.random_range(-0.4..0.4)) / hubs.len() as f64
        };
        let when = collected + Duration::seconds((span as f64 * share) as i64);
        let note = if j == 0 {
            "快件已揽收，发往"
        } else {
            "快件已到达"
        };
        story.add(when, Status::InTransit, hub, &format!("{note}{hub}"));
        if j == 0 && exception {
            let when = story.last() + Duration::hours(rng.random_range(3..12));
            story.add(when, Status::Exception, hub, pick(rng, &EXCEPTION_NOTES[..3]));
        }
    }
    let desk = format!("{}营业部", pick(rng, DISTRICTS));
    match ending {
        Ending::Lost => {
            let gone = story.last() + Duration::days(rng.random_range(4..10));
            story.add(gone, Status::Exception, "", "查无此件");
            let lost = gone + Duration::days(rng.random_range(3..10));
            story.add(lost, Status::Lost, "", "确认丢失，按保价理赔");
        }
        Ending::Returned | Ending::Delivered => {
            let mut round = on(rng, arrives, 7.5, 10.5);
            story.add(round, Status::OutForDelivery, &desk, "快递员正在派送");
            let fails = if ending == Ending::Returned {
                rng.random_range(1..=2)
            } else {
                usize::from(rng.random_bool(0.04) || given == Some(Status::AttemptFail))
            };
            for _ in 0..fails {
                let failed = round + Duration::minutes(rng.random_range(90..360));
                story.add(failed, Status::AttemptFail, &desk, pick(rng, ATTEMPT_NOTES));
                round = on(rng, failed.date_naive() + Duration::days(1), 7.5, 10.5);
                story.add(round, Status::OutForDelivery, &desk, "再次派送");
            }
            if ending == Ending::Returned {
                let refused = round + Duration::minutes(rng.random_range(60..300));
                story.add(refused, Status::Exception, &desk, "收件人拒收");
                let back = refused + Duration::days(rng.random_range(2..7));
                story.add(back, Status::Returned, "醇香酒业杭州仓", "退回商家，已签收");
            } else if rng.random_bool(0.04) || given == Some(Status::AvailableForPickup) {
                let point = pick(rng, PICKUP_POINTS);
                let left = round + Duration::minutes(rng.random_range(60..300));
                story.add(left, Status::AvailableForPickup, point, "已放入自提点，请凭取件码取件");
                let waits = Duration::days(rng.random_range(0..3));
                let taken = on(rng, left.date_naive() + waits, 10.0, 21.0);
                story.add(taken, Status::Delivered, point, "已取件");
            } else {
                let signed = round + Duration::minutes(rng.random_range(40..360));
                story.add(signed, Status::Delivered, &desk, pick(rng, SIGNED_BY));
            }
        }
    }
    let mut events = story.events;
    if let Some(gap) = stalls {
        // Everything after the first hub comes that much later.
        for event in events.iter_mut().skip(2) {
            event.0 += gap;
        }
    }
    if collected_late {
        events.clear();
    }
    if let Some(stop) = given.and_then(|status| events.iter().position(|e| e.1 == status)) {
        events.truncate(stop + 1);
    }
    events.retain(|e| e.0 <= end);
    let last = events.len().saturating_sub(1);
    let reported: Vec<Reported> = events
        .into_iter()
        .enumerate()
        .map(|(n, (when, status, location, note))| {
            // A hub's scan now and then reaches the feed after later ones; never the latest.
            let late = n < last && status == Status::InTransit && rng.random_bool(0.004);
            Reported {
                recorded: when + Duration::hours(if late { rng.random_range(6..36) } else { 0 }),
                event: TrackEvent {
                    shipment: shipment.id.clone(),
                    at: when,
                    status,
                    location,
                    note,
                },
            }
        })
        .collect();
    let (status, latest) = status_after(reported.iter().map(|r| (r.event.at, r.event.status)));
    shipment.status = status;
    shipment.delivered = latest.filter(|_| status == Status::Delivered);
    shipment.updated = latest.unwrap_or(at(shipped, 9 * 3600));
    reported
}
