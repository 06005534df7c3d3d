//! The lease on a refund being sent lasts as long as its holder waits on the provider: another
//! process (the CLI beside the app) never takes it over and sends the refund a second time while
//! the first send is still out. Paystack takes no idempotency key, so that would pay back twice.

mod support;

use paydesk_core::desk::{Desk, RefundInput};
use paydesk_core::link::{LinkStatus, Mode, ProviderId};
use paydesk_core::provider::RetryPolicy;
use paydesk_core::settings::Environment;
use paydesk_core::vault::{MemoryVault, Vault};
use paydesk_fakes::{FakePaystack, Fault, Route};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;
use support::{like_sales_allowed, sale, KEY};

/// How long a lease lasts unrenewed here. Renewed every third of it, the holder may stall for
/// three seconds (a loaded machine) before another process could take it.
const LEASE_SECS: u64 = 5;

/// One process's desk on the history in `dir`, with leases of [`LEASE_SECS`].
fn open(dir: &std::path::Path, url: &str) -> Desk {
    let vault = MemoryVault::new();
    vault.set(ProviderId::Paystack, Mode::Test, &SecretString::from(KEY)).unwrap();
    let env = Environment::from_pairs([("PAYDESK_LEASE_SECS".to_string(), LEASE_SECS.to_string())]);
    let desk = Desk::open(dir, Arc::new(vault), env)
        .unwrap()
        .with_retry(RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) });
    desk.config_set("paystack.base_url", url).unwrap();
    like_sales_allowed(&desk);
    desk
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_waiting_on_a_slow_provider_is_never_sent_again_by_another_process() {
    let fake = FakePaystack::start(KEY).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), &fake.url());
    let link = app.create(&sale("100")).await.unwrap();
    fake.set_status(&link.reference, "success");
    assert_eq!(app.verify(&link.reference).await.unwrap().status, LinkStatus::Paid);

    // Paystack makes the refund at once and answers three leases later; its list of refunds
    // would not show it yet to anyone who looked.
    fake.push_fault(Route::Refund, Fault::Delay(Duration::from_secs(3 * LEASE_SECS)));
    fake.push_fault(Route::ListRefunds, Fault::json(200, r#"{"status":true,"message":"Refunds retrieved","data":[],"meta":{"total":0,"page":1,"pageCount":1}}"#));
    let input = RefundInput { amount: Some("25".into()), reason: Some("Short by one loaf".into()), ..Default::default() };
    let slow = tokio::spawn({
        let (app, reference, input) = (app.clone(), link.reference.clone(), input.clone());
        async move { app.refund(&reference, &input, None).await }
    });
    while fake.hits(Route::Refund) == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The refund is out; its lease, had it not been renewed, has now run out.
    tokio::time::sleep(Duration::from_millis(1500 * LEASE_SECS)).await;
    let cli = open(dir.path(), &fake.url());
    let err = cli.refund(&link.reference, &RefundInput::default(), None).await.unwrap_err();
    assert_eq!(err.kind(), "busy", "{err}");
    assert_eq!((fake.hits(Route::Refund), fake.hits(Route::ListRefunds)), (1, 0), "the other process sent and asked nothing");

    let done = slow.await.unwrap().unwrap();
    assert_eq!(done.refund.amount_minor, 2500);
    assert_eq!(fake.refunds().len(), 1, "one refund at Paystack");
    assert_eq!(cli.get(&link.reference).unwrap().refundable_minor, 7500);
    // Given back when done: the next refund is not held up.
    let rest = cli.refund(&link.reference, &RefundInput::default(), None).await.unwrap();
    assert_eq!((rest.refund.amount_minor, fake.refunds().len()), (7500, 2));
}
