//! Unit tests of the Payroc provider's pure parts: key checks, settings, the create body's shape.

use super::*;
use std::collections::BTreeMap;
use std::time::Duration;

fn payroc(options: &[(&str, &str)]) -> Payroc {
    let options: BTreeMap<String, String> = options.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let config = ProviderConfig { base_url: "http://127.0.0.1:9/v1".into(), timeout: Duration::from_secs(1), mode: Mode::Test, options };
    Payroc::new(reqwest::Client::new(), config, TokenCache::default())
}

#[test]
fn keys_say_no_mode_and_what_is_plainly_not_a_payroc_key_is_refused() {
    assert_eq!(mode_of_key("6YjWeCAyZGj.R8$GN7S&N0D%XZG879@PGOPR@HJZEO").unwrap(), None);
    assert_eq!(mode_of_key("  0123456789abcdefSECRET  ").unwrap(), None);
    for bad in ["sk_test_SECRET123456789", "sk_prod_SECRET123456789", "eyJhbGc.SECRET.sig", "SECRET 12345 67890", "SECRET", ""] {
        let err = mode_of_key(bad).unwrap_err();
        assert_eq!(err.field(), Some("key"), "{bad}");
        assert!(!err.to_string().contains("SECRET"), "the message must not echo the key: {err}");
    }
}

#[test]
fn a_missing_terminal_id_names_the_setting_to_fix() {
    let err = payroc(&[]).check_settings().unwrap_err();
    assert_eq!(err.field(), Some("payroc.terminal_id"));
    assert!(err.to_string().contains("paydesk config set payroc.terminal_id ID"), "{err}");
    assert!(payroc(&[("terminal_id", "123")]).check_settings().is_err());
    assert!(payroc(&[("terminal_id", "1234001")]).check_settings().is_ok());
}

#[test]
fn identity_defaults_by_mode_and_tolerates_a_full_endpoint() {
    assert_eq!(payroc(&[]).identity_url(), "https://identity.uat.payroc.com/authorize");
    let mut live = payroc(&[]);
    live.config.mode = Mode::Live;
    assert_eq!(live.identity_url(), "https://identity.payroc.com/authorize");
    assert_eq!(payroc(&[("identity_url", "http://127.0.0.1:5/")]).identity_url(), "http://127.0.0.1:5/authorize");
    assert_eq!(payroc(&[("identity_url", "http://x/authorize")]).identity_url(), "http://x/authorize");
}

#[test]
fn links_expire_after_the_configured_days() {
    let now = chrono::Utc::now();
    let today = now.with_timezone(&chrono::Local).date_naive();
    let want = |d: u64| (today + chrono::Days::new(d)).format("%Y-%m-%d").to_string();
    assert_eq!(payroc(&[]).expires_on(now), want(7));
    assert_eq!(payroc(&[("expiry_days", "30")]).expires_on(now), want(30));
    assert_eq!(payroc(&[("expiry_days", "0")]).expires_on(now), want(1));
    let last_week = now - chrono::Duration::days(7);
    assert_eq!(payroc(&[]).expires_on(last_week), today.format("%Y-%m-%d").to_string(), "a retry keeps the first day");
}

#[test]
fn the_create_body_has_the_single_use_shape_of_the_spec_example() {
    let body = PayrocLinkRequest {
        kind: "singleUse",
        merchant_reference: "PD0123456789ABCDEFGHJK",
        order: PayrocOrder {
            order_id: "PD0123456789ABCDEFGHJK",
            description: Some("Large Pepperoni Pizza"),
            charge: PayrocCharge { kind: "preset", amount: 4999, currency: "USD" },
        },
        auth_type: "sale",
        payment_methods: ["card"],
        expires_on: "2024-08-02".into(),
    };
    let want = serde_json::json!({
        "type": "singleUse",
        "merchantReference": "PD0123456789ABCDEFGHJK",
        "order": {
            "orderId": "PD0123456789ABCDEFGHJK",
            "description": "Large Pepperoni Pizza",
            "charge": { "type": "preset", "amount": 4999, "currency": "USD" }
        },
        "authType": "sale",
        "paymentMethods": ["card"],
        "expiresOn": "2024-08-02"
    });
    assert_eq!(serde_json::to_value(&body).unwrap(), want);
}

#[test]
fn path_segments_are_escaped() {
    assert_eq!(segment("JZURRJBUPS"), "JZURRJBUPS");
    assert_eq!(segment("a/b?c"), "a%2Fb%3Fc");
}

#[test]
fn idempotency_keys_must_be_uuid_v4() {
    assert!(check_idempotency_key(&uuid::Uuid::new_v4().to_string()).is_ok());
    assert!(check_idempotency_key("").is_err());
    assert!(check_idempotency_key("00000000-0000-1000-8000-000000000000").is_err());
}
