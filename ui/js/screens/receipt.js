// A paid sale's receipt (A4 or an 80 mm till roll): the shop, the amount, what for, the provider,
// the reference and when it was paid, then each refund that went through. Reached from the sale screen ("Print receipt") and from a
// paid History row ("Reprint receipt"); on screen it is the print preview.

import * as api from "../api.js";
import { formatMoney } from "../money.js";
import { dateTime, badge } from "../format.js";
import { $, h, fill, say } from "../dom.js";
import { paper, leavePaper } from "./zreport.js";
import { t, errorText } from "../i18n.js";

let ctx;

const PAID = ["paid", "partially_refunded", "refunded"];

export function init(c) {
  ctx = c;
  $("#receipt-print").addEventListener("click", () => window.print());
  $("#receipt-back").addEventListener("click", () => history.back());
  for (const r of document.querySelectorAll("input[name=receipt-paper]")) {
    r.addEventListener("change", () => paper($("#receipt-paper-view"), r.value));
  }
}

export function hide() {
  leavePaper();
}

/** When the link was first seen paid, from its status history. */
export function paidAt(view) {
  return (view.events ?? []).find((e) => e.to === "paid")?.at ?? null;
}

export async function show(route) {
  say($("#receipt-error"), "");
  fill($("#receipt-body"));
  paper($("#receipt-paper-view"), document.querySelector("input[name=receipt-paper]:checked")?.value ?? "80mm");
  try {
    const v = await api.getLink(route.id);
    const l = v.link;
    const paidWhen = paidAt(v);
    if (!PAID.includes(l.status) && !paidWhen) {
      say($("#receipt-error"), t("receipt-not-paid"));
      $("#receipt-print").disabled = true;
      return;
    }
    $("#receipt-print").disabled = false;
    const kind = v.training ? "training" : l.mode;
    const row = (label, value, cls) => [h("dt", { text: t(label) }), h("dd", { class: cls, text: value })];
    fill(
      $("#receipt-body"),
      h("p", { class: "paper-shop", id: "receipt-shop", text: ctx.info.merchant_name || "paydesk" }),
      h("p", { class: "paper-title", text: t("receipt-paper-title") }),
      kind === "live" ? null : h("p", { class: "paper-mark", text: t("receipt-mark", { badge: badge(kind).text, hint: badge(kind).hint }) }),
      h("p", { class: "paper-amount", id: "receipt-amount", text: formatMoney(l.amount_minor, l.currency, ctx.style) }),
      // Handed over with the money given back, the paper must not read as proof of a payment.
      l.status === "refunded" ? h("p", { class: "paper-mark", id: "receipt-refunded-whole", text: t("receipt-refunded-whole") }) : null,
      h(
        "dl",
        { class: "paper-list" },
        row("receipt-row-for", l.description || "—", "receipt-for"),
        row("receipt-row-provider", ctx.provider(l.provider)?.name ?? l.provider, "receipt-provider"),
        row("receipt-row-reference", l.reference, "receipt-ref"),
        row("receipt-row-paid", paidWhen ? dateTime(paidWhen, ctx.locale) : "—", "receipt-paid"),
        l.refunded_minor > 0 ? row("receipt-row-refunded", formatMoney(l.refunded_minor, l.currency, ctx.style), "receipt-refunded") : null,
      ),
      refundBlocks(v, row),
      h("p", { class: "paper-foot", text: t("receipt-thanks") }),
    );
  } catch (e) {
    say($("#receipt-error"), errorText(e));
  }
}

/** Each refund that went through, oldest first: when, how much, why and its reference (ours,
 * PR…), for the customer to keep beside the sale's. A refund refused or still on its way is not
 * money given back, so it is not on the paper. */
function refundBlocks(view, row) {
  const done = (view.refunds ?? []).filter((r) => r.state === "processed");
  if (!done.length) return null;
  const l = view.link;
  return h(
    "section",
    { class: "receipt-refunds", "aria-labelledby": "receipt-refunds-title" },
    h("h2", { class: "paper-sub", id: "receipt-refunds-title", text: t("receipt-refunds-title", { count: done.length }) }),
    done.map((r) =>
      h(
        "dl",
        { class: "paper-list receipt-refund", data: { refund: r.id } },
        row("receipt-refund-when", dateTime(r.updated_at, ctx.locale) || "—"),
        row("receipt-refund-amount", formatMoney(r.amount_minor, l.currency, ctx.style), "receipt-refund-amount"),
        row("receipt-refund-reason", r.reason || "—"),
        row("receipt-refund-reference", r.reference, "receipt-ref"),
      ),
    ),
  );
}
