//! `GET /transaction/verify/{reference}`: the answer with the full field set the spec marks
//! required and the seed shows, so a strict client reading five fields and an exact-shape reader
//! both work.

use super::{Paystack, Transaction};
use crate::http::Response;
use crate::text::{code, fnv};
use serde_json::{json, Value};

impl Paystack {
    pub(super) fn verify(&self, reference: &str) -> Response {
        match self.ledger().find(reference) {
            Some(tx) => Response::json(
                200,
                &json!({ "status": true, "message": "Verification successful", "data": verify_data(tx) }),
            ),
            None => Response::json(
                404,
                &json!({ "status": false, "message": "Transaction reference not found" }),
            ),
        }
    }
}

/// The `data` of a verify answer, with every field the spec lists as required.
fn verify_data(tx: &Transaction) -> Value {
    let paid = matches!(tx.status.as_str(), "success" | "reversed");
    let acted = tx.status != "abandoned";
    // Paystack's local card pricing: 1.5% + 100 (waived under 2,500), capped at 2,000 major units.
    let fees = paid.then(|| {
        let flat = if tx.amount >= 250_000 { 10_000 } else { 0 };
        (tx.amount * 15 / 1000 + flat).min(200_000)
    });
    let authorization = if paid {
        json!({
            "authorization_code": format!("AUTH_{}", code(tx.id as u64, 10)),
            "bin": "408408", "last4": "4081", "exp_month": "12", "exp_year": "2030",
            "channel": "card", "card_type": "visa ", "bank": "TEST BANK", "country_code": "NG",
            "brand": "visa", "reusable": true, "signature": format!("SIG_{}", code(tx.id as u64, 20)),
            "account_name": null, "receiver_bank_account_number": null, "receiver_bank": null,
        })
    } else {
        json!({})
    };
    let customer_seed = fnv(&tx.email);
    json!({
        "id": tx.id,
        "domain": tx.domain,
        "status": tx.status,
        "reference": tx.reference,
        "receipt_number": null,
        "amount": tx.amount,
        "message": null,
        "gateway_response": tx.gateway_response,
        "paid_at": tx.paid_at,
        "created_at": tx.created_at,
        "channel": "card",
        "currency": tx.currency,
        "ip_address": if acted { json!("127.0.0.1") } else { Value::Null },
        // Paystack answers "" when no metadata was sent.
        "metadata": tx.metadata.clone().unwrap_or_else(|| json!("")),
        "log": null,
        "fees": fees,
        "fees_split": null,
        "authorization": authorization,
        "customer": {
            "id": 100_000_000 + (customer_seed % 900_000_000) as i64,
            "first_name": null,
            "last_name": null,
            "email": tx.email,
            "customer_code": format!("CUS_{}", code(customer_seed, 15)),
            "phone": null,
            "metadata": null,
            "risk_action": "default",
            "international_format_phone": null,
        },
        "plan": null,
        "split": {},
        "order_id": null,
        "paidAt": tx.paid_at,
        "createdAt": tx.created_at,
        "requested_amount": tx.requested_amount,
        "pos_transaction_data": null,
        "source": null,
        "fees_breakdown": null,
        "connect": null,
        "transaction_date": tx.created_at,
        "plan_object": {},
        "subaccount": {},
    })
}
