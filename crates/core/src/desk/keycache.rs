//! Keys are read from the keyring once per process: every keyring read is a D-Bus round trip
//! (a new connection and encrypted session with the Secret Service), and the app used to make
//! sixteen of them to draw one screen. The cache holds only what the keyring answered, in
//! memory, for this process; a key set or deleted here is forgotten, so the next read asks the
//! keyring again. Nothing is ever written anywhere but the keyring.
//!
//! The hub's URL is a secret of the keyring too, read through the same cache: the app's hub loop
//! asks for it every ten seconds, and each ask was a new D-Bus connection and encrypted session.
//!
//! Another process (the CLI beside the app) can set or delete a key. Each process that does
//! writes a new *keyring epoch* into the history's settings (not a secret: a random value), and
//! [`Desk`](super::Desk) hands the epoch it reads to [`KeyCache::renew`] before each use of the
//! cache, which forgets everything when it changed. A key saved with `paydesk key set` is used by
//! the open app's next sale.

use crate::link::{Mode, ProviderId};
use crate::vault::Vault;
use crate::Result;
use secrecy::SecretString;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Held while one key is first read.
type Gate = Arc<Mutex<()>>;

pub(super) struct KeyCache {
    vault: Arc<dyn Vault>,
    /// `None` inside: the keyring said there is no key (also worth remembering).
    known: Mutex<HashMap<(ProviderId, Mode), Option<SecretString>>>,
    /// One lock per key while it is first read, so two callers asking at once (the app's start
    /// asks for app info and the providers together) make one keyring read, not two: measured
    /// 16 reads of 8 keys at ~250 ms each before this (scripts/measure-window.sh).
    reading: Mutex<HashMap<(ProviderId, Mode), Gate>>,
    /// Whether every key was asked for at once yet (see [`Vault::get_all`]): the first read of
    /// any key does it, so a start makes one keyring call instead of one per key.
    preloaded: Mutex<bool>,
    /// The hub's URL as the keyring last answered (`Some(None)`: none stored); `None`: not read.
    hub: Mutex<Option<Option<SecretString>>>,
    /// The keyring epoch the cache holds answers for; `None`: never told one.
    epoch: Mutex<Option<Option<String>>>,
}

impl KeyCache {
    pub(super) fn new(vault: Arc<dyn Vault>) -> KeyCache {
        KeyCache {
            vault,
            known: Mutex::default(),
            reading: Mutex::default(),
            preloaded: Mutex::default(),
            hub: Mutex::default(),
            epoch: Mutex::default(),
        }
    }

    /// Forgets every answer when `epoch` (the keyring epoch the history holds now) is not the
    /// one the cache was filled under: another process set or deleted a secret since. Says
    /// whether it forgot.
    pub(super) fn renew(&self, epoch: Option<String>) -> bool {
        let mut seen = self.epoch.lock().unwrap_or_else(PoisonError::into_inner);
        let forget = match &*seen {
            Some(known) if *known == epoch => return false,
            None => false, // the first look: the cache is as empty as it was made
            Some(_) => true,
        };
        if forget {
            tracing::debug!("the keyring changed in another process: its answers are read again");
            self.known.lock().unwrap_or_else(PoisonError::into_inner).clear();
            *self.preloaded.lock().unwrap_or_else(PoisonError::into_inner) = false;
            *self.hub.lock().unwrap_or_else(PoisonError::into_inner) = None;
        }
        *seen = Some(epoch);
        forget
    }

    /// Asks the vault for every key at once, the first time only; remembers every answer,
    /// absent keys included.
    fn preload(&self) {
        let mut done = self.preloaded.lock().unwrap_or_else(PoisonError::into_inner);
        if std::mem::replace(&mut *done, true) {
            return;
        }
        let Some(mut all) = self.vault.get_all() else { return };
        tracing::debug!(keys = all.keys.len(), hub = all.hub_url.is_some(), "keyring read (every key in one search)");
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        for p in ProviderId::ALL.into_iter().filter(|p| p.needs_key()) {
            for m in Mode::ALL {
                known.entry((p, m)).or_insert_with(|| all.keys.remove(&(p, m)));
            }
        }
        self.hub.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert(all.hub_url);
    }

    fn cached_hub(&self) -> Option<Option<SecretString>> {
        self.hub.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn forget_hub(&self) {
        *self.hub.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    fn cached(&self, provider: ProviderId, mode: Mode) -> Option<Option<SecretString>> {
        self.known.lock().unwrap_or_else(PoisonError::into_inner).get(&(provider, mode)).cloned()
    }

    fn forget(&self, provider: ProviderId, mode: Mode) {
        self.known.lock().unwrap_or_else(PoisonError::into_inner).remove(&(provider, mode));
    }
}

impl Vault for KeyCache {
    fn get(&self, provider: ProviderId, mode: Mode) -> Result<Option<SecretString>> {
        if let Some(known) = self.cached(provider, mode) {
            return Ok(known);
        }
        self.preload();
        if let Some(known) = self.cached(provider, mode) {
            return Ok(known);
        }
        // Under this key's own lock only: a slow keyring must not hold up readers of other keys.
        let gate = self.reading.lock().unwrap_or_else(PoisonError::into_inner).entry((provider, mode)).or_default().clone();
        let _reading = gate.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = self.cached(provider, mode) {
            return Ok(known); // another caller read it while this one waited
        }
        let key = self.vault.get(provider, mode)?;
        // Counted by `make bench` (scripts/measure-window.sh): the keyring reads an app start makes.
        tracing::debug!(provider = provider.slug(), mode = mode.as_str(), "keyring read");
        self.known.lock().unwrap_or_else(PoisonError::into_inner).insert((provider, mode), key.clone());
        Ok(key)
    }

    fn set(&self, provider: ProviderId, mode: Mode, key: &SecretString) -> Result<()> {
        self.forget(provider, mode);
        let r = self.vault.set(provider, mode, key);
        self.forget(provider, mode);
        r
    }

    fn delete(&self, provider: ProviderId, mode: Mode) -> Result<bool> {
        self.forget(provider, mode);
        let r = self.vault.delete(provider, mode);
        self.forget(provider, mode);
        r
    }

    fn hub_url(&self) -> Result<Option<SecretString>> {
        if let Some(known) = self.cached_hub() {
            return Ok(known);
        }
        self.preload();
        if let Some(known) = self.cached_hub() {
            return Ok(known);
        }
        let url = self.vault.hub_url()?;
        tracing::debug!("keyring read (the hub's address)");
        self.hub.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert(url.clone());
        Ok(url)
    }
    fn set_hub_url(&self, url: &SecretString) -> Result<()> {
        self.forget_hub();
        let r = self.vault.set_hub_url(url);
        self.forget_hub();
        r
    }
    fn delete_hub_url(&self) -> Result<bool> {
        self.forget_hub();
        let r = self.vault.delete_hub_url();
        self.forget_hub();
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A vault that counts its reads; each read takes `.2` (the Secret Service's take a while).
    struct Counting(crate::vault::MemoryVault, AtomicUsize, std::time::Duration);

    impl Counting {
        fn new(read_takes: std::time::Duration) -> Counting {
            Counting(crate::vault::MemoryVault::new(), AtomicUsize::new(0), read_takes)
        }
    }

    impl Vault for Counting {
        fn get(&self, p: ProviderId, m: Mode) -> Result<Option<SecretString>> {
            std::thread::sleep(self.2);
            self.1.fetch_add(1, Ordering::SeqCst);
            self.0.get(p, m)
        }
        fn set(&self, p: ProviderId, m: Mode, k: &SecretString) -> Result<()> {
            self.0.set(p, m, k)
        }
        fn delete(&self, p: ProviderId, m: Mode) -> Result<bool> {
            self.0.delete(p, m)
        }
        fn hub_url(&self) -> Result<Option<SecretString>> {
            self.1.fetch_add(1, Ordering::SeqCst);
            self.0.hub_url()
        }
        fn set_hub_url(&self, url: &SecretString) -> Result<()> {
            self.0.set_hub_url(url)
        }
    }

    #[test]
    fn the_hub_address_is_read_once_and_again_after_it_is_set() {
        use secrecy::ExposeSecret;
        let inner = Arc::new(Counting::new(std::time::Duration::ZERO));
        let cache = KeyCache::new(inner.clone());
        let reads = || inner.1.load(Ordering::SeqCst);
        for _ in 0..5 {
            assert!(cache.hub_url().unwrap().is_none());
        }
        assert_eq!(reads(), 1, "the app's hub loop asks every ten seconds; the keyring is asked once");
        cache.set_hub_url(&SecretString::from("postgresql://till@localhost/shop")).unwrap();
        assert_eq!(cache.hub_url().unwrap().unwrap().expose_secret(), "postgresql://till@localhost/shop");
        assert_eq!(cache.hub_url().unwrap().unwrap().expose_secret(), "postgresql://till@localhost/shop");
        assert_eq!(reads(), 2);
    }

    #[test]
    fn a_new_keyring_epoch_forgets_every_answer() {
        use secrecy::ExposeSecret;
        let inner = Arc::new(Counting::new(std::time::Duration::ZERO));
        let cache = KeyCache::new(inner.clone());
        let reads = || inner.1.load(Ordering::SeqCst);
        cache.renew(None); // a history no process has set a key in yet
        assert!(cache.get(ProviderId::Dojo, Mode::Test).unwrap().is_none());
        assert!(cache.hub_url().unwrap().is_none());
        cache.renew(None);
        assert!(cache.get(ProviderId::Dojo, Mode::Test).unwrap().is_none());
        assert_eq!(reads(), 2, "the same epoch: answers kept");

        // Another process (the CLI) saves a key and the hub, then writes a new epoch.
        inner.0.set(ProviderId::Dojo, Mode::Test, &SecretString::from("sk_sandbox_cli")).unwrap();
        inner.0.set_hub_url(&SecretString::from("postgresql://till@localhost/shop")).unwrap();
        assert!(cache.get(ProviderId::Dojo, Mode::Test).unwrap().is_none(), "not told yet: still the cached answer");
        cache.renew(Some("7f3a".into()));
        assert_eq!(cache.get(ProviderId::Dojo, Mode::Test).unwrap().unwrap().expose_secret(), "sk_sandbox_cli");
        assert!(cache.hub_url().unwrap().is_some());
        cache.renew(Some("7f3a".into()));
        assert!(cache.get(ProviderId::Dojo, Mode::Test).unwrap().is_some());
        assert_eq!(reads(), 4, "read again once each after the new epoch, then cached");
    }

    #[test]
    fn each_key_is_read_once_and_forgotten_when_set_or_deleted() {
        use secrecy::ExposeSecret;
        let inner = Arc::new(Counting::new(std::time::Duration::ZERO));
        let cache = KeyCache::new(inner.clone());
        let reads = || inner.1.load(Ordering::SeqCst);
        assert!(cache.get(ProviderId::Paystack, Mode::Test).unwrap().is_none());
        assert!(cache.get(ProviderId::Paystack, Mode::Test).unwrap().is_none());
        assert_eq!(reads(), 1, "an absent key is remembered too");

        cache.set(ProviderId::Paystack, Mode::Test, &SecretString::from("sk_test_a")).unwrap();
        assert_eq!(cache.get(ProviderId::Paystack, Mode::Test).unwrap().unwrap().expose_secret(), "sk_test_a");
        assert_eq!(cache.get(ProviderId::Paystack, Mode::Test).unwrap().unwrap().expose_secret(), "sk_test_a");
        assert_eq!(reads(), 2, "read again once after the set, then cached");

        assert!(cache.delete(ProviderId::Paystack, Mode::Test).unwrap());
        assert!(cache.get(ProviderId::Paystack, Mode::Test).unwrap().is_none());
        assert_eq!(reads(), 3);
    }

    #[test]
    fn callers_asking_for_one_key_at_once_share_one_read() {
        let inner = Arc::new(Counting::new(std::time::Duration::from_millis(50)));
        let cache = Arc::new(KeyCache::new(inner.clone()));
        let threads: Vec<_> = (0..4)
            .map(|i| {
                let cache = cache.clone();
                let mode = if i % 2 == 0 { Mode::Test } else { Mode::Live };
                std::thread::spawn(move || cache.get(ProviderId::Dojo, mode).unwrap())
            })
            .collect();
        for t in threads {
            assert!(t.join().unwrap().is_none());
        }
        assert_eq!(inner.1.load(Ordering::SeqCst), 2, "one read per key, however many asked");
    }

    /// A vault that can answer every key in one call, as the Secret Service does.
    struct Searchable(Counting, AtomicUsize);

    impl Vault for Searchable {
        fn get(&self, p: ProviderId, m: Mode) -> Result<Option<SecretString>> {
            self.0.get(p, m)
        }
        fn set(&self, p: ProviderId, m: Mode, k: &SecretString) -> Result<()> {
            self.0.set(p, m, k)
        }
        fn delete(&self, p: ProviderId, m: Mode) -> Result<bool> {
            self.0.delete(p, m)
        }
        fn get_all(&self) -> Option<crate::vault::Secrets> {
            self.1.fetch_add(1, Ordering::SeqCst);
            let mut all = crate::vault::Secrets { hub_url: self.0 .0.hub_url().unwrap(), ..Default::default() };
            for p in ProviderId::ALL {
                for m in Mode::ALL {
                    if let Ok(Some(k)) = self.0 .0.get(p, m) {
                        all.keys.insert((p, m), k);
                    }
                }
            }
            Some(all)
        }
        fn hub_url(&self) -> Result<Option<SecretString>> {
            self.0.hub_url()
        }
        fn set_hub_url(&self, url: &SecretString) -> Result<()> {
            self.0.set_hub_url(url)
        }
    }

    #[test]
    fn a_vault_that_can_read_every_key_at_once_is_asked_once() {
        use secrecy::ExposeSecret;
        let memory = crate::vault::MemoryVault::new();
        memory.set(ProviderId::Payroc, Mode::Live, &SecretString::from("live_key")).unwrap();
        let inner = Arc::new(Searchable(Counting(memory, AtomicUsize::new(0), std::time::Duration::ZERO), AtomicUsize::new(0)));
        let cache = KeyCache::new(inner.clone());
        for p in ProviderId::ALL.into_iter().filter(|p| p.needs_key()) {
            for m in Mode::ALL {
                let key = cache.get(p, m).unwrap();
                assert_eq!(key.is_some(), (p, m) == (ProviderId::Payroc, Mode::Live));
            }
        }
        assert_eq!(cache.get(ProviderId::Payroc, Mode::Live).unwrap().unwrap().expose_secret(), "live_key");
        assert!(cache.hub_url().unwrap().is_none(), "no hub stored");
        assert_eq!((inner.1.load(Ordering::SeqCst), inner.0 .1.load(Ordering::SeqCst)), (1, 0), "one search, no single reads");
        // A key set later is read again on its own.
        cache.set(ProviderId::Dojo, Mode::Test, &SecretString::from("sk_new")).unwrap();
        assert_eq!(cache.get(ProviderId::Dojo, Mode::Test).unwrap().unwrap().expose_secret(), "sk_new");
        assert_eq!((inner.1.load(Ordering::SeqCst), inner.0 .1.load(Ordering::SeqCst)), (1, 1));
    }
}
