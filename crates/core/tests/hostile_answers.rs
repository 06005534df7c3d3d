//! What comes back from a provider is checked before anyone sees it, for all four providers:
//! a payment page address that is not https:// is never stored, shown or put in a QR code, and a
//! key a careless proxy echoes into its error page never reaches the screen, the history or the log.

mod support;

use paydesk_core::desk::Desk;
use paydesk_core::link::{Link, LinkStatus};
use paydesk_core::store::{LinkQuery, ReferenceState};
use paydesk_fakes::{DojoRoute, Echo, FakeDojo, FakeLuxfin, FakePayroc, FakePaystack, Fault, LuxfinRoute, PayrocRoute, Route};
use std::sync::{Arc, Mutex};
use support::*;

/// Everything paydesk_core logs while a test runs, as the log file would hold it.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    /// Logs this thread (a `#[tokio::test]` runs the desk on it) until the guard is dropped. The
    /// filter is the log file's, opened up to trace for paydesk's own crates.
    fn capture() -> (Logs, tracing::subscriber::DefaultGuard) {
        let logs = Logs::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("warn,paydesk_core=trace"))
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        (logs, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// The one link of the sale, as the history lists it and as `get` finds it, holding no address:
/// nothing can show it, open it or encode it (front ends draw the QR from `url` only).
fn kept_without_address(desk: &Desk) -> Link {
    let links = desk.list(&LinkQuery::default()).unwrap().links;
    assert_eq!(links.len(), 1, "one sale, one link");
    let link = desk.get(&links[0].id.to_string()).unwrap();
    assert_eq!((links[0].url.as_deref(), link.url.as_deref()), (None, None));
    assert_eq!(link.url.as_deref().map(paydesk_core::qr::svg).transpose().unwrap(), None, "no QR code can be drawn");
    link
}

/// A create refused for its address: said so, failed for good, never retried, nothing stored.
fn assert_refused(desk: &Desk, err: &paydesk_core::Error, why: &str) {
    let text = err.to_string();
    assert_eq!(err.kind(), "provider", "{text}");
    assert!(text.contains("payment page address paydesk refused") && text.contains(why), "{text}");
    assert!(text.contains("Nothing was shown to the customer"), "{text}");
    let link = kept_without_address(desk);
    assert_eq!(link.status, LinkStatus::Failed, "given up, not left to a retry that would make another");
    assert!(!link.status.is_pending());
    assert_eq!(link.last_error.as_deref(), Some(text.as_str()));
}

/// Neither the shown error, nor the history, nor the log holds `secret`; the error and the history
/// say `instead`. (A final error is not logged; tests of retried ones look for `instead` there too.)
fn assert_never_repeated(desk: &Desk, err: &paydesk_core::Error, logs: &Logs, secret: &str, instead: &str) {
    let link = desk.list(&LinkQuery::default()).unwrap().links.remove(0);
    let stored = link.last_error.clone().unwrap_or_default();
    for (place, text) in [("error", err.to_string()), ("history", stored), ("log", logs.text())] {
        assert!(!text.contains(secret), "the {place} repeats the secret: {text}");
        assert!(place == "log" || text.contains(instead), "the {place} should say {instead}: {text}");
    }
}

#[tokio::test]
async fn paystack_pages_that_are_not_https_are_refused_and_never_stored() {
    let fake = FakePaystack::start(KEY).await;
    let hostile = [
        ("javascript:alert(1)", "it is not an https:// address"),
        ("data:text/html,<script>alert(1)</script>", "it is not an https:// address"),
        ("http://checkout.example.com/pay", "it is a plain http:// address"),
        ("https://user:pass@checkout.example.com/pay", "it carries a user name or password"),
    ];
    for (url, why) in hostile {
        let (desk, _dir) = desk(&fake.url());
        let before = fake.hits(Route::Initialize);
        fake.push_fault(Route::Initialize, Fault::PageUrl(url.into()));
        let err = desk.create(&sale("100")).await.unwrap_err();
        assert_refused(&desk, &err, why);
        assert_eq!(fake.hits(Route::Initialize), before + 1, "{url}: not sent again");
    }
    assert_eq!(fake.hits(Route::Verify), 0, "nothing looked up, nothing voided and remade");
    let (desk, _dir) = desk(&fake.url());
    fake.push_fault(Route::Initialize, Fault::PageUrl("javascript:alert(1)".into()));
    let err = desk.create(&sale("100")).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "Paystack sent a payment page address paydesk refused (\"javascript:alert(1)\"): \
         it is not an https:// address. Nothing was shown to the customer or put in a QR code."
    );
}

#[tokio::test]
async fn a_dojo_javascript_page_is_refused_without_a_search_or_a_second_intent() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    fake.push_fault(DojoRoute::Create, Fault::PageUrl("javascript:alert(document.cookie)".into()));
    let err = desk.create(&dojo_sale("12.50")).await.unwrap_err();
    assert_refused(&desk, &err, "it is not an https:// address");
    assert_eq!((fake.hits(DojoRoute::Create), fake.hits(DojoRoute::Search)), (1, 0));
    assert_eq!(fake.intents().len(), 1);
}

#[tokio::test]
async fn a_payroc_javascript_page_is_refused_and_not_replayed() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = payroc_desk(&fake.api_url(), &fake.url());
    fake.push_fault(PayrocRoute::Create, Fault::PageUrl("javascript:alert(1)".into()));
    let err = desk.create(&payroc_sale("20")).await.unwrap_err();
    assert_refused(&desk, &err, "it is not an https:// address");
    assert_eq!(fake.hits(PayrocRoute::Create), 1);
}

#[tokio::test]
async fn luxfin_pages_that_are_not_https_leave_no_address() {
    let fake = FakeLuxfin::start(LUXFIN_KEY).await;
    let (desk, _dir) = luxfin_desk(&fake.url());
    fake.push_fault(LuxfinRoute::Create, Fault::PageUrl("http://checkout.example.com/pay".into()));
    let err = desk.create(&luxfin_sale("5")).await.unwrap_err();
    assert_refused(&desk, &err, "it is a plain http:// address");

    // Luxfin's own reading skips a javascript: order_url as "no payment URL": failed all the same.
    let (desk, _dir) = luxfin_desk(&fake.url());
    fake.push_fault(LuxfinRoute::Create, Fault::PageUrl("javascript:alert(1)".into()));
    let err = desk.create(&luxfin_sale("5")).await.unwrap_err();
    assert!(err.to_string().contains("without a payment URL"), "{err}");
    assert_eq!(kept_without_address(&desk).status, LinkStatus::Failed);
    assert_eq!(fake.hits(LuxfinRoute::Create), 2, "once per sale");
}

#[tokio::test]
async fn a_lost_dojo_answer_whose_lookup_shows_an_unsafe_page_is_voided_and_made_again() {
    let (logs, _guard) = Logs::capture();
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    fake.push_fault(DojoRoute::Create, Fault::ProcessThenDrop);
    fake.push_fault(DojoRoute::Search, Fault::PageUrl("javascript:alert(1)".into()));
    let link = desk.create(&dojo_sale("12.50")).await.unwrap();

    // The page found was dropped, so the found intent counts as one nobody saw.
    assert_eq!(link.status, LinkStatus::Open);
    assert!(link.url.as_deref().unwrap().starts_with(&fake.url()), "{:?}", link.url);
    let refs = desk.details(&link.id.to_string()).unwrap().references;
    assert_eq!(refs.iter().map(|r| r.state).collect::<Vec<_>>(), vec![ReferenceState::Void, ReferenceState::Current]);
    assert_eq!(fake.intents().len(), 2);
    assert!(logs.text().contains("dropped the payment page address \"javascript:alert(1)\""), "{}", logs.text());
}

#[tokio::test]
async fn a_key_paystacks_proxy_echoes_is_never_shown_stored_or_logged() {
    let (logs, _guard) = Logs::capture();
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    for _ in 0..3 {
        let echo = r#"{"status":false,"message":"Upstream failed; request had Authorization: {authorization}"}"#;
        fake.push_fault(Route::Initialize, Fault::echo_json(500, echo));
    }
    let err = desk.create(&sale("100")).await.unwrap_err();
    assert_eq!(fake.hits(Route::Initialize), 3, "a 500 is retried, and logged between attempts");
    assert!(logs.text().contains("retrying after: Upstream failed"), "{}", logs.text());
    assert_never_repeated(&desk, &err, &logs, KEY, "Authorization: Bearer [key]");
}

#[tokio::test]
async fn paystack_proxy_pages_in_text_or_html_never_repeat_the_key() {
    let (logs, _guard) = Logs::capture();
    let fake = FakePaystack::start(KEY).await;
    let pages = [
        (401, "text/plain", "proxy refused Authorization: {authorization}", "Bearer [key]"),
        (400, "text/html", "<html><body><h1>400</h1><pre>Authorization: {authorization}</pre></body></html>", "with a web page"),
    ];
    for (code, content_type, body, instead) in pages {
        let (desk, _dir) = desk(&fake.url());
        fake.push_fault(Route::Initialize, Fault::Echo(Echo { code, body: body.into(), content_type: content_type.into() }));
        let err = desk.create(&sale("100")).await.unwrap_err();
        assert_never_repeated(&desk, &err, &logs, KEY, instead);
    }
}

#[tokio::test]
async fn a_key_dojos_proxy_echoes_is_never_shown_stored_or_logged() {
    let (logs, _guard) = Logs::capture();
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let echo = r#"{"title":"Unauthorized","status":401,"detail":"proxy saw Authorization: {authorization}"}"#;
    fake.push_fault(DojoRoute::Create, Fault::echo_json(401, echo));
    let err = desk.create(&dojo_sale("12.50")).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "Dojo refused the test key (proxy saw Authorization: Basic [key]): set a new one with `paydesk key set dojo --mode test` or in Settings."
    );
    assert_never_repeated(&desk, &err, &logs, DOJO_KEY, "Basic [key]");
}

#[tokio::test]
async fn a_key_payrocs_identity_proxy_echoes_is_never_shown_stored_or_logged() {
    let (logs, _guard) = Logs::capture();
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = payroc_desk(&fake.api_url(), &fake.url());
    let echo = r#"{"error":"invalid_client","error_description":"x-api-key {x-api-key} is not valid"}"#;
    fake.push_fault(PayrocRoute::Authorize, Fault::echo_json(401, echo));
    let err = desk.create(&payroc_sale("20")).await.unwrap_err();
    assert!(err.to_string().contains("Payroc refused the test key (x-api-key [key] is not valid;"), "{err}");
    assert_never_repeated(&desk, &err, &logs, PAYROC_KEY, "x-api-key [key]");
}

#[tokio::test]
async fn a_payroc_bearer_token_a_proxy_echoes_is_never_shown_stored_or_logged() {
    let (logs, _guard) = Logs::capture();
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = payroc_desk(&fake.api_url(), &fake.url());
    for _ in 0..3 {
        fake.push_fault(PayrocRoute::Create, Fault::echo_json(503, r#"{"title":"Unavailable","detail":"proxy saw {authorization}"}"#));
    }
    let err = desk.create(&payroc_sale("20")).await.unwrap_err();
    let auth = fake.requests_on(PayrocRoute::Create)[0].header("authorization").unwrap().to_string();
    let token = auth.strip_prefix("Bearer ").unwrap();
    assert!(logs.text().contains("retrying after: proxy saw Bearer [redacted]"), "{}", logs.text());
    assert_never_repeated(&desk, &err, &logs, token, "Bearer [redacted]");
}

#[tokio::test]
async fn a_key_luxfins_proxy_echoes_is_never_shown_stored_or_logged() {
    let (logs, _guard) = Logs::capture();
    let fake = FakeLuxfin::start(LUXFIN_KEY).await;
    let (desk, _dir) = luxfin_desk(&fake.url());
    fake.push_fault(LuxfinRoute::Create, Fault::echo_json(400, r#"{"message":"bad request from {authorization}"}"#));
    let err = desk.create(&luxfin_sale("5")).await.unwrap_err();
    assert_eq!(err.to_string(), "Luxfin said: bad request from Bearer [key] (HTTP 400)");
    assert_never_repeated(&desk, &err, &logs, LUXFIN_KEY, "Bearer [key]");
}

#[tokio::test]
async fn a_status_word_that_holds_the_key_is_stored_without_it() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("100")).await.unwrap();
    fake.set_status(&link.reference, &format!("held-for {KEY}"));
    let link = desk.verify(&link.id.to_string()).await.unwrap();
    assert_eq!((link.status, link.provider_status.as_deref()), (LinkStatus::Unknown, Some("held-for [key]")));
}
