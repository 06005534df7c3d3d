//! The day's totals: one row per sale made in the window, with the sale's status worked out as
//! [`crate::sale::status_of`] does, added up here per provider, currency and mode.
//!
//! Why the adding is in Rust and not a `GROUP BY`: SQLite groups by sorting every row first, and
//! at a year of a million-sale history (525,600 sales) that sort alone took ~0.45 s of CPU. Each
//! sale's status and provider are kept on its row (`standing.rs`), so the window is one range of
//! the `sales_day` index, which covers all that is read; what was given back is read only for
//! partially refunded sales, and the rows are added into a small map as they stream. Goal at
//! 1,000,000 sales: a day < 50 ms, a year < 500 ms (benches/day_totals.rs).

use super::rows::{parse_time, time_text};
use crate::report::{DaySale, EarlierRefund, PaidSale, RefundedSale, SaleMode, TotalsRow};
use crate::i18n::Msg;
use crate::Error;
use crate::Result;
use chrono::{DateTime, Utc};
use rusqlite::types::Type;
use rusqlite::{params, Connection, Row};
use std::collections::HashMap;

/// Each sale of the window: its current attempt's provider, its currency, mode and amount, its
/// status as [`crate::sale::status_of`] says (creating and unknown kept as open: `standing.rs`),
/// and its id. A sale not yet given its first attempt is not counted.
pub(super) const PER_SALE: &str = "
SELECT s.day_provider, s.currency, s.mode, s.amount_minor, s.day_status, s.id
  FROM sales s
 WHERE s.created_at >= ?1 AND s.created_at < ?2 AND s.day_provider IS NOT NULL";

/// What a partially refunded sale gave back: the sum of its paid attempts' processed refunds. A
/// wholly refunded attempt beside them (the second payment of a sale paid twice) gave back a
/// payment the totals never counted, so it is left out.
const GIVEN_BACK: &str = "SELECT coalesce(sum(refunded_minor), 0) FROM links WHERE sale_id = ?1 AND status IN ('paid', 'partially_refunded')";

/// Sums of one provider × currency × mode. `i64` sums are checked: money never wraps.
#[derive(Default)]
struct Sums {
    paid_count: u64,
    paid_minor: i64,
    open_count: u64,
    failed_count: u64,
    expired_count: u64,
    cancelled_count: u64,
    refunded_count: u64,
    refunded_minor: i64,
    net_minor: i64,
}

/// A text column, borrowed from the row (no copy per sale).
fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

fn add(total: &mut i64, amount: i64) -> rusqlite::Result<()> {
    *total = total.checked_add(amount).ok_or(rusqlite::Error::IntegralValueOutOfRange(3, amount))?;
    Ok(())
}

pub(super) fn totals(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<TotalsRow>> {
    let mut stmt = conn.prepare_cached(PER_SALE)?;
    let mut given_back = conn.prepare_cached(GIVEN_BACK)?;
    let mut rows = stmt.query(params![time_text(from), time_text(to)])?;
    // Keyed by the raw words "provider\0currency\0mode", looked up without allocating; each key
    // is parsed once at the end (a bad word in the history is still an error, as ever).
    let (mut groups, mut all): (HashMap<Vec<u8>, usize>, Vec<Sums>) = (HashMap::new(), Vec::new());
    let mut key: Vec<u8> = Vec::with_capacity(32);
    while let Some(r) = rows.next()? {
        key.clear();
        for (i, col) in [0, 1, 2].into_iter().enumerate() {
            if i > 0 {
                key.push(0);
            }
            key.extend_from_slice(text(r, col)?.as_bytes());
        }
        // One hash lookup a sale: the key gives the index of its sums.
        let at = match groups.get(key.as_slice()) {
            Some(&at) => at,
            None => {
                all.push(Sums::default());
                groups.insert(key.clone(), all.len() - 1);
                all.len() - 1
            }
        };
        let sums = &mut all[at];
        let amount: i64 = r.get(3)?;
        match text(r, 4)? {
            "paid" => {
                sums.paid_count += 1;
                add(&mut sums.paid_minor, amount)?;
                add(&mut sums.net_minor, amount)?;
            }
            "partially_refunded" => {
                // Paid gross, and what was given back apart.
                sums.paid_count += 1;
                add(&mut sums.paid_minor, amount)?;
                sums.refunded_count += 1;
                let back: i64 = given_back.query_row([r.get::<_, i64>(5)?], |g| g.get(0))?;
                add(&mut sums.refunded_minor, back)?;
                add(&mut sums.net_minor, amount.checked_sub(back).ok_or(rusqlite::Error::IntegralValueOutOfRange(3, back))?)?;
            }
            "refunded" => {
                sums.refunded_count += 1;
                add(&mut sums.refunded_minor, amount)?;
            }
            "open" | "creating" | "unknown" => sums.open_count += 1,
            "failed" => sums.failed_count += 1,
            "expired" => sums.expired_count += 1,
            "cancelled" => sums.cancelled_count += 1,
            // A word this paydesk does not know counts in no column, as before.
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    for (key, at) in groups {
        let s = &all[at];
        let text = String::from_utf8_lossy(&key);
        let mut words = text.split('\0');
        let mut next = || words.next().unwrap_or_default().to_string();
        let (provider, currency, mode) = (next(), next(), next());
        out.push(TotalsRow {
            provider: provider.parse()?,
            currency: currency.parse()?,
            mode: SaleMode::parse(&mode)?,
            paid_count: s.paid_count,
            paid_minor: s.paid_minor,
            open_count: s.open_count,
            failed_count: s.failed_count,
            expired_count: s.expired_count,
            cancelled_count: s.cancelled_count,
            refunded_count: s.refunded_count,
            refunded_minor: s.refunded_minor,
            net_minor: s.net_minor,
        });
    }
    Ok(out)
}

/// Each sale made in the window with its current attempt's provider and the attempt that was
/// paid, if one was: the highest rank (partially refunded, then paid, then wholly refunded), as
/// [`crate::sale::status_of`] ranks them.
macro_rules! per_sale {
    () => {
        "
WITH per_sale AS (
    SELECT s.id AS sale_id, s.till_id AS till_id, cur.provider AS provider, s.currency AS currency, s.mode AS mode,
           s.amount_minor AS amount, s.description AS description, s.created_at AS created_at,
           (SELECT o.id FROM links o
             WHERE o.sale_id = s.id AND o.status IN ('refunded', 'partially_refunded', 'paid')
             ORDER BY CASE o.status WHEN 'partially_refunded' THEN 3 WHEN 'paid' THEN 2 ELSE 1 END DESC, o.id
             LIMIT 1) AS best
      FROM sales s JOIN links cur ON cur.id = s.current_link_id
     WHERE s.created_at >= ?1 AND s.created_at < ?2
)"
    };
}

/// The sales [`totals`] counts as paid, each with the attempt that was paid and when it was
/// first seen paid; oldest first.
const PAID: &str = concat!(
    per_sale!(),
    "
SELECT p.sale_id, b.id, p.till_id, p.provider, p.currency, p.mode, p.amount, p.description, b.reference, p.created_at,
       (SELECT min(e.at) FROM status_events e WHERE e.link_id = b.id AND e.to_status = 'paid'),
       (SELECT coalesce(sum(o.refunded_minor), 0) FROM links o WHERE o.sale_id = p.sale_id AND o.status IN ('paid', 'partially_refunded'))
  FROM per_sale p JOIN links b ON b.id = p.best
 WHERE b.status IN ('paid', 'partially_refunded')
 ORDER BY p.created_at, p.sale_id"
);

pub(super) fn paid(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<PaidSale>> {
    let mut stmt = conn.prepare_cached(PAID)?;
    let mut rows = stmt.query(params![time_text(from), time_text(to)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let paid_at: Option<String> = r.get(10)?;
        out.push(PaidSale {
            sale: day_sale(r)?,
            paid_at: paid_at.as_deref().map(parse_time).transpose().map_err(bad_time)?,
            refunded_minor: r.get(11)?,
        });
    }
    Ok(out)
}

/// "The history holds a time it cannot read."
fn bad_time(e: chrono::ParseError) -> Error {
    Error::conflict(Msg::new("error-sale-unreadable-time").text("detail", e.to_string()))
}

/// The first ten columns both lists select: the sale, its paid attempt and its reference.
fn day_sale(r: &Row<'_>) -> Result<DaySale> {
    Ok(DaySale {
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
    })
}

/// The sales [`totals`] counts as refunded, with what they gave back as it counts it, and when
/// the history last saw them refunded (for a refund made on the provider's dashboard); oldest
/// first.
const REFUNDED: &str = concat!(
    per_sale!(),
    "
SELECT p.sale_id, b.id, p.till_id, p.provider, p.currency, p.mode, p.amount, p.description, b.reference, p.created_at,
       b.status = 'refunded',
       (SELECT coalesce(sum(o.refunded_minor), 0) FROM links o WHERE o.sale_id = p.sale_id AND o.status IN ('paid', 'partially_refunded')),
       (SELECT max(e.at) FROM status_events e JOIN links o ON o.id = e.link_id
         WHERE o.sale_id = p.sale_id AND e.to_status IN ('refunded', 'partially_refunded')
           AND (o.status != 'refunded' OR b.status = 'refunded'))
  FROM per_sale p JOIN links b ON b.id = p.best
 WHERE b.status IN ('refunded', 'partially_refunded')
 ORDER BY p.created_at, p.sale_id"
);

/// A sale's processed refunds, oldest first: their reasons and when each was settled. Those of a
/// wholly refunded attempt only when the sale is (`?2`): beside a paid one, that attempt was the
/// second payment of a sale paid twice, given back, and not this sale's refund.
const PROCESSED: &str = "
SELECT r.reason, r.updated_at FROM refunds r JOIN links o ON o.id = r.link_id
 WHERE o.sale_id = ?1 AND r.state = 'processed' AND (o.status != 'refunded' OR ?2)
 ORDER BY r.id";

pub(super) fn refunded(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<RefundedSale>> {
    let mut stmt = conn.prepare_cached(REFUNDED)?;
    let mut processed = conn.prepare_cached(PROCESSED)?;
    let mut rows = stmt.query(params![time_text(from), time_text(to)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let sale = day_sale(r)?;
        let whole: bool = r.get(10)?;
        let seen: Option<String> = r.get(12)?;
        let (mut reasons, mut settled) = (Vec::<String>::new(), None::<String>);
        let mut each = processed.query(params![sale.sale_id, whole])?;
        while let Some(p) = each.next()? {
            if let Some(reason) = p.get::<_, Option<String>>(0)?.filter(|w| !w.trim().is_empty()) {
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
            let at: String = p.get(1)?;
            if settled.as_ref().is_none_or(|s| at > *s) {
                settled = Some(at);
            }
        }
        out.push(RefundedSale {
            // As the totals count it: a wholly refunded sale gave back all it was.
            refunded_minor: if whole { sale.amount_minor } else { r.get(11)? },
            whole,
            // The later of the two: a part given back here, the rest on the provider's dashboard.
            refunded_at: settled.into_iter().chain(seen).max().as_deref().map(parse_time).transpose().map_err(bad_time)?,
            reasons,
            sale,
        });
    }
    Ok(out)
}

/// Refunds processed in the window of sales made before it: the sale (as [`day_sale`] reads it,
/// with the refunded attempt's provider and reference: this list feeds no total, and a failover's
/// current attempt may not be the one refunded), then the refund's reference, amount, reason and
/// time.
/// The refunds table is small beside the sales; it is read whole, without an index.
/// Then the attempts a verify on this till saw wholly refunded in the window with no refund of ours
/// behind it (given back on the provider's side, its dashboard): what their processed refunds had
/// left, at the time the verify saw it, with no reference or reason of ours. Not from the shop
/// hub's events (`from_hub`): refunds are not shared, so another till's refund would look like
/// the provider's. Not while a refund of ours is still being sent or processed: a verify saves
/// the provider's word before it reads that refund again, so ours would pass for the provider's
/// until it settles. They are found from the refunded attempts (`links_status_id`), each one's
/// events through `status_events_link`.
const EARLIER: &str = "
SELECT s.id, o.id, s.till_id, o.provider, s.currency, s.mode, s.amount_minor, s.description, o.reference, s.created_at,
       r.reference, r.amount_minor, r.reason, r.updated_at AS at, r.id AS n
  FROM refunds r JOIN links o ON o.id = r.link_id JOIN sales s ON s.id = o.sale_id
 WHERE r.state = 'processed' AND r.updated_at >= ?1 AND r.updated_at < ?2 AND s.created_at < ?1
UNION ALL
SELECT * FROM (
  SELECT s.id, o.id, s.till_id, o.provider, s.currency, s.mode, s.amount_minor, s.description, o.reference, s.created_at,
         NULL, o.amount_minor - (SELECT coalesce(sum(p.amount_minor), 0) FROM refunds p WHERE p.link_id = o.id AND p.state = 'processed') AS left_minor,
         NULL,
         (SELECT max(e.at) FROM status_events e WHERE e.link_id = o.id AND e.to_status = 'refunded' AND e.refund_id IS NULL AND e.from_hub = 0) AS seen,
         o.id
    FROM links o JOIN sales s ON s.id = o.sale_id
   WHERE o.status = 'refunded' AND s.created_at < ?1
     AND NOT EXISTS (SELECT 1 FROM refunds q WHERE q.link_id = o.id AND q.state IN ('sending', 'pending')))
 WHERE seen >= ?1 AND seen < ?2 AND left_minor > 0
 ORDER BY at, n";

pub(super) fn earlier(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>, day_of: &dyn Fn(DateTime<Utc>) -> chrono::NaiveDate) -> Result<Vec<EarlierRefund>> {
    let mut stmt = conn.prepare_cached(EARLIER)?;
    let mut rows = stmt.query(params![time_text(from), time_text(to)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let sale = day_sale(r)?;
        out.push(EarlierRefund {
            sale_day: day_of(sale.created_at),
            sale,
            refund_reference: r.get(10)?,
            refunded_minor: r.get(11)?,
            reason: r.get::<_, Option<String>>(12)?.filter(|w| !w.trim().is_empty()),
            refunded_at: parse_time(&r.get::<_, String>(13)?).map_err(bad_time)?,
        });
    }
    Ok(out)
}
