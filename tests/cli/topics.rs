//! `cs help TOPIC`: the workflows' long help in both languages, listed by `cs help` and
//! `cs help topics`, and every command they show is one `cs` accepts as written.

use crate::support::{TestEnv, success, text};

const TOPICS: [&str; 4] = ["daily", "complaints", "quarterly", "team"];

/// The words of a shell command line, with double quotes removed (enough for the topics).
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut started) = (Vec::new(), String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => (quoted, started) = (!quoted, true),
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => (word, started) = (word + &c.to_string(), true),
        }
    }
    if started {
        words.push(word);
    }
    words
}

#[test]
fn topics_are_listed_and_shown_in_both_languages() {
    let env = TestEnv::bare();
    for lang in ["en", "zh"] {
        let list = success(env.cs(["help", "topics"]).env("CS_LANG", lang));
        let root = success(env.cs(["help"]).env("CS_LANG", lang));
        for topic in TOPICS {
            assert!(
                list.lines().any(|l| l.trim_start().starts_with(topic)),
                "{lang}: {list}"
            );
            assert!(root.contains(&format!("  {topic} ")), "{lang}: cs help lists {topic}");
            let text = success(env.cs(["help", topic]).env("CS_LANG", lang));
            assert!(
                text.lines().filter(|l| l.starts_with("  cs ")).count() >= 3,
                "{lang} {topic}:\n{text}"
            );
        }
    }
    let assert = env.cs(["help", "dialy"]).env("CS_LANG", "zh").assert().code(2);
    assert!(text(&assert.get_output().stderr).contains("没有命令或主题“dialy”"));
    // A command's help is still a command's help.
    assert!(env.ok(["help", "complaint"]).contains("Usage: cs complaint"));
}

#[test]
fn every_command_a_topic_shows_is_accepted_as_written() {
    let env = TestEnv::bare();
    for lang in ["en", "zh"] {
        for topic in TOPICS {
            let shown = success(env.cs(["help", topic]).env("CS_LANG", lang));
            for line in shown.lines().map(str::trim) {
                let command = match line.split_once("$(") {
                    Some((_, rest)) => rest.trim_end_matches(')'),
                    None if line.starts_with("cs ") => line,
                    None => continue,
                };
                let words: Vec<String> = shell_words(command.split(" > ").next().unwrap())
                    .into_iter()
                    .map(|w| w.replace("$id", "T-4F"))
                    .collect();
                let parsed = cs::cli::command().try_get_matches_from(&words);
                assert!(parsed.is_ok(), "{lang} {topic}: `{line}`: {}", parsed.unwrap_err());
            }
        }
    }
}
