// The duplicate-payment guard on the New-sale form: the core refused a create as a likely
// duplicate of a link made moments ago. The owner sees that link (amount, customer, when, its
// status) and chooses: show it, or make a new one anyway. Nothing was recorded, so the form
// keeps what was typed until they choose.

import * as api from "../api.js";
import { duplicateSummary } from "../sale.js";
import { clockTime } from "../format.js";
import { h, fill, say } from "../dom.js";
import { t, errorText } from "../i18n.js";

const el = (id) => document.getElementById(id);
let ctx;
let earlier = null;
let again = null;

/** `onShow(id)` shows the earlier link; `onAgain()` re-sends the same create with `again: true`. */
export function init(c, { onShow, onAgain }) {
  ctx = c;
  el("duplicate-show").addEventListener("click", () => earlier && onShow(earlier));
  el("duplicate-again").addEventListener("click", () => again?.());
  again = onAgain;
}

/** Shows the guard for the AppError `e` (kind `duplicate`, `e.link` the earlier link). */
export async function show(e) {
  earlier = e.link;
  // The window's own sentence, with the time as its locale writes it; the core's words (which
  // name the link by number, for a terminal) only if it sent no time.
  const at = clockTime(e.args?.made, ctx.locale);
  say(el("duplicate-message"), at ? t("new-duplicate-lead", { ...e.args, at }) : errorText(e));
  fill(el("duplicate-earlier"));
  el("duplicate-box").hidden = false;
  el("duplicate-title").focus({ preventScroll: true });
  inView();
  if (!earlier) return;
  try {
    const v = await api.getLink(earlier);
    if (earlier !== v.link.id) return;
    const rows = duplicateSummary(v, { style: ctx.style, locale: ctx.locale });
    fill(el("duplicate-earlier"), rows.map(([k, val]) => [h("dt", { text: k }), h("dd", { text: val })]));
    inView();
  } catch {
    // the core's message already says when and its status; the rows are a help, not a must
  }
}

/** The whole question in the window, its two answers included (the focus alone scrolled only
 * its heading into view, and the earlier sale's rows arrive after it). */
function inView() {
  el("duplicate-box").scrollIntoView({ block: "nearest" });
}

export function hide() {
  earlier = null;
  el("duplicate-box").hidden = true;
  fill(el("duplicate-earlier"));
}

export const isShown = () => !el("duplicate-box").hidden;
