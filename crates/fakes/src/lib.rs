//! Local HTTP servers on 127.0.0.1 that play payment providers in paydesk's tests, with
//! programmable latency and faults.
//!
//! None of the providers can be reached from where paydesk is built and tested, and a real one
//! would not misbehave on demand anyway. A fake answers like the provider does (the same paths,
//! status codes, body shapes and error messages), records every request so a test can assert what
//! the client sent and how many times, and can be told to fail: answer 500, send an HTML page from
//! a "proxy", process the request but answer late, hang up before or after processing, or cut the
//! body short. That is what tests of retries, timeouts and idempotency need.
//!
//! - [`http`] — the hand-written HTTP/1.1 server and the [`Handler`] trait a provider fake
//!   implements. New providers (Dojo, Payroc, Luxfin) are one module each on top.
//! - [`faults`] — [`Fault`] and [`Controls`] (fault queues, latency, hit counts, recorded requests).
//! - [`control`] — the `/_fake/...` HTTP control API, for tests that run the app as another process.
//! - [`paystack`] — [`FakePaystack`].
//!
//! The `paydesk-fake` binary runs a fake on its own: `paydesk-fake paystack --key sk_test_xxx`.
//!
//! ```no_run
//! # async fn demo() {
//! use paydesk_fakes::{FakePaystack, Fault, Route};
//! let paystack = FakePaystack::start("sk_test_123").await;
//! paystack.push_fault(Route::Initialize, Fault::json(500, r#"{"status":false,"message":"Oops"}"#));
//! // … point the client at paystack.url(), create a link, then:
//! assert_eq!(paystack.hits(Route::Initialize), 2); // the 500, then the retry
//! # }
//! ```

pub mod control;
pub mod dojo;
pub mod faults;
pub mod http;
pub mod luxfin;
pub mod paystack;
pub mod payroc;
pub mod prism;
pub mod spec_text;
pub mod text;

pub use faults::{Controls, Echo, Fault};
pub use http::{Handler, Recorded, Request, Response, Server};
pub use paystack::{FakePaystack, PaystackOptions, Refund as PaystackRefund, Route, Transaction};
pub use dojo::{DojoOptions, DojoRefund, DojoRoute, FakeDojo};
pub use luxfin::{FakeLuxfin, LuxfinOptions, LuxfinOrder, LuxfinRoute, LuxfinShape};
pub use payroc::{FakePayroc, PaymentLink as PayrocLink, Payment as PayrocPayment, PayrocOptions, PayrocRoute, SharingEvent as PayrocSharingEvent};
