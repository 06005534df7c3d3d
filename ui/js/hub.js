// What the header says about the shop hub, as a pure function of the last sync and the time.

import { t, errorText } from "./i18n.js";

/** Whole seconds, minutes or hours since `iso`, for "Synced 10 s ago". */
export function ago(iso, now = Date.now()) {
  const at = Date.parse(iso ?? "");
  if (!Number.isFinite(at)) return null;
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return t("hub-ago-s", { n: s });
  if (s < 3600) return t("hub-ago-min", { n: Math.floor(s / 60) });
  return t("hub-ago-h", { n: Math.floor(s / 3600) });
}

/**
 * The header's words: null without a hub; "Synced 10 s ago"; "Offline — 3 waiting" when the last
 * sync failed (the reason goes in the title).
 */
/** Why the last sync failed, in the window's language (the core's `error_l10n`), else its English words. */
export function hubError(view) {
  if (view?.error_l10n?.id) return errorText({ ...view.error_l10n, message: view.error ?? "" });
  return view?.error ?? "";
}

export function hubText(view, now = Date.now()) {
  if (!view?.configured) return null;
  const waiting = view.waiting ?? 0;
  if (!view.ok) return { text: t("hub-offline", { waiting }), tone: "warn", title: hubError(view) };
  const when = ago(view.last_pull, now);
  const text = when ? t("hub-synced-ago", { when }) : t("hub-synced");
  return { text: waiting ? t("hub-waiting", { synced: text, waiting }) : text, tone: "ok", title: "" };
}
