//! `FakeDojo`: plays Dojo's payment intents API (version 2024-02-05) as its official spec and
//! `PROVIDERS.md` describe it — `POST /payment-intents`, `GET /payment-intents/{id}`
//! (`returnCanceled`), `DELETE /payment-intents/{id}` and `POST /payment-intents/search` — plus a
//! checkout page at `/checkout/{id}` where a person can play the customer.
//!
//! What it checks, answering with RFC 7807 problem details as Dojo does (`{type, title, status,
//! detail, errors: {Field: [message]}, traceId}`): `Authorization: Basic <key>` with the raw key
//! (a base64-encoded one is refused, as it is not the key), a `version` header holding a date,
//! and each body against its schema. The spec says `additionalProperties: false` on both
//! request bodies, so an unknown field is refused here (plus `paymentSource`, which Dojo's own
//! payment-links guide sends). `amount.value` must be a JSON integer > 0: a client sending
//! `"1000"` or `10.5` is caught. The status codes and field names are the spec's; the wording of
//! the messages is the fake's own where Dojo publishes none.
//!
//! A new intent is `Created`; [`FakeDojo::set_status`], the checkout page or
//! `POST /_fake/intents/{id}/status` move it on. Only a `Created` intent can be cancelled.
//! Ids come from a counter, not a random source, so two runs of a test see the same values.

mod checkout;
mod intents;
mod problem;
mod refunds;
mod search;

pub use refunds::DojoRefund;

use crate::control;
use crate::faults::{Controls, Fault};
use crate::http::{Handler, Recorded, Request, Response, Server};
use crate::text::{code, percent_decode};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

/// The API routes, for counting hits and queueing faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DojoRoute {
    /// `POST /payment-intents`
    Create,
    /// `GET /payment-intents/{id}`
    Get,
    /// `DELETE /payment-intents/{id}`
    Cancel,
    /// `POST /payment-intents/search`
    Search,
    /// `POST /payment-intents/{id}/refunds`
    Refund,
    /// `GET /payment-intents/refunds/{refundId}`
    GetRefund,
}

impl DojoRoute {
    /// The name used by the control API.
    pub fn as_str(self) -> &'static str {
        match self {
            DojoRoute::Create => "create",
            DojoRoute::Get => "get",
            DojoRoute::Cancel => "cancel",
            DojoRoute::Search => "search",
            DojoRoute::Refund => "refund",
            DojoRoute::GetRefund => "get_refund",
        }
    }
}

/// How to start a [`FakeDojo`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DojoOptions {
    /// The only key accepted as `Authorization: Basic <key>`; `sk_prod_…` makes ids `pi_…`
    /// instead of `pi_sandbox_…`.
    pub secret_key: String,
    /// Currencies the pretend merchant takes: GBP and EUR by default.
    pub currencies: Vec<String>,
    /// Whether answers carry `paymentLink` (the spec makes it nullable); when not, a client has
    /// to build `https://pay.dojo.tech/checkout/{id}` itself.
    pub payment_link: bool,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

impl DojoOptions {
    pub fn new(secret_key: &str) -> DojoOptions {
        DojoOptions {
            secret_key: secret_key.into(),
            currencies: vec!["GBP".into(), "EUR".into()],
            payment_link: true,
            port: 0,
        }
    }
}

/// A payment intent as the fake keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intent {
    pub id: String,
    pub reference: String,
    /// Dojo's word: `Created`, `Authorized`, `Captured`, `Reversed`, `Refunded`, `Canceled`, or
    /// any word a test sets to see how a client treats one it does not know.
    pub status: String,
    /// `Auto` unless the request asked for `Manual`.
    pub capture_mode: String,
    /// Minor units.
    pub amount: i64,
    pub currency: String,
    pub description: Option<String>,
    pub customer_email: Option<String>,
    pub payment_source: Option<String>,
    /// The `version` header it was created with.
    pub version: String,
    /// Minor units refunded so far.
    pub refunded: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A running fake Dojo on 127.0.0.1. Dropping it stops the server.
pub struct FakeDojo {
    server: Server,
    state: Arc<Dojo>,
}

impl FakeDojo {
    /// Start on a free port with GBP and EUR. Panics if 127.0.0.1 cannot be bound: a test
    /// cannot go on without it.
    pub async fn start(secret_key: &str) -> FakeDojo {
        FakeDojo::start_sync(DojoOptions::new(secret_key))
            .expect("bind 127.0.0.1 for the fake Dojo")
    }

    pub async fn start_with(options: DojoOptions) -> io::Result<FakeDojo> {
        FakeDojo::start_sync(options)
    }

    /// For a plain `#[test]`: the fake runs on its own thread and runtime either way.
    pub fn start_sync(options: DojoOptions) -> io::Result<FakeDojo> {
        let state = Arc::new(Dojo {
            sandbox: !options.secret_key.starts_with("sk_prod_"),
            secret_key: options.secret_key,
            currencies: options.currencies,
            payment_link: options.payment_link,
            base_url: OnceLock::new(),
            ledger: Mutex::default(),
        });
        let server = Server::start_sync(state.clone(), options.port)?;
        // Only known once bound; no request can arrive before the caller learns the URL.
        let _ = state.base_url.set(server.url());
        Ok(FakeDojo { server, state })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash: the API base to give the client.
    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// Requests received on `route`, faulted or not.
    pub fn hits(&self, route: DojoRoute) -> usize {
        self.server.controls().hits(route.as_str())
    }

    /// Queue a fault for a later request on `route`; each is used by one request, oldest first.
    pub fn push_fault(&self, route: DojoRoute, fault: Fault) {
        self.server.controls().push_fault(route.as_str(), fault);
    }

    /// Wait this long before every API answer.
    pub fn set_latency(&self, latency: Duration) {
        self.server.controls().set_latency(latency);
    }

    /// Every request received outside `/_fake/`, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.server.controls().requests()
    }

    /// Requests received on `route` only, oldest first.
    pub fn requests_on(&self, route: DojoRoute) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.route.as_deref() == Some(route.as_str()))
            .collect()
    }

    pub fn controls(&self) -> &Controls {
        self.server.controls()
    }

    /// Play the customer or the merchant: set an intent's status word. False if unknown.
    pub fn set_status(&self, id: &str, status: &str) -> bool {
        self.state.set_status(id, status)
    }

    pub fn intent(&self, id: &str) -> Option<Intent> {
        self.state.ledger().find(id).cloned()
    }

    /// The intents with this reference, oldest first (Dojo does not refuse a reused one).
    pub fn intents_with_reference(&self, reference: &str) -> Vec<Intent> {
        self.intents()
            .into_iter()
            .filter(|i| i.reference == reference)
            .collect()
    }

    /// Every refund made, oldest first.
    pub fn refunds(&self) -> Vec<DojoRefund> {
        self.state.ledger().refunds.clone()
    }

    /// All intents, oldest first.
    pub fn intents(&self) -> Vec<Intent> {
        self.state.ledger().intents.clone()
    }

    /// Change an intent in ways `set_status` does not (`capture_mode`, `amount`, dates).
    pub fn update_intent(&self, id: &str, change: impl FnOnce(&mut Intent)) -> bool {
        self.state.ledger().find_mut(id).map(change).is_some()
    }

    /// Adds a `Created` intent as if another till had made it, without a request: for tests
    /// that need many intents (search paging) or one made outside paydesk.
    pub fn add_intent(&self, reference: &str, amount: i64, currency: &str) -> Intent {
        let mut ledger = self.state.ledger();
        let id = self.state.new_id(&mut ledger);
        let now = Utc::now();
        let intent = Intent {
            id,
            reference: reference.into(),
            status: "Created".into(),
            capture_mode: "Auto".into(),
            amount,
            currency: currency.into(),
            description: None,
            customer_email: None,
            payment_source: None,
            version: "2024-02-05".into(),
            refunded: 0,
            created_at: now,
            updated_at: now,
        };
        ledger.intents.push(intent.clone());
        intent
    }
}

struct Dojo {
    secret_key: String,
    sandbox: bool,
    currencies: Vec<String>,
    payment_link: bool,
    base_url: OnceLock<String>,
    ledger: Mutex<Ledger>,
}

#[derive(Default)]
struct Ledger {
    intents: Vec<Intent>,
    refunds: Vec<DojoRefund>,
    /// Feeds ids and trace ids.
    counter: u64,
}

impl Ledger {
    fn find(&self, id: &str) -> Option<&Intent> {
        self.intents.iter().find(|i| i.id == id)
    }

    fn find_mut(&mut self, id: &str) -> Option<&mut Intent> {
        self.intents.iter_mut().find(|i| i.id == id)
    }

    fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }
}

/// The id in `/payment-intents/{id}`, when the path is one.
fn intent_id(path: &str) -> Option<&str> {
    path.strip_prefix("/payment-intents/")
        .filter(|rest| !rest.is_empty() && !rest.contains('/') && *rest != "search")
}

impl Handler for Dojo {
    fn routes(&self) -> &'static [&'static str] {
        &["create", "get", "cancel", "search", "refund", "get_refund"]
    }

    fn route(&self, req: &Request) -> Option<&'static str> {
        match (req.method.as_str(), req.path.as_str()) {
            ("POST", "/payment-intents") => Some("create"),
            ("POST", "/payment-intents/search") => Some("search"),
            ("POST", path) if refund_intent(path).is_some() => Some("refund"),
            ("GET", path) if path.strip_prefix("/payment-intents/refunds/").is_some_and(|r| !r.is_empty() && !r.contains('/')) => Some("get_refund"),
            ("GET", path) if intent_id(path).is_some() => Some("get"),
            ("DELETE", path) if intent_id(path).is_some() => Some("cancel"),
            _ => None,
        }
    }

    fn handle(&self, req: &Request) -> Response {
        if let Some(answer) = checkout::handle(self, req) {
            return answer;
        }
        if req.path.starts_with("/_fake/") {
            return self.control(req);
        }
        let Some(route) = self.route(req) else {
            return self.problem(404, "Not Found", None, None);
        };
        // The raw key after "Basic ", exactly as Dojo's docs show it.
        let key = req
            .header("authorization")
            .and_then(|h| h.strip_prefix("Basic "));
        if key.map(str::trim) != Some(self.secret_key.as_str()) {
            return self.problem(
                401,
                "Unauthorized",
                Some("The API key is missing or invalid."),
                None,
            );
        }
        let version = req.header("version").unwrap_or_default();
        if chrono::NaiveDate::parse_from_str(version, "%Y-%m-%d").is_err() {
            let detail = "The version header is required and must be a date in the format yyyy-mm-dd, e.g. 2024-02-05.";
            return self.problem(400, "Bad Request", Some(detail), None);
        }
        let id = intent_id(&req.path).map(percent_decode);
        match (route, id) {
            ("refund", _) => self.refund(&percent_decode(refund_intent(&req.path).unwrap_or_default()), req),
            ("get_refund", _) => self.get_refund(&percent_decode(&req.path["/payment-intents/refunds/".len()..])),
            ("create", _) => self.create(req, version),
            ("search", _) => self.search(req),
            ("get", Some(id)) => self.get(&id, query_flag(&req.query, "returnCanceled")),
            (_, Some(id)) => self.cancel(&id),
            _ => self.problem(404, "Not Found", None, None),
        }
    }
}

/// The id in `/payment-intents/{id}/refunds`, when the path is one.
fn refund_intent(path: &str) -> Option<&str> {
    path.strip_prefix("/payment-intents/")?.strip_suffix("/refunds").filter(|id| !id.is_empty() && !id.contains('/'))
}

/// Whether `name=true` is in a query string (case-insensitive value, as ASP.NET binds it).
fn query_flag(query: &str, name: &str) -> bool {
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .any(|(k, v)| k == name && v.eq_ignore_ascii_case("true"))
}

impl Dojo {
    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.ledger
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn new_id(&self, ledger: &mut Ledger) -> String {
        let n = ledger.next();
        format!(
            "{}{}",
            if self.sandbox { "pi_sandbox_" } else { "pi_" },
            code(n, 22)
        )
    }

    fn set_status(&self, id: &str, status: &str) -> bool {
        let mut ledger = self.ledger();
        let Some(intent) = ledger.find_mut(id) else {
            return false;
        };
        intent.status = status.to_string();
        intent.updated_at = Utc::now();
        true
    }

    /// `GET /_fake/intents`, `POST /_fake/intents/{id}/status` `{"status": "Captured"}`.
    fn control(&self, req: &Request) -> Response {
        if req.method == "GET" && req.path == "/_fake/intents" {
            return Response::json(200, &json!(self.ledger().intents));
        }
        let id = req
            .path
            .strip_prefix("/_fake/intents/")
            .and_then(|rest| rest.strip_suffix("/status"))
            .filter(|_| req.method == "POST");
        let Some(id) = id.map(percent_decode) else {
            return Response::json(404, &json!({ "error": "no such control endpoint" }));
        };
        let status = match control::body(req) {
            Ok(body) => body
                .get("status")
                .and_then(Value::as_str)
                .map(str::to_string),
            Err(message) => return control::bad_request(&message),
        };
        let Some(status) = status.filter(|s| !s.is_empty()) else {
            return control::bad_request("\"status\" must be a non-empty string");
        };
        if !self.set_status(&id, &status) {
            return Response::json(
                404,
                &json!({ "error": format!("no payment intent {id:?}") }),
            );
        }
        Response::json(200, &json!({ "id": id, "status": status }))
    }
}

#[cfg(test)]
mod tests;
