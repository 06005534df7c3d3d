//! Creating Dojo links through the use cases, against the local fake Dojo and its faults.

mod support;

use paydesk_core::desk::CreateInput;
use paydesk_core::link::{LinkStatus, Mode};
use paydesk_core::store::{LinkQuery, ReferenceState};
use paydesk_fakes::{DojoOptions, DojoRoute, FakeDojo, Fault};
use serde_json::json;
use std::time::Duration;
use support::{dojo_desk, dojo_sale, DOJO_KEY};

/// The body of Dojo's ASP.NET validation answers, as the spec's `ProblemDetails` describes them.
const PROBLEM: &str = r#"{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"Reference":["The field Reference must be a string with a maximum length of '60'."],"Customer.EmailAddress":["The EmailAddress field is not a valid e-mail address."]},"traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"}"#;

fn problem(code: u16, body: &str) -> Fault {
    Fault::Status { code, body: body.into(), content_type: "application/problem+json".into() }
}

#[tokio::test]
async fn creates_an_open_link_sending_only_what_the_spec_allows() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("1,500.50")).await.unwrap();

    let intent = &fake.intents()[0];
    assert!(intent.id.starts_with("pi_sandbox_"), "{}", intent.id);
    assert_eq!((link.status, link.provider_status.as_deref()), (LinkStatus::Open, Some("Created")));
    assert_eq!(link.provider_id.as_deref(), Some(intent.id.as_str()), "the pi_ id is what verify and cancel use");
    assert_eq!(link.url, Some(format!("{}/checkout/{}", fake.url(), intent.id)), "Dojo's paymentLink, verbatim");
    assert_eq!(link.mode, Mode::Test, "an sk_sandbox_ key is a test key");
    assert_eq!((intent.amount, intent.currency.as_str(), intent.reference.as_str()), (150050, "GBP", link.reference.as_str()));

    let sent = &fake.requests()[0];
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/payment-intents"));
    assert_eq!(sent.header("authorization"), Some(format!("Basic {DOJO_KEY}").as_str()), "the raw key, not base64");
    assert_eq!(sent.header("version"), Some("2024-02-05"));
    let body = sent.json().unwrap();
    let mut fields: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort();
    assert_eq!(fields, ["amount", "customer", "description", "reference"], "no paymentSource unless a setting asks");
    assert_eq!(body["amount"], json!({ "value": 150050, "currencyCode": "GBP" }));
    assert!(body["amount"]["value"].is_i64(), "an integer of minor units");
    assert_eq!(body["customer"], json!({ "emailAddress": "ada@example.com" }));
    assert_eq!(body["description"], "Two loaves");
    assert_eq!(fake.hits(DojoRoute::Create), 1);
    assert_eq!(fake.hits(DojoRoute::Search) + fake.hits(DojoRoute::Get), 0);

    let moves: Vec<_> = desk.details(&link.reference).unwrap().events.iter().map(|e| (e.from, e.to)).collect();
    assert_eq!(moves, vec![(None, LinkStatus::Creating), (Some(LinkStatus::Creating), LinkStatus::Open)]);
}

#[tokio::test]
async fn the_version_and_payment_source_settings_are_sent() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    desk.config_set("dojo.version", "2025-09-10").unwrap();
    desk.config_set("dojo.payment_source", "payment-links").unwrap();
    let link = desk.create(&CreateInput { currency: Some("EUR".into()), description: None, ..dojo_sale("9.99") }).await.unwrap();

    let sent = fake.requests_on(DojoRoute::Create).remove(0);
    assert_eq!(sent.header("version"), Some("2025-09-10"));
    let body = sent.json().unwrap();
    assert_eq!(body["paymentSource"], "payment-links");
    assert_eq!(body["amount"], json!({ "value": 999, "currencyCode": "EUR" }));
    assert!(body.get("description").is_none(), "no description, no field: {body}");
    let intent = fake.intent(link.provider_id.as_deref().unwrap()).unwrap();
    assert_eq!((intent.version.as_str(), intent.payment_source.as_deref()), ("2025-09-10", Some("payment-links")));
}

#[tokio::test]
async fn without_a_payment_link_in_the_answer_the_checkout_url_is_built() {
    let fake = FakeDojo::start_with(DojoOptions { payment_link: false, ..DojoOptions::new(DOJO_KEY) }).await.unwrap();
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("12")).await.unwrap();
    let id = &fake.intents()[0].id;
    assert_eq!(link.url, Some(format!("https://pay.dojo.tech/checkout/{id}")));
}

#[tokio::test]
async fn a_500_is_retried_with_the_same_reference_and_makes_one_intent() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    fake.push_fault(DojoRoute::Create, problem(500, r#"{"title":"Internal Server Error","status":500}"#));
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("100")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(DojoRoute::Create), 2);
    let refs: Vec<String> =
        fake.requests_on(DojoRoute::Create).iter().map(|r| r.json().unwrap()["reference"].as_str().unwrap().to_string()).collect();
    assert_eq!(refs, vec![link.reference.clone(), link.reference.clone()]);
    assert_eq!(fake.intents().len(), 1, "the 500 made nothing; the retry made the one intent");
    assert_eq!(fake.hits(DojoRoute::Search), 1, "a 500 may hide an intent: looked for before resending");
}

#[tokio::test]
async fn a_timeout_is_searched_for_and_the_intent_dojo_made_is_adopted() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    // Dojo makes the intent but answers after we stopped waiting.
    fake.push_fault(DojoRoute::Create, Fault::Delay(Duration::from_secs(3)));
    let (desk, _dir) = dojo_desk(&fake.url());
    desk.config_set("http.timeout_secs", "1").unwrap();
    let link = desk.create(&dojo_sale("250")).await.unwrap();

    assert_eq!(fake.intents().len(), 1, "exactly one intent: no second one was made");
    let intent = &fake.intents()[0];
    assert_eq!((fake.hits(DojoRoute::Create), fake.hits(DojoRoute::Search)), (1, 1), "searched instead of sending again");
    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(link.provider_id.as_deref(), Some(intent.id.as_str()));
    assert_eq!(link.url, Some(format!("{}/checkout/{}", fake.url(), intent.id)));
    let refs = desk.details(&link.reference).unwrap().references;
    assert_eq!((refs.len(), refs[0].state), (1, ReferenceState::Current), "adopted, not voided");

    let search = fake.requests_on(DojoRoute::Search).remove(0).json().unwrap();
    assert_eq!(search["statuses"], json!(["Created"]));
    assert_eq!(search["cursor"]["limit"], 100);
    assert!(search["startDate"].as_str().unwrap().ends_with('Z'), "{search}");
}

#[tokio::test]
async fn truncated_json_is_a_lost_answer_and_the_intent_is_adopted() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    fake.push_fault(DojoRoute::Create, Fault::ProcessThenTruncate);
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("10")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.intents().len(), 1);
    assert_eq!(link.provider_id, Some(fake.intents()[0].id.clone()));
    assert_eq!((fake.hits(DojoRoute::Create), fake.hits(DojoRoute::Search)), (1, 1));
}

#[tokio::test]
async fn a_send_that_never_arrived_is_searched_then_sent_again_with_the_same_reference() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    fake.push_fault(DojoRoute::Create, Fault::Drop);
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("75")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!((fake.hits(DojoRoute::Create), fake.hits(DojoRoute::Search)), (2, 1), "looked first: Dojo had nothing");
    assert_eq!(fake.intents_with_reference(&link.reference).len(), 1);
    assert_eq!(desk.details(&link.reference).unwrap().references.len(), 1, "same reference reused");
}

#[tokio::test]
async fn a_search_that_fails_keeps_the_sale_and_a_retry_pages_through_to_find_it() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    fake.push_fault(DojoRoute::Create, Fault::ProcessThenDrop);
    for _ in 0..3 {
        fake.push_fault(DojoRoute::Search, Fault::Html { code: 503 });
    }
    let (desk, _dir) = dojo_desk(&fake.url());
    let err = desk.create(&dojo_sale("42")).await.unwrap_err();
    assert_eq!(err.kind(), "network");
    assert!(err.to_string().contains("could not be checked"), "{err}");
    assert!(err.to_string().contains("HTTP 503 with a web page"), "{err}");
    let kept = desk.list(&LinkQuery::default()).unwrap().links.remove(0);
    assert_eq!(kept.status, LinkStatus::Creating, "Dojo may have it: kept for a retry, never sent again blindly");

    // 150 newer intents from other tills push ours onto the second page of the search.
    for n in 0..150 {
        fake.add_intent(&format!("TILL2-{n}"), 500, "GBP");
    }
    let link = desk.retry(&kept.id.to_string()).await.unwrap();
    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(DojoRoute::Search), 3 + 2, "three failed searches, then two pages");
    assert_eq!(fake.hits(DojoRoute::Create), 1);
    assert_eq!(fake.intents_with_reference(&link.reference).len(), 1);
    assert_eq!(link.url, Some(format!("{}/checkout/{}", fake.url(), fake.intents()[0].id)));
}

#[tokio::test]
async fn an_html_error_page_is_retried_then_explained_and_the_sale_can_be_retried() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    for _ in 0..3 {
        fake.push_fault(DojoRoute::Create, Fault::Html { code: 502 });
    }
    let (desk, _dir) = dojo_desk(&fake.url());
    let err = desk.create(&dojo_sale("10")).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "Dojo answered HTTP 502 with a web page instead of data (an outage or a proxy in the way). \
         Dojo may have made the link all the same. The sale is saved as link 1: retry it when Dojo is back."
    );
    assert_eq!(fake.hits(DojoRoute::Create), 3);
    // A 5xx may hide an intent Dojo made: every resend was preceded by a search.
    assert_eq!(fake.hits(DojoRoute::Search), 2);
    let kept = desk.list(&LinkQuery::default()).unwrap().links.remove(0);
    assert_eq!(kept.status, LinkStatus::Creating);

    let link = desk.retry(&kept.id.to_string()).await.unwrap();
    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(DojoRoute::Search), 3, "the retry looked first");
    assert_eq!(link.reference, kept.reference, "not found at Dojo, so the same reference is sent");
    assert_eq!(fake.intents().len(), 1);
}

#[tokio::test]
async fn a_validation_error_shows_dojos_own_words_and_the_link_is_kept_as_failed() {
    let fake = FakeDojo::start_with(DojoOptions { currencies: vec!["GBP".into()], ..DojoOptions::new(DOJO_KEY) }).await.unwrap();
    let (desk, _dir) = dojo_desk(&fake.url());
    let err = desk.create(&CreateInput { currency: Some("EUR".into()), ..dojo_sale("10") }).await.unwrap_err();
    let want = "Dojo said: One or more validation errors occurred. Amount.CurrencyCode: Currency EUR is not supported for this account. (HTTP 400)";
    assert_eq!(err.to_string(), want);
    assert_eq!(fake.hits(DojoRoute::Create), 1, "a 400 is not retried");
    let kept = desk.list(&LinkQuery::default()).unwrap().links.remove(0);
    assert_eq!((kept.status, kept.last_error.as_deref()), (LinkStatus::Failed, Some(want)));

    // Dojo's ASP.NET answer with several fields: every field's words reach the user.
    fake.push_fault(DojoRoute::Create, problem(400, PROBLEM));
    let err = desk.create(&dojo_sale("10")).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "Dojo said: One or more validation errors occurred. Customer.EmailAddress: The EmailAddress field is not a valid e-mail address.; \
         Reference: The field Reference must be a string with a maximum length of '60'. (HTTP 400)"
    );
    assert!(!err.to_string().contains("traceId"), "the trace id is logged, not shown");
}

#[tokio::test]
async fn a_wrong_key_is_reported_as_dojo_says_it_and_never_echoed() {
    let fake = FakeDojo::start("sk_sandbox_theotherkey").await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let err = desk.create(&dojo_sale("10")).await.unwrap_err();
    assert_eq!(err.kind(), "key_refused");
    assert_eq!(
        err.to_string(),
        "Dojo refused the test key (The API key is missing or invalid): set a new one with `paydesk key set dojo --mode test` or in Settings."
    );
    assert!(!err.to_string().contains(DOJO_KEY));
    assert_eq!(fake.hits(DojoRoute::Create), 1, "a 401 is not retried");
    assert_eq!(desk.list(&LinkQuery::default()).unwrap().links[0].status, LinkStatus::Failed);
}

#[tokio::test]
async fn a_success_without_an_intent_id_is_a_lost_answer() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    fake.push_fault(DojoRoute::Create, Fault::json(200, r#"{"status":"Created"}"#));
    let (desk, _dir) = dojo_desk(&fake.url());
    let link = desk.create(&dojo_sale("3")).await.unwrap();
    // Nothing was made by the faulted call, so the search finds nothing and the same reference goes again.
    assert_eq!((fake.hits(DojoRoute::Create), fake.hits(DojoRoute::Search)), (2, 1));
    assert_eq!(link.provider_id, Some(fake.intents()[0].id.clone()));
}

#[tokio::test]
async fn bad_input_and_other_currencies_write_nothing_and_send_nothing() {
    let fake = FakeDojo::start(DOJO_KEY).await;
    let (desk, _dir) = dojo_desk(&fake.url());
    let cases = [
        (CreateInput { currency: Some("NGN".into()), ..dojo_sale("5") }, "currency", "Dojo does not take NGN: use GBP, EUR."),
        (CreateInput { currency: Some("USD".into()), ..dojo_sale("5") }, "currency", "Dojo does not take USD: use GBP, EUR."),
        (dojo_sale("1000000.01"), "amount", ""),
        (dojo_sale("0"), "amount", ""),
    ];
    for (input, field, words) in cases {
        let err = desk.create(&input).await.unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(err.to_string().contains(words), "{err}");
    }
    assert!(desk.create(&dojo_sale("1000000")).await.is_ok(), "one million is the most one link may ask for");
    assert_eq!(desk.list(&LinkQuery::default()).unwrap().total, 1);
    assert_eq!(fake.hits(DojoRoute::Create), 1);
}
