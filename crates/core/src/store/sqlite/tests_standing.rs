//! Each sale's kept standing (`standing.rs`) is what `status_of` says of its attempts, whatever
//! paydesk writes and in whatever order two tills' changes reach each other. (Every store of a
//! unit test also checks this when dropped: `SqliteStore`'s `Drop` under `cfg(test)`.)

use super::migrations::migrate_noting;
use super::tests::row;
use super::*;
use crate::link::{LinkStatus, Mode, ProviderId};
use crate::store::Store;
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

/// Every sale of `store` against `status_of` over its attempts, as the app shows a sale:
/// returns the statuses kept.
fn check(store: &SqliteStore, after: &str) -> HashSet<String> {
    let conn = store.conn();
    let mut kept_statuses = HashSet::new();
    for id in ids(&conn, "SELECT id FROM sales") {
        let sale = sales::load(&conn, &id.to_string()).unwrap().unwrap();
        let kept: (Option<String>, Option<String>) =
            conn.query_row("SELECT day_provider, day_status FROM sales WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        let counted_as = match sale.status {
            LinkStatus::Creating | LinkStatus::Unknown => LinkStatus::Open,
            other => other,
        };
        let current = sale.attempts.iter().find(|l| Some(l.id) == sale.current_link_id);
        let expected = current.map(|l| (l.provider.slug().to_string(), counted_as.as_str().to_string()));
        assert_eq!(kept, expected.unzip(), "sale {id} after {after}: {:?}", sale.attempts);
        kept_statuses.extend(kept.1);
    }
    kept_statuses
}

/// The history's version before migration step 16 (the standing) and before step 17 (the
/// recount of sales paid twice): the steps after them run again, as on an older history.
const BEFORE_STANDING: i64 = 15;
const BEFORE_RECOUNT: i64 = 16;

#[test]
fn the_kept_standing_follows_every_write_of_two_tills_in_any_order() {
    let tills = [SqliteStore::open_in_memory().unwrap(), SqliteStore::open_in_memory().unwrap()];
    let mut rng = Rng(7);
    let mut seen = HashSet::new();
    for step in 0..600 {
        let at = rng.below(2);
        let store = &tills[at];
        let links = ids(&store.conn(), "SELECT id FROM links");
        let status = STATUSES[rng.below(STATUSES.len())];
        let what = match (rng.below(7), links.is_empty()) {
            (0, _) | (_, true) => {
                store.insert_link(&row(&format!("PD{step}T{at}"), "ada@example.com")).unwrap();
                "a new sale"
            }
            (1, false) => {
                // A failover: refused while an attempt may still be paid, as at the counter.
                let sale = store.get_link(links[rng.below(links.len())]).unwrap().unwrap().sale_id;
                let provider = [ProviderId::Dojo, ProviderId::Payroc, ProviderId::Luxfin][rng.below(3)];
                let _ = store.insert_attempt(sale, provider, Mode::Test, &format!("PD{step}F{at}"));
                "a new attempt"
            }
            (2..=4, false) => {
                // A status as a provider, a verify or a refund reports it; the merge may keep the stored one.
                let mut link = store.get_link(links[rng.below(links.len())]).unwrap().unwrap();
                link.status = status;
                store.save_link(&link, None).unwrap();
                "a status saved"
            }
            (5, false) => {
                let sale = store.get_link(links[rng.below(links.len())]).unwrap().unwrap().sale_id;
                let _ = store.cancel_sale(sale);
                "a sale cancelled"
            }
            _ => {
                // Some of this till's changes reach the other one, in the order pushed.
                let other = &tills[1 - at];
                let events = store.pending_events(1 + rng.below(8) as u32).unwrap();
                let stamped: Vec<_> = events.iter().map(|e| crate::store::sync::Event { till: store.till_id().to_string(), ..e.clone() }).collect();
                other.apply_events(&stamped, 0).unwrap();
                for e in &events {
                    store.mark_pushed(e.source_seq).unwrap();
                }
                "changes synced"
            }
        };
        for (n, till) in tills.iter().enumerate() {
            seen.extend(check(till, &format!("step {step} ({what} at till {at}), till {n}")));
        }
    }
    // Every status the totals count was kept at some step, so the check saw each of them.
    assert_eq!(seen.len(), STATUSES.len() - 2, "{seen:?}");
}

#[test]
fn a_sale_paid_twice_whose_second_payment_was_given_back_is_paid_and_an_older_history_is_recounted() {
    let store = SqliteStore::open_in_memory().unwrap();
    {
        let conn = store.conn();
        // Paid at Paystack, paid again at Dojo, and that second payment given back: kept as an
        // older paydesk ranked it, refunded above paid.
        conn.execute_batch(
            "INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, mode, created_at) \
             VALUES ('twice', 'till', 100, 'NGN', 'ada@example.com', 'live', '2024-01-01T00:00:00.000Z'); \
             INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at, uid, till_id, sale_id) \
             SELECT 'paystack', 'live', 'P1', 100, 'NGN', 'ada@example.com', 'paid', created_at, created_at, 'p-1', 'till', id FROM sales; \
             INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at, uid, till_id, sale_id, refunded_minor, refund_reserved_minor) \
             SELECT 'dojo', 'live', 'P2', 100, 'NGN', 'ada@example.com', 'refunded', created_at, created_at, 'p-2', 'till', id, 100, 100 FROM sales; \
             UPDATE sales SET current_link_id = (SELECT max(id) FROM links), day_provider = 'dojo', day_status = 'refunded';",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", BEFORE_RECOUNT).unwrap();
    }
    migrate_noting(&mut store.conn(), &|_| {}).unwrap();
    let conn = store.conn();
    let kept: String = conn.query_row("SELECT day_status FROM sales", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, "paid", "one payment was kept");
    let id: i64 = conn.query_row("SELECT id FROM sales", [], |r| r.get(0)).unwrap();
    assert_eq!(sales::load(&conn, &id.to_string()).unwrap().unwrap().status, LinkStatus::Paid, "the sale reads the same");
    assert!(standing::mismatches(&conn).is_empty());
}

#[test]
fn the_migration_fills_the_standing_of_an_older_history_and_says_so_when_it_is_long() {
    let store = SqliteStore::open_in_memory().unwrap();
    {
        let conn = store.conn();
        // Twenty-one thousand sales written as an older paydesk did: a paid attempt after a failed one.
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 21000) \
             INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, mode, created_at) \
             SELECT 'old-' || i, 'till', 100, 'NGN', 'ada@example.com', 'live', '2024-01-01T00:00:00.000Z' FROM n; \
             INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at, uid, till_id, sale_id) \
             SELECT 'paystack', 'live', 'F' || id, 100, 'NGN', 'ada@example.com', 'failed', created_at, created_at, 'f-' || id, 'till', id FROM sales; \
             INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at, uid, till_id, sale_id) \
             SELECT 'dojo', 'live', 'P' || id, 100, 'NGN', 'ada@example.com', CASE WHEN id % 2 = 0 THEN 'paid' ELSE 'creating' END, \
             created_at, created_at, 'p-' || id, 'till', id FROM sales; \
             UPDATE sales SET current_link_id = (SELECT max(id) FROM links WHERE sale_id = sales.id);",
        )
        .unwrap();
        // Before the standing's step (16) and the recount after it (17).
        conn.pragma_update(None, "user_version", BEFORE_STANDING).unwrap();
    }

    let said = RefCell::new(Vec::<String>::new());
    migrate_noting(&mut store.conn(), &|m| said.borrow_mut().push(m.to_string())).unwrap();
    assert_eq!(said.borrow().as_slice(), ["Noting the status of 21000 sales for the day's totals…"]);
    let conn = store.conn();
    let count = |sql: &str| ids(&conn, sql)[0];
    assert_eq!(count("SELECT count(*) FROM sales WHERE day_status = 'paid' AND day_provider = 'dojo'"), 10_500);
    assert_eq!(count("SELECT count(*) FROM sales WHERE day_status = 'open' AND day_provider = 'dojo'"), 10_500);
    assert!(standing::mismatches(&conn).is_empty());
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
