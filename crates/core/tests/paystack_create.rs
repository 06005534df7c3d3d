//! Creating Paystack links through the use cases, against the local fake Paystack and its faults.

mod support;

use paydesk_core::link::LinkStatus;
use paydesk_core::store::{LinkQuery, ReferenceState};
use paydesk_fakes::{FakePaystack, Fault, PaystackOptions, Route};
use std::time::Duration;
use support::{desk, sale, KEY};

#[tokio::test]
async fn creates_an_open_link_with_the_fakes_checkout_url() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("1,500.50")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(link.amount_minor, 150050);
    let txn = fake.transaction(&link.reference).expect("the fake saw our reference");
    assert_eq!(link.url.as_deref(), Some(format!("{}/checkout/{}", fake.url(), txn.access_code).as_str()));
    assert_eq!(txn.amount, 150050);
    assert_eq!(txn.currency, "NGN");
    assert_eq!(txn.email, "ada@example.com");
    assert_eq!(txn.metadata.unwrap()["description"], "Two loaves");

    let sent = &fake.requests()[0];
    assert_eq!(sent.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(sent.json().unwrap()["amount"], serde_json::json!(150050), "an integer of minor units");
    assert_eq!(fake.hits(Route::Initialize), 1);

    let events = desk.details(&link.id.to_string()).unwrap().events;
    let moves: Vec<_> = events.iter().map(|e| (e.from, e.to)).collect();
    assert_eq!(moves, vec![(None, LinkStatus::Creating), (Some(LinkStatus::Creating), LinkStatus::Open)]);
}

#[tokio::test]
async fn a_500_is_retried_with_the_same_reference() {
    let fake = FakePaystack::start(KEY).await;
    fake.push_fault(Route::Initialize, Fault::json(500, r#"{"status":false,"message":"Internal error"}"#));
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("100")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(Route::Initialize), 2);
    let refs: Vec<String> = fake.requests().iter().map(|r| r.json().unwrap()["reference"].as_str().unwrap().to_string()).collect();
    assert_eq!(refs, vec![link.reference.clone(), link.reference.clone()]);
}

#[tokio::test]
async fn a_timeout_is_looked_up_and_the_unseen_transaction_is_voided_before_a_new_one() {
    let fake = FakePaystack::start(KEY).await;
    // Paystack records the transaction but answers after we stopped waiting.
    fake.push_fault(Route::Initialize, Fault::Delay(Duration::from_secs(3)));
    let (desk, _dir) = desk(&fake.url());
    desk.config_set("http.timeout_secs", "1").unwrap();
    let link = desk.create(&sale("250")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(Route::Verify), 1, "looked up before anything new was made");
    assert_eq!(fake.hits(Route::Initialize), 2);
    let refs = desk.details(&link.id.to_string()).unwrap().references;
    assert_eq!(refs.len(), 2);
    assert_eq!(refs[0].state, ReferenceState::Void);
    assert!(refs[0].note.as_deref().unwrap().contains("answer was lost"), "{:?}", refs[0].note);
    assert_eq!((refs[1].state, refs[1].reference.as_str()), (ReferenceState::Current, link.reference.as_str()));
    assert!(fake.transaction(&refs[0].reference).is_some(), "the history keeps the reference Paystack saw");
    // One sale, one open link: the voided reference is findable but not a second row.
    assert_eq!(desk.get(&refs[0].reference).unwrap().id, link.id);
    let open = desk.list(&LinkQuery { status: Some(LinkStatus::Open), ..Default::default() }).unwrap();
    assert_eq!(open.total, 1);
}

#[tokio::test]
async fn a_dropped_answer_that_never_arrived_is_sent_again_with_the_same_reference() {
    let fake = FakePaystack::start(KEY).await;
    fake.push_fault(Route::Initialize, Fault::Drop);
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("75")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(Route::Verify), 1, "looked up first: the fake had nothing");
    assert_eq!(fake.hits(Route::Initialize), 2);
    assert_eq!(desk.details(&link.id.to_string()).unwrap().references.len(), 1, "same reference reused");
}

#[tokio::test]
async fn truncated_json_is_a_lost_answer() {
    let fake = FakePaystack::start(KEY).await;
    fake.push_fault(Route::Initialize, Fault::ProcessThenTruncate);
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("10")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    let refs = desk.details(&link.id.to_string()).unwrap().references;
    assert_eq!(refs.iter().map(|r| r.state).collect::<Vec<_>>(), vec![ReferenceState::Void, ReferenceState::Current]);
    assert_eq!(fake.transactions().len(), 2);
}

#[tokio::test]
async fn a_duplicate_reference_answer_is_checked_before_sending_again() {
    let fake = FakePaystack::start(KEY).await;
    fake.push_fault(
        Route::Initialize,
        Fault::json(400, r#"{"status":false,"message":"Duplicate Transaction Reference","code":"duplicate_reference"}"#),
    );
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("10")).await.unwrap();
    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(Route::Verify), 1);
    assert_eq!(fake.transactions().len(), 1, "never two payable links for one sale");
}

#[tokio::test]
async fn paystacks_own_words_reach_the_user_and_the_refused_link_is_kept_as_failed() {
    let fake = FakePaystack::start_with(PaystackOptions { currencies: vec!["NGN".into()], ..PaystackOptions::new(KEY) }).await.unwrap();
    let (desk, _dir) = desk(&fake.url());
    let mut usd = sale("10");
    usd.currency = Some("USD".into());
    let err = desk.create(&usd).await.unwrap_err();
    assert_eq!(err.to_string(), "Paystack said: Currency not supported by merchant (HTTP 400)");
    assert_eq!(fake.hits(Route::Initialize), 1, "a 400 is not retried");
    let kept = desk.list(&LinkQuery::default()).unwrap().links;
    assert_eq!(kept[0].status, LinkStatus::Failed);
    assert_eq!(kept[0].last_error.as_deref(), Some("Paystack said: Currency not supported by merchant (HTTP 400)"));
}

#[tokio::test]
async fn an_invalid_key_is_reported_as_paystack_says_it() {
    let fake = FakePaystack::start("sk_test_theotherkey").await;
    let (desk, _dir) = desk(&fake.url());
    let err = desk.create(&sale("10")).await.unwrap_err();
    assert_eq!(err.kind(), "key_refused");
    assert_eq!(
        err.to_string(),
        "Paystack refused the test key (Invalid key): set a new one with `paydesk key set paystack --mode test` or in Settings."
    );
    assert!(!err.to_string().contains(KEY));
}

#[tokio::test]
async fn an_html_error_page_is_retried_then_explained_and_the_sale_can_be_retried() {
    let fake = FakePaystack::start(KEY).await;
    for _ in 0..3 {
        fake.push_fault(Route::Initialize, Fault::Html { code: 502 });
    }
    let (desk, _dir) = desk(&fake.url());
    let err = desk.create(&sale("10")).await.unwrap_err();
    assert!(err.to_string().contains("HTTP 502 with a web page"), "{err}");
    assert_eq!(fake.hits(Route::Initialize), 3);
    let kept = desk.list(&LinkQuery::default()).unwrap().links;
    assert_eq!(kept[0].status, LinkStatus::Creating, "a 5xx may have created it: keep it for a retry");

    let link = desk.retry(&kept[0].id.to_string()).await.unwrap();
    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(Route::Verify), 1, "the retry looked up first");
    assert_eq!(link.reference, kept[0].reference, "not found at Paystack, so the same reference is sent");
}

#[tokio::test]
async fn nothing_listening_keeps_the_sale_retryable_and_nothing_charged() {
    // A socket bound but never listening: the port stays ours for the whole test, so no other
    // process can take it and answer, and every connect to it is refused.
    let closed = tokio::net::TcpSocket::new_v4().unwrap();
    closed.bind(([127, 0, 0, 1], 0).into()).unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    let (desk, _dir) = desk(&url);
    let err = desk.create(&sale("10")).await.unwrap_err();
    assert_eq!(err.kind(), "network");
    assert!(err.to_string().contains("Could not connect to Paystack"), "{err}");
    let link = desk.list(&LinkQuery::default()).unwrap().links[0].clone();
    // Nothing left this machine: the sale stays to be retried, not failed, and says so calmly.
    assert_eq!(link.status, LinkStatus::Creating);
    assert_eq!(err.link(), Some(link.id));
    assert_eq!(
        err.headline(),
        "Paystack did not answer. The sale is kept: retry it when Paystack can be reached."
    );
    assert!(err.details().unwrap().contains("Could not connect to Paystack"));
    // Verify does not ask the provider about a link that was never made.
    assert_eq!(desk.verify(&link.reference).await.unwrap_err().kind(), "conflict");
}

#[tokio::test]
async fn bad_input_writes_nothing_and_sends_nothing() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let cases = [
        (sale("1.234"), "amount"),
        (sale("-3"), "amount"),
        (sale("10000000.01"), "amount"),
        (paydesk_core::desk::CreateInput { email: "not-an-email".into(), ..sale("5") }, "email"),
        (paydesk_core::desk::CreateInput { currency: Some("GBP".into()), ..sale("5") }, "currency"),
        (paydesk_core::desk::CreateInput { provider: Some("stripe".into()), ..sale("5") }, "provider"),
    ];
    for (input, field) in cases {
        let err = desk.create(&input).await.unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
    }
    assert_eq!(desk.list(&LinkQuery::default()).unwrap().total, 0);
    assert_eq!(fake.hits(Route::Initialize) + fake.hits(Route::Verify), 0);
}
