// The sale part of the Link screen: why there is no link yet (with the technical words in a
// "Details" disclosure), and the one thing to do next — Retry, Try another provider, Cancel the
// sale, New sale — as sale.js decides from what the core allows. While a request about the sale
// is in flight (ctx.asking) nothing can be pressed again, so one sale never gets two links.

import * as api from "../api.js";
import { saleModel, failoverChoices, ACTION_LABELS } from "../sale.js";
import { t, errorText } from "../i18n.js";
import { h, fill, say, busy } from "../dom.js";

const el = (id) => document.getElementById(id);
const BUTTONS = { retry: "retry-link", failover: "failover-open", "cancel-sale": "cancel-sale", "new-sale": "new-after" };
let ctx;
let view = null;
let armed = false;

export function init(c) {
  ctx = c;
  el("retry-link").addEventListener("click", (e) => busy(e.currentTarget, retry));
  el("failover-open").addEventListener("click", toggleFailover);
  el("cancel-sale").addEventListener("click", (e) => busy(e.currentTarget, cancelSale));
  el("new-after").addEventListener("click", () => ctx.newSale());
  el("paid-twice-show").addEventListener("click", () => view?.paid_twice && ctx.go("link", view.paid_twice.with_link));
}

/** The model for a view, with what this window knows: a request in flight, the last error. */
export function model(v) {
  const id = v.link.id;
  return saleModel(v, { asking: ctx.asking.get(id) ?? null, error: ctx.errorFor(v.link), name: (p) => ctx.provider(p)?.name ?? p });
}

/** Draws the sale box for `v`; returns the model (link.js shows its headline as the status). */
export function render(v) {
  if (view?.link.id !== v.link.id) {
    armed = false;
    showFailover(false);
  }
  view = v;
  const m = model(v);
  const inBox = m.actions.filter((a) => a !== "new-sale");
  el("sale-box").hidden = !(m.why || m.details || inBox.length);
  el("sale-box").dataset.phase = m.phase;
  say(el("sale-why"), m.why);
  el("sale-details").hidden = !m.details;
  el("sale-details-text").textContent = m.details ?? "";
  for (const [action, id] of Object.entries(BUTTONS)) {
    const b = el(id);
    b.hidden = !m.actions.includes(action);
    b.classList.toggle("btn-primary", m.primary === action);
  }
  el("cancel-sale").textContent = armed ? t("sale-cancel-confirm") : ACTION_LABELS["cancel-sale"];
  say(el("sale-note"), armed ? t("sale-cancel-why") : "");
  if (!m.actions.includes("failover")) showFailover(false);
  const choices = failoverChoices(v, ctx.providers);
  fill(
    el("failover-choices"),
    choices.map((c) => h("button", { type: "button", class: "btn", data: { provider: c.id }, text: c.label, on: { click: (e) => busy(e.currentTarget, () => failover(c.id)) } })),
  );
  // the core's sentence in the window's language ({id, args}), its English words otherwise
  const why = v.failover?.why_l10n;
  say(el("failover-why"), why?.id ? errorText({ ...why, message: v.failover.why }) : (v.failover?.why ?? ""));
  const twice = m.paidTwice;
  el("paid-twice").hidden = !twice;
  if (twice) {
    el("paid-twice-text").textContent = twice.message;
    el("paid-twice-show").textContent = t("sale-show-link", { link: twice.withLink });
    el("paid-twice-show").hidden = !twice.withLink;
  }
  return m;
}

function showFailover(open) {
  el("failover-box").hidden = !open;
  el("failover-open").setAttribute("aria-expanded", String(open));
}

function toggleFailover() {
  const open = el("failover-box").hidden;
  showFailover(open);
  if (open) el("failover-choices").querySelector("button")?.focus();
}

/** Opens the provider choice (History's "Try another provider" lands here). */
export function openFailover() {
  if (!el("failover-open").hidden) toggleFailover();
}

/**
 * Runs one request about the sale shown: the screen says who is being asked, and afterwards
 * shows the answer, or the attempt the error is about with its words (e.link, when the core
 * kept a sale), with focus on the status so the next step is read first.
 */
async function forSale(providerId, work) {
  const { id, status } = view.link;
  ctx.saleErrors.delete(id);
  ctx.asking.set(id, ctx.provider(providerId)?.name ?? providerId);
  ctx.emit("sale-changed", { id, focus: true });
  try {
    const v = await work(id);
    ctx.asking.delete(id);
    ctx.saleErrors.delete(v.link.id);
    ctx.settled(v, v.link.id, id);
  } catch (e) {
    ctx.asking.delete(id);
    const target = e.link ?? id;
    // the sale shown keeps its status; an attempt kept by a failed failover is a new one
    ctx.noteError(target, e, target === id ? status : "creating");
    if (target === id) ctx.emit("sale-changed", { id, focus: ctx.current?.id === id });
    else ctx.settled(null, target, id);
  }
}

const retry = () => forSale(view.link.provider, (id) => api.retryLink(id));

function failover(provider) {
  showFailover(false);
  return forSale(provider, (id) => api.failoverSale(id, provider));
}

async function cancelSale() {
  if (!armed) {
    armed = true;
    render(view);
    return;
  }
  armed = false;
  const { id, status } = view.link;
  try {
    ctx.showSale(await api.cancelSale(id));
  } catch (e) {
    ctx.noteError(id, e, status);
    ctx.emit("sale-changed", { id, focus: true });
  }
}
