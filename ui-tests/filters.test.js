import test from "node:test";
import assert from "node:assert/strict";
import { toQuery, exportQuery, emptyFilters, isFiltered, debounce, PAGE_SIZE } from "../ui/js/filters.js";
import { fakeClock } from "./helpers/clock.js";

test("empty filters ask for the first page only", () => {
  assert.deepEqual(toQuery(emptyFilters()), { limit: PAGE_SIZE });
  assert.equal(PAGE_SIZE, 50);
  assert.equal(isFiltered(emptyFilters()), false);
});

test("set filters become the query; unknown values are dropped", () => {
  const q = toQuery({ status: "open", provider: "paystack", mode: "live", search: "  ada   bakery " }, { beforeId: 120 });
  assert.deepEqual(q, { status: "open", provider: "paystack", mode: "live", search: "ada bakery", beforeId: 120, limit: 50 });
  assert.deepEqual(toQuery({ status: "bogus", mode: "training", provider: "<x>", search: "" }), { limit: 50 });
  assert.equal(isFiltered({ search: "x" }), true);
});

test("export takes the same filters without paging", () => {
  assert.deepEqual(exportQuery({ status: "paid", provider: "", mode: "", search: "PD12" }), { status: "paid", search: "PD12" });
});

test("debounce waits for typing to stop", async () => {
  const clock = fakeClock();
  const seen = [];
  const d = debounce((v) => seen.push(v), 250, clock);
  d("a");
  await clock.advance(100);
  d("ad");
  await clock.advance(100);
  d("ada");
  await clock.advance(249);
  assert.deepEqual(seen, []);
  await clock.advance(1);
  assert.deepEqual(seen, ["ada"]);
});

import { parseRoute, hrefFor } from "../ui/js/route.js";

test("routes", () => {
  assert.deepEqual(parseRoute(""), { name: "new" });
  assert.deepEqual(parseRoute("#/history"), { name: "history" });
  assert.deepEqual(parseRoute("#/link/12"), { name: "link", id: 12 });
  assert.deepEqual(parseRoute("#/link/abc"), { name: "history" });
  assert.deepEqual(parseRoute("#/link/-1"), { name: "history" });
  assert.deepEqual(parseRoute("#/nope"), { name: "new" });
  assert.equal(hrefFor("link", 5), "#/link/5");
  assert.equal(hrefFor("settings"), "#/settings");
});
