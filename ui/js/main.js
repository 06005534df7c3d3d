// The main window: loads what the screens share (app info, providers, the locale's number style),
// routes between screens by the URL hash, keeps the header's TEST / LIVE / TRAINING badge true,
// hands `link-updated` events to whichever screen cares, and runs the keyboard shortcuts. It loads
// the message catalogue with the app info, and redraws in another language when `ui.language`
// changes (i18n.js).

import * as api from "./api.js";
import { numberStyle, safeLocale, formatMoney, learnCurrencies } from "./money.js";
import * as i18n from "./i18n.js";
import { parseRoute, hrefFor } from "./route.js";
import { badge, modeKind } from "./format.js";
import { $, h, fill, say } from "./dom.js";
import { shortcutFor, shortcutsLine } from "./shortcuts.js";
import * as newScreen from "./screens/new.js";
import * as linkScreen from "./screens/link.js";
import * as historyScreen from "./screens/history.js";
import * as settingsScreen from "./screens/settings.js";
import * as hubPanel from "./screens/hub.js";
import * as todayScreen from "./screens/today.js";
import * as zScreen from "./screens/zreport.js";
import * as receiptScreen from "./screens/receipt.js";

const screens = {
  new: newScreen,
  link: linkScreen,
  history: historyScreen,
  settings: settingsScreen,
  today: todayScreen,
  zreport: zScreen,
  receipt: receiptScreen,
};
const locale = safeLocale(navigator.language);
let started = false;

function bus() {
  const subs = new Map();
  return {
    on(name, fn) {
      if (!subs.has(name)) subs.set(name, new Set());
      subs.get(name).add(fn);
      return () => subs.get(name).delete(fn);
    },
    emit(name, data) {
      for (const fn of subs.get(name) ?? []) {
        try {
          fn(data);
        } catch (e) {
          console.error(e);
        }
      }
    },
  };
}

const events = bus();
let headerKey = null;

/** What every screen gets. */
const ctx = {
  locale,
  style: numberStyle(locale),
  info: { merchant_name: "", default_provider: "training", default_currency: "NGN", has_real_key: false },
  providers: [],
  selectedProvider: null,
  current: null,
  on: events.on,
  emit: events.emit,
  go(name, id) {
    const target = hrefFor(name, id);
    if (location.hash === target) route();
    else location.hash = target;
  },
  /** Re-reads app info and providers (after a key or a setting changed). */
  async refresh() {
    const [info, providers, catalogues] = await Promise.all([api.appInfo(), api.listProviders(), api.l10nCatalogues().catch(() => null)]);
    if (catalogues && (catalogues.language !== i18n.language() || !i18n.available().length)) {
      i18n.load(catalogues);
      languageChanged();
    }
    ctx.info = info;
    ctx.providers = providers;
    learnCurrencies(providers);
    say($("#merchant-label"), info.merchant_name || "");
    events.emit("providers", providers);
    return ctx;
  },
  provider(id) {
    return ctx.providers.find((p) => p.id === id) ?? null;
  },
  /** The choices of the `ui.language` setting: auto (named after the computer's), then each language. */
  languageChoices() {
    const os = i18n.available().find((l) => l.code === i18n.choice().os);
    return [["auto", i18n.t("language-auto", { name: (os ?? i18n.available()[0])?.name })], ...i18n.available().map((l) => [l.code, l.name])];
  },
  /** Sets the header badge from a provider or a link (null: what New link would use). */
  setMode(thing) {
    const src = thing ?? ctx.provider(ctx.selectedProvider);
    const kind = modeKind(src);
    const b = badge(kind);
    document.body.dataset.mode = kind ?? "none";
    const name = src ? (src.name ?? ctx.provider(src.provider)?.name ?? src.provider ?? "") : "";
    const key = `${kind}|${name}`;
    if (headerKey === key) return; // unchanged: do not make the live region speak again
    headerKey = key;
    fill(
      $("#header-mode"),
      h("span", { class: ["mode-badge", "mode-badge-header", `mode-${kind ?? "none"}`] }, b.text),
      h("span", { class: "header-mode-text" }, [name, b.hint].filter(Boolean).join(" · ")),
    );
  },
  /** Sales with a create, retry or failover in flight: link id → the provider's name being asked. */
  asking: new Map(),
  /**
   * The last error a request about a sale ended with, by link id, with the link's status then:
   * it is shown only while the link is still in that status, so a sale fixed elsewhere (Retry in
   * History, another window) never shows an old failure.
   */
  saleErrors: new Map(),
  noteError(id, error, status = "creating") {
    ctx.saleErrors.set(id, { error, status });
  },
  errorFor(link) {
    const e = ctx.saleErrors.get(link.id);
    return e && e.status === link.status ? e.error : null;
  },
  /** Shows a sale's screen with focus on its status; `v` (a LinkView) is drawn at once if given. */
  showSale(v, id = v?.link.id) {
    if (v) ctx.lastView = v;
    ctx.focusStatus = id;
    ctx.go("link", id);
  },
  /**
   * After a request about a sale ends: shows the result (a LinkView, or the link `id` an error is
   * about) if the person is still on that sale, or still on the form when `from` is null;
   * otherwise only tells the screens, so nobody is pulled away from the next customer.
   */
  settled(v, id, from) {
    const cur = ctx.current;
    const watching = from === null ? cur?.name === "new" : cur?.name === "link" && cur.id === from;
    if (watching) ctx.showSale(v, id);
    else ctx.emit("sale-changed", { id });
  },
  /** Starts another sale: a blank form, focus on the amount. */
  newSale() {
    newScreen.reset();
    ctx.go("new");
  },
  /** A message for something that went wrong outside any form. */
  fail(e) {
    say($("#app-error"), e && typeof e === "object" ? i18n.errorText(e) : String(e));
  },
  net: { offline: typeof navigator !== "undefined" && navigator.onLine === false, lastVerifyFailed: false },
  /** Records whether the last talk with a provider reached it. */
  reportNetwork(ok, error) {
    if (ok) ctx.net.lastVerifyFailed = false;
    else if (error?.kind === "network") ctx.net.lastVerifyFailed = true;
    events.emit("network", ctx.net);
  },
};

/** After the language changed: numbers, the page's data-l10n-id elements, and the screen shown. */
function languageChanged() {
  ctx.locale = safeLocale(i18n.locale());
  ctx.style = numberStyle(ctx.locale);
  i18n.translate();
  $("#shortcuts-line").textContent = shortcutsLine();
  headerKey = null;
  if (started) route();
}

function route() {
  const r = parseRoute(location.hash);
  say($("#app-error"), "");
  for (const [name, screen] of Object.entries(screens)) {
    const el = $(`#${name}-screen`);
    const active = name === r.name;
    if (!active && !el.hidden) screen.hide?.();
    el.hidden = !active;
  }
  for (const b of document.querySelectorAll(".nav-btn")) {
    if (b.dataset.route === r.name || (b.dataset.route === "today" && r.name === "zreport")) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  ctx.current = r;
  if (r.name !== "link") ctx.setMode(null);
  screens[r.name].show(r);
  if (r.name === "settings") hubPanel.refreshCard();
}

function onShortcut(e) {
  const action = shortcutFor(e);
  if (!action) return;
  e.preventDefault();
  if (action === "new-sale") ctx.newSale();
  if (action === "search") {
    ctx.focusSearch = true;
    ctx.go("history");
  }
}

async function start() {
  i18n.setMoneyFormat((minor, currency) => formatMoney(minor, currency, ctx.style));
  for (const b of document.querySelectorAll(".nav-btn")) {
    b.addEventListener("click", () => (b.dataset.route === "new" ? ctx.newSale() : ctx.go(b.dataset.route)));
  }
  document.addEventListener("keydown", onShortcut);
  $("#shortcuts-line").textContent = shortcutsLine();
  window.addEventListener("hashchange", route);
  for (const ev of ["online", "offline"]) {
    window.addEventListener(ev, () => {
      ctx.net.offline = !navigator.onLine;
      if (navigator.onLine) ctx.net.lastVerifyFailed = false;
      events.emit("network", ctx.net);
      if (navigator.onLine) events.emit("wake", { online: true });
    });
  }
  document.addEventListener("visibilitychange", () => events.emit("wake", {}));
  window.addEventListener("focus", () => events.emit("wake", {}));

  try {
    await ctx.refresh();
  } catch (e) {
    ctx.fail(e);
  }
  for (const screen of Object.values(screens)) screen.init(ctx);
  hubPanel.init();
  api.listen("link-updated", (view) => view?.link && events.emit("link-updated", view));
  api.listen("verify-progress", (p) => events.emit("verify-progress", p));
  started = true;
  route();
  // Once the first screen is on glass (the timeout runs after the frame the rAF precedes), the
  // shell logs how long the start took: `make bench` reads it (scripts/measure-window.sh).
  requestAnimationFrame(() => setTimeout(() => api.emit("ui-painted", { page_ms: Math.round(performance.now()) }), 0));
}

start();
