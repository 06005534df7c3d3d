// Link, which is the sale's screen: the QR big, the amount, the badge and the status, which flips
// by itself: while a link is pending, watch.js asks the core to verify it on a schedule (and
// keeps doing so for the last few links shown, so a customer still paying on the second window is
// still watched). What to do when there is no link yet is sale-panel.js's.

import { startLike } from "../newlink.js";
import * as api from "../api.js";
import { formatMoney } from "../money.js";
import { statusLabel, statusTone, lastVerified, dateTime, mailtoHref, badge, modeKind, showsProviderWord } from "../format.js";
import { createWatcher, isPending } from "../watch.js";
import { svgDataUrl } from "../qr.js";
import { h, fill, say, flash, busy, modeBadge, announce } from "../dom.js";
import * as actions from "./link-actions.js";
import * as panel from "./sale-panel.js";
import * as refunds from "./refund.js";
import { t, errorText } from "../i18n.js";

const MAX_WATCHERS = 3;
const watchers = new Map();
let ctx;
let view = null;
let shownId = null;
let qrKey = null;
let ticker = null;
let shows = 0; // which show() is the latest, so an older read never draws over a newer view
let focusing = false; // show() is about to move focus onto the status

const el = (id) => document.getElementById(id);

export function init(c) {
  ctx = c;
  actions.init(c, (v) => {
    render(v);
    watch(v.link);
  });
  refunds.init(c, (v) => render(v));
  el("copy-link").addEventListener("click", copyLink);
  el("open-link").addEventListener("click", () => act(() => api.openUrl(view.link.url), t("link-opened-browser")));
  el("email-link").addEventListener("click", () => act(() => api.openUrl(mailto()), t("link-opened-mail")));
  el("save-qr").addEventListener("click", (e) => busy(e.currentTarget, saveQr));
  el("print-link").addEventListener("click", () => window.print());
  el("print-receipt").addEventListener("click", () => ctx.go("receipt", view.link.id));
  el("like-this").addEventListener("click", () => view && startLike(ctx, view.link));
  el("show-customer").addEventListener("click", (e) =>
    busy(e.currentTarget, () => act(() => api.openCustomerWindow(view.link.id), t("link-shown-customer"))),
  );
  panel.init(c);
  ctx.on("sale-changed", ({ id, focus }) => {
    if (id !== shownId || !view) return;
    render(view);
    if (focus) focusStatus();
  });
  for (const outcome of ["paid", "failed", "expired"]) {
    el(`simulate-${outcome}`).addEventListener("click", (e) => busy(e.currentTarget, () => simulate(outcome)));
  }
  ctx.on("link-updated", onUpdated);
  ctx.on("wake", (w) => {
    for (const watcher of watchers.values()) watcher.poke(w);
  });
}

export async function show(r) {
  shownId = r.id;
  say(el("link-note"), "");
  if (view?.link.id !== r.id) {
    // never show one link's QR or amount under another's: hide until this one is drawn
    view = null;
    qrKey = null;
    el("qr").removeAttribute("src");
    el("link-screen").classList.add("is-loading");
  }
  el("link-offline").hidden = true;
  say(el("link-watch-note"), "");
  const existing = watchers.get(r.id);
  if (existing) renderWatch(existing.state());
  const focus = ctx.focusStatus === r.id;
  ctx.focusStatus = null;
  const mine = ++shows;
  focusing = focus;
  if (ctx.lastView?.link.id === r.id) render(ctx.lastView);
  ctx.lastView = null;
  if (focus && view) focusStatus();
  try {
    const fresh = await api.getLink(r.id);
    // a later show (the create's answer, say) has drawn something newer than this read
    if (shownId !== r.id || mine !== shows) return;
    render(fresh);
    watch(fresh.link);
    if (focus && ctx.openFailover === r.id) panel.openFailover();
    else if (focus && document.activeElement !== el("link-status")) focusStatus();
    ctx.openFailover = null;
  } catch (e) {
    if (shownId === r.id) ctx.fail(e);
  } finally {
    if (mine === shows) focusing = false;
  }
  clearInterval(ticker);
  ticker = setInterval(() => view && renderStatus(view.link), 15_000);
}

/** Moves focus to the sale's status, so what happens next is what is read first. */
function focusStatus() {
  el("link-status").focus();
  focusing = false;
}

export function hide() {
  shownId = null;
  clearInterval(ticker);
}

function onUpdated(v) {
  const w = watchers.get(v.link.id);
  if (w) w.observe(v.link.status);
  if (v.link.id !== shownId) return;
  render(v);
  watch(v.link);
}

/** Starts (or keeps) the schedule for a pending link; keeps at most a few going. */
function watch(link) {
  if (!isPending(link.status)) {
    watchers.get(link.id)?.stop();
    watchers.delete(link.id);
    return;
  }
  if (watchers.has(link.id)) {
    const w = watchers.get(link.id);
    watchers.delete(link.id);
    watchers.set(link.id, w);
    return;
  }
  const id = link.id;
  const w = createWatcher({
    verify: async () => {
      const v = await api.verifyLink(id);
      ctx.reportNetwork(true);
      if (id === shownId) render(v);
      return v.link.status;
    },
    isHidden: () => document.visibilityState === "hidden",
    onChange: (s) => {
      if (s.error) ctx.reportNetwork(false, s.error);
      if (s.phase === "stopped") watchers.delete(id);
      if (id === shownId) renderWatch(s);
    },
  });
  watchers.set(id, w);
  while (watchers.size > MAX_WATCHERS) {
    const [oldest, ow] = watchers.entries().next().value;
    ow.stop();
    watchers.delete(oldest);
  }
  const last = Date.parse(link.last_verified_at ?? link.created_at ?? "");
  w.start(link.status, { immediate: Number.isNaN(last) || Date.now() - last > 10_000 });
}

function renderWatch(s) {
  el("link-offline").hidden = !s.offline;
  let note = "";
  if (s.phase === "paused") note = t("link-paused");
  else if (s.error && !s.offline) note = errorText(s.error);
  say(el("link-watch-note"), note);
}

function render(v) {
  view = v;
  el("link-screen").classList.remove("is-loading");
  const link = v.link;
  const training = v.training === true || link.provider === "training";
  ctx.setMode(link);
  el("link-merchant").textContent = ctx.info.merchant_name || "";
  el("link-amount").textContent = amountText(v);
  el("link-for").textContent = [link.customer_email ? t("link-from", { email: link.customer_email }) : "", link.description ? t("link-for", { description: link.description }) : ""].filter(Boolean).join(" ");
  fill(el("link-badge"), modeBadge(link));
  el("link-provider").textContent = ctx.provider(link.provider)?.name ?? link.provider;
  el("link-mode-hint").textContent = badge(modeKind(link)).hint;

  const creating = link.status === "creating";
  const hasUrl = Boolean(link.url) && !creating;
  const m = panel.render(v);
  renderStatus(link, m);
  el("simulate-box").hidden = !(training && isPending(link.status));
  const final = !isPending(link.status) && !creating;
  el("link-actions").hidden = !hasUrl;
  // A paid, refunded, failed, expired or cancelled link is not handed out again (and its QR is
  // not printed beside the receipt's Print); Show to customer stays, for the customer to see it.
  // The focus on one of those buttons as the link turns paid moves to the status, not to nothing.
  if (final && el("link-share-row").contains(document.activeElement)) el("link-status").focus();
  el("link-share-row").hidden = final;
  el("show-customer").classList.toggle("btn-primary", !final && !m.primary);

  const frame = el("qr-frame");
  frame.classList.toggle("is-training", training);
  frame.classList.toggle("is-final", final);
  frame.dataset.tone = statusTone(link.status);
  el("qr-training").hidden = !training;
  say(el("qr-stamp"), final ? statusLabel(link.status) : "");
  el("qr-missing").hidden = hasUrl;
  el("qr-missing").textContent = t(m.phase === "asking" ? "link-qr-soon" : "link-qr-none");
  el("qr").hidden = !hasUrl;
  el("link-url").textContent = hasUrl ? link.url : "—";
  if (hasUrl) loadQr(link);
  renderDetails(v);
  actions.render(v);
  refunds.render(v);
}

function amountText(v) {
  try {
    return formatMoney(v.link.amount_minor, v.link.currency, ctx.style);
  } catch {
    return `${v.link.currency} ${v.amount_display}`;
  }
}

/** The status line: the sale's headline, said once through the live region when it changes. */
function renderStatus(link, m = panel.model(view)) {
  el("link-status").textContent = m.headline;
  el("link-status-box").dataset.tone = m.phase === "asking" ? "wait" : statusTone(link.status);
  el("print-receipt").hidden = !["paid", "partially_refunded", "refunded"].includes(link.status);
  // Focus about to land on the status reads it already: the live region keeps quiet then.
  if (link.id === shownId) announce(m.headline, { quiet: focusing && document.activeElement !== el("link-status") });
  const word = showsProviderWord(link.status, link.provider_status) ? t("link-provider-says", { provider: ctx.provider(link.provider)?.name ?? link.provider, word: link.provider_status }) : "";
  const checked = link.status === "creating" ? "" : lastVerified(link.last_verified_at, Date.now(), ctx.locale);
  el("link-status-detail").textContent = [word, checked].filter(Boolean).join(" · ");
}

async function loadQr(link) {
  const key = `${link.id} ${link.url}`;
  if (qrKey === key) return;
  qrKey = key;
  try {
    const svg = await api.qrSvg(link.id);
    if (qrKey === key) el("qr").src = svgDataUrl(svg);
  } catch (e) {
    qrKey = null;
    say(el("link-note"), errorText(e));
  }
}

function renderDetails(v) {
  const link = v.link;
  const attempts = v.sale?.attempts ?? [];
  const sale = attempts.length > 1 ? t("link-sale-attempt", { sale: v.sale.id, n: attempts.findIndex((a) => a.id === link.id) + 1, count: attempts.length }) : `#${v.sale?.id}`;
  const rows = [
    ["link-detail-reference", link.reference],
    ["link-detail-local-id", `#${link.id}`],
    ["link-detail-provider-id", link.provider_id],
    ["link-detail-provider-word", link.provider_status],
    ["link-detail-sale", v.sale ? sale : null],
    ["link-detail-created", dateTime(link.created_at, ctx.locale)],
    ["link-detail-changed", dateTime(link.updated_at, ctx.locale)],
  ];
  fill(el("link-details"), rows.filter(([, val]) => val).map(([k, val]) => [h("dt", { text: t(k) }), h("dd", { text: val })]));
  const events = (v.events ?? []).map((e) =>
    h("li", {}, `${dateTime(e.at, ctx.locale)}: ${e.from ? statusLabel(e.from) + " → " : ""}${statusLabel(e.to)}`, e.provider_status ? ` (${e.provider_status})` : ""),
  );
  const refs = (v.references ?? [])
    .filter((r) => r.state === "void")
    .map((r) => h("li", { class: "void" }, t("link-unused-reference", { reference: r.reference }), r.note ? ` — ${r.note}` : ""));
  fill(el("link-events"), events, refs);
}

function mailto() {
  const link = view.link;
  return mailtoHref({
    to: link.customer_email,
    merchant: ctx.info.merchant_name,
    amount: amountText(view),
    description: link.description,
    url: link.url,
    training: link.provider === "training",
  });
}

async function act(work, done) {
  try {
    await work();
    say(el("link-note"), done);
  } catch (e) {
    say(el("link-note"), errorText(e));
  }
}

async function copyLink(e) {
  const button = e.currentTarget;
  try {
    await api.copyText(view.link.url);
    flash(button, t("link-copied"));
    say(el("link-note"), t("link-copied-note"));
  } catch (err) {
    say(el("link-note"), errorText(err));
  }
}

async function saveQr() {
  const link = view.link;
  try {
    const path = await api.saveDialog(`paydesk-${link.reference || link.id}.png`, [{ name: t("link-png-filter"), extensions: ["png"] }]);
    if (!path) return;
    await api.saveQrPng(link.id, path);
    say(el("link-note"), t("link-qr-saved", { path }));
  } catch (e) {
    say(el("link-note"), errorText(e));
  }
}

async function simulate(outcome) {
  try {
    const v = await api.simulateLink(view.link.id, outcome);
    render(v);
    watch(v.link);
  } catch (e) {
    say(el("link-note"), errorText(e));
  }
}
