//! Refunds in the real window: a paid Training sale refunded in part, then (behind a manager
//! PIN set in Settings, after one wrong try) in full; the dialog spells out amount, customer and
//! provider, and Esc closes it.

use paydesk_e2e::fantoccini::{key::Key, Client, Locator};
use paydesk_e2e::{click, screenshot, text, wait_for, wait_text, Driver};
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(15);

async fn type_into(c: &Client, css: &str, keys: &str) {
    let input = c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    input.clear().await.unwrap();
    input.send_keys(keys).await.unwrap();
}

async fn value(c: &Client, css: &str) -> Option<String> {
    c.find(Locator::Css(css)).await.ok()?.prop("value").await.ok().flatten()
}

async fn dialog_open(c: &Client) -> bool {
    c.execute("return document.getElementById('refund-dialog').open", vec![]).await.unwrap().as_bool().unwrap_or(false)
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and a Secret Service: run through make test"]
async fn a_partial_then_a_full_refund_of_a_paid_training_sale_and_the_pin() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap().to_string();
    let driver = Driver::start(&[("PAYDESK_DATA_DIR", &data_dir)]);
    let c = driver.session().await;

    // A training sale, paid by the simulated customer.
    wait_text(&c, "#training-banner", "Training mode", SHORT).await;
    wait_for("Training to be picked", SHORT, || async { value(&c, "#provider").await.filter(|v| v == "training") }).await;
    let tab = char::from(Key::Tab);
    type_into(&c, "#amount", &format!("1500.50{tab}{tab}ada@example.com{}", char::from(Key::Enter))).await;
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    assert!(!c.find(Locator::Css("#refund-open")).await.unwrap().is_displayed().await.unwrap(), "no refund before payment");
    click(&c, "#simulate-paid").await;
    wait_text(&c, "#link-status", "Paid ✓", SHORT).await;

    // Refund… opens a labelled dialog with all that is left, and Esc closes it.
    click(&c, "#refund-open").await;
    wait_for("the refund dialog", SHORT, || async { dialog_open(&c).await.then_some(()) }).await;
    assert_eq!(value(&c, "#refund-amount").await.as_deref(), Some("1,500.50"), "all that is left by default");
    let labelled = c.execute("return document.getElementById('refund-dialog').getAttribute('aria-labelledby')", vec![]).await.unwrap();
    assert_eq!(labelled.as_str(), Some("refund-title"));
    assert_eq!(text(&c, "#refund-title").await.as_deref(), Some("Refund a payment of NGN 1,500.50"), "the payment, not a link number");
    // The amount is never split over two lines ("NGN" at the end of one, "1,500.50" on the next).
    let whole = c.execute("return document.getElementById('refund-title').textContent.endsWith('NGN\\u00a01,500.50')", vec![]).await.unwrap();
    assert_eq!(whole, true, "a non-breaking space between the code and the figure");
    let focused = c.execute("return document.activeElement.id", vec![]).await.unwrap();
    assert_eq!(focused.as_str(), Some("refund-amount"), "focus starts in the dialog");
    c.find(Locator::Css("#refund-amount")).await.unwrap().send_keys(&char::from(Key::Escape).to_string()).await.unwrap();
    wait_for("Esc to close the dialog", SHORT, || async { (!dialog_open(&c).await).then_some(()) }).await;

    // A partial refund: the confirmation names amount, customer and provider.
    click(&c, "#refund-open").await;
    wait_for("the refund dialog", SHORT, || async { dialog_open(&c).await.then_some(()) }).await;
    assert_eq!(text(&c, "label[for=refund-amount]").await.as_deref(), Some("Amount to give back, in NGN"));
    type_into(&c, "#refund-amount", "500").await;
    type_into(&c, "#refund-reason", "Burnt loaf").await;
    let confirm = wait_text(&c, "#refund-confirm", "NGN 500.00", SHORT).await;
    assert!(confirm.contains("ada@example.com") && confirm.contains("Training"), "{confirm}");
    assert!(confirm.starts_with("Practice: give back") && !confirm.contains("cannot be undone"), "{confirm}");
    assert_eq!(text(&c, "#refund-amount-hint").await.as_deref(), Some("Can still be refunded: NGN 1,500.50"));
    screenshot(&c, "refund-01-dialog").await;
    // Tab stays inside the dialog: from the last button back to the first field.
    c.find(Locator::Css("#refund-send")).await.unwrap().send_keys(&tab.to_string()).await.unwrap();
    let focused = c.execute("return document.activeElement.closest('dialog') !== null", vec![]).await.unwrap();
    assert_eq!(focused.as_bool(), Some(true), "focus trapped in the dialog");
    click(&c, "#refund-send").await;
    wait_text(&c, "#link-status", "Partly refunded", SHORT).await;
    let summary = wait_text(&c, "#refund-summary", "Refunded NGN 500.00 of NGN 1,500.50", SHORT).await;
    assert!(summary.contains("NGN 1,000.50 left"), "{summary}");
    assert!(text(&c, "#refund-list").await.unwrap().contains("Training says “processed”"));
    screenshot(&c, "refund-02-partial").await;
    let id = c.execute("return location.hash.split('/').pop()", vec![]).await.unwrap().as_str().unwrap().to_string();

    // A manager PIN, set in Settings.
    click(&c, "#nav-settings").await;
    wait_text(&c, "#pin-state", "No manager PIN", SHORT).await;
    type_into(&c, "#pin-new", "2468").await;
    click(&c, "#pin-save").await;
    wait_text(&c, "#pin-state", "A manager PIN is set", SHORT).await;
    assert!(!c.source().await.unwrap().contains("2468"), "the PIN is not kept in the page");
    screenshot(&c, "refund-03-pin-set").await;

    // The rest, behind the PIN: a wrong one is said so, the right one refunds.
    c.execute(&format!("location.hash = '#/link/{id}'"), vec![]).await.unwrap();
    wait_text(&c, "#link-status", "Partly refunded", SHORT).await;
    click(&c, "#refund-open").await;
    wait_for("the refund dialog", SHORT, || async { dialog_open(&c).await.then_some(()) }).await;
    assert_eq!(value(&c, "#refund-amount").await.as_deref(), Some("1,000.50"));
    assert!(c.find(Locator::Css("#refund-pin")).await.unwrap().is_displayed().await.unwrap(), "the PIN is asked for");
    type_into(&c, "#refund-pin", "1111").await;
    click(&c, "#refund-send").await;
    wait_text(&c, "#refund-pin-error", "Wrong PIN", SHORT).await;
    screenshot(&c, "refund-04-wrong-pin").await;
    type_into(&c, "#refund-pin", "2468").await;
    click(&c, "#refund-send").await;
    wait_text(&c, "#link-status", "Refunded", SHORT).await;
    let summary = wait_text(&c, "#refund-summary", "Refunded NGN 1,500.50 of NGN 1,500.50", SHORT).await;
    assert!(summary.contains("NGN 0.00 left"), "{summary}");
    // The note under it names this refund alone, not another total beside the summary's.
    wait_text(&c, "#link-note", "This refund: NGN 1,000.50 given back.", SHORT).await;
    assert!(!dialog_open(&c).await);
    // Refunded, and nothing under it says otherwise: not the payment's own word ("Training says
    // paid"), not real money going back from a practice sale, not a failure's red.
    let detail = text(&c, "#link-status-detail").await.unwrap_or_default();
    assert!(!detail.contains("says"), "{detail}");
    assert_eq!(text(&c, "#sale-why").await.as_deref(), Some("A practice refund: no money moved."));
    let tones = "return [document.getElementById('link-status-box').dataset.tone, getComputedStyle(document.getElementById('link-status')).color]";
    assert_eq!(c.execute(tones, vec![]).await.unwrap(), serde_json::json!(["done", "rgb(16, 24, 38)"]), "the page's own text colour, not red");
    screenshot(&c, "refund-05-refunded").await;

    // Its receipt, to hand over with the money: refunded in full, each refund with its amount,
    // reason and our reference.
    click(&c, "#print-receipt").await;
    wait_text(&c, "#receipt-amount", "NGN 1,500.50", SHORT).await;
    assert_eq!(text(&c, "#receipt-refunded-whole").await.as_deref(), Some("Refunded in full"));
    let blocks = c
        .execute(
            "return [...document.querySelectorAll('#receipt-body .receipt-refund')].map(dl => \
               [...dl.querySelectorAll('dt')].map(dt => dt.textContent + ': ' + (dt.textContent === 'Date' ? '…' : dt.nextElementSibling.textContent.replace(/\\s/g, ' ').replace(/^PR\\w+$/, 'PR…'))))",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        blocks,
        serde_json::json!([
            ["Date: …", "Given back: NGN 500.00", "Reason: Burnt loaf", "Reference: PR…"],
            ["Date: …", "Given back: NGN 1,000.50", "Reason: —", "Reference: PR…"]
        ]),
        "oldest first; no reason given, a dash"
    );
    assert_eq!(text(&c, "#receipt-refunds-title").await.as_deref(), Some("Refunds"));
    screenshot(&c, "refund-06-receipt").await;
    paydesk_e2e::axe::assert_clean(&c, "refund-receipt").await;

    // History shows it refunded, and its receipt can be printed again.
    click(&c, "#nav-history").await;
    wait_text(&c, "#history-table tr[data-id] .status", "Refunded", SHORT).await;
    assert!(c.find(Locator::Css(&format!("#history-table a[href='#/receipt/{id}']"))).await.is_ok(), "Receipt on the refunded row");
    c.close().await.unwrap();
}
