//! What a report covers: the period, the one before, the day lists are judged on, and the
//! customers in scope (all, or those of one owner, center or class), with the customers index
//! loaded once for every section.

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_i18n::t;

use super::Period;
use crate::error::{Error, Result};
use crate::model::settings::Settings;
use crate::store::Store;
use crate::store::customers::CustomerIndex;

/// The filters a report is asked for, as typed.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only the customers of this owner (staff id or name).
    pub owner: Option<String>,
    /// Only the customers of this distribution center.
    pub center: Option<String>,
    /// Only the customers of this class.
    pub class: Option<String>,
}

/// Everything the sections of a report share.
pub struct Scope {
    /// The settings.
    pub settings: Settings,
    /// The period reported on.
    pub period: Period,
    /// The period compared with.
    pub previous: Option<Period>,
    /// The day lists of late and overdue things are judged on.
    pub as_of: NaiveDate,
    /// The customers index.
    pub customers: CustomerIndex,
    /// The filters, resolved (staff id, center id, class name), as (key, value).
    pub filters: Vec<(String, String)>,
    /// The ids of the customers in scope, when a filter narrows them.
    only: Option<HashSet<String>>,
}

impl Scope {
    /// Loads the settings and the customers, and resolves the filters.
    pub fn new(
        store: &Store,
        period: Period,
        previous: Option<Period>,
        as_of: NaiveDate,
        filters: &Filters,
    ) -> Result<Scope> {
        let settings = store.settings()?;
        let customers = CustomerIndex::load(store)?;
        let owner = match &filters.owner {
            Some(o) => Some(
                settings
                    .resolve_staff(o)
                    .map(|s| s.id.clone())
                    .ok_or_else(|| Error::invalid("--owner", t!("common.not_staff", id = o)))?,
            ),
            None => None,
        };
        let center = match &filters.center {
            Some(c) => Some(
                settings
                    .centers
                    .iter()
                    .find(|x| x.id.eq_ignore_ascii_case(c.trim()) || x.name == c.trim())
                    .map(|x| x.id.clone())
                    .ok_or_else(|| Error::invalid("--center", t!("common.not_center", id = c)))?,
            ),
            None => None,
        };
        let class = match &filters.class {
            Some(c) => Some(settings.class_named(c).map(str::to_string).ok_or_else(|| {
                Error::invalid(
                    "--class",
                    t!("visit.unknown_class", class = c, classes = settings.class_list()),
                )
            })?),
            None => None,
        };
        let mut resolved = Vec::new();
        for (key, value) in [("owner", &owner), ("center", &center), ("class", &class)] {
            if let Some(value) = value {
                resolved.push((key.to_string(), value.clone()));
            }
        }
        let only = (!resolved.is_empty()).then(|| {
            (0..customers.rows())
                .filter(|&row| {
                    owner.as_deref().is_none_or(|o| customers.owner(row) == Some(o))
                        && center.as_deref().is_none_or(|c| customers.center(row) == Some(c))
                        && class.as_deref().is_none_or(|k| customers.class(row) == k)
                })
                .map(|row| customers.id(row).to_string())
                .collect()
        });
        Ok(Scope {
            settings,
            period,
            previous,
            as_of,
            customers,
            filters: resolved,
            only,
        })
    }

    /// Whether the customer with this id is in scope.
    pub fn includes(&self, customer: &str) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(customer))
    }

    /// Whether the customer at this row of the index is in scope.
    pub fn includes_row(&self, row: usize) -> bool {
        self.only.is_none() || self.includes(self.customers.id(row))
    }

    /// The filter value of `key` (`owner`, `center`, `class`), when given.
    pub fn filter(&self, key: &str) -> Option<&str> {
        self.filters.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The earliest day either period starts.
    pub fn first_day(&self) -> NaiveDate {
        self.previous.map_or(self.period.from, |p| p.from.min(self.period.from))
    }

    /// A staff member's name, for labels; the id when unknown, and "–" for none.
    pub fn staff_name(&self, id: Option<&str>) -> String {
        match id {
            None | Some("") => super::NOTHING.to_string(),
            Some(id) => self
                .settings
                .staff_member(id)
                .map_or_else(|| id.to_string(), |s| s.name.clone()),
        }
    }

    /// A center's name, for labels; "–" for none.
    pub fn center_name(&self, id: Option<&str>) -> String {
        match id {
            None | Some("") => super::NOTHING.to_string(),
            Some(id) => self
                .settings
                .center(id)
                .map_or_else(|| id.to_string(), |c| c.name.clone()),
        }
    }
}
