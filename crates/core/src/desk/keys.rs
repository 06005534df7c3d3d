//! API keys: set (checked against the provider's key format and the mode asked for), delete,
//! list (configured or not, at most the last 4 characters), and the key a call should use.
//! `PAYDESK_<PROVIDER>_KEY` wins over the keyring.

use super::Desk;
use crate::link::{Mode, ProviderId};
use crate::provider;
use crate::vault::env_var;
use crate::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

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

fn last4(key: &SecretString) -> String {
    let chars: Vec<char> = key.expose_secret().chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

impl Desk {
    /// Stores a key in the OS keyring after checking it is this provider's and of `mode`
    /// (when given; otherwise the key's own prefix decides).
    pub fn set_key(&self, provider: ProviderId, mode: Option<Mode>, key: SecretString) -> Result<KeyStatus> {
        if !provider.needs_key() {
            return Err(Error::invalid("provider", format!("{provider} needs no key.")));
        }
        let key = SecretString::from(key.expose_secret().trim().to_string());
        if key.expose_secret().is_empty() {
            return Err(Error::invalid("key", "The key is empty: paste the secret key from the provider's dashboard."));
        }
        let key_mode = provider::mode_of_key(provider, key.expose_secret())?;
        if let Some(want) = mode {
            if want != key_mode {
                return Err(Error::invalid(
                    "key",
                    format!("That is a {key_mode} key, but it was offered as the {want} key: set it with --mode {key_mode}."),
                ));
            }
        }
        self.vault.set(provider, key_mode, &key)?;
        tracing::info!(provider = provider.slug(), mode = key_mode.as_str(), "key stored in the keyring");
        Ok(KeyStatus { provider, mode: key_mode, configured: true, source: Some("keyring"), last4: Some(last4(&key)) })
    }

    /// Removes a key from the keyring; says whether there was one.
    pub fn delete_key(&self, provider: ProviderId, mode: Mode) -> Result<bool> {
        self.vault.delete(provider, mode)
    }

    /// Every (provider, mode) pair and whether a key is there.
    pub fn list_keys(&self) -> Result<Vec<KeyStatus>> {
        let mut out = vec![];
        for provider in ProviderId::ALL.into_iter().filter(|p| p.needs_key()) {
            let env_key = self.env.provider_key(provider);
            let env_mode = env_key.and_then(|k| provider::key_mode(provider, k.expose_secret()));
            for mode in Mode::ALL {
                let status = match env_key {
                    Some(k) if env_mode == Some(mode) => Some(("env", last4(k))),
                    _ => self.vault.get(provider, mode)?.map(|k| ("keyring", last4(&k))),
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

    /// The key to call `provider` in `mode` with.
    pub(crate) fn key_for(&self, provider: ProviderId, mode: Mode) -> Result<SecretString> {
        if !provider.needs_key() {
            return Ok(SecretString::from("training"));
        }
        if let Some(k) = self.env.provider_key(provider) {
            match provider::key_mode(provider, k.expose_secret()) {
                Some(m) if m == mode => return Ok(k.clone()),
                Some(_) => {}
                None => {
                    return Err(Error::invalid(
                        "key",
                        format!("{} does not hold a {provider} key: check the variable.", env_var(provider)),
                    ))
                }
            }
        }
        let key = self.vault.get(provider, mode)?.ok_or(Error::NotConfigured { provider, mode })?;
        // A key stored under the wrong mode (by another tool, say) is refused rather than used.
        match provider::key_mode(provider, key.expose_secret()) {
            Some(m) if m == mode => Ok(key),
            _ => Err(Error::invalid(
                "key",
                format!("The {provider} key stored as the {mode} key is not a {mode} key: set it again with `paydesk key set {}`.", provider.slug()),
            )),
        }
    }
}
