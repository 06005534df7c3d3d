//! Calls on a link after it was made: have the provider e-mail it (Payroc), or cancel it (Dojo,
//! Payroc). Each is recorded with its idempotency key before it is sent, so a retry of the same
//! operation reuses the key and the provider never does it twice.

use super::Desk;
use crate::link::{check_one_line, validate_email, Link};
use crate::provider::{retry, Operation, ShareRequest};
use crate::store::OperationRecord;
use crate::i18n::Msg;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// A request to e-mail a link, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ShareInput {
    pub to: String,
    /// The recipient's name; from the address when absent (`ada.lovelace@…` → `Ada Lovelace`).
    pub name: Option<String>,
    pub message: Option<String>,
}

#[derive(Serialize)]
struct ShareRecord<'a> {
    to: &'a str,
    name: &'a str,
    message: Option<&'a str>,
}

/// Longest recipient name Payroc takes.
const MAX_NAME: usize = 48;

/// A name to greet someone by, from their address: `ada.lovelace@x` → `Ada Lovelace`.
pub fn name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or("");
    let words: Vec<String> = local
        .split(['.', '_', '-', '+'])
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        })
        .collect();
    let name = if words.is_empty() { "Customer".to_string() } else { words.join(" ") };
    name.chars().take(MAX_NAME).collect()
}

impl Desk {
    /// Has the provider e-mail the link to `input.to`. Returns the recorded operation.
    pub async fn share(&self, id_or_reference: &str, input: &ShareInput) -> Result<OperationRecord> {
        let (wanted, input) = (id_or_reference.to_string(), input.clone());
        let (link, key, op, p, to, name, message) = self
            .blocking(move |d| {
                let link = d.get(&wanted)?;
                if !crate::provider::capabilities(link.provider).share {
                    return Err(Error::conflict(Msg::new("error-share-unsupported").text("provider", link.provider.to_string())));
                }
                if !link.status.is_pending() || link.url.is_none() {
                    return Err(Error::conflict(Msg::new("error-share-not-open").num("link", link.id).msg("status", link.status.word())));
                }
                let to = validate_email(&input.to)?;
                let name = match input.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                    Some(n) if n.chars().count() > MAX_NAME => {
                        return Err(Error::invalid_msg("name", Msg::new("error-name-length").num("max", MAX_NAME as i64)))
                    }
                    Some(n) => {
                        check_one_line("name", n)?;
                        n.to_string()
                    }
                    None => name_from_email(&to),
                };
                let message = input.message.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(str::to_string);
                if let Some(m) = &message {
                    if m.chars().count() > 500 {
                        return Err(Error::invalid_msg("message", Msg::new("error-share-message-too-long")));
                    }
                    check_one_line("message", m)?;
                }
                let record =
                    serde_json::to_string(&ShareRecord { to: &to, name: &name, message: message.as_deref() }).expect("plain data");
                let key = d.key_for(link.provider, link.mode)?;
                let op = d.store.begin_operation(link.id, "share", &record)?;
                let p = d.provider(link.provider, link.mode)?;
                Ok((link, key, op, p, to, name, message))
            })
            .await?;
        let req = ShareRequest { to_email: &to, to_name: &name, message: message.as_deref(), idempotency_key: &op.idempotency_key };
        let outcome = retry::run(&self.retry, Operation::Replayable, |_| p.share(&key, (&link).into(), &req)).await;
        let op_id = op.id;
        match outcome {
            Ok(receipt) => self.db(move |s| s.finish_operation(op_id, true, receipt.provider_id.as_deref(), None)).await,
            Err(e) => {
                let err = Self::call_error(link.provider, link.mode, &e);
                let said = err.to_string();
                self.db(move |s| s.finish_operation(op_id, false, None, Some(&said))).await?;
                Err(err)
            }
        }
    }

    /// Cancels (deactivates) a link at its provider, so it can no longer be paid. Saved as
    /// compare-and-set: if the link was paid meanwhile, paid stays (see [`crate::merge`]).
    pub async fn cancel(&self, id_or_reference: &str) -> Result<Link> {
        let wanted = id_or_reference.to_string();
        let (mut link, key, op, p) = self
            .blocking(move |d| {
                let link = d.get(&wanted)?;
                if !crate::provider::capabilities(link.provider).cancel {
                    return Err(Error::conflict(Msg::new("error-cancel-unsupported").text("provider", link.provider.to_string())));
                }
                if !link.status.is_pending() {
                    return Err(Error::conflict(Msg::new("error-link-already").num("link", link.id).msg("status", link.status.word())));
                }
                let key = d.key_for(link.provider, link.mode)?;
                let op = d.store.begin_operation(link.id, "cancel", "{}")?;
                let p = d.provider(link.provider, link.mode)?;
                Ok((link, key, op, p))
            })
            .await?;
        let outcome = retry::run(&self.retry, Operation::Replayable, |_| p.cancel(&key, (&link).into(), &op.idempotency_key)).await;
        let op_id = op.id;
        match outcome {
            Ok(obs) => {
                let word = obs.provider_status.clone();
                self.db(move |s| s.finish_operation(op_id, true, Some(&word), None)).await?;
                link.status = obs.status;
                link.provider_status = Some(obs.provider_status);
                link.last_verified_at = Some(chrono::Utc::now());
                link.last_error = None;
                self.save(link, None).await
            }
            Err(e) => {
                let err = Self::call_error(link.provider, link.mode, &e);
                let said = err.to_string();
                self.db(move |s| s.finish_operation(op_id, false, None, Some(&said))).await?;
                Err(err)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::name_from_email;

    #[test]
    fn names_come_from_addresses() {
        assert_eq!(name_from_email("ada.lovelace@example.com"), "Ada Lovelace");
        assert_eq!(name_from_email("bob_smith+shop@example.com"), "Bob Smith Shop");
        assert_eq!(name_from_email("12345@example.com"), "Customer");
        assert_eq!(name_from_email(&format!("{}@x.com", "a".repeat(80))).chars().count(), 48);
    }
}
