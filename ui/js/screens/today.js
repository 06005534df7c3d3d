// Today: the shop's day totals per provider × currency × mode (live first; test and training
// apart and marked), a date picker for another day, and the last 30 days' live paid totals as
// an SVG bar chart per currency — the same figures in a table for a screen reader. "Print Z
// report" opens the day's Z report. The title says which day it is against the shop's today
// (Today, Yesterday, Another day), with a way back to today from any other.

import * as api from "../api.js";
import { formatMoney } from "../money.js";
import { badge, unbroken } from "../format.js";
import { $, h, fill, say, option } from "../dom.js";
import { byMode, chartCurrencies, dailySeries, daysEnding, keptByCurrency, scale, bars } from "../report.js";
import { t, setL10n, errorText } from "../i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 720;
const H = 200;
const PAD = { left: 90, bottom: 28, top: 10, right: 10 };

let ctx;
let shown = null; // the day on screen
let today = null; // the shop's today, as the newest load learned it
let month = []; // [{date, rows}] for the chart
let currency = null;
let loading = null; // the load under way, if any
let again = false; // a change arrived while it ran
let asked = 0; // the newest load's number: an older one's answer is dropped
let wanted = null; // the day the newest load asked for (null: the shop's today)
let resting = null; // the timer that shows a typed day once the typing rests

/**
 * How long the day field rests before the day typed in it is shown. WebKit sends `input` at
 * every digit (day 2, then day 25) and `change` only when the field is left, and a person who has
 * typed a day waits for it rather than pressing Tab.
 */
const TYPING_RESTS_MS = 500;

export function init(c) {
  ctx = c;
  const field = $("#today-date");
  field.addEventListener("input", () => {
    clearTimeout(resting);
    // A year half typed is a day too to WebKit (202 is the year 202): wait for all four digits.
    resting = setTimeout(() => /^[1-9]\d{3}-/.test(field.value) && pick(field.value), TYPING_RESTS_MS);
  });
  field.addEventListener("change", () => {
    clearTimeout(resting);
    pick(field.value);
  });
  // WebKit lays the day field out in the order of the language the window prefers, which the
  // shell sets to the one the page formats in (src-tauri/src/windows.rs, prefer_language); a
  // field already drawn keeps its old order until its value is set again.
  addEventListener("languagechange", () => {
    const day = field.value;
    if (!day || document.activeElement === field) return;
    field.value = "";
    field.value = day;
  });
  $("#today-chart-currency").addEventListener("change", (e) => {
    currency = e.target.value;
    drawChart();
  });
  $("#today-print-z").addEventListener("click", () => ctx.go("zreport", shown));
  // The Today button of the navigation does the same (#/today is always the shop's today).
  $("#today-now").addEventListener("click", () => ctx.go("today"));
  // A verify of every open link sends one link-updated per link: reload once at a time, and
  // once more after it if anything changed meanwhile.
  ctx.on("link-updated", () => {
    if (ctx.current?.name === "today" && shown) reload();
  });
}

/** `#/today` is the shop's today, whatever day was picked before; `#/today/2024-03-05` that day
 * (the Z report's way back). */
export async function show(route) {
  await load(route?.date ?? null);
}

/** Shows a day typed or picked in the field, unless it is the day shown or already asked for. */
function pick(day) {
  if (day && day !== (wanted ?? shown)) load(day);
}

async function reload() {
  if (loading) {
    again = true;
    return;
  }
  // The day asked for last: a day just typed, still on its way, is not undone.
  loading = load(wanted ?? shown);
  await loading;
  loading = null;
  if (again) {
    again = false;
    reload();
  }
}

async function load(date) {
  const mine = ++asked;
  wanted = date;
  say($("#today-error"), "");
  try {
    // Another day's answer does not say which day is today (a till left on overnight has a new one).
    const [day, now] = await Promise.all([api.reportDay(date), date ? api.reportDay(null) : null]);
    if (mine !== asked) return;
    shown = day.from;
    today = (now ?? day).from;
    wanted = shown;
    const field = $("#today-date");
    // Not under the person's fingers: they may be typing another day already.
    if (field.value !== shown && document.activeElement !== field) field.value = shown;
    say($("#today-day"), longDay(shown, ctx.locale));
    drawTitle();
    drawTotals($("#today-totals"), day.rows, ctx);
    const dates = daysEnding(shown, 30);
    const days = await api.reportDays(dates[0], shown);
    if (mine !== asked) return;
    month = days.map((t) => ({ date: t.from, rows: t.rows }));
    const currencies = chartCurrencies(month);
    if (!currencies.includes(currency)) currency = currencies[0] ?? null;
    fill($("#today-chart-currency"), currencies.map((c) => option(c, c, { selected: c === currency })));
    $("#today-chart-pick").hidden = currencies.length < 2;
    drawChart();
  } catch (e) {
    if (mine !== asked) return;
    wanted = shown;
    say($("#today-error"), errorText(e));
  }
}

/** The title names the day shown against the shop's today; "Back to today" is there for any other. */
function drawTitle() {
  const title = $("#today-title");
  const back = $("#today-now");
  const yesterday = daysEnding(today, 2)[0];
  setL10n(title, shown === today ? "nav-today" : shown === yesterday ? "today-title-yesterday" : "today-title-other");
  const hadFocus = document.activeElement === back;
  back.hidden = shown === today;
  // The button goes with the day it led away from: the title, read out, takes its focus.
  if (hadFocus && back.hidden) title.focus();
}

/** "Tuesday 5 March 2024" for an ISO day, read as a calendar date (no time zone shift). */
export function longDay(iso, locale) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Each mode's heading (message ids). */
const MODE_TITLES = { live: "today-mode-live", test: "today-mode-test", training: "today-mode-training" };
/** The totals tables' columns (message ids), in order; the first two are words, the rest figures. */
const COLUMNS = ["today-col-provider", "today-col-currency", "today-col-paid", "today-col-paid-total", "today-col-waiting", "today-col-failed", "today-col-expired", "today-col-cancelled", "today-col-refunded", "today-col-refunded-total"];

/** A mode's part of a report: its badge and heading over `body` (the totals, the Z report's paid
 * sales); `headingId` names the heading for a table it labels. */
export function modeGroup(mode, heading, body, { headingId = null, extraClass = null } = {}) {
  return h(
    "section",
    { class: ["totals-group", `totals-${mode}`, extraClass], data: { mode } },
    h("h3", { id: headingId, class: "totals-title" }, h("span", { class: ["mode-badge", `mode-${mode}`], text: badge(mode).text }), " ", heading),
    body,
  );
}

/** The totals tables, one per mode; each row carries its figures as data for checks. */
export function drawTotals(host, rows, c) {
  const groups = byMode(rows);
  if (!groups.length) {
    fill(host, h("p", { class: "empty", text: t("today-no-sales") }));
    return;
  }
  fill(
    host,
    groups.map(({ mode, rows: rs }) =>
      modeGroup(
        mode,
        t(MODE_TITLES[mode]),
        [
          h(
            "table",
            { class: "totals-table" },
            h("caption", { class: "visually-hidden", text: t("today-totals-caption", { title: t(MODE_TITLES[mode]) }) }),
            h("thead", {}, h("tr", {}, COLUMNS.map((id, i) => columnHead(id, i >= 2 ? "num" : null)))),
            h("tbody", {}, rs.map((r) => totalsRow(r, c))),
          ),
          // Training moves no money: there is nothing to keep.
          mode === "training" ? null : keptLine(rs, c),
        ],
      ),
    ),
  );
}

/** Under a mode's table, what the shop keeps of those sales once the refunds are off, per
 * currency ("Kept after refunds: NGN 1,800.50 · GBP 34.99"); each figure carries its minor units. */
function keptLine(rows, c) {
  const sums = keptByCurrency(rows);
  if (!sums.length) return null;
  const kept = sums.flatMap(({ currency, minor }, i) => [
    i ? " · " : null,
    h("span", { class: "kept-amount", data: { currency, minor: String(minor) }, text: unbroken(formatMoney(minor, currency, c.style)) }),
  ]);
  return h("p", { class: "totals-kept" }, h("span", { class: "kept-label", text: t("today-kept") }), " ", kept);
}

/**
 * A totals column's head: for the eye its words with soft hyphens (`today-head-*`), so a long
 * French word breaks rather than push ten columns past a narrow window; for a screen reader the
 * plain words (`today-col-*`).
 */
function columnHead(id, cls) {
  return h("th", { scope: "col", class: cls }, h("span", { "aria-hidden": "true", text: t(id.replace("today-col-", "today-head-")) }), h("span", { class: "visually-hidden", text: t(id) }));
}

/** Each figure's column heading (message ids), shown beside it on a narrow window (data-label). */
const LABELS = {
  paid_count: "today-col-paid",
  paid_minor: "today-col-paid-total",
  open_count: "today-col-waiting",
  failed_count: "today-col-failed",
  expired_count: "today-col-expired",
  cancelled_count: "today-col-cancelled",
  refunded_count: "today-col-refunded",
  refunded_minor: "today-col-refunded-total",
};

function totalsRow(r, c) {
  const money = (minor) => formatMoney(minor, r.currency, c.style);
  const cell = (field, text) => h("td", { class: "num", data: { field, value: String(r[field]), label: t(LABELS[field]) }, text });
  return h(
    "tr",
    { data: { key: `${r.provider}|${r.currency}|${r.mode}` } },
    h("th", { scope: "row", text: c.provider(r.provider)?.name ?? r.provider }),
    h("td", { text: r.currency }),
    cell("paid_count", String(r.paid_count)),
    cell("paid_minor", money(r.paid_minor)),
    cell("open_count", String(r.open_count)),
    cell("failed_count", String(r.failed_count)),
    cell("expired_count", String(r.expired_count)),
    cell("cancelled_count", String(r.cancelled_count)),
    cell("refunded_count", String(r.refunded_count)),
    cell("refunded_minor", money(r.refunded_minor)),
  );
}

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const ch of children.flat()) if (ch) el.append(ch);
  return el;
}

/** "2 Dec" (with its year when asked) for an ISO day, read as a calendar date. */
export function shortDay(iso, locale, { year = false } = {}) {
  const [y, m, d] = iso.split("-").map(Number);
  const opts = { day: "numeric", month: "short", timeZone: "UTC", ...(year ? { year: "numeric" } : {}) };
  return new Intl.DateTimeFormat(locale, opts).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An axis figure without its zero decimals ("NGN 2,500", not "NGN 2,500.00"): the steps are whole units. */
function whole(text) {
  const at = text.lastIndexOf(ctx.style.decimal);
  return at > 0 && /^0+$/.test(text.slice(at + 1)) ? text.slice(0, at) : text;
}

function drawChart() {
  const box = $("#today-chart");
  const table = $("#today-chart-table");
  if (!currency) {
    fill(box, h("p", { class: "empty", text: t("today-chart-empty") }));
    fill(table);
    setL10n($("#today-chart-title"), "today-chart-last-30");
    return;
  }
  setL10n($("#today-chart-title"), "today-chart-last-30-in", { currency });
  const series = dailySeries(month, currency);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const { ticks, y } = scale(series, currency, plotH);
  const money = (m) => formatMoney(m, currency, ctx.style);
  const grid = ticks.map((tick) => {
    const ty = PAD.top + plotH - y(tick);
    return svg(
      "g",
      { class: "tick" },
      svg("line", { x1: PAD.left, x2: W - PAD.right, y1: ty, y2: ty }),
      svg("text", { x: PAD.left - 6, y: ty + 4, "text-anchor": "end" }, document.createTextNode(whole(money(tick)))),
    );
  });
  const bs = bars(series, currency, plotW, plotH).map((b) =>
    svg(
      "rect",
      { class: ["bar", b.date === shown ? "bar-shown" : ""].join(" ").trim(), x: PAD.left + b.x, y: PAD.top + plotH - b.h, width: b.w, height: Math.max(b.h, 0), "data-date": b.date },
      svg("title", {}, document.createTextNode(t("today-chart-bar", { day: shortDay(b.date, ctx.locale), amount: money(b.minor) }))),
    ),
  );
  const labels = series
    .map((p, i) => (i % 5 === 4 || i === series.length - 1 ? svg("text", { x: PAD.left + (i + 0.5) * (plotW / series.length), y: H - 8, "text-anchor": "middle" }, document.createTextNode(shortDay(p.date, ctx.locale))) : null))
    .filter(Boolean);
  fill(box, svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", "aria-hidden": "true", focusable: "false" }, grid, bs, labels));
  fill(
    table,
    h("caption", { text: t("today-chart-caption", { currency }) }),
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t("today-chart-col-day") }), h("th", { scope: "col", class: "num", text: t("today-chart-col-count") }), h("th", { scope: "col", class: "num", text: t("today-chart-col-total", { currency }) }))),
    h(
      "tbody",
      {},
      series.map((p) => h("tr", { data: { date: p.date, minor: String(p.minor) } }, h("th", { scope: "row", text: longDay(p.date, ctx.locale) }), h("td", { class: "num", text: String(p.count) }), h("td", { class: "num", text: money(p.minor) }))),
    ),
  );
}
