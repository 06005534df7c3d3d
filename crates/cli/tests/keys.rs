//! Keys: stored through the CLI in the real OS keyring, and never found anywhere else. Every run
//! files keys under a keyring service of the test's own (see `common::keyring_service`).

mod common;

use common::{keyring_service, paydesk, KEY};
use paydesk_core::link::{Mode, ProviderId};
use paydesk_core::vault::{KeyringVault, Vault};
use paydesk_fakes::{FakePaystack, PaystackOptions};
use secrecy::ExposeSecret;
use std::path::Path;

/// Every byte a run left behind: the database (and its WAL), the log, and what was printed.
fn everything_written(data: &Path, printed: &[&common::Run]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![];
    for entry in std::fs::read_dir(data).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    for (i, r) in printed.iter().enumerate() {
        out.push((format!("run {i} stdout"), r.stdout.clone().into_bytes()));
        out.push((format!("run {i} stderr"), r.stderr.clone().into_bytes()));
    }
    out
}

fn assert_secret_absent(key: &str, written: &[(String, Vec<u8>)]) {
    assert!(written.iter().any(|(name, _)| name.ends_with("paydesk.log")), "the log was written");
    assert!(written.iter().any(|(name, _)| name.ends_with("paydesk.sqlite3")), "the database was written");
    let needle = key.as_bytes();
    for (name, bytes) in written {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the API key leaked into {name}");
    }
}

/// The Paystack test key under keyring service `service`, read straight from the keyring.
fn stored(service: &str) -> Option<String> {
    let key = KeyringVault::with_service(service).get(ProviderId::Paystack, Mode::Test).expect("the keyring answers");
    key.map(|k| k.expose_secret().to_string())
}

#[test]
fn a_key_from_the_environment_never_reaches_disk_output_or_logs() {
    let fake = FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = fake.url();
    let env = [("PAYDESK_PAYSTACK_KEY", KEY), ("PAYDESK_PAYSTACK_BASE_URL", url.as_str())];
    let create = paydesk(dir.path(), &env, &["link", "create", "--amount", "12", "--email", "a@b.com", "--json"], None).ok();
    let reference = create.json()["reference"].as_str().unwrap().to_string();
    fake.set_status(&reference, "success");
    let runs = [
        create,
        paydesk(dir.path(), &env, &["link", "verify", &reference], None).ok(),
        paydesk(dir.path(), &env, &["link", "verify", "--open", "--json"], None).ok(),
        paydesk(dir.path(), &env, &["link", "show", &reference, "--json"], None).ok(),
        paydesk(dir.path(), &env, &["link", "list"], None).ok(),
        paydesk(dir.path(), &env, &["config", "list"], None).ok(),
        paydesk(dir.path(), &[("PAYDESK_PAYSTACK_KEY", "sk_test_otherSECRETvalue")], &["link", "verify", &reference], None),
    ];
    let key_list = paydesk(dir.path(), &env, &["key", "list", "--json"], None);
    let all: Vec<&common::Run> = runs.iter().chain([&key_list]).collect();
    assert_secret_absent(KEY, &everything_written(dir.path(), &all));
    assert_secret_absent("sk_test_otherSECRETvalue", &everything_written(dir.path(), &all));
}

#[test]
#[ignore = "needs a Secret Service: run through make test (dbus-run-session + gnome-keyring)"]
fn keys_round_trip_through_the_real_keyring_and_drive_links() {
    let fake = FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = fake.url();
    let env = [("PAYDESK_PAYSTACK_BASE_URL", url.as_str())];

    let wrong_mode = paydesk(d, &env, &["key", "set", "paystack", "--mode", "live"], Some(KEY));
    assert_eq!(wrong_mode.code, 2);
    assert!(wrong_mode.stderr.contains("That is a test key"), "{}", wrong_mode.stderr);
    let public = paydesk(d, &env, &["key", "set", "paystack"], Some("pk_test_abc"));
    assert_eq!(public.code, 2);
    assert!(public.stderr.contains("public key"), "{}", public.stderr);

    let set = paydesk(d, &env, &["key", "set", "paystack", "--mode", "test"], Some(&format!("{KEY}\n"))).ok();
    assert!(set.stdout.contains("Stored the Paystack test key (…TKEY) in the OS keyring."), "{}", set.stdout);
    assert_eq!(stored(keyring_service()).as_deref(), Some(KEY), "the key is filed under the test's own service");
    assert_ne!(stored(paydesk_core::vault::SERVICE).as_deref(), Some(KEY), "and not under the service a person's keys use");
    let listed = paydesk(d, &env, &["key", "list", "--json"], None).ok().json();
    let test = listed.as_array().unwrap().iter().find(|k| k["provider"] == "paystack" && k["mode"] == "test").unwrap();
    assert_eq!((test["configured"].as_bool(), test["last4"].as_str(), test["source"].as_str()), (Some(true), Some("TKEY"), Some("keyring")));

    let created = paydesk(d, &env, &["link", "create", "--amount", "99.99", "--email", "k@example.com", "--json"], None).ok();
    assert_eq!(created.json()["status"], "open");
    assert_eq!(fake.requests()[0].header("authorization"), Some(format!("Bearer {KEY}").as_str()));

    let deleted = paydesk(d, &env, &["key", "delete", "paystack", "--mode", "test"], None).ok();
    assert!(deleted.stdout.contains("Deleted"), "{}", deleted.stdout);
    assert_eq!(stored(keyring_service()), None);
    let after = paydesk(d, &env, &["link", "create", "--amount", "1", "--email", "k@example.com"], None);
    assert_eq!(after.code, 1);
    assert!(after.stderr.contains("No test key for Paystack is set up"), "{}", after.stderr);

    let runs = [set, created, deleted, after];
    assert_secret_absent(KEY, &everything_written(d, &runs.iter().collect::<Vec<_>>()));
}
