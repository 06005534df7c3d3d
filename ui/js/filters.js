// History filters → the `LinkQuery` the core takes (docs/ipc.md). No DOM here.

import { t } from "./i18n.js";
import { tillLabel } from "./format.js";

export const PAGE_SIZE = 50;

const STATUSES = ["creating", "open", "paid", "failed", "expired", "cancelled", "partially_refunded", "refunded", "unknown"];
const MODES = ["test", "live"];

/** Filters as the screen holds them: "" means "all". */
export function emptyFilters() {
  return { status: "", provider: "", mode: "", till: "", search: "" };
}

/** The query for one page: only the filters that are set, search trimmed, newest first by `beforeId`. */
export function toQuery(filters, { beforeId = null, limit = PAGE_SIZE } = {}) {
  const q = {};
  const f = filters ?? {};
  if (STATUSES.includes(f.status)) q.status = f.status;
  if (typeof f.provider === "string" && /^[a-z0-9_-]+$/.test(f.provider)) q.provider = f.provider;
  if (MODES.includes(f.mode)) q.mode = f.mode;
  if (typeof f.till === "string" && /^[A-Za-z0-9_-]+$/.test(f.till)) q.till = f.till;
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

/** Whether the history has several tills: only then is a till filter, and each row's till, shown. */
export function severalTills(tills) {
  return Array.isArray(tills) && tills.length > 1;
}

/**
 * The till filter's options (`[{ value, label }]`, "All tills" first, this till next), or `[]`
 * when there is one till. `selected` (a till id) stays chosen only while that till is listed.
 */
export function tillOptions(tills, selected = "") {
  if (!severalTills(tills)) return [];
  const known = tills.some((x) => x.id === selected);
  return [
    { value: "", label: t("filter-all-tills"), selected: !known },
    ...tills.map((till) => ({ value: till.id, label: till.this ? t("filter-this-till", { name: tillLabel(till.name) }) : tillLabel(till.name), selected: known && till.id === selected })),
  ];
}

/** The name of the till that made `link` (the core fills `till`; else the page's list names it). */
export function tillName(link, tills) {
  if (link?.till) return tillLabel(link.till);
  return tillLabel((tills ?? []).find((x) => x.id === link?.till_id)?.name ?? "");
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
