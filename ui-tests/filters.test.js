import test from "node:test";
import "./helpers/l10n.js";
import assert from "node:assert/strict";
import { toQuery, exportQuery, emptyFilters, isFiltered, debounce, PAGE_SIZE, severalTills, tillOptions, tillName } from "../ui/js/filters.js";
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

const TILLS = [
  { id: "0190aaaa-0000-7000-8000-000000000001", name: "Front counter", this: true },
  { id: "0190aaaa-0000-7000-8000-000000000002", name: "Till 2 — Back office", this: false },
];

test("a till filter is offered only when the history has several tills", () => {
  assert.equal(severalTills([TILLS[0]]), false);
  assert.equal(severalTills(undefined), false);
  assert.deepEqual(tillOptions([TILLS[0]], ""), []);
  assert.equal(severalTills(TILLS), true);
  assert.deepEqual(
    tillOptions(TILLS, "").map((o) => [o.value, o.label, o.selected]),
    [
      ["", "All tills", true],
      [TILLS[0].id, "Front counter (this till)", false],
      [TILLS[1].id, "Till 2 — Back office", false],
    ],
  );
  // The chosen till stays chosen; one no longer listed falls back to all tills.
  assert.deepEqual(tillOptions(TILLS, TILLS[1].id).filter((o) => o.selected).map((o) => o.value), [TILLS[1].id]);
  assert.deepEqual(tillOptions(TILLS, "gone").filter((o) => o.selected).map((o) => o.value), [""]);
});

test("the till filter goes into the query and the export, by id", () => {
  const f = { ...emptyFilters(), till: TILLS[1].id };
  assert.deepEqual(toQuery(f), { till: TILLS[1].id, limit: 50 });
  assert.deepEqual(exportQuery(f), { till: TILLS[1].id });
  assert.equal(isFiltered(f), true);
  assert.deepEqual(toQuery({ till: "x' OR 1=1" }), { limit: 50 });
  assert.equal(isFiltered(emptyFilters()), false);
});

test("a row names its till: the core's name, else the page's list", () => {
  assert.equal(tillName({ till: "Front counter", till_id: TILLS[0].id }, TILLS), "Front counter");
  assert.equal(tillName({ till_id: TILLS[1].id }, TILLS), "Till 2 — Back office");
  assert.equal(tillName({ till_id: "unknown" }, TILLS), "");
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

test("a till nobody named is named in the window's language; a shop's own name stays", async () => {
  const { useLanguage } = await import("./helpers/l10n.js");
  const { tillName, tillOptions } = await import("../ui/js/filters.js");
  const { tillLabel } = await import("../ui/js/format.js");
  useLanguage("fr");
  try {
    assert.equal(tillLabel("Till 7f3e"), "Caisse 7f3e");
    assert.equal(tillLabel("Back office"), "Back office");
    assert.equal(tillLabel("Till of Ada"), "Till of Ada", "only paydesk's own fallback");
    assert.equal(tillName({ till_id: "x-7f3e" }, [{ id: "x-7f3e", name: "Till 7f3e" }]), "Caisse 7f3e");
    const labels = tillOptions([{ id: "a", name: "Till 0a1b", this: true }, { id: "b", name: "Comptoir" }]).map((o) => o.label);
    assert.ok(labels[1].includes("Caisse 0a1b") && labels[2] === "Comptoir", labels.join(" | "));
  } finally {
    useLanguage("en");
  }
  assert.equal(tillLabel("Till 7f3e"), "Till 7f3e");
});
