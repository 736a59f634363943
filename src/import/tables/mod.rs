//! The tables `cs import` fills, and what they share: reading references (a customer by id,
//! code or exact name; staff and centers by id or name), dates and times as people write them,
//! and new ids.

mod targets;

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rand::rngs::StdRng;
use rust_i18n::t;

use super::{Options, Progress, Sheet, Summary, run};
use crate::context::Context;
use crate::error::Result;
use crate::model::contact::name_key;
use crate::model::dates;
use crate::model::id;
use crate::model::settings::Settings;
use crate::store::Store;
use crate::store::customers::CustomerIndex;
use crate::store::table::{TableSpec, format_date, format_time, parse_date};

/// The tables `cs import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportTable {
    /// Customers.
    Customers,
    /// Follow-up visits.
    Visits,
    /// Complaints.
    Complaints,
    /// Shipments.
    Shipments,
    /// A carrier's tracking events.
    ShipmentEvents,
    /// Wine-label jobs.
    Labels,
}

/// Imports `sheet` into `table`.
pub(super) fn import(
    store: &Store,
    ctx: &Context,
    table: ImportTable,
    sheet: &Sheet,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary> {
    let refs = Refs::load(store, ctx, sheet)?;
    match table {
        ImportTable::Customers => run(store, sheet, &mut targets::Customers::new(refs)?, options, progress),
        ImportTable::Visits => run(store, sheet, &mut targets::Visits::new(refs), options, progress),
        ImportTable::Complaints => run(store, sheet, &mut targets::Complaints::new(refs), options, progress),
        ImportTable::Shipments => {
            let mut target = targets::Shipments::new(store, refs)?;
            run(store, sheet, &mut target, options, progress)
        }
        ImportTable::Labels => run(store, sheet, &mut targets::Labels::new(refs), options, progress),
        ImportTable::ShipmentEvents => {
            let done =
                crate::commands::shipment::import::import_events(store, ctx, sheet, options.force, options.dry_run)?;
            Ok(Summary {
                added: done.added,
                updated: done.shipments_updated,
                skipped: done.skipped,
                dry_run: options.dry_run,
                ..Summary::default()
            })
        }
    }
}

/// A customer as references find it.
#[derive(Debug, Clone)]
pub(crate) struct CustomerRef {
    id: String,
    owner: Option<String>,
    center: Option<String>,
}

/// What rows refer to, loaded once per import.
pub(crate) struct Refs {
    settings: Settings,
    now: DateTime<FixedOffset>,
    /// `now` as stored, the default of every row's times.
    now_text: String,
    customers: Vec<CustomerRef>,
    /// Customer rows by id as written, and by lower-case id.
    by_exact_id: FastMap<String, usize>,
    by_id: FastMap<String, usize>,
    /// Customer rows by normalised name (`None` when two customers share it), made when a
    /// row first names a customer by name.
    by_name: std::cell::OnceCell<HashMap<String, Option<usize>>>,
    /// Customers' names by row, and phone keys, for the duplicate rule.
    index: CustomerIndex,
    /// The suggestions made for unknown customer names, by name.
    suggested: std::cell::RefCell<HashMap<String, String>>,
    rng: StdRng,
}

type Refused = (&'static str, String);

/// For how many unknown customer names an import looks for the closest names.
const SUGGESTED_NAMES: usize = 50;

/// A map with a fast hash: ids are looked up once per row.
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<xxhash_rust::xxh3::Xxh3>>;

impl Refs {
    fn load(store: &Store, ctx: &Context, sheet: &Sheet) -> Result<Refs> {
        let settings = store.settings()?;
        let index = CustomerIndex::load_for_lookup(store)?.with_names(store)?;
        let mut customers = Vec::with_capacity(index.rows());
        let mut by_id = FastMap::default();
        let mut by_exact_id = FastMap::default();
        by_id.reserve(index.rows());
        by_exact_id.reserve(index.rows());
        for row in 0..index.rows() {
            customers.push(CustomerRef {
                id: index.id(row).to_string(),
                owner: index.owner(row).map(str::to_string),
                center: index.center(row).map(str::to_string),
            });
            by_id.insert(index.id(row).to_ascii_lowercase(), row);
            by_exact_id.insert(index.id(row).to_string(), row);
        }
        // Salted with the file's name and size, so that two imports draw different ids when
        // CS_SEED pins the generator.
        let salt = xxhash_rust::xxh3::xxh3_64(format!("{}:{}", sheet.name, sheet.size()).as_bytes());
        Ok(Refs {
            settings,
            now: ctx.now(),
            now_text: format_time(&ctx.now()),
            customers,
            by_exact_id,
            by_id,
            by_name: std::cell::OnceCell::new(),
            index,
            suggested: std::cell::RefCell::default(),
            rng: ctx.rng(salt),
        })
    }

    /// The customer a cell names: an id (or the company's own code), or an exact name.
    fn customer(&self, cell: &str) -> std::result::Result<&CustomerRef, Refused> {
        let cell = cell.trim();
        if cell.is_empty() {
            return Err(("customer", t!("import.empty").into_owned()));
        }
        if let Some(row) = self
            .by_exact_id
            .get(cell)
            .or_else(|| self.by_id.get(&cell.to_ascii_lowercase()))
        {
            return Ok(&self.customers[*row]);
        }
        let by_name = self.by_name.get_or_init(|| {
            let mut by_name: HashMap<String, Option<usize>> = HashMap::with_capacity(self.index.rows());
            for row in 0..self.index.rows() {
                by_name
                    .entry(name_key(self.index.name(row)))
                    .and_modify(|found| *found = None)
                    .or_insert(Some(row));
            }
            by_name
        });
        match by_name.get(&name_key(cell)) {
            Some(Some(row)) => Ok(&self.customers[*row]),
            Some(None) => Err(("customer", t!("import.customer_ambiguous", name = cell).into_owned())),
            None => Err(("customer", self.unknown_customer(cell))),
        }
    }

    /// The problem of a customer no one has, with the names closest to it, as `cs visit add`
    /// suggests them. Found for the first few names only: only the first problems are shown,
    /// and a file of a million rows may name no customer anyone has.
    fn unknown_customer(&self, cell: &str) -> String {
        let mut suggested = self.suggested.borrow_mut();
        let limit = SUGGESTED_NAMES;
        let text = match suggested.get(cell) {
            Some(text) => text.clone(),
            None if suggested.len() >= limit => String::new(),
            None => {
                let names: Vec<String> = self
                    .index
                    .closest(cell, 3)
                    .iter()
                    .map(|&row| self.index.label(row))
                    .collect();
                let text = if names.is_empty() {
                    String::new()
                } else {
                    t!("error.did_you_mean", names = names.join(", ")).into_owned()
                };
                suggested.insert(cell.to_string(), text.clone());
                text
            }
        };
        t!("import.unknown_customer", customer = cell).into_owned() + &text
    }

    /// A staff member's id, from an id or a name; empty stays empty.
    fn staff(&self, field: &'static str, value: &mut String) -> std::result::Result<(), Refused> {
        if value.is_empty() {
            return Ok(());
        }
        match self.settings.resolve_staff(value) {
            Some(member) => {
                *value = member.id.clone();
                Ok(())
            }
            None => Err((
                field,
                t!(
                    "import.unknown_staff",
                    staff = value.as_str(),
                    known = self.settings.staff_list()
                )
                .into_owned(),
            )),
        }
    }

    /// A center's id, from an id or a name; empty stays empty.
    fn center(&self, value: &mut String) -> std::result::Result<(), Refused> {
        if value.is_empty() {
            return Ok(());
        }
        let centers = &self.settings.centers;
        match centers
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(value) || c.name == *value)
        {
            Some(center) => {
                *value = center.id.clone();
                Ok(())
            }
            None => {
                let known: Vec<&str> = centers.iter().map(|c| c.id.as_str()).collect();
                Err((
                    "center",
                    t!(
                        "import.unknown_center",
                        center = value.as_str(),
                        known = known.join(", ")
                    )
                    .into_owned(),
                ))
            }
        }
    }

    /// A date as people write it (`2026/11/3`, `2026年11月3日`, an Excel serial day number),
    /// as `YYYY-MM-DD`; empty stays empty.
    fn date(&self, field: &'static str, value: &mut String) -> std::result::Result<Option<NaiveDate>, Refused> {
        if value.is_empty() {
            return Ok(None);
        }
        if let Some(day) = parse_date(value) {
            // Already as stored.
            return Ok(Some(day));
        }
        let day = excel_day(value)
            .map(Ok)
            .unwrap_or_else(|| dates::parse_date(value, self.now))
            .map_err(|e| (field, e))?;
        *value = format_date(day);
        Ok(Some(day))
    }

    /// A moment as people write it, as RFC 3339; empty becomes `default`.
    fn time(
        &self,
        field: &'static str,
        value: &mut String,
        default: Option<DateTime<FixedOffset>>,
    ) -> std::result::Result<(), Refused> {
        if value.is_empty() {
            if let Some(default) = default {
                if default == self.now {
                    value.push_str(&self.now_text);
                } else {
                    *value = format_time(&default);
                }
            }
            return Ok(());
        }
        let time = match excel_day(value) {
            Some(day) => dates::parse_time(&format_date(day), self.now),
            None => dates::parse_time(value, self.now),
        }
        .map_err(|e| (field, e))?;
        *value = format_time(&time);
        Ok(())
    }

    /// A new id for `table` where the row has none.
    fn new_id(&mut self, table: &TableSpec, value: &mut String) {
        if value.is_empty() {
            *value = id::generate(table.id_prefix, table.id_chars, &mut self.rng, |_| false);
        }
    }

    /// Fills an empty cell with `default`.
    fn or(value: &mut String, default: &str) {
        if value.is_empty() {
            value.push_str(default);
        }
    }
}

/// An Excel serial day number (days since 1899-12-30), as some exports write dates.
fn excel_day(text: &str) -> Option<NaiveDate> {
    let serial: f64 = text.parse().ok()?;
    // From 1950 to 2100: a plain number outside is not a date.
    if !(18_264.0..=73_415.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// Splits a list as people write it (`;`, `；`, `、`, `，`, `,`) into the stored form.
fn list(value: &mut String) {
    if value.is_empty() {
        return;
    }
    let items: Vec<String> = value
        .split([';', '；', '、', '，', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    *value = crate::store::table::join_list(&items);
}
