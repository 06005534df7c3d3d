//! Background sync with the shop hub: every few seconds, and at once after a link changes, the
//! app pushes and pulls when a hub is set up, and tells the windows how it went (`hub-status`),
//! so the header can say "Synced 10 s ago" or "Offline — 3 waiting". Without a hub it does
//! nothing but look again now and then (a hub set up from the CLI is picked up).

use paydesk_core::desk::Desk;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::sync::Notify;

/// Event carrying a [`HubView`] after every background sync.
pub const HUB_STATUS: &str = "hub-status";

/// How often the app syncs when nothing happens.
const EVERY: Duration = Duration::from_secs(10);

/// Wakes the background sync early (a link changed here).
#[derive(Clone, Default)]
pub struct HubWake(Arc<Notify>);

impl HubWake {
    pub fn poke(&self) {
        self.0.notify_one();
    }
}

/// What the header shows.
#[derive(Debug, Clone, Serialize)]
pub struct HubView {
    pub configured: bool,
    pub ok: bool,
    pub waiting: u64,
    pub last_pull: Option<String>,
    /// Why the last sync failed, in a sentence (English).
    pub error: Option<String>,
    /// The same as a message of the catalogue, `{id, args}`, for the window to say in its language.
    pub error_l10n: Option<serde_json::Value>,
}

/// Starts the loop on the async runtime; the app keeps the [`HubWake`] in its state.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let wake = HubWake::default();
    app.manage(wake.clone());
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let desk = app.state::<Desk>().inner().clone();
            if let Some(view) = once(&desk).await {
                if let Err(e) = app.emit(HUB_STATUS, &view) {
                    tracing::warn!("could not emit {HUB_STATUS}: {e}");
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(EVERY) => {}
                _ = wake.0.notified() => {}
            }
        }
    });
}

/// One sync when a hub is set up; `None` when none is.
pub async fn once(desk: &Desk) -> Option<HubView> {
    let status = desk.blocking(|d| d.hub_status()).await.ok()?;
    if !status.configured {
        return None;
    }
    let (ok, error, error_l10n) = match desk.sync().await {
        Ok(_) => (true, None, None),
        Err(e) => {
            let msg = e.l10n();
            (false, Some(e.to_string()), Some(serde_json::json!({ "id": msg.id, "args": msg.args_json() })))
        }
    };
    let state = desk.blocking(|d| d.hub_status()).await.ok()?.state;
    Some(HubView { configured: true, ok, waiting: state.waiting, last_pull: state.last_pull, error, error_l10n })
}
