//! The `visits` report: visits by channel and purpose and by staff; coverage per class;
//! satisfaction (CSAT, mean score), the net promoter score; the results of the surveys run in
//! the period; visits per month. Definitions are in `docs/reports.md`, `## visits`.
//!
//! What happened after the `--as-of` day is left out, so a report "as of" a day says what was
//! known that evening. One pass over the visits index covers both periods and the coverage
//! look-back; only the visits of the two periods are decoded (score, NPS and answers are not in
//! the index).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, NaiveDate};

use super::scope::Scope;
use super::{Bars, Block, Cell, Figure, Period, Section, Table, Trend, Value};
use crate::error::Result;
use crate::model::customer::Status;
use crate::model::survey::QuestionKind;
use crate::model::visit::{Channel, Purpose, Visit};
use crate::store::Store;
use crate::store::index::{self, FileIndex, day_of};
use crate::store::table::Month;
use crate::store::visits::{TABLE, key};

/// A period cut at the `--as-of` day: what a report counts of it.
fn counted(period: &Period, as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    (period.from, period.to.min(as_of))
}

/// The first day of the coverage window of a class: the period, reaching back to a whole
/// cadence when the period is shorter than the cadence.
fn window_start(from: NaiveDate, end: NaiveDate, cadence: u32) -> NaiveDate {
    from.min(end - Duration::days(i64::from(cadence.max(1)) - 1))
}

/// The figures of one period, from its visits.
struct Tally {
    visits: u64,
    customers: u64,
    scores: Vec<u8>,
    nps: Vec<u8>,
}

impl Tally {
    fn of(visits: &[&Visit]) -> Tally {
        let customers: HashSet<&str> = visits.iter().map(|v| v.customer.as_str()).collect();
        Tally {
            visits: visits.len() as u64,
            customers: customers.len() as u64,
            scores: visits.iter().filter_map(|v| v.score).collect(),
            nps: visits.iter().filter_map(|v| v.nps).collect(),
        }
    }

    /// The share of scores that are 4 or 5.
    fn csat(&self) -> Value {
        super::rate(
            self.scores.iter().filter(|&&s| s >= 4).count() as u64,
            self.scores.len() as u64,
        )
    }

    fn mean_score(&self) -> Value {
        let scores: Vec<f64> = self.scores.iter().map(|&s| f64::from(s)).collect();
        super::mean(&scores)
    }

    /// Percent of 9–10 minus percent of 0–6, rounded half away from zero (as `f64::round`).
    fn nps(&self) -> Value {
        Value::Signed(crate::model::survey::net_promoter_score(&self.nps).map(|n| n.round() as i64))
    }
}

/// The visits report's sections.
pub fn sections(store: &Store, scope: &Scope) -> Result<Vec<Section>> {
    let customers = &scope.customers;
    let classes = &scope.settings.classes;
    let current = counted(&scope.period, scope.as_of);
    let previous = scope.previous.map(|p| counted(&p, scope.as_of));
    let longest = classes.values().map(|c| c.visit_every_days).max().unwrap_or(0);
    let mut first = window_start(current.0, current.1, longest);
    if let Some((from, to)) = previous {
        first = first.min(window_start(from, to, longest));
    }

    // One pass over the index: who was visited on which day (for coverage), and the rows of
    // the two periods to decode.
    let months = store.months_between(&TABLE, Some(Month::of(first)), Some(Month::of(current.1.max(first))))?;
    let files: Vec<FileIndex<Visit>> = index::load_all(store, &months)?;
    let mut visit_days: HashMap<String, Vec<NaiveDate>> = HashMap::new();
    let mut decoded: Vec<Visit> = Vec::new();
    let in_period = |day: NaiveDate, (from, to): (NaiveDate, NaiveDate)| from <= day && day <= to;
    for file in &files {
        file.check()?;
        let mut rows = Vec::new();
        for row in 0..file.rows() {
            let customer = file.str(key::CUSTOMER, row);
            let day = day_of(file.i32(key::DATE, row));
            if day < first || day > current.1 || !scope.includes(customer) {
                continue;
            }
            visit_days.entry(customer.to_string()).or_default().push(day);
            if in_period(day, current) || previous.is_some_and(|p| in_period(day, p)) {
                rows.push(row);
            }
        }
        decoded.extend(file.read(store, &rows)?.into_iter().map(|l| l.record));
    }
    let now: Vec<&Visit> = decoded.iter().filter(|v| in_period(v.date, current)).collect();
    let before: Vec<&Visit> = match previous {
        Some(p) => decoded.iter().filter(|v| in_period(v.date, p)).collect(),
        None => Vec::new(),
    };
    let (tally, tally_before) = (Tally::of(&now), previous.map(|_| Tally::of(&before)));

    // Coverage: the active customers in scope, per class, and those visited in the window.
    let coverage = |(from, to): (NaiveDate, NaiveDate)| -> BTreeMap<String, (u64, u64)> {
        let mut per_class: BTreeMap<String, (u64, u64)> = classes.keys().map(|k| (k.clone(), (0, 0))).collect();
        for row in 0..customers.rows() {
            if customers.is_archived(row)
                || customers.status(row) != Status::Active
                || customers.created_day(row) > to
                || !scope.includes_row(row)
            {
                continue;
            }
            let class = customers.class(row);
            let cadence = classes.get(class).map_or(0, |c| c.visit_every_days);
            let start = window_start(from, to, cadence);
            let visited = visit_days
                .get(customers.id(row))
                .is_some_and(|days| days.iter().any(|&d| start <= d && d <= to));
            let entry = per_class.entry(class.to_string()).or_default();
            entry.0 += 1;
            entry.1 += u64::from(visited);
        }
        per_class
    };
    let covered = coverage(current);
    let covered_before = previous.map(coverage);
    let total = |per_class: &BTreeMap<String, (u64, u64)>| {
        let (all, visited) = per_class.values().fold((0, 0), |(a, v), (ca, cv)| (a + ca, v + cv));
        super::rate(visited, all)
    };

    let figure = |key: &str, value: Value, before: Option<Value>| Figure {
        key: key.to_string(),
        label: super::label(&format!("visits_{key}")),
        value,
        previous: before,
    };
    let figures = vec![
        figure(
            "visits",
            Value::Count(tally.visits),
            tally_before.as_ref().map(|t| Value::Count(t.visits)),
        ),
        figure(
            "customers_visited",
            Value::Count(tally.customers),
            tally_before.as_ref().map(|t| Value::Count(t.customers)),
        ),
        figure("coverage", total(&covered), covered_before.as_ref().map(total)),
        figure("csat", tally.csat(), tally_before.as_ref().map(Tally::csat)),
        figure(
            "mean_score",
            tally.mean_score(),
            tally_before.as_ref().map(Tally::mean_score),
        ),
        figure(
            "scores",
            Value::Count(tally.scores.len() as u64),
            tally_before.as_ref().map(|t| Value::Count(t.scores.len() as u64)),
        ),
        figure("nps", tally.nps(), tally_before.as_ref().map(Tally::nps)),
        figure(
            "nps_answers",
            Value::Count(tally.nps.len() as u64),
            tally_before.as_ref().map(|t| Value::Count(t.nps.len() as u64)),
        ),
    ];

    let blocks = vec![
        Block::Figures(figures),
        Block::Table(by_channel(&now)),
        Block::Bars(by_staff(scope, &now)),
        Block::Table(coverage_table(&covered, covered_before.as_ref())),
        Block::Trend(per_month(&scope.period, &now)),
        Block::Table(survey_results(scope, &now)),
    ];
    Ok(vec![Section {
        key: "visits".to_string(),
        title: super::label("section_visits"),
        blocks,
    }])
}

/// A column with a key of its own and a label from the catalog's `report.column` keys.
pub(super) fn column(key: &str, label_key: &str) -> (String, String) {
    (
        key.to_string(),
        rust_i18n::t!(format!("report.column.{label_key}")).into_owned(),
    )
}

/// Visits by channel (rows) and purpose (columns), with the totals.
fn by_channel(visits: &[&Visit]) -> Table {
    let count = |channel: Option<Channel>, purpose: Option<Purpose>| {
        Cell::Value(Value::Count(
            visits
                .iter()
                .filter(|v| channel.is_none_or(|c| v.channel == c) && purpose.is_none_or(|p| v.purpose == p))
                .count() as u64,
        ))
    };
    let row = |channel: Option<Channel>, label: Cell| {
        let mut cells = vec![label];
        cells.extend(Purpose::ALL.iter().map(|&p| count(channel, Some(p))));
        cells.push(count(channel, None));
        cells
    };
    let mut rows: Vec<Vec<Cell>> = Channel::ALL
        .iter()
        .map(|&c| {
            let code = Cell::code("", "channel", c.as_str());
            row(Some(c), code)
        })
        .collect();
    rows.push(row(None, Cell::code("", "channel", "all")));
    let mut columns = vec![column("channel", "visits_channel")];
    columns.extend(Purpose::ALL.iter().map(|p| {
        (
            p.as_str().to_string(),
            crate::i18n::value("purpose", p.as_str()).into_owned(),
        )
    }));
    columns.push(column("all", "visits_all"));
    Table {
        key: "visits_by_channel".to_string(),
        title: super::label("visits_by_channel"),
        columns,
        rows,
    }
}

/// Visits by who made them, the most first; ties in name order.
fn by_staff(scope: &Scope, visits: &[&Visit]) -> Bars {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for visit in visits {
        *counts.entry(visit.by.as_str()).or_default() += 1;
    }
    let mut items: Vec<(String, String, Value)> = counts
        .into_iter()
        .map(|(id, n)| (id.to_string(), scope.staff_name(Some(id)), Value::Count(n)))
        .collect();
    items.sort_by(|a, b| {
        b.2.as_f64()
            .unwrap_or(0.0)
            .total_cmp(&a.2.as_f64().unwrap_or(0.0))
            .then(a.1.cmp(&b.1))
    });
    Bars {
        key: "visits_by_staff".to_string(),
        title: super::label("visits_by_staff"),
        items,
    }
}

/// Coverage per class: the active customers, those visited, the share, and the share before.
fn coverage_table(now: &BTreeMap<String, (u64, u64)>, before: Option<&BTreeMap<String, (u64, u64)>>) -> Table {
    let rows = now
        .iter()
        .map(|(class, &(all, visited))| {
            let earlier = before
                .and_then(|b| b.get(class))
                .map_or(Value::Rate(None), |&(a, v)| super::rate(v, a));
            vec![
                Cell::Text(class.clone()),
                Cell::Value(Value::Count(all)),
                Cell::Value(Value::Count(visited)),
                Cell::Value(super::rate(visited, all)),
                Cell::Value(earlier),
            ]
        })
        .collect();
    let mut columns = super::columns(&["class"]);
    columns.extend([
        column("active", "visits_active"),
        column("covered", "visits_covered"),
        column("coverage", "visits_coverage"),
        column("previous", "visits_coverage_before"),
    ]);
    Table {
        key: "visits_coverage".to_string(),
        title: super::label("visits_coverage_by_class"),
        columns,
        rows,
    }
}

/// Visits per month of the period.
fn per_month(period: &Period, visits: &[&Visit]) -> Trend {
    let months = period.months();
    let mut counts = vec![0u64; months.len()];
    for visit in visits {
        let month = visit.date.format("%Y-%m").to_string();
        if let Some(at) = months.iter().position(|m| *m == month) {
            counts[at] += 1;
        }
    }
    Trend {
        key: "visits_per_month".to_string(),
        title: super::label("visits_per_month"),
        months,
        series: vec![(
            "visits".to_string(),
            super::label("visits_visits"),
            counts.into_iter().map(Value::Count).collect(),
        )],
    }
}

/// The results of every survey answered in the period, one row per question: how many
/// answered, the mean (scores, NPS questions), the NPS, and the count of each choice.
fn survey_results(scope: &Scope, visits: &[&Visit]) -> Table {
    let mut rows = Vec::new();
    for survey in &scope.settings.surveys {
        let asked: Vec<Visit> = visits
            .iter()
            .filter(|v| v.purpose == Purpose::Survey && v.survey.as_deref() == Some(survey.id.as_str()))
            .map(|v| (*v).clone())
            .collect();
        if asked.is_empty() {
            continue;
        }
        for result in crate::commands::visit::tally(survey, &asked, &|_| String::new()) {
            let choices: Vec<String> = result
                .choices
                .iter()
                .map(|c| format!("{} {}", c.choice, c.count)) // i18n: not a message
                .collect();
            let mean = match result.kind {
                QuestionKind::Score | QuestionKind::Nps => Value::Number(result.mean),
                _ => Value::Number(None),
            };
            rows.push(vec![
                Cell::Text(survey.id.clone()),
                Cell::Text(result.text),
                Cell::Value(Value::Count(result.answers as u64)),
                Cell::Value(mean),
                Cell::Value(Value::Signed(result.nps.map(|n| n.round() as i64))),
                Cell::Text(choices.join(" · ")),
            ]);
        }
    }
    Table {
        key: "visits_surveys".to_string(),
        title: super::label("visits_surveys"),
        columns: vec![
            column("survey", "visits_survey"),
            column("question", "visits_question"),
            column("answers", "visits_answers"),
            column("mean", "visits_mean"),
            column("nps", "visits_nps"),
            column("choices", "visits_choices"),
        ],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_coverage_window_is_at_least_a_cadence_long() {
        // A quarter is longer than 30 days: the quarter itself.
        assert_eq!(
            window_start(day("2026-10-01"), day("2026-12-31"), 30),
            day("2026-10-01")
        );
        // A month is shorter than 90 days: the 90 days ending on its last day.
        assert_eq!(
            window_start(day("2026-11-01"), day("2026-11-30"), 90),
            day("2026-09-02")
        );
    }

    #[test]
    fn nps_rounds_half_away_from_zero() {
        let tally = |nps: Vec<u8>| Tally {
            visits: 0,
            customers: 0,
            scores: Vec::new(),
            nps,
        };
        // 1 promoter, 0 detractors of 8: 12.5 → 13; 1 detractor of 8: −12.5 → −13.
        assert_eq!(tally(vec![9, 7, 7, 7, 7, 7, 7, 7]).nps(), Value::Signed(Some(13)));
        assert_eq!(tally(vec![0, 7, 7, 7, 7, 7, 7, 7]).nps(), Value::Signed(Some(-13)));
        assert_eq!(tally(Vec::new()).nps(), Value::Signed(None));
        assert_eq!(tally(Vec::new()).csat(), Value::Rate(None));
    }
}
