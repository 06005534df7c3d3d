// Hash routes: #/new, #/link/12, #/history, #/settings. No DOM here.

export const SCREENS = ["new", "link", "history", "settings"];

/** "#/link/12" → {name: "link", id: 12}; anything unknown → {name: "new"}. */
export function parseRoute(hash) {
  const parts = String(hash ?? "").replace(/^#\/?/, "").split("/").filter(Boolean);
  const name = parts[0];
  if (name === "link") {
    const id = Number(parts[1]);
    return Number.isInteger(id) && id > 0 ? { name, id } : { name: "history" };
  }
  return SCREENS.includes(name) ? { name } : { name: "new" };
}

export function hrefFor(name, id) {
  return name === "link" ? `#/link/${id}` : `#/${name}`;
}
