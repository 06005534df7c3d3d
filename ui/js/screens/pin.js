// The manager PIN: a "Manager PIN" section in Settings (set, change, clear), and `askPin`, the
// small modal that asks for it before a key is saved or deleted. The PIN is only ever sent to
// the core; the window keeps it no longer than the field holding it.

import * as api from "../api.js";
import { h, say, busy } from "../dom.js";
import { t, l10n, setL10n, errorText } from "../i18n.js";

const el = (id) => document.getElementById(id);
let status = { set: false };
let prompt = null;

export function init() {
  const section = h(
    "section",
    { id: "pin-card", class: "card pin-card", "aria-labelledby": "pin-title" },
    h("h2", { id: "pin-title", ...l10n("pin-title") }),
    h("p", { class: "hint", ...l10n("pin-hint") }),
    h("p", { id: "pin-state", class: "pin-state", role: "status" }),
    h(
      "form",
      { id: "pin-form", class: "form", novalidate: true, on: { submit: (e) => (e.preventDefault(), busy(el("pin-save"), save)) } },
      h("div", { class: "field", id: "pin-current-field" }, h("label", { for: "pin-current", ...l10n("pin-current") }), h("input", { id: "pin-current", type: "password", inputmode: "numeric", autocomplete: "off", "aria-describedby": "pin-current-error" }), h("p", { id: "pin-current-error", class: "error", role: "alert" })),
      h("div", { class: "field" }, h("label", { for: "pin-new", ...l10n("pin-new") }), h("input", { id: "pin-new", type: "password", inputmode: "numeric", autocomplete: "off", "aria-describedby": "pin-new-error" }), h("p", { id: "pin-new-error", class: "error", role: "alert" })),
      h("div", { class: "btn-row" }, h("button", { id: "pin-save", type: "submit", class: "btn btn-primary", ...l10n("pin-set") }), h("button", { id: "pin-clear", type: "button", class: "btn btn-danger", ...l10n("pin-clear"), on: { click: (e) => busy(e.currentTarget, clear) } })),
      h("p", { id: "pin-msg", class: "note", role: "status" }),
    ),
  );
  el("settings-screen").querySelector(".settings-layout").append(section);
  prompt = buildPrompt();
  document.body.append(prompt);
}

export async function show() {
  try {
    status = await api.pinStatus();
  } catch (e) {
    say(el("pin-msg"), errorText(e));
  }
  render();
}

function render() {
  say(el("pin-state"), t(status.set ? "pin-is-set" : "pin-not-set"));
  el("pin-current-field").hidden = !status.set;
  el("pin-clear").hidden = !status.set;
  setL10n(el("pin-save"), status.set ? "pin-change" : "pin-set");
  for (const id of ["pin-current", "pin-new"]) el(id).value = "";
}

function errors(e) {
  const target = { pin: "pin-current-error", new_pin: "pin-new-error" }[e.field];
  say(el(target ?? "pin-msg"), errorText(e));
}

async function save() {
  for (const id of ["pin-current-error", "pin-new-error", "pin-msg"]) say(el(id), "");
  try {
    status = await api.setPin(status.set ? el("pin-current").value : null, el("pin-new").value);
    render();
    say(el("pin-msg"), t("pin-saved"));
  } catch (e) {
    errors(e);
  }
}

async function clear() {
  for (const id of ["pin-current-error", "pin-new-error", "pin-msg"]) say(el(id), "");
  try {
    status = await api.clearPin(el("pin-current").value);
    render();
    say(el("pin-msg"), t("pin-cleared"));
  } catch (e) {
    errors(e);
  }
}

function buildPrompt() {
  const d = h(
    "dialog",
    { id: "pin-prompt", class: "refund-dialog", "aria-labelledby": "pin-prompt-title" },
    h(
      "form",
      { method: "dialog", class: "form", novalidate: true },
      h("h2", { id: "pin-prompt-title", ...l10n("pin-title") }),
      h("div", { class: "field" }, h("label", { for: "pin-prompt-input", id: "pin-prompt-label", ...l10n("pin-prompt") }), h("input", { id: "pin-prompt-input", type: "password", inputmode: "numeric", autocomplete: "off" })),
      h("div", { class: "btn-row" }, h("button", { type: "submit", value: "cancel", class: "btn", id: "pin-prompt-cancel", ...l10n("pin-cancel"), formNoValidate: true }), h("button", { type: "submit", value: "ok", class: "btn btn-primary", id: "pin-prompt-ok", ...l10n("pin-ok") })),
    ),
  );
  return d;
}

/**
 * The manager PIN for `what` ("save the key"): `null` when none is set (nothing asked),
 * `undefined` when the person cancelled, else what they typed.
 */
export async function askPin(what) {
  try {
    status = await api.pinStatus();
  } catch {
    return null;
  }
  if (!status.set) return null;
  setL10n(el("pin-prompt-label"), "pin-prompt-for", { what });
  el("pin-prompt-input").value = "";
  const back = document.activeElement;
  prompt.returnValue = "";
  prompt.showModal();
  el("pin-prompt-input").focus();
  const answer = await new Promise((resolve) => prompt.addEventListener("close", () => resolve(prompt.returnValue), { once: true }));
  const pin = el("pin-prompt-input").value;
  el("pin-prompt-input").value = "";
  back?.focus?.();
  return answer === "ok" ? pin : undefined;
}
