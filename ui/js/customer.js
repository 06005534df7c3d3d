// The customer window: only the QR, the amount, the shop, the provider with its TEST / LIVE /
// TRAINING badge and the status, readable from a metre away. It never verifies by itself (the
// main window does); it listens to `link-updated` and re-reads the local record now and then in
// case an event was missed. It follows the sale, not one link: when the counter tries another
// provider, the window moves to the sale's newest attempt, so the customer never scans a dead QR.

import * as api from "./api.js";
import { numberStyle, formatMoney, safeLocale } from "./money.js";
import { statusLabel, statusTone, modeKind, badge } from "./format.js";
import { isPending } from "./watch.js";
import { currentAttemptId } from "./sale.js";
import { svgDataUrl } from "./qr.js";
import { h, fill, say } from "./dom.js";

const locale = safeLocale(navigator.language);
const style = numberStyle(locale);
let id = Number(new URLSearchParams(location.search).get("id"));
let saleId = null;
const el = (x) => document.getElementById(x);
let qrLoaded = null;
let providers = [];

/** What the customer reads on the badge: no jargon about keys. */
const CUSTOMER_HINTS = { test: "not a real payment", training: "not a real payment", live: "" };

/** What the QR is covered with once the link is over. */
const STAMPS = {
  paid: ["Paid ✓", "Thank you"],
  failed: ["Payment failed", "Please ask at the counter"],
  expired: ["Expired", "Please ask for a new link"],
  cancelled: ["Cancelled", ""],
  partially_refunded: ["Paid ✓", "Part refunded"],
  refunded: ["Refunded", ""],
};

function amountParts(v) {
  let text;
  try {
    text = formatMoney(v.link.amount_minor, v.link.currency, style);
  } catch {
    text = `${v.link.currency} ${v.amount_display}`;
  }
  const [cur, ...rest] = text.split(" ");
  return [h("span", { class: "c-cur", text: cur }), " ", h("span", { class: "c-num", text: rest.join(" ") })];
}

function render(v) {
  const current = currentAttemptId(v);
  if (current && current !== id) {
    // a newer attempt of this sale is the one to pay: show it instead
    id = current;
    refresh();
    return;
  }
  const link = v.link;
  saleId = link.sale_id ?? saleId;
  const training = v.training === true || link.provider === "training";
  const kind = modeKind(link);
  const final = !isPending(link.status) && link.status !== "creating";
  document.body.dataset.mode = kind ?? "none";
  document.body.dataset.tone = statusTone(link.status);
  document.body.classList.toggle("is-final", final);
  const hint = CUSTOMER_HINTS[kind] ?? badge(kind).hint;
  fill(el("customer-badge"), h("span", { class: ["mode-badge", `mode-${kind ?? "none"}`] }, badge(kind).text, hint ? h("span", { class: "mode-hint", text: `— ${hint}` }) : null));
  el("customer-provider").textContent = providers.find((p) => p.id === link.provider)?.name ?? link.provider;
  fill(el("customer-amount"), amountParts(v));
  el("customer-description").textContent = link.description ?? "";
  el("customer-status").textContent = link.status === "creating" ? "One moment…" : statusLabel(link.status);
  el("customer-training").hidden = !training;
  el("customer-scan").hidden = final || !link.url;
  const [big, small] = STAMPS[link.status] ?? [statusLabel(link.status), ""];
  fill(el("customer-stamp"), final ? [h("span", { class: "c-stamp-big", text: big }), small ? h("span", { class: "c-stamp-small", text: small }) : null] : []);
  el("customer-stamp").hidden = !final;
  el("customer-amount-label").textContent = link.status === "paid" ? "Amount paid" : "Amount to pay";
  // no link yet (a new attempt being made): no QR at all, never the previous one
  el("customer-qr").hidden = !link.url;
  if (!link.url) qrLoaded = null;
  if (link.url && qrLoaded !== link.url) {
    qrLoaded = link.url;
    api
      .qrSvg(link.id)
      .then((svg) => (el("customer-qr").src = svgDataUrl(svg)))
      .catch((e) => {
        qrLoaded = null;
        say(el("customer-error"), e.message);
      });
  }
}

async function refresh() {
  try {
    render(await api.getLink(id));
    say(el("customer-error"), "");
  } catch (e) {
    say(el("customer-error"), e.message);
  }
}

async function toggleFullscreen() {
  try {
    const on = await api.toggleFullscreen();
    el("customer-fullscreen").setAttribute("aria-pressed", String(on));
    el("customer-fullscreen").textContent = on ? "Exit full screen" : "Full screen";
  } catch (e) {
    say(el("customer-error"), e.message);
  }
}

async function start() {
  el("customer-fullscreen").addEventListener("click", toggleFullscreen);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && el("customer-fullscreen").getAttribute("aria-pressed") === "true") toggleFullscreen();
    if (e.key === "F11") {
      e.preventDefault();
      toggleFullscreen();
    }
  });
  if (!Number.isInteger(id) || id <= 0) {
    say(el("customer-error"), "No payment link to show: open this window from the link screen.");
    return;
  }
  try {
    const [info, list] = await Promise.all([api.appInfo(), api.listProviders()]);
    providers = list;
    el("customer-merchant").textContent = info.merchant_name || "";
  } catch {
    // the merchant name is a nicety; the link itself is what matters
  }
  await api.listen("link-updated", (v) => {
    const sameSale = saleId !== null && v?.link?.sale_id === saleId;
    if (v?.link?.id === id || (sameSale && currentAttemptId(v) === v.link.id)) {
      id = v.link.id;
      render(v);
    }
  });
  await refresh();
  // A missed event must not leave a customer looking at "Waiting" after paying: re-read the
  // local record (no network) every 10 s and whenever the window comes back.
  setInterval(refresh, 10_000);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && refresh());
  window.addEventListener("focus", refresh);
}

start();
