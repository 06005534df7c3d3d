import test from "node:test";
import "./helpers/l10n.js";
import assert from "node:assert/strict";
import { svgDataUrl } from "../ui/js/qr.js";
import * as api from "../ui/js/api.js";

test("SVG becomes a base64 data: URL of its UTF-8 bytes", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>Ada’s Bakery — ₦</title></svg>';
  const url = svgDataUrl(svg);
  assert.ok(url.startsWith("data:image/svg+xml;base64,"));
  const back = Buffer.from(url.split(",")[1], "base64").toString("utf8");
  assert.equal(back, svg);
  const big = "<svg>" + "x".repeat(200_000) + "</svg>";
  assert.equal(Buffer.from(svgDataUrl(big).split(",")[1], "base64").toString("utf8"), big);
});

function stub(handler) {
  const calls = [];
  const listeners = new Map();
  api.setBackend({
    core: {
      invoke: async (cmd, args) => {
        if (cmd === "create_link") {
          // The shell announces the written sale before the provider answers: another window's
          // sale first (ignored), then this request's.
          for (const l of listeners.get("sale-recorded") ?? []) {
            l({ event: "sale-recorded", payload: { request: "someone-else", link_id: 1, sale_id: 1 } });
            l({ event: "sale-recorded", payload: { request: args.request, link_id: 7, sale_id: 5 } });
          }
          calls.push([cmd, { input: args.input, request: typeof args.request }]);
        } else {
          calls.push([cmd, args]);
        }
        return handler(cmd, args);
      },
    },
    event: {
      listen: async (name, cb) => {
        calls.push(["listen", name]);
        if (name === "sale-recorded") {
          listeners.set(name, [...(listeners.get(name) ?? []), cb]);
          return () => listeners.set(name, (listeners.get(name) ?? []).filter((x) => x !== cb));
        }
        cb({ event: name, payload: { hello: 1 } });
        return () => {};
      },
    },
    clipboardManager: { writeText: async (t) => calls.push(["clip", t]) },
    opener: { openUrl: async (u) => calls.push(["open", u]) },
    dialog: { save: async (o) => { calls.push(["save", o]); return null; } },
  });
  return calls;
}

test("commands go out with the contract's names and arguments", async () => {
  const calls = stub(() => "ok");
  const recorded = [];
  await api.createLink({ provider: "training", amount: "1" }, (r) => recorded.push(r));
  assert.deepEqual(recorded, [{ link_id: 7, sale_id: 5 }]);
  await api.getLink("12");
  await api.simulateLink(3, "paid");
  await api.listLinks({ limit: 50 });
  await api.exportCsv({ status: "paid" }, "/tmp/x.csv");
  await api.setKey("paystack", "test", "sk_test_x");
  assert.deepEqual(calls, [
    ["listen", "sale-recorded"],
    ["create_link", { input: { provider: "training", amount: "1" }, request: "string" }],
    ["get_link", { id: 12 }],
    ["simulate_link", { id: 3, outcome: "paid" }],
    ["list_links", { query: { limit: 50 } }],
    ["export_csv", { query: { status: "paid" }, path: "/tmp/x.csv" }],
    ["set_key", { provider: "paystack", mode: "test", key: "sk_test_x", pin: null }],
  ]);
});

test("every rejection has the {kind, message, field} shape", async () => {
  stub(() => { throw { kind: "invalid", message: "Enter the customer's email address.", field: "email" }; });
  await assert.rejects(api.createLink({}), { kind: "invalid", field: "email", message: "Enter the customer's email address." });
  stub(() => { throw "command create_link not found"; });
  await assert.rejects(api.createLink({}), { kind: "io", field: null });
  api.setBackend(null);
  await assert.rejects(api.appInfo(), (e) => e.kind === "io" && /app window/.test(e.message));
});

test("listen hands over the payload; save dialog cancel is null", async () => {
  const calls = stub(() => null);
  let got;
  await api.listen("link-updated", (p) => (got = p));
  assert.deepEqual(got, { hello: 1 });
  assert.equal(await api.saveDialog("a.png", []), null);
  await api.copyText("https://x");
  assert.deepEqual(calls.at(-1), ["clip", "https://x"]);
  api.setBackend(null);
});

test("sales commands keep the contract's names; ids go out as numbers", async () => {
  const calls = stub(() => ({ link: { id: 7 } }));
  await api.failoverSale("7", "luxfin");
  await api.cancelSale(7);
  await api.listSales({ limit: 50 });
  await api.getSaleAttempts("7");
  assert.deepEqual(calls, [
    ["failover_sale", { id: 7, provider: "luxfin" }],
    ["cancel_sale", { id: 7 }],
    ["list_sales", { query: { limit: 50 } }],
    ["get_sale_attempts", { id: 7 }],
  ]);
  api.setBackend(null);
});

test("details and the link an error is about come through; nothing else is invented", async () => {
  stub(() => { throw { kind: "provider", message: "Paystack is not answering.", field: null, details: "HTTP 503", link: 7 }; });
  await assert.rejects(api.retryLink(7), (e) => {
    assert.deepEqual(e, {
      kind: "provider",
      message: "Paystack is not answering.",
      english: "Paystack is not answering.",
      // an error from an older core, with no id: its English words are the message
      id: "error-text",
      args: { text: "Paystack is not answering." },
      field: null,
      details: "HTTP 503",
      link: 7,
    });
    return true;
  });
  stub(() => { throw { kind: "invalid", message: "Enter an amount.", field: "amount" }; });
  await assert.rejects(api.createLink({}), (e) => e.details === null && e.link === null);
  api.setBackend(null);
});
