//! Verifying links against the local fake Paystack: one, all open, and what goes wrong.

mod support;

use paydesk_core::link::LinkStatus;
use paydesk_fakes::{FakePaystack, Fault, Route};
use std::sync::Mutex;
use support::{desk, sale, KEY};

#[tokio::test]
async fn verify_records_paystacks_word_and_the_change() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("20")).await.unwrap();

    let still = desk.verify(&link.reference).await.unwrap();
    assert_eq!((still.status, still.provider_status.as_deref()), (LinkStatus::Open, Some("abandoned")));
    assert!(still.last_verified_at.is_some());

    assert!(fake.set_status(&link.reference, "success"));
    let paid = desk.verify(&link.id.to_string()).await.unwrap();
    assert_eq!((paid.status, paid.provider_status.as_deref()), (LinkStatus::Paid, Some("success")));
    assert_eq!(paid.last_error, None);
    let last = desk.details(&link.reference).unwrap().events.pop().unwrap();
    assert_eq!((last.from, last.to, last.provider_status.as_deref()), (Some(LinkStatus::Open), LinkStatus::Paid, Some("success")));
}

#[tokio::test]
async fn every_paystack_word_lands_on_the_right_status() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let table = [
        ("ongoing", LinkStatus::Open),
        ("pending", LinkStatus::Open),
        ("processing", LinkStatus::Open),
        ("queued", LinkStatus::Open),
        ("abandoned", LinkStatus::Open),
        ("failed", LinkStatus::Failed),
        ("reversed", LinkStatus::Refunded),
        ("send_otp", LinkStatus::Unknown),
        ("success", LinkStatus::Paid),
    ];
    // A fresh link per word: a status only moves up (a refunded link never reads as open again).
    for (word, want) in table {
        let link = desk.create(&sale("20")).await.unwrap();
        fake.set_status(&link.reference, word);
        let got = desk.verify(&link.reference).await.unwrap();
        assert_eq!((got.status, got.provider_status.as_deref()), (want, Some(word)));
    }
}

#[tokio::test]
async fn an_older_or_unknown_word_never_undoes_a_payment() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("20")).await.unwrap();
    fake.set_status(&link.reference, "success");
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Paid);
    for word in ["abandoned", "send_otp", "failed"] {
        fake.set_status(&link.reference, word);
        let got = desk.verify(&link.reference).await.unwrap();
        assert_eq!((got.status, got.provider_status.as_deref()), (LinkStatus::Paid, Some("success")), "after {word}");
    }
    fake.set_status(&link.reference, "reversed");
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Refunded, "up a rank is taken");
}

#[tokio::test]
async fn a_different_paid_amount_is_said_out_loud() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("20")).await.unwrap();
    fake.update_transaction(&link.reference, |t| {
        t.status = "success".into();
        t.amount = 1500;
    });
    let got = desk.verify(&link.reference).await.unwrap();
    assert_eq!(got.status, LinkStatus::Paid);
    assert_eq!(got.last_error.as_deref(), Some("Paystack reports 15.00 NGN paid, not the 20.00 NGN asked for."));
}

#[tokio::test]
async fn verify_survives_a_5xx_and_reports_a_404_in_paystacks_words() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("20")).await.unwrap();
    fake.push_fault(Route::Verify, Fault::Html { code: 503 });
    fake.push_fault(Route::Verify, Fault::ProcessThenTruncate);
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Open);
    assert_eq!(fake.hits(Route::Verify), 3);

    fake.push_fault(Route::Verify, Fault::json(404, r#"{"status":false,"message":"Transaction reference not found"}"#));
    let err = desk.verify(&link.reference).await.unwrap_err();
    assert_eq!(err.to_string(), "Paystack said: Transaction reference not found (HTTP 404)");
    let kept = desk.get(&link.reference).unwrap();
    assert_eq!(kept.status, LinkStatus::Open, "an error never changes what we last knew");
    assert_eq!(kept.last_error.as_deref(), Some("Paystack said: Transaction reference not found (HTTP 404)"));
}

#[tokio::test]
async fn verify_all_open_reports_progress_and_what_changed() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let mut links = vec![];
    for i in 1..=6 {
        links.push(desk.create(&sale(&i.to_string())).await.unwrap());
    }
    fake.set_status(&links[1].reference, "success");
    fake.set_status(&links[4].reference, "failed");
    fake.set_status(&links[5].reference, "success");
    desk.verify(&links[5].reference).await.unwrap(); // already paid: no longer open

    let seen = Mutex::new(vec![]);
    let summary = desk.verify_open(|p| seen.lock().unwrap().push((p.done, p.total))).await.unwrap();
    assert_eq!(summary.checked, 5);
    let changed: Vec<_> = summary.changed.iter().map(|c| (c.id, c.to)).collect();
    assert_eq!(changed, vec![(links[1].id, LinkStatus::Paid), (links[4].id, LinkStatus::Failed)]);
    assert!(summary.errors.is_empty());
    assert_eq!(*seen.lock().unwrap(), (0..=5).map(|d| (d, 5)).collect::<Vec<_>>());
}

#[tokio::test]
async fn verifying_a_link_still_being_created_says_to_retry_it() {
    let fake = FakePaystack::start(KEY).await;
    for _ in 0..3 {
        fake.push_fault(Route::Initialize, Fault::json(503, r#"{"status":false,"message":"Service unavailable"}"#));
    }
    let (desk, _dir) = desk(&fake.url());
    desk.create(&sale("5")).await.unwrap_err();
    let err = desk.verify("1").await.unwrap_err();
    assert_eq!(err.kind(), "conflict");
    assert!(err.to_string().contains("retry it"), "{err}");
}
