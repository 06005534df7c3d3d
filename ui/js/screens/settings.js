// Settings: API keys per provider and mode (write-only: a key goes in, only "configured …abcd"
// comes back), the shop's settings, and under "Advanced" the rest, all drawn from what the core
// lists, so a new provider or setting appears here without code.

import * as api from "../api.js";
import { keyStatusText, keyEnvVar, envVarFor, badge } from "../format.js";
import { h, fill, say, option, busy } from "../dom.js";
import * as pin from "./pin.js";
import * as presetsCard from "./presets-card.js";
import * as backupsCard from "./backups-card.js";
import { t, l10n, setL10n, errorText } from "../i18n.js";

const SHOP = ["merchant.name", "default.provider", "default.currency", "mode"];
/** Labels (message ids) of the settings the window names itself; others show the core's help. */
const LABELS = {
  "merchant.name": "settings-field-merchant-name",
  "default.provider": "settings-field-default-provider",
  "default.currency": "settings-field-default-currency",
  mode: "settings-field-mode",
  "http.timeout_secs": "settings-field-timeout",
  "ui.language": "language-label",
};
/** Help that says more than the label (message ids; null: none); other settings show the core's own help. */
const HELP = {
  "merchant.name": "settings-help-merchant-name",
  "default.provider": null,
  "default.currency": null,
  mode: "settings-help-mode",
  "http.timeout_secs": "settings-help-timeout",
  "ui.language": "settings-help-language",
};
/** The `mode` setting's choices: value → message id. */
const MODE_CHOICES = [["", "settings-mode-auto"], ["test", "settings-mode-test"], ["live", "settings-mode-live"]];

let ctx;
let settings = [];
const el = (id) => document.getElementById(id);

export function init(c) {
  ctx = c;
  el("settings-form").addEventListener("submit", (e) => {
    e.preventDefault();
    busy(el("save-settings"), saveSettings);
  });
  ctx.on("providers", () => {
    if (!el("settings-screen").hidden) renderKeys();
  });
  pin.init();
  presetsCard.init(c);
  backupsCard.init(c);
}

export async function show() {
  say(el("settings-error"), "");
  say(el("settings-saved"), "");
  renderKeys();
  pin.show();
  presetsCard.show();
  backupsCard.show();
  const info = ctx.info;
  el("about").textContent = info.version ? t("settings-about", { version: info.version, folder: info.data_dir }) : "";
  try {
    settings = await api.getSettings();
    renderSettings();
  } catch (e) {
    say(el("settings-error"), errorText(e));
  }
}

// ---- keys ----

function keyModes(p) {
  const modes = (p.keys ?? []).map((k) => k.mode);
  return modes.length ? modes : ["test", "live"];
}

function renderKeys() {
  const real = ctx.providers.filter((p) => !p.training);
  fill(
    el("keys-list"),
    real.length ? null : h("p", { class: "hint", ...l10n("settings-keyrow-none") }),
    real.map((p) => [p.error ? h("p", { class: "error", role: "alert", text: p.error_l10n?.id ? errorText({ ...p.error_l10n, message: p.error }) : p.error }) : null, keyModes(p).map((m) => keyRow(p, m))]),
  );
}

function keyRow(p, mode) {
  const ks = (p.keys ?? []).find((k) => k.mode === mode) ?? { provider: p.id, mode, configured: false };
  const suffix = `${p.id}-${mode}`;
  const b = badge(mode);
  const fromEnv = ks.configured && ks.source === "env";
  const input = h("input", {
    id: `key-${suffix}`,
    type: "password",
    autocomplete: "off",
    spellcheck: false,
    ...l10n("settings-keyrow-input", { mode }),
    "aria-describedby": `key-status-${suffix} key-msg-${suffix}`,
  });
  const save = h("button", { id: `save-key-${suffix}`, type: "submit", class: "btn btn-primary", ...l10n("settings-keyrow-save") });
  const del = h("button", {
    id: `delete-key-${suffix}`,
    type: "button",
    class: "btn btn-danger",
    ...l10n("settings-keyrow-delete"),
    // Only where there is a key this window may delete (one from the environment is the
    // environment's): a row of greyed-out Delete buttons read as keys, and as a choice.
    hidden: !ks.configured || fromEnv,
    on: { click: (e) => confirmDelete(e.currentTarget, p, mode) },
  });
  const form = h(
    "form",
    { class: "key-form", novalidate: true, on: { submit: (e) => (e.preventDefault(), busy(save, () => saveKey(p, mode, input))) } },
    h("label", { for: `key-${suffix}`, class: "visually-hidden", ...l10n("settings-keyrow-label", { provider: p.name, mode }) }),
    input,
    save,
    del,
  );
  return h(
    "div",
    { class: ["key-row", `mode-row-${mode}`] },
    h(
      "div",
      { class: "key-head" },
      h("span", { class: ["mode-badge", `mode-${mode}`], title: b.hint }, b.text),
      h("strong", { ...l10n("settings-keyrow-title", { provider: p.name, mode }) }),
      h("span", { id: `key-status-${suffix}`, class: ["key-status", ks.configured ? "is-set" : "is-unset"], text: keyStatusText(ks) }),
    ),
    form,
    h("p", { id: `key-msg-${suffix}`, class: "key-msg", role: "status", text: fromEnv ? t("settings-set-by-env", { variable: keyEnvVar(p.id) }) : "" }),
  );
}

async function saveKey(p, mode, input) {
  const suffix = `${p.id}-${mode}`;
  const msg = el(`key-msg-${suffix}`);
  msg.className = "key-msg";
  try {
    const code = await pin.askPin(t("settings-keyrow-pin-save", { provider: p.name, mode }));
    if (code === undefined) return;
    const res = await api.setKey(p.id, mode, input.value, code);
    input.value = "";
    el(`key-status-${suffix}`).textContent = keyStatusText(res.status);
    // the provider's verdict in the window's language ({id, args}), its English words otherwise
    const said = res.message_l10n?.id ? errorText({ ...res.message_l10n, message: res.message }) : res.message;
    const text = res.ok ? `✓ ${said}` : res.checked ? `✗ ${said}` : said;
    msg.classList.add(res.ok ? "ok" : res.checked ? "bad" : "warn");
    await ctx.refresh();
    renderKeys();
    const fresh = el(`key-msg-${suffix}`);
    fresh.textContent = text;
    fresh.className = msg.className;
    el(`key-${suffix}`).focus();
  } catch (e) {
    msg.textContent = errorText(e);
    msg.classList.add("bad");
    input.focus();
  }
}

function confirmDelete(button, p, mode) {
  if (button.dataset.armed !== "1") {
    button.dataset.armed = "1";
    setL10n(button, "settings-keyrow-delete-confirm");
    setTimeout(() => {
      button.dataset.armed = "";
      setL10n(button, "settings-keyrow-delete");
    }, 4000);
    return;
  }
  busy(button, async () => {
    const suffix = `${p.id}-${mode}`;
    try {
      const code = await pin.askPin(t("settings-keyrow-pin-delete", { provider: p.name, mode }));
      if (code === undefined) return;
      const removed = await api.deleteKey(p.id, mode, code);
      await ctx.refresh();
      renderKeys();
      el(`key-msg-${suffix}`).textContent = t(removed ? "settings-keyrow-deleted" : "settings-keyrow-nothing-to-delete");
      // The button went with the key: the focus goes to the field a new key is typed in.
      el(`key-${suffix}`).focus();
    } catch (e) {
      el(`key-msg-${suffix}`).textContent = errorText(e);
    }
  });
}

// ---- settings ----

function controlId(key) {
  return key === "merchant.name" ? "merchant-name" : `setting-${key.replace(/[^a-z0-9]+/gi, "-")}`;
}

function choices(key) {
  if (key === "default.provider") return ctx.providers.map((p) => [p.id, p.name]);
  if (key === "default.currency") {
    const all = new Set(ctx.providers.flatMap((p) => p.currencies ?? []));
    return [...all].map((c) => [c, c]);
  }
  if (key === "mode") return MODE_CHOICES.map(([v, id]) => [v, t(id)]);
  if (key === "ui.language") return ctx.languageChoices();
  return null;
}

function field(s) {
  const id = controlId(s.key);
  const env = s.source === "env";
  const list = choices(s.key);
  const value = s.value ?? "";
  let control;
  if (list) {
    const opts = list.map(([v, t]) => option(v, t, { selected: v === value }));
    if (value && !list.some(([v]) => v === value)) opts.push(option(value, value, { selected: true }));
    control = h("select", { id }, opts);
  } else {
    const type = s.key.endsWith("_secs") ? "number" : s.key.endsWith("base_url") ? "url" : "text";
    control = h("input", { id, type, value, autocomplete: "off", spellcheck: false, maxLength: s.key === "merchant.name" ? 60 : undefined });
  }
  control.dataset.key = s.key;
  control.dataset.original = value;
  control.disabled = env;
  control.setAttribute("aria-describedby", `${id}-help ${id}-error`);
  const source = env ? t("settings-set-by-env", { variable: envVarFor(s.key) }) : s.source === "default" ? t("settings-using-default") : "";
  const help = s.key in HELP ? (HELP[s.key] ? t(HELP[s.key]) : "") : LABELS[s.key] ? s.help : "";
  return h(
    "div",
    { class: "field" },
    h("label", { for: id, text: LABELS[s.key] ? t(LABELS[s.key]) : (s.help ?? s.key) }),
    control,
    h("p", { id: `${id}-help`, class: ["hint", env ? "hint-env" : null], text: [help, source].filter(Boolean).join(" ") }),
    h("p", { id: `${id}-error`, class: "error", role: "alert" }),
  );
}

function renderSettings() {
  fill(el("shop-fields"), settings.filter((s) => SHOP.includes(s.key)).map(field));
  fill(el("advanced-fields"), settings.filter((s) => !SHOP.includes(s.key)).map(field));
}

async function saveSettings() {
  say(el("settings-saved"), "");
  say(el("settings-form-error"), "");
  const controls = [...el("settings-form").querySelectorAll("[data-key]")].filter((c) => !c.disabled);
  let changed = 0;
  let failed = 0;
  for (const c of controls) {
    const errorEl = el(`${c.id}-error`);
    errorEl.textContent = "";
    c.removeAttribute("aria-invalid");
    const value = c.value.trim();
    if (value === c.dataset.original) continue;
    try {
      if (value === "") await api.unsetSetting(c.dataset.key);
      else await api.setSetting(c.dataset.key, value);
      c.dataset.original = value;
      changed += 1;
    } catch (e) {
      failed += 1;
      errorEl.textContent = errorText(e);
      c.setAttribute("aria-invalid", "true");
      if (c.closest("details")) c.closest("details").open = true;
      if (failed === 1) c.focus();
    }
  }
  if (changed) {
    try {
      await ctx.refresh();
      settings = await api.getSettings();
    } catch (e) {
      say(el("settings-form-error"), errorText(e));
    }
  }
  if (failed === 0) {
    renderSettings();
    say(el("settings-saved"), t(changed ? "settings-result-saved" : "settings-result-nothing"));
  } else if (changed) {
    say(el("settings-saved"), t("settings-result-partly"));
  }
}
