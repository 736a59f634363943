//! The follow-up visits: first when each happens (`plan_visits`: shares by customer weight,
//! spread over the days each customer can be visited), then their details and their month
//! files, one month per core with a random generator seeded by the month, so the files do not
//! depend on the threads. The hand-edited months are `quirks.rs`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, Result, ensure};
use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use cs::model::customer::Customer;
use cs::model::id;
use cs::model::settings::Settings;
use cs::model::survey::{QuestionKind, Survey};
use cs::model::visit::{Answers, Channel, Purpose, Visit};
use cs::store::table::{Month, Record};
use cs::store::visits;

use crate::common::{at, day, fill, pick, several, weighted, working_seconds};
use crate::customers::Person;
use crate::quirks::{NO_FINAL_NEWLINE_MONTH, hand_edited, month_file};
use crate::table_file::CHUNK;
use crate::words::{NEEDS, ROUTINE_BITS, SATISFACTION_BITS, SURVEY_BITS, VISITORS};
use crate::{LAST_DAY, SURVEY_FROM, VISIT_DAYS};

/// When one visit happens, before its details are made.
pub struct Slot {
    /// The visit month's ordinal (`Month::ordinal`), the file it goes in.
    pub month: u32,
    /// The customer's index.
    pub customer: u32,
    /// The visit's day, as days after the first visit day.
    pub day: u16,
    /// When the visit was recorded, in seconds after midnight of the first visit day.
    pub created: u32,
}

pub trait MonthOrdinal {
    fn ordinal(self) -> u32;
    fn from_ordinal(ordinal: u32) -> Month;
}

impl MonthOrdinal for Month {
    fn ordinal(self) -> u32 {
        self.year as u32 * 12 + self.month - 1
    }
    fn from_ordinal(ordinal: u32) -> Month {
        Month {
            year: (ordinal / 12) as i32,
            month: ordinal % 12 + 1,
        }
    }
}

/// Shares `total` visits among the customers by weight and spreads each customer's visits
/// evenly, with jitter, over the days it can be visited. Returns them in file order (by month,
/// then by when they were recorded, as appends leave them) with their ids.
pub fn plan_visits(rng: &mut StdRng, people: &[Person], total: usize) -> Vec<Slot> {
    let first_visit_day = day(LAST_DAY) - Duration::days(VISIT_DAYS - 1);
    let months: Vec<u32> = (0..VISIT_DAYS)
        .map(|d| Month::of(first_visit_day + Duration::days(d)).ordinal())
        .collect();
    let weights: f64 = people.iter().map(|p| p.weight).sum();
    // Whole shares first, then one more for the largest remainders, so the total is exact.
    let shares: Vec<f64> = people.iter().map(|p| total as f64 * p.weight / weights).collect();
    let mut counts: Vec<usize> = shares.iter().map(|s| s.floor() as usize).collect();
    let mut by_remainder: Vec<usize> = (0..people.len()).filter(|&i| people[i].weight > 0.0).collect();
    by_remainder.sort_by(|&a, &b| (shares[b] - shares[b].floor()).total_cmp(&(shares[a] - shares[a].floor())));
    let missing = total - counts.iter().sum::<usize>();
    for &i in by_remainder.iter().cycle().take(missing) {
        counts[i] += 1;
    }

    let mut slots = Vec::with_capacity(total);
    for (index, (person, &count)) in people.iter().zip(&counts).enumerate() {
        let Some(last) = person.last_visit_day else {
            continue;
        };
        let days = f64::from(last) + 1.0;
        for j in 0..count {
            let visit_day = (((j as f64 + rng.random_range(0.0..1.0)) * days / count as f64) as u16).min(last);
            // Most visits are recorded the same day; some a day or three later, never after the
            // customer's last day (so never after the last day, nor after an archiving).
            let visit_time = rng.random_range(8 * 3600 + 1800..19 * 3600);
            let lag_days = (*weighted(rng, &[(0u16, 80), (1, 15), (2, 3), (3, 2)])).min(last - visit_day);
            let seconds = if lag_days == 0 {
                (visit_time + rng.random_range(300..4 * 3600)).min(86_399)
            } else {
                u32::from(lag_days) * 86_400 + working_seconds(rng)
            };
            slots.push(Slot {
                month: months[usize::from(visit_day)],
                customer: index as u32,
                day: visit_day,
                created: u32::from(visit_day) * 86_400 + seconds,
            });
        }
    }
    // Slots with equal keys are the same in every field, so the order is the same every time.
    slots.sort_unstable_by_key(|s| (s.month, s.created, s.customer, s.day));
    slots
}

/// `count` different visit ids, made on one thread so that they are unique over the whole table.
pub fn visit_ids(rng: &mut StdRng, count: usize) -> Vec<String> {
    // The ids taken, each as the number its bytes make: cheaper to hash than strings.
    let packed = |id: &str| {
        let mut bytes = [0u8; 16];
        bytes[..id.len()].copy_from_slice(id.as_bytes());
        u128::from_le_bytes(bytes)
    };
    let mut taken: HashSet<u128> = HashSet::with_capacity(count);
    (0..count)
        .map(|_| {
            let id = id::generate(visits::TABLE.id_prefix, visits::TABLE.id_chars, rng, |id| {
                taken.contains(&packed(id))
            });
            taken.insert(packed(&id));
            id
        })
        .collect()
}

/// One month's file as written.
pub struct MonthFile {
    /// Its month.
    pub month: Month,
    /// Its size.
    pub bytes: u64,
    /// Its visits by purpose: routine, survey, satisfaction.
    pub by_purpose: [usize; 3],
    /// The id of its first visit.
    pub first_id: String,
}

/// Makes the visits of `slots` and writes them to their month files, one month at a time on
/// each core. A month's details come from its own random numbers, seeded from `seed` and the
/// month, so the files do not depend on which thread wrote them.
pub fn write_visits(
    dir: &Path,
    seed: u64,
    settings: &Settings,
    people: &[Person],
    slots: &[Slot],
    ids: Vec<String>,
) -> Result<Vec<MonthFile>> {
    let generator = VisitGenerator::new(settings)?;
    let mut ids = ids.into_iter();
    let months: Vec<(&[Slot], Mutex<Vec<String>>)> = slots
        .chunk_by(|a, b| a.month == b.month)
        .map(|month| (month, Mutex::new(ids.by_ref().take(month.len()).collect())))
        .collect();
    let next = AtomicUsize::new(0);
    let work = || -> Result<Vec<(usize, MonthFile)>> {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some((month, ids)) = months.get(index) else {
                return Ok(done);
            };
            let ids = std::mem::take(&mut *ids.lock().expect("each month is taken once"));
            done.push((index, write_month(dir, seed, &generator, people, month, ids)?));
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(months.len().max(1));
    let results: Vec<Result<Vec<(usize, MonthFile)>>> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut results = vec![work()];
        for helper in helpers {
            results.push(
                helper
                    .join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a writing thread panicked"))),
            );
        }
        results
    });
    let mut files = Vec::with_capacity(months.len());
    for result in results {
        files.extend(result?);
    }
    files.sort_by_key(|(index, _)| *index);
    Ok(files.into_iter().map(|(_, file)| file).collect())
}

/// Makes and writes one month's visits (`slots`, all of one month), a chunk at a time so that
/// what is encoded is still in the cache and memory stays small.
pub fn write_month(
    dir: &Path,
    seed: u64,
    generator: &VisitGenerator,
    people: &[Person],
    slots: &[Slot],
    ids: Vec<String>,
) -> Result<MonthFile> {
    let month = slots[0].month;
    let mut rng = StdRng::seed_from_u64(seed ^ u64::from(month).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut file = month_file(dir, Month::from_ordinal(month))?;
    let mut by_purpose = [0; 3];
    let first_id = ids.first().cloned().unwrap_or_default();
    let mut ids = ids.into_iter();
    for chunk in slots.chunks(CHUNK) {
        let mut rows = Vec::with_capacity(chunk.len());
        for (slot, id) in chunk.iter().zip(ids.by_ref()) {
            let visit = generator.visit(&mut rng, &people[slot.customer as usize], slot, id);
            let problems = visit.problems(&generator.settings);
            ensure!(
                problems.is_empty(),
                "generated an invalid visit {visit:?}: {problems:?}"
            );
            by_purpose[visit.purpose as usize] += 1;
            rows.push(hand_edited(&mut rng, month, visit.encode()));
        }
        file.write_rows(rows)?;
    }
    Ok(MonthFile {
        month: Month::from_ordinal(month),
        bytes: file.finish(month != NO_FINAL_NEWLINE_MONTH.ordinal())?,
        by_purpose,
        first_id,
    })
}

/// Makes the details of visits: who, how, why, what was said.
pub struct VisitGenerator {
    first_visit_day: NaiveDate,
    survey_from: NaiveDate,
    topics: Vec<String>,
    survey: Survey,
    /// The settings every visit is checked against.
    settings: Settings,
}

impl VisitGenerator {
    pub fn new(settings: &Settings) -> Result<VisitGenerator> {
        let survey = settings
            .surveys
            .first()
            .context("the settings define a survey")?
            .clone();
        ensure!(
            survey.questions.iter().map(|q| q.kind).collect::<Vec<_>>()
                == [
                    QuestionKind::Score,
                    QuestionKind::Nps,
                    QuestionKind::Choice,
                    QuestionKind::Text
                ],
            "the survey's questions are score, nps, choice and text, in that order"
        );
        Ok(VisitGenerator {
            first_visit_day: day(LAST_DAY) - Duration::days(VISIT_DAYS - 1),
            survey_from: day(SURVEY_FROM),
            topics: settings.visits.routine_topics.clone(),
            survey,
            settings: settings.clone(),
        })
    }

    fn visit(&self, rng: &mut StdRng, customer: &Customer, slot: &Slot, id: String) -> Visit {
        let date = self.first_visit_day + Duration::days(slot.day.into());
        let created = at(self.first_visit_day, 0) + Duration::seconds(slot.created.into());
        let by = match &customer.owner {
            Some(owner) if rng.random_bool(0.85) => owner.clone(),
            _ => pick(rng, VISITORS).to_string(),
        };
        let channels: &[(Channel, u32)] = match customer.class.as_str() {
            "A" => &[(Channel::Onsite, 40), (Channel::Phone, 45), (Channel::Sms, 15)],
            "B" => &[(Channel::Onsite, 25), (Channel::Phone, 55), (Channel::Sms, 20)],
            _ => &[(Channel::Onsite, 10), (Channel::Phone, 60), (Channel::Sms, 30)],
        };
        let channel = *weighted(rng, channels);
        let purpose = if date >= self.survey_from && rng.random_bool(0.45) {
            Purpose::Survey
        } else {
            *weighted(rng, &[(Purpose::Routine, 70), (Purpose::Satisfaction, 30)])
        };
        let mut visit = Visit {
            id,
            customer: customer.id.clone(),
            date,
            channel,
            purpose,
            by,
            score: None,
            nps: None,
            topics: Vec::new(),
            answers: Answers::default(),
            survey: None,
            summary: String::new(),
            next: None,
            created,
        };
        let bits = match purpose {
            Purpose::Routine => {
                let topics: Vec<&str> = self.topics.iter().map(String::as_str).collect();
                let count = rng.random_range(1..=3);
                visit.topics = several(rng, &topics, count).into_iter().map(str::to_string).collect();
                ROUTINE_BITS
            }
            Purpose::Satisfaction => {
                let score = *weighted(rng, &[(1u8, 3), (2, 6), (3, 16), (4, 40), (5, 35)]);
                visit.score = Some(score);
                if rng.random_bool(0.7) {
                    visit.nps = Some(nps_for(rng, score));
                }
                SATISFACTION_BITS
            }
            Purpose::Survey => {
                visit.survey = Some(self.survey.id.clone());
                visit.answers = self.answers(rng);
                SURVEY_BITS
            }
        };
        visit.summary = summary(rng, bits);
        if rng.random_bool(1.0 / 3.0) {
            let ahead = if customer.class == "A" { 7..=30 } else { 14..=90 };
            visit.next = Some(date + Duration::days(rng.random_range(ahead)));
        }
        visit
    }

    /// Answers to survey 2026Q4, in question order; customers skip some questions.
    fn answers(&self, rng: &mut StdRng) -> Answers {
        let mut answers = Vec::new();
        // How satisfied the customer is, whether or not they give a score: it colours the NPS.
        let satisfaction = *weighted(rng, &[(2u8, 5), (3, 15), (4, 45), (5, 35)]);
        for question in &self.survey.questions {
            let value = match question.kind {
                QuestionKind::Score if rng.random_bool(0.95) => satisfaction.to_string(),
                QuestionKind::Nps if rng.random_bool(0.85) => nps_for(rng, satisfaction).to_string(),
                QuestionKind::Choice if rng.random_bool(0.9) => {
                    let weights = [50, 40, 10];
                    let choices: Vec<(&String, u32)> = question.choices.iter().zip(weights).collect();
                    weighted(rng, &choices).to_string()
                }
                QuestionKind::Text if rng.random_bool(0.5) => pick(rng, NEEDS).to_string(),
                _ => continue,
            };
            answers.push((question.key.clone(), value));
        }
        if answers.is_empty() {
            answers.push((self.survey.questions[0].key.clone(), "4".to_string()));
        }
        Answers(answers)
    }
}

/// A likelihood to recommend that goes with a satisfaction score.
pub fn nps_for(rng: &mut StdRng, score: u8) -> u8 {
    match score {
        5 => rng.random_range(8..=10),
        4 => rng.random_range(6..=9),
        3 => rng.random_range(4..=8),
        2 => rng.random_range(2..=6),
        _ => rng.random_range(0..=4),
    }
}

/// A summary of one to ten pieces: mostly short, a few long, some over several lines, some
/// empty.
pub fn summary(rng: &mut StdRng, bits: &[&str]) -> String {
    let count = *weighted(rng, &[(0usize, 3), (1, 30), (2, 30), (3, 20), (4, 9), (6, 5), (10, 3)]);
    let mut text = String::new();
    for i in 0..count {
        if i > 0 {
            let separator = *weighted(rng, &[("，", 75), ("。", 15), ("\n", 7), ("; ", 3)]);
            text.push_str(separator);
        }
        let bit = pick(rng, bits);
        text.push_str(&fill(rng, bit));
    }
    if count > 0 && rng.random_bool(0.3) {
        text.push('。');
    }
    text
}
