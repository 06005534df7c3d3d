import test from "node:test";
import { useLanguage } from "./helpers/l10n.js";
import assert from "node:assert/strict";
import { ago, hubText } from "../ui/js/hub.js";

const now = Date.parse("2026-12-01T10:00:30Z");

test("no hub, no words", () => {
  assert.equal(hubText(null, now), null);
  assert.equal(hubText({ configured: false }, now), null);
});

test("synced says how long ago, and what waits", () => {
  assert.deepEqual(hubText({ configured: true, ok: true, waiting: 0, last_pull: "2026-12-01T10:00:20.000Z" }, now), { text: "Synced 10 s ago", tone: "ok", title: "" });
  assert.equal(hubText({ configured: true, ok: true, waiting: 2, last_pull: "2026-12-01T09:58:00.000Z" }, now).text, "Synced 2 min ago · 2 waiting");
  assert.equal(ago("2026-12-01T07:00:00Z", now), "3 h");
});

test("a failed sync reads offline with the count waiting and the reason as a title", () => {
  assert.deepEqual(hubText({ configured: true, ok: false, waiting: 3, error: "The hub could not be reached: timeout" }, now), {
    text: "Offline — 3 waiting",
    tone: "warn",
    title: "The hub could not be reached: timeout",
  });
});

test("the reason a sync failed is said in the window's language", () => {
  const view = {
    configured: true,
    ok: false,
    waiting: 1,
    error: "The hub could not be reached: timeout",
    error_l10n: { id: "error-hub-unreachable", args: { detail: "timeout" } },
  };
  assert.equal(hubText(view, now).title, "The hub could not be reached: timeout");
  useLanguage("fr");
  assert.equal(hubText(view, now).title, "Le serveur de la boutique est injoignable\u00a0: timeout");
  useLanguage("en");
});
