//! `cs report NAME`: builds the report asked for over the period asked for (the current
//! quarter by default), compared with the period before.

use chrono::NaiveDate;

use crate::context::Context;
use crate::error::Result;
use crate::report::scope::{Filters, Scope};
use crate::report::{Period, Report, Section, customers, label, labels, shipments, staff};
use crate::store::Store;

/// The reports there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    /// The customer base.
    Customers,
    /// Shipments: delivered, late, on time by carrier and center.
    Shipments,
    /// Wine-label jobs: by status, time to done, vendors, overdue.
    Labels,
    /// One row per staff member, for the appraisal.
    Staff,
}

impl Name {
    /// The report's name, as typed.
    pub fn as_str(self) -> &'static str {
        match self {
            Name::Customers => "customers",
            Name::Shipments => "shipments",
            Name::Labels => "labels",
            Name::Staff => "staff",
        }
    }
}

/// What `cs report` is asked for.
#[derive(Debug, Clone)]
pub struct Request {
    /// Which report.
    pub name: Name,
    /// The period [default: the quarter of `as_of`].
    pub period: Option<Period>,
    /// The day lists are judged on [default: today, or the period's last day if earlier].
    pub as_of: Option<NaiveDate>,
    /// Only some customers.
    pub filters: Filters,
}

/// Builds the report.
pub fn build(store: &Store, ctx: &Context, request: &Request) -> Result<Report> {
    let today = ctx.now().date_naive();
    let period = request
        .period
        .unwrap_or_else(|| Period::quarter_of(request.as_of.unwrap_or(today)));
    let as_of = request.as_of.unwrap_or_else(|| today.min(period.to));
    let scope = Scope::new(store, period, Some(period.previous()), as_of, &request.filters)?;
    let sections: Vec<Section> = match request.name {
        Name::Customers => customers::sections(store, &scope)?,
        Name::Shipments => shipments::sections(store, ctx, &scope)?,
        Name::Labels => labels::sections(store, ctx, &scope)?,
        Name::Staff => staff::sections(store, ctx, &scope)?,
    };
    Ok(Report {
        name: request.name.as_str().to_string(),
        title: label(&format!("title_{}", request.name.as_str())),
        company: scope.settings.company.name.clone(),
        period: scope.period,
        previous: scope.previous,
        as_of: scope.as_of,
        filters: scope.filters.clone(),
        sections,
    })
}
