import test from "node:test";
import assert from "node:assert/strict";
import * as r from "../ui/js/report.js";

const row = (provider, currency, mode, paid_minor, paid_count = 1) => ({ provider, currency, mode, paid_minor, paid_count });

test("a range of days ends on the day asked, across months and leap days", () => {
  assert.deepEqual(r.daysEnding("2024-03-02", 4), ["2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"]);
  assert.equal(r.daysEnding("2024-12-31", 30).length, 30);
  assert.equal(r.daysEnding("2024-12-31", 30)[0], "2024-12-02");
});

test("the chart's series counts live sales of one currency only, in integers", () => {
  const days = [
    { date: "2024-03-04", rows: [row("paystack", "NGN", "live", 150_000), row("paystack", "NGN", "test", 999_999)] },
    { date: "2024-03-05", rows: [row("paystack", "NGN", "live", 50_050), row("dojo", "GBP", "live", 2_500), row("training", "NGN", "training", 7)] },
    { date: "2024-03-06", rows: [] },
  ];
  const ngn = r.dailySeries(days, "NGN");
  assert.deepEqual(ngn.map((p) => p.minor), [150_000n, 50_050n, 0n], "test and training never counted, nor pounds");
  assert.deepEqual(r.dailySeries(days, "GBP").map((p) => p.minor), [0n, 2_500n, 0n]);
  assert.deepEqual(r.chartCurrencies(days), ["NGN", "GBP"], "the currency with more paid days first");
  assert.deepEqual(r.chartCurrencies([{ date: "x", rows: [row("training", "NGN", "training", 5)] }]), [], "no live sale: no chart currency");
  assert.deepEqual(r.chartCurrencies([{ date: "x", rows: [row("paystack", "USD", "live", 0, 0)] }]), [], "nothing paid in dollars: no dollar chart");
});

test("what is kept is summed per currency over providers, never across currencies, in integers", () => {
  const rows = [
    { provider: "paystack", currency: "NGN", net_minor: Number.MAX_SAFE_INTEGER, paid_count: 9, refunded_count: 0 },
    { provider: "paystack", currency: "USD", net_minor: 0, paid_count: 0, refunded_count: 0 },
    { provider: "dojo", currency: "GBP", net_minor: 0, paid_count: 0, refunded_count: 1 },
    { provider: "payroc", currency: "NGN", net_minor: 2, paid_count: 1, refunded_count: 0 },
  ];
  assert.deepEqual(
    r.keptByCurrency(rows),
    [
      { currency: "NGN", minor: 9_007_199_254_740_993n },
      { currency: "GBP", minor: 0n },
    ],
    "dollars only waiting: nothing to say; pounds all given back: nothing kept, and said",
  );
  assert.deepEqual(r.keptByCurrency([]), []);
});

test("the axis: a round step of whole major units, at most five of them, up to the largest day", () => {
  assert.deepEqual(r.niceAxis(0n, "NGN"), { step: 100n, top: 100n }, "an empty month still has an axis of one naira");
  assert.deepEqual(r.niceAxis(200_050n, "NGN"), { step: 50_000n, top: 250_000n }, "NGN 2,000.50: 0 to 2,500 by 500, not to 5,000 by 1,250");
  assert.deepEqual(r.niceAxis(200_000n, "NGN"), { step: 50_000n, top: 200_000n }, "exactly on a step stays");
  assert.deepEqual(r.niceAxis(150_000n, "NGN"), { step: 50_000n, top: 150_000n });
  assert.deepEqual(r.niceAxis(2_500n, "GBP"), { step: 500n, top: 2_500n });
  assert.deepEqual(r.niceAxis(1_501n, "XOF"), { step: 500n, top: 2_000n }, "no decimals: units are whole francs");
  assert.deepEqual(r.niceAxis(601n, "NGN"), { step: 200n, top: 800n }, "NGN 6.01: by 2");
  assert.deepEqual(r.niceAxis(9_007_199_254_740_993n, "USD"), { step: 2_000_000_000_000_000n, top: 10_000_000_000_000_000n }, "past 2^53 stays exact");
  for (const max of [1n, 99n, 12_345n, 987_654_321n]) {
    const { step, top } = r.niceAxis(max, "NGN");
    assert.ok(top >= max && top - step < max && top / step <= 5n && step % 100n === 0n, `${max}: ${step} ${top}`);
  }
});

test("bars scale to the plot and the ticks divide the top evenly", () => {
  const series = [
    { date: "a", minor: 0n },
    { date: "b", minor: 100_000n },
    { date: "c", minor: 200_000n },
  ];
  const s = r.scale(series, "NGN", 100);
  assert.deepEqual(s.ticks, [0n, 50_000n, 100_000n, 150_000n, 200_000n]);
  const b = r.bars(series, "NGN", 300, 100);
  assert.deepEqual(b.map((x) => x.h), [0, 50, 100]);
  assert.ok(b.every((x) => x.x >= 0 && x.x + x.w <= 300), "inside the plot");
  assert.ok(b[0].x < b[1].x && b[1].x < b[2].x, "oldest on the left");
});

test("rows group by mode, live first, and a total never mixes currencies or modes", () => {
  const rows = [row("training", "NGN", "training", 5), row("paystack", "NGN", "test", 10), row("dojo", "GBP", "live", 2_500), row("paystack", "NGN", "live", 7)];
  assert.deepEqual(r.byMode(rows).map((g) => g.mode), ["live", "test", "training"]);
  assert.equal(r.paidTotal(rows, "NGN", "live"), 7n);
  assert.equal(r.paidTotal(rows, "GBP", "live"), 2_500n);
  assert.equal(r.byMode([]).length, 0);
});

import { parseRoute, hrefFor } from "../ui/js/route.js";

test("the Today, Z report and receipt routes", () => {
  assert.deepEqual(parseRoute("#/today"), { name: "today" });
  assert.deepEqual(parseRoute("#/today/2024-03-05"), { name: "today", date: "2024-03-05" }, "the Z report's way back to its day");
  assert.deepEqual(parseRoute("#/today/monday"), { name: "today" }, "not a date: today's");
  assert.deepEqual(parseRoute("#/zreport"), { name: "zreport" });
  assert.deepEqual(parseRoute("#/zreport/2024-03-05"), { name: "zreport", date: "2024-03-05" });
  assert.deepEqual(parseRoute("#/zreport/yesterday"), { name: "zreport" }, "not a date: today's");
  assert.deepEqual(parseRoute("#/receipt/7"), { name: "receipt", id: 7 });
  assert.deepEqual(parseRoute("#/receipt/x"), { name: "history" });
  assert.equal(hrefFor("zreport", "2024-03-05"), "#/zreport/2024-03-05");
  assert.equal(hrefFor("receipt", 7), "#/receipt/7");
  assert.equal(hrefFor("today"), "#/today");
  assert.equal(hrefFor("today", "2024-03-05"), "#/today/2024-03-05");
});
