//! Commands of the New-link, History and QR screens, and the customer window.

use super::{announce, chosen_path, off, write_chosen, EXPORT_PROGRESS, SALE_RECORDED, VERIFY_PROGRESS};
use crate::error::{AppError, AppResult};
use crate::view::{LinkRef, LinkView, QueryArg};
use paydesk_core::desk::{CreateInput, Desk, Page, ShareInput, Simulated, VerifySummary};
use paydesk_core::i18n::Msg;
use paydesk_core::link::Link;
use paydesk_core::qr;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tauri::{AppHandle, Emitter, Runtime, State};

// Every command is `async`: Tauri runs a plain `fn` command on the main thread, where a
// database read or a provider call would freeze both windows. Their reads of the history go
// through `off`, to the blocking pool.

/// What `create_link` announces (event `sale-recorded`) as soon as the sale is written, before
/// the provider is asked: the window becomes that sale at once, and Create cannot make it twice.
/// `request` is the caller's own tag, so a window knows which announcement answers it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedSale {
    pub link_id: i64,
    pub sale_id: i64,
    pub request: Option<String>,
}

#[tauri::command]
pub async fn create_link<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    input: CreateInput,
    request: Option<String>,
) -> AppResult<LinkView> {
    let recorded = desk.record(&input).await?;
    let said = RecordedSale { link_id: recorded.link.id, sale_id: recorded.link.sale_id, request };
    if let Err(e) = app.emit(SALE_RECORDED, said) {
        tracing::warn!("could not announce the recorded sale: {e}");
    }
    let link = desk.send(recorded).await?;
    off(&desk, move |d| LinkView::load(d, link.id)).await
}

#[tauri::command]
pub async fn get_link(desk: State<'_, Desk>, id: LinkRef) -> AppResult<LinkView> {
    off(&desk, move |d| LinkView::load(d, d.get(&id.key())?.id)).await
}

#[tauri::command]
pub async fn verify_link<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>, id: LinkRef) -> AppResult<LinkView> {
    let link = desk.verify(&id.key()).await?;
    saved(&app, &desk, &link).await
}

#[tauri::command]
pub async fn retry_link<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>, id: LinkRef) -> AppResult<LinkView> {
    let link = desk.retry(&id.key()).await?;
    saved(&app, &desk, &link).await
}

#[tauri::command]
pub async fn simulate_link<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    id: LinkRef,
    outcome: Simulated,
) -> AppResult<LinkView> {
    let link = desk.simulate(&id.key(), outcome).await?;
    saved(&app, &desk, &link).await
}

/// Has the provider e-mail the link (Payroc); the share lands in the link's `operations`.
#[tauri::command]
pub async fn share_link<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    id: LinkRef,
    to: String,
    name: Option<String>,
    message: Option<String>,
) -> AppResult<LinkView> {
    desk.share(&id.key(), &ShareInput { to, name, message }).await?;
    let link = off(&desk, move |d| d.get(&id.key())).await?;
    saved(&app, &desk, &link).await
}

/// Cancels the link at its provider (Dojo, Payroc), so it can no longer be paid.
#[tauri::command]
pub async fn cancel_link<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>, id: LinkRef) -> AppResult<LinkView> {
    let link = desk.cancel(&id.key()).await?;
    saved(&app, &desk, &link).await
}

/// Reads a saved link back with its history and tells every window about it.
async fn saved<R: Runtime>(app: &AppHandle<R>, desk: &Desk, link: &Link) -> AppResult<LinkView> {
    let id = link.id;
    let view = off(desk, move |d| LinkView::load(d, id)).await?;
    announce(app, &view);
    Ok(view)
}

#[tauri::command]
pub async fn verify_open<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>) -> AppResult<VerifySummary> {
    let summary = desk
        .verify_open(|p| {
            if let Err(e) = app.emit(VERIFY_PROGRESS, p) {
                tracing::warn!("could not emit {VERIFY_PROGRESS}: {e}");
            }
        })
        .await?;
    for change in &summary.changed {
        let id = change.id;
        match off(&desk, move |d| LinkView::load(d, id)).await {
            Ok(view) => announce(&app, &view),
            Err(e) => tracing::warn!(id, "changed link could not be read back: {}", e.message),
        }
    }
    Ok(summary)
}

#[tauri::command]
pub async fn list_links(desk: State<'_, Desk>, query: Option<QueryArg>) -> AppResult<Page> {
    let query = query.unwrap_or_default().to_query()?;
    off(&desk, move |d| d.list(&query)).await
}

/// What an export wrote.
#[derive(Debug, Serialize)]
pub struct Exported {
    pub rows: usize,
    pub path: String,
}

/// The export running now, if any: `cancel_export` raises its flag.
#[derive(Default)]
pub struct Exports(Mutex<Option<Arc<AtomicBool>>>);

impl Exports {
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Arc<AtomicBool>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Streams the filtered history to `path` (see `Desk::export_csv_file`), emitting
/// `export-progress` after each batch. One export at a time; `cancel_export` stops it and the
/// file is then not written at all.
#[tauri::command]
pub async fn export_csv<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    exports: State<'_, Exports>,
    query: Option<QueryArg>,
    path: String,
) -> AppResult<Exported> {
    let query = query.unwrap_or_default().to_export_query()?;
    let path = chosen_path(&path, "csv")?;
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let mut slot = exports.slot();
        if slot.is_some() {
            return Err(paydesk_core::Error::busy(Msg::new("error-export-running")).into());
        }
        *slot = Some(cancel.clone());
    }
    let target = path.clone();
    let rows = off(&desk, move |d| {
        d.export_csv_file(
            &query,
            &target,
            &mut |p| {
                if let Err(e) = app.emit(EXPORT_PROGRESS, p) {
                    tracing::warn!("could not emit {EXPORT_PROGRESS}: {e}");
                }
            },
            &cancel,
        )
    })
    .await;
    exports.slot().take();
    let rows = rows?;
    tracing::info!(rows, "history exported as CSV");
    Ok(Exported { rows: rows as usize, path: path.display().to_string() })
}

/// Stops the running export, if any; it then ends with `interrupted` and writes no file.
#[tauri::command]
pub async fn cancel_export(exports: State<'_, Exports>) -> AppResult<bool> {
    Ok(match exports.slot().as_ref() {
        Some(flag) => {
            flag.store(true, Ordering::Relaxed);
            true
        }
        None => false,
    })
}

/// The link and its page's URL, or why there is none yet.
async fn page_url(desk: &Desk, id: &LinkRef) -> AppResult<(Link, String)> {
    let key = id.key();
    let link = off(desk, move |d| d.get(&key)).await?;
    match link.url.clone() {
        Some(url) => Ok((link, url)),
        None => Err(AppError::from(paydesk_core::Error::conflict(Msg::new("error-no-page-yet").num("link", link.id).msg("status", link.status.word())))),
    }
}

/// The QR both windows draw; a finished link's is drawn covered by its stamp, never handed out.
#[tauri::command]
pub async fn qr_svg(desk: State<'_, Desk>, id: LinkRef) -> AppResult<String> {
    let (_, url) = page_url(&desk, &id).await?;
    Ok(qr::svg(&url)?)
}

/// The QR as a file, for a link that can still be paid: a paid, failed, expired or cancelled
/// link's is not handed out (README "The app").
#[tauri::command]
pub async fn save_qr_png(desk: State<'_, Desk>, id: LinkRef, path: String) -> AppResult<()> {
    let (link, url) = page_url(&desk, &id).await?;
    if !link.status.is_pending() {
        return Err(AppError::from(paydesk_core::Error::conflict(Msg::new("error-not-handed-out").num("link", link.id).msg("status", link.status.word()))));
    }
    let png = qr::png(&url)?;
    write_chosen(&path, "png", &png)?;
    Ok(())
}

#[tauri::command]
pub async fn open_customer_window<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>, id: LinkRef) -> AppResult<()> {
    // Looked up first: the window only ever opens on a link that exists, by its numeric id.
    let link = off(&desk, move |d| d.get(&id.key())).await?;
    crate::windows::open_customer(&app, link.id)?;
    Ok(())
}
