//! Paystack refunds: `POST /refund` with the transaction's reference and an amount in minor
//! units. Paystack queues a refund (`pending`, `processing`) before it is `processed`, and takes
//! no idempotency key: our refund reference rides in `merchant_note`, and a refund whose answer
//! was lost is found again in `GET /refund` (a page at a time, from the day it was recorded) by
//! the transaction's reference and that note. A known refund is re-read with `GET /refund/{id}`.

use super::{Paystack, NAME};
use crate::provider::http;
use crate::provider::*;
use crate::store::RefundState;
use serde::{Deserialize, Serialize};

/// Pages of 100 refunds read before a search gives up (5,000 refunds since the day it was made).
const MAX_PAGES: u32 = 50;

#[derive(Serialize)]
struct PaystackRefundRequest<'a> {
    transaction: &'a str,
    amount: i64,
    currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_note: Option<&'a str>,
    merchant_note: String,
}

/// The fields of a refund we read, as create, fetch and list return them (create nests the
/// transaction, fetch and list name its reference).
#[derive(Deserialize)]
struct PaystackRefund {
    id: Option<i64>,
    status: Option<String>,
    amount: Option<i64>,
    merchant_note: Option<String>,
    transaction_reference: Option<String>,
    transaction: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct PaystackListMeta {
    #[serde(rename = "pageCount")]
    page_count: Option<u32>,
}

#[derive(Deserialize)]
struct PaystackRefundList {
    #[serde(default)]
    data: Vec<PaystackRefund>,
    meta: Option<PaystackListMeta>,
}

/// The note that carries our reference; a search matches on it.
fn note(reference: &str) -> String {
    format!("paydesk refund {reference}")
}

/// Paystack's refund words. Only `processed` means the money went back; `failed` frees the
/// amount; everything else (`pending`, `processing`, `needs-attention`, words we do not know) is
/// still on its way and is read again by verify.
fn map_state(word: &str) -> RefundState {
    match word.trim().to_ascii_lowercase().as_str() {
        "processed" => RefundState::Processed,
        "failed" => RefundState::Failed,
        _ => RefundState::Pending,
    }
}

impl PaystackRefund {
    fn seen(self) -> RefundSeen {
        let word = self.status.unwrap_or_default();
        RefundSeen { state: map_state(&word), provider_status: word, provider_refund_id: self.id.map(|i| i.to_string()), method: "refund" }
    }

    fn reference(&self) -> Option<&str> {
        self.transaction_reference
            .as_deref()
            .or_else(|| self.transaction.as_ref().and_then(|t| t.get("reference")).and_then(|r| r.as_str()))
    }
}

impl Paystack {
    pub(super) async fn send_refund(&self, key: &SecretString, link: LinkRef<'_>, req: &RefundRequest<'_>) -> Result<RefundSeen, CallError> {
        let body = PaystackRefundRequest {
            transaction: link.reference,
            amount: req.amount.minor,
            currency: req.amount.currency.code(),
            customer_note: req.reason,
            merchant_note: note(req.reference),
        };
        tracing::info!(reference = link.reference, refund = req.reference, "paystack: refund");
        let answer = http::send(NAME, self.authed(self.client.post(self.url("/refund")), key).json(&body)).await?;
        Ok(Self::read::<PaystackRefund>(answer)?.seen())
    }

    pub(super) async fn find_refund(&self, key: &SecretString, link: LinkRef<'_>, refund: &RefundRef<'_>) -> Result<RefundLookup, CallError> {
        if let Some(id) = refund.provider_refund_id {
            tracing::info!(refund = refund.reference, id, "paystack: fetch refund");
            let answer = http::send(NAME, self.authed(self.client.get(self.url(&format!("/refund/{id}"))), key)).await?;
            return match Self::read::<PaystackRefund>(answer) {
                Ok(found) => Ok(RefundLookup::Found(found.seen())),
                Err(CallError::Http { status: 404, message, .. }) => Ok(RefundLookup::NotFound { message }),
                Err(e) => Err(e),
            };
        }
        // A day's margin: Paystack's clock and ours need not agree.
        let from = (refund.recorded_at - chrono::Duration::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let want = note(refund.reference);
        for page in 1..=MAX_PAGES {
            tracing::info!(refund = refund.reference, page, "paystack: list refunds");
            let query = [("from", from.clone()), ("perPage", "100".to_string()), ("page", page.to_string())];
            let req = self.authed(self.client.get(self.url("/refund")), key).query(&query);
            let answer = http::send(NAME, req).await?;
            if !(200..300).contains(&answer.status) {
                // `read` turns an error status into Paystack's own words; it never succeeds here.
                return Err(match Self::read::<serde_json::Value>(answer) {
                    Err(e) => e,
                    Ok(_) => CallError::AnswerLost(format!("{NAME}'s answer could not be read.")),
                });
            }
            let list: PaystackRefundList = http::parse_success(NAME, &answer.body)?;
            let pages = list.meta.and_then(|m| m.page_count).unwrap_or(page);
            let found = list.data.into_iter().find(|r| {
                r.reference() == Some(link.reference) && r.merchant_note.as_deref() == Some(want.as_str()) && r.amount.is_none_or(|a| a == refund.amount_minor)
            });
            if let Some(found) = found {
                return Ok(RefundLookup::Found(found.seen()));
            }
            if page >= pages {
                break;
            }
        }
        Ok(RefundLookup::NotFound { message: format!("Paystack lists no refund {} of transaction {}.", refund.reference, link.reference) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_processed_is_done_and_failed_frees_the_amount() {
        for (word, want) in [
            ("processed", RefundState::Processed),
            ("PROCESSED", RefundState::Processed),
            ("failed", RefundState::Failed),
            ("pending", RefundState::Pending),
            ("processing", RefundState::Pending),
            ("needs-attention", RefundState::Pending),
            ("reversed", RefundState::Pending),
            ("", RefundState::Pending),
        ] {
            assert_eq!(map_state(word), want, "{word:?}");
        }
    }
}
