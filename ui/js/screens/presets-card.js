// Settings → Quick amounts: add, edit and remove the presets the New sale screen offers as
// buttons. The core checks each one as it checks a sale (the amount in the person's number
// style, the currency the provider takes, the texts); its errors land beside their field.

import * as api from "../api.js";
import { formatMoney, formatMinor, normalizeTyped } from "../money.js";
import { h, fill, say, option, busy } from "../dom.js";

const el = (id) => document.getElementById(id);
const FIELDS = ["name", "amount", "currency", "provider", "description"];
let ctx;
let presets = [];
let editing = null; // the id of the preset in the form, or null for a new one

export function init(c) {
  ctx = c;
  const input = (id, label, props = {}) =>
    h(
      "div",
      { class: "field" },
      h("label", { for: `preset-${id}`, text: label }),
      h("input", { id: `preset-${id}`, autocomplete: "off", spellcheck: false, "aria-describedby": `preset-${id}-error`, ...props }),
      h("p", { id: `preset-${id}-error`, class: "error", role: "alert" }),
    );
  const select = (id, label) =>
    h(
      "div",
      { class: "field" },
      h("label", { for: `preset-${id}`, text: label }),
      h("select", { id: `preset-${id}`, "aria-describedby": `preset-${id}-error` }),
      h("p", { id: `preset-${id}-error`, class: "error", role: "alert" }),
    );
  const section = h(
    "section",
    { id: "presets-card", class: "card presets-card", "aria-labelledby": "presets-title" },
    h("h2", { id: "presets-title", text: "Quick amounts" }),
    h("p", { class: "hint", text: "Buttons on the New sale screen that fill the form. They never create a sale by themselves." }),
    h("ul", { id: "presets-list", class: "presets-list" }),
    h(
      "form",
      { id: "preset-form", class: "form", novalidate: true, on: { submit: (e) => (e.preventDefault(), busy(el("preset-save"), save)) } },
      h("h3", { id: "preset-form-title", text: "Add a quick amount" }),
      input("name", "Name on the button", { maxLength: 40, placeholder: "e.g. Coffee" }),
      input("amount", "Amount", { inputmode: "decimal" }),
      select("provider", "Provider"),
      select("currency", "Currency"),
      input("description", "What for (optional)", { maxLength: 200 }),
      h(
        "div",
        { class: "btn-row" },
        h("button", { id: "preset-save", type: "submit", class: "btn btn-primary", text: "Add" }),
        h("button", { id: "preset-cancel", type: "button", class: "btn", text: "Cancel edit", hidden: true, on: { click: () => edit(null) } }),
      ),
      h("p", { id: "preset-msg", class: "note", role: "status" }),
    ),
  );
  el("settings-screen").querySelector(".settings-layout").append(section);
  el("preset-provider").addEventListener("change", () => fillCurrencies());
}

export async function show() {
  fillProviders();
  try {
    presets = await api.listPresets();
  } catch (e) {
    say(el("preset-msg"), e.message);
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
    presets.length === 0 ? h("li", { class: "hint", text: "No quick amounts yet." }) : null,
    presets.map((p) =>
      h(
        "li",
        { class: "preset-row", data: { preset: p.id } },
        h("span", { class: "preset-text" }, h("strong", { text: p.name }), ` ${money(p)} via ${ctx.provider(p.provider)?.name ?? p.provider}`, p.description ? ` — ${p.description}` : ""),
        h("button", { type: "button", class: "btn btn-small", text: "Edit", "aria-label": `Edit the quick amount ${p.name}`, on: { click: () => edit(p) } }),
        h("button", { type: "button", class: "btn btn-small btn-danger", text: "Remove", "aria-label": `Remove the quick amount ${p.name}`, on: { click: (e) => busy(e.currentTarget, () => remove(p)) } }),
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
  el("preset-form-title").textContent = p ? `Edit “${p.name}”` : "Add a quick amount";
  el("preset-save").textContent = p ? "Save changes" : "Add";
  el("preset-cancel").hidden = !p;
  el("preset-name").value = p?.name ?? "";
  el("preset-amount").value = p ? typed(p) : "";
  el("preset-description").value = p?.description ?? "";
  if (p) {
    el("preset-provider").value = p.provider;
    fillCurrencies(p.currency);
  }
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
    say(el("preset-msg"), was ? "Quick amount saved ✓" : `Added “${input.name.trim()}” ✓`);
  } catch (e) {
    if (FIELDS.includes(e.field)) {
      say(el(`preset-${e.field}-error`), e.message);
      el(`preset-${e.field}`).setAttribute("aria-invalid", "true");
      el(`preset-${e.field}`).focus();
    } else say(el("preset-msg"), e.message);
  }
}

async function remove(p) {
  clearErrors();
  try {
    presets = await api.removePreset(p.id);
    if (editing === p.id) edit(null);
    renderList();
    say(el("preset-msg"), `Removed “${p.name}”.`);
  } catch (e) {
    say(el("preset-msg"), e.message);
  }
}
