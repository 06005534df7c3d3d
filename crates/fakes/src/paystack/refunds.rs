//! `POST /refund`, `GET /refund` and `GET /refund/{id}`, as Paystack's spec shapes them. A refund
//! is `pending` until [`super::FakePaystack::set_refund_status`] moves it on; one that gives
//! back the whole transaction
//! makes it `reversed`. No idempotency key exists: a refund sent twice is made twice, which is
//! exactly what a client's tests must show never happens.

use super::{now, Paystack};
use crate::http::{Request, Response};
use serde::Serialize;
use serde_json::{json, Value};

/// A refund as the fake keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refund {
    pub id: i64,
    pub transaction_reference: String,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub merchant_note: String,
    pub customer_note: String,
    pub created_at: String,
}

fn invalid(status: u16, message: &str) -> Response {
    Response::json(status, &json!({ "status": false, "message": message, "meta": { "nextStep": "Check the refund details" }, "type": "validation_error", "code": "invalid_params" }))
}

fn refund_json(r: &Refund, domain: &str) -> Value {
    json!({
        "integration": 100032, "transaction": 5_000_000_001i64, "dispute": null, "settlement": null,
        "id": r.id, "domain": domain, "currency": r.currency, "amount": r.amount, "status": r.status,
        "refunded_at": if r.status == "processed" { json!(r.created_at) } else { Value::Null },
        "refunded_by": "paydesk@example.com", "customer_note": r.customer_note, "merchant_note": r.merchant_note,
        "deducted_amount": r.amount, "fully_deducted": 1, "createdAt": r.created_at, "bank_reference": null,
        "transaction_reference": r.transaction_reference, "reason": r.customer_note,
        "customer": { "id": 1, "first_name": "", "last_name": "", "email": "customer@example.com", "customer_code": "CUS_fake",
            "phone": null, "metadata": "", "risk_action": "default", "international_format_phone": null },
        "refund_type": "partial", "transaction_amount": r.amount, "initiated_by": "api", "refund_channel": "card",
        "session_id": null, "collect_account_number": false,
    })
}

impl Paystack {
    pub(super) fn create_refund(&self, req: &Request) -> Response {
        let Some(Value::Object(body)) = req.json() else { return invalid(400, "Invalid request body") };
        let Some(reference) = body.get("transaction").and_then(Value::as_str).map(str::to_string) else {
            return invalid(400, "Transaction reference is required");
        };
        let amount = match body.get("amount") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_i64().filter(|a| *a > 0) {
                Some(a) => Some(a),
                None => return invalid(400, "Invalid amount"),
            },
        };
        let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let mut ledger = self.ledger();
        let Some(tx) = ledger.find(&reference).cloned() else { return invalid(404, "Transaction reference not found") };
        if tx.status == "reversed" {
            return invalid(400, "Transaction has been fully reversed");
        }
        if tx.status != "success" {
            return invalid(400, "Cannot refund a transaction that was not successful");
        }
        let done: i64 = ledger.refunds.iter().filter(|r| r.transaction_reference == reference && r.status != "failed").map(|r| r.amount).sum();
        let left = tx.amount - done;
        let amount = amount.unwrap_or(left);
        if amount > left {
            return invalid(400, "Refund amount cannot be more than the amount left on the transaction");
        }
        if let Some(c) = body.get("currency").and_then(Value::as_str) {
            if c != tx.currency {
                return invalid(400, "Currency does not match the transaction's");
            }
        }
        let n = ledger.next();
        let refund = Refund {
            id: 15_000_000 + n as i64,
            transaction_reference: reference.clone(),
            amount,
            currency: tx.currency.clone(),
            status: "pending".into(),
            merchant_note: text("merchant_note"),
            customer_note: text("customer_note"),
            created_at: now(),
        };
        ledger.refunds.push(refund.clone());
        if amount == left {
            if let Some(t) = ledger.find_mut(&reference) {
                t.status = "reversed".into();
            }
        }
        let mut data = refund_json(&refund, self.domain);
        data["transaction"] = json!({ "id": tx.id, "domain": tx.domain, "reference": tx.reference, "amount": tx.amount, "paid_at": tx.paid_at,
            "channel": "card", "currency": tx.currency, "authorization": { "exp_month": null, "exp_year": null, "account_name": null },
            "customer": { "international_format_phone": null }, "plan": {}, "subaccount": { "currency": null }, "split": {},
            "order_id": null, "paidAt": tx.paid_at, "pos_transaction_data": null, "source": null, "fees_breakdown": null });
        data["expected_at"] = json!(now());
        data["channel"] = Value::Null;
        data["fully_deducted"] = json!(true);
        data["updatedAt"] = json!(refund.created_at);
        Response::json(200, &json!({ "status": true, "message": "Refund has been queued for processing", "data": data }))
    }

    pub(super) fn fetch_refund(&self, id: &str) -> Response {
        let ledger = self.ledger();
        match ledger.refunds.iter().find(|r| r.id.to_string() == id) {
            Some(r) => Response::json(200, &json!({ "status": true, "message": "Refund retrieved", "data": refund_json(r, self.domain) })),
            None => invalid(404, "Refund not found"),
        }
    }

    /// `perPage` and `page` as the spec names them; `from` only keeps refunds made after it.
    pub(super) fn list_refunds(&self, query: &str) -> Response {
        let param = |name: &str| query.split('&').filter_map(|p| p.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| crate::text::percent_decode(v));
        let per_page: usize = param("perPage").and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(50);
        let page: usize = param("page").and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(1);
        let from = param("from").unwrap_or_default();
        let ledger = self.ledger();
        // Newest first, as Paystack lists.
        let all: Vec<&Refund> = ledger.refunds.iter().rev().filter(|r| from.is_empty() || r.created_at.as_str() >= from.as_str()).collect();
        let page_count = all.len().div_ceil(per_page).max(1);
        let data: Vec<Value> = all.iter().skip((page - 1) * per_page).take(per_page).map(|r| refund_json(r, self.domain)).collect();
        let meta = json!({ "total": all.len(), "skipped": (page - 1) * per_page, "perPage": per_page.to_string(), "page": page,
            "pageCount": page_count, "failedRefundCount": all.iter().filter(|r| r.status == "failed").count() });
        Response::json(200, &json!({ "status": true, "message": "Refunds retrieved", "data": data, "meta": meta }))
    }

    pub(super) fn set_refund_status(&self, id: i64, status: &str) -> bool {
        let mut ledger = self.ledger();
        let Some(r) = ledger.refunds.iter_mut().find(|r| r.id == id) else { return false };
        r.status = status.to_string();
        let reference = r.transaction_reference.clone();
        // A failed refund gives the transaction back what it had reserved.
        if status == "failed" {
            if let Some(t) = ledger.find_mut(&reference) {
                if t.status == "reversed" {
                    t.status = "success".into();
                }
            }
        }
        true
    }
}
