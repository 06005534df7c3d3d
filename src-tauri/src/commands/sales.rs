//! Commands of the sale at the counter: trying another provider, cancelling a sale, and the
//! history as one row per sale with its attempts on demand.

use super::{announce, off};
use crate::error::AppResult;
use crate::view::{LinkRef, LinkView, QueryArg};
use paydesk_core::desk::{Desk, Page, Till};
use paydesk_core::link::Link;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

/// Tries another provider for the sale of link `id`; returns the new attempt.
#[tauri::command]
pub async fn failover_sale<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>, id: LinkRef, provider: String) -> AppResult<LinkView> {
    let link = desk.failover(&id.key(), &provider).await?;
    let view = off(&desk, move |d| LinkView::load(d, link.id)).await?;
    announce(&app, &view);
    Ok(view)
}

/// Cancels the sale of link `id` (none of its attempts can be paid); returns that link's view.
#[tauri::command]
pub async fn cancel_sale<R: Runtime>(app: AppHandle<R>, desk: State<'_, Desk>, id: LinkRef) -> AppResult<LinkView> {
    desk.cancel_sale(&id.key()).await?;
    let key = id.key();
    let view = off(&desk, move |d| LinkView::load(d, d.get(&key)?.id)).await?;
    announce(&app, &view);
    Ok(view)
}

/// One history row: a sale's current attempt, how many attempts it had, and the paid-twice flag.
#[derive(Debug, Serialize)]
pub struct SaleRow {
    #[serde(flatten)]
    pub link: Link,
    pub attempts: usize,
}

#[derive(Debug, Serialize)]
pub struct SalePage {
    pub links: Vec<SaleRow>,
    pub total: u64,
    /// The history holds more than `total` (shown as "1,000+").
    pub total_capped: bool,
    pub next_before_id: Option<i64>,
    /// Every till the history knows, this one first (a till filter when there are several).
    pub tills: Vec<Till>,
}

/// The history, one row per sale (its current attempt), newest first.
#[tauri::command]
pub async fn list_sales(desk: State<'_, Desk>, query: Option<QueryArg>) -> AppResult<SalePage> {
    let mut query = query.unwrap_or_default().to_query()?;
    query.sales_only = true;
    off(&desk, move |d| {
        let Page { links, total, total_capped, next_before_id, tills } = d.list(&query)?;
        let mut rows = Vec::with_capacity(links.len());
        for link in links {
            let attempts = d.sale(&link.sale_id.to_string())?.attempts.len();
            rows.push(SaleRow { link, attempts });
        }
        Ok(SalePage { links: rows, total, total_capped, next_before_id, tills })
    })
    .await
}

/// Every attempt of the sale of link `id`, oldest first.
#[tauri::command]
pub async fn get_sale_attempts(desk: State<'_, Desk>, id: LinkRef) -> AppResult<Vec<Link>> {
    off(&desk, move |d| Ok(d.sale(&d.get(&id.key())?.sale_id.to_string())?.attempts)).await
}
