//! The day's totals in one query: one row per sale made in the window, with the sale's status
//! worked out as [`crate::sale::status_of`] does, then grouped by provider, currency and mode.
//! Served by `sales_created` (the window) and `links_sale_status` (each sale's best attempt).

use super::rows::{parse_time, time_text};
use crate::report::{PaidSale, SaleMode, TotalsRow};
use crate::Error;
use crate::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

/// `per_sale`: each sale's provider (its current attempt's), currency, mode, amount and status.
/// A paid or refunded attempt wins over the current one, refunded above partially refunded above
/// paid (the merge rank); otherwise the current attempt's status stands. Paid counts gross (a
/// partially refunded sale was paid); what was given back is counted apart: a whole refund's
/// amount, or the sum of the partial refunds. `sum()` over integers stays an integer in SQLite
/// (and fails on overflow rather than rounding): money is never a float.
const TOTALS: &str = "
WITH per_sale AS (
    SELECT cur.provider AS provider, s.currency AS currency, s.mode AS mode, s.amount_minor AS amount,
           CASE (SELECT max(CASE o.status WHEN 'refunded' THEN 3 WHEN 'partially_refunded' THEN 2 WHEN 'paid' THEN 1 ELSE 0 END)
                   FROM links o WHERE o.sale_id = s.id)
               WHEN 3 THEN 'refunded'
               WHEN 2 THEN 'partially_refunded'
               WHEN 1 THEN 'paid'
               ELSE cur.status
           END AS status,
           (SELECT coalesce(sum(o.refunded_minor), 0) FROM links o WHERE o.sale_id = s.id) AS given_back
      FROM sales s JOIN links cur ON cur.id = s.current_link_id
     WHERE s.created_at >= ?1 AND s.created_at < ?2
)
SELECT provider, currency, mode,
       sum(status IN ('paid', 'partially_refunded')),
       sum(CASE WHEN status IN ('paid', 'partially_refunded') THEN amount ELSE 0 END),
       sum(status IN ('open', 'creating', 'unknown')),
       sum(status = 'failed'),
       sum(status = 'expired'),
       sum(status = 'cancelled'),
       sum(status IN ('refunded', 'partially_refunded')),
       sum(CASE WHEN status = 'refunded' THEN amount WHEN status = 'partially_refunded' THEN given_back ELSE 0 END)
  FROM per_sale
 GROUP BY provider, currency, mode";

pub(super) fn totals(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<TotalsRow>> {
    let mut stmt = conn.prepare_cached(TOTALS)?;
    let mut rows = stmt.query(params![time_text(from), time_text(to)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let count = |i: usize| -> rusqlite::Result<u64> { Ok(r.get::<_, i64>(i)?.max(0) as u64) };
        out.push(TotalsRow {
            provider: r.get::<_, String>(0)?.parse()?,
            currency: r.get::<_, String>(1)?.parse()?,
            mode: SaleMode::parse(&r.get::<_, String>(2)?)?,
            paid_count: count(3)?,
            paid_minor: r.get(4)?,
            open_count: count(5)?,
            failed_count: count(6)?,
            expired_count: count(7)?,
            cancelled_count: count(8)?,
            refunded_count: count(9)?,
            refunded_minor: r.get(10)?,
        });
    }
    Ok(out)
}

/// The sales [`TOTALS`] counts as paid, each with the attempt that was paid (the highest rank,
/// as there) and when it was first seen paid; oldest first.
const PAID: &str = "
WITH per_sale AS (
    SELECT s.id AS sale_id, s.till_id AS till_id, cur.provider AS provider, s.currency AS currency, s.mode AS mode,
           s.amount_minor AS amount, s.description AS description, s.created_at AS created_at,
           (SELECT o.id FROM links o
             WHERE o.sale_id = s.id AND o.status IN ('refunded', 'partially_refunded', 'paid')
             ORDER BY CASE o.status WHEN 'refunded' THEN 3 WHEN 'partially_refunded' THEN 2 ELSE 1 END DESC, o.id
             LIMIT 1) AS best
      FROM sales s JOIN links cur ON cur.id = s.current_link_id
     WHERE s.created_at >= ?1 AND s.created_at < ?2
)
SELECT p.sale_id, b.id, p.till_id, p.provider, p.currency, p.mode, p.amount, p.description, b.reference, p.created_at,
       (SELECT min(e.at) FROM status_events e WHERE e.link_id = b.id AND e.to_status = 'paid'),
       (SELECT coalesce(sum(o.refunded_minor), 0) FROM links o WHERE o.sale_id = p.sale_id)
  FROM per_sale p JOIN links b ON b.id = p.best
 WHERE b.status IN ('paid', 'partially_refunded')
 ORDER BY p.created_at, p.sale_id";

pub(super) fn paid(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<PaidSale>> {
    let bad_time = |e: chrono::ParseError| Error::Conflict(format!("A sale has an unreadable time in the history: {e}"));
    let mut stmt = conn.prepare_cached(PAID)?;
    let mut rows = stmt.query(params![time_text(from), time_text(to)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let paid_at: Option<String> = r.get(10)?;
        out.push(PaidSale {
            sale_id: r.get(0)?,
            link_id: r.get(1)?,
            till_id: r.get(2)?,
            provider: r.get::<_, String>(3)?.parse()?,
            currency: r.get::<_, String>(4)?.parse()?,
            mode: SaleMode::parse(&r.get::<_, String>(5)?)?,
            amount_minor: r.get(6)?,
            description: r.get(7)?,
            reference: r.get(8)?,
            created_at: parse_time(&r.get::<_, String>(9)?).map_err(bad_time)?,
            paid_at: paid_at.as_deref().map(parse_time).transpose().map_err(bad_time)?,
            refunded_minor: r.get(11)?,
        });
    }
    Ok(out)
}
