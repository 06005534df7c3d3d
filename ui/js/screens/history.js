// History: one row per sale, newest first from the local database (so it opens offline), paged
// by `next_before_id`, filtered and searched; verify one row or every open link; export the
// filtered rows as CSV (the core streams it to the file, with progress and a Cancel button).
// Rows are drawn by history-rows.js.

import * as api from "../api.js";
import { STATUS_LABELS, lastVerified, verifySummary, csvFileName } from "../format.js";
import { toQuery, exportQuery, emptyFilters, isFiltered, debounce, severalTills, tillOptions } from "../filters.js";
import { h, fill, say, option, busy } from "../dom.js";
import { t, l10n, errorText } from "../i18n.js";
import { currentAttemptId } from "../sale.js";
import { saleRow, toggleAttempts } from "./history-rows.js";

let ctx;
const filters = emptyFilters();
let rows = [];
let nextBefore = null;
let total = 0;
let totalCapped = false;
let tills = [];
let seq = 0;
let ticker = null;

const el = (id) => document.getElementById(id);

export function init(c) {
  ctx = c;
  fill(el("filter-status"), choice("", "history-all-statuses"), Object.keys(STATUS_LABELS).map((v) => choice(v, `status-${v}`)));
  fill(el("filter-mode"), choice("", "history-all-modes"), choice("test", "history-test-only"), choice("live", "history-live-only"));
  fillProviders();
  ctx.on("providers", fillProviders);

  const search = debounce(() => {
    filters.search = el("history-search").value;
    reload();
  }, 250);
  el("history-search").addEventListener("input", search);
  for (const [id, key] of [["filter-status", "status"], ["filter-provider", "provider"], ["filter-mode", "mode"], ["filter-till", "till"]]) {
    el(id).addEventListener("change", () => {
      filters[key] = el(id).value;
      reload();
    });
  }
  el("load-more").addEventListener("click", (e) => busy(e.currentTarget, loadMore));
  el("verify-all").addEventListener("click", (e) => busy(e.currentTarget, verifyAll));
  el("export-csv").addEventListener("click", (e) => busy(e.currentTarget, exportCsv));

  const tbody = el("history-table").tBodies[0];
  tbody.addEventListener("click", (e) => {
    if (e.target.closest("button, a")) return;
    const tr = e.target.closest("tr[data-id], tr[data-attempt]");
    if (tr) ctx.go("link", Number(tr.dataset.id ?? tr.dataset.attempt));
  });
  tbody.addEventListener("keydown", (e) => {
    const tr = e.target.closest("tr[data-id], tr[data-attempt]");
    if (tr && e.target === tr && (e.key === "Enter" || e.key === " ")) { // l10n-ignore: key names
      e.preventDefault();
      ctx.go("link", Number(tr.dataset.id ?? tr.dataset.attempt));
    }
  });

  ctx.on("link-updated", updateSale);
  ctx.on("verify-progress", progress);
  ctx.on("network", renderOffline);
  api.listen("export-progress", exportProgress);
}

export function show() {
  if (ctx.focusSearch) el("history-search").focus();
  ctx.focusSearch = false;
  renderOffline();
  reload();
  clearInterval(ticker);
  ticker = setInterval(refreshTimes, 30_000);
}

export function hide() {
  clearInterval(ticker);
}

/** An <option> whose words come from the catalogue (redrawn when the language changes). */
const choice = (value, id) => h("option", { value, ...l10n(id) });

function fillProviders() {
  const sel = el("filter-provider");
  const keep = sel.value;
  fill(sel, choice("", "history-all-providers"), ctx.providers.map((p) => option(p.id, p.name, { selected: p.id === keep })));
}

/** The till filter, shown only when the history has several tills (from the page's list). */
function fillTills(list) {
  tills = Array.isArray(list) ? list : [];
  const options = tillOptions(tills, filters.till);
  el("filter-till-field").hidden = options.length === 0;
  fill(el("filter-till"), options.map((o) => option(o.value, o.label, { selected: o.selected })));
}

function renderOffline() {
  el("offline-banner").hidden = !(ctx.net.offline || ctx.net.lastVerifyFailed);
}

async function reload() {
  const mine = ++seq;
  try {
    const page = await api.listSales(toQuery(filters));
    if (mine !== seq) return; // a newer search answered first
    rows = page.links;
    total = page.total;
    totalCapped = page.total_capped === true;
    nextBefore = page.next_before_id ?? null;
    fillTills(page.tills);
    render();
  } catch (e) {
    if (mine === seq) say(el("history-note"), errorText(e));
  }
}

async function loadMore() {
  if (nextBefore === null) return;
  const mine = seq;
  try {
    const page = await api.listSales(toQuery(filters, { beforeId: nextBefore }));
    if (mine !== seq) return;
    rows = rows.concat(page.links);
    total = page.total;
    totalCapped = page.total_capped === true;
    nextBefore = page.next_before_id ?? null;
    const tbody = el("history-table").tBodies[0];
    tbody.append(...page.links.map(row));
    renderCount();
  } catch (e) {
    say(el("history-note"), errorText(e));
  }
}

function render() {
  const tbody = el("history-table").tBodies[0];
  fill(tbody, rows.map(row));
  const empty = rows.length === 0;
  el("history-table").hidden = empty;
  say(el("history-empty"), empty ? t(isFiltered(filters) ? "history-none-match" : "history-none-yet") : "");
  renderCount();
}

function renderCount() {
  // The history counts no further than 1,000 matches: past that it says "1,000+" (so "links").
  const of = `${total.toLocaleString(ctx.locale)}${totalCapped ? "+" : ""}`;
  el("history-count").textContent = total === 0 ? "" : t("history-count", { shown: rows.length.toLocaleString(ctx.locale), total: of, count: total });
  el("load-more").hidden = nextBefore === null;
}

function providerName(id) {
  return ctx.provider(id)?.name ?? id;
}

function row(item) {
  return saleRow(ctx, item, { tills: severalTills(tills) ? tills : null, act: rowAction, toggle: (tr, it, button) => toggleAttempts(ctx, tr, it, button, (m) => say(el("history-note"), m)) });
}

/** A link changed somewhere: redraw its sale's row when it is that sale's current attempt. */
function updateSale(v) {
  const link = v.link;
  if (currentAttemptId(v) !== link.id) return;
  const i = rows.findIndex((r) => r.id === link.id || (link.sale_id != null && r.sale_id === link.sale_id));
  if (i < 0) return;
  const old = rows[i];
  updateRow({ ...link, attempts: v.sale?.attempts?.length ?? old.attempts, paid_twice: v.paid_twice ? true : old.paid_twice }, old.id);
}

function updateRow(link, was = link.id) {
  const i = rows.findIndex((r) => r.id === was);
  if (i < 0) return;
  rows[i] = { ...rows[i], ...link };
  const old = el("history-table").querySelector(`tr[data-id="${was}"]`);
  if (!old) return;
  const hadFocus = old.contains(document.activeElement);
  const fresh = row(rows[i]);
  for (const r of old.parentElement.querySelectorAll(`tr[data-of="${was}"]`)) r.remove(); // folded again
  old.replaceWith(fresh);
  if (hadFocus) fresh.focus();
}

async function rowAction(id, fn) {
  try {
    const v = await fn(id);
    ctx.reportNetwork(true);
    updateSale(v);
    say(el("history-note"), "");
  } catch (e) {
    ctx.reportNetwork(false, e);
    say(el("history-note"), t("history-link-error", { link: id, error: errorText(e) }));
  }
}

function progress(p) {
  const bar = el("verify-progress");
  if (!p || !p.total) return;
  bar.max = p.total;
  bar.value = p.done;
  bar.setAttribute("aria-valuetext", t("history-verify-checked", { done: p.done, total: p.total }));
  el("verify-summary").textContent = t("history-verify-progress", { done: p.done, total: p.total });
}

async function verifyAll() {
  const bar = el("verify-progress");
  el("verify-box").hidden = false;
  bar.hidden = false;
  bar.removeAttribute("value"); // indeterminate until the first progress event
  el("verify-summary").textContent = t("history-verify-checking");
  try {
    const result = await api.verifyOpen();
    ctx.reportNetwork(true);
    const s = verifySummary(result);
    bar.max = 1;
    bar.value = 1;
    fill(el("verify-summary"), h("p", { class: "summary-head", text: s.headline }), s.lines.length ? h("ul", {}, s.lines.map((l) => h("li", { text: l }))) : null);
    await reload();
  } catch (e) {
    ctx.reportNetwork(false, e);
    bar.hidden = true;
    fill(el("verify-summary"), h("p", { class: "error", text: errorText(e) }));
  }
}

/** The export's bar and Cancel button, made on first use just above the note. */
function exportBox() {
  let box = el("export-box");
  if (!box) {
    box = h(
      "div",
      { id: "export-box", class: "verify-box", hidden: true },
      h("progress", { id: "export-progress", max: 1, value: 0, ...l10n("history-export-bar") }),
      h("div", { class: "verify-summary", role: "status" }, h("span", { id: "export-text" }), " ", h("button", { type: "button", class: "btn btn-small", ...l10n("history-export-cancel"), on: { click: () => api.cancelExport().catch(() => {}) } })),
    );
    el("history-note").before(box);
  }
  return box;
}

function exportProgress(p) {
  const box = el("export-box");
  if (!box || box.hidden || !p) return;
  const bar = el("export-progress");
  bar.max = Math.max(p.total, 1);
  bar.value = p.written;
  el("export-text").textContent = t("history-exporting-rows", { written: p.written.toLocaleString(ctx.locale), total: p.total.toLocaleString(ctx.locale) });
}

async function exportCsv() {
  try {
    const path = await api.saveDialog(csvFileName(), [{ name: t("history-csv-filter"), extensions: ["csv"] }]);
    if (!path) return;
    const box = exportBox();
    el("export-progress").removeAttribute("value"); // indeterminate until the first batch
    el("export-text").textContent = t("history-exporting");
    box.hidden = false;
    say(el("history-note"), "");
    try {
      const res = await api.exportCsv(exportQuery(filters), path);
      say(el("history-note"), t("history-exported", { rows: res.rows.toLocaleString(ctx.locale), count: res.rows, path: res.path }));
    } finally {
      box.hidden = true;
    }
  } catch (e) {
    say(el("history-note"), e.kind === "interrupted" ? t("history-export-cancelled") : errorText(e));
  }
}

function refreshTimes() {
  for (const span of el("history-table").querySelectorAll(".verified[data-at]")) {
    if (span.dataset.at) span.textContent = lastVerified(span.dataset.at, Date.now(), ctx.locale);
  }
}
