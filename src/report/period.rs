//! The period a report covers: a month, a quarter, a year or any range of days, and the
//! previous period of the same length it is compared with.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate};
use rust_i18n::t;
use serde::Serialize;

/// A range of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
    /// What kind of period it is, for naming it and for finding the one before.
    #[serde(skip)]
    pub kind: PeriodKind,
}

/// How a period was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
    /// Any days.
    Days,
}

impl Period {
    /// The calendar month `2026-11` (also `2026/11`, `2026年11月`).
    pub fn month(text: &str) -> Result<Period, String> {
        let cleaned = text
            .trim()
            .replace(['/', '.'], "-")
            .replace('年', "-")
            .replace('月', "");
        let (year, month) = cleaned
            .split_once('-')
            .and_then(|(y, m)| Some((y.trim().parse::<i32>().ok()?, m.trim().parse::<u32>().ok()?)))
            .ok_or_else(|| t!("report.bad_month", value = text).into_owned())?;
        let from =
            NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| t!("report.bad_month", value = text).into_owned())?;
        Ok(Period {
            from,
            to: end_of_month(from),
            kind: PeriodKind::Month,
        })
    }

    /// The quarter `2026Q4` (also `2026-Q4`, `2026q4`, `2026年第4季度`).
    pub fn quarter(text: &str) -> Result<Period, String> {
        let upper = text.trim().to_uppercase();
        let cleaned: String = upper
            // i18n: not a message
            .replace("年第", "Q")
            // i18n: not a message
            .replace("季度", "")
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .collect();
        let (year, quarter) = cleaned
            .split_once('Q')
            .and_then(|(y, q)| Some((y.parse::<i32>().ok()?, q.parse::<u32>().ok()?)))
            .filter(|(_, q)| (1..=4).contains(q))
            .ok_or_else(|| t!("report.bad_quarter", value = text).into_owned())?;
        let from = NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1)
            .ok_or_else(|| t!("report.bad_quarter", value = text).into_owned())?;
        Ok(Period {
            from,
            to: end_of_month(from + Duration::days(62)),
            kind: PeriodKind::Quarter,
        })
    }

    /// The year `2026`.
    pub fn year(text: &str) -> Result<Period, String> {
        let year: i32 = text
            .trim()
            .trim_end_matches('年')
            .parse()
            .map_err(|_| t!("report.bad_year", value = text).into_owned())?;
        let from =
            NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| t!("report.bad_year", value = text).into_owned())?;
        Ok(Period {
            from,
            to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(from),
            kind: PeriodKind::Year,
        })
    }

    /// The days from `from` to `to`, both included.
    pub fn days(from: NaiveDate, to: NaiveDate) -> Result<Period, String> {
        if to < from {
            return Err(t!("report.to_before_from", from = from, to = to).into_owned());
        }
        Ok(Period {
            from,
            to,
            kind: PeriodKind::Days,
        })
    }

    /// The quarter `day` falls in.
    pub fn quarter_of(day: NaiveDate) -> Period {
        let from = NaiveDate::from_ymd_opt(day.year(), (day.month0() / 3) * 3 + 1, 1).unwrap_or(day);
        Period {
            from,
            to: end_of_month(from + Duration::days(62)),
            kind: PeriodKind::Quarter,
        }
    }

    /// The year `day` falls in.
    pub fn year_of(day: NaiveDate) -> Period {
        Period {
            from: NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
            to: NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day),
            kind: PeriodKind::Year,
        }
    }

    /// The period of the same length just before: the month, quarter or year before, or as
    /// many days just before.
    pub fn previous(&self) -> Period {
        match self.kind {
            PeriodKind::Month => {
                let last = self.from - Duration::days(1);
                Period {
                    from: last.with_day(1).unwrap_or(last),
                    to: last,
                    kind: PeriodKind::Month,
                }
            }
            PeriodKind::Quarter => Period::quarter_of(self.from - Duration::days(1)),
            PeriodKind::Year => Period {
                from: NaiveDate::from_ymd_opt(self.from.year() - 1, 1, 1).unwrap_or(self.from),
                to: self.from - Duration::days(1),
                kind: PeriodKind::Year,
            },
            PeriodKind::Days => {
                let length = (self.to - self.from).num_days() + 1;
                Period {
                    from: self.from - Duration::days(length),
                    to: self.from - Duration::days(1),
                    kind: PeriodKind::Days,
                }
            }
        }
    }

    /// Whether `day` is in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// How many days it has.
    pub fn days_count(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The months it touches, `YYYY-MM`, in order.
    pub fn months(&self) -> Vec<String> {
        let mut months = Vec::new();
        let mut day = self.from.with_day(1).unwrap_or(self.from);
        while day <= self.to {
            months.push(day.format("%Y-%m").to_string());
            day = end_of_month(day) + Duration::days(1);
        }
        months
    }
}

/// Named as people say it: `2026Q4`, `2026-11`, `2026`, or `2026-10-01 – 2026-11-15`.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Month => write!(f, "{}", self.from.format("%Y-%m")),
            PeriodKind::Quarter => write!(f, "{}Q{}", self.from.year(), self.from.month0() / 3 + 1),
            PeriodKind::Year => write!(f, "{}", self.from.year()),
            PeriodKind::Days if self.from == self.to => write!(f, "{}", self.from),
            PeriodKind::Days => write!(f, "{} – {}", self.from, self.to),
        }
    }
}

/// The last day of `day`'s month.
fn end_of_month(day: NaiveDate) -> NaiveDate {
    let (year, month) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1).map_or(day, |next| next - Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn periods_are_read_as_people_write_them() {
        let q = Period::quarter("2026Q4").unwrap();
        assert_eq!((q.from, q.to), (day("2026-10-01"), day("2026-12-31")));
        assert_eq!(Period::quarter("2026-q1").unwrap().to, day("2026-03-31"));
        assert_eq!(Period::quarter("2026年第2季度").unwrap().from, day("2026-04-01"));
        assert!(Period::quarter("2026Q5").is_err());
        let m = Period::month("2026年2月").unwrap();
        assert_eq!((m.from, m.to), (day("2026-02-01"), day("2026-02-28")));
        assert_eq!(Period::year("2026").unwrap().to, day("2026-12-31"));
        assert!(Period::days(day("2026-02-02"), day("2026-02-01")).is_err());
        assert_eq!(q.to_string(), "2026Q4");
        assert_eq!(m.to_string(), "2026-02");
    }

    #[test]
    fn the_previous_period_has_the_same_length() {
        let q = Period::quarter("2026Q1").unwrap().previous();
        assert_eq!((q.from, q.to), (day("2025-10-01"), day("2025-12-31")));
        let m = Period::month("2026-03").unwrap().previous();
        assert_eq!((m.from, m.to), (day("2026-02-01"), day("2026-02-28")));
        let y = Period::year("2026").unwrap().previous();
        assert_eq!((y.from, y.to), (day("2025-01-01"), day("2025-12-31")));
        let d = Period::days(day("2026-11-10"), day("2026-11-19")).unwrap().previous();
        assert_eq!((d.from, d.to), (day("2026-10-31"), day("2026-11-09")));
        assert_eq!(Period::quarter_of(day("2026-11-29")).to_string(), "2026Q4");
        assert_eq!(
            Period::quarter("2026Q4").unwrap().months(),
            ["2026-10", "2026-11", "2026-12"]
        );
    }
}
