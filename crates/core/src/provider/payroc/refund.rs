//! Payroc refunds. A payment link's money is a payment (`GET /payments?paymentLinkId=…`), and
//! Payroc says on each payment what can be done to it next (`supportedOperations`):
//! - `refund` once its batch is closed: `POST /payments/{paymentId}/refund` (`amount`,
//!   `description`), answered with the payment and its `refunds` (each with an id and a status);
//! - `fullyReverse` / `partiallyReverse` while its batch is still open: the spec's way to give
//!   money back then is a reversal (a void: no funds are taken from the cardholder),
//!   `POST /payments/{paymentId}/reverse` with the `amount`. It is recorded as method `reversal`.
//!
//! Both carry the refund's `Idempotency-Key`, so a resend is replayed, never made twice; a lost
//! answer is still looked for on the payment first (a refund not among the link's others with
//! this amount, or the payment reversed).
//!
//! A partial reversal leaves no trace the spec describes on the payment (no list of reversals;
//! its status word stays that of the sale), so a look-up cannot find one whose answer was lost.
//! Once the batch has closed, the resend is then a refund under the same key, and Payroc answers
//! 409 "Idempotency-Key in use": the reversal arrived. Its answer is asked for again by replaying
//! it (same key, same body: Payroc replays, never reverses twice); until that answer is read, the
//! refund stays unresolved, never failed.

use super::wire::*;
use super::{check_idempotency_key, link_id, segment, Payroc};
use crate::i18n::Msg;
use crate::provider::http::Answer;
use crate::provider::*;
use crate::store::RefundState;

/// The spec's bounds on a refund's `description`.
const MAX_DESCRIPTION: usize = 100;

/// Payroc's refund (and transaction) words. `ready` (approved, in the open batch) and
/// `complete` (funds moved) mean the refund went through; `pending`, `accepted` and `admin` are
/// still on their way; the rest (`declined`, `referral`, `pickup`, `reversal`, `returned`,
/// `expired`) mean it did not. A word we do not know stays pending and is read again.
pub(super) fn map_state(word: &str) -> RefundState {
    match word.trim().to_ascii_lowercase().as_str() {
        "ready" | "complete" => RefundState::Processed,
        "declined" | "referral" | "pickup" | "reversal" | "returned" | "expired" => RefundState::Failed,
        _ => RefundState::Pending,
    }
}

fn is_sale(p: &PayrocPayment) -> bool {
    p.transaction_result.as_ref().is_some_and(|r| r.kind.as_deref().is_none_or(|k| k == "sale"))
}

fn word(p: &PayrocPayment) -> Option<&str> {
    p.transaction_result.as_ref().and_then(|r| r.status.as_deref())
}

/// Payroc's 409 "Idempotency-Key in use": this key came with another request before, which
/// Payroc received. Known by the spec's problem type (or its title).
fn key_in_use(answer: &Answer) -> bool {
    #[derive(serde::Deserialize)]
    struct Problem {
        #[serde(default, rename = "type")]
        kind: String,
        #[serde(default)]
        title: String,
    }
    answer.status == 409
        && serde_json::from_slice::<Problem>(&answer.body)
            .is_ok_and(|p| p.kind.ends_with("#idempotency-key-in-use") || p.title.trim().eq_ignore_ascii_case("Idempotency-Key in use"))
}

/// An earlier send of this refund reached Payroc, and what it did cannot be read now: to be
/// looked up and asked again, never taken for a refusal.
fn arrived(payment_id: &str, why: &str) -> CallError {
    CallError::AnswerLost(format!(
        "Payroc says this refund's Idempotency-Key is in use, so an earlier send of it reached Payroc, and its answer could not be read back ({}). Nothing more was done: check payment {payment_id} in Payroc if this lasts.",
        why.trim().trim_end_matches('.')
    ))
}

/// "200: We reversed the payment": done, whatever the payment's own word now is.
fn reversed(after: PayrocPayment, payment_id: String) -> RefundSeen {
    let word = word(&after).unwrap_or("reversal").to_string();
    RefundSeen { state: RefundState::Processed, provider_status: word, provider_refund_id: Some(payment_id), method: "reversal" }
}

impl Payroc {
    /// Every payment taken through a link.
    async fn payments(&self, key: &SecretString, payment_link_id: &str) -> Result<Vec<PayrocPayment>, CallError> {
        let query = [("paymentLinkId", payment_link_id), ("limit", "100")];
        let answer = self.send(key, |t| self.get("/payments", t).query(&query)).await?;
        Ok(Self::read::<PayrocPage<PayrocPayment>>(answer)?.data.into_iter().filter(|p| p.payment_id.is_some()).collect())
    }

    pub(super) async fn send_refund(&self, key: &SecretString, link: LinkRef<'_>, req: &RefundRequest<'_>) -> Result<RefundSeen, CallError> {
        let id = link_id(&link)?;
        check_idempotency_key(req.idempotency_key)?;
        let sale = self
            .payments(key, id)
            .await?
            .into_iter()
            .find(|p| is_sale(p) && matches!(word(p), Some("ready" | "pending" | "complete")))
            .ok_or_else(|| CallError::Refused(Msg::new("error-payroc-nothing-to-refund").text("id", id.to_string()).into()))?;
        let payment_id = sale.payment_id.clone().unwrap_or_default();
        let can = |op: &str| sale.supported_operations.iter().any(|o| o == op);
        if can("refund") {
            let fallback = format!("Refund {}", req.reference);
            let description: String = req.reason.unwrap_or(&fallback).chars().take(MAX_DESCRIPTION).collect();
            let body = PayrocRefundRequest { amount: req.amount.minor, description: &description };
            tracing::info!(reference = link.reference, refund = req.reference, payment_id, "payroc: refund payment");
            let path = format!("/payments/{}/refund", segment(&payment_id));
            let answer = self.send(key, |t| self.post(&path, t, req.idempotency_key).json(&body)).await?;
            if key_in_use(&answer) {
                // The only other request ever sent under this key is this refund as a reversal.
                return self.replay_reversal(key, link, req, &payment_id).await;
            }
            let after: PayrocPayment = Self::read(answer)?;
            let known: Vec<&str> = sale.refunds.iter().map(|r| r.refund_id.as_str()).collect();
            let new = after.refunds.iter().filter(|r| !known.contains(&r.refund_id.as_str()));
            let mine = new.clone().find(|r| r.amount.map(i64::abs) == Some(req.amount.minor)).or_else(|| new.clone().next());
            return Ok(match mine {
                Some(r) => {
                    let word = r.status.clone().unwrap_or_default();
                    RefundSeen { state: map_state(&word), provider_status: word, provider_refund_id: Some(r.refund_id.clone()), method: "refund" }
                }
                // "200: We refunded the payment", without the refund in the answer.
                None => RefundSeen { state: RefundState::Processed, provider_status: "refunded".into(), provider_refund_id: None, method: "refund" },
            });
        }
        if (req.whole && can("fullyReverse")) || can("partiallyReverse") {
            tracing::info!(reference = link.reference, refund = req.reference, payment_id, "payroc: reverse payment (its batch is open)");
            let path = format!("/payments/{}/reverse", segment(&payment_id));
            let body = PayrocReverseRequest { amount: req.amount.minor };
            let answer = self.send(key, |t| self.post(&path, t, req.idempotency_key).json(&body)).await?;
            if key_in_use(&answer) {
                return Err(arrived(&payment_id, "it was sent as a refund before"));
            }
            return Ok(reversed(Self::read(answer)?, payment_id));
        }
        let offered = if sale.supported_operations.is_empty() { "nothing".to_string() } else { sale.supported_operations.join(", ") };
        // "nothing" when it offers none (`error-payroc-no-refund` selects on it)
        Err(CallError::Refused(Msg::new("error-payroc-no-refund").text("payment", payment_id).text("offered", offered).into()))
    }

    /// Replays this refund's reversal (same key, same body) to read the answer Payroc gave it:
    /// done when that says so; otherwise unresolved, never failed, for the earlier send arrived.
    async fn replay_reversal(&self, key: &SecretString, link: LinkRef<'_>, req: &RefundRequest<'_>, payment_id: &str) -> Result<RefundSeen, CallError> {
        tracing::info!(reference = link.reference, refund = req.reference, payment_id, "payroc: the refund's key is in use; replaying its reversal");
        let path = format!("/payments/{}/reverse", segment(payment_id));
        let body = PayrocReverseRequest { amount: req.amount.minor };
        let answer = match self.send(key, |t| self.post(&path, t, req.idempotency_key).json(&body)).await {
            Ok(a) if key_in_use(&a) => return Err(arrived(payment_id, "it was sent as something else before")),
            Ok(a) => a,
            Err(e) => return Err(arrived(payment_id, e.message())),
        };
        match Self::read::<PayrocPayment>(answer) {
            Ok(after) => Ok(reversed(after, payment_id.to_string())),
            Err(e) => Err(arrived(payment_id, e.message())),
        }
    }

    pub(super) async fn find_refund(&self, key: &SecretString, link: LinkRef<'_>, refund: &RefundRef<'_>) -> Result<RefundLookup, CallError> {
        let id = link_id(&link)?;
        tracing::info!(reference = link.reference, refund = refund.reference, "payroc: look for a refund on the link's payments");
        let payments = self.payments(key, id).await?;
        let sales = || payments.iter().filter(|p| is_sale(p));
        let summaries = || sales().flat_map(|p| p.refunds.iter());
        let seen = |r: &PayrocRefundSummary| {
            let word = r.status.clone().unwrap_or_default();
            RefundSeen { state: map_state(&word), provider_status: word, provider_refund_id: Some(r.refund_id.clone()), method: "refund" }
        };
        let reversed = |p: &PayrocPayment| RefundSeen {
            state: RefundState::Processed,
            provider_status: word(p).unwrap_or("reversal").to_string(),
            provider_refund_id: p.payment_id.clone(),
            method: "reversal",
        };
        let found = match (refund.provider_refund_id, refund.method) {
            (Some(pid), Some("reversal")) => sales().find(|p| p.payment_id.as_deref() == Some(pid)).map(reversed),
            (Some(rid), _) => summaries().find(|r| r.refund_id == rid).map(seen),
            (None, _) => summaries()
                .find(|r| !refund.others.contains(&r.refund_id) && r.amount.map(i64::abs) == Some(refund.amount_minor))
                .map(seen)
                .or_else(|| {
                    let whole = sales().find(|p| word(p) == Some("reversal") && !refund.others.iter().any(|o| Some(o) == p.payment_id.as_ref()));
                    whole.map(reversed)
                }),
        };
        Ok(match found {
            Some(seen) => RefundLookup::Found(seen),
            None => RefundLookup::NotFound { message: format!("Payroc shows no refund {} on payment link {id}.", refund.reference) },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approved_words_are_processed_declined_ones_failed_and_the_rest_pending() {
        for (w, want) in [
            ("ready", RefundState::Processed),
            ("complete", RefundState::Processed),
            ("pending", RefundState::Pending),
            ("accepted", RefundState::Pending),
            ("admin", RefundState::Pending),
            ("declined", RefundState::Failed),
            ("reversal", RefundState::Failed),
            ("returned", RefundState::Failed),
            ("DECLINED", RefundState::Failed),
            ("something new", RefundState::Pending),
        ] {
            assert_eq!(map_state(w), want, "{w}");
        }
    }
}
