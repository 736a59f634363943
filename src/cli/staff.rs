//! `cs staff` and `cs center`.

use std::io::Write;

use clap::{Args, Subcommand};

use super::Env;
use crate::commands::staff;
use crate::model::settings::Role;
use crate::output;
use crate::store::lock::LockKind;

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff member to cs.toml (comments and layout are kept)
    Add(StaffAddArgs),
    /// List the staff
    List,
}

#[derive(Debug, Args)]
pub struct StaffAddArgs {
    /// Short id used in records (ASCII letters, digits, '-', '_' or '.')
    #[arg(long)]
    id: String,
    /// Full name
    #[arg(long)]
    name: String,
    /// consultant, supervisor, manager or general_manager (客服顾问, 客服主管, 客服部经理, 总经理)
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// The staff id of the person one step up the escalation chain
    #[arg(long, value_name = "ID")]
    reports_to: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CenterCommand {
    /// Add a distribution center to cs.toml (comments and layout are kept)
    Add(CenterAddArgs),
    /// List the distribution centers
    List,
}

#[derive(Debug, Args)]
pub struct CenterAddArgs {
    /// Short id used in records (ASCII letters, digits, '-', '_' or '.')
    #[arg(long)]
    id: String,
    /// Full name
    #[arg(long)]
    name: String,
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse()
}

pub fn run_staff(env: &Env, command: StaffCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        StaffCommand::Add(args) => {
            let store = env.open(LockKind::Exclusive)?;
            let member = staff::add_staff(&store, &args.id, &args.name, args.role, args.reports_to.as_deref())?;
            writeln!(out, "{}", member.id)?;
        }
        StaffCommand::List => {
            let store = env.open(LockKind::Shared)?;
            output::list(out, env.format, &staff::list_staff(&store)?, env.width)?;
        }
    }
    Ok(())
}

pub fn run_center(env: &Env, command: CenterCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        CenterCommand::Add(args) => {
            let store = env.open(LockKind::Exclusive)?;
            let center = staff::add_center(&store, &args.id, &args.name)?;
            writeln!(out, "{}", center.id)?;
        }
        CenterCommand::List => {
            let store = env.open(LockKind::Shared)?;
            output::list(out, env.format, &staff::list_centers(&store)?, env.width)?;
        }
    }
    Ok(())
}
