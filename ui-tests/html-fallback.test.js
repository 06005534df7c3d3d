// The words written in the HTML pages are the English catalogue's, element by element: translate()
// in English changes nothing, and the page reads the same before the catalogue arrives (a web
// browser, the preview) as after. End-to-end tests and the README quote those words.

import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { useLanguage } from "./helpers/l10n.js";

const UI = new URL("../ui/", import.meta.url);
const ATTRS = ["aria-label", "title", "placeholder", "alt"];

/** `[{tag, id, attrs, text}]` for each element carrying data-l10n-id; text null when it has child elements. */
function tagged(html) {
  const out = [];
  for (const m of html.matchAll(/<([a-z0-9]+)(\s[^>]*?data-l10n-id="([^"]+)"[^>]*)>/g)) {
    const [whole, tag, attrsText, id] = m;
    const after = html.slice(m.index + whole.length);
    const inner = /^[^<]*/.exec(after)[0];
    const closes = after.slice(inner.length).startsWith(`</${tag}>`);
    const attrs = Object.fromEntries(ATTRS.map((a) => [a, new RegExp(`\\s${a}="([^"]*)"`).exec(attrsText)?.[1]]).filter(([, v]) => v !== undefined));
    out.push({ tag, id, attrs, text: closes ? inner : null });
  }
  return out;
}

for (const page of ["index.html", "customer.html"]) {
  test(`${page}: each element's words are its English message`, () => {
    const i18n = useLanguage("en");
    const problems = [];
    for (const el of tagged(readFileSync(new URL(page, UI), "utf8"))) {
      if (!i18n.has(el.id)) {
        problems.push(`${el.id}: not in en/paydesk.ftl`);
        continue;
      }
      const value = i18n.t(el.id);
      const valued = value !== el.id;
      if (valued && el.text === null) problems.push(`${el.id}: <${el.tag}> has child elements, and translate() would replace them: put the id on a <span>`);
      if (valued && el.text !== null && el.text !== value) problems.push(`${el.id}: <${el.tag}> says ${JSON.stringify(el.text)}, English ${JSON.stringify(value)}`);
      for (const [name, text] of Object.entries(i18n.attrs(el.id))) {
        if (el.attrs[name] !== text) problems.push(`${el.id}: <${el.tag}> ${name}=${JSON.stringify(el.attrs[name])}, English ${JSON.stringify(text)}`);
      }
    }
    assert.deepEqual(problems, []);
  });
}
