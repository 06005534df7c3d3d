//! The one error every command rejects with: `{ kind, message, id, args, field, details, link }`
//! (docs/ipc.md).
//!
//! Built from [`paydesk_core::Error`], whose messages never carry a secret, or from a failure of
//! the shell itself (a file that cannot be written, a window that cannot be opened). The UI
//! branches on `kind` and `field`; it shows `id` with `args` from the message catalogue in its
//! language (ui/locales), and `message`, the English text, when it does not know the id.

use paydesk_core::i18n::Msg;
use paydesk_core::Error;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppError {
    /// `paydesk_core::Error::kind`: `invalid`, `not_configured`, `keyring`, `provider`, …
    pub kind: &'static str,
    pub message: String,
    /// The message's id in the catalogue (ui/locales/*/paydesk.ftl); `error-text` says `message`.
    pub id: &'static str,
    /// The message's arguments: strings, numbers, and amounts as `{minor, currency}`. Boxed, so
    /// a command's `Result` stays small.
    pub args: Box<serde_json::Map<String, serde_json::Value>>,
    /// For `invalid`: the input to put the message beside; else `null`.
    pub field: Option<&'static str>,
    /// The technical words behind `message` (HTTP status, the provider's own words, OS errors),
    /// for a "Details" disclosure; `null` when there are none.
    pub details: Option<String>,
    /// The local link the error is about: the sale kept after a failure, or a duplicate's
    /// earlier link; else `null`.
    pub link: Option<i64>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A file the shell was asked to write could not be written.
    pub fn io(message: impl Into<String>) -> Self {
        AppError::shell("io", message.into(), None)
    }

    /// What was passed cannot be used; `field` names what to fix.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        AppError::shell("invalid", message.into(), Some(field))
    }

    /// A failure of the shell itself, said in English (`error-text`).
    fn shell(kind: &'static str, message: String, field: Option<&'static str>) -> Self {
        let args = Box::new(Msg::new("error-text").text("text", message.clone()).args_json());
        AppError { kind, message, id: "error-text", args, field, details: None, link: None }
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        // The window shows the calm headline; the technical words go under "Details".
        let msg = e.l10n();
        AppError { kind: e.kind(), message: e.headline(), id: msg.id, args: Box::new(msg.args_json()), field: e.field(), details: e.details(), link: e.link() }
    }
}

impl From<tauri::Error> for AppError {
    fn from(e: tauri::Error) -> Self {
        // Only window plumbing reaches here; its text names no secret.
        AppError::io(format!("The window could not be opened: {e}"))
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_kind_field_and_message() {
        let e = AppError::from(Error::invalid("amount", "The amount must be more than zero."));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "invalid", "message": "The amount must be more than zero.", "id": "error-text", "args": {"text": "The amount must be more than zero."}, "field": "amount", "details": null, "link": null})
        );
        let e = AppError::from(paydesk_core::money::Money::parse("1,5,0", paydesk_core::money::Currency::NGN, None).unwrap_err());
        assert_eq!((e.id, serde_json::Value::Object(*e.args)), ("amount-misplaced-group", serde_json::json!({"input": "1,5,0", "group": ","})));
        let e = AppError::from(Error::Network { provider: paydesk_core::link::ProviderId::Dojo, message: "timeout".into(), kept: Some(3) });
        assert_eq!((e.id, serde_json::Value::Object(*e.args)), ("error-network-kept", serde_json::json!({"provider": "Dojo", "link": 3})));
        let e = AppError::from(Error::NotFound("No link 9.".into()));
        assert_eq!(serde_json::to_value(&e).unwrap()["field"], serde_json::Value::Null);
        assert_eq!(e.kind, "not_found");
    }
}
