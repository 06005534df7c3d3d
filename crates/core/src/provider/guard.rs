//! What comes back from a provider is checked here, in one place, before anyone sees it.
//!
//! [`Guarded`] wraps every provider [`super::build`] makes. It delegates each call and then:
//! - takes the key in use, and anything shaped like an HTTP credential, out of every text the
//!   provider sent (error messages, status words, ids), because a careless proxy can echo the
//!   `Authorization` header into its error page, and those texts are shown, logged and stored;
//! - makes every such text one plain line of reasonable length ([`one_line`]): what a provider
//!   says is printed on a terminal, shown and stored, so an escape sequence must not reach the
//!   terminal nor a bidi override reorder a receipt; ids are left as sent, as they are what the
//!   provider is asked about again (and are not printed);
//! - refuses a payment page address that is not a plain `https://` address (see [`page_url`]),
//!   because that address is printed, stored and put in a QR code for a customer to open.
//!
//! It sits under the retry loop (the desk calls it inside `retry::run`), so even the messages
//! logged between attempts are the redacted ones.
//!
//! A refused address in a create answer becomes [`CallError::Refused`]: final. The retry policy
//! gives up at once, the desk marks the link failed with no url, and nothing is sent again (a 5xx
//! would be retried, or, for Dojo, looked up and sent again under a new reference: a loop that
//! makes more links nobody can be shown). In a lookup the status is still worth having, so an
//! unsafe address is dropped (`url: None`) with a warning instead.

use super::*;
use crate::i18n::{english, Msg};
use crate::link::ProviderId;
use crate::Said;
use secrecy::ExposeSecret;

/// Longest payment page address paydesk shows or encodes; a real one is well under 300.
const MAX_URL: usize = 2048;
/// How much of a refused address a message repeats.
const SHOWN: usize = 60;
/// Key prefixes of the providers paydesk knows, redacted wherever they appear.
const KEY_PREFIXES: [&str; 4] = ["sk_test_", "sk_live_", "sk_sandbox_", "sk_prod_"];
use crate::link::{MAX_MESSAGE, MAX_WORD};
/// `Authorization` schemes whose token is a credential.
const SCHEMES: [&str; 2] = ["bearer", "basic"];

/// A provider whose answers are checked and redacted; see the module documentation.
pub struct Guarded {
    inner: Box<dyn Provider>,
    no_key: SecretString,
}

impl Guarded {
    pub fn new(inner: Box<dyn Provider>) -> Guarded {
        Guarded { inner, no_key: SecretString::from("") }
    }

    /// The key to take out of texts. A provider that needs none (Training) is handed a
    /// placeholder, not a secret: taking it out would cut "training" out of its own addresses.
    fn secret<'a>(&'a self, key: &'a SecretString) -> &'a SecretString {
        if self.inner.id().needs_key() {
            key
        } else {
            &self.no_key
        }
    }

    fn observed(&self, obs: Observed, key: &SecretString, reference: &str) -> Observed {
        let url = obs.url.and_then(|url| match page_url(&url, key) {
            Ok(()) => Some(url),
            Err(why) => {
                let shown = shown(&url, key);
                tracing::warn!(provider = %self.id(), reference, "dropped the payment page address {shown:?}: {}", english(&why));
                None
            }
        });
        Observed {
            provider_status: word(&obs.provider_status, key),
            provider_id: obs.provider_id.map(|id| redact(&id, key)),
            url,
            ..obs
        }
    }
}

// Every method of the trait, defaulted ones included, is delegated: a default here would
// silently replace the provider's own answer (Dojo's 5xx rule, Payroc's replay …).
#[async_trait]
impl Provider for Guarded {
    fn id(&self) -> ProviderId {
        self.inner.id()
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    async fn create(&self, key: &SecretString, req: &CreateRequest<'_>) -> Result<Created, CallError> {
        let created = self.inner.create(key, req).await;
        let key = self.secret(key);
        let created = created.map_err(|e| redact_error(e, key))?;
        if let Err(why) = page_url(&created.url, key) {
            let message = Msg::new("error-page-refused")
                .text("provider", self.id().to_string())
                .text("address", format!("{:?}", shown(&created.url, key)))
                .msg("why", why);
            let message = Said::from(message);
            tracing::warn!(provider = %self.id(), reference = req.reference, "{message}");
            return Err(CallError::Refused(message));
        }
        Ok(Created {
            provider_id: created.provider_id.map(|id| redact(&id, key)),
            provider_status: created.provider_status.map(|s| word(&s, key)),
            ..created
        })
    }

    async fn lookup(&self, key: &SecretString, link: LinkRef<'_>) -> Result<Lookup, CallError> {
        let looked = self.inner.lookup(key, link).await;
        let key = self.secret(key);
        match looked.map_err(|e| redact_error(e, key))? {
            Lookup::Found(obs) => Ok(Lookup::Found(self.observed(obs, key, link.reference))),
            Lookup::NotFound { message } => Ok(Lookup::NotFound { message: said(&message, key) }),
        }
    }

    fn check(&self) -> crate::Result<()> {
        self.inner.check()
    }

    fn lost_answer(&self) -> LostAnswer {
        self.inner.lost_answer()
    }

    fn server_error_may_have_created(&self) -> bool {
        self.inner.server_error_may_have_created()
    }

    fn is_duplicate_reference(&self, err: &CallError) -> bool {
        self.inner.is_duplicate_reference(err)
    }

    async fn cancel(&self, key: &SecretString, link: LinkRef<'_>, idempotency_key: &str) -> Result<Observed, CallError> {
        let cancelled = self.inner.cancel(key, link, idempotency_key).await;
        let key = self.secret(key);
        let obs = cancelled.map_err(|e| redact_error(e, key))?;
        Ok(self.observed(obs, key, link.reference))
    }

    async fn share(&self, key: &SecretString, link: LinkRef<'_>, req: &ShareRequest<'_>) -> Result<ShareReceipt, CallError> {
        let shared = self.inner.share(key, link, req).await;
        let key = self.secret(key);
        let receipt = shared.map_err(|e| redact_error(e, key))?;
        Ok(ShareReceipt { provider_id: receipt.provider_id.map(|id| redact(&id, key)) })
    }

    async fn refund(&self, key: &SecretString, link: LinkRef<'_>, req: &RefundRequest<'_>) -> Result<RefundSeen, CallError> {
        let refunded = self.inner.refund(key, link, req).await;
        let key = self.secret(key);
        Ok(refund_seen(refunded.map_err(|e| redact_error(e, key))?, key))
    }

    async fn lookup_refund(&self, key: &SecretString, link: LinkRef<'_>, refund: &RefundRef<'_>) -> Result<RefundLookup, CallError> {
        let looked = self.inner.lookup_refund(key, link, refund).await;
        let key = self.secret(key);
        Ok(match looked.map_err(|e| redact_error(e, key))? {
            RefundLookup::Found(seen) => RefundLookup::Found(refund_seen(seen, key)),
            RefundLookup::NotFound { message } => RefundLookup::NotFound { message: said(&message, key) },
        })
    }

    fn refund_replays(&self) -> bool {
        self.inner.refund_replays()
    }
}

/// A refund's provider words with the key and credentials taken out.
fn refund_seen(seen: RefundSeen, key: &SecretString) -> RefundSeen {
    RefundSeen {
        provider_status: word(&seen.provider_status, key),
        provider_refund_id: seen.provider_refund_id.map(|id| redact(&id, key)),
        ..seen
    }
}

/// Whether `url` may be shown to a customer and put in a QR code; the reason when not, as the
/// end of a sentence about it. `https://` with a host and nothing else in the way; plain
/// `http://` only to this machine, where the local fakes serve their checkout pages — the same
/// rule `settings` holds provider base URLs to.
pub(crate) fn page_url(url: &str, key: &SecretString) -> Result<(), Msg> {
    let why = |id: &'static str| Err(Msg::new(id));
    if url.chars().count() > MAX_URL {
        return why("page-url-too-long");
    }
    // Checked on the text itself: the URL parser quietly drops tabs and newlines, and reads a
    // backslash as a slash where another reader (a QR scanner, a printer) may not.
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\') {
        return why("page-url-spaces");
    }
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return why("page-url-not-web");
    };
    // `host_str` keeps IPv6 brackets: `[::1]`.
    let loopback = parsed.host_str().is_some_and(crate::settings::is_loopback_host);
    match parsed.scheme() {
        "https" if parsed.host_str().is_some_and(|h| !h.is_empty()) => {}
        "http" if loopback => {}
        "http" => return why("page-url-http"),
        _ => return why("page-url-not-https"),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return why("page-url-user");
    }
    if redact(url, key) != url {
        return why("page-url-secret");
    }
    Ok(())
}

/// A refused address as a message may repeat it: redacted and cut short.
fn shown(url: &str, key: &SecretString) -> String {
    let clean = redact(url, key);
    if clean.chars().count() > SHOWN {
        format!("{}…", clean.chars().take(SHOWN).collect::<String>())
    } else {
        clean
    }
}

/// The same error with its message redacted.
fn redact_error(e: CallError, key: &SecretString) -> CallError {
    match e {
        CallError::NotSent(m) => CallError::NotSent(said(&m, key)),
        CallError::AnswerLost(m) => CallError::AnswerLost(said(&m, key)),
        CallError::Http { status, message, retry_after } => CallError::Http { status, message: said(&message, key), retry_after },
        CallError::Refused(m) => CallError::Refused(m.redacted(|t| said(t, key))),
    }
}

/// A provider's status word as paydesk keeps it: redacted, one line, at most [`MAX_WORD`].
fn word(text: &str, key: &SecretString) -> String {
    one_line(&redact(text, key), MAX_WORD)
}

/// A provider's message as paydesk keeps it: redacted, one line, at most [`MAX_MESSAGE`].
fn said(text: &str, key: &SecretString) -> String {
    one_line(&redact(text, key), MAX_MESSAGE)
}

pub(crate) use crate::link::one_line;

/// `text` with the key in use replaced by `[key]`, the token after `Bearer` or `Basic` (any
/// case) by `[redacted]`, and what follows a known secret key prefix (`sk_live_…`) likewise.
pub(crate) fn redact(text: &str, key: &SecretString) -> String {
    let key = key.expose_secret().trim();
    let text = if key.is_empty() { text.to_string() } else { text.replace(key, "[key]") };
    let text = redact_after(&text, &SCHEMES, true, |t| is_token_char(t) || "~+/=".contains(t), is_credential);
    redact_after(&text, &KEY_PREFIXES, false, is_token_char, |token| !token.is_empty())
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._".contains(c)
}

/// A scheme's token that is a credential rather than prose: "Bearer token", "Basic
/// authentication" stay as written; anything with a digit or a symbol, or long, does not.
fn is_credential(token: &str) -> bool {
    let prose = token.len() < 20 && token.chars().all(|c| c.is_ascii_alphabetic());
    !token.is_empty() && !prose
}

/// Replaces the token after each of `words` (ASCII, any case, starting a word) with
/// `[redacted]`; `spaced` when whitespace separates word and token, as in `Bearer abc`.
fn redact_after(text: &str, words: &[&str], spaced: bool, token_char: fn(char) -> bool, secret: fn(&str) -> bool) -> String {
    let lower = text.to_ascii_lowercase(); // same byte offsets as `text`
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while at < text.len() {
        let starts_word = !text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric());
        let matched = words.iter().find(|w| starts_word && lower[at..].starts_with(*w));
        let Some(word) = matched else {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let after_word = at + word.len();
        let gap = text[after_word..].len() - text[after_word..].trim_start().len();
        let start = after_word + gap;
        let end = start + text[start..].find(|c: char| !token_char(c)).unwrap_or(text.len() - start);
        if (gap > 0) == spaced && secret(&text[start..end]) {
            out.push_str(&text[copied..start]);
            out.push_str("[redacted]");
            copied = end;
        }
        at = end.max(after_word);
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
#[path = "guard_tests.rs"]
mod tests;
