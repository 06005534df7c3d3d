//! Payroc refunds against the local fake: a payment in the open batch is reversed, one in a
//! closed batch refunded, each under its Idempotency-Key, and the fault matrix never makes two.

mod support;

use paydesk_core::desk::{Desk, RefundInput};
use paydesk_core::link::LinkStatus;
use paydesk_core::store::RefundState;
use paydesk_fakes::{FakePayroc, Fault, PayrocRoute as R};
use std::time::Duration;
use support::{payroc_desk, payroc_sale, PAYROC_KEY};

async fn paid(fake: &FakePayroc) -> (Desk, tempfile::TempDir, String, String) {
    let (desk, dir) = payroc_desk(&fake.api_url(), &fake.url());
    let link = desk.create(&payroc_sale("49.99")).await.unwrap();
    let id = link.provider_id.clone().unwrap();
    fake.set_status(&id, "completed");
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Paid);
    (desk, dir, link.reference, id)
}

fn part(a: &str) -> RefundInput {
    RefundInput { amount: Some(a.into()), reason: Some("Returned".into()), ..Default::default() }
}

#[tokio::test]
async fn an_open_batch_is_reversed_and_a_closed_one_refunded() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, reference, id) = paid(&fake).await;
    let reversed = desk.refund(&reference, &part("9.99"), None).await.unwrap();
    assert_eq!((reversed.refund.method.as_deref(), reversed.refund.state), (Some("reversal"), RefundState::Processed));
    let payment = fake.link(&id).unwrap().payments[0].clone();
    assert_eq!(reversed.refund.provider_refund_id.as_deref(), Some(payment.payment_id.as_str()));
    let sent = &fake.requests_on(R::Reverse)[0];
    assert_eq!(sent.path, format!("/v1/payments/{}/reverse", payment.payment_id));
    assert_eq!(sent.json().unwrap(), serde_json::json!({"amount": 999}));
    assert_eq!(sent.header("Idempotency-Key"), Some(reversed.refund.idempotency_key.as_str()));

    fake.close_batch(&id);
    let refunded = desk.refund(&reference, &part("10"), None).await.unwrap();
    assert_eq!((refunded.refund.method.as_deref(), refunded.refund.state), (Some("refund"), RefundState::Processed));
    let sent = &fake.requests_on(R::Refund)[0];
    assert_eq!(sent.json().unwrap(), serde_json::json!({"amount": 1000, "description": "Returned"}));
    let made = &fake.link(&id).unwrap().payments[0].refunds[0];
    assert_eq!(refunded.refund.provider_refund_id.as_deref(), Some(made.refund_id.as_str()));
    assert_eq!((refunded.link.status, refunded.link.refunded_minor, refunded.link.refundable_minor), (LinkStatus::PartiallyRefunded, 1999, 3000));
}

#[tokio::test]
async fn lost_answers_and_server_errors_never_make_two_refunds() {
    for fault in [Fault::ProcessThenDrop, Fault::Delay(Duration::from_millis(1500)), Fault::Html { code: 502 }] {
        let fake = FakePayroc::start(PAYROC_KEY).await;
        let (desk, _dir, reference, id) = paid(&fake).await;
        desk.config_set("http.timeout_secs", "1").unwrap();
        fake.close_batch(&id);
        fake.controls().push_fault("refund", fault.clone());
        let done = desk.refund(&reference, &part("5"), None).await.unwrap();
        assert_eq!(fake.link(&id).unwrap().payments[0].refunds.len(), 1, "{fault:?}: one refund at Payroc");
        assert_eq!(done.link.refundable_minor, 4499, "{fault:?}");
        let keys: Vec<_> = fake.requests_on(R::Refund).iter().map(|r| r.header("Idempotency-Key").map(str::to_string)).collect();
        assert!(keys.iter().all(|k| k.as_deref() == Some(done.refund.idempotency_key.as_str())), "{fault:?}");
    }
}

#[tokio::test]
async fn a_refused_refund_frees_its_amount() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, reference, id) = paid(&fake).await;
    fake.close_batch(&id);
    fake.controls().push_fault("refund", Fault::json(409, r#"{"type":"x","title":"Conflict","status":409,"detail":"The payment can't be refunded"}"#));
    let err = desk.refund(&reference, &part("5"), None).await.unwrap_err();
    assert!(err.to_string().contains("can't be refunded"), "{err}");
    assert_eq!(desk.get(&reference).unwrap().refundable_minor, 4999);
}

/// A request that passes untouched: faults queue per route, and this one only holds a place.
fn pass() -> Fault {
    Fault::Delay(Duration::ZERO)
}

/// `GET /payments` as a lagging list shows it: the paid payment in its closed batch, no refund yet.
fn lagging_list(payment_id: &str) -> Fault {
    let page = serde_json::json!({"limit": 100, "count": 1, "hasMore": false, "links": [], "data": [{
        "paymentId": payment_id, "transactionResult": {"type": "sale", "status": "complete", "responseCode": "A"},
        "refunds": [], "supportedOperations": ["refund"]}]});
    Fault::json(200, page.to_string())
}

/// The API refuses the bearer token and the identity service is down: the resend never leaves.
/// The batch closed, then a refund Payroc makes whose answer is lost; the payment's id.
fn made_after_close_answer_lost(fake: &FakePayroc, id: &str) -> String {
    fake.close_batch(id);
    fake.push_fault(R::Refund, Fault::ProcessThenDrop);
    fake.push_fault(R::Payments, pass());
    fake.link(id).unwrap().payments[0].payment_id.clone()
}

fn resend_cannot_leave(fake: &FakePayroc) {
    let refused = r#"{"type":"https://docs.payroc.com/api/errors#not-authorized","title":"Not Authorized","status":401,"detail":"Your identity could not be verified"}"#;
    fake.push_fault(R::Payments, Fault::json(401, refused));
    for _ in 0..3 {
        fake.push_fault(R::Authorize, Fault::json(503, r#"{"error":"temporarily_unavailable"}"#));
    }
}

#[tokio::test]
async fn a_refund_that_may_have_arrived_is_kept_when_its_resend_cannot_leave() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, reference, id) = paid(&fake).await;
    // Round 1: made at Payroc, its answer lost. Round 2: the list lags, the resend cannot leave.
    let payment_id = made_after_close_answer_lost(&fake, &id);
    fake.push_fault(R::Payments, lagging_list(&payment_id));
    resend_cannot_leave(&fake);
    let err = desk.refund(&reference, &part("5"), None).await.unwrap_err();
    assert_eq!(err.kind(), "network", "{err}");
    assert_eq!(fake.link(&id).unwrap().payments[0].refunds.len(), 1, "Payroc gave the money back");
    let kept = &desk.details(&reference).unwrap().refunds[0];
    assert_eq!(kept.state, RefundState::Sending, "never failed: {:?}", kept.error);
    assert_eq!(desk.get(&reference).unwrap().refundable_minor, 4499, "its amount stays reserved");
    // Once Payroc can be reached, running it again finds it: still one refund.
    let done = desk.refund(&reference, &RefundInput::default(), None).await.unwrap();
    assert_eq!((done.refund.id, done.refund.state), (kept.id, RefundState::Processed));
    assert_eq!(fake.link(&id).unwrap().payments[0].refunds.len(), 1);
    assert_eq!(fake.requests_on(R::Refund).len(), 1);
}

#[tokio::test]
async fn a_resumed_refund_is_kept_when_its_resend_cannot_leave() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, reference, id) = paid(&fake).await;
    // Made at Payroc, its answer lost, and it could not be checked: kept for the next run.
    let payment_id = made_after_close_answer_lost(&fake, &id);
    for _ in 0..3 {
        fake.push_fault(R::Payments, Fault::Html { code: 503 });
    }
    assert_eq!(desk.refund(&reference, &part("5"), None).await.unwrap_err().kind(), "network");
    // The next run (another process, say) resumes it: the list lags, the resend cannot leave.
    fake.push_fault(R::Payments, lagging_list(&payment_id));
    resend_cannot_leave(&fake);
    let err = desk.refund(&reference, &RefundInput::default(), None).await.unwrap_err();
    assert_eq!(err.kind(), "network", "{err}");
    let kept = &desk.details(&reference).unwrap().refunds[0];
    assert_eq!(kept.state, RefundState::Sending, "never failed: {:?}", kept.error);
    assert_eq!(desk.get(&reference).unwrap().refundable_minor, 4499);
    let done = desk.refund(&reference, &RefundInput::default(), None).await.unwrap();
    assert_eq!((done.refund.id, done.refund.state), (kept.id, RefundState::Processed));
    assert_eq!((fake.link(&id).unwrap().payments[0].refunds.len(), fake.requests_on(R::Refund).len()), (1, 1));
}

#[tokio::test]
async fn a_partial_reversal_whose_answer_was_lost_is_never_failed_after_its_batch_closed() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, reference, id) = paid(&fake).await;
    // Reversed at Payroc while the batch was open, its answer lost, and it could not be checked.
    fake.push_fault(R::Reverse, Fault::ProcessThenDrop);
    fake.push_fault(R::Payments, pass());
    for _ in 0..3 {
        fake.push_fault(R::Payments, Fault::Html { code: 503 });
    }
    assert_eq!(desk.refund(&reference, &part("9.99"), None).await.unwrap_err().kind(), "network");
    let key = desk.details(&reference).unwrap().refunds[0].idempotency_key.clone();
    fake.close_batch(&id);

    // Now Payroc offers a refund: sent under the same key, it answers 409 "Idempotency-Key in
    // use". That says the earlier send arrived; while it cannot be read back, the refund is kept.
    for _ in 0..3 {
        fake.push_fault(R::Reverse, Fault::Html { code: 502 });
    }
    let err = desk.refund(&reference, &RefundInput::default(), None).await.unwrap_err();
    assert_eq!(err.kind(), "network", "{err}");
    assert_eq!(desk.details(&reference).unwrap().refunds[0].state, RefundState::Sending);
    assert_eq!(desk.get(&reference).unwrap().refundable_minor, 4000, "its amount stays reserved");

    // Once it can be: the reversal, replayed under its key, is what was done.
    let done = desk.refund(&reference, &RefundInput::default(), None).await.unwrap();
    assert_eq!((done.refund.state, done.refund.method.as_deref()), (RefundState::Processed, Some("reversal")));
    assert_eq!((done.link.status, done.link.refunded_minor, done.link.refundable_minor), (LinkStatus::PartiallyRefunded, 999, 4000));
    let payment = fake.link(&id).unwrap().payments[0].clone();
    assert_eq!((payment.reversed, payment.refunds.len()), (999, 0), "reversed once, never refunded");
    let sent = fake.requests().into_iter().filter(|r| matches!(r.route.as_deref(), Some("refund" | "reverse")));
    assert!(sent.clone().all(|r| r.header("Idempotency-Key") == Some(key.as_str())));
    assert!(sent.filter(|r| r.route.as_deref() == Some("reverse")).all(|r| r.json().unwrap() == serde_json::json!({"amount": 999})));
}
