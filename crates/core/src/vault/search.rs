//! Every paydesk key, and the hub's URL, in one Secret Service search (Linux). Reading keys one by one through the
//! `keyring` crate opens a D-Bus connection and an encrypted session per key: the app's start
//! measured eight of them at ~250 ms each before its first usable form (scripts/measure-window.sh).
//! One search under the service name, then each item's secret on the same session, does it once.
//!
//! Anything unusual — a locked item (unlocking may prompt), two items for one key, no Secret
//! Service — answers `None`, and the keys are then read one by one, whose errors name the fix.

use crate::link::{Mode, ProviderId};
use crate::vault::{account, Secrets, HUB_ACCOUNT};
use dbus_secret_service::{EncryptionType, SecretService};
use secrecy::SecretString;
use std::collections::HashMap;

pub(super) fn read_all(service: &str) -> Option<Secrets> {
    let ss = SecretService::connect(EncryptionType::Dh).ok()?;
    let found = ss.search_items(HashMap::from([("service", service)])).ok()?;
    if !found.locked.is_empty() {
        return None;
    }
    let wanted: HashMap<String, (ProviderId, Mode)> = ProviderId::ALL
        .into_iter()
        .flat_map(|p| Mode::ALL.into_iter().map(move |m| (account(p, m), (p, m))))
        .collect();
    let mut all = Secrets::default();
    for item in &found.unlocked {
        let attributes = item.get_attributes().ok()?;
        // What `keyring::Entry::new(service, account)` finds: its own items, target "default".
        if attributes.get("target").is_some_and(|t| t != "default") {
            continue;
        }
        let Some(user) = attributes.get("username") else { continue };
        // `None`: the hub's URL; anything neither a key nor the hub is not ours to read.
        let slot = match wanted.get(user) {
            Some(at) => Some(*at),
            None if user == HUB_ACCOUNT => None,
            None => continue,
        };
        let secret = SecretString::from(String::from_utf8(item.get_secret().ok()?).ok()?);
        let twice = match slot {
            Some(at) => all.keys.insert(at, secret).is_some(),
            None => all.hub_url.replace(secret).is_some(),
        };
        if twice {
            return None; // two items for one entry: the one-by-one read reports it
        }
    }
    Some(all)
}
