//! The identity service: `POST /authorize` with `x-api-key` and no body answers a bearer token,
//! `{access_token, expires_in, scope, token_type: "Bearer"}`, honoured for `expires_in` seconds.
//! Tests shorten that, or expire every token at once, to see a client refresh or recover from 401.

use super::wire::problem;
use super::{Book, Payroc};
use crate::control;
use crate::http::{Request, Response};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

impl Payroc {
    /// `POST /authorize`: a bearer token for the right `x-api-key`.
    pub(super) fn authorize(&self, req: &Request) -> Response {
        if req.header("x-api-key") != Some(self.options.api_key.as_str()) {
            // The identity service's refusal is not documented; this shape is the fake's guess.
            return problem(401, "not-authorized", "Not Authorized", "Invalid API key");
        }
        let mut book = self.book();
        let n = book.next();
        let token = format!("fake-payroc-token-{n}-{}", crate::text::code(n, 24));
        let lifetime = book.token_lifetime;
        book.tokens.insert(
            token.clone(),
            Instant::now() + Duration::from_secs(lifetime),
        );
        Response::json(
            200,
            &json!({ "access_token": token, "expires_in": lifetime, "scope": "payroc-api", "token_type": "Bearer" }),
        )
    }
}

impl Book {
    /// Whether the request carries a token this service issued and still honours.
    pub(super) fn honours(&self, req: &Request) -> bool {
        let token = req
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim);
        token
            .and_then(|t| self.tokens.get(t))
            .is_some_and(|until| Instant::now() < *until)
    }

    pub(super) fn expire_tokens(&mut self) {
        let now = Instant::now();
        self.tokens.values_mut().for_each(|until| *until = now);
    }
}

/// `POST /_fake/tokens/expire` and `POST /_fake/tokens/lifetime {"secs": N}`; `None` otherwise.
pub(super) fn control(book: &mut Book, req: &Request) -> Option<Response> {
    Some(match (req.method.as_str(), req.path.as_str()) {
        ("POST", "/_fake/tokens/expire") => {
            book.expire_tokens();
            Response::json(200, &json!({ "expired": book.tokens.len() }))
        }
        ("POST", "/_fake/tokens/lifetime") => {
            let secs = control::body(req)
                .ok()
                .and_then(|b| b.get("secs").and_then(Value::as_u64));
            let Some(secs) = secs else {
                return Some(control::bad_request("\"secs\" must be a whole number"));
            };
            book.token_lifetime = secs;
            Response::json(200, &json!({ "secs": secs }))
        }
        _ => return None,
    })
}
