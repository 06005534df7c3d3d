//! Payroc's wire format, private to the provider: the bodies we send (each field checked against
//! `payroc-openapi-spec.yaml`), the parts of its answers we read, its link status words, and its
//! `application/problem+json` errors turned into one line of Payroc's own words.

use crate::link::LinkStatus;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST /processing-terminals/{id}/payment-links`, the `singleUse` variant of the spec's
/// `oneOf`: `type`, `merchantReference` (1–48), `order`, `authType`, `paymentMethods` and
/// `expiresOn` are required. No customer e-mail: the create call takes none.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PayrocLinkRequest<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub merchant_reference: &'a str,
    pub order: PayrocOrder<'a>,
    pub auth_type: &'static str,
    pub payment_methods: [&'static str; 1],
    /// `YYYY-MM-DD`, the last day the customer can pay.
    pub expires_on: String,
}

/// `orderId` (1–24) is required for single-use links; `description` is at most 1024 characters.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PayrocOrder<'a> {
    pub order_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub charge: PayrocCharge<'a>,
}

/// The `preset` variant of `order.charge`: the merchant sets the amount, in minor units.
#[derive(Serialize)]
pub(super) struct PayrocCharge<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub amount: i64,
    pub currency: &'a str,
}

/// `POST /payment-links/{id}/sharing-events`, the `email` variant.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PayrocShareRequest<'a> {
    pub sharing_method: &'static str,
    /// The spec's default, said out loud: the shop gets no copy of every e-mail.
    pub merchant_copy: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'a str>,
    pub recipients: [PayrocRecipient<'a>; 1],
}

#[derive(Serialize)]
pub(super) struct PayrocRecipient<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// A payment link as create, retrieve, list and deactivate return it (only what we read).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PayrocLink {
    pub payment_link_id: String,
    #[serde(default)]
    pub merchant_reference: Option<String>,
    #[serde(default)]
    pub assets: Option<PayrocAssets>,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PayrocAssets {
    #[serde(default)]
    pub payment_url: Option<String>,
}

/// A page of a list answer (`count`, `hasMore`, `limit`, `data`).
#[derive(Deserialize)]
pub(super) struct PayrocPage<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PayrocSharingEvent {
    #[serde(default)]
    pub sharing_event_id: Option<String>,
}

/// One payment from `GET /payments?paymentLinkId=…` or `GET /payments/{paymentId}`, and the
/// answer to a refund or a reversal: its id, result, refunds and what can be done to it next.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PayrocPayment {
    #[serde(default)]
    pub payment_id: Option<String>,
    #[serde(default)]
    pub transaction_result: Option<PayrocTransactionResult>,
    /// `refund` once the batch is closed; `fullyReverse` / `partiallyReverse` while it is open.
    #[serde(default)]
    pub supported_operations: Vec<String>,
    #[serde(default)]
    pub refunds: Vec<PayrocRefundSummary>,
}

/// A `refundSummary`: `amount` is in minor units (the spec's example shows it negative).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PayrocRefundSummary {
    pub refund_id: String,
    #[serde(default)]
    pub amount: Option<i64>,
    #[serde(default)]
    pub status: Option<String>,
}

/// `POST /payments/{paymentId}/refund`: `amount` and `description` (1–100) are required.
#[derive(Serialize)]
pub(super) struct PayrocRefundRequest<'a> {
    pub amount: i64,
    pub description: &'a str,
}

/// `POST /payments/{paymentId}/reverse`: without `amount` Payroc reverses the whole payment;
/// we always say how much.
#[derive(Serialize)]
pub(super) struct PayrocReverseRequest {
    pub amount: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PayrocTransactionResult {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub authorized_amount: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
}

/// The identity service's answer: `{access_token, expires_in, scope, token_type: "Bearer"}`.
#[derive(Deserialize)]
pub(super) struct PayrocToken {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<u64>,
    #[serde(default)]
    pub token_type: Option<String>,
}

/// The four words the spec lists for a payment link's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum PayrocLinkStatus {
    Active,
    Completed,
    Deactivated,
    Expired,
    #[serde(other)]
    Other,
}

/// Maps Payroc's word to ours. Only `completed` (a single-use link that was paid) is paid; a
/// word we do not know stays `unknown`.
pub(super) fn map_status(word: &str) -> LinkStatus {
    let parsed: PayrocLinkStatus =
        serde_json::from_value(Value::String(word.trim().to_ascii_lowercase())).unwrap_or(PayrocLinkStatus::Other);
    match parsed {
        PayrocLinkStatus::Active => LinkStatus::Open,
        PayrocLinkStatus::Completed => LinkStatus::Paid,
        PayrocLinkStatus::Deactivated => LinkStatus::Cancelled,
        PayrocLinkStatus::Expired => LinkStatus::Expired,
        PayrocLinkStatus::Other => LinkStatus::Unknown,
    }
}

/// What the payments of a link add up to: approved sales in one currency, in minor units.
/// `None` when Payroc lists none yet or they mix currencies (a sum would mean nothing);
/// `Some(0)` when it lists payments and none of them went through, so the desk says so.
pub(super) fn paid_amount(payments: &[PayrocPayment]) -> Option<i64> {
    if payments.is_empty() {
        return None;
    }
    let mut total = 0i64;
    let mut currency: Option<&str> = None;
    for r in payments.iter().filter_map(|p| p.transaction_result.as_ref()) {
        let sale = r.kind.as_deref().is_none_or(|k| k == "sale");
        // ready: in the open batch; pending: awaiting capture; complete: funds moved.
        let approved = matches!(r.status.as_deref(), Some("ready" | "pending" | "complete"));
        if !(sale && approved) {
            continue;
        }
        match (currency, r.currency.as_deref()) {
            (Some(a), Some(b)) if a != b => return None,
            (None, c) => currency = c,
            _ => {}
        }
        total = total.saturating_add(r.authorized_amount?);
    }
    Some(total)
}

/// One line in Payroc's own words from a problem+json body: the `detail` (else `title`), or, when
/// it lists `errors`, the title with each `parameter: message`. `None` when nothing is readable.
pub(super) fn problem_message(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let obj = v.as_object()?;
    let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let items: Vec<String> = obj.get("errors").and_then(Value::as_array).map(|a| a.iter().filter_map(item).collect()).unwrap_or_default();
    // Identity services often answer OAuth-style (`error`, `error_description`) or `message`.
    let detail = text("detail").or_else(|| text("error_description")).or_else(|| text("message"));
    let title = text("title").or_else(|| text("error"));
    if items.is_empty() {
        return detail.or(title).map(str::to_string);
    }
    // With errors listed, the detail is usually "see error section": the title reads better.
    let head = title.or(detail);
    Some(match head {
        Some(h) => format!("{h}: {}", items.join("; ")),
        None => items.join("; "),
    })
}

/// Words ending as a sentence, so a hint can follow them.
pub(super) fn sentence(words: &str) -> String {
    let words = words.trim();
    if words.ends_with(['.', '!', '?']) {
        words.to_string()
    } else {
        format!("{words}.")
    }
}

fn item(v: &Value) -> Option<String> {
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let what = field("message").or_else(|| field("detail"))?;
    Some(match field("parameter") {
        Some(p) => format!("{p}: {what}"),
        None => what.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_words_map_and_unknown_words_stay_unknown() {
        let table = [
            ("active", LinkStatus::Open),
            ("completed", LinkStatus::Paid),
            ("deactivated", LinkStatus::Cancelled),
            ("expired", LinkStatus::Expired),
            ("COMPLETED", LinkStatus::Paid),
            ("paid", LinkStatus::Unknown),
            ("success", LinkStatus::Unknown),
            ("", LinkStatus::Unknown),
        ];
        for (word, want) in table {
            assert_eq!(map_status(word), want, "{word:?}");
        }
    }

    #[test]
    fn problems_read_as_payrocs_own_words() {
        let validation = br#"{"type":"https://docs.payroc.com/api/errors#bad-request","title":"Bad request","status":400,
            "detail":"One or more validation errors occurred, see error section for more info",
            "errors":[{"parameter":"order.charge.currency","detail":"invalid","message":"The terminal does not accept NGN"}]}"#;
        assert_eq!(problem_message(validation).unwrap(), "Bad request: order.charge.currency: The terminal does not accept NGN");
        let conflict = br#"{"type":"x","title":"Idempotency-Key in use","status":409,"detail":"'Idempotency-Key' is already in use against a different request"}"#;
        assert_eq!(problem_message(conflict).unwrap(), "'Idempotency-Key' is already in use against a different request");
        assert_eq!(problem_message(br#"{"error":"invalid_client"}"#).unwrap(), "invalid_client");
        assert_eq!(problem_message(b"<html>502</html>"), None);
        assert_eq!(problem_message(br#"{"title":"  "}"#), None);
    }

    #[test]
    fn only_approved_sales_in_one_currency_count_as_paid() {
        let p = |kind: &str, status: &str, amount: i64, cur: &str| PayrocPayment {
            payment_id: None,
            supported_operations: vec![],
            refunds: vec![],
            transaction_result: Some(PayrocTransactionResult {
                kind: Some(kind.into()),
                status: Some(status.into()),
                authorized_amount: Some(amount),
                currency: Some(cur.into()),
            }),
        };
        assert_eq!(paid_amount(&[]), None);
        assert_eq!(paid_amount(&[p("sale", "declined", 500, "USD"), p("sale", "ready", 4999, "USD")]), Some(4999));
        assert_eq!(paid_amount(&[p("sale", "declined", 500, "USD")]), Some(0));
        assert_eq!(paid_amount(&[p("sale", "ready", 4999, "USD"), p("sale", "complete", 1000, "EUR")]), None);
        assert_eq!(paid_amount(&[p("refund", "ready", 4999, "USD")]), Some(0));
    }
}
