// The sale screen's decisions, without the DOM. Once Create is pressed the screen is that sale:
// what is happening, why, and one primary action. The core decides what is allowed (`failover`,
// `can_cancel_sale`); this module only turns a LinkView, an error and "a request is in flight"
// into words and buttons, so each state is tested in ui-tests/sale.test.js.

import { statusLabel, dateTime, relativeTime, badge, modeKind } from "./format.js";
import { formatMoney } from "./money.js";
import { t, errorText } from "./i18n.js";

/** The buttons' words, in the window's language at the moment they are read. */
export const ACTION_LABELS = Object.freeze({
  get retry() {
    return t("action-retry");
  },
  get failover() {
    return t("action-failover");
  },
  get "cancel-sale"() {
    return t("action-cancel-sale");
  },
  get "new-sale"() {
    return t("action-new-sale");
  },
});

/** Why a final status came about, in a shop owner's words (message ids). */
const FINAL_WHY = Object.freeze({
  failed: "sale-why-failed",
  expired: "sale-why-expired",
  cancelled: "sale-why-cancelled",
  refunded: "sale-why-refunded",
});

const noFailover = Object.freeze({ allowed: false, why: "", providers: [] });

/**
 * The sale's current attempt: the one the core names (`current_link_id`), else the newest
 * (attempts are oldest first), else the link itself.
 */
export function currentAttemptId(view) {
  const current = view?.sale?.current_link_id;
  if (Number.isInteger(current)) return current;
  const attempts = view?.sale?.attempts;
  return attempts?.length ? attempts[attempts.length - 1].id : (view?.link?.id ?? null);
}

/** `failover` as the core sent it, never missing. */
export function failoverOf(view) {
  const f = view?.failover;
  if (!f || typeof f !== "object") return noFailover;
  return { allowed: f.allowed === true, why: String(f.why ?? ""), providers: Array.isArray(f.providers) ? f.providers : [] };
}

/**
 * What the sale screen shows.
 *   view: the LinkView; asking: the provider's name while a create, retry or failover is in
 *   flight (else null); error: the AppError the last request about this sale ended with;
 *   name(id): a provider's name.
 * Returns `{phase, headline, why, details, primary, actions, paidTwice}`: `actions` are ids of
 * ACTION_LABELS in the order shown, `primary` the one drawn as the main button (or null when the
 * screen's own "Show to customer" is the main thing to do).
 */
export function saleModel(view, { asking = null, error = null, name = (id) => id } = {}) {
  const link = view?.link ?? {};
  const provider = name(link.provider) || link.provider || t("sale-the-provider");
  const failover = failoverOf(view);
  const canCancel = view?.can_cancel_sale === true;
  const m = { phase: "", headline: "", why: "", details: error?.details ?? null, primary: null, actions: [], paidTwice: paidTwice(view) };

  if (asking) {
    return { ...m, phase: "asking", headline: t("sale-asking", { provider: asking }), why: t("sale-asking-why"), details: null };
  }
  if (view?.sale?.cancelled_at) {
    return { ...m, phase: "over", headline: t("sale-cancelled"), why: t("sale-cancelled-why"), primary: "new-sale", actions: ["new-sale"] };
  }
  const status = link.status;
  if (status === "creating") {
    const actions = ["retry", failover.allowed ? "failover" : null, canCancel ? "cancel-sale" : null].filter(Boolean);
    // A refused key will be refused again: another provider is the way forward, if there is one.
    const primary = error?.kind === "key_refused" && failover.allowed ? "failover" : "retry";
    const why = error?.message ?? t("sale-no-link-why", { provider });
    return { ...m, phase: "no-link", headline: t("sale-no-link"), why, details: error?.details ?? link.last_error ?? null, primary, actions };
  }
  if (status === "paid") {
    return { ...m, phase: "paid", headline: statusLabel(status), primary: "new-sale", actions: ["new-sale"] };
  }
  if (status === "open") {
    return { ...m, phase: "open", headline: statusLabel(status), why: error?.message ?? "", actions: failover.allowed ? ["failover"] : [] };
  }
  if (status === "unknown") {
    return { ...m, phase: "open", headline: statusLabel(status), why: t("sale-unknown-why", { provider }), actions: failover.allowed ? ["failover"] : [] };
  }
  // failed, expired, cancelled, refunded: this attempt is over
  const actions = [failover.allowed ? "failover" : null, "new-sale"].filter(Boolean);
  // A practice refund moved no money, whatever the words for a real one say.
  const whyId = status === "refunded" && modeKind(link) === "training" ? "sale-why-refunded-training" : FINAL_WHY[status];
  return { ...m, phase: "over", headline: statusLabel(status), why: error?.message ?? (whyId ? t(whyId) : ""), primary: actions[0], actions };
}

function paidTwice(view) {
  const p = view?.paid_twice;
  if (!p || typeof p !== "object") return null;
  // the core's sentence in the window's language ({id, args}), its English words otherwise
  const said = p.message_l10n?.id ? errorText({ ...p.message_l10n, message: p.message }) : p.message;
  return { message: String(said ?? t("sale-paid-twice")), withLink: p.with_link ?? null, refundLink: p.refund_link ?? null };
}

/** The providers "Try another provider" offers: only those the core named, in its order. */
export function failoverChoices(view, providers) {
  const byId = new Map((providers ?? []).map((p) => [p.id, p]));
  return failoverOf(view).providers.map((id) => {
    const p = byId.get(id);
    const kind = modeKind(p ?? { provider: id });
    return { id, name: p?.name ?? id, label: t("sale-failover-choice", { provider: p?.name ?? id, badge: badge(kind).text }) };
  });
}

/**
 * The earlier link a duplicate refusal is about, as the rows the owner compares with the sale in
 * front of them: amount, customer, when, status.
 */
export function duplicateSummary(view, { style, locale, now = Date.now() } = {}) {
  const link = view?.link;
  if (!link) return [];
  let amount;
  try {
    amount = formatMoney(link.amount_minor, link.currency, style);
  } catch {
    amount = `${link.currency} ${view.amount_display ?? link.amount_minor}`;
  }
  const when = [relativeTime(link.created_at, now, locale), dateTime(link.created_at, locale)].filter(Boolean).join(" — ");
  return [
    [t("dup-amount"), amount],
    [t("dup-customer"), link.customer_email || "—"],
    link.description ? [t("dup-for"), link.description] : null,
    [t("dup-made"), when],
    [t("dup-status"), statusLabel(link.status)],
  ].filter(Boolean);
}

/**
 * The action a History row offers for its sale: `retry` (no link yet), `failover` (the link
 * failed or is stuck, and the core allows another provider), `verify` (ask the provider).
 * Rows carry `failover` when the core sends it; without it, a failed or expired real sale offers
 * to try another provider on its sale screen, where the core's answer is shown.
 */
export function rowAction(item) {
  if (item?.status === "creating") return "retry";
  const f = item?.failover;
  if (f && typeof f === "object") return f.allowed === true ? "failover" : "verify";
  // the core offers another provider once a link is proven unpayable, never within Training
  if ((item?.status === "failed" || item?.status === "expired") && item?.provider !== "training") return "failover";
  return "verify";
}

/** The short second line of a History row's status: never a provider's raw error text. */
export function rowNote(item, lastVerifiedText) {
  if (item?.status === "creating") return t("sale-row-no-link");
  return lastVerifiedText;
}
