//! The one place "now", randomness and the acting person come from.
//!
//! Tests and scripts replay a given day by setting `CS_NOW` (an RFC 3339 time), and pin
//! generated ids with `CS_SEED`. `CS_USER` names the staff member at the keyboard. Nothing
//! else in the library may read the system clock or these variables.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SubsecRound};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rust_i18n::t;

use crate::error::{Error, Result};

/// The environment variable that overrides the current time.
pub const NOW_VAR: &str = "CS_NOW";
/// The environment variable that makes generated ids reproducible.
pub const SEED_VAR: &str = "CS_SEED";
/// The environment variable naming the staff member who runs the commands.
pub const USER_VAR: &str = "CS_USER";

/// The clock and the source of randomness for one command.
#[derive(Debug, Clone)]
pub struct Context {
    now: DateTime<FixedOffset>,
    seed: Option<u64>,
    user: Option<String>,
}

impl Context {
    /// A context with a fixed time and, optionally, a fixed seed.
    pub fn new(now: DateTime<FixedOffset>, seed: Option<u64>) -> Self {
        Context {
            now: now.trunc_subsecs(0),
            seed,
            user: None,
        }
    }

    /// The same context with `CS_USER` set to `user`.
    pub fn with_user(mut self, user: Option<String>) -> Self {
        self.user = user.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
        self
    }

    /// Reads `CS_NOW` and `CS_SEED`, falling back to the system clock and OS randomness.
    pub fn from_env() -> Result<Self> {
        let now = match std::env::var(NOW_VAR) {
            Ok(text) if !text.trim().is_empty() => DateTime::parse_from_rfc3339(text.trim())
                .map_err(|e| Error::Usage(t!("context.bad_now", var = NOW_VAR, text = text, error = e).into_owned()))?,
            _ => Local::now().fixed_offset(),
        };
        let seed = match std::env::var(SEED_VAR) {
            Ok(text) if !text.trim().is_empty() => Some(
                text.trim()
                    .parse()
                    .map_err(|_| Error::Usage(t!("context.bad_seed", var = SEED_VAR, text = text).into_owned()))?,
            ),
            _ => None,
        };
        Ok(Context::new(now, seed).with_user(std::env::var(USER_VAR).ok()))
    }

    /// The staff member `CS_USER` names, as given (the caller checks it against the staff).
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// The current time, to the second, in the user's offset.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }

    /// Today's date in the user's offset.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// A random number generator: seeded from `CS_SEED` mixed with `salt` when the seed is
    /// pinned (so each add in a scripted sequence gets a different, reproducible id), from the
    /// OS otherwise.
    pub fn rng(&self, salt: u64) -> StdRng {
        match self.seed {
            Some(seed) => StdRng::seed_from_u64(seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            None => StdRng::seed_from_u64(rand::rng().random()),
        }
    }
}
