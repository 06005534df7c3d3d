// The shop's day as numbers to draw: days of a range, each currency's daily paid series, the
// chart's scale and ticks, and the rows of its screen-reader table. No DOM here. Money stays in
// integer minor units (BigInt) throughout; only pixel positions are plain numbers.

import { currencyDigits } from "./money.js";

export const MODES = Object.freeze(["live", "test", "training"]);

/** "2024-03-05" → the n ISO days ending on it, oldest first (calendar days, no time zone). */
export function daysEnding(iso, n) {
  const [y, m, d] = String(iso).split("-").map(Number);
  const out = [];
  for (let i = n - 1; i >= 0; i--) {
    const t = new Date(Date.UTC(y, m - 1, d - i));
    out.push(t.toISOString().slice(0, 10));
  }
  return out;
}

/** `report_day` rows grouped by mode, live first; modes with no row left out. */
export function byMode(rows) {
  return MODES.map((mode) => ({ mode, rows: (rows ?? []).filter((r) => r.mode === mode) })).filter((g) => g.rows.length);
}

/**
 * What the shop keeps of one mode's rows, per currency, summed over providers (one currency, so
 * the sum means something): [{currency, minor: BigInt}] in the order the rows come. A currency
 * nothing was paid or refunded in (only sales still waiting, or failed) has nothing to say.
 */
export function keptByCurrency(rows) {
  const sums = new Map();
  for (const r of rows ?? []) {
    const moved = Number(r.paid_count) > 0 || Number(r.refunded_count) > 0;
    const was = sums.get(r.currency) ?? { minor: 0n, moved: false };
    sums.set(r.currency, { minor: was.minor + BigInt(r.net_minor), moved: was.moved || moved });
  }
  return [...sums].filter(([, s]) => s.moved).map(([currency, s]) => ({ currency, minor: s.minor }));
}

/** The currencies live sales were paid in over `days` ([{date, rows}]), most paid days first, then by code. */
export function chartCurrencies(days) {
  const seen = new Map();
  for (const day of days) {
    for (const r of day.rows ?? []) {
      if (r.mode !== "live") continue;
      seen.set(r.currency, (seen.get(r.currency) ?? 0) + (BigInt(r.paid_minor) > 0n ? 1 : 0));
    }
  }
  return [...seen.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
}

/**
 * One currency's live paid total per day: [{date, minor: BigInt, count}], summed over providers
 * (one currency, so the sum means something). Test and training never count.
 */
export function dailySeries(days, currency) {
  return days.map((day) => {
    let minor = 0n;
    let count = 0;
    for (const r of day.rows ?? []) {
      if (r.mode !== "live" || r.currency !== currency) continue;
      minor += BigInt(r.paid_minor);
      count += Number(r.paid_count);
    }
    return { date: day.date, minor, count };
  });
}

/**
 * The chart's axis, in minor units: a round step of whole major units (1, 2 or 5 × 10^k, or
 * 25 × 10^k from 25 up) that reaches the largest day in at most five steps, and the top it ends
 * at — NGN 2,000.50 gets 0 to 2,500 by 500 (a top of 1, 2 or 5 × 10^k alone had put it at 5,000,
 * quartered into 1,250s). An empty month still has an axis of one major unit.
 */
export function niceAxis(maxMinor, currency) {
  const unit = 10n ** BigInt(currencyDigits(currency));
  const max = BigInt(maxMinor) > 0n ? BigInt(maxMinor) : unit;
  for (let k = 1n; ; k *= 10n) {
    for (const m of k >= 10n ? [10n, 20n, 25n, 50n] : [1n, 2n, 5n]) {
      const step = (m * k * unit) / (k >= 10n ? 10n : 1n);
      const steps = (max + step - 1n) / step;
      if (steps <= 5n) return { step, top: steps * step };
    }
  }
}

/** `{top, ticks, y}`: the axis top (minor units), its ticks from 0 by a round step, and y(minor) → pixels from the bottom of `height`. */
export function scale(series, currency, height) {
  const max = series.reduce((m, p) => (p.minor > m ? p.minor : m), 0n);
  const { step, top } = niceAxis(max, currency);
  const ticks = [];
  for (let v = 0n; v <= top; v += step) ticks.push(v);
  // Pixels only: the BigInt quotient (rounded down) is a screen position, never money.
  const y = (minor) => Number((BigInt(minor) * BigInt(Math.round(height * 100))) / top) / 100;
  return { top, ticks, y };
}

/** Bars for `series` in a `width` × `height` plot: [{x, w, h, date, minor}]. */
export function bars(series, currency, width, height) {
  const { y } = scale(series, currency, height);
  const slot = width / Math.max(1, series.length);
  const w = Math.max(1, slot * 0.7);
  return series.map((p, i) => ({ x: i * slot + (slot - w) / 2, w, h: y(p.minor), date: p.date, minor: p.minor }));
}

/** Sum of `paid_minor` (BigInt) over rows of one currency and mode; throws if asked to mix currencies. */
export function paidTotal(rows, currency, mode) {
  return rows.filter((r) => r.currency === currency && r.mode === mode).reduce((s, r) => s + BigInt(r.paid_minor), 0n);
}
