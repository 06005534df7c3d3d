// Amounts as people type them in their locale. The core parses and is the authority; this module
// only finds the locale's number style (sent to the core as `number_style`) and draws a preview
// of what was typed, with integer arithmetic (BigInt) and never a float; its words are the
// catalogue's (amount-*), in the window's language.

import { t } from "./i18n.js";

export const POINT = Object.freeze({ decimal: ".", group: "," });

const SPACES = /[ \u00a0\u2009\u202f]/g;
const APOSTROPHES = /['\u2019]/g;

/**
 * A locale tag Intl accepts. WebKitGTK reports the POSIX locale as is, and under a bare `C` or
 * `POSIX` environment that is not a language tag: every Intl call would throw on it.
 */
export function safeLocale(tag) {
  try {
    if (tag && Intl.NumberFormat.supportedLocalesOf([tag]).length) return tag;
  } catch {
    // fall through: not a valid tag
  }
  return "en";
}

/** `{decimal, group}` of a locale, read from Intl.NumberFormat#formatToParts. */
export function numberStyle(locale) {
  let decimal;
  let group;
  try {
    // 1234567.5: large enough that every locale groups it (es groups only from 5 digits).
    const parts = new Intl.NumberFormat(locale, { useGrouping: true, minimumFractionDigits: 1 }).formatToParts(1234567.5);
    decimal = parts.find((p) => p.type === "decimal")?.value;
    group = parts.find((p) => p.type === "group")?.value;
  } catch {
    return { ...POINT };
  }
  if (!decimal || [...decimal].length !== 1) return { ...POINT };
  if (!group || [...group].length !== 1 || group === decimal) group = decimal === "," ? "." : ",";
  return { decimal, group };
}

function isSpace(ch) {
  return /^[ \u00a0\u2009\u202f]$/.test(ch);
}

/**
 * What a person typed, with look-alike group marks made the locale's own: in a locale that groups
 * with a (narrow) no-break space, a plain space means the same; with ’, an ASCII ' does.
 * Nothing else changes: the core decides what the rest means.
 */
export function normalizeTyped(input, style) {
  const s = String(input ?? "").trim();
  if (isSpace(style.group)) return s.replace(SPACES, style.group);
  if (style.group === "\u2019" || style.group === "'") return s.replace(APOSTROPHES, style.group);
  return s;
}

/**
 * Exponents as the core states them (ISO 4217, from `list_providers`' `currency_rules`):
 * `{XOF: 0, NGN: 2, …}`. The core is the authority; Intl's table (CLDR) is only the fallback for
 * a window that has not asked the core (the customer window), and agrees for every currency a
 * provider takes (ui-tests/currencies.test.js holds it to that).
 */
const EXPONENTS = new Map();

/** Learns each currency's exponent from the providers the core listed. */
export function learnCurrencies(providers) {
  for (const p of providers ?? []) {
    for (const r of p.currency_rules ?? []) {
      if (typeof r.currency === "string" && Number.isInteger(r.exponent)) EXPONENTS.set(r.currency, r.exponent);
    }
  }
}

/** The most one link of provider `p` may ask for in `currency`, in major units (null: no limit). */
export function maxMajorFor(p, currency) {
  return p?.currency_rules?.find((r) => r.currency === currency)?.max_major ?? null;
}

/** Digits after the decimal point for an ISO currency: the core's, else Intl's, else 2. */
export function currencyDigits(currency) {
  if (EXPONENTS.has(currency)) return EXPONENTS.get(currency);
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

/**
 * Reads a typed amount the way the core does, for the preview only.
 * Returns `{ok: true, minor}` (BigInt minor units) or `{ok: false, reason}` with reason one of
 * `empty`, `chars`, `decimal`, `group`, `group-decimal` (`1,5` where "," groups thousands: one
 * group mark, no decimal mark, one or two digits after it, as the core's `looks_like_decimals`),
 * `decimals`, `zero`.
 */
export function readAmount(input, currency, style) {
  const s = normalizeTyped(input, style);
  if (s === "") return { ok: false, reason: "empty" };
  for (const ch of s) {
    if (!(ch >= "0" && ch <= "9") && ch !== style.decimal && ch !== style.group) return { ok: false, reason: "chars" };
  }
  const pieces = s.split(style.decimal);
  if (pieces.length > 2) return { ok: false, reason: "decimal" };
  const [intPart, frac = ""] = pieces;
  if (frac.includes(style.group)) return { ok: false, reason: "group" };
  let digits = intPart;
  if (intPart.includes(style.group)) {
    const groups = intPart.split(style.group);
    const firstOk = groups[0].length >= 1 && groups[0].length <= 3;
    if (!firstOk || !groups.slice(1).every((g) => g.length === 3)) {
      const decimals = pieces.length === 1 && groups.length === 2 && !isSpace(style.group) && groups[0] !== "" && groups[1].length >= 1 && groups[1].length <= 2;
      return { ok: false, reason: decimals ? "group-decimal" : "group" };
    }
    digits = groups.join("");
  }
  if (digits === "" && frac === "") return { ok: false, reason: "chars" };
  const exp = currencyDigits(currency);
  if (frac.length > exp) return { ok: false, reason: "decimals" };
  const minor = BigInt(digits || "0") * 10n ** BigInt(exp) + BigInt((frac + "0".repeat(exp)).slice(0, exp) || "0");
  if (minor === 0n) return { ok: false, reason: "zero" };
  return { ok: true, minor };
}

/** `150050` NGN → `1,500.50` in `style` (exact, from integer minor units). */
export function formatMinor(minor, currency, style = POINT) {
  let n = BigInt(minor);
  const sign = n < 0n ? "-" : "";
  if (n < 0n) n = -n;
  const exp = currencyDigits(currency);
  const unit = 10n ** BigInt(exp);
  const whole = (n / unit).toString();
  const frac = (n % unit).toString().padStart(exp, "0");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, style.group);
  return sign + grouped + (exp > 0 ? style.decimal + frac : "");
}

/** `NGN 1,500.50`: the code first, so the currency is never a guess from a symbol. */
export function formatMoney(minor, currency, style = POINT) {
  return `${currency} ${formatMinor(minor, currency, style)}`;
}

/** How this style writes one thousand five hundred and a half, for hints: `1,500.50`. */
export function example(currency, style = POINT) {
  const exp = currencyDigits(currency);
  return `1${style.group}500` + (exp > 0 ? style.decimal + "50".padEnd(exp, "0").slice(0, exp) : "");
}

/**
 * A short sentence for the live preview under the amount field. `maxMajor` is the provider's
 * limit in this currency (`maxMajorFor`): the core refuses more, so the preview must not promise it.
 */
export function preview(input, currency, style = POINT, maxMajor = null) {
  const r = readAmount(input, currency, style);
  // the core's MAX_MINOR: amounts arrive as JSON numbers, exact up to 2^53 − 1
  if (r.ok && r.minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, text: t("amount-too-large", { input: String(input ?? "").trim() }) };
  if (r.ok && maxMajor !== null && maxMajor !== undefined) {
    const max = BigInt(maxMajor) * 10n ** BigInt(currencyDigits(currency));
    if (r.minor > max) return { ok: false, text: t("amount-preview-over-limit", { max: formatMoney(max, currency, style) }) };
  }
  if (r.ok) return { ok: true, text: formatMoney(r.minor, currency, style) };
  if (r.reason === "empty") return { ok: false, text: "" };
  if (r.reason === "zero") return { ok: false, text: t("amount-zero") };
  const digits = currencyDigits(currency);
  if (r.reason === "decimals") {
    return { ok: false, text: digits === 0 ? t("amount-too-many-decimals", { allowed: 0, currency, input: String(input ?? ""), found: 0 }) : t("amount-preview-decimals", { currency, allowed: digits }) };
  }
  // What is wrong, never an example number: under "1 50,50" one reads as a correction.
  if (r.reason === "group-decimal" && digits === 0) return { ok: false, text: t("amount-too-many-decimals", { allowed: 0, currency, input: String(input ?? ""), found: 0 }) };
  if (r.reason === "group-decimal") return { ok: false, text: t("amount-preview-group-decimal", { group: style.group, decimal: style.decimal }) };
  if (r.reason === "group") return { ok: false, text: /\s/.test(style.group) ? t("amount-preview-space") : t("amount-preview-group", { group: style.group }) };
  if (r.reason === "decimal") return { ok: false, text: t("amount-preview-two-decimal-marks", { decimal: style.decimal }) };
  return { ok: false, text: t("amount-preview-chars", { decimal: style.decimal }) };
}

/**
 * The line under an amount field for a `preview()` result: the sentence `okId` with the amount
 * read ("Will ask for NGN 1,500.00"), what is wrong (`warn`), or how to type one while it is empty.
 */
export function previewLine(pv, currency, style, okId) {
  if (pv.ok) return { text: t(okId, { amount: pv.text }), warn: false };
  if (pv.text) return { text: pv.text, warn: true };
  return { text: t("new-type-like", { example: example(currency, style) }), warn: false };
}
