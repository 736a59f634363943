//! `cs label ...`: wine-label jobs (酒标) from the customer's request to the labels in hand:
//! each step a checked move between statuses that rewrites the job's one line and appends one
//! line of history, together; design files copied into `labels/<id>/` so that a refused or
//! failed step leaves none behind; listing (late ones among them) and showing with the history.
//!
//! Every step needs to know who takes it (`--by`, else `CS_USER`): approval depends on it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use chrono::NaiveDate;
use rust_i18n::t;
use serde::Serialize;

use super::acting_person;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::id;
use crate::model::label::{self as model, Action, LabelEvent, LabelJob, LabelStatus};
use crate::model::settings::{Settings, StaffMember};
use crate::store::customers::CustomerIndex;
use crate::store::index::{self, FileIndex, day_number};
use crate::store::labels::{self as table, TABLE, key};
use crate::store::{Located, Store};

/// A label job as `add` is given it.
#[derive(Debug, Clone, Default)]
pub struct NewLabelJob {
    /// The customer: id, unique id prefix or exact name.
    pub customer: String,
    /// The order the labels are for.
    pub order: String,
    /// The customer's requirements.
    pub spec: String,
    /// How many labels.
    pub quantity: Option<u32>,
    /// When they are needed.
    pub due: Option<NaiveDate>,
    /// Who records it [default: CS_USER].
    pub by: Option<String>,
}

/// The staff member acting: `--by`, else `CS_USER`; a step without one is refused, since
/// approval depends on who takes it.
fn actor<'s>(settings: &'s Settings, ctx: &Context, by: Option<&str>) -> Result<&'s StaffMember> {
    acting_person(settings, ctx, by)?.ok_or_else(|| {
        Error::invalid_with_hint(
            "--by",
            t!("label.no_actor").into_owned(),
            t!("label.no_actor_hint", var = crate::context::USER_VAR).into_owned(),
        )
    })
}

/// Records a label job (`requested`) and the first line of its history; returns it.
pub fn add(store: &Store, ctx: &Context, new: NewLabelJob) -> Result<LabelJob> {
    let settings = store.settings()?;
    let customer = CustomerIndex::load_for_lookup(store)?
        .read_one(store, &new.customer)?
        .record;
    let order = one_line(&new.order, "--order")?;
    if new.spec.trim().is_empty() {
        return Err(Error::invalid("--spec", t!("label.no_spec").into_owned()));
    }
    let by = actor(&settings, ctx, new.by.as_deref())?.id.clone();
    let now = ctx.now();
    let mut job = LabelJob {
        id: String::new(),
        customer: customer.id.clone(),
        order,
        spec: new.spec.trim().to_string(),
        quantity: new.quantity,
        due: new.due,
        status: LabelStatus::Requested,
        designer: by.clone(),
        approved_by: String::new(),
        vendors: Vec::new(),
        files: Vec::new(),
        updated: now,
    };
    // Random, salted with what differs between two adds in a row when CS_SEED pins it.
    let mut salt = DefaultHasher::new();
    (store.file_size(&TABLE, None)?, &job.customer, &job.order, &job.spec).hash(&mut salt);
    let jobs: Vec<FileIndex<LabelJob>> = index::load_all(store, &[None])?;
    let taken = |candidate: &str| {
        jobs.iter()
            .any(|f| (0..f.rows()).any(|row| f.str(key::ID, row) == candidate))
    };
    job.id = id::generate(TABLE.id_prefix, TABLE.id_chars, &mut ctx.rng(salt.finish()), taken);
    let event = LabelEvent {
        job: job.id.clone(),
        at: now,
        by,
        action: Action::Add,
        from_status: LabelStatus::Requested,
        to_status: LabelStatus::Requested,
        vendor: String::new(),
        files: Vec::new(),
        text: job.spec.clone(),
    };
    if let Some((field, message)) = job.text_problem() {
        return Err(Error::invalid(field, message));
    }
    let mut tx = store.transaction();
    tx.append(std::slice::from_ref(&job))?;
    tx.append(std::slice::from_ref(&event))?;
    tx.commit()?;
    Ok(job)
}

/// One step of a job, as the command line gives it.
#[derive(Debug, Clone)]
pub enum Step {
    /// A design (or a new version) in these files, copied into the job's folder.
    Design { files: Vec<PathBuf>, note: String },
    /// The design approved.
    Approve { note: String },
    /// The design rejected, for a reason.
    Reject { reason: String },
    /// Sent to a vendor (id or name).
    Send { vendor: String, note: String },
    /// A vendor's work received.
    Receive { vendor: String, note: String },
    /// Every vendor's work received.
    Done { note: String },
    /// A note in the history.
    Note { text: String },
}

impl Step {
    fn action(&self) -> Action {
        match self {
            Step::Design { .. } => Action::Design,
            Step::Approve { .. } => Action::Approve,
            Step::Reject { .. } => Action::Reject,
            Step::Send { .. } => Action::Send,
            Step::Receive { .. } => Action::Receive,
            Step::Done { .. } => Action::Done,
            Step::Note { .. } => Action::Note,
        }
    }
}

/// Takes one step on the job `reference` names, as `by` (else CS_USER): checks the move and
/// who takes it, places any design files, then rewrites the job's line and appends the
/// history line in one transaction. Returns the job as it now is and what was recorded.
pub fn act(
    store: &Store,
    ctx: &Context,
    reference: &str,
    step: Step,
    by: Option<&str>,
) -> Result<(LabelJob, LabelEvent)> {
    let settings = store.settings()?;
    let (mut found, row, located) = find(store, reference)?;
    let old = located.record.clone();
    let action = step.action();
    action
        .check(old.status)
        .map_err(|message| Error::invalid(old.id.clone(), message))?;
    let actor = actor(&settings, ctx, by)?;
    let mut new = old.clone();
    new.status = action.to_status(old.status);
    new.updated = ctx.now();
    let mut vendor = String::new();
    let mut design: Vec<(PathBuf, String)> = Vec::new();
    let text = match step {
        Step::Design { files, note } => {
            design = design_sources(store, &old, &files)?;
            new.files.extend(design.iter().map(|(_, name)| name.clone()));
            new.designer = actor.id.clone();
            note
        }
        Step::Approve { note } => {
            model::check_approver(&actor.id, actor.role).map_err(|m| Error::invalid("--by", m))?;
            new.approved_by = actor.id.clone();
            note
        }
        Step::Reject { reason } => {
            model::check_approver(&actor.id, actor.role).map_err(|m| Error::invalid("--by", m))?;
            required(reason, "--reason")?
        }
        Step::Send { vendor: input, note } => {
            vendor = vendor_id(&settings, &input)?;
            new.vendors = model::send_to(&old.vendors, &vendor).map_err(|m| Error::invalid("--vendor", m))?;
            note
        }
        Step::Receive { vendor: input, note } => {
            vendor = vendor_id(&settings, &input)?;
            new.vendors = model::receive_from(&old.vendors, &vendor).map_err(|m| Error::invalid("--vendor", m))?;
            note
        }
        Step::Done { note } => {
            if !model::all_received(&old.vendors) {
                let out: Vec<&str> = old
                    .vendors
                    .iter()
                    .filter(|p| p.state != model::VendorState::Received)
                    .map(|p| p.vendor.as_str())
                    .collect();
                return Err(Error::invalid(
                    old.id.clone(),
                    t!("label.not_all_received", vendors = out.join(", ")).into_owned(),
                ));
            }
            note
        }
        Step::Note { text } => required(text, "TEXT")?,
    };
    let event = LabelEvent {
        job: old.id.clone(),
        at: new.updated,
        by: actor.id.clone(),
        action,
        from_status: old.status,
        to_status: new.status,
        vendor,
        files: design.iter().map(|(_, name)| name.clone()).collect(),
        text: text.trim().to_string(),
    };
    // The files are staged first, then put in place by the transaction that records them:
    // together or not at all, even if the process is killed.
    let staged = if design.is_empty() {
        None
    } else {
        Some(table::stage_design(store, &old.id, &design)?)
    };
    let mut tx = store.transaction();
    if let Some(staged) = &staged {
        staged.add_to(&mut tx);
    }
    let written = tx
        .update(&located, &new)
        .and_then(|()| tx.append(std::slice::from_ref(&event)))
        .and_then(|()| tx.commit());
    if let Some(staged) = staged {
        staged.discard();
    }
    written?;
    found.after_replace(store, row, Some(&new))?;
    Ok((new, event))
}

/// The design files `paths` name, each with the name it gets in the job's folder: every one
/// must exist, and its name be usable and new to the job (a new version gets a new name, so
/// earlier versions are kept as they were approved or rejected).
fn design_sources(store: &Store, job: &LabelJob, paths: &[PathBuf]) -> Result<Vec<(PathBuf, String)>> {
    if paths.is_empty() {
        return Err(Error::invalid("--file", t!("label.no_files").into_owned()));
    }
    let on_disk = table::design_files(store, &job.id)?;
    let mut sources: Vec<(PathBuf, String)> = Vec::new();
    for path in paths {
        if !table::is_readable_file(path) {
            return Err(Error::invalid(
                "--file",
                t!("label.no_such_file", path = path.display()).into_owned(),
            ));
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Error::invalid("--file", t!("label.bad_file_name", name = path.display()).into_owned()))?
            .to_string();
        model::check_file_name(&name).map_err(|m| Error::invalid("--file", m))?;
        let taken = job.files.contains(&name) || on_disk.contains(&name) || sources.iter().any(|(_, n)| *n == name);
        if taken {
            return Err(Error::invalid_with_hint(
                "--file",
                t!("label.file_exists", name = name.clone(), id = job.id.clone()).into_owned(),
                t!("label.file_exists_hint").into_owned(),
            ));
        }
        sources.push((path.clone(), name));
    }
    Ok(sources)
}

/// One line of text, required (an order number).
fn one_line(text: &str, flag: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() || text.contains(['\n', '\r']) {
        return Err(Error::invalid(flag, t!("label.one_line").into_owned()));
    }
    Ok(text.to_string())
}

fn required(text: String, flag: &str) -> Result<String> {
    if text.trim().is_empty() {
        Err(Error::invalid(flag, t!("label.empty_text").into_owned()))
    } else {
        Ok(text.trim().to_string())
    }
}

/// The id of the vendor `input` names (an id in any case, or the exact name).
fn vendor_id(settings: &Settings, input: &str) -> Result<String> {
    settings.vendor(input).map(|v| v.id.clone()).ok_or_else(|| {
        Error::invalid_with_hint(
            "--vendor",
            t!("label.unknown_vendor", value = input.trim()).into_owned()
                + &crate::model::suggest::did_you_mean(
                    input,
                    settings.vendors.iter().flat_map(|v| [v.id.as_str(), v.name.as_str()]),
                ),
            t!("label.vendor_hint", ids = settings.vendor_list()).into_owned(),
        )
    })
}

/// A job's history, in the order of the actions.
pub fn history(store: &Store, job: &str) -> Result<Vec<LabelEvent>> {
    let mut events: Vec<LabelEvent> = store
        .read_months::<LabelEvent>(None, None)?
        .into_iter()
        .filter(|e| e.job == job)
        .collect();
    events.sort_by_key(|e| e.at);
    Ok(events)
}

/// Finds the job `reference` names (its id in any case, or the one id it starts), with the
/// index and where it is.
pub fn find(store: &Store, reference: &str) -> Result<(FileIndex<LabelJob>, usize, Located<LabelJob>)> {
    let file: FileIndex<LabelJob> = FileIndex::load(store, None)?;
    file.check()?;
    let wanted = reference.trim();
    let mut found: Vec<usize> = (0..file.rows())
        .filter(|&row| file.str(key::ID, row).eq_ignore_ascii_case(wanted))
        .collect();
    if found.is_empty() && !wanted.is_empty() {
        found = (0..file.rows())
            .filter(|&row| id::matches_prefix(file.str(key::ID, row), TABLE.id_prefix, wanted))
            .collect();
    }
    match found.as_slice() {
        [] => Err(Error::not_found(TABLE.record_name, reference)),
        [row] => {
            let located = file.read(store, &[*row])?.remove(0);
            Ok((file, *row, located))
        }
        many => Err(Error::Ambiguous {
            what: TABLE.record_name,
            reference: reference.to_string(),
            candidates: many.iter().map(|&row| file.str(key::ID, row).to_string()).collect(),
        }),
    }
}

/// A job with what `show` prints beside it.
#[derive(Debug, Clone, Serialize)]
pub struct LabelDetail {
    /// The job.
    #[serde(flatten)]
    pub job: LabelJob,
    /// The customer's name.
    pub customer_name: String,
    /// The folder holding its design files, relative to the data directory.
    pub design_dir: String,
    /// Every action, oldest first.
    pub history: Vec<LabelEvent>,
}

/// The job `reference` names, with its history.
pub fn show(store: &Store, reference: &str) -> Result<LabelDetail> {
    let (_, _, located) = find(store, reference)?;
    let job = located.record;
    let history = history(store, &job.id)?;
    let customer_name = CustomerIndex::name_of(store, &job.customer)?;
    Ok(LabelDetail {
        design_dir: table::design_dir(&job.id).to_string_lossy().replace('\\', "/"),
        customer_name,
        job,
        history,
    })
}

/// What `list` keeps.
#[derive(Debug, Clone, Default)]
pub struct LabelFilter {
    /// Only this status.
    pub status: Option<LabelStatus>,
    /// Only jobs sent to this vendor (id or name).
    pub vendor: Option<String>,
    /// Only jobs past their due day and not done at `as_of`.
    pub overdue: bool,
    /// The day lateness is judged at [default: today].
    pub as_of: Option<NaiveDate>,
}

/// A job as `list` shows it: with its customer's name and how late it is.
#[derive(Debug, Clone, Serialize)]
pub struct LabelRow {
    /// The job.
    #[serde(flatten)]
    pub job: LabelJob,
    /// The customer's name.
    pub customer_name: String,
    /// Days past the due day at the day asked about, for a job not done; `None` when not late.
    pub late_days: Option<i64>,
}

/// The jobs `filter` keeps, soonest due first (jobs with no due day last): chosen from the
/// index, and only those read.
pub fn list(store: &Store, ctx: &Context, filter: &LabelFilter) -> Result<Vec<LabelRow>> {
    let settings = store.settings()?;
    let vendor = filter.vendor.as_deref().map(|v| vendor_id(&settings, v)).transpose()?;
    let as_of = filter.as_of.unwrap_or_else(|| ctx.today());
    let today = day_number(as_of);
    let file: FileIndex<LabelJob> = FileIndex::load(store, None)?;
    file.check()?;
    let done = LabelStatus::Done.code();
    let late = |row: usize| {
        let due = file.i32(key::DUE, row);
        (due != key::NO_DAY && due < today && file.u8(key::STATUS, row) != done).then(|| i64::from(today - due))
    };
    let sent_to = |row: usize, vendor: &str| {
        model::parse_vendors(file.str(key::VENDORS, row)).is_ok_and(|all| all.iter().any(|p| p.vendor == vendor))
    };
    let rows: Vec<usize> = (0..file.rows())
        .filter(|&row| filter.status.is_none_or(|s| file.u8(key::STATUS, row) == s.code()))
        .filter(|&row| vendor.as_deref().is_none_or(|v| sent_to(row, v)))
        .filter(|&row| !filter.overdue || late(row).is_some())
        .collect();
    let customers = CustomerIndex::load(store)?;
    let names = customers.names();
    let mut kept: Vec<LabelRow> = file
        .read(store, &rows)?
        .into_iter()
        .zip(rows.iter())
        .map(|(located, &row)| LabelRow {
            customer_name: names.get(&located.record.customer).unwrap_or_default().to_string(),
            late_days: late(row),
            job: located.record,
        })
        .collect();
    kept.sort_by(|a, b| {
        let key = |r: &LabelRow| (r.job.due.is_none(), r.job.due, r.job.id.clone());
        key(a).cmp(&key(b))
    });
    Ok(kept)
}

/// The rules a stored job breaks, for `cs check`: a known customer, staff for its designer
/// and approver, known vendors, and every design file it names present in its folder.
pub fn problems(
    job: &LabelJob,
    settings: &Settings,
    customers: &std::collections::HashSet<String, xxhash_rust::xxh3::Xxh3Builder>,
    store: Option<&Store>,
) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if !customers.contains(job.customer.as_str()) {
        problems.push(("customer", t!("check.not_a_customer", id = job.customer).into_owned()));
    }
    for (field, staff) in [("designer", &job.designer), ("approved_by", &job.approved_by)] {
        if !staff.is_empty() && settings.staff_member(staff).is_none() {
            problems.push((field, t!("label.not_staff", value = staff).into_owned()));
        }
    }
    for progress in &job.vendors {
        if !settings.vendors.iter().any(|v| v.id == progress.vendor) {
            problems.push((
                "vendors",
                t!("label.unknown_vendor", value = progress.vendor.clone()).into_owned(),
            ));
        }
    }
    if let Some(store) = store.filter(|_| !job.files.is_empty()) {
        match table::design_files(store, &job.id) {
            Ok(present) => {
                for name in job.files.iter().filter(|name| !present.contains(name)) {
                    problems.push((
                        "files",
                        t!(
                            "label.missing_file",
                            name = name.clone(),
                            dir = table::design_dir(&job.id).display()
                        )
                        .into_owned(),
                    ));
                }
            }
            Err(e) => problems.push(("files", e.to_string())),
        }
    }
    problems
}
