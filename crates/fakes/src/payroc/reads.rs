//! The calls on one link after it was made — retrieve, share by e-mail (and list the shares),
//! deactivate — and `GET /v1/payments?paymentLinkId=…`, each in the spec's answer shape.

use super::links::link_json;
use super::wire::{id_code, invalid, now_time, problem, query};
use super::{Book, Payment, SharingEvent};
use crate::http::{Request, Response};
use serde_json::{json, Value};

const SHARE: &[&str] = &["sharingMethod", "recipients", "message", "merchantCopy"];

fn not_found(id: &str) -> Response {
    problem(
        404,
        "not-found",
        "Not found",
        &format!("Payment link {id} was not found"),
    )
}

pub(super) fn retrieve(book: &mut Book, id: &str) -> Response {
    match book.link_mut(id) {
        Some(link) => Response::json(200, &link_json(link)),
        None => not_found(id),
    }
}

/// `POST /v1/payment-links/{id}/deactivate`: an active link becomes `deactivated` for good.
pub(super) fn deactivate(book: &mut Book, id: &str) -> Response {
    let Some(link) = book.link_mut(id) else {
        return not_found(id);
    };
    if link.status != "active" {
        // Payroc's words for this are not published; the spec lists a 409 for the operation.
        let detail = format!(
            "The payment link is {} and can't be deactivated",
            link.status
        );
        return problem(409, "conflict", "Conflict", &detail);
    }
    link.status = "deactivated".into();
    Response::json(200, &link_json(link))
}

/// `POST /v1/payment-links/{id}/sharing-events`: checks the `email` variant, records the event.
pub(super) fn share(book: &mut Book, id: &str, req: &Request) -> Response {
    let n = book.next();
    let Some(link) = book.link_mut(id) else {
        return not_found(id);
    };
    let Some(Value::Object(body)) = req.json() else {
        return invalid(&[(
            "body".into(),
            "The request body must be a JSON object.".into(),
        )]);
    };
    let mut errors: Vec<(String, String)> = vec![];
    let mut err = |p: &str, m: &str| errors.push((p.to_string(), m.to_string()));
    for k in body.keys().filter(|k| !SHARE.contains(&k.as_str())) {
        err(k, &format!("{k} is not a property of a sharing event."));
    }
    if body.get("sharingMethod").and_then(Value::as_str) != Some("email") {
        err("sharingMethod", "sharingMethod must be email.");
    }
    let message = match body.get("message") {
        None => None,
        Some(Value::String(m)) if m.chars().count() <= 1024 => Some(m.clone()),
        Some(_) => {
            err(
                "message",
                "message must be a string of at most 1024 characters.",
            );
            None
        }
    };
    let merchant_copy = match body.get("merchantCopy") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            err("merchantCopy", "merchantCopy must be true or false.");
            false
        }
    };
    let mut recipients = vec![];
    match body.get("recipients") {
        Some(Value::Array(list)) if !list.is_empty() => {
            for (i, r) in list.iter().enumerate() {
                let field = |f: &str| {
                    r.get(f)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                let (name, email) = (field("name"), field("email"));
                if !(1..=48).contains(&name.chars().count()) {
                    err(
                        &format!("recipients[{i}].name"),
                        "name is required, 1 to 48 characters.",
                    );
                }
                let plausible = email
                    .split_once('@')
                    .is_some_and(|(u, h)| !u.is_empty() && h.contains('.'));
                if !(6..=128).contains(&email.chars().count()) || !plausible {
                    err(
                        &format!("recipients[{i}].email"),
                        "email is required: a valid address of 6 to 128 characters.",
                    );
                }
                if r.as_object()
                    .is_some_and(|o| o.keys().any(|k| k != "name" && k != "email"))
                {
                    err(
                        &format!("recipients[{i}]"),
                        "A recipient has a name and an email only.",
                    );
                }
                recipients.push((name, email));
            }
        }
        _ => err(
            "recipients",
            "recipients is required: at least one recipient.",
        ),
    }
    if !errors.is_empty() {
        return invalid(&errors);
    }
    if link.status != "active" {
        let detail = format!("The payment link is {} and can't be shared", link.status);
        return problem(409, "conflict", "Conflict", &detail);
    }
    let event = SharingEvent {
        sharing_event_id: id_code(n + 500_000),
        date_time: now_time(),
        recipients,
        message,
        merchant_copy,
    };
    let answer = sharing_json(&event);
    link.sharing_events.push(event);
    Response::json(201, &answer)
}

/// `GET /v1/payment-links/{id}/sharing-events`: every share, oldest first, on one page.
pub(super) fn sharing_events(book: &mut Book, id: &str) -> Response {
    let Some(link) = book.link_mut(id) else {
        return not_found(id);
    };
    let data: Vec<Value> = link.sharing_events.iter().map(sharing_json).collect();
    Response::json(
        200,
        &json!({ "limit": 100, "count": data.len(), "hasMore": false, "data": data, "links": [] }),
    )
}

/// `GET /v1/payments`, filtered by `paymentLinkId` (the only filter the fake plays).
pub(super) fn payments(book: &mut Book, req: &Request) -> Response {
    let filters = query(req);
    let link_id = filters
        .iter()
        .find(|(k, _)| k == "paymentLinkId")
        .map(|(_, v)| v.as_str());
    if link_id.is_some_and(|id| id.chars().count() != 10) {
        return invalid(&[(
            "paymentLinkId".into(),
            "paymentLinkId must be 10 characters.".into(),
        )]);
    }
    let mut data = vec![];
    for link in book
        .links
        .iter()
        .filter(|l| link_id.is_none_or(|id| id == l.payment_link_id))
    {
        data.extend(
            link.payments
                .iter()
                .map(|p| payment_json(link.processing_terminal_id.as_str(), &link.order_id, p)),
        );
    }
    Response::json(
        200,
        &json!({ "limit": 100, "count": data.len(), "hasMore": false, "data": data, "links": [] }),
    )
}

fn sharing_json(e: &SharingEvent) -> Value {
    let recipients: Vec<Value> = e
        .recipients
        .iter()
        .map(|(name, email)| json!({ "name": name, "email": email }))
        .collect();
    let mut v = json!({ "sharingMethod": "email", "sharingEventId": e.sharing_event_id, "dateTime": e.date_time, "recipients": recipients });
    if let Some(m) = &e.message {
        v["message"] = json!(m);
    }
    v
}

/// A payment in the shape of the spec's `listPayments` example.
pub(super) fn payment_json(terminal: &str, order_id: &str, p: &Payment) -> Value {
    let approved = p.response_code == "A";
    let refunds: Vec<Value> = p
        .refunds
        .iter()
        .map(|r| json!({ "refundId": r.refund_id, "dateTime": now_time(), "currency": p.currency, "amount": -r.amount,
            "status": r.status, "responseCode": "A", "responseMessage": "Transaction refunded" }))
        .collect();
    json!({
        "paymentId": p.payment_id,
        "processingTerminalId": terminal,
        "order": { "orderId": order_id, "dateTime": now_time(), "amount": p.amount, "currency": p.currency },
        "card": { "type": "Visa Credit", "cardholderName": "Sarah Hopper", "cardNumber": "453985******7062", "expiryDate": "1230", "entryMethod": "keyed" },
        "transactionResult": {
            "type": "sale",
            "status": p.status,
            "approvalCode": if approved { "OK3" } else { "DECLINED" },
            "authorizedAmount": if approved { p.amount } else { 0 },
            "currency": p.currency,
            "responseCode": p.response_code,
            "responseMessage": if approved { "APPROVAL" } else { "DECLINE" },
        },
        "refunds": refunds,
        "supportedOperations": super::refunds::operations(p),
    })
}
