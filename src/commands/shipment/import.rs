//! `cs import shipment-events FILE`: a carrier's tracking export, all rows checked before
//! anything is written, events already recorded skipped, so the same export can be imported
//! twice.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};
use rust_i18n::t;
use serde::Serialize;

use super::{after_final, all_files, apply, by_tracking, check_event_time, event_times, key, seconds};
use crate::context::Context;
use crate::error::{Error, Problem, Result};
use crate::export::unneutralise;
use crate::import::sheet::Sheet;
use crate::model::dates;
use crate::model::shipment::{Shipment, Status, TrackEvent, status_after};
use crate::store::Store;

/// The fields of an events export, and the headers each is known by (the carriers' Chinese
/// ones among them).
const FIELDS: &[(&str, &[&str])] = &[
    ("tracking", &["tracking", "运单号", "物流单号", "快递单号", "单号"]), // i18n: not a message
    ("shipment", &["shipment", "shipment_id", "发货单", "发货编号"]),      // i18n: not a message
    ("carrier", &["carrier", "承运商", "快递公司", "物流公司"]),           // i18n: not a message
    ("status", &["status", "状态", "物流状态"]),                           // i18n: not a message
    ("at", &["at", "time", "时间", "日期时间", "更新时间"]),               // i18n: not a message
    ("location", &["location", "地点", "所在地", "位置"]),                 // i18n: not a message
    ("note", &["note", "备注", "描述", "详情"]),                           // i18n: not a message
];

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Imported {
    /// Events added.
    pub added: usize,
    /// Events skipped because they were already recorded (or repeated in the file).
    pub skipped: usize,
    /// Shipments whose status changed.
    pub shipments_updated: usize,
    /// Whether nothing was written.
    pub dry_run: bool,
}

/// One row of the export, read and checked.
struct EventRow {
    line: u64,
    /// Index of the shipment in the list of those the export names.
    shipment: usize,
    event: TrackEvent,
}

/// Imports the events of `sheet`: every row is checked first, and one bad row means nothing
/// is written.
pub fn import_events(store: &Store, ctx: &Context, sheet: &Sheet, force: bool, dry_run: bool) -> Result<Imported> {
    let shown = sheet.name.clone();
    let columns = map_headers(&sheet.headers).map_err(|m| Error::import(Problem::at(&shown, Some(1), None, m)))?;
    let column = |field: &str| columns.iter().position(|c| *c == field);
    let (tracking_at, shipment_at, carrier_at) = (column("tracking"), column("shipment"), column("carrier"));
    let (status_at, time_at) = (column("status"), column("at"));
    let (location_at, note_at) = (column("location"), column("note"));
    if tracking_at.is_none() && shipment_at.is_none() || status_at.is_none() || time_at.is_none() {
        return Err(Error::import(Problem::at(
            &shown,
            Some(1),
            None,
            t!("import.events_columns").into_owned(),
        )));
    }

    let settings = store.settings()?;
    let files = all_files(store, Some(super::LOOKUP))?;
    let now = ctx.now();
    let mut problems: Vec<Problem> = Vec::new();
    let mut wanted: Vec<(usize, usize)> = Vec::new();
    let mut rows: Vec<EventRow> = Vec::new();
    let mut read_problems: Vec<Problem> = Vec::new();
    sheet.each_row(
        &mut |line, cells| {
            let cell = |at: Option<usize>| at.map_or("", |i| unneutralise(cells.get(i).trim()));
            let mut problem =
                |field: &str, message: String| problems.push(Problem::at(&shown, Some(line), Some(field), message));
            let carrier = cell(carrier_at);
            let carrier = if carrier.is_empty() {
                None
            } else {
                match settings.carrier(carrier) {
                    Some(c) => Some(c.name.as_str()),
                    None => {
                        problem("carrier", t!("shipment.unknown_carrier", value = carrier).into_owned());
                        return Ok(());
                    }
                }
            };
            let found = match cell(shipment_at) {
                "" => {
                    let tracking = cell(tracking_at);
                    let mut found = by_tracking(&files, tracking);
                    found.retain(|&(at, row)| carrier.is_none_or(|c| files[at].str(key::CARRIER, row) == c));
                    match found.as_slice() {
                        [one] => *one,
                        [] if tracking.is_empty() => {
                            problem("tracking", t!("import.empty").into_owned());
                            return Ok(());
                        }
                        [] => {
                            problem(
                                "tracking",
                                t!("import.unknown_tracking", tracking = tracking).into_owned(),
                            );
                            return Ok(());
                        }
                        _ => {
                            problem(
                                "tracking",
                                t!("import.tracking_of_many", tracking = tracking).into_owned(),
                            );
                            return Ok(());
                        }
                    }
                }
                id => {
                    let found: Vec<(usize, usize)> = files
                        .iter()
                        .enumerate()
                        .flat_map(|(at, f)| {
                            (0..f.rows())
                                .filter(|&r| f.str(key::ID, r).eq_ignore_ascii_case(id))
                                .map(move |r| (at, r))
                        })
                        .collect();
                    match found.as_slice() {
                        [one] => *one,
                        _ => {
                            problem("shipment", t!("import.unknown_shipment", id = id).into_owned());
                            return Ok(());
                        }
                    }
                }
            };
            let status = match cell(status_at).parse::<Status>() {
                Ok(status) => status,
                Err(message) => {
                    problem("status", message);
                    return Ok(());
                }
            };
            let at: DateTime<FixedOffset> = match dates::parse_time(cell(time_at), now) {
                Ok(at) => at,
                Err(message) => {
                    problem("at", message);
                    return Ok(());
                }
            };
            let shipment = match wanted.iter().position(|w| *w == found) {
                Some(i) => i,
                None => {
                    wanted.push(found);
                    wanted.len() - 1
                }
            };
            rows.push(EventRow {
                line,
                shipment,
                event: TrackEvent {
                    shipment: files[found.0].str(key::ID, found.1).to_string(),
                    at,
                    status,
                    location: cell(location_at).to_string(),
                    note: cell(note_at).to_string(),
                },
            });
            Ok(())
        },
        &mut |p| read_problems.push(p),
        &mut |_| {},
    )?;
    problems.extend(read_problems);

    // The shipments named, read in one pass per month file.
    let mut located = Vec::with_capacity(wanted.len());
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| wanted[i]);
    let mut slots: Vec<Option<crate::store::Located<Shipment>>> = vec![None; wanted.len()];
    for group in order.chunk_by(|&a, &b| wanted[a].0 == wanted[b].0) {
        let file = &files[wanted[group[0]].0];
        let rows: Vec<usize> = group.iter().map(|&i| wanted[i].1).collect();
        for (slot, found) in group.iter().zip(file.read(store, &rows)?) {
            slots[*slot] = Some(found);
        }
    }
    located.extend(slots.into_iter().flatten());
    let shipments: Vec<Shipment> = located.iter().map(|l| l.record.clone()).collect();
    let mut history = event_times(store, &shipments)?;

    // Each row against its shipment and what is already recorded, in file order.
    let mut added: Vec<Vec<TrackEvent>> = vec![Vec::new(); shipments.len()];
    let mut imported = Imported {
        dry_run,
        ..Imported::default()
    };
    for row in rows {
        let shipment = &shipments[row.shipment];
        let known = history.entry(shipment.id.clone()).or_default();
        let repeated = known
            .iter()
            .any(|&(at, status)| at == row.event.at.timestamp() && status == row.event.status);
        if repeated {
            imported.skipped += 1;
            continue;
        }
        if let Err(message) = check_event_time(shipment, &row.event, now) {
            problems.push(Problem::at(&shown, Some(row.line), Some("at"), message));
            continue;
        }
        // The status the rows before this one left it in.
        let status = match known.is_empty() {
            true => shipment.status,
            false => status_after(known.iter().map(|&(at, status)| (seconds(at), status))).0,
        };
        if let Err(message) = after_final(shipment, status, known, &row.event, force) {
            problems.push(Problem::at(&shown, Some(row.line), Some("status"), message));
            continue;
        }
        known.push((row.event.at.timestamp(), row.event.status));
        added[row.shipment].push(row.event);
    }
    if !problems.is_empty() {
        return Err(crate::import::too_many(problems));
    }

    let mut tx = store.transaction();
    for (i, events) in added.iter().enumerate() {
        if events.is_empty() {
            continue;
        }
        imported.added += events.len();
        let before = &history[&shipments[i].id][..history[&shipments[i].id].len() - events.len()];
        if let Some(updated) = apply(&shipments[i], before, events, now) {
            imported.shipments_updated += 1;
            tx.update(&located[i], &updated)?;
        }
        tx.append(events)?;
    }
    if !dry_run && imported.added > 0 {
        tx.commit()?;
    }
    Ok(imported)
}

/// The field of each column of the export, by its header; an unknown header is refused with
/// the known ones.
fn map_headers(headers: &[String]) -> Result<Vec<&'static str>, String> {
    let mut seen = HashSet::new();
    let mut fields = Vec::with_capacity(headers.len());
    let mut unknown = Vec::new();
    for header in headers {
        let header = header.trim();
        match FIELDS
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(header)))
        {
            Some((field, _)) if seen.insert(*field) => fields.push(*field),
            Some((field, _)) => return Err(t!("import.column_twice", field = *field).into_owned()),
            None => unknown.push(header.to_string()),
        }
    }
    if !unknown.is_empty() {
        let known: Vec<String> = FIELDS
            .iter()
            .map(|(field, names)| format!("{field} ({})", names[1..].join(", ")))
            .collect();
        return Err(t!(
            "import.unknown_columns",
            columns = unknown.join(", "),
            known = known.join("; ")
        )
        .into_owned());
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised() {
        let strings = |headers: &[&str]| headers.iter().map(|h| h.to_string()).collect::<Vec<_>>();
        let headers = strings(&["运单号", "状态", "时间", "地点", "备注"]);
        assert_eq!(
            map_headers(&headers).unwrap(),
            ["tracking", "status", "at", "location", "note"]
        );
        let headers = strings(&["Tracking", "Status", "Time", "weight"]);
        assert!(map_headers(&headers).unwrap_err().contains("weight"));
        let headers = strings(&["状态", "status"]);
        assert!(map_headers(&headers).is_err());
    }
}
