//! The language `cs` speaks to people: English or Chinese, for every message, hint, table
//! header, label, on-screen value and `--help` text.
//!
//! The texts live in the catalog under `locales/` (`locales/en/*.en.toml` and
//! `locales/zh/*.zh.toml`, one set of files per language), compiled into the binary by
//! `rust-i18n` and read with its `t!` macro. What scripts read never depends on the language:
//! JSON keys and values, CSV headers (unless asked for with `--headers zh`) and values, ids and
//! exit codes. The language is `CS_LANG`, else `lang` under `[company]` in `cs.toml`, else
//! English; see [`Lang::resolve`].

use std::borrow::Cow;
use std::sync::atomic::{AtomicU8, Ordering};

use serde::Serialize;

/// A language `cs` speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Every language, in the order they are listed.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The code written in `cs.toml` and `CS_LANG`, and the catalog's locale.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language of a code (`en`, `zh`, in any case, with blanks around).
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim();
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(code))
    }

    /// The language of a POSIX locale such as `zh_CN.UTF-8` or `en_US`; `None` for an empty
    /// one. Any Chinese locale is Chinese; everything else (`C`, `POSIX`, `fr_FR`) is English.
    pub fn of_locale(locale: &str) -> Option<Lang> {
        let locale = locale.trim();
        if locale.is_empty() {
            return None;
        }
        let language = locale.split(['_', '.', '@', '-']).next().unwrap_or_default();
        Some(if language.eq_ignore_ascii_case("zh") {
            Lang::Zh
        } else {
            Lang::En
        })
    }

    /// The language of the system's locale: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// that is set, as the C library picks it; English when none is.
    pub fn of_system(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|name| var(name).as_deref().and_then(Lang::of_locale))
            .unwrap_or_default()
    }

    /// The language to speak: `CS_LANG` when it is set (an unknown value is an error naming
    /// the allowed ones), else the one `cs.toml` gives, else English.
    pub fn resolve(cs_lang: Option<&str>, from_settings: Option<Lang>) -> Result<Lang, String> {
        match cs_lang.map(str::trim).filter(|v| !v.is_empty()) {
            Some(code) => Lang::parse(code).ok_or_else(|| code.to_string()),
            None => Ok(from_settings.unwrap_or_default()),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Speaks `lang` from now on, in this process.
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
    rust_i18n::set_locale(lang.code());
}

/// The language being spoken.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        0 => Lang::En,
        _ => Lang::Zh,
    }
}

/// The text of a key made at run time (a column, a value, a command's help), in the current
/// language, if the catalog has it.
pub fn lookup(key: &str) -> Option<String> {
    lookup_in(current(), key)
}

/// The text of a key in one language, if the catalog has it.
pub fn lookup_in(lang: Lang, key: &str) -> Option<String> {
    crate::_rust_i18n_try_translate(lang.code(), key).map(Cow::into_owned)
}

/// A column's header or a field's label as people read it: `客户名称` for a customer's `name`
/// in Chinese. `kind` is the kind of record (`customer`, `staff`), whose own header for the
/// column (`header.staff.name`) comes before the common one (`column.name`); empty for none.
pub fn column<'a>(kind: &str, name: &'a str) -> Cow<'a, str> {
    column_in(current(), kind, name)
}

/// A column's header in one language.
pub fn column_in<'a>(lang: Lang, kind: &str, name: &'a str) -> Cow<'a, str> {
    let own = (!kind.is_empty())
        .then(|| lookup_in(lang, &format!("header.{kind}.{name}")))
        .flatten();
    match own.or_else(|| lookup_in(lang, &format!("column.{name}"))) {
        Some(text) => Cow::Owned(text),
        None => Cow::Borrowed(name),
    }
}

/// A stored value as people read it on screen: `活跃` for the status `active` in Chinese. Values
/// of other columns (names, ids, dates) are shown as they are.
pub fn value<'a>(column: &str, value: &'a str) -> Cow<'a, str> {
    value_of("", column, value)
}

/// A stored value of a kind of record as people read it: the kind's own word
/// (`value.shipment.status.lost`, 丢失) before the common one (`value.status.lost`, a
/// customer's 流失).
pub fn value_of<'a>(kind: &str, column: &str, value: &'a str) -> Cow<'a, str> {
    if current() == Lang::En || value.is_empty() {
        return Cow::Borrowed(value);
    }
    let own = (!kind.is_empty())
        .then(|| lookup(&format!("value.{kind}.{column}.{value}")))
        .flatten();
    match own.or_else(|| lookup(&format!("value.{column}.{value}"))) {
        Some(text) => Cow::Owned(text),
        None => Cow::Borrowed(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_and_codes_pick_the_language() {
        assert_eq!(Lang::parse(" ZH "), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::of_locale("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::of_locale("zh_TW"), Some(Lang::Zh));
        assert_eq!(Lang::of_locale("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::of_locale("C"), Some(Lang::En));
        assert_eq!(Lang::of_locale(""), None);
        let system = |pairs: &'static [(&'static str, &'static str)]| {
            Lang::of_system(|name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
        };
        assert_eq!(system(&[("LANG", "zh_CN.UTF-8")]), Lang::Zh);
        assert_eq!(system(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")]), Lang::En);
        assert_eq!(system(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_CN")]), Lang::Zh);
        assert_eq!(system(&[]), Lang::En);
        assert_eq!(Lang::resolve(Some("zh"), Some(Lang::En)), Ok(Lang::Zh));
        assert_eq!(Lang::resolve(Some(""), Some(Lang::Zh)), Ok(Lang::Zh));
        assert_eq!(Lang::resolve(None, None), Ok(Lang::En));
        assert_eq!(Lang::resolve(Some("jp"), None), Err("jp".to_string()));
    }
}
