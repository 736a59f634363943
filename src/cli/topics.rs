//! `cs help TOPIC`: long help for the department's workflows (the daily routine, a complaint
//! end to end, the quarterly report, working as a team), beside the help of each command.
//!
//! The texts are in the message catalog (`locales/*/topics.*.toml`) like every other text,
//! so the catalog test holds both languages to the same topics.

use std::io::Write;

/// Each topic: its name, and the catalog keys of its one-line title and of its text.
const TOPICS: &[(&str, &str, &str)] = &[
    ("daily", "topic.daily.title", "topic.daily.text"),
    ("complaints", "topic.complaints.title", "topic.complaints.text"),
    ("quarterly", "topic.quarterly.title", "topic.quarterly.text"),
    ("team", "topic.team.title", "topic.team.text"),
];

/// The name that lists the topics: `cs help topics`.
pub const LIST: &str = "topics";

/// The text of the topic `name`, in the language being spoken, if there is one.
pub fn text(name: &str) -> Option<String> {
    let (_, _, key) = TOPICS.iter().find(|(topic, _, _)| *topic == name)?;
    crate::i18n::lookup(key)
}

/// Writes the list of topics with their titles.
pub fn write_list(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", rust_i18n::t!("topic.heading"))?;
    let width = TOPICS.iter().map(|(name, _, _)| name.len()).max().unwrap_or(0);
    for (name, title, _) in TOPICS {
        let title = crate::i18n::lookup(title).unwrap_or_default();
        writeln!(out, "  {name:width$}  {title}")?;
    }
    Ok(())
}
