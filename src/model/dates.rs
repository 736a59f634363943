//! Dates and times as people type them: one parser for every command.
//!
//! Accepted everywhere a date or time is: `today`, `yesterday`, `tomorrow`, `now`, a signed
//! offset (`-3d`, `+2w`, `-4h`), a weekday (`monday`, `last fri`, `next mon`), `2026-11-29`
//! (also with `/` or `.`, or as `2026年11月29日`), `2026-11-29 14:30`, and full RFC 3339
//! (`2026-11-29T14:30:00+08:00`). The Chinese words work too: 今天, 昨天, 明天, 前天, 后天,
//! `3天前`, `2周后`, 周一 / 星期一, 上周五, 下周一. Everything is relative to the `now` it is
//! given (the command's clock), never to the system clock.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use rust_i18n::t;

/// The forms a date may take, for error messages, in the language being spoken.
pub fn date_forms() -> String {
    t!("dates.forms").into_owned()
}

/// What a date or time typed by a user is, before it is placed in a time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parsed {
    /// A moment relative to now (`now`, `-3h`, `yesterday`): keeps the time of day.
    Relative(Duration),
    /// A calendar day with no time of day.
    Day(NaiveDate),
    /// A day and a time of day, in the command's offset.
    Local(NaiveDateTime),
    /// A full RFC 3339 time with its own offset.
    Exact(DateTime<FixedOffset>),
}

/// Parses a date: times of day are dropped, a full RFC 3339 time is taken in `now`'s offset.
pub fn parse_date(input: &str, now: DateTime<FixedOffset>) -> Result<NaiveDate, String> {
    Ok(match parse(input, now)? {
        Parsed::Relative(offset) => (now + offset).date_naive(),
        Parsed::Day(day) => day,
        Parsed::Local(local) => local.date(),
        Parsed::Exact(time) => time.with_timezone(now.offset()).date_naive(),
    })
}

/// Parses a moment: a day alone means its midnight, relative forms keep the time of day.
pub fn parse_time(input: &str, now: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, String> {
    let local = |naive: NaiveDateTime| {
        now.offset()
            .from_local_datetime(&naive)
            .single()
            .ok_or_else(|| t!("dates.not_a_valid_time", input = input).into_owned())
    };
    match parse(input, now)? {
        Parsed::Relative(offset) => Ok(now + offset),
        Parsed::Day(day) => local(day.and_time(NaiveTime::MIN)),
        Parsed::Local(naive) => local(naive),
        Parsed::Exact(time) => Ok(time),
    }
}

/// A time as people read it, in `offset` (the command's local time): `2026-11-29 14:30`.
pub fn show_time(time: &DateTime<FixedOffset>, offset: &FixedOffset) -> String {
    time.with_timezone(offset).format("%Y-%m-%d %H:%M").to_string()
}

fn parse(input: &str, now: DateTime<FixedOffset>) -> Result<Parsed, String> {
    let text = input.trim();
    let lower = text.to_lowercase();
    let refuse = || t!("dates.not_a_date", input = input, forms = date_forms()).into_owned();
    if text.is_empty() {
        return Err(t!("dates.needed", forms = date_forms()).into_owned());
    }
    let days = |n: i64| Parsed::Relative(Duration::days(n));
    match lower.as_str() {
        "now" | "现在" => return Ok(days(0)),                 // i18n: not a message
        "today" | "今天" | "今日" => return Ok(days(0)),      // i18n: not a message
        "yesterday" | "昨天" | "昨日" => return Ok(days(-1)), // i18n: not a message
        "tomorrow" | "明天" | "明日" => return Ok(days(1)),   // i18n: not a message
        "前天" => return Ok(days(-2)),                        // i18n: not a message
        "后天" => return Ok(days(2)),                         // i18n: not a message
        _ => {}
    }
    if let Some(offset) = signed_offset(&lower) {
        return offset.map(Parsed::Relative).ok_or_else(refuse);
    }
    if let Some(offset) = chinese_offset(text) {
        return offset.map(Parsed::Relative).ok_or_else(refuse);
    }
    if let Some(day) = weekday(&lower, now.date_naive()) {
        return Ok(Parsed::Day(day));
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Ok(Parsed::Exact(time));
    }
    let normal = normalise_separators(text);
    if let Ok(day) = NaiveDate::parse_from_str(&normal, "%Y-%m-%d") {
        return Ok(Parsed::Day(day));
    }
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(&normal, format) {
            return Ok(Parsed::Local(local));
        }
    }
    if looks_like_a_day(&normal) {
        return Err(t!("dates.not_on_calendar", input = input).into_owned());
    }
    Err(refuse())
}

/// Whether `text` starts like `YYYY-MM-DD`, so a failure to read it means an impossible day
/// (`2026-02-30`) rather than an unknown form.
fn looks_like_a_day(text: &str) -> bool {
    let date = text.split([' ', 'T']).next().unwrap_or("");
    let parts: Vec<&str> = date.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
}

/// `2026/11/29`, `2026.11.29` and `2026年11月29日` as `2026-11-29`; spaces around the time kept.
fn normalise_separators(text: &str) -> String {
    let text = text.replace(['年', '月'], "-").replace('日', " ");
    let (date, rest) = match text.find([' ', 'T']) {
        Some(at) => text.split_at(at),
        None => (text.as_str(), ""),
    };
    let date = date.replace(['/', '.'], "-");
    format!("{date}{}", rest.trim_end()).trim().to_string()
}

/// `-3d`, `+2w`, `-4h`: `Some(None)` when it looks like an offset but is not a valid one.
fn signed_offset(text: &str) -> Option<Option<Duration>> {
    let sign = match text.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let body = &text[1..];
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let count: i64 = body[..digits].parse().ok()?;
    let unit = match &body[digits..] {
        "d" | "day" | "days" => Duration::days(1),
        "w" | "week" | "weeks" => Duration::weeks(1),
        "h" | "hour" | "hours" => Duration::hours(1),
        _ => return Some(None),
    };
    Some(
        count
            .checked_mul(sign)
            .and_then(|n| unit.checked_mul(n.try_into().ok()?)),
    )
}

/// `3天前`, `2周后`, `5小时前`: `Some(None)` when it looks like one but is not valid.
fn chinese_offset(text: &str) -> Option<Option<Duration>> {
    let (body, sign) = if let Some(body) = text.strip_suffix('前') {
        (body, -1)
    } else if let Some(body) = text.strip_suffix('后') {
        (body, 1)
    } else {
        return None;
    };
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let count: i64 = body[..digits].parse().ok()?;
    let unit = match &body[digits..] {
        "天" | "日" => Duration::days(1),    // i18n: not a message
        "周" | "星期" => Duration::weeks(1), // i18n: not a message
        "小时" => Duration::hours(1),        // i18n: not a message
        _ => return Some(None),
    };
    Some(unit.checked_mul((count * sign).try_into().ok()?))
}

/// A weekday, as the most recent such day on or before `today`; `last X` / `上周X` is in the
/// week before this one (Monday first), `next X` / `下周X` in the week after.
fn weekday(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    // The words people type for the week before and the week after: i18n: not a message.
    let last = text.strip_prefix("last ").or_else(|| text.strip_prefix("上周"));
    // i18n: not a message
    let next = text.strip_prefix("next ").or_else(|| text.strip_prefix("下周"));
    let (week, name) = if let Some(rest) = last {
        (-1, rest)
    } else if let Some(rest) = next {
        (1, rest)
    } else {
        (0, text)
    };
    let day = weekday_named(name.trim())?;
    if week == 0 {
        let back = (today.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
        return Some(today - Duration::days(back.into()));
    }
    let monday = today - Duration::days(today.weekday().num_days_from_monday().into());
    Some(monday + Duration::weeks(week) + Duration::days(day.num_days_from_monday().into()))
}

fn weekday_named(name: &str) -> Option<Weekday> {
    let chinese = name
        .strip_prefix("星期") // i18n: not a message
        .or_else(|| name.strip_prefix("周")) // i18n: not a message
        .or_else(|| name.strip_prefix("礼拜")); // i18n: not a message
    if let Some(day) = chinese {
        return match day {
            "一" => Some(Weekday::Mon),        // i18n: not a message
            "二" => Some(Weekday::Tue),        // i18n: not a message
            "三" => Some(Weekday::Wed),        // i18n: not a message
            "四" => Some(Weekday::Thu),        // i18n: not a message
            "五" => Some(Weekday::Fri),        // i18n: not a message
            "六" => Some(Weekday::Sat),        // i18n: not a message
            "日" | "天" => Some(Weekday::Sun), // i18n: not a message
            _ => None,
        };
    }
    // Chinese weekdays after 上周 / 下周 come without their 周.
    match name {
        "一" => return Some(Weekday::Mon),        // i18n: not a message
        "二" => return Some(Weekday::Tue),        // i18n: not a message
        "三" => return Some(Weekday::Wed),        // i18n: not a message
        "四" => return Some(Weekday::Thu),        // i18n: not a message
        "五" => return Some(Weekday::Fri),        // i18n: not a message
        "六" => return Some(Weekday::Sat),        // i18n: not a message
        "日" | "天" => return Some(Weekday::Sun), // i18n: not a message
        _ => {}
    }
    // Whole English names and their three-letter abbreviations only: `mo` or `s` are too short
    // to be sure.
    let english = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    english
        .iter()
        .find(|(full, _)| name == *full || name == &full[..3])
        .map(|(_, day)| *day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Sunday 29 November 2026, 09:30 in Shanghai.
    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-29T09:30:00+08:00").unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        parse_date(text, now()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn words_and_offsets() {
        assert_eq!(date("today"), day("2026-11-29"));
        assert_eq!(date("Yesterday"), day("2026-11-28"));
        assert_eq!(date("tomorrow"), day("2026-11-30"));
        assert_eq!(date("-3d"), day("2026-11-26"));
        assert_eq!(date("+2w"), day("2026-12-13"));
        assert_eq!(date("-10h"), day("2026-11-28"));
        assert_eq!(date("今天"), day("2026-11-29"));
        assert_eq!(date("昨天"), day("2026-11-28"));
        assert_eq!(date("前天"), day("2026-11-27"));
        assert_eq!(date("3天前"), day("2026-11-26"));
        assert_eq!(date("2周后"), day("2026-12-13"));
    }

    #[test]
    fn weekdays_are_the_latest_such_day_or_in_the_named_week() {
        // 2026-11-29 is a Sunday.
        assert_eq!(date("sun"), day("2026-11-29"));
        assert_eq!(date("monday"), day("2026-11-23"));
        assert_eq!(date("fri"), day("2026-11-27"));
        assert_eq!(date("周一"), day("2026-11-23"));
        assert_eq!(date("星期五"), day("2026-11-27"));
        assert_eq!(date("上周五"), day("2026-11-20"));
        assert_eq!(date("last fri"), day("2026-11-20"));
        assert_eq!(date("下周一"), day("2026-11-30"));
        assert_eq!(date("next wed"), day("2026-12-02"));
    }

    #[test]
    fn written_dates_and_times() {
        assert_eq!(date("2026-11-05"), day("2026-11-05"));
        assert_eq!(date("2026/11/05"), day("2026-11-05"));
        assert_eq!(date("2026.11.5"), day("2026-11-05"));
        assert_eq!(date("2026年11月5日"), day("2026-11-05"));
        assert_eq!(date("2026-11-05 23:30"), day("2026-11-05"));
        // An exact time elsewhere is the date it is here.
        assert_eq!(date("2026-11-05T20:00:00Z"), day("2026-11-06"));
    }

    #[test]
    fn times_keep_their_time_of_day() {
        let time = |t: &str| parse_time(t, now()).unwrap().to_rfc3339();
        assert_eq!(time("now"), "2026-11-29T09:30:00+08:00");
        assert_eq!(time("yesterday"), "2026-11-28T09:30:00+08:00");
        assert_eq!(time("-4h"), "2026-11-29T05:30:00+08:00");
        assert_eq!(time("2026-11-05"), "2026-11-05T00:00:00+08:00");
        assert_eq!(time("2026-11-05 14:30"), "2026-11-05T14:30:00+08:00");
        assert_eq!(time("2026-11-05T14:30:00+01:00"), "2026-11-05T14:30:00+01:00");
    }

    #[test]
    fn malformed_input_names_the_accepted_forms() {
        for bad in ["", "soon", "-3x", "+d", "3天", "mo", "11-29"] {
            let error = parse_date(bad, now()).unwrap_err();
            assert!(error.contains("2026-11-29"), "{bad}: {error}");
        }
        for impossible in ["2026-13-01", "2026-02-30", "2026/2/30", "2026-11-29 25:00"] {
            let error = parse_date(impossible, now()).unwrap_err();
            assert!(error.contains("not a day of the calendar"), "{impossible}: {error}");
        }
    }

    #[test]
    fn times_are_shown_in_the_local_offset() {
        let time = DateTime::parse_from_rfc3339("2026-11-05T06:00:00Z").unwrap();
        assert_eq!(show_time(&time, now().offset()), "2026-11-05 14:00");
    }

    proptest! {
        #[test]
        fn any_input_parses_or_is_refused_without_panicking(text in "\\PC{0,24}") {
            let _ = parse_time(&text, now());
            let _ = parse_date(&text, now());
        }

        #[test]
        fn written_dates_round_trip(days in -100_000i64..100_000) {
            let day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Duration::days(days);
            prop_assert_eq!(parse_date(&day.to_string(), now()).unwrap(), day);
        }

        #[test]
        fn offsets_move_by_whole_days(n in 0i64..5_000) {
            let back = parse_date(&format!("-{n}d"), now()).unwrap();
            prop_assert_eq!(now().date_naive() - back, Duration::days(n));
            let ahead = parse_date(&format!("+{n}d"), now()).unwrap();
            prop_assert_eq!(ahead - now().date_naive(), Duration::days(n));
        }
    }
}
