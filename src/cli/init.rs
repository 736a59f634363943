//! `cs init`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use rust_i18n::t;

use super::{Env, note};
use crate::commands::init;
use crate::i18n::{self, Lang};

/// Create a data directory: cs.toml with commented defaults, empty tables, git attributes
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The directory to create [default: --data-dir, else the working directory]
    dir: Option<PathBuf>,
    /// Also run `git init` there, so the team can share one history
    #[arg(long)]
    git: bool,
    /// The company name written into cs.toml
    #[arg(long, default_value = "")]
    company: String,
    /// The language written into cs.toml [default: CS_LANG, else zh when the system's locale
    /// is Chinese, else en]
    #[arg(long, value_parser = ["en", "zh"])]
    lang: Option<String>,
}

pub fn run(env: &Env, args: InitArgs, _out: &mut dyn Write) -> anyhow::Result<()> {
    let dir = args
        .dir
        .or_else(|| env.data_dir_flag.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    // The language already chosen for this run is CS_LANG's, else the system's (no data
    // directory exists yet to give one).
    let lang = args.lang.as_deref().and_then(Lang::parse).unwrap_or_else(i18n::current);
    let written = init::init(&dir, &args.company, lang, args.git)?;
    if args.git {
        // The new repository merges its tables record by record from the start.
        super::git::setup_quietly(&dir)?;
    }
    // The confirmation is the new directory's first words: in the language it speaks.
    i18n::set(lang);
    let names: Vec<String> = written.iter().map(|f| f.display().to_string()).collect();
    note(t!("init.created", dir = dir.display(), files = names.join(", ")));
    Ok(())
}
