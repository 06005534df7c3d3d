// Settings → Backups: "Back up now" (a save dialog; a consistent copy through SQLite's online
// backup API, reported with its size), "Restore…" (an open dialog; the core checks the file and
// the manager PIN, then stages it: the app cannot swap the history it has open, so the restore
// is finished by the next start, which keeps the current history aside, unless it is cancelled
// first), and the automatic daily backups with how long they are kept.

import * as api from "../api.js";
import { h, fill, say, busy } from "../dom.js";
import { askPin } from "./pin.js";
import { t, l10n, errorText } from "../i18n.js";

const el = (id) => document.getElementById(id);
/** The file dialogs' filter, named in the window's language when asked. */
const filters = () => [{ name: t("backups-filter"), extensions: ["sqlite3", "db", "sqlite"] }];
let ctx;

export function init(c) {
  ctx = c;
  const section = h(
    "section",
    { id: "backups-card", class: "card backups-card", "aria-labelledby": "backups-title" },
    h("h2", { id: "backups-title", ...l10n("backups-title") }),
    h("p", { class: "hint", ...l10n("backups-hint") }),
    h(
      "div",
      { class: "btn-row" },
      h("button", { id: "backup-now", type: "button", class: "btn btn-primary", ...l10n("backups-now"), on: { click: (e) => busy(e.currentTarget, backupNow) } }),
      h("button", { id: "restore-backup", type: "button", class: "btn", ...l10n("backups-restore"), on: { click: (e) => busy(e.currentTarget, restore) } }),
    ),
    h("p", { id: "backup-msg", class: "note", role: "status" }),
    h("p", { id: "restore-state", class: "note restore-state", role: "status" }),
    h("button", { id: "restore-cancel", type: "button", class: "btn", hidden: true, ...l10n("backups-restore-cancel"), on: { click: (e) => busy(e.currentTarget, cancelRestore) } }),
    h("h3", { id: "daily-title", ...l10n("backups-daily-title") }),
    h("p", { id: "daily-keep", class: "hint" }),
    h("table", { id: "daily-table", class: "daily-table", "aria-labelledby": "daily-title" }, h("thead", {}, h("tr", {}, h("th", { scope: "col", ...l10n("backups-col-day") }), h("th", { scope: "col", class: "num", ...l10n("backups-col-size") }))), h("tbody", { id: "daily-list" })),
  );
  el("settings-screen").querySelector(".settings-layout").append(section);
}

export async function show() {
  say(el("backup-msg"), "");
  await refresh();
}

function size(bytes) {
  const mb = bytes >= 1024 * 1024;
  const fmt = new Intl.NumberFormat(ctx.locale, { style: "unit", unit: mb ? "megabyte" : "kilobyte", maximumFractionDigits: 1 });
  return fmt.format(mb ? bytes / (1024 * 1024) : Math.max(bytes / 1024, 0.1));
}

function day(d) {
  // A calendar day, not an instant: read and shown in UTC so no time zone moves it.
  return new Intl.DateTimeFormat(ctx.locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`));
}

async function refresh() {
  let info;
  try {
    info = await api.listBackups();
  } catch (e) {
    say(el("backup-msg"), errorText(e));
    return;
  }
  say(el("daily-keep"), t("backups-daily-keep", { folder: info.dir ?? t("backups-data-folder"), days: Number(info.keep_days) }));
  fill(
    el("daily-list"),
    info.daily.length === 0 ? h("tr", {}, h("td", { colSpan: 2, class: "hint", text: t("backups-none-yet") })) : null,
    info.daily.map((b) => h("tr", { title: b.path }, h("td", { text: day(b.day) }), h("td", { class: "num", text: size(b.bytes) }))),
  );
  el("restore-cancel").hidden = !info.pending;
  const aside = info.restored_at_open?.kept_aside;
  say(
    el("restore-state"),
    info.pending
      ? t("backups-restore-waiting")
      : info.restored_at_open
        ? aside
          ? t("backups-restored-aside", { path: aside })
          : t("backups-restored")
        : "",
  );
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function backupNow() {
  say(el("backup-msg"), "");
  try {
    const path = await api.saveDialog(`paydesk-backup-${today()}.sqlite3`, filters());
    if (!path) return;
    const made = await api.backupNow(path);
    say(el("backup-msg"), t("backups-done", { path: made.path, size: size(made.bytes) }));
  } catch (e) {
    say(el("backup-msg"), errorText(e));
  }
}

async function restore() {
  say(el("backup-msg"), "");
  try {
    const path = await api.openDialog(filters());
    if (!path) return;
    const pin = await askPin(t("backups-pin-restore"));
    if (pin === undefined) return;
    const staged = await api.restoreBackup(String(path), pin);
    // The file by its name (its folder was just picked); what happens next is the waiting
    // restore's own line, under it, said once.
    say(el("backup-msg"), t("backups-staged", { file: String(staged.file).split(/[\\/]/).pop() }));
    await refresh();
  } catch (e) {
    say(el("backup-msg"), errorText(e));
  }
}

/** Calls off the waiting restore: the history in place stays. The button goes with it, so its
 * focus moves to Restore…, where the person can pick another file. */
async function cancelRestore() {
  say(el("backup-msg"), "");
  try {
    const was = await api.cancelRestore();
    say(el("backup-msg"), was ? t("backups-restore-cancelled") : "");
    await refresh();
    el("restore-backup").focus();
  } catch (e) {
    say(el("backup-msg"), errorText(e));
  }
}
