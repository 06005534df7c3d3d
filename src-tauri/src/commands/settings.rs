//! Commands of the Settings screen and of the app's start: app info, providers, API keys and
//! settings. Keys only ever travel inward: no reply carries one, only its last 4 characters.

use super::off;
use crate::error::AppResult;
use crate::DataDir;
use paydesk_core::desk::{Desk, KeyStatus, ProviderInfo};
use paydesk_core::i18n::Msg;
use paydesk_core::link::{Mode, ProviderId};
use paydesk_core::settings::Effective;
use secrecy::SecretString;
use serde::Serialize;
use tauri::State;

/// What the window needs to draw itself before anything else.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub data_dir: String,
    pub merchant_name: Option<String>,
    pub default_provider: Option<String>,
    pub default_currency: Option<String>,
    /// Whether any real provider has a key, so a fresh install can start in training.
    pub has_real_key: bool,
}

#[tauri::command]
pub async fn app_info(desk: State<'_, Desk>, data_dir: State<'_, DataDir>) -> AppResult<AppInfo> {
    let data_dir = data_dir.0.display().to_string();
    off(&desk, move |d| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION"),
            data_dir,
            merchant_name: d.config_get("merchant.name")?.value,
            default_provider: d.config_get("default.provider")?.value,
            default_currency: d.config_get("default.currency")?.value,
            has_real_key: d.has_real_key(),
        })
    })
    .await
}

#[tauri::command]
pub async fn list_providers(desk: State<'_, Desk>) -> AppResult<Vec<ProviderInfo>> {
    off(&desk, |d| d.providers()).await
}

#[tauri::command]
pub async fn list_keys(desk: State<'_, Desk>) -> AppResult<Vec<KeyStatus>> {
    off(&desk, |d| d.list_keys()).await
}

/// What `set_key` did: where the key is now, and what the provider said of it.
#[derive(Debug, Serialize)]
pub struct KeySet {
    pub status: KeyStatus,
    /// Whether the provider could be asked at all.
    pub checked: bool,
    pub ok: bool,
    /// What happened, in English.
    pub message: String,
    /// The same as a message of the catalogue, `{id, args}`.
    pub message_l10n: Msg,
}

#[tauri::command]
pub async fn set_key(desk: State<'_, Desk>, provider: String, mode: Option<String>, key: String, pin: Option<String>) -> AppResult<KeySet> {
    // Wrapped before anything else can look at it; from here on only the core sees the text.
    let (key, pin) = (SecretString::from(key), super::refunds::pin_arg(pin));
    let provider: ProviderId = provider.parse()?;
    let mode = mode.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(str::parse::<Mode>).transpose()?;
    let status = off(&desk, move |d| d.set_key(provider, mode, key, pin.as_ref())).await?;
    // The key is stored whatever the provider says; a check that cannot run is reported, not
    // turned into a failure of the save.
    let check = desk.check_key(provider, status.mode).await;
    let (checked, ok, msg) = match check {
        Ok(c) => (c.checked, c.ok, c.message_l10n),
        Err(e) => (false, false, Msg::new("key-check-failed").msg("what", e.words())),
    };
    Ok(KeySet { status, checked, ok, message: paydesk_core::i18n::english(&msg), message_l10n: msg })
}

#[tauri::command]
pub async fn delete_key(desk: State<'_, Desk>, provider: String, mode: String, pin: Option<String>) -> AppResult<bool> {
    let (provider, mode, pin) = (provider.parse()?, mode.parse()?, super::refunds::pin_arg(pin));
    off(&desk, move |d| d.delete_key(provider, mode, pin.as_ref())).await
}

#[tauri::command]
pub async fn get_settings(desk: State<'_, Desk>) -> AppResult<Vec<Effective>> {
    off(&desk, |d| d.config_list()).await
}

#[tauri::command]
pub async fn set_setting(desk: State<'_, Desk>, key: String, value: String) -> AppResult<Effective> {
    off(&desk, move |d| d.config_set(&key, &value)).await
}

#[tauri::command]
pub async fn unset_setting(desk: State<'_, Desk>, key: String) -> AppResult<Effective> {
    off(&desk, move |d| d.config_unset(&key)).await
}
