//! `cs customer`: parsing the flags into [`commands::customer`] calls and printing the results.

use std::borrow::Cow;
use std::io::Write;

use clap::{Args, Subcommand};
use rust_i18n::t;

use super::{Env, editor, guide, note};
use crate::commands::customer::{self as logic, Changes, CustomerDetail, Fields, Filter, NewCustomer};
use crate::error::Error;
use crate::i18n;
use crate::model::customer::{Customer, Status};
use crate::output::{self, Format, Listable};
use crate::store::customer_history::{ChangeCol, CustomerChange};
use crate::store::lock::LockKind;

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Add a customer and print its new id
    Add(AddArgs),
    /// List customers (archived ones only with --all)
    List(ListArgs),
    /// Show one customer
    Show(ShowArgs),
    /// Change a customer with flags, or in $VISUAL / $EDITOR when no flag is given
    Edit(EditArgs),
    /// Archive a customer (hide it from lists; it stays in the files), or undo that
    Archive(ArchiveArgs),
}

/// The fields every customer has, shared by `add` and `edit`.
#[derive(Debug, Args, Default)]
pub struct FieldArgs {
    /// Class (A, B, C or another class defined in cs.toml; "A类" works too)
    #[arg(long)]
    class: Option<String>,
    /// prospect, active, dormant or lost (潜在客户, 活跃, 休眠, 流失)
    #[arg(long, value_parser = parse_status)]
    status: Option<Status>,
    /// The owning consultant's staff id
    #[arg(long)]
    owner: Option<String>,
    /// The distribution center's id
    #[arg(long)]
    center: Option<String>,
    /// Contact person (联系人)
    #[arg(long)]
    contact: Option<String>,
    /// Phone (联系电话)
    #[arg(long)]
    phone: Option<String>,
    /// Email address
    #[arg(long)]
    email: Option<String>,
    /// Address (地址)
    #[arg(long)]
    address: Option<String>,
    /// Region (区域)
    #[arg(long)]
    region: Option<String>,
    /// How the customer was found (展会, 转介绍, ...)
    #[arg(long)]
    source: Option<String>,
    /// A free note
    #[arg(long)]
    note: Option<String>,
}

impl FieldArgs {
    /// The values given, with the new name when there is one.
    fn into_fields(self, name: Option<String>) -> Fields {
        let text = [
            ("name", name),
            ("contact", self.contact),
            ("phone", self.phone),
            ("email", self.email),
            ("address", self.address),
            ("region", self.region),
            ("source", self.source),
            ("note", self.note),
        ]
        .into_iter()
        .filter_map(|(column, value)| value.map(|v| (column, v)))
        .collect();
        Fields {
            class: self.class,
            status: self.status,
            owner: self.owner,
            center: self.center,
            text,
        }
    }
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Customer name (客户名称) [asked on a terminal when left out, with the other fields]
    #[arg(long)]
    name: Option<String>,
    /// Keep this code (the company's own customer number) as the id instead of generating one
    #[arg(long, value_name = "CODE")]
    id: Option<String>,
    #[command(flatten)]
    fields: FieldArgs,
    /// A tag; repeat for several
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Add even if a customer with the same name and phone exists
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this class
    #[arg(long)]
    class: Option<String>,
    /// Only this status
    #[arg(long, value_parser = parse_status)]
    status: Option<Status>,
    /// Only customers of this consultant (staff id)
    #[arg(long)]
    owner: Option<String>,
    /// Only customers of this distribution center (center id)
    #[arg(long)]
    center: Option<String>,
    /// Only this region
    #[arg(long)]
    region: Option<String>,
    /// Only customers with this tag; repeat to require several
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Text to find in name, contact, phone or note (ignores case)
    #[arg(long, short = 's', value_name = "TEXT")]
    search: Option<String>,
    /// Include archived customers
    #[arg(long, short = 'a')]
    all: bool,
    /// Sort by this column (name, class, status, owner, created, updated, ...)
    #[arg(long, value_name = "FIELD")]
    sort: Option<String>,
    /// Reverse the order
    #[arg(long, short = 'r')]
    reverse: bool,
    /// Show at most N customers
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Id, unique id prefix, or exact name
    #[arg(value_name = "REF")]
    reference: String,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Id, unique id prefix, or exact name
    #[arg(value_name = "REF")]
    reference: String,
    /// New name
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    fields: FieldArgs,
    /// Add a tag; repeat for several
    #[arg(long = "add-tag", value_name = "TAG")]
    add_tags: Vec<String>,
    /// Remove a tag; repeat for several
    #[arg(long = "remove-tag", value_name = "TAG")]
    remove_tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// Id, unique id prefix, or exact name
    #[arg(value_name = "REF")]
    reference: String,
    /// Bring an archived customer back
    #[arg(long)]
    undo: bool,
}

impl ListArgs {
    /// The filter these flags ask for, shared by `customer list` and `export customers`.
    pub fn into_filter(self) -> Filter {
        Filter {
            class: self.class,
            status: self.status,
            owner: self.owner,
            center: self.center,
            region: self.region,
            tags: self.tags,
            search: self.search,
            include_archived: self.all,
            sort: self.sort,
            reverse: self.reverse,
            limit: self.limit,
        }
    }
}

fn parse_status(text: &str) -> Result<Status, String> {
    text.parse()
}

pub fn run(env: &Env, command: CustomerCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        CustomerCommand::Add(mut args) => {
            let fields = &mut args.fields;
            let mut draft = guide::CustomerDraft {
                name: args.name.take(),
                class: fields.class.take(),
                owner: fields.owner.take(),
                center: fields.center.take(),
                contact: fields.contact.take(),
                phone: fields.phone.take(),
            };
            let name = guide::customer(env, &mut draft)?;
            (fields.class, fields.owner, fields.center) = (draft.class, draft.owner, draft.center);
            (fields.contact, fields.phone) = (draft.contact, draft.phone);
            let store = env.open(LockKind::Exclusive)?;
            let new = NewCustomer {
                id: args.id,
                name,
                fields: args.fields.into_fields(None),
                tags: args.tags,
                force: args.force,
            };
            let customer = logic::add(&store, &env.ctx, new)?;
            writeln!(out, "{}", customer.id)?;
        }
        CustomerCommand::List(args) => {
            let store = env.open(LockKind::Shared)?;
            let customers = logic::list(&store, &args.into_filter())?;
            output::list(out, env.format, &customers, env.width)?;
        }
        CustomerCommand::Show(args) => {
            let store = env.open(LockKind::Shared)?;
            let detail = match logic::show_detail(&store, &args.reference, env.ctx.today()) {
                // A reference that matches nothing is picked from the closest on a terminal.
                Err(Error::NotFound { what: "customer", .. }) if env.can_ask => {
                    drop(store);
                    let id = guide::pick_customer(env, &args.reference)?.expect("questions may be asked");
                    logic::show_detail(&env.open(LockKind::Shared)?, &id, env.ctx.today())?
                }
                other => other?,
            };
            print_detail(out, env, &detail)?;
        }
        CustomerCommand::Edit(args) => edit(env, args, out)?,
        CustomerCommand::Archive(args) => {
            let store = env.open(LockKind::Exclusive)?;
            let outcome = logic::archive(&store, &env.ctx, &args.reference, args.undo)?;
            let id = &outcome.customer.id;
            match (outcome.changed, args.undo) {
                (true, false) => note(t!("customer.archived", id = id)),
                (true, true) => note(t!("customer.unarchived", id = id)),
                (false, false) => note(t!("customer.already_archived", id = id)),
                (false, true) => note(t!("customer.not_archived", id = id)),
            }
        }
    }
    Ok(())
}

fn edit(env: &Env, args: EditArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let changes = Changes {
        fields: args.fields.into_fields(args.name),
        add_tags: args.add_tags,
        remove_tags: args.remove_tags,
        set_tags: None,
    };
    let outcome = if changes != Changes::default() {
        let store = env.open(LockKind::Exclusive)?;
        logic::edit(&store, &env.ctx, &args.reference, changes, None)?
    } else {
        let Some(edit) = editor::edit_in_editor(
            env,
            &args.reference,
            |store, reference| logic::show(store, reference).map(|c| (c.id.clone(), c)),
            logic::to_editable,
            logic::from_editable,
        )?
        else {
            return Ok(());
        };
        let store = env.open(LockKind::Exclusive)?;
        match logic::edit(&store, &env.ctx, &edit.original.id, edit.changes, Some(&edit.original)) {
            Ok(outcome) => outcome,
            Err(e) => return Err(edit.file.keep(e)),
        }
    };
    if outcome.changed {
        output::one(out, env.format, &outcome.customer, env.width)?;
    } else {
        note(t!("editor.nothing_changed", id = outcome.customer.id));
    }
    Ok(())
}

/// `customer show`: every field, then the latest visits and when the next one is due.
fn print_detail(out: &mut dyn Write, env: &Env, detail: &CustomerDetail) -> std::io::Result<()> {
    match env.format {
        Format::Table | Format::Md | Format::Html | Format::Jsonl | Format::Xlsx => {
            output::one(out, env.format, &detail.customer, env.width)?;
            let visits = &detail.visits;
            writeln!(out)?;
            let next = match &visits.due {
                Some(due) if due.days_overdue > 0 => {
                    t!("customer.due_overdue", due = due.due, days = due.days_overdue)
                }
                Some(due) if due.days_overdue == 0 => t!("customer.due_today", due = due.due),
                Some(due) => t!("customer.due_in", due = due.due, days = -due.days_overdue),
                None if detail.customer.is_archived() => t!("customer.not_followed_archived"),
                None => t!("customer.not_followed_lost"),
            };
            writeln!(out, "{next}")?;
            if visits.latest.is_empty() {
                writeln!(out, "{}", t!("customer.no_visits"))?;
            } else {
                let latest = t!(
                    "customer.latest_visits",
                    shown = visits.latest.len(),
                    total = visits.total,
                    id = detail.customer.id
                );
                writeln!(out, "{latest}")?;
                output::list(out, env.format, &visits.latest, env.width)?;
            }
            if !detail.complaints.is_empty() {
                let heading = t!(
                    "customer.complaints",
                    count = detail.complaints.len(),
                    id = detail.customer.id
                );
                writeln!(out, "\n{heading}")?;
                output::list(out, env.format, &detail.complaints, env.width)?;
            }
            if !detail.shipments.is_empty() {
                let heading = t!(
                    "customer.shipments",
                    count = detail.shipments.len(),
                    id = detail.customer.id
                );
                writeln!(out, "\n{heading}")?;
                output::list(out, env.format, &detail.shipments, env.width)?;
            }
            if !detail.history.is_empty() {
                writeln!(out, "\n{}", t!("customer.history", count = detail.history.len()))?;
                output::list(out, env.format, &detail.history, env.width)?;
            }
            Ok(())
        }
        Format::Csv | Format::Json => output::one(out, env.format, detail, env.width),
    }
}

impl Listable for CustomerDetail {
    const KIND: &'static str = "customer";
    const TABLE_COLUMNS: &'static [&'static str] = Customer::TABLE_COLUMNS;
    const ALL_COLUMNS: &'static [&'static str] = &[
        "id",
        "name",
        "class",
        "status",
        "owner",
        "center",
        "contact",
        "phone",
        "email",
        "address",
        "region",
        "tags",
        "source",
        "note",
        "created",
        "updated",
        "archived",
        "visits",
        "last_visit",
        "next_due",
    ];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        let visits = &self.visits;
        match column {
            "visits" => visits.total.to_string().into(),
            "last_visit" => visits
                .latest
                .first()
                .map(|v| v.date.to_string())
                .unwrap_or_default()
                .into(),
            "next_due" => visits
                .due
                .as_ref()
                .map(|d| d.due.to_string())
                .unwrap_or_default()
                .into(),
            other => self.customer.cell(other),
        }
    }
}

impl Listable for CustomerChange {
    const KIND: &'static str = "customer_change";
    const TABLE_COLUMNS: &'static [&'static str] = &["at", "by", "field", "from", "to"];
    const ALL_COLUMNS: &'static [&'static str] = ChangeCol::NAMES;

    fn cell(&self, column: &str) -> Cow<'_, str> {
        ChangeCol::from_name(column).map_or(Cow::Borrowed(""), |c| self.field(c))
    }

    /// The field by its header, and a status by its word, as people read them.
    fn table_cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "at" => self.at.format("%Y-%m-%d %H:%M").to_string().into(),
            "field" => Cow::Owned(i18n::column("customer", &self.field).into_owned()),
            "from" | "to" if self.field == "status" => {
                let value = if column == "from" { &self.from } else { &self.to };
                Cow::Owned(i18n::value("status", value).into_owned())
            }
            other => self.cell(other),
        }
    }
}
