//! Verifying Payroc links against the local fake Payroc: its four words, the payments behind a
//! paid link, the hosted page, and what goes wrong.

mod support;

use paydesk_core::desk::Desk;
use paydesk_core::link::{LinkStatus, Mode, ProviderId};
use paydesk_core::settings::Environment;
use paydesk_core::vault::{MemoryVault, Vault};
use paydesk_fakes::{FakePayroc, Fault, PayrocRoute as R};
use std::sync::Arc;
use support::{payroc_desk, payroc_sale, PAYROC_KEY};

fn desk(fake: &FakePayroc) -> (Desk, tempfile::TempDir) {
    payroc_desk(&fake.api_url(), &fake.url())
}

#[tokio::test]
async fn every_payroc_word_lands_on_the_right_status_and_unknown_is_never_paid() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    let link = desk.create(&payroc_sale("20")).await.unwrap();
    let id = link.provider_id.clone().unwrap();
    let table = [
        ("active", LinkStatus::Open),
        ("refunded", LinkStatus::Unknown),
        ("expired", LinkStatus::Expired),
        ("deactivated", LinkStatus::Cancelled),
        ("completed", LinkStatus::Paid),
    ];
    for (word, want) in table {
        assert!(fake.set_status(&id, word));
        let got = desk.verify(&link.reference).await.unwrap();
        assert_eq!((got.status, got.provider_status.as_deref()), (want, Some(word)));
    }
    let sent = fake.requests_on(R::Retrieve);
    assert_eq!(sent[0].path, format!("/v1/payment-links/{id}"));
    assert!(sent[0].header("authorization").unwrap().starts_with("Bearer "));
}

#[tokio::test]
async fn a_paid_link_is_checked_against_its_payments_and_a_different_amount_said_out_loud() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    let link = desk.create(&payroc_sale("20")).await.unwrap();
    let id = link.provider_id.clone().unwrap();
    desk.verify(&link.reference).await.unwrap();
    assert_eq!(fake.hits(R::Payments), 0, "an open link has no payments worth asking for");

    fake.set_status(&id, "completed");
    let paid = desk.verify(&link.reference).await.unwrap();
    assert_eq!((paid.status, paid.last_error.as_deref()), (LinkStatus::Paid, None));
    let asked = &fake.requests_on(R::Payments)[0];
    assert_eq!(asked.query, format!("paymentLinkId={id}&limit=100"));

    let forbidden = r#"{"type":"https://docs.payroc.com/api/errors#forbidden","title":"Forbidden","status":403,"detail":"You do not have the required permissions to perform this action"}"#;
    fake.push_fault(R::Payments, Fault::json(403, forbidden));
    let still = desk.verify(&link.reference).await.unwrap();
    assert_eq!((still.status, still.last_error.as_deref()), (LinkStatus::Paid, None), "the link's word decides; payments are detail");

    fake.update_link(&id, |l| l.payments[0].amount = 1500);
    let short = desk.verify(&link.reference).await.unwrap();
    assert_eq!(short.status, LinkStatus::Paid);
    assert_eq!(short.last_error.as_deref(), Some("Payroc reports 15.00 USD paid, not the 20.00 USD asked for."));
}

#[tokio::test]
async fn the_hosted_page_plays_the_customer_declining_then_paying() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    let link = desk.create(&payroc_sale("12.34")).await.unwrap();
    let url = link.url.clone().unwrap();
    let browser = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = browser.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("USD 12.34") && page.contains("Pay (test)"), "{page}");

    let action = |what: &str| url.replace("/merchant/pay-by-link?", &format!("/merchant/pay-by-link/{what}?"));
    assert_eq!(browser.post(action("decline")).send().await.unwrap().status(), 303);
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Open, "a declined card leaves the link payable");
    browser.post(action("pay")).send().await.unwrap();
    let paid = desk.verify(&link.reference).await.unwrap();
    assert_eq!((paid.status, paid.provider_status.as_deref(), paid.last_error), (LinkStatus::Paid, Some("completed"), None));
}

#[tokio::test]
async fn verify_survives_a_5xx_and_a_cut_answer_and_reports_a_404_in_payrocs_words() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    let link = desk.create(&payroc_sale("20")).await.unwrap();
    fake.push_fault(R::Retrieve, Fault::Html { code: 503 });
    fake.push_fault(R::Retrieve, Fault::ProcessThenTruncate);
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Open);
    assert_eq!(fake.hits(R::Retrieve), 3);

    let gone = r#"{"type":"https://docs.payroc.com/api/errors#not-found","title":"Not found","status":404,"detail":"Specified resource was not found","resource":"paymentLink"}"#;
    fake.push_fault(R::Retrieve, Fault::Status { code: 404, body: gone.into(), content_type: "application/problem+json".into() });
    let err = desk.verify(&link.reference).await.unwrap_err();
    assert_eq!(err.to_string(), "Payroc said: Specified resource was not found (HTTP 404)");
    let kept = desk.get(&link.reference).unwrap();
    assert_eq!(kept.status, LinkStatus::Open, "an error never changes what we last knew");
    assert_eq!(kept.last_error.as_deref(), Some("Payroc said: Specified resource was not found (HTTP 404)"));
}

#[tokio::test]
async fn a_token_refused_twice_says_where_to_look() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, _dir) = desk(&fake);
    let link = desk.create(&payroc_sale("20")).await.unwrap();
    let refused = r#"{"type":"https://docs.payroc.com/api/errors#not-authorized","title":"Not Authorized","status":401,"detail":"Your identity could not be verified"}"#;
    fake.push_fault(R::Retrieve, Fault::json(401, refused));
    fake.push_fault(R::Retrieve, Fault::json(401, refused));
    let err = desk.verify(&link.reference).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "Payroc said: Your identity could not be verified. A fresh token was refused too: check that payroc.base_url and payroc.identity_url both point at Payroc's UAT (test) environment."
    );
    assert_eq!((fake.hits(R::Authorize), fake.hits(R::Retrieve)), (2, 2), "one new token, one repeat, then stop");
}

#[tokio::test]
async fn verifying_all_open_links_at_once_fetches_one_token_between_them() {
    let fake = FakePayroc::start(PAYROC_KEY).await;
    let (desk, dir) = desk(&fake);
    let mut links = vec![];
    for i in 1..=5 {
        links.push(desk.create(&payroc_sale(&i.to_string())).await.unwrap());
    }
    fake.set_status(links[2].provider_id.as_deref().unwrap(), "completed");
    drop(desk);

    // A new desk on the same history: a cold token cache, as after a restart.
    let vault = MemoryVault::new();
    vault.set(ProviderId::Payroc, Mode::Test, &secrecy::SecretString::from(PAYROC_KEY)).unwrap();
    let fresh = Desk::open(dir.path(), Arc::new(vault), Environment::default()).unwrap();
    let before = fake.hits(R::Authorize);
    let summary = fresh.verify_open(|_| {}).await.unwrap();
    assert_eq!(summary.checked, 5);
    assert!(summary.errors.is_empty(), "{:?}", summary.errors);
    assert_eq!(summary.changed.iter().map(|c| (c.id, c.to)).collect::<Vec<_>>(), vec![(links[2].id, LinkStatus::Paid)]);
    assert_eq!(fake.hits(R::Authorize) - before, 1, "four calls side by side, one token");
}
