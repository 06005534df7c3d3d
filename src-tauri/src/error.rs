//! The one error every command rejects with: `{ kind, message, field }` (docs/ipc.md).
//!
//! Built from [`paydesk_core::Error`], whose messages never carry a secret, or from a failure of
//! the shell itself (a file that cannot be written, a window that cannot be opened). The UI
//! branches on `kind` and `field`; `message` is for a person and is shown as text.

use paydesk_core::Error;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppError {
    /// `paydesk_core::Error::kind`: `invalid`, `not_configured`, `keyring`, `provider`, …
    pub kind: &'static str,
    pub message: String,
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
        AppError { kind: "io", message: message.into(), field: None, details: None, link: None }
    }

    /// What was passed cannot be used; `field` names what to fix.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        AppError { kind: "invalid", message: message.into(), field: Some(field), details: None, link: None }
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        // The window shows the calm headline; the technical words go under "Details".
        AppError { kind: e.kind(), message: e.headline(), field: e.field(), details: e.details(), link: e.link() }
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
            serde_json::json!({"kind": "invalid", "message": "The amount must be more than zero.", "field": "amount", "details": null, "link": null})
        );
        let e = AppError::from(Error::NotFound("No link 9.".into()));
        assert_eq!(serde_json::to_value(&e).unwrap()["field"], serde_json::Value::Null);
        assert_eq!(e.kind, "not_found");
    }
}
