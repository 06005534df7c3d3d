//! Each sale's standing, kept on its own row for the day's totals: `sales.day_provider` is its
//! current attempt's provider and `sales.day_status` what [`crate::sale::status_of`] says of it
//! (paid, or better, if any attempt was; else the current attempt's status) as the totals count
//! it: `creating` and `unknown` are counted as `open`, so the one status change every new link
//! makes (creating to open, once the provider answers) leaves the sale's row alone. Both are NULL
//! while the sale has no current attempt (the totals do not count it). An attempt is a link whose
//! `sale_id` is the sale's, so a link's own row says which sales a change of it touches.
//! Triggers keep both in step with `links` and `sales` inside the writer's own transaction,
//! whichever row is written first; the migration step ([`create`]) fills them for the sales
//! already there.
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

/// Rewrites the standing of the sales `{which}` from their links. Short on purpose: every process
/// parses the triggers' SQL when it opens the history, and compiles it into each statement that
/// may fire one (a longer form cost `paydesk link create` 0.7 M instructions more). The best
/// paid attempt is `max(status)` over the three paid words because their alphabetical order is
/// the merge rank's: paid < partially_refunded < refunded (`links_sale_status` serves it).
macro_rules! refresh {
    ($which:literal) => {
        concat!(
            "UPDATE sales SET (day_provider, day_status) = (SELECT c.provider, coalesce((SELECT max(o.status) FROM links o \
             WHERE o.sale_id = c.sale_id AND o.status IN ('paid', 'partially_refunded', 'refunded')), \
             CASE WHEN c.status IN ('creating', 'unknown') THEN 'open' ELSE c.status END) \
             FROM links c WHERE c.id = sales.current_link_id AND c.sale_id = sales.id) WHERE ",
            $which,
            ";"
        )
    };
}

/// The two columns (added only where missing: the search index's tests run the steps after
/// theirs again).
const COLUMNS: &str = "ALTER TABLE sales ADD COLUMN day_status TEXT; \
                       ALTER TABLE sales ADD COLUMN day_provider TEXT;";

/// Their index and triggers. `save` names every column of a link on each write, so the
/// triggers on `links` fire only on a real change of what the standing reads.
const SCHEMA: &str = concat!(
    // Everything the day's totals read of a sale, in the order of its window.
    "CREATE INDEX IF NOT EXISTS sales_day ON sales (created_at, day_provider, day_status, mode, currency, amount_minor);",
    // Its prefix (created_at) is all anything else asked of the index it replaces.
    "DROP INDEX IF EXISTS sales_created;",
    "CREATE TRIGGER IF NOT EXISTS sales_standing_link_insert AFTER INSERT ON links WHEN new.sale_id IS NOT NULL BEGIN ",
    refresh!("id = new.sale_id"),
    " END;",
    // Not when a status only moves among the three counted as open: a sale's row written again in
    // every new link's second transaction cost `paydesk link create` ~0.5 ms (~5 %, alternated runs).
    "CREATE TRIGGER IF NOT EXISTS sales_standing_link_update AFTER UPDATE OF status, provider, sale_id ON links \
     WHEN (old.status IS NOT new.status AND NOT (old.status IN ('creating', 'open', 'unknown') AND new.status IN ('creating', 'open', 'unknown'))) \
     OR old.provider IS NOT new.provider OR old.sale_id IS NOT new.sale_id BEGIN ",
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
    let has: i64 = tx.query_row("SELECT count(*) FROM pragma_table_info('sales') WHERE name = 'day_status'", [], |r| r.get(0))?;
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
