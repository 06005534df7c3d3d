// The Z report: a day's end on paper (A4 or an 80 mm till roll) — the shop, the day, the tills,
// the totals exactly as `report day --json` gives them, and the lists of paid and of refunded
// sales. On screen it is the print preview; "Print" hands it to window.print() (print.css keeps
// only the paper).

import * as api from "../api.js";
import { formatMoney } from "../money.js";
import { dateTime, clockTime, shortDateTime, tillLabel, unbroken } from "../format.js";
import { $, h, fill, say } from "../dom.js";
import { drawTotals, longDay, modeGroup, shortDay } from "./today.js";
import { byMode } from "../report.js";
import { t, errorText } from "../i18n.js";

let ctx;

export function init(c) {
  ctx = c;
  $("#z-print").addEventListener("click", () => window.print());
  // Back to the day this report is of, which may not be today.
  $("#z-back").addEventListener("click", () => ctx.go("today", $("#z-day").dataset.date || null));
  for (const r of document.querySelectorAll("input[name=z-paper]")) {
    r.addEventListener("change", () => paper($("#z-paper-view"), r.value));
  }
}

/** Sets the paper a view prints on: `a4` or `80mm`, with the printed page's size and margins
 * (css/page-<size>.css: WebKit has no named pages, so the page rule for the paper is the one
 * stylesheet loaded). */
export function paper(view, size) {
  view.dataset.paper = size;
  document.body.dataset.paper = size;
  const href = `css/page-${size === "80mm" ? "80mm" : "a4"}.css`;
  let link = document.getElementById("page-size");
  if (!link) {
    link = h("link", { id: "page-size", rel: "stylesheet", media: "print" });
    document.head.append(link);
  }
  if (link.getAttribute("href") !== href) link.setAttribute("href", href);
}

/** Leaves the paper screens: a link's page prints with print.css's own page again. */
export function leavePaper() {
  delete document.body.dataset.paper;
  document.getElementById("page-size")?.remove();
}

export function hide() {
  leavePaper();
}

export async function show(route) {
  say($("#z-error"), "");
  paper($("#z-paper-view"), document.querySelector("input[name=z-paper]:checked")?.value ?? "a4");
  try {
    const [day, list] = await Promise.all([api.reportDay(route.date ?? null), api.reportDaySales(route.date ?? null)]);
    say($("#z-shop"), ctx.info.merchant_name || "paydesk");
    say($("#z-day"), t("zreport-title", { day: unbroken(longDay(day.from, ctx.locale)) }));
    $("#z-day").dataset.date = day.from;
    say($("#z-tills"), t("zreport-tills", { count: list.tills.length, tills: list.tills.map((till) => tillLabel(till.name)).join(", ") }));
    say($("#z-printed"), t("zreport-printed", { when: dateTime(new Date().toISOString(), ctx.locale) }));
    drawTotals($("#z-totals"), day.rows, ctx);
    // Which till took each sale, only when the day had more than one.
    const tillOf = list.tills.length > 1 ? new Map(list.tills.map((till) => [till.id, tillLabel(till.name)])) : null;
    drawSales(list.sales, tillOf);
    drawRefunds(list.refunds, tillOf, day.from);
    drawEarlier(list.earlier_refunds, tillOf, day.from);
  } catch (e) {
    say($("#z-error"), errorText(e));
  }
}

/** The lists' headings by mode (message ids); report.js byMode puts live money first. */
const SALES_TITLES = { live: "zreport-sales-live", test: "zreport-sales-test", training: "zreport-sales-training" };
const REFUND_TITLES = { live: "zreport-refunds-live", test: "zreport-refunds-test", training: "zreport-refunds-training" };
const EARLIER_TITLES = { live: "zreport-earlier-live", test: "zreport-earlier-test", training: "zreport-earlier-training" };

/** One list of paid sales per mode, under its badge: test and training money never sits in a
 * column with live money that someone may add up. */
function drawSales(sales, tillOf) {
  const host = $("#z-sales");
  if (!sales.length) {
    fill(host, h("p", { class: "empty", text: t("zreport-no-sales") }));
    return;
  }
  const time = (iso) => clockTime(iso, ctx.locale) || "—";
  fill(
    host,
    lists(sales, tillOf, "sales", SALES_TITLES, ["zreport-col-time", "zreport-col-for", "zreport-col-amount"], (s) => ({
      time: time(s.paid_at ?? s.created_at),
      cells: [h("td", { text: s.description ?? "" })],
      amount: h("td", { class: "num", data: { minor: String(s.amount_minor) }, text: formatMoney(s.amount_minor, s.currency, ctx.style) }),
    })),
  );
}

/** The day's sales that money went back on, one list per mode after the paid ones: when, why,
 * and how much (a part given back says of what). Their sums are the totals' "Refunded". */
function drawRefunds(refunds, tillOf, day) {
  const money = (minor, currency) => formatMoney(minor, currency, ctx.style);
  fill(
    $("#z-refunds"),
    lists(refunds, tillOf, "refunds", REFUND_TITLES, ["zreport-col-refunded-at", "zreport-col-reason", "zreport-col-given-back"], (r) => ({
      time: refundTime(r.refunded_at, day),
      cells: [h("td", { class: "reason", text: r.reasons.join("; ") || "—" })],
      amount: h(
        "td",
        { class: "num", data: { minor: String(r.refunded_minor) } },
        h(
          "span",
          { class: "z-amount" },
          money(r.refunded_minor, r.currency),
          // A space between, for a screen reader and a copy; the span goes on its own line.
          r.whole ? null : [" ", h("span", { class: "z-of", text: t("zreport-refund-of", { amount: unbroken(money(r.amount_minor, r.currency)) }) })],
        ),
      ),
    })),
  );
}

/** Money given back on this day for sales of earlier days: said here, so the day's cash-up
 * sees it, though the totals count it on its sale's own day (the line above the lists says so). */
function drawEarlier(earlier, tillOf, day) {
  const host = $("#z-earlier");
  if (!earlier.length) {
    fill(host);
    return;
  }
  fill(
    host,
    h("p", { class: "paper-line z-earlier-hint", text: t("zreport-earlier-hint") }),
    lists(earlier, tillOf, "earlier", EARLIER_TITLES, ["zreport-col-time", "zreport-col-sale-day", "zreport-col-reason", "zreport-col-given-back"], (e) => ({
      time: refundTime(e.refunded_at, day),
      cells: [h("td", { class: "sale-day", text: saleDay(e.sale_day, day) }), h("td", { class: "reason", text: e.reason || outside(e) || "—" })],
      amount: h("td", { class: "num", data: { minor: String(e.refunded_minor) } }, formatMoney(e.refunded_minor, e.currency, ctx.style)),
    })),
  );
}

/** No refund of ours behind it: given back on the provider's side, at the time a verify saw it. */
function outside(e) {
  return e.refund_reference ? "" : t("zreport-earlier-outside", { provider: ctx.provider(e.provider)?.name ?? e.provider });
}

/** "2 Dec" (with the year when not the report's): the shop day a sale was made on. */
function saleDay(iso, reportDay) {
  return unbroken(shortDay(iso, ctx.locale, { year: iso.slice(0, 4) !== reportDay.slice(0, 4) }));
}

/** When a refund was made: its time on the report's own day, with its date on any other. */
function refundTime(iso, day) {
  const at = Date.parse(iso ?? "");
  if (Number.isNaN(at)) return "—";
  const d = new Date(at);
  const local = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  return local === day ? clockTime(iso, ctx.locale) : shortDateTime(iso, ctx.locale);
}

/** What a list's column holds, for its width on paper (paper.css): every list's columns line up. */
function columnKind(id, i, count) {
  if (i === 0) return "when";
  if (i === count - 1) return "amount";
  return { "zreport-col-till": "till", "zreport-col-provider": "provider", "zreport-col-reference": "ref" }[id] ?? "text";
}

/**
 * A list's tables, one per mode under its badge. Each row reads: when, the till (only when the
 * day had more than one), the provider, the reference, then `row(item)`'s cells and amount;
 * `columns` names when, those cells and the amount (message ids).
 */
function lists(items, tillOf, kind, titles, [whenId, ...restIds], row) {
  const columns = [whenId, tillOf ? "zreport-col-till" : null, "zreport-col-provider", "zreport-col-reference", ...restIds].filter(Boolean);
  const amountId = restIds[restIds.length - 1];
  return byMode(items).map(({ mode, rows }) =>
    modeGroup(
      mode,
      t(titles[mode], { count: rows.length }),
      h(
        "table",
        { class: ["z-sales-table", `z-${kind}-table`], "aria-labelledby": `z-${kind}-${mode}` },
        h("thead", {}, h("tr", {}, columns.map((id, i) => h("th", { scope: "col", class: [`col-${columnKind(id, i, columns.length)}`, id === amountId ? "num" : null], text: t(id) })))),
        h(
          "tbody",
          {},
          rows.map((item) => {
            const { time, cells, amount } = row(item);
            // On the till roll a row reads down: its time and amount say what they are.
            amount.dataset.label = t(amountId);
            return h(
              "tr",
              { data: { sale: item.sale_id, mode: item.mode } },
              h("td", { data: { label: t(whenId) }, text: time }),
              tillOf ? h("td", { class: "till", text: tillOf.get(item.till_id) ?? item.till_id }) : null,
              h("td", { text: ctx.provider(item.provider)?.name ?? item.provider }),
              h("td", { class: "ref", text: item.reference }),
              cells,
              amount,
            );
          }),
        ),
      ),
      { headingId: `z-${kind}-${mode}`, extraClass: "z-sales-group" },
    ),
  );
}
