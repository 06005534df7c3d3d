// The quick amounts on the New sale screen: one button per preset (set in Settings), above the
// form. A button FILLS the form (amount, currency, provider, description); it never creates a
// sale: the person still checks it and presses Create.

import * as api from "../api.js";
import { formatMoney } from "../money.js";
import { prefillValues } from "../newlink.js";
import { h, fill } from "../dom.js";
import { t, l10n } from "../i18n.js";

let ctx;
let onPick;
let bar;

export function init(c, pick) {
  ctx = c;
  onPick = pick;
  bar = h("nav", { id: "quick-amounts", class: "quick-amounts", ...l10n("quick-bar"), hidden: true });
  document.querySelector("#new-screen .new-layout").before(bar);
}

/** The form's values for a preset or an earlier sale, in the person's number style. */
export function values(thing) {
  return prefillValues(thing, ctx.style);
}

/** Re-reads the presets (they change in Settings) and draws their buttons. */
export async function show() {
  let list = [];
  try {
    list = await api.listPresets();
  } catch (e) {
    ctx.fail(e);
  }
  bar.hidden = list.length === 0;
  fill(bar, list.map(button));
}

function money(p) {
  try {
    return formatMoney(p.amount_minor, p.currency, ctx.style);
  } catch {
    return `${p.currency} ${p.amount_minor}`;
  }
}

function button(p) {
  const amount = money(p);
  return h(
    "button",
    {
      type: "button",
      class: "btn quick-btn",
      data: { preset: p.id },
      "aria-label": p.description ? t("quick-fill-for", { name: p.name, amount, description: p.description }) : t("quick-fill", { name: p.name, amount }),
      on: { click: () => onPick(p, "preset") },
    },
    h("span", { class: "quick-name", text: p.name }),
    h("span", { class: "quick-amount", text: amount }),
  );
}
