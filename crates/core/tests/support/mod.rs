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
    (desk, dir)
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
