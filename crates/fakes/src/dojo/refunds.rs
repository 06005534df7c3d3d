//! `POST /payment-intents/{id}/refunds` and `GET /payment-intents/refunds/{refundId}`, as the
//! 2024-02-05 spec has them: the `idempotencyKey` header is required (at most 100 characters), the
//! body is a `CreateRefundRequest` (`amount` required; `refundReason`, `notes`,
//! `previousTransactionId`; nothing else), and the answer a `Refund`. A second request with the
//! same key on the same intent replays the first answer and refunds nothing more; the same key
//! with another amount is a 409. Only a `Captured` intent can be refunded, for at most what is
//! left; one refunded in full becomes `Refunded`.

use super::intents::Errors;
use super::Dojo;
use crate::http::{Request, Response};
use serde::Serialize;
use serde_json::{json, Value};

/// A refund as the fake keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DojoRefund {
    pub refund_id: String,
    pub payment_intent_id: String,
    pub idempotency_key: String,
    pub amount: i64,
    pub refund_reason: Option<String>,
    pub notes: Option<String>,
}

const FIELDS: &[&str] = &["amount", "previousTransactionId", "refundReason", "notes"];

fn refund_json(r: &DojoRefund) -> Value {
    json!({ "paymentIntentId": r.payment_intent_id, "refundId": r.refund_id, "refundReason": r.refund_reason, "notes": r.notes })
}

impl Dojo {
    pub(super) fn refund(&self, id: &str, req: &Request) -> Response {
        let key = req.header("idempotencykey").unwrap_or_default().to_string();
        if key.is_empty() || key.len() > 100 {
            return self.problem(400, "Bad Request", Some("The idempotencyKey header is required (at most 100 characters)."), None);
        }
        let Some(Value::Object(body)) = req.json() else {
            let mut errors = Errors::default();
            errors.add("$", "The request body must be a JSON object.");
            return self.invalid(errors);
        };
        let mut errors = Errors::default();
        errors.unknown_fields("", &body, FIELDS);
        let amount = body.get("amount").and_then(Value::as_i64);
        if amount.is_none_or(|a| a <= 0) {
            errors.add("Amount", "'Amount' must be a whole number greater than '0'.");
        }
        let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
        if text("refundReason").is_some_and(|r| r.chars().count() > 1024) {
            errors.add("RefundReason", "The field RefundReason must be a string with a maximum length of '1024'.");
        }
        if !errors.0.is_empty() {
            return self.invalid(errors);
        }
        let amount = amount.unwrap_or_default();
        let mut ledger = self.ledger();
        if let Some(first) = ledger.refunds.iter().find(|r| r.payment_intent_id == id && r.idempotency_key == key).cloned() {
            drop(ledger);
            if first.amount != amount {
                return self.problem(409, "Conflict", Some("The idempotency key was already used for another refund of this payment intent."), None);
            }
            return Response::json(200, &refund_json(&first));
        }
        let Some(intent) = ledger.find(id).cloned() else {
            drop(ledger);
            return self.problem(404, "Not Found", Some(&format!("Payment intent {id} was not found.")), None);
        };
        if intent.status != "Captured" {
            drop(ledger);
            let detail = format!("Payment intent {id} can't be refunded because its status is {}.", intent.status);
            return self.problem(400, "Bad Request", Some(&detail), None);
        }
        if amount > intent.amount - intent.refunded {
            drop(ledger);
            return self.problem(400, "Bad Request", Some("The refund amount is more than the amount left to refund."), None);
        }
        let n = ledger.next();
        let refund = DojoRefund {
            refund_id: format!("rfnd_{}", crate::text::code(n, 12)),
            payment_intent_id: id.to_string(),
            idempotency_key: key,
            amount,
            refund_reason: text("refundReason"),
            notes: text("notes"),
        };
        ledger.refunds.push(refund.clone());
        if let Some(i) = ledger.find_mut(id) {
            i.refunded += amount;
            if i.refunded == i.amount {
                i.status = "Refunded".into();
            }
        }
        Response::json(200, &refund_json(&refund))
    }

    pub(super) fn get_refund(&self, refund_id: &str) -> Response {
        let found = self.ledger().refunds.iter().find(|r| r.refund_id == refund_id).cloned();
        match found {
            Some(r) => Response::json(200, &refund_json(&r)),
            None => self.problem(404, "Not Found", Some(&format!("Refund {refund_id} was not found.")), None),
        }
    }
}
