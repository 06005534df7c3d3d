//! Payroc's `Idempotency-Key`, as its docs and the spec's examples describe it: a UUID v4 per
//! request; the same key with the same request replays the first answer (Payroc keeps them for
//! seven days; the fake, for its lifetime); the same key with another request is a 409
//! "Idempotency-Key in use"; a POST that needs one and has none is a 400.
//!
//! Only requests the handler processed are remembered: a fault answered instead (a 500, an HTML
//! page) stands for a request Payroc never processed, so a retry with the same key is new to it.

use super::wire::{invalid, problem};
use super::Book;
use crate::http::{Request, Response};
use serde_json::Value;
use std::collections::HashMap;

/// What was asked under each key, and the answer given.
#[derive(Default)]
pub(super) struct Replays(HashMap<String, (Fingerprint, Response)>);

/// The request a key was first used for: method, path and body (as JSON when it is JSON, so
/// the order of properties does not matter).
#[derive(PartialEq)]
struct Fingerprint {
    method: String,
    path: String,
    body: Result<Value, String>,
}

/// Runs `process` under the request's key: replays, refuses or records as Payroc does.
/// `required`: the spec lists the header as required for this operation.
pub(super) fn run(
    book: &mut Book,
    req: &Request,
    required: bool,
    process: impl FnOnce(&mut Book) -> Response,
) -> Response {
    let key = match req
        .header("idempotency-key")
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        Some(k) if is_uuid_v4(k) => k.to_string(),
        Some(_) => {
            return invalid(&[(
                "Idempotency-Key".into(),
                "The Idempotency-Key must be a UUID v4.".into(),
            )]);
        }
        None if required => {
            return problem(
                400,
                "idempotency-key-missing",
                "Idempotency-Key header missing",
                "An 'Idempotency-Key' must be supplied for this request",
            );
        }
        None => return process(book),
    };
    let fingerprint = Fingerprint {
        method: req.method.clone(),
        path: req.path.clone(),
        body: if req.body.trim().is_empty() {
            Ok(Value::Null)
        } else {
            serde_json::from_str(&req.body).map_err(|_| req.body.clone())
        },
    };
    match book.replays.0.get(&key) {
        Some((first, answer)) if *first == fingerprint => return answer.clone(),
        Some(_) => {
            return problem(
                409,
                "idempotency-key-in-use",
                "Idempotency-Key in use",
                "'Idempotency-Key' is already in use against a different request",
            );
        }
        None => {}
    }
    let answer = process(book);
    book.replays.0.insert(key, (fingerprint, answer.clone()));
    answer
}

/// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, hex digits in either case.
pub(crate) fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
        && b[14] == b'4'
        && matches!(b[19].to_ascii_lowercase(), b'8' | b'9' | b'a' | b'b')
}

#[cfg(test)]
mod tests {
    use super::is_uuid_v4;

    #[test]
    fn only_version_4_uuids_pass() {
        assert!(is_uuid_v4("8e03978e-40d5-43e8-bc93-6894a57f9324"));
        assert!(is_uuid_v4("8E03978E-40D5-43E8-BC93-6894A57F9324"));
        assert!(
            !is_uuid_v4("8e03978e-40d5-13e8-bc93-6894a57f9324"),
            "version 1"
        );
        assert!(
            !is_uuid_v4("8e03978e-40d5-43e8-cc93-6894a57f9324"),
            "variant"
        );
        assert!(!is_uuid_v4("8e03978e40d543e8bc936894a57f9324"));
        assert!(!is_uuid_v4("not-a-uuid"));
    }
}
