//! `cs report NAME`: builds the report asked for over the period asked for (the current
//! quarter by default), compared with the period before.

use chrono::NaiveDate;

use crate::context::Context;
use crate::error::Result;
use crate::report::scope::{Filters, Scope};
use crate::report::{Block, Figure, Period, Report, Section, customers, label, labels, shipments, staff};
use crate::store::Store;

/// The reports there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    /// The customer base.
    Customers,
    /// The department's quarterly summary: every report in one document.
    Quarterly,
    /// The department's annual summary.
    Annual,
    /// Follow-up visits: coverage, satisfaction, surveys.
    Visits,
    /// Complaints: volumes, times, SLA compliance, escalations, repeat complainers.
    Complaints,
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
            Name::Quarterly => "quarterly",
            Name::Annual => "annual",
            Name::Visits => "visits",
            Name::Complaints => "complaints",
            Name::Shipments => "shipments",
            Name::Labels => "labels",
            Name::Staff => "staff",
        }
    }

    /// The reports a summary is made of, in the order it shows them.
    const PARTS: &'static [Name] = &[
        Name::Customers,
        Name::Visits,
        Name::Complaints,
        Name::Shipments,
        Name::Labels,
        Name::Staff,
    ];
}

/// The figures a summary puts first, for a general manager: (section, figure) keys.
const HEADLINES: &[(&str, &str)] = &[
    ("customers", "customers"),
    ("customers", "new"),
    ("customers", "converted"),
    ("customers", "at_risk"),
    ("visits", "visits"),
    ("visits", "coverage"),
    ("visits", "csat"),
    ("visits", "nps"),
    ("complaints", "received"),
    ("complaints", "response_compliance"),
    ("complaints", "resolution_compliance"),
    ("complaints", "resolution_median"),
    ("shipments", "shipped"),
    ("shipments", "on_time"),
    ("shipments", "late"),
    ("labels", "done"),
    ("labels", "overdue"),
];

/// The sections of one report (not a summary).
fn sections_of(name: Name, store: &Store, scope: &Scope, ctx: &Context) -> Result<Vec<Section>> {
    let offset = *ctx.now().offset();
    match name {
        Name::Customers => customers::sections(store, scope),
        Name::Visits => crate::report::visits::sections(store, scope),
        Name::Complaints => crate::report::complaints::sections(store, scope, offset),
        Name::Shipments => shipments::sections(store, ctx, scope),
        Name::Labels => labels::sections(store, ctx, scope),
        Name::Staff => staff::sections(store, ctx, scope),
        Name::Quarterly | Name::Annual => summary(store, scope, ctx),
    }
}

/// A summary: the headline figures, then the sections of every report.
fn summary(store: &Store, scope: &Scope, ctx: &Context) -> Result<Vec<Section>> {
    let mut sections = Vec::new();
    for part in Name::PARTS {
        sections.extend(sections_of(*part, store, scope, ctx)?);
    }
    let mut headlines = Vec::new();
    for (section, key) in HEADLINES {
        let found = sections.iter().filter(|s| s.key == *section).find_map(|s| {
            s.blocks.iter().find_map(|b| match b {
                Block::Figures(figures) => figures.iter().find(|f| f.key == *key).map(|f| (s, f)),
                _ => None,
            })
        });
        if let Some((part, figure)) = found {
            // Named with its section: "received" alone could be anything.
            headlines.push(Figure {
                key: format!("{section}_{key}"),
                label: format!("{} · {}", part.title, figure.label),
                ..figure.clone()
            });
        }
    }
    sections.insert(
        0,
        Section {
            key: "summary".to_string(),
            title: label("section_summary"),
            blocks: vec![Block::Figures(headlines)],
        },
    );
    Ok(sections)
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
    let day = request.as_of.unwrap_or(today);
    let period = request.period.unwrap_or_else(|| match request.name {
        Name::Annual => Period::year_of(day),
        _ => Period::quarter_of(day),
    });
    let as_of = request.as_of.unwrap_or_else(|| today.min(period.to));
    let scope = Scope::new(store, period, Some(period.previous()), as_of, &request.filters)?;
    let sections = sections_of(request.name, store, &scope, ctx)?;
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
