//! Finding customers by what people remember of their names: pinyin initials (`hzxh` finds
//! 杭州西湖国宾馆), part of a name, or a name typed not quite right, for `--search`, for the
//! suggestions of a reference that matched nothing, and for the guided pick.

use pinyin::ToPinyin;

/// The initials of a name: the first letter of the pinyin of each Chinese character, the
/// first letter of each word in Latin letters, and every digit; in lower case. 杭州西湖国宾馆
/// gives `hzxhgbg`, `Shanghai Changjiang Food` gives `scf`.
pub fn initials(name: &str) -> String {
    let mut out = String::new();
    let mut in_word = false;
    for c in name.chars() {
        if c.is_ascii_alphabetic() {
            if !in_word {
                out.push(c.to_ascii_lowercase());
            }
            in_word = true;
            continue;
        }
        in_word = false;
        if c.is_ascii_digit() {
            out.push(c);
        } else if let Some(pinyin) = c.to_pinyin() {
            out.push_str(pinyin.first_letter());
        }
    }
    out
}

/// Whether `query` could be pinyin initials (Latin letters and digits only, two or more) found
/// in a run of `name`'s initials.
pub fn matches_initials(name: &str, query: &str) -> bool {
    let query = query.trim();
    query.len() >= 2
        && query.bytes().all(|b| b.is_ascii_alphanumeric())
        && initials(name).contains(&query.to_ascii_lowercase())
}

/// How well `name` matches what was typed, for suggestions: 3 when one holds the other, 2 when
/// the query is a run of its pinyin initials, 1 when most of the query's characters are in it
/// (a name typed not quite right); `None` when it is no match at all.
pub fn closeness(name: &str, query: &str) -> Option<u8> {
    let (name_lower, query_lower) = (name.trim().to_lowercase(), query.trim().to_lowercase());
    if query_lower.is_empty() {
        return None;
    }
    if name_lower.contains(&query_lower) || query_lower.contains(&name_lower) {
        return Some(3);
    }
    if matches_initials(name, query) {
        return Some(2);
    }
    let wanted: Vec<char> = query_lower.chars().filter(|c| !c.is_whitespace()).collect();
    let found = wanted.iter().filter(|c| name_lower.contains(**c)).count();
    // Three quarters of at least three characters: 杭州西湖宾馆 for 杭州西湖国宾馆.
    (wanted.len() >= 3 && found * 4 >= wanted.len() * 3).then_some(1)
}

/// The names closest to `query`, best first (then shortest, then in the order given): at most
/// `limit` of them, as positions in `names`.
pub fn closest<'a>(names: impl Iterator<Item = &'a str>, query: &str, limit: usize) -> Vec<usize> {
    let mut found: Vec<(u8, usize, usize)> = names
        .enumerate()
        .filter_map(|(at, name)| closeness(name, query).map(|score| (score, name.chars().count(), at)))
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    found.into_iter().take(limit).map(|(_, _, at)| at).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_chinese_and_latin_names() {
        assert_eq!(initials("杭州西湖国宾馆"), "hzxhgbg");
        assert_eq!(initials("Shanghai Changjiang Food & Beverage"), "scfb");
        assert_eq!(initials("南京金陵饭店采购部2号"), "njjlfdcgb2h");
        assert!(matches_initials("杭州西湖国宾馆", "hzxh"));
        assert!(matches_initials("杭州西湖国宾馆", "XHGBG"));
        assert!(!matches_initials("杭州西湖国宾馆", "h"), "one letter matches too much");
        assert!(!matches_initials("杭州西湖国宾馆", "西湖"));
    }

    #[test]
    fn the_closest_names_come_first() {
        let names = ["南京金陵饭店采购部", "杭州西湖国宾馆", "西湖茶社", "宁波酒业"];
        assert_eq!(closest(names.iter().copied(), "西湖", 5), vec![2, 1]);
        assert_eq!(closest(names.iter().copied(), "hzxh", 5), vec![1]);
        assert_eq!(closest(names.iter().copied(), "杭州西湖宾馆", 5), vec![1]);
        assert_eq!(closest(names.iter().copied(), "北京", 5), Vec::<usize>::new());
        assert_eq!(closest(names.iter().copied(), "西湖", 1), vec![2]);
    }
}
