//! Microbenchmarks of the hot paths under the commands that `benches/run.sh` times: decoding a
//! month of visits and the customers table (the CSV codec, then the records), and working out
//! who is due.
//!
//! ```sh
//! cargo bench --bench hot_paths
//! ```
//!
//! The data is made in memory with a fixed seed: 2,000 customers and 20,000 visits (a month of
//! a department of 100,000 customers has about 40,000), written with the library's own codec so
//! that it is what `cs` writes, with a few summaries and notes holding commas, quotes, escaped
//! line breaks and backslashes. It never touches the disk. Times only; no assertion on them.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use cs::model::customer::{Customer, Status};
use cs::model::due::{DueFilter, Followed, LastVisit, due_list, is_later};
use cs::model::id;
use cs::model::settings::Settings;
use cs::model::visit::{Answers, Channel, Purpose, Visit};
use cs::store::csvfile::{decode, encode_header, encode_rows};
use cs::store::table::Record;
use cs::store::{customers, visits};

fn main() {
    divan::main();
}

const CUSTOMERS: usize = 2_000;
const VISITS: usize = 20_000;
/// The day the due list is for: the day after the last visit.
const AS_OF: (i32, u32, u32) = (2026, 11, 29);

const SETTINGS: &str = r#"
[company]
name = "醇香酒业(基准测试)"
default_class = "C"

[classes.A]
visit_every_days = 30

[classes.B]
visit_every_days = 60

[classes.C]
visit_every_days = 90

[[staff]]
id = "wang"
name = "王芳"
role = "consultant"

[visits]
routine_topics = ["库存", "新品推荐", "促销活动"]
"#;

/// Summaries and notes as people write them, some with what the codec must quote or escape.
const TEXTS: &[&str] = &[
    "库存还够两周",
    "下周要补货12箱五粮液，对配送时效满意",
    "新店下月开业, 想先订一批干红",
    "老板说\"中秋前一定要到货\"",
    "第一次拜访：\n- 试饮 3 款\n- 下周回访",
    "报价单见 D:\\客服\\报价\\剑南春.xlsx",
    "",
];

/// The tables, as records and as the bytes of their files.
struct Data {
    settings: Settings,
    customers: Vec<Customer>,
    visits: Vec<Visit>,
    customers_csv: Vec<u8>,
    visits_csv: Vec<u8>,
}

static DATA: LazyLock<Data> = LazyLock::new(make_data);

fn day(ymd: (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2).expect("a valid date")
}

fn at(date: NaiveDate, seconds: u32) -> DateTime<FixedOffset> {
    let cst = FixedOffset::east_opt(8 * 3600).expect("a valid offset");
    let time = chrono::NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).expect("a time of day");
    cst.from_local_datetime(&date.and_time(time))
        .single()
        .expect("no gaps at a fixed offset")
}

fn make_data() -> Data {
    let settings = Settings::parse(SETTINGS, "cs.toml").expect("the benchmark's settings are valid");
    let mut rng = StdRng::seed_from_u64(1);
    let first_visit = day(AS_OF) - Duration::days(730);
    let customers: Vec<Customer> = (0..CUSTOMERS)
        .map(|n| {
            let created = at(
                first_visit - Duration::days(rng.random_range(1..2000)),
                rng.random_range(28_800..72_000),
            );
            let status = [
                Status::Active,
                Status::Active,
                Status::Dormant,
                Status::Lost,
                Status::Prospect,
            ][rng.random_range(0..5)];
            Customer {
                id: id::generate(customers::TABLE.id_prefix, customers::TABLE.id_chars, &mut rng, |_| {
                    false
                }),
                name: format!("杭州第{n}酒楼"),
                class: ["A", "B", "B", "C", "C", "C"][rng.random_range(0..6)].to_string(),
                status,
                owner: rng.random_bool(0.9).then(|| "wang".to_string()),
                center: None,
                contact: "陈经理".to_string(),
                phone: format!("0571-8{:07}", rng.random_range(0..10_000_000)),
                email: String::new(),
                address: format!("杭州市西湖区文三路{n}号"),
                region: "华东".to_string(),
                tags: if rng.random_bool(0.3) {
                    vec!["vip".to_string(), "宴会".to_string()]
                } else {
                    Vec::new()
                },
                source: String::new(),
                note: TEXTS[rng.random_range(0..TEXTS.len())].to_string(),
                created,
                updated: created,
                archived: rng.random_bool(0.05).then_some(created),
            }
        })
        .collect();
    let mut visits: Vec<Visit> = (0..VISITS)
        .map(|_| {
            let customer = &customers[rng.random_range(0..CUSTOMERS)];
            let date = first_visit + Duration::days(rng.random_range(0..730));
            let satisfaction = rng.random_bool(0.3);
            Visit {
                id: id::generate(visits::TABLE.id_prefix, visits::TABLE.id_chars, &mut rng, |_| false),
                customer: customer.id.clone(),
                date,
                channel: Channel::ALL[rng.random_range(0..3)],
                purpose: if satisfaction {
                    Purpose::Satisfaction
                } else {
                    Purpose::Routine
                },
                by: "wang".to_string(),
                score: satisfaction.then(|| rng.random_range(1..=5)),
                nps: satisfaction.then(|| rng.random_range(0..=10)),
                topics: if satisfaction {
                    Vec::new()
                } else {
                    vec!["库存".to_string(), "促销活动".to_string()]
                },
                answers: Answers::default(),
                survey: None,
                summary: TEXTS[rng.random_range(0..TEXTS.len())].to_string(),
                next: rng
                    .random_bool(0.3)
                    .then(|| date + Duration::days(rng.random_range(7..60))),
                created: at(date, rng.random_range(28_800..72_000)),
            }
        })
        .collect();
    // In the order appends leave them.
    visits.sort_by_key(|v| v.created);
    let customers_csv = table_bytes(&customers);
    let visits_csv = table_bytes(&visits);
    Data {
        settings,
        customers,
        visits,
        customers_csv,
        visits_csv,
    }
}

/// A table file's bytes: the header, then one line per record, as `cs` writes them.
fn table_bytes<R: Record>(records: &[R]) -> Vec<u8> {
    let mut bytes = encode_header(R::TABLE.columns);
    bytes.extend(encode_rows(records.iter().map(Record::encode)));
    bytes
}

/// Decodes a table file into its records, as every read of a whole table does.
fn decode_records<R: Record>(bytes: &[u8], file: &str) -> Vec<R> {
    let mut records = Vec::new();
    decode(
        bytes,
        file,
        R::TABLE.columns,
        |row, _| records.push(R::decode(&row).expect("a record the benchmark wrote")),
        |problem| panic!("{problem}"),
    )
    .expect("a header the benchmark wrote");
    records
}

/// The codec alone: finds every row and its fields, builds no record.
fn decode_rows(bytes: &[u8], file: &str, columns: &[&str]) -> usize {
    let mut rows = 0;
    decode(bytes, file, columns, |_, _| rows += 1, |problem| panic!("{problem}")).expect("a valid header");
    rows
}

/// Each customer's latest visit up to `as_of`: by date, then when recorded, then id.
fn latest_visits(visits: &[Visit], as_of: NaiveDate) -> HashMap<&str, ((NaiveDate, i64, &str), LastVisit)> {
    let mut latest: HashMap<&str, ((NaiveDate, i64, &str), LastVisit)> = HashMap::new();
    for visit in visits.iter().filter(|v| v.date <= as_of) {
        let order = (visit.date, visit.created.timestamp(), visit.id.as_str());
        let last = LastVisit {
            date: visit.date,
            channel: visit.channel,
            next: visit.next,
        };
        latest
            .entry(&visit.customer)
            .and_modify(|kept| {
                if is_later(order, kept.0) {
                    *kept = (order, last);
                }
            })
            .or_insert((order, last));
    }
    latest
}

#[divan::bench]
fn decode_visits(bencher: Bencher) {
    let bytes = &DATA.visits_csv;
    bencher
        .counter(ItemsCount::new(VISITS))
        .bench(|| decode_records::<Visit>(divan::black_box(bytes), "visits/2026-11.csv"));
}

#[divan::bench]
fn decode_visit_rows(bencher: Bencher) {
    let bytes = &DATA.visits_csv;
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| decode_rows(divan::black_box(bytes), "visits/2026-11.csv", visits::TABLE.columns));
}

#[divan::bench]
fn decode_customers(bencher: Bencher) {
    let bytes = &DATA.customers_csv;
    bencher
        .counter(ItemsCount::new(CUSTOMERS))
        .bench(|| decode_records::<Customer>(divan::black_box(bytes), "customers.csv"));
}

#[divan::bench]
fn decode_customer_rows(bencher: Bencher) {
    let bytes = &DATA.customers_csv;
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| decode_rows(divan::black_box(bytes), "customers.csv", customers::TABLE.columns));
}

/// `visit due`'s work once the records are read: the latest visit of each customer.
#[divan::bench]
fn latest_visit_of_each_customer(bencher: Bencher) {
    let visits = &DATA.visits;
    bencher
        .counter(ItemsCount::new(VISITS))
        .bench(|| latest_visits(divan::black_box(visits), day(AS_OF)).len());
}

/// `visit due`'s list from the customers and their latest visits (`due::due_list`).
#[divan::bench]
fn due_list_of_customers(bencher: Bencher) {
    let data = &*DATA;
    let latest = latest_visits(&data.visits, day(AS_OF));
    let filter = DueFilter {
        as_of: day(AS_OF),
        within: 0,
        owner: None,
        class: None,
        center: None,
        prospects: false,
    };
    bencher.counter(ItemsCount::new(CUSTOMERS)).bench(|| {
        // No lookup key beside the id: the map is keyed by id.
        due_list(
            divan::black_box(&data.customers).iter().map(|c| (Followed::of(c), ())),
            &|id, ()| latest.get(id).map(|(_, last)| *last),
            &data.settings,
            &filter,
        )
    });
}
