// The New-link form's decisions, without the DOM: which provider to offer first, how each option
// reads, what goes to `create_link`, and where an error from the core is shown.

import { badge, modeKind } from "./format.js";
import { normalizeTyped, formatMinor } from "./money.js";
import { t } from "./i18n.js";

/** Fields with their own error line (`#<field>-error`); anything else goes to `#form-error`. */
export const FIELDS = Object.freeze(["amount", "email", "currency", "description", "provider"]);

/** The element id an error from the core is shown in. */
export function errorTarget(error) {
  return FIELDS.includes(error?.field) ? `${error.field}-error` : "form-error";
}

/**
 * The provider to offer: the person's own pick while it is ready; Training when no real key is
 * set; else the default provider if ready; else the first ready one; "" when none is.
 */
export function pickProvider(providers, info, keep = null) {
  const ready = (providers ?? []).filter((p) => p.ready);
  const isReady = (id) => ready.some((p) => p.id === id);
  if (keep && isReady(keep)) return keep;
  if (info?.has_real_key !== true && isReady("training")) return "training";
  if (isReady(info?.default_provider)) return info.default_provider;
  return ready[0]?.id ?? "";
}

/** How a provider reads in the select: its badge, or why it cannot be picked. */
export function providerLabel(p) {
  if (!p.ready) return t("new-provider-no-key", { provider: p.name });
  if (p.training) return t("new-provider-training", { provider: p.name });
  return t("sale-failover-choice", { provider: p.name, badge: badge(modeKind(p)).text });
}

/** The currency to show for a provider: keep the current one if it takes it, else the default. */
export function pickCurrency(currencies, current, fallback) {
  const list = currencies?.length ? currencies : [fallback || "NGN"];
  if (list.includes(current)) return current;
  if (list.includes(fallback)) return fallback;
  return list[0];
}

/** The `input` of `create_link`, exactly as typed (the core parses and decides). */
export function createInput({ provider, amount, currency, email, description }, providerInfo, style) {
  return {
    provider: provider || null,
    amount: normalizeTyped(amount, style),
    currency: currency || null,
    email: String(email ?? "").trim(),
    description: String(description ?? "").trim() || null,
    // the mode the badge showed, so the link is made with the key the person saw
    mode: providerInfo?.mode ?? null,
    number_style: { decimal: style.decimal, group: style.group },
  };
}

/**
 * The form's values for "New sale like this" (an earlier sale, a Link) or a quick amount (a
 * Preset): the amount written in the person's number style, exactly (minor units, no float).
 */
export function prefillValues(thing, style) {
  let amount = "";
  try {
    amount = formatMinor(thing.amount_minor, thing.currency, style);
  } catch {
    amount = "";
  }
  return {
    amount,
    currency: thing.currency ?? "",
    provider: thing.provider ?? "",
    description: thing.description ?? "",
    email: thing.customer_email ?? null, // a preset has no customer: the e-mail is left as it is
  };
}

/** Opens a New sale form filled like `thing` (it never creates: Create is left to the person). */
export function startLike(ctx, thing, from = "sale") {
  ctx.prefill = { thing, from };
  ctx.newSale();
}
