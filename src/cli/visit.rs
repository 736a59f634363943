//! `cs visit`: parsing the flags into [`commands::visit`](crate::commands::visit) calls and
//! printing the results.

use std::borrow::Cow;
use std::io::Write;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rust_i18n::t;

use super::{Env, guide, note};
use crate::commands::visit::{self as logic, NewVisit, SurveyResults, VisitChanges, VisitFilter, VisitRow};
use crate::error::Error;
use crate::model::dates;
use crate::model::due::{Due, DueFilter};
use crate::model::survey;
use crate::model::visit::{Channel, Purpose, Visit};
use crate::output::{self, Format, Listable};
use crate::store::lock::LockKind;
use crate::store::table::format_date;
use crate::store::visits::VisitCol;

#[derive(Debug, Subcommand)]
pub enum VisitCommand {
    /// Log a follow-up visit (回访) and print its new id
    Add(AddArgs),
    /// List visits, newest first
    List(ListArgs),
    /// Show one visit
    Show(ShowArgs),
    /// Fix a visit with flags, or in $VISUAL / $EDITOR when no flag is given
    Edit(EditArgs),
    /// List the customers due for a follow-up visit, most overdue first
    Due(DueArgs),
    /// Results of a survey: answers per question, means, NPS, choices and text answers
    Survey(SurveyArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The customer: id, unique id prefix, or exact name [asked on a terminal when left out]
    customer: Option<String>,
    /// sms, phone or onsite (短信, 电话, 上门) [asked on a terminal when left out]
    #[arg(long, short = 'c')]
    channel: Option<Channel>,
    /// routine, survey or satisfaction (常规, 问卷, 满意度) [asked on a terminal when left out]
    #[arg(long, short = 'p')]
    purpose: Option<Purpose>,
    /// The day of the visit [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    date: Option<String>,
    /// Who made the visit (staff id or name) [default: $CS_USER, else the customer's owner]
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
    /// Satisfaction score, 1 to 5 (满意度)
    #[arg(long, value_parser = survey::score)]
    score: Option<u8>,
    /// Likelihood to recommend, 0 to 10
    #[arg(long, value_parser = survey::nps)]
    nps: Option<u8>,
    /// A routine topic covered (from [visits] routine_topics); repeat for several
    #[arg(long = "topic", value_name = "TOPIC")]
    topics: Vec<String>,
    /// The survey asked (a [[survey]] id in cs.toml)
    #[arg(long, value_name = "ID")]
    survey: Option<String>,
    /// A survey answer; repeat for each question answered
    #[arg(long = "answer", value_name = "KEY=VALUE")]
    answers: Vec<String>,
    /// What was said
    #[arg(long, short = 'm', default_value = "")]
    summary: String,
    /// The next follow-up date agreed with the customer (下次回访)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    next: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only visits to this customer (id, unique id prefix, or exact name)
    #[arg(long, value_name = "REF")]
    customer: Option<String>,
    /// Only visits made by this staff member
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
    /// Only this channel
    #[arg(long, short = 'c')]
    channel: Option<Channel>,
    /// Only this purpose
    #[arg(long, short = 'p')]
    purpose: Option<Purpose>,
    /// Only visits on or after this day
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    from: Option<String>,
    /// Only visits on or before this day
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    to: Option<String>,
    /// Only visits that asked this survey
    #[arg(long, value_name = "ID")]
    survey: Option<String>,
    /// Show at most N visits (the newest)
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The visit's id, or any unique start of it
    #[arg(value_name = "ID")]
    id: String,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The visit's id, or any unique start of it
    #[arg(value_name = "ID")]
    id: String,
    /// Move the visit to another customer
    #[arg(long, value_name = "REF")]
    customer: Option<String>,
    /// The day of the visit
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    date: Option<String>,
    /// sms, phone or onsite
    #[arg(long, short = 'c')]
    channel: Option<Channel>,
    /// routine, survey or satisfaction
    #[arg(long, short = 'p')]
    purpose: Option<Purpose>,
    /// Who made the visit
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
    /// Satisfaction score 1 to 5 ('' clears it)
    #[arg(long, value_name = "N")]
    score: Option<String>,
    /// Likelihood to recommend 0 to 10 ('' clears it)
    #[arg(long, value_name = "N")]
    nps: Option<String>,
    /// The topics covered, replacing the old list; repeat for several ('' clears them)
    #[arg(long = "topic", value_name = "TOPIC")]
    topics: Vec<String>,
    /// The survey asked ('' clears it)
    #[arg(long, value_name = "ID")]
    survey: Option<String>,
    /// Set a survey answer (KEY= removes it); repeat for several
    #[arg(long = "answer", value_name = "KEY=VALUE")]
    answers: Vec<String>,
    /// What was said
    #[arg(long, short = 'm')]
    summary: Option<String>,
    /// The next follow-up date ('' clears it)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    next: Option<String>,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// The day to compute for [default: today]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    as_of: Option<String>,
    /// Also list customers due within this many days after it
    #[arg(long, value_name = "DAYS", default_value_t = 0)]
    within: u32,
    /// Only customers of this consultant
    #[arg(long, value_name = "STAFF")]
    owner: Option<String>,
    /// Only this class
    #[arg(long)]
    class: Option<String>,
    /// Only customers of this distribution center
    #[arg(long, value_name = "ID")]
    center: Option<String>,
    /// Include prospects (潜在客户) being developed
    #[arg(long)]
    prospects: bool,
}

#[derive(Debug, Args)]
pub struct SurveyArgs {
    /// The survey's id (a [[survey]] in cs.toml)
    id: String,
    /// Count visits on or after this day
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    from: Option<String>,
    /// Count visits on or before this day
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    to: Option<String>,
}

impl ListArgs {
    /// The filter these flags ask for, shared by `visit list` and `export visits`.
    pub fn into_filter(self, env: &Env) -> Result<VisitFilter, Error> {
        Ok(VisitFilter {
            from: date_flag(env, "--from", self.from.as_deref())?,
            to: date_flag(env, "--to", self.to.as_deref())?,
            customer: self.customer,
            by: self.by,
            channel: self.channel,
            purpose: self.purpose,
            survey: self.survey,
            limit: self.limit,
        })
    }
}

/// A number flag where an empty value clears the field.
fn clearable_number(
    flag: &str,
    text: Option<&str>,
    parse: fn(&str) -> Result<u8, String>,
) -> Result<Option<Option<u8>>, Error> {
    match text {
        None => Ok(None),
        Some(t) if t.trim().is_empty() => Ok(Some(None)),
        Some(t) => parse(t).map(|n| Some(Some(n))).map_err(|e| Error::invalid(flag, e)),
    }
}

/// A date flag, read with the command's clock.
fn date_flag(env: &Env, flag: &str, text: Option<&str>) -> Result<Option<NaiveDate>, Error> {
    text.map(|t| dates::parse_date(t, env.ctx.now()).map_err(|e| Error::invalid(flag, e)))
        .transpose()
}

/// A date flag where an empty value clears the field.
fn clearable_date(env: &Env, flag: &str, text: Option<&str>) -> Result<Option<Option<NaiveDate>>, Error> {
    match text {
        None => Ok(None),
        Some(t) if t.trim().is_empty() => Ok(Some(None)),
        Some(t) => date_flag(env, flag, Some(t)).map(Some),
    }
}

pub fn run(env: &Env, command: VisitCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        VisitCommand::Add(args) => {
            let (date, next) = (
                date_flag(env, "--date", args.date.as_deref())?,
                date_flag(env, "--next", args.next.as_deref())?,
            );
            let mut draft = guide::VisitDraft {
                customer: args.customer,
                channel: args.channel,
                purpose: args.purpose,
                score: args.score,
                topics: args.topics,
                survey: args.survey,
                answers: args.answers,
                summary: args.summary,
            };
            let ready = guide::visit(env, &mut draft)?;
            let new = |customer: String| NewVisit {
                date,
                next,
                customer,
                channel: ready.channel,
                purpose: ready.purpose,
                by: args.by.clone(),
                score: draft.score,
                nps: args.nps,
                topics: draft.topics.clone(),
                survey: draft.survey.clone(),
                answers: draft.answers.clone(),
                summary: draft.summary.clone(),
            };
            let added = logic::add(&env.open(LockKind::Exclusive)?, &env.ctx, new(ready.customer.clone()));
            let visit = match added {
                // A customer that matches nothing is picked from the closest on a terminal.
                Err(Error::NotFound { what: "customer", .. }) if env.can_ask => {
                    let customer = guide::pick_customer(env, &ready.customer)?.expect("questions may be asked");
                    logic::add(&env.open(LockKind::Exclusive)?, &env.ctx, new(customer))?
                }
                other => other?,
            };
            writeln!(out, "{}", visit.id)?;
        }
        VisitCommand::List(args) => {
            let filter = args.into_filter(env)?;
            let store = env.open(LockKind::Shared)?;
            if env.format == Format::Csv {
                // A quarter of a large table is printed as it is read, never all in memory.
                let mut csv = output::CsvList::<VisitRow>::start(out)?;
                logic::list_each(&store, &filter, &mut |visit| {
                    csv.row(&visit).map_err(|e| Error::io("stdout", e))
                })?;
                csv.finish()?;
            } else {
                let visits = logic::list(&store, &filter)?;
                output::list(out, env.format, &visits, env.width)?;
            }
        }
        VisitCommand::Show(args) => {
            let store = env.open(LockKind::Shared)?;
            let visit = logic::show(&store, &args.id)?;
            output::one(out, env.format, &visit, env.width)?;
        }
        VisitCommand::Edit(args) => edit(env, args, out)?,
        VisitCommand::Due(args) => {
            let filter = DueFilter {
                as_of: date_flag(env, "--as-of", args.as_of.as_deref())?.unwrap_or(env.ctx.today()),
                within: args.within,
                owner: args.owner,
                class: args.class,
                center: args.center,
                prospects: args.prospects,
            };
            let store = env.open(LockKind::Shared)?;
            let due = logic::due(&store, filter)?;
            output::list(out, env.format, &due, env.width)?;
        }
        VisitCommand::Survey(args) => {
            let from = date_flag(env, "--from", args.from.as_deref())?;
            let to = date_flag(env, "--to", args.to.as_deref())?;
            let store = env.open(LockKind::Shared)?;
            let results = logic::results(&store, &args.id, from, to)?;
            print_survey(out, env.format, &results, env.width)?;
        }
    }
    Ok(())
}

fn edit(env: &Env, args: EditArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let changes = VisitChanges {
        customer: args.customer,
        date: date_flag(env, "--date", args.date.as_deref())?,
        channel: args.channel,
        purpose: args.purpose,
        by: args.by,
        score: clearable_number("--score", args.score.as_deref(), survey::score)?,
        nps: clearable_number("--nps", args.nps.as_deref(), survey::nps)?,
        topics: (!args.topics.is_empty()).then(|| args.topics.into_iter().filter(|t| !t.trim().is_empty()).collect()),
        survey: args.survey.map(|s| Some(s).filter(|s| !s.trim().is_empty())),
        answers: args.answers,
        set_answers: None,
        summary: args.summary,
        next: clearable_date(env, "--next", args.next.as_deref())?,
    };
    let outcome = if changes == VisitChanges::default() {
        let Some(edit) = super::editor::edit_in_editor(
            env,
            &args.id,
            |store, id| logic::show(store, id).map(|row| (row.visit.id.clone(), row.visit)),
            logic::to_editable,
            |text| logic::from_editable(text, env.ctx.now()),
        )?
        else {
            return Ok(());
        };
        let store = env.open(LockKind::Exclusive)?;
        match logic::edit(&store, &env.ctx, &edit.original.id, edit.changes, Some(&edit.original)) {
            Ok(outcome) => outcome,
            Err(e) => return Err(edit.file.keep(e)),
        }
    } else {
        let store = env.open(LockKind::Exclusive)?;
        logic::edit(&store, &env.ctx, &args.id, changes, None)?
    };
    if outcome.changed {
        output::one(out, env.format, &outcome.visit, env.width)?;
    } else {
        note(t!("editor.nothing_changed", id = outcome.visit.id));
    }
    Ok(())
}

impl Listable for VisitRow {
    const KIND: &'static str = "visit";
    const TABLE_COLUMNS: &'static [&'static str] = &[
        "id",
        "date",
        "customer_name",
        "channel",
        "purpose",
        "by",
        "score",
        "nps",
        "summary",
    ];
    const ALL_COLUMNS: &'static [&'static str] = &[
        "id",
        "customer",
        "customer_name",
        "date",
        "channel",
        "purpose",
        "by",
        "score",
        "nps",
        "topics",
        "answers",
        "survey",
        "summary",
        "next",
        "created",
    ];
    const UNWRAPPED: &'static [&'static str] = &["id", "date", "customer_name"];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        match column {
            "customer_name" => Cow::Borrowed(&self.customer_name),
            other => VisitCol::from_name(other)
                .map(|c| self.visit.field(c))
                .unwrap_or_default(),
        }
    }
}

impl Listable for Visit {
    const KIND: &'static str = "visit";
    const TABLE_COLUMNS: &'static [&'static str] = &["id", "date", "channel", "purpose", "by", "score", "summary"];
    const ALL_COLUMNS: &'static [&'static str] = VisitCol::NAMES;

    fn cell(&self, column: &str) -> Cow<'_, str> {
        VisitCol::from_name(column).map(|c| self.field(c)).unwrap_or_default()
    }
}

impl Listable for Due {
    const KIND: &'static str = "due";
    // What to do first, then why: on a narrow screen the rightmost columns are left out.
    const TABLE_COLUMNS: &'static [&'static str] = &[
        "customer",
        "name",
        "due",
        "days_overdue",
        "owner",
        "class",
        "last_visit",
        "last_channel",
    ];
    const ALL_COLUMNS: &'static [&'static str] = &[
        "customer",
        "name",
        "owner",
        "class",
        "center",
        "status",
        "last_visit",
        "last_channel",
        "due",
        "days_overdue",
    ];
    const UNWRAPPED: &'static [&'static str] = &["customer", "name", "last_visit", "due"];

    fn cell(&self, column: &str) -> Cow<'_, str> {
        fn text(v: &Option<String>) -> Cow<'_, str> {
            Cow::Borrowed(v.as_deref().unwrap_or(""))
        }
        match column {
            "customer" => Cow::Borrowed(&self.customer),
            "name" => Cow::Borrowed(&self.name),
            "owner" => text(&self.owner),
            "class" => Cow::Borrowed(&self.class),
            "center" => text(&self.center),
            "status" => Cow::Borrowed(self.status.as_str()),
            "last_visit" => self.last_visit.map(format_date).unwrap_or_default().into(),
            "last_channel" => Cow::Borrowed(self.last_channel.map_or("", |c| c.as_str())),
            "due" => format_date(self.due).into(),
            "days_overdue" => self.days_overdue.to_string().into(),
            _ => Cow::Borrowed(""),
        }
    }
}

/// Survey results: per question a line of figures and then its choices or text answers (a
/// table); one row per figure (CSV); the whole structure (JSON).
fn print_survey(
    out: &mut dyn Write,
    format: Format,
    results: &SurveyResults,
    width: Option<u16>,
) -> std::io::Result<()> {
    let fixed = |v: Option<f64>, places: usize| v.map(|v| format!("{v:.places$}")).unwrap_or_else(|| "–".into());
    match format {
        Format::Json => output::write_json(out, results),
        Format::Csv => {
            let mut rows = Vec::new();
            for q in &results.questions {
                let mut row = |measure: &str, count: String, value: String, customer: &str, date: String| {
                    rows.push(vec![
                        q.key.clone(),
                        q.kind.to_string(),
                        measure.to_string(),
                        count,
                        value,
                        customer.to_string(),
                        date,
                    ]);
                };
                row("answers", q.answers.to_string(), String::new(), "", String::new());
                if let Some(mean) = q.mean {
                    row("mean", q.answers.to_string(), format!("{mean:.2}"), "", String::new());
                }
                if let Some(nps) = q.nps {
                    row("nps", q.answers.to_string(), format!("{nps:.1}"), "", String::new());
                }
                for (measure, count) in [
                    ("promoters", q.promoters),
                    ("passives", q.passives),
                    ("detractors", q.detractors),
                ] {
                    if let Some(count) = count {
                        row(measure, count.to_string(), String::new(), "", String::new());
                    }
                }
                for choice in &q.choices {
                    row(
                        "choice",
                        choice.count.to_string(),
                        choice.choice.clone(),
                        "",
                        String::new(),
                    );
                }
                for text in &q.texts {
                    row(
                        "text",
                        String::new(),
                        text.answer.clone(),
                        &text.customer,
                        text.date.to_string(),
                    );
                }
            }
            output::write_csv(
                out,
                "survey",
                &["question", "kind", "measure", "count", "value", "customer", "date"],
                rows.into_iter(),
            )
        }
        Format::Table | Format::Md | Format::Html | Format::Jsonl | Format::Xlsx => {
            let period = match (results.from, results.to) {
                (None, None) => t!("visit.survey.all_visits"),
                (Some(from), Some(to)) => t!("visit.survey.from_to", from = from, to = to),
                (Some(from), None) => t!("visit.survey.from", from = from),
                (None, Some(to)) => t!("visit.survey.to", to = to),
            };
            let heading = t!(
                "visit.survey.heading",
                survey = results.survey,
                title = results.title,
                visits = results.visits,
                period = period
            );
            writeln!(out, "{heading}")?;
            for q in &results.questions {
                writeln!(out)?;
                let kind = match q.kind {
                    survey::QuestionKind::Score => t!("visit.survey.kind.score"),
                    survey::QuestionKind::Nps => t!("visit.survey.kind.nps"),
                    survey::QuestionKind::Choice => t!("visit.survey.kind.choice"),
                    survey::QuestionKind::Text => t!("visit.survey.kind.text"),
                };
                let question = t!("visit.survey.question", key = q.key, kind = kind, text = q.text);
                writeln!(out, "{question}")?;
                let answers = if q.answers == 1 {
                    t!("visit.survey.answers_one", count = q.answers)
                } else {
                    t!("visit.survey.answers_other", count = q.answers)
                };
                let figures = match q.kind {
                    survey::QuestionKind::Score => {
                        t!("visit.survey.score_figures", answers = answers, mean = fixed(q.mean, 2))
                    }
                    survey::QuestionKind::Nps => t!(
                        "visit.survey.nps_figures",
                        answers = answers,
                        nps = fixed(q.nps, 1),
                        promoters = q.promoters.unwrap_or(0),
                        passives = q.passives.unwrap_or(0),
                        detractors = q.detractors.unwrap_or(0),
                        mean = fixed(q.mean, 2)
                    ),
                    _ => answers,
                };
                writeln!(out, "  {figures}")?;
                if !q.choices.is_empty() {
                    let rows = q.choices.iter().map(|c| vec![c.choice.clone(), c.count.to_string()]);
                    output::write_table(out, "survey", &["choice", "count"], &[], rows, width)?;
                }
                if !q.texts.is_empty() {
                    let rows = q
                        .texts
                        .iter()
                        .map(|t| vec![t.date.to_string(), t.customer_name.clone(), t.answer.clone()]);
                    output::write_table(out, "survey", &["date", "customer", "answer"], &[], rows, width)?;
                }
            }
            Ok(())
        }
    }
}
