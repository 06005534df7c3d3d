// What the header says about the shop hub, as a pure function of the last sync and the time.

/** Whole seconds, minutes or hours since `iso`, for "Synced 10 s ago". */
export function ago(iso, now = Date.now()) {
  const t = Date.parse(iso ?? "");
  if (!Number.isFinite(t)) return null;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}

/**
 * The header's words: null without a hub; "Synced 10 s ago"; "Offline — 3 waiting" when the last
 * sync failed (the reason goes in the title).
 */
export function hubText(view, now = Date.now()) {
  if (!view?.configured) return null;
  const waiting = view.waiting ?? 0;
  if (!view.ok) return { text: `Offline — ${waiting} waiting`, tone: "warn", title: view.error ?? "" };
  const when = ago(view.last_pull, now);
  const text = when ? `Synced ${when} ago` : "Synced";
  return { text: waiting ? `${text} · ${waiting} waiting` : text, tone: "ok", title: "" };
}
