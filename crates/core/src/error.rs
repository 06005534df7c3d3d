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

    /// The provider answered with an error; `message` is its own words.
    #[error("{provider} said: {message}{}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    Provider { provider: ProviderId, status: Option<u16>, message: String },

    /// The provider could not be reached, or its answer was lost or unreadable.
    #[error("{provider}: {message}")]
    Network { provider: ProviderId, message: String },

    /// Nothing matches the id or reference asked for.
    #[error("{0}")]
    NotFound(String),

    /// The operation does not apply in the link's current state.
    #[error("{0}")]
    Conflict(String),

    #[error("History database error: {0}")]
    Store(#[from] rusqlite::Error),

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
            Error::Provider { .. } => "provider",
            Error::Network { .. } => "network",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Store(_) => "store",
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

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}
