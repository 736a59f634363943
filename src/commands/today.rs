//! `cs today`: one person's to-do list for the day (今日待办): their customers due or
//! overdue for a visit, their complaints past or nearing a service-level target, the late or
//! stale shipments of their customers, and the label jobs waiting for them. Laid out as a
//! [`Report`] so the report renderers print it; every part is chosen from the indexes by the
//! list commands' own selections, and only what is kept is read.

use chrono::{DateTime, Duration, FixedOffset};
use rust_i18n::t;

use crate::commands::complaint::{ComplaintFilter, ComplaintRow};
use crate::commands::label::{LabelFilter, LabelRow};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::complaint::Status as ComplaintStatus;
use crate::model::due::DueFilter;
use crate::model::label::LabelStatus;
use crate::model::settings::Role;
use crate::report::scope::{Filters, Scope};
use crate::report::{Block, Cell, NOTHING, Period, Report, Section, Table, Value, columns, label, shipments};
use crate::store::Store;

/// How close to a service-level target an open complaint is listed as nearing it.
pub const NEARING_MINUTES: i64 = 120;

/// The staff id `cs today` is for: `--by`, else `CS_USER`; refused without either.
pub fn who(store: &Store, ctx: &Context, by: Option<&str>) -> Result<String> {
    let settings = store.settings()?;
    let Some(input) = by.or(ctx.user()) else {
        return Err(Error::Usage(t!("today.who").into_owned()));
    };
    settings.resolve_staff(input).map(|s| s.id.clone()).ok_or_else(|| {
        let message = t!("common.not_staff", id = input).into_owned() + &crate::model::suggest::staff(&settings, input);
        Error::invalid("--by", message)
    })
}

/// The day's to-do list of `staff` at the context's moment.
pub fn today(store: &Store, ctx: &Context, staff: &str) -> Result<Report> {
    let now = ctx.now();
    let day = now.date_naive();
    let period = Period::days(day, day).map_err(|e| Error::invalid("CS_NOW", e))?;
    let filters = Filters {
        owner: Some(staff.to_string()),
        ..Filters::default()
    };
    // The owner filter makes the scope the person's own customers.
    let scope = Scope::new(store, period, None, day, &filters)?;
    let role = scope.settings.staff_member(staff).map(|s| s.role);
    let blocks = vec![
        Block::Table(visits(store, &scope, staff)?),
        Block::Table(complaints(store, ctx, staff, now)?),
        Block::Table(shipments::problem_table(
            &scope,
            shipments::late_or_stale(store, ctx, day, &|c| scope.includes(c))?,
        )),
        Block::Table(labels(store, ctx, &scope, staff, role)?),
    ];
    Ok(Report {
        name: "today".to_string(), // i18n: not a message
        title: t!("today.title", name = scope.staff_name(Some(staff))).into_owned(),
        company: scope.settings.company.name.clone(),
        period,
        previous: None,
        as_of: day,
        filters: scope.filters.clone(),
        sections: vec![Section {
            key: "today".to_string(),
            title: label("today_section"),
            blocks,
        }],
    })
}

/// Their customers due for a visit today or overdue, most overdue first.
fn visits(store: &Store, scope: &Scope, staff: &str) -> Result<Table> {
    let due = crate::commands::visit::due(
        store,
        DueFilter {
            as_of: scope.as_of,
            within: 0,
            owner: Some(staff.to_string()),
            class: None,
            center: None,
            prospects: false,
        },
    )?;
    let rows = due
        .into_iter()
        .map(|d| {
            vec![
                Cell::Text(d.customer),
                Cell::Text(d.name),
                Cell::Text(d.class),
                Cell::Text(d.last_visit.map_or_else(|| NOTHING.to_string(), |v| v.to_string())),
                Cell::Value(Value::Count(d.days_overdue.max(0) as u64)),
            ]
        })
        .collect();
    Ok(Table {
        key: "visits_due".to_string(),
        title: label("today_visits"),
        columns: columns(&["customer", "name", "class", "last_visit", "days_overdue"]),
        rows,
    })
}

/// The next target an open complaint has to meet: its first response until it is given,
/// then its resolution.
fn next_target(row: &ComplaintRow) -> Option<DateTime<FixedOffset>> {
    match row.complaint.responded {
        None => row.sla.respond_due,
        Some(_) => row.sla.resolve_due,
    }
}

/// Their open complaints past a target or within [`NEARING_MINUTES`] of the next one, the
/// soonest due first.
fn complaints(store: &Store, ctx: &Context, staff: &str, now: DateTime<FixedOffset>) -> Result<Table> {
    let filter = ComplaintFilter {
        handler: Some(staff.to_string()),
        as_of: Some(now),
        ..ComplaintFilter::default()
    };
    let near = now + Duration::minutes(NEARING_MINUTES);
    let mut kept: Vec<ComplaintRow> = crate::commands::complaint::list(store, ctx, &filter)?
        .into_iter()
        .filter(|r| !matches!(r.complaint.status, ComplaintStatus::Resolved | ComplaintStatus::Closed))
        .filter(|r| r.sla.is_late() || next_target(r).is_some_and(|due| due <= near))
        .collect();
    kept.sort_by_key(|r| (next_target(r), r.complaint.id.clone()));
    let rows = kept
        .into_iter()
        .map(|r| {
            let due = next_target(&r);
            let left = due.filter(|due| *due > now).map(|due| (due - now).num_minutes());
            vec![
                Cell::Text(r.complaint.id.clone()),
                Cell::Text(r.complaint.customer.clone()),
                Cell::Text(r.customer_name.clone()),
                Cell::code("", "severity", r.complaint.severity.as_str()),
                Cell::code("", "status", r.complaint.status.as_str()),
                Cell::Text(due.map_or_else(
                    || NOTHING.to_string(),
                    |d| d.format("%Y-%m-%d %H:%M").to_string(), // i18n: not a message
                )),
                Cell::Value(Value::Signed(left)),
                Cell::Value(Value::Signed(r.sla.late_minutes())),
            ]
        })
        .collect();
    Ok(Table {
        key: "complaints".to_string(),
        title: label("today_complaints"),
        columns: columns(&[
            "complaint_id",
            "customer",
            "name",
            "complaint_severity",
            "complaint_status",
            "sla_due",
            "minutes_left",
            "minutes_late",
        ]),
        rows,
    })
}

/// The label jobs waiting for them: designs to approve for a supervisor or above; their own
/// jobs to design (new, or rejected back) for a consultant.
fn labels(store: &Store, ctx: &Context, scope: &Scope, staff: &str, role: Option<Role>) -> Result<Table> {
    let approver = role.is_some_and(|r| r >= Role::Supervisor);
    let status = if approver {
        LabelStatus::Designed
    } else {
        LabelStatus::Requested
    };
    let filter = LabelFilter {
        status: Some(status),
        as_of: Some(scope.as_of),
        ..LabelFilter::default()
    };
    let rows = crate::commands::label::list(store, ctx, &filter)?
        .into_iter()
        .filter(|r: &LabelRow| approver || r.job.designer == staff)
        .map(|r| {
            vec![
                Cell::Text(r.job.id.clone()),
                Cell::Text(r.job.customer.clone()),
                Cell::Text(r.customer_name.clone()),
                Cell::Text(r.job.due.map_or_else(|| NOTHING.to_string(), |d| d.to_string())),
                Cell::code("label", "status", r.job.status.as_str()),
                Cell::Text(scope.staff_name(Some(&r.job.designer))),
                Cell::Value(Value::Signed(r.late_days)),
            ]
        })
        .collect();
    Ok(Table {
        key: "labels_waiting".to_string(),
        title: label(if approver {
            "today_labels_to_approve"
        } else {
            "today_labels_to_design"
        }),
        columns: columns(&[
            "label_job",
            "customer",
            "name",
            "due_day",
            "label_status",
            "designer",
            "days_late",
        ]),
        rows,
    })
}
