//! One sale, one payable link, in the real window. Paystack answers 503: the form is cleared and
//! the screen becomes the sale, in calm words with the technical ones under Details; pressing
//! Create again sends nothing, and Retry makes exactly one transaction at (fake) Paystack. After a
//! Create, focus is on the sale's status. The duplicate guard shows the earlier link and lets the
//! owner show it or make a new one anyway. Every screen met on the way passes the axe-core audit.

use paydesk_e2e::fantoccini::{key::Key, Client, Locator};
use paydesk_e2e::{axe, click, screenshot, text, wait_for, wait_text, Driver};
use paydesk_fakes::{Fault, FakePaystack, PaystackOptions, Route};
use std::time::Duration;

const KEY: &str = "sk_test_e2eSALE0123456789KEY";
const SHORT: Duration = Duration::from_secs(20);

async fn focused(c: &Client) -> String {
    let id = c.execute("const a = document.activeElement; return a ? (a.id || a.tagName) : '';", vec![]).await.unwrap();
    id.as_str().unwrap_or_default().to_string()
}

async fn shown(c: &Client, css: &str) -> bool {
    match c.find(Locator::Css(css)).await {
        Ok(el) => el.is_displayed().await.unwrap_or(false),
        Err(_) => false,
    }
}

/// Types a sale with the keyboard: amount, Tab past the currency, e-mail, Enter.
async fn type_sale(c: &Client, amount: &str, email: &str) {
    wait_for("Paystack to be picked", SHORT, || async {
        let v = c.find(Locator::Css("#provider")).await.ok()?.prop("value").await.ok()??;
        (v == "paystack").then_some(())
    })
    .await;
    let input = c.find(Locator::Css("#amount")).await.unwrap();
    input.clear().await.unwrap();
    let tab = char::from(Key::Tab);
    input.send_keys(&format!("{amount}{tab}{tab}{email}{}", char::from(Key::Enter))).await.unwrap();
}

async fn rows(c: &Client) -> usize {
    c.find_all(Locator::Css("#history-table tr[data-id]")).await.map(|r| r.len()).unwrap_or(0)
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and a Secret Service: run through make test"]
async fn a_503_keeps_one_sale_and_create_again_never_makes_a_second_link() {
    let fake = FakePaystack::start_with(PaystackOptions::new(KEY)).await.unwrap();
    // Three 503 pages: the core's own retries of the first send meet them all.
    for _ in 0..3 {
        fake.push_fault(Route::Initialize, Fault::Html { code: 503 });
    }
    let data = tempfile::tempdir().unwrap();
    let url = fake.url();
    let driver = Driver::start(&[
        ("PAYDESK_DATA_DIR", data.path().to_str().unwrap()),
        ("PAYDESK_PAYSTACK_KEY", KEY),
        ("PAYDESK_PAYSTACK_BASE_URL", &url),
    ]);
    let c = driver.session().await;
    wait_for("the new-sale form", SHORT, || async { text(&c, "#new-link-form").await }).await;
    axe::assert_clean(&c, "new-sale").await;

    // The amount preview refuses what Create would refuse.
    let amount = c.find(Locator::Css("#amount")).await.unwrap();
    amount.send_keys("10,000,000.01").await.unwrap();
    wait_text(&c, "#amount-preview", "Too large: at most NGN 10,000,000.00", SHORT).await;
    screenshot(&c, "s0-too-large").await;

    type_sale(&c, "1500", "ada@example.com").await;
    let status = wait_text(&c, "#link-status", "No payment link yet", SHORT).await;
    assert_eq!(focused(&c).await, "link-status", "focus is on the sale's status: {status}");
    let why = text(&c, "#sale-why").await.unwrap();
    assert!(!why.contains("HTTP") && !why.contains("Internal error"), "calm words: {why}");
    click(&c, "#sale-details summary").await;
    let details = wait_text(&c, "#sale-details-text", "503", SHORT).await;
    assert!(details.contains("Paystack"), "the technical words are under Details: {details}");
    assert_eq!(details.matches("503").count(), 1, "said once, not 'Paystack said: Paystack answered HTTP 503… (HTTP 503)': {details}");
    assert!(shown(&c, "#retry-link").await, "Retry is offered");
    assert!(fake.transactions().is_empty(), "Paystack made nothing");
    screenshot(&c, "s1-503-sale").await;
    axe::assert_clean(&c, "sale-no-link").await;

    // "Create" again: the form was cleared when the sale was recorded, so nothing is sent.
    click(&c, "#nav-new").await;
    assert_eq!(c.find(Locator::Css("#amount")).await.unwrap().prop("value").await.unwrap().as_deref(), Some(""));
    click(&c, "#create").await;
    wait_text(&c, "#amount-error", "amount", SHORT).await;
    click(&c, "#nav-history").await;
    wait_for("the one sale in History", SHORT, || async { (rows(&c).await == 1).then_some(()) }).await;
    let row = text(&c, "#history-table tr[data-id]").await.unwrap();
    assert!(row.contains("Not created yet") && row.contains("the sale is kept: Retry makes its link"), "the row offers its action: {row}");
    assert!(!row.contains("No link yet"), "said once: {row}");
    screenshot(&c, "s2-history-no-link").await;
    axe::assert_clean(&c, "history-no-link").await;

    // Retry, from the row, with the keyboard: one transaction, one payable link.
    let retry = c.find(Locator::Css("#history-table tr[data-id] .actions button")).await.unwrap();
    retry.send_keys(&char::from(Key::Enter).to_string()).await.unwrap();
    wait_text(&c, "#history-table tr[data-id] .status", "Waiting for payment", SHORT).await;
    assert_eq!(fake.transactions().len(), 1, "one sale, one transaction");
    assert_eq!(rows(&c).await, 1);
    click(&c, "#history-table tr[data-id] td.amount").await;
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    let detail = text(&c, "#link-status-detail").await.unwrap_or_default();
    assert!(!detail.contains("abandoned"), "Paystack's word for an untouched checkout stays in Details: {detail}");
    screenshot(&c, "s3-retried-open").await;
    axe::assert_clean(&c, "sale-open").await;
    assert_eq!(fake.transactions().len(), 1, "still one");

    // The same sale again, minutes later: the guard shows the earlier link and asks.
    c.find(Locator::Css("#link-status")).await.unwrap().send_keys(&format!("{}n", char::from(Key::Control))).await.unwrap();
    wait_for("Ctrl+N: a blank new sale", SHORT, || async { (focused(&c).await == "amount").then_some(()) }).await;
    type_sale(&c, "1500", "ada@example.com").await;
    wait_for("the duplicate guard", SHORT, || async { shown(&c, "#duplicate-box").await.then_some(()) }).await;
    let earlier = wait_text(&c, "#duplicate-earlier", "ada@example.com", SHORT).await;
    assert!(earlier.contains("NGN 1,500.00") && earlier.contains("Waiting for payment"), "amount and status: {earlier}");
    assert_eq!(focused(&c).await, "duplicate-title");
    assert_eq!(fake.transactions().len(), 1, "nothing sent before the owner chooses");
    // The sentence names the customer, not a link number, and writes its time as the Made row
    // does ("12:44 PM" in both, not the terminal's "12:44").
    let times = "const text = document.getElementById('duplicate-message').textContent.replace(/\\s/g, ' '); \
                 const m = text.match(/^ada@example.com was already asked for NGN 1,500.00 at (.+?)\\. Show that link/); \
                 const made = [...document.querySelectorAll('#duplicate-earlier dd')][2].textContent.replace(/\\s/g, ' '); \
                 return Boolean(m && made.endsWith(m[1]) && /[AP]M$/.test(m[1]))";
    wait_for("the sentence's time as the rows'", SHORT, || async { (c.execute(times, vec![]).await.unwrap() == true).then_some(()) }).await;
    // The question and both answers in the window, without scrolling (to within the half pixel
    // that scrolling to a whole pixel of a fractional layout can leave).
    let seen = "const r = id => document.getElementById(id).getBoundingClientRect(); \
                return r('duplicate-title').top >= document.querySelector('.topbar').getBoundingClientRect().bottom - 0.5 && r('duplicate-again').bottom <= window.innerHeight + 0.5";
    wait_for("the guard's answers in view", SHORT, || async { (c.execute(seen, vec![]).await.unwrap() == true).then_some(()) }).await;
    screenshot(&c, "s4-duplicate-guard").await;
    axe::assert_clean(&c, "new-sale-duplicate").await;

    // "Show that link" goes to the earlier sale; the same sale typed again, "Make a new one
    // anyway" makes it, on purpose, with focus on its status.
    click(&c, "#duplicate-show").await;
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    click(&c, "#nav-new").await;
    type_sale(&c, "1500", "ada@example.com").await;
    wait_for("the duplicate guard again", SHORT, || async { shown(&c, "#duplicate-box").await.then_some(()) }).await;
    click(&c, "#duplicate-again").await;
    wait_for("a second transaction", SHORT, || async { (fake.transactions().len() == 2).then_some(()) }).await;
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    assert_eq!(focused(&c).await, "link-status", "focus after Create is on the status");
    screenshot(&c, "s5-made-anyway").await;

    // Settings, audited too.
    click(&c, "#nav-settings").await;
    wait_for("the settings screen", SHORT, || async { text(&c, "#keys-list").await.filter(|t| t.contains("Paystack")) }).await;
    axe::assert_clean(&c, "settings").await;
    c.close().await.unwrap();
}
