// The customer window: only the QR, the amount, the shop, the provider with its TEST / LIVE /
// TRAINING badge and the status, readable from a metre away. It never verifies by itself (the
// main window does); it listens to `link-updated` and re-reads the local record now and then in
// case an event was missed. It follows the sale, not one link: when the counter tries another
// provider, the window moves to the sale's newest attempt, so the customer never scans a dead QR.
// It speaks the shop's language at first; the customer may switch it (EN | FR …) for this window
// only, and every word, badge and amount follows.

import * as api from "./api.js";
import { numberStyle, formatMoney, safeLocale } from "./money.js";
import { statusTone, modeKind, named } from "./format.js";
import { isPending } from "./watch.js";
import { currentAttemptId } from "./sale.js";
import { svgDataUrl } from "./qr.js";
import { h, fill, say } from "./dom.js";
import * as i18n from "./i18n.js";
import { t } from "./i18n.js";

let style = i18n.numberMarks() ?? numberStyle(safeLocale(i18n.locale()));
let last = null;
let id = Number(new URLSearchParams(location.search).get("id"));
let saleId = null;
const el = (x) => document.getElementById(x);
let qrLoaded = null;
let providers = [];

/** What the customer reads beside the badge: no jargon about keys (message ids). */
const CUSTOMER_HINTS = { test: "customer-not-real", training: "customer-not-real", live: null };

/** What the QR is covered with once the link is over: [big, small] message ids. */
const STAMPS = {
  paid: ["status-paid", "customer-stamp-thanks"],
  failed: ["customer-stamp-failed", "customer-stamp-ask"],
  expired: ["status-expired", "customer-stamp-new-link"],
  cancelled: ["status-cancelled", null],
  partially_refunded: ["status-paid", "customer-stamp-part-refunded"],
  refunded: ["status-refunded", null],
};

const statusText = (status) => (i18n.has(`status-${status}`) ? t(`status-${status}`) : t("status-unknown"));
const badgeText = (kind) => t(`badge-${kind ?? "none"}`);

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
  last = v;
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
  const hint = kind in CUSTOMER_HINTS ? (CUSTOMER_HINTS[kind] && t(CUSTOMER_HINTS[kind])) : t(`badge-${kind ?? "none"}-hint`);
  fill(el("customer-badge"), h("span", { class: ["mode-badge", `mode-${kind ?? "none"}`] }, badgeText(kind), hint ? h("span", { class: "mode-hint", text: `— ${hint}` }) : null));
  el("customer-provider").textContent = named(providers.find((p) => p.id === link.provider))?.name ?? link.provider;
  fill(el("customer-amount"), amountParts(v));
  el("customer-description").textContent = link.description ?? "";
  el("customer-status").textContent = link.status === "creating" ? t("customer-one-moment") : statusText(link.status);
  el("customer-training").hidden = !training;
  el("customer-scan").hidden = final || !link.url;
  const [big, small] = STAMPS[link.status] ?? [`status-${link.status}`, null];
  fill(el("customer-stamp"), final ? [h("span", { class: "c-stamp-big", text: i18n.has(big) ? t(big) : statusText(link.status) }), small ? h("span", { class: "c-stamp-small", text: t(small) }) : null] : []);
  el("customer-stamp").hidden = !final;
  i18n.setL10n(el("customer-amount-label"), link.status === "paid" ? "customer-amount-paid" : "customer-amount-to-pay");
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
        say(el("customer-error"), i18n.errorText(e));
      });
  }
}

async function refresh() {
  try {
    render(await api.getLink(id));
    say(el("customer-error"), "");
  } catch (e) {
    say(el("customer-error"), i18n.errorText(e));
  }
}

/** The customer's EN | FR buttons: this window only, the shop's window keeps its language. */
function drawLanguages() {
  const box = el("customer-language");
  const langs = i18n.available();
  box.hidden = langs.length < 2;
  fill(
    box,
    langs.map((l) =>
      h("button", {
        type: "button",
        lang: l.code,
        title: l.name,
        "aria-pressed": String(l.code === i18n.language()),
        data: { lang: l.code },
        text: l.code.toUpperCase(),
        on: { click: () => switchTo(l.code) },
      }),
    ),
  );
}

function switchTo(code) {
  i18n.setLanguage(code);
  style = i18n.numberMarks() ?? numberStyle(safeLocale(i18n.locale()));
  drawLanguages();
  el("customer-language").querySelector(`[data-lang="${code}"]`)?.focus();
  const on = el("customer-fullscreen").getAttribute("aria-pressed") === "true";
  i18n.setL10n(el("customer-fullscreen"), on ? "customer-fullscreen-exit" : "customer-fullscreen");
  if (last) render(last);
  else if (!Number.isInteger(id) || id <= 0) say(el("customer-error"), t("customer-no-link"));
}

async function toggleFullscreen() {
  try {
    const on = await api.toggleFullscreen();
    el("customer-fullscreen").setAttribute("aria-pressed", String(on));
    i18n.setL10n(el("customer-fullscreen"), on ? "customer-fullscreen-exit" : "customer-fullscreen");
  } catch (e) {
    say(el("customer-error"), i18n.errorText(e));
  }
}

async function start() {
  i18n.setMoneyFormat((minor, currency) => formatMoney(minor, currency, style));
  await i18n.start(api.l10nCatalogues);
  style = i18n.numberMarks() ?? numberStyle(safeLocale(i18n.locale()));
  drawLanguages();
  el("customer-fullscreen").addEventListener("click", toggleFullscreen);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && el("customer-fullscreen").getAttribute("aria-pressed") === "true") toggleFullscreen();
    if (e.key === "F11") {
      e.preventDefault();
      toggleFullscreen();
    }
  });
  if (!Number.isInteger(id) || id <= 0) {
    say(el("customer-error"), t("customer-no-link"));
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
