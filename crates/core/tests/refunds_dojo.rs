//! Dojo refunds against the local fake: the spec's `idempotencyKey` header and body, processed at
//! once, and the fault matrix never making two refunds.

mod support;

use paydesk_core::desk::{Desk, RefundInput};
use paydesk_core::link::LinkStatus;
use paydesk_core::store::RefundState;
use paydesk_fakes::{DojoRoute, FakeDojo, Fault};
use std::time::Duration;
use support::{dojo_desk, dojo_sale, DOJO_KEY};

async fn paid(fake: &FakeDojo, desk: &Desk) -> (String, String) {
    let link = desk.create(&dojo_sale("50")).await.unwrap();
    let id = link.provider_id.clone().unwrap();
    fake.set_status(&id, "Captured");
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Paid);
    (link.reference, id)
}

fn part(a: &str) -> RefundInput {
    RefundInput { amount: Some(a.into()), reason: Some("Wrong size".into()), ..Default::default() }
}

#[tokio::test]
async fn a_partial_then_full_refund_with_the_specs_header_and_body() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let (reference, intent) = paid(&fake, &desk).await;
    let done = desk.refund(&reference, &part("20"), None).await.unwrap();
    assert_eq!(done.refund.state, RefundState::Processed);
    assert_eq!((done.link.status, done.link.refunded_minor, done.link.refundable_minor), (LinkStatus::PartiallyRefunded, 2000, 3000));
    let sent = fake.requests().into_iter().find(|r| r.route.as_deref() == Some("refund")).unwrap();
    assert_eq!(sent.path, format!("/payment-intents/{intent}/refunds"));
    assert_eq!(sent.header("idempotencyKey"), Some(done.refund.idempotency_key.as_str()));
    assert_eq!(sent.json().unwrap(), serde_json::json!({"amount": 2000, "refundReason": "Wrong size", "notes": format!("paydesk refund {}", done.refund.reference)}));
    assert_eq!(done.refund.provider_refund_id, Some(fake.refunds()[0].refund_id.clone()));
    // Dojo still says Captured (or Refunded with less given back): partially refunded stays.
    assert_eq!(desk.verify(&reference).await.unwrap().status, LinkStatus::PartiallyRefunded);
    let rest = desk.refund(&reference, &RefundInput::default(), None).await.unwrap();
    assert_eq!((rest.link.status, rest.link.refundable_minor), (LinkStatus::Refunded, 0));
    assert_eq!(fake.intent(&intent).unwrap().status, "Refunded");
    assert_eq!(fake.refunds().len(), 2);
}

#[tokio::test]
async fn lost_answers_and_server_errors_never_make_two_refunds() {
    let faults = [
        Fault::ProcessThenDrop,
        Fault::Delay(Duration::from_millis(1500)),
        Fault::json(500, r#"{"title":"Internal Server Error","status":500}"#),
        Fault::json(429, r#"{"title":"Too Many Requests","status":429}"#),
    ];
    for fault in faults {
        let fake = FakeDojo::start(DOJO_KEY).await;
        let (desk, _dir) = dojo_desk(&fake.url());
        desk.config_set("http.timeout_secs", "1").unwrap();
        let (reference, _) = paid(&fake, &desk).await;
        fake.push_fault(DojoRoute::Refund, fault.clone());
        let done = desk.refund(&reference, &part("5"), None).await.unwrap();
        assert_eq!(fake.refunds().len(), 1, "{fault:?}: one refund at Dojo");
        assert_eq!(done.link.refundable_minor, 4500, "{fault:?}");
        let keys: Vec<_> = fake.requests().into_iter().filter(|r| r.route.as_deref() == Some("refund")).map(|r| r.header("idempotencyKey").map(str::to_string)).collect();
        assert!(keys.iter().all(|k| k.as_deref() == Some(done.refund.idempotency_key.as_str())), "{fault:?}: every send carries the same key");
    }
}

#[tokio::test]
async fn a_refused_key_fails_the_refund_and_frees_its_amount() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let (reference, _) = paid(&fake, &desk).await;
    fake.push_fault(DojoRoute::Refund, Fault::json(401, r#"{"title":"Unauthorized","status":401}"#));
    assert_eq!(desk.refund(&reference, &part("5"), None).await.unwrap_err().kind(), "key_refused");
    assert_eq!(desk.get(&reference).unwrap().refundable_minor, 5000);
    assert!(fake.refunds().is_empty());
}
