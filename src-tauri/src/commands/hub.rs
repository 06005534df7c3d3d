//! Commands of the shop hub in Settings: set it up (the URL goes in, never comes back), create
//! its schema, sync now, and say where things stand.

use super::off;
use crate::error::AppResult;
use crate::hub::HubView;
use paydesk_core::desk::{Desk, HubStatus};
use secrecy::SecretString;
use tauri::State;

#[tauri::command]
pub async fn hub_status(desk: State<'_, Desk>) -> AppResult<HubStatus> {
    off(&desk, |d| d.hub_status()).await
}

/// Stores the hub's connection URL in the OS keyring (checked first); the URL never comes back.
#[tauri::command]
pub async fn set_hub_url(desk: State<'_, Desk>, url: String) -> AppResult<HubStatus> {
    let url = SecretString::from(url);
    off(&desk, move |d| {
        d.set_hub_url(url)?;
        d.hub_status()
    })
    .await
}

#[tauri::command]
pub async fn hub_init(desk: State<'_, Desk>) -> AppResult<i64> {
    Ok(desk.hub_init().await?)
}

/// Syncs now; the answer is what the header shows.
#[tauri::command]
pub async fn sync_now(desk: State<'_, Desk>) -> AppResult<Option<HubView>> {
    Ok(crate::hub::once(&desk).await)
}
