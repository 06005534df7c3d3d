//! `FakePayroc`: plays Payroc's identity service and the payment-link part of its API, as
//! `payroc-openapi-spec.yaml`, Payroc's guides and `PROVIDERS.md` show them, plus a checkout page
//! at each link's `paymentUrl` where a person can play the customer.
//!
//! - Identity: `POST /authorize` with `x-api-key` → `{access_token, expires_in, scope,
//!   token_type: "Bearer"}`. Token lifetime is programmable, and tokens can be expired mid-session
//!   ([`FakePayroc::expire_tokens`]) so the API answers 401 as it does to a stale token.
//! - API under `/v1` (give the client `fake.url() + "/v1"` and `fake.url()` as identity address):
//!   create, list, retrieve, share (and list shares), deactivate payment links; list payments.
//! - `Idempotency-Key` as Payroc documents it: required (a UUID v4) on create and share — missing,
//!   400; the same key with the same request replays the first answer; with another, 409. The
//!   spec lists no key on deactivate: optional there, honoured when sent.
//! - Errors are `application/problem+json` with the spec's types and titles. Where Payroc's exact
//!   words are not published (an unsupported currency, a link that is not active, the identity
//!   service's refusal) the fake's are its own, and say so in no way a client should depend on.
//!
//! Stricter than Payroc where that catches client bugs: unknown body properties are refused.
//! Ids come from a counter, so two runs of a test see the same values.

mod book;
mod checkout;
mod idempotency;
mod identity;
mod links;
mod reads;
mod refunds;

pub use refunds::PaymentRefund;
mod wire;

use crate::control;
use crate::faults::{Controls, Fault};
use crate::http::{Handler, Recorded, Request, Response, Server};
use crate::text::percent_decode;
use book::Book;
use serde::Serialize;
use serde_json::{json, Value};
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use wire::problem;

/// The routes, for counting hits and queueing faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayrocRoute {
    /// `POST /authorize` (identity service)
    Authorize,
    /// `POST /v1/processing-terminals/{id}/payment-links`
    Create,
    /// `GET /v1/processing-terminals/{id}/payment-links`
    List,
    /// `GET /v1/payment-links/{id}`
    Retrieve,
    /// `POST /v1/payment-links/{id}/sharing-events`
    Share,
    /// `GET /v1/payment-links/{id}/sharing-events`
    SharingEvents,
    /// `POST /v1/payment-links/{id}/deactivate`
    Deactivate,
    /// `GET /v1/payments`
    Payments,
    /// `POST /v1/payments/{id}/refund`
    Refund,
    /// `POST /v1/payments/{id}/reverse`
    Reverse,
}

const ROUTES: &[&str] = &[
    "authorize",
    "create",
    "list",
    "retrieve",
    "share",
    "sharing_events",
    "deactivate",
    "payments",
    "refund",
    "reverse",
];

impl PayrocRoute {
    pub fn as_str(self) -> &'static str {
        match self {
            PayrocRoute::Authorize => "authorize",
            PayrocRoute::Create => "create",
            PayrocRoute::List => "list",
            PayrocRoute::Retrieve => "retrieve",
            PayrocRoute::Share => "share",
            PayrocRoute::SharingEvents => "sharing_events",
            PayrocRoute::Deactivate => "deactivate",
            PayrocRoute::Payments => "payments",
            PayrocRoute::Refund => "refund",
            PayrocRoute::Reverse => "reverse",
        }
    }
}

/// How to start a [`FakePayroc`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrocOptions {
    /// The only API key the identity service accepts in `x-api-key`.
    pub api_key: String,
    /// The merchant's one processing terminal.
    pub terminal_id: String,
    /// ISO 4217 codes the terminal takes.
    pub currencies: Vec<String>,
    /// `expires_in` of new tokens, and how long they are honoured.
    pub token_lifetime_secs: u64,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

impl PayrocOptions {
    /// Terminal `1234001` (the spec's example) taking USD, EUR, GBP and CAD; hour-long tokens.
    pub fn new(api_key: &str) -> PayrocOptions {
        PayrocOptions {
            api_key: api_key.to_string(),
            terminal_id: "1234001".into(),
            currencies: ["USD", "EUR", "GBP", "CAD"].map(String::from).to_vec(),
            token_lifetime_secs: 3600,
            port: 0,
        }
    }
}

/// A payment link as the fake keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentLink {
    pub payment_link_id: String,
    pub processing_terminal_id: String,
    pub merchant_reference: String,
    pub order_id: String,
    pub description: Option<String>,
    pub amount: i64,
    pub currency: String,
    pub auth_type: String,
    pub payment_methods: Vec<String>,
    /// Payroc's word: `active`, then `completed`, `deactivated` or `expired` (or any word a test sets).
    pub status: String,
    pub created_on: String,
    pub expires_on: String,
    pub payment_url: String,
    pub sharing_events: Vec<SharingEvent>,
    pub payments: Vec<Payment>,
}

/// One e-mail Payroc was asked to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharingEvent {
    pub sharing_event_id: String,
    pub date_time: String,
    /// (name, email)
    pub recipients: Vec<(String, String)>,
    pub message: Option<String>,
    pub merchant_copy: bool,
}

/// One payment taken through a link; tests may change `amount` to differ from the link's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    pub payment_id: String,
    pub amount: i64,
    pub currency: String,
    /// `ready` (approved), `declined`, …
    pub status: String,
    /// `A` approved, `D` declined.
    pub response_code: String,
    /// Refunds made once its batch closed.
    pub refunds: Vec<PaymentRefund>,
    /// Minor units reversed while its batch was open (`amount` is what is left).
    pub reversed: i64,
}

/// A running fake Payroc on 127.0.0.1. Dropping it stops the server.
pub struct FakePayroc {
    server: Server,
    state: Arc<Payroc>,
}

impl FakePayroc {
    /// Start on a free port with [`PayrocOptions::new`]. Panics if 127.0.0.1 cannot be bound.
    pub async fn start(api_key: &str) -> FakePayroc {
        FakePayroc::start_sync(PayrocOptions::new(api_key))
            .expect("bind 127.0.0.1 for the fake Payroc")
    }

    pub async fn start_with(options: PayrocOptions) -> io::Result<FakePayroc> {
        FakePayroc::start_sync(options)
    }

    /// For a plain `#[test]`: the fake runs on its own thread either way.
    pub fn start_sync(options: PayrocOptions) -> io::Result<FakePayroc> {
        let port = options.port;
        let state = Arc::new(Payroc {
            book: Mutex::new(Book::new(options.token_lifetime_secs)),
            options,
            base_url: OnceLock::new(),
        });
        let server = Server::start_sync(state.clone(), port)?;
        let _ = state.base_url.set(server.url());
        Ok(FakePayroc { server, state })
    }

    /// `http://127.0.0.1:PORT`: the identity address (`/authorize` is under it).
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// `http://127.0.0.1:PORT/v1`: the API base to give the client.
    pub fn api_url(&self) -> String {
        format!("{}/v1", self.server.url())
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    pub fn hits(&self, route: PayrocRoute) -> usize {
        self.server.controls().hits(route.as_str())
    }

    pub fn push_fault(&self, route: PayrocRoute, fault: Fault) {
        self.server.controls().push_fault(route.as_str(), fault);
    }

    pub fn set_latency(&self, latency: Duration) {
        self.server.controls().set_latency(latency);
    }

    /// Every request received outside `/_fake/`, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.server.controls().requests()
    }

    /// The requests received on `route`, oldest first.
    pub fn requests_on(&self, route: PayrocRoute) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.route.as_deref() == Some(route.as_str()))
            .collect()
    }

    pub fn controls(&self) -> &Controls {
        self.server.controls()
    }

    /// Play the customer or the merchant: set a link's word (`completed` adds an approved payment
    /// of the full amount if there is none). Any word at all is allowed. False if unknown.
    pub fn set_status(&self, payment_link_id: &str, word: &str) -> bool {
        self.state.book().set_status(payment_link_id, word)
    }

    pub fn link(&self, payment_link_id: &str) -> Option<PaymentLink> {
        self.state
            .book()
            .links
            .iter()
            .find(|l| l.payment_link_id == payment_link_id)
            .cloned()
    }

    /// All links, oldest first.
    pub fn links(&self) -> Vec<PaymentLink> {
        self.state.book().links.clone()
    }

    /// Change a link in ways `set_status` does not (a payment of another amount, say).
    pub fn update_link(
        &self,
        payment_link_id: &str,
        change: impl FnOnce(&mut PaymentLink),
    ) -> bool {
        self.state
            .book()
            .links
            .iter_mut()
            .find(|l| l.payment_link_id == payment_link_id)
            .map(change)
            .is_some()
    }

    /// Closes the batch of a link's approved payments: they are `complete`, and Payroc then
    /// offers `refund` instead of reversals.
    pub fn close_batch(&self, payment_link_id: &str) -> bool {
        self.update_link(payment_link_id, |l| {
            for p in l.payments.iter_mut().filter(|p| p.response_code == "A" && p.status == "ready") {
                p.status = "complete".into();
            }
        })
    }

    /// `expires_in` of tokens issued from now on, and how long they are honoured.
    pub fn set_token_lifetime(&self, secs: u64) {
        self.state.book().token_lifetime = secs;
    }

    /// Every token issued so far stops working: the API answers 401 until a new one is fetched.
    pub fn expire_tokens(&self) {
        self.state.book().expire_tokens();
    }
}

struct Payroc {
    options: PayrocOptions,
    base_url: OnceLock<String>,
    book: Mutex<Book>,
}

impl Handler for Payroc {
    fn routes(&self) -> &'static [&'static str] {
        ROUTES
    }

    fn route(&self, req: &Request) -> Option<&'static str> {
        if req.method == "POST" && req.path == "/authorize" {
            return Some("authorize");
        }
        let parts: Vec<&str> = req.path.strip_prefix("/v1/")?.split('/').collect();
        Some(match (req.method.as_str(), parts.as_slice()) {
            ("POST", ["processing-terminals", _, "payment-links"]) => "create",
            ("GET", ["processing-terminals", _, "payment-links"]) => "list",
            ("GET", ["payment-links", _]) => "retrieve",
            ("POST", ["payment-links", _, "sharing-events"]) => "share",
            ("GET", ["payment-links", _, "sharing-events"]) => "sharing_events",
            ("POST", ["payment-links", _, "deactivate"]) => "deactivate",
            ("GET", ["payments"]) => "payments",
            ("POST", ["payments", _, "refund"]) => "refund",
            ("POST", ["payments", _, "reverse"]) => "reverse",
            _ => return None,
        })
    }

    fn handle(&self, req: &Request) -> Response {
        if let Some(page) = checkout::handle(self, req) {
            return page;
        }
        if req.path.starts_with("/_fake/") {
            return self.control(req);
        }
        let Some(route) = self.route(req) else {
            return problem(
                404,
                "not-found",
                "Not found",
                "Specified resource was not found",
            );
        };
        if route == "authorize" {
            return self.authorize(req);
        }
        let mut book = self.book();
        if !book.honours(req) {
            return problem(
                401,
                "not-authorized",
                "Not Authorized",
                "Your identity could not be verified",
            );
        }
        let parts: Vec<String> = req.path["/v1/".len()..]
            .split('/')
            .map(percent_decode)
            .collect();
        match route {
            "create" => idempotency::run(&mut book, req, true, |b| self.create(b, &parts[1], req)),
            "share" => idempotency::run(&mut book, req, true, |b| reads::share(b, &parts[1], req)),
            "deactivate" => {
                idempotency::run(&mut book, req, false, |b| reads::deactivate(b, &parts[1]))
            }
            "refund" => idempotency::run(&mut book, req, true, |b| refunds::refund(b, &parts[1], req)),
            "reverse" => idempotency::run(&mut book, req, true, |b| refunds::reverse(b, &parts[1], req)),
            "list" => self.list(&mut book, &parts[1], req),
            "retrieve" => reads::retrieve(&mut book, &parts[1]),
            "sharing_events" => reads::sharing_events(&mut book, &parts[1]),
            _ => reads::payments(&mut book, req),
        }
    }
}

impl Payroc {
    fn book(&self) -> MutexGuard<'_, Book> {
        self.book
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// `GET /_fake/links`, `POST /_fake/links/{id}/status {"status"}`, and the token controls
    /// of [`identity::control`].
    fn control(&self, req: &Request) -> Response {
        let mut book = self.book();
        if let Some(answer) = identity::control(&mut book, req) {
            return answer;
        }
        if req.method == "GET" && req.path == "/_fake/links" {
            return Response::json(200, &json!(book.links));
        }
        let id = req
            .path
            .strip_prefix("/_fake/links/")
            .and_then(|r| r.strip_suffix("/status"))
            .filter(|_| req.method == "POST");
        let Some(id) = id.map(percent_decode) else {
            return Response::json(404, &json!({ "error": "no such control endpoint" }));
        };
        let word = control::body(req)
            .ok()
            .and_then(|b| b.get("status").and_then(Value::as_str).map(str::to_string));
        let Some(word) = word.filter(|w| !w.is_empty()) else {
            return control::bad_request("\"status\" must be a non-empty string");
        };
        if !book.set_status(&id, &word) {
            return Response::json(404, &json!({ "error": format!("no payment link {id:?}") }));
        }
        Response::json(200, &json!({ "paymentLinkId": id, "status": word }))
    }
}
