//! The manager PIN: optional, asked before a refund, before a key is set or deleted, and (through
//! [`Desk::check_pin`]) before anything else that must not happen behind the manager's back.
//!
//! Only an Argon2id hash of it is kept (a PHC string in the settings table, under a key that no
//! config command knows, so it is never listed, shown or set as a setting). After
//! [`LOCK_AFTER`] wrong PINs in a row no PIN is checked for [`LOCK_SECS`]; the count is kept in
//! the history, so restarting paydesk does not reset it. The PIN itself is never stored, logged
//! or put in a message.

use super::Desk;
use crate::store::Store;
use crate::i18n::Msg;
use crate::{Error, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

/// The settings key of the PIN's hash. Not a [`crate::settings::Spec`]: `config` never sees it.
pub(super) const HASH_KEY: &str = "pin.argon2";
/// Wrong PINs in a row before PIN entry waits.
pub const LOCK_AFTER: u32 = 5;
/// How long it waits.
pub const LOCK_SECS: i64 = 30;
const MIN_DIGITS: usize = 4;
const MAX_DIGITS: usize = 12;

/// Whether a PIN is set and whether PIN entry is waiting; never the PIN or its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PinStatus {
    pub set: bool,
    /// Wrong PINs in a row so far.
    pub failures: u32,
    /// Seconds until a PIN is checked again, while locked.
    pub locked_for_secs: Option<u64>,
}

fn locked(until: DateTime<Utc>) -> Error {
    let secs = (until - Utc::now()).num_seconds().max(1);
    Error::invalid_msg("pin", Msg::new("error-pin-locked").num("secs", secs))
}

/// A new PIN: 4 to 12 digits.
fn check_new(pin: &SecretString) -> Result<()> {
    let pin = pin.expose_secret().trim();
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&pin.chars().count()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::invalid_msg("new_pin", Msg::new("error-pin-digits").num("min", MIN_DIGITS as i64).num("max", MAX_DIGITS as i64)));
    }
    Ok(())
}

fn hash(pin: &SecretString) -> Result<String> {
    // 16 random bytes from the OS (what a v4 UUID is made of), as the salt.
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes()).map_err(|e| Error::io(Msg::new("error-pin-salt").text("detail", e.to_string())))?;
    let hashed = Argon2::default()
        .hash_password(pin.expose_secret().trim().as_bytes(), &salt)
        .map_err(|e| Error::io(Msg::new("error-pin-hash").text("detail", e.to_string())))?;
    Ok(hashed.to_string())
}

fn matches(stored: &str, pin: &SecretString) -> Result<bool> {
    let parsed = PasswordHash::new(stored).map_err(|_| Error::conflict(Msg::new("error-pin-unreadable")))?;
    Ok(Argon2::default().verify_password(pin.expose_secret().trim().as_bytes(), &parsed).is_ok())
}

impl Desk {
    /// Whether a manager PIN is set. Blocking (the history): call it off the async workers.
    pub fn has_pin(&self) -> Result<bool> {
        Ok(self.store.get_setting(HASH_KEY)?.is_some())
    }

    pub fn pin_status(&self) -> Result<PinStatus> {
        let f = self.store.pin_failures()?;
        Ok(PinStatus {
            set: self.has_pin()?,
            failures: f.count,
            locked_for_secs: f.locked_until.map(|u| (u - Utc::now()).num_seconds().max(1) as u64),
        })
    }

    /// Passes when no PIN is set, or when `pin` is the PIN. A wrong PIN is counted and says so;
    /// while PIN entry waits, no PIN is checked at all. Blocking (Argon2 and the history): call
    /// it through [`Desk::blocking`].
    pub fn check_pin(&self, pin: Option<&SecretString>) -> Result<()> {
        check_pin_in(&*self.store, pin)
    }

    /// Sets or changes the manager PIN; changing one needs the `current` PIN.
    pub fn set_pin(&self, current: Option<&SecretString>, new: &SecretString) -> Result<PinStatus> {
        check_new(new)?;
        self.check_pin(current)?;
        self.store.set_setting(HASH_KEY, &hash(new)?)?;
        self.store.pin_success()?;
        tracing::info!("manager PIN set");
        self.pin_status()
    }

    /// Removes the manager PIN, given the current one.
    pub fn clear_pin(&self, current: &SecretString) -> Result<PinStatus> {
        if !self.has_pin()? {
            return self.pin_status();
        }
        self.check_pin(Some(current))?;
        self.store.delete_setting(HASH_KEY)?;
        tracing::info!("manager PIN cleared");
        self.pin_status()
    }
}

/// [`Desk::check_pin`] on a history opened without a desk (a restore checks the PIN of the
/// history it is about to put aside).
pub(super) fn check_pin_in(store: &dyn Store, pin: Option<&SecretString>) -> Result<()> {
    let Some(stored) = store.get_setting(HASH_KEY)? else { return Ok(()) };
    if let Some(until) = store.pin_failures()?.locked_until {
        return Err(locked(until));
    }
    let Some(pin) = pin.filter(|p| !p.expose_secret().trim().is_empty()) else {
        return Err(Error::invalid_msg("pin", Msg::new("error-pin-needed")));
    };
    if matches(&stored, pin)? {
        return store.pin_success();
    }
    let f = store.pin_failure(LOCK_AFTER, LOCK_SECS)?;
    tracing::warn!(failures = f.count, "a wrong manager PIN was entered");
    Err(match f.locked_until {
        Some(_) => Error::invalid_msg("pin", Msg::new("error-pin-wrong-locked").num("times", i64::from(LOCK_AFTER)).num("secs", LOCK_SECS)),
        None => {
            let left = LOCK_AFTER - f.count;
            Error::invalid_msg("pin", Msg::new("error-pin-wrong").num("left", i64::from(left)).num("secs", LOCK_SECS))
        }
    })
}
