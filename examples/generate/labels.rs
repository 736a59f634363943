//! Wine-label jobs (酒标) for the benchmarks: `label_jobs.csv` and `label_history/YYYY-MM.csv`,
//! two years of jobs, each a request followed by the steps of the workflow (a rejected design
//! now and then, one or two vendors) up to where it stands on the last day; a few stall, so
//! that `cs label list --overdue` has late jobs to find.
//!
//! The design files are not generated (the benchmarks measure the tables): the jobs name
//! none, so `cs check` has no folder to look for.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use chrono::{DateTime, Duration, FixedOffset};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use cs::model::id;
use cs::model::label::{Action, LabelEvent, LabelJob, LabelStatus, VendorProgress, VendorState};
use cs::model::settings::{Role, Settings};
use cs::store::csvfile::encode_header;
use cs::store::labels::{HISTORY, TABLE};
use cs::store::table::{Month, Record};

use crate::common::{at, day, pick, working_seconds};
use crate::customers::Person;
use crate::table_file::TableFile;
use crate::{LAST_DAY, VISIT_DAYS};

/// What the customers ask for.
const SPECS: &[&str] = &[
    "婚宴定制, 新人姓名, 快印",
    "年会定制, 烫金 LOGO, 90x120mm",
    "礼盒背标, 中英文",
    "会员专属, 烫金徽章",
    "限量编号, 烫金",
    "店庆纪念酒, 快印",
];

/// What was written, for the summary.
pub struct LabelFiles {
    pub jobs: usize,
    pub events: usize,
    pub history_months: usize,
    pub bytes: u64,
}

/// Writes `count` label jobs and their history into `out`.
pub fn write_labels(out: &Path, seed: u64, settings: &Settings, people: &[Person], count: usize) -> Result<LabelFiles> {
    // A generator of its own, so the other tables stay as they were for a given seed.
    let mut rng = StdRng::seed_from_u64(seed ^ 0x1abe_1000);
    let staff = |role: Role| -> Vec<&str> {
        let ids: Vec<&str> = settings
            .staff
            .iter()
            .filter(|s| s.role == role)
            .map(|s| s.id.as_str())
            .collect();
        ids
    };
    let (consultants, supervisors) = (staff(Role::Consultant), staff(Role::Supervisor));
    let vendors: Vec<&str> = settings.vendors.iter().map(|v| v.id.as_str()).collect();
    anyhow::ensure!(
        !consultants.is_empty() && !supervisors.is_empty() && !vendors.is_empty() && !people.is_empty(),
        "label jobs need consultants, supervisors, vendors and customers"
    );
    let last = at(day(LAST_DAY), 18 * 3600);
    let first_day = day(LAST_DAY) - Duration::days(VISIT_DAYS);
    let mut jobs = Vec::with_capacity(count);
    let mut events: Vec<LabelEvent> = Vec::with_capacity(count * 7);
    let mut taken = std::collections::HashSet::with_capacity(count);
    for n in 0..count {
        let created = at(
            first_day + Duration::days(rng.random_range(0..VISIT_DAYS)),
            working_seconds(&mut rng),
        );
        let customer = &people[rng.random_range(0..people.len())].customer;
        let designer = pick(&mut rng, &consultants);
        let supervisor = pick(&mut rng, &supervisors);
        let mut job = LabelJob {
            id: id::generate(TABLE.id_prefix, TABLE.id_chars, &mut rng, |c| taken.contains(c)),
            customer: customer.id.clone(),
            order: format!("SO-{}-{:04}", created.format("%y%m"), n % 10_000),
            spec: pick(&mut rng, SPECS).to_string(),
            quantity: Some(rng.random_range(1..=40) * 50),
            due: Some(created.date_naive() + Duration::days(rng.random_range(14..60))),
            status: LabelStatus::Requested,
            designer: designer.to_string(),
            approved_by: String::new(),
            vendors: Vec::new(),
            files: Vec::new(),
            updated: created,
        };
        taken.insert(job.id.clone());
        // The whole workflow, then cut where the job stands: on the last day, or stalled.
        let mut plan: Vec<(Action, &str, String)> = vec![(Action::Design, designer, String::new())];
        if rng.random_bool(0.15) {
            plan.push((Action::Reject, supervisor, String::new()));
            plan.push((Action::Design, designer, String::new()));
        }
        plan.push((Action::Approve, supervisor, String::new()));
        let used: Vec<&str> = if vendors.len() > 1 && rng.random_bool(0.5) {
            vendors[..2].to_vec()
        } else {
            vec![pick(&mut rng, &vendors)]
        };
        for vendor in &used {
            plan.push((Action::Send, designer, vendor.to_string()));
        }
        for vendor in &used {
            plan.push((Action::Receive, designer, vendor.to_string()));
        }
        plan.push((Action::Done, designer, String::new()));
        if rng.random_bool(0.04) {
            let stop = rng.random_range(0..plan.len());
            plan.truncate(stop);
        }
        let mut time = created;
        let mut history = vec![event(&job, created, designer, Action::Add, String::new())];
        for (action, by, vendor) in plan {
            time += Duration::seconds(rng.random_range(3_600..4 * 86_400));
            if time > last {
                break;
            }
            let before = job.status;
            job.status = action.to_status(before);
            match action {
                Action::Approve => job.approved_by = by.to_string(),
                Action::Send => job.vendors.push(VendorProgress {
                    vendor: vendor.clone(),
                    state: VendorState::Sent,
                }),
                Action::Receive => {
                    if let Some(p) = job.vendors.iter_mut().find(|p| p.vendor == vendor) {
                        p.state = VendorState::Received;
                    }
                }
                _ => {}
            }
            job.updated = time;
            let mut line = event(&job, time, by, action, vendor);
            line.from_status = before;
            history.push(line);
        }
        events.extend(history);
        jobs.push(job);
    }

    let mut bytes = 0;
    let mut file = TableFile::create(out.join(TABLE.file(None)), encode_header(TABLE.columns), false)?;
    for chunk in jobs.chunks(crate::table_file::CHUNK) {
        file.write_rows(chunk.iter().map(Record::encode).collect())?;
    }
    bytes += file.finish(true)?;
    // Appended in time order, as cs appends them.
    events.sort_by_key(|e| e.at);
    let mut months: BTreeMap<Month, Vec<Vec<String>>> = BTreeMap::new();
    for e in &events {
        months.entry(Month::of(e.at.date_naive())).or_default().push(e.encode());
    }
    let dir = out.join(HISTORY.name);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (month, rows) in &months {
        let mut file = TableFile::create(
            out.join(HISTORY.file(Some(*month))),
            encode_header(HISTORY.columns),
            false,
        )?;
        for chunk in rows.chunks(crate::table_file::CHUNK) {
            file.write_rows(chunk.to_vec())?;
        }
        bytes += file.finish(true)?;
    }
    Ok(LabelFiles {
        jobs: jobs.len(),
        events: events.len(),
        history_months: months.len(),
        bytes,
    })
}

/// A history line of `job` as it now stands.
fn event(job: &LabelJob, at: DateTime<FixedOffset>, by: &str, action: Action, vendor: String) -> LabelEvent {
    LabelEvent {
        job: job.id.clone(),
        at,
        by: by.to_string(),
        action,
        from_status: job.status,
        to_status: job.status,
        vendor,
        files: Vec::new(),
        text: if action == Action::Add {
            job.spec.clone()
        } else {
            String::new()
        },
    }
}
