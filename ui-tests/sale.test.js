import test from "node:test";
import { useLanguage } from "./helpers/l10n.js";
import assert from "node:assert/strict";
import { saleModel, failoverChoices, duplicateSummary, currentAttemptId, rowAction, rowNote, failoverOf } from "../ui/js/sale.js";
import { view, link, providers, err503 } from "./fixtures/sales.js";

const name = (id) => providers.find((p) => p.id === id)?.name ?? id;

test("while the provider is asked, the sale says so and offers nothing to press again", () => {
  const m = saleModel(view(), { asking: "Paystack", name });
  assert.equal(m.phase, "asking");
  assert.equal(m.headline, "Asking Paystack for the link…");
  assert.deepEqual(m.actions, []);
  assert.equal(m.primary, null);
});

test("a 503: calm words, the technical ones in Details, Retry first", () => {
  const m = saleModel(view(), { error: err503, name });
  assert.equal(m.phase, "no-link");
  assert.equal(m.headline, "No payment link yet");
  assert.equal(m.why, err503.message);
  assert.equal(m.details, "Paystack said: Service Unavailable (HTTP 503)");
  assert.ok(!/HTTP|Internal error/.test(m.why + m.headline), "no status codes in the words");
  assert.equal(m.primary, "retry");
  assert.deepEqual(m.actions, ["retry", "failover", "cancel-sale"]);
});

test("reopened later (no error at hand): a calm sentence, last_error only in Details", () => {
  const m = saleModel(view(), { name });
  assert.match(m.why, /^Paystack has not given a link/);
  assert.equal(m.details, "Paystack said: Service Unavailable (HTTP 503)");
});

test("failover and cancel are offered only when the core says so", () => {
  const m = saleModel(view({ failover: { allowed: false, why: "Only one provider takes USD.", providers: [] }, can_cancel_sale: false }), { name });
  assert.deepEqual(m.actions, ["retry"]);
  assert.deepEqual(failoverChoices(view({ failover: { allowed: false, why: "", providers: [] } }), providers), []);
  assert.deepEqual(failoverOf({}), { allowed: false, why: "", providers: [] });
});

test("a refused key: another provider is the main way forward", () => {
  const m = saleModel(view(), { error: { kind: "key_refused", message: "Paystack refused the test key.", details: "Invalid key" }, name });
  assert.equal(m.primary, "failover");
  assert.equal(m.details, "Invalid key");
});

test("open, paid and over", () => {
  const open = saleModel(view({ link: { status: "open", url: "https://x", provider_status: "abandoned" }, failover: { allowed: false, why: "", providers: [] } }), { name });
  assert.equal(open.headline, "Waiting for payment");
  assert.deepEqual(open.actions, []);
  const paid = saleModel(view({ link: { status: "paid" } }), { name });
  assert.equal(paid.headline, "Paid ✓");
  assert.equal(paid.primary, "new-sale");
  const failed = saleModel(view({ link: { status: "failed" } }), { name });
  assert.equal(failed.primary, "failover");
  assert.deepEqual(failed.actions, ["failover", "new-sale"]);
  const expired = saleModel(view({ link: { status: "expired" }, failover: { allowed: false } }), { name });
  assert.equal(expired.primary, "new-sale");
  const cancelled = saleModel(view({ sale: { status: "cancelled", cancelled_at: "2024-05-01T10:05:00Z" } }), { name });
  assert.equal(cancelled.headline, "Sale cancelled");
  assert.deepEqual(cancelled.actions, ["new-sale"]);
});

test("paid twice is said with both links", () => {
  const m = saleModel(view({ link: { status: "paid" }, paid_twice: { with_link: 8, refund_link: 8, message: "Paid on two links." } }), { name });
  assert.deepEqual(m.paidTwice, { message: "Paid on two links.", withLink: 8, refundLink: 8 });
  assert.equal(saleModel(view(), { name }).paidTwice, null);
});

test("paid twice is said in the window's language from the core's message", () => {
  const twice = { with_link: 8, refund_link: 8, message: "Paid twice: links 7 and 8 were both paid for what looks like one sale. Refund link 8.", message_l10n: { id: "sale-paid-twice-links", args: { first: 7, later: 8 } } };
  try {
    useLanguage("fr");
    const m = saleModel(view({ link: { status: "paid" }, paid_twice: twice }), { name });
    assert.equal(m.paidTwice.message, "Payée deux fois\u00a0: les liens 7 et 8 ont tous deux été payés pour ce qui semble être une seule vente. Remboursez le lien 8.");
  } finally {
    useLanguage("en");
  }
  assert.equal(saleModel(view({ link: { status: "paid" }, paid_twice: twice }), { name }).paidTwice.message, twice.message);
});

test("failover lists only what the core offers, with each one's badge", () => {
  assert.deepEqual(failoverChoices(view(), providers), [
    { id: "luxfin", name: "Luxfin", label: "Luxfin — TEST" },
    { id: "payroc", name: "Payroc", label: "Payroc — LIVE" },
  ]);
});

test("the customer window follows the sale's newest attempt", () => {
  const first = link({ id: 7, status: "failed" });
  const second = link({ id: 9, provider: "luxfin", status: "open" });
  assert.equal(currentAttemptId(view({ link: { id: 7 }, sale: { attempts: [first, second] } })), 9);
  assert.equal(currentAttemptId({ link: { id: 4 } }), 4);
  // the core's own word on which attempt is current wins
  assert.equal(currentAttemptId(view({ link: { id: 7 }, sale: { attempts: [first, second], current_link_id: 7 } })), 7);
});

test("the duplicate guard shows the earlier link: amount, customer, when, status", () => {
  const v = view({ link: { id: 5, status: "open", url: "https://x", created_at: "2024-05-01T10:00:00Z" } });
  const rows = duplicateSummary(v, { style: { decimal: ".", group: "," }, locale: "en", now: Date.parse("2024-05-01T10:03:00Z") });
  const map = Object.fromEntries(rows);
  assert.equal(map.Amount, "USD 1,500.50");
  assert.equal(map.Customer, "ada@example.com");
  assert.equal(map.For, "Cake");
  assert.match(map.Made, /^3 min ago — /);
  assert.equal(map.Status, "Waiting for payment");
  assert.deepEqual(duplicateSummary(null), []);
});

test("History rows offer their sale's action; the note is never raw error text", () => {
  assert.equal(rowAction({ status: "creating" }), "retry");
  assert.equal(rowAction({ status: "failed", provider: "paystack" }), "failover");
  assert.equal(rowAction({ status: "expired", provider: "luxfin" }), "failover");
  assert.equal(rowAction({ status: "failed", provider: "training" }), "verify");
  assert.equal(rowAction({ status: "unknown", provider: "paystack" }), "verify");
  assert.equal(rowAction({ status: "failed", failover: { allowed: false } }), "verify");
  assert.equal(rowAction({ status: "open", failover: { allowed: true } }), "failover");
  assert.equal(rowAction({ status: "open" }), "verify");
  assert.equal(rowAction({ status: "paid" }), "verify");
  assert.equal(rowNote({ status: "creating", last_error: "HTTP 503" }, "x"), "the sale is kept: Retry makes its link", "not 'Not created yet · No link yet' again");
  assert.equal(rowNote({ status: "open" }, "last verified just now"), "last verified just now");
});

test("a refund reads as the money back, and a practice refund as no money moved", () => {
  const real = saleModel(view({ link: { status: "refunded", provider: "paystack" }, failover: { allowed: false } }), { name });
  assert.equal(real.headline, "Refunded");
  assert.equal(real.why, "The money went back to the customer.");
  const practice = saleModel(view({ link: { status: "refunded", provider: "training" }, failover: { allowed: false } }), { name });
  assert.equal(practice.why, "A practice refund: no money moved.");
});
