// The main window: loads what the screens share (app info, providers, the locale's number style),
// routes between screens by the URL hash, keeps the header's TEST / LIVE / TRAINING badge true,
// hands `link-updated` events to whichever screen cares, and runs the keyboard shortcuts. It loads
// the message catalogue with the app info, and redraws in another language when `ui.language`
// changes (i18n.js).
//
// Start-up is on the clock (docs/speed.md: first usable screen): only the New sale screen and
// what it needs are static imports, every one of them named by a <link rel="modulepreload"> in
// index.html so WebKit fetches them at once instead of one import level at a time (a node test
// holds the two lists together); the other screens are imported when first shown, and warmed
// once the first screen is painted.

import * as api from "./api.js";
import { numberStyle, safeLocale, formatMoney, learnCurrencies } from "./money.js";
import * as i18n from "./i18n.js";
import { parseRoute, hrefFor } from "./route.js";
import { badge, modeKind, named } from "./format.js";
import { $, h, fill, say } from "./dom.js";
import { shortcutFor, shortcutsLine } from "./shortcuts.js";
import * as newScreen from "./screens/new.js";
import * as hubPanel from "./screens/hub.js";
import { firstAnswers } from "./boot.js";

/** The screens not shown first, imported on first use. */
const later = {
  link: () => import("./screens/link.js"),
  history: () => import("./screens/history.js"),
  settings: () => import("./screens/settings.js"),
  today: () => import("./screens/today.js"),
  zreport: () => import("./screens/zreport.js"),
  receipt: () => import("./screens/receipt.js"),
};
/** Screens imported and initialised, by route name. */
const screens = { new: newScreen };
/** Imports and initialises screen `name` once (concurrent callers share the import). */
const loading = new Map();
function screen(name) {
  if (screens[name]) return Promise.resolve(screens[name]);
  if (!loading.has(name)) {
    loading.set(
      name,
      later[name]().then((m) => {
        m.init(ctx);
        screens[name] = m;
        return m;
      }),
    );
  }
  return loading.get(name);
}
const locale = safeLocale(i18n.locale());
/** Start-up marks (ms since the page began loading), sent with `ui-painted` for the shell's log. */
const marks = { modules_ms: Math.round(performance.now()) };
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
  style: i18n.numberMarks() ?? numberStyle(locale),
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
  /** Re-reads app info and providers (after a key or a setting changed); `answers`: already asked. */
  async refresh(answers = null) {
    const [info, providers, catalogues] = await (answers ?? Promise.all([api.appInfo(), api.listProviders(), api.l10nCatalogues().catch(() => null)]));
    marks.answers_ms ??= Math.round(performance.now());
    if (catalogues && (catalogues.language !== i18n.language() || !i18n.available().length)) {
      i18n.load(catalogues);
      languageChanged();
    }
    ctx.info = info;
    ctx.providers = providers.map(named);
    learnCurrencies(providers);
    say($("#merchant-label"), info.merchant_name || "");
    events.emit("providers", ctx.providers);
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
    // Training's name only repeats its badge: its hint (no money moves) gets the room.
    const name = src && kind !== "training" ? (src.name ?? ctx.provider(src.provider)?.name ?? src.provider ?? "") : "";
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
  ctx.style = i18n.numberMarks() ?? numberStyle(ctx.locale);
  i18n.translate();
  $("#shortcuts-line").textContent = shortcutsLine();
  headerKey = null;
  if (started) route();
}

/**
 * Asks for app info and the providers again when the window is come back to, so a key saved
 * elsewhere meanwhile (`paydesk key set` in a terminal) is offered without a restart; the shell
 * reads the keyring again only when another process changed it (README "Where things live").
 * The screens redraw only when an answer differs.
 */
let rechecking = false;
async function recheckProviders() {
  if (rechecking || !started) return;
  rechecking = true;
  try {
    const [info, providers] = await Promise.all([api.appInfo(), api.listProviders()]);
    // ctx.providers holds them named in the window's language (format.js named).
    if (JSON.stringify([info, providers.map(named)]) !== JSON.stringify([ctx.info, ctx.providers])) {
      await ctx.refresh(Promise.resolve([info, providers, null]));
    }
  } catch {
    // The next look tries again; what is on screen stays as it was.
  } finally {
    rechecking = false;
  }
}

function route() {
  const r = parseRoute(location.hash);
  say($("#app-error"), "");
  // Another screen (or another sale) starts at its top, as a page does: not at the place a long
  // History was scrolled to, with the sale's amount above the window's edge.
  if (ctx.current && (ctx.current.name !== r.name || ctx.current.id !== r.id || ctx.current.date !== r.date)) window.scrollTo(0, 0);
  for (const name of Object.keys(later).concat("new")) {
    const el = $(`#${name}-screen`);
    const active = name === r.name;
    if (!active && !el.hidden) screens[name]?.hide?.();
    el.hidden = !active;
  }
  for (const b of document.querySelectorAll(".nav-btn")) {
    if (b.dataset.route === r.name || (b.dataset.route === "today" && r.name === "zreport")) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  ctx.current = r;
  if (r.name !== "link") ctx.setMode(null);
  if (r.name === "settings") hubPanel.refreshCard();
  const shown = screens[r.name];
  if (shown) return shown.show(r);
  screen(r.name).then(
    // Only if the person is still there: a later route has shown its own screen meanwhile.
    (m) => ctx.current === r && m.show(r),
    (e) => ctx.fail(e),
  );
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
  events.on("wake", recheckProviders);

  // Create stays disabled (index.html) until the providers are known, so the form can be on
  // screen before the shell answers and a sale still never goes with a provider, currency or
  // mode guessed before then. Enabled once: no create can be holding the button before it.
  const ready = events.on("providers", () => {
    ready();
    $("#create").disabled = false;
  });
  try {
    await ctx.refresh(firstAnswers);
  } catch (e) {
    ctx.fail(e);
  }
  marks.ipc_ms = Math.round(performance.now());
  newScreen.init(ctx);
  hubPanel.init();
  marks.init_ms = Math.round(performance.now());
  api.listen("link-updated", (view) => view?.link && events.emit("link-updated", view));
  api.listen("verify-progress", (p) => events.emit("verify-progress", p));
  started = true;
  route();
  reveal();
  // Once the first screen is on glass (the timeout runs after the frame the rAF precedes), the
  // shell logs how long the start took: `make bench` reads it (scripts/measure-window.sh).
  const html_ms = Math.round(performance.getEntriesByType?.("navigation")[0]?.domInteractive ?? 0);
  requestAnimationFrame(() =>
    setTimeout(() => {
      api.emit("ui-painted", { page_ms: Math.round(performance.now()), html_ms, ...marks });
      // The other screens, now that the first is on glass, so the first click on one (or the
      // sale screen after the first Create) does not wait for its modules.
      for (const name of Object.keys(later)) screen(name).catch(() => {});
    }, 0),
  );
}

/** Shows the page, hidden while it boots (index.html): the first screen is drawn, or failed. */
function reveal() {
  document.documentElement.classList.remove("booting");
}

start()
  .catch((e) => ctx.fail(e))
  .finally(reveal);
