//! Payroc e-mails the link (`sharing-events`) and deactivates it, through the use cases against
//! the local fake Payroc: each call with its own idempotency key, recorded on the link.

mod support;

use paydesk_core::desk::ShareInput;
use paydesk_core::link::LinkStatus;
use paydesk_fakes::{FakePayroc, Fault, PayrocRoute as R};
use serde_json::json;
use support::{payroc_desk, payroc_sale, PAYROC_KEY};

async fn open_link(fake: &FakePayroc) -> (paydesk_core::desk::Desk, tempfile::TempDir, paydesk_core::link::Link) {
    let (desk, dir) = payroc_desk(&fake.api_url(), &fake.url());
    let link = desk.create(&payroc_sale("20")).await.unwrap();
    (desk, dir, link)
}

fn share_to(to: &str, name: Option<&str>, message: Option<&str>) -> ShareInput {
    ShareInput { to: to.into(), name: name.map(str::to_string), message: message.map(str::to_string) }
}

#[tokio::test]
async fn a_share_names_the_recipient_from_the_address_and_shows_on_the_link() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, link) = open_link(&fake).await;
    let op = desk.share(&link.reference, &share_to("ada.lovelace@example.com", None, Some("Thank you!"))).await.unwrap();

    let id = link.provider_id.clone().unwrap();
    let event = fake.link(&id).unwrap().sharing_events[0].clone();
    assert_eq!(event.recipients, vec![("Ada Lovelace".to_string(), "ada.lovelace@example.com".to_string())]);
    assert_eq!((op.kind.as_str(), op.state.as_str()), ("share", "done"));
    assert_eq!(op.result.as_deref(), Some(event.sharing_event_id.as_str()), "Payroc's sharingEventId is kept");

    let sent = &fake.requests_on(R::Share)[0];
    assert_eq!(sent.path, format!("/v1/payment-links/{id}/sharing-events"));
    assert_eq!(
        sent.json().unwrap(),
        json!({
            "sharingMethod": "email",
            "merchantCopy": false,
            "message": "Thank you!",
            "recipients": [{ "name": "Ada Lovelace", "email": "ada.lovelace@example.com" }]
        })
    );
    let key = sent.header("idempotency-key").unwrap();
    assert_eq!(key, op.idempotency_key, "the key recorded before the send");
    assert!(uuid::Uuid::parse_str(key).is_ok_and(|u| u.get_version_num() == 4));
    let create_key = fake.requests_on(R::Create)[0].header("idempotency-key").unwrap().to_string();
    assert_ne!(key, create_key, "a share has its own key");

    let ops = desk.details(&link.reference).unwrap().operations;
    assert_eq!(ops.len(), 1);
    assert!(ops[0].request.contains("ada.lovelace@example.com") && ops[0].request.contains("Ada Lovelace"), "{}", ops[0].request);
}

#[tokio::test]
async fn a_given_name_is_used_and_a_500_is_retried_under_the_same_key_with_one_email_sent() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, link) = open_link(&fake).await;
    fake.push_fault(R::Share, Fault::json(500, r#"{"type":"x","title":"Api error","status":500,"detail":"Unable to process your request at this time"}"#));
    fake.push_fault(R::Share, Fault::ProcessThenTruncate);
    let op = desk.share(&link.id.to_string(), &share_to("g@example.com", Some("Grace Hopper"), None)).await.unwrap();

    assert_eq!(op.state, "done");
    let keys: Vec<_> = fake.requests_on(R::Share).iter().map(|r| r.header("idempotency-key").unwrap().to_string()).collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| *k == op.idempotency_key), "{keys:?}");
    let events = fake.link(link.provider_id.as_deref().unwrap()).unwrap().sharing_events;
    assert_eq!(events.len(), 1, "the cut answer was replayed, not sent twice");
    assert_eq!(events[0].recipients[0].0, "Grace Hopper");
    assert!(fake.requests_on(R::Share)[2].json().unwrap().get("message").is_none(), "no message: none sent");
}

#[tokio::test]
async fn a_refused_share_is_recorded_as_failed_in_payrocs_words() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, link) = open_link(&fake).await;
    fake.set_status(link.provider_id.as_deref().unwrap(), "deactivated"); // from Payroc's own dashboard
    let err = desk.share(&link.reference, &share_to("ada@example.com", None, None)).await.unwrap_err();
    assert_eq!(err.to_string(), "Payroc said: The payment link is deactivated and can't be shared (HTTP 409)");
    let op = &desk.details(&link.reference).unwrap().operations[0];
    assert_eq!((op.state.as_str(), op.error.as_deref()), ("failed", Some(err.to_string().as_str())));
}

#[tokio::test]
async fn cancel_deactivates_the_link_under_its_own_key() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, link) = open_link(&fake).await;
    let cancelled = desk.cancel(&link.reference).await.unwrap();

    assert_eq!((cancelled.status, cancelled.provider_status.as_deref()), (LinkStatus::Cancelled, Some("deactivated")));
    let id = link.provider_id.clone().unwrap();
    assert_eq!(fake.link(&id).unwrap().status, "deactivated");
    let sent = &fake.requests_on(R::Deactivate)[0];
    assert_eq!(sent.path, format!("/v1/payment-links/{id}/deactivate"));
    assert_eq!(sent.body, "");
    let op = &desk.details(&link.reference).unwrap().operations[0];
    assert_eq!((op.kind.as_str(), op.state.as_str()), ("cancel", "done"));
    assert_eq!(sent.header("idempotency-key"), Some(op.idempotency_key.as_str()));

    let again = desk.cancel(&link.reference).await.unwrap_err();
    assert_eq!(again.kind(), "conflict", "nothing left to cancel: {again}");
    assert_eq!(fake.hits(R::Deactivate), 1);
}

#[tokio::test]
async fn a_link_deactivated_elsewhere_is_simply_cancelled_here() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, link) = open_link(&fake).await;
    fake.set_status(link.provider_id.as_deref().unwrap(), "deactivated");
    let cancelled = desk.cancel(&link.reference).await.unwrap();
    assert_eq!(cancelled.status, LinkStatus::Cancelled);
    assert_eq!((fake.hits(R::Deactivate), fake.hits(R::Retrieve)), (1, 1), "refused as not active, then looked at");
}

#[tokio::test]
async fn a_paid_link_cannot_be_cancelled_and_payroc_says_why() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, link) = open_link(&fake).await;
    fake.set_status(link.provider_id.as_deref().unwrap(), "completed");
    let err = desk.cancel(&link.reference).await.unwrap_err();
    assert_eq!(err.to_string(), "Payroc said: The payment link is completed and can't be deactivated (HTTP 409)");
    assert_eq!(desk.get(&link.reference).unwrap().status, LinkStatus::Open, "verify, not cancel, records the payment");
}

#[tokio::test]
async fn a_lost_deactivate_answer_is_asked_for_again_and_replayed() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir, link) = open_link(&fake).await;
    fake.push_fault(R::Deactivate, Fault::ProcessThenDrop);
    let cancelled = desk.cancel(&link.reference).await.unwrap();
    assert_eq!(cancelled.status, LinkStatus::Cancelled);
    assert_eq!(fake.hits(R::Deactivate), 2);
    let keys: Vec<_> = fake.requests_on(R::Deactivate).iter().map(|r| r.header("idempotency-key").map(str::to_string)).collect();
    assert_eq!(keys[0], keys[1]);
}
