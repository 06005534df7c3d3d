// Words a shop owner reads: status labels, test/live/training badges, "last verified 3 min ago",
// where a setting comes from, and the e-mail a link is sent in, all in the window's language
// (the catalogue's status-*, badge-*, time-*, key-status-*, mail-* and verify-* messages). No DOM here.

import { t, errorText } from "./i18n.js";

const STATUSES = ["creating", "open", "paid", "failed", "expired", "cancelled", "partially_refunded", "refunded", "unknown"];

/** `{status: label}` in the current language, in the order filters list them (getters: a switch redraws). */
export const STATUS_LABELS = Object.freeze(Object.defineProperties({}, Object.fromEntries(STATUSES.map((s) => [s, { enumerable: true, get: () => t(`status-${s}`) }]))));

/** The label for a status; exactly what #link-status and #customer-status show. */
export function statusLabel(status) {
  return t(STATUSES.includes(status) ? `status-${status}` : "status-unknown");
}

/**
 * Whether the provider's own word adds something a shop owner should read beside our label. On
 * a link still open it never does: Paystack calls an untouched checkout "abandoned" seconds after
 * it is made, which reads as if the customer gave up. The word stays in Details.
 */
export function showsProviderWord(status, providerStatus) {
  const word = String(providerStatus ?? "").trim();
  if (!word || word.toLowerCase() === String(status).toLowerCase()) return false;
  // Once money went back, the provider's word is still the payment's ("paid", "success"): under
  // "Refunded" it read as a contradiction. Each refund's own word is in the refunds list.
  return !["open", "creating", "refunded", "partially_refunded"].includes(status);
}

/** "Paid ✓ (success)": the label and the provider's own word, when it adds one. */
export function statusWithWord(status, providerStatus) {
  const label = statusLabel(status);
  return showsProviderWord(status, providerStatus) ? `${label} (${String(providerStatus).trim()})` : label;
}

/**
 * A colour family for a status: ok (paid), bad (failed …), wait (open), warn (unknown, creating),
 * done (refunded: the sale ended as the shop chose, the money back with the customer — not a
 * failure, in red on the customer's screen too).
 */
export function statusTone(status) {
  if (status === "paid" || status === "partially_refunded") return "ok";
  if (status === "open") return "wait";
  if (status === "refunded") return "done";
  if (["failed", "expired", "cancelled"].includes(status)) return "bad";
  return "warn";
}

/** `training`, `test`, `live`, or null when a provider cannot make links yet. */
export function modeKind(thing) {
  if (!thing) return null;
  if (thing.training === true || thing.provider === "training" || thing.id === "training") return "training";
  return thing.mode === "live" || thing.mode === "test" ? thing.mode : null;
}

const KINDS = ["test", "live", "training"];

/** `{text, hint}` for a mode kind (`null` gives a neutral "NOT SET UP"). */
export function badge(kind) {
  const k = KINDS.includes(kind) ? kind : "none";
  return { text: t(`badge-${k}`), hint: t(`badge-${k}-hint`) };
}

/** A provider as the list gives it, named in the current language: the practice provider's name is
 * a word of the window's (Training, Formation); a real provider keeps its own. */
export function named(p) {
  return p?.training ? { ...p, name: t("provider-training-name") } : p;
}

/** `{test, live, training}` → `{text, hint}` in the current language (getters). */
export const BADGES = Object.freeze(Object.defineProperties({}, Object.fromEntries(KINDS.map((k) => [k, { enumerable: true, get: () => badge(k) }]))));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "1 min ago", "3 h ago", "yesterday", "4 days ago", then a date. */
export function relativeTime(iso, nowMs = Date.now(), locale) {
  const at = Date.parse(iso ?? "");
  if (Number.isNaN(at)) return "";
  const d = Math.max(0, nowMs - at);
  if (d < 45_000) return t("time-just-now");
  if (d < HOUR) return t("time-min-ago", { n: Math.max(1, Math.round(d / MINUTE)) });
  if (d < DAY) return t("time-h-ago", { n: Math.floor(d / HOUR) });
  if (d < 2 * DAY) return t("time-yesterday");
  if (d < 7 * DAY) return t("time-days-ago", { n: Math.floor(d / DAY) });
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(new Date(at));
}

/** "last verified 3 min ago", or "not verified yet". */
export function lastVerified(iso, nowMs = Date.now(), locale) {
  const rel = relativeTime(iso, nowMs, locale);
  if (!rel) return t("time-not-verified");
  // a date (a week or more ago) reads "le 2 janv." in French: the message may select on it
  const kind = nowMs - Date.parse(iso) >= 7 * DAY ? "date" : "ago";
  return t("time-last-verified", { when: rel, kind });
}

/** Date and time in the person's locale, short. */
export function dateTime(iso, locale) {
  const at = Date.parse(iso ?? "");
  if (Number.isNaN(at)) return "";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(at));
}

/** "3:10 PM" / "15:10": the time of day alone, as dateTime() writes it. */
export function clockTime(iso, locale) {
  const at = Date.parse(iso ?? "");
  if (Number.isNaN(at)) return "";
  // Never broken across two lines ("2:49" at a line's end, "PM" on the next).
  return unbroken(new Intl.DateTimeFormat(locale, { timeStyle: "short" }).format(new Date(at)));
}

/** "22 Nov, 15:10" (with the year only when it is not this year): for dense tables. */
export function shortDateTime(iso, locale, nowMs = Date.now()) {
  const at = Date.parse(iso ?? "");
  if (Number.isNaN(at)) return "";
  const d = new Date(at);
  const sameYear = d.getFullYear() === new Date(nowMs).getFullYear();
  // The hour as the locale writes a short time: 09:05 on a 24-hour clock, 9:05 AM (not 09:05 AM) on 12.
  const h12 = /^h1[12]$/.test(new Intl.DateTimeFormat(locale, { timeStyle: "short" }).resolvedOptions().hourCycle ?? "");
  const opts = { day: "numeric", month: "short", hour: h12 ? "numeric" : "2-digit", minute: "2-digit", ...(sameYear ? {} : { year: "numeric" }) };
  return new Intl.DateTimeFormat(locale, opts).format(d);
}

/** The environment variable that overrides a setting: `paystack.base_url` → PAYDESK_PAYSTACK_BASE_URL. */
export function envVarFor(key) {
  return "PAYDESK_" + String(key).toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/** The variable that carries a provider's key: PAYDESK_PAYSTACK_KEY. */
export function keyEnvVar(provider) {
  return `PAYDESK_${String(provider).toUpperCase()}_KEY`; // l10n-ignore: a variable name, a URL
}

/** "Configured (…abcd, from keyring)" / "Not configured". Never more than the last 4 characters. */
export function keyStatusText(ks) {
  if (!ks?.configured) return t("key-status-not-set");
  const from = ks.source === "env" ? t("key-status-from-env", { variable: keyEnvVar(ks.provider) }) : ks.source === "keyring" ? t("key-status-from-keyring") : null;
  const bits = [ks.last4 ? t("key-status-last4", { last4: ks.last4 }) : null, from].filter(Boolean);
  return bits.length ? t("key-status-set-detail", { detail: bits.join(", ") }) : t("key-status-set");
}

/** A mailto: URL with the subject and body filled, every part URL-encoded. */
export function mailtoHref({ to, merchant, amount, description, url, training = false }) {
  const subject = merchant ? t("mail-subject-from", { merchant }) : t("mail-subject");
  const lines = [
    t("mail-hello"),
    "",
    t("mail-please-pay", { amount }),
    url,
    "",
  ];
  if (description) lines.splice(3, 0, t("mail-for", { description }));
  if (training) lines.push(t("mail-training"), "");
  lines.push(t("mail-thanks"), merchant || "");
  const body = lines.join("\r\n").trimEnd();
  return `mailto:${encodeURIComponent(to ?? "")}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`; // l10n-ignore: a variable name, a URL
}

/** "Checked 4 open links: 1 changed, 1 could not be checked." plus one line per change/error. */
export function verifySummary(summary) {
  const { checked = 0, refunds_checked: refundsChecked = 0, changed = [], refunds = [], errors = [] } = summary ?? {};
  if (checked === 0 && refundsChecked === 0) return { headline: t("verify-none"), lines: [] };
  const tail = [changed.length === 0 ? t("verify-nothing-changed") : t("verify-changed", { n: changed.length })];
  if (errors.length) tail.push(t("verify-not-checked", { n: errors.length }));
  const lines = changed.map((c) =>
    t(c.reference ? "verify-line-changed-ref" : "verify-line-changed", { link: c.id, reference: c.reference ?? "", from: statusLabel(c.from), to: statusLabel(c.to) }),
  );
  for (const r of refunds) lines.push(t(r.to === "processed" ? "verify-line-refund-given" : "verify-line-refund-failed", { link: r.link_id, reference: r.reference }));
  // each error in the window's language when the core sent its message ({id, args}), else its English words
  const said = Array.isArray(summary?.errors_l10n) && summary.errors_l10n.length === errors.length ? summary.errors_l10n : null;
  errors.forEach(([id, message], i) => {
    const m = said?.[i]?.[1];
    lines.push(t("verify-line-error", { link: id, error: m?.id ? errorText({ ...m, message }) : message }));
  });
  const what = refundsChecked ? t("verify-open-and-refunds", { n: checked, paid: refundsChecked }) : t("verify-open-links", { n: checked });
  return { headline: t("verify-checked", { what, tail: tail.join(", ") }), lines };
}

/** "paydesk-links-2024-05-01.csv" */
export function csvFileName(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `paydesk-links-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.csv`;
}

/**
 * An e-mail address cut into the pieces a line may break between: after "@" and before each
 * ".", so a long address wraps at a sensible point instead of mid-word ("ada.o" / "kafor@").
 */
export function emailBreaks(email) {
  return String(email ?? "").split(/(?<=@)|(?=\.)/).filter(Boolean);
}

/**
 * A till's name as the window shows it. A till nobody named is called "Till" and its id's last
 * four characters by the core (crates/core/src/desk/tills.rs), and pushed to the hub so: that
 * name is said in the window's language ("Caisse 7f3e"); a name the shop gave stays as it is.
 */
export function tillLabel(name) {
  const m = /^Till ([0-9a-f]{4})$/.exec(String(name ?? ""));
  return m ? t("till-unnamed", { tail: m[1] }) : String(name ?? "");
}

/** A figure or a date that must not be split across two lines ("NGN" at a line's end,
 * "1,500.50" on the next): its spaces made non-breaking. */
export function unbroken(text) {
  return String(text ?? "").replace(/ /g, "\u00a0");
}
