//! Commands of the New-link, History and QR screens, and the customer window.

use super::{announce, write_chosen, VERIFY_PROGRESS};
use crate::error::{AppError, AppResult};
use crate::view::{LinkRef, LinkView, QueryArg};
use paydesk_core::desk::{CreateInput, Desk, Page, ShareInput, Simulated, VerifySummary};
use paydesk_core::link::Link;
use paydesk_core::qr;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};

/// How many providers' answers `verify_open` waits for at once: fast enough for a day's links,
/// gentle enough on a provider's rate limits.
const VERIFY_CONCURRENCY: usize = 4;

// Every command is `async`: Tauri runs a plain `fn` command on the main thread, where a
// database read or a provider call would freeze both windows.

#[tauri::command]
pub async fn create_link(desk: State<'_, Desk>, input: CreateInput) -> AppResult<LinkView> {
    let link = desk.create(&input).await?;
    LinkView::load(&desk, link.id)
}

#[tauri::command]
pub async fn get_link(desk: State<'_, Desk>, id: LinkRef) -> AppResult<LinkView> {
    let link = desk.get(&id.key())?;
    LinkView::load(&desk, link.id)
}

#[tauri::command]
pub async fn verify_link<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>, id: LinkRef) -> AppResult<LinkView> {
    let link = desk.verify(&id.key()).await?;
    saved(&app, &desk, &link)
}

#[tauri::command]
pub async fn retry_link<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>, id: LinkRef) -> AppResult<LinkView> {
    let link = desk.retry(&id.key()).await?;
    saved(&app, &desk, &link)
}

#[tauri::command]
pub async fn simulate_link<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    id: LinkRef,
    outcome: Simulated,
) -> AppResult<LinkView> {
    let link = desk.simulate(&id.key(), outcome).await?;
    saved(&app, &desk, &link)
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
    let link = desk.get(&id.key())?;
    saved(&app, &desk, &link)
}

/// Cancels the link at its provider (Dojo, Payroc), so it can no longer be paid.
#[tauri::command]
pub async fn cancel_link<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>, id: LinkRef) -> AppResult<LinkView> {
    let link = desk.cancel(&id.key()).await?;
    saved(&app, &desk, &link)
}

/// Reads a saved link back with its history and tells every window about it.
fn saved<R: Runtime>(app: &AppHandle<R>, desk: &Desk, link: &Link) -> AppResult<LinkView> {
    let view = LinkView::load(desk, link.id)?;
    announce(app, &view);
    Ok(view)
}

#[tauri::command]
pub async fn verify_open<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>) -> AppResult<VerifySummary> {
    let summary = desk
        .verify_open(VERIFY_CONCURRENCY, |p| {
            if let Err(e) = app.emit(VERIFY_PROGRESS, p) {
                tracing::warn!("could not emit {VERIFY_PROGRESS}: {e}");
            }
        })
        .await?;
    for change in &summary.changed {
        match LinkView::load(&desk, change.id) {
            Ok(view) => announce(&app, &view),
            Err(e) => tracing::warn!(id = change.id, "changed link could not be read back: {}", e.message),
        }
    }
    Ok(summary)
}

#[tauri::command]
pub async fn list_links(desk: State<'_, Desk>, query: Option<QueryArg>) -> AppResult<Page> {
    Ok(desk.list(&query.unwrap_or_default().to_query()?)?)
}

/// What an export wrote.
#[derive(Debug, Serialize)]
pub struct Exported {
    pub rows: usize,
    pub path: String,
}

#[tauri::command]
pub async fn export_csv(desk: State<'_, Desk>, query: Option<QueryArg>, path: String) -> AppResult<Exported> {
    let (csv, rows) = desk.export_csv(&query.unwrap_or_default().to_export_query()?)?;
    let written = write_chosen(&path, "csv", csv.as_bytes())?;
    tracing::info!(rows, "history exported as CSV");
    Ok(Exported { rows, path: written.display().to_string() })
}

/// The URL a customer scans, or why there is none yet.
fn payable_url(desk: &Desk, id: &LinkRef) -> AppResult<String> {
    let link = desk.get(&id.key())?;
    link.url.ok_or_else(|| {
        AppError::from(paydesk_core::Error::Conflict(format!(
            "Link {} has no payment page yet ({}): retry it first.",
            link.id, link.status
        )))
    })
}

#[tauri::command]
pub async fn qr_svg(desk: State<'_, Desk>, id: LinkRef) -> AppResult<String> {
    Ok(qr::svg(&payable_url(&desk, &id)?)?)
}

#[tauri::command]
pub async fn save_qr_png(desk: State<'_, Desk>, id: LinkRef, path: String) -> AppResult<()> {
    let png = qr::png(&payable_url(&desk, &id)?)?;
    write_chosen(&path, "png", &png)?;
    Ok(())
}

#[tauri::command]
pub async fn open_customer_window<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>, id: LinkRef) -> AppResult<()> {
    // Looked up first: the window only ever opens on a link that exists, by its numeric id.
    let link = desk.get(&id.key())?;
    crate::windows::open_customer(&app, link.id)?;
    Ok(())
}
