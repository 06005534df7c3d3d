//! Each sale's standing, kept on its own row for the day's totals: `sales.day_provider` is its
//! current attempt's provider and `sales.day_status` what [`crate::sale::status_of`] says of it
//! (paid, or better, if any attempt was; else the current attempt's status) as the totals count
//! it: `creating` and `unknown` are counted as `open`, so the one status change every new link
//! makes (creating to open, once the provider answers) leaves the sale's row alone. Both are NULL
//! while the sale has no current attempt of its own (the totals do not count it).
//!
//! Why: the shop's day reads every sale of its window. Working each sale's status out from its
//! links took, for a year of a million-sale history (525,119 sales), a primary-key read of the
//! current attempt and a seek for the best one per sale: 507–551 ms (median of 5) on a 2-core
//! Xeon, over the 500 ms goal (benches/day_totals.rs). With the standing on the row, the
//! `sales_day` index covers everything the totals read, and a year is one range of one index.
//!
//! Why not triggers: they were measured (commit 30dae86). SQLite parses every trigger when a
//! process opens the history and compiles it into each statement that may fire one, and
//! `paydesk link create` ran 1.4 M instructions more and ~5 % slower. So the Rust that writes a
//! sale's current attempt or an attempt's status keeps it in the same transaction:
//! `links::insert_link_row` ([`NEW_CURRENT`]), `links::save_in` and the hub's `outbox::apply`
//! ([`refresh`]). Tests check every sale's standing whenever a test's store is dropped
//! (`SqliteStore`'s `Drop` under `cfg(test)`).

use crate::link::LinkStatus;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// Above this many sales, filling the standing is announced (about 4 s a million).
const ANNOUNCE_ABOVE: i64 = 20_000;

/// The paid status that says what one sale is (its id is the SQL the literals make), or NULL:
/// partly refunded, then paid, then wholly refunded, as [`crate::sale::status_of`] ranks them (a
/// sale paid twice whose second payment was given back is paid). `links_sale_status` finds the
/// sale's few paid attempts.
macro_rules! best_paid {
    ($($sale_id:literal),+) => {
        concat!(
            "(SELECT o.status FROM links o WHERE o.sale_id = ",
            $($sale_id),+,
            " AND o.status IN ('paid', 'partially_refunded', 'refunded') \
             ORDER BY CASE o.status WHEN 'partially_refunded' THEN 3 WHEN 'paid' THEN 2 ELSE 1 END DESC LIMIT 1)"
        )
    };
}

/// The status sale `{sale}` is counted as, from its current attempt `c`: its best paid one, else
/// the current one's, creating and unknown counted as open.
macro_rules! counted_as {
    ($sale:literal) => {
        concat!(
            "coalesce(",
            best_paid!($sale, ".id"),
            ", CASE WHEN c.status IN ('creating', 'unknown') THEN 'open' ELSE c.status END)"
        )
    };
}

/// A sale's provider and status for the day.
type Pair = (Option<String>, Option<String>);

/// What is kept and what it should be, for one sale (NULLs when it has no current attempt of its own).
const READ: &str = concat!(
    "SELECT s.day_provider, s.day_status, c.provider, CASE WHEN c.id IS NULL THEN NULL ELSE ",
    counted_as!("s"),
    " END FROM sales s LEFT JOIN links c ON c.id = s.current_link_id AND c.sale_id = s.id WHERE s.id = ?1"
);

/// Brings the kept standing of `sale_id` up to date, writing the row only when it changed (a
/// write would add the sale's pages to the transaction). Call it, in the same transaction, after
/// writing a sale's current attempt or an attempt's status.
pub(super) fn refresh(conn: &Connection, sale_id: i64) -> Result<()> {
    let Some((kept, now)) = read(conn, sale_id)? else { return Ok(()) };
    if kept != now {
        conn.prepare_cached("UPDATE sales SET day_provider = ?2, day_status = ?3 WHERE id = ?1")?.execute(params![sale_id, now.0, now.1])?;
    }
    Ok(())
}

/// What is kept of sale `sale_id` and what its links say (none when there is no such sale).
fn read(conn: &Connection, sale_id: i64) -> Result<Option<(Pair, Pair)>> {
    let row = conn.prepare_cached(READ)?.query_row([sale_id], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?)))).optional()?;
    Ok(row)
}

/// Makes `?2` (a new attempt of sale `?1`, still creating, at provider `?3`) the sale's current
/// attempt, with the standing that gives: the new attempt counts as open unless an earlier one
/// was paid. One statement with the write it belongs to, so a new link compiles nothing more
/// (the general [`refresh`] cost `paydesk link create` 0.55 M instructions, callgrind).
pub(super) const NEW_CURRENT: &str =
    concat!("UPDATE sales SET current_link_id = ?2, day_provider = ?3, day_status = coalesce(", best_paid!("?1"), ", 'open') WHERE id = ?1");

/// Whether a link's status change can change its sale's standing: not when it only moves among
/// the statuses counted as open (every new link's creating to open), which then costs nothing.
pub(super) fn moves(from: LinkStatus, to: LinkStatus) -> bool {
    let open = |s: LinkStatus| matches!(s, LinkStatus::Creating | LinkStatus::Open | LinkStatus::Unknown);
    from != to && !(open(from) && open(to))
}

/// Every sale's standing worked out again: the migration's fill, and a history written by hand
/// (benches, tests that write rows with SQL).
pub(super) fn refresh_all(conn: &Connection) -> Result<()> {
    conn.execute_batch(concat!(
        "UPDATE sales SET (day_provider, day_status) = (SELECT c.provider, ",
        counted_as!("sales"),
        " FROM links c WHERE c.id = sales.current_link_id AND c.sale_id = sales.id);"
    ))?;
    Ok(())
}

/// Migration step: the two columns (added only where missing: the search index's tests run the
/// steps after theirs again), every sale's standing, and the index the totals read.
pub(super) fn create(tx: &Transaction<'_>, notice: &dyn Fn(&str)) -> Result<()> {
    let has: i64 = tx.query_row("SELECT count(*) FROM pragma_table_info('sales') WHERE name = 'day_status'", [], |r| r.get(0))?;
    if has == 0 {
        tx.execute_batch("ALTER TABLE sales ADD COLUMN day_provider TEXT; ALTER TABLE sales ADD COLUMN day_status TEXT;")?;
    }
    let sales: i64 = tx.query_row("SELECT count(*) FROM sales", [], |r| r.get(0))?;
    if sales > ANNOUNCE_ABOVE {
        notice(&format!("Noting the status of {sales} sales for the day's totals…"));
    }
    tracing::info!(sales, "filling each sale's standing");
    // Filled before the index is made: 3.7 s at a million sales against 4.9 the other way round
    // (the `sqlite3` shell, 2 cores).
    refresh_all(tx)?;
    tx.execute_batch(
        // Everything the day's totals read of a sale, in the order of its window. Its prefix
        // (created_at) is all anything else asked of the index it replaces.
        "CREATE INDEX IF NOT EXISTS sales_day ON sales (created_at, day_provider, day_status, mode, currency, amount_minor); \
         DROP INDEX IF EXISTS sales_created;",
    )?;
    Ok(())
}

/// Migration step: a sale paid twice whose second payment was given back had been kept as
/// refunded (the wholly refunded attempt then ranked first); it is paid. Only sales with both a
/// wholly refunded attempt and one still paid are worked out again.
pub(super) fn recount_paid_twice(tx: &Transaction<'_>) -> Result<()> {
    let changed = tx.execute(
        concat!(
            "UPDATE sales SET day_status = (SELECT ",
            counted_as!("sales"),
            " FROM links c WHERE c.id = sales.current_link_id AND c.sale_id = sales.id) \
             WHERE current_link_id IS NOT NULL \
               AND id IN (SELECT sale_id FROM links WHERE status = 'refunded') \
               AND id IN (SELECT sale_id FROM links WHERE status IN ('paid', 'partially_refunded'))"
        ),
        [],
    )?;
    tracing::info!(changed, "sales paid twice and refunded once now count as paid");
    Ok(())
}

/// Every sale whose kept standing is not what its links say, with both (for tests).
#[cfg(test)]
pub(super) fn mismatches(conn: &Connection) -> Vec<String> {
    let ids: Vec<i64> = conn.prepare("SELECT id FROM sales").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    let mut out = Vec::new();
    for id in ids {
        let (kept, said) = read(conn, id).unwrap().expect("a sale just listed");
        if kept != said {
            out.push(format!("sale {id}: kept {kept:?}, its links say {said:?}"));
        }
    }
    out
}
