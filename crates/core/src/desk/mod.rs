//! The use cases both front ends call, and nothing else: create, verify one, verify all open,
//! list, get, keys and settings. A front end never reaches a provider, the database or the
//! keyring except through here.

mod app;
mod backup;
mod create;
mod csv;
mod keycache;
mod keys;
mod lease;
mod openlock;
mod ops;
mod pin;
mod presets;
mod refunds;
mod report;
mod sales;
mod sync;
mod throttle;
mod tills;
mod verify;

use crate::link::{Link, LinkStatus, Mode, ProviderId};
use crate::money::{Currency, NumberStyle};
use crate::provider::{self, Provider, ProviderConfig, RetryPolicy};
use crate::settings::{self, Effective, Environment, Source};
use crate::store::{LinkQuery, OperationRecord, ReferenceRecord, RefundRecord, SqliteStore, StatusEvent, Store};
use crate::vault::Vault;
use crate::i18n::Msg;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub use app::{KeyCheck, ProviderInfo};
pub use csv::ExportProgress;
pub use keys::KeyStatus;
pub use ops::{name_from_email, ShareInput};
pub use backup::{BackupFile, BackupInfo, Staged};
pub use pin::{PinStatus, LOCK_AFTER, LOCK_SECS};
pub use presets::{Preset, PresetInput};
pub use refunds::{RefundChange, RefundInput, Refunded};
pub use crate::provider::training::Simulated;
pub use lease::Lease;
pub use create::Recorded;
pub use sync::{HubStatus, SyncReport};
pub use tills::Till;
pub use verify::{Progress, VerifySummary};

/// The history file's name inside the data directory.
pub const DB_FILE: &str = "paydesk.sqlite3";

/// What a person asks for, as typed. Everything is checked before anything is written or sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateInput {
    /// `paystack`; the `default.provider` setting when absent.
    pub provider: Option<String>,
    pub amount: String,
    /// ISO code; the `default.currency` setting when absent.
    pub currency: Option<String>,
    pub email: String,
    pub description: Option<String>,
    /// `test` or `live`; see [`Desk::resolve_mode`] when absent.
    pub mode: Option<String>,
    /// How the amount is written; `1,500.50` when absent.
    pub number_style: Option<NumberStyle>,
    /// Make it although a like sale was made moments ago (the person saw it and chose).
    #[serde(default)]
    pub again: bool,
}

/// A page counts matching links up to this many, then says "1,000+": counting further would
/// walk the whole history (a million rows) for a number nobody reads exactly.
pub const COUNT_CAP: u64 = 1000;

/// A page of the history.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub links: Vec<Link>,
    /// How many links match the filters in all, up to [`COUNT_CAP`].
    pub total: u64,
    /// More than `total` links match: show it as "1,000+".
    pub total_capped: bool,
    /// Pass as `before_id` for the next page; `None` on the last one.
    pub next_before_id: Option<i64>,
    /// Every till the history knows, this one first: a till filter is worth showing when
    /// there are several.
    pub tills: Vec<Till>,
}

/// A link with everything that happened to it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkDetails {
    pub link: Link,
    pub events: Vec<StatusEvent>,
    pub references: Vec<ReferenceRecord>,
    /// Shares and cancels, oldest first.
    pub operations: Vec<OperationRecord>,
    /// Refunds, oldest first, each with the provider's own word for it.
    pub refunds: Vec<RefundRecord>,
    /// Every attempt of the link's sale, oldest first (this link among them).
    pub attempts: Vec<Link>,
}

/// The use cases. Cheap to clone (every part is shared), so blocking work can be handed to the
/// blocking pool with a clone of it: see [`Desk::blocking`].
#[derive(Clone)]
pub struct Desk {
    store: Arc<dyn Store>,
    vault: Arc<keycache::KeyCache>,
    env: Arc<Environment>,
    client: reqwest::Client,
    retry: RetryPolicy,
    shared: crate::provider::Shared,
    lease: lease::Timing,
    throttle: throttle::Throttle,
    /// Where the history lives, when it is a file: daily backups go in its `backups/` folder.
    data_dir: Option<Arc<PathBuf>>,
    /// The shared lock on the history this process holds while it has it open (see [`openlock`]).
    _open_lock: Option<Arc<std::fs::File>>,
    /// The restore applied when this desk opened the history, if one was waiting.
    restored_at_open: Option<Arc<crate::store::Restored>>,
}

impl Desk {
    pub fn new(store: Arc<dyn Store>, vault: Arc<dyn Vault>, env: Environment) -> Desk {
        let client = reqwest::Client::builder()
            .user_agent(concat!("paydesk/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            // A redirect could carry a key header to another host; no provider API redirects.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a TLS backend is compiled in");
        Desk {
            store,
            vault: Arc::new(keycache::KeyCache::new(vault)),
            lease: lease::Timing::from_env(&env),
            env: Arc::new(env),
            client,
            retry: RetryPolicy::default(),
            shared: Default::default(),
            throttle: Default::default(),
            data_dir: None,
            _open_lock: None,
            restored_at_open: None,
        }
    }

    /// Runs `f` on the blocking pool with a clone of this desk: the history (SQLite) and the
    /// keyring (D-Bus) block, and must never hold up the async runtime's workers. A task that
    /// panics is an error here where panics unwind (tests); the release build aborts instead.
    pub async fn blocking<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&Desk) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let desk = self.clone();
        tokio::task::spawn_blocking(move || f(&desk))
            .await
            .map_err(|e| Error::io(Msg::new("error-task-stopped").text("detail", e.to_string())))?
    }

    /// Like [`Desk::blocking`], for one call on the history.
    async fn db<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&dyn Store) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        self.blocking(move |d| f(&*d.store)).await
    }

    /// This install's till id.
    pub fn till_id(&self) -> &str {
        self.store.till_id()
    }

    /// Opens (and migrates) the history in `data_dir`.
    pub fn open(data_dir: &Path, vault: Arc<dyn Vault>, env: Environment) -> Result<Desk> {
        Self::open_noting(data_dir, vault, env, &|_| {})
    }

    /// [`Desk::open`], telling `notice` one line before a long step of bringing an old history
    /// up to date (building the search index of a large one).
    pub fn open_noting(data_dir: &Path, vault: Arc<dyn Vault>, env: Environment, notice: &dyn Fn(&str)) -> Result<Desk> {
        // A restore the app staged is applied first, while no other paydesk has the history open.
        let (lock, restored) = backup::apply_pending(data_dir)?;
        let store = SqliteStore::open_noting(&data_dir.join(DB_FILE), notice)?;
        let mut desk = Desk::new(Arc::new(store), vault, env);
        desk.data_dir = Some(Arc::new(data_dir.to_path_buf()));
        desk._open_lock = Some(Arc::new(lock));
        desk.restored_at_open = restored.map(Arc::new);
        Ok(desk)
    }

    /// Replaces the retry policy (tests use short pauses).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Desk {
        self.retry = retry;
        self
    }

    /// Replaces how long a lease on a link being created lasts unrenewed (tests use short ones).
    pub fn with_lease_secs(mut self, secs: u32) -> Desk {
        self.lease = lease::Timing::new(secs);
        self
    }

    /// The platform's data directory for paydesk, unless `PAYDESK_DATA_DIR` says otherwise.
    pub fn default_data_dir(env: &Environment) -> Result<PathBuf> {
        if let Some(dir) = env.var("PAYDESK_DATA_DIR") {
            return Ok(PathBuf::from(dir));
        }
        directories::ProjectDirs::from("", "", "paydesk")
            .map(|d| d.data_dir().to_path_buf())
            .ok_or_else(|| Error::io(Msg::new("error-no-home")))
    }

    /// Turns a failed provider call into the error a person reads. A refused key (401/403)
    /// names the provider and mode and how to set a new key.
    fn call_error(provider: ProviderId, mode: Mode, e: &crate::provider::CallError) -> Error {
        use crate::provider::CallError;
        match e {
            CallError::Http { status: 401, message, .. } => Error::KeyRefused { provider, mode, said: message.clone() },
            CallError::Http { status, message, .. } => Error::Provider { provider, status: Some(*status), message: message.clone(), kept: None },
            CallError::NotSent(m) | CallError::AnswerLost(m) => Error::Network { provider, message: m.clone(), kept: None },
            CallError::Refused(m) => Error::Refused { provider, message: m.clone() },
        }
    }

    /// Finds a link by local id (all digits) or by reference.
    pub fn get(&self, id_or_reference: &str) -> Result<Link> {
        let key = id_or_reference.trim();
        let found = match key.parse::<i64>() {
            Ok(id) => self.store.get_link(id)?,
            Err(_) => self.store.find_by_reference(key)?,
        };
        found.ok_or_else(|| Error::not_found(Msg::new("error-no-link-key").text("key", key)))
    }

    /// A link with its status events and every reference it used.
    pub fn details(&self, id_or_reference: &str) -> Result<LinkDetails> {
        let mut link = self.get(id_or_reference)?;
        self.mark_paid_twice(&mut link)?;
        Ok(LinkDetails {
            attempts: self.sale(&link.sale_id.to_string())?.attempts,
            events: self.store.status_events(link.id)?,
            references: self.store.references(link.id)?,
            operations: self.store.operations(link.id)?,
            refunds: self.store.refunds(link.id)?,
            link,
        })
    }

    /// Newest first, filtered; works offline.
    pub fn list(&self, query: &LinkQuery) -> Result<Page> {
        let mut links = self.store.list_links(query)?;
        let tills = self.tills()?;
        for link in &mut links {
            self.mark_paid_twice(link)?;
            link.till = Some(tills::name_of(&tills, &link.till_id));
        }
        let full = query.limit.is_some_and(|l| links.len() as u64 == u64::from(l));
        // A first page with room to spare holds every match: no second walk to count them
        // (it halves a rare search under three characters, which reads the whole history).
        let counted = if query.before_id.is_none() && !full && query.limit.is_some() {
            links.len() as u64
        } else {
            self.store.count_links(query, Some(COUNT_CAP + 1))?
        };
        let next_before_id = if full { links.last().map(|l| l.id) } else { None };
        Ok(Page { links, total: counted.min(COUNT_CAP), total_capped: counted > COUNT_CAP, next_before_id, tills })
    }

    /// Every known setting with its value in force and where it comes from.
    pub fn config_list(&self) -> Result<Vec<Effective>> {
        settings::specs().iter().map(|s| self.config_get(s.key)).collect()
    }

    pub fn config_get(&self, key: &str) -> Result<Effective> {
        let spec = settings::spec(key)?;
        let (value, source) = if let Some((name, v)) = self.env.overriding(spec.key) {
            let v = spec.check(v).map_err(|e| Error::invalid_msg("value", Msg::new("error-env-setting").text("name", name).msg("what", e.l10n())))?;
            (Some(v), Source::Env)
        } else if let Some(v) = self.store.get_setting(spec.key)? {
            (Some(v), Source::Set)
        } else if let Some(d) = spec.default {
            (Some(d.to_string()), Source::Default)
        } else {
            (None, Source::Unset)
        };
        Ok(Effective { key: spec.key, value, source, help: spec.help })
    }

    pub fn config_set(&self, key: &str, value: &str) -> Result<Effective> {
        let spec = settings::spec(key)?;
        let value = spec.check(value)?;
        self.store.set_setting(spec.key, &value)?;
        self.config_get(spec.key)
    }

    /// Forgets a setting, so its default applies again.
    pub fn config_unset(&self, key: &str) -> Result<Effective> {
        let spec = settings::spec(key)?;
        self.store.delete_setting(spec.key)?;
        self.config_get(spec.key)
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.config_get(key)?.value)
    }

    /// The provider object for `id` in `mode`, configured from the settings in force.
    fn provider(&self, id: ProviderId, mode: Mode) -> Result<Box<dyn Provider>> {
        let mut base_url = String::new(); // training calls no server
        let mut options = std::collections::BTreeMap::new();
        let prefix = format!("{}.", id.slug());
        for spec in settings::specs().iter().filter(|s| s.key.starts_with(&prefix)) {
            let eff = self.config_get(spec.key)?;
            let name = &spec.key[prefix.len()..];
            if name == "base_url" {
                // A default address may depend on the mode (Payroc's UAT host); a set one does not.
                base_url = match eff.source {
                    Source::Env | Source::Set => eff.value.unwrap_or_default(),
                    _ => provider::default_base_url(id, mode).to_string(),
                };
            } else if let Some(v) = eff.value {
                options.insert(name.to_string(), v);
            }
        }
        let secs = self.setting("http.timeout_secs")?.and_then(|s| s.parse().ok()).unwrap_or(20);
        let config = ProviderConfig { base_url, timeout: Duration::from_secs(secs), mode, options };
        Ok(provider::build(id, self.client.clone(), config, &self.shared))
    }

    /// How far back a like sale counts as a likely duplicate (and two payments as paid twice).
    pub(crate) fn duplicate_window(&self) -> Result<chrono::Duration> {
        let minutes = self.setting("duplicate.window_minutes")?.and_then(|m| m.parse().ok()).unwrap_or(30);
        Ok(chrono::Duration::minutes(minutes))
    }

    fn default_provider(&self) -> Result<ProviderId> {
        self.setting("default.provider")?.unwrap_or_else(|| "paystack".into()).parse()
    }

    fn default_currency(&self) -> Result<Currency> {
        self.setting("default.currency")?.unwrap_or_else(|| "NGN".into()).parse()
    }

    /// Which mode to use for `provider`: the one asked for, else the `mode` setting, else the mode
    /// of the key in `PAYDESK_<PROVIDER>_KEY`, else the mode of the only key in the keyring, else test.
    pub fn resolve_mode(&self, provider: ProviderId, explicit: Option<Mode>) -> Result<Mode> {
        if !provider.needs_key() {
            return Ok(Mode::Test);
        }
        if let Some(m) = explicit {
            return Ok(m);
        }
        if let Some(m) = self.setting("mode")? {
            return m.parse();
        }
        if let Some(m) = self.env_key_mode(provider)? {
            return Ok(m);
        }
        // A keyring that cannot be read is reported by the key look-up that follows, not here.
        let configured: Vec<Mode> =
            Mode::ALL.into_iter().filter(|m| matches!(self.vault().get(provider, *m), Ok(Some(_)))).collect();
        Ok(match configured.as_slice() {
            [only] => *only,
            _ => Mode::Test,
        })
    }

    fn pending_links(&self) -> Result<Vec<Link>> {
        let mut out = vec![];
        for status in [LinkStatus::Open, LinkStatus::Unknown] {
            out.extend(self.store.list_links(&LinkQuery { status: Some(status), ..Default::default() })?);
        }
        Ok(out)
    }
}
