//! Paystack refunds against the local fake: queued then processed (re-read by verify, one link's
//! or every pending one by verify-all), and the
//! fault matrix of a create — lost answers, 5xx, 429, a refused key — never making two refunds.

mod support;

use paydesk_core::desk::{Desk, RefundInput};
use paydesk_core::link::LinkStatus;
use paydesk_core::store::RefundState;
use paydesk_fakes::{FakePaystack, Fault, Route};
use std::time::Duration;
use support::{desk, sale, KEY};

async fn paid(fake: &FakePaystack, desk: &Desk, amount: &str) -> String {
    let link = desk.create(&sale(amount)).await.unwrap();
    fake.set_status(&link.reference, "success");
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Paid);
    link.reference
}

fn part(a: &str) -> RefundInput {
    RefundInput { amount: Some(a.into()), reason: Some("Short by one loaf".into()), ..Default::default() }
}

#[tokio::test]
async fn a_partial_refund_is_queued_then_verify_finds_it_processed() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let reference = paid(&fake, &desk, "100").await;
    let done = desk.refund(&reference, &part("40"), None).await.unwrap();
    assert_eq!((done.refund.state, done.refund.provider_status.as_deref()), (RefundState::Pending, Some("pending")));
    assert_eq!((done.link.status, done.link.refunded_minor, done.link.refundable_minor), (LinkStatus::Paid, 0, 6000));
    let sent = fake.requests().into_iter().find(|r| r.route.as_deref() == Some("refund")).unwrap().json().unwrap();
    assert_eq!(sent["transaction"], reference.as_str());
    assert_eq!(sent["amount"], 4000);
    assert_eq!(sent["currency"], "NGN");
    assert_eq!(sent["customer_note"], "Short by one loaf");
    assert_eq!(sent["merchant_note"], format!("paydesk refund {}", done.refund.reference));

    let id = fake.refunds()[0].id;
    assert!(fake.set_refund_status(id, "processed"));
    let after = desk.verify(&reference).await.unwrap();
    assert_eq!((after.status, after.refunded_minor, after.refundable_minor), (LinkStatus::PartiallyRefunded, 4000, 6000));
    let d = desk.details(&reference).unwrap();
    assert_eq!((d.refunds[0].state, d.refunds[0].provider_refund_id.clone()), (RefundState::Processed, Some(id.to_string())));
    assert_eq!(fake.hits(Route::FetchRefund), 1, "the pending refund was read again by its id");

    // The rest: Paystack reverses the transaction, and verify then says refunded.
    let rest = desk.refund(&reference, &RefundInput::default(), None).await.unwrap();
    assert_eq!(rest.refund.amount_minor, 6000);
    fake.set_refund_status(fake.refunds()[1].id, "processed");
    assert_eq!(desk.verify(&reference).await.unwrap().status, LinkStatus::Refunded);
    assert_eq!(fake.refunds().len(), 2);
}

#[tokio::test]
async fn a_lost_answer_is_looked_up_and_never_refunded_twice() {
    for fault in [Fault::ProcessThenDrop, Fault::ProcessThenTruncate, Fault::Delay(Duration::from_millis(1500))] {
        let fake = FakePaystack::start(KEY).await;
        let (desk, _dir) = desk(&fake.url());
        desk.config_set("http.timeout_secs", "1").unwrap();
        let reference = paid(&fake, &desk, "100").await;
        fake.push_fault(Route::Refund, fault.clone());
        let done = desk.refund(&reference, &part("25"), None).await.unwrap();
        assert_eq!(fake.refunds().len(), 1, "{fault:?}: one refund at Paystack");
        assert_eq!(fake.hits(Route::Refund), 1, "{fault:?}: sent once, then looked up");
        assert!(fake.hits(Route::ListRefunds) >= 1, "{fault:?}");
        assert_eq!(done.refund.provider_refund_id, Some(fake.refunds()[0].id.to_string()));
        assert_eq!(done.link.refundable_minor, 7500);
    }
}

#[tokio::test]
async fn a_server_error_is_looked_up_then_sent_again_once() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let reference = paid(&fake, &desk, "100").await;
    fake.push_fault(Route::Refund, Fault::json(500, r#"{"status":false,"message":"Internal error"}"#));
    fake.push_fault(Route::Refund, Fault::json(429, r#"{"status":false,"message":"Too many requests"}"#));
    let done = desk.refund(&reference, &part("10"), None).await.unwrap();
    assert_eq!(done.refund.state, RefundState::Pending);
    assert_eq!(fake.refunds().len(), 1);
    assert_eq!(fake.hits(Route::Refund), 3, "500 (looked up: not there), 429, then made");
    assert_eq!(fake.hits(Route::ListRefunds), 1);
}

#[tokio::test]
async fn a_refused_refund_frees_its_amount_and_a_refused_key_says_how_to_fix_it() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let reference = paid(&fake, &desk, "100").await;
    fake.push_fault(Route::Refund, Fault::json(401, r#"{"status":false,"message":"Invalid key"}"#));
    let err = desk.refund(&reference, &part("10"), None).await.unwrap_err();
    assert_eq!(err.kind(), "key_refused");
    fake.push_fault(Route::Refund, Fault::json(400, r#"{"status":false,"message":"Insufficient balance to fulfill this refund. Please top up."}"#));
    let err = desk.refund(&reference, &part("10"), None).await.unwrap_err();
    assert!(err.to_string().contains("Insufficient balance"), "{err}");
    let link = desk.get(&reference).unwrap();
    assert_eq!((link.refundable_minor, link.refunded_minor), (10_000, 0), "failed refunds free their amount");
    assert!(desk.details(&reference).unwrap().refunds.iter().all(|r| r.state == RefundState::Failed));
    assert!(fake.refunds().is_empty());
}

#[tokio::test]
async fn an_unreachable_lookup_keeps_the_refund_and_the_next_run_finishes_it_without_a_second() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let reference = paid(&fake, &desk, "100").await;
    fake.push_fault(Route::Refund, Fault::ProcessThenDrop);
    for _ in 0..3 {
        fake.push_fault(Route::ListRefunds, Fault::json(503, r#"{"status":false,"message":"Service unavailable"}"#));
    }
    let err = desk.refund(&reference, &part("30"), None).await.unwrap_err();
    assert_eq!(err.kind(), "network", "{err}");
    assert!(err.to_string().contains("run the refund of link"), "{err}");
    let kept = desk.details(&reference).unwrap().refunds;
    assert_eq!(kept[0].state, RefundState::Sending);
    assert_eq!(desk.get(&reference).unwrap().refundable_minor, 7000, "still reserved");
    // Another amount is refused until this one is settled.
    assert_eq!(desk.refund(&reference, &part("5"), None).await.unwrap_err().kind(), "conflict");
    let done = desk.refund(&reference, &RefundInput::default(), None).await.unwrap();
    assert_eq!((done.refund.id, done.refund.reference.as_str()), (kept[0].id, kept[0].reference.as_str()));
    assert_eq!(fake.refunds().len(), 1, "found, not sent again");
    assert_eq!(fake.hits(Route::Refund), 1);
}

#[tokio::test]
async fn verify_all_reads_pending_refunds_again_each_on_its_own() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    // One request at a time: the fault below is then the first link's.
    desk.config_set("verify.concurrency", "1").unwrap();
    let (a, b) = (paid(&fake, &desk, "100").await, paid(&fake, &desk, "200").await);
    let (ra, rb) = (desk.refund(&a, &part("40"), None).await.unwrap(), desk.refund(&b, &part("50"), None).await.unwrap());
    assert_eq!((ra.refund.state, rb.refund.state), (RefundState::Pending, RefundState::Pending));

    // Still pending at Paystack: read, nothing settled, nothing wrong.
    let first = desk.verify_open(|_| {}).await.unwrap();
    assert_eq!((first.checked, first.refunds_checked), (0, 2));
    assert!(first.refunds.is_empty() && first.changed.is_empty() && first.errors.is_empty(), "{first:?}");
    assert_eq!(fake.hits(Route::FetchRefund), 2);

    // Both processed now; the first link's read is refused, the second is settled all the same.
    for r in fake.refunds() {
        fake.set_refund_status(r.id, "processed");
    }
    fake.push_fault(Route::FetchRefund, Fault::json(401, r#"{"status":false,"message":"Invalid key"}"#));
    let second = desk.verify_open(|_| {}).await.unwrap();
    let (ida, idb) = (ra.link.id, rb.link.id);
    assert_eq!(second.errors.len(), 1, "{second:?}");
    assert_eq!(second.errors[0].0, ida);
    assert!(second.errors[0].1.starts_with(&format!("refund {}: Paystack refused the test key (Invalid key)", ra.refund.reference)), "{:?}", second.errors);
    // the same for the window, in French: the refund's words and the refused key's, both French
    let fr = paydesk_core::i18n::Lang::from_tag("fr").unwrap();
    assert_eq!(second.errors_l10n.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![ida]);
    let said = paydesk_core::i18n::format(fr, &second.errors_l10n[0].1);
    assert!(said.starts_with(&format!("remboursement {}\u{a0}: Paystack a refusé la clé de test", ra.refund.reference)), "{said}");
    let settled: Vec<(i64, &str, RefundState)> = second.refunds.iter().map(|r| (r.link_id, r.reference.as_str(), r.to)).collect();
    assert_eq!(settled, vec![(idb, rb.refund.reference.as_str(), RefundState::Processed)]);
    assert_eq!(second.changed.iter().map(|c| (c.id, c.from, c.to)).collect::<Vec<_>>(), vec![(idb, LinkStatus::Paid, LinkStatus::PartiallyRefunded)]);
    assert_eq!(desk.get(&a).unwrap().status, LinkStatus::Paid, "unread, so unchanged");

    // The next run finishes the first, and asks nothing about the second.
    let third = desk.verify_open(|_| {}).await.unwrap();
    assert_eq!(third.refunds_checked, 1);
    assert!(third.errors.is_empty(), "{third:?}");
    assert_eq!(third.changed.iter().map(|c| (c.id, c.to)).collect::<Vec<_>>(), vec![(ida, LinkStatus::PartiallyRefunded)]);
    assert_eq!((desk.get(&a).unwrap().refunded_minor, desk.get(&b).unwrap().refunded_minor), (4000, 5000));

    // The rest of the second: pending, then processed, and verify-all says refunded.
    let rest = desk.refund(&b, &RefundInput::default(), None).await.unwrap();
    assert_eq!(rest.refund.state, RefundState::Pending);
    fake.set_refund_status(fake.refunds().last().unwrap().id, "processed");
    let last = desk.verify_open(|_| {}).await.unwrap();
    assert_eq!(last.changed.iter().map(|c| (c.id, c.to)).collect::<Vec<_>>(), vec![(idb, LinkStatus::Refunded)]);
    assert_eq!(desk.get(&b).unwrap().status, LinkStatus::Refunded);
    assert_eq!(fake.refunds().len(), 3, "read again, never sent again");
}

#[tokio::test]
async fn a_resend_refused_after_a_lost_answer_keeps_the_refund_rather_than_free_its_amount() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let reference = paid(&fake, &desk, "100").await;
    // Paystack makes the refund and the answer is lost; its list does not show it yet; the resend
    // is refused because the money already went back.
    fake.push_fault(Route::Refund, Fault::ProcessThenDrop);
    fake.push_fault(Route::ListRefunds, Fault::json(200, r#"{"status":true,"message":"Refunds retrieved","data":[],"meta":{"total":0,"page":1,"pageCount":1}}"#));
    fake.push_fault(Route::Refund, Fault::json(400, r#"{"status":false,"message":"Transaction has been fully reversed"}"#));
    let err = desk.refund(&reference, &RefundInput::default(), None).await.unwrap_err();
    assert!(err.to_string().contains("The refund is kept"), "{err}");
    let kept = desk.details(&reference).unwrap().refunds;
    assert_eq!(kept[0].state, RefundState::Sending, "not failed: it may have been made");
    assert_eq!(desk.get(&reference).unwrap().refundable_minor, 0, "its amount stays reserved: nothing can be given back twice");
    // Run again: found this time, settled, and never sent a third time.
    let done = desk.refund(&reference, &RefundInput::default(), None).await.unwrap();
    assert_eq!((done.refund.id, fake.refunds().len(), fake.hits(Route::Refund)), (kept[0].id, 1, 2));
}
