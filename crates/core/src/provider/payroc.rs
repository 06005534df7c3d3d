//! Payroc: single-use payment links on a processing terminal, e-mailed by Payroc itself, checked
//! and deactivated by their `paymentLinkId`. Held against Payroc's official OpenAPI spec.
//!
//! - Every API call carries a bearer token from the identity service ([`token`]).
//! - Every POST carries an `Idempotency-Key` (UUID v4) chosen and stored by the desk before the
//!   first send and reused by every retry: Payroc replays its first answer to a resend, so a lost
//!   answer is simply asked for again ([`LostAnswer::Replay`]) and never makes a second link.
//! - Amounts go over the wire as integer minor units in `order.charge` (`type: "preset"`).
//! - Errors are `application/problem+json`; the user reads Payroc's own words.
//! - Refunds (or, for a payment whose batch is still open, reversals) are in [`refund`].
//!
//! Wire types live in [`wire`], private to this provider.

mod refund;
mod token;
mod wire;

use super::http::{self, Answer};
use super::*;
use crate::link::{LinkStatus, Mode, ProviderId};
use crate::money::Currency;
use crate::i18n::Msg;
use crate::Error;
use reqwest::RequestBuilder;
use wire::*;

const NAME: &str = "Payroc";
/// The spec's bounds: `orderId` 1–24, processing terminal ids 4–50, recipients' e-mail 6–128.
const MAX_ORDER_ID: usize = 24;
const DEFAULT_EXPIRY_DAYS: u64 = 7;

pub const CAPABILITIES: Capabilities = Capabilities {
    // Payroc's spec takes any ISO 4217 code, amounts "in the currency's lowest denomination";
    // its merchants are in the United States and Canada, so paydesk offers USD and CAD. Which one
    // a terminal takes depends on its setup, which only Payroc knows: it refuses the other in its
    // own words. Payroc publishes no ceiling (terminals carry their own limits, enforced by
    // Payroc); one million dollars guards against a slipped key only, as Dojo's does.
    currencies: &[Accepts::published(Currency::USD, Some(1_000_000)), Accepts::published(Currency::CAD, Some(1_000_000))],
    verify: true,
    cancel: true,
    share: true,
    refund: true,
    refund_dashboard: None,
};

/// Payroc API keys carry no test/live prefix: the key is filed under the mode the person picks,
/// so this returns `Ok(None)` for anything that could be one, and refuses, saying why, what is
/// plainly something else (another provider's key, a bearer token, a fragment).
pub fn mode_of_key(key: &str) -> crate::Result<Option<Mode>> {
    let key = key.trim();
    let refuse = |msg: Msg| Err(Error::invalid_msg("key", msg));
    if ["sk_test_", "sk_live_", "pk_test_", "pk_live_"].iter().any(|p| key.starts_with(p)) {
        return refuse(Msg::new("error-payroc-paystack-key"));
    }
    if key.starts_with("sk_sandbox_") || key.starts_with("sk_prod_") {
        return refuse(Msg::new("error-payroc-dojo-key"));
    }
    if key.starts_with("eyJ") && key.matches('.').count() == 2 {
        return refuse(Msg::new("error-payroc-bearer"));
    }
    if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse(Msg::new("error-payroc-spaces"));
    }
    if !(16..=512).contains(&key.chars().count()) {
        return refuse(Msg::new("error-payroc-length"));
    }
    Ok(None)
}

pub struct Payroc {
    client: reqwest::Client,
    config: ProviderConfig,
    tokens: TokenCache,
}

impl Payroc {
    pub fn new(client: reqwest::Client, config: ProviderConfig, tokens: TokenCache) -> Self {
        Payroc { client, config, tokens }
    }

    /// Checks the settings Payroc needs, so a front end can say what to fix before anything is
    /// written or sent. Every call checks them too, and sends nothing when they are missing.
    pub fn check_settings(&self) -> crate::Result<()> {
        match self.config.option("terminal_id").map(str::trim) {
            None | Some("") => Err(Error::invalid_msg("payroc.terminal_id", Msg::new("error-payroc-terminal-missing"))),
            Some(t) if !(4..=50).contains(&t.len()) => Err(Error::invalid_msg("payroc.terminal_id", Msg::new("error-payroc-terminal-length"))),
            Some(_) => Ok(()),
        }
    }

    fn terminal_id(&self) -> Result<&str, CallError> {
        self.check_settings().map_err(|e| CallError::NotSent(e.to_string()))?;
        Ok(self.config.option("terminal_id").unwrap_or_default().trim())
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url.trim_end_matches('/'))
    }

    /// Payroc's guide asks for `Content-Type: application/json` on every request, GET included.
    fn authed(&self, req: RequestBuilder, token: &str) -> RequestBuilder {
        req.bearer_auth(token)
            .timeout(self.config.timeout)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
    }

    fn get(&self, path: &str, token: &str) -> RequestBuilder {
        self.authed(self.client.get(self.url(path)), token)
    }

    fn post(&self, path: &str, token: &str, idempotency_key: &str) -> RequestBuilder {
        self.authed(self.client.post(self.url(path)), token).header("Idempotency-Key", idempotency_key)
    }

    /// The last day the customer can pay: the day the sale was recorded (the shop's date) plus
    /// `payroc.expiry_days`. From the sale, not from now, so a retry sends the very same body.
    fn expires_on(&self, recorded: chrono::DateTime<chrono::Utc>) -> String {
        let days = self.config.option("expiry_days").and_then(|d| d.trim().parse().ok()).unwrap_or(DEFAULT_EXPIRY_DAYS);
        let day = recorded.with_timezone(&chrono::Local).date_naive();
        (day + chrono::Days::new(days.clamp(1, 365))).format("%Y-%m-%d").to_string()
    }

    /// Turns an answer into `T`, or the error Payroc gave, in its own words.
    fn read<T: serde::de::DeserializeOwned>(answer: Answer) -> Result<T, CallError> {
        let Answer { status, body, retry_after } = answer;
        if !(200..300).contains(&status) {
            let message = problem_message(&body).unwrap_or_else(|| http::unreadable_error(NAME, status, &body));
            return Err(CallError::Http { status, message, retry_after });
        }
        http::parse_success(NAME, &body)
    }

    /// What the payments taken through a link add up to (see [`wire::paid_amount`]), from
    /// `GET /payments?paymentLinkId=…`. Public so the contract test can hold it against the spec.
    pub async fn paid_amount(&self, key: &SecretString, payment_link_id: &str) -> Result<Option<i64>, CallError> {
        let query = [("paymentLinkId", payment_link_id), ("limit", "100")];
        let answer = self.send(key, |t| self.get("/payments", t).query(&query)).await?;
        let page: PayrocPage<PayrocPayment> = Self::read(answer)?;
        Ok(wire::paid_amount(&page.data))
    }

    /// Finds a link by our reference when its id was never learnt (its create answer was lost).
    async fn find_by_reference(&self, key: &SecretString, reference: &str) -> Result<Lookup, CallError> {
        let path = format!("/processing-terminals/{}/payment-links", segment(self.terminal_id()?));
        let query = [("merchantReference", reference)];
        let answer = self.send(key, |t| self.get(&path, t).query(&query)).await?;
        let page: PayrocPage<PayrocLink> = Self::read(answer)?;
        // Filtered by Payroc already; checked again so a loose filter never adopts another link.
        match page.data.into_iter().find(|l| l.merchant_reference.as_deref() == Some(reference)) {
            Some(link) => Ok(Lookup::Found(observe(link, None))),
            None => Ok(Lookup::NotFound { message: format!("Payroc has no payment link with merchant reference {reference}.") }),
        }
    }
}

/// What a link answer says, with the amount paid when it was asked for.
fn observe(link: PayrocLink, amount_minor: Option<i64>) -> Observed {
    let word = link.status.unwrap_or_else(|| "(none)".into());
    Observed {
        status: map_status(&word),
        provider_status: word,
        provider_id: Some(link.payment_link_id),
        amount_minor,
        url: link.assets.and_then(|a| a.payment_url).filter(|u| !u.trim().is_empty()),
    }
}

/// A path segment: Payroc's ids are letters and digits; anything else is escaped, not trusted.
fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The id of a link that Payroc made; calls about one it never confirmed cannot be sent.
fn link_id<'a>(link: &LinkRef<'a>) -> Result<&'a str, CallError> {
    link.provider_id.ok_or_else(|| {
        CallError::NotSent(format!("Payroc never confirmed link {}: there is no payment link id to ask about.", link.reference))
    })
}

/// Payroc asks for a UUID v4; the desk makes them, and a key that is not one is a bug to stop on.
fn check_idempotency_key(key: &str) -> Result<(), CallError> {
    match uuid::Uuid::parse_str(key) {
        Ok(u) if u.get_version_num() == 4 => Ok(()),
        _ => Err(CallError::NotSent("The request had no valid idempotency key (a UUID v4), so it was not sent.".into())),
    }
}

#[async_trait]
impl Provider for Payroc {
    fn id(&self) -> ProviderId {
        ProviderId::Payroc
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    fn check(&self) -> crate::Result<()> {
        self.check_settings()
    }

    async fn create(&self, key: &SecretString, req: &CreateRequest<'_>) -> Result<Created, CallError> {
        let terminal = self.terminal_id()?;
        check_idempotency_key(req.idempotency_key)?;
        if req.reference.is_empty() || req.reference.len() > MAX_ORDER_ID {
            return Err(CallError::NotSent(format!("The reference {} does not fit Payroc's order id (1 to 24 characters).", req.reference)));
        }
        let body = PayrocLinkRequest {
            kind: "singleUse",
            merchant_reference: req.reference,
            // Ours is 22 characters and unique per sale: it fits both fields and ties them together.
            order: PayrocOrder {
                order_id: req.reference,
                description: req.description,
                charge: PayrocCharge { kind: "preset", amount: req.amount.minor, currency: req.amount.currency.code() },
            },
            auth_type: "sale",
            payment_methods: ["card"],
            expires_on: self.expires_on(req.recorded_at),
        };
        tracing::info!(reference = req.reference, "payroc: create payment link");
        let path = format!("/processing-terminals/{}/payment-links", segment(terminal));
        let answer = self.send(key, |t| self.post(&path, t, req.idempotency_key).json(&body)).await?;
        let link: PayrocLink = Self::read(answer).map_err(|e| match e {
            CallError::Http { status: 409, message, retry_after } => CallError::Http {
                status: 409,
                message: format!(
                    "{} This sale reached Payroc before with other details (another day or expiry setting): look for merchant reference {} in Payroc before making it again.",
                    sentence(&message),
                    req.reference
                ),
                retry_after,
            },
            CallError::Http { status: 404, message, retry_after } => {
                CallError::Http { status: 404, message: format!("{} Check payroc.terminal_id.", sentence(&message)), retry_after }
            }
            e => e,
        })?;
        let word = link.status.clone();
        let url = link.assets.and_then(|a| a.payment_url).filter(|u| !u.trim().is_empty()).ok_or_else(|| {
            CallError::AnswerLost(format!("Payroc made payment link {} but its answer had no assets.paymentUrl.", link.payment_link_id))
        })?;
        Ok(Created {
            provider_id: Some(link.payment_link_id),
            url,
            status: word.as_deref().map_or(LinkStatus::Open, map_status),
            provider_status: word,
        })
    }

    async fn lookup(&self, key: &SecretString, link: LinkRef<'_>) -> Result<Lookup, CallError> {
        let Some(id) = link.provider_id else {
            tracing::info!(reference = link.reference, "payroc: find payment link by merchant reference");
            return self.find_by_reference(key, link.reference).await;
        };
        tracing::info!(reference = link.reference, payment_link_id = id, "payroc: retrieve payment link");
        let path = format!("/payment-links/{}", segment(id));
        let answer = self.send(key, |t| self.get(&path, t)).await?;
        match Self::read::<PayrocLink>(answer) {
            Ok(found) => {
                // Paid: ask what was taken, so a different amount is said out loud. The link's
                // word decides the status; a key not allowed to list payments (a 4xx) only costs
                // the detail, while anything passing is repeated like the rest of the lookup.
                let amount = match found.status.as_deref().map(map_status) {
                    Some(LinkStatus::Paid) => match self.paid_amount(key, id).await {
                        Ok(a) => a,
                        Err(CallError::Http { status, .. }) if (400..500).contains(&status) && status != 429 => {
                            // Its words are not logged: they have not been through the guard yet.
                            tracing::warn!(payment_link_id = id, status, "payroc: payments not readable");
                            None
                        }
                        Err(e) => return Err(e),
                    },
                    _ => None,
                };
                Ok(Lookup::Found(observe(found, amount)))
            }
            Err(CallError::Http { status: 404, message, .. }) => Ok(Lookup::NotFound { message }),
            Err(e) => Err(e),
        }
    }

    fn lost_answer(&self) -> LostAnswer {
        LostAnswer::Replay
    }

    async fn cancel(&self, key: &SecretString, link: LinkRef<'_>, idempotency_key: &str) -> Result<Observed, CallError> {
        let id = link_id(&link)?;
        check_idempotency_key(idempotency_key)?;
        tracing::info!(reference = link.reference, payment_link_id = id, "payroc: deactivate payment link");
        let path = format!("/payment-links/{}/deactivate", segment(id));
        // The spec lists no Idempotency-Key here, but Payroc's guide asks for one on every POST.
        let answer = self.send(key, |t| self.post(&path, t, idempotency_key).body(Vec::new())).await?;
        match Self::read::<PayrocLink>(answer) {
            Ok(done) => Ok(observe(done, None)),
            // Refused as not active: if it is deactivated already (an earlier try got through),
            // that is the outcome asked for; otherwise Payroc's words stand.
            Err(refused @ CallError::Http { status: 409, .. }) => match self.lookup(key, link).await {
                Ok(Lookup::Found(now)) if now.status == LinkStatus::Cancelled => Ok(now),
                _ => Err(refused),
            },
            Err(e) => Err(e),
        }
    }

    async fn share(&self, key: &SecretString, link: LinkRef<'_>, req: &ShareRequest<'_>) -> Result<ShareReceipt, CallError> {
        let id = link_id(&link)?;
        check_idempotency_key(req.idempotency_key)?;
        let (name, email) = (req.to_name.trim(), req.to_email.trim());
        if !(6..=128).contains(&email.chars().count()) {
            return Err(CallError::NotSent("Payroc takes email addresses of 6 to 128 characters.".into()));
        }
        if !(1..=48).contains(&name.chars().count()) {
            return Err(CallError::NotSent("Payroc takes a recipient name of 1 to 48 characters.".into()));
        }
        if req.message.is_some_and(|m| m.chars().count() > 1024) {
            return Err(CallError::NotSent("Payroc takes a message of at most 1024 characters.".into()));
        }
        let body = PayrocShareRequest {
            sharing_method: "email",
            merchant_copy: false,
            message: req.message,
            recipients: [PayrocRecipient { name, email }],
        };
        tracing::info!(reference = link.reference, payment_link_id = id, "payroc: share payment link by e-mail");
        let path = format!("/payment-links/{}/sharing-events", segment(id));
        let answer = self.send(key, |t| self.post(&path, t, req.idempotency_key).json(&body)).await?;
        let event: PayrocSharingEvent = Self::read(answer)?;
        Ok(ShareReceipt { provider_id: event.sharing_event_id })
    }

    async fn refund(&self, key: &SecretString, link: LinkRef<'_>, req: &RefundRequest<'_>) -> Result<RefundSeen, CallError> {
        self.send_refund(key, link, req).await
    }

    async fn lookup_refund(&self, key: &SecretString, link: LinkRef<'_>, refund: &RefundRef<'_>) -> Result<RefundLookup, CallError> {
        self.find_refund(key, link, refund).await
    }

    fn refund_replays(&self) -> bool {
        true // the same Idempotency-Key and body replay the first answer for 7 days
    }
}

#[cfg(test)]
mod tests;
