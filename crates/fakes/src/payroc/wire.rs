//! Small pieces of Payroc's answers the fake's modules share: problem+json errors with the
//! spec's types and titles, ids shaped like Payroc's, dates, and query strings.

use crate::http::{Request, Response};
use crate::text::percent_decode;
use serde_json::{json, Value};

/// A problem+json answer with the type URI Payroc uses for `kind`.
pub(super) fn problem(status: u16, kind: &str, title: &str, detail: &str) -> Response {
    let body = json!({ "type": format!("https://docs.payroc.com/api/errors#{kind}"), "title": title, "status": status, "detail": detail });
    Response::raw(status, "application/problem+json", body.to_string())
}

/// A 400 listing each `(parameter, message)` as the spec's validation example does.
pub(super) fn invalid(errors: &[(String, String)]) -> Response {
    let errors: Vec<Value> = errors
        .iter()
        .map(|(p, m)| json!({ "parameter": p, "detail": "invalid", "message": m }))
        .collect();
    let body = json!({
        "type": "https://docs.payroc.com/api/errors#bad-request",
        "title": "Bad request",
        "status": 400,
        "detail": "One or more validation errors occurred, see error section for more info",
        "errors": errors,
    });
    Response::raw(400, "application/problem+json", body.to_string())
}

/// Ten capital letters and digits, as Payroc's ids look (`JZURRJBUPS`).
pub(super) fn id_code(n: u64) -> String {
    crate::text::code(n, 10).to_ascii_uppercase()
}

pub(super) fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

pub(super) fn now_time() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `a=1&b=x%20y` → pairs, decoded.
pub(super) fn query(req: &Request) -> Vec<(String, String)> {
    req.query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                percent_decode(&k.replace('+', " ")),
                percent_decode(&v.replace('+', " ")),
            )
        })
        .collect()
}
