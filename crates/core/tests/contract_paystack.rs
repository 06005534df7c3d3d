//! Contract: our Paystack requests, held against Paystack's official OpenAPI spec by Prism.
//! Prism refuses what the spec does not allow, so a wrong field or type fails these tests.

mod support;

use paydesk_core::link::{LinkStatus, Mode, ProviderId};
use paydesk_core::money::{Currency, Money};
use paydesk_core::provider::{self, LinkRef, ProviderConfig, RefundLookup, RefundRef, RefundRequest, Shared};
use secrecy::SecretString;
use std::time::Duration;
use paydesk_fakes::prism::{spec_path, Prism};
use paydesk_fakes::spec_text;
use std::path::{Path, PathBuf};
use support::{desk, sale, KEY};

/// Paystack's spec as Prism gets it: requests are checked against it exactly as published. Its
/// `authorization_url` has no example, so Prism would answer the placeholder "string", which
/// paydesk rightly refuses to show as a payment page: the copy gives it the address Paystack's
/// own documentation shows. Nothing about what we send is changed.
fn paystack_spec() -> PathBuf {
    let published = std::fs::read_to_string(spec_path("paystack/paystack.yaml")).expect("Paystack's spec");
    let field = "            authorization_url:\n              type: string\n";
    assert_eq!(published.matches(field).count(), 1, "the spec changed: look again at the initialize answer");
    let with_example = published.replace(field, &format!("{field}              example: https://checkout.paystack.com/0peioxfhpn\n"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("specs");
    spec_text::write_copy(&dir, "paystack.prism", "yaml", &with_example).unwrap()
}

#[tokio::test]
#[ignore = "needs Prism: run through make test, which installs it"]
async fn create_and_verify_pass_the_official_spec() {
    let prism = Prism::start(&paystack_spec());
    let (desk, _dir) = desk(&prism.url());

    let link = desk.create(&sale("1,500.50")).await.expect("Prism accepted our initialize request");
    assert_eq!(link.status, LinkStatus::Open);
    assert!(link.url.is_some());

    let verified = desk.verify(&link.reference).await.expect("Prism accepted our verify request");
    // Prism answers the schema's placeholder word: unknown words stay unknown, never paid.
    assert_eq!(verified.provider_status.as_deref(), Some("string"));
    assert_eq!(verified.status, LinkStatus::Unknown);
}

#[tokio::test]
#[ignore = "needs Prism: run through make test, which installs it"]
async fn prism_does_refuse_what_the_spec_forbids() {
    // The control: without it, a Prism that accepted everything would pass the test above.
    let prism = Prism::start(&spec_path("paystack/paystack.yaml"));
    let client = reqwest::Client::new();
    let bad = client
        .post(format!("{}/transaction/initialize", prism.url()))
        .bearer_auth(KEY)
        .json(&serde_json::json!({ "amount": "15.5", "metadata": "not an object" }))
        .send()
        .await
        .unwrap();
    assert!(bad.status().is_client_error(), "{}", bad.status());
    assert!(bad.headers().contains_key("sl-violations"), "Prism names the violations");

    let no_key = client.get(format!("{}/transaction/verify/PDX", prism.url())).send().await.unwrap();
    assert_eq!(no_key.status(), 401);
}

#[tokio::test]
#[ignore = "needs Prism: run through make test, which installs it"]
async fn a_refund_and_its_lookups_pass_the_official_spec() {
    let prism = Prism::start(&paystack_spec());
    let config = ProviderConfig { base_url: prism.url(), timeout: Duration::from_secs(20), mode: Mode::Test, options: Default::default() };
    let p = provider::build(ProviderId::Paystack, reqwest::Client::new(), config, &Shared::default());
    let key = SecretString::from(KEY);
    let link = LinkRef { reference: "PD0123456789ABCDEFGHJK", provider_id: None };
    let req = RefundRequest {
        reference: "PR0123456789ABCDEFGHJK",
        idempotency_key: "unused by Paystack",
        amount: Money::parse("500", Currency::NGN, None).unwrap(),
        whole: false,
        reason: Some("Burnt loaf"),
    };
    let seen = p.refund(&key, link, &req).await.expect("Prism accepted our refund request");
    // Prism's placeholder word: not processed, so it would be read again.
    assert_eq!(seen.state, paydesk_core::store::RefundState::Pending);
    let mut refund = RefundRef {
        reference: req.reference,
        provider_refund_id: Some("15581137"),
        method: None,
        amount_minor: 50_000,
        recorded_at: chrono::Utc::now(),
        others: &[],
        others_minor: 0,
    };
    p.lookup_refund(&key, link, &refund).await.expect("Prism accepted our fetch of a refund");
    refund.provider_refund_id = None;
    let searched = p.lookup_refund(&key, link, &refund).await.expect("Prism accepted our list of refunds");
    assert!(matches!(searched, RefundLookup::NotFound { .. }), "Prism's examples hold no refund of ours: {searched:?}");
}

#[tokio::test]
#[ignore = "needs Prism: run through make test, which installs it"]
async fn prism_refuses_a_wrong_refund_body() {
    let prism = Prism::start(&spec_path("paystack/paystack.yaml"));
    let bad = reqwest::Client::new()
        .post(format!("{}/refund", prism.url()))
        .bearer_auth(KEY)
        .json(&serde_json::json!({ "amount": "500", "currency": "EUR" }))
        .send()
        .await
        .unwrap();
    assert!(bad.status().is_client_error(), "no transaction, a string amount, a currency Paystack does not list: {}", bad.status());
    assert!(bad.headers().contains_key("sl-violations"));
}
