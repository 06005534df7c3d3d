//! The shop owner's day in the real window: a Paystack key stored in the real keyring through
//! Settings, a link made with the keyboard, its QR shown to the customer on a second window, both
//! windows flipping to "Paid ✓" on their own, the link found in history, and again after a restart.
//! Bad input shows its message and adds nothing.

use paydesk_e2e::fantoccini::{key::Key, Client, Locator};
use paydesk_e2e::{
    click, decode_qr, element_png, first_row_lines, fits_unscrolled, inner_width, left_edges, screenshot, text, wait_for, wait_text, window_png, Driver,
};
use paydesk_fakes::{FakePaystack, PaystackOptions};
use std::time::Duration;

const KEY: &str = "sk_test_e2e0123456789WINDOWKEY";
const SHORT: Duration = Duration::from_secs(15);
/// The app checks an open link every few seconds, backing off; half a minute is ample.
const PAID_WITHIN: Duration = Duration::from_secs(40);

/// What a phone would read from the QR on screen: the element's pixels, decoded, once the
/// image has loaded and painted.
async fn scan(c: &Client, css: &str) -> String {
    wait_for(&format!("a readable QR code in {css}"), SHORT, || async {
        let png = element_png(c, css).await?;
        decode_qr(&png)
    })
    .await
}

/// The same from the whole window, for a window that shows one QR code only. WebKitWebDriver's
/// element screenshots of a second window come out shifted and half black, so the window's own
/// screenshot is what the customer sees.
async fn scan_window(c: &Client) -> String {
    wait_for("a readable QR code in the window", SHORT, || async { decode_qr(&window_png(c).await?) }).await
}

async fn value(c: &Client, css: &str) -> Option<String> {
    c.find(Locator::Css(css)).await.ok()?.prop("value").await.ok().flatten()
}

async fn history_rows(c: &Client) -> usize {
    c.find_all(Locator::Css("#history-table tr[data-id]")).await.map(|r| r.len()).unwrap_or(0)
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and a Secret Service: run through make test"]
async fn a_day_at_the_counter() {
    let fake = FakePaystack::start_with(PaystackOptions::new(KEY)).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let url = fake.url();
    let data_dir = data.path().to_str().unwrap().to_string();
    let driver = Driver::start(&[("PAYDESK_DATA_DIR", &data_dir), ("PAYDESK_PAYSTACK_BASE_URL", &url)]);
    let c = driver.session().await;

    // A fresh install offers training first.
    wait_for("the new-link form", SHORT, || async { text(&c, "#new-link-form").await }).await;
    wait_text(&c, "#training-banner", "Training mode", SHORT).await;
    screenshot(&c, "01-fresh-install").await;
    // On Linux the text is in the desktop's own faces, named so WebKit finds them in one
    // fontconfig look-up each (a longer stack cost ~130 ms of the first paint: docs/speed.md).
    let fonts = c
        .execute("return [getComputedStyle(document.body).fontFamily, getComputedStyle(document.querySelector('#amount')).fontFamily]", vec![])
        .await
        .unwrap();
    assert_eq!(fonts, serde_json::json!(["sans-serif", "sans-serif"]), "the form's fonts");
    fits_unscrolled(&c, "the first screen, training").await;
    // In a window wider than the screen's 1240 px the keyboard line stays under the screen.
    c.set_window_size(1600, 760).await.unwrap();
    wait_for("the window past 1300 px", SHORT, || async { (inner_width(&c).await > 1300).then_some(()) }).await;
    let lefts = left_edges(&c, &["#new-title", "#shortcuts-line"]).await;
    assert_eq!(lefts[0], lefts[1], "the keyboard line starts where the screen does: {lefts}");
    c.set_window_size(1100, 760).await.unwrap();
    wait_for("the window back at 1100 px", SHORT, || async { (inner_width(&c).await == 1100).then_some(()) }).await;

    // Store the test key through Settings: write-only, checked against (fake) Paystack.
    click(&c, "#nav-settings").await;
    let input = c.find(Locator::Css("#key-paystack-test")).await.unwrap();
    input.send_keys(KEY).await.unwrap();
    click(&c, "#save-key-paystack-test").await;
    wait_text(&c, "#key-status-paystack-test", "Configured", SHORT).await;
    wait_text(&c, "#key-msg-paystack-test", "Paystack accepted the test key", SHORT).await;
    let status = text(&c, "#key-status-paystack-test").await.unwrap();
    assert!(status.contains("KEY"), "the last four characters are shown: {status}");
    assert!(!c.source().await.unwrap().contains(KEY), "the key never comes back to the page");
    screenshot(&c, "02-settings-key-saved").await;

    // With a real key, the New-link form offers Paystack in test mode.
    click(&c, "#nav-new").await;
    wait_for("Paystack to be picked", SHORT, || async { value(&c, "#provider").await.filter(|v| v == "paystack") }).await;
    wait_text(&c, "#header-mode", "TEST", SHORT).await;
    fits_unscrolled(&c, "the New sale screen with a test key").await;

    // Bad input: the message beside the amount, nothing in history.
    let amount = c.find(Locator::Css("#amount")).await.unwrap();
    amount.send_keys("1.234").await.unwrap();
    let email = c.find(Locator::Css("#email")).await.unwrap();
    email.send_keys(&format!("ada@example.com{}", char::from(Key::Enter))).await.unwrap();
    wait_text(&c, "#amount-error", "decimal places", SHORT).await;
    screenshot(&c, "03-bad-amount").await;
    assert!(fake.transactions().is_empty(), "nothing was sent");
    click(&c, "#nav-history").await;
    wait_for("the history screen", SHORT, || async { text(&c, "#history-screen").await }).await;
    assert_eq!(history_rows(&c).await, 0, "nothing was written");

    // XOF has no decimals: the preview says so as it is typed, Create refuses it beside the
    // field, and a whole amount previews with none. Nothing is sent.
    click(&c, "#nav-new").await;
    click(&c, "#currency option[value=XOF]").await;
    let amount = c.find(Locator::Css("#amount")).await.unwrap();
    amount.clear().await.unwrap();
    amount.send_keys("1500.50").await.unwrap();
    wait_text(&c, "#amount-preview", "XOF has no decimals: type a whole amount.", SHORT).await;
    amount.send_keys(&char::from(Key::Enter).to_string()).await.unwrap();
    wait_text(&c, "#amount-error", "XOF has no decimals", SHORT).await;
    screenshot(&c, "03b-xof-decimals-refused").await;
    // Another currency: the refusal was XOF's, so it goes and the hint judges the amount anew.
    click(&c, "#currency option[value=NGN]").await;
    wait_text(&c, "#amount-preview", "NGN 1,500.50", SHORT).await;
    assert_eq!(text(&c, "#amount-error").await.as_deref(), Some(""));
    click(&c, "#currency option[value=XOF]").await;
    wait_text(&c, "#amount-preview", "XOF has no decimals: type a whole amount.", SHORT).await;
    amount.clear().await.unwrap();
    amount.send_keys("1,500").await.unwrap();
    let shown = wait_text(&c, "#amount-preview", "XOF 1,500", SHORT).await;
    assert!(!shown.contains("1,500."), "no decimals in XOF: {shown}");
    screenshot(&c, "03c-xof-preview").await;
    assert!(fake.transactions().is_empty(), "nothing was sent");
    click(&c, "#currency option[value=NGN]").await;

    // The sale, typed with the keyboard only: amount, Tab past the currency, email, Enter.
    let amount = c.find(Locator::Css("#amount")).await.unwrap();
    amount.clear().await.unwrap();
    let tab = char::from(Key::Tab);
    let keys = format!("1500.50{tab}{tab}ada@example.com{}", char::from(Key::Enter));
    amount.send_keys(&keys).await.unwrap();
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    let txn = wait_for("the fake to hold the transaction", SHORT, || async { fake.transactions().into_iter().next() }).await;
    assert_eq!((txn.amount, txn.currency.as_str(), txn.email.as_str()), (150050, "NGN", "ada@example.com"));
    let checkout = format!("{url}/checkout/{}", txn.access_code);
    assert!(text(&c, "#link-amount").await.unwrap().contains("1,500.50"));
    assert_eq!(scan(&c, "#qr").await, checkout, "the QR a customer scans is the checkout URL");
    // The focus moved to the status for a screen reader, with no ring that makes it look a field.
    let ring = c.execute("const s = document.activeElement; return s.id + ' ' + getComputedStyle(s).outlineStyle", vec![]).await.unwrap();
    assert_eq!(ring, "link-status none");
    assert!(c.find(Locator::Css("#copy-link")).await.unwrap().is_displayed().await.unwrap(), "an open link can be handed out");
    screenshot(&c, "04-link").await;

    // Show it to the customer on a second window.
    let main = c.window().await.unwrap();
    click(&c, "#show-customer").await;
    let customer = wait_for("the customer window", SHORT, || async {
        c.windows().await.ok()?.into_iter().find(|w| *w != main)
    })
    .await;
    c.switch_to_window(customer.clone()).await.unwrap();
    wait_text(&c, "#customer-amount", "1,500.50", SHORT).await;
    screenshot(&c, "05-customer-window").await;
    assert!(c.find(Locator::Css("#customer-qr")).await.is_ok());
    assert_eq!(scan_window(&c).await, checkout);

    // The customer pays; nobody touches anything; both windows flip.
    assert!(fake.set_status(&txn.reference, "success"));
    wait_text(&c, "#customer-status", "Paid ✓", PAID_WITHIN).await;
    screenshot(&c, "06-customer-paid").await;
    c.switch_to_window(main.clone()).await.unwrap();
    wait_text(&c, "#link-status", "Paid ✓", PAID_WITHIN).await;
    // Paid: the link is not handed out again; the customer may still be shown it is paid.
    assert!(!c.find(Locator::Css("#copy-link")).await.unwrap().is_displayed().await.unwrap(), "no Copy link once paid");
    assert!(!c.find(Locator::Css("#print-link")).await.unwrap().is_displayed().await.unwrap(), "no QR to print once paid");
    assert!(c.find(Locator::Css("#show-customer")).await.unwrap().is_displayed().await.unwrap());
    screenshot(&c, "07-link-paid").await;

    // History has it, paid, with Paystack's own word.
    click(&c, "#nav-history").await;
    let status = wait_text(&c, "#history-table tr[data-id] .status", "Paid ✓", SHORT).await;
    assert!(status.contains("success"), "the provider's own word is shown: {status}");
    assert_eq!(history_rows(&c).await, 1);
    // An ordinary address on one line: not "ada@example" over ".com" with room to spare.
    let lines = "const e = document.querySelector('#history-table tr[data-id] .email'); \
                 return Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))";
    assert_eq!(c.execute(lines, vec![]).await.unwrap(), 1, "the email on one line");
    screenshot(&c, "08-history").await;
    // At the window's narrowest the amount and the row's Verify, Receipt and + keep one line each.
    c.set_window_size(820, 760).await.unwrap();
    wait_for("the window at 820 px", SHORT, || async { (inner_width(&c).await == 820).then_some(()) }).await;
    let lines = first_row_lines(&c).await;
    assert_eq!(lines, serde_json::json!(["NGN 1,500.50", 1, 1, 3]), "amount and actions on one line each at 820 px");
    screenshot(&c, "08b-history-820").await;
    c.set_window_size(1100, 760).await.unwrap();
    wait_for("the window back at 1100 px", SHORT, || async { (inner_width(&c).await == 1100).then_some(()) }).await;

    // Restart the app: the link is still there, from the local history.
    c.close().await.unwrap();
    let c = driver.session().await;
    click(&c, "#nav-history").await;
    wait_text(&c, "#history-table tr[data-id] .status", "Paid ✓", SHORT).await;
    assert!(text(&c, "#history-table").await.unwrap().contains("ada@example.com"));
    screenshot(&c, "09-history-after-restart").await;
    c.close().await.unwrap();
}
