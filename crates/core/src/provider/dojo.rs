//! Dojo: a payment link is a payment intent. `POST /payment-intents` makes it,
//! `GET /payment-intents/{id}?returnCanceled=true` checks it, `DELETE /payment-intents/{id}`
//! cancels it. Every call carries `Authorization: Basic <key>` — the raw key, not base64, as
//! Dojo's docs show — and a `version` date header (the `dojo.version` setting).
//!
//! Dojo takes no idempotency key and does not refuse a reused reference, so a create whose answer
//! was lost is found again with `POST /payment-intents/search`. That search cannot filter by
//! reference, only by status and date, so we ask for intents still `Created` in the last
//! [`SEARCH_DAYS`] days and match our reference ourselves (see `Dojo::search`).

mod refund;
mod wire;

use super::http::{self, Answer};
use super::*;
use crate::link::{LinkStatus, Mode, ProviderId};
use crate::money::Currency;
use crate::i18n::Msg;
use crate::Error;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION};
use secrecy::ExposeSecret;
use wire::*;

const NAME: &str = "Dojo";

/// The API version sent when the setting is absent: the one the official spec we test against
/// describes, and the one Dojo's payment-links sample sends.
pub const DEFAULT_VERSION: &str = "2024-02-05";

/// Where Dojo's checkout lives; the link when an answer carries no `paymentLink`.
pub const CHECKOUT_BASE: &str = "https://pay.dojo.tech/checkout/";

/// `reference` is 1 to 60 characters in `CreatePaymentIntentRequest`.
const MAX_REFERENCE: usize = 60;

/// How far back a lost create is looked for. An intent that is never authorized is voided after
/// 30 days (the spec's `expireAt`), so an older one can no longer be paid and need not be found.
pub const SEARCH_DAYS: i64 = 31;
/// Intents per search page: the spec's maximum.
const SEARCH_PAGE: u32 = 100;
/// Pages read before giving up on a search (2,000 unpaid intents in a month).
const SEARCH_MAX_PAGES: usize = 20;

pub const CAPABILITIES: Capabilities = Capabilities {
    // The spec's `Money.currencyCode`: "Accepts GBP and EUR", `value` in minor units.
    // Dojo publishes no per-payment limit (`value` is an int64). One million pounds or euros is
    // a guard against a mistyped amount, far above any card payment a counter takes by link.
    currencies: &[Accepts::published(Currency::GBP, Some(1_000_000)), Accepts::published(Currency::EUR, Some(1_000_000))],
    verify: true,
    cancel: true,
    share: false,
    refund: true,
    refund_dashboard: None,
};

pub struct Dojo {
    client: reqwest::Client,
    config: ProviderConfig,
}

/// Dojo's payment intent status words, all six (`PaymentIntentStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DojoStatus {
    Created,
    Authorized,
    Captured,
    Reversed,
    Refunded,
    Canceled,
    Other,
}

impl DojoStatus {
    /// Case is forgiven (`CAPTURED` is still captured); anything else is `Other`.
    fn parse(word: &str) -> DojoStatus {
        match word.trim().to_ascii_lowercase().as_str() {
            "created" => DojoStatus::Created,
            "authorized" => DojoStatus::Authorized,
            "captured" => DojoStatus::Captured,
            "reversed" => DojoStatus::Reversed,
            "refunded" => DojoStatus::Refunded,
            "canceled" => DojoStatus::Canceled,
            _ => DojoStatus::Other,
        }
    }
}

/// Maps Dojo's word to ours. `Captured` is paid. `Authorized` is paid only when the intent's
/// capture mode is `Manual`: the money is then held for the merchant, who captures it in Dojo's
/// dashboard. With `Auto` capture (the default, and what we create) it is a moment before
/// `Captured` and still open. A word we do not know is `unknown`, never paid.
fn map_status(word: &str, capture_mode: Option<&str>) -> LinkStatus {
    let manual = capture_mode.is_some_and(|m| m.trim().eq_ignore_ascii_case("manual"));
    match DojoStatus::parse(word) {
        DojoStatus::Captured => LinkStatus::Paid,
        DojoStatus::Authorized if manual => LinkStatus::Paid,
        DojoStatus::Authorized | DojoStatus::Created => LinkStatus::Open,
        DojoStatus::Canceled => LinkStatus::Cancelled,
        // A reversal gives back an authorization, a refund a capture: either way the money is back.
        DojoStatus::Reversed | DojoStatus::Refunded => LinkStatus::Refunded,
        DojoStatus::Other => LinkStatus::Unknown,
    }
}

/// The checkout page of an intent, as Dojo's payment-links guide builds it.
pub fn checkout_url(id: &str) -> String {
    format!("{CHECKOUT_BASE}{id}")
}

fn nonblank(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

impl DojoIntent {
    fn observed(self) -> Observed {
        let word = self.status.unwrap_or_default();
        let id = nonblank(self.id);
        let value = self.amount.as_ref().and_then(|a| a.value);
        let status = match (map_status(&word, self.capture_mode.as_deref()), self.refunded_amount, value) {
            // "Refunded" with less given back than was taken is a partial refund, not a whole one.
            (LinkStatus::Refunded, Some(back), Some(paid)) if back > 0 && back < paid => LinkStatus::PartiallyRefunded,
            (status, _, _) => status,
        };
        Observed {
            status,
            provider_status: word,
            url: nonblank(self.payment_link).or_else(|| id.as_deref().map(checkout_url)),
            provider_id: id,
            amount_minor: value,
        }
    }
}

impl Dojo {
    pub fn new(client: reqwest::Client, config: ProviderConfig) -> Self {
        Dojo { client, config }
    }

    fn version(&self) -> &str {
        self.config.option("version").unwrap_or(DEFAULT_VERSION)
    }

    /// `base` + path segments, each escaped (an id is data, never a path of its own).
    fn url(&self, segments: &[&str]) -> Result<reqwest::Url, CallError> {
        let bad = || CallError::NotSent(format!("The Dojo address \"{}\" is not a web address: check dojo.base_url.", self.config.base_url));
        let mut url = reqwest::Url::parse(&self.config.base_url).map_err(|_| bad())?;
        url.path_segments_mut().map_err(|_| bad())?.pop_if_empty().extend(segments);
        Ok(url)
    }

    fn authed(&self, req: reqwest::RequestBuilder, key: &SecretString) -> Result<reqwest::RequestBuilder, CallError> {
        // Never echo the key: say what is wrong with it instead.
        let mut auth = HeaderValue::from_str(&format!("Basic {}", key.expose_secret().trim())).map_err(|_| {
            CallError::NotSent("The Dojo key holds characters a header cannot carry: paste it again from Dojo's Developer Portal.".into())
        })?;
        auth.set_sensitive(true);
        Ok(req.timeout(self.config.timeout).header(AUTHORIZATION, auth).header("version", self.version()).header(ACCEPT, "application/json"))
    }

    /// Turns an answer into `T`, or the error Dojo gave, in its own words.
    fn read<T: serde::de::DeserializeOwned>(answer: Answer) -> Result<T, CallError> {
        let Answer { status, body, retry_after } = answer;
        if !(200..300).contains(&status) {
            let problem = serde_json::from_slice::<DojoProblem>(&body).ok();
            // Logged only when it looks like an id: this text has not been through the guard yet.
            let looks_like_id = |t: &&str| t.len() <= 80 && t.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:|".contains(c));
            if let Some(trace) = problem.as_ref().and_then(|p| p.trace_id.as_deref()).filter(looks_like_id) {
                // For Dojo's support; kept out of the message a person reads.
                tracing::warn!(status, trace_id = trace, "dojo: error answer");
            }
            let message = problem.and_then(|p| p.message()).unwrap_or_else(|| http::unreadable_error(NAME, status, &body));
            return Err(CallError::Http { status, message, retry_after });
        }
        http::parse_success(NAME, &body)
    }

    async fn get(&self, key: &SecretString, id: &str) -> Result<DojoIntent, CallError> {
        let mut url = self.url(&["payment-intents", id])?;
        // Without it a cancelled intent answers 404, which would read as "never existed".
        url.query_pairs_mut().append_pair("returnCanceled", "true");
        let answer = http::send(NAME, self.authed(self.client.get(url), key)?).await?;
        Self::read(answer)
    }

    /// Finds the intent a lost create may have made, by our reference. Only `Created` intents are
    /// asked for: one whose answer was lost has an id nobody saw, so nobody can have paid it, and
    /// once voided (`Canceled`) it no longer matters. That keeps the pages few even for a shop
    /// with thousands of paid intents. Pages are read until the reference is found or Dojo says
    /// there are no more; past [`SEARCH_MAX_PAGES`] the search gives up rather than guess.
    async fn search(&self, key: &SecretString, reference: &str) -> Result<Lookup, CallError> {
        let since = chrono::Utc::now() - chrono::Duration::days(SEARCH_DAYS);
        let start_date = since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut after: Option<String> = None;
        for _ in 0..SEARCH_MAX_PAGES {
            let body = DojoSearchRequest {
                statuses: &["Created"],
                start_date: start_date.clone(),
                cursor: DojoCursor { limit: SEARCH_PAGE, after: after.clone() },
            };
            let req = self.authed(self.client.post(self.url(&["payment-intents", "search"])?), key)?.json(&body);
            let page: DojoPage = Self::read(http::send(NAME, req).await?)?;
            let found = page.data.into_iter().flatten().find(|i| {
                i.reference.as_deref() == Some(reference)
                    && DojoStatus::parse(i.status.as_deref().unwrap_or_default()) != DojoStatus::Canceled
            });
            if let Some(intent) = found {
                return Ok(Lookup::Found(intent.observed()));
            }
            match nonblank(page.after) {
                // A cursor that does not move would loop for ever.
                Some(next) if after.as_deref() != Some(next.as_str()) => after = Some(next),
                _ => {
                    return Ok(Lookup::NotFound {
                        message: format!("Dojo has no open payment intent with reference {reference} from the last {SEARCH_DAYS} days."),
                    })
                }
            }
        }
        // Dojo did answer; asking again would page through the same intents, so this is final
        // (an HTTP-status error is never retried, unlike a lost answer).
        Err(CallError::Http {
            status: 200,
            message: format!(
                "more than {} open Dojo payment intents in the last {SEARCH_DAYS} days; cancel old ones in Dojo's dashboard, then retry",
                SEARCH_PAGE as usize * SEARCH_MAX_PAGES
            ),
            retry_after: None,
        })
    }
}

#[async_trait]
impl Provider for Dojo {
    fn id(&self) -> ProviderId {
        ProviderId::Dojo
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    async fn create(&self, key: &SecretString, req: &CreateRequest<'_>) -> Result<Created, CallError> {
        if req.reference.is_empty() || req.reference.chars().count() > MAX_REFERENCE {
            return Err(CallError::NotSent(format!("Dojo takes references of 1 to {MAX_REFERENCE} characters.")));
        }
        let body = DojoCreateRequest {
            amount: DojoMoney { value: req.amount.minor, currency_code: req.amount.currency.code() },
            reference: req.reference,
            description: req.description,
            customer: DojoCustomer { email_address: req.customer_email },
            payment_source: self.config.option("payment_source"),
        };
        tracing::info!(reference = req.reference, version = self.version(), "dojo: create payment intent");
        let http_req = self.authed(self.client.post(self.url(&["payment-intents"])?), key)?.json(&body);
        let intent: DojoIntent = Self::read(http::send(NAME, http_req).await?)?;
        let obs = intent.observed();
        // Without its id the intent cannot be checked or cancelled: as good as no answer.
        let Some(id) = obs.provider_id else {
            return Err(CallError::AnswerLost(format!("{NAME}'s answer named no payment intent id.")));
        };
        Ok(Created {
            url: obs.url.unwrap_or_else(|| checkout_url(&id)),
            provider_id: Some(id),
            status: obs.status,
            provider_status: Some(obs.provider_status),
        })
    }

    async fn lookup(&self, key: &SecretString, link: LinkRef<'_>) -> Result<Lookup, CallError> {
        let Some(id) = link.provider_id else {
            tracing::info!(reference = link.reference, "dojo: search for a lost create");
            return self.search(key, link.reference).await;
        };
        tracing::info!(reference = link.reference, id, "dojo: get payment intent");
        match self.get(key, id).await {
            Ok(intent) => Ok(Lookup::Found(intent.observed())),
            Err(CallError::Http { status: 404, message, .. }) => Ok(Lookup::NotFound { message }),
            Err(e) => Err(e),
        }
    }

    fn server_error_may_have_created(&self) -> bool {
        true // Dojo takes a reused reference: resending after a 5xx could make a second intent
    }

    fn lost_answer(&self) -> LostAnswer {
        LostAnswer::LookUp
    }

    async fn cancel(&self, key: &SecretString, link: LinkRef<'_>, _idempotency_key: &str) -> Result<Observed, CallError> {
        let Some(id) = link.provider_id else {
            return Err(CallError::NotSent(format!("Link {} has no Dojo payment intent id to cancel.", link.reference)));
        };
        tracing::info!(reference = link.reference, id, "dojo: cancel payment intent");
        let answer = http::send(NAME, self.authed(self.client.delete(self.url(&["payment-intents", id])?), key)?).await?;
        match Self::read::<DojoIntent>(answer) {
            Ok(intent) => Ok(intent.observed()),
            // Only a `Created` intent can be cancelled, so a DELETE repeated after a lost answer
            // is refused: if the intent is cancelled already, that is the answer we wanted.
            Err(refused @ CallError::Http { status: 400 | 404 | 409 | 422, .. }) => match self.get(key, id).await {
                Ok(intent) if DojoStatus::parse(intent.status.as_deref().unwrap_or_default()) == DojoStatus::Canceled => {
                    Ok(intent.observed())
                }
                _ => Err(refused),
            },
            Err(e) => Err(e),
        }
    }

    async fn refund(&self, key: &SecretString, link: LinkRef<'_>, req: &RefundRequest<'_>) -> Result<RefundSeen, CallError> {
        self.send_refund(key, link, req).await
    }

    async fn lookup_refund(&self, key: &SecretString, link: LinkRef<'_>, refund: &RefundRef<'_>) -> Result<RefundLookup, CallError> {
        self.find_refund(key, link, refund).await
    }

    fn refund_replays(&self) -> bool {
        true // the spec: the idempotency key "is used to recognize subsequent retries of the same request"
    }
}

/// `sk_sandbox_…` is a test key, `sk_prod_…` a live one; anything else is refused with the
/// reason, never repeating the key.
pub fn mode_of_key(key: &str) -> crate::Result<Mode> {
    let key = key.trim();
    let rest = |prefix: &str| key.strip_prefix(prefix).filter(|r| !r.is_empty());
    if rest("sk_sandbox_").is_some() {
        Ok(Mode::Test)
    } else if rest("sk_prod_").is_some() {
        Ok(Mode::Live)
    } else if key.starts_with("sk_test_") || key.starts_with("sk_live_") {
        Err(Error::invalid_msg("key", Msg::new("error-dojo-paystack-key")))
    } else {
        Err(Error::invalid_msg("key", Msg::new("error-dojo-not-a-key")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_six_status_words_map_and_unknown_words_stay_unknown() {
        let table = [
            ("Created", None, LinkStatus::Open),
            ("Authorized", None, LinkStatus::Open),
            ("Authorized", Some("Auto"), LinkStatus::Open),
            ("Authorized", Some("Manual"), LinkStatus::Paid),
            ("Captured", None, LinkStatus::Paid),
            ("Captured", Some("Manual"), LinkStatus::Paid),
            ("Reversed", None, LinkStatus::Refunded),
            ("Refunded", None, LinkStatus::Refunded),
            ("Canceled", None, LinkStatus::Cancelled),
            ("CAPTURED", None, LinkStatus::Paid),
            ("Cancelled", None, LinkStatus::Unknown),
            ("Paid", None, LinkStatus::Unknown),
            ("Declined", Some("Manual"), LinkStatus::Unknown),
            ("", None, LinkStatus::Unknown),
        ];
        for (word, mode, want) in table {
            assert_eq!(map_status(word, mode), want, "{word:?} {mode:?}");
        }
    }

    #[test]
    fn key_prefix_decides_the_mode_and_the_key_is_never_echoed() {
        assert_eq!(mode_of_key("sk_sandbox_abc").unwrap(), Mode::Test);
        assert_eq!(mode_of_key(" sk_prod_abc ").unwrap(), Mode::Live);
        for bad in ["sk_test_SECRET1", "sk_sandbox_", "SECRET2", "", "pk_sandbox_SECRET3", "Basic sk_prod_SECRET4"] {
            let err = mode_of_key(bad).unwrap_err();
            assert_eq!(err.field(), Some("key"), "{bad}");
            assert!(err.to_string().contains("sk_sandbox_"), "says what a Dojo key looks like: {err}");
            assert!(!err.to_string().contains("SECRET"), "the message must not echo the key: {err}");
        }
    }

    #[test]
    fn urls_escape_ids_and_keep_a_base_path() {
        let config = |base: &str| ProviderConfig {
            base_url: base.into(),
            timeout: std::time::Duration::from_secs(1),
            mode: Mode::Test,
            options: Default::default(),
        };
        let dojo = Dojo::new(reqwest::Client::new(), config("http://127.0.0.1:9/api/"));
        assert_eq!(dojo.url(&["payment-intents", "pi_a/b?c"]).unwrap().as_str(), "http://127.0.0.1:9/api/payment-intents/pi_a%2Fb%3Fc");
        assert_eq!(dojo.version(), DEFAULT_VERSION);
        assert!(matches!(Dojo::new(reqwest::Client::new(), config("nope")).url(&["x"]), Err(CallError::NotSent(_))));
        assert_eq!(checkout_url("pi_sandbox_x"), "https://pay.dojo.tech/checkout/pi_sandbox_x");
    }
}
