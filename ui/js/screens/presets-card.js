// Settings → Quick amounts: add, edit and remove the presets the New sale screen offers as
// buttons. The core checks each one as it checks a sale (the amount in the person's number
// style, the currency the provider takes, the texts); its errors land beside their field. The
// amount is typed beside its currency, after the provider that decides the currencies, and
// reads back live as the New sale form reads it ("The button fills in NGN 1,500.00.").

import * as api from "../api.js";
import { formatMoney, formatMinor, normalizeTyped, preview, previewLine, maxMajorFor } from "../money.js";
import { h, fill, say, option, busy } from "../dom.js";
import { t, l10n, setL10n, errorText } from "../i18n.js";

const el = (id) => document.getElementById(id);
const FIELDS = ["name", "amount", "currency", "provider", "description"];
let ctx;
let presets = [];
let editing = null; // the id of the preset in the form, or null for a new one

export function init(c) {
  ctx = c;
  const input = (id, labelId, props = {}) =>
    h(
      "div",
      { class: "field" },
      h("label", { for: `preset-${id}`, ...l10n(labelId) }),
      h("input", { id: `preset-${id}`, autocomplete: "off", spellcheck: false, "aria-describedby": `preset-${id}-error`, ...props }),
      h("p", { id: `preset-${id}-error`, class: "error", role: "alert" }),
    );
  const select = (id, labelId) =>
    h(
      "div",
      { class: "field" },
      h("label", { for: `preset-${id}`, ...l10n(labelId) }),
      h("select", { id: `preset-${id}`, "aria-describedby": `preset-${id}-error` }),
      h("p", { id: `preset-${id}-error`, class: "error", role: "alert" }),
    );
  const section = h(
    "section",
    { id: "presets-card", class: "card presets-card", "aria-labelledby": "presets-title" },
    h("h2", { id: "presets-title", ...l10n("presets-title") }),
    h("p", { class: "hint", ...l10n("presets-hint") }),
    h("ul", { id: "presets-list", class: "presets-list" }),
    h(
      "form",
      { id: "preset-form", class: "form", novalidate: true, on: { submit: (e) => (e.preventDefault(), busy(el("preset-save"), save)) } },
      h("h3", { id: "preset-form-title", ...l10n("presets-add-title") }),
      input("name", "presets-name", { maxLength: 40, ...l10n("presets-name-input") }),
      select("provider", "presets-provider"),
      h(
        "div",
        { class: "field" },
        h("label", { for: "preset-amount", ...l10n("presets-amount") }),
        h(
          "div",
          { class: "amount-row" },
          h("input", { id: "preset-amount", inputmode: "decimal", autocomplete: "off", spellcheck: false, "aria-describedby": "preset-amount-preview preset-amount-error" }),
          h("label", { for: "preset-currency", class: "visually-hidden", ...l10n("presets-currency") }),
          h("select", { id: "preset-currency", class: "preset-currency", "aria-describedby": "preset-currency-error" }),
        ),
        h("p", { id: "preset-amount-preview", class: "hint" }),
        h("p", { id: "preset-amount-error", class: "error", role: "alert" }),
        h("p", { id: "preset-currency-error", class: "error", role: "alert" }),
      ),
      input("description", "presets-description", { maxLength: 200 }),
      h(
        "div",
        { class: "btn-row" },
        h("button", { id: "preset-save", type: "submit", class: "btn btn-primary", ...l10n("presets-add") }),
        h("button", { id: "preset-cancel", type: "button", class: "btn", ...l10n("presets-cancel-edit"), hidden: true, on: { click: () => edit(null) } }),
      ),
      h("p", { id: "preset-msg", class: "note", role: "status" }),
    ),
  );
  el("settings-screen").querySelector(".settings-layout").append(section);
  el("preset-provider").addEventListener("change", () => (unrefuse(), fillCurrencies()));
  el("preset-currency").addEventListener("change", () => (unrefuse(), readBack()));
  el("preset-amount").addEventListener("input", () => (unrefuse(), readBack()));
}

/** A refusal was of the amount as it was, in the currency it was in: a change reads it anew. */
function unrefuse() {
  say(el("preset-amount-error"), "");
  el("preset-amount").removeAttribute("aria-invalid");
}

/** The amount as the button will fill it in, or what is wrong with it, as the New sale form says. */
function readBack() {
  const currency = el("preset-currency").value;
  const out = el("preset-amount-preview");
  // Save's own refusal of the amount says it all; the read-back would say it again above it.
  if (!currency || el("preset-amount-error").textContent) return say(out, "");
  const pv = preview(el("preset-amount").value, currency, ctx.style, maxMajorFor(ctx.provider(el("preset-provider").value), currency));
  const line = previewLine(pv, currency, ctx.style, "presets-fills-in");
  say(out, line.text);
  out.classList.toggle("hint-warn", line.warn);
}

export async function show() {
  fillProviders();
  try {
    presets = await api.listPresets();
  } catch (e) {
    say(el("preset-msg"), errorText(e));
  }
  renderList();
}

function fillProviders() {
  const sel = el("preset-provider");
  const keep = sel.value || ctx.info.default_provider;
  fill(sel, ctx.providers.map((p) => option(p.id, p.name, { selected: p.id === keep })));
  if (ctx.provider(keep)) sel.value = keep;
  fillCurrencies();
}

function fillCurrencies(want = el("preset-currency").value) {
  const p = ctx.provider(el("preset-provider").value);
  const list = p?.currencies ?? [];
  const pick = list.includes(want) ? want : list.includes(ctx.info.default_currency) ? ctx.info.default_currency : list[0];
  fill(el("preset-currency"), list.map((c) => option(c, c, { selected: c === pick })));
  readBack();
}

function money(p) {
  try {
    return formatMoney(p.amount_minor, p.currency, ctx.style);
  } catch {
    return `${p.currency} ${p.amount_minor}`;
  }
}

/** The amount as the person would type it again, in their number style. */
function typed(p) {
  try {
    return formatMinor(p.amount_minor, p.currency, ctx.style);
  } catch {
    return "";
  }
}

function renderList() {
  fill(
    el("presets-list"),
    presets.length === 0 ? h("li", { class: "hint", text: t("presets-none") }) : null,
    presets.map((p) =>
      h(
        "li",
        { class: "preset-row", data: { preset: p.id } },
        h("span", { class: "preset-text" }, h("strong", { text: p.name }), t("presets-line", { amount: money(p), provider: ctx.provider(p.provider)?.name ?? p.provider }), p.description ? t("presets-line-for", { description: p.description }) : ""),
        h("button", { type: "button", class: "btn btn-small", ...l10n("presets-edit", { name: p.name }), on: { click: () => edit(p) } }),
        h("button", { type: "button", class: "btn btn-small btn-danger", ...l10n("presets-remove", { name: p.name }), on: { click: (e) => busy(e.currentTarget, () => remove(p)) } }),
      ),
    ),
  );
}

function clearErrors() {
  for (const f of FIELDS) {
    say(el(`preset-${f}-error`), "");
    el(`preset-${f}`).removeAttribute("aria-invalid");
  }
  say(el("preset-msg"), "");
}

function edit(p) {
  clearErrors();
  editing = p?.id ?? null;
  if (p) setL10n(el("preset-form-title"), "presets-edit-title", { name: p.name });
  else setL10n(el("preset-form-title"), "presets-add-title");
  setL10n(el("preset-save"), p ? "presets-save-changes" : "presets-add");
  el("preset-cancel").hidden = !p;
  el("preset-name").value = p?.name ?? "";
  el("preset-amount").value = p ? typed(p) : "";
  el("preset-description").value = p?.description ?? "";
  if (p) {
    el("preset-provider").value = p.provider;
    fillCurrencies(p.currency);
  }
  readBack();
  el("preset-name").focus();
}

async function save() {
  clearErrors();
  const input = {
    id: editing,
    name: el("preset-name").value,
    amount: normalizeTyped(el("preset-amount").value, ctx.style),
    currency: el("preset-currency").value || null,
    provider: el("preset-provider").value || null,
    description: el("preset-description").value.trim() || null,
    number_style: { decimal: ctx.style.decimal, group: ctx.style.group },
  };
  try {
    presets = await api.savePreset(input);
    const was = editing;
    renderList();
    edit(null);
    say(el("preset-msg"), was ? t("presets-saved") : t("presets-added", { name: input.name.trim() }));
  } catch (e) {
    if (FIELDS.includes(e.field)) {
      say(el(`preset-${e.field}-error`), errorText(e));
      readBack();
      el(`preset-${e.field}`).setAttribute("aria-invalid", "true");
      el(`preset-${e.field}`).focus();
    } else say(el("preset-msg"), errorText(e));
  }
}

async function remove(p) {
  clearErrors();
  try {
    presets = await api.removePreset(p.id);
    if (editing === p.id) edit(null);
    renderList();
    say(el("preset-msg"), t("presets-removed", { name: p.name }));
  } catch (e) {
    say(el("preset-msg"), errorText(e));
  }
}
