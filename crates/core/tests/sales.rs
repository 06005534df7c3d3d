//! The sale at the counter, through the desk against the local fakes: the duplicate-payment
//! guard, failover to another provider with exactly one payable link, a sale whose send never
//! left this machine, "paid twice", and cancelling a sale (never while a retry is sending it, and
//! never to be sent after).

mod support;

use paydesk_core::desk::{CreateInput, Desk};
use paydesk_core::lease::{process_start, Holder};
use paydesk_core::link::{LinkStatus, Mode, ProviderId};
use paydesk_core::provider::RetryPolicy;
use paydesk_core::settings::Environment;
use paydesk_core::store::{Claim, SqliteStore, Store};
use paydesk_core::vault::{MemoryVault, Vault};
use paydesk_fakes::{FakeLuxfin, FakePayroc, FakePaystack, Fault, LuxfinRoute, Route};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;
use support::{KEY, LUXFIN_KEY, PAYROC_KEY, PAYROC_TERMINAL};

struct Shop {
    desk: Desk,
    paystack: FakePaystack,
    luxfin: FakeLuxfin,
    payroc: FakePayroc,
    _dir: tempfile::TempDir,
}

/// One desk with test keys for Paystack, Luxfin and Payroc, each pointed at its fake; the
/// duplicate guard at its default window.
async fn shop() -> Shop {
    let (paystack, luxfin, payroc) = (FakePaystack::start(KEY).await, FakeLuxfin::start(LUXFIN_KEY).await, FakePayroc::start(PAYROC_KEY).await);
    let dir = tempfile::tempdir().unwrap();
    let vault = MemoryVault::new();
    vault.set(ProviderId::Paystack, Mode::Test, &SecretString::from(KEY)).unwrap();
    vault.set(ProviderId::Luxfin, Mode::Test, &SecretString::from(LUXFIN_KEY)).unwrap();
    vault.set(ProviderId::Payroc, Mode::Test, &SecretString::from(PAYROC_KEY)).unwrap();
    let desk = Desk::open(dir.path(), Arc::new(vault), Environment::default())
        .unwrap()
        .with_retry(RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) });
    desk.config_set("paystack.base_url", &paystack.url()).unwrap();
    desk.config_set("luxfin.base_url", &luxfin.url()).unwrap();
    desk.config_set("payroc.base_url", &payroc.api_url()).unwrap();
    desk.config_set("payroc.identity_url", &payroc.url()).unwrap();
    desk.config_set("payroc.terminal_id", PAYROC_TERMINAL).unwrap();
    Shop { desk, paystack, luxfin, payroc, _dir: dir }
}

fn usd(amount: &str) -> CreateInput {
    CreateInput {
        provider: Some("paystack".into()),
        amount: amount.into(),
        currency: Some("USD".into()),
        email: "ada@example.com".into(),
        description: Some("A cake".into()),
        mode: Some("test".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_like_sale_moments_later_is_refused_until_the_owner_chooses_to_make_it_anyway() {
    let s = shop().await;
    let first = s.desk.create(&usd("25")).await.unwrap();
    let err = s.desk.create(&usd("25.00")).await.unwrap_err();
    assert_eq!((err.kind(), err.link()), ("duplicate", Some(first.id)));
    assert!(err.to_string().contains(&format!("Link {} already asks ada@example.com for USD 25.00", first.id)), "{err}");
    assert_eq!(s.paystack.transactions().len(), 1, "nothing sent");
    assert_eq!(s.desk.list(&Default::default()).unwrap().total, 1, "nothing written");

    // Another amount, or another customer, is another sale.
    s.desk.create(&usd("26")).await.unwrap();
    s.desk.create(&CreateInput { email: "bola@example.com".into(), ..usd("25") }).await.unwrap();

    let again = s.desk.create(&CreateInput { again: true, ..usd("25") }).await.unwrap();
    let sale = s.desk.sale(&again.sale_id.to_string()).unwrap();
    assert_eq!(sale.duplicate_of, Some(first.id), "the choice is recorded on the sale");
    assert_ne!(again.sale_id, first.sale_id);
}

#[tokio::test]
async fn a_failed_paystack_usd_sale_fails_over_to_luxfin_with_exactly_one_payable_link() {
    let s = shop().await;
    // This merchant's Paystack account does not take USD: refused, so nothing can be paid there.
    s.paystack.push_fault(
        Route::Initialize,
        Fault::json(400, r#"{"status":false,"message":"Currency not supported by merchant"}"#),
    );
    let err = s.desk.create(&usd("25")).await.unwrap_err();
    let failed_id = err.link().unwrap_or_else(|| s.desk.list(&Default::default()).unwrap().links[0].id);
    let failed = s.desk.get(&failed_id.to_string()).unwrap();
    assert_eq!(failed.status, LinkStatus::Failed);

    let sale = s.desk.sale(&failed.sale_id.to_string()).unwrap();
    let options = s.desk.failover_options(&sale);
    assert!(options.allowed, "{options:?}");
    // USD with a test key: Luxfin and Payroc; never Dojo (GBP, EUR) nor Paystack itself.
    assert_eq!(options.providers, [ProviderId::Payroc, ProviderId::Luxfin]);
    let refused = s.desk.failover(&failed.id.to_string(), "dojo").await.unwrap_err();
    assert_eq!(refused.kind(), "invalid", "{refused}");

    let moved = s.desk.failover(&failed.id.to_string(), "luxfin").await.unwrap();
    assert_eq!((moved.provider, moved.status, moved.sale_id), (ProviderId::Luxfin, LinkStatus::Open, failed.sale_id));
    assert_eq!(moved.url.as_deref(), Some(s.luxfin.orders()[0].order_url.as_str()));
    let sale = s.desk.sale(&failed.sale_id.to_string()).unwrap();
    let payable: Vec<_> = sale.attempts.iter().filter(|l| l.status == LinkStatus::Open).collect();
    assert_eq!(payable.len(), 1, "one payable link: {:?}", sale.attempts);
    assert_eq!((sale.current_link_id, sale.status), (Some(moved.id), LinkStatus::Open));
    assert_eq!(s.luxfin.orders().len(), 1);

    // With a payable link, no further provider is offered or accepted.
    assert!(!s.desk.failover_options(&sale).allowed);
    let twice = s.desk.failover(&moved.id.to_string(), "payroc").await.unwrap_err();
    assert_eq!(twice.kind(), "conflict", "{twice}");
    assert!(s.payroc.links().is_empty());
}

#[tokio::test]
async fn failover_offers_only_providers_whose_limit_takes_the_amount() {
    let s = shop().await;
    s.paystack.push_fault(
        Route::Initialize,
        Fault::json(400, r#"{"status":false,"message":"Currency not supported by merchant"}"#),
    );
    // Two million dollars: within Paystack's 10,000,000, over Payroc's 1,000,000; Luxfin sets none.
    let err = s.desk.create(&usd("2,000,000")).await.unwrap_err();
    let failed_id = err.link().unwrap_or_else(|| s.desk.list(&Default::default()).unwrap().links[0].id);
    let failed = s.desk.get(&failed_id.to_string()).unwrap();
    assert_eq!(failed.status, LinkStatus::Failed);
    let sale = s.desk.sale(&failed.sale_id.to_string()).unwrap();
    assert_eq!(s.desk.failover_options(&sale).providers, [ProviderId::Luxfin]);
    let refused = s.desk.failover(&failed.id.to_string(), "payroc").await.unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Payroc cannot take this sale (it must take USD 2,000,000.00 in one link and have a test key): choose luxfin."
    );
    assert!(s.payroc.requests().is_empty(), "nothing sent to Payroc");
}

#[tokio::test]
async fn a_stuck_sale_is_looked_up_before_another_provider_is_tried() {
    let s = shop().await;
    for _ in 0..3 {
        s.paystack.push_fault(Route::Initialize, Fault::Html { code: 503 });
    }
    let err = s.desk.create(&usd("25")).await.unwrap_err();
    let stuck = s.desk.get(&err.link().expect("the sale is kept").to_string()).unwrap();
    assert_eq!(stuck.status, LinkStatus::Creating);
    assert_eq!(err.headline(), "Paystack is not answering properly right now. The sale is kept: retry it when Paystack is back.");

    let moved = s.desk.failover(&stuck.id.to_string(), "payroc").await.unwrap();
    assert_eq!(s.paystack.hits(Route::Verify), 1, "Paystack was asked first");
    let first = s.desk.get(&stuck.id.to_string()).unwrap();
    assert_eq!(first.status, LinkStatus::Failed);
    assert!(first.last_error.unwrap().contains("never made it"));
    assert_eq!((moved.provider, moved.status), (ProviderId::Payroc, LinkStatus::Open));
    assert_eq!(s.payroc.links().len(), 1);
}

#[tokio::test]
async fn a_stuck_sale_paystack_did_make_is_voided_never_shown_then_replaced() {
    let s = shop().await;
    // Paystack makes it each time but the answer never comes back: the sale is stuck.
    s.paystack.push_fault(Route::Initialize, Fault::ProcessThenDrop);
    s.paystack.push_fault(Route::Verify, Fault::Html { code: 503 });
    s.paystack.push_fault(Route::Verify, Fault::Html { code: 503 });
    s.paystack.push_fault(Route::Verify, Fault::Html { code: 503 });
    let err = s.desk.create(&usd("25")).await.unwrap_err();
    let stuck_id = err.link().expect("kept");
    assert_eq!(s.paystack.transactions().len(), 1);
    let moved = s.desk.failover(&stuck_id.to_string(), "luxfin").await.unwrap();
    let first = s.desk.get(&stuck_id.to_string()).unwrap();
    assert_eq!(first.status, LinkStatus::Failed);
    assert!(first.last_error.as_deref().unwrap().contains("never shown to anyone"), "{:?}", first.last_error);
    assert_eq!(first.url, None, "its page was never known, so never shown");
    assert_eq!(moved.status, LinkStatus::Open);
}

#[tokio::test]
async fn two_payments_for_one_customer_and_amount_are_called_out_with_which_to_refund() {
    let s = shop().await;
    let a = s.desk.create(&usd("25")).await.unwrap();
    let b = s.desk.create(&CreateInput { again: true, ..usd("25") }).await.unwrap();
    for link in [&a, &b] {
        s.paystack.set_status(&link.reference, "success");
        s.desk.verify(&link.reference).await.unwrap();
    }
    let shown = s.desk.details(&a.id.to_string()).unwrap().link;
    let twice = shown.paid_twice.expect("a loud notice on the first");
    assert_eq!((twice.with_link, twice.refund_link), (b.id, b.id));
    assert_eq!(twice.message, format!("Paid twice: links {} and {} were both paid for what looks like one sale. Refund link {}.", a.id, b.id, b.id));
    let fr = paydesk_core::i18n::Lang::from_tag("fr").unwrap();
    assert_eq!(
        paydesk_core::i18n::format(fr, &twice.message_l10n),
        format!("Payée deux fois\u{a0}: les liens {} et {} ont tous deux été payés pour ce qui semble être une seule vente. Remboursez le lien {}.", a.id, b.id, b.id)
    );
    let listed = s.desk.list(&Default::default()).unwrap();
    assert!(listed.links.iter().all(|l| l.paid_twice.is_some()), "both rows carry it");
}

#[tokio::test]
async fn a_sale_nothing_can_pay_can_be_cancelled_and_then_takes_no_other_provider() {
    let s = shop().await;
    s.paystack.push_fault(Route::Initialize, Fault::json(400, r#"{"status":false,"message":"Invalid email"}"#));
    let err = s.desk.create(&usd("25")).await.unwrap_err();
    let id = s.desk.list(&Default::default()).unwrap().links[0].id;
    assert_eq!(err.kind(), "provider");
    let sale = s.desk.cancel_sale(&id.to_string()).await.unwrap();
    assert!(sale.cancelled_at.is_some());
    assert!(!s.desk.failover_options(&sale).allowed);
    assert_eq!(s.desk.failover(&id.to_string(), "luxfin").await.unwrap_err().kind(), "conflict");
    assert_eq!(s.luxfin.hits(LuxfinRoute::Create), 0);

    // An open link's sale cannot be cancelled from here: the link could still be paid.
    let open = s.desk.create(&CreateInput { email: "bola@example.com".into(), ..usd("9") }).await.unwrap();
    assert_eq!(s.desk.cancel_sale(&open.id.to_string()).await.unwrap_err().kind(), "conflict");
}

#[tokio::test]
async fn a_sale_that_never_left_this_machine_fails_over_without_asking_and_is_never_sent_later() {
    let s = shop().await;
    // A socket bound but never listening: every connect is refused, and no one else can take it.
    let closed = tokio::net::TcpSocket::new_v4().unwrap();
    closed.bind(([127, 0, 0, 1], 0).into()).unwrap();
    s.desk.config_set("paystack.base_url", &format!("http://{}", closed.local_addr().unwrap())).unwrap();
    let err = s.desk.create(&usd("25")).await.unwrap_err();
    let id = err.link().expect("kept to be retried");
    assert_eq!(s.desk.get(&id.to_string()).unwrap().status, LinkStatus::Creating);

    let moved = s.desk.failover(&id.to_string(), "luxfin").await.unwrap();
    assert_eq!(moved.status, LinkStatus::Open);
    let old = s.desk.get(&id.to_string()).unwrap();
    assert_eq!(old.status, LinkStatus::Failed, "settled, so no retry can send it after the failover");
    assert!(old.last_error.unwrap().contains("Nothing reached Paystack"));
    // Paystack back: retrying the old attempt is refused, the sale keeps one payable link.
    s.desk.config_set("paystack.base_url", &s.paystack.url()).unwrap();
    assert_eq!(s.desk.retry(&id.to_string()).await.unwrap_err().kind(), "conflict");
    assert!(s.paystack.transactions().is_empty());
}

/// A sale whose sends never left this machine (Paystack's address refuses every connection);
/// its link's id.
async fn never_sent(s: &Shop) -> i64 {
    let closed = tokio::net::TcpSocket::new_v4().unwrap();
    closed.bind(([127, 0, 0, 1], 0).into()).unwrap();
    s.desk.config_set("paystack.base_url", &format!("http://{}", closed.local_addr().unwrap())).unwrap();
    let id = s.desk.create(&usd("25")).await.unwrap_err().link().expect("kept to be retried");
    assert_eq!(s.desk.get(&id.to_string()).unwrap().status, LinkStatus::Creating);
    // The network is back.
    s.desk.config_set("paystack.base_url", &s.paystack.url()).unwrap();
    id
}

/// The shop's history, opened a second time as another process would.
/// A holder of a lease on this till, in this (live) process, or in a process started at `start`.
fn holder(s: &Shop, token: &str, start: Option<String>) -> Holder {
    Holder { token: token.into(), pid: std::process::id(), start, till: s.desk.till_id().into() }
}

fn history(s: &Shop) -> SqliteStore {
    SqliteStore::open(&s._dir.path().join("paydesk.sqlite3")).unwrap()
}

#[tokio::test]
async fn a_cancelled_sale_that_never_reached_its_provider_is_never_sent_later() {
    let s = shop().await;
    let id = never_sent(&s).await;
    let sale = s.desk.cancel_sale(&id.to_string()).await.unwrap();
    assert!(sale.cancelled_at.is_some());
    // Its attempt is settled with it, so History offers no Retry on it.
    let old = s.desk.get(&id.to_string()).unwrap();
    assert_eq!((old.status, old.last_error.as_deref()), (LinkStatus::Failed, Some("Nothing reached Paystack: the sale was cancelled.")));

    let err = s.desk.retry(&id.to_string()).await.unwrap_err();
    assert_eq!((err.kind(), err.to_string()), ("conflict", format!("Link {id} is already failed: there is nothing to retry.")));
    let sale = s.desk.sale(&old.sale_id.to_string()).unwrap();
    assert_eq!(sale.attempts.iter().map(|l| l.status).collect::<Vec<_>>(), [LinkStatus::Failed], "nothing payable on a cancelled sale");
    assert!(s.paystack.transactions().is_empty());
}

#[tokio::test]
async fn an_older_cancelled_sale_left_creating_is_refused_a_retry() {
    let s = shop().await;
    let id = never_sent(&s).await;
    // As an older paydesk cancelled it: the sale cancelled, its attempt left as it was.
    let db = rusqlite::Connection::open(s._dir.path().join("paydesk.sqlite3")).unwrap();
    db.execute("UPDATE sales SET cancelled_at = '2024-05-01T10:00:00.000Z' WHERE id = (SELECT sale_id FROM links WHERE id = ?1)", [id]).unwrap();
    let sale_id = s.desk.get(&id.to_string()).unwrap().sale_id;

    let err = s.desk.retry(&id.to_string()).await.unwrap_err();
    assert_eq!((err.kind(), err.to_string()), ("conflict", format!("Sale {sale_id} was cancelled: start a new sale instead.")));
    assert!(s.paystack.transactions().is_empty());
    // The lease was given back: another refusal says the same, not "being sent".
    assert_eq!(s.desk.retry(&id.to_string()).await.unwrap_err().kind(), "conflict");
}

#[tokio::test]
async fn a_sale_is_not_cancelled_while_a_retry_is_sending_it_and_a_dead_one_blocks_nothing() {
    let s = shop().await;
    let id = never_sent(&s).await;
    let store = history(&s);
    // A retry in another live process has claimed it and is about to send it.
    let pid = std::process::id();
    assert_eq!(store.claim(id, &holder(&s, "a-retry", process_start(pid)), 60).unwrap(), Claim::Taken);
    let err = s.desk.cancel_sale(&id.to_string()).await.unwrap_err();
    assert_eq!(err.kind(), "busy", "{err}");
    assert!(err.to_string().starts_with(&format!("Link {id} is being sent to the provider by another paydesk on this till (process {pid})")), "{err}");
    let link = s.desk.get(&id.to_string()).unwrap();
    assert_eq!(link.status, LinkStatus::Creating);
    assert!(s.desk.sale(&link.sale_id.to_string()).unwrap().cancelled_at.is_none(), "not cancelled");

    // That process died before sending anything: the cancel goes through at once.
    store.release(id, "a-retry").unwrap();
    assert_eq!(store.claim(id, &holder(&s, "dead", Some("another-boot/1".into())), 60).unwrap(), Claim::Taken);
    assert!(s.desk.cancel_sale(&id.to_string()).await.unwrap().cancelled_at.is_some());
    assert_eq!(s.desk.get(&id.to_string()).unwrap().status, LinkStatus::Failed);
}

#[tokio::test]
async fn a_send_whose_lease_a_cancel_took_over_writes_nothing_after() {
    let s = shop().await;
    let id = never_sent(&s).await;
    let store = history(&s);
    // A retry claimed it, then froze past its lease (it ran out); the sale is cancelled meanwhile.
    let pid = std::process::id();
    assert_eq!(store.claim(id, &holder(&s, "frozen", process_start(pid)), -1).unwrap(), Claim::Taken);
    let mut seen = store.get_link(id).unwrap().unwrap();
    store.cancel_sale(seen.sale_id).unwrap();
    // It wakes and marks the link sent before sending it: refused, so nothing is sent.
    seen.sent = true;
    let err = store.save_link(&seen, Some("frozen")).unwrap_err();
    assert_eq!(err.kind(), "busy", "{err}");
    assert!(!store.renew(id, "frozen", 60).unwrap());
    assert_eq!(s.desk.get(&id.to_string()).unwrap().status, LinkStatus::Failed);
}
