// "New sale like this" and quick amounts fill the form; they never create.
import { test } from "node:test";
import assert from "node:assert/strict";
import { prefillValues, startLike } from "../ui/js/newlink.js";

const COMMA = { decimal: ",", group: "." };

test("an earlier sale fills every field, the amount exactly in the person's style", () => {
  const sale = { amount_minor: 150050, currency: "NGN", provider: "paystack", description: "Cake", customer_email: "ada@example.com" };
  assert.deepEqual(prefillValues(sale, COMMA), { amount: "1.500,50", currency: "NGN", provider: "paystack", description: "Cake", email: "ada@example.com" });
  // Beyond what a float holds exactly.
  assert.equal(prefillValues({ ...sale, amount_minor: "900719925474099301" }, { decimal: ".", group: "," }).amount, "9,007,199,254,740,993.01");
});

test("a preset leaves the e-mail as it is and a missing description empty", () => {
  const preset = { id: "ab12", name: "Coffee", amount_minor: 250, currency: "GBP", provider: "dojo", description: null };
  assert.deepEqual(prefillValues(preset, { decimal: ".", group: "," }), { amount: "2.50", currency: "GBP", provider: "dojo", description: "", email: null });
});

test("startLike only opens the form with what to fill", () => {
  const calls = [];
  const ctx = { newSale: () => calls.push("newSale"), createLink: () => calls.push("create") };
  startLike(ctx, { amount_minor: 1 }, "preset");
  assert.deepEqual(calls, ["newSale"]);
  assert.equal(ctx.prefill.from, "preset");
});
