//! The message catalog (`locales/`) is complete and used: every key is in both languages,
//! every key the code names exists and every key exists because the code uses it, every
//! command and flag has its help in both languages, and no message is written in the code
//! outside the catalog.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::repo_root;

/// Every key of one language: the `*.LANG.toml` files under `locales/LANG/`, flattened to
/// dotted keys, with the file each came from.
fn catalog(lang: &str) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    let dir = repo_root().join("locales").join(lang);
    for file in files_under(&dir, &format!(".{lang}.toml")) {
        let text = fs::read_to_string(&file).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        flatten("", &toml::Value::Table(table), &mut |key, value| {
            let previous = keys.insert(key.to_string(), value.to_string());
            assert!(previous.is_none(), "{key} is in the {lang} catalog twice");
        });
    }
    keys
}

fn flatten(prefix: &str, value: &toml::Value, found: &mut dyn FnMut(&str, &str)) {
    match value {
        toml::Value::Table(table) => {
            for (key, value) in table {
                let key = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&key, value, found);
            }
        }
        toml::Value::String(text) => found(prefix, text),
        other => panic!("{prefix}: a catalog entry is text, not {other}"),
    }
}

fn files_under(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path, suffix));
        } else if path.to_string_lossy().ends_with(suffix) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The Rust sources of the library and binary, without their tests (`#[cfg(test)]` modules,
/// and files of tests alone, `tests.rs`).
fn sources() -> Vec<(PathBuf, String)> {
    files_under(&repo_root().join("src"), ".rs")
        .into_iter()
        .filter(|file| !file.ends_with("tests.rs"))
        .map(|file| {
            let text = fs::read_to_string(&file).unwrap();
            let code = match text.find("#[cfg(test)]") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            (file, code)
        })
        .collect()
}

/// The `%{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.match_indices("%{")
        .filter_map(|(at, _)| text[at + 2..].split_once('}').map(|(name, _)| name))
        .collect()
}

/// Keys made at run time from a prefix and a name the code knows: checked by the tests of
/// what they name (commands and flags, columns, values, kinds of records), not by search.
const MADE_AT_RUN_TIME: &[&str] = &[
    "help.",
    "column.",
    "header.",
    "value.",
    "record.",
    "check.count.",
    "report.label.",
    "report.column.",
];

#[test]
fn both_languages_have_the_same_keys_and_placeholders() {
    let (en, zh) = (catalog("en"), catalog("zh"));
    let missing_zh: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let missing_en: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing_zh.is_empty(), "missing in Chinese: {missing_zh:?}");
    assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
    for (key, text) in &en {
        assert_eq!(
            placeholders(text),
            placeholders(&zh[key]),
            "{key}: the two languages fill in different values"
        );
    }
}

#[test]
fn every_key_used_exists_and_every_key_is_used() {
    let en = catalog("en");
    let code: String = sources().into_iter().map(|(_, text)| text).collect();
    // t!("key" ...) with a literal key, wherever it is in the code.
    let mut used = BTreeSet::new();
    for (at, _) in code.match_indices("t!(") {
        if at > 0 && (code.as_bytes()[at - 1].is_ascii_alphanumeric() || code.as_bytes()[at - 1] == b'_') {
            continue;
        }
        let rest = code[at + 3..].trim_start();
        if let Some(rest) = rest.strip_prefix('"') {
            used.insert(rest.split('"').next().unwrap().to_string());
        }
    }
    let unknown: Vec<&String> = used.iter().filter(|k| !en.contains_key(*k)).collect();
    assert!(unknown.is_empty(), "keys used but not in the catalog: {unknown:?}");
    let unused: Vec<&String> = en
        .keys()
        .filter(|k| {
            !MADE_AT_RUN_TIME.iter().any(|p| k.starts_with(p))
                || k.starts_with("help.heading.")
                || k.starts_with("help.flag.")
        })
        .filter(|k| !used.contains(*k) && !code.contains(&format!("\"{k}\"")))
        .collect();
    assert!(unused.is_empty(), "keys in the catalog that no code uses: {unused:?}");
}

#[test]
fn every_command_and_flag_has_its_help_and_no_other_help_exists() {
    let en = catalog("en");
    let mut expected = BTreeSet::new();
    fn walk(cmd: &clap::Command, path: &str, expected: &mut BTreeSet<String>) {
        expected.insert(cs::cli::key_of(path, "about"));
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if (arg.is_global_set() && path != "cs") || id == "help" || id == "version" {
                continue;
            }
            expected.insert(cs::cli::key_of(path, id));
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &cs::cli::child_path(path, sub.get_name()), expected);
        }
    }
    walk(&cs::cli::command(), "cs", &mut expected);
    let missing: Vec<&String> = expected.iter().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing.is_empty(), "commands and flags without help: {missing:?}");
    let stray: Vec<&String> = en
        .keys()
        .filter(|k| k.starts_with("help.") && !k.starts_with("help.heading.") && !k.starts_with("help.flag."))
        .filter(|k| !k.ends_with(".examples") && !expected.contains(*k))
        .collect();
    assert!(
        stray.is_empty(),
        "help for commands or flags that do not exist: {stray:?}"
    );
}

/// The marker for a literal that looks like a message but is not one (the contents of a file
/// `cs` writes, words matched against what users type): on its line or the line above.
const NOT_A_MESSAGE: &str = "i18n: not a message";

/// Whether a string literal reads like words for people: two words of Latin letters with a
/// space between, or any Chinese character.
fn reads_like_a_message(literal: &str) -> bool {
    let chinese = literal.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let words = literal
        .split(|c: char| !c.is_ascii_alphabetic() && c != ' ' && c != '\'')
        .any(|run| run.split(' ').filter(|w| w.len() >= 2).count() >= 2 && run.contains(' '));
    chinese || words
}

/// The string literals of some Rust code, each with the number of the line it starts on
/// (from 1): plain, byte and raw strings; comments and character literals are skipped.
fn string_literals(code: &str) -> Vec<(usize, String)> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let (mut at, mut line) = (0, 1);
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => line += 1,
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                let end = code[at..].find("*/").map_or(bytes.len(), |e| at + e + 2);
                line += code[at..end].matches('\n').count();
                at = end;
                continue;
            }
            b'\'' => {
                // A character literal ('x', '\n', '"'), not a lifetime ('a).
                let rest = &code[at + 1..];
                let mut chars = rest.char_indices();
                if let Some((_, first)) = chars.next() {
                    let close = if first == '\\' {
                        rest[1..].find('\'').map(|e| e + 2)
                    } else {
                        chars.next().filter(|(_, c)| *c == '\'').map(|(i, _)| i + 1)
                    };
                    if let Some(close) = close {
                        at += 1 + close;
                        continue;
                    }
                }
            }
            b'r' if matches!(bytes.get(at + 1), Some(b'"' | b'#'))
                && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric() && bytes[at - 1] != b'_') =>
            {
                let hashes = code[at + 1..].bytes().take_while(|&b| b == b'#').count();
                if bytes.get(at + 1 + hashes) == Some(&b'"') {
                    let open = at + 2 + hashes;
                    let close = format!("\"{}", "#".repeat(hashes));
                    let end = code[open..].find(&close).map_or(bytes.len(), |e| open + e);
                    found.push((line, code[open..end].to_string()));
                    line += code[open..end].matches('\n').count();
                    at = end + close.len();
                    continue;
                }
            }
            b'"' => {
                let (start_line, open) = (line, at + 1);
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    if bytes[at] == b'\\' {
                        at += 1;
                    }
                    if bytes.get(at) == Some(&b'\n') {
                        line += 1;
                    }
                    at += 1;
                }
                found.push((start_line, code[open..at.min(bytes.len())].to_string()));
            }
            _ => {}
        }
        at += 1;
    }
    found
}

#[test]
fn string_literals_are_found_as_the_compiler_sees_them() {
    let code = "let a = \"one two\"; // \"not this\"\nfn f<'a>(c: char) { g('\"', r#\"raw \"x\" y\"#, \"a\\\"b\") }";
    let found: Vec<String> = string_literals(code).into_iter().map(|(_, s)| s).collect();
    assert_eq!(found, ["one two", "raw \"x\" y", "a\\\"b"]);
}

#[test]
fn no_message_is_written_outside_the_catalog() {
    let mut found = Vec::new();
    for (file, code) in sources() {
        let lines: Vec<&str> = code.lines().collect();
        for (line, literal) in string_literals(&code) {
            let here = lines.get(line - 1).copied().unwrap_or_default();
            let above = if line >= 2 { lines[line - 2] } else { "" };
            let exempt = here.contains(NOT_A_MESSAGE)
                || above.contains(NOT_A_MESSAGE)
                || here.trim_start().starts_with("#[")
                || [
                    "expect(",
                    "panic!(",
                    "unreachable!(",
                    "assert!(",
                    "assert_eq!(",
                    "debug_assert",
                ]
                .iter()
                .any(|p| here.contains(p));
            if !exempt && reads_like_a_message(&literal) {
                found.push(format!(
                    "{}:{line}: \"{}\"",
                    file.strip_prefix(repo_root()).unwrap_or(&file).display(),
                    literal.lines().next().unwrap_or_default()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} messages outside the catalog (use t!, or mark a literal that is not a message with `// {NOT_A_MESSAGE}` on its line or the line above):\n{}",
        found.len(),
        found.join("\n")
    );
}
