//! Creating Payroc links through the use cases, against the local fake Payroc (identity service
//! and API) and its faults: the token, the idempotency key, the exact body, and what goes wrong.

mod support;

use paydesk_core::desk::CreateInput;
use paydesk_core::link::{LinkStatus, ProviderId};
use paydesk_core::store::LinkQuery;
use paydesk_fakes::{FakePayroc, Fault, PayrocOptions, PayrocRoute as R};
use serde_json::json;
use std::time::Duration;
use support::{payroc_desk, payroc_sale, PAYROC_KEY};

fn desk(fake: &FakePayroc) -> (paydesk_core::desk::Desk, tempfile::TempDir) {
    payroc_desk(&fake.api_url(), &fake.url())
}

fn is_uuid_v4(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.get_version_num() == 4)
}

/// The `Idempotency-Key` of every request on `route`, in order.
fn keys(fake: &FakePayroc, route: R) -> Vec<String> {
    fake.requests_on(route).iter().map(|r| r.header("idempotency-key").unwrap_or("").to_string()).collect()
}

#[tokio::test]
async fn creates_an_open_link_with_a_token_an_idempotency_key_and_the_specs_body() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    let link = desk.create(&payroc_sale("1,500.50")).await.unwrap();

    let made = &fake.links()[0];
    assert_eq!((link.status, link.provider_status.as_deref()), (LinkStatus::Open, Some("active")));
    assert_eq!(link.provider_id.as_deref(), Some(made.payment_link_id.as_str()));
    assert_eq!(link.url.as_deref(), Some(made.payment_url.as_str()), "assets.paymentUrl, verbatim");

    let auth = &fake.requests_on(R::Authorize)[0];
    assert_eq!(auth.header("x-api-key"), Some(PAYROC_KEY));
    assert_eq!(auth.body, "", "the identity call has no body");
    let sent = &fake.requests_on(R::Create)[0];
    assert_eq!(sent.path, "/v1/processing-terminals/1234001/payment-links");
    assert!(sent.header("authorization").unwrap().starts_with("Bearer fake-payroc-token-"), "{:?}", sent.header("authorization"));
    let key = sent.header("idempotency-key").unwrap();
    assert!(is_uuid_v4(key), "{key}");
    let stored = &desk.details(&link.reference).unwrap().references[0];
    assert_eq!(stored.idempotency_key, key, "the key stored with the link before the send");
    let expires = (chrono::Local::now().date_naive() + chrono::Days::new(7)).format("%Y-%m-%d").to_string();
    let want = json!({
        "type": "singleUse",
        "merchantReference": link.reference,
        "order": {
            "orderId": link.reference,
            "description": "Two loaves",
            "charge": { "type": "preset", "amount": 150050, "currency": "USD" }
        },
        "authType": "sale",
        "paymentMethods": ["card"],
        "expiresOn": expires,
    });
    assert_eq!(sent.json().unwrap(), want);

    let second = desk.create(&payroc_sale("2")).await.unwrap();
    assert_eq!(fake.hits(R::Authorize), 1, "the token is cached between calls");
    assert_ne!(keys(&fake, R::Create)[1], key, "each sale has its own key");
    assert_eq!(second.status, LinkStatus::Open);
}

#[tokio::test]
async fn expiry_days_sets_expires_on() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    desk.config_set("payroc.expiry_days", "30").unwrap();
    desk.create(&payroc_sale("5")).await.unwrap();
    let expires = (chrono::Local::now().date_naive() + chrono::Days::new(30)).format("%Y-%m-%d").to_string();
    assert_eq!(fake.links()[0].expires_on, expires);
}

#[tokio::test]
async fn payrocs_own_words_reach_the_user_and_the_refused_link_is_kept_as_failed() {
    // A terminal set up for US dollars only: a CAD sale is Payroc's to refuse.
    let fake = FakePayroc::start_with(PayrocOptions { currencies: vec!["USD".into()], ..PayrocOptions::new(PAYROC_KEY) }).await.unwrap();
    let (desk, _dir) = desk(&fake);
    let mut cad = payroc_sale("10");
    cad.currency = Some("CAD".into());
    let err = desk.create(&cad).await.unwrap_err();
    let said = "Payroc said: Bad request: order.charge.currency: Currency 'CAD' is not supported by processing terminal 1234001. (HTTP 400)";
    assert_eq!(err.to_string(), said);
    assert_eq!(fake.hits(R::Create), 1, "a 400 is not retried");
    let kept = &desk.list(&LinkQuery::default()).unwrap().links[0];
    assert_eq!((kept.status, kept.last_error.as_deref()), (LinkStatus::Failed, Some(said)));
}

#[tokio::test]
async fn a_key_the_identity_service_refuses_is_explained_and_the_api_is_never_called() {
    let fake = FakePayroc::start("payroc_the_other_key_0000").await;
    let (desk, _dir) = desk(&fake);
    let err = desk.create(&payroc_sale("10")).await.unwrap_err();
    assert_eq!(err.kind(), "key_refused");
    assert_eq!(
        err.to_string(),
        "Payroc refused the test key (Invalid API key; it must be a UAT (test) key): set a new one with `paydesk key set payroc --mode test` or in Settings."
    );
    assert!(!err.to_string().contains(PAYROC_KEY));
    assert_eq!((fake.hits(R::Authorize), fake.hits(R::Create)), (1, 0), "a refused key is not retried");
    assert_eq!(desk.list(&LinkQuery::default()).unwrap().links[0].status, LinkStatus::Failed, "nothing reached the API");
}

#[tokio::test]
async fn a_500_is_retried_with_the_same_idempotency_key_and_reference() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let problem = r#"{"type":"https://docs.payroc.com/api/errors#api-error","title":"Api error","status":500,"detail":"Unable to process your request at this time"}"#;
    fake.push_fault(R::Create, Fault::json(500, problem));
    let (desk, _dir) = desk(&fake);
    let link = desk.create(&payroc_sale("100")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(R::Create), 2);
    let sent = fake.requests_on(R::Create);
    let refs: Vec<_> = sent.iter().map(|r| r.json().unwrap()["merchantReference"].clone()).collect();
    assert_eq!(refs, vec![json!(link.reference), json!(link.reference)]);
    let keys = keys(&fake, R::Create);
    assert_eq!(keys[0], keys[1], "the retry repeats the same key");
    assert_eq!(fake.links().len(), 1);
}

#[tokio::test]
async fn a_timeout_is_asked_for_again_and_payroc_replays_the_same_link() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    // Payroc makes the link but answers after we stopped waiting.
    fake.push_fault(R::Create, Fault::Delay(Duration::from_secs(3)));
    let (desk, _dir) = desk(&fake);
    desk.config_set("http.timeout_secs", "1").unwrap();
    let link = desk.create(&payroc_sale("250")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(R::Create), 2);
    let keys = keys(&fake, R::Create);
    assert_eq!(keys[0], keys[1]);
    assert_eq!(fake.links().len(), 1, "exactly one link at Payroc");
    assert_eq!(link.provider_id.as_deref(), Some(fake.links()[0].payment_link_id.as_str()), "the replayed answer is the first link");
    assert_eq!(desk.details(&link.reference).unwrap().references.len(), 1, "no reference voided: nothing to void");
}

#[tokio::test]
async fn truncated_json_is_asked_for_again_and_replayed() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    fake.push_fault(R::Create, Fault::ProcessThenTruncate);
    let (desk, _dir) = desk(&fake);
    let link = desk.create(&payroc_sale("10")).await.unwrap();
    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!((fake.hits(R::Create), fake.links().len()), (2, 1));
    assert_eq!(link.url.as_deref(), Some(fake.links()[0].payment_url.as_str()));
}

#[tokio::test]
async fn an_html_page_is_retried_then_explained_and_the_retry_sends_the_same_key() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    for _ in 0..3 {
        fake.push_fault(R::Create, Fault::Html { code: 502 });
    }
    let (desk, _dir) = desk(&fake);
    let err = desk.create(&payroc_sale("10")).await.unwrap_err();
    assert!(err.to_string().contains("HTTP 502 with a web page"), "{err}");
    assert_eq!(fake.hits(R::Create), 3);
    let kept = desk.list(&LinkQuery::default()).unwrap().links[0].clone();
    assert_eq!(kept.status, LinkStatus::Creating, "a 5xx may have made it: keep it for a retry");

    let link = desk.retry(&kept.id.to_string()).await.unwrap();
    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(R::List), 1, "looked up by merchant reference first");
    assert_eq!(fake.requests_on(R::List)[0].query, format!("merchantReference={}", kept.reference));
    let keys = keys(&fake, R::Create);
    assert_eq!((keys.len(), keys[3].as_str()), (4, keys[0].as_str()), "the same sale, the same key");
    assert_eq!(fake.links().len(), 1);
}

#[tokio::test]
async fn a_link_whose_answers_were_all_lost_is_found_by_its_reference_not_made_again() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    for _ in 0..3 {
        fake.push_fault(R::Create, Fault::ProcessThenDrop);
    }
    let (desk, _dir) = desk(&fake);
    let err = desk.create(&payroc_sale("42")).await.unwrap_err();
    assert_eq!(err.kind(), "network");
    let kept = desk.list(&LinkQuery::default()).unwrap().links[0].clone();
    assert_eq!(kept.status, LinkStatus::Creating);

    let link = desk.retry(&kept.reference).await.unwrap();
    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(R::Create), 3, "found, so nothing more was sent");
    assert_eq!(fake.links().len(), 1);
    assert_eq!(link.url.as_deref(), Some(fake.links()[0].payment_url.as_str()));
}

#[tokio::test]
async fn a_token_expired_mid_session_is_fetched_again_once_and_the_call_repeated() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    desk.create(&payroc_sale("1")).await.unwrap();
    fake.expire_tokens();
    let second = desk.create(&payroc_sale("2")).await.unwrap();

    assert_eq!(second.status, LinkStatus::Open);
    assert_eq!(fake.hits(R::Authorize), 2, "one new token");
    let sent = fake.requests_on(R::Create);
    assert_eq!(sent.len(), 3, "the refused call, then the same call with the new token");
    assert_ne!(sent[1].header("authorization"), sent[2].header("authorization"));
    assert_eq!(sent[1].header("idempotency-key"), sent[2].header("idempotency-key"));
    assert_eq!(fake.links().len(), 2);
}

#[tokio::test]
async fn a_short_lived_token_is_replaced_before_it_runs_out() {
    let options = PayrocOptions { token_lifetime_secs: 2, ..PayrocOptions::new(PAYROC_KEY) };
    let fake = FakePayroc::start_with(options).await.unwrap();
    let (desk, _dir) = desk(&fake);
    desk.create(&payroc_sale("1")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    desk.create(&payroc_sale("2")).await.unwrap();
    assert_eq!(fake.hits(R::Authorize), 2);
    assert_eq!(fake.hits(R::Create), 2, "refreshed ahead of time: no call was refused");
}

#[tokio::test]
async fn the_same_key_with_another_body_is_a_409_in_clear_words_and_the_same_body_a_replay() {
    use paydesk_core::money::{Currency, Money};
    use paydesk_core::provider::{self, CallError, CreateRequest, ProviderConfig, Shared};
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let options = [("identity_url", fake.url()), ("terminal_id", "1234001".to_string())];
    let config = ProviderConfig {
        base_url: fake.api_url(),
        timeout: Duration::from_secs(5),
        mode: paydesk_core::link::Mode::Test,
        options: options.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    };
    let payroc = provider::build(ProviderId::Payroc, reqwest::Client::new(), config, &Shared::default());
    let key = secrecy::SecretString::from(PAYROC_KEY);
    let idempotency_key = uuid::Uuid::new_v4().to_string();
    let request = |minor| CreateRequest {
        link_id: 1,
        reference: "PD0123456789ABCDEFGHJK",
        idempotency_key: &idempotency_key,
        amount: Money { minor, currency: Currency::USD },
        customer_email: "ada@example.com",
        description: None,
        merchant_name: None,
        recorded_at: chrono::Utc::now(),
    };
    let first = payroc.create(&key, &request(1000)).await.unwrap();
    let again = payroc.create(&key, &request(1000)).await.unwrap();
    assert_eq!(again, first, "same key, same body: Payroc replays its first answer");

    let err = payroc.create(&key, &request(2000)).await.unwrap_err();
    let CallError::Http { status: 409, message, .. } = err else { panic!("{err:?}") };
    assert!(message.starts_with("'Idempotency-Key' is already in use against a different request."), "{message}");
    assert!(message.contains("look for merchant reference PD0123456789ABCDEFGHJK in Payroc"), "{message}");
    assert_eq!(fake.links().len(), 1);
}

#[tokio::test]
async fn a_missing_terminal_id_sends_nothing_and_says_what_to_set() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    desk.config_unset("payroc.terminal_id").unwrap();
    let err = desk.create(&payroc_sale("10")).await.unwrap_err();
    assert!(err.to_string().contains("Set the Payroc processing terminal id: paydesk config set payroc.terminal_id ID"), "{err}");
    assert_eq!(err.kind(), "invalid", "a missing setting is bad input");
    assert!(fake.requests().is_empty(), "not even a token was asked for");
    assert_eq!(desk.list(&LinkQuery::default()).unwrap().total, 0, "nothing was written");
}

#[tokio::test]
async fn payroc_offers_us_and_canadian_dollars_and_refuses_absurd_amounts_before_sending() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    let caps = paydesk_core::provider::capabilities(ProviderId::Payroc);
    assert_eq!(caps.codes(), ["USD", "CAD"]);
    assert!(caps.share && caps.cancel && caps.verify);
    let err = desk.create(&CreateInput { currency: Some("cad".into()), ..payroc_sale("1,000,000.01") }).await.unwrap_err();
    assert_eq!(err.to_string(), "The amount is too large: at most 1,000,000.00 CAD per link.");
    let mut ngn = payroc_sale("10");
    ngn.currency = Some("NGN".into());
    let err = desk.create(&ngn).await.unwrap_err();
    assert_eq!((err.field(), err.to_string().as_str()), (Some("currency"), "Payroc does not take NGN: use USD, CAD."));
    assert!(fake.requests().is_empty());
    assert_eq!(desk.list(&LinkQuery::default()).unwrap().total, 0, "nothing was written");
}

#[tokio::test]
async fn a_cad_link_goes_to_payroc_in_cents() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    let link = desk.create(&CreateInput { currency: Some("CAD".into()), ..payroc_sale("1,250.75") }).await.unwrap();
    assert_eq!((link.status, link.currency.code(), link.amount_minor), (LinkStatus::Open, "CAD", 125075));
    let sent: serde_json::Value = fake.requests_on(R::Create)[0].json().unwrap();
    assert_eq!(sent["order"]["charge"], json!({ "type": "preset", "amount": 125075, "currency": "CAD" }));
    assert_eq!((fake.links()[0].amount, fake.links()[0].currency.as_str()), (125075, "CAD"));
}

#[tokio::test]
async fn the_fake_keeps_payrocs_idempotency_rules() {
    // Held directly, so the tests above can trust what the fake says about keys.
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let client = reqwest::Client::new();
    let token: serde_json::Value =
        client.post(format!("{}/authorize", fake.url())).header("x-api-key", PAYROC_KEY).send().await.unwrap().json().await.unwrap();
    let bearer = token["access_token"].as_str().unwrap().to_string();
    let url = format!("{}/processing-terminals/1234001/payment-links", fake.api_url());
    let body = |amount: i64| {
        json!({
            "type": "singleUse", "merchantReference": "R1",
            "order": { "orderId": "O1", "charge": { "type": "preset", "amount": amount, "currency": "USD" } },
            "authType": "sale", "paymentMethods": ["card"], "expiresOn": "2099-01-31"
        })
    };
    let send = |amount: i64, key: Option<&str>| {
        let mut req = client.post(&url).bearer_auth(&bearer).json(&body(amount));
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        async move {
            let answer = req.send().await.unwrap();
            (answer.status().as_u16(), answer.json::<serde_json::Value>().await.unwrap())
        }
    };
    let key = uuid::Uuid::new_v4().to_string();
    let (status, first) = send(100, Some(&key)).await;
    assert_eq!(status, 201);
    let (status, again) = send(100, Some(&key)).await;
    assert_eq!((status, &again["paymentLinkId"]), (201, &first["paymentLinkId"]), "same key, same body: the first answer");
    let (status, other) = send(200, Some(&key)).await;
    assert_eq!((status, other["title"].as_str()), (409, Some("Idempotency-Key in use")));
    let (status, missing) = send(100, None).await;
    assert_eq!((status, missing["title"].as_str()), (400, Some("Idempotency-Key header missing")));
    let (status, _) = send(100, Some("00000000-0000-1000-8000-000000000000")).await;
    assert_eq!(status, 400, "not a UUID v4");
    assert_eq!(fake.links().len(), 1);
}

#[tokio::test]
async fn the_key_check_gets_a_token_and_asks_about_a_reference_that_cannot_exist() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    let good = desk.check_key(ProviderId::Payroc, paydesk_core::link::Mode::Test).await.unwrap();
    assert!(good.checked && good.ok, "{}", good.message);
    assert_eq!((fake.hits(R::Authorize), fake.hits(R::List)), (1, 1));

    let other = FakePayroc::start("payroc_the_other_key_0000").await;
    let (desk, _dir) = payroc_desk(&other.api_url(), &other.url());
    let bad = desk.check_key(ProviderId::Payroc, paydesk_core::link::Mode::Test).await.unwrap();
    assert!(bad.checked && !bad.ok);
    assert!(bad.message.starts_with("Payroc refused the test key (Invalid API key; it must be a UAT (test) key)"), "{}", bad.message);
}
