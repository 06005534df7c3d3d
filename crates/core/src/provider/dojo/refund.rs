//! Dojo refunds: `POST /payment-intents/{id}/refunds` with the amount in minor units and the
//! required `idempotencyKey` header (the spec's name for it, up to 100 characters), which Dojo
//! uses to recognise a retry of the same refund. The answer (`Refund`) carries an id and no
//! status: Dojo answers once it has made the refund, so it is taken as processed.
//!
//! A refund whose answer was lost is looked for before it is sent again: by its id when known
//! (`GET /payment-intents/refunds/{refundId}`), else on the intent itself, whose
//! `refundedAmount` then covers this refund beside the link's others.

use super::wire::{DojoRefund, DojoRefundRequest};
use super::{Dojo, NAME};
use crate::provider::http;
use crate::provider::*;
use crate::store::RefundState;

/// The spec's bound on `idempotencyKey`.
const MAX_KEY: usize = 100;

fn processed(id: Option<String>) -> RefundSeen {
    // Dojo's `Refund` has no status word; this one says what its answer meant.
    RefundSeen { state: RefundState::Processed, provider_status: "refunded".into(), provider_refund_id: id, method: "refund" }
}

impl Dojo {
    fn intent_id<'a>(link: &LinkRef<'a>) -> Result<&'a str, CallError> {
        link.provider_id
            .ok_or_else(|| CallError::NotSent(format!("Link {} has no Dojo payment intent id to refund.", link.reference)))
    }

    pub(super) async fn send_refund(&self, key: &SecretString, link: LinkRef<'_>, req: &RefundRequest<'_>) -> Result<RefundSeen, CallError> {
        let id = Self::intent_id(&link)?;
        if req.idempotency_key.is_empty() || req.idempotency_key.len() > MAX_KEY {
            return Err(CallError::NotSent("The refund had no usable idempotency key, so it was not sent.".into()));
        }
        let body = DojoRefundRequest { amount: req.amount.minor, refund_reason: req.reason, notes: Some(format!("paydesk refund {}", req.reference)) };
        tracing::info!(reference = link.reference, refund = req.reference, id, "dojo: refund payment intent");
        let http_req = self.authed(self.client.post(self.url(&["payment-intents", id, "refunds"])?), key)?
            .header("idempotencyKey", req.idempotency_key)
            .json(&body);
        let refund: DojoRefund = Self::read(http::send(NAME, http_req).await?)?;
        Ok(processed(refund.refund_id.filter(|r| !r.trim().is_empty())))
    }

    pub(super) async fn find_refund(&self, key: &SecretString, link: LinkRef<'_>, refund: &RefundRef<'_>) -> Result<RefundLookup, CallError> {
        if let Some(refund_id) = refund.provider_refund_id {
            tracing::info!(refund = refund.reference, refund_id, "dojo: get refund");
            let url = self.url(&["payment-intents", "refunds", refund_id])?;
            return match Self::read::<DojoRefund>(http::send(NAME, self.authed(self.client.get(url), key)?).await?) {
                Ok(found) => Ok(RefundLookup::Found(processed(found.refund_id.or(Some(refund_id.to_string()))))),
                Err(CallError::Http { status: 404, message, .. }) => Ok(RefundLookup::NotFound { message }),
                Err(e) => Err(e),
            };
        }
        let id = Self::intent_id(&link)?;
        tracing::info!(refund = refund.reference, id, "dojo: read the intent's refunded amount");
        let intent = self.get(key, id).await?;
        let refunded = intent.refunded_amount.unwrap_or(0);
        if refunded >= refund.others_minor.saturating_add(refund.amount_minor) {
            Ok(RefundLookup::Found(processed(None)))
        } else {
            Ok(RefundLookup::NotFound {
                message: format!("Dojo's payment intent {id} shows {refunded} refunded, which does not include refund {}.", refund.reference),
            })
        }
    }
}
