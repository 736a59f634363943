//! `[git]`: how `cs` works with the git repository that holds the data directory.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// `[git]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GitSettings {
    /// Whether every command that changes data commits its own change (`autocommit = true`).
    pub autocommit: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGit {
    #[serde(default)]
    autocommit: bool,
}

/// `[git]`: nothing to validate beyond its types, which the TOML reader checks.
pub(super) fn parse_git(raw: Option<&Spanned<RawGit>>) -> GitSettings {
    GitSettings {
        autocommit: raw.is_some_and(|r| r.get_ref().autocommit),
    }
}
