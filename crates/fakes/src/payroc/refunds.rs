//! `POST /v1/payments/{paymentId}/refund` and `POST /v1/payments/{paymentId}/reverse`, as the
//! spec describes them. A payment starts in the open batch (`ready`): Payroc then offers
//! `fullyReverse` and `partiallyReverse`; once [`super::FakePayroc::close_batch`] moves it to
//! `complete`, it offers `refund`. A refund of a payment still in the open batch is reversed
//! instead, as the spec says the gateway does. Both run under the `Idempotency-Key` rules.

use super::wire::{id_code, invalid, problem};
use super::{Book, Payment};
use crate::http::{Request, Response};
use serde::Serialize;
use serde_json::Value;

/// A refund linked to a payment (`refundSummary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentRefund {
    pub refund_id: String,
    pub amount: i64,
    pub status: String,
    pub description: String,
}

/// What Payroc lets a client do next with a payment.
pub(super) fn operations(p: &Payment) -> Vec<&'static str> {
    match (p.response_code.as_str(), p.status.as_str()) {
        ("A", "ready") => vec!["fullyReverse", "partiallyReverse"],
        ("A", "complete") if refunded(p) < p.amount => vec!["refund"],
        _ => vec![],
    }
}

fn refunded(p: &Payment) -> i64 {
    p.refunds.iter().filter(|r| r.status != "declined").map(|r| r.amount).sum()
}

fn find<'a>(book: &'a mut Book, payment_id: &str) -> Option<(&'a mut Payment, String, String)> {
    book.links.iter_mut().find_map(|l| {
        let (terminal, order) = (l.processing_terminal_id.clone(), l.order_id.clone());
        l.payments.iter_mut().find(|p| p.payment_id == payment_id).map(|p| (p, terminal, order))
    })
}

fn not_found(id: &str) -> Response {
    problem(404, "not-found", "Not found", &format!("Payment {id} was not found"))
}

fn amount(body: &serde_json::Map<String, Value>) -> Option<i64> {
    body.get("amount").and_then(Value::as_i64).filter(|a| *a > 0)
}

pub(super) fn refund(book: &mut Book, payment_id: &str, req: &Request) -> Response {
    let Some(Value::Object(body)) = req.json() else {
        return invalid(&[("body".into(), "The request body must be a JSON object.".into())]);
    };
    let mut errors: Vec<(String, String)> = vec![];
    for k in body.keys().filter(|k| !["amount", "description", "operator"].contains(&k.as_str())) {
        errors.push((k.clone(), format!("{k} is not a property of a refund.")));
    }
    if amount(&body).is_none() {
        errors.push(("amount".into(), "amount is required: a whole number of minor units above 0.".into()));
    }
    let description = body.get("description").and_then(Value::as_str).unwrap_or_default().to_string();
    if !(1..=100).contains(&description.chars().count()) {
        errors.push(("description".into(), "description is required, 1 to 100 characters.".into()));
    }
    if !errors.is_empty() {
        return invalid(&errors);
    }
    let amount = amount(&body).unwrap_or_default();
    let n = book.next();
    let Some((p, terminal, order)) = find(book, payment_id) else { return not_found(payment_id) };
    if p.status == "ready" {
        // "If the merchant refunds a payment that is in an open batch, our gateway reverses the payment."
        return reverse_now(p, amount, &terminal, &order);
    }
    if !operations(p).contains(&"refund") || amount > p.amount - refunded(p) {
        return problem(409, "conflict", "Conflict", "The payment can't be refunded by that amount");
    }
    p.refunds.push(PaymentRefund { refund_id: id_code(n + 700_000), amount, status: "ready".into(), description });
    Response::json(200, &super::reads::payment_json(&terminal, &order, p))
}

pub(super) fn reverse(book: &mut Book, payment_id: &str, req: &Request) -> Response {
    let body = match req.json() {
        Some(Value::Object(b)) => b,
        None if req.body.trim().is_empty() => Default::default(),
        _ => return invalid(&[("body".into(), "The request body must be a JSON object.".into())]),
    };
    if let Some(k) = body.keys().find(|k| !["amount", "operator"].contains(&k.as_str())) {
        return invalid(&[(k.clone(), format!("{k} is not a property of a reversal."))]);
    }
    let Some((p, terminal, order)) = find(book, payment_id) else { return not_found(payment_id) };
    let amount = amount(&body).unwrap_or(p.amount);
    if p.status != "ready" {
        return problem(409, "conflict", "Conflict", "The payment is not in an open batch and can't be reversed");
    }
    reverse_now(p, amount, &terminal, &order)
}

fn reverse_now(p: &mut Payment, amount: i64, terminal: &str, order: &str) -> Response {
    if amount > p.amount {
        return problem(409, "conflict", "Conflict", "The reversal amount is more than the payment's");
    }
    if amount == p.amount {
        p.status = "reversal".into();
    }
    p.amount -= amount;
    p.reversed += amount;
    Response::json(200, &super::reads::payment_json(terminal, order, p))
}
