//! Shared set-up for tests that drive the use cases against a local fake provider.
#![allow(dead_code)]

use paydesk_core::desk::{CreateInput, Desk};
use paydesk_core::link::{Mode, ProviderId};
use paydesk_core::provider::RetryPolicy;
use paydesk_core::settings::Environment;
use paydesk_core::vault::{MemoryVault, Vault};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;

pub const KEY: &str = "sk_test_0123456789abcdefSECRET";

/// A desk with its history in a temp dir, the test key in an in-memory vault, pointed at `base_url`.
pub fn desk(base_url: &str) -> (Desk, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let vault = MemoryVault::new();
    vault.set(ProviderId::Paystack, Mode::Test, &SecretString::from(KEY)).unwrap();
    let desk = Desk::open(dir.path(), Arc::new(vault), Environment::default())
        .unwrap()
        .with_retry(RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) });
    desk.config_set("paystack.base_url", base_url).unwrap();
    like_sales_allowed(&desk);
    (desk, dir)
}

/// These tests make many like sales on purpose: the duplicate guard is off here, and tested on
/// its own (tests/sales.rs) with its default window.
pub fn like_sales_allowed(desk: &Desk) {
    desk.config_set("duplicate.window_minutes", "0").unwrap();
}

pub fn sale(amount: &str) -> CreateInput {
    CreateInput {
        provider: Some("paystack".into()),
        amount: amount.into(),
        currency: Some("NGN".into()),
        email: "ada@example.com".into(),
        description: Some("Two loaves".into()),
        ..Default::default()
    }
}

pub const LUXFIN_KEY: &str = "lx_0123456789abcdefSECRET";

/// A desk like [`desk`], with the Luxfin key filed under test mode (Luxfin keys name no mode) and
/// `luxfin.base_url` pointed at `base_url`.
pub fn luxfin_desk(base_url: &str) -> (Desk, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let vault = MemoryVault::new();
    vault.set(ProviderId::Luxfin, Mode::Test, &SecretString::from(LUXFIN_KEY)).unwrap();
    let desk = Desk::open(dir.path(), Arc::new(vault), Environment::default())
        .unwrap()
        .with_retry(RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) });
    desk.config_set("luxfin.base_url", base_url).unwrap();
    like_sales_allowed(&desk);
    (desk, dir)
}

/// A Luxfin sale: USD, with a description (sent as `product`).
pub fn luxfin_sale(amount: &str) -> CreateInput {
    CreateInput { provider: Some("luxfin".into()), currency: Some("USD".into()), ..sale(amount) }
}

pub const DOJO_KEY: &str = "sk_sandbox_0123456789abcdefSECRET";

/// A desk like [`desk`], with the Dojo sandbox key filed under test mode and `dojo.base_url`
/// pointed at `base_url`.
pub fn dojo_desk(base_url: &str) -> (Desk, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let vault = MemoryVault::new();
    vault.set(ProviderId::Dojo, Mode::Test, &SecretString::from(DOJO_KEY)).unwrap();
    let desk = Desk::open(dir.path(), Arc::new(vault), Environment::default())
        .unwrap()
        .with_retry(RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) });
    desk.config_set("dojo.base_url", base_url).unwrap();
    like_sales_allowed(&desk);
    (desk, dir)
}

/// A Dojo sale: GBP, with a description.
pub fn dojo_sale(amount: &str) -> CreateInput {
    CreateInput { provider: Some("dojo".into()), currency: Some("GBP".into()), ..sale(amount) }
}

pub const PAYROC_KEY: &str = "payroc_0123456789abcdefSECRET";
/// The processing terminal the fake Payroc (and the spec's examples) use.
pub const PAYROC_TERMINAL: &str = "1234001";

/// A desk like [`desk`], with the Payroc key filed under test mode (Payroc keys name no mode),
/// `payroc.base_url` at `api_url`, `payroc.identity_url` at `identity_url` and the terminal set.
pub fn payroc_desk(api_url: &str, identity_url: &str) -> (Desk, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let vault = MemoryVault::new();
    vault.set(ProviderId::Payroc, Mode::Test, &SecretString::from(PAYROC_KEY)).unwrap();
    let desk = Desk::open(dir.path(), Arc::new(vault), Environment::default())
        .unwrap()
        .with_retry(RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) });
    desk.config_set("payroc.base_url", api_url).unwrap();
    desk.config_set("payroc.identity_url", identity_url).unwrap();
    desk.config_set("payroc.terminal_id", PAYROC_TERMINAL).unwrap();
    like_sales_allowed(&desk);
    (desk, dir)
}

/// A Payroc sale: USD, with a description.
pub fn payroc_sale(amount: &str) -> CreateInput {
    CreateInput { provider: Some("payroc".into()), currency: Some("USD".into()), ..sale(amount) }
}
