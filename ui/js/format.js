// Words a shop owner reads: status labels, test/live/training badges, "last verified 3 min ago",
// where a setting comes from, and the e-mail a link is sent in. No DOM here.

export const STATUS_LABELS = Object.freeze({
  creating: "Not created yet",
  open: "Waiting for payment",
  paid: "Paid ✓",
  failed: "Failed",
  expired: "Expired",
  cancelled: "Cancelled",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
  unknown: "Unknown — check with the provider",
});

/** The label for a status; exactly what #link-status and #customer-status show. */
export function statusLabel(status) {
  return STATUS_LABELS[status] ?? STATUS_LABELS.unknown;
}

/**
 * Whether the provider's own word adds something a shop owner should read beside our label. On
 * a link still open it never does: Paystack calls an untouched checkout "abandoned" seconds after
 * it is made, which reads as if the customer gave up. The word stays in Details.
 */
export function showsProviderWord(status, providerStatus) {
  const word = String(providerStatus ?? "").trim();
  if (!word || word.toLowerCase() === String(status).toLowerCase()) return false;
  return status !== "open" && status !== "creating";
}

/** "Paid ✓ (success)": the label and the provider's own word, when it adds one. */
export function statusWithWord(status, providerStatus) {
  const label = statusLabel(status);
  return showsProviderWord(status, providerStatus) ? `${label} (${String(providerStatus).trim()})` : label;
}

/** A colour family for a status: ok (paid), bad (failed …), wait (open), warn (unknown, creating). */
export function statusTone(status) {
  if (status === "paid" || status === "partially_refunded") return "ok";
  if (status === "open") return "wait";
  if (["failed", "expired", "cancelled", "refunded"].includes(status)) return "bad";
  return "warn";
}

/** `training`, `test`, `live`, or null when a provider cannot make links yet. */
export function modeKind(thing) {
  if (!thing) return null;
  if (thing.training === true || thing.provider === "training" || thing.id === "training") return "training";
  return thing.mode === "live" || thing.mode === "test" ? thing.mode : null;
}

export const BADGES = Object.freeze({
  test: { text: "TEST", hint: "test key — no real money" },
  live: { text: "LIVE", hint: "real money" },
  training: { text: "TRAINING", hint: "practice — no money moves" },
});

/** `{text, hint}` for a mode kind (`null` gives a neutral "NOT SET UP"). */
export function badge(kind) {
  return BADGES[kind] ?? { text: "NOT SET UP", hint: "add a key in Settings" };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "1 min ago", "3 h ago", "yesterday", "4 days ago", then a date. */
export function relativeTime(iso, nowMs = Date.now(), locale) {
  const t = Date.parse(iso ?? "");
  if (Number.isNaN(t)) return "";
  const d = Math.max(0, nowMs - t);
  if (d < 45_000) return "just now";
  if (d < HOUR) return `${Math.max(1, Math.round(d / MINUTE))} min ago`;
  if (d < DAY) return `${Math.floor(d / HOUR)} h ago`;
  if (d < 2 * DAY) return "yesterday";
  if (d < 7 * DAY) return `${Math.floor(d / DAY)} days ago`;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(new Date(t));
}

/** "last verified 3 min ago", or "not verified yet". */
export function lastVerified(iso, nowMs = Date.now(), locale) {
  const rel = relativeTime(iso, nowMs, locale);
  return rel ? `last verified ${rel}` : "not verified yet";
}

/** Date and time in the person's locale, short. */
export function dateTime(iso, locale) {
  const t = Date.parse(iso ?? "");
  if (Number.isNaN(t)) return "";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(t));
}

/** "22 Nov, 15:10" (with the year only when it is not this year): for dense tables. */
export function shortDateTime(iso, locale, nowMs = Date.now()) {
  const t = Date.parse(iso ?? "");
  if (Number.isNaN(t)) return "";
  const d = new Date(t);
  const sameYear = d.getFullYear() === new Date(nowMs).getFullYear();
  const opts = { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", ...(sameYear ? {} : { year: "numeric" }) };
  return new Intl.DateTimeFormat(locale, opts).format(d);
}

/** The environment variable that overrides a setting: `paystack.base_url` → PAYDESK_PAYSTACK_BASE_URL. */
export function envVarFor(key) {
  return "PAYDESK_" + String(key).toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/** The variable that carries a provider's key: PAYDESK_PAYSTACK_KEY. */
export function keyEnvVar(provider) {
  return `PAYDESK_${String(provider).toUpperCase()}_KEY`;
}

/** "Configured (…abcd, from keyring)" / "Not configured". Never more than the last 4 characters. */
export function keyStatusText(ks) {
  if (!ks?.configured) return "Not configured";
  const from = ks.source === "env" ? keyEnvVar(ks.provider) : ks.source === "keyring" ? "keyring" : null;
  const bits = [ks.last4 ? `…${ks.last4}` : null, from ? `from ${from}` : null].filter(Boolean);
  return bits.length ? `Configured (${bits.join(", ")})` : "Configured";
}

/** A mailto: URL with the subject and body filled, every part URL-encoded. */
export function mailtoHref({ to, merchant, amount, description, url, training = false }) {
  const subject = merchant ? `Payment link from ${merchant}` : "Payment link";
  const lines = [
    "Hello,",
    "",
    `Please pay ${amount} using this link:`,
    url,
    "",
  ];
  if (description) lines.splice(3, 0, `For: ${description}`);
  if (training) lines.push("(TRAINING — this is a practice link, no money moves.)", "");
  lines.push("Thank you", merchant || "");
  const body = lines.join("\r\n").trimEnd();
  return `mailto:${encodeURIComponent(to ?? "")}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

/** "Checked 4 open links: 1 changed, 1 could not be checked." plus one line per change/error. */
export function verifySummary(summary) {
  const { checked = 0, refunds_checked: refundsChecked = 0, changed = [], refunds = [], errors = [] } = summary ?? {};
  if (checked === 0 && refundsChecked === 0) return { headline: "No open links to check.", lines: [] };
  const tail = [changed.length === 0 ? "nothing changed" : `${changed.length} changed`];
  if (errors.length) tail.push(`${errors.length} could not be checked`);
  const lines = changed.map((c) => `#${c.id}${c.reference ? ` ${c.reference}` : ""}: ${statusLabel(c.from)} → ${statusLabel(c.to)}`);
  for (const r of refunds) lines.push(`#${r.link_id}: refund ${r.reference} ${r.to === "processed" ? "given back" : "failed, nothing was given back"}`);
  for (const [id, message] of errors) lines.push(`#${id}: ${message}`);
  const what = [`${checked} open link${checked === 1 ? "" : "s"}`];
  if (refundsChecked) what.push(`the pending refunds of ${refundsChecked} paid link${refundsChecked === 1 ? "" : "s"}`);
  return { headline: `Checked ${what.join(" and ")}: ${tail.join(", ")}.`, lines };
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
