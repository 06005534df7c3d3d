//! Where API keys live: the OS keyring, per (provider, mode). Never in the database, a log line,
//! an error message or a file. A missing entry means "not configured"; any other keyring failure
//! is an error that names the fix. There is no plaintext fallback.
//!
//! [`KeyringVault`] is the real store (service `paydesk`, account `<provider slug>:<mode>`);
//! [`MemoryVault`] is the test double and training-mode store, and can pretend there is no keyring.

use crate::link::{Mode, ProviderId};
use crate::i18n::Msg;
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
    /// Every key and the hub's URL at once, where the store can do it in one call (one Secret
    /// Service search on Linux); absent ones are left out. `None`: read them one by one with
    /// [`Vault::get`] and [`Vault::hub_url`].
    fn get_all(&self) -> Option<Secrets> {
        None
    }

    /// The shop hub's connection URL (it holds a database password), account `hub:url`.
    fn hub_url(&self) -> Result<Option<SecretString>> {
        Err(Error::keyring(Msg::new("error-keyring-no-hub")))
    }
    fn set_hub_url(&self, _url: &SecretString) -> Result<()> {
        Err(Error::keyring(Msg::new("error-keyring-no-hub")))
    }
    fn delete_hub_url(&self) -> Result<bool> {
        Err(Error::keyring(Msg::new("error-keyring-no-hub")))
    }
}

/// What one read of every secret found (see [`Vault::get_all`]).
#[derive(Default)]
pub struct Secrets {
    pub keys: HashMap<(ProviderId, Mode), SecretString>,
    /// The shop hub's connection URL; `None`: none is stored.
    pub hub_url: Option<SecretString>,
}

/// The keyring account of the hub's connection URL.
pub const HUB_ACCOUNT: &str = "hub:url";

/// A keyring failure about the hub's address, without the crate's `Debug` (it could hold it).
fn hub_error(verb: &str, e: keyring::Error) -> Error {
    Error::keyring(Msg::new("error-keyring-hub").text("verb", verb).text("detail", e.to_string()))
}

#[cfg(target_os = "linux")]
mod search;

/// The keyring service name every paydesk key is filed under.
pub const SERVICE: &str = "paydesk";

/// For tests: the variable naming another keyring service (see [`KeyringVault::from_env`]).
pub const SERVICE_ENV: &str = "PAYDESK_KEYRING_SERVICE";

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

    /// The vault a front end opens: service [`SERVICE`], or the name in [`SERVICE_ENV`] when it
    /// is set and not blank. The override exists for tests, which spawn the real binaries and
    /// must never read, write or delete a person's own keys.
    pub fn from_env(env: &crate::settings::Environment) -> Self {
        match env.var(SERVICE_ENV).map(str::trim).filter(|s| !s.is_empty()) {
            Some(service) => Self::with_service(service),
            None => Self::new(),
        }
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
    fn hub_url(&self) -> Result<Option<SecretString>> {
        let entry = keyring::Entry::new(&self.service, HUB_ACCOUNT).map_err(|e| hub_error("read", e))?;
        match entry.get_password() {
            Ok(url) => Ok(Some(SecretString::from(url))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(hub_error("read", e)),
        }
    }

    fn set_hub_url(&self, url: &SecretString) -> Result<()> {
        let entry = keyring::Entry::new(&self.service, HUB_ACCOUNT).map_err(|e| hub_error("save", e))?;
        entry.set_password(url.expose_secret()).map_err(|e| hub_error("save", e))
    }

    fn delete_hub_url(&self) -> Result<bool> {
        let entry = keyring::Entry::new(&self.service, HUB_ACCOUNT).map_err(|e| hub_error("delete", e))?;
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(hub_error("delete", e)),
        }
    }

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

    fn get_all(&self) -> Option<Secrets> {
        #[cfg(target_os = "linux")]
        return search::read_all(&self.service);
        #[cfg(not(target_os = "linux"))]
        None
    }
}

/// Keys in memory, gone when the process ends: for tests and the in-app training mode.
#[derive(Debug, Default)]
pub struct MemoryVault {
    keys: Mutex<HashMap<(ProviderId, Mode), SecretString>>,
    hub: Mutex<Option<SecretString>>,
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
    fn hub_url(&self) -> Result<Option<SecretString>> {
        Ok(self.hub.lock().unwrap_or_else(|p| p.into_inner()).clone())
    }

    fn set_hub_url(&self, url: &SecretString) -> Result<()> {
        *self.hub.lock().unwrap_or_else(|p| p.into_inner()) = Some(url.clone());
        Ok(())
    }

    fn delete_hub_url(&self) -> Result<bool> {
        Ok(self.hub.lock().unwrap_or_else(|p| p.into_inner()).take().is_some())
    }

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
        return Err(Error::invalid_msg("key", Msg::new("error-key-empty-whole")));
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
        let what = match &err {
            keyring::Error::NoEntry => return Error::NotConfigured { provider, mode },
            keyring::Error::PlatformFailure(inner) => {
                let detail = inner.to_string();
                match platform_failure(&detail) {
                    Failure::NoSecretService => Msg::new("error-keyring-no-secret-service").text("env", env),
                    Failure::NoBus => Msg::new("error-keyring-no-bus").text("env", env),
                    Failure::Other => Msg::new("error-keyring-failed").text("detail", detail).text("env", env),
                }
            }
            keyring::Error::NoStorageAccess(inner) => Msg::new("error-keyring-locked").text("detail", inner.to_string()).text("env", env),
            keyring::Error::BadEncoding(_) => Msg::new("error-keyring-bad-encoding").text("slug", provider.slug()).text("mode", mode.as_str()),
            keyring::Error::Ambiguous(items) => Msg::new("error-keyring-ambiguous")
                .num("count", items.len() as i64)
                .text("service", service)
                .text("account", account(provider, mode)),
            // TooLong, Invalid and variants added later: their text names attributes, never the secret.
            other => Msg::new("error-keyring-refused").text("detail", other.to_string()),
        };
        let verb = match action {
            Action::Read => "read",
            Action::Save => "save",
            Action::Delete => "delete",
        };
        Error::keyring(Msg::new("error-keyring-key").text("verb", verb).text("provider", provider.to_string()).text("mode", mode.as_str()).msg("what", what))
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
#[path = "vault_tests.rs"]
mod tests;
