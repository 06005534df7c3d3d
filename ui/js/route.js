// Hash routes: #/new, #/link/12, #/history, #/settings, #/today[/2024-03-05], #/zreport[/2024-03-05],
// #/receipt/12. No DOM here.

export const SCREENS = ["new", "link", "history", "settings", "today", "zreport", "receipt"];

/** "#/link/12" → {name: "link", id: 12}; anything unknown → {name: "new"}. */
export function parseRoute(hash) {
  const parts = String(hash ?? "").replace(/^#\/?/, "").split("/").filter(Boolean);
  const name = parts[0];
  if (name === "link" || name === "receipt") {
    const id = Number(parts[1]);
    return Number.isInteger(id) && id > 0 ? { name, id } : { name: "history" };
  }
  if (name === "zreport" || name === "today") return /^\d{4}-\d{2}-\d{2}$/.test(parts[1] ?? "") ? { name, date: parts[1] } : { name };
  return SCREENS.includes(name) ? { name } : { name: "new" };
}

export function hrefFor(name, id) {
  return id !== undefined && id !== null && ["link", "receipt", "zreport", "today"].includes(name) ? `#/${name}/${id}` : `#/${name}`;
}
