// Building DOM from data without markup strings: everything a provider or a person typed is
// set with textContent, never parsed as HTML.

import { badge, modeKind } from "./format.js";

/**
 * h("button", {id: "x", class: "primary", type: "button", on: {click: fn}, data: {id: 3}, text: "Go"}, child…)
 * Keys other than class/text/on/data/attrs become properties when the element has them, else attributes.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null) continue;
    if (v === false && !(k in el && typeof el[k] === "boolean")) continue;
    if (k === "class") el.className = Array.isArray(v) ? v.filter(Boolean).join(" ") : v;
    else if (k === "text") el.textContent = String(v);
    else if (k === "on") for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === "data") for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
    else if (k.startsWith("aria-") || k === "role" || k === "for") el.setAttribute(k, v === true ? "true" : String(v));
    else if (k in el) el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Sets text, hiding the element when it is empty. */
export function say(el, text) {
  el.textContent = text ?? "";
  el.hidden = !text;
}

/** The TEST / LIVE / TRAINING badge for a provider or a link (class .mode-badge). */
export function modeBadge(thing, { long = false } = {}) {
  const kind = modeKind(thing);
  const b = badge(kind);
  return h(
    "span",
    { class: ["mode-badge", `mode-${kind ?? "none"}`], title: b.hint },
    b.text,
    long ? h("span", { class: "mode-hint", text: `— ${b.hint}` }) : null,
  );
}

/** An <option>. */
export const option = (value, text, { selected = false, disabled = false } = {}) => h("option", { value, text, selected, disabled });

/** Briefly swaps a button's label ("Copied ✓") and puts it back. */
export function flash(button, text, ms = 2000) {
  const original = button.dataset.label ?? button.textContent;
  button.dataset.label = original;
  button.textContent = text;
  clearTimeout(Number(button.dataset.flashTimer));
  button.dataset.flashTimer = String(setTimeout(() => (button.textContent = original), ms));
}

/** Disables a button while `work` runs; a second click meanwhile does nothing. */
export async function busy(button, work) {
  if (button.getAttribute("aria-busy") === "true") return undefined;
  button.setAttribute("aria-busy", "true");
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.removeAttribute("aria-busy");
    button.disabled = false;
  }
}

let lastSaid = "";

/**
 * Says a status change through the window's one polite live region (#announcer), once: the same
 * text twice in a row is not said again. `quiet` records the text without saying it, for when
 * focus has just moved onto an element that shows it (a screen reader reads that already).
 */
export function announce(text, { quiet = false } = {}) {
  const region = document.getElementById("announcer");
  if (!region || !text || text === lastSaid) return;
  lastSaid = text;
  if (!quiet) region.textContent = text;
}
