//! A sale seen from two tills of one shop: only the till sending a sale may try another provider
//! for it while it is being made, and only the till that made it refunds it. The tills' events are handed over here as the hub would hand
//! them (tests/hub.rs does the same through a real PostgreSQL).

mod support;

use paydesk_core::desk::{CreateInput, Desk};
use paydesk_core::link::{LinkStatus, Mode, ProviderId};
use paydesk_core::provider::RetryPolicy;
use paydesk_core::settings::Environment;
use paydesk_core::store::sync::Event;
use paydesk_core::store::{SqliteStore, Store};
use paydesk_core::vault::{MemoryVault, Vault};
use paydesk_fakes::{FakeLuxfin, FakePaystack, LuxfinRoute, Route};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;
use support::{sale, KEY, LUXFIN_KEY};

struct Till {
    desk: Desk,
    store: Arc<SqliteStore>,
    _dir: tempfile::TempDir,
}

/// A till with test keys for Paystack and Luxfin, pointed at the shop's fakes.
fn till(paystack: &FakePaystack, luxfin: &FakeLuxfin) -> Till {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("paydesk.sqlite3")).unwrap());
    let vault = MemoryVault::new();
    vault.set(ProviderId::Paystack, Mode::Test, &SecretString::from(KEY)).unwrap();
    vault.set(ProviderId::Luxfin, Mode::Test, &SecretString::from(LUXFIN_KEY)).unwrap();
    let desk = Desk::new(store.clone(), Arc::new(vault), Environment::default())
        .with_retry(RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) });
    desk.config_set("paystack.base_url", &paystack.url()).unwrap();
    desk.config_set("luxfin.base_url", &luxfin.url()).unwrap();
    Till { desk, store, _dir: dir }
}

/// What a sync does between two tills: `from`'s waiting events, applied on `to`.
fn relay(from: &Till, to: &Till) {
    let events: Vec<Event> =
        from.store.pending_events(1000).unwrap().into_iter().map(|e| Event { till: from.desk.till_id().to_string(), ..e }).collect();
    let Some(last) = events.last().map(|e| e.source_seq) else { return };
    let cursor = to.store.sync_state().unwrap().cursor + events.len() as i64;
    to.store.apply_events(&events, cursor).unwrap();
    from.store.mark_pushed(last).unwrap();
}

fn usd(amount: &str) -> CreateInput {
    CreateInput { currency: Some("USD".into()), mode: Some("test".into()), ..sale(amount) }
}

#[tokio::test]
async fn another_till_cannot_fail_over_a_sale_whose_send_is_still_running() {
    let (paystack, luxfin) = (FakePaystack::start(KEY).await, FakeLuxfin::start(LUXFIN_KEY).await);
    let (a, b) = (till(&paystack, &luxfin), till(&paystack, &luxfin));
    // Till A records the sale and is about to send it; a sync brings the sale to till B.
    let sending = a.desk.record(&usd("25")).await.unwrap();
    relay(&a, &b);
    let on_b = b.desk.list(&Default::default()).unwrap().links.remove(0);
    assert_eq!((on_b.status, on_b.till_id.as_str()), (LinkStatus::Creating, a.desk.till_id()));

    // B is offered no other provider, and pressing it anyway is refused: Paystack, asked now,
    // would not have A's request yet.
    let said = format!("Link {} was made on another till: only that till can finish it.", on_b.id);
    let options = b.desk.failover_options(&b.desk.sale(&on_b.sale_uid).unwrap());
    assert_eq!((options.allowed, options.why.as_str()), (false, said.as_str()));
    let err = b.desk.failover(&on_b.id.to_string(), "luxfin").await.unwrap_err();
    assert_eq!((err.kind(), err.to_string()), ("conflict", said));
    assert_eq!(b.desk.get(&on_b.id.to_string()).unwrap().status, LinkStatus::Creating, "B settled nothing");
    assert_eq!((paystack.hits(Route::Verify), luxfin.hits(LuxfinRoute::Create)), (0, 0), "B asked no provider");

    // A's send lands: the sale has one link anyone can pay, on both tills.
    let made = a.desk.send(sending).await.unwrap();
    assert_eq!(made.status, LinkStatus::Open);
    relay(&b, &a);
    relay(&a, &b);
    for t in [&a, &b] {
        let sale = t.desk.sale(&made.sale_uid).unwrap();
        let seen: Vec<_> = sale.attempts.iter().map(|l| (l.provider, l.status)).collect();
        assert_eq!(seen, [(ProviderId::Paystack, LinkStatus::Open)]);
    }
    assert_eq!((paystack.transactions().len(), luxfin.orders().len()), (1, 0));
}

#[tokio::test]
async fn a_sale_another_till_gave_up_on_may_still_be_failed_over_here() {
    let (paystack, luxfin) = (FakePaystack::start(KEY).await, FakeLuxfin::start(LUXFIN_KEY).await);
    let (a, b) = (till(&paystack, &luxfin), till(&paystack, &luxfin));
    paystack.push_fault(Route::Initialize, paydesk_fakes::Fault::json(400, r#"{"status":false,"message":"Currency not supported by merchant"}"#));
    a.desk.create(&usd("25")).await.unwrap_err();
    let failed = a.desk.list(&Default::default()).unwrap().links[0].id;
    assert_eq!(a.desk.get(&failed.to_string()).unwrap().status, LinkStatus::Failed);
    relay(&a, &b);
    let on_b = b.desk.list(&Default::default()).unwrap().links.remove(0);
    assert_eq!(on_b.status, LinkStatus::Failed);
    // Nothing is being sent anywhere: any till may try another provider.
    let moved = b.desk.failover(&on_b.id.to_string(), "luxfin").await.unwrap();
    assert_eq!((moved.provider, moved.status), (ProviderId::Luxfin, LinkStatus::Open));
}

#[tokio::test]
async fn a_sale_is_refunded_only_on_the_till_that_made_it() {
    let (paystack, luxfin) = (FakePaystack::start(KEY).await, FakeLuxfin::start(LUXFIN_KEY).await);
    let (a, b) = (till(&paystack, &luxfin), till(&paystack, &luxfin));
    let link = a.desk.create(&usd("25")).await.unwrap();
    paystack.set_status(&link.reference, "success");
    assert_eq!(a.desk.verify(&link.reference).await.unwrap().status, LinkStatus::Paid);
    relay(&a, &b);
    let on_b = b.desk.get(&link.reference).unwrap();
    assert_eq!((on_b.status, on_b.refundable_minor), (LinkStatus::Paid, 2500));

    // B keeps no record of A's refunds: it is refused before anything is written or sent.
    let input = paydesk_core::desk::RefundInput { amount: Some("10".into()), ..Default::default() };
    let err = b.desk.refund(&link.reference, &input, None).await.unwrap_err();
    let said = format!("Link {} was made on another till: refund it there, where its refunds are kept.", on_b.id);
    assert_eq!((err.kind(), err.to_string()), ("conflict", said));
    assert!(b.store.refunds(on_b.id).unwrap().is_empty(), "nothing recorded on B");
    assert_eq!(paystack.hits(Route::Refund), 0, "nothing sent");
    // A refunds it.
    let done = a.desk.refund(&link.reference, &input, None).await.unwrap();
    assert_eq!((done.refund.amount_minor, paystack.hits(Route::Refund)), (1000, 1));
}

#[tokio::test]
async fn a_customer_charged_at_two_tills_is_refunded_once_the_same_link_named_on_both() {
    let (paystack, luxfin) = (FakePaystack::start(KEY).await, FakeLuxfin::start(LUXFIN_KEY).await);
    let (a, b) = (till(&paystack, &luxfin), till(&paystack, &luxfin));
    // The same customer pays the same amount at both tills, A first.
    let first = a.desk.create(&usd("25")).await.unwrap();
    let later = b.desk.create(&usd("25")).await.unwrap();
    for (t, l) in [(&a, &first), (&b, &later)] {
        paystack.set_status(&l.reference, "success");
        assert_eq!(t.desk.verify(&l.reference).await.unwrap().status, LinkStatus::Paid);
    }
    relay(&a, &b);
    relay(&b, &a);
    // Local ids differ between tills (each numbers its own link first): both name B's link.
    for (t, own) in [(&a, &first), (&b, &later)] {
        let twice = t.desk.details(&own.reference).unwrap().link.paid_twice.expect("paid twice");
        assert_eq!(t.desk.get(&twice.refund_link.to_string()).unwrap().uid, later.uid);
    }
    let on_a = a.desk.details(&first.reference).unwrap().link.paid_twice.unwrap();
    assert!(on_a.message.ends_with(", on the till that made it."), "{}", on_a.message);
    let on_b = b.desk.details(&later.reference).unwrap().link.paid_twice.unwrap();
    assert_eq!(on_b.message, format!("Paid twice: links {} and {} were both paid for what looks like one sale. Refund link {}.", on_b.with_link, on_b.refund_link, on_b.refund_link));
}
