// Settings → Backups: "Back up now" (a save dialog; a consistent copy through SQLite's online
// backup API, reported with its size), "Restore…" (an open dialog; the core checks the file and
// the manager PIN, then stages it: the app cannot swap the history it has open, so the restore
// is finished by the next start, which keeps the current history aside), and the automatic
// daily backups with how long they are kept.

import * as api from "../api.js";
import { h, fill, say, busy } from "../dom.js";
import { askPin } from "./pin.js";

const el = (id) => document.getElementById(id);
const FILTERS = [{ name: "paydesk backup", extensions: ["sqlite3", "db", "sqlite"] }];
let ctx;

export function init(c) {
  ctx = c;
  const section = h(
    "section",
    { id: "backups-card", class: "card backups-card", "aria-labelledby": "backups-title" },
    h("h2", { id: "backups-title", text: "Backups" }),
    h("p", { class: "hint", text: "A copy of the whole history, safe to take while paydesk works. API keys are never in a backup: they stay in this computer's keyring." }),
    h(
      "div",
      { class: "btn-row" },
      h("button", { id: "backup-now", type: "button", class: "btn btn-primary", text: "Back up now", on: { click: (e) => busy(e.currentTarget, backupNow) } }),
      h("button", { id: "restore-backup", type: "button", class: "btn", text: "Restore…", on: { click: (e) => busy(e.currentTarget, restore) } }),
    ),
    h("p", { id: "backup-msg", class: "note", role: "status" }),
    h("p", { id: "restore-state", class: "note restore-state", role: "status" }),
    h("h3", { id: "daily-title", text: "Automatic daily backups" }),
    h("p", { id: "daily-keep", class: "hint" }),
    h("table", { id: "daily-table", class: "daily-table", "aria-labelledby": "daily-title" }, h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Day" }), h("th", { scope: "col", class: "num", text: "Size" }))), h("tbody", { id: "daily-list" })),
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
    say(el("backup-msg"), e.message);
    return;
  }
  say(el("daily-keep"), `Made when paydesk starts, one a day, in ${info.dir ?? "the data folder"}; each is kept ${info.keep_days} days (the backup.keep_days setting, under Advanced).`);
  fill(
    el("daily-list"),
    info.daily.length === 0 ? h("tr", {}, h("td", { colSpan: 2, class: "hint", text: "None yet." })) : null,
    info.daily.map((b) => h("tr", { title: b.path }, h("td", { text: day(b.day) }), h("td", { class: "num", text: size(b.bytes) }))),
  );
  const aside = info.restored_at_open?.kept_aside;
  say(
    el("restore-state"),
    info.pending
      ? "A restore is waiting: close paydesk and open it again to finish it. Until then this window shows the current history."
      : info.restored_at_open
        ? `A backup was restored when paydesk started.${aside ? ` The history before it is kept as ${aside}.` : ""}`
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
    const path = await api.saveDialog(`paydesk-backup-${today()}.sqlite3`, FILTERS);
    if (!path) return;
    const made = await api.backupNow(path);
    say(el("backup-msg"), `Backed up to ${made.path} (${size(made.bytes)}) ✓`);
  } catch (e) {
    say(el("backup-msg"), e.message);
  }
}

async function restore() {
  say(el("backup-msg"), "");
  try {
    const path = await api.openDialog(FILTERS);
    if (!path) return;
    const pin = await askPin("restore a backup");
    if (pin === undefined) return;
    const staged = await api.restoreBackup(String(path), pin);
    say(el("backup-msg"), `${staged.file} is a sound paydesk backup ✓ Close paydesk and open it again to finish: the current history is then kept aside, never overwritten.`);
    await refresh();
  } catch (e) {
    say(el("backup-msg"), e.message);
  }
}
