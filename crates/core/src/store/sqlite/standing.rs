//! Each sale's standing, kept on its own row: `sales.sale_status` is what
//! [`crate::sale::status_of`] says of the sale (paid, or better, if any attempt was; else its
//! current attempt's status), `sales.sale_provider` its current attempt's provider (an attempt
//! is a link whose `sale_id` is the sale's, so a link's own row says which sales it touches). Triggers keep
//! both in step with `links` and `sales` inside the writer's own transaction, whichever row comes
//! first (a hub's events may bring a sale's links before the sale); the migration step
//! ([`create`]) fills them for the sales already there.
//!
//! Why: the shop's day reads every sale of its window. Working each sale's status out from its
//! links took, for a year of a million-sale history (525,119 sales), a primary-key read of the
//! current attempt and a seek for the best one per sale: 507 ms (median of 5) on a slower 2-core
//! machine, over the 500 ms goal (benches/day_totals.rs). With the standing on the row, the
//! `sales_day` index covers everything the totals read, and a year is one range of one index.

use crate::Result;
use rusqlite::Transaction;

/// Above this many sales, filling the standing is announced (about 4 s a million).
const ANNOUNCE_ABOVE: i64 = 20_000;

/// Rewrites the standing of sale `{id}` from its links. A paid attempt wins as the merge rank
/// says (refunded over partially refunded over paid); else the current attempt's status, else
/// the last attempt's, else `creating` (a sale whose first attempt is not written yet).
macro_rules! refresh {
    ($id:literal) => {
        concat!(
            "UPDATE sales SET \
             sale_provider = (SELECT l.provider FROM links l WHERE l.id = sales.current_link_id AND l.sale_id = sales.id), \
             sale_status = coalesce(\
               (SELECT CASE max(CASE l.status WHEN 'refunded' THEN 3 WHEN 'partially_refunded' THEN 2 WHEN 'paid' THEN 1 END) \
                       WHEN 3 THEN 'refunded' WHEN 2 THEN 'partially_refunded' WHEN 1 THEN 'paid' END \
                  FROM links l WHERE l.sale_id = sales.id), \
               (SELECT l.status FROM links l WHERE l.id = sales.current_link_id AND l.sale_id = sales.id), \
               (SELECT l.status FROM links l WHERE l.sale_id = sales.id ORDER BY l.id DESC LIMIT 1), \
               'creating') \
             WHERE ",
            $id,
            ";"
        )
    };
}

/// The two columns (added only where missing: the search index's tests run the steps after
/// theirs again).
const COLUMNS: &str = "ALTER TABLE sales ADD COLUMN sale_status TEXT NOT NULL DEFAULT 'creating'; \
                       ALTER TABLE sales ADD COLUMN sale_provider TEXT;";

/// Their index and triggers. `save` names every column of a link on each write, so the
/// triggers on `links` fire only on a real change of what the standing reads.
const SCHEMA: &str = concat!(
    // Everything the day's totals read of a sale, in the order of its window.
    "CREATE INDEX IF NOT EXISTS sales_day ON sales (created_at, sale_provider, sale_status, mode, currency, amount_minor);",
    // Its prefix (created_at) is all anything else asked of the index it replaces.
    "DROP INDEX IF EXISTS sales_created;",
    "CREATE TRIGGER IF NOT EXISTS sales_standing_link_insert AFTER INSERT ON links WHEN new.sale_id IS NOT NULL BEGIN ",
    refresh!("id = new.sale_id"),
    " END;",
    "CREATE TRIGGER IF NOT EXISTS sales_standing_link_update AFTER UPDATE OF status, provider, sale_id ON links \
     WHEN old.status IS NOT new.status OR old.provider IS NOT new.provider OR old.sale_id IS NOT new.sale_id BEGIN ",
    refresh!("id IN (new.sale_id, old.sale_id)"),
    " END;",
    "CREATE TRIGGER IF NOT EXISTS sales_standing_link_delete AFTER DELETE ON links WHEN old.sale_id IS NOT NULL BEGIN ",
    refresh!("id = old.sale_id"),
    " END;",
    // A sale row written after its links (written again whole: INSERT OR REPLACE, a restore).
    "CREATE TRIGGER IF NOT EXISTS sales_standing_sale_insert AFTER INSERT ON sales BEGIN ",
    refresh!("id = new.id"),
    " END;",
    // A new current attempt (a failover) changes the provider, and the status if none was paid.
    "CREATE TRIGGER IF NOT EXISTS sales_standing_sale_current AFTER UPDATE OF current_link_id ON sales \
     WHEN old.current_link_id IS NOT new.current_link_id BEGIN ",
    refresh!("id = new.id"),
    " END;",
);

/// Migration step: the columns, index and triggers, and the standing of every sale already there.
pub(super) fn create(tx: &Transaction<'_>, notice: &dyn Fn(&str)) -> Result<()> {
    let has: i64 = tx.query_row("SELECT count(*) FROM pragma_table_info('sales') WHERE name = 'sale_status'", [], |r| r.get(0))?;
    if has == 0 {
        tx.execute_batch(COLUMNS)?;
    }
    let sales: i64 = tx.query_row("SELECT count(*) FROM sales", [], |r| r.get(0))?;
    if sales > ANNOUNCE_ABOVE {
        notice(&format!("Noting the status of {sales} sales for the day's totals…"));
    }
    tracing::info!(sales, "filling each sale's standing");
    // Filled before the index is made: 3.7 s at a million sales against 4.9 the other way round
    // (the `sqlite3` shell, 2 cores). One transaction: no write comes between fill and triggers.
    tx.execute_batch(refresh!("true"))?;
    tx.execute_batch(SCHEMA)?;
    Ok(())
}
