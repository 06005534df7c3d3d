//! Where API keys live: the OS keyring, per (provider, mode). Never in the database, a log line,
//! an error message or a file. A missing entry means "not configured"; any other keyring failure
//! is an error that names the fix. There is no plaintext fallback.
//!
//! [`KeyringVault`] is the real store (service `paydesk`, account `<provider slug>:<mode>`);
//! [`MemoryVault`] is the test double and training-mode store, and can pretend there is no keyring.

use crate::link::{Mode, ProviderId};
use crate::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashMap;
use std::sync::Mutex;

/// Where API keys are kept, one per (provider, mode). `get` returning `Ok(None)` means "not configured".
pub trait Vault: Send + Sync {
    fn get(&self, provider: ProviderId, mode: Mode) -> Result<Option<SecretString>>;
    /// Stores the key, replacing any earlier one. An empty key is refused.
    fn set(&self, provider: ProviderId, mode: Mode, key: &SecretString) -> Result<()>;
    /// Returns whether there was a key to delete.
    fn delete(&self, provider: ProviderId, mode: Mode) -> Result<bool>;
}

/// The keyring service name every paydesk key is filed under.
pub const SERVICE: &str = "paydesk";

/// The environment variable a script can use instead of the keyring, e.g. `PAYDESK_PAYSTACK_KEY`.
pub fn env_var(provider: ProviderId) -> String {
    format!("PAYDESK_{}_KEY", provider.slug().to_ascii_uppercase())
}

/// The keyring account (user) name of one key, e.g. `paystack:test`.
pub fn account(provider: ProviderId, mode: Mode) -> String {
    format!("{}:{}", provider.slug(), mode.as_str())
}

/// Keys in the operating system's keyring: Secret Service on Linux, Keychain on macOS,
/// Credential Manager on Windows.
#[derive(Debug, Clone)]
pub struct KeyringVault {
    service: String,
}

impl KeyringVault {
    /// The vault the app uses: service [`SERVICE`].
    pub fn new() -> Self {
        Self::with_service(SERVICE)
    }

    /// A vault under another service name, so tests never touch a real person's keys.
    pub fn with_service(service: impl Into<String>) -> Self {
        KeyringVault { service: service.into() }
    }

    /// The service name entries are filed under.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, at: Context) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, &account(at.provider, at.mode)).map_err(|e| at.error(e, &self.service))
    }
}

impl Default for KeyringVault {
    fn default() -> Self {
        Self::new()
    }
}

impl Vault for KeyringVault {
    fn get(&self, provider: ProviderId, mode: Mode) -> Result<Option<SecretString>> {
        let at = Context { action: Action::Read, provider, mode };
        match self.entry(at)?.get_password() {
            Ok(key) => Ok(Some(SecretString::from(key))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(at.error(e, &self.service)),
        }
    }

    fn set(&self, provider: ProviderId, mode: Mode, key: &SecretString) -> Result<()> {
        check_not_empty(key)?;
        let at = Context { action: Action::Save, provider, mode };
        // The only place a secret leaves its wrapper: straight into the keyring call.
        self.entry(at)?.set_password(key.expose_secret()).map_err(|e| at.error(e, &self.service))
    }

    fn delete(&self, provider: ProviderId, mode: Mode) -> Result<bool> {
        let at = Context { action: Action::Delete, provider, mode };
        match self.entry(at)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(at.error(e, &self.service)),
        }
    }
}

/// Keys in memory, gone when the process ends: for tests and the in-app training mode.
#[derive(Debug, Default)]
pub struct MemoryVault {
    keys: Mutex<HashMap<(ProviderId, Mode), SecretString>>,
    unavailable: bool,
}

impl MemoryVault {
    /// An empty vault that works.
    pub fn new() -> Self {
        Self::default()
    }

    /// A vault that behaves like a machine with no keyring: every call fails with the same
    /// [`Error::Keyring`] message a real machine without a session bus gives.
    pub fn unavailable() -> Self {
        MemoryVault { unavailable: true, ..Self::default() }
    }

    fn check(&self, at: Context) -> Result<()> {
        if self.unavailable {
            let no_bus = keyring::Error::PlatformFailure("No DBus session or Secret Service provider found".into());
            return Err(at.error(no_bus, SERVICE));
        }
        Ok(())
    }

    fn keys(&self) -> std::sync::MutexGuard<'_, HashMap<(ProviderId, Mode), SecretString>> {
        // A panic elsewhere while holding the lock cannot leave a HashMap half-written in a way
        // that matters here, so keep serving rather than poisoning every later call.
        self.keys.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Vault for MemoryVault {
    fn get(&self, provider: ProviderId, mode: Mode) -> Result<Option<SecretString>> {
        self.check(Context { action: Action::Read, provider, mode })?;
        Ok(self.keys().get(&(provider, mode)).cloned())
    }

    fn set(&self, provider: ProviderId, mode: Mode, key: &SecretString) -> Result<()> {
        self.check(Context { action: Action::Save, provider, mode })?;
        check_not_empty(key)?;
        self.keys().insert((provider, mode), key.clone());
        Ok(())
    }

    fn delete(&self, provider: ProviderId, mode: Mode) -> Result<bool> {
        self.check(Context { action: Action::Delete, provider, mode })?;
        Ok(self.keys().remove(&(provider, mode)).is_some())
    }
}

/// An empty key would read back as "configured" and then fail at the provider with a
/// confusing 401, so refuse it where it is typed.
fn check_not_empty(key: &SecretString) -> Result<()> {
    if key.expose_secret().trim().is_empty() {
        return Err(Error::invalid("key", "The key is empty: paste the whole secret key from the provider's dashboard."));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Read,
    Save,
    Delete,
}

/// What was being done when the keyring failed, so the message can say it.
#[derive(Debug, Clone, Copy)]
struct Context {
    action: Action,
    provider: ProviderId,
    mode: Mode,
}

impl Context {
    /// Turns a keyring failure into an error that says what happened and how to fix it.
    ///
    /// Only the crate's own error text is ever formatted, and never its `Debug` form:
    /// `BadEncoding` carries the stored bytes and `Ambiguous` lists credentials.
    fn error(self, err: keyring::Error, service: &str) -> Error {
        let Context { action, provider, mode } = self;
        let env = env_var(provider);
        let scripts = format!("or, for scripts, pass the key in {env}");
        let what = match &err {
            keyring::Error::NoEntry => return Error::NotConfigured { provider, mode },
            keyring::Error::PlatformFailure(inner) => {
                let detail = inner.to_string();
                match platform_failure(&detail) {
                    Failure::NoSecretService => format!(
                        "no Secret Service is running on the session bus (org.freedesktop.secrets was not provided). \
                         Start GNOME Keyring or KWallet, {scripts}."
                    ),
                    Failure::NoBus => format!(
                        "no OS keyring is reachable (no Secret Service on the session bus). \
                         Start a desktop session with GNOME Keyring or KWallet, {scripts}."
                    ),
                    Failure::Other => format!(
                        "the OS keyring failed ({detail}). Check that your keyring is running and unlocked, {scripts}."
                    ),
                }
            }
            keyring::Error::NoStorageAccess(inner) => format!(
                "the keyring is locked or refused access ({inner}). Unlock it (e.g. log in to the desktop \
                 session, or unlock the \"Login\" keyring in Passwords and Keys) and allow paydesk to use it, \
                 {scripts}."
            ),
            keyring::Error::BadEncoding(_) => format!(
                "the stored key is not valid text. Set it again with `paydesk key set {} --mode {mode}` or in Settings.",
                provider.slug()
            ),
            keyring::Error::Ambiguous(items) => format!(
                "{} keyring entries match service \"{service}\" account \"{}\". Remove them (e.g. in Passwords and \
                 Keys) and set the key again.",
                items.len(),
                account(provider, mode)
            ),
            // TooLong, Invalid and variants added later: their text names attributes, never the secret.
            other => format!("the keyring refused the entry ({other}). This is a bug in paydesk; please report it."),
        };
        let verb = match action {
            Action::Read => "read",
            Action::Save => "save",
            Action::Delete => "delete",
        };
        Error::Keyring(format!("Could not {verb} the {provider} {mode} key: {what}"))
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Failure {
    /// A session bus, but nothing owns org.freedesktop.secrets.
    NoSecretService,
    /// No session bus at all (headless, SSH, container).
    NoBus,
    Other,
}

/// What libdbus and dbus-secret-service say when there is no session bus to talk to: unset
/// address and no X display, a dead socket, a malformed address, or no provider at all.
const NO_BUS: [&str; 6] = [
    "autolaunch",
    "dbus-launch",
    "failed to connect to socket",
    "address does not contain",
    "no dbus session",
    "session bus",
];

/// Sorts a `PlatformFailure` by its text: the Secret Service and D-Bus errors behind it are not
/// types this crate can name, and what they say is stable (see PLATFORM.md, "OS keyring").
fn platform_failure(detail: &str) -> Failure {
    let d = detail.to_ascii_lowercase();
    if d.contains("org.freedesktop.secrets") || d.contains("serviceunknown") {
        Failure::NoSecretService
    } else if NO_BUS.iter().any(|w| d.contains(w)) {
        Failure::NoBus
    } else {
        Failure::Other
    }
}

#[cfg(test)]
mod tests {
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
}
