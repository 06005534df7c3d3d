//! The till's side of the shop hub: set it up, push this till's events and pull the others',
//! and say where things stand. Without a hub nothing here runs and the till works as ever; with
//! one that is down, sales go on and their events wait in the outbox.

use super::Desk;
use crate::hub;
use crate::store::sync::SyncState;
use crate::vault::Vault;
use crate::i18n::Msg;
use crate::{Error, Result};
use secrecy::SecretString;
use serde::Serialize;

/// Events per round trip: large enough for a day's catch-up in seconds, small enough that one
/// SQLite transaction applying them stays short.
const BATCH: u32 = 1000;

/// What one sync did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    pub pushed: u64,
    pub pulled: u64,
    /// Of those pulled, how many were new here (the rest had been applied before).
    pub applied: u64,
    pub state: SyncState,
}

/// Where the till stands with its hub, for `paydesk hub status` and the app's header.
#[derive(Debug, Clone, Serialize)]
pub struct HubStatus {
    pub configured: bool,
    /// `keyring` or `env`.
    pub source: Option<&'static str>,
    pub till_id: String,
    pub till_name: String,
    #[serde(flatten)]
    pub state: SyncState,
}

impl Desk {
    fn hub_url(&self) -> Result<Option<(SecretString, &'static str)>> {
        if let Some(url) = self.env.var("PAYDESK_HUB_URL") {
            return Ok(Some((SecretString::from(url.to_string()), "env")));
        }
        Ok(self.vault().hub_url()?.map(|u| (u, "keyring")))
    }

    /// Stores the hub's connection URL in the OS keyring after checking it (TLS unless local).
    pub fn set_hub_url(&self, url: SecretString) -> Result<()> {
        hub::check_url(&url)?;
        self.vault().set_hub_url(&url)?;
        self.keyring_changed();
        Ok(())
    }

    /// This till's name, as other tills and the history show it.
    pub fn till_name(&self) -> Result<String> {
        Ok(self.setting("till.name")?.unwrap_or_else(|| super::tills::fallback_name(self.till_id())))
    }

    pub fn hub_status(&self) -> Result<HubStatus> {
        let url = self.hub_url()?;
        Ok(HubStatus {
            configured: url.is_some(),
            source: url.map(|u| u.1),
            till_id: self.till_id().to_string(),
            till_name: self.till_name()?,
            state: self.store.sync_state()?,
        })
    }

    async fn connect_hub(&self) -> Result<tokio_postgres::Client> {
        let (url, _) = self
            .blocking(|d| d.hub_url())
            .await?
            .ok_or_else(|| Error::hub(Msg::new("error-hub-none")))?;
        hub::connect(&url).await
    }

    /// Creates or migrates the hub's schema; returns its version.
    pub async fn hub_init(&self) -> Result<i64> {
        let mut client = self.connect_hub().await?;
        hub::init(&mut client).await
    }

    /// Pushes every waiting event, then pulls and applies the other tills' in order.
    pub async fn sync(&self) -> Result<SyncReport> {
        let mut client = self.connect_hub().await?;
        hub::check_version(&client).await?;
        let (till, name) = (self.till_id().to_string(), self.blocking(|d| d.till_name()).await?);
        let mut pushed = 0;
        loop {
            let events = self.db(|s| s.pending_events(BATCH)).await?;
            let Some(last) = events.last().map(|e| e.source_seq) else { break };
            pushed += hub::push(&mut client, &till, &name, &events).await?;
            self.db(move |s| s.mark_pushed(last)).await?;
        }
        self.db(|s| s.note_synced("push")).await?;
        let (mut pulled, mut applied) = (0, 0);
        loop {
            let cursor = self.db(|s| Ok(s.sync_state()?.cursor)).await?;
            let batch = hub::pull(&client, &till, cursor, i64::from(BATCH)).await?;
            let Some(last) = batch.last().map(|(seq, _)| *seq) else { break };
            let events: Vec<_> = batch.into_iter().map(|(_, e)| e).collect();
            pulled += events.len() as u64;
            applied += self.db(move |s| s.apply_events(&events, last)).await? as u64;
        }
        // The names come after the events: a till named in them is then named here too.
        let names = hub::till_names(&client).await?;
        self.db(move |s| s.save_till_names(&names)).await?;
        self.db(|s| s.note_synced("pull")).await?;
        let state = self.db(|s| s.sync_state()).await?;
        tracing::info!(pushed, pulled, applied, "synced with the hub");
        Ok(SyncReport { pushed, pulled, applied, state })
    }
}
