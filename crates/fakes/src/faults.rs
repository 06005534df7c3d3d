//! Faults and counters, shared by every fake: what to do wrong next on each route, the global
//! latency, how many requests each route has seen, and every request received.
//!
//! Two faults play a hostile or careless party rather than a broken network: [`Fault::PageUrl`]
//! (a provider that answers with a payment page address nobody should be sent to) and
//! [`Fault::Echo`] (a proxy that copies the request's credentials into its error page). They live
//! here, not in each fake, so all four providers misbehave the same way from one place.

use crate::http::{Request, Response};
use crate::text::escape_html;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// What a fake does instead of (or besides) answering normally. Queued per route, FIFO; each
/// fault is consumed by exactly one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer this instead of processing the request.
    Status {
        code: u16,
        body: String,
        content_type: String,
    },
    /// Answer with an HTML error page, as a proxy in front of the provider would; not processed.
    Html { code: u16 },
    /// Process the request normally (its effects happen), then wait this long before answering,
    /// so a client with a shorter timeout gives up on a request that did succeed.
    Delay(Duration),
    /// Close the connection before processing: nothing happens on the provider's side.
    Drop,
    /// Process the request, then close the connection without sending a byte.
    ProcessThenDrop,
    /// Process the request, send the status line and headers with the full `Content-Length`,
    /// but only the first half of the body, then close.
    ProcessThenTruncate,
    /// Process the request normally, then answer with every address on the fake itself (its
    /// checkout pages: each fake serves them on its own `http://127.0.0.1:PORT`) replaced by this
    /// text, e.g. `javascript:alert(1)`. The provider did its work; only the address is hostile.
    PageUrl(String),
    /// Answer this instead of processing, with the request's credentials copied into the body:
    /// a careless proxy that echoes what it was sent into its error page.
    Echo(Echo),
}

impl Fault {
    /// A `Status` fault with a JSON body.
    pub fn json(code: u16, body: impl Into<String>) -> Fault {
        Fault::Status {
            code,
            body: body.into(),
            content_type: "application/json".into(),
        }
    }

    /// An `Echo` fault with a JSON body template (see [`Echo`]).
    pub fn echo_json(code: u16, body: impl Into<String>) -> Fault {
        Fault::Echo(Echo {
            code,
            body: body.into(),
            content_type: "application/json".into(),
        })
    }
}

/// What a [`Fault::Echo`] answers: `body` with `{authorization}` and `{x-api-key}` replaced by the
/// request's own header values (empty when absent), escaped for a JSON or HTML body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Echo {
    pub code: u16,
    pub body: String,
    pub content_type: String,
}

impl Echo {
    pub(crate) fn answer(&self, req: &Request) -> Response {
        let escape = |value: &str| {
            if self.content_type.contains("json") {
                let quoted = Value::String(value.to_string()).to_string();
                quoted[1..quoted.len() - 1].to_string()
            } else if self.content_type.contains("html") {
                escape_html(value)
            } else {
                value.to_string()
            }
        };
        let body = ["authorization", "x-api-key"]
            .iter()
            .fold(self.body.clone(), |body, name| {
                body.replace(
                    &format!("{{{name}}}"),
                    &escape(req.header(name).unwrap_or_default()),
                )
            });
        Response::raw(self.code, &self.content_type, body)
    }
}

/// `answer` with every JSON text that starts with `own` (the fake's address) replaced by `url`.
/// A body that is not JSON is left as it is: only JSON answers carry payment page addresses.
pub(crate) fn with_page_url(mut answer: Response, own: &str, url: &str) -> Response {
    fn swap(value: &mut Value, own: &str, url: &str) {
        match value {
            Value::String(s) if on_fake(s, own) => *s = url.to_string(),
            Value::Array(items) => items.iter_mut().for_each(|v| swap(v, own, url)),
            Value::Object(map) => map.values_mut().for_each(|v| swap(v, own, url)),
            _ => {}
        }
    }
    // `http://127.0.0.1:80` must not match `http://127.0.0.1:8080/…`.
    fn on_fake(s: &str, own: &str) -> bool {
        s.strip_prefix(own)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
    }
    if let Ok(mut body) = serde_json::from_slice::<Value>(&answer.body) {
        swap(&mut body, own, url);
        answer.body = body.to_string().into_bytes();
    }
    answer
}

#[derive(Default)]
struct Book {
    faults: HashMap<String, VecDeque<Fault>>,
    hits: BTreeMap<String, usize>,
    latency: Duration,
    requests: Vec<Request>,
}

/// A handle on a server's counters, fault queues and latency; cheap to clone.
#[derive(Clone, Default)]
pub struct Controls(Arc<Mutex<Book>>);

impl Controls {
    fn book(&self) -> MutexGuard<'_, Book> {
        // A panic elsewhere must not hide the counters from the test that wants to read them.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queue a fault for the next request on `route` (after those already queued).
    pub fn push_fault(&self, route: &str, fault: Fault) {
        self.book()
            .faults
            .entry(route.to_string())
            .or_default()
            .push_back(fault);
    }

    /// Faults still waiting on `route`.
    pub fn pending_faults(&self, route: &str) -> usize {
        self.book().faults.get(route).map_or(0, VecDeque::len)
    }

    /// Wait this long before every answer on an API route (control requests are not slowed).
    pub fn set_latency(&self, latency: Duration) {
        self.book().latency = latency;
    }

    pub fn latency(&self) -> Duration {
        self.book().latency
    }

    /// Requests received on `route`, faulted or not.
    pub fn hits(&self, route: &str) -> usize {
        self.book().hits.get(route).copied().unwrap_or(0)
    }

    /// Every request received outside `/_fake/...`, oldest first.
    pub fn requests(&self) -> Vec<Request> {
        self.book().requests.clone()
    }

    /// Record a request; count it and take its fault if it is on a route.
    pub(crate) fn admit(&self, req: &Request) -> (Option<Fault>, Duration) {
        let mut book = self.book();
        book.requests.push(req.clone());
        let Some(route) = req.route.clone() else {
            return (None, Duration::ZERO);
        };
        *book.hits.entry(route.clone()).or_insert(0) += 1;
        let fault = book.faults.get_mut(&route).and_then(VecDeque::pop_front);
        (fault, book.latency)
    }
}
