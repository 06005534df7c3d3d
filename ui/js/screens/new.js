// New sale: amount (with a live preview in the person's own number style), currency, email,
// description and provider. The core checks everything; its errors land beside their field.
// Once the core has recorded the sale, the form is cleared and the screen becomes that sale's
// (the Link screen): pressing Create again can never send the same sale twice.

import * as api from "../api.js";
import { preview, previewLine, maxMajorFor } from "../money.js";
import { badge, modeKind } from "../format.js";
import { FIELDS, errorTarget, pickProvider, providerLabel, pickCurrency, createInput } from "../newlink.js";
import * as quick from "./quick.js";
import { h, fill, option, say } from "../dom.js";
import * as duplicate from "./duplicate.js";
import { t, setL10n, errorText } from "../i18n.js";

let ctx;
let creating = false;
let sends = 0;
let lastInput = null; // what the last Create sent, for "Make a new one anyway"
let userPicked = false; // once the person picks a provider, a refresh keeps it

const el = (id) => document.getElementById(id);

export function init(c) {
  ctx = c;
  el("new-link-form").addEventListener("submit", onSubmit);
  duplicate.init(c, {
    onShow: (id) => {
      reset();
      ctx.showSale(null, id);
    },
    onAgain: () => lastInput && send({ ...lastInput, again: true }),
  });
  // Any change makes it another sale: the guard's question no longer applies.
  el("new-link-form").addEventListener("input", () => duplicate.hide());
  el("amount").addEventListener("input", () => {
    clearError("amount");
    update();
  });
  el("currency").addEventListener("change", () => {
    clearError("currency");
    clearError("amount"); // refused in the other currency; the hint judges it in this one
    update();
  });
  el("email").addEventListener("input", () => {
    clearError("email");
    update();
  });
  el("description").addEventListener("input", () => {
    clearError("description");
    update();
  });
  el("provider").addEventListener("change", () => {
    clearError("provider");
    clearError("amount"); // refused under the other provider's limits
    userPicked = true;
    ctx.selectedProvider = el("provider").value;
    fillCurrencies();
    ctx.setMode(null);
    update();
  });
  ctx.on("providers", () => fillProviders());
  fillProviders();
  quick.init(c, fillLike);
}

export function show() {
  fillProviders(); // the options' words, in the language shown
  ctx.setMode(null);
  update();
  quick.show();
  const like = ctx.prefill;
  ctx.prefill = null;
  if (like) fillLike(like.thing, like.from);
  else el("amount").focus();
}

/**
 * Fills the form like an earlier sale ("New sale like this") or a quick amount, and never sends
 * it: the focus goes to Create (a sale, whose customer is known) or to the e-mail (a preset).
 * The provider is taken when it is ready here; the currency when the provider takes it.
 */
function fillLike(thing, from) {
  if (creating) return;
  clearErrors();
  duplicate.hide();
  const v = quick.values(thing);
  const p = ctx.provider(v.provider);
  if (p?.ready) {
    el("provider").value = v.provider;
    userPicked = true;
    ctx.selectedProvider = v.provider;
    fillCurrencies();
    ctx.setMode(null);
  }
  const taken = [...el("currency").options].some((o) => o.value === v.currency);
  if (taken) el("currency").value = v.currency;
  el("amount").value = taken ? v.amount : "";
  el("description").value = v.description;
  if (v.email !== null) el("email").value = v.email;
  update();
  if (!taken) {
    el("currency-error").textContent = t("new-currency-not-taken", { provider: ctx.provider(el("provider").value)?.name ?? t("new-this-provider"), currency: v.currency });
    el("provider").focus();
  } else if (from === "preset" && !el("email").value.trim()) el("email").focus();
  else el("create").focus();
}

/** A blank form for the next sale (New sale, Ctrl+N). */
export function reset() {
  if (creating) return; // the sale being sent clears the form itself once it is recorded
  clearForm();
  clearErrors();
  duplicate.hide();
}

function clearForm() {
  for (const id of ["amount", "email", "description"]) el(id).value = "";
  lastInput = null;
  update();
}

function fillProviders() {
  const sel = el("provider");
  const chosen = pickProvider(ctx.providers, ctx.info, userPicked ? ctx.selectedProvider : null);
  fill(sel, ctx.providers.map((p) => option(p.id, providerLabel(p), { selected: p.id === chosen, disabled: !p.ready })));
  sel.value = chosen;
  ctx.selectedProvider = chosen || null;
  fillCurrencies();
  if (ctx.current?.name !== "link") ctx.setMode(null);
  update();
}

function fillCurrencies() {
  const sel = el("currency");
  const p = ctx.provider(el("provider").value);
  const list = p?.currencies?.length ? p.currencies : [ctx.info.default_currency || "NGN"];
  const want = pickCurrency(list, sel.value, ctx.info.default_currency);
  fill(sel, list.map((c) => option(c, c, { selected: c === want })));
  sel.value = want;
}

/** Redraws the preview, the summary card, the banner and the hints from the form's values. */
function update() {
  const p = ctx.provider(el("provider").value);
  const currency = el("currency").value;
  const pv = preview(el("amount").value, currency, ctx.style, maxMajorFor(p, currency));
  const previewEl = el("amount-preview");
  // Create's own refusal of this amount says it all; the hint would say it again above it.
  const refused = Boolean(el("amount-error").textContent);
  const line = previewLine(pv, currency, ctx.style, "new-will-ask");
  previewEl.textContent = refused ? "" : line.text;
  previewEl.classList.toggle("hint-warn", !refused && line.warn);

  el("summary-amount").textContent = pv.ok ? pv.text : "—";
  const email = el("email").value.trim();
  const description = el("description").value.trim();
  el("summary-to").textContent = [email ? t("link-from", { email }) : "", description ? t("link-for", { description }) : ""].filter(Boolean).join(" ");
  const kind = modeKind(p);
  const b = badge(kind);
  fill(
    el("summary-provider"),
    p ? h("span", { class: ["mode-badge", `mode-${kind ?? "none"}`] }, b.text) : null,
    p ? h("span", { class: "summary-via" }, t("new-via", { provider: p.name })) : t("new-no-provider"),
    p ? h("span", { class: "summary-hint", text: b.hint }) : null,
  );

  const training = p?.training === true;
  el("training-banner").hidden = !training;
  el("training-banner-setup").hidden = ctx.info.has_real_key === true;
  const hint = !p ? t("new-add-key") : p.error ? (p.error_l10n?.id ? errorText({ ...p.error_l10n, message: p.error }) : p.error) : providerHint(p);
  say(el("provider-hint"), hint);
  const n = el("description").value.length;
  el("description-count").textContent = n > 0 ? `${n} / 200` : "";
}

function providerHint(p) {
  if (p.training) return t("new-hint-training");
  if (p.mode === "live") return t("new-hint-live");
  if (p.mode === "test") return t("new-hint-test");
  return "";
}

function clearError(field) {
  const target = el(`${field}-error`);
  if (target) target.textContent = "";
  el(field)?.removeAttribute("aria-invalid");
  el("form-error").textContent = "";
}

function clearErrors() {
  for (const f of FIELDS) clearError(f);
}

/** An error about the form itself (nothing was recorded): beside its field, else under the form. */
function showError(e) {
  const target = errorTarget(e);
  if (target !== "form-error") {
    el(target).textContent = errorText(e);
    el(e.field).setAttribute("aria-invalid", "true");
    el(e.field).focus();
    update();
    return;
  }
  el("form-error").textContent = errorText(e);
}

function onSubmit(ev) {
  ev.preventDefault();
  if (creating) return; // a second Enter or click while creating does nothing
  clearErrors();
  duplicate.hide();
  const values = Object.fromEntries(FIELDS.map((f) => [f, el(f).value]));
  send(createInput(values, ctx.provider(values.provider), ctx.style));
}

/**
 * Sends one create. As soon as the core says the sale is recorded, the form is cleared and the
 * sale's screen shows "Asking … for the link"; the answer, or the failure of that recorded sale
 * (`e.link`), is then shown there. Only a create that recorded nothing comes back to the form.
 */
async function send(input) {
  const mine = ++sends;
  const asking = ctx.provider(input.provider)?.name ?? input.provider;
  let recorded = null;
  let settled = false;
  const onRecorded = (m) => {
    const id = Number(m?.link_id);
    if (settled || recorded || !Number.isInteger(id) || id <= 0) return;
    recorded = id;
    ctx.asking.set(id, asking);
    clearForm();
    release(mine); // the form is free for the next sale; this one goes on on its own screen
    ctx.showSale(null, id);
  };
  lastInput = input;
  hold();
  try {
    const view = await api.createLink(input, onRecorded);
    settled = true;
    ctx.asking.delete(view.link.id);
    ctx.saleErrors.delete(view.link.id);
    if (recorded === null) clearForm();
    ctx.settled(view, view.link.id, recorded);
  } catch (e) {
    settled = true;
    if (recorded !== null) ctx.asking.delete(recorded);
    const kept = e.kind === "duplicate" ? null : (e.link ?? recorded);
    if (kept !== null) {
      ctx.noteError(kept, e);
      if (recorded === null) clearForm();
      ctx.settled(null, kept, recorded);
    } else if (e.kind === "duplicate") {
      duplicate.show(e);
    } else {
      showError(e);
    }
  } finally {
    release(mine);
  }
}

/** The form while a create it sent has not been recorded yet: nothing can be sent again. */
function hold() {
  creating = true;
  el("create").disabled = true;
  el("create").setAttribute("aria-busy", "true");
  el("new-link-form").setAttribute("aria-busy", "true");
  setL10n(el("create"), "new-creating");
}

function release(mine) {
  if (mine !== sends) return; // a later create holds the form now
  creating = false;
  el("create").disabled = false;
  el("create").removeAttribute("aria-busy");
  el("new-link-form").removeAttribute("aria-busy");
  setL10n(el("create"), "new-create");
}
