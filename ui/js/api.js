// The one door to the Tauri shell. Nothing else in ui/ touches window.__TAURI__, so the
// screens read like the contract in docs/ipc.md and node tests can swap the backend.

let backend = null;

/** Replaces the Tauri globals (tests and the preview stub). Pass null to go back to them. */
export function setBackend(b) {
  backend = b;
}

function tauri() {
  const t = backend ?? globalThis.__TAURI__;
  if (!t) {
    throw appError("io", "paydesk must be opened from its own app window, not from a web browser.");
  }
  return t;
}

function appError(kind, message, field = null) {
  return { kind, message, field };
}

/** Turns whatever a command rejected with into `{kind, message, field}` (the contract's one shape). */
export function toError(e) {
  if (e && typeof e === "object" && typeof e.kind === "string") {
    return appError(e.kind, String(e.message ?? "Something went wrong."), e.field ?? null);
  }
  if (typeof e === "string") return appError("io", e);
  if (e instanceof Error) return appError("io", e.message);
  return appError("io", "Something went wrong.");
}

/** Calls one command; always rejects with `{kind, message, field}`. */
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
export const createLink = (input) => call("create_link", { input });
export const getLink = (id) => call("get_link", { id: Number(id) });
export const verifyLink = (id) => call("verify_link", { id: Number(id) });
export const retryLink = (id) => call("retry_link", { id: Number(id) });
export const simulateLink = (id, outcome) => call("simulate_link", { id: Number(id), outcome });
export const shareLink = (id, to, name, message) => call("share_link", { id: Number(id), to, name, message });
export const cancelLink = (id) => call("cancel_link", { id: Number(id) });
export const verifyOpen = () => call("verify_open");
export const listLinks = (query) => call("list_links", { query });
export const exportCsv = (query, path) => call("export_csv", { query, path });
export const cancelExport = () => call("cancel_export");
export const qrSvg = (id) => call("qr_svg", { id: Number(id) });
export const saveQrPng = (id, path) => call("save_qr_png", { id: Number(id), path });
export const listKeys = () => call("list_keys");
export const setKey = (provider, mode, key) => call("set_key", { provider, mode, key });
export const deleteKey = (provider, mode) => call("delete_key", { provider, mode });
export const getSettings = () => call("get_settings");
export const setSetting = (key, value) => call("set_setting", { key, value });
export const unsetSetting = (key) => call("unset_setting", { key });
export const openCustomerWindow = (id) => call("open_customer_window", { id: Number(id) });

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
