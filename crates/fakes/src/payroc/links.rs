//! `POST` and `GET /v1/processing-terminals/{id}/payment-links`: validate a single-use link the
//! way the spec's schema does (every error listed, as Payroc's validation answers list them),
//! refuse what the terminal does not take, record the link `active`, and answer it in the shape
//! of the spec's `createdSingleUsePaymentLink` example. Also the JSON of a link everyone uses.

use super::wire::{id_code, invalid, problem, query, today};
use super::{Book, PaymentLink, Payroc};
use crate::http::{Request, Response};
use crate::text::escape_html;
use serde_json::{json, Map, Value};

const TOP: &[&str] = &[
    "type",
    "merchantReference",
    "order",
    "authType",
    "paymentMethods",
    "customLabels",
    "expiresOn",
    "credentialOnFile",
];
const ORDER: &[&str] = &["orderId", "description", "charge"];
const CHARGE: &[&str] = &["type", "amount", "currency"];

impl Payroc {
    pub(super) fn create(&self, book: &mut Book, terminal: &str, req: &Request) -> Response {
        if terminal != self.options.terminal_id {
            return no_terminal(terminal);
        }
        let Some(Value::Object(body)) = req.json() else {
            return invalid(&[(
                "body".into(),
                "The request body must be a JSON object.".into(),
            )]);
        };
        let mut errors: Vec<(String, String)> = vec![];
        let mut err = |p: &str, m: &str| errors.push((p.to_string(), m.to_string()));
        unknown(&body, TOP, "", &mut err);
        match body.get("type").and_then(Value::as_str) {
            Some("singleUse") => {}
            Some("multiUse") => err("type", "This fake plays single-use links only."),
            _ => err("type", "type must be one of: multiUse, singleUse."),
        }
        let reference = text(
            &body,
            "merchantReference",
            "merchantReference",
            (1, 48),
            true,
            &mut err,
        );
        let empty = Map::new();
        let order = match body.get("order") {
            Some(Value::Object(o)) => o,
            _ => {
                err("order", "order is required and must be an object.");
                &empty
            }
        };
        unknown(order, ORDER, "order.", &mut err);
        let order_id =
            text(order, "orderId", "order.orderId", (1, 24), true, &mut err).map(|v| v.to_string());
        let description = text(
            order,
            "description",
            "order.description",
            (0, 1024),
            false,
            &mut err,
        )
        .map(str::to_string);
        let charge = match order.get("charge") {
            Some(Value::Object(c)) => c,
            _ => {
                err(
                    "order.charge",
                    "order.charge is required and must be an object.",
                );
                &empty
            }
        };
        unknown(charge, CHARGE, "order.charge.", &mut err);
        if charge.get("type").and_then(Value::as_str) != Some("preset") {
            err(
                "order.charge.type",
                "This fake plays preset charges only: type must be preset.",
            );
        }
        // JSON integers only: "4999" and 49.99 are refused, as the schema's `integer` does.
        let amount = charge
            .get("amount")
            .and_then(Value::as_i64)
            .filter(|a| *a > 0);
        if amount.is_none() {
            err(
                "order.charge.amount",
                "amount must be a whole number of the currency's lowest denomination, above zero.",
            );
        }
        let currency = charge
            .get("currency")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if !self.options.currencies.contains(&currency) {
            let msg = format!(
                "Currency '{currency}' is not supported by processing terminal {terminal}."
            );
            err("order.charge.currency", &msg);
        }
        let auth_type = body
            .get("authType")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if !matches!(auth_type.as_str(), "sale" | "preAuthorization") {
            err(
                "authType",
                "authType must be one of: sale, preAuthorization.",
            );
        }
        let methods: Vec<String> = match body.get("paymentMethods") {
            Some(Value::Array(a)) => a
                .iter()
                .map(|m| m.as_str().unwrap_or("?").to_string())
                .collect(),
            _ => vec![],
        };
        let mut seen = methods.clone();
        seen.sort();
        seen.dedup();
        if methods.is_empty()
            || seen.len() != methods.len()
            || methods.iter().any(|m| m != "card" && m != "bankTransfer")
        {
            err(
                "paymentMethods",
                "paymentMethods must be distinct values from: card, bankTransfer.",
            );
        } else if auth_type == "preAuthorization" && methods.iter().any(|m| m != "card") {
            err(
                "paymentMethods",
                "A pre-authorization must be paid by card.",
            );
        }
        let expires_on = body
            .get("expiresOn")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        match chrono::NaiveDate::parse_from_str(&expires_on, "%Y-%m-%d") {
            // A day of slack: the client writes its own local date.
            Ok(d)
                if d.format("%Y-%m-%d").to_string() == expires_on
                    && d.succ_opt().is_some_and(|n| n.to_string() >= today()) => {}
            Ok(_) => err("expiresOn", "expiresOn must not be in the past."),
            Err(_) => err(
                "expiresOn",
                "expiresOn is required for a single-use link, as YYYY-MM-DD.",
            ),
        }
        if !errors.is_empty() {
            return invalid(&errors);
        }
        let n = book.next();
        let base = self.base_url.get().cloned().unwrap_or_default();
        let link = PaymentLink {
            payment_link_id: id_code(n),
            processing_terminal_id: terminal.to_string(),
            merchant_reference: reference.unwrap_or_default().to_string(),
            order_id: order_id.unwrap_or_default(),
            description,
            amount: amount.unwrap_or_default(),
            currency,
            auth_type,
            payment_methods: methods,
            status: "active".into(),
            created_on: today(),
            expires_on,
            payment_url: format!("{base}/merchant/pay-by-link?token={}", checkout_token(n)),
            sharing_events: vec![],
            payments: vec![],
        };
        let mut answer = Response::json(201, &link_json(&link));
        answer.headers.push((
            "Location".into(),
            format!("{base}/v1/payment-links/{}", link.payment_link_id),
        ));
        book.links.push(link);
        answer
    }

    /// `GET …/payment-links?merchantReference=…&status=…`: one page with everything that matches.
    pub(super) fn list(&self, book: &mut Book, terminal: &str, req: &Request) -> Response {
        if terminal != self.options.terminal_id {
            return no_terminal(terminal);
        }
        let filters = query(req);
        let wanted = |name: &str| {
            filters
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let ids: Vec<String> = book
            .links
            .iter()
            .map(|l| l.payment_link_id.clone())
            .collect();
        let mut data = vec![];
        for id in ids {
            let Some(link) = book.link_mut(&id) else {
                continue;
            };
            let keep = wanted("merchantReference").is_none_or(|r| r == link.merchant_reference)
                && wanted("status").is_none_or(|s| s == link.status)
                && wanted("linkType").is_none_or(|t| t == "singleUse");
            if keep {
                data.push(link_json(link));
            }
        }
        Response::json(
            200,
            &json!({ "limit": 100, "count": data.len(), "hasMore": false, "data": data, "links": [] }),
        )
    }
}

/// A link as Payroc answers it (create, retrieve, list, deactivate).
pub(super) fn link_json(link: &PaymentLink) -> Value {
    let mut order = json!({
        "orderId": link.order_id,
        "charge": { "type": "preset", "amount": link.amount, "currency": link.currency },
    });
    if let Some(d) = &link.description {
        order["description"] = json!(d);
    }
    let url = escape_html(&link.payment_url);
    json!({
        "type": "singleUse",
        "paymentLinkId": link.payment_link_id,
        "merchantReference": link.merchant_reference,
        "order": order,
        "authType": link.auth_type,
        "paymentMethods": link.payment_methods,
        "assets": {
            "paymentUrl": link.payment_url,
            "paymentButton": format!("<a href=\"{url}\" target=\"_blank\">Pay Now</a>"),
        },
        "status": link.status,
        "createdOn": link.created_on,
        "expiresOn": link.expires_on,
    })
}

/// What goes in a link's `paymentUrl`, like the UUID Payroc puts there.
pub(super) fn checkout_token(n: u64) -> String {
    let c = crate::text::code(n ^ 0x5eed, 32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &c[..8],
        &c[8..12],
        &c[13..16],
        &c[17..20],
        &c[20..32]
    )
}

fn no_terminal(terminal: &str) -> Response {
    problem(
        404,
        "not-found",
        "Not found",
        &format!("Processing terminal {terminal} was not found"),
    )
}

/// A string property with the schema's bounds; `None` (and an error naming `param`) otherwise.
fn text<'a>(
    obj: &'a Map<String, Value>,
    name: &str,
    param: &str,
    (min, max): (usize, usize),
    required: bool,
    err: &mut impl FnMut(&str, &str),
) -> Option<&'a str> {
    match obj.get(name) {
        None if !required => None,
        Some(Value::String(s)) if (min..=max).contains(&s.chars().count()) => Some(s),
        _ => {
            let need = if required { "is required and " } else { "" };
            err(
                param,
                &format!("{param} {need}must be a string of {min} to {max} characters."),
            );
            None
        }
    }
}

/// Properties the schema does not define: refused here, so a client's typo cannot pass unseen.
fn unknown(
    obj: &Map<String, Value>,
    known: &[&str],
    prefix: &str,
    err: &mut impl FnMut(&str, &str),
) {
    for k in obj.keys().filter(|k| !known.contains(&k.as_str())) {
        err(
            &format!("{prefix}{k}"),
            &format!("{prefix}{k} is not a property of a payment link."),
        );
    }
}
