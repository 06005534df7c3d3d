// History's rows: one per sale (its current attempt), read at a glance on one line; a sale with
// more than one attempt expands to list them; a failed or stuck sale offers its action in the
// row (Retry, or Try another provider on its sale screen). No row ever shows a provider's raw
// error text: that is on the sale screen, under Details.

import * as api from "../api.js";
import { formatMoney } from "../money.js";
import { statusWithWord, statusTone, lastVerified, dateTime, shortDateTime, emailBreaks } from "../format.js";
import { rowAction, rowNote } from "../sale.js";
import { h, busy, modeBadge } from "../dom.js";
import { startLike } from "../newlink.js";
import { tillName } from "../filters.js";
import { t, l10n, errorText } from "../i18n.js";

// Each action's words and the label that names its link (message ids): the label is what a
// screen reader hears, so the words on the button may be short.
const ACTIONS = {
  retry: { text: "action-retry", label: "history-retry-label" },
  // shorter than the sale screen's action-failover in French, so the row's actions fit beside it
  failover: { text: "history-row-failover", label: "history-failover-label" },
  verify: { text: "history-verify", label: "history-verify-label" },
};

/**
 * `ctx`: the app's context; `act(id, fn)`: runs a row's request and redraws the row;
 * `toggle(tr, item)`: expands or folds a sale's attempts; `tills`: the history's tills when there
 * are several (each row then names the till that made the sale), else null.
 */
export function saleRow(ctx, item, { act, toggle, tills = null }) {
  const id = item.id;
  const action = rowAction(item);
  const pending = item.status === "open" || item.status === "unknown";
  const button = h("button", {
    type: "button",
    class: ["btn", "btn-small", action === "verify" && !pending ? "btn-quiet" : null, action !== "verify" ? "btn-act" : null],
    text: t(ACTIONS[action].text),
    "aria-label": t(ACTIONS[action].label, { link: id }),
    on: {
      click: (e) => {
        if (action === "retry") busy(e.currentTarget, () => act(id, api.retryLink));
        else if (action === "verify") busy(e.currentTarget, () => act(id, api.verifyLink));
        else {
          ctx.openFailover = id;
          ctx.showSale(null, id);
        }
      },
    },
  });
  const attempts = Number(item.attempts ?? 1);
  const more =
    attempts > 1
      ? h("button", {
          type: "button",
          class: "btn-link attempts-toggle",
          "aria-expanded": "false",
          text: t("history-attempts", { n: attempts }),
          "aria-label": t("history-attempts-label", { n: attempts }),
          on: { click: (e) => toggle(e.currentTarget.closest("tr"), item, e.currentTarget) },
        })
      : null;
  const note = rowNote(item, lastVerified(item.last_verified_at, Date.now(), ctx.locale));
  return h(
    "tr",
    { tabIndex: 0, data: { id }, class: [`tone-${statusTone(item.status)}`, item.paid_twice ? "paid-twice" : null], title: t("history-open-sale") },
    h("td", { class: "created" }, h("span", { class: "date", text: shortDateTime(item.created_at, ctx.locale), title: dateTime(item.created_at, ctx.locale) })),
    h("td", { class: ["num", "amount"], text: amount(ctx, item) }),
    h("td", { class: "customer", title: [item.customer_email, item.description].filter(Boolean).join(" — ") }, email(item.customer_email), item.description ? h("span", { class: "desc", text: item.description }) : null),
    h(
      "td",
      { class: "prov" },
      modeBadge(item),
      " ",
      h("span", { class: "prov-name", text: providerName(ctx, item.provider) }),
      tills ? h("span", { class: "till-name", text: tillName(item, tills) }) : null,
      more,
    ),
    h(
      "td",
      { class: "status", data: { status: item.status } },
      h("span", { class: "status-label", text: statusWithWord(item.status, item.provider_status) }),
      item.paid_twice ? h("span", { class: "twice", text: t("history-paid-twice") }) : null,
      h("span", { class: "verified", data: { at: item.status === "creating" ? "" : (item.last_verified_at ?? "") }, text: note }),
    ),
    h("td", { class: "actions" }, button, receiptLink(item), likeButton(ctx, item)),
  );
}

/** "Reprint receipt" on a paid sale, refunded or not: its receipt (with its refunds), ready to print again. */
function receiptLink(item) {
  if (!["paid", "partially_refunded", "refunded"].includes(item.status)) return null;
  return h("a", { class: "btn btn-small btn-quiet", href: `#/receipt/${item.id}`, ...l10n("history-receipt", { link: item.id }) });
}

/** "New sale like this": the New sale form filled from this sale; it never creates by itself. */
function likeButton(ctx, item) {
  // A "+" beside the row's own action: a word would push the row past the window's width.
  return h("button", { type: "button", class: "btn btn-small btn-quiet like-this", text: "+", ...l10n("history-like", { link: item.id }), on: { click: () => startLike(ctx, item) } });
}

/** The rows under an expanded sale: each attempt, oldest first, opening its own screen. */
export function attemptRows(ctx, saleId, attempts) {
  return attempts.map((a, i) => {
    // An attempt closed before its provider made a link (the sale moved on to another) is not a
    // payment that failed: nobody was ever asked to pay through it.
    const noLink = a.status === "failed" && !a.url;
    return h(
      "tr",
      { class: ["attempt-row", `tone-${noLink ? "done" : statusTone(a.status)}`], data: { attempt: a.id, of: saleId }, tabIndex: 0, title: t("history-open-attempt") },
      h("td", { class: "created" }, h("span", { class: "date", text: shortDateTime(a.created_at, ctx.locale) })),
      h("td", { class: ["num", "amount"], text: amount(ctx, a) }),
      h("td", { class: "customer" }, h("span", { class: "attempt-n", text: t("history-attempt", { n: i + 1 }) }), " ", h("span", { class: "ref", text: a.reference })),
      h("td", { class: "prov" }, modeBadge(a), " ", h("span", { class: "prov-name", text: providerName(ctx, a.provider) })),
      h("td", { class: "status" }, h("span", { class: "status-label", text: noLink ? t("history-attempt-no-link") : statusWithWord(a.status, a.provider_status) })),
      h("td", { class: "actions" }),
    );
  });
}

/** The address with break opportunities (<wbr>) after "@" and before dots. */
function email(address) {
  const parts = emailBreaks(address);
  return h("span", { class: "email" }, parts.flatMap((p, i) => (i ? [h("wbr"), p] : [p])));
}

function providerName(ctx, id) {
  return ctx.provider(id)?.name ?? id;
}

function amount(ctx, link) {
  try {
    return formatMoney(link.amount_minor, link.currency, ctx.style);
  } catch {
    return `${link.currency} ${link.amount_minor}`;
  }
}

/** Expands (or folds) a sale's row into its attempts; `onError(message)` if they cannot be read. */
export async function toggleAttempts(ctx, tr, item, button, onError) {
  const open = button.getAttribute("aria-expanded") === "true";
  for (const r of tr.parentElement.querySelectorAll(`tr[data-of="${item.id}"]`)) r.remove();
  button.setAttribute("aria-expanded", String(!open));
  if (open) return;
  try {
    const attempts = await api.getSaleAttempts(item.id);
    if (button.getAttribute("aria-expanded") !== "true" || !tr.isConnected) return;
    tr.after(...attemptRows(ctx, item.id, attempts));
  } catch (e) {
    button.setAttribute("aria-expanded", "false");
    onError(errorText(e));
  }
}
