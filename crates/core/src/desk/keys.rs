//! API keys: set (checked against the provider's key format and the mode asked for), delete,
//! list (configured or not, at most the last 4 characters), and the key a call should use.
//! `PAYDESK_<PROVIDER>_KEY` wins over the keyring.

use super::Desk;
use crate::link::{Mode, ProviderId};
use crate::provider;
use crate::vault::{env_var, Vault};
use crate::i18n::Msg;
use crate::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

/// The setting holding the keyring epoch: a random value each process that sets or deletes a
/// secret writes, so every other process sharing the history reads the keyring again (see
/// `keycache`). Not a secret, and not a setting a person sees or sets.
const KEYRING_EPOCH: &str = "keyring.epoch";

/// Whether a key is there, never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyStatus {
    pub provider: ProviderId,
    pub mode: Mode,
    pub configured: bool,
    /// `keyring` or `env`, when configured.
    pub source: Option<&'static str>,
    /// The last 4 characters, so a person can tell two keys apart.
    pub last4: Option<String>,
}

/// The last 4 characters, or `…` for a key so short that 4 would give most of it away.
fn last4(key: &SecretString) -> String {
    let chars: Vec<char> = key.expose_secret().chars().collect();
    if chars.len() < 12 {
        return "…".to_string();
    }
    chars[chars.len() - 4..].iter().collect()
}

impl Desk {
    /// Stores a key in the OS keyring after checking it is this provider's. A key whose prefix
    /// names its mode must match `mode` when given; a key that names none needs `mode`. When a
    /// manager PIN is set, `pin` must be it (checked last, so a mistyped key costs no try).
    pub fn set_key(&self, provider: ProviderId, mode: Option<Mode>, key: SecretString, pin: Option<&SecretString>) -> Result<KeyStatus> {
        if !provider.needs_key() {
            return Err(Error::invalid_msg("provider", Msg::new("error-key-not-needed").text("provider", provider.to_string())));
        }
        let key = SecretString::from(key.expose_secret().trim().to_string());
        if key.expose_secret().is_empty() {
            return Err(Error::invalid_msg("key", Msg::new("error-key-empty")));
        }
        let mode = match (provider::mode_of_key(provider, key.expose_secret())?, mode) {
            (Some(named), Some(want)) if named != want => {
                return Err(Error::invalid_msg("key", Msg::new("error-key-wrong-mode").text("named", named.as_str()).text("want", want.as_str())))
            }
            (Some(named), _) => named,
            (None, Some(want)) => want,
            // Guessing could file a live key as a test one: ask.
            (None, None) => {
                return Err(Error::invalid_msg("mode", Msg::new("error-key-mode-needed").text("provider", provider.to_string())))
            }
        };
        self.check_pin(pin)?;
        self.vault().set(provider, mode, &key)?;
        self.keyring_changed();
        self.shared.tokens.clear();
        tracing::info!(provider = provider.slug(), mode = mode.as_str(), "key stored in the keyring");
        Ok(KeyStatus { provider, mode, configured: true, source: Some("keyring"), last4: Some(last4(&key)) })
    }

    /// Removes a key from the keyring, after the manager PIN when one is set; says whether
    /// there was one.
    pub fn delete_key(&self, provider: ProviderId, mode: Mode, pin: Option<&SecretString>) -> Result<bool> {
        self.check_pin(pin)?;
        self.shared.tokens.clear();
        let deleted = self.vault().delete(provider, mode)?;
        self.keyring_changed();
        Ok(deleted)
    }

    /// The key cache, once it has forgotten what another process changed in the keyring since
    /// it was filled (a key saved with the CLI while the app is open).
    pub(super) fn vault(&self) -> &super::keycache::KeyCache {
        match self.store.get_setting(KEYRING_EPOCH) {
            Ok(epoch) => {
                if self.vault.renew(epoch) {
                    self.shared.tokens.clear();
                }
            }
            // The cache stays as it is; the next look may read it.
            Err(e) => tracing::debug!("could not read the keyring epoch: {e}"),
        }
        &self.vault
    }

    /// Tells every other process sharing the history that the keyring changed.
    pub(super) fn keyring_changed(&self) {
        let epoch = uuid::Uuid::new_v4().simple().to_string();
        if let Err(e) = self.store.set_setting(KEYRING_EPOCH, &epoch) {
            tracing::warn!("could not note the keyring change for other windows (they see it after a restart): {e}");
        }
    }

    /// Every (provider, mode) pair and whether a key is there.
    pub fn list_keys(&self) -> Result<Vec<KeyStatus>> {
        let mut out = vec![];
        for provider in ProviderId::ALL.into_iter().filter(|p| p.needs_key()) {
            let env_key = self.env.provider_key(provider);
            let env_mode = self.env_key_mode(provider)?;
            for mode in Mode::ALL {
                let status = match env_key {
                    Some(k) if env_mode == Some(mode) => Some(("env", last4(k))),
                    _ => self.vault().get(provider, mode)?.map(|k| ("keyring", last4(&k))),
                };
                out.push(KeyStatus {
                    provider,
                    mode,
                    configured: status.is_some(),
                    source: status.as_ref().map(|s| s.0),
                    last4: status.map(|s| s.1),
                });
            }
        }
        Ok(out)
    }

    /// The mode `PAYDESK_<PROVIDER>_KEY` stands for: the one its prefix names, or, for keys that
    /// name none, the `mode` setting (test by default). `None` when the variable is not set or
    /// does not hold a key of this provider.
    pub(crate) fn env_key_mode(&self, provider: ProviderId) -> Result<Option<Mode>> {
        let Some(k) = self.env.provider_key(provider) else { return Ok(None) };
        Ok(match provider::mode_of_key(provider, k.expose_secret()) {
            Ok(Some(m)) => Some(m),
            Ok(None) => Some(self.setting("mode")?.map(|m| m.parse()).transpose()?.unwrap_or(Mode::Test)),
            Err(_) => None,
        })
    }

    /// The key to call `provider` in `mode` with.
    pub(crate) fn key_for(&self, provider: ProviderId, mode: Mode) -> Result<SecretString> {
        if !provider.needs_key() {
            return Ok(SecretString::from("training"));
        }
        if let Some(k) = self.env.provider_key(provider) {
            match provider::mode_of_key(provider, k.expose_secret()) {
                Ok(Some(m)) if m == mode => return Ok(k.clone()),
                Ok(Some(_)) => {}
                // A key that does not say its mode serves the mode in force.
                Ok(None) => return Ok(k.clone()),
                Err(_) => {
                    return Err(Error::invalid_msg(
                        "key",
                        Msg::new("error-key-env-not-provider").text("variable", env_var(provider)).text("provider", provider.to_string()),
                    ))
                }
            }
        }
        let key = self.vault().get(provider, mode)?.ok_or(Error::NotConfigured { provider, mode })?;
        // A key stored under the wrong mode (by another tool, say) is refused rather than used.
        match provider::mode_of_key(provider, key.expose_secret()) {
            Ok(Some(m)) if m == mode => Ok(key),
            Ok(None) => Ok(key),
            _ => Err(Error::invalid_msg(
                "key",
                Msg::new("error-key-stored-wrong-mode").text("provider", provider.to_string()).text("mode", mode.as_str()).text("slug", provider.slug()),
            )),
        }
    }
}
