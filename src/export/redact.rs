//! Masking personal data for `cs export --redact`: enough is left to tell records apart and
//! to see where a customer is, not enough to call, write to or find a person.
//!
//! Pure functions over text; they never fail, and an empty value stays empty.

/// The character that stands for what is hidden.
const MASK: char = '*';

/// How many characters of an address are kept at most (a province and a city: `浙江省杭州市`).
const ADDRESS_KEPT: usize = 6;

/// How a column's personal data is masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mask {
    /// A phone number: the first 3 and the last 4 digits are kept (`138****5678`).
    Phone,
    /// An email address: the first character of the name and the domain (`z***@example.com`).
    Email,
    /// A postal address: its start, up to the city, is kept (`浙江省杭州市*********`).
    Address,
    /// A person's name: the first character (`王*`).
    Name,
}

impl Mask {
    /// The value with its personal part masked.
    pub fn apply(self, value: &str) -> String {
        if value.trim().is_empty() {
            return value.to_string();
        }
        match self {
            Mask::Phone => phone(value),
            Mask::Email => email(value),
            Mask::Address => address(value),
            Mask::Name => name(value),
        }
    }
}

/// `13812345678` → `138****5678`: the digits between the first 3 and the last 4 are masked,
/// and separators stay where they are (`0571-87971234` → `057*-****1234`). A number too short
/// to keep 7 digits of keeps its last 2 at most, and half of it is masked at least.
pub fn phone(value: &str) -> String {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let (head, tail) = if digits >= 8 { (3, 4) } else { (0, (digits / 2).min(2)) };
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= head || seen > digits - tail { c } else { MASK }
        })
        .collect()
}

/// `zhang.wei@example.com` → `z***@example.com`; text without an `@` is masked as a name.
pub fn email(value: &str) -> String {
    let value = value.trim();
    match value.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => name(value),
    }
}

/// `浙江省杭州市西湖区杨公堤18号` → `浙江省杭州市*********`: the start is kept up to the city
/// (a `市` among the first characters), else the first few characters, never more than half;
/// every other character but a blank is masked.
pub fn address(value: &str) -> String {
    let chars: Vec<char> = value.trim().chars().collect();
    let half = chars.len() / 2;
    let kept = match chars.iter().take(ADDRESS_KEPT + 4).position(|&c| c == '市') {
        Some(city) => (city + 1).min(half.max(1)),
        None => ADDRESS_KEPT.min(half),
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if i < kept || c.is_whitespace() { c } else { MASK })
        .collect()
}

/// `王芳` → `王*`, `欧阳明月` → `欧***`, `Li` → `L*`: the first character, then a mask for each
/// other (one at least, so a name of one character is not shown whole).
pub fn name(value: &str) -> String {
    let value = value.trim();
    let mut chars = value.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    let rest = chars.count().max(1);
    let mut masked = first;
    masked.extend(std::iter::repeat_n(MASK, rest));
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_keep_the_first_three_and_last_four_digits() {
        assert_eq!(phone("13812345678"), "138****5678");
        assert_eq!(phone("0571-87971234"), "057*-****1234");
        assert_eq!(phone("+86 138 1234 5678"), "+86 1** **** 5678");
        assert_eq!(phone("12345"), "***45");
        assert_eq!(Mask::Phone.apply(""), "");
    }

    #[test]
    fn emails_keep_the_first_letter_and_the_domain() {
        assert_eq!(email("zhang.wei@example.com"), "z***@example.com");
        assert_eq!(email("no-at-sign"), "n*********");
    }

    #[test]
    fn addresses_keep_the_city() {
        assert_eq!(address("浙江省杭州市西湖区杨公堤18号"), "浙江省杭州市*********");
        assert_eq!(address("上海市浦东新区世纪大道100号"), "上海市************");
        assert_eq!(address("12 Main Street"), "12 Mai* ******");
        assert_eq!(address("杭州"), "杭*");
    }

    #[test]
    fn names_keep_the_first_character() {
        assert_eq!(name("王芳"), "王*");
        assert_eq!(name("欧阳明月"), "欧***");
        assert_eq!(name("王"), "王*");
    }
}
