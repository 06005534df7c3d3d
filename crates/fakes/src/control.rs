//! The control API every fake shares, for tests that run the app as another process and cannot
//! call [`Controls`] directly. Control requests are never counted, recorded or faulted.
//!
//! - `POST /_fake/faults` `{"route": "initialize", "fault": {"kind": "status", "code": 500, "body": "…"}}`;
//!   kinds: `status` (`code`, optional `body`, optional `content_type`, default JSON), `html` (`code`),
//!   `delay` (`ms`), `drop`, `process_then_drop`, `process_then_truncate`, `page_url` (`url`: the
//!   payment page address to answer with), `echo` (`code`, `body` with `{authorization}` and
//!   `{x-api-key}` to fill in, optional `content_type`, default JSON)
//! - `POST /_fake/latency` `{"ms": N}`
//! - `GET /_fake/hits` → `{"<route>": n, …}` for every route the fake knows
//! - `GET /_fake/requests` → the recorded requests
//!
//! Anything else under `/_fake/` goes to the provider's own handler.

use crate::faults::{Controls, Echo, Fault};
use crate::http::{Request, Response};
use serde_json::{json, Map, Value};
use std::time::Duration;

/// Answer a generic control request, or `None` if the path is the provider's business.
pub(crate) fn handle(req: &Request, routes: &[&str], controls: &Controls) -> Option<Response> {
    let answer = match (req.method.as_str(), req.path.as_str()) {
        ("POST", "/_fake/faults") => push_fault(req, routes, controls),
        ("POST", "/_fake/latency") => set_latency(req, controls),
        ("GET", "/_fake/hits") => {
            let hits: Map<String, Value> = routes
                .iter()
                .map(|r| (r.to_string(), json!(controls.hits(r))))
                .collect();
            Ok(Response::json(200, &Value::Object(hits)))
        }
        ("GET", "/_fake/requests") => Ok(Response::json(200, &json!(controls.requests()))),
        _ => return None,
    };
    Some(answer.unwrap_or_else(|message| bad_request(&message)))
}

/// The answer to a control request the fake cannot make sense of.
pub(crate) fn bad_request(message: &str) -> Response {
    Response::json(400, &json!({ "error": message }))
}

/// The body of a control request as a JSON object.
pub(crate) fn body(req: &Request) -> Result<Map<String, Value>, String> {
    match req.json() {
        Some(Value::Object(map)) => Ok(map),
        _ => Err("body must be a JSON object".into()),
    }
}

fn push_fault(req: &Request, routes: &[&str], controls: &Controls) -> Result<Response, String> {
    let body = body(req)?;
    let route = body
        .get("route")
        .and_then(Value::as_str)
        .ok_or("missing \"route\"")?;
    if !routes.contains(&route) {
        return Err(format!("unknown route {route:?}; known: {routes:?}"));
    }
    let fault = parse_fault(body.get("fault").ok_or("missing \"fault\"")?)?;
    controls.push_fault(route, fault);
    Ok(Response::json(
        200,
        &json!({ "queued": controls.pending_faults(route) }),
    ))
}

fn set_latency(req: &Request, controls: &Controls) -> Result<Response, String> {
    let ms = body(req)?
        .get("ms")
        .and_then(Value::as_u64)
        .ok_or("\"ms\" must be a whole number")?;
    controls.set_latency(Duration::from_millis(ms));
    Ok(Response::json(200, &json!({ "ms": ms })))
}

/// `{"kind": …}` → [`Fault`].
pub fn parse_fault(value: &Value) -> Result<Fault, String> {
    let kind = value
        .get("kind")
        .and_then(Value::as_str)
        .ok_or("fault needs a \"kind\"")?;
    let code = || {
        value
            .get("code")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
            .filter(|c| (100..=999).contains(c))
            .ok_or_else(|| format!("{kind} fault needs a \"code\" (100-999)"))
    };
    let text = |field: &str| value.get(field).and_then(Value::as_str).map(str::to_string);
    Ok(match kind {
        "status" => Fault::Status {
            code: code()?,
            body: text("body").unwrap_or_default(),
            content_type: text("content_type").unwrap_or_else(|| "application/json".into()),
        },
        "html" => Fault::Html { code: code()? },
        "delay" => {
            let ms = value
                .get("ms")
                .and_then(Value::as_u64)
                .ok_or("delay fault needs \"ms\"")?;
            Fault::Delay(Duration::from_millis(ms))
        }
        "drop" => Fault::Drop,
        "process_then_drop" => Fault::ProcessThenDrop,
        "process_then_truncate" => Fault::ProcessThenTruncate,
        "page_url" => Fault::PageUrl(text("url").ok_or("page_url fault needs a \"url\"")?),
        "echo" => Fault::Echo(Echo {
            code: code()?,
            body: text("body").unwrap_or_default(),
            content_type: text("content_type").unwrap_or_else(|| "application/json".into()),
        }),
        other => return Err(format!("unknown fault kind {other:?}")),
    })
}
