//! Service-level targets of complaints: when a response or resolution is due, and how late it is.
//!
//! The SLA clock starts when a complaint is received. With business hours it runs only on
//! working days (not holidays) between opening and closing; without them, around the clock.
//! While the complaint waits on the customer ([`Pause`]) it stops, so a deadline moves later by
//! exactly the clock time paused: a pause at night or over a weekend costs nothing, and
//! overlapping pauses count once.
//!
//! Calendar work (which day it is, whether the department is open) happens in the UTC offset of
//! the `from` time given, so callers pass times in the data directory's local offset; pauses and
//! `to` may carry any offset. The clock is a position: the business time from a fixed origin to
//! a moment, found by counting whole weeks and searching the holidays, so neither a long deadline
//! nor a long pause steps through minutes or days; a deadline costs one step per holiday it
//! crosses. Pure functions: no IO, no clock.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Timelike};

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const NANOS_PER_HOUR: i128 = 3_600 * NANOS_PER_SECOND;
/// Monday 2001-01-01 (days from the common era, seconds since 1970): the clock's origin, near the
/// times `cs` handles so that positions fit in 64 bits, where division is fast.
const ORIGIN_DAY: i64 = 730_486;
const ORIGIN_SECOND: i64 = 978_307_200;
const SECONDS_PER_DAY: i64 = 86_400;

/// Why a set of working hours cannot be used: each a variant so callers can word it in the
/// language being spoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BusinessHoursError {
    /// No day of the week is a working day, so no deadline would ever come.
    #[error("no working day in the week")]
    EmptyDays,
    /// Closing is not after opening (hours across midnight are not supported).
    #[error("closing time {end} is not after opening time {start}")]
    EndNotAfterStart {
        /// The opening time given.
        start: NaiveTime,
        /// The closing time given.
        end: NaiveTime,
    },
}

/// The department's working hours, in the data directory's local time; valid by construction.
/// Weekend days worked in exchange for a holiday (调休) cannot be expressed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessHours {
    days: [bool; 7],
    start: NaiveTime,
    end: NaiveTime,
    holidays: BTreeSet<NaiveDate>,
    // Precomputed so the clock position costs a few additions and one binary search.
    /// Nanoseconds of business time in one working day.
    day_length: i128,
    /// Nanoseconds from midnight to opening.
    opening: i128,
    /// Working days in a week.
    per_week: i64,
    /// Working weekdays before each weekday in its week (Monday = 0).
    before: [i64; 7],
    /// The weekdays that are working days, in order (the first `per_week` are meaningful).
    working: [i64; 7],
    /// The day numbers of the holidays that would otherwise be working days, sorted.
    closed: Vec<i64>,
}

impl BusinessHours {
    /// Working hours from `start` to `end` on `days` (Monday first), closed on `holidays`.
    pub fn new(
        days: [bool; 7],
        start: NaiveTime,
        end: NaiveTime,
        holidays: BTreeSet<NaiveDate>,
    ) -> Result<Self, BusinessHoursError> {
        if !days.contains(&true) {
            return Err(BusinessHoursError::EmptyDays);
        }
        if start >= end {
            return Err(BusinessHoursError::EndNotAfterStart { start, end });
        }
        let mut before = [0; 7];
        let mut working = [0; 7];
        let mut per_week = 0;
        for (weekday, &open) in (0..).zip(&days) {
            before[weekday as usize] = per_week;
            if open {
                working[per_week as usize] = weekday;
                per_week += 1;
            }
        }
        let closed = holidays
            .iter()
            .map(|&date| day_number(date))
            .filter(|&day| days[weekday(day)])
            .collect();
        Ok(BusinessHours {
            days,
            start,
            end,
            holidays,
            day_length: nanos_of_day(end) - nanos_of_day(start),
            opening: nanos_of_day(start),
            per_week,
            before,
            working,
            closed,
        })
    }

    /// The working days of the week, Monday first.
    pub fn days(&self) -> [bool; 7] {
        self.days
    }

    /// The opening time.
    pub fn start(&self) -> NaiveTime {
        self.start
    }

    /// The closing time.
    pub fn end(&self) -> NaiveTime {
        self.end
    }

    /// The days the department is closed although the weekday is a working one.
    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// Whether `date` is a working day: a working weekday and not a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.is_working(day_number(date))
    }

    fn is_working(&self, day: i64) -> bool {
        self.days[weekday(day)] && self.closed.binary_search(&day).is_err()
    }

    /// Working days before `day` (from the origin, day 0; negative before it).
    fn working_days_before(&self, day: i64) -> i64 {
        let weekdays = day.div_euclid(7) * self.per_week + self.before[weekday(day)];
        weekdays - self.closed.partition_point(|&c| c < day) as i64
    }

    /// The day number of the working day with `n` working days before it.
    fn nth_working_day(&self, n: i64) -> i64 {
        let nth_weekday = |k: i64| k.div_euclid(self.per_week) * 7 + self.working[k.rem_euclid(self.per_week) as usize];
        // Each holiday up to the guess pushes it one working weekday later; the count only grows
        // and stops at the number of holidays before the answer, each met once.
        let mut seen = self.closed.partition_point(|&c| c <= nth_weekday(n));
        loop {
            let day = nth_weekday(n + seen as i64);
            let more = self.closed[seen..].iter().take_while(|&&c| c <= day).count();
            if more == 0 {
                return day;
            }
            seen += more;
        }
    }
}

/// A time the complaint waited on the customer, which stops the SLA clock; `to: None` while it
/// still waits. A pause ending before it starts counts for nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    /// When the waiting began.
    pub from: DateTime<FixedOffset>,
    /// When the customer answered, if they have.
    pub to: Option<DateTime<FixedOffset>>,
}

/// The moment `hours` hours of SLA clock after `from`, or `None` while a pause that began before
/// then is still open (the clock is stopped, so there is no deadline now).
///
/// The deadline is the earliest such moment: a target met exactly at closing is due at that
/// day's closing, not at the next opening. A complaint received outside business hours starts
/// counting at the next opening. A pause that opens after the deadline does not hide it: the
/// target was already missed. Panics only for deadlines past chrono's calendar (year 262,143),
/// which a bounded `hours` setting never reaches.
pub fn deadline(
    from: DateTime<FixedOffset>,
    hours: u32,
    business: Option<&BusinessHours>,
    pauses: &[Pause],
) -> Option<DateTime<FixedOffset>> {
    let clock = Clock::new(business, from);
    let mut remaining = i128::from(hours) * NANOS_PER_HOUR;
    let mut cursor = from;
    for pause in merged(pauses) {
        if pause.to.is_some_and(|to| to <= cursor) {
            continue;
        }
        let start = pause.from.max(cursor);
        let available = clock.position(start) - clock.position(cursor);
        if remaining <= available {
            break;
        }
        remaining -= available;
        cursor = pause.to?;
    }
    Some(if remaining == 0 {
        cursor
    } else {
        clock.moment(clock.position(cursor) + remaining)
    })
}

/// The SLA clock time from `from` to `to`: business time when given, minus the pauses; negative
/// when `to` is before `from`, so `elapsed(due, now, ..)` is how late (or, negative, how early).
///
/// An open pause stops the clock from its start on. Agrees with [`deadline`]:
/// `elapsed(from, deadline(from, h, ..), ..)` is `h` hours.
pub fn elapsed(
    from: DateTime<FixedOffset>,
    to: DateTime<FixedOffset>,
    business: Option<&BusinessHours>,
    pauses: &[Pause],
) -> Duration {
    let clock = Clock::new(business, from);
    let (low, high, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
    let mut total = clock.position(high) - clock.position(low);
    for pause in merged(pauses) {
        if pause.from >= high {
            break;
        }
        let start = pause.from.max(low);
        let end = pause.to.map_or(high, |to| to.min(high));
        if start < end {
            total -= clock.position(end) - clock.position(start);
        }
    }
    nanoseconds(sign * total)
}

/// The pauses sorted and merged so that none overlaps another: time paused twice is paused once.
fn merged(pauses: &[Pause]) -> Vec<Pause> {
    let mut sorted: Vec<Pause> = pauses
        .iter()
        .filter(|p| p.to.is_none_or(|to| to > p.from))
        .copied()
        .collect();
    sorted.sort_unstable_by_key(|p| p.from);
    let mut merged: Vec<Pause> = Vec::with_capacity(sorted.len());
    for pause in sorted {
        match merged.last_mut() {
            Some(last) if last.to.is_none_or(|end| pause.from <= end) => {
                last.to = last.to.zip(pause.to).map(|(a, b)| a.max(b));
            }
            _ => merged.push(pause),
        }
    }
    merged
}

/// The SLA clock without pauses: a position (nanoseconds of counted time since an origin) for
/// every moment, and back. Works on timestamps, not calendar dates: a fixed offset makes every
/// local day 86,400 seconds, and chrono's date arithmetic would be most of the cost.
struct Clock<'a> {
    business: Option<&'a BusinessHours>,
    /// The first moment given: its offset is the calendar's, and it anchors the way back.
    anchor: DateTime<FixedOffset>,
    /// Seconds the calendar's offset is ahead of UTC.
    offset: i64,
}

impl<'a> Clock<'a> {
    fn new(business: Option<&'a BusinessHours>, anchor: DateTime<FixedOffset>) -> Self {
        let offset = anchor.offset().local_minus_utc().into();
        Clock {
            business,
            anchor,
            offset,
        }
    }

    /// The local day number of `time` and how far into that day it is.
    fn local(&self, time: DateTime<FixedOffset>) -> (i64, i128) {
        let seconds = time.timestamp() - ORIGIN_SECOND + self.offset;
        let into_day = i128::from(seconds.rem_euclid(SECONDS_PER_DAY)) * NANOS_PER_SECOND;
        (
            seconds.div_euclid(SECONDS_PER_DAY),
            into_day + i128::from(time.timestamp_subsec_nanos()),
        )
    }

    /// Counted time from the origin to `time`: never decreasing, flat outside business hours.
    fn position(&self, time: DateTime<FixedOffset>) -> i128 {
        let Some(hours) = self.business else {
            let seconds = i128::from(time.timestamp() - ORIGIN_SECOND);
            return seconds * NANOS_PER_SECOND + i128::from(time.timestamp_subsec_nanos());
        };
        let (day, into_day) = self.local(time);
        let done = i128::from(hours.working_days_before(day)) * hours.day_length;
        if !hours.is_working(day) {
            return done;
        }
        done + (into_day - hours.opening).clamp(0, hours.day_length)
    }

    /// The earliest moment whose position is `position`, in the anchor's offset.
    fn moment(&self, position: i128) -> DateTime<FixedOffset> {
        let after_anchor = match self.business {
            None => position - self.position(self.anchor),
            Some(hours) => {
                let (whole, rest) = div_rem(position, hours.day_length);
                // A position on a day boundary is first reached at the closing of the day
                // before, not at the next opening.
                let (nth, into_day) = if rest == 0 {
                    (whole - 1, hours.opening + hours.day_length)
                } else {
                    (whole, hours.opening + rest)
                };
                let nth = i64::try_from(nth).expect("deadline within chrono's calendar");
                let (anchor_day, anchor_into_day) = self.local(self.anchor);
                let days = i128::from(hours.nth_working_day(nth) - anchor_day);
                days * i128::from(SECONDS_PER_DAY) * NANOS_PER_SECOND + into_day - anchor_into_day
            }
        };
        self.anchor
            .checked_add_signed(nanoseconds(after_anchor))
            .expect("deadline within chrono's calendar")
    }
}

/// Days since the origin, a Monday, so that weekdays are the remainder by 7 (Monday = 0).
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - ORIGIN_DAY
}

/// The weekday of a day number, Monday = 0.
fn weekday(day: i64) -> usize {
    day.rem_euclid(7) as usize
}

/// How far into its day a time of day is.
fn nanos_of_day(time: NaiveTime) -> i128 {
    i128::from(time.num_seconds_from_midnight()) * NANOS_PER_SECOND + i128::from(time.nanosecond())
}

/// A count of nanoseconds as a duration, even beyond the 292 years 64 bits of them hold.
fn nanoseconds(nanos: i128) -> Duration {
    if let Ok(nanos) = i64::try_from(nanos) {
        return Duration::nanoseconds(nanos);
    }
    let (seconds, nanos) = div_rem(nanos, NANOS_PER_SECOND);
    let seconds = i64::try_from(seconds).ok().and_then(Duration::try_seconds);
    seconds.expect("duration within chrono's range") + Duration::nanoseconds(nanos as i64)
}

/// Euclidean quotient and remainder by a positive divisor, in 64 bits whenever they suffice:
/// 128-bit division is a slow library call, and it would be most of the work.
fn div_rem(value: i128, divisor: i128) -> (i128, i128) {
    match (i64::try_from(value), i64::try_from(divisor)) {
        (Ok(value), Ok(divisor)) => (value.div_euclid(divisor).into(), value.rem_euclid(divisor).into()),
        _ => (value.div_euclid(divisor), value.rem_euclid(divisor)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Receipts used again and again; 2026-09-14 is a Monday.
    const MON_0900: &str = "2026-09-14T09:00:00+08:00";
    const FRI_1700: &str = "2026-09-18T17:00:00+08:00";

    /// What [`due`] shows while the clock is stopped.
    const STOPPED: &str = "stopped";

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn time(text: &str) -> NaiveTime {
        text.parse().unwrap()
    }

    /// Monday to Friday, 09:00 to 18:00, closed on the holidays given (separated by spaces).
    fn office(holidays: &str) -> BusinessHours {
        let holidays = holidays.split_whitespace().map(|d| d.parse().unwrap()).collect();
        let weekdays = [true, true, true, true, true, false, false];
        BusinessHours::new(weekdays, time("09:00"), time("18:00"), holidays).unwrap()
    }

    fn paused(from: &str, to: &str) -> Pause {
        Pause {
            from: at(from),
            to: Some(at(to)),
        }
    }

    /// The deadline in RFC 3339, so expectations read as written.
    fn due(business: Option<&BusinessHours>, pauses: &[Pause], from: &str, hours: u32) -> String {
        deadline(at(from), hours, business, pauses).map_or(STOPPED.to_string(), |t| t.to_rfc3339())
    }

    /// Checks deadlines without pauses given as (received, hours, due).
    fn check(business: Option<&BusinessHours>, cases: &[(&str, u32, &str)]) {
        for &(from, hours, expected) in cases {
            assert_eq!(due(business, &[], from, hours), expected, "{hours} h from {from}");
        }
    }

    #[test]
    fn working_hours_refuse_an_empty_week_and_closing_before_opening() {
        let (nine, six) = (time("09:00"), time("18:00"));
        let refused = BusinessHours::new([false; 7], nine, six, BTreeSet::new());
        assert_eq!(refused, Err(BusinessHoursError::EmptyDays));
        for (start, end) in [(six, nine), (nine, nine)] {
            let refused = BusinessHours::new([true; 7], start, end, BTreeSet::new());
            assert_eq!(refused, Err(BusinessHoursError::EndNotAfterStart { start, end }));
        }
    }

    #[test]
    fn around_the_clock_every_hour_counts() {
        let cases = [
            ("2026-09-15T10:00:00+08:00", 2, "2026-09-15T12:00:00+08:00"),
            ("2026-01-31T20:30:00+08:00", 24, "2026-02-01T20:30:00+08:00"),
            ("2026-12-31T23:15:00+08:00", 2, "2027-01-01T01:15:00+08:00"),
            ("2026-09-15T10:00:00+08:00", 0, "2026-09-15T10:00:00+08:00"),
        ];
        check(None, &cases);
    }

    #[test]
    fn business_hours_count_only_while_open() {
        let cases = [
            (FRI_1700, 2, "2026-09-21T10:00:00+08:00"),
            ("2026-09-19T11:00:00+08:00", 2, "2026-09-21T11:00:00+08:00"),
            ("2026-09-18T18:00:00+08:00", 2, "2026-09-21T11:00:00+08:00"),
            (MON_0900, 24, "2026-09-16T15:00:00+08:00"),
            ("2026-09-14T12:34:56+08:00", 27, "2026-09-17T12:34:56+08:00"),
        ];
        check(Some(&office("")), &cases);
    }

    #[test]
    fn a_deadline_reached_at_closing_is_that_days_closing() {
        let cases = [
            ("2026-09-15T08:00:00+08:00", 9, "2026-09-15T18:00:00+08:00"),
            (FRI_1700, 1, "2026-09-18T18:00:00+08:00"),
            ("2026-09-16T09:00:00+08:00", 18, "2026-09-17T18:00:00+08:00"),
        ];
        check(Some(&office("")), &cases);
    }

    #[test]
    fn holidays_are_skipped_and_holidays_on_weekends_change_nothing() {
        let national = office("2026-10-01 2026-10-02");
        let two_days = [("2026-09-30T17:00:00+08:00", 2, "2026-10-05T10:00:00+08:00")];
        check(Some(&national), &two_days);
        let golden_week = "2026-10-01 2026-10-02 2026-10-03 2026-10-05 2026-10-06 2026-10-07";
        let cases = [
            ("2026-09-30T17:00:00+08:00", 2, "2026-10-08T10:00:00+08:00"),
            ("2026-10-03T10:00:00+08:00", 9, "2026-10-08T18:00:00+08:00"),
            ("2026-09-30T09:00:00+08:00", 18, "2026-10-08T18:00:00+08:00"),
        ];
        check(Some(&office(golden_week)), &cases);
    }

    #[test]
    fn calendar_work_happens_in_the_offset_of_the_time_given() {
        let office = office("");
        // Friday 17:00 in Beijing is Friday 09:00 in UTC, two open hours before 11:00 there.
        let utc = [("2026-09-18T09:00:00Z", 2, "2026-09-18T11:00:00+00:00")];
        check(Some(&office), &utc);
        // Pauses may carry any offset: 14:00 to 17:00 in Beijing, given in UTC.
        let pause = paused("2026-09-14T06:00:00Z", "2026-09-14T09:00:00Z");
        assert_eq!(due(Some(&office), &[pause], MON_0900, 16), "2026-09-16T10:00:00+08:00");
    }

    #[test]
    fn a_pause_moves_the_deadline_by_the_business_time_paused() {
        let office = office("");
        let o = Some(&office);
        // Without it, 16 hours from Monday 09:00 are due Tuesday 16:00; three hours later is
        // Wednesday 10:00, across the night. Around the clock they are three plain hours.
        assert_eq!(due(o, &[], MON_0900, 16), "2026-09-15T16:00:00+08:00");
        let three = paused("2026-09-14T14:00:00+08:00", "2026-09-14T17:00:00+08:00");
        assert_eq!(due(o, &[three], MON_0900, 16), "2026-09-16T10:00:00+08:00");
        assert_eq!(due(None, &[three], MON_0900, 16), "2026-09-15T04:00:00+08:00");
        // Half an hour on Friday evening and half an hour on Monday morning.
        let weekend = paused("2026-09-18T17:30:00+08:00", "2026-09-21T09:30:00+08:00");
        assert_eq!(due(o, &[weekend], FRI_1700, 2), "2026-09-21T11:00:00+08:00");
        // A pause begun before the complaint came counts from its receipt.
        let early = paused("2026-09-14T08:00:00+08:00", "2026-09-14T10:00:00+08:00");
        assert_eq!(due(o, &[early], MON_0900, 2), "2026-09-14T12:00:00+08:00");
    }

    #[test]
    fn pauses_while_closed_or_after_the_deadline_move_nothing() {
        let office = office("");
        let saturday = paused("2026-09-19T10:00:00+08:00", "2026-09-20T20:00:00+08:00");
        let night = paused("2026-09-18T18:00:00+08:00", "2026-09-21T09:00:00+08:00");
        let later = paused("2026-09-21T10:00:00+08:00", "2026-09-21T12:00:00+08:00");
        let backwards = paused("2026-09-18T17:30:00+08:00", "2026-09-18T17:00:00+08:00");
        for pause in [saturday, night, later, backwards] {
            assert_eq!(due(Some(&office), &[pause], FRI_1700, 2), "2026-09-21T10:00:00+08:00");
        }
    }

    #[test]
    fn overlapping_pauses_count_once() {
        let office = office("");
        let first = paused("2026-09-14T14:00:00+08:00", "2026-09-14T16:00:00+08:00");
        let second = paused("2026-09-14T15:00:00+08:00", "2026-09-14T17:00:00+08:00");
        let inside = paused("2026-09-14T14:30:00+08:00", "2026-09-14T15:30:00+08:00");
        for pauses in [[second, inside, first], [first, first, second]] {
            assert_eq!(due(Some(&office), &pauses, MON_0900, 16), "2026-09-16T10:00:00+08:00");
        }
        let (from, until) = (at(MON_0900), at("2026-09-14T18:00:00+08:00"));
        let paused = elapsed(from, until, Some(&office), &[first, second, inside]);
        assert_eq!(paused, Duration::hours(6));
    }

    #[test]
    fn an_open_pause_stops_the_clock_unless_the_deadline_came_first() {
        let office = office("");
        let o = Some(&office);
        let waiting = Pause {
            from: at("2026-09-14T14:00:00+08:00"),
            to: None,
        };
        let answered = paused("2026-09-14T10:00:00+08:00", "2026-09-14T11:00:00+08:00");
        assert_eq!(due(o, &[waiting], MON_0900, 16), STOPPED);
        assert_eq!(due(o, &[answered, waiting], MON_0900, 16), STOPPED);
        assert_eq!(due(o, &[waiting], MON_0900, 2), "2026-09-14T11:00:00+08:00");
        // The clock has run five hours, Monday 09:00 to 14:00, however long the wait lasts.
        let now = at("2026-09-30T12:00:00+08:00");
        assert_eq!(elapsed(at(MON_0900), now, o, &[waiting]), Duration::hours(5));
    }

    #[test]
    fn elapsed_counts_business_time_and_is_negative_before() {
        let office = office("");
        let o = Some(&office);
        let (due, now) = (at("2026-09-14T10:00:00+08:00"), at("2026-09-15T11:00:00+08:00"));
        assert_eq!(elapsed(due, now, o, &[]), Duration::hours(10));
        assert_eq!(elapsed(now, due, o, &[]), Duration::hours(-10));
        assert_eq!(elapsed(due, now, None, &[]), Duration::hours(25));
        let (saturday, sunday) = (at("2026-09-19T10:00:00+08:00"), at("2026-09-20T10:00:00+08:00"));
        assert_eq!(elapsed(saturday, sunday, o, &[]), Duration::zero());
        let call = paused("2026-09-15T09:30:00+08:00", "2026-09-15T10:15:00+08:00");
        assert_eq!(elapsed(due, now, o, &[call]), Duration::minutes(9 * 60 + 15));
    }

    #[test]
    fn the_origin_is_a_monday_at_midnight_in_utc_and_times_before_it_work() {
        let origin = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
        assert_eq!((day_number(origin), origin.weekday()), (0, chrono::Weekday::Mon));
        assert_eq!(at("2001-01-01T00:00:00Z").timestamp(), ORIGIN_SECOND);
        let new_year = [("1999-12-31T17:00:00+08:00", 2, "2000-01-03T10:00:00+08:00")];
        check(Some(&office("")), &new_year);
        check(None, &[("1999-12-31T17:00:00+08:00", 2, "1999-12-31T19:00:00+08:00")]);
    }

    #[test]
    fn working_days_are_recognised() {
        let national = office("2026-10-01");
        let working = ["2026-09-30", "2026-10-01", "2026-10-03"].map(|d| national.is_working_day(d.parse().unwrap()));
        assert_eq!(working, [true, false, false]);
    }

    fn any_business_hours() -> impl Strategy<Value = BusinessHours> {
        let days = proptest::array::uniform7(any::<bool>()).prop_filter("a working day", |d| d.contains(&true));
        let hours = (0u32..23 * 60, 1u32..24 * 60).prop_filter_map("opening before closing", |(a, b)| {
            (a < b).then(|| {
                let time = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
                (time(a), time(b))
            })
        });
        let holidays = proptest::collection::btree_set(0i64..400, 0..40);
        (days, hours, holidays).prop_map(|(days, (start, end), holidays)| {
            let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            let holidays = holidays.into_iter().map(|d| first + Duration::days(d)).collect();
            BusinessHours::new(days, start, end, holidays).unwrap()
        })
    }

    fn any_time() -> impl Strategy<Value = DateTime<FixedOffset>> {
        (0i64..400 * 86_400, -12i32..=14, 0u32..1_000).prop_map(|(seconds, hours, millis)| {
            let offset = FixedOffset::east_opt(hours * 3_600).unwrap();
            let start = at("2026-01-01T00:00:00Z").with_timezone(&offset);
            start + Duration::seconds(seconds) + Duration::milliseconds(millis.into())
        })
    }

    fn any_pauses() -> impl Strategy<Value = Vec<Pause>> {
        let pause = (any_time(), 0i64..10 * 86_400).prop_map(|(from, length)| Pause {
            from,
            to: Some(from + Duration::seconds(length)),
        });
        proptest::collection::vec(pause, 0..6)
    }

    proptest! {
        #[test]
        fn elapsed_to_the_deadline_is_the_hours_and_no_earlier_moment_reaches_them(
            from in any_time(),
            hours in 0u32..600,
            business in proptest::option::of(any_business_hours()),
            pauses in any_pauses(),
        ) {
            let due = deadline(from, hours, business.as_ref(), &pauses).unwrap();
            prop_assert_eq!(elapsed(from, due, business.as_ref(), &pauses), Duration::hours(hours.into()));
            if hours > 0 {
                let before = due - Duration::nanoseconds(1);
                prop_assert!(elapsed(from, before, business.as_ref(), &pauses) < Duration::hours(hours.into()));
            }
        }

        #[test]
        fn elapsed_adds_up_across_a_middle_moment(
            a in any_time(),
            b in any_time(),
            c in any_time(),
            business in proptest::option::of(any_business_hours()),
            pauses in any_pauses(),
        ) {
            let b = b.with_timezone(a.offset());
            let whole = elapsed(a, c, business.as_ref(), &pauses);
            let parts = elapsed(a, b, business.as_ref(), &pauses) + elapsed(b, c, business.as_ref(), &pauses);
            prop_assert_eq!(whole, parts);
        }
    }
}
