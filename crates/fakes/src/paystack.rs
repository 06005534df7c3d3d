//! `FakePaystack`: plays Paystack's `POST /transaction/initialize` and
//! `GET /transaction/verify/{reference}` as closely as the seed documents, the official OpenAPI
//! spec and `PROVIDERS.md` show them, plus a checkout page where a person can play the customer.
//!
//! What it checks, and answers the way Paystack does (`{"status": false, "message", "meta":
//! {"nextStep"}, "type", "code"}`): the bearer key, `email`, `amount` (a JSON integer > 0 — the
//! fake is stricter than Paystack, which also takes `"5000"`, so a client that sends strings is
//! caught here), `currency` against the merchant's list, the `reference` alphabet and uniqueness,
//! `metadata` being an object. A new transaction is `abandoned`, as verify reports it before the
//! customer acts; [`FakePaystack::set_status`], the checkout page or
//! `POST /_fake/transactions/{reference}/status` move it on.
//!
//! Ids, access codes and generated references come from a counter, not a random source, so two
//! runs of a test see the same values.

mod checkout;
mod initialize;
mod refunds;
mod verify;

pub use refunds::Refund;

use crate::control;
use crate::faults::{Controls, Fault};
use crate::http::{Handler, Recorded, Request, Response, Server};
use crate::text::percent_decode;
use serde::Serialize;
use serde_json::{json, Value};
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

/// The two API routes, for counting hits and queueing faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// `POST /transaction/initialize`
    Initialize,
    /// `GET /transaction/verify/{reference}`
    Verify,
    /// `POST /refund`
    Refund,
    /// `GET /refund`
    ListRefunds,
    /// `GET /refund/{id}`
    FetchRefund,
}

impl Route {
    /// The name used by the control API: `"initialize"` or `"verify"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Initialize => "initialize",
            Route::Verify => "verify",
            Route::Refund => "refund",
            Route::ListRefunds => "list_refunds",
            Route::FetchRefund => "fetch_refund",
        }
    }
}

/// How to start a [`FakePaystack`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaystackOptions {
    /// The only key accepted as `Authorization: Bearer <key>`; `sk_live_…` makes the domain "live".
    pub secret_key: String,
    /// Currencies enabled on the pretend merchant's account.
    pub currencies: Vec<String>,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

impl PaystackOptions {
    /// Every Paystack currency (NGN, GHS, ZAR, KES, USD, and XOF, EGP, RWF of its newer
    /// markets), any free port.
    pub fn new(secret_key: &str) -> PaystackOptions {
        PaystackOptions {
            secret_key: secret_key.to_string(),
            currencies: ["NGN", "GHS", "ZAR", "KES", "USD", "XOF", "EGP", "RWF"]
                .map(String::from)
                .to_vec(),
            port: 0,
        }
    }
}

/// A transaction as the fake keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transaction {
    pub id: i64,
    pub reference: String,
    pub access_code: String,
    /// "test" or "live", from the key.
    pub domain: String,
    /// Paystack's word: "abandoned" until the customer acts, then "success", "failed", …
    pub status: String,
    pub gateway_response: String,
    /// What was charged; tests may change it to differ from `requested_amount`, as Paystack can.
    pub amount: i64,
    pub requested_amount: i64,
    pub currency: String,
    pub email: String,
    /// The `metadata` object sent on initialize, if any.
    pub metadata: Option<Value>,
    pub callback_url: Option<String>,
    pub created_at: String,
    pub paid_at: Option<String>,
}

/// A running fake Paystack on 127.0.0.1. Dropping it stops the server.
pub struct FakePaystack {
    server: Server,
    state: Arc<Paystack>,
}

impl FakePaystack {
    /// Start on a free port with every currency. Panics if 127.0.0.1 cannot be bound: this is
    /// a test tool, and a test cannot go on without it.
    pub async fn start(secret_key: &str) -> FakePaystack {
        FakePaystack::start_with(PaystackOptions::new(secret_key))
            .await
            .expect("bind 127.0.0.1 for the fake Paystack")
    }

    /// Start with these options; an error if the port cannot be bound.
    pub async fn start_with(options: PaystackOptions) -> io::Result<FakePaystack> {
        FakePaystack::start_sync(options)
    }

    /// [`FakePaystack::start_with`] for a plain `#[test]`: the fake runs on its own thread either
    /// way, so it needs no runtime from the caller.
    pub fn start_sync(options: PaystackOptions) -> io::Result<FakePaystack> {
        let domain = if options.secret_key.starts_with("sk_live_") {
            "live"
        } else {
            "test"
        };
        let state = Arc::new(Paystack {
            secret_key: options.secret_key,
            domain,
            currencies: options.currencies,
            base_url: OnceLock::new(),
            ledger: Mutex::default(),
        });
        let server = Server::start_sync(state.clone(), options.port)?;
        // Only known once bound; a request cannot arrive before the caller learns the URL.
        let _ = state.base_url.set(server.url());
        Ok(FakePaystack { server, state })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash: the API base to give the client.
    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// Requests received on `route`, faulted or not.
    pub fn hits(&self, route: Route) -> usize {
        self.server.controls().hits(route.as_str())
    }

    /// Queue a fault for a later request on `route`; each is used by one request, oldest first.
    pub fn push_fault(&self, route: Route, fault: Fault) {
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

    /// The generic counters and fault queues, by route name.
    pub fn controls(&self) -> &Controls {
        self.server.controls()
    }

    /// Play the customer: set a transaction's status ("success", "failed", "reversed", or any
    /// word at all, to test how a client treats one it does not know). False if unknown.
    pub fn set_status(&self, reference: &str, status: &str) -> bool {
        self.state.set_status(reference, status)
    }

    pub fn transaction(&self, reference: &str) -> Option<Transaction> {
        self.state.ledger().find(reference).cloned()
    }

    /// All transactions, oldest first.
    pub fn transactions(&self) -> Vec<Transaction> {
        self.state.ledger().transactions.clone()
    }

    /// Every refund made, oldest first.
    pub fn refunds(&self) -> Vec<Refund> {
        self.state.ledger().refunds.clone()
    }

    /// Moves a refund on (`processed`, `failed`, `needs-attention` …). False if unknown.
    pub fn set_refund_status(&self, id: i64, status: &str) -> bool {
        self.state.set_refund_status(id, status)
    }

    /// Change a transaction in ways `set_status` does not, e.g. `amount` ≠ `requested_amount`.
    pub fn update_transaction(
        &self,
        reference: &str,
        change: impl FnOnce(&mut Transaction),
    ) -> bool {
        self.state
            .ledger()
            .find_mut(reference)
            .map(change)
            .is_some()
    }
}

struct Paystack {
    secret_key: String,
    domain: &'static str,
    currencies: Vec<String>,
    base_url: OnceLock<String>,
    ledger: Mutex<Ledger>,
}

#[derive(Default)]
struct Ledger {
    transactions: Vec<Transaction>,
    refunds: Vec<Refund>,
    /// Feeds ids, access codes and generated references.
    counter: u64,
}

impl Ledger {
    fn find(&self, reference: &str) -> Option<&Transaction> {
        self.transactions.iter().find(|t| t.reference == reference)
    }

    fn find_mut(&mut self, reference: &str) -> Option<&mut Transaction> {
        self.transactions
            .iter_mut()
            .find(|t| t.reference == reference)
    }

    fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }
}

impl Handler for Paystack {
    fn routes(&self) -> &'static [&'static str] {
        &["initialize", "verify", "refund", "list_refunds", "fetch_refund"]
    }

    fn route(&self, req: &Request) -> Option<&'static str> {
        match (req.method.as_str(), req.path.as_str()) {
            ("POST", "/transaction/initialize") => Some("initialize"),
            ("GET", path) if path.starts_with("/transaction/verify/") => Some("verify"),
            ("POST", "/refund") => Some("refund"),
            ("GET", "/refund") => Some("list_refunds"),
            ("GET", path) if path.strip_prefix("/refund/").is_some_and(|id| !id.is_empty() && !id.contains('/')) => Some("fetch_refund"),
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
            return Response::json(
                404,
                &json!({ "status": false, "message": "Route not found" }),
            );
        };
        let key = req
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "));
        if key.map(str::trim) != Some(self.secret_key.as_str()) {
            return Response::json(401, &json!({ "status": false, "message": "Invalid key" }));
        }
        match route {
            "initialize" => self.initialize(req),
            "refund" => self.create_refund(req),
            "list_refunds" => self.list_refunds(&req.query),
            "fetch_refund" => self.fetch_refund(&percent_decode(&req.path["/refund/".len()..])),
            _ => self.verify(&percent_decode(&req.path["/transaction/verify/".len()..])),
        }
    }
}

impl Paystack {
    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.ledger
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set_status(&self, reference: &str, status: &str) -> bool {
        let mut ledger = self.ledger();
        let Some(tx) = ledger.find_mut(reference) else {
            return false;
        };
        tx.status = status.to_string();
        tx.gateway_response = gateway_response(status).into();
        match status {
            "success" => tx.paid_at = tx.paid_at.take().or_else(|| Some(now())),
            "reversed" => {} // a refund keeps the payment's date
            _ => tx.paid_at = None,
        }
        true
    }

    /// `GET /_fake/transactions`, `POST /_fake/transactions/{reference}/status`.
    fn control(&self, req: &Request) -> Response {
        if req.method == "GET" && req.path == "/_fake/transactions" {
            return Response::json(200, &json!(self.ledger().transactions));
        }
        let reference = req
            .path
            .strip_prefix("/_fake/transactions/")
            .and_then(|rest| rest.strip_suffix("/status"))
            .filter(|_| req.method == "POST");
        let Some(reference) = reference.map(percent_decode) else {
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
        if !self.set_status(&reference, &status) {
            return Response::json(
                404,
                &json!({ "error": format!("no transaction {reference:?}") }),
            );
        }
        Response::json(200, &json!({ "reference": reference, "status": status }))
    }
}

/// Now, as Paystack writes times: `2024-08-22T09:15:02.000Z`.
fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

fn gateway_response(status: &str) -> &'static str {
    match status {
        "success" | "reversed" => "Successful",
        "failed" => "Declined",
        "abandoned" => "The transaction was not completed",
        _ => "Pending",
    }
}
