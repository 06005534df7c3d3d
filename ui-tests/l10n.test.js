// The catalogue check: every language has every English message with the same arguments and
// attributes; every id a converted file uses exists; and no converted file in ui/ shows a person
// words that are not from the catalogue. Files not converted yet are listed in NOT_YET_CONVERTED
// (remove a file from the list when you convert it: docs/l10n.md).

import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FluentResource } from "../ui/vendor/fluent-bundle/index.js";
import { catalogues, folders, useLanguage } from "./helpers/l10n.js";
import * as i18n from "../ui/js/i18n.js";
import { numberStyle } from "../ui/js/money.js";

const UI = fileURLToPath(new URL("../ui/", import.meta.url));

/** Files still written in English, owned by work in flight; the lead converts them after merging. */
export const NOT_YET_CONVERTED = [
];

/** Technical words that look like text: key names, and English fallbacks carried beside an id. */
const ALLOWED = new Set(["Escape", "Tab", "F11", "Ctrl+N", "Ctrl+F", "Something went wrong.", "paydesk must be opened from its own app window, not from a web browser."]);
const HTML_WORDS = new Set(["input", "button", "select", "textarea", "a", "div", "span", "li", "dt", "dd", "p", "form", "dialog", "label"]);

function uiFiles(dir = UI, base = "") {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = base + e.name;
    if (e.isDirectory()) {
      if (e.name !== "vendor" && e.name !== "locales") out.push(...uiFiles(`${dir}${e.name}/`, `${rel}/`));
    } else if (/\.(js|html)$/.test(e.name)) out.push(rel);
  }
  return out.sort();
}

/** The variables and attribute names a message uses, from @fluent/bundle's own parse. */
function shape(message) {
  const vars = new Set();
  const walk = (node) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === "var") vars.add(node.name);
    for (const v of Object.values(node)) walk(v);
  };
  walk(message.value);
  walk(message.attributes);
  return { vars: [...vars].sort(), attributes: Object.keys(message.attributes ?? {}).sort(), value: message.value !== null };
}

function parsed() {
  return catalogues().map((c) => {
    const res = new FluentResource(c.ftl);
    return { ...c, messages: new Map(res.body.filter((m) => !m.id.startsWith("-")).map((m) => [m.id, m])) };
  });
}

test("languages.json names every folder of ui/locales, English first", () => {
  const list = catalogues();
  assert.equal(list[0].code, "en");
  assert.deepEqual(list.map((l) => l.code).sort(), folders().sort());
  for (const l of list) assert.ok(l.name && l.ftl.length > 100, l.code);
});

test("each language's number marks in languages.json (the core's) are the ones Intl uses (the window's)", () => {
  for (const l of catalogues()) assert.deepEqual(numberStyle(l.code), { decimal: l.decimal, group: l.group }, l.code);
});

test("every catalogue parses, and has every English message with the same arguments", () => {
  const [en, ...others] = parsed();
  // @fluent/bundle keeps going past a syntax error; a junk entry would be a message lost
  for (const c of [en, ...others]) {
    i18n.load({ languages: catalogues(), language: c.code });
    for (const id of c.messages.keys()) assert.ok(i18n.has(id), `${c.code}: ${id}`);
    assert.ok(!/^[^#\s].*[^=]$/m.test(c.ftl.split("\n").filter((l) => l && !l.startsWith(" ") && !l.startsWith("#") && !l.includes("=") && !/^[[*}]/.test(l.trim())).join("\n")), `${c.code}: a line outside any message`);
  }
  for (const c of others) {
    for (const [id, m] of en.messages) {
      assert.ok(c.messages.has(id), `${c.code}/paydesk.ftl lacks ${id}`);
      assert.deepEqual(shape(c.messages.get(id)), shape(m), `${c.code}: ${id} must use the same arguments and attributes as English`);
    }
    for (const id of c.messages.keys()) assert.ok(en.messages.has(id), `${c.code}: ${id} is not an English message`);
  }
  useLanguage("en");
});

/** String literals of a JS source with their line, comments skipped; `${…}` parts removed. */
function literals(src) {
  const out = [];
  let i = 0;
  let line = 1;
  let prev = "";
  while (i < src.length) {
    const c = src[i];
    if (c === "\n") line++;
    if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      line += (src.slice(i, end).match(/\n/g) ?? []).length;
      i = end + 2;
      continue;
    }
    if (c === "/" && /[(,=:[!&|?{};]$/.test(prev)) {
      // a regular expression literal
      i++;
      while (i < src.length && src[i] !== "/") i += src[i] === "\\" ? 2 : 1;
      i++;
      prev = "/";
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      const start = line;
      let j = i + 1;
      let text = "";
      let depth = 0;
      while (j < src.length) {
        const d = src[j];
        if (d === "\\") {
          text += src[j + 1];
          j += 2;
          continue;
        }
        if (d === "\n") line++;
        if (c === "`" && d === "$" && src[j + 1] === "{") {
          depth = 1;
          j += 2;
          while (j < src.length && depth) {
            if (src[j] === "{") depth++;
            if (src[j] === "}") depth--;
            if (src[j] === "\n") line++;
            j++;
          }
          text += "\u0000";
          continue;
        }
        if (d === c) break;
        text += d;
        j++;
      }
      out.push({ text, line: start, lineText: src.split("\n")[start - 1] });
      i = j + 1;
      prev = "x";
      continue;
    }
    if (!/\s/.test(c)) prev = c;
    i++;
  }
  return out;
}

/** Whether a literal reads as words for a person rather than an id, a selector or a key. */
function isWords(text) {
  const plain = text.replace(/\u0000/g, " ").trim();
  if (!/\p{L}{2,}/u.test(plain) || ALLOWED.has(plain)) return false;
  const tokens = plain.split(/\s+/);
  if (/^\p{Lu}/u.test(plain) && !/^[A-Z0-9_+-]+$/.test(plain)) return true; // "Retry", "Copied ✓"
  if (tokens.length === 1) return false; // ids, classes, events: "link-note", "click"
  if (tokens.every((w) => /^[a-z0-9_-]+$/.test(w)) && tokens.some((w) => /[-_]/.test(w))) return false; // "btn btn-primary"
  return tokens.some((w) => /^\p{L}+[.,:;!?…]?$/u.test(w) && !HTML_WORDS.has(w.replace(/[.,:;!?…]$/, "")));
}

const idUses = (src) => [...src.matchAll(/\b(?:t|setL10n\([^,]+,|l10n|attrs|has)\(\s*"([a-z0-9-_]+)"/g)].map((m) => m[1]);

test("converted files show no words that are not from the catalogue", () => {
  const problems = [];
  const converted = uiFiles().filter((f) => !NOT_YET_CONVERTED.includes(f));
  assert.ok(converted.includes("js/screens/link.js") && converted.includes("customer.html"));
  for (const f of converted) {
    const src = readFileSync(`${UI}${f}`, "utf8");
    if (f.endsWith(".js")) {
      for (const l of literals(src)) {
        if (/console\.|import |from "|l10n-ignore/.test(l.lineText)) continue;
        if (isWords(l.text)) problems.push(`${f}:${l.line}: "${l.text.replace(/\u0000/g, "${…}")}"`);
      }
    } else {
      // HTML: text and the attributes people read only on elements that carry data-l10n-id
      for (const m of src.matchAll(/<([a-z0-9]+)([^>]*)>([^<]*)/g)) {
        const [, tag, attrsText, text] = m;
        if (tag === "script" || tag === "style") continue;
        const has = /data-l10n-id=/.test(attrsText);
        if (/\p{L}{2,}/u.test(text) && !has) problems.push(`${f}: <${tag}> text "${text.trim()}"`);
        for (const a of attrsText.matchAll(/\b(aria-label|title|placeholder|alt)="([^"]*)"/g)) {
          if (/\p{L}{2,}/u.test(a[2]) && !has) problems.push(`${f}: <${tag}> ${a[1]}="${a[2]}"`);
        }
      }
    }
  }
  assert.deepEqual(problems, [], `words outside the catalogue (put them in ui/locales/en/paydesk.ftl and use t()):\n${problems.join("\n")}`);
});

test("every message id a converted file names is in English", () => {
  const en = parsed()[0].messages;
  const missing = [];
  for (const f of uiFiles().filter((x) => !NOT_YET_CONVERTED.includes(x))) {
    const src = readFileSync(`${UI}${f}`, "utf8");
    const ids = [...idUses(src), ...[...src.matchAll(/data-l10n-id="([^"]+)"/g)].map((m) => m[1])];
    // ids kept in tables ("sale-why-failed") are string literals of an id's shape that English has
    for (const l of literals(src)) if (/^[a-z]+(-[a-z0-9_]+)+$/.test(l.text) && en.has(l.text)) ids.push(l.text);
    for (const id of ids) if (!en.has(id)) missing.push(`${f}: ${id}`);
  }
  assert.deepEqual(missing, []);
});

test("t() speaks the language chosen, falls back to English, and formats amounts and plurals", () => {
  useLanguage("fr");
  assert.equal(i18n.language(), "fr");
  assert.equal(i18n.t("action-retry"), "Réessayer");
  assert.equal(i18n.t("hub-card-set", { source: "keyring", till: "Caisse 1", waiting: 1 }), "Configuré (depuis keyring). Cette caisse\u00a0: Caisse 1. 1 modification en attente d’envoi.");
  assert.equal(i18n.t("hub-card-set", { source: "keyring", till: "Caisse 1", waiting: 1500 }).endsWith("1500 modifications en attente d’envoi."), true);
  i18n.setMoneyFormat((minor, currency) => `${currency} ${minor / 100}`);
  assert.equal(i18n.t("amount-over-limit", { max: { minor: 100000, currency: "NGN" } }), "Le montant est trop élevé\u00a0: au plus NGN 1000 par lien.");
  assert.equal(i18n.t("no-such-message"), "no-such-message");
  // an error: its id in the window's language; English words for an id the window lacks
  assert.equal(i18n.errorText({ id: "error-network", args: { provider: "Dojo" }, message: "Could not reach Dojo…" }).startsWith("Impossible de joindre Dojo"), true);
  assert.equal(i18n.errorText({ id: "error-from-a-newer-core", args: {}, message: "English words." }), "English words.");
  assert.equal(i18n.errorText({ id: "error-text", args: { text: "No link 9." }, message: "No link 9." }), "No link 9.");
  // a core error with a message inside it (a status word) reads French all through
  const already = { id: "error-link-already", args: { link: 3, status: { id: "status-word", args: { status: "paid" } } }, message: "Link 3 is already paid." };
  assert.equal(i18n.errorText(already), "Le lien 3 est déjà payé.");
  assert.equal(i18n.negotiate(["de-DE", "fr-CA", "en"]), "fr");
  assert.equal(i18n.negotiate(["de"]), "en");
  useLanguage("en");
});

test("translate() fills text and the attributes it may set, and redraws on a switch", () => {
  const el = (dataset) => ({ dataset, textContent: "", attrs: {}, setAttribute(k, v) { this.attrs[k] = v; } });
  const button = el({ l10nId: "customer-fullscreen" });
  const img = el({ l10nId: "customer-qr" });
  const limited = el({ l10nId: "customer-fullscreen", l10nAttrs: "aria-label" });
  const root = { querySelectorAll: () => [button, img, limited], dataset: {} };
  useLanguage("fr");
  i18n.translate(root);
  assert.equal(button.textContent, "Plein écran");
  assert.equal(button.attrs.title, "Plein écran (F11)");
  assert.equal(img.textContent, "", "a message with no value leaves the text alone");
  assert.equal(img.attrs.alt, "Code QR\u00a0: scannez-le avec votre téléphone pour payer");
  assert.equal(limited.attrs.title, undefined, "data-l10n-attrs limits what is set");
  useLanguage("en");
  i18n.translate(root);
  assert.equal(button.textContent, "Full screen");
});

test("the check itself catches words, and lets ids and selectors through", () => {
  const found = (src) => literals(src).filter((l) => isWords(l.text)).map((l) => l.text);
  assert.deepEqual(found('say(el("x"), "Saved ✓"); h("p", { text: `Refund ${a} now` }); x.textContent = "not a real payment";'), ["Saved ✓", "Refund \u0000 now", "not a real payment"]);
  assert.deepEqual(found('el("refund-note"); q("input, button"); t("link-copied"); x.replace(/"a b"/g, ""); `${a} · ${b}`'), []);
});

test("a window started in English switches to French and back (each catalogue parsed when first shown)", () => {
  i18n.load({ languages: catalogues(), language: "en" });
  assert.equal(i18n.t("error-unknown"), "Something went wrong.");
  i18n.setLanguage("fr");
  assert.equal(i18n.language(), "fr");
  assert.equal(i18n.t("error-unknown"), "Un problème est survenu.");
  i18n.setLanguage("en");
  assert.equal(i18n.t("error-unknown"), "Something went wrong.");
});

test("a catalogue @fluent/bundle refuses (a message twice) is refused when its language is shown", () => {
  const broken = catalogues().map((c) => (c.code === "fr" ? { ...c, ftl: `${c.ftl}\nerror-unknown = Encore.\n` } : c));
  i18n.load({ languages: broken, language: "en" });
  assert.equal(i18n.t("error-unknown"), "Something went wrong.");
  assert.throws(() => i18n.setLanguage("fr"), /fr\/paydesk\.ftl/);
  assert.equal(i18n.language(), "en");
  assert.equal(i18n.t("error-unknown"), "Something went wrong.");
});

test("dates follow the language, with the computer's region when it speaks it (the core's window_locale); amounts the language's marks", () => {
  const shown = (language, os_locale) => {
    i18n.load({ languages: catalogues(), language, os_locale });
    return i18n.locale();
  };
  assert.equal(shown("fr", "fr-CA"), "fr-CA");
  assert.equal(shown("fr", "en-US"), "fr");
  assert.equal(shown("en", "en-ZA"), "en-ZA");
  assert.equal(shown("en", "de-DE"), "en");
  assert.equal(shown("en", null), "en");
  assert.equal(shown("fr", undefined), "fr");
  // the customer switches their window to the computer's language: its region comes back
  i18n.load({ languages: catalogues(), language: "fr", os_locale: "en-ZA" });
  i18n.setLanguage("en");
  assert.equal(i18n.locale(), "en-ZA");
  // en-ZA writes 1 500,50, but amounts are typed and shown the language's way, as the CLI reads
  // --amount under the same LANG: the window never refuses what the CLI takes
  assert.notDeepEqual(numberStyle(i18n.locale()), { decimal: ".", group: "," });
  assert.deepEqual(i18n.numberMarks(), { decimal: ".", group: "," });
  i18n.setLanguage("fr");
  assert.equal(i18n.locale(), "fr");
  assert.deepEqual(i18n.numberMarks(), { decimal: ",", group: "\u202f" });
  // fr-LU groups with "." in Intl; French amounts are still typed 1 500,50
  assert.equal(shown("fr", "fr-LU"), "fr-LU");
  assert.deepEqual(i18n.numberMarks(), { decimal: ",", group: "\u202f" });
  // a tag Intl refuses is left out, never handed to Intl
  assert.equal(shown("fr", "fr-!!"), "fr");
});
