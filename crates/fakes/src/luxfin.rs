//! `FakeLuxfin`: plays Luxfin's `POST /payment/paypal` and `GET /payment/status?payment_id=…`,
//! plus a checkout page at each order's URL where a person can play the customer.
//!
//! Luxfin publishes no spec: the request side follows its payments tutorial (Bearer key; `amount`
//! a JSON number in major units, `currency` "USD" only, `customer`, `product`, optional
//! `redirect_url`), and the fake is strict about it — an amount sent as a string or with more than
//! two decimals is refused, so a client that rounds through a float or quotes numbers is caught.
//! The answers are guesses, and that is the point: [`LuxfinShape`] moves the payment URL to
//! another key, nests it under `data`, or leaves it out, so a client can prove it is tolerant. The
//! error bodies deliberately use different keys (`error` on 401, `message` on 400 and 404,
//! `detail` for a missing query parameter), as nothing says which one Luxfin uses.
//!
//! A new order is `PENDING`; [`FakeLuxfin::set_status`], the checkout page or
//! `POST /_fake/orders/{order_id}/status` move it on. Ids come from a counter, not a random source.

mod checkout;
mod create;

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
pub enum LuxfinRoute {
    /// `POST /payment/paypal`
    Create,
    /// `GET /payment/status?payment_id=…`
    Status,
}

impl LuxfinRoute {
    /// The name used by the control API: `"create"` or `"status"`.
    pub fn as_str(self) -> &'static str {
        match self {
            LuxfinRoute::Create => "create",
            LuxfinRoute::Status => "status",
        }
    }
}

/// Where the create answer puts the payment URL (and the order id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LuxfinShape {
    /// `{"order_url", "order_id", "amount"}`: what Luxfin's sibling endpoints answer.
    #[default]
    OrderUrl,
    /// `{"checkout_url", "order_id", "amount"}`
    CheckoutUrl,
    /// `{"id", "status", "links": {"approve": url}}`
    LinksApprove,
    /// PayPal's own shape: `{"id", "status", "links": [{"rel": "self", …}, {"rel": "approve", "href"}]}`
    PaypalLinks,
    /// `{"code": 0, "message": "success", "data": {"order_url", "payment_id", "amount"}}`
    NestedData,
    /// No URL at all: `{"order_id", "amount", "client_token"}` (the token must never be echoed).
    NoUrl,
}

impl LuxfinShape {
    pub const ALL: [LuxfinShape; 6] = [
        LuxfinShape::OrderUrl,
        LuxfinShape::CheckoutUrl,
        LuxfinShape::LinksApprove,
        LuxfinShape::PaypalLinks,
        LuxfinShape::NestedData,
        LuxfinShape::NoUrl,
    ];

    /// The name used by `POST /_fake/shape`: `order_url`, `checkout_url`, `links_approve`, …
    pub fn as_str(self) -> &'static str {
        match self {
            LuxfinShape::OrderUrl => "order_url",
            LuxfinShape::CheckoutUrl => "checkout_url",
            LuxfinShape::LinksApprove => "links_approve",
            LuxfinShape::PaypalLinks => "paypal_links",
            LuxfinShape::NestedData => "nested_data",
            LuxfinShape::NoUrl => "no_url",
        }
    }
}

/// How to start a [`FakeLuxfin`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LuxfinOptions {
    /// The only key accepted as `Authorization: Bearer <key>`.
    pub api_key: String,
    pub shape: LuxfinShape,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

impl LuxfinOptions {
    pub fn new(api_key: &str) -> LuxfinOptions {
        LuxfinOptions {
            api_key: api_key.to_string(),
            shape: LuxfinShape::default(),
            port: 0,
        }
    }
}

/// An order as the fake keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LuxfinOrder {
    pub order_id: String,
    /// Cents, from the decimal text sent: `1500.50` → 150050.
    pub amount_cents: i64,
    pub currency: String,
    pub customer: String,
    pub product: String,
    pub redirect_url: Option<String>,
    /// Luxfin's word: `PENDING`, then `SUCCESS`, `EXPIRED`, … or any word a test sets.
    pub status: String,
    pub order_url: String,
}

/// A running fake Luxfin on 127.0.0.1. Dropping it stops the server.
pub struct FakeLuxfin {
    server: Server,
    state: Arc<Luxfin>,
}

impl FakeLuxfin {
    /// Start on a free port answering `order_url`. Panics if 127.0.0.1 cannot be bound.
    pub async fn start(api_key: &str) -> FakeLuxfin {
        FakeLuxfin::start_sync(LuxfinOptions::new(api_key))
            .expect("bind 127.0.0.1 for the fake Luxfin")
    }

    pub async fn start_with(options: LuxfinOptions) -> io::Result<FakeLuxfin> {
        FakeLuxfin::start_sync(options)
    }

    /// For a plain `#[test]`: the fake runs on its own thread and runtime either way.
    pub fn start_sync(options: LuxfinOptions) -> io::Result<FakeLuxfin> {
        let state = Arc::new(Luxfin {
            api_key: options.api_key,
            base_url: OnceLock::new(),
            book: Mutex::new(Book {
                shape: options.shape,
                ..Book::default()
            }),
        });
        let server = Server::start_sync(state.clone(), options.port)?;
        let _ = state.base_url.set(server.url());
        Ok(FakeLuxfin { server, state })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash: the API base to give the client.
    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// Requests received on `route`, faulted or not.
    pub fn hits(&self, route: LuxfinRoute) -> usize {
        self.server.controls().hits(route.as_str())
    }

    /// Queue a fault for a later request on `route`; each is used by one request, oldest first.
    pub fn push_fault(&self, route: LuxfinRoute, fault: Fault) {
        self.server.controls().push_fault(route.as_str(), fault);
    }

    pub fn set_latency(&self, latency: Duration) {
        self.server.controls().set_latency(latency);
    }

    /// Every request received outside `/_fake/`, oldest first, bodies as sent.
    pub fn requests(&self) -> Vec<Recorded> {
        self.server.controls().requests()
    }

    pub fn controls(&self) -> &Controls {
        self.server.controls()
    }

    /// Answer later creates in this shape.
    pub fn set_shape(&self, shape: LuxfinShape) {
        self.state.book().shape = shape;
    }

    /// Play the customer (or Luxfin): `SUCCESS`, `EXPIRED`, or any word at all. False if unknown.
    pub fn set_status(&self, order_id: &str, word: &str) -> bool {
        self.state.set_status(order_id, word)
    }

    pub fn order(&self, order_id: &str) -> Option<LuxfinOrder> {
        self.state.book().find(order_id).cloned()
    }

    /// All orders, oldest first.
    pub fn orders(&self) -> Vec<LuxfinOrder> {
        self.state.book().orders.clone()
    }

    /// Drop an order, so the status route answers 404 for it. False if unknown.
    pub fn forget(&self, order_id: &str) -> bool {
        let mut book = self.state.book();
        let before = book.orders.len();
        book.orders.retain(|o| o.order_id != order_id);
        book.orders.len() != before
    }
}

struct Luxfin {
    api_key: String,
    base_url: OnceLock<String>,
    book: Mutex<Book>,
}

#[derive(Default)]
struct Book {
    orders: Vec<LuxfinOrder>,
    shape: LuxfinShape,
    /// Feeds order ids and tokens.
    counter: u64,
}

impl Book {
    fn find(&self, order_id: &str) -> Option<&LuxfinOrder> {
        self.orders.iter().find(|o| o.order_id == order_id)
    }
}

impl Handler for Luxfin {
    fn routes(&self) -> &'static [&'static str] {
        &["create", "status"]
    }

    fn route(&self, req: &Request) -> Option<&'static str> {
        match (req.method.as_str(), req.path.as_str()) {
            ("POST", "/payment/paypal") => Some("create"),
            ("GET", "/payment/status") => Some("status"),
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
            return Response::json(404, &json!({ "message": "Not Found" }));
        };
        let key = req
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "));
        if key.map(str::trim) != Some(self.api_key.as_str()) {
            return Response::json(401, &json!({ "error": "Invalid API key" }));
        }
        match route {
            "create" => self.create(req),
            _ => self.status(req),
        }
    }
}

impl Luxfin {
    fn book(&self) -> MutexGuard<'_, Book> {
        self.book
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set_status(&self, order_id: &str, word: &str) -> bool {
        let mut book = self.book();
        match book.orders.iter_mut().find(|o| o.order_id == order_id) {
            Some(order) => {
                order.status = word.to_string();
                true
            }
            None => false,
        }
    }

    /// `GET /payment/status?payment_id=…` → `{"payment_id", "status", "amount", "currency"}`.
    fn status(&self, req: &Request) -> Response {
        let id = req
            .query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| *name == "payment_id")
            .map(|(_, value)| percent_decode(&value.replace('+', " ")));
        let Some(id) = id.filter(|id| !id.is_empty()) else {
            return Response::json(400, &json!({ "detail": "payment_id is required" }));
        };
        let Some(order) = self.book().find(&id).cloned() else {
            return Response::json(404, &json!({ "message": "Payment not found" }));
        };
        let body = json!({ "payment_id": order.order_id, "status": order.status, "currency": order.currency });
        with_amount(200, body, order.amount_cents)
    }

    /// `GET /_fake/orders`, `POST /_fake/orders/{order_id}/status`, `POST /_fake/shape`.
    fn control(&self, req: &Request) -> Response {
        match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/_fake/orders") => return Response::json(200, &json!(self.book().orders)),
            ("POST", "/_fake/shape") => {
                let name = control::body(req)
                    .ok()
                    .and_then(|b| b.get("shape")?.as_str().map(str::to_string));
                let Some(shape) = LuxfinShape::ALL
                    .into_iter()
                    .find(|s| Some(s.as_str()) == name.as_deref())
                else {
                    let names: Vec<&str> = LuxfinShape::ALL.iter().map(|s| s.as_str()).collect();
                    return control::bad_request(&format!("\"shape\" must be one of {names:?}"));
                };
                self.book().shape = shape;
                return Response::json(200, &json!({ "shape": shape.as_str() }));
            }
            _ => {}
        }
        let order_id = req
            .path
            .strip_prefix("/_fake/orders/")
            .and_then(|rest| rest.strip_suffix("/status"))
            .filter(|_| req.method == "POST");
        let Some(order_id) = order_id.map(percent_decode) else {
            return Response::json(404, &json!({ "error": "no such control endpoint" }));
        };
        let word = match control::body(req) {
            Ok(body) => body
                .get("status")
                .and_then(Value::as_str)
                .map(str::to_string),
            Err(message) => return control::bad_request(&message),
        };
        let Some(word) = word.filter(|w| !w.is_empty()) else {
            return control::bad_request("\"status\" must be a non-empty string");
        };
        if !self.set_status(&order_id, &word) {
            return Response::json(404, &json!({ "error": format!("no order {order_id:?}") }));
        }
        Response::json(200, &json!({ "order_id": order_id, "status": word }))
    }
}

/// `1500.50` from 150050: the exact decimal text, as Luxfin would write its number.
fn major(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A JSON answer whose `amount` (at the top, or in `data` when there is one) is the exact decimal
/// number, not a float's shortest form: written in place of a placeholder no request can contain.
fn with_amount(status: u16, mut body: Value, cents: i64) -> Response {
    const MARK: &str = "\u{0}amount\u{0}";
    let target = match body.get_mut("data") {
        Some(data @ Value::Object(_)) => data,
        _ => &mut body,
    };
    target["amount"] = json!(MARK);
    let text = body
        .to_string()
        .replacen(&json!(MARK).to_string(), &major(cents), 1);
    Response::raw(status, "application/json; charset=utf-8", text)
}
