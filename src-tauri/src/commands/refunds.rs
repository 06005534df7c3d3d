//! Commands of the refund dialog and the Settings screen's "Manager PIN": refund a paid link,
//! and set, clear or ask about the PIN. A PIN only ever travels inward, wrapped at once; no
//! reply and no error carries it.

use super::{announce, off};
use crate::error::AppResult;
use crate::view::{LinkRef, LinkView};
use paydesk_core::desk::{Desk, PinStatus, RefundInput};
use paydesk_core::money::NumberStyle;
use secrecy::SecretString;
use tauri::{AppHandle, Runtime, State};

/// A PIN as the UI sends it: absent or blank is no PIN.
pub(super) fn pin_arg(pin: Option<String>) -> Option<SecretString> {
    pin.filter(|p| !p.trim().is_empty()).map(SecretString::from)
}

/// Gives back `amount` (all that is left when absent) of a paid link through its provider.
#[tauri::command]
pub async fn refund_link<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    id: LinkRef,
    amount: Option<String>,
    reason: Option<String>,
    pin: Option<String>,
    number_style: Option<NumberStyle>,
) -> AppResult<LinkView> {
    let pin = pin_arg(pin);
    let done = desk.refund(&id.key(), &RefundInput { amount, reason, number_style }, pin).await?;
    let link_id = done.link.id;
    let view = off(&desk, move |d| LinkView::load(d, link_id)).await?;
    announce(&app, &view);
    Ok(view)
}

#[tauri::command]
pub async fn pin_status(desk: State<'_, Desk>) -> AppResult<PinStatus> {
    off(&desk, |d| d.pin_status()).await
}

/// Sets or changes the manager PIN; changing one needs the `current` PIN.
#[tauri::command]
pub async fn set_pin(desk: State<'_, Desk>, current: Option<String>, pin: String) -> AppResult<PinStatus> {
    let (current, pin) = (pin_arg(current), SecretString::from(pin));
    off(&desk, move |d| d.set_pin(current.as_ref(), &pin)).await
}

#[tauri::command]
pub async fn clear_pin(desk: State<'_, Desk>, current: String) -> AppResult<PinStatus> {
    let current = SecretString::from(current);
    off(&desk, move |d| d.clear_pin(&current)).await
}
