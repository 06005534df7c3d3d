//! Payroc's bearer tokens: `POST {identity}/authorize` with `x-api-key` and no body, cached in the
//! desk's [`TokenCache`] under the mode and identity address (never the key), refreshed a couple
//! of minutes before `expires_in` runs out, and fetched again once when the API answers 401.
//!
//! Failures of the identity service are classified as "not sent": the API request they were
//! for never left, so the desk may repeat it and never mistakes it for a link that may exist.

use super::wire::{problem_message, sentence, PayrocToken};
use super::{Payroc, NAME};
use crate::i18n::Msg;
use crate::link::Mode;
use crate::provider::http::{self, Answer};
use crate::provider::{CachedToken, CallError};
use reqwest::RequestBuilder;
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How the identity service is named in messages (and by [`http::send`]).
const IDENTITY: &str = "Payroc's identity service";
/// Refresh this long before a token runs out, so a call never starts with a dying token.
const MARGIN: Duration = Duration::from_secs(120);
/// Payroc documents 3600 s; used when an answer leaves `expires_in` out.
const DEFAULT_LIFETIME: u64 = 3600;

/// One gate per cache slot, so calls running side by side (verify all open) fetch one token
/// between them instead of one each.
fn gate(slot: &str) -> Arc<tokio::sync::Mutex<()>> {
    static GATES: OnceLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let mut gates = GATES.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner());
    gates.entry(slot.to_string()).or_default().clone()
}

/// When to stop using a token that lives `secs`: two minutes early, or halfway for short ones.
pub(super) fn refresh_after(secs: u64) -> Duration {
    let life = Duration::from_secs(secs);
    if life > MARGIN * 2 {
        life - MARGIN
    } else {
        life / 2
    }
}

impl Payroc {
    /// The identity address in force: the setting, else UAT for test and production for live.
    pub(super) fn identity_url(&self) -> String {
        let base = self.config.option("identity_url").map(str::trim).filter(|u| !u.is_empty());
        let base = base.unwrap_or(match self.config.mode {
            Mode::Test => "https://identity.uat.payroc.com",
            Mode::Live => "https://identity.payroc.com",
        });
        let base = base.trim_end_matches('/');
        // Tolerate a setting that already names the endpoint.
        if base.ends_with("/authorize") {
            base.to_string()
        } else {
            format!("{base}/authorize")
        }
    }

    fn slot(&self) -> String {
        format!("payroc|{}|{}", self.config.mode, self.identity_url())
    }

    /// Sends `build(token)`; on a 401 forgets that token, fetches a new one once and sends again.
    pub(super) async fn send(&self, key: &SecretString, build: impl Fn(&str) -> RequestBuilder) -> Result<Answer, CallError> {
        let token = self.token(key, None).await?;
        let answer = http::send(NAME, build(token.expose_secret())).await?;
        if answer.status != 401 {
            return Ok(answer);
        }
        tracing::info!("payroc: the API refused the bearer token; fetching a new one");
        let fresh = self.token(key, Some(&token)).await?;
        let again = http::send(NAME, build(fresh.expose_secret())).await?;
        if again.status == 401 {
            // The key was good enough for a token but the API refuses it: most likely the API
            // address and the identity address belong to different environments.
            let words = problem_message(&again.body).unwrap_or_else(|| http::unreadable_error(NAME, 401, &again.body));
            let message = Msg::new("error-payroc-token-refused").text("said", sentence(&words)).text("mode", self.config.mode.as_str());
            return Err(CallError::Refused(message.into()));
        }
        Ok(again)
    }

    /// A usable token: the cached one, else a new one. `stale` is a token the API just refused;
    /// it is dropped, and reused only if someone else has not replaced it meanwhile.
    async fn token(&self, key: &SecretString, stale: Option<&SecretString>) -> Result<SecretString, CallError> {
        let slot = self.slot();
        let is_stale = |t: &SecretString| stale.is_some_and(|s| s.expose_secret() == t.expose_secret());
        if let Some(t) = self.tokens.get(&slot).filter(|t| !is_stale(t)) {
            return Ok(t);
        }
        let gate = gate(&slot);
        let _held = gate.lock().await;
        // Whoever held the gate before us may have fetched one already.
        match self.tokens.get(&slot) {
            Some(t) if !is_stale(&t) => return Ok(t),
            Some(_) => self.tokens.forget(&slot),
            None => {}
        }
        let (token, lifetime) = self.fetch_token(key).await?;
        self.tokens.put(&slot, CachedToken { token: token.clone(), refresh_at: Instant::now() + refresh_after(lifetime) });
        Ok(token)
    }

    async fn fetch_token(&self, key: &SecretString) -> Result<(SecretString, u64), CallError> {
        tracing::info!(mode = self.config.mode.as_str(), "payroc: fetching a bearer token");
        let req = self
            .client
            .post(self.identity_url())
            .header("x-api-key", key.expose_secret())
            .header("Accept", "application/json")
            .timeout(self.config.timeout)
            // An empty body still says `Content-Length: 0`, which some front doors insist on.
            .body(Vec::new());
        let answer = match http::send(IDENTITY, req).await {
            Ok(a) => a,
            Err(CallError::AnswerLost(m)) => return Err(CallError::NotSent(m)),
            Err(e) => return Err(e),
        };
        let Answer { status, body, .. } = answer;
        if !(200..300).contains(&status) {
            let words = problem_message(&body);
            let said = || words.clone().map(|w| format!("{IDENTITY} said: {w} (HTTP {status})")).unwrap_or_else(|| http::unreadable_error(IDENTITY, status, &body));
            return Err(match status {
                401 | 403 => CallError::Http { status, message: self.key_refused(words.clone()), retry_after: None },
                // Anything else it refuses is about the address or the request, not the key.
                400..=499 if status != 429 => {
                    CallError::Http { status, message: format!("{} Check payroc.identity_url.", said()), retry_after: None }
                }
                // Busy or down: the API call never left, so it may simply be tried again.
                _ => CallError::NotSent(said()),
            });
        }
        let parsed: PayrocToken = serde_json::from_slice(&body).map_err(|_| {
            CallError::NotSent(if http::is_html(&body) {
                format!("{IDENTITY} answered with a web page instead of a token: check payroc.identity_url.")
            } else {
                format!("{IDENTITY}'s answer holds no token: {}", http::snippet(&body))
            })
        })?;
        if parsed.access_token.trim().is_empty() || parsed.token_type.as_deref().is_some_and(|t| !t.eq_ignore_ascii_case("bearer")) {
            return Err(CallError::NotSent(format!("{IDENTITY} did not answer with a bearer token.")));
        }
        Ok((SecretString::from(parsed.access_token), parsed.expires_in.unwrap_or(DEFAULT_LIFETIME)))
    }

    /// Payroc's words on a refused key, and which of its hosts wants which key: the desk adds
    /// which key was refused and how to set another.
    fn key_refused(&self, words: Option<String>) -> String {
        let words = words.unwrap_or_else(|| "no details".into());
        format!("{words}; it must be a {} key", env_name(self.config.mode))
    }
}

/// Payroc's name for the environment of a mode.
fn env_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Test => "UAT (test)",
        Mode::Live => "production (live)",
    }
}

#[cfg(test)]
mod tests {
    use super::refresh_after;
    use std::time::Duration;

    #[test]
    fn tokens_are_refreshed_two_minutes_early_or_halfway_when_short() {
        assert_eq!(refresh_after(3600), Duration::from_secs(3480));
        assert_eq!(refresh_after(241), Duration::from_secs(121));
        assert_eq!(refresh_after(240), Duration::from_secs(120));
        assert_eq!(refresh_after(2), Duration::from_secs(1));
        assert_eq!(refresh_after(0), Duration::ZERO);
    }
}
