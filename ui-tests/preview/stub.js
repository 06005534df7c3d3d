// Test-only fake of window.__TAURI__ for previewing ui/ in a browser (see serve.py). Speaks the
// contract in docs/ipc.md with an in-memory history. Scenario from the page's query string:
//   ?s=nokey (default) | test | live      which keys are set
//   &offline=1                            every verify fails with kind "network"
//   &empty=1                              no links in the history
(() => {
  const params = new URLSearchParams(location.search);
  const s = params.get("s") || "nokey";
  const offline = params.get("offline") === "1";
  const listeners = {};
  const emit = (name, payload) => (listeners[name] || []).forEach((cb) => cb({ event: name, payload }));
  const iso = (minsAgo) => new Date(Date.now() - minsAgo * 60000).toISOString();

  const settings = [
    { key: "merchant.name", value: "Ada's Bakery", source: "set", help: "Shop name shown with the QR code" },
    { key: "mode", value: null, source: "unset", help: "test or live: which key to use when both are set" },
    { key: "default.provider", value: "paystack", source: "default", help: "Provider picked first" },
    { key: "default.currency", value: "NGN", source: "default", help: "Currency picked first" },
    { key: "paystack.base_url", value: "https://api.paystack.co", source: "default", help: "Paystack API address" },
    { key: "http.timeout_secs", value: "30", source: "env", help: "Seconds to wait for a provider's answer" },
  ];
  const keys = [
    { provider: "paystack", mode: "test", configured: s !== "nokey", source: s !== "nokey" ? "keyring" : null, last4: s !== "nokey" ? "a1b2" : null },
    { provider: "paystack", mode: "live", configured: s === "live", source: s === "live" ? "keyring" : null, last4: s === "live" ? "z9y8" : null },
  ];
  // As list_providers states them: ISO exponents (XOF and RWF have none), 10,000,000 per link.
  const rules = (codes) => codes.map((currency) => ({ currency, exponent: ["XOF", "RWF"].includes(currency) ? 0 : 2, max_major: 10000000, source: "published" }));
  const providers = () => {
    const mode = s === "live" ? "live" : "test";
    const ready = keys.some((k) => k.mode === mode && k.configured);
    const list = [
      { id: "paystack", name: "Paystack", training: false, currencies: ["NGN", "GHS", "ZAR", "KES", "USD", "XOF", "EGP", "RWF"], currency_rules: rules(["NGN", "GHS", "ZAR", "KES", "USD", "XOF", "EGP", "RWF"]), verify: true, cancel: false, share: false, keys: keys.map((k) => ({ ...k })), ready, mode, error: null },
      { id: "training", name: "Training", training: true, currencies: ["NGN", "GHS", "ZAR", "KES", "USD", "XOF", "EGP", "RWF", "GBP", "EUR", "CAD"], currency_rules: rules(["NGN", "GHS", "ZAR", "KES", "USD", "XOF", "EGP", "RWF", "GBP", "EUR", "CAD"]), verify: true, cancel: false, share: false, keys: [], ready: true, mode: "test", error: null },
    ];
    return list.sort((a, b) => a.training - b.training || b.ready - a.ready);
  };

  const names = ["ada@example.com", "chinedu.okafor@mail.ng", "kwame@example.gh", "thandi@example.co.za", "wanjiru@example.ke", "bola.adeyemi+shop@gmail.com"];
  const things = ["2 loaves and a cake", "Birthday cake — 3 tiers, chocolate", null, "Meat pies × 12", "Catering deposit", null, "Bread"];
  const statuses = ["paid", "paid", "open", "paid", "expired", "failed", "paid", "open", "refunded", "unknown"];
  const words = { paid: "success", open: "abandoned", expired: "abandoned", failed: "failed", refunded: "reversed", unknown: "chargeback_pending" };
  const links = [];
  let nextId = 1;
  function make(over) {
    const id = nextId++;
    const ref = "PD" + (id * 7919).toString(36).toUpperCase().padStart(8, "X") + "K3F9QZ2M7TBL";
    const l = {
      id, provider: "paystack", mode: "test", reference: ref.slice(0, 22), provider_id: String(3000000 + id),
      url: "https://checkout.paystack.com/" + ref.slice(2, 16).toLowerCase(),
      amount_minor: 150050, currency: "NGN", customer_email: names[id % names.length], description: things[id % things.length],
      status: "open", provider_status: null, created_at: iso(60 * 24 * 3 - id * 70), updated_at: iso(10), last_verified_at: iso(3), last_error: null,
      ...over,
    };
    links.push(l);
    return l;
  }
  if (params.get("empty") !== "1") {
    for (let i = 0; i < 58; i++) {
      const st = statuses[i % statuses.length];
      make({ status: st, provider_status: words[st], amount_minor: 25000 + ((i * 137771) % 9000000), mode: i % 9 === 0 ? "live" : "test", last_verified_at: iso((i % 7) * 40 + 2) });
    }
    make({ provider: "training", mode: "test", url: "https://training.paydesk.invalid/TRAINING-NOT-A-PAYMENT/PDTRAIN", status: "open", provider_status: "open", customer_email: "ada@example.com", description: "Practice sale", amount_minor: 250000, created_at: iso(4), last_verified_at: iso(1) });
    make({ status: "creating", url: null, provider_id: null, provider_status: null, last_verified_at: null, last_error: "Paystack did not answer in 20 seconds. Nothing was charged; retry to finish the link.", created_at: iso(2) });
    make({ status: "open", provider_status: "abandoned", amount_minor: 1250000, description: "Wedding cake deposit", created_at: iso(1), last_verified_at: iso(0.2), mode: s === "live" ? "live" : "test" });
  }
  const view = (l) => ({
    link: { ...l }, amount_display: (l.amount_minor / 100).toLocaleString("en-US", { minimumFractionDigits: 2 }), training: l.provider === "training",
    events: [{ at: l.created_at, from: null, to: "open", provider_status: null }].concat(l.status !== "open" && l.status !== "creating" ? [{ at: l.updated_at, from: "open", to: l.status, provider_status: l.provider_status }] : []),
    references: [{ reference: l.reference, state: "current", created_at: l.created_at, note: null }],
  });
  const find = (id) => {
    const l = links.find((x) => x.id === Number(id));
    if (!l) throw { kind: "not_found", message: `No link with id or reference "${id}" in the history.`, field: null };
    return l;
  };

  function qr(text) {
    const n = 33, cells = [];
    let h = 0;
    for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    const finder = (x, y) => [[0, 0], [n - 7, 0], [0, n - 7]].some(([fx, fy]) => x >= fx && x < fx + 7 && y >= fy && y < fy + 7);
    const finderOn = (x, y) => [[0, 0], [n - 7, 0], [0, n - 7]].some(([fx, fy]) => { const dx = x - fx, dy = y - fy; if (dx < 0 || dy < 0 || dx > 6 || dy > 6) return false; return dx === 0 || dy === 0 || dx === 6 || dy === 6 || (dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4); });
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      h = (h * 1103515245 + 12345) >>> 0;
      const on = finder(x, y) ? finderOn(x, y) : (h >>> 16) % 2 === 0;
      if (on) cells.push(`<rect x="${x + 4}" y="${y + 4}" width="1" height="1"/>`);
    }
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n + 8} ${n + 8}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><g fill="#000">${cells.join("")}</g></svg>`;
  }

  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const bad = (field, message) => { throw { kind: "invalid", message, field }; };
  const net = () => { throw { kind: "network", message: "No connection to Paystack: check the internet connection.", field: null }; };

  const commands = {
    app_info: () => ({ version: "0.3.0", data_dir: "/home/ada/.local/share/paydesk", merchant_name: settings[0].value, default_provider: "paystack", default_currency: "NGN", has_real_key: keys.some((k) => k.configured) }),
    list_providers: providers,
    // the catalogues as the core serves them; `lang=fr` plays LANG=fr_FR.UTF-8
    l10n_catalogues: async () => {
      const list = await (await fetch("locales/languages.json")).json();
      const languages = await Promise.all(list.map(async (l) => ({ ...l, ftl: await (await fetch(`locales/${l.code}/paydesk.ftl`)).text() })));
      const os = params.get("lang") || "en";
      return { setting: "auto", os, language: os, languages };
    },
    list_keys: () => keys.map((k) => ({ ...k })),
    get_link: ({ id }) => view(find(id)),
    qr_svg: ({ id }) => qr(find(id).url || "none"),
    save_qr_png: () => null,
    open_customer_window: () => null,
    create_link: async ({ input }) => {
      await wait(400);
      if (!input.amount) bad("amount", "Enter the amount to charge.");
      if (!/^[0-9.,]+$/.test(input.amount)) bad("amount", `"${input.amount}" is not an amount: type digits, as in 1,500.50.`);
      if (!input.email) bad("email", "Enter the customer's email address.");
      if (input.email.startsWith("offline@")) net();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) bad("email", `"${input.email}" is not an email address: check it, as in name@example.com.`);
      const minor = Math.round(Number(input.amount.replaceAll(input.number_style.group, "").replace(input.number_style.decimal, ".")) * 100);
      const l = make({ provider: input.provider, mode: input.mode, amount_minor: minor, currency: input.currency, customer_email: input.email, description: input.description, created_at: iso(0), last_verified_at: null, provider_status: null, url: input.provider === "training" ? "https://training.paydesk.invalid/TRAINING-NOT-A-PAYMENT/PD" + nextId : undefined });
      return view(l);
    },
    verify_link: async ({ id }) => {
      await wait(150);
      if (offline) net();
      const l = find(id);
      l.last_verified_at = iso(0);
      emit("link-updated", view(l));
      return view(l);
    },
    retry_link: async ({ id }) => {
      await wait(300);
      const l = find(id);
      Object.assign(l, { status: "open", url: "https://checkout.paystack.com/retried" + id, last_error: null, last_verified_at: iso(0) });
      emit("link-updated", view(l));
      return view(l);
    },
    simulate_link: async ({ id, outcome }) => {
      const l = find(id);
      Object.assign(l, { status: outcome, provider_status: outcome, last_verified_at: iso(0), updated_at: iso(0) });
      emit("link-updated", view(l));
      return view(l);
    },
    verify_open: async () => {
      if (offline) net();
      const open = links.filter((l) => l.status === "open" || l.status === "unknown");
      const changed = [];
      for (let i = 0; i <= open.length; i++) {
        emit("verify-progress", { done: i, total: open.length });
        await wait(60);
      }
      if (open[0]) { changed.push({ id: open[0].id, reference: open[0].reference, from: open[0].status, to: "paid" }); open[0].status = "paid"; open[0].provider_status = "success"; }
      return { checked: open.length, changed, errors: open[1] ? [[open[1].id, "Paystack did not answer in 20 seconds."]] : [] };
    },
    list_links: ({ query }) => {
      const q = query || {};
      let all = links.slice().sort((a, b) => b.id - a.id);
      if (q.status) all = all.filter((l) => l.status === q.status);
      if (q.provider) all = all.filter((l) => l.provider === q.provider);
      if (q.mode) all = all.filter((l) => l.mode === q.mode);
      if (q.search) { const t = q.search.toLowerCase(); all = all.filter((l) => [l.customer_email, l.description, l.reference].some((v) => (v || "").toLowerCase().includes(t))); }
      const total = all.length;
      if (q.beforeId) all = all.filter((l) => l.id < q.beforeId);
      const page = q.limit ? all.slice(0, q.limit) : all;
      // As the core: counted up to 1,000, then "1,000+".
      return { links: page, total: Math.min(total, 1000), total_capped: total > 1000, next_before_id: q.limit && page.length === q.limit ? page[page.length - 1].id : null };
    },
    export_csv: ({ query, path }) => ({ rows: commands.list_links({ query: { ...query, limit: null } }).links.length, path }),
    cancel_export: () => false,
    set_key: async ({ provider, mode, key }) => {
      await wait(300);
      if (!key) bad("key", "The key is empty: paste the secret key from the provider's dashboard.");
      if (!key.startsWith(`sk_${mode}_`)) bad("key", `This is not a Paystack ${mode} key: it should start with sk_${mode}_.`);
      const k = keys.find((x) => x.mode === mode);
      Object.assign(k, { configured: true, source: "keyring", last4: key.slice(-4) });
      return { status: { ...k }, checked: true, ok: true, message: `Paystack accepted the ${mode} key.` };
    },
    delete_key: ({ mode }) => { const k = keys.find((x) => x.mode === mode); const had = k.configured; Object.assign(k, { configured: false, source: null, last4: null }); return had; },
    get_settings: () => settings.map((x) => ({ ...x })),
    set_setting: ({ key, value }) => {
      if (key === "paystack.base_url" && !/^https?:\/\//.test(value)) bad("value", `"${value}" is not a web address: use one starting with https://.`);
      const st = settings.find((x) => x.key === key);
      Object.assign(st, { value, source: "set" });
      return { ...st };
    },
    unset_setting: ({ key }) => { const st = settings.find((x) => x.key === key); Object.assign(st, { value: null, source: "unset" }); return { ...st }; },
  };

  const win = { isFullscreen: async () => !!document.fullscreenElement, setFullscreen: async (on) => (on ? document.documentElement.requestFullscreen?.() : document.exitFullscreen?.()) };
  window.__TAURI__ = {
    core: {
      invoke: async (cmd, args) => {
        if (!commands[cmd]) throw `command ${cmd} not found`;
        return structuredClone(await commands[cmd](args || {}));
      },
    },
    event: { listen: async (name, cb) => { (listeners[name] ||= []).push(cb); return () => {}; } },
    window: { getCurrentWindow: () => win },
    clipboardManager: { writeText: async () => {} },
    opener: { openUrl: async (u) => console.log("openUrl", u) },
    dialog: { save: async ({ defaultPath }) => "/home/ada/Documents/" + defaultPath },
  };
  window.__PREVIEW__ = { links, emit, view };

  // &act=type:amount=1500.5;click:create;wait:500 — drive the page before the screenshot.
  const act = params.get("act");
  if (act) {
    window.addEventListener("load", async () => {
      await wait(300);
      for (const step of act.split(";")) {
        const [verb, rest = ""] = step.split(/:(.*)/s);
        if (verb === "wait") await wait(Number(rest));
        else if (verb === "type") {
          const [id, value] = rest.split(/=(.*)/s);
          const el = document.getElementById(id);
          el.focus();
          el.value = value;
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
        } else if (verb === "click") document.getElementById(rest).click();
        else if (verb === "submit") document.getElementById(rest).requestSubmit();
        else if (verb === "focus") document.getElementById(rest).focus();
        else if (verb === "open") (document.getElementById(rest) ?? document.querySelector(rest)).open = true;
        else if (verb === "simulate") {
          const [id, outcome] = rest.split("=");
          await commands.simulate_link({ id: Number(id), outcome });
        }
        await wait(50);
      }
    });
  }
})();
