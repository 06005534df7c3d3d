//! The commands of docs/ipc.md, one thin adapter each: deserialize → call the desk → map the
//! result and the error. Split by screen: [`links`] (new link, history, QR, customer window),
//! [`refunds`] (the refund dialog and the manager PIN) and [`settings`] (app info, providers,
//! keys, settings).

pub mod hub;
pub mod l10n;
pub mod links;
mod names;
pub mod sales;
pub mod refunds;
pub mod report;
pub mod settings;
pub mod shop;

pub use names::COMMANDS;

use crate::error::{AppError, AppResult};
use crate::view::LinkView;
use paydesk_core::desk::Desk;
use paydesk_core::i18n::Msg;
use std::path::PathBuf;
use tauri::{Builder, Emitter, Runtime};

/// Event carrying a [`LinkView`] after a verify, retry or simulate saved a link.
pub const LINK_UPDATED: &str = "link-updated";
/// Event carrying `{ link_id, sale_id, request }` as soon as `create_link` has written the sale.
pub const SALE_RECORDED: &str = "sale-recorded";
/// Event carrying `{ done, total }` while `verify_open` runs.
pub const VERIFY_PROGRESS: &str = "verify-progress";
/// Event carrying `{ written, total }` while `export_csv` runs.
pub const EXPORT_PROGRESS: &str = "export-progress";

/// Registers every command of [`COMMANDS`].
pub fn register<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.manage(links::Exports::default()).invoke_handler(tauri::generate_handler![
        settings::app_info,
        settings::list_providers,
        links::create_link,
        links::get_link,
        links::verify_link,
        links::retry_link,
        links::simulate_link,
        links::share_link,
        links::cancel_link,
        links::verify_open,
        links::list_links,
        links::export_csv,
        links::cancel_export,
        links::qr_svg,
        links::save_qr_png,
        settings::list_keys,
        settings::set_key,
        settings::delete_key,
        settings::get_settings,
        settings::set_setting,
        settings::unset_setting,
        links::open_customer_window,
        sales::failover_sale,
        sales::cancel_sale,
        sales::list_sales,
        sales::get_sale_attempts,
        hub::hub_status,
        hub::set_hub_url,
        hub::hub_init,
        hub::sync_now,
        refunds::refund_link,
        refunds::pin_status,
        refunds::set_pin,
        refunds::clear_pin,
        report::report_day,
        report::report_range,
        report::report_day_sales,
        shop::list_presets,
        shop::save_preset,
        shop::remove_preset,
        shop::backup_now,
        shop::list_backups,
        shop::restore_backup,
        shop::cancel_restore,
        l10n::l10n_catalogues,
        report::report_days,
    ])
}

/// Runs blocking desk work (the history, the keyring) on the blocking pool, so a command never
/// holds up the async runtime that serves the other windows' calls.
async fn off<T, F>(desk: &Desk, f: F) -> AppResult<T>
where
    F: FnOnce(&Desk) -> paydesk_core::Result<T> + Send + 'static,
    T: Send + 'static,
{
    Ok(desk.blocking(f).await?)
}

/// Tells every window a link changed. The action itself succeeded, so a failed emit is only
/// logged: the windows still see the new state on their next read.
fn announce<R: Runtime>(app: &tauri::AppHandle<R>, view: &LinkView) {
    // A change here is worth telling the other tills soon.
    if let Some(wake) = tauri::Manager::try_state::<crate::hub::HubWake>(app) {
        wake.poke();
    }
    if let Err(e) = app.emit(LINK_UPDATED, view) {
        tracing::warn!(id = view.link.id, "could not emit {LINK_UPDATED}: {e}");
    }
}

/// The file a person chose in a save dialog, with `extension` added when it has none (see
/// [`write_chosen`]).
fn chosen_path(path: &str, extension: &str) -> AppResult<PathBuf> {
    let path = path.trim();
    if path.is_empty() {
        return Err(AppError::invalid("path", Msg::new("error-save-where")));
    }
    let mut path = PathBuf::from(path);
    if path.extension().is_none() {
        path.set_extension(extension);
    }
    Ok(path)
}

/// Writes a file the person chose in a save dialog. GTK's dialog does not add the extension
/// its filter names, so one is added when the name has none; the caller reports the real path.
fn write_chosen(path: &str, extension: &str, bytes: &[u8]) -> AppResult<PathBuf> {
    let path = chosen_path(path, extension)?;
    std::fs::write(&path, bytes).map_err(|e| AppError::io(Msg::new("error-save-failed").text("path", path.display().to_string()).text("detail", e.to_string())))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_files_get_their_extension_when_they_have_none() {
        let dir = tempfile::tempdir().unwrap();
        let bare = dir.path().join("links");
        let written = write_chosen(bare.to_str().unwrap(), "csv", b"a").unwrap();
        assert_eq!(written, dir.path().join("links.csv"));
        let named = dir.path().join("q.PNG");
        assert_eq!(write_chosen(named.to_str().unwrap(), "png", b"a").unwrap(), named);
        assert_eq!(write_chosen("  ", "csv", b"a").unwrap_err().field, Some("path"));
        let err = write_chosen(dir.path().join("no/such/dir/x.csv").to_str().unwrap(), "csv", b"a").unwrap_err();
        assert_eq!(err.kind, "io");
    }

    #[test]
    fn the_command_list_is_the_contract() {
        let doc = include_str!("../../../docs/ipc.md");
        let documented: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split('`').next())
            .collect();
        assert_eq!(documented, COMMANDS);
    }
}
