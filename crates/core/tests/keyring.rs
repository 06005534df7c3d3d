//! One round trip through the REAL OS keyring, under a throwaway service name so a person's own
//! paydesk keys are never read or touched. Needs a Secret Service: `make test` runs it inside
//! `dbus-run-session` with an unlocked gnome-keyring.

use paydesk_core::link::{Mode, ProviderId};
use paydesk_core::vault::{KeyringVault, Vault};
use secrecy::{ExposeSecret, SecretString};

#[test]
#[ignore = "needs a Secret Service: run through make test (dbus-run-session + gnome-keyring)"]
fn real_keyring_sets_reads_and_deletes_a_key() {
    let service = format!("paydesk-test-{}", uuid::Uuid::new_v4().simple());
    let vault = KeyringVault::with_service(&service);
    let (provider, mode) = (ProviderId::Paystack, Mode::Test);
    let key = SecretString::from(format!("sk_test_{}", uuid::Uuid::new_v4().simple()));

    assert!(vault.get(provider, mode).unwrap().is_none(), "a fresh service has no entry");
    vault.set(provider, mode, &key).unwrap();
    let read = vault.get(provider, mode).unwrap().expect("the key just set");
    assert_eq!(read.expose_secret(), key.expose_secret());
    assert!(vault.get(provider, Mode::Live).unwrap().is_none(), "modes are separate entries");
    // Every key and the hub's address in one search find the same (on Linux; elsewhere they
    // are read one by one).
    if cfg!(target_os = "linux") {
        let all = vault.get_all().expect("one search of an unlocked keyring");
        assert_eq!(all.keys.len(), 1, "only this service's one key");
        assert_eq!(all.keys[&(provider, mode)].expose_secret(), key.expose_secret());
        assert!(all.hub_url.is_none(), "no hub stored yet");
        let hub = SecretString::from("postgresql://till:pw@localhost:5432/shop".to_string());
        vault.set_hub_url(&hub).unwrap();
        let all = vault.get_all().expect("one search of an unlocked keyring");
        assert_eq!(all.hub_url.expect("the hub just set").expose_secret(), hub.expose_secret());
        assert_eq!(all.keys.len(), 1, "the hub is not a provider's key");
        assert!(vault.delete_hub_url().unwrap());
    }

    assert!(vault.delete(provider, mode).unwrap());
    assert!(vault.get(provider, mode).unwrap().is_none());
    assert!(!vault.delete(provider, mode).unwrap());
}

/// The front ends open `KeyringVault::from_env`: tests name a throwaway service through the
/// environment, and anything else (unset, blank) is the real one. No keyring is touched here.
#[test]
fn the_service_comes_from_the_environment_only_when_given() {
    let env = |v: &str| paydesk_core::settings::Environment::from_pairs([("PAYDESK_KEYRING_SERVICE".to_string(), v.to_string())]);
    assert_eq!(KeyringVault::from_env(&env("  paydesk-test-1 ")).service(), "paydesk-test-1");
    assert_eq!(KeyringVault::from_env(&env("   ")).service(), "paydesk");
    assert_eq!(KeyringVault::from_env(&Default::default()).service(), "paydesk");
}
