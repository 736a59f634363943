//! Every command's `--help` opens with one line saying what the command is for and ends with
//! examples, in English and in Chinese, and every example shown still parses with today's
//! flags, so a renamed or removed flag cannot leave a help text that teaches it.

use crate::support::{TestEnv, success};

/// The heading an examples section starts with, per language.
const EXAMPLES: [(&str, &str); 2] = [("en", "Examples:"), ("zh", "示例：")];

/// The path of every command people can run: the root and every nested subcommand, without
/// hidden ones and the `help` command (which prints the others' help).
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
        found.push(path.clone());
        for sub in cmd.get_subcommands() {
            if sub.is_hide_set() || sub.get_name() == "help" {
                continue;
            }
            path.push(sub.get_name().to_string());
            walk(sub, path, found);
            path.pop();
        }
    }
    let mut found = Vec::new();
    walk(&cs::cli::command(), &mut Vec::new(), &mut found);
    found
}

/// `cs PATH --help` in `lang`, as people see it.
fn help(env: &TestEnv, path: &[String], lang: &str) -> String {
    let mut cmd = env.cs(path.iter().map(String::as_str).chain(["--help"]));
    cmd.env("CS_LANG", lang);
    success(&mut cmd)
}

/// What is wrong with one help text: no one-line description before the usage, or no examples.
fn faults(help: &str, heading: &str) -> Vec<&'static str> {
    let mut faults = Vec::new();
    // The description is the first line, then a blank line before the usage.
    let mut lines = help.lines().map(str::trim);
    let (first, second) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    let usage = ["Usage:", "用法："];
    if first.is_empty() || usage.iter().any(|u| first.starts_with(u)) {
        faults.push("no description");
    } else if !second.is_empty() {
        faults.push("a description longer than one line");
    }
    let mut lines = help.lines().skip_while(|line| line.trim() != heading);
    let examples = lines.next().is_some() && lines.any(|line| line.starts_with("  cs "));
    if !examples {
        faults.push("no examples");
    }
    faults
}

#[test]
fn every_command_has_a_description_and_examples_in_both_languages() {
    let env = TestEnv::bare();
    let mut missing = Vec::new();
    for path in command_paths() {
        for (lang, heading) in EXAMPLES {
            let text = help(&env, &path, lang);
            for fault in faults(&text, heading) {
                missing.push(format!("cs {} ({lang}): {fault}", path.join(" ")));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "commands whose --help lacks a one-line description or examples:\n{}",
        missing.join("\n")
    );
}

/// The example commands of a help text: each line starting with `  cs ` (joined with the
/// lines it continues onto with a trailing `\`).
fn example_lines(help: &str) -> Vec<String> {
    let mut examples = Vec::new();
    let mut lines = help.lines();
    while let Some(line) = lines.next() {
        let Some(first) = line.strip_prefix("  cs ") else {
            continue;
        };
        let mut example = format!("cs {first}");
        while let Some(joined) = example.strip_suffix('\\') {
            let Some(next) = lines.next() else { break };
            example = format!("{} {}", joined.trim_end(), next.trim_start());
        }
        examples.push(example);
    }
    examples
}

/// The arguments an example line gives `cs`, split as a shell would, up to where the command
/// ends: a pipe, a redirection, `&&`, `;`, or a comment (what follows two spaces outside
/// quotes: `cs check --fix      (repair ...)`).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some(next) = chars.next() {
                    word.get_or_insert_default().push(next);
                }
            }
            (Some(_), c) => word.get_or_insert_default().push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (None, '\\') => {
                if let Some(next) = chars.next() {
                    word.get_or_insert_default().push(next);
                }
            }
            (None, ' ') => {
                words.extend(word.take());
                if chars.peek() == Some(&' ') {
                    break;
                }
            }
            (None, '|' | '>' | '<' | ';' | '&' | '#') => break,
            (None, c) => word.get_or_insert_default().push(c),
        }
    }
    words.extend(word);
    words
}

#[test]
fn shell_words_split_an_example_as_a_shell_would() {
    let words = shell_words(r#"cs complaint add 杭州 -m "三箱 酒" --x '' --y a\ b  (a comment)"#);
    assert_eq!(words[3..], ["杭州", "-m", "三箱 酒", "--x", "", "--y", "a b"]);
    assert_eq!(
        shell_words("cs customer list --format json | jq '.[].name'"),
        ["cs", "customer", "list", "--format", "json"]
    );
    assert_eq!(shell_words("cs export visits > q4.csv"), ["cs", "export", "visits"]);
    assert_eq!(shell_words("cs check && git push"), ["cs", "check"]);
}

#[test]
fn every_example_in_the_help_parses() {
    let env = TestEnv::bare();
    let mut broken = Vec::new();
    let mut seen = 0;
    for path in command_paths() {
        for (lang, _) in EXAMPLES {
            for example in example_lines(&help(&env, &path, lang)) {
                seen += 1;
                let words = shell_words(&example);
                // Parsing only: nothing runs and no data is needed.
                if let Err(e) = cs::cli::command().try_get_matches_from(&words) {
                    let reason = e.render().to_string();
                    let reason = reason.lines().next().unwrap_or("").to_string();
                    broken.push(format!(
                        "cs {} --help ({lang}): {example}\n    {reason}",
                        path.join(" ")
                    ));
                }
            }
        }
    }
    assert!(
        seen > 100,
        "only {seen} examples found: is the examples heading still the same?"
    );
    assert!(broken.is_empty(), "examples that do not parse:\n{}", broken.join("\n"));
}
