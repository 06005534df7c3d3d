//! The one error type of the core. Front ends show [`Error`]'s message as is and branch on
//! [`Error::kind`], never on message text. No variant ever carries a secret.

use crate::link::ProviderId;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// What a person typed or passed cannot be used; `field` names what to fix.
    /// Nothing was written and nothing was sent.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },

    /// No API key is stored for this provider and mode.
    #[error("No {mode} key for {provider} is set up. Add one with `paydesk key set {slug} --mode {mode}` or in Settings.", slug = provider.slug())]
    NotConfigured { provider: ProviderId, mode: crate::link::Mode },

    /// The OS keyring could not be used. The message says how to fix it.
    #[error("{0}")]
    Keyring(String),

    /// The provider refused the key in use (HTTP 401/403): the message says which provider and
    /// mode, and how to set a new key.
    #[error("{provider} refused the {mode} key ({}): set a new one with `paydesk key set {slug} --mode {mode}` or in Settings.", said.trim_end_matches('.'), slug = provider.slug())]
    KeyRefused { provider: ProviderId, mode: crate::link::Mode, said: String },

    /// The provider answered with an error; `message` is its own words.
    #[error("{provider} said: {message}{}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    Provider { provider: ProviderId, status: Option<u16>, message: String },

    /// The provider answered with something that cannot be used and will not change if asked
    /// again (an unsafe page address, say). `message` is a whole sentence naming the provider.
    #[error("{message}")]
    Refused { provider: ProviderId, message: String },

    /// The provider could not be reached, or its answer was lost or unreadable.
    #[error("{provider}: {message}")]
    Network { provider: ProviderId, message: String },

    /// Nothing matches the id or reference asked for.
    #[error("{0}")]
    NotFound(String),

    /// The operation does not apply in the link's current state.
    #[error("{0}")]
    Conflict(String),

    /// Another process is working on this link right now (a create or retry in flight).
    #[error("{0}")]
    Busy(String),

    /// The history database could not be used. The message names the file and what to do;
    /// `fault` says what kind of trouble it is, so a front end can offer the right action.
    #[error("{message}")]
    Store { fault: StoreFault, message: String },

    /// The person stopped the command (Ctrl-C) while it worked; the message says what was kept.
    #[error("{0}")]
    Interrupted(String),

    #[error("{0}")]
    Io(String),
}

impl Error {
    /// A stable, machine-readable name for the front ends.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotConfigured { .. } => "not_configured",
            Error::Keyring(_) => "keyring",
            Error::Provider { .. } | Error::Refused { .. } => "provider",
            Error::Network { .. } => "network",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::KeyRefused { .. } => "key_refused",
            Error::Busy(_) => "busy",
            Error::Store { .. } => "store",
            Error::Interrupted(_) => "interrupted",
            Error::Io(_) => "io",
        }
    }

    /// The field a person has to fix, when the error is about their input.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid { field, message: message.into() }
    }
}

/// What kind of trouble the history database is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreFault {
    /// The file is not a database, or is corrupt: it must be moved aside, never overwritten.
    Damaged,
    /// The file or its folder cannot be opened or written (permissions, read-only disk).
    NoAccess,
    /// The disk is full.
    Full,
    /// Another process held the database longer than paydesk waits.
    Busy,
    /// Anything else SQLite reported.
    Other,
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}
