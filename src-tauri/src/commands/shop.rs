//! Commands of Settings' "Quick amounts" and "Backups": the presets the New sale screen offers,
//! a backup now, the automatic backups, and a restore (checked and PIN-guarded by the core, then
//! staged for the next start: the app never swaps the history it has open under itself).

use super::{chosen_path, off};
use crate::error::AppResult;
use paydesk_core::desk::{BackupFile, BackupInfo, Desk, Preset, PresetInput, Staged};
use std::path::PathBuf;
use tauri::State;

#[tauri::command]
pub async fn list_presets(desk: State<'_, Desk>) -> AppResult<Vec<Preset>> {
    off(&desk, |d| d.presets()).await
}

/// Adds a preset, or with `input.id` replaces that one; returns the whole list.
#[tauri::command]
pub async fn save_preset(desk: State<'_, Desk>, input: PresetInput) -> AppResult<Vec<Preset>> {
    off(&desk, move |d| d.save_preset(&input)).await
}

#[tauri::command]
pub async fn remove_preset(desk: State<'_, Desk>, id: String) -> AppResult<Vec<Preset>> {
    off(&desk, move |d| d.remove_preset(&id)).await
}

/// A consistent copy of the history (SQLite's online backup API) to the file chosen in the save
/// dialog (`.sqlite3` added when it has no extension); never over an existing file.
#[tauri::command]
pub async fn backup_now(desk: State<'_, Desk>, path: String) -> AppResult<BackupFile> {
    let path = chosen_path(&path, "sqlite3")?;
    off(&desk, move |d| d.backup_now(&path)).await
}

#[tauri::command]
pub async fn list_backups(desk: State<'_, Desk>) -> AppResult<BackupInfo> {
    off(&desk, |d| d.backups()).await
}

/// Checks the file and the manager PIN, and stages the restore for the next start.
#[tauri::command]
pub async fn restore_backup(desk: State<'_, Desk>, path: String, pin: Option<String>) -> AppResult<Staged> {
    let pin = super::refunds::pin_arg(pin);
    let path = PathBuf::from(path.trim());
    off(&desk, move |d| d.stage_restore(&path, pin.as_ref())).await
}

/// Calls off a staged restore before the next start applies it; `true` when one was waiting.
#[tauri::command]
pub async fn cancel_restore(desk: State<'_, Desk>) -> AppResult<bool> {
    off(&desk, |d| d.cancel_restore()).await
}
