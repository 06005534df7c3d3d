import test from "node:test";
import "./helpers/l10n.js";
import assert from "node:assert/strict";
import * as f from "../ui/js/format.js";

test("status labels a shop owner reads", () => {
  assert.equal(f.statusLabel("open"), "Waiting for payment");
  assert.equal(f.statusLabel("paid"), "Paid ✓");
  assert.equal(f.statusLabel("failed"), "Failed");
  assert.equal(f.statusLabel("expired"), "Expired");
  assert.equal(f.statusLabel("unknown"), "Unknown — check with the provider");
  assert.equal(f.statusLabel("refunded"), "Refunded");
  assert.equal(f.statusLabel("something-new"), "Unknown — check with the provider", "never guesses paid");
  // Paystack's word for an untouched checkout: on an open link it reads as if the customer left
  assert.equal(f.statusWithWord("open", "abandoned"), "Waiting for payment");
  assert.equal(f.statusWithWord("expired", "abandoned"), "Expired (abandoned)");
  assert.equal(f.showsProviderWord("open", "ongoing"), false);
  assert.equal(f.showsProviderWord("failed", "failed"), false);
  assert.equal(f.statusWithWord("paid", "success"), "Paid ✓ (success)");
  assert.equal(f.statusWithWord("open", "open"), "Waiting for payment");
  assert.equal(f.statusWithWord("open", null), "Waiting for payment");
});

test("badges: training wins over the mode; no mode means not set up", () => {
  assert.equal(f.modeKind({ provider: "training", mode: "test" }), "training");
  assert.equal(f.modeKind({ id: "paystack", training: false, mode: "live" }), "live");
  assert.equal(f.modeKind({ id: "paystack", training: false, mode: null }), null);
  assert.equal(f.badge("live").text, "LIVE");
  assert.equal(f.badge("training").text, "TRAINING");
  assert.equal(f.badge(null).text, "NOT SET UP");
});

test("relative times", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");
  assert.equal(f.relativeTime("2024-05-01T11:59:40Z", now), "just now");
  assert.equal(f.relativeTime("2024-05-01T11:57:00Z", now), "3 min ago");
  assert.equal(f.relativeTime("2024-05-01T09:10:00Z", now), "2 h ago");
  assert.equal(f.relativeTime("2024-04-30T10:00:00Z", now), "yesterday");
  assert.equal(f.relativeTime("2024-04-27T12:00:00Z", now), "4 days ago");
  assert.match(f.relativeTime("2024-01-02T12:00:00Z", now, "en-GB"), /2 Jan 2024/);
  assert.equal(f.lastVerified("2024-05-01T11:57:00Z", now), "last verified 3 min ago");
  assert.equal(f.lastVerified(null, now), "not verified yet");
});

test("where a setting or key comes from", () => {
  assert.equal(f.envVarFor("paystack.base_url"), "PAYDESK_PAYSTACK_BASE_URL");
  assert.equal(f.envVarFor("http.timeout_secs"), "PAYDESK_HTTP_TIMEOUT_SECS");
  assert.equal(f.keyStatusText({ provider: "paystack", configured: true, source: "keyring", last4: "abcd" }), "Configured (…abcd, from keyring)");
  assert.equal(f.keyStatusText({ provider: "paystack", configured: true, source: "env", last4: "wxyz" }), "Configured (…wxyz, from PAYDESK_PAYSTACK_KEY)");
  assert.equal(f.keyStatusText({ provider: "paystack", configured: false, source: null, last4: null }), "Not configured");
});

test("mailto: subject and body filled and encoded", () => {
  const href = f.mailtoHref({ to: "ada+1@example.com", merchant: "Ada's Bakery & Co", amount: "NGN 1,500.50", description: "2 loaves", url: "https://checkout.paystack.com/abc?x=1&y=2" });
  assert.ok(href.startsWith("mailto:ada%2B1%40example.com?subject="));
  const url = new URL(href);
  const params = new URLSearchParams(url.search);
  assert.equal(params.get("subject"), "Payment link from Ada's Bakery & Co");
  const body = params.get("body");
  assert.match(body, /Please pay NGN 1,500\.50/);
  assert.match(body, /For: 2 loaves/);
  assert.match(body, /https:\/\/checkout\.paystack\.com\/abc\?x=1&y=2/);
  assert.ok(!href.includes(" "), "no raw spaces");
  assert.ok(!/[\r\n]/.test(href), "no raw newlines");
  assert.match(f.mailtoHref({ to: "a@b.co", amount: "GHS 1.00", url: "u", training: true }), /TRAINING/);
});

test("verify-all summary", () => {
  assert.equal(f.verifySummary({ checked: 0, changed: [], errors: [] }).headline, "No open links to check.");
  const s = f.verifySummary({ checked: 3, changed: [{ id: 7, reference: "PDX", from: "open", to: "paid" }], errors: [[9, "Paystack did not answer."]] });
  assert.equal(s.headline, "Checked 3 open links: 1 changed, 1 could not be checked.");
  assert.deepEqual(s.lines, ["#7 PDX: Waiting for payment → Paid ✓", "#9: Paystack did not answer."]);
  assert.equal(f.verifySummary({ checked: 1, changed: [], errors: [] }).headline, "Checked 1 open link: nothing changed.");
});

test("verify-all summary with pending refunds read again", () => {
  const s = f.verifySummary({
    checked: 0,
    refunds_checked: 2,
    changed: [{ id: 4, reference: "PDA", from: "paid", to: "partially_refunded" }],
    refunds: [
      { link_id: 4, reference: "PR1", to: "processed" },
      { link_id: 5, reference: "PR2", to: "failed" },
    ],
    errors: [],
  });
  assert.equal(s.headline, "Checked 0 open links and the pending refunds of 2 paid links: 1 changed.");
  assert.equal(s.lines[1], "#4: refund PR1 given back");
  assert.equal(s.lines[2], "#5: refund PR2 failed, nothing was given back");
});

test("CSV file name", () => {
  assert.equal(f.csvFileName(new Date(2024, 4, 1)), "paydesk-links-2024-05-01.csv");
});

test("long e-mails break after @ and before dots, never mid-word", () => {
  assert.deepEqual(f.emailBreaks("a.very.long@example-bakery.co.uk"), ["a", ".very", ".long@", "example-bakery", ".co", ".uk"]);
  assert.equal(f.emailBreaks("a.very.long@example-bakery.co.uk").join(""), "a.very.long@example-bakery.co.uk");
  assert.deepEqual(f.emailBreaks(""), []);
  assert.deepEqual(f.emailBreaks(null), []);
});

test("a partial refund reads as paid in part, in the paid colour, and ends the watch", async () => {
  const w = await import("../ui/js/watch.js");
  const filters = await import("../ui/js/filters.js");
  assert.equal(f.statusLabel("partially_refunded"), "Partly refunded");
  assert.equal(f.statusTone("partially_refunded"), "ok");
  assert.equal(f.statusTone("refunded"), "done", "money back is not a failure: not red");
  // The provider's word is the payment's ("paid", "success"): not beside a refund.
  assert.equal(f.statusWithWord("refunded", "paid"), "Refunded");
  assert.equal(f.statusWithWord("partially_refunded", "success"), "Partly refunded");
  assert.equal(w.isFinal("partially_refunded"), true);
  assert.equal(filters.toQuery({ status: "partially_refunded" }).status, "partially_refunded");
});

test("the words follow the window's language, and tables read by other screens follow too", async () => {
  const { useLanguage } = await import("./helpers/l10n.js");
  const now = Date.parse("2024-05-01T12:00:00Z");
  useLanguage("fr");
  try {
    assert.equal(f.statusLabel("open"), "En attente de paiement");
    assert.equal(f.statusLabel("something-new"), "Inconnu — vérifiez auprès du prestataire");
    assert.equal(f.STATUS_LABELS.paid, "Payé ✓");
    assert.deepEqual(Object.keys(f.STATUS_LABELS), ["creating", "open", "paid", "failed", "expired", "cancelled", "partially_refunded", "refunded", "unknown"]);
    assert.equal(f.BADGES.live.text, "RÉEL");
    assert.equal(f.badge(null).text, "NON CONFIGURÉ");
    assert.equal(f.lastVerified("2024-05-01T11:57:00Z", now, "fr"), "vérifié il y a 3 min");
    assert.equal(f.lastVerified("2024-01-02T12:00:00Z", now, "fr"), "vérifié le 2 janv. 2024");
    assert.equal(f.keyStatusText({ provider: "paystack", configured: true, source: "keyring", last4: "abcd" }), "Configurée (…abcd, depuis le trousseau)");
    assert.equal(f.verifySummary({ checked: 3, changed: [{ id: 7, from: "open", to: "paid" }], errors: [] }).headline, "Vérification de 3 liens ouverts\u00a0: 1 modifié.");
    // an error the core sent as a message reads French; one it could only say in English stays English
    const errors = [[4, "refund PR1: Paystack did not find it (gone); it stays pending"], [9, "disk on fire"]];
    const errors_l10n = [[4, { id: "refund-reread-not-found", args: { reference: "PR1", provider: "Paystack", detail: "gone" } }], [9, { id: "error-text", args: { text: "disk on fire" } }]];
    assert.deepEqual(f.verifySummary({ checked: 2, changed: [], errors, errors_l10n }).lines, [
      "#4\u00a0: remboursement PR1\u00a0: Paystack ne l’a pas trouvé (gone)\u202f; il reste en attente",
      "#9\u00a0: disk on fire",
    ]);
  } finally {
    useLanguage("en");
  }
  assert.equal(f.STATUS_LABELS.paid, "Paid ✓");
  assert.equal(f.BADGES.live.text, "LIVE");
});

test("a table's times: the locale's own short hour, 9:05 AM on a 12-hour clock, 09:05 on 24", () => {
  const at = new Date(2026, 11, 3, 9, 5).toISOString();
  const now = new Date(2026, 11, 3, 12, 0).getTime();
  assert.equal(f.shortDateTime(at, "en-US", now).replace(/\s/g, " "), "Dec 3, 9:05 AM", "not 09:05 AM");
  assert.equal(f.shortDateTime(at, "en-GB", now), "3 Dec, 09:05");
  assert.equal(f.shortDateTime(at, "fr-FR", now), "3 déc., 09:05");
  assert.equal(f.shortDateTime(at, "en-US", new Date(2027, 0, 2).getTime()).replace(/\s/g, " "), "Dec 3, 2026, 9:05 AM", "another year's date has its year");
  assert.match(f.clockTime(at, "en-US"), /^9:05[\u00a0\u202f]AM$/, "never broken before AM");
  assert.equal(f.clockTime(at, "fr-FR"), "09:05");
});
