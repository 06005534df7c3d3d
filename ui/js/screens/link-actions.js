// The provider's own actions on a link, offered only where the provider has them (its
// `share` and `cancel` capabilities), and otherwise explained: e-mail through the provider
// (Payroc) with the history of what was sent, and cancel (Dojo, Payroc) with a second click to
// confirm, since a cancelled link can never be paid.

import * as api from "../api.js";
import { h, fill, say, busy, announce } from "../dom.js";
import { isPending } from "../watch.js";
import { dateTime } from "../format.js";
import { t, errorText } from "../i18n.js";

const el = (id) => document.getElementById(id);
let ctx;
let view = null;
let onSaved = () => {};
let armed = false;

/** Wires the buttons; `saved(view)` is called with the link after a share or a cancel. */
export function init(c, saved) {
  ctx = c;
  onSaved = saved;
  el("share-form").addEventListener("submit", (e) => {
    e.preventDefault();
    busy(el("share-send"), share);
  });
  el("cancel-link").addEventListener("click", (e) => busy(e.currentTarget, cancel));
}

/** Shows what applies to this link and says why the rest does not. */
export function render(v) {
  if (view?.link.id !== v.link.id) {
    // Another link: nothing typed for the last one may be sent for this one.
    armed = false;
    for (const f of ["to", "name", "message"]) el(`share-${f}`).value = "";
  }
  view = v;
  const link = v.link;
  const p = ctx.provider(link.provider);
  const name = p?.name ?? link.provider;
  const open = isPending(link.status) && Boolean(link.url) && link.status !== "creating";
  el("provider-actions").hidden = !open || link.provider === "training";
  el("share-box").hidden = !p?.share;
  el("share-provider").textContent = name;
  say(el("share-why"), p?.share ? "" : t("share-not-offered", { provider: name }));
  if (!el("share-to").value) el("share-to").value = link.customer_email ?? "";
  el("cancel-link").hidden = !p?.cancel;
  el("cancel-link").textContent = t(armed ? "cancel-link-confirm" : "cancel-link");
  say(el("cancel-why"), p?.cancel ? (armed ? t("cancel-link-why") : "") : t("cancel-link-not-offered", { provider: name }));
  const shares = (v.operations ?? []).filter((o) => o.kind === "share");
  fill(el("share-history"), shares.map(shareLine));
}

function shareLine(o) {
  let to = "";
  try {
    const r = JSON.parse(o.request);
    to = r.name ? `${r.name} <${r.to}>` : r.to;
  } catch {
    to = o.request;
  }
  const state = o.state === "done" ? t("share-sent") : o.state === "failed" ? t("share-failed", { error: o.error ?? "" }) : t("share-sending");
  return h("li", { class: `share-${o.state}` }, `${dateTime(o.created_at, ctx.locale)} — ${to} — ${state}`);
}

async function share() {
  for (const f of ["to", "name", "message"]) say(el(`share-${f}-error`), "");
  say(el("share-error"), "");
  try {
    const v = await api.shareLink(view.link.id, el("share-to").value, el("share-name").value || null, el("share-message").value || null);
    el("share-name").value = "";
    el("share-message").value = "";
    onSaved(v);
    // Its line (sent, or why not) is the answer: below the form, so brought into the window, and
    // said once (the list itself is redrawn at every check of the link, so it is no live region).
    const line = el("share-history").lastElementChild;
    line?.scrollIntoView({ block: "nearest" });
    announce(line?.textContent ?? "");
  } catch (e) {
    const field = e.field === "email" ? "to" : e.field;
    const target = field && el(`share-${field}-error`) ? el(`share-${field}-error`) : el("share-error");
    say(target, errorText(e));
  }
}

async function cancel() {
  if (!armed) {
    armed = true;
    render(view);
    return;
  }
  armed = false;
  try {
    onSaved(await api.cancelLink(view.link.id));
  } catch (e) {
    say(el("cancel-why"), errorText(e));
  }
}
