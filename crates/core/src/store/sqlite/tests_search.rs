//! The search index: it finds exactly what a plain substring search (LIKE) finds, stays in step
//! with every write path, is built for links made before it existed, and pages and counts are
//! served from it newest first without sorting.

use super::migrations::{latest_version, migrate_noting, BEFORE_SEARCH_INDEX};
use super::query::like_pattern;
use super::*;
use crate::link::{LinkStatus, Mode, ProviderId};
use crate::money::Currency;
use crate::store::{LinkQuery, NewLinkRow, Store};
use std::cell::RefCell;

fn row(reference: &str, email: &str, description: Option<&str>) -> NewLinkRow {
    NewLinkRow {
        provider: ProviderId::Paystack,
        mode: Mode::Test,
        reference: reference.to_string(),
        amount_minor: 1000,
        currency: Currency::NGN,
        customer_email: email.to_string(),
        description: description.map(str::to_string),
        duplicate_of: None,
    }
}

/// What the history found before the index: LIKE over every row, newest first.
fn by_like(store: &SqliteStore, text: &str) -> Vec<i64> {
    let conn = store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT id FROM links WHERE customer_email LIKE ?1 ESCAPE '\\' OR description LIKE ?1 ESCAPE '\\' \
             OR reference LIKE ?1 ESCAPE '\\' OR id IN (SELECT link_id FROM link_references WHERE reference LIKE ?1 ESCAPE '\\') \
             ORDER BY id DESC",
        )
        .unwrap();
    let ids = stmt.query_map([like_pattern(text.trim())], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    ids
}

fn found(store: &SqliteStore, text: &str) -> Vec<i64> {
    let q = LinkQuery { search: Some(text.to_string()), ..Default::default() };
    let ids: Vec<i64> = store.list_links(&q).unwrap().iter().map(|l| l.id).collect();
    assert_eq!(store.count_links(&q, None).unwrap(), ids.len() as u64, "count and list agree for {text:?}");
    ids
}

fn sample() -> SqliteStore {
    let store = SqliteStore::open_in_memory().unwrap();
    let rows = [
        row("PDAAA111", "ada@example.com", Some("Two loaves and milk")),
        row("PDBBB222", "Bola.Adeyemi@Shop.NG", Some("50% off_sale \"quoted\" NEAR AND OR *")),
        row("PDCCC333", "émile@café.fr", Some("Crème brûlée, ÉCLAIR")),
        row("PDDDD444", "x@y.co", None),
        row("PDEEE555", "zainab@kano.ng", Some("日本語のテキスト")),
    ];
    for r in &rows {
        store.insert_link(r).unwrap();
    }
    store
}

#[test]
fn the_index_finds_exactly_what_a_substring_search_finds() {
    let store = sample();
    let queries = [
        "example", "EXAMPLE.COM", "shop.ng", "bola.adeyemi", "loaves", "milk", "pdccc", "ccc333", "CCC3", "50%", "off_sale",
        "off%sale", "\"quoted\"", "quoted\" NEAR", "NEAR", "AND OR", "*", "\"", "éclair", "ÉCLAIR", "CRÈME", "crème", "café",
        "CAFÉ", "テキスト", "本語", "no such thing", "a", "ab", "é", "É", "co", "  ada  ", "%", "_", "\\", "DDD444",
    ];
    for q in queries {
        assert_eq!(found(&store, q), by_like(&store, q), "search {q:?}");
    }
    // Unicode case is not folded, as LIKE never did: the index offers the row, the check drops it.
    assert_eq!(found(&store, "CRÈME"), Vec::<i64>::new());
    assert_eq!(found(&store, "ÉCLAIR"), vec![3]);
}

#[test]
fn every_write_path_keeps_the_index_in_step() {
    let store = sample();
    let me = crate::lease::Holder::this_process(store.till_id());
    assert_eq!(store.claim(1, &me, 60).unwrap(), crate::store::Claim::Taken);
    store.replace_reference(1, "lost", "PDNEW9999", &me.token).unwrap();
    assert_eq!(found(&store, "PDNEW99"), vec![1], "the new reference");
    assert_eq!(found(&store, "PDAAA11"), vec![1], "the void one");

    let mut link = store.get_link(2).unwrap().unwrap();
    link.reference = "PDSAVED77".into();
    store.save_link(&link, None).unwrap();
    assert_eq!(found(&store, "SAVED77"), vec![2]);
    assert_eq!(found(&store, "PDBBB22"), vec![2], "kept as void");

    // A save that changes nothing searchable leaves the index alone and it still finds the link.
    let mut link = store.get_link(2).unwrap().unwrap();
    link.status = LinkStatus::Open;
    store.save_link(&link, None).unwrap();
    assert_eq!(found(&store, "adeyemi"), vec![2]);

    // Links removed (only by hand today) leave the index with them.
    store.conn().execute("DELETE FROM links WHERE id = 4", []).unwrap();
    // By hand, past paydesk's writes: the day's standing of its sale is worked out by hand too.
    store.rebuild_day_standing().unwrap();
    assert_eq!(found(&store, "x@y.co"), Vec::<i64>::new());
    let rows: i64 = store.conn().query_row("SELECT count(*) FROM links_search", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 4);
}

/// A history as it was before the index's step (the last one): the same links, no index.
fn without_index(store: &SqliteStore) {
    store
        .conn()
        .execute_batch(
            "DROP TABLE links_search; DROP TRIGGER links_search_insert; DROP TRIGGER links_search_update; \
             DROP TRIGGER links_search_delete; DROP TRIGGER links_search_reference_insert; \
             DROP TRIGGER links_search_reference_delete;",
        )
        .unwrap();
    store.conn().pragma_update(None, "user_version", BEFORE_SEARCH_INDEX).unwrap();
}

#[test]
fn the_migration_builds_the_index_for_existing_links_and_says_so_when_it_is_long() {
    let store = sample();
    let me = crate::lease::Holder::this_process(store.till_id());
    store.claim(1, &me, 60).unwrap();
    store.replace_reference(1, "lost", "PDNEW9999", &me.token).unwrap();
    without_index(&store);
    // Twenty thousand more links, written as an older paydesk would have (no index to feed).
    store
        .conn()
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) \
             INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at, uid, till_id, sale_id) \
             SELECT 'paystack', 'test', 'PDBULK' || i, 100, 'NGN', 'bulk' || i || '@example.com', 'open', '2024-01-01T00:00:00.000Z', \
             '2024-01-01T00:00:00.000Z', 'uid-' || i, 'till', (SELECT id FROM sales LIMIT 1) FROM n;",
        )
        .unwrap();

    let said = RefCell::new(Vec::<String>::new());
    migrate_noting(&mut store.conn(), &|m| said.borrow_mut().push(m.to_string())).unwrap();
    assert_eq!(said.borrow().as_slice(), ["Building the search index for 20005 links…"]);
    assert_eq!(store.conn().pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).unwrap(), latest_version());
    assert_eq!(found(&store, "PDAAA11"), vec![1], "void references are indexed too");
    assert_eq!(found(&store, "bulk19999@"), vec![20004]);
    assert_eq!(found(&store, "loaves"), by_like(&store, "loaves"));

    // Again from the same version: one index row per link, not two.
    store.conn().pragma_update(None, "user_version", BEFORE_SEARCH_INDEX).unwrap();
    migrate_noting(&mut store.conn(), &|_| {}).unwrap();
    assert_eq!(found(&store, "bulk19999@"), vec![20004]);
    let rows: i64 = store.conn().query_row("SELECT count(*) FROM links_search WHERE links_search MATCH '\"bulk\"'", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 20000);
}

#[test]
fn a_small_history_is_migrated_without_a_word() {
    let store = sample();
    without_index(&store);
    let said = RefCell::new(0);
    migrate_noting(&mut store.conn(), &|_| *said.borrow_mut() += 1).unwrap();
    assert_eq!(*said.borrow(), 0);
    assert_eq!(found(&store, "loaves"), vec![1]);
}

#[test]
fn counts_stop_at_the_cap_and_pages_walk_the_index_backwards() {
    let store = SqliteStore::open_in_memory().unwrap();
    for i in 0..30 {
        store.insert_link(&row(&format!("PDCAP{i:03}"), &format!("same{i}@example.com"), None)).unwrap();
    }
    let q = LinkQuery { search: Some("example".into()), ..Default::default() };
    assert_eq!(store.count_links(&q, Some(11)).unwrap(), 11);
    assert_eq!(store.count_links(&q, None).unwrap(), 30);
    assert_eq!(store.count_links(&LinkQuery::default(), Some(5)).unwrap(), 5);

    let page = |before| {
        let q = LinkQuery { search: Some("example".into()), before_id: before, limit: Some(7), ..Default::default() };
        store.list_links(&q).unwrap().iter().map(|l| l.id).collect::<Vec<_>>()
    };
    assert_eq!(page(None), (24..=30).rev().collect::<Vec<_>>());
    assert_eq!(page(Some(24)), (17..=23).rev().collect::<Vec<_>>());

    let conn = store.conn();
    let super::query::Plan { from, clause, .. } = super::query::plan(&q, true);
    let sql = format!("EXPLAIN QUERY PLAN SELECT links.id FROM {from}{clause} ORDER BY links_search.rowid DESC LIMIT 50");
    let mut stmt = conn.prepare(&sql).unwrap();
    let n = stmt.parameter_count();
    let args: Vec<String> = (0..n).map(|_| "x".to_string()).collect();
    let plan: Vec<String> = stmt.query_map(rusqlite::params_from_iter(args), |r| r.get(3)).unwrap().map(|r| r.unwrap()).collect();
    let plan = plan.join(" | ");
    assert!(plan.contains("VIRTUAL TABLE INDEX"), "reads the index: {plan}");
    assert!(!plan.contains("TEMP B-TREE"), "sorts instead of walking the index: {plan}");
}
