// Refunds on the link screen: what was given back and what is left, each refund with the
// provider's own word for it, and a "Refund…" button that opens a dialog (a modal <dialog>:
// labelled, focus kept inside, Esc closes) asking for the amount (all that is left by default),
// a reason, and the manager PIN when one is set, with the confirmation spelled out: how much,
// to whom, through which provider. For a provider with no refund API (Luxfin), a button opens its
// dashboard instead. Money stays integer minor units; the core parses what is typed.

import * as api from "../api.js";
import { formatMoney, formatMinor, preview } from "../money.js";
import { dateTime, unbroken } from "../format.js";
import { h, fill, say, busy } from "../dom.js";
import { t, l10n, setL10n, errorText } from "../i18n.js";

let ctx;
let view = null;
let onSaved = () => {};
let box = null;
let dialog = null;
let pinSet = false;

/** A refund's state in words (message ids). */
const REFUND_WORDS = { sending: "refund-word-sending", pending: "refund-word-pending", processed: "refund-word-processed", failed: "refund-word-failed" };
const el = (id) => document.getElementById(id);

/** Builds the section and the dialog; `saved(view)` gets the link after a refund. */
export function init(c, saved) {
  ctx = c;
  onSaved = saved;
  box = h(
    "div",
    { id: "refund-box", class: "refund-box", hidden: true },
    h("p", { id: "refund-summary", class: "refund-summary", role: "status" }),
    h("ol", { id: "refund-list", class: "refund-list", ...l10n("refund-list") }),
    h("button", { id: "refund-open", type: "button", class: "btn", ...l10n("refund-open"), on: { click: open } }),
    h("button", { id: "refund-dashboard", type: "button", class: "btn", hidden: true, on: { click: openDashboard } }),
    h("p", { id: "refund-why", class: "hint" }),
  );
  el("provider-actions").after(box);
  dialog = buildDialog();
  document.body.append(dialog);
}

function buildDialog() {
  const field = (id, label, input, extra = null) =>
    h("div", { class: "field", id: `${id}-field` }, h("label", { for: id, ...l10n(label) }), input, extra, h("p", { id: `${id}-error`, class: "error", role: "alert" }));
  const d = h(
    "dialog",
    { id: "refund-dialog", class: "refund-dialog", "aria-labelledby": "refund-title", "aria-describedby": "refund-confirm" },
    h(
      "form",
      { id: "refund-form", class: "form", method: "dialog", novalidate: true, on: { submit: (e) => (e.preventDefault(), busy(el("refund-send"), send)) } },
      h("h2", { id: "refund-title", ...l10n("refund-title") }),
      field("refund-amount", "refund-amount-label", h("input", { id: "refund-amount", inputmode: "decimal", autocomplete: "off", spellcheck: false, "aria-describedby": "refund-amount-hint refund-amount-error", on: { input: confirmText } }), h("p", { id: "refund-amount-hint", class: "hint" })),
      field("refund-reason", "refund-reason-label", h("input", { id: "refund-reason", maxLength: 100, autocomplete: "off" })),
      field("refund-pin", "refund-pin-label", h("input", { id: "refund-pin", type: "password", inputmode: "numeric", autocomplete: "off", "aria-describedby": "refund-pin-error" })),
      h("p", { id: "refund-confirm", class: "refund-confirm" }),
      h("p", { id: "refund-error", class: "error error-box", role: "alert" }),
      h(
        "div",
        { class: "btn-row" },
        h("button", { id: "refund-cancel", type: "button", class: "btn", ...l10n("refund-cancel"), on: { click: close } }),
        h("button", { id: "refund-send", type: "submit", class: "btn btn-danger", ...l10n("refund-send") }),
      ),
    ),
  );
  d.addEventListener("cancel", (e) => {
    e.preventDefault();
    close();
  });
  d.addEventListener("keydown", trapFocus);
  return d;
}

/** Keeps Tab inside the dialog, whatever the engine does with a modal's edges. */
function trapFocus(e) {
  if (e.key !== "Tab") return;
  const items = [...dialog.querySelectorAll("input, button")].filter((x) => !x.disabled && !x.closest("[hidden]"));
  if (!items.length) return;
  const [first, last] = [items[0], items[items.length - 1]];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

/** Shows what was given back and what is left, and which way a refund can be made. */
export function render(v) {
  view = v;
  const link = v.link;
  const p = ctx.provider(link.provider);
  const name = p?.name ?? link.provider;
  const refunds = v.refunds ?? [];
  const refundable = ["paid", "partially_refunded"].includes(link.status);
  box.hidden = !refundable && refunds.length === 0 && link.status !== "refunded";
  const money = (minor) => unbroken(formatMoney(minor, link.currency, ctx.style));
  say(el("refund-summary"), refunds.length || link.refunded_minor ? t("refund-summary", { refunded: money(link.refunded_minor ?? 0), amount: money(link.amount_minor), left: money(link.refundable_minor ?? 0) }) : "");
  fill(
    el("refund-list"),
    refunds.map((r) => {
      const word = r.provider_status ? t("refund-line-word", { provider: name, word: r.provider_status }) : "";
      const state = REFUND_WORDS[r.state] ? t(REFUND_WORDS[r.state]) : r.state;
      const line = t("refund-line", { when: dateTime(r.created_at, ctx.locale), amount: money(r.amount_minor), reversal: r.method === "reversal" ? "yes" : "no", state });
      return h("li", { class: `refund-${r.state}`, data: { id: r.id } }, line, word, r.reason ? t("refund-line-reason", { reason: r.reason }) : "");
    }),
  );
  const api_ = p?.refund !== false;
  // refunds are not shared between tills: only the till that made the sale gives it back
  const here = v.made_here !== false;
  el("refund-open").hidden = !(refundable && api_ && here && (link.refundable_minor ?? 0) > 0);
  const dash = !api_ && p?.refund_dashboard;
  el("refund-dashboard").hidden = !(refundable && dash);
  el("refund-dashboard").textContent = t("refund-dashboard", { provider: name });
  const why = !api_ ? (dash ? t("refund-no-api-at", { provider: name, url: p.refund_dashboard }) : t("refund-no-api", { provider: name })) : t("refund-other-till");
  say(el("refund-why"), refundable && (!api_ || !here) ? why : "");
}

async function openDashboard() {
  const url = ctx.provider(view.link.provider)?.refund_dashboard;
  if (!url) return;
  try {
    await api.openUrl(url);
  } catch (e) {
    say(el("refund-why"), errorText(e));
  }
}

async function open() {
  const link = view.link;
  try {
    pinSet = (await api.pinStatus()).set;
  } catch {
    pinSet = false;
  }
  // The payment as the counter knows it, not the link's number.
  setL10n(el("refund-title"), "refund-title-paid", { amount: unbroken(formatMoney(link.amount_minor, link.currency, ctx.style)) });
  setL10n(el("refund-amount-field").querySelector("label"), "refund-amount-label-in", { currency: link.currency });
  el("refund-amount").value = formatMinor(link.refundable_minor, link.currency, ctx.style);
  say(el("refund-amount-hint"), t("refund-all-left", { amount: formatMoney(link.refundable_minor, link.currency, ctx.style) }));
  el("refund-reason").value = "";
  el("refund-pin").value = "";
  el("refund-pin-field").hidden = !pinSet;
  for (const id of ["refund-amount-error", "refund-reason-error", "refund-pin-error", "refund-error"]) say(el(id), "");
  confirmText();
  dialog.showModal();
  el("refund-amount").select();
  el("refund-amount").focus();
}

function close() {
  if (dialog.open) dialog.close();
  el("refund-open").focus();
}

/** The sentence the person confirms: how much, to whom, through which provider. */
function confirmText() {
  const link = view.link;
  const name = ctx.provider(link.provider)?.name ?? link.provider;
  const typed = preview(el("refund-amount").value, link.currency, ctx.style);
  const amount = typed.ok ? typed.text : t("refund-the-amount");
  const id = link.provider === "training" ? "refund-confirm-training" : "refund-confirm";
  el("refund-confirm").textContent = t(id, { amount, email: link.customer_email ?? "", provider: name });
  if (typed.ok) setL10n(el("refund-send"), "refund-send-amount", { amount: typed.text });
  else setL10n(el("refund-send"), "refund-send");
}

async function send() {
  for (const id of ["refund-amount-error", "refund-reason-error", "refund-pin-error", "refund-error"]) say(el(id), "");
  try {
    const v = await api.refundLink(view.link.id, {
      amount: el("refund-amount").value,
      reason: el("refund-reason").value || null,
      pin: pinSet ? el("refund-pin").value : null,
      numberStyle: ctx.style,
    });
    dialog.close();
    onSaved(v);
    const r = (v.refunds ?? []).at(-1);
    const done = r?.state === "processed" ? "refund-done" : "refund-asked";
    say(el("link-note"), r ? t(done, { amount: formatMoney(r.amount_minor, v.link.currency, ctx.style) }) : "");
    el("refund-open").hidden ? el("link-note").focus?.() : el("refund-open").focus();
  } catch (e) {
    const target = e.field && el(`refund-${e.field}-error`) ? e.field : null;
    say(el(target ? `refund-${target}-error` : "refund-error"), errorText(e));
    if (target) el(`refund-${target}`).focus();
    if (e.field === "pin") {
      el("refund-pin-field").hidden = false;
      pinSet = true;
      el("refund-pin").value = "";
    }
  }
}
