//! "Try another provider" in the real window: a Paystack USD test sale whose link Paystack could
//! not make (503) moves to Luxfin; when the Luxfin payment fails too, to Payroc. At each step only
//! the providers the core offers are listed, exactly one link of the sale can be paid, and the
//! customer window follows the sale to its newest link. History shows the sale as one row among
//! a dozen others, all on screen at 1100×760, its attempts on expand. Every screen met is audited
//! with axe-core, the customer window included.

use paydesk_e2e::fantoccini::{Client, Locator};
use paydesk_e2e::{axe, click, decode_qr, keyring_service, screenshot, text, wait_for, wait_text, window_png, workspace_root, Driver};
use paydesk_fakes::{Fault, FakeLuxfin, FakePayroc, FakePaystack, LuxfinOptions, PayrocOptions, PaystackOptions, Route};
use std::process::Command;
use std::time::Duration;

const PAYSTACK_KEY: &str = "sk_test_e2eFAILOVER0123456789";
const LUXFIN_KEY: &str = "lx_e2e_failover_0123456789";
const PAYROC_KEY: &str = "payroc-e2e-failover-0123456789";
const SHORT: Duration = Duration::from_secs(20);

/// The providers "Try another provider" lists, by id.
async fn choices(c: &Client) -> Vec<String> {
    let mut ids = vec![];
    for b in c.find_all(Locator::Css("#failover-choices button")).await.unwrap() {
        ids.push(b.attr("data-provider").await.unwrap().unwrap_or_default());
    }
    ids
}

/// A dozen earlier sales, made through the CLI on the same history (training: no network).
fn seed_history(data_dir: &str) {
    let cli = workspace_root().join("target/debug/paydesk");
    for i in 0..12 {
        let email = if i % 4 == 0 { format!("a.very.long.customer.address.number{i}@example-bakery-supplies.co.uk") } else { format!("customer{i}@example.com") };
        let out = Command::new(&cli)
            .args(["link", "create", "--provider", "training", "--currency", "NGN", "--amount", &format!("{}", 100 + i), "--email", &email])
            .env("PAYDESK_DATA_DIR", data_dir)
            .env("PAYDESK_KEYRING_SERVICE", keyring_service())
            .output()
            .unwrap_or_else(|e| panic!("{}: {e} (cargo build makes it)", cli.display()));
        assert!(out.status.success(), "seeding sale {i}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and a Secret Service: run through make test"]
async fn a_failed_paystack_sale_moves_to_another_provider_with_one_payable_link() {
    let paystack = FakePaystack::start_with(PaystackOptions::new(PAYSTACK_KEY)).await.unwrap();
    let luxfin = FakeLuxfin::start_with(LuxfinOptions::new(LUXFIN_KEY)).await.unwrap();
    let payroc = FakePayroc::start_with(PayrocOptions::new(PAYROC_KEY)).await.unwrap();
    for _ in 0..3 {
        paystack.push_fault(Route::Initialize, Fault::Html { code: 503 });
    }
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap().to_string();
    seed_history(&data_dir);
    let (paystack_url, luxfin_url, payroc_api, payroc_identity) = (paystack.url(), luxfin.url(), payroc.api_url(), payroc.url());
    let terminal = PayrocOptions::new(PAYROC_KEY).terminal_id;
    let driver = Driver::start(&[
        ("PAYDESK_DATA_DIR", &data_dir),
        ("PAYDESK_PAYSTACK_KEY", PAYSTACK_KEY),
        ("PAYDESK_PAYSTACK_BASE_URL", &paystack_url),
        ("PAYDESK_LUXFIN_KEY", LUXFIN_KEY),
        ("PAYDESK_LUXFIN_BASE_URL", &luxfin_url),
        ("PAYDESK_PAYROC_KEY", PAYROC_KEY),
        ("PAYDESK_PAYROC_BASE_URL", &payroc_api),
        ("PAYDESK_PAYROC_IDENTITY_URL", &payroc_identity),
        ("PAYDESK_PAYROC_TERMINAL_ID", &terminal),
    ]);
    let c = driver.session().await;
    wait_for("Paystack to be offered", SHORT, || async {
        c.find(Locator::Css("#provider option[value=paystack]:not([disabled])")).await.ok()
    })
    .await;

    // A USD sale with Paystack; Paystack answers 503.
    click(&c, "#provider option[value=paystack]").await;
    click(&c, "#currency option[value=USD]").await;
    c.find(Locator::Css("#amount")).await.unwrap().send_keys("40").await.unwrap();
    c.find(Locator::Css("#email")).await.unwrap().send_keys("pat@example.com").await.unwrap();
    click(&c, "#create").await;
    wait_text(&c, "#link-status", "No payment link yet", SHORT).await;

    // Try another provider: only what the core offers, never Paystack again nor Training.
    click(&c, "#failover-open").await;
    wait_for("the providers offered", SHORT, || async { (!choices(&c).await.is_empty()).then_some(()) }).await;
    let offered = choices(&c).await;
    assert!(offered.contains(&"luxfin".to_string()), "Luxfin takes USD: {offered:?}");
    assert!(!offered.iter().any(|p| p == "paystack" || p == "training"), "{offered:?}");
    screenshot(&c, "f1-failover-choices").await;
    axe::assert_clean(&c, "sale-failover-choices").await;
    click(&c, "#failover-choices button[data-provider=luxfin]").await;
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    let order = luxfin.orders().into_iter().next().expect("Luxfin holds the order");
    assert_eq!((order.amount_cents, order.currency.as_str()), (4000, "USD"));
    assert_eq!(text(&c, "#link-url").await.unwrap(), order.order_url);
    assert!(paystack.transactions().is_empty(), "Paystack made no link: only Luxfin's can be paid");
    screenshot(&c, "f2-luxfin-open").await;

    // The customer sees Luxfin's QR.
    let main = c.window().await.unwrap();
    click(&c, "#show-customer").await;
    let customer = wait_for("the customer window", SHORT, || async { c.windows().await.ok()?.into_iter().find(|w| *w != main) }).await;
    c.switch_to_window(customer.clone()).await.unwrap();
    let scanned = wait_for("Luxfin's QR", SHORT, || async { decode_qr(&window_png(&c).await?).filter(|u| *u == order.order_url) }).await;
    assert_eq!(scanned, order.order_url);
    axe::assert_clean(&c, "customer").await;

    // Luxfin's payment fails; the sale moves on to Payroc and the customer window follows.
    c.switch_to_window(main.clone()).await.unwrap();
    luxfin.set_status(&order.order_id, "FAILED");
    wait_text(&c, "#link-status", "Failed", Duration::from_secs(40)).await;
    wait_for("Try another provider", SHORT, || async {
        c.find(Locator::Css("#failover-open")).await.ok()?.is_displayed().await.ok()?.then_some(())
    })
    .await;
    screenshot(&c, "f3-luxfin-failed").await;
    axe::assert_clean(&c, "sale-over").await;
    click(&c, "#failover-open").await;
    wait_for("Payroc offered", SHORT, || async { choices(&c).await.contains(&"payroc".to_string()).then_some(()) }).await;
    click(&c, "#failover-choices button[data-provider=payroc]").await;
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    let link = payroc.links().into_iter().next().expect("Payroc holds the link");
    assert_eq!(link.amount, 4000);
    assert_eq!(payroc.links().len(), 1);
    assert_eq!(luxfin.order(&order.order_id).unwrap().status, "FAILED", "the earlier link cannot be paid");
    c.switch_to_window(customer).await.unwrap();
    wait_for("the customer window on Payroc's QR", SHORT, || async {
        decode_qr(&window_png(&c).await?).filter(|u| *u == link.payment_url)
    })
    .await;
    screenshot(&c, "f4-customer-follows").await;
    c.switch_to_window(main).await.unwrap();

    // History: the sale is one row among thirteen, ten and more on screen, attempts on expand.
    click(&c, "#nav-history").await;
    wait_for("thirteen sales", SHORT, || async {
        let n = c.find_all(Locator::Css("#history-table tr[data-id]")).await.ok()?.len();
        (n == 13).then_some(())
    })
    .await;
    screenshot(&c, "f5-history").await;
    let visible = c
        .execute(
            "return [...document.querySelectorAll('#history-table tr[data-id]')].filter((r) => r.getBoundingClientRect().bottom <= window.innerHeight).length;",
            vec![],
        )
        .await
        .unwrap();
    let size = c.execute("return [window.innerWidth, window.innerHeight];", vec![]).await.unwrap();
    assert!(visible.as_u64().unwrap_or(0) >= 10, "rows on screen at {size}: {visible}");
    let clipped = c
        .execute(
            "return [...document.querySelectorAll('#history-table td')].filter((td) => td.scrollWidth > td.clientWidth + 1).map((td) => td.textContent);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(clipped, serde_json::json!([]), "nothing is cut off");
    let wide = c.execute("const w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth;", vec![]).await.unwrap();
    assert_eq!(wide.as_i64(), Some(0), "the table fits the window: no column is scrolled away");
    axe::assert_clean(&c, "history").await;
    click(&c, "#history-table tr[data-id] .attempts-toggle").await;
    wait_for("three attempts", SHORT, || async {
        let n = c.find_all(Locator::Css("#history-table tr.attempt-row")).await.ok()?.len();
        (n == 3).then_some(())
    })
    .await;
    // Paystack never made a link for this sale: not a payment that failed.
    let said = c.execute("return [...document.querySelectorAll('#history-table tr.attempt-row .status-label')].map(s => s.textContent)", vec![]).await.unwrap();
    assert_eq!(said, serde_json::json!(["No link made", "Failed", "Waiting for payment"]));
    screenshot(&c, "f6-history-expanded").await;
    axe::assert_clean(&c, "history-expanded").await;
    c.close().await.unwrap();
}
