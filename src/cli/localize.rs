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
    command_for(None)
}

/// The command tree for running the command `args` name: every command whose name is one of
/// the words of `args` is put in the language being spoken, and of the others only their
/// one-line description (what a list of commands shows). A run needs its own command's texts
/// only for help and errors; putting all of them in the language costs several milliseconds,
/// which every command would pay on every run.
pub fn command_for_args(args: &[std::ffi::OsString]) -> Command {
    let words: Vec<&str> = args.iter().skip(1).filter_map(|a| a.to_str()).collect();
    command_for(Some(&words))
}

fn command_for(words: Option<&[&str]>) -> Command {
    let version = t!(
        "version.line",
        version = env!("CARGO_PKG_VERSION"),
        format = crate::model::settings::format::FORMAT
    );
    let root = Cli::command()
        .version(version.into_owned())
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
    localize(root, "cs", words)
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

/// What clap shows after a flag's help, in the language being spoken: the values it takes
/// and its default (`[possible values: en, zh]`, `[default: table]`).
fn values_and_default(arg: &Arg) -> String {
    if !arg.get_action().takes_values() {
        return String::new();
    }
    let mut extra = String::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() {
        extra.push(' ');
        extra.push_str(&t!("help.heading.possible", values = values.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        extra.push(' ');
        extra.push_str(&t!("help.heading.default", value = defaults.join(", ")));
    }
    extra
}

/// Puts `cmd` at `path` in the language being spoken, and those of its subcommands that
/// `words` name (all when `None`); the others get their description only.
fn localize(mut cmd: Command, path: &str, words: Option<&[&str]>) -> Command {
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
            let help = help
                .or_else(|| arg.get_help().map(ToString::to_string))
                .unwrap_or_default();
            let takes_values = arg.get_action().takes_values();
            let help = format!("{help}{}", values_and_default(&arg));
            let arg = arg.help_heading(heading.to_string()).help(help);
            // clap would write these in English: they are in the help instead.
            if takes_values {
                arg.hide_possible_values(true).hide_default_value(true)
            } else {
                arg
            }
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|sub| sub.get_name().to_string()).collect();
    for name in names {
        let child = child_path(path, &name);
        let named = words.is_none_or(|words| words.iter().any(|word| *word == name));
        cmd = cmd.mut_subcommand(&name, |sub| {
            if named {
                localize(sub, &child, words)
            } else {
                match lookup(&key_of(&child, "about")) {
                    Some(about) => sub.about(about),
                    None => sub,
                }
            }
        });
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

/// A parse error in the language being spoken, with the usage line; `None` to let clap print
/// its own (English, and help or version output, which are not errors).
pub fn error_text(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if crate::i18n::current() == crate::i18n::Lang::En {
        return None;
    }
    let context = |kind: ContextKind| {
        error.get(kind).map(|value| match value {
            ContextValue::String(text) => text.clone(),
            ContextValue::Strings(texts) => texts.join(", "),
            ContextValue::StyledStr(text) => text.to_string(),
            ContextValue::StyledStrs(texts) => texts.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            other => other.to_string(),
        })
    };
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let mut text = match error.kind() {
        ErrorKind::UnknownArgument => t!("cli.parse.unknown_argument", arg = arg).into_owned(),
        ErrorKind::InvalidSubcommand => {
            let name = context(ContextKind::InvalidSubcommand).unwrap_or_default();
            t!("cli.parse.unknown_command", name = name).into_owned()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = context(ContextKind::InvalidValue).unwrap_or_default();
            // The reason a value was refused is ours, already in the language spoken.
            let reason = std::error::Error::source(error)
                .map(ToString::to_string)
                .unwrap_or_default();
            let mut text = t!("cli.parse.bad_value", arg = arg, value = value).into_owned();
            if !reason.is_empty() {
                text.push_str(&format!(": {reason}"));
            }
            if let Some(valid) = context(ContextKind::ValidValue) {
                text.push_str(&t!("cli.parse.valid_values", values = valid));
            }
            text
        }
        ErrorKind::MissingRequiredArgument => t!("cli.parse.missing", args = arg).into_owned(),
        ErrorKind::ArgumentConflict => {
            let other = context(ContextKind::PriorArg).unwrap_or_default();
            t!("cli.parse.conflict", arg = arg, other = other).into_owned()
        }
        ErrorKind::TooManyValues => t!("cli.parse.once", arg = arg).into_owned(),
        _ => return None,
    };
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        if let Some(suggested) = context(kind) {
            text.push_str(&t!("cli.parse.did_you_mean", suggestion = suggested));
        }
    }
    if let Some(usage) = context(ContextKind::Usage) {
        let usage = usage.trim_start_matches("Usage:").trim();
        text.push_str(&format!("\n\n{} {usage}", t!("help.heading.usage")));
    }
    Some(text)
}
