// History filters → the `LinkQuery` the core takes (docs/ipc.md). No DOM here.

export const PAGE_SIZE = 50;

const STATUSES = ["creating", "open", "paid", "failed", "expired", "cancelled", "partially_refunded", "refunded", "unknown"];
const MODES = ["test", "live"];

/** Filters as the screen holds them: "" means "all". */
export function emptyFilters() {
  return { status: "", provider: "", mode: "", search: "" };
}

/** The query for one page: only the filters that are set, search trimmed, newest first by `beforeId`. */
export function toQuery(filters, { beforeId = null, limit = PAGE_SIZE } = {}) {
  const q = {};
  const f = filters ?? {};
  if (STATUSES.includes(f.status)) q.status = f.status;
  if (typeof f.provider === "string" && /^[a-z0-9_-]+$/.test(f.provider)) q.provider = f.provider;
  if (MODES.includes(f.mode)) q.mode = f.mode;
  const search = String(f.search ?? "").trim().replace(/\s+/g, " ");
  if (search) q.search = search;
  if (beforeId !== null && beforeId !== undefined) q.beforeId = Number(beforeId);
  if (limit !== null && limit !== undefined) q.limit = limit;
  return q;
}

/** The query for "Export CSV": the same filters, every row (no paging). */
export function exportQuery(filters) {
  return toQuery(filters, { beforeId: null, limit: null });
}

/** Whether any filter narrows the list (for "no match" versus "no links yet"). */
export function isFiltered(filters) {
  const q = toQuery(filters, { limit: null });
  return Object.keys(q).length > 0;
}

/** Calls `fn` once `ms` after the last call; `timers` injectable for tests. */
export function debounce(fn, ms, timers = globalThis) {
  let t = null;
  const d = (...args) => {
    if (t !== null) timers.clearTimeout(t);
    t = timers.setTimeout(() => {
      t = null;
      fn(...args);
    }, ms);
  };
  d.cancel = () => {
    if (t !== null) timers.clearTimeout(t);
    t = null;
  };
  return d;
}
