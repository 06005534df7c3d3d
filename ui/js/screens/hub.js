// The shop hub: the header's "Synced 10 s ago" / "Offline — 3 waiting" (from the app's
// background sync), and its card in Settings (the address goes in, never comes back).

import * as api from "../api.js";
import { hubText, hubError } from "../hub.js";
import { say, busy } from "../dom.js";
import { tillLabel } from "../format.js";
import { t, errorText } from "../i18n.js";

const el = (id) => document.getElementById(id);
let last = null;

function renderHeader() {
  const said = hubText(last);
  const out = el("hub-status");
  out.hidden = !said;
  if (!said) return;
  out.textContent = said.text;
  out.title = said.title;
  out.dataset.tone = said.tone;
}

async function renderCard() {
  try {
    const s = await api.hubStatus();
    const state = s.configured ? t("hub-card-set", { source: s.source, till: tillLabel(s.till_name), waiting: s.waiting }) : t("hub-card-not-set", { till: tillLabel(s.till_name) });
    say(el("hub-state"), state);
  } catch (e) {
    say(el("hub-state"), errorText(e));
  }
}

export function init() {
  api.listen("hub-status", (view) => {
    last = view;
    renderHeader();
  });
  setInterval(renderHeader, 5_000);
  el("hub-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(el("hub-save"), async () => {
      say(el("hub-url-error"), "");
      try {
        await api.setHubUrl(el("hub-url").value);
        el("hub-url").value = "";
        say(el("hub-note"), t("hub-saved"));
        await renderCard();
      } catch (e) {
        say(el("hub-url-error"), errorText(e));
      }
    });
  });
  el("hub-init").addEventListener("click", (e) =>
    busy(e.currentTarget, async () => {
      try {
        const v = await api.hubInit();
        say(el("hub-note"), t("hub-init-done", { version: v }));
      } catch (err) {
        say(el("hub-note"), errorText(err));
      }
    }),
  );
  el("hub-sync").addEventListener("click", (e) =>
    busy(e.currentTarget, async () => {
      try {
        last = await api.syncNow();
        renderHeader();
        say(el("hub-note"), last ? (last.ok ? t("hub-sync-done") : hubError(last)) : t("hub-none"));
        await renderCard();
      } catch (err) {
        say(el("hub-note"), errorText(err));
      }
    }),
  );
}

export const refreshCard = renderCard;
