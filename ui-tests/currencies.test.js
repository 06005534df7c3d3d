import test from "node:test";
import "./helpers/l10n.js";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { learnCurrencies, maxMajorFor, currencyDigits, preview, formatMoney, formatMinor, example, readAmount, POINT } from "../ui/js/money.js";

// Exponents as the core's ISO table states them, one per currency some provider takes
// (crates/core/tests/amount_cases.rs holds this table to the core).
const table = JSON.parse(readFileSync(new URL("../crates/core/tests/data/amount_cases.json", import.meta.url), "utf8"));
const COMMA = { decimal: ",", group: "." };

// What list_providers answers for Paystack, in part.
const paystack = {
  id: "paystack",
  currencies: ["NGN", "XOF", "RWF"],
  currency_rules: [
    { currency: "NGN", exponent: 2, max_major: 10000000, source: "published" },
    { currency: "XOF", exponent: 0, max_major: 10000000, source: "assumed" },
    { currency: "RWF", exponent: 0, max_major: 10000000, source: "assumed" },
  ],
};
const payroc = { id: "payroc", currencies: ["USD", "CAD"], currency_rules: [{ currency: "CAD", exponent: 2, max_major: 1000000, source: "published" }] };

test("before the core is asked, Intl's table agrees with the core's for every provider currency", () => {
  // The customer window formats with this fallback: it must not differ from the core's.
  for (const [code, exp] of Object.entries(table.exponents)) assert.equal(currencyDigits(code), exp, code);
});

test("the core's exponents win over Intl's", () => {
  // IQD: ISO 4217 says 3 decimals, Intl (CLDR) 0. The core is the authority.
  assert.equal(currencyDigits("IQD"), 0);
  learnCurrencies([{ id: "x", currency_rules: [{ currency: "IQD", exponent: 3, max_major: null }] }, paystack]);
  assert.equal(currencyDigits("IQD"), 3);
  assert.equal(formatMinor(1500, "IQD"), "1.500");
});

test("XOF is whole francs: the preview, the display and the example say so", () => {
  learnCurrencies([paystack]);
  assert.deepEqual(preview("1500", "XOF", POINT, maxMajorFor(paystack, "XOF")), { ok: true, text: "XOF 1,500" });
  assert.deepEqual(preview("1.500", "XOF", COMMA, maxMajorFor(paystack, "XOF")), { ok: true, text: "XOF 1.500" });
  assert.deepEqual(readAmount("1,500", "XOF", POINT), { ok: true, minor: 1500n });
  assert.deepEqual(preview("1500.50", "XOF", POINT), { ok: false, text: "XOF has no decimals: type a whole amount." });
  assert.deepEqual(preview("25000.5", "RWF", POINT), { ok: false, text: "RWF has no decimals: type a whole amount." });
  assert.equal(formatMoney(1500, "XOF"), "XOF 1,500");
  assert.equal(formatMoney(150050, "NGN"), "NGN 1,500.50");
  assert.equal(example("XOF", POINT), "1,500");
});

test("the limit is the provider's in that currency, in its own unit", () => {
  learnCurrencies([paystack, payroc]);
  assert.equal(maxMajorFor(paystack, "XOF"), 10000000);
  assert.equal(maxMajorFor(payroc, "CAD"), 1000000);
  assert.equal(maxMajorFor(payroc, "NGN"), null, "a currency the provider does not take has no limit of its own: the core refuses it");
  assert.equal(maxMajorFor(null, "NGN"), null);
  assert.deepEqual(preview("10,000,001", "XOF", POINT, maxMajorFor(paystack, "XOF")), { ok: false, text: "Too large: at most XOF 10,000,000 per link." });
  assert.deepEqual(preview("1,000,000.01", "CAD", POINT, maxMajorFor(payroc, "CAD")), { ok: false, text: "Too large: at most CAD 1,000,000.00 per link." });
});

test("the window takes its currency list from list_providers, not a list of its own", () => {
  // new.js fills the currency menu from the provider's `currencies`; no module of the window
  // names a currency list of its own (only the defaults' single fallback, NGN).
  for (const file of ["screens/new.js", "newlink.js", "money.js", "format.js", "main.js"]) {
    const src = readFileSync(new URL(`../ui/js/${file}`, import.meta.url), "utf8");
    assert.doesNotMatch(src, /\[\s*"(NGN|USD|GBP)"\s*,\s*"[A-Z]{3}"/, file);
  }
  const src = readFileSync(new URL("../ui/js/screens/new.js", import.meta.url), "utf8");
  assert.match(src, /p\?\.currencies/);
  assert.match(src, /maxMajorFor\(p, currency\)/);
});
