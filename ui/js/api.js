// The one door to the Tauri shell. Nothing else in ui/ touches window.__TAURI__, so the
// screens read like the contract in docs/ipc.md and node tests can swap the backend.

import { errorText } from "./i18n.js";

let backend = null;

/** Replaces the Tauri globals (tests and the preview stub). Pass null to go back to them. */
export function setBackend(b) {
  backend = b;
}

function tauri() {
  const t = backend ?? globalThis.__TAURI__;
  if (!t) {
    throw appError("io", "paydesk must be opened from its own app window, not from a web browser.", null, null, null, "error-no-window");
  }
  return t;
}

/**
 * `message` is in the window's language (from `id` and `args`, see i18n.errorText); `english`
 * keeps the core's English words.
 */
function appError(kind, message, field = null, details = null, link = null, id = "error-text", args = { text: message }) {
  const e = { kind, message, english: message, id, args, field, details, link };
  e.message = errorText(e);
  return e;
}

/**
 * Turns whatever a command rejected with into `{kind, message, field, details, link}` (the
 * contract's one shape): `details` is the technical text for a "Details" disclosure, `link` the
 * local link the error is about (the sale kept after a failure, a duplicate's earlier link).
 */
export function toError(e) {
  if (e && typeof e === "object" && typeof e.kind === "string") {
    const details = typeof e.details === "string" && e.details.trim() ? e.details : null;
    const link = Number.isInteger(e.link) && e.link > 0 ? e.link : null;
    const message = String(e.message ?? "Something went wrong.");
    const id = typeof e.id === "string" ? e.id : "error-text";
    const args = e.args && typeof e.args === "object" ? e.args : { text: message };
    return appError(e.kind, message, e.field ?? null, details, link, id, args);
  }
  if (typeof e === "string") return appError("io", e);
  if (e instanceof Error) return appError("io", e.message);
  return appError("io", "Something went wrong.", null, null, null, "error-unknown", {});
}

/** Calls one command; always rejects with `{kind, message, field, details, link}`. */
export async function call(cmd, args) {
  try {
    return await tauri().core.invoke(cmd, args);
  } catch (e) {
    throw toError(e);
  }
}

/** Listens to an event from the shell; `cb` gets the payload. Resolves to an unlisten function. */
export async function listen(name, cb) {
  try {
    return await tauri().event.listen(name, (event) => cb(event?.payload));
  } catch {
    return () => {};
  }
}

/** Tells the shell something happened in the page; never fails (outside the app it does nothing). */
export async function emit(name, payload) {
  try {
    await tauri().event.emit(name, payload);
  } catch {
    // Not in the app window (a browser, the tests): nobody to tell.
  }
}

// ---- commands (names and arguments exactly as in docs/ipc.md) ----
export const appInfo = () => call("app_info");
export const listProviders = () => call("list_providers");
/**
 * Creates a sale and its link. `onRecorded({link_id, sale_id})` is called as soon as the sale is
 * written, before the provider answers, so the window can become that sale at once.
 * `again: true` in `input` makes it past the duplicate guard.
 */
export async function createLink(input, onRecorded = () => {}) {
  // The shell announces the written sale to every window; this request's own tag picks ours.
  const request = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  const stop = await listen("sale-recorded", (p) => {
    if (p?.request === request) onRecorded({ link_id: p.link_id, sale_id: p.sale_id });
  });
  try {
    return await call("create_link", { input, request });
  } finally {
    stop();
  }
}
export const getLink = (id) => call("get_link", { id: Number(id) });
export const verifyLink = (id) => call("verify_link", { id: Number(id) });
export const retryLink = (id) => call("retry_link", { id: Number(id) });
export const simulateLink = (id, outcome) => call("simulate_link", { id: Number(id), outcome });
export const shareLink = (id, to, name, message) => call("share_link", { id: Number(id), to, name, message });
export const cancelLink = (id) => call("cancel_link", { id: Number(id) });
/** Makes the sale's next attempt with another provider; resolves to that attempt's LinkView. */
export const failoverSale = (id, provider) => call("failover_sale", { id: Number(id), provider });
export const cancelSale = (id) => call("cancel_sale", { id: Number(id) });
/** One row per sale (its current attempt), with `attempts` (a count) and `paid_twice`. */
export const listSales = (query) => call("list_sales", { query });
export const getSaleAttempts = (id) => call("get_sale_attempts", { id: Number(id) });
export const verifyOpen = () => call("verify_open");
export const listLinks = (query) => call("list_links", { query });
export const exportCsv = (query, path) => call("export_csv", { query, path });
export const cancelExport = () => call("cancel_export");
export const qrSvg = (id) => call("qr_svg", { id: Number(id) });
export const saveQrPng = (id, path) => call("save_qr_png", { id: Number(id), path });
export const listKeys = () => call("list_keys");
export const setKey = (provider, mode, key, pin = null) => call("set_key", { provider, mode, key, pin });
export const deleteKey = (provider, mode, pin = null) => call("delete_key", { provider, mode, pin });
export const getSettings = () => call("get_settings");
export const setSetting = (key, value) => call("set_setting", { key, value });
export const unsetSetting = (key) => call("unset_setting", { key });
export const openCustomerWindow = (id) => call("open_customer_window", { id: Number(id) });
/** `{amount, reason, pin, numberStyle}`, each optional: no amount gives back all that is left. */
export const refundLink = (id, { amount = null, reason = null, pin = null, numberStyle = null } = {}) =>
  call("refund_link", { id: Number(id), amount, reason, pin, numberStyle });
export const pinStatus = () => call("pin_status");
export const setPin = (current, pin) => call("set_pin", { current, pin });
export const clearPin = (current) => call("clear_pin", { current });
export const listPresets = () => call("list_presets");
export const savePreset = (input) => call("save_preset", { input });
export const removePreset = (id) => call("remove_preset", { id });
export const backupNow = (path) => call("backup_now", { path });
export const listBackups = () => call("list_backups");
export const restoreBackup = (path, pin = null) => call("restore_backup", { path, pin });
export const cancelRestore = () => call("cancel_restore");

// ---- plugins ----
async function plugin(fn) {
  try {
    return await fn(tauri());
  } catch (e) {
    throw toError(e);
  }
}

export const copyText = (text) => plugin((t) => t.clipboardManager.writeText(text));
export const openUrl = (url) => plugin((t) => t.opener.openUrl(url));
/** The save dialog; resolves to a path, or null when the person cancelled. */
export const saveDialog = (defaultPath, filters) => plugin((t) => t.dialog.save({ defaultPath, filters }));
/** The open dialog for one file; resolves to its path, or null when the person cancelled. */
export const openDialog = (filters) => plugin((t) => t.dialog.open({ multiple: false, directory: false, filters }));

function currentWindow(t) {
  if (t.window?.getCurrentWindow) return t.window.getCurrentWindow();
  return t.webviewWindow.getCurrentWebviewWindow();
}

/** Flips this window between fullscreen and not; resolves to the new state. */
export const toggleFullscreen = () =>
  plugin(async (t) => {
    const w = currentWindow(t);
    const next = !(await w.isFullscreen());
    await w.setFullscreen(next);
    return next;
  });

export const setFullscreen = (on) => plugin((t) => currentWindow(t).setFullscreen(on));

// ---- the shop hub ----
/** Every language with its Fluent catalogue, and which to show (docs/l10n.md). */
export const l10nCatalogues = () => call("l10n_catalogues");
export const hubStatus = () => call("hub_status");
export const setHubUrl = (url) => call("set_hub_url", { url });
export const hubInit = () => call("hub_init");
export const syncNow = () => call("sync_now");

// ---- the shop's day ----
/** `{from, to, rows}` of one shop day (today's when `date` is null): `paydesk report day --json`. */
export const reportDay = (date = null) => call("report_day", { date });
export const reportRange = (from, to) => call("report_range", { from, to });
export const reportDays = (from, to) => call("report_days", { from, to });
/** `{date, tills, sales}`: the day's paid sales, as a Z report lists them. */
export const reportDaySales = (date = null) => call("report_day_sales", { date });
