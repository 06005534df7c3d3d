// The shop hub: the header's "Synced 10 s ago" / "Offline — 3 waiting" (from the app's
// background sync), and its card in Settings (the address goes in, never comes back).

import * as api from "../api.js";
import { hubText } from "../hub.js";
import { say, busy } from "../dom.js";

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
    const state = s.configured
      ? `Set up (from the ${s.source}). This till: ${s.till_name}. ${s.waiting} change(s) waiting to be sent.`
      : `Not set up. This till: ${s.till_name}.`;
    say(el("hub-state"), state);
  } catch (e) {
    say(el("hub-state"), e.message);
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
        say(el("hub-note"), "Saved in the keyring. Set up the hub once per shop, then this till syncs by itself.");
        await renderCard();
      } catch (e) {
        say(el("hub-url-error"), e.message);
      }
    });
  });
  el("hub-init").addEventListener("click", (e) =>
    busy(e.currentTarget, async () => {
      try {
        const v = await api.hubInit();
        say(el("hub-note"), `The hub is set up (schema ${v}).`);
      } catch (err) {
        say(el("hub-note"), err.message);
      }
    }),
  );
  el("hub-sync").addEventListener("click", (e) =>
    busy(e.currentTarget, async () => {
      try {
        last = await api.syncNow();
        renderHeader();
        say(el("hub-note"), last ? (last.ok ? "Synced." : last.error) : "No hub is set up.");
        await renderCard();
      } catch (err) {
        say(el("hub-note"), err.message);
      }
    }),
  );
}

export const refreshCard = renderCard;
