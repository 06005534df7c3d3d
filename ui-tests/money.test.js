import test from "node:test";
import "./helpers/l10n.js";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { numberStyle, normalizeTyped, readAmount, formatMinor, formatMoney, preview, currencyDigits, example, POINT, safeLocale } from "../ui/js/money.js";

const COMMA = { decimal: ",", group: "." };

test("number style comes from the locale", () => {
  assert.deepEqual(numberStyle("en-US"), { decimal: ".", group: "," });
  assert.deepEqual(numberStyle("en-NG"), { decimal: ".", group: "," });
  assert.deepEqual(numberStyle("de-DE"), { decimal: ",", group: "." });
  // es only groups from five digits: the style must still find its group mark
  assert.deepEqual(numberStyle("es-ES"), { decimal: ",", group: "." });
  const fr = numberStyle("fr-FR");
  assert.equal(fr.decimal, ",");
  assert.match(fr.group, /^[\u00a0\u202f ]$/);
  const ch = numberStyle("de-CH");
  assert.equal(ch.decimal, ".");
  assert.match(ch.group, /^['\u2019]$/);
});

test("a broken locale falls back to 1,500.50", () => {
  assert.deepEqual(numberStyle("not a locale!!"), POINT);
});

test("plain spaces count as the locale's no-break group space; nothing else is touched", () => {
  const fr = { decimal: ",", group: "\u202f" };
  assert.equal(normalizeTyped(" 1 500,50 ", fr), "1\u202f500,50");
  assert.equal(normalizeTyped("1'500.50", { decimal: ".", group: "\u2019" }), "1\u2019500.50");
  assert.equal(normalizeTyped(" 1 500.50 ", POINT), "1 500.50");
});

test("reads what a person types, in minor units", () => {
  assert.deepEqual(readAmount("1,500.50", "NGN", POINT), { ok: true, minor: 150050n });
  assert.deepEqual(readAmount("1500.5", "NGN", POINT), { ok: true, minor: 150050n });
  assert.deepEqual(readAmount("1500", "NGN", POINT), { ok: true, minor: 150000n });
  assert.deepEqual(readAmount("1.500,50", "NGN", COMMA), { ok: true, minor: 150050n });
  assert.deepEqual(readAmount(".5", "USD", POINT), { ok: true, minor: 50n });
  // no float anywhere: 0.1 + 0.2 style errors would show here
  assert.deepEqual(readAmount("9,999,999.99", "NGN", POINT), { ok: true, minor: 999999999n });
  assert.deepEqual(readAmount("0.29", "USD", POINT), { ok: true, minor: 29n });
});

test("refuses what it cannot read exactly", () => {
  const reason = (s, style = POINT, c = "NGN") => readAmount(s, c, style).reason;
  assert.equal(reason(""), "empty");
  assert.equal(reason("   "), "empty");
  assert.equal(reason("-5"), "chars");
  assert.equal(reason("1e3"), "chars");
  assert.equal(reason("₦500"), "chars");
  assert.equal(reason("1.500.50"), "decimal");
  assert.equal(reason("15,00"), "group-decimal");
  assert.equal(reason("1,5"), "group-decimal");
  assert.equal(reason("1,5000"), "group");
  assert.equal(reason("1,500,50"), "group");
  assert.equal(reason("1500.505"), "decimals");
  assert.equal(reason("0"), "zero");
  assert.equal(reason("0.00"), "zero");
  assert.equal(reason("1,500.50", COMMA), "group");
  assert.equal(reason("1,500,50", COMMA), "decimal");
  assert.equal(reason("."), "chars");
});

test("formats integer minor units exactly", () => {
  assert.equal(formatMinor(150050, "NGN"), "1,500.50");
  assert.equal(formatMinor(5, "NGN"), "0.05");
  assert.equal(formatMinor(100000000000n, "USD"), "1,000,000,000.00");
  assert.equal(formatMinor(150050, "NGN", COMMA), "1.500,50");
  assert.equal(formatMinor(1500, "JPY"), "1,500");
  assert.equal(formatMoney(150050, "GHS"), "GHS 1,500.50");
  assert.equal(currencyDigits("KES"), 2);
  assert.equal(currencyDigits("JPY"), 0);
  assert.equal(currencyDigits("XXX-not"), 2);
});

test("the preview echoes the amount or says what is wrong with it, with no number to take for a correction", () => {
  assert.deepEqual(preview("1500.5", "NGN", POINT), { ok: true, text: "NGN 1,500.50" });
  assert.deepEqual(preview("1.500,5", "NGN", COMMA), { ok: true, text: "NGN 1.500,50" });
  assert.deepEqual(preview("", "NGN", POINT), { ok: false, text: "" });
  assert.equal(preview("abc", "NGN", POINT).text, 'Type only digits, and "." before the decimals.');
  assert.equal(preview("abc", "NGN", COMMA).text, 'Type only digits, and "," before the decimals.');
  assert.equal(preview("1.500.50", "NGN", POINT).text, 'Only one ".", before the decimals.');
  // "," groups thousands in English: what reads as decimals says which mark starts them
  assert.equal(preview("1,5", "NGN", POINT).text, '"," groups thousands here: type "." before the decimals.');
  assert.equal(preview("1,5", "XOF", POINT).text, "XOF has no decimals: type a whole amount.");
  assert.equal(preview("1,50.50", "NGN", POINT).text, 'A "," is out of place: group thousands by three, or leave them out.');
  assert.equal(preview("1 50,50", "NGN", { decimal: ",", group: "\u202f" }).text, "A space is out of place: group thousands by three, or leave them out.");
  for (const typed of ["abc", "1.500.50", "1,50.50", "15,0.50"]) assert.doesNotMatch(preview(typed, "NGN", POINT).text, /\d/, typed);
  assert.equal(preview("1.234", "NGN", POINT).text, "NGN has 2 decimals at most.");
  assert.equal(preview("0", "NGN", POINT).ok, false);
  assert.equal(example("JPY", POINT), "1,500");
});

test("a POSIX locale that is no language tag falls back instead of breaking Intl", () => {
  assert.equal(safeLocale("C"), "en");
  assert.equal(safeLocale("POSIX"), "en");
  assert.equal(safeLocale(""), "en");
  assert.equal(safeLocale(undefined), "en");
  assert.equal(safeLocale("en-GB"), "en-GB");
  assert.equal(safeLocale("de-DE"), "de-DE");
});

test("the preview refuses what Create refuses: over the provider's max_major", () => {
  assert.deepEqual(preview("10,000,000.01", "NGN", POINT, 10000000), { ok: false, text: "Too large: at most NGN 10,000,000.00 per link." });
  assert.deepEqual(preview("10,000,000", "NGN", POINT, 10000000), { ok: true, text: "NGN 10,000,000.00" });
  assert.equal(preview("10.000.000,01", "NGN", COMMA, 10000000).text, "Too large: at most NGN 10.000.000,00 per link.");
  // a provider with no limit (max_major null)
  assert.deepEqual(preview("99999999999", "USD", POINT, null), { ok: true, text: "USD 99,999,999,999.00" });
});

test("the preview agrees with the core's parser on the shared table", () => {
  const url = new URL("../crates/core/tests/data/amount_cases.json", import.meta.url);
  const table = JSON.parse(readFileSync(url, "utf8"));
  assert.ok(table.cases.length >= 10);
  for (const c of table.cases) {
    const style = table.styles[c.style];
    const p = preview(c.input, c.currency, style, c.max_major);
    if (c.minor !== undefined) {
      assert.deepEqual(p, { ok: true, text: formatMoney(c.minor, c.currency, style) }, JSON.stringify(c));
    } else {
      assert.equal(p.ok, false, JSON.stringify(c));
      const r = readAmount(c.input, c.currency, style);
      assert.equal(r.ok ? "too_large" : r.reason, c.refused, JSON.stringify(c));
    }
  }
});

test("the preview speaks the window's language", async () => {
  const { useLanguage } = await import("./helpers/l10n.js");
  const FR = { decimal: ",", group: "\u202f" };
  useLanguage("fr");
  try {
    assert.equal(preview("abc", "NGN", FR).text, "Tapez seulement des chiffres, et «\u00a0,\u00a0» avant les décimales.");
    assert.equal(preview("1 50,50", "NGN", FR).text, "Une espace est mal placée\u00a0: groupez les milliers par trois, ou n’en mettez pas.");
    // a space groups French thousands: "1 5" is never taken for decimals
    assert.equal(preview("1 5", "NGN", FR).text, "Une espace est mal placée\u00a0: groupez les milliers par trois, ou n’en mettez pas.");
    assert.equal(preview("1,505", "NGN", FR).text, "NGN a au plus 2 décimales.");
    assert.equal(preview("1,5", "XOF", FR).text, "XOF n’a pas de décimales\u00a0: tapez un montant entier.");
    assert.equal(preview("10 000 000,01", "NGN", FR, 10000000).text, "Trop élevé\u00a0: au plus NGN 10\u202f000\u202f000,00 par lien.");
    assert.equal(preview("0", "NGN", FR).text, "Le montant doit être supérieur à zéro.");
  } finally {
    useLanguage("en");
  }
});
