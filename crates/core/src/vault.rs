//! Where API keys live: the OS keyring, per (provider, mode). Never in the database, a log line,
//! an error message or a file. A missing entry means "not configured"; any other keyring failure
//! is an error that names the fix. There is no plaintext fallback.

use crate::link::{Mode, ProviderId};
use crate::Result;
use secrecy::SecretString;

pub trait Vault: Send + Sync {
    fn get(&self, provider: ProviderId, mode: Mode) -> Result<Option<SecretString>>;
    fn set(&self, provider: ProviderId, mode: Mode, key: &SecretString) -> Result<()>;
    /// Returns whether there was a key to delete.
    fn delete(&self, provider: ProviderId, mode: Mode) -> Result<bool>;
}
