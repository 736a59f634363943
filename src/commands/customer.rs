//! `cs customer`: adding, finding, changing and archiving customers.
//!
//! Each function takes values already parsed from the command line, checks them against the
//! settings and the table, and writes through the store. None of them prints.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;
use rust_i18n::t;

use crate::commands::acting_person;
use crate::commands::visit::{CustomerVisits, customer_visits};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::complaint::Complaint;
use crate::model::customer::{Customer, Status, check_tag};
use crate::model::id;
use crate::model::settings::Settings;
use crate::output::Listable;
use crate::store::customer_history::{self, CustomerChange};
use crate::store::customers::{CustomerCol, CustomerIndex, TABLE};
use crate::store::table::format_time;
use crate::store::{Located, Store};

/// The columns a customer table shows on screen.
const TABLE_COLUMNS: &[&str] = &[
    "id", "name", "class", "status", "owner", "center", "contact", "phone", "region",
];

impl Listable for Customer {
    const KIND: &'static str = "customer";
    const TABLE_COLUMNS: &'static [&'static str] = TABLE_COLUMNS;
    const ALL_COLUMNS: &'static [&'static str] = CustomerCol::NAMES;
    const UNWRAPPED: &'static [&'static str] = &["id", "phone"];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        CustomerCol::from_name(column)
            .map(|c| self.field(c))
            .unwrap_or_default()
    }

    fn table_cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            // `list --all` mixes archived customers in; the table has no archived column.
            "status" if self.is_archived() => t!(
                "customer.archived_status",
                status = crate::i18n::value("status", self.status.as_str())
            )
            .into_owned()
            .into(),
            _ => self.cell(column),
        }
    }
}

/// Values for a customer's fields, shared by adding and editing: `None` leaves a field as it
/// is (at its default, when adding) and an empty owner or center clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// The class (`A`, `A类`, ...).
    pub class: Option<String>,
    /// The status.
    pub status: Option<Status>,
    /// The owning consultant's staff id.
    pub owner: Option<String>,
    /// The distribution center's id.
    pub center: Option<String>,
    /// Values of text columns (name, contact, phone, ...), keyed by column name.
    pub text: Vec<(&'static str, String)>,
}

/// A customer to add, as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct NewCustomer {
    /// The company's own customer code, kept instead of a generated id.
    pub id: Option<String>,
    /// 客户名称 (required).
    pub name: String,
    /// The other fields; the class defaults to the settings' default class, the status to active.
    pub fields: Fields,
    /// Tags, in order.
    pub tags: Vec<String>,
    /// Add even when a customer with the same name and phone exists.
    pub force: bool,
}

/// Adds a customer and returns it. Holds the exclusive lock for the whole check and write.
pub fn add(store: &Store, ctx: &Context, new: NewCustomer) -> Result<Customer> {
    let settings = store.settings()?;
    let customers = CustomerIndex::load_for_lookup(store)?.with_names(store)?;

    let id = match new.id {
        Some(code) => {
            let code = code.trim().to_string();
            id::validate_code("--id", &code)?;
            if let Some(existing) = customers.find_id(&code) {
                return Err(Error::invalid_with_hint(
                    "--id",
                    t!("customer.id_taken", code = code, name = customers.name(existing)),
                    t!("customer.id_taken_hint"),
                ));
            }
            code
        }
        None => {
            let mut rng = ctx.rng(customers.rows() as u64);
            id::generate(TABLE.id_prefix, TABLE.id_chars, &mut rng, |candidate| {
                customers.find_id(candidate).is_some()
            })
        }
    };
    let mut customer = Customer {
        id,
        name: new.name.trim().to_string(),
        class: settings.company.default_class.clone(),
        status: Status::Active,
        owner: None,
        center: None,
        contact: String::new(),
        phone: String::new(),
        email: String::new(),
        address: String::new(),
        region: String::new(),
        tags: Vec::new(),
        source: String::new(),
        note: String::new(),
        created: ctx.now(),
        updated: ctx.now(),
        archived: None,
    };
    apply(&mut customer, &settings, new.fields)?;
    for tag in new.tags {
        add_tag(&mut customer, &tag)?;
    }
    validate(&customer, None, &settings)?;

    if !new.force
        && let Some(existing) = customers.find_same(&customer.name, &customer.phone)
    {
        let archived = if customers.is_archived(existing) {
            t!("customer.archived_mark")
        } else {
            "".into()
        };
        let id = customers.id(existing);
        return Err(Error::invalid_with_hint(
            "--name",
            t!(
                "customer.same_customer",
                id = id,
                name = customers.name(existing),
                archived = archived
            ),
            t!("customer.same_customer_hint", id = id),
        ));
    }

    let mut tx = store.transaction();
    tx.append(std::slice::from_ref(&customer))?;
    tx.commit()?;
    Ok(customer)
}

/// What `cs customer list` keeps and how it orders them.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this class.
    pub class: Option<String>,
    /// Only this status.
    pub status: Option<Status>,
    /// Only customers of this consultant.
    pub owner: Option<String>,
    /// Only customers of this distribution center.
    pub center: Option<String>,
    /// Only this region.
    pub region: Option<String>,
    /// Only customers with every one of these tags.
    pub tags: Vec<String>,
    /// Text to find in the name, contact, phone or note, ignoring case.
    pub search: Option<String>,
    /// Include archived customers.
    pub include_archived: bool,
    /// The column to sort by; file order when `None`.
    pub sort: Option<String>,
    /// Sort in descending order.
    pub reverse: bool,
    /// At most this many.
    pub limit: Option<usize>,
}

/// The customers matching `filter`, in the requested order.
pub fn list(store: &Store, filter: &Filter) -> Result<Vec<Customer>> {
    let settings = store.settings()?;
    let class = filter
        .class
        .as_deref()
        .map(|c| resolve_class(&settings, c))
        .transpose()?;
    if let Some(owner) = &filter.owner {
        staff_exists(&settings, "--owner", owner)?;
    }
    if let Some(center) = &filter.center {
        center_exists(&settings, "--center", center)?;
    }
    let sort = match &filter.sort {
        None => None,
        Some(name) => Some(CustomerCol::from_name(name).ok_or_else(|| {
            Error::Usage(
                t!(
                    "customer.unknown_sort",
                    name = name,
                    columns = CustomerCol::NAMES.join(", ")
                )
                .into_owned(),
            )
        })?),
    };
    let needle = filter.search.as_deref().map(|s| s.trim().to_lowercase());
    // What the index holds is filtered there; the rest needs the records.
    let index = CustomerIndex::load(store)?;
    let mut rows: Vec<usize> = (0..index.rows())
        .filter(|&r| filter.include_archived || !index.is_archived(r))
        .filter(|&r| class.as_deref().is_none_or(|k| index.class(r) == k))
        .filter(|&r| filter.status.is_none_or(|s| index.status(r) == s))
        .filter(|&r| filter.owner.as_deref().is_none_or(|o| index.owner(r) == Some(o)))
        .filter(|&r| filter.center.as_deref().is_none_or(|c| index.center(r) == Some(c)))
        .collect();
    let by_records = filter.region.is_some() || !filter.tags.is_empty() || needle.is_some() || sort.is_some();
    if !by_records {
        // File order: the first (or, reversed, the last) rows are all that need reading.
        if filter.reverse {
            rows.reverse();
        }
        if let Some(limit) = filter.limit {
            rows.truncate(limit);
        }
        return Ok(index.read(store, &rows)?.into_iter().map(|l| l.record).collect());
    }
    let mut customers: Vec<Customer> = index
        .read(store, &rows)?
        .into_iter()
        .map(|l| l.record)
        .filter(|c| filter.region.as_ref().is_none_or(|r| c.region.trim() == r.trim()))
        .filter(|c| filter.tags.iter().all(|t| c.tags.iter().any(|have| have == t.trim())))
        .filter(|c| needle.as_ref().is_none_or(|n| c.matches_search(n)))
        .collect();
    if let Some(column) = sort {
        customers.sort_by(|a, b| compare(a, b, column));
    }
    if filter.reverse {
        customers.reverse();
    }
    if let Some(limit) = filter.limit {
        customers.truncate(limit);
    }
    Ok(customers)
}

fn compare(a: &Customer, b: &Customer, column: CustomerCol) -> Ordering {
    match column {
        // Times compare as instants, whatever offset each was written with.
        CustomerCol::Created => a.created.cmp(&b.created),
        CustomerCol::Updated => a.updated.cmp(&b.updated),
        CustomerCol::Archived => a.archived.cmp(&b.archived),
        _ => a.field(column).cmp(&b.field(column)),
    }
}

/// The customer that `reference` names: an id, a unique id prefix or an exact name.
pub fn show(store: &Store, reference: &str) -> Result<Customer> {
    Ok(Found::of(store, reference)?.located.record)
}

/// A customer with their latest visits and when the next one is due, as `customer show`
/// prints it.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerDetail {
    /// The customer.
    #[serde(flatten)]
    pub customer: Customer,
    /// Their visits.
    pub visits: CustomerVisits,
    /// Their complaints, newest first.
    pub complaints: Vec<Complaint>,
    /// Their shipments, most recently shipped first.
    pub shipments: Vec<crate::model::shipment::Shipment>,
    /// Every change of their status, class, owner, center or archiving, oldest first.
    pub history: Vec<CustomerChange>,
}

/// How many of a customer's visits `customer show` lists.
pub const LATEST_VISITS_SHOWN: usize = 5;

/// The customer `reference` names, with their latest visits and next due date as of `as_of`.
pub fn show_detail(store: &Store, reference: &str, as_of: NaiveDate) -> Result<CustomerDetail> {
    let customer = show(store, reference)?;
    let visits = customer_visits(store, &customer, LATEST_VISITS_SHOWN, as_of)?;
    let complaints = crate::commands::complaint::of_customer(store, &customer.id)?;
    let shipments = crate::commands::shipment::of_customer(store, &customer.id)?;
    let history = customer_history::of_customer(store, &customer)?;
    Ok(CustomerDetail {
        history,
        customer,
        visits,
        complaints,
        shipments,
    })
}

/// A customer found for changing: the record with its place in the file, and the index it was
/// found in.
struct Found {
    index: CustomerIndex,
    row: usize,
    located: Located<Customer>,
}

impl Found {
    /// Finds the customer `reference` names.
    fn of(store: &Store, reference: &str) -> Result<Found> {
        let (index, row) = CustomerIndex::load_for_lookup(store)?.find_loaded(store, reference)?;
        let located = index.read(store, &[row])?.remove(0);
        Ok(Found { index, row, located })
    }

    /// Writes the changed customer over its line, brings the index up to date with that, and
    /// returns the customer.
    /// Changes of status, class, owner, center or archiving go to the customer history in
    /// the same transaction, by the acting person (CS_USER) when there is one.
    fn save(mut self, store: &Store, ctx: &Context, customer: Customer) -> Result<Edited> {
        let by = match store.settings() {
            Ok(settings) => acting_person(&settings, ctx, None)?.map(|m| m.id.clone()),
            Err(_) => None,
        };
        let changes = customer_history::changes(&self.located.record, &customer, ctx.now(), &by.unwrap_or_default());
        let mut tx = store.transaction();
        tx.update(&self.located, &customer)?;
        tx.append(&changes)?;
        tx.commit()?;
        self.index.after_replace(store, self.row, &customer)?;
        Ok(Edited {
            customer,
            changed: true,
        })
    }
}

/// Changes to a customer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// New field values.
    pub fields: Fields,
    /// Tags to add.
    pub add_tags: Vec<String>,
    /// Tags to remove.
    pub remove_tags: Vec<String>,
    /// The whole tag list, replacing the old one (from the editor).
    pub set_tags: Option<Vec<String>>,
}

/// The outcome of an edit.
#[derive(Debug, Clone)]
pub struct Edited {
    /// The customer as it is now.
    pub customer: Customer,
    /// Whether anything changed (nothing is written otherwise).
    pub changed: bool,
}

/// Applies `changes` to the customer `reference` names and rewrites the table atomically.
///
/// `expected`, when given, is the record as the caller saw it; if it changed since (another
/// command ran while an editor was open), nothing is written.
pub fn edit(
    store: &Store,
    ctx: &Context,
    reference: &str,
    changes: Changes,
    expected: Option<&Customer>,
) -> Result<Edited> {
    let settings = store.settings()?;
    let found = Found::of(store, reference)?;
    let before = &found.located.record;
    if let Some(expected) = expected
        && before != expected
    {
        return Err(Error::External(
            t!(
                "customer.changed_meanwhile",
                id = before.id,
                updated = format_time(&before.updated)
            )
            .into_owned(),
        ));
    }
    let mut edited = before.clone();
    let customer = &mut edited;
    apply(customer, &settings, changes.fields)?;
    if let Some(tags) = changes.set_tags {
        customer.tags.clear();
        for tag in tags {
            add_tag(customer, &tag)?;
        }
    }
    for tag in &changes.add_tags {
        add_tag(customer, tag)?;
    }
    for tag in &changes.remove_tags {
        let tag = tag.trim();
        if !customer.tags.iter().any(|t| t == tag) {
            return Err(Error::invalid(
                "--remove-tag",
                t!("customer.no_tag", id = customer.id, tag = tag),
            ));
        }
        customer.tags.retain(|t| t != tag);
    }
    if customer == before {
        return Ok(Edited {
            customer: edited,
            changed: false,
        });
    }
    customer.updated = ctx.now().max(before.updated);
    validate(customer, Some(before), &settings)?;
    found.save(store, ctx, edited)
}

/// Archives the customer (or, with `undo`, brings it back to the default lists).
pub fn archive(store: &Store, ctx: &Context, reference: &str, undo: bool) -> Result<Edited> {
    let found = Found::of(store, reference)?;
    let mut customer = found.located.record.clone();
    if customer.is_archived() != undo {
        return Ok(Edited {
            customer,
            changed: false,
        });
    }
    customer.archived = if undo { None } else { Some(ctx.now()) };
    customer.updated = ctx.now().max(customer.updated);
    found.save(store, ctx, customer)
}

/// The fields a user may change in the editor, in the order they are shown.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditForm {
    name: String,
    class: String,
    status: String,
    owner: String,
    center: String,
    contact: String,
    phone: String,
    email: String,
    address: String,
    region: String,
    tags: Vec<String>,
    source: String,
    note: String,
}

/// The customer as TOML for `$EDITOR`, with a comment on how to use it.
pub fn to_editable(customer: &Customer) -> String {
    let form = EditForm {
        name: customer.name.clone(),
        class: customer.class.clone(),
        status: customer.status.to_string(),
        owner: customer.owner.clone().unwrap_or_default(),
        center: customer.center.clone().unwrap_or_default(),
        contact: customer.contact.clone(),
        phone: customer.phone.clone(),
        email: customer.email.clone(),
        address: customer.address.clone(),
        region: customer.region.clone(),
        tags: customer.tags.clone(),
        source: customer.source.clone(),
        note: customer.note.clone(),
    };
    let body = toml::to_string(&form).expect("an edit form serializes");
    let comment = t!(
        "customer.editor_form",
        id = customer.id,
        created = format_time(&customer.created)
    );
    format!("{comment}{body}")
}

/// Reads what the user saved in the editor as changes to `customer`; `None` if they emptied
/// the file to cancel.
pub fn from_editable(text: &str) -> Result<Option<Changes>> {
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(None);
    }
    let form: EditForm = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
        let at = line.map(|l| t!("common.editor_line", line = l)).unwrap_or_default();
        Error::invalid(t!("customer.edited_record"), format!("{at}{}", e.message().trim()))
    })?;
    let status = form.status.parse::<Status>().map_err(|e| Error::invalid("status", e))?;
    Ok(Some(Changes {
        fields: Fields {
            class: Some(form.class),
            status: Some(status),
            owner: Some(form.owner),
            center: Some(form.center),
            text: vec![
                ("name", form.name),
                ("contact", form.contact),
                ("phone", form.phone),
                ("email", form.email),
                ("address", form.address),
                ("region", form.region),
                ("source", form.source),
                ("note", form.note),
            ],
        },
        set_tags: Some(form.tags),
        ..Changes::default()
    }))
}

/// Sets the fields that are given; the caller validates the result.
fn apply(customer: &mut Customer, settings: &Settings, fields: Fields) -> Result<()> {
    if let Some(class) = &fields.class {
        customer.class = resolve_class(settings, class)?;
    }
    if let Some(status) = fields.status {
        customer.status = status;
    }
    if let Some(owner) = fields.owner {
        customer.owner = nonempty(Some(owner));
    }
    if let Some(center) = fields.center {
        customer.center = nonempty(Some(center));
    }
    for (column, value) in fields.text {
        set_text(customer, column, value);
    }
    Ok(())
}

fn set_text(customer: &mut Customer, column: &str, value: String) {
    let slot = match column {
        "name" => &mut customer.name,
        "contact" => &mut customer.contact,
        "phone" => &mut customer.phone,
        "email" => &mut customer.email,
        "address" => &mut customer.address,
        "region" => &mut customer.region,
        "source" => &mut customer.source,
        "note" => &mut customer.note,
        other => unreachable!("not a text column: {other}"),
    };
    // A note keeps its line breaks and indentation; other fields lose stray spaces.
    *slot = if column == "note" {
        value
    } else {
        value.trim().to_string()
    };
}

fn add_tag(customer: &mut Customer, tag: &str) -> Result<()> {
    let tag = tag.trim();
    check_tag(tag).map_err(|message| Error::invalid("--tag", message))?;
    if !customer.tags.iter().any(|t| t == tag) {
        customer.tags.push(tag.to_string());
    }
    Ok(())
}

/// Refuses a record that breaks a rule; when editing, only for problems the edit brings in, so
/// a record that was already wrong (an owner since removed from cs.toml) can still be mended.
fn validate(customer: &Customer, before: Option<&Customer>, settings: &Settings) -> Result<()> {
    let old_problems = before.map(|b| b.problems(settings)).unwrap_or_default();
    match customer
        .problems(settings)
        .into_iter()
        .find(|p| !old_problems.contains(p))
    {
        None => Ok(()),
        Some((field, message)) => {
            let hint = match field {
                "owner" => Some(t!("customer.owner_hint")),
                "center" => Some(t!("customer.center_hint")),
                _ => None,
            };
            Err(Error::Invalid {
                field: field.to_string(),
                message,
                hint: hint.map(Cow::into_owned),
            })
        }
    }
}

fn resolve_class(settings: &Settings, input: &str) -> Result<String> {
    settings.class_named(input).map(str::to_string).ok_or_else(|| {
        Error::invalid_with_hint(
            "class",
            t!("customer.no_such_class", class = input),
            t!("customer.unknown_class_hint", classes = settings.class_list()),
        )
    })
}

fn staff_exists(settings: &Settings, flag: &str, id: &str) -> Result<()> {
    match settings.staff_member(id) {
        Some(_) => Ok(()),
        None => Err(Error::invalid_with_hint(
            flag,
            t!("common.not_staff", id = id).into_owned() + &crate::model::suggest::staff(settings, id),
            t!("customer.staff_list_hint"),
        )),
    }
}

fn center_exists(settings: &Settings, flag: &str, id: &str) -> Result<()> {
    match settings.center(id) {
        Some(_) => Ok(()),
        None => Err(Error::invalid_with_hint(
            flag,
            t!("common.not_center", id = id),
            t!("customer.center_list_hint"),
        )),
    }
}

fn nonempty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}
