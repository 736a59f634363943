//! How two spellings of one phone number or one name are recognised as the same: the rule
//! behind `customer add`'s duplicate refusal and the duplicates an import skips.
//!
//! A phone number is compared in E.164 (`+8657187971234`), China being the region of numbers
//! written without a country code, so `+86 571 8797 1234`, `0571-87971234` and
//! `057187971234` are one number. The `phonenumber` crate (Google's libphonenumber metadata) is
//! the rule; the common Chinese spellings take a shortcut that gives the same answer (a test
//! holds the two together), because the customers index normalises every customer's phone.

use unicode_normalization::UnicodeNormalization;

/// What people write in a phone column when there is no number.
const PLACEHOLDERS: &[&str] = &[
    "无", "未知", "暂无", "没有", "不详", "空", // i18n: not a message
    "-", "--", "—", "/", "n/a", "na", "none", "null", "unknown", "nil",
];

/// The key two spellings of one phone number share: E.164 when the number is a valid one,
/// its digits when it is not, and empty for no number (blank, or a placeholder such as `无`).
pub fn phone_key(phone: &str) -> String {
    let phone = phone.trim();
    if phone.is_empty() || PLACEHOLDERS.iter().any(|p| phone.eq_ignore_ascii_case(p)) {
        return String::new();
    }
    if let Some(key) = chinese_shortcut(phone) {
        return key;
    }
    // Not a number the library knows (a short or unassigned one): its digits.
    valid_key(phone).unwrap_or_else(|| phone.chars().filter(char::is_ascii_digit).collect())
}

/// E.164 for a number the library finds valid, reading a number written without `+` or `00`
/// with China's plan alone.
fn valid_key(phone: &str) -> Option<String> {
    let china = (!dialled_abroad(phone)).then(|| CHINA.as_ref()).flatten();
    match china {
        Some(china) => phonenumber::parse_with(china, Some(phonenumber::country::Id::CN), phone)
            .ok()
            .filter(|number| phonenumber::is_valid_with(china, number))
            .map(|number| {
                phonenumber::format_with(china, &number)
                    .mode(phonenumber::Mode::E164)
                    .to_string()
            }),
        None => phonenumber::parse(Some(phonenumber::country::Id::CN), phone)
            .ok()
            .filter(phonenumber::is_valid)
            .map(|number| number.format().mode(phonenumber::Mode::E164).to_string()),
    }
}

/// China's numbering plan alone (`phone-cn.xml`, from the library's own metadata). The library
/// builds the patterns of every region the first time it reads a number, about 100 ms, more
/// than most commands take in all; a number written without `+` or `00` is read as Chinese,
/// which needs China's only.
static CHINA: std::sync::LazyLock<Option<phonenumber::metadata::Database>> =
    std::sync::LazyLock::new(|| phonenumber::metadata::Database::parse(include_str!("phone-cn.xml")).ok());

/// Whether a number is written to be dialled from abroad or to abroad (`+…`, `00…`): then the
/// country it names decides, which takes every region's plan.
fn dialled_abroad(phone: &str) -> bool {
    // Full-width forms too, which the library reads as their ASCII ones.
    let ascii = |c: char| match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        '＋' => Some('+'),
        c => Some(c),
    };
    let signs: String = phone
        .chars()
        .filter_map(ascii)
        .filter(|c| *c == '+' || c.is_ascii_digit())
        .take(2)
        .collect();
    signs.starts_with('+') || signs == "00"
}

/// E.164 for a Chinese mobile number (`138 1234 5678`), a landline with its trunk prefix
/// (`0571-87971234`) or either after `+86`, written with digits, blanks, dashes and
/// brackets only; `None` for anything else, which the library reads.
fn chinese_shortcut(phone: &str) -> Option<String> {
    let mut digits = String::with_capacity(16);
    for (at, c) in phone.char_indices() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if at == 0 => {}
            ' ' | '-' | '(' | ')' => {}
            _ => return None,
        }
    }
    let national = if phone.starts_with('+') {
        digits.strip_prefix("86").filter(|rest| !rest.starts_with('0'))?
    } else {
        &digits
    };
    let subscriber = match national.as_bytes() {
        // Mobile numbers: 11 digits from 13x to 19x.
        [b'1', b'3'..=b'9', ..] if national.len() == 11 => national,
        // Landlines: trunk 0, a two- or three-digit area code from 10 to 99x, 7 or 8 digits.
        [b'0', b'1'..=b'9', ..] if (10..=12).contains(&national.len()) && !phone.starts_with('+') => &national[1..],
        _ => return None,
    };
    Some(format!("+86{subscriber}")) // i18n: not a message
}

/// A name as it is compared: Unicode compatibility form (full-width letters become ordinary
/// ones), invisible characters (zero-width spaces, byte-order marks, soft hyphens) removed,
/// blanks collapsed, in lower case.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut blank = false;
    for c in name.nfkc() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            blank = !key.is_empty();
            continue;
        }
        if blank {
            key.push(' ');
            blank = false;
        }
        key.extend(c.to_lowercase());
    }
    key
}

/// Characters that show nothing: format characters people paste in without knowing.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_number_however_it_is_written() {
        for written in [
            "+86 571 8797 1234",
            "0571-87971234",
            "057187971234",
            "(0571) 8797 1234",
            "0086 571 87971234",
        ] {
            assert_eq!(phone_key(written), "+8657187971234", "{written}");
        }
        assert_eq!(phone_key("138 1234 5678"), "+8613812345678");
        assert_eq!(phone_key("+86 138-1234-5678"), "+8613812345678");
        assert_eq!(phone_key("+1 650 253 0000"), "+16502530000");
    }

    #[test]
    fn placeholders_are_no_number() {
        for none in ["", "  ", "无", "未知", "-", "N/A", "none"] {
            assert_eq!(phone_key(none), "", "{none:?}");
        }
        assert_eq!(phone_key("ask the front desk"), "");
    }

    #[test]
    fn names_match_after_normalisation() {
        assert_eq!(name_key("杭州\u{200B}西湖国宾馆"), name_key("杭州西湖国宾馆"));
        assert_eq!(name_key("ＡＢＣ 酒行"), name_key("abc  酒行"));
        assert_eq!(name_key("\u{FEFF} Zhang  San "), "zhang san");
        assert_ne!(name_key("张三酒行"), name_key("张四酒行"));
    }

    /// What the library with every region's plan makes of a number, to hold the quicker ways.
    fn library_key(text: &str) -> Option<String> {
        phonenumber::parse(Some(phonenumber::country::Id::CN), text)
            .ok()
            .filter(phonenumber::is_valid)
            .map(|n| n.format().mode(phonenumber::Mode::E164).to_string())
    }

    #[test]
    fn numbers_the_shortcut_leaves_get_the_key_every_region_would_give() {
        assert!(CHINA.is_some(), "phone-cn.xml reads");
        for text in [
            "400-820-8820",
            "800 810 8888",
            "4008208820",
            "0571-8800",
            "0571-88001",
            "95555",
            "010 12345",
            "12345",
            "021 6888 8888 转 123",
            "tel 0571 87971234",
            "(86) 571 8797 1234",
            "0086 571 87971234",
            "+852 2123 4567",
            "＋1 650 253 0000",
            "００1 650 253 0000",
            "00 1 650 253 0000",
        ] {
            assert_eq!(valid_key(text), library_key(text), "{text}");
        }
    }

    proptest! {
        /// China's plan alone gives what every region's gives, for anything written without
        /// `+` or `00`.
        #[test]
        fn china_alone_agrees_with_the_library(text in "[0-9][0-9 ()-]{2,16}") {
            prop_assume!(!dialled_abroad(&text));
            prop_assert_eq!(valid_key(&text), library_key(&text), "{}", text);
        }

        /// The shortcut gives what the library gives, for every number the library finds
        /// valid (it reads unassigned ranges oddly: 179... as a dialling prefix).
        #[test]
        fn shortcut_agrees_with_the_library(
            mobile in "1[3-9][0-9]{9}",
            area in "0[1-9][0-9]{1,2}",
            local in "[2-8][0-9]{6,7}",
            plus in any::<bool>(),
            sep in "[ -]?",
        ) {
            let library = |text: &str| {
                phonenumber::parse(Some(phonenumber::country::Id::CN), text)
                    .ok()
                    .filter(phonenumber::is_valid)
                    .map(|n| n.format().mode(phonenumber::Mode::E164).to_string())
            };
            let mobile = if plus { format!("+86{sep}{mobile}") } else { mobile };
            let landline = format!("{area}{sep}{local}");
            for text in [mobile, landline] {
                if let (Some(fast), Some(library)) = (chinese_shortcut(&text), library(&text)) {
                    prop_assert_eq!(fast, library, "{}", text);
                }
            }
        }
    }
}
