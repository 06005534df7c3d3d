import test from "node:test";
import "./helpers/l10n.js";
import assert from "node:assert/strict";
import { pickProvider, providerLabel, pickCurrency, createInput, errorTarget } from "../ui/js/newlink.js";

const paystack = (over = {}) => ({ id: "paystack", name: "Paystack", training: false, ready: true, mode: "test", currencies: ["NGN", "GHS"], ...over });
const training = { id: "training", name: "Training", training: true, ready: true, mode: "test", currencies: ["NGN", "GHS", "USD"] };

test("no real key: Training is offered first", () => {
  const info = { has_real_key: false, default_provider: "paystack" };
  assert.equal(pickProvider([paystack({ ready: false, mode: null }), training], info), "training");
});

test("a real key: the default provider when it is ready, else the first ready", () => {
  assert.equal(pickProvider([paystack(), training], { has_real_key: true, default_provider: "paystack" }), "paystack");
  assert.equal(pickProvider([paystack({ ready: false }), training], { has_real_key: true, default_provider: "paystack" }), "training");
  assert.equal(pickProvider([], { has_real_key: true }), "");
});

test("the person's own pick is kept only while it is ready", () => {
  const info = { has_real_key: true, default_provider: "paystack" };
  assert.equal(pickProvider([paystack(), training], info, "training"), "training");
  assert.equal(pickProvider([paystack({ ready: false }), training], info, "paystack"), "training");
});

test("options show their badge, or why they cannot be picked", () => {
  assert.equal(providerLabel(paystack()), "Paystack — TEST");
  assert.equal(providerLabel(paystack({ mode: "live" })), "Paystack — LIVE");
  assert.equal(providerLabel(training), "Training (practice — no money moves)", "its name once, not Training — TRAINING");
  assert.equal(providerLabel(paystack({ ready: false, mode: null })), "Paystack — set up a key in Settings");
});

test("currency follows the provider", () => {
  assert.equal(pickCurrency(["NGN", "GHS"], "GHS", "NGN"), "GHS");
  assert.equal(pickCurrency(["NGN", "GHS"], "USD", "NGN"), "NGN");
  assert.equal(pickCurrency(["GHS", "KES"], "USD", "NGN"), "GHS");
  assert.equal(pickCurrency([], "", "ZAR"), "ZAR");
});

test("what goes to create_link: as typed, with the locale's number style and the shown mode", () => {
  const fr = { decimal: ",", group: "\u202f" };
  const input = createInput({ provider: "paystack", amount: " 1 500,50 ", currency: "NGN", email: " ada@example.com ", description: "  " }, paystack({ mode: "live" }), fr);
  assert.deepEqual(input, {
    provider: "paystack",
    amount: "1\u202f500,50",
    currency: "NGN",
    email: "ada@example.com",
    description: null,
    mode: "live",
    number_style: { decimal: ",", group: "\u202f" },
  });
});

test("errors go beside their field, else to the form", () => {
  assert.equal(errorTarget({ kind: "invalid", field: "amount" }), "amount-error");
  assert.equal(errorTarget({ kind: "invalid", field: "email" }), "email-error");
  assert.equal(errorTarget({ kind: "invalid", field: "currency" }), "currency-error");
  assert.equal(errorTarget({ kind: "invalid", field: "mode" }), "form-error");
  assert.equal(errorTarget({ kind: "network", field: null }), "form-error");
});
