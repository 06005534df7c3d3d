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
