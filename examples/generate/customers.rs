//! The customers: made up one at a time from the word pools, checked against the library's
//! rules, and written to `customers.csv` with the library's codec. About one in 500 has its
//! status typed in Chinese (`quirks.rs`).

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Result, ensure};
use chrono::Duration;
use rand::RngExt;
use rand::rngs::StdRng;

use cs::model::customer::{Customer, Status};
use cs::model::id;
use cs::model::settings::Settings;
use cs::store::csvfile::encode_header;
use cs::store::customers::{self, CustomerCol};
use cs::store::table::{Column, Record};

use crate::common::{at, day, digits, fill, pick, pick_surname, several, weighted, working_seconds};
use crate::quirks;
use crate::table_file::{CHUNK, TableFile};
use crate::words::{
    CENTERS, CITIES, DISTRICTS, EMAIL_USERS, ENGLISH_GIVEN, ENGLISH_KINDS, ENGLISH_NAMES, GIVEN, KINDS, NOTES, OWNERS,
    PINYIN_KINDS, SOURCES, STREETS, TAGS, TITLES, WORDS,
};
use crate::{FIRST_CUSTOMER_DAY, LAST_DAY, VISIT_DAYS};

/// A customer and what the visits need to know of it.
pub struct Person {
    pub customer: Customer,
    /// The last day the customer can have a visit (the day before it was archived), as days
    /// after the first visit day; `None` if it was archived before the visits begin.
    pub last_visit_day: Option<u16>,
    /// How many visits it gets relative to the others.
    pub weight: f64,
    /// Whether a hand edit left its status in Chinese (`活跃`), which cs reads too.
    pub status_in_chinese: bool,
}

impl std::ops::Deref for Person {
    type Target = Customer;
    fn deref(&self) -> &Customer {
        &self.customer
    }
}

pub fn make_customers(rng: &mut StdRng, count: usize, settings: &Settings) -> Result<Vec<Person>> {
    let first_visit_day = day(LAST_DAY) - Duration::days(VISIT_DAYS - 1);
    let mut taken: HashSet<String> = HashSet::with_capacity(count);
    let mut people = Vec::with_capacity(count);
    for n in 0..count {
        let id = id::generate(customers::TABLE.id_prefix, customers::TABLE.id_chars, rng, |id| {
            taken.contains(id)
        });
        taken.insert(id.clone());
        let customer = make_customer(rng, n, id);
        let problems = customer.problems(settings);
        ensure!(
            problems.is_empty(),
            "generated an invalid customer {customer:?}: {problems:?}"
        );
        let last_day = match customer.archived {
            Some(archived) => archived.date_naive() - Duration::days(1),
            None => day(LAST_DAY),
        };
        let last_visit_day = (last_day >= first_visit_day).then(|| (last_day - first_visit_day).num_days() as u16);
        let class_weight = match customer.class.as_str() {
            "A" => 8.0,
            "B" => 3.0,
            _ => 1.0,
        };
        let status_weight = match customer.status {
            Status::Active => 1.0,
            Status::Dormant => 0.5,
            Status::Prospect => 0.6,
            Status::Lost => 0.25,
        };
        let span = last_visit_day.map_or(0.0, |d| f64::from(d + 1) / VISIT_DAYS as f64);
        let weight = class_weight * status_weight * span * rng.random_range(0.5..1.5);
        people.push(Person {
            customer,
            last_visit_day,
            weight,
            status_in_chinese: rng.random_bool(0.002),
        });
    }
    Ok(people)
}

pub fn make_customer(rng: &mut StdRng, n: usize, id: String) -> Customer {
    let city = weighted(rng, CITIES);
    let (word, word_pinyin) = WORDS[rng.random_range(0..WORDS.len())];
    let name = match rng.random_range(0..30) {
        // A third in Chinese: 杭州钱塘大酒店（西湖区12号店）.
        0..10 => {
            let mut name = format!("{}{}{}", city.0, word, pick(rng, KINDS));
            if rng.random_bool(0.3) {
                name += &format!("（{}{}号店）", pick(rng, DISTRICTS), rng.random_range(1..100));
            }
            name
        }
        10..17 => format!("{} {} {}", city.1, word_pinyin, pick(rng, ENGLISH_KINDS)),
        17..23 => format!("{word_pinyin} {}", pick(rng, PINYIN_KINDS)),
        23..27 => format!("{} {}", pick(rng, ENGLISH_NAMES), pick(rng, ENGLISH_KINDS)),
        _ => format!(
            "{} {} (Branch {})",
            pick(rng, ENGLISH_NAMES),
            pick(rng, ENGLISH_KINDS),
            rng.random_range(1..30)
        ),
    };
    let (surname, surname_pinyin) = pick_surname(rng);
    let contact = match rng.random_range(0..20) {
        0..10 => format!("{surname}{}", pick(rng, TITLES)),
        10..17 => format!("{surname}{}", pick(rng, GIVEN)),
        17..19 => format!("{} {surname_pinyin}", pick(rng, ENGLISH_GIVEN)),
        _ => String::new(),
    };
    let mobile = |rng: &mut StdRng| format!("1{}{}", pick(rng, &["3", "5", "7", "8", "9"]), digits(rng, 9));
    let landline = |rng: &mut StdRng| format!("{}-{}{}", city.2, rng.random_range(5..9), digits(rng, 7));
    let phone = match rng.random_range(0..20) {
        0..7 => mobile(rng),
        7..9 => {
            let m = mobile(rng);
            format!("{} {} {}", &m[..3], &m[3..7], &m[7..])
        }
        9 => {
            let m = mobile(rng);
            format!("+86 {}-{}-{}", &m[..3], &m[3..7], &m[7..])
        }
        10..15 => landline(rng),
        15 => {
            let l = landline(rng);
            let (area, number) = l.split_once('-').expect("area-number");
            format!("({area}) {} {}", &number[..4], &number[4..])
        }
        16 => format!("{}转{}", landline(rng), rng.random_range(800..900)),
        17 => format!("{} / {}", landline(rng), mobile(rng)),
        _ => String::new(),
    };
    let email = if rng.random_bool(0.3) {
        format!(
            "{}{}@{}{}.example.{}",
            pick(rng, EMAIL_USERS),
            if rng.random_bool(0.3) {
                n.to_string()
            } else {
                String::new()
            },
            word_pinyin.to_lowercase(),
            rng.random_range(1..1000),
            pick(rng, &["cn", "com", "com.cn"])
        )
    } else {
        String::new()
    };
    let address = format!(
        "{}市{}{}{}号",
        city.0,
        pick(rng, DISTRICTS),
        pick(rng, STREETS),
        rng.random_range(1..1000)
    );
    let tag_count = *weighted(rng, &[(0, 35), (1, 35), (2, 20), (3, 10)]);
    let tags = several(rng, TAGS, tag_count).into_iter().map(str::to_string).collect();
    let note = if rng.random_bool(0.25) {
        let note = pick(rng, NOTES);
        fill(rng, note)
    } else {
        String::new()
    };

    let first = day(FIRST_CUSTOMER_DAY);
    let before_visits = (day(LAST_DAY) - Duration::days(VISIT_DAYS) - first).num_days();
    let created_day = first + Duration::days(rng.random_range(0..=before_visits));
    let created = at(created_day, working_seconds(rng));
    let later = |rng: &mut StdRng| {
        let span = (day(LAST_DAY) - created_day).num_days();
        let moment = at(
            created_day + Duration::days(rng.random_range(0..=span)),
            working_seconds(rng),
        );
        moment.max(created)
    };
    let archived = rng.random_bool(0.05).then(|| later(rng));
    let updated = match archived {
        Some(archived) => archived,
        None if rng.random_bool(0.2) => created,
        None => later(rng),
    };
    let status = if archived.is_some() && rng.random_bool(0.5) {
        Status::Lost
    } else {
        *weighted(
            rng,
            &[
                (Status::Active, 70),
                (Status::Dormant, 12),
                (Status::Lost, 8),
                (Status::Prospect, 10),
            ],
        )
    };
    Customer {
        id,
        name,
        class: weighted(rng, &[("A", 10), ("B", 30), ("C", 60)]).to_string(),
        status,
        owner: rng.random_bool(0.92).then(|| weighted(rng, OWNERS).to_string()),
        center: rng.random_bool(0.4).then(|| pick(rng, CENTERS).to_string()),
        contact,
        phone,
        email,
        address,
        region: city.3.to_string(),
        tags,
        source: pick(rng, SOURCES).to_string(),
        note,
        created,
        updated,
        archived,
    }
}

/// Writes customers.csv and returns its size.
pub fn write_customers(dir: &Path, people: &[Person]) -> Result<u64> {
    let status = CustomerCol::Status.index();
    let path = dir.join(customers::TABLE.file(None));
    let mut file = TableFile::create(path, encode_header(customers::TABLE.columns), false)?;
    for chunk in people.chunks(CHUNK) {
        let rows = chunk.iter().map(|p| {
            let mut row = p.customer.encode();
            if p.status_in_chinese {
                row[status] = quirks::chinese_status(p.status).to_string();
            }
            row
        });
        file.write_rows(rows.collect())?;
    }
    file.finish(true)
}
