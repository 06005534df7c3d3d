//! The one error type of the core. Front ends show [`Error`]'s message as is and branch on
//! [`Error::kind`], never on message text. No variant ever carries a secret.
//!
//! Every message a person can see is a message of the catalogue (`ui/locales`): a variant that
//! says something in words carries a [`Said`], the [`Msg`] and its English text, so the English
//! `Display` is the English catalogue's and [`Error::l10n`] hands a front end the id and
//! arguments to say it in its own language.

use crate::i18n::{self, Arg, Msg};
use crate::link::ProviderId;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// What a person typed or passed cannot be used; `field` names what to fix.
    /// Nothing was written and nothing was sent.
    #[error("{message}")]
    Invalid { field: &'static str, message: Said },

    /// No API key is stored for this provider and mode.
    #[error("No {mode} key for {provider} is set up. Add one with `paydesk key set {slug} --mode {mode}` or in Settings.", slug = provider.slug())]
    NotConfigured { provider: ProviderId, mode: crate::link::Mode },

    /// The OS keyring could not be used. The message says how to fix it.
    #[error("{0}")]
    Keyring(Said),

    /// The provider refused the key in use (HTTP 401/403): the message says which provider and
    /// mode, and how to set a new key.
    #[error("{provider} refused the {mode} key ({}): set a new one with `paydesk key set {slug} --mode {mode}` or in Settings.", said.trim_end_matches('.'), slug = provider.slug())]
    KeyRefused { provider: ProviderId, mode: crate::link::Mode, said: String },

    /// The provider answered with an error; `message` is its own words. `kept`: the link the
    /// sale is saved as, when it may have reached the provider and can be retried.
    #[error("{}{}", provider_said(*provider, message, *status), kept_suffix(*kept, *provider))]
    Provider { provider: ProviderId, status: Option<u16>, message: String, kept: Option<i64> },

    /// The provider answered with something that cannot be used and will not change if asked
    /// again (an unsafe page address, say). `message` is a whole sentence naming the provider.
    #[error("{message}")]
    Refused { provider: ProviderId, message: Said },

    /// The provider could not be reached, or its answer was lost or unreadable. `kept`: the
    /// link the sale is saved as, to be retried.
    #[error("{}{}", network_said(*provider, message), kept_suffix(*kept, *provider))]
    Network { provider: ProviderId, message: String, kept: Option<i64> },

    /// A link for the same customer, amount and currency was made moments ago: the person
    /// chooses between showing that one and making a new one anyway.
    #[error("{message}")]
    Duplicate { earlier: i64, message: Said },

    /// Nothing matches the id or reference asked for.
    #[error("{0}")]
    NotFound(Said),

    /// The operation does not apply in the link's current state.
    #[error("{0}")]
    Conflict(Said),

    /// Another process is working on this link right now (a create or retry in flight).
    #[error("{0}")]
    Busy(Said),

    /// The history database could not be used. The message names the file and what to do;
    /// `fault` says what kind of trouble it is, so a front end can offer the right action.
    #[error("{message}")]
    Store { fault: StoreFault, message: Said },

    /// The shop hub could not be reached or used; the message says what to do. This till works
    /// on without it.
    #[error("{0}")]
    Hub(Said),

    /// The person stopped the command (Ctrl-C) while it worked; the message says what was kept.
    #[error("{0}")]
    Interrupted(Said),

    /// A file, the OS or the runtime failed; the message names what and what to do.
    #[error("{0}")]
    Io(Said),
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
            Error::Duplicate { .. } => "duplicate",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::KeyRefused { .. } => "key_refused",
            Error::Busy(_) => "busy",
            Error::Store { .. } => "store",
            Error::Interrupted(_) => "interrupted",
            Error::Hub(_) => "hub",
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

    /// The link the error is about: the sale kept after a failure, or a duplicate's earlier link.
    pub fn link(&self) -> Option<i64> {
        match self {
            Error::Provider { kept, .. } | Error::Network { kept, .. } => *kept,
            Error::Duplicate { earlier, .. } => Some(*earlier),
            _ => None,
        }
    }

    /// One or two calm sentences for a shop owner: the provider named once, what happened, what
    /// to do. The HTTP status, the provider's own words and OS errors are in [`Error::details`].
    pub fn headline(&self) -> String {
        let kept = |provider: ProviderId, kept: Option<i64>| match kept {
            Some(_) => format!(" The sale is kept: retry it when {provider} is back."),
            None => " Nothing was charged.".to_string(),
        };
        match self {
            Error::Provider { provider, status: Some(s), kept: k, .. } if *s >= 500 || *s == 429 => {
                format!("{provider} is not answering properly right now.{}", kept(*provider, *k))
            }
            Error::Provider { provider, kept: k, .. } => format!("{provider} refused this sale.{}", kept(*provider, *k)),
            Error::Network { provider, kept: Some(_), .. } => {
                format!("{provider} did not answer. The sale is kept: retry it when {provider} can be reached.")
            }
            Error::Network { provider, kept: None, .. } => {
                format!("Could not reach {provider}: check the internet connection, then press Retry. Nothing was sent.")
            }
            other => other.to_string(),
        }
    }

    /// [`Error::headline`] as a message of the catalogue: a stable id and its arguments, for a
    /// front end to say in its person's language. Only words a caller outside the core made in
    /// English ([`Said::from`] a `String`) travel as `error-text`, the English words as `$text`.
    pub fn l10n(&self) -> Msg {
        let kept = |id: &'static str, kept_id: &'static str, provider: &ProviderId, kept: &Option<i64>| match kept {
            Some(link) => Msg::new(kept_id).text("provider", provider.to_string()).num("link", *link),
            None => Msg::new(id).text("provider", provider.to_string()),
        };
        match self {
            Error::NotConfigured { provider, mode } => {
                Msg::new("error-not-configured").text("provider", provider.to_string()).text("mode", mode.to_string()).text("slug", provider.slug())
            }
            Error::KeyRefused { provider, mode, said } => Msg::new("error-key-refused")
                .text("provider", provider.to_string())
                .text("mode", mode.to_string())
                .text("slug", provider.slug())
                .text("said", said.trim_end_matches('.')),
            Error::Provider { provider, status: Some(s), kept: k, .. } if *s >= 500 || *s == 429 => {
                kept("error-provider-down", "error-provider-down-kept", provider, k)
            }
            Error::Provider { provider, kept: k, .. } => kept("error-provider-refused", "error-provider-refused-kept", provider, k),
            Error::Network { provider, kept: k, .. } => kept("error-network", "error-network-kept", provider, k),
            other => match other.said().and_then(Said::msg) {
                Some(m) => m.clone(),
                None => Msg::new("error-text").text("text", other.headline()),
            },
        }
    }

    /// The error's Display as a message of the catalogue, to say it inside another message or
    /// in a list: [`Error::l10n`] when that says exactly the English words, else those words
    /// as they are (`error-text`), so the English never changes.
    pub fn words(&self) -> Msg {
        let msg = self.l10n();
        let english = self.to_string();
        if crate::i18n::english(&msg) == english {
            msg
        } else {
            Msg::new("error-text").text("text", english)
        }
    }

    /// The technical text behind [`Error::headline`], for a "Details" disclosure.
    pub fn details(&self) -> Option<String> {
        match self {
            Error::Provider { provider, status, message, .. } => Some(provider_said(*provider, message, *status)),
            Error::Network { provider, message, .. } => Some(network_said(*provider, message)),
            Error::KeyRefused { said, .. } => Some(said.clone()),
            _ => None,
        }
    }

    /// The words of a variant that says something in words.
    fn said(&self) -> Option<&Said> {
        match self {
            Error::Invalid { message, .. } | Error::Refused { message, .. } | Error::Duplicate { message, .. } | Error::Store { message, .. } => Some(message),
            Error::Keyring(s) | Error::NotFound(s) | Error::Conflict(s) | Error::Busy(s) | Error::Hub(s) | Error::Interrupted(s) | Error::Io(s) => Some(s),
            Error::NotConfigured { .. } | Error::KeyRefused { .. } | Error::Provider { .. } | Error::Network { .. } => None,
        }
    }

    /// Bad input said in English only: for front ends' own checks. The core names a message
    /// of the catalogue instead ([`Error::invalid_msg`]).
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid { field, message: Said::from(message.into()) }
    }

    /// Bad input, said by a message of the catalogue (its English text is the `message`).
    pub fn invalid_msg(field: &'static str, msg: Msg) -> Self {
        Error::Invalid { field, message: msg.into() }
    }

    /// The same bad-input error, put beside another field; other errors pass through.
    pub fn for_field(self, field: &'static str) -> Self {
        match self {
            Error::Invalid { message, .. } => Error::Invalid { field, message },
            other => other,
        }
    }

    pub fn not_found(msg: Msg) -> Self {
        Error::NotFound(msg.into())
    }

    pub fn conflict(msg: Msg) -> Self {
        Error::Conflict(msg.into())
    }

    pub fn busy(msg: Msg) -> Self {
        Error::Busy(msg.into())
    }

    pub fn hub(msg: Msg) -> Self {
        Error::Hub(msg.into())
    }

    pub fn keyring(msg: Msg) -> Self {
        Error::Keyring(msg.into())
    }

    pub fn interrupted(msg: Msg) -> Self {
        Error::Interrupted(msg.into())
    }

    pub fn io(msg: Msg) -> Self {
        Error::Io(msg.into())
    }

    pub fn store(fault: StoreFault, msg: Msg) -> Self {
        Error::Store { fault, message: msg.into() }
    }
}

/// "Paystack said: Currency not supported (HTTP 400)" — the provider's own words and status;
/// paydesk's own sentence about an answer it could not read already names the provider and the
/// status ("Paystack answered HTTP 503 with a web page…"), and is not said twice.
fn provider_said(provider: ProviderId, message: &str, status: Option<u16>) -> String {
    let ours = message.starts_with(&provider.to_string());
    let status = status.filter(|s| !message.contains(&format!("HTTP {s}"))).map(|s| format!(" (HTTP {s})")).unwrap_or_default();
    if ours {
        format!("{message}{status}")
    } else {
        format!("{provider} said: {message}{status}")
    }
}

/// "Paystack: connection refused"; a sentence that names the provider already stands alone.
fn network_said(provider: ProviderId, message: &str) -> String {
    if message.starts_with(&provider.to_string()) {
        message.to_string()
    } else {
        format!("{provider}: {message}")
    }
}

fn kept_suffix(kept: Option<i64>, provider: ProviderId) -> String {
    kept.map(|id| format!(" The sale is saved as link {id}: retry it when {provider} is back.")).unwrap_or_default()
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
        Error::io(Msg::new("error-os").text("detail", e.to_string()))
    }
}

/// What an error says: its English words (`Display`, logs, the CLI in English) and the message
/// of the catalogue they were formatted from. Words a front end made in English itself come
/// `From<String>` and have no message: they are shown as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    english: String,
    msg: Option<Box<Msg>>,
}

impl Said {
    /// The English words.
    pub fn as_str(&self) -> &str {
        &self.english
    }

    /// The message of the catalogue, when the words came from one.
    pub fn msg(&self) -> Option<&Msg> {
        self.msg.as_deref()
    }

    /// The same words with `f` applied to the English text and to every text argument, at any
    /// depth: to take a secret out of a provider's words before they go anywhere.
    pub fn redacted(mut self, f: impl Fn(&str) -> String) -> Said {
        fn walk(msg: &mut Msg, f: &dyn Fn(&str) -> String) {
            for (_, arg) in &mut msg.args {
                match arg {
                    Arg::Text(t) => *t = f(t),
                    Arg::Msg(inner) => walk(inner, f),
                    Arg::Number(_) | Arg::Money { .. } | Arg::Amount { .. } => {}
                }
            }
        }
        self.english = f(&self.english);
        if let Some(m) = self.msg.as_deref_mut() {
            walk(m, &f);
        }
        self
    }
}

impl From<Msg> for Said {
    fn from(msg: Msg) -> Self {
        Said { english: i18n::english(&msg), msg: Some(Box::new(msg)) }
    }
}

impl From<String> for Said {
    fn from(english: String) -> Self {
        Said { english, msg: None }
    }
}

impl From<&str> for Said {
    fn from(english: &str) -> Self {
        Said { english: english.to_string(), msg: None }
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english)
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
