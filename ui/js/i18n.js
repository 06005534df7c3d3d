// The window's language: Project Fluent catalogues (ui/locales/<code>/paydesk.ftl, the files the
// core reads too), formatted with the vendored @fluent/bundle. `t(id, args)` gives a message in
// the current language (English when the language lacks it); `translate(root)` fills every
// element carrying `data-l10n-id` (text, and the attributes of data-l10n-attrs or the usual
// aria-label / title / placeholder / alt); `setLanguage(code)` switches at runtime and redraws.
// The list of languages is ui/locales/languages.json, served with the catalogues by the core
// (`l10n_catalogues`), so adding a language never touches this file. docs/l10n.md: conventions.

import { FluentBundle, FluentResource, FluentNumber } from "../vendor/fluent-bundle/index.js";

const FALLBACK = "en";
const ATTRS = ["aria-label", "title", "placeholder", "alt"];

let languages = [];
/** Each language's number marks, `{decimal, group}` (languages.json, as the core's `Lang::number_style`). */
const marks = new Map();
/** Each language's catalogue text, parsed into a bundle the first time it is used (`bundle`). */
const sources = new Map();
const bundles = new Map();
let current = FALLBACK;
let setting = "auto";
let osLanguage = FALLBACK;
let osLocale = null;
let moneyFormat = (minor, currency) => `${currency} ${minor}`;
const listeners = new Set();

/**
 * Loads the catalogues: `languages` is `[{code, name, ftl}]` (the `l10n_catalogues` answer), and
 * `language` the one to show. Syntax errors in a catalogue throw: a test keeps them out.
 */
export function load({ languages: list, language = FALLBACK, setting: s = "auto", os = FALLBACK, os_locale: tag = null }) {
  languages = list.map(({ code, name }) => ({ code, name }));
  marks.clear();
  for (const { code, decimal, group } of list) if (decimal && group) marks.set(code, { decimal, group });
  sources.clear();
  bundles.clear();
  for (const { code, ftl } of list) sources.set(code, ftl);
  // Only the languages shown are parsed: French is not parsed for an English window (about a
  // tenth of the page's start-up in WebKit's interpreter, docs/speed.md), nor English for a
  // French one until a message lacks a French text.
  setting = s;
  osLanguage = sources.has(os) ? os : FALLBACK;
  osLocale = tag;
  current = sources.has(language) ? language : negotiate([language], codes());
  bundle(current);
  mark();
  return current;
}

/** The first language of `wanted` (BCP 47 tags, most wanted first) that paydesk has; else English. */
export function negotiate(wanted, available = codes()) {
  for (const tag of wanted ?? []) {
    const primary = String(tag ?? "").toLowerCase().split(/[-_.@]/)[0];
    if (available.includes(primary)) return primary;
  }
  return FALLBACK;
}

const codes = () => languages.map((l) => l.code);

/** The language's bundle, parsed now if it was not yet; undefined for a language paydesk lacks. */
function bundle(code) {
  if (!bundles.has(code) && sources.has(code)) {
    // No FSI/PDI marks around arguments: every language paydesk has is written left to right.
    const made = new FluentBundle(code, { useIsolating: false });
    const errors = made.addResource(new FluentResource(sources.get(code)));
    if (errors.length) throw new Error(`${code}/paydesk.ftl: ${errors.map(String).join("; ")}`);
    bundles.set(code, made);
  }
  return bundles.get(code);
}

/** The language shown: a code of languages.json. */
export const language = () => current;
/** `[{code, name}]` in the list's order. */
export const available = () => languages.slice();
/** The `ui.language` setting (`auto` or a code) and the language the computer asks for. */
export const choice = () => ({ setting, os: osLanguage });

/** Whether the message exists in the current language or in English. */
export function has(id) {
  return Boolean(bundle(current)?.hasMessage(id) || bundle(FALLBACK)?.hasMessage(id));
}

/**
 * The Intl locale for numbers and dates: the language, with the computer's region when it speaks
 * the same language (fr + fr-CA → fr-CA). The computer's locale is the core's reading of the
 * environment (`os_locale`), the rule is the core's `i18n::window_locale`, and the shell hands
 * the main window's to WebKit for its date field; it is not read from `navigator`, which reports
 * what the shell handed WebKit last.
 */
export function locale() {
  const own = osLocale && String(osLocale).toLowerCase().split(/[-_]/)[0] === current ? osLocale : null;
  try {
    if (own && Intl.NumberFormat.supportedLocalesOf([own]).length) return own;
  } catch {
    // not a valid tag: the language alone
  }
  return current;
}

/**
 * How amounts are typed and written in the language shown: its marks in languages.json, the ones
 * the core reads a window's amounts with and the CLI reads `--amount` with, so the window and the
 * CLI take the same `1 500,50`. The region (`locale()`) is for dates and times only: a region that
 * writes numbers otherwise (en-ZA's `1 500,50`) would have the window refuse what the CLI takes.
 * Null before the catalogues are loaded.
 */
export function numberMarks() {
  const m = marks.get(current);
  return m ? { ...m } : null;
}

/** How `{minor, currency}` arguments become text (main.js and customer.js pass money.js's). */
export function setMoneyFormat(fn) {
  moneyFormat = fn;
}

function fluentArgs(args) {
  if (!args) return undefined;
  const out = {};
  for (const [k, v] of Object.entries(args)) {
    if (typeof v === "number") out[k] = new FluentNumber(v, { useGrouping: false });
    else if (typeof v === "bigint") out[k] = new FluentNumber(Number(v), { useGrouping: false });
    else if (v && typeof v === "object" && "minor" in v && "currency" in v) out[k] = moneyFormat(v.minor, v.currency);
    // a message said inside another (the core's Arg::Msg), in the same language
    else if (v && typeof v === "object" && typeof v.id === "string" && v.args && typeof v.args === "object") out[k] = t(v.id, v.args);
    else out[k] = v ?? "";
  }
  return out;
}

function find(id) {
  for (const code of [current, FALLBACK]) {
    const message = bundle(code)?.getMessage(id);
    if (message) return [bundle(code), message];
  }
  return [null, null];
}

/** The message `id` in the current language with `args`; the id itself when no language has it. */
export function t(id, args) {
  const [bundle, message] = find(id);
  if (!message?.value) return id;
  return bundle.formatPattern(message.value, fluentArgs(args));
}

/** The message's attributes (`.aria-label` …) as an object. */
export function attrs(id, args) {
  const [bundle, message] = find(id);
  const out = {};
  for (const [name, pattern] of Object.entries(message?.attributes ?? {})) out[name] = bundle.formatPattern(pattern, fluentArgs(args));
  return out;
}

/** An AppError in the window's language: its `id` and `args`, else its English `message`. */
export function errorText(e) {
  if (e?.id && e.id !== "error-text" && has(e.id)) return t(e.id, e.args);
  return String(e?.message ?? t("error-unknown"));
}

/** Fills `root` and every element under it that carries `data-l10n-id`. */
export function translate(root = globalThis.document) {
  if (!root || !sources.size) return;
  const nodes = root.querySelectorAll ? [...root.querySelectorAll("[data-l10n-id]")] : [];
  if (root.dataset?.l10nId) nodes.unshift(root);
  for (const el of nodes) {
    const id = el.dataset.l10nId;
    let args;
    try {
      args = el.dataset.l10nArgs ? JSON.parse(el.dataset.l10nArgs) : undefined;
    } catch {
      args = undefined;
    }
    const [, message] = find(id);
    if (!message) continue;
    if (message.value) el.textContent = t(id, args);
    const allowed = el.dataset.l10nAttrs ? el.dataset.l10nAttrs.split(/[\s,]+/) : ATTRS;
    for (const [name, value] of Object.entries(attrs(id, args))) if (allowed.includes(name)) el.setAttribute(name, value);
  }
}

/** Sets an element's message id (and args) and fills it at once. */
export function setL10n(el, id, args) {
  el.dataset.l10nId = id;
  if (args) el.dataset.l10nArgs = JSON.stringify(args);
  else delete el.dataset.l10nArgs;
  translate(el);
  return el;
}

/**
 * Props for dom.js's h(): the message's text and attributes now, and its id, so translate()
 * redraws the element after a language switch. `h("h2", { id: "x", ...l10n("pin-title") })`.
 */
export function l10n(id, args) {
  const props = { data: args ? { l10nId: id, l10nArgs: JSON.stringify(args) } : { l10nId: id }, ...attrs(id, args) };
  const [, message] = find(id);
  if (message?.value) props.text = t(id, args);
  return props;
}

function mark() {
  const doc = globalThis.document;
  if (doc?.documentElement) doc.documentElement.lang = current;
}

/** Switches the language; the page's data-l10n-id elements are redrawn and `onChange` told. */
export function setLanguage(code) {
  const next = sources.has(code) ? code : negotiate([code]);
  bundle(next);
  current = next;
  mark();
  translate();
  for (const fn of listeners) {
    try {
      fn(current);
    } catch (e) {
      console.error(e);
    }
  }
  return current;
}

/** `fn(code)` after each switch; returns a function that stops it. */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Loads the catalogues through `fetchCatalogues` (api.l10nCatalogues) and shows the chosen
 * language. Without the app around it (a web browser, the preview) the page stays as written.
 */
export async function start(fetchCatalogues) {
  try {
    const c = await fetchCatalogues();
    load(c);
    translate();
  } catch (e) {
    console.error("paydesk: the message catalogue could not be loaded", e);
  }
  return current;
}
