//! Errors as Dojo sends them: RFC 7807 problem details, `application/problem+json`.

use super::Dojo;
use crate::http::Response;
use crate::text::code;
use serde_json::{json, Value};

impl Dojo {
    /// An RFC 7807 answer in Dojo's shape; `errors` is `{Field: [message]}`.
    pub(super) fn problem(
        &self,
        status: u16,
        title: &str,
        detail: Option<&str>,
        errors: Option<Value>,
    ) -> Response {
        // The RFC sections ASP.NET names for these statuses.
        let kind = match status {
            400 => "https://tools.ietf.org/html/rfc7231#section-6.5.1",
            401 => "https://tools.ietf.org/html/rfc7235#section-3.1",
            404 => "https://tools.ietf.org/html/rfc7231#section-6.5.4",
            _ => "https://tools.ietf.org/html/rfc7231#section-6.6.1",
        };
        let n = self.ledger().next();
        let mut body = json!({
            "type": kind,
            "title": title,
            "status": status,
            "traceId": format!("00-{}-{}-00", code(n, 32), code(n + 1, 16)),
        });
        if let Some(detail) = detail {
            body["detail"] = json!(detail);
        }
        if let Some(errors) = errors {
            body["errors"] = errors;
        }
        Response::raw(
            status,
            "application/problem+json; charset=utf-8",
            body.to_string(),
        )
    }
}
