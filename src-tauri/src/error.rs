//! The one error every command rejects with: `{ kind, message, id, args, field, details, link }`
//! (docs/ipc.md).
//!
//! Built from [`paydesk_core::Error`], whose messages never carry a secret, or from a failure of
//! the shell itself (a file that cannot be written, a window that cannot be opened), said by a
//! message of the catalogue too. The UI branches on `kind` and `field`; it shows `id` with `args`
//! from the message catalogue in its language (ui/locales), and `message`, the English text,
//! when it does not know the id.

use paydesk_core::i18n::Msg;
use paydesk_core::Error;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppError {
    /// `paydesk_core::Error::kind`: `invalid`, `not_configured`, `keyring`, `provider`, …
    pub kind: &'static str,
    pub message: String,
    /// The message's id in the catalogue (ui/locales/*/paydesk.ftl); `error-text` (words a caller
    /// made in English, none of paydesk's own) says `message`.
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
    pub fn io(msg: Msg) -> Self {
        Error::io(msg).into()
    }

    /// What was passed cannot be used; `field` names what to fix.
    pub fn invalid(field: &'static str, msg: Msg) -> Self {
        Error::invalid_msg(field, msg).into()
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
        AppError::io(Msg::new("error-window-open").text("detail", e.to_string()))
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
        let e = AppError::from(Error::invalid_msg("amount", Msg::new("amount-zero")));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "invalid", "message": "The amount must be more than zero.", "id": "amount-zero", "args": {}, "field": "amount", "details": null, "link": null})
        );
        let e = AppError::from(paydesk_core::money::Money::parse("1,5,0", paydesk_core::money::Currency::NGN, None).unwrap_err());
        assert_eq!((e.id, serde_json::Value::Object(*e.args)), ("amount-misplaced-group", serde_json::json!({"input": "1,5,0", "group": ","})));
        let e = AppError::from(Error::Network { provider: paydesk_core::link::ProviderId::Dojo, message: "timeout".into(), kept: Some(3) });
        assert_eq!((e.id, serde_json::Value::Object(*e.args)), ("error-network-kept", serde_json::json!({"provider": "Dojo", "link": 3})));
        let e = AppError::from(Error::not_found(Msg::new("error-no-link-number").num("link", 9)));
        assert_eq!(serde_json::to_value(&e).unwrap()["field"], serde_json::Value::Null);
        assert_eq!((e.kind, e.message.as_str(), e.id), ("not_found", "No link #9 in the history.", "error-no-link-number"));
    }

    #[test]
    fn the_shells_own_errors_are_messages_of_the_catalogue_too() {
        let e = AppError::invalid("path", Msg::new("error-save-where"));
        assert_eq!((e.kind, e.field, e.id, e.message.as_str()), ("invalid", Some("path"), "error-save-where", "Choose where to save the file."));
        let e = AppError::io(Msg::new("error-save-failed").text("path", "/x.png").text("detail", "Permission denied"));
        assert_eq!((e.kind, e.id, e.message.as_str()), ("io", "error-save-failed", "Could not save /x.png: Permission denied"));
        let fr = paydesk_core::i18n::Lang::from_tag("fr").unwrap();
        let said = paydesk_core::i18n::format(fr, &Msg { id: e.id, args: vec![("path", paydesk_core::i18n::Arg::Text("/x.png".into())), ("detail", paydesk_core::i18n::Arg::Text("Permission denied".into()))] });
        assert_eq!(said, "Impossible d’enregistrer /x.png\u{a0}: Permission denied");
        // A nested message (a status word) reaches the window as {id, args}.
        let link = paydesk_core::Error::conflict(Msg::new("error-no-page-yet").num("link", 3).msg("status", paydesk_core::link::LinkStatus::Creating.word()));
        let e = AppError::from(link);
        assert_eq!(
            serde_json::Value::Object(*e.args),
            serde_json::json!({"link": 3, "status": {"id": "status-word", "args": {"status": "creating"}}})
        );
    }
}
