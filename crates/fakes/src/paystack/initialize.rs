//! `POST /transaction/initialize`: validate like Paystack, then record an `abandoned` transaction.
//!
//! Error answers copy Paystack's shape (`status`, `message`, `meta.nextStep`, `type`, `code`) and,
//! where known, its messages: the spec's example for "Duplicate Transaction Reference", the
//! others from Paystack's published list of API errors.

use super::{gateway_response, now, Paystack, Transaction};
use crate::http::{Request, Response};
use crate::text::code;
use serde_json::{json, Value};

impl Paystack {
    pub(super) fn initialize(&self, req: &Request) -> Response {
        let Some(Value::Object(body)) = req.json() else {
            return invalid(
                "Invalid request body",
                "Send a JSON object",
                "invalid_params",
            );
        };
        let email = match body.get("email") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) if is_email(s) => Some(s.trim().to_string()),
            Some(_) => {
                return invalid(
                    "Invalid Email Address Passed",
                    "Pass a valid email",
                    "invalid_email",
                )
            }
        };
        let Some(email) = email else {
            return invalid(
                "Email is not allowed to be empty",
                "Pass the email to the transaction initialize API",
                "invalid_email",
            );
        };
        // Integer JSON numbers only: "5000", 5000.0 and true are all refused.
        let amount = body
            .get("amount")
            .and_then(Value::as_i64)
            .filter(|a| *a > 0);
        let Some(amount) = amount else {
            return invalid(
                "Invalid amount",
                "Ensure that you're passing your amount correctly. It should be a number greater than zero, with no decimal places",
                "invalid_amount",
            );
        };
        let currency = match body.get("currency") {
            None | Some(Value::Null) => "NGN".to_string(),
            Some(Value::String(c)) if self.currencies.iter().any(|ok| ok == c) => c.clone(),
            Some(_) => {
                return invalid(
                    "Currency not supported by merchant",
                    "Ensure you're passing the currency code for a currency enabled on your integration",
                    "unsupported_currency",
                )
            }
        };
        // 10,000,000 major units, counted in the currency's ISO minor unit (XOF has none, so
        // 10,000,000 XOF is 10,000,000; NGN has 100 kobo, so 1,000,000,000).
        let exponent = iso_currency::Currency::from_code(&currency)
            .and_then(|c| c.exponent())
            .unwrap_or(2);
        if amount > 10_000_000 * 10i64.pow(u32::from(exponent)) {
            return invalid(
                "Transaction amount limit exceeded",
                "Re-initialize the transaction with a lower amount",
                "invalid_amount",
            );
        }
        let reference = match body.get("reference") {
            None | Some(Value::Null) => None,
            Some(Value::String(r)) if r.is_empty() => None,
            Some(Value::String(r)) if r.chars().all(reference_char) => Some(r.clone()),
            Some(_) => {
                return invalid(
                    "Invalid character in transaction reference",
                    "Only -, ., = and alphanumeric characters are allowed in a reference",
                    "invalid_reference",
                )
            }
        };
        let metadata = match body.get("metadata") {
            None | Some(Value::Null) => None,
            Some(m @ Value::Object(_)) => Some(m.clone()),
            Some(_) => {
                return invalid(
                    "Invalid metadata",
                    "Pass metadata as a JSON object",
                    "invalid_metadata",
                )
            }
        };
        let callback_url = body
            .get("callback_url")
            .and_then(Value::as_str)
            .map(str::to_string);

        let mut ledger = self.ledger();
        let reference = match reference {
            Some(r) if ledger.find(&r).is_some() => {
                return invalid(
                    "Duplicate Transaction Reference",
                    "Try and create the Transaction or Charge with a new reference",
                    "duplicate_reference",
                )
            }
            Some(r) => r,
            None => loop {
                let r = code(ledger.next(), 10);
                if ledger.find(&r).is_none() {
                    break r;
                }
            },
        };
        let n = ledger.next();
        let tx = Transaction {
            // Real ids passed 2^31 long ago (the seed shows 4,099,260,516) and keep growing: start
            // above 2^32 so a client keeping them in 32 bits fails here, not in production.
            id: 5_000_000_000 + n as i64,
            access_code: code(n, 15),
            reference,
            domain: self.domain.to_string(),
            status: "abandoned".into(),
            gateway_response: gateway_response("abandoned").into(),
            amount,
            requested_amount: amount,
            currency,
            email,
            metadata,
            callback_url,
            created_at: now(),
            paid_at: None,
        };
        let base = self.base_url.get().cloned().unwrap_or_default();
        let data = json!({
            "authorization_url": format!("{base}/checkout/{}", tx.access_code),
            "access_code": tx.access_code,
            "reference": tx.reference,
        });
        ledger.transactions.push(tx);
        Response::json(
            200,
            &json!({ "status": true, "message": "Authorization URL created", "data": data }),
        )
    }
}

/// A Paystack validation error: HTTP 400 with the body shape of the spec's example.
fn invalid(message: &str, next_step: &str, code: &str) -> Response {
    Response::json(
        400,
        &json!({
            "status": false,
            "message": message,
            "meta": { "nextStep": next_step },
            "type": "validation_error",
            "code": code,
        }),
    )
}

fn reference_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '=')
}

fn is_email(s: &str) -> bool {
    let s = s.trim();
    matches!(s.split_once('@'), Some((user, host)) if !user.is_empty() && host.contains('.') && !s.contains(' '))
}
