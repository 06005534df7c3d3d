// A paid sale's receipt (A4 or an 80 mm till roll): the shop, the amount, what for, the provider,
// the reference and when it was paid. Reached from the sale screen ("Print receipt") and from a
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
      h(
        "dl",
        { class: "paper-list" },
        row("receipt-row-for", l.description || "—", "receipt-for"),
        row("receipt-row-provider", ctx.provider(l.provider)?.name ?? l.provider, "receipt-provider"),
        row("receipt-row-reference", l.reference, "receipt-ref"),
        row("receipt-row-paid", paidWhen ? dateTime(paidWhen, ctx.locale) : "—", "receipt-paid"),
        l.refunded_minor > 0 ? row("receipt-row-refunded", formatMoney(l.refunded_minor, l.currency, ctx.style), "receipt-refunded") : null,
      ),
      h("p", { class: "paper-foot", text: t("receipt-thanks") }),
    );
  } catch (e) {
    say($("#receipt-error"), errorText(e));
  }
}
