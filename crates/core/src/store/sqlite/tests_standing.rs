//! Each sale's standing kept by triggers (`standing.rs`) is what `status_of` says of its
//! attempts, whatever writes reach the tables and in whatever order.

use super::migrations::{latest_version, migrate_noting};
use super::*;
use crate::link::{LinkStatus, ProviderId};
use rusqlite::{params, OptionalExtension};
use std::cell::RefCell;
use std::collections::HashSet;

const STATUSES: [LinkStatus; 9] = [
    LinkStatus::Creating,
    LinkStatus::Open,
    LinkStatus::Unknown,
    LinkStatus::Failed,
    LinkStatus::Expired,
    LinkStatus::Cancelled,
    LinkStatus::Paid,
    LinkStatus::PartiallyRefunded,
    LinkStatus::Refunded,
];

/// splitmix64: the same writes every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn ids(conn: &Connection, sql: &str) -> Vec<i64> {
    conn.prepare(sql).unwrap().query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

/// Every sale's kept standing against the one worked out from its attempts, as the app shows it:
/// what `status_of` says (creating and unknown counted as open) and its current attempt's
/// provider, or neither while it has no current attempt.
fn check(conn: &Connection, after: &str, seen: &mut HashSet<String>) {
    for id in ids(conn, "SELECT id FROM sales") {
        let sale = sales::load(conn, &id.to_string()).unwrap().unwrap();
        let kept: (Option<String>, Option<String>) =
            conn.query_row("SELECT day_provider, day_status FROM sales WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        let current = sale.attempts.iter().find(|l| Some(l.id) == sale.current_link_id);
        let counted_as = match sale.status {
            LinkStatus::Creating | LinkStatus::Unknown => LinkStatus::Open,
            other => other,
        };
        let expected = current.map(|l| (l.provider.slug().to_string(), counted_as.as_str().to_string()));
        assert_eq!(kept, expected.unzip(), "sale {id} after {after}: {:?}", sale.attempts);
        seen.extend(kept.1);
    }
}

fn insert_sale(conn: &Connection, n: usize) {
    conn.execute(
        "INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, mode, created_at) \
         VALUES (?1, 'till', 500, 'NGN', 'ada@example.com', 'test', '2024-03-05T08:00:00.000Z')",
        [format!("sale-{n}")],
    )
    .unwrap();
}

#[test]
fn the_kept_standing_follows_every_write_in_any_order() {
    let store = SqliteStore::open_in_memory().unwrap();
    let conn = store.conn();
    let mut rng = Rng(7);
    let mut seen = HashSet::new();
    for n in 0..3 {
        insert_sale(&conn, n);
    }
    for step in 0..1500 {
        let sales = ids(&conn, "SELECT id FROM sales");
        let links = ids(&conn, "SELECT id FROM links");
        let sale = sales[rng.below(sales.len())];
        let status = STATUSES[rng.below(STATUSES.len())].as_str();
        let provider = ProviderId::ALL[rng.below(ProviderId::ALL.len())].slug();
        let what = match (rng.below(8), links.is_empty()) {
            (0, _) if sales.len() < 12 => {
                insert_sale(&conn, step + 100);
                "a new sale"
            }
            (1..=2, _) | (_, true) => {
                conn.execute(
                    "INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, \
                     updated_at, uid, till_id, sale_id) VALUES (?1, 'test', ?2, 500, 'NGN', 'ada@example.com', ?3, '2024-03-05T08:00:00.000Z', '2024-03-05T08:00:00.000Z', ?2, 'till', ?4)",
                    params![provider, format!("PD{step}"), status, sale],
                )
                .unwrap();
                if rng.below(2) == 0 {
                    conn.execute("UPDATE sales SET current_link_id = last_insert_rowid() WHERE id = ?1", [sale]).unwrap();
                }
                "a new attempt"
            }
            (3..=4, false) => {
                conn.execute("UPDATE links SET status = ?2 WHERE id = ?1", params![links[rng.below(links.len())], status]).unwrap();
                "a status change"
            }
            (5, false) => {
                // Mostly one of its own attempts, as paydesk does; sometimes none, or another sale's.
                let own = ids(&conn, &format!("SELECT id FROM links WHERE sale_id = {sale}"));
                let current = match rng.below(6) {
                    0 => None,
                    1 => Some(links[rng.below(links.len())]),
                    _ if own.is_empty() => None,
                    _ => Some(own[rng.below(own.len())]),
                };
                conn.execute("UPDATE sales SET current_link_id = ?2 WHERE id = ?1", params![sale, current]).unwrap();
                "a new current attempt"
            }
            (6, false) => {
                conn.execute("UPDATE links SET sale_id = ?2, provider = ?3 WHERE id = ?1", params![links[rng.below(links.len())], sale, provider])
                    .unwrap();
                "an attempt moved to another sale"
            }
            _ if links.len() > 20 => {
                conn.execute("DELETE FROM links WHERE id = ?1", [links[rng.below(links.len())]]).unwrap();
                "an attempt deleted"
            }
            _ => {
                // The row written again whole, as a restore or an older paydesk would.
                conn.execute(
                    "INSERT OR REPLACE INTO sales (id, uid, till_id, amount_minor, currency, customer_email, mode, created_at, current_link_id) \
                     SELECT id, uid, till_id, amount_minor, currency, customer_email, mode, created_at, current_link_id FROM sales WHERE id = ?1",
                    [sale],
                )
                .unwrap();
                "the sale written again"
            }
        };
        check(&conn, &format!("step {step}, {what}"), &mut seen);
    }
    // Every status the totals count was kept at some step, so the check saw each of them.
    assert_eq!(seen.len(), STATUSES.len() - 2, "{seen:?}");
}

#[test]
fn the_paid_words_sort_as_the_merge_rank_orders_them() {
    // The triggers pick a sale's best paid attempt with max(status) (`standing.rs`).
    let mut words = [LinkStatus::Refunded, LinkStatus::Paid, LinkStatus::PartiallyRefunded];
    words.sort_by_key(|s| s.as_str());
    let ranks: Vec<u8> = words.iter().map(|s| crate::merge::rank(*s)).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{words:?} ranked {ranks:?}");
}

#[test]
fn the_migration_fills_the_standing_of_an_older_history_and_says_so_when_it_is_long() {
    let store = SqliteStore::open_in_memory().unwrap();
    let conn = store.conn();
    // Twenty-one thousand sales written as an older paydesk did: a paid attempt after a failed one.
    conn.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 21000) \
         INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, mode, created_at) \
         SELECT 'old-' || i, 'till', 100, 'NGN', 'ada@example.com', 'live', '2024-01-01T00:00:00.000Z' FROM n; \
         INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at, uid, sale_id) \
         SELECT 'paystack', 'live', 'F' || id, 100, 'NGN', 'ada@example.com', 'failed', 't', 't', 'f-' || id, id FROM sales; \
         INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at, uid, sale_id) \
         SELECT 'dojo', 'live', 'P' || id, 100, 'NGN', 'ada@example.com', CASE WHEN id % 2 = 0 THEN 'paid' ELSE 'open' END, 't', 't', 'p-' || id, id FROM sales; \
         UPDATE sales SET current_link_id = (SELECT max(id) FROM links WHERE sale_id = sales.id);",
    )
    .unwrap();
    // Back to the version before the standing: its columns forgotten, its triggers gone.
    conn.execute_batch(
        "DROP TRIGGER sales_standing_link_insert; DROP TRIGGER sales_standing_link_update; \
         DROP TRIGGER sales_standing_link_delete; DROP TRIGGER sales_standing_sale_insert; \
         DROP TRIGGER sales_standing_sale_current; UPDATE sales SET day_status = NULL, day_provider = NULL;",
    )
    .unwrap();
    conn.pragma_update(None, "user_version", latest_version() - 1).unwrap();
    drop(conn);

    let said = RefCell::new(Vec::<String>::new());
    migrate_noting(&mut store.conn(), &|m| said.borrow_mut().push(m.to_string())).unwrap();
    assert_eq!(said.borrow().as_slice(), ["Noting the status of 21000 sales for the day's totals…"]);
    let conn = store.conn();
    let counts = |sql: &str| ids(&conn, sql)[0];
    assert_eq!(counts("SELECT count(*) FROM sales WHERE day_status = 'paid' AND day_provider = 'dojo'"), 10_500);
    assert_eq!(counts("SELECT count(*) FROM sales WHERE day_status = 'open' AND day_provider = 'dojo'"), 10_500);
    // The triggers are back: a paid attempt now reaches its sale.
    conn.execute("UPDATE links SET status = 'paid' WHERE reference = 'P1'", []).unwrap();
    assert_eq!(counts("SELECT count(*) FROM sales WHERE day_status = 'paid'"), 10_501);
}

#[test]
fn the_days_totals_read_one_range_of_one_index() {
    let store = SqliteStore::open_in_memory().unwrap();
    let conn = store.conn();
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {}", super::report::PER_SALE)).unwrap();
    // Unbound parameters are NULL: the plan does not depend on their values.
    let mut rows = stmt.raw_query();
    let mut steps = Vec::<String>::new();
    while let Some(row) = rows.next().unwrap() {
        steps.push(row.get(3).unwrap());
    }
    assert_eq!(steps, ["SEARCH s USING COVERING INDEX sales_day (created_at>? AND created_at<?)"], "{steps:?}");
}
