//! `customers.csv`: how a [`Customer`] is stored, both ways.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::columns;
use crate::error::{Error, Problem, Result};
use crate::model::contact::{name_key, phone_key};
use crate::model::customer::{Customer, Status, phone_digits};
use crate::model::due::Followed;
use crate::model::{id, names};
use crate::store::index::{ByIdHash, FileIndex, Indexed, Kind, Value, day_number, day_of, id_hash};
use crate::store::table::{
    Partition, Record, Row, TableSpec, format_optional_time, format_time, join_list, split_list,
};
use crate::store::{Located, Store};

columns! {
    /// The columns of `customers.csv`.
    pub enum CustomerCol {
        Id = "id", Name = "name", Class = "class", Status = "status", Owner = "owner",
        Center = "center", Contact = "contact", Phone = "phone", Email = "email",
        Address = "address", Region = "region", Tags = "tags", Source = "source", Note = "note",
        Created = "created", Updated = "updated", Archived = "archived",
    }
}

/// The customers table: one file, since a department has at most some hundred thousand.
pub const TABLE: TableSpec = TableSpec {
    name: "customers",
    record_name: "customer",
    id_prefix: "C-",
    id_chars: 8,
    columns: CustomerCol::NAMES,
    partition: Partition::Single,
};

impl Customer {
    /// The value of a column as text, as it is written in `customers.csv`.
    pub fn field(&self, column: CustomerCol) -> Cow<'_, str> {
        use CustomerCol as C;
        fn opt(v: &Option<String>) -> Cow<'_, str> {
            Cow::Borrowed(v.as_deref().unwrap_or(""))
        }
        match column {
            C::Id => Cow::Borrowed(&self.id),
            C::Name => Cow::Borrowed(&self.name),
            C::Class => Cow::Borrowed(&self.class),
            C::Status => Cow::Borrowed(self.status.as_str()),
            C::Owner => opt(&self.owner),
            C::Center => opt(&self.center),
            C::Contact => Cow::Borrowed(&self.contact),
            C::Phone => Cow::Borrowed(&self.phone),
            C::Email => Cow::Borrowed(&self.email),
            C::Address => Cow::Borrowed(&self.address),
            C::Region => Cow::Borrowed(&self.region),
            C::Tags => Cow::Owned(join_list(&self.tags)),
            C::Source => Cow::Borrowed(&self.source),
            C::Note => Cow::Borrowed(&self.note),
            C::Created => Cow::Owned(format_time(&self.created)),
            C::Updated => Cow::Owned(format_time(&self.updated)),
            C::Archived => Cow::Owned(format_optional_time(self.archived.as_ref())),
        }
    }
}

/// The columns of the customers index: what finding a customer, checking for a duplicate and
/// working out who is due need, without reading `customers.csv`.
pub mod key {
    use crate::store::index::{KEY_BASE, Kind};

    /// The id.
    pub const ID: usize = KEY_BASE;
    /// The name, without surrounding blanks.
    pub const NAME: usize = KEY_BASE + 1;
    /// The digits of the phone number.
    pub const PHONE_DIGITS: usize = KEY_BASE + 2;
    /// The class.
    pub const CLASS: usize = KEY_BASE + 3;
    /// The status, as its position in `Status::ALL`.
    pub const STATUS: usize = KEY_BASE + 4;
    /// 1 when archived.
    pub const ARCHIVED: usize = KEY_BASE + 5;
    /// The owner's staff id, or empty.
    pub const OWNER: usize = KEY_BASE + 6;
    /// The center's id, or empty.
    pub const CENTER: usize = KEY_BASE + 7;
    /// The day the customer was added, in days since 1970-01-01.
    pub const CREATED_DAY: usize = KEY_BASE + 8;
    /// The hash of the id (`index::id_hash`), to join with the visits summary without
    /// comparing text.
    pub const ID_HASH: usize = KEY_BASE + 9;
    /// The region, for the reports.
    pub const REGION: usize = KEY_BASE + 10;
    /// The phone number in E.164, how two spellings of it are compared ([`phone_key`]).
    pub const PHONE_KEY: usize = KEY_BASE + 11;

    /// Their kinds, in order.
    pub const KINDS: &[Kind] = &[
        Kind::Str,
        Kind::Str,
        Kind::Str,
        Kind::Str,
        Kind::U8,
        Kind::U8,
        Kind::Str,
        Kind::Str,
        Kind::I32,
        Kind::U64,
        Kind::Str,
        Kind::Str,
    ];
}

impl Indexed for Customer {
    const KEYS: &'static [Kind] = key::KINDS;

    fn keys(&self, push: &mut dyn FnMut(&[Value<'_>])) {
        let status = Status::ALL.iter().position(|s| *s == self.status).unwrap_or(0);
        push(&[
            Value::Str(&self.id),
            Value::Str(self.name.trim()),
            Value::Str(&phone_digits(&self.phone)),
            Value::Str(&self.class),
            Value::U8(status as u8),
            Value::U8(u8::from(self.is_archived())),
            Value::Str(self.owner.as_deref().unwrap_or("")),
            Value::Str(self.center.as_deref().unwrap_or("")),
            Value::I32(day_number(self.created.date_naive())),
            Value::U64(id_hash(&self.id)),
            Value::Str(&self.region),
            Value::Str(&phone_key(&self.phone)),
        ]);
    }
}

/// The customers index, with every line of `customers.csv` readable and every id used once:
/// a customer is found by id, unique start of an id or name without reading the table.
#[derive(Debug)]
pub struct CustomerIndex {
    index: FileIndex<Customer>,
}

impl CustomerIndex {
    /// Brings the index up to date with `customers.csv`; a line that cannot be read or an id
    /// used twice is an error, as when reading the table.
    pub fn load(store: &Store) -> Result<CustomerIndex> {
        CustomerIndex::load_columns(store, None)
    }

    /// As [`CustomerIndex::load`], for finding customers by id only: the ids are all it
    /// reads of the index, whatever its size. Anything else goes through
    /// [`CustomerIndex::with_names`] first.
    pub fn load_for_lookup(store: &Store) -> Result<CustomerIndex> {
        CustomerIndex::load_columns(store, Some(&[key::ID]))
    }

    /// The name of the customer with exactly this id (empty when there is none), for a
    /// command that names one customer: only the id and name columns of the index are read.
    pub fn name_of(store: &Store, id: &str) -> Result<String> {
        let index = CustomerIndex::load_columns(store, Some(&[key::ID, key::NAME]))?;
        Ok(index
            .find_exact(id)
            .map(|row| index.name(row).to_string())
            .unwrap_or_default())
    }

    /// This index, with its names and phone numbers checked: what finding a customer by name
    /// and the duplicate check read. A damaged column means the index is loaded again (and
    /// so rebuilt).
    pub fn with_names(self, store: &Store) -> Result<CustomerIndex> {
        if self.index.verify_keys(&[key::NAME, key::PHONE_DIGITS, key::PHONE_KEY]) {
            Ok(self)
        } else {
            CustomerIndex::load(store)
        }
    }

    /// The row of the customer `reference` names, as [`CustomerIndex::find`]; for an index
    /// from [`CustomerIndex::load_for_lookup`], which is checked further if it must be.
    pub fn find_loaded(self, store: &Store, reference: &str) -> Result<(CustomerIndex, usize)> {
        if let Some(row) = self.find_exact(reference) {
            return Ok((self, row));
        }
        let index = self.with_names(store)?;
        let row = index.find(reference)?;
        Ok((index, row))
    }

    /// The row whose id is exactly `reference` (as printed), found without listing the rows.
    fn find_exact(&self, reference: &str) -> Option<usize> {
        let exact = reference.trim().as_bytes();
        (0..self.rows()).find(|&row| self.index.bytes(key::ID, row) == exact)
    }

    fn load_columns(store: &Store, keys: Option<&[usize]>) -> Result<CustomerIndex> {
        let index = FileIndex::load_columns(store, None, keys)?;
        index.check()?;
        Ok(CustomerIndex { index })
    }

    /// The number of customers.
    pub fn rows(&self) -> usize {
        self.index.rows()
    }

    fn text(&self, column: usize, row: usize) -> &str {
        self.index.str(column, row)
    }

    /// A customer's id.
    pub fn id(&self, row: usize) -> &str {
        self.text(key::ID, row)
    }

    /// A customer's name.
    pub fn name(&self, row: usize) -> &str {
        self.text(key::NAME, row)
    }

    /// The digits of a customer's phone number.
    pub fn phone_digits(&self, row: usize) -> &str {
        self.text(key::PHONE_DIGITS, row)
    }

    /// A customer's phone number in E.164 ([`phone_key`]): how duplicates are found.
    pub fn phone_key(&self, row: usize) -> &str {
        self.text(key::PHONE_KEY, row)
    }

    /// A customer's class.
    pub fn class(&self, row: usize) -> &str {
        self.text(key::CLASS, row)
    }

    /// A customer's status.
    pub fn status(&self, row: usize) -> Status {
        Status::ALL[usize::from(self.index.u8(key::STATUS, row)).min(Status::ALL.len() - 1)]
    }

    /// Whether a customer is archived.
    pub fn is_archived(&self, row: usize) -> bool {
        self.index.u8(key::ARCHIVED, row) == 1
    }

    /// A customer's owner.
    pub fn owner(&self, row: usize) -> Option<&str> {
        Some(self.text(key::OWNER, row)).filter(|o| !o.is_empty())
    }

    /// A customer's distribution center.
    pub fn center(&self, row: usize) -> Option<&str> {
        Some(self.text(key::CENTER, row)).filter(|c| !c.is_empty())
    }

    /// A customer's region.
    pub fn region(&self, row: usize) -> &str {
        self.text(key::REGION, row)
    }

    /// The hash of a customer's id (see [`id_hash`]).
    pub fn id_hash(&self, row: usize) -> u64 {
        self.index.u64(key::ID_HASH, row)
    }

    /// The day a customer was added.
    pub fn created_day(&self, row: usize) -> NaiveDate {
        day_of(self.index.i32(key::CREATED_DAY, row))
    }

    /// What the due computation needs of the customer of a row.
    pub fn followed(&self, row: usize) -> Followed<'_> {
        Followed {
            id: self.id(row),
            name: self.name(row),
            owner: self.owner(row),
            class: self.class(row),
            center: self.center(row),
            status: self.status(row),
            archived: self.is_archived(row),
            created: self.created_day(row),
        }
    }

    /// The row of the customer `reference` names: an exact id, else a unique start of an id
    /// or an exact name (see [`id::resolve`]).
    pub fn find(&self, reference: &str) -> Result<usize> {
        // The usual reference, a whole id as printed, is found without listing every row.
        if let Some(row) = self.find_exact(reference) {
            return Ok(row);
        }
        let rows: Vec<usize> = (0..self.rows()).collect();
        match id::resolve(
            &rows,
            TABLE.record_name,
            TABLE.id_prefix,
            reference,
            |&row| self.id(row),
            |&row| self.name(row),
        ) {
            Ok(&row) => Ok(row),
            Err(Error::NotFound { what, reference, .. }) => Err(Error::NotFound {
                suggestions: self.closest(&reference, 5).iter().map(|&row| self.label(row)).collect(),
                what,
                reference,
            }),
            Err(other) => Err(other),
        }
    }

    /// The customers whose names are closest to `query` (see [`names::closest`]), best
    /// first, archived ones left out.
    pub fn closest(&self, query: &str, limit: usize) -> Vec<usize> {
        let current: Vec<usize> = (0..self.rows()).filter(|&row| !self.is_archived(row)).collect();
        names::closest(current.iter().map(|&row| self.name(row)), query, limit)
            .into_iter()
            .map(|at| current[at])
            .collect()
    }

    /// How a customer is named in a list of choices: `name (id)`.
    pub fn label(&self, row: usize) -> String {
        format!("{} ({})", self.name(row), self.id(row))
    }

    /// The row of the customer with exactly this id, in any case.
    pub fn find_id(&self, id: &str) -> Option<usize> {
        (0..self.rows()).find(|&row| self.index.bytes(key::ID, row).eq_ignore_ascii_case(id.as_bytes()))
    }

    /// Every customer's name by id.
    pub fn names(&self) -> Names<'_> {
        let mut by_hash = ByIdHash::default();
        by_hash.reserve(self.rows());
        for row in 0..self.rows() {
            by_hash.entry(self.id_hash(row)).or_insert(row);
        }
        Names { index: self, by_hash }
    }

    /// The first customer that is probably the same business as a new one: the same phone
    /// number however it is written ([`phone_key`]) and the same name after normalisation
    /// ([`name_key`]).
    pub fn find_same(&self, name: &str, phone: &str) -> Option<usize> {
        let phone = phone_key(phone);
        let name = name_key(name);
        (0..self.rows())
            .find(|&row| self.index.bytes(key::PHONE_KEY, row) == phone.as_bytes() && name_key(self.name(row)) == name)
    }

    /// Reads some customers from `customers.csv`, with where each is.
    pub fn read(&self, store: &Store, rows: &[usize]) -> Result<Vec<Located<Customer>>> {
        self.index.read(store, rows)
    }

    /// Brings the index up to date after this process replaced the line of `row` with
    /// `customer` (see [`FileIndex::after_replace`]).
    pub fn after_replace(&mut self, store: &Store, row: usize, customer: &Customer) -> Result<()> {
        self.index.after_replace(store, row, Some(customer))
    }

    /// Reads the customer `reference` names.
    pub fn read_one(self, store: &Store, reference: &str) -> Result<Located<Customer>> {
        let (index, row) = self.find_loaded(store, reference)?;
        Ok(index.read(store, &[row])?.remove(0))
    }
}

/// Customers' names by id, for naming the customers of many records.
#[derive(Debug)]
pub struct Names<'a> {
    index: &'a CustomerIndex,
    /// The first row with each id hash.
    by_hash: ByIdHash<usize>,
}

impl<'a> Names<'a> {
    /// The name of the customer with this id, if there is one.
    pub fn get(&self, id: &str) -> Option<&'a str> {
        let index = self.index;
        match self.by_hash.get(&id_hash(id)) {
            Some(&row) if index.id(row) == id => Some(index.name(row)),
            // Another id with the same hash, which 64 bits make all but impossible.
            Some(_) => index
                .find_id(id)
                .filter(|&row| index.id(row) == id)
                .map(|row| index.name(row)),
            None => None,
        }
    }
}

impl Record for Customer {
    const TABLE: TableSpec = TABLE;

    fn decode(row: &Row<'_>) -> Result<Self, Problem> {
        use CustomerCol as C;
        Ok(Customer {
            id: row.required(C::Id)?,
            name: row.string(C::Name),
            class: row.text(C::Class).trim().to_string(),
            status: row.parse(C::Status)?,
            owner: row.optional(C::Owner),
            center: row.optional(C::Center),
            contact: row.string(C::Contact),
            phone: row.string(C::Phone),
            email: row.string(C::Email),
            address: row.string(C::Address),
            region: row.string(C::Region),
            tags: split_list(&row.text(C::Tags)),
            source: row.string(C::Source),
            note: row.string(C::Note),
            created: row.time(C::Created)?,
            updated: row.time(C::Updated)?,
            archived: row.optional_time(C::Archived)?,
        })
    }

    fn encode(&self) -> Vec<String> {
        CustomerCol::ALL.iter().map(|&c| self.field(c).into_owned()).collect()
    }

    fn id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    //! Property tests: every customer `cs` can hold survives the trip through `customers.csv`.

    use chrono::{DateTime, FixedOffset};
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::model::customer::Status;
    use crate::model::id;
    use crate::store::csvfile;

    const FILE: &str = "customers.csv";

    /// Pieces that stress the codec: CSV syntax, every line break, backslashes (a literal `\n`
    /// too), emoji, CJK, BOMs, control and Unicode-whitespace characters.
    const TRICKY: &[&str] = &[
        ",",
        "\"",
        "\"\"",
        "'",
        "\n",
        "\r\n",
        "\r",
        "\n\r",
        "\\",
        "\\n",
        "\\r",
        "\\\\",
        "\\\\n",
        "C:\\docs",
        " ",
        "  ",
        "\t",
        ";",
        "#",
        "=",
        "🍷",
        "👨‍👩‍👧",
        "杭州西湖国宾馆",
        "陈经理",
        "；",
        "，",
        "\u{FEFF}",
        "\u{0}",
        "\u{1F}",
        "\u{85}",
        "\u{A0}",
        "\u{2028}",
        "\u{3000}",
        "é",
        "e\u{301}",
    ];

    /// Any text, biased towards the tricky pieces.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            3 => prop::sample::select(TRICKY).prop_map(str::to_string),
            2 => any::<char>().prop_map(String::from),
            2 => "[a-zA-Z0-9 @.-]{1,6}",
        ];
        prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    /// Non-empty text without surrounding whitespace, as `from_row` keeps trimmed columns.
    fn trimmed(line_breaks: bool) -> impl Strategy<Value = String> {
        text().prop_filter_map("empty once trimmed", move |t| {
            let t = if line_breaks { t } else { t.replace(['\n', '\r'], "") };
            let t = t.trim();
            (!t.is_empty()).then(|| t.to_string())
        })
    }

    /// A tag as `add_tag` accepts it: trimmed, non-empty, no ';' and no line break.
    fn tag() -> impl Strategy<Value = String> {
        text().prop_filter_map("empty tag", |t| {
            let t = t.replace([';', '\n', '\r'], "");
            let t = t.trim();
            (!t.is_empty()).then(|| t.to_string())
        })
    }

    /// A generated id or a company's own code (what `validate_code` accepts).
    fn customer_id() -> impl Strategy<Value = String> {
        prop_oneof!["C-[0-9A-HJKMNP-TV-Z]{8}", "[A-Za-z0-9._-]{1,32}"]
    }

    /// A time to the second, from 1900 to 9999, at any whole-minute offset.
    fn time() -> impl Strategy<Value = DateTime<FixedOffset>> {
        let offset_minutes = prop_oneof![
            prop::sample::select(vec![0, 480, -300, 330, 345, 525, -570, 840, -720]),
            -(23 * 60 + 59)..=(23 * 60 + 59),
        ];
        (-2_208_902_400i64..253_402_128_000, offset_minutes).prop_map(|(secs, minutes)| {
            let offset = FixedOffset::east_opt(minutes * 60).expect("offset in range");
            DateTime::from_timestamp(secs, 0)
                .expect("time in range")
                .with_timezone(&offset)
        })
    }

    fn customer() -> impl Strategy<Value = Customer> {
        let ids = (
            customer_id(),
            trimmed(true),
            prop::sample::select(Status::ALL.to_vec()),
            prop::option::of(trimmed(false)),
            prop::option::of(trimmed(false)),
        );
        let texts = (text(), text(), text(), text(), text(), text(), text(), text());
        let rest = (
            prop::collection::vec(tag(), 0..5),
            time(),
            time(),
            prop::option::of(time()),
        );
        (ids, texts, rest).prop_map(
            |(
                (id, class, status, owner, center),
                (name, contact, phone, email, address, region, source, note),
                (tags, created, updated, archived),
            )| Customer {
                id,
                name,
                class,
                status,
                owner,
                center,
                contact,
                phone,
                email,
                address,
                region,
                tags,
                source,
                note,
                created,
                updated,
                archived,
            },
        )
    }

    /// The bytes `Transaction::replace` writes for `records`.
    fn encode(records: &[Customer]) -> Vec<u8> {
        let mut bytes = csvfile::encode_header(TABLE.columns);
        bytes.extend(csvfile::encode_rows(records.iter().map(Record::encode)));
        bytes
    }

    /// Reads bytes the way `Store::read_file` does; any problem fails the test.
    fn decode(bytes: &[u8]) -> Result<Vec<(u64, Customer)>, TestCaseError> {
        let mut records = Vec::new();
        let mut problems = Vec::new();
        let mut codec_problems = Vec::new();
        let header = csvfile::decode(
            bytes,
            FILE,
            TABLE.columns,
            |row, _| match Customer::decode(&row) {
                Ok(customer) => records.push((row.line, customer)),
                Err(p) => problems.push(p.to_string()),
            },
            |p| codec_problems.push(p.to_string()),
        );
        problems.extend(codec_problems);
        if let Err(p) = header {
            problems.push(p.to_string());
        }
        prop_assert!(problems.is_empty(), "problems reading back: {:?}", problems);
        Ok(records)
    }

    /// `DateTime` equality ignores the offset, so the offsets are compared too.
    fn same_time(a: &DateTime<FixedOffset>, b: &DateTime<FixedOffset>) -> bool {
        a == b && a.offset() == b.offset()
    }

    proptest! {
        #[test]
        fn customers_survive_the_csv_file(records in prop::collection::vec(customer(), 0..8)) {
            let bytes = encode(&records);
            let lines = bytes.iter().filter(|&&b| b == b'\n').count();
            prop_assert_eq!(lines, records.len() + 1, "one physical line per record, plus the header");
            prop_assert!(!bytes.contains(&b'\r'), "no carriage return reaches the file");

            let read = decode(&bytes)?;
            prop_assert_eq!(read.len(), records.len());
            for (index, ((line, back), original)) in read.iter().zip(&records).enumerate() {
                prop_assert_eq!(*line, index as u64 + 2, "line numbers count the header");
                prop_assert_eq!(back, original);
                prop_assert_eq!(back.encode(), original.encode());
                prop_assert!(same_time(&back.created, &original.created));
                prop_assert!(same_time(&back.updated, &original.updated));
                match (&back.archived, &original.archived) {
                    (Some(a), Some(b)) => prop_assert!(same_time(a, b)),
                    (a, b) => prop_assert_eq!(a, b),
                }
            }
        }

        #[test]
        fn writing_is_deterministic_and_appends_match_rewrites(records in prop::collection::vec(customer(), 0..8)) {
            let bytes = encode(&records);
            prop_assert_eq!(&encode(&records), &bytes, "the same records give the same bytes");

            // Rewriting what was read changes nothing, so an edit's diff is the edited line only.
            let read: Vec<Customer> = decode(&bytes)?.into_iter().map(|(_, c)| c).collect();
            prop_assert_eq!(&encode(&read), &bytes);

            // `Transaction::append` writes one record at a time after the header.
            let mut appended = csvfile::encode_header(TABLE.columns);
            for record in &records {
                appended.extend(csvfile::encode_rows([record.encode()]));
            }
            prop_assert_eq!(&appended, &bytes);
        }

        #[test]
        fn escape_round_trips_and_stays_on_one_line(field in prop_oneof![text(), any::<String>()]) {
            let escaped = csvfile::escape(&field);
            prop_assert!(!escaped.contains(['\n', '\r']));
            prop_assert_eq!(csvfile::unescape(&escaped), field.as_str());
        }

        #[test]
        fn every_prefix_of_a_generated_id_matches(seed in any::<u64>(), lower in any::<bool>()) {
            let generated = id::generate(TABLE.id_prefix, TABLE.id_chars, &mut StdRng::seed_from_u64(seed), |_| false);
            let reference = if lower { generated.to_lowercase() } else { generated.clone() };
            for end in 1..=reference.len() {
                prop_assert!(id::matches_prefix(&generated, TABLE.id_prefix, &reference[..end]));
            }
            let bare = &reference[TABLE.id_prefix.len()..];
            for end in 1..=bare.len() {
                prop_assert!(id::matches_prefix(&generated, TABLE.id_prefix, &bare[..end]));
            }
        }
    }

    #[test]
    fn times_are_written_with_their_offset() {
        // A leap second can come in through CS_NOW; it is written and read back as :60.
        for text in [
            "2025-03-04T10:15:00+05:45",
            "2025-03-04T10:15:00+00:00",
            "2016-12-31T23:59:60+00:00",
        ] {
            let time = DateTime::parse_from_rfc3339(text).unwrap();
            assert_eq!(format_time(&time), text);
            assert!(same_time(
                &DateTime::parse_from_rfc3339(&format_time(&time)).unwrap(),
                &time
            ));
        }
    }
}
