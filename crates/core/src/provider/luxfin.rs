//! Luxfin: `POST /payment/paypal` makes a payment order, `GET /payment/status?payment_id=…` says
//! where it stands. Luxfin publishes no spec, only tutorial pages, so everything read from its
//! answers is read tolerantly (the payment URL, the id, the status and error messages may sit under
//! several keys) and every guess is listed in the README. What we send is what the page documents.
//!
//! The amount goes over the wire as a JSON number in major units (`150050` cents → `1500.50`),
//! written from the exact decimal text, never through a float. Luxfin takes no reference of ours
//! and cannot be asked about one, so a create whose answer was lost is voided ([`LostAnswer::Void`]).

use super::http::{self, Answer};
use super::*;
use crate::link::{LinkStatus, Mode, ProviderId};
use crate::money::Currency;
use crate::i18n::Msg;
use crate::Error;
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Map, Value};

const NAME: &str = "Luxfin";

/// Where a Luxfin merchant signs in. Luxfin publishes no refund API, so a refund is made there
/// by hand. UNCERTAIN: no page names a dashboard address; this is the only Luxfin address known.
pub const DASHBOARD: &str = "https://luxfin.org";

pub const CAPABILITIES: Capabilities = Capabilities {
    // "We only support USD" on Luxfin's payments page. No limit is documented: Luxfin refuses
    // what it will not take, in its own words. Its amounts are major units (UNCERTAIN, see
    // `create_body`).
    currencies: &[Accepts::published(Currency::USD, None)],
    verify: true,
    cancel: false,
    share: false,
    refund: false,
    refund_dashboard: Some(DASHBOARD),
};

/// Objects an answer may wrap its fields in, looked into (two levels deep) after the top level.
const WRAPPERS: [&str; 4] = ["data", "result", "order", "payment"];
/// Where the payment page may be, best first. `order_url` is the documented sibling endpoints' key.
const URL_KEYS: [&str; 12] = [
    "order_url", "orderUrl", "checkout_url", "checkoutUrl", "payment_url", "paymentUrl",
    "pay_url", "payUrl", "approve_url", "approval_url", "url", "link",
];
/// `links` entries (PayPal's shape: an object by name, or `[{rel, href}]`) that are the payer's page.
const LINK_RELS: [&str; 4] = ["approve", "payer-action", "checkout", "payment"];
const ID_KEYS: [&str; 5] = ["order_id", "orderId", "payment_id", "paymentId", "id"];
// Specific keys first: a bare `status` may describe the request ("success") rather than the payment.
const STATUS_KEYS: [&str; 5] = ["payment_status", "paymentStatus", "order_status", "status", "state"];
const MESSAGE_KEYS: [&str; 6] = ["message", "error", "detail", "msg", "error_description", "errors"];

/// Luxfin's status words. Only PENDING, SUCCESS and EXPIRED are documented; FAILED and
/// CANCELLED are assumed (terminal words of the PayPal flow behind it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum LuxfinStatus {
    Pending,
    Success,
    Expired,
    Failed,
    #[serde(alias = "CANCELED")]
    Cancelled,
    #[serde(other)]
    Other,
}

/// Maps Luxfin's word to ours, ignoring case. Only SUCCESS is paid; any other word is `unknown`.
fn map_status(word: &str) -> LinkStatus {
    let upper = Value::String(word.trim().to_ascii_uppercase());
    match serde_json::from_value(upper).unwrap_or(LuxfinStatus::Other) {
        LuxfinStatus::Success => LinkStatus::Paid,
        LuxfinStatus::Pending => LinkStatus::Open,
        LuxfinStatus::Expired => LinkStatus::Expired,
        LuxfinStatus::Failed => LinkStatus::Failed,
        LuxfinStatus::Cancelled => LinkStatus::Cancelled,
        LuxfinStatus::Other => LinkStatus::Unknown,
    }
}

pub struct Luxfin {
    client: reqwest::Client,
    config: ProviderConfig,
}

impl Luxfin {
    pub fn new(client: reqwest::Client, config: ProviderConfig) -> Self {
        Luxfin { client, config }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url.trim_end_matches('/'))
    }

    fn authed(&self, req: reqwest::RequestBuilder, key: &SecretString) -> reqwest::RequestBuilder {
        req.bearer_auth(key.expose_secret()).timeout(self.config.timeout).header("Accept", "application/json")
    }
}

/// `{"amount":1500.50,"currency":"USD","customer":…,"product":…,"redirect_url":…}`, by hand:
/// serde_json would need a float (or `arbitrary_precision`) to write a decimal number.
fn create_body(amount: &Money, customer: &str, product: &str, redirect_url: Option<&str>) -> Result<String, CallError> {
    if amount.currency != Currency::USD {
        return Err(CallError::NotSent(format!("{NAME} takes only USD, not {}.", amount.currency)));
    }
    let number = amount.major_decimal();
    if amount.minor <= 0 || !is_json_decimal(&number) {
        return Err(CallError::NotSent(format!("{NAME} needs an amount above zero.")));
    }
    let text = |s: &str| serde_json::to_string(s).expect("a string always serializes");
    let mut body = format!("{{\"amount\":{number},\"currency\":\"USD\",\"customer\":{},\"product\":{}", text(customer), text(product));
    if let Some(url) = redirect_url {
        body.push_str(&format!(",\"redirect_url\":{}", text(url)));
    }
    body.push('}');
    Ok(body)
}

/// Digits, optionally a point and more digits: a number JSON and every parser take as written.
fn is_json_decimal(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(int) && digits(frac) && (int == "0" || !int.starts_with('0'))
}

/// The top level, then the wrapper objects inside it, then those inside them.
fn scopes(body: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    fn inside(m: &Map<String, Value>) -> Vec<&Map<String, Value>> {
        WRAPPERS.iter().filter_map(|w| m.get(*w)?.as_object()).collect()
    }
    let first = inside(body);
    let second: Vec<_> = first.iter().flat_map(|m| inside(m)).collect();
    [vec![body], first, second].concat()
}

/// A text or number field under the first of `keys` found, keys before scopes.
fn field(scopes: &[&Map<String, Value>], keys: &[&str]) -> Option<String> {
    keys.iter().flat_map(|k| scopes.iter().filter_map(move |s| s.get(*k))).find_map(|v| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// The payment page: a known key holding an http(s) URL that is not our own redirect address.
fn payment_url(scopes: &[&Map<String, Value>], redirect_url: Option<&str>) -> Option<String> {
    let usable = |v: &Value| -> Option<String> {
        let s = v.as_str().or_else(|| v.get("href")?.as_str())?.trim();
        let parsed = reqwest::Url::parse(s).ok()?;
        let ours = redirect_url.is_some_and(|r| r.trim_end_matches('/') == s.trim_end_matches('/'));
        (matches!(parsed.scheme(), "https" | "http") && !ours).then(|| s.to_string())
    };
    let by_key = URL_KEYS.iter().flat_map(|k| scopes.iter().filter_map(move |s| s.get(*k))).find_map(usable);
    by_key.or_else(|| {
        scopes.iter().filter_map(|s| s.get("links")).find_map(|links| match links {
            Value::Object(m) => LINK_RELS.iter().filter_map(|r| m.get(*r)).find_map(usable),
            Value::Array(items) => LINK_RELS
                .iter()
                .find_map(|r| items.iter().find(|i| i.get("rel").and_then(Value::as_str) == Some(*r)).and_then(usable)),
            _ => None,
        })
    })
}

/// The keys an answer had (`data.order_id`), never their values: they may be tokens.
fn key_names(body: &Map<String, Value>) -> String {
    let mut names = vec![];
    for (k, v) in body {
        names.push(k.clone());
        if let Value::Object(inner) = v {
            names.extend(inner.keys().map(|i| format!("{k}.{i}")));
        }
    }
    names.sort(); // the same order whatever map type serde_json was built with
    names.truncate(30);
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// The payment's status word. Wrapped objects first, whatever the key: in `{"status": "success",
/// "data": {"status": "PENDING"}}` the outer word is about the request, the inner one the payment.
fn status_word(answer: &Map<String, Value>) -> Option<String> {
    let mut found = scopes(answer);
    found.rotate_left(1);
    found.iter().find_map(|s| field(&[s], &STATUS_KEYS))
}

/// Luxfin's own words in an error answer: `message`, `error`, `detail` (text, object or list).
fn said(body: &Value) -> Option<String> {
    fn text(v: &Value) -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Object(m) => ["message", "msg", "detail", "description"].iter().find_map(|k| text(m.get(*k)?)),
            // FastAPI-style `[{"loc": ["body", "amount"], "msg": "…"}]`: name the field too.
            Value::Array(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .filter_map(|i| {
                        let msg = text(i)?;
                        let field = i.get("loc").and_then(Value::as_array).and_then(|l| l.last()).and_then(Value::as_str);
                        Some(field.map(|f| format!("{f}: {msg}")).unwrap_or(msg))
                    })
                    .collect();
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            _ => None,
        }
    }
    let obj = body.as_object()?;
    let found = MESSAGE_KEYS.iter().flat_map(|k| scopes(obj).into_iter().filter_map(move |s| s.get(*k))).find_map(text)?;
    let one_line = found.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = one_line.chars().take(300).collect();
    (!short.is_empty()).then_some(short)
}

/// A 2xx answer that says it failed: `success`/`ok`/`status` false, or an `error` that is set
/// (`"error": null`, `false`, `0`, `""` or `{}` are the usual ways of saying there is none).
fn refused(body: &Map<String, Value>) -> bool {
    let set = |e: &Value| match e {
        Value::Null | Value::Bool(false) => false,
        Value::Number(n) => n.as_i64() != Some(0),
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
        Value::Bool(true) => true,
    };
    ["success", "ok", "status"].iter().any(|k| body.get(*k) == Some(&Value::Bool(false))) || body.get("error").is_some_and(set)
}

/// Reads an answer: an error status becomes Luxfin's words; a success must be a JSON object.
fn read(answer: Answer) -> Result<(u16, Map<String, Value>), CallError> {
    let Answer { status, body, retry_after } = answer;
    let parsed = serde_json::from_slice::<Value>(&body);
    if !(200..300).contains(&status) {
        let message = parsed.ok().as_ref().and_then(said).unwrap_or_else(|| http::unreadable_error(NAME, status, &body));
        return Err(CallError::Http { status, message, retry_after });
    }
    match parsed {
        Ok(Value::Object(map)) if refused(&map) => {
            let message = said(&Value::Object(map)).unwrap_or_else(|| "the request was refused, with no reason given.".into());
            Err(CallError::Http { status, message, retry_after: None })
        }
        Ok(Value::Object(map)) => Ok((status, map)),
        _ => Err(http::unreadable_success(NAME, &body)),
    }
}

#[async_trait]
impl Provider for Luxfin {
    fn id(&self) -> ProviderId {
        ProviderId::Luxfin
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    async fn create(&self, key: &SecretString, req: &CreateRequest<'_>) -> Result<Created, CallError> {
        // `product` is required and shown to the payer.
        let product = match (req.description, req.merchant_name) {
            (Some(d), _) => d.to_string(),
            (None, Some(m)) => format!("Payment to {m}"),
            (None, None) => "Payment".to_string(),
        };
        let redirect_url = self.config.option("redirect_url");
        let body = create_body(&req.amount, req.customer_email, &product, redirect_url)?;
        tracing::info!(reference = req.reference, "luxfin: payment/paypal");
        let http_req = self
            .authed(self.client.post(self.url("/payment/paypal")), key)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        let (status, answer) = read(http::send(NAME, http_req).await?)?;
        let found = scopes(&answer);
        let Some(url) = payment_url(&found, redirect_url) else {
            // The order may exist, but nobody can reach its page: it cannot be paid. Say what came.
            let message = format!(
                "the order came back without a payment URL (no order_url or similar key); its answer had the keys: {}.",
                key_names(&answer)
            );
            return Err(CallError::Http { status, message, retry_after: None });
        };
        let provider_id = field(&found, &ID_KEYS);
        if provider_id.is_none() {
            tracing::warn!(reference = req.reference, "luxfin: no order id in the answer; verify can only ask by our reference");
        }
        // A `status` here may describe the request rather than the order: none is kept.
        Ok(Created { provider_id, url, status: LinkStatus::Open, provider_status: None })
    }

    async fn lookup(&self, key: &SecretString, link: LinkRef<'_>) -> Result<Lookup, CallError> {
        // Without an order id (none came back, or the desk is probing a key) our reference is
        // asked for: Luxfin does not know it, so the answer is a 404 — or a 401 for a bad key.
        let id = link.provider_id.unwrap_or(link.reference);
        tracing::info!(reference = link.reference, payment_id = id, "luxfin: payment/status");
        let http_req = self.authed(self.client.get(self.url("/payment/status")), key).query(&[("payment_id", id)]);
        let (status, answer) = match read(http::send(NAME, http_req).await?) {
            Ok(read) => read,
            Err(CallError::Http { status: 404, message, .. }) if link.provider_id.is_some() => return Ok(Lookup::NotFound { message }),
            Err(CallError::Http { status: 404, .. }) => {
                let message = format!("{NAME} gave no order id when this link was made, and does not know it by our reference.");
                return Ok(Lookup::NotFound { message });
            }
            Err(e) => return Err(e),
        };
        let mut found = scopes(&answer);
        found.rotate_left(1); // wrapped first, as for the status word
        let Some(word) = status_word(&answer) else {
            let message = format!("its answer has no payment status; it had the keys: {}.", key_names(&answer));
            return Err(CallError::Http { status, message, retry_after: None });
        };
        let amount_minor =
            field(&found, &["amount"]).and_then(|a| Money::parse(&a, Currency::USD, None).ok()).map(|m| m.minor);
        Ok(Lookup::Found(Observed {
            status: map_status(&word),
            provider_status: word,
            provider_id: link.provider_id.map(str::to_string),
            amount_minor,
            url: None,
        }))
    }

    /// No idempotency and no lookup by our reference: an unseen order is voided, never re-asked.
    fn lost_answer(&self) -> LostAnswer {
        LostAnswer::Void
    }
}

/// Any one-word key is accepted: Luxfin documents no format and no test/live prefix, so the key
/// never names its mode (`Ok(None)`: filed under the mode the person picks). Never echoes the key.
pub fn mode_of_key(key: &str) -> crate::Result<Option<Mode>> {
    let key = key.trim();
    if key.is_empty() {
        return Err(Error::invalid_msg("key", Msg::new("error-luxfin-empty")));
    }
    if key.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("bearer ")) {
        return Err(Error::invalid_msg("key", Msg::new("error-luxfin-bearer")));
    }
    // It goes into an HTTP header: anything else would fail on every call.
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid_msg("key", Msg::new("error-luxfin-not-a-key")));
    }
    Ok(None)
}

#[cfg(test)]
#[path = "luxfin/tests.rs"]
mod tests;
