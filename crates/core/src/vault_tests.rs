use super::*;

const P: ProviderId = ProviderId::Paystack;
const SECRET: &str = "sk_test_0123456789abcdef";

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

#[test]
fn names_follow_provider_and_mode() {
    assert_eq!(account(P, Mode::Test), "paystack:test");
    assert_eq!(account(P, Mode::Live), "paystack:live");
    assert_eq!(env_var(P), "PAYDESK_PAYSTACK_KEY");
    assert_eq!(KeyringVault::new().service(), "paydesk");
    assert_eq!(KeyringVault::with_service("paydesk-test-1").service(), "paydesk-test-1");
}

#[test]
fn memory_vault_round_trips_per_mode() {
    let v = MemoryVault::new();
    assert!(v.get(P, Mode::Test).unwrap().is_none());
    v.set(P, Mode::Test, &secret(SECRET)).unwrap();
    assert_eq!(v.get(P, Mode::Test).unwrap().unwrap().expose_secret(), SECRET);
    assert!(v.get(P, Mode::Live).unwrap().is_none(), "modes are separate entries");

    v.set(P, Mode::Test, &secret("sk_test_other")).unwrap();
    assert_eq!(v.get(P, Mode::Test).unwrap().unwrap().expose_secret(), "sk_test_other");

    assert!(v.delete(P, Mode::Test).unwrap());
    assert!(v.get(P, Mode::Test).unwrap().is_none());
    assert!(!v.delete(P, Mode::Test).unwrap());
}

#[test]
fn empty_key_is_refused() {
    let v = MemoryVault::new();
    let err = v.set(P, Mode::Test, &secret("  ")).unwrap_err();
    assert_eq!(err.field(), Some("key"));
    assert!(v.get(P, Mode::Test).unwrap().is_none());
}

#[test]
fn unavailable_memory_vault_fails_every_call_like_a_machine_without_keyring() {
    let v = MemoryVault::unavailable();
    let errors = [
        v.get(P, Mode::Test).unwrap_err(),
        v.set(P, Mode::Live, &secret(SECRET)).unwrap_err(),
        v.delete(P, Mode::Test).unwrap_err(),
    ];
    let starts = ["Could not read the Paystack test key", "Could not save the Paystack live key", "Could not delete"];
    for (err, start) in errors.iter().zip(starts) {
        let msg = err.to_string();
        assert_eq!(err.kind(), "keyring");
        assert!(msg.starts_with(start), "{msg}");
        assert!(msg.contains("no OS keyring is reachable"), "{msg}");
        assert!(msg.contains("PAYDESK_PAYSTACK_KEY"), "{msg}");
        assert!(!msg.contains(SECRET));
    }
}

fn boxed(text: &str) -> Box<dyn std::error::Error + Send + Sync> {
    text.into()
}

#[test]
fn keyring_errors_map_to_messages_that_name_the_fix() {
    let ambiguous = || {
        let cred = keyring::mock::default_credential_builder().build(None, "s", "u").unwrap();
        keyring::Error::Ambiguous(vec![cred, keyring::mock::default_credential_builder().build(None, "s", "u").unwrap()])
    };
    // (error, action, expected substrings)
    #[allow(clippy::type_complexity)]
    let table: Vec<(keyring::Error, Action, &[&str])> = vec![
        (
            keyring::Error::PlatformFailure(boxed("No DBus session or Secret Service provider found")),
            Action::Save,
            &["Could not save the Paystack test key: no OS keyring is reachable", "GNOME Keyring", "PAYDESK_PAYSTACK_KEY"],
        ),
        (
            keyring::Error::PlatformFailure(boxed(
                "DBus error: Unable to autolaunch a dbus-daemon without a $DISPLAY for X11",
            )),
            Action::Read,
            &["Could not read", "no OS keyring is reachable", "PAYDESK_PAYSTACK_KEY"],
        ),
        (
            keyring::Error::PlatformFailure(boxed(
                "DBus error: The name org.freedesktop.secrets was not provided by any .service files",
            )),
            Action::Read,
            &["no Secret Service is running", "Start GNOME Keyring or KWallet", "PAYDESK_PAYSTACK_KEY"],
        ),
        (
            keyring::Error::NoStorageAccess(boxed("Secret Service: object locked")),
            Action::Save,
            &["locked or refused access (Secret Service: object locked)", "Unlock it"],
        ),
        (
            keyring::Error::PlatformFailure(boxed("The user name or passphrase you entered is not correct.")),
            Action::Delete,
            &["Could not delete", "the OS keyring failed (The user name or passphrase", "PAYDESK_PAYSTACK_KEY"],
        ),
        (
            keyring::Error::BadEncoding(SECRET.as_bytes().to_vec()),
            Action::Read,
            &["not valid text", "`paydesk key set paystack --mode test`"],
        ),
        (ambiguous(), Action::Read, &["2 keyring entries match service \"paydesk\" account \"paystack:test\""]),
        (keyring::Error::TooLong("user".into(), 8), Action::Save, &["refused the entry", "'user'", "report it"]),
        (keyring::Error::Invalid("target".into(), "cannot be empty".into()), Action::Save, &["cannot be empty"]),
    ];
    for (err, action, wants) in table {
        let mapped = Context { action, provider: P, mode: Mode::Test }.error(err, SERVICE);
        let msg = mapped.to_string();
        assert_eq!(mapped.kind(), "keyring", "{msg}");
        for want in wants {
            assert!(msg.contains(want), "{msg:?} should contain {want:?}");
        }
        assert!(!msg.contains(SECRET), "{msg}");
        assert!(!format!("{mapped:?}").contains(SECRET), "{mapped:?}");
    }
}

#[test]
fn no_entry_maps_to_not_configured() {
    let mapped = Context { action: Action::Read, provider: P, mode: Mode::Live }.error(keyring::Error::NoEntry, SERVICE);
    assert_eq!(mapped.kind(), "not_configured");
}

#[test]
fn platform_failures_are_sorted_by_their_text() {
    let table = [
        ("DBus error: The name org.freedesktop.secrets was not provided by any .service files", Failure::NoSecretService),
        ("org.freedesktop.DBus.Error.ServiceUnknown", Failure::NoSecretService),
        ("No DBus session or Secret Service provider found", Failure::NoBus),
        ("Unable to autolaunch a dbus-daemon without a $DISPLAY for X11", Failure::NoBus),
        ("DBus error: Failed to connect to socket /run/user/1000/bus: No such file or directory", Failure::NoBus),
        ("DBus error: Address does not contain a colon", Failure::NoBus),
        ("DBus error: /usr/bin/dbus-launch terminated abnormally without any error message", Failure::NoBus),
        ("DBus error: Did not receive a reply", Failure::Other),
        ("Crypto error: bad padding", Failure::Other),
    ];
    for (text, want) in table {
        assert_eq!(platform_failure(text), want, "{text}");
    }
}
