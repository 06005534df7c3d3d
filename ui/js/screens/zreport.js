// The Z report: a day's end on paper (A4 or an 80 mm till roll) — the shop, the day, the tills,
// the totals exactly as `report day --json` gives them, and the list of paid sales. On screen it
// is the print preview; "Print" hands it to window.print() (print.css keeps only the paper).

import * as api from "../api.js";
import { formatMoney } from "../money.js";
import { dateTime, clockTime, tillLabel, unbroken } from "../format.js";
import { $, h, fill, say } from "../dom.js";
import { drawTotals, longDay, modeGroup } from "./today.js";
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
    drawSales(list.sales, list.tills);
  } catch (e) {
    say($("#z-error"), errorText(e));
  }
}

/** The paid sales' headings by mode (message ids); report.js byMode puts live money first. */
const SALES_TITLES = { live: "zreport-sales-live", test: "zreport-sales-test", training: "zreport-sales-training" };

/** One list of paid sales per mode, under its badge: test and training money never sits in a
 * column with live money that someone may add up. */
function drawSales(sales, tills) {
  // Which till took each sale, only when the day had more than one.
  const tillOf = tills.length > 1 ? new Map(tills.map((till) => [till.id, tillLabel(till.name)])) : null;
  const host = $("#z-sales");
  if (!sales.length) {
    fill(host, h("p", { class: "empty", text: t("zreport-no-sales") }));
    return;
  }
  const time = (iso) => clockTime(iso, ctx.locale) || "—";
  const columns = ["zreport-col-time", tillOf ? "zreport-col-till" : null, "zreport-col-provider", "zreport-col-reference", "zreport-col-for", "zreport-col-amount"].filter(Boolean);
  fill(
    host,
    byMode(sales).map(({ mode, rows }) =>
      modeGroup(
        mode,
        t(SALES_TITLES[mode], { count: rows.length }),
        h(
          "table",
          { class: "z-sales-table", "aria-labelledby": `z-sales-${mode}` },
          h("thead", {}, h("tr", {}, columns.map((id) => h("th", { scope: "col", class: id === "zreport-col-amount" ? "num" : null, text: t(id) })))),
          h(
            "tbody",
            {},
            rows.map((s) =>
              h(
                "tr",
                { data: { sale: s.sale_id, mode: s.mode } },
                h("td", { text: time(s.paid_at ?? s.created_at) }),
                tillOf ? h("td", { class: "till", text: tillOf.get(s.till_id) ?? s.till_id }) : null,
                h("td", { text: ctx.provider(s.provider)?.name ?? s.provider }),
                h("td", { class: "ref", text: s.reference }),
                h("td", { text: s.description ?? "" }),
                h("td", { class: "num", data: { minor: String(s.amount_minor) }, text: formatMoney(s.amount_minor, s.currency, ctx.style) }),
              ),
            ),
          ),
        ),
        { headingId: `z-sales-${mode}`, extraClass: "z-sales-group" },
      ),
    ),
  );
}
