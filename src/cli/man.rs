//! `cs man`: manual pages for `cs` and every command under it (`cs-visit-add.1`), in English
//! and Chinese, built with clap_mangen from the same localized command tree as `--help`, so
//! the pages say what `--help` says in each language.
//!
//! English pages go to `DIR/man1`, Chinese ones to `DIR/zh_CN/man1`: with `DIR` on
//! `MANPATH`, `man` picks the language of the reader's locale.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use rust_i18n::t;

use super::{Env, note};
use crate::i18n::{self, Lang};
use crate::store::journal::replace_file;

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The directory to write the pages into
    #[arg(long, short = 'o', value_name = "DIR", default_value = "man")]
    output: PathBuf,
}

/// The folder under the output directory that holds one language's pages.
fn folder(lang: Lang) -> PathBuf {
    match lang {
        Lang::En => PathBuf::from("man1"),
        Lang::Zh => Path::new("zh_CN").join("man1"),
    }
}

/// Writes every page in both languages and says how many, and where, on stderr.
pub fn run(env: &Env, args: ManArgs, _out: &mut dyn Write) -> anyhow::Result<()> {
    let speaking = i18n::current();
    let pages: Vec<(PathBuf, Vec<u8>)> = Lang::ALL
        .into_iter()
        .flat_map(|lang| {
            i18n::set(lang);
            pages(lang, &env.ctx.today().to_string())
        })
        .collect::<std::io::Result<_>>()?;
    i18n::set(speaking);
    for (file, page) in &pages {
        replace_file(&args.output, file, page)?;
    }
    note(t!(
        "man.written",
        count = pages.len(),
        en = args.output.join(folder(Lang::En)).display(),
        zh = args.output.join(folder(Lang::Zh)).display()
    ));
    Ok(())
}

/// The pages of every command in the language being spoken, as (file, roff text), dated `date`.
fn pages(lang: Lang, date: &str) -> Vec<std::io::Result<(PathBuf, Vec<u8>)>> {
    let mut root = super::command();
    // Gives every command its display name (`cs-visit-add`) and full usage line.
    root.build();
    let mut found = Vec::new();
    collect(&root, &mut found);
    let version = t!(
        "version.line",
        version = env!("CARGO_PKG_VERSION"),
        format = crate::model::settings::format::FORMAT
    );
    found
        .into_iter()
        .map(|cmd| {
            let man = clap_mangen::Man::new(cmd)
                .date(date)
                .source(format!("cs {version}"))
                .manual(t!("man.manual").into_owned());
            let mut page = Vec::new();
            man.render(&mut page)?;
            Ok((folder(lang).join(man.get_filename()), localize_headings(page)))
        })
        .collect()
}

/// `cmd` and every command under it.
fn collect(cmd: &clap::Command, found: &mut Vec<clap::Command>) {
    found.push(cmd.clone());
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, found);
    }
}

/// The section headings clap_mangen writes in English, in the language being spoken (the
/// headings of flags and commands are already the tree's own); the examples section is kept
/// line for line, as `--help` shows it, instead of filled into paragraphs.
fn localize_headings(page: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&page).into_owned();
    let headings = [
        ("NAME", t!("man.section.name")),
        ("SYNOPSIS", t!("man.section.synopsis")),
        ("DESCRIPTION", t!("man.section.description")),
        ("EXTRA", t!("man.section.extra")),
        ("VERSION", t!("man.section.version")),
    ];
    let mut lines = Vec::new();
    let mut in_examples = false;
    for line in text.lines() {
        let Some(heading) = line.strip_prefix(".SH ").map(|h| h.trim_matches('"')) else {
            lines.push(line.to_string());
            continue;
        };
        if in_examples {
            lines.push(".fi".to_string());
        }
        in_examples = heading == "EXTRA";
        match headings.iter().find(|(english, _)| *english == heading) {
            Some((_, localized)) => lines.push(format!(".SH \"{localized}\"")),
            None => lines.push(line.to_string()),
        }
        if in_examples {
            lines.push(".nf".to_string());
        }
    }
    if in_examples {
        lines.push(".fi".to_string());
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text.into_bytes()
}
