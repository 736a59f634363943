//! The complaints and their histories. First who complains and when (key accounts more often,
//! working days more than weekends, more in the gift seasons), drawn in order from a random
//! generator of the table's own; then what happens to each, from a generator seeded by the
//! complaint's number, so the complaints can be made on every core and come out the same.
//!
//! A complaint's steps are planned on its service-level clock (business hours, stopped while it
//! waits on the customer), as fractions of its targets: mostly in time, some late. Then they
//! are taken one by one with the daily cron job (`cs complaint escalate --overdue`, from
//! [`CRON_FROM`]) running between them at 09:00 on working days, which escalates a complaint
//! the moment cs would: it asks the library's own clock (`overdue::clock_with`). Each step is
//! checked as cs checks it (`Action::check`) and applied as `cs complaint` applies it, so the
//! complaint and its history lines are what cs would have written, and every complaint passes
//! `cs check`'s rules. Whatever would happen after the end of the data is left out, which
//! leaves the latest complaints open, acknowledged, waiting, resolved or reopened; so that
//! every status is there at any scale, one recent complaint of each is told to stop there
//! ([`Fate`]), a handful among thousands.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, Result, anyhow, ensure};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Weekday};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use xxhash_rust::xxh3::Xxh3Builder;

use cs::commands::check::{Checked, Known};
use cs::commands::complaint::overdue::{Timeline, clock_with};
use cs::i18n::{Lang, lookup_in};
use cs::model::complaint::{Action, Channel, Complaint, Event, Severity, Status};
use cs::model::id;
use cs::model::settings::{Role, Settings};
use cs::model::sla::{BusinessHours, Pause};
use cs::store::complaints::{HISTORY, TABLE};
use cs::store::csvfile::encode_header;
use cs::store::table::{Month, Record};

use crate::common::{Draw, at, day, fill, pick, weighted};
use crate::customers::Person;
use crate::table_file::{CHUNK, TableFile};
use crate::words::{
    ACK_NOTES, COMPLAINT_NOTES, COMPLAINTS, ESCALATE_REASONS, REMEDIES, REOPEN_REASONS, RESOLUTIONS, ROOT_CAUSES,
    WAIT_REASONS,
};
use crate::{LAST_DAY, VISIT_DAYS};

/// The first day the cron job escalated breaches; before it, only people did.
pub const CRON_FROM: (i32, u32, u32) = (2025, 6, 2);
/// Seconds past midnight of the last day after which nothing happens: the end of the data.
const END_SECONDS: u32 = 20 * 3600;
/// What the table's random generator is seeded with besides `--seed` ("complain").
const TABLE_SALT: u64 = 0x636f_6d70_6c61_696e;

/// What was written.
pub struct ComplaintFiles {
    /// Complaints.
    pub complaints: usize,
    /// Lines of history.
    pub events: usize,
    /// Month files of complaints.
    pub complaint_months: usize,
    /// Month files of history.
    pub history_months: usize,
    /// Bytes of complaints.
    pub complaint_bytes: u64,
    /// Bytes of history.
    pub history_bytes: u64,
    /// Complaints in each status, in the order of `Status::ALL`.
    pub by_status: [usize; 6],
    /// Complaints escalated at least once.
    pub escalated: usize,
    /// Escalations the cron job made.
    pub by_cron: usize,
}

/// A complaint as the end of the data finds it, and its history.
type Handled = (Complaint, Vec<Event>);

/// A complaint before its steps: who, when and what.
struct Received {
    customer: u32,
    received: DateTime<FixedOffset>,
    fate: Fate,
}

/// Where a complaint's handling stands at the end of the data: wherever its steps have got
/// to, or, for one recent complaint each, a status that is rare there at small scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Wherever its steps have got to.
    Natural,
    /// Received within the last day, not answered yet.
    Open,
    /// Answered, nothing more.
    Acknowledged,
    /// Waiting on the customer since soon after the first response.
    Waiting,
    /// Decided, the customer not yet heard from.
    Resolved,
    /// Closed, then opened again in the last days.
    Reopened,
}

impl Fate {
    /// The fates given on purpose, each with the days before the end its complaint is
    /// received in: late enough to be still in hand, early enough to have got that far.
    const GIVEN: [(Fate, i64, i64); 5] = [
        (Fate::Reopened, 40, 30),
        (Fate::Resolved, 20, 12),
        (Fate::Waiting, 10, 5),
        (Fate::Acknowledged, 3, 1),
        (Fate::Open, 1, 0),
    ];
}

/// Makes `count` complaints with their histories and writes both tables.
pub fn write_complaints(
    dir: &Path,
    seed: u64,
    settings: &Settings,
    people: &[Person],
    count: usize,
) -> Result<ComplaintFiles> {
    let mut rng = StdRng::seed_from_u64(seed ^ TABLE_SALT);
    let world = World::new(settings)?;
    let mut received = receive(&mut rng, &world, people, count);
    received.sort_by_key(|r| (r.received, r.customer));
    for (fate, from, to) in Fate::GIVEN {
        let window = world.end - Duration::days(from)..world.end - Duration::days(to);
        if let Some(r) = received
            .iter_mut()
            .find(|r| r.fate == Fate::Natural && window.contains(&r.received))
        {
            r.fate = fate;
        }
    }
    let mut taken: HashSet<String> = HashSet::with_capacity(received.len());
    let ids: Vec<String> = received
        .iter()
        .map(|_| {
            let id = id::generate(TABLE.id_prefix, TABLE.id_chars, &mut rng, |id| taken.contains(id));
            taken.insert(id.clone());
            id
        })
        .collect();

    // Each complaint from its own generator, a share of them on each core.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = received.len().div_ceil(threads).max(1);
    let handled: Vec<Result<Vec<Handled>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = received
            .chunks(chunk)
            .zip(ids.chunks(chunk))
            .enumerate()
            .map(|(part, (received, ids))| {
                let world = &world;
                scope.spawn(move || {
                    received
                        .iter()
                        .zip(ids)
                        .enumerate()
                        .map(|(n, (r, id))| {
                            let number = (part * chunk + n) as u64;
                            let mut rng =
                                StdRng::seed_from_u64(seed ^ TABLE_SALT ^ number.wrapping_mul(0x9E37_79B9_7F4A_7C15));
                            world.handle(&mut rng, &people[r.customer as usize], r, id.clone())
                        })
                        .collect()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|_| Err(anyhow!("a complaint thread panicked"))))
            .collect()
    });
    let mut complaints = Vec::with_capacity(received.len());
    let mut events = Vec::new();
    for part in handled {
        for (complaint, history) in part? {
            complaints.push(complaint);
            events.extend(history);
        }
    }

    let known = Known {
        settings,
        customers: {
            let mut ids = HashSet::with_capacity_and_hasher(people.len(), Xxh3Builder::new());
            ids.extend(people.iter().map(|p| p.id.clone()));
            ids
        },
        store: None,
    };
    let mut files = ComplaintFiles {
        complaints: complaints.len(),
        events: events.len(),
        complaint_months: 0,
        history_months: 0,
        complaint_bytes: 0,
        history_bytes: 0,
        by_status: [0; 6],
        escalated: complaints.iter().filter(|c| c.level > 0).count(),
        by_cron: events
            .iter()
            .filter(|e| e.action == Action::Escalate && e.text == world.sla_breach)
            .count(),
    };
    for complaint in &complaints {
        let problems = complaint.problems(&known);
        ensure!(
            problems.is_empty(),
            "generated an invalid complaint {complaint:?}: {problems:?}"
        );
        files.by_status[Status::ALL.iter().position(|s| *s == complaint.status).unwrap_or(0)] += 1;
    }
    // The complaints in the order they were added; the history in the order things happened,
    // as appends leave them (a stable sort keeps each complaint's own order).
    events.sort_by_key(|e| e.at);
    (files.complaint_months, files.complaint_bytes) = write_months(dir, &TABLE, &complaints, |c| c.received)?;
    (files.history_months, files.history_bytes) = write_months(dir, &HISTORY, &events, |e| e.at)?;
    Ok(files)
}

/// Writes records, already in file order, to the month files their `date` says, a month at a
/// time on each core: returns how many files and bytes.
pub fn write_months<R: Record + Sync>(
    dir: &Path,
    table: &cs::store::table::TableSpec,
    records: &[R],
    date: impl Fn(&R) -> DateTime<FixedOffset>,
) -> Result<(usize, u64)> {
    let folder = dir.join(table.name);
    std::fs::create_dir_all(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
    let months: Vec<(Month, &[R])> = records
        .chunk_by(|a, b| Month::of(date(a).date_naive()) == Month::of(date(b).date_naive()))
        .map(|month| (Month::of(date(&month[0]).date_naive()), month))
        .collect();
    let next = AtomicUsize::new(0);
    let work = || -> Result<u64> {
        let mut bytes = 0;
        while let Some((month, records)) = months.get(next.fetch_add(1, Ordering::Relaxed)) {
            let path = dir.join(table.file(Some(*month)));
            let mut file = TableFile::create(path, encode_header(table.columns), false)?;
            for chunk in records.chunks(CHUNK) {
                file.write_rows(chunk.iter().map(Record::encode).collect())?;
            }
            bytes += file.finish(true)?;
        }
        Ok(bytes)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let written: Vec<Result<u64>> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut written = vec![work()];
        written.extend(
            helpers
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(anyhow!("a writing thread panicked")))),
        );
        written
    });
    let mut bytes = 0;
    for part in written {
        bytes += part?;
    }
    Ok((months.len(), bytes))
}

/// Who complains and when: a day by its weight, a customer by theirs among those not archived
/// by then (prospects have bought nothing to complain of), a time of day.
fn receive(rng: &mut StdRng, world: &World, people: &[Person], count: usize) -> Vec<Received> {
    let first = world.first_day;
    let draw = Draw::new(
        first,
        VISIT_DAYS,
        |date| {
            let weekday = match date.weekday() {
                Weekday::Sat => 0.4,
                Weekday::Sun => 0.3,
                _ if !world.hours.is_working_day(date) => 0.3,
                _ => 1.0,
            };
            // Gift seasons: Spring Festival, Mid-Autumn, the year's end.
            let season = match date.month() {
                1 | 9 => 1.4,
                2 | 12 => 1.2,
                10 => 1.1,
                _ => 1.0,
            };
            weekday * season
        },
        people,
    );
    let mut received = Vec::with_capacity(count);
    while received.len() < count && draw.has_customers() {
        let Some((d, customer)) = draw.next(rng, people) else {
            continue; // archived by then
        };
        let date = first + Duration::days(d as i64);
        let seconds = if date == day(LAST_DAY) {
            rng.random_range(8 * 3600..END_SECONDS)
        } else if world.hours.is_working_day(date) && rng.random_bool(0.82) {
            rng.random_range(8 * 3600 + 1800..18 * 3600 + 1800)
        } else {
            rng.random_range(7 * 3600..23 * 3600 + 1800)
        };
        received.push(Received {
            customer: customer as u32,
            received: at(date, seconds),
            fate: Fate::Natural,
        });
    }
    received
}

/// What every complaint is made with: the settings, the working hours, the staff.
struct World<'a> {
    settings: &'a Settings,
    hours: BusinessHours,
    first_day: NaiveDate,
    end: DateTime<FixedOffset>,
    cron_from: DateTime<FixedOffset>,
    consultants: Vec<&'a str>,
    supervisors: Vec<&'a str>,
    /// The reason the cron job gives, and what cs records when a decision is not accepted, in
    /// the department's language.
    sla_breach: String,
    not_accepted: String,
}

/// One step as planned, before the statuses and handlers it moves between are known.
struct Step {
    at: DateTime<FixedOffset>,
    action: Action,
    text: String,
    root_cause: String,
    score: Option<u8>,
}

impl Step {
    fn new(at: DateTime<FixedOffset>, action: Action, text: String) -> Step {
        Step {
            at,
            action,
            text,
            root_cause: String::new(),
            score: None,
        }
    }
}

impl<'a> World<'a> {
    fn new(settings: &'a Settings) -> Result<World<'a>> {
        let hours = settings
            .complaints
            .business_hours
            .clone()
            .context("the settings have business hours")?;
        let staff = |role: Role| -> Vec<&str> {
            settings
                .staff
                .iter()
                .filter(|s| s.role == role)
                .map(|s| s.id.as_str())
                .collect()
        };
        let text = |key: &str| lookup_in(Lang::Zh, key).with_context(|| format!("the catalog has {key}"));
        let consultants = staff(Role::Consultant);
        let supervisors = staff(Role::Supervisor);
        ensure!(
            !consultants.is_empty() && !supervisors.is_empty(),
            "the settings have consultants and supervisors"
        );
        Ok(World {
            settings,
            hours,
            first_day: day(LAST_DAY) - Duration::days(VISIT_DAYS - 1),
            end: at(day(LAST_DAY), END_SECONDS),
            cron_from: at(day(CRON_FROM), 9 * 3600 + 2),
            consultants,
            supervisors,
            sla_breach: text("complaint.sla_breach")?,
            not_accepted: text("complaint.not_accepted")?,
        })
    }

    /// `seconds` of business time after `from` (from the next opening when `from` is outside
    /// business hours).
    fn advance(&self, from: DateTime<FixedOffset>, seconds: i64) -> DateTime<FixedOffset> {
        // In local seconds of the day, a day at a time: no time zone work until the end.
        let opening = i64::from(self.hours.start().num_seconds_from_midnight());
        let closing = i64::from(self.hours.end().num_seconds_from_midnight());
        let local = from.naive_local();
        let mut date = local.date();
        let mut now = i64::from(local.time().num_seconds_from_midnight());
        let mut left = seconds.max(0);
        loop {
            if self.hours.is_working_day(date) && now < closing {
                now = now.max(opening);
                if left <= closing - now {
                    return from
                        + (date.and_hms_opt(0, 0, 0).expect("midnight") - local + Duration::seconds(now + left));
                }
                left -= closing - now;
            }
            date += Duration::days(1);
            now = 0;
        }
    }

    /// The cron job's first run after `from`: 09:00 of a working day, a few seconds in.
    fn next_cron(&self, from: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        let mut date = from.date_naive();
        loop {
            let run = at(date, 9 * 3600 + 2);
            if run > from && self.hours.is_working_day(date) {
                return run.max(self.cron_from);
            }
            date += Duration::days(1);
        }
    }

    /// Makes the complaint `person` made at `received` and takes its steps up to the end.
    fn handle(&self, rng: &mut StdRng, person: &Person, r: &Received, id: String) -> Result<Handled> {
        let received = r.received;
        let category = *weighted(
            rng,
            &[
                ("quality", 28),
                ("delivery", 30),
                ("service", 15),
                ("label", 8),
                ("price", 10),
                ("invoice", 6),
                ("other", 3),
            ],
        );
        let severities: &[(Severity, u32)] = if person.class == "A" {
            &[
                (Severity::Critical, 8),
                (Severity::High, 25),
                (Severity::Medium, 42),
                (Severity::Low, 25),
            ]
        } else {
            &[
                (Severity::Critical, 3),
                (Severity::High, 16),
                (Severity::Medium, 46),
                (Severity::Low, 35),
            ]
        };
        let severity = *weighted(rng, severities);
        let channel = *weighted(
            rng,
            &[
                (Channel::Phone, 45),
                (Channel::Wechat, 20),
                (Channel::Email, 10),
                (Channel::Sms, 8),
                (Channel::Onsite, 8),
                (Channel::Letter, 2),
                (Channel::Other, 7),
            ],
        );
        let handler = match &person.owner {
            Some(owner) => owner.clone(),
            None => pick(rng, &self.consultants).to_string(),
        };
        // Now and then the hotline's supervisor takes the call and records it.
        let by = if rng.random_bool(0.15) {
            pick(rng, &self.supervisors).to_string()
        } else {
            handler.clone()
        };
        let summary = text(rng, pool(COMPLAINTS, category));
        let order = if matches!(category, "quality" | "delivery" | "price" | "invoice") && rng.random_bool(0.35) {
            let ordered = received.date_naive() - Duration::days(rng.random_range(1..40));
            format!(
                "SO-{:02}{:02}-{:04}",
                ordered.year() % 100,
                ordered.month(),
                rng.random_range(1..10_000)
            )
        } else {
            String::new()
        };
        let complaint = Complaint {
            id,
            customer: person.id.clone(),
            received,
            channel,
            category: category.to_string(),
            severity,
            summary: summary.clone(),
            remedy_sought: text(rng, pool(REMEDIES, category)),
            handler: handler.clone(),
            status: Status::Open,
            level: 0,
            responded: None,
            resolved: None,
            resolution: String::new(),
            root_cause: String::new(),
            score: None,
            reopened: 0,
            closed: None,
            order,
            shipment: String::new(),
            updated: received,
        };
        let added = Event {
            complaint: complaint.id.clone(),
            at: received,
            by,
            action: Action::Add,
            from_status: Status::Open,
            to_status: Status::Open,
            from_handler: String::new(),
            to_handler: handler,
            text: summary,
        };
        let steps = self.plan(rng, &complaint, r.fate);
        let mut state = State {
            world: self,
            complaint,
            events: vec![added],
            pauses: Vec::new(),
            before_waiting: Status::Acknowledged,
            last_escalated: None,
        };
        state.take(&steps)?;
        Ok((state.complaint, state.events))
    }

    /// The steps of a complaint's handling, in time order, up to the end of the data.
    fn plan(&self, rng: &mut StdRng, complaint: &Complaint, fate: Fate) -> Vec<Step> {
        let received = complaint.received;
        let category = complaint.category.as_str();
        let targets = self.settings.complaints.targets(complaint.severity);
        let (respond, resolve) = (
            f64::from(targets.respond_hours) * 3600.0,
            f64::from(targets.resolve_hours) * 3600.0,
        );
        // On the SLA clock, in seconds from receipt: most in time, some late.
        let natural = fate == Fate::Natural;
        let answered = if rng.random_bool(0.05) && natural {
            rng.random_range(1.05..3.0)
        } else {
            rng.random_range(0.03..0.9)
        };
        let c_ack = ((answered * respond) as i64).max(120);
        let decided = if fate == Fate::Resolved {
            rng.random_range(0.1..0.3)
        } else if rng.random_bool(0.08) && natural {
            rng.random_range(1.02..2.5)
        } else {
            rng.random_range(0.1..0.95)
        };
        let c_resolve = ((decided * resolve) as i64).max(c_ack + 1800);
        let between = |rng: &mut StdRng| rng.random_range(c_ack + 60..c_resolve - 60);

        // Waiting on the customer stops the clock: every step after it moves later by the wait.
        let waits = rng.random_bool(if matches!(category, "quality" | "label" | "invoice") {
            0.25
        } else {
            0.1
        });
        let pause = (waits && natural || fate == Fate::Waiting).then(|| {
            let c_wait = if fate == Fate::Waiting {
                c_ack + rng.random_range(600..3600)
            } else {
                between(rng)
            };
            let from = self.advance(received, c_wait);
            let days = if rng.random_bool(0.04) || fate == Fate::Waiting {
                rng.random_range(30.0..90.0)
            } else {
                rng.random_range(0.5..10.0)
            };
            let back = from + Duration::seconds((days * 86_400.0) as i64);
            (c_wait, from, self.advance(back, rng.random_range(300..7200)))
        });
        let wall = |c: i64| match pause {
            Some((c_wait, _, resumed)) if c > c_wait => self.advance(resumed, c - c_wait),
            _ => self.advance(received, c),
        };

        let mut steps = vec![Step::new(wall(c_ack), Action::Ack, text(rng, ACK_NOTES))];
        for _ in 0..*weighted(rng, &[(0, 70), (1, 22), (2, 8)]) {
            let c = between(rng);
            steps.push(Step::new(wall(c), Action::Note, text(rng, COMPLAINT_NOTES)));
        }
        if let Some((_, from, resumed)) = pause {
            steps.push(Step::new(from, Action::Wait, pick(rng, WAIT_REASONS).to_string()));
            steps.push(Step::new(resumed, Action::Resume, String::new()));
        }
        let escalating = match complaint.severity {
            Severity::Critical => 0.35,
            Severity::High => 0.12,
            Severity::Medium => 0.04,
            Severity::Low => 0.02,
        };
        if rng.random_bool(escalating) {
            for _ in 0..*weighted(rng, &[(1, 75), (2, 25)]) {
                let c = between(rng);
                steps.push(Step::new(
                    wall(c),
                    Action::Escalate,
                    pick(rng, ESCALATE_REASONS).to_string(),
                ));
            }
        }
        let mut decided_at = wall(c_resolve);
        steps.push(self.resolution(rng, decided_at, category));

        let late = answered > 1.0 || decided > 1.0;
        let rejected = rng.random_bool(0.04) && natural;
        if rejected {
            let reject = self.advance(decided_at, rng.random_range(3600..27 * 3600));
            steps.push(Step::new(reject, Action::Reject, self.not_accepted.clone()));
            let mut next = reject;
            if rng.random_bool(0.6) {
                next = self.advance(reject, rng.random_range(600..7200));
                steps.push(Step::new(next, Action::Escalate, ESCALATE_REASONS[4].to_string()));
            }
            decided_at = self.advance(next, rng.random_range(4 * 3600..45 * 3600));
            steps.push(self.resolution(rng, decided_at, category));
        }
        let mut closed = self.advance(decided_at, rng.random_range(1800..27 * 3600));
        steps.push(self.closing(rng, closed, late || rejected));
        if rng.random_bool(0.05) && natural || fate == Fate::Reopened {
            let back = if fate == Fate::Reopened {
                self.end - Duration::days(2)
            } else {
                closed + Duration::days(rng.random_range(3..60))
            };
            let reopened = self.advance(back, rng.random_range(0..8 * 3600));
            steps.push(Step::new(reopened, Action::Reopen, text(rng, REOPEN_REASONS)));
            let mut next = reopened;
            if rng.random_bool(0.3) {
                next = self.advance(reopened, rng.random_range(600..4 * 3600));
                steps.push(Step::new(
                    next,
                    Action::Escalate,
                    pick(rng, ESCALATE_REASONS).to_string(),
                ));
            }
            decided_at = self.advance(next, rng.random_range(2 * 3600..45 * 3600));
            steps.push(self.resolution(rng, decided_at, category));
            closed = self.advance(decided_at, rng.random_range(1800..27 * 3600));
            steps.push(self.closing(rng, closed, true));
        }
        // A stable sort: a step planned after another at the same moment stays after it.
        steps.sort_by_key(|s| s.at);
        let mut last = received;
        for step in &mut steps {
            if step.at <= last {
                step.at = last + Duration::seconds(1);
            }
            last = step.at;
        }
        steps.retain(|s| s.at <= self.end);
        // A given fate: the steps up to where it stops.
        let stop = |s: &Step| match fate {
            Fate::Natural => false,
            Fate::Open => true,
            Fate::Acknowledged => !matches!(s.action, Action::Ack | Action::Note | Action::Escalate),
            Fate::Waiting => s.action == Action::Resume,
            Fate::Resolved => s.action == Action::Close,
            Fate::Reopened => false,
        };
        if let Some(at) = steps.iter().position(stop) {
            steps.truncate(at);
        }
        if fate == Fate::Reopened
            && let Some(at) = steps.iter().position(|s| s.action == Action::Reopen)
        {
            steps.truncate(at + 1);
        }
        steps
    }

    fn resolution(&self, rng: &mut StdRng, at: DateTime<FixedOffset>, category: &str) -> Step {
        let mut step = Step::new(at, Action::Resolve, text(rng, pool(RESOLUTIONS, category)));
        if rng.random_bool(0.75) {
            step.root_cause = pick(rng, pool(ROOT_CAUSES, category)).to_string();
        }
        step
    }

    /// Closing, with the customer's satisfaction: lower after a late or rejected handling.
    fn closing(&self, rng: &mut StdRng, at: DateTime<FixedOffset>, troubled: bool) -> Step {
        let scores: &[(u8, u32)] = if troubled {
            &[(5, 10), (4, 25), (3, 30), (2, 22), (1, 13)]
        } else {
            &[(5, 45), (4, 35), (3, 13), (2, 5), (1, 2)]
        };
        let mut step = Step::new(at, Action::Close, String::new());
        step.score = rng.random_bool(0.95).then(|| *weighted(rng, scores));
        step
    }
}

/// One of `pool`, its blanks filled.
fn text(rng: &mut StdRng, pool: &[&str]) -> String {
    let template = pick(rng, pool);
    fill(rng, template)
}

/// The texts of a category in a pool by category.
fn pool(pools: &'static [(&str, &'static [&'static str])], category: &str) -> &'static [&'static str] {
    pools
        .iter()
        .find(|(name, _)| *name == category)
        .or(pools.last())
        .map_or(&[], |(_, texts)| texts)
}

/// A complaint as the steps taken so far have left it, with its history.
struct State<'w, 'a> {
    world: &'w World<'a>,
    complaint: Complaint,
    events: Vec<Event>,
    /// The waiting periods and the last escalation, as `overdue::pauses` reads them from the
    /// history.
    pauses: Vec<Pause>,
    before_waiting: Status,
    last_escalated: Option<DateTime<FixedOffset>>,
}

impl State<'_, '_> {
    /// Takes the planned steps with the cron job's runs between them, up to the end.
    /// Only the runs that can change something are made: the first after each step, and then
    /// the first after each deadline still to be met.
    fn take(&mut self, steps: &[Step]) -> Result<()> {
        let world = self.world;
        let mut steps = steps.iter().peekable();
        let mut run = Some(world.next_cron(self.complaint.received));
        loop {
            let next = steps.peek().map(|s| s.at);
            if let Some(at) = run.filter(|&r| r <= world.end && next.is_none_or(|n| r < n)) {
                run = match self.complaint.status.is_open() {
                    true => self.cron(at)?.map(|due| world.next_cron(due.max(at))),
                    false => None,
                };
                continue;
            }
            match steps.next() {
                Some(step) => {
                    self.apply(step)?;
                    run = Some(world.next_cron(step.at));
                }
                None => return Ok(()),
            }
        }
    }

    /// What `cs complaint escalate --overdue` does to this complaint at `run`; then when a
    /// later run could next find a breach, if before another step can.
    fn cron(&mut self, run: DateTime<FixedOffset>) -> Result<Option<DateTime<FixedOffset>>> {
        let timeline = Timeline {
            pauses: self.pauses.clone(),
            last_escalated: self.last_escalated,
        };
        let clock = clock_with(self.world.settings, &self.complaint, &timeline, run);
        match clock.breached_at {
            Some(breach) if self.last_escalated.is_none_or(|at| at < breach) => {
                self.apply(&Step::new(run, Action::Escalate, self.world.sla_breach.clone()))?;
                Ok(None)
            }
            // Escalated once for it already: cs escalates once a breach.
            Some(_) => Ok(None),
            None => {
                let c = &self.complaint;
                let respond = clock.respond_due.filter(|_| c.responded.is_none());
                let resolve = clock.resolve_due.filter(|_| c.resolved.or(c.closed).is_none());
                Ok(respond.into_iter().chain(resolve).min())
            }
        }
    }

    /// Applies one step as `cs complaint` does (`commands::complaint::act`), appending its line
    /// of history; an escalation past the top of the chain is left out, as cs refuses it.
    fn apply(&mut self, step: &Step) -> Result<()> {
        let old = &self.complaint;
        step.action
            .check(old.status)
            .map_err(|e| anyhow!("planned an impossible step for {}: {e}", old.id))?;
        let mut new = old.clone();
        new.updated = step.at;
        let mut text = step.text.clone();
        match step.action {
            Action::Add => unreachable!("a complaint is added once, before its steps"),
            Action::Ack => {
                new.responded = Some(step.at);
                new.status = Status::Acknowledged;
            }
            Action::Note => {}
            Action::Wait => {
                self.before_waiting = old.status;
                new.status = Status::Waiting;
            }
            Action::Resume => new.status = self.before_waiting,
            Action::Escalate => {
                let Some(to) = self
                    .world
                    .settings
                    .staff_member(&old.handler)
                    .and_then(|m| m.reports_to.clone())
                else {
                    return Ok(());
                };
                new.handler = to;
                new.level = old.level.saturating_add(1);
            }
            Action::Resolve => {
                new.resolution = step.text.clone();
                if !step.root_cause.is_empty() {
                    new.root_cause = step.root_cause.clone();
                }
                new.resolved = Some(step.at);
                new.status = Status::Resolved;
            }
            Action::Close => {
                // As cs: a closing without a score keeps the one given at an earlier closing.
                if step.score.is_some() {
                    new.score = step.score;
                }
                new.status = Status::Closed;
                new.closed = Some(step.at);
                text.clear();
            }
            Action::Reject => {
                new.status = Status::Open;
                new.resolved = None;
            }
            Action::Reopen => {
                new.status = Status::Reopened;
                new.reopened += 1;
                new.closed = None;
            }
        }
        match step.action {
            Action::Wait => self.pauses.push(Pause {
                from: step.at,
                to: None,
            }),
            Action::Resume | Action::Resolve | Action::Escalate if old.status == Status::Waiting => {
                if let Some(open) = self.pauses.last_mut().filter(|p| p.to.is_none()) {
                    open.to = Some(step.at);
                }
            }
            _ => {}
        }
        if step.action == Action::Escalate {
            self.last_escalated = Some(step.at);
        }
        self.events.push(Event {
            complaint: old.id.clone(),
            at: step.at,
            by: old.handler.clone(),
            action: step.action,
            from_status: old.status,
            to_status: new.status,
            from_handler: old.handler.clone(),
            to_handler: new.handler.clone(),
            text,
        });
        self.complaint = new;
        Ok(())
    }
}
