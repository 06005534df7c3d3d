//! Faults and counters, shared by every fake: what to do wrong next on each route, the global
//! latency, how many requests each route has seen, and every request received.

use crate::http::Request;
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
