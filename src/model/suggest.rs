//! Typo suggestions: the valid word nearest to one that was mistyped (`phne` → `phone`,
//! `电活` → `电话`), appended to the message that refuses it, in the language being spoken.
//!
//! Only words close enough to be a likely slip are suggested; an unrelated word gets no
//! suggestion rather than a misleading one. Nothing here reads the disk or prints.

use rust_i18n::t;

use crate::model::settings::Settings;

/// How alike two words must be (Jaro-Winkler, 0 to 1) to suggest one for the other; clap
/// suggests subcommands from a similar bar.
const CLOSE_ENOUGH: f64 = 0.8;

/// The candidate nearest to `typed`, if one is close enough to be what was meant: alike by
/// Jaro-Winkler (which favours a shared start), or one edit away for words of two characters
/// or more (as for short Chinese terms, `电活` for `电话`). Case is ignored.
pub fn nearest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return None;
    }
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let lower = candidate.to_lowercase();
        let mut score = strsim::jaro_winkler(&typed, &lower);
        let short = lower.chars().count() >= 2 && typed.chars().count() >= 2;
        if short && strsim::damerau_levenshtein(&typed, &lower) <= 1 {
            score = score.max(CLOSE_ENOUGH);
        }
        if score >= CLOSE_ENOUGH && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `; did you mean 'phone'?` in the language spoken, for the candidate nearest to `typed`;
/// empty when none is close.
pub fn did_you_mean<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match nearest(typed, candidates) {
        Some(value) => t!("suggest.did_you_mean", value = value).into_owned(),
        None => String::new(),
    }
}

/// [`did_you_mean`] among the staff ids and names of the settings.
pub fn staff(settings: &Settings, typed: &str) -> String {
    let words = settings.staff.iter().flat_map(|s| [s.id.as_str(), s.name.as_str()]);
    did_you_mean(typed, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_finds_the_word_meant_and_an_unrelated_word_finds_nothing() {
        let channels = ["sms", "phone", "onsite", "短信", "电话", "上门"];
        assert_eq!(nearest("phne", channels), Some("phone"));
        assert_eq!(nearest("PHOEN", channels), Some("phone"));
        assert_eq!(nearest("onsit", channels), Some("onsite"));
        assert_eq!(nearest("电活", channels), Some("电话"));
        assert_eq!(nearest("fax", channels), None);
        assert_eq!(nearest("", channels), None);
        assert_eq!(nearest("hihg", ["critical", "high", "medium", "low"]), Some("high"));
        assert_eq!(nearest("resolvd", ["open", "resolved", "reopened"]), Some("resolved"));
    }
}
