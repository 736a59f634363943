//! The command tree in the language being spoken: every command's description and examples,
//! every flag's help, the headings and the built-in `--help` and `--version` flags, from the
//! catalog (`help.*` keys), set on clap's command at run time.
//!
//! A command's key is its path from the root (`help.cs.about`, `help.visit.add.about`); a
//! flag's is its command's path and its id (`help.visit.add.channel`); flags that every
//! command takes are the root's (`help.cs.format`). The catalog test walks this tree and
//! requires a text for each, in both languages.

use clap::{Arg, ArgAction, Command, CommandFactory};
use rust_i18n::t;

use super::Cli;
use crate::i18n::lookup;

/// The whole command tree, with its texts in the language being spoken.
pub fn command() -> Command {
    let root = Cli::command()
        .disable_version_flag(true)
        // clap's own `help` subcommand cannot be given a translated description; this one
        // prints the same (see `super::print_help`).
        .disable_help_subcommand(true)
        .subcommand(
            Command::new("help").arg(
                Arg::new("command")
                    .num_args(0..)
                    .value_name(t!("help.heading.command").into_owned()),
            ),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(t!("help.flag.version").into_owned()),
        );
    localize(root, "cs")
}

/// The key of the command at `path` (`cs` is the root, whose subcommands' paths leave it out).
pub fn key_of(path: &str, leaf: &str) -> String {
    format!("help.{path}.{leaf}")
}

/// The path of a subcommand of the command at `path`.
pub fn child_path(path: &str, name: &str) -> String {
    if path == "cs" {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn localize(mut cmd: Command, path: &str) -> Command {
    if let Some(about) = lookup(&key_of(path, "about")) {
        cmd = cmd.about(about);
    }
    if let Some(examples) = lookup(&key_of(path, "examples")) {
        cmd = cmd.after_help(examples);
    }
    let args: Vec<(String, bool)> = cmd
        .get_arguments()
        .filter(|arg| !arg.is_global_set() || path == "cs")
        .map(|arg| (arg.get_id().to_string(), arg.is_positional()))
        .collect();
    let (arguments, options) = (t!("help.heading.arguments"), t!("help.heading.options"));
    for (id, positional) in args {
        let help = lookup(&key_of(path, &id));
        let heading = if positional { &arguments } else { &options };
        cmd = cmd.mut_arg(&id, |arg| {
            let arg = arg.help_heading(heading.to_string());
            match help {
                Some(help) => arg.help(help),
                None => arg,
            }
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|sub| sub.get_name().to_string()).collect();
    for name in names {
        let child = child_path(path, &name);
        cmd = cmd.mut_subcommand(&name, |sub| localize(sub, &child));
    }
    let usage = t!("help.heading.usage");
    cmd.disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(t!("help.flag.help").into_owned())
                .help_heading(options.to_string()),
        )
        .subcommand_help_heading(t!("help.heading.commands").into_owned())
        .subcommand_value_name(t!("help.heading.command").into_owned())
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
}
