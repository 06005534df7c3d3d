//! Paystack: `POST /transaction/initialize` to make a link, `GET /transaction/verify/{reference}`
//! to check it. Amounts go over the wire as integer minor units (kobo, pesewas, cents), and the
//! reference is ours, chosen and stored before the first send. Wire types are private to this file;
//! refunds live in [`refund`].

mod refund;

use super::http::{self, Answer};
use super::*;
use crate::link::{LinkStatus, Mode, ProviderId};
use crate::money::Currency;
use crate::i18n::Msg;
use crate::Error;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

const NAME: &str = "Paystack";

/// Most one transaction may ask for, in major units of its currency.
const LIMIT: Option<i64> = Some(10_000_000);

pub const CAPABILITIES: Capabilities = Capabilities {
    // The spec's `Currency` enum (GHS, KES, NGN, ZAR, USD), amounts "in smallest denomination of
    // the currency". XOF, EGP and RWF are Paystack's newer markets (Côte d'Ivoire, Egypt, Rwanda)
    // and are not in the spec: that Paystack takes them, and in their ISO minor unit (XOF and RWF
    // have none, so XOF 1500 is sent as 1500), is assumed. The limit is "Amount cannot be more
    // than 10,000,000" from Paystack's error texts, in major units, assumed to hold in each.
    currencies: &[
        Accepts::published(Currency::NGN, LIMIT),
        Accepts::published(Currency::GHS, LIMIT),
        Accepts::published(Currency::ZAR, LIMIT),
        Accepts::published(Currency::KES, LIMIT),
        Accepts::published(Currency::USD, LIMIT),
        Accepts::assumed(Currency::XOF, LIMIT),
        Accepts::assumed(Currency::EGP, LIMIT),
        Accepts::assumed(Currency::RWF, LIMIT),
    ],
    verify: true,
    cancel: false,
    share: false,
    refund: true,
    refund_dashboard: None,
};

pub struct Paystack {
    client: reqwest::Client,
    config: ProviderConfig,
}

#[derive(Serialize)]
struct PaystackInitRequest<'a> {
    email: &'a str,
    amount: i64,
    currency: &'a str,
    reference: &'a str,
    metadata: PaystackMetadata<'a>,
}

/// Shown on Paystack's dashboard next to the transaction.
#[derive(Serialize)]
struct PaystackMetadata<'a> {
    paydesk_link_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant: Option<&'a str>,
}

#[derive(Deserialize)]
struct PaystackEnvelope<T> {
    status: bool,
    #[serde(default)]
    message: String,
    data: Option<T>,
}

#[derive(Deserialize)]
struct PaystackInitData {
    authorization_url: String,
    access_code: Option<String>,
}

#[derive(Deserialize)]
struct PaystackVerifyData {
    id: Option<i64>,
    status: String,
    amount: Option<i64>,
}

#[derive(Deserialize)]
struct PaystackErrorBody {
    message: Option<String>,
}

/// Paystack's transaction status words, all eight of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum PaystackTxStatus {
    Success,
    Failed,
    Abandoned,
    Ongoing,
    Pending,
    Processing,
    Queued,
    Reversed,
    #[serde(other)]
    Other,
}

/// Maps Paystack's word to ours. Only `success` is paid; a word we do not know stays `unknown`.
fn map_status(word: &str) -> LinkStatus {
    let parsed: PaystackTxStatus =
        serde_json::from_value(serde_json::Value::String(word.to_ascii_lowercase())).unwrap_or(PaystackTxStatus::Other);
    match parsed {
        PaystackTxStatus::Success => LinkStatus::Paid,
        PaystackTxStatus::Failed => LinkStatus::Failed,
        PaystackTxStatus::Reversed => LinkStatus::Refunded,
        // "abandoned" is what verify says until the customer acts: the link can still be paid.
        PaystackTxStatus::Abandoned
        | PaystackTxStatus::Ongoing
        | PaystackTxStatus::Pending
        | PaystackTxStatus::Processing
        | PaystackTxStatus::Queued => LinkStatus::Open,
        PaystackTxStatus::Other => LinkStatus::Unknown,
    }
}

impl Paystack {
    pub fn new(client: reqwest::Client, config: ProviderConfig) -> Self {
        Paystack { client, config }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url.trim_end_matches('/'))
    }

    fn authed(&self, req: reqwest::RequestBuilder, key: &SecretString) -> reqwest::RequestBuilder {
        req.bearer_auth(key.expose_secret()).timeout(self.config.timeout).header("Accept", "application/json")
    }

    /// Turns an answer into `T`, or the error Paystack gave, in its own words.
    fn read<T: serde::de::DeserializeOwned>(answer: Answer) -> Result<T, CallError> {
        let Answer { status, body, retry_after } = answer;
        if !(200..300).contains(&status) {
            let message = serde_json::from_slice::<PaystackErrorBody>(&body)
                .ok()
                .and_then(|b| b.message)
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| http::unreadable_error(NAME, status, &body));
            return Err(CallError::Http { status, message, retry_after });
        }
        let env: PaystackEnvelope<T> = http::parse_success(NAME, &body)?;
        match (env.status, env.data) {
            (true, Some(data)) => Ok(data),
            _ => Err(CallError::Http { status, message: env.message, retry_after: None }),
        }
    }
}

#[async_trait]
impl Provider for Paystack {
    fn id(&self) -> ProviderId {
        ProviderId::Paystack
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    async fn create(&self, key: &SecretString, req: &CreateRequest<'_>) -> Result<Created, CallError> {
        let body = PaystackInitRequest {
            email: req.customer_email,
            amount: req.amount.minor,
            currency: req.amount.currency.code(),
            reference: req.reference,
            metadata: PaystackMetadata {
                paydesk_link_id: req.link_id,
                description: req.description,
                merchant: req.merchant_name,
            },
        };
        tracing::info!(reference = req.reference, "paystack: initialize");
        let http_req = self.authed(self.client.post(self.url("/transaction/initialize")), key).json(&body);
        let answer = http::send(NAME, http_req).await?;
        let data: PaystackInitData = Self::read(answer)?;
        Ok(Created {
            provider_id: data.access_code,
            url: data.authorization_url,
            status: LinkStatus::Open,
            provider_status: None,
        })
    }

    async fn lookup(&self, key: &SecretString, link: LinkRef<'_>) -> Result<Lookup, CallError> {
        let reference = link.reference;
        tracing::info!(reference, "paystack: verify");
        let path = format!("/transaction/verify/{reference}");
        let answer = http::send(NAME, self.authed(self.client.get(self.url(&path)), key)).await?;
        match Self::read::<PaystackVerifyData>(answer) {
            Ok(data) => Ok(Lookup::Found(Observed {
                status: map_status(&data.status),
                provider_status: data.status,
                provider_id: data.id.map(|id| id.to_string()),
                amount_minor: data.amount,
                // Verify never returns the checkout URL: a lost initialize cannot be recovered.
                url: None,
            })),
            Err(CallError::Http { status: 404, message, .. }) => Ok(Lookup::NotFound { message }),
            Err(e) => Err(e),
        }
    }

    fn lost_answer(&self) -> LostAnswer {
        LostAnswer::LookUp
    }

    fn is_duplicate_reference(&self, err: &CallError) -> bool {
        matches!(err, CallError::Http { status: 400, message, .. } if message.to_ascii_lowercase().contains("duplicate transaction reference"))
    }

    async fn refund(&self, key: &SecretString, link: LinkRef<'_>, req: &RefundRequest<'_>) -> Result<RefundSeen, CallError> {
        self.send_refund(key, link, req).await
    }

    async fn lookup_refund(&self, key: &SecretString, link: LinkRef<'_>, refund: &RefundRef<'_>) -> Result<RefundLookup, CallError> {
        self.find_refund(key, link, refund).await
    }

    fn refund_replays(&self) -> bool {
        false // no idempotency key: a lost answer is looked up in the list of refunds first
    }
}

/// `sk_test_…` is a test key, `sk_live_…` a live one; anything else is refused with the reason.
pub fn mode_of_key(key: &str) -> crate::Result<Mode> {
    let key = key.trim();
    if key.starts_with("sk_test_") && key.len() > 8 {
        Ok(Mode::Test)
    } else if key.starts_with("sk_live_") && key.len() > 8 {
        Ok(Mode::Live)
    } else if key.starts_with("pk_") {
        Err(Error::invalid_msg("key", Msg::new("error-paystack-public-key")))
    } else {
        Err(Error::invalid_msg("key", Msg::new("error-paystack-not-a-key")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_eight_status_words_map_and_unknown_words_stay_unknown() {
        let table = [
            ("success", LinkStatus::Paid),
            ("failed", LinkStatus::Failed),
            ("abandoned", LinkStatus::Open),
            ("ongoing", LinkStatus::Open),
            ("pending", LinkStatus::Open),
            ("processing", LinkStatus::Open),
            ("queued", LinkStatus::Open),
            ("reversed", LinkStatus::Refunded),
            ("SUCCESS", LinkStatus::Paid),
            ("send_otp", LinkStatus::Unknown),
            ("", LinkStatus::Unknown),
            ("paid", LinkStatus::Unknown),
        ];
        for (word, want) in table {
            assert_eq!(map_status(word), want, "{word:?}");
        }
    }

    #[test]
    fn key_prefix_decides_the_mode() {
        assert_eq!(mode_of_key("sk_test_abc").unwrap(), Mode::Test);
        assert_eq!(mode_of_key("sk_live_abc").unwrap(), Mode::Live);
        for bad in ["pk_test_SECRET1", "sk_test_", "SECRET2", "", "sk_prod_SECRET3"] {
            let err = mode_of_key(bad).unwrap_err();
            assert_eq!(err.field(), Some("key"), "{bad}");
            assert!(!err.to_string().contains("SECRET"), "the message must not echo the key: {err}");
        }
    }
}
