// New link: amount (with a live preview in the person's own number style), currency, email,
// description and provider. The core checks everything; its errors land beside their field.

import * as api from "../api.js";
import { preview, example } from "../money.js";
import { badge, modeKind } from "../format.js";
import { FIELDS, errorTarget, pickProvider, providerLabel, pickCurrency, createInput } from "../newlink.js";
import { h, fill, option, say } from "../dom.js";
let ctx;
let creating = false;
let userPicked = false; // once the person picks a provider, a refresh keeps it

const el = (id) => document.getElementById(id);

export function init(c) {
  ctx = c;
  el("new-link-form").addEventListener("submit", onSubmit);
  el("amount").addEventListener("input", () => {
    clearError("amount");
    update();
  });
  el("currency").addEventListener("change", () => {
    clearError("currency");
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
    userPicked = true;
    ctx.selectedProvider = el("provider").value;
    fillCurrencies();
    ctx.setMode(null);
    update();
  });
  ctx.on("providers", () => fillProviders());
  fillProviders();
}

export function show() {
  ctx.setMode(null);
  update();
  el("amount").focus();
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
  const pv = preview(el("amount").value, currency, ctx.style, p?.max_major ?? null);
  const previewEl = el("amount-preview");
  previewEl.textContent = pv.text ? (pv.ok ? `Will ask for ${pv.text}` : pv.text) : `Type it as you write it, e.g. ${example(currency, ctx.style)}`;
  previewEl.classList.toggle("hint-warn", !pv.ok && Boolean(pv.text));

  el("summary-amount").textContent = pv.ok ? pv.text : "—";
  const email = el("email").value.trim();
  const description = el("description").value.trim();
  el("summary-to").textContent = [email ? `from ${email}` : "", description ? `for “${description}”` : ""].filter(Boolean).join(" ");
  const kind = modeKind(p);
  const b = badge(kind);
  fill(
    el("summary-provider"),
    p ? h("span", { class: ["mode-badge", `mode-${kind ?? "none"}`] }, b.text) : null,
    p ? h("span", { class: "summary-via" }, ` via ${p.name}`) : "No provider is set up yet.",
    p ? h("span", { class: "summary-hint", text: b.hint }) : null,
  );

  const training = p?.training === true;
  el("training-banner").hidden = !training;
  el("training-banner-setup").hidden = ctx.info.has_real_key === true;
  const hint = !p ? "Add a key in Settings to take payments." : p.error ? p.error : providerHint(p);
  say(el("provider-hint"), hint);
  const n = el("description").value.length;
  el("description-count").textContent = n > 0 ? `${n} / 200` : "";
}

function providerHint(p) {
  if (p.training) return "Practice links: the QR code leads nowhere and no money moves.";
  if (p.mode === "live") return "LIVE: the customer pays real money.";
  if (p.mode === "test") return "TEST key: nobody pays real money.";
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

function showError(e) {
  const target = errorTarget(e);
  if (target !== "form-error") {
    el(target).textContent = e.message;
    el(e.field).setAttribute("aria-invalid", "true");
    el(e.field).focus();
    return;
  }
  // A sale the provider may have received is kept in History as "creating": making it again
  // here could make a second link. One it refused, or never received, charged nothing.
  const kept = /saved as link \d+/.test(e.message ?? "");
  const extra = e.kind === "network" || e.kind === "provider" || e.kind === "key_refused"
    ? kept ? " Retry it from History rather than creating it again." : " Nothing was charged."
    : "";
  el("form-error").textContent = e.message + extra;
}

async function onSubmit(ev) {
  ev.preventDefault();
  if (creating) return; // a second Enter or click while creating does nothing
  const button = el("create");
  const form = el("new-link-form");
  clearErrors();
  const values = Object.fromEntries(FIELDS.map((f) => [f, el(f).value]));
  const input = createInput(values, ctx.provider(values.provider), ctx.style);
  creating = true;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  form.setAttribute("aria-busy", "true");
  button.textContent = "Creating…";
  try {
    const view = await api.createLink(input);
    for (const id of ["amount", "email", "description"]) el(id).value = "";
    update();
    ctx.lastView = view;
    ctx.go("link", view.link.id);
  } catch (e) {
    showError(e);
  } finally {
    creating = false;
    button.disabled = false;
    button.removeAttribute("aria-busy");
    form.removeAttribute("aria-busy");
    button.textContent = "Create payment link";
  }
}
