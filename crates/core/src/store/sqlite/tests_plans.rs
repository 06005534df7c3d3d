//! Query plans: what the counter and History run at every step finds its rows through an index,
//! never by walking the whole history (a million links: README "Speed").

use super::sales::{PAID_TWIN, RECENT_LIKE};
use super::*;

fn plan(store: &SqliteStore, sql: &str) -> String {
    let conn = store.conn();
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    // Unbound parameters are NULL: the plan does not depend on their values.
    let mut rows = stmt.raw_query();
    let mut steps = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        steps.push(row.get::<_, String>(3).unwrap());
    }
    steps.join(" | ")
}

#[test]
fn every_one_filter_first_page_uses_an_index() {
    let store = SqliteStore::open_in_memory().unwrap();
    for column in ["status", "provider", "mode"] {
        let steps = plan(&store, &format!("SELECT id FROM links WHERE {column} = 'x' ORDER BY id DESC LIMIT 50"));
        assert!(steps.contains(&format!("links_{column}_id")), "{steps}");
        assert!(!steps.contains("TEMP B-TREE"), "sorts instead of walking the index: {steps}");
    }
}

#[test]
fn the_duplicate_check_and_the_paid_twice_mark_find_their_rows_through_an_index() {
    let store = SqliteStore::open_in_memory().unwrap();
    let like = plan(&store, &format!("SELECT links.id FROM links WHERE {RECENT_LIKE} ORDER BY links.id DESC"));
    assert!(like.contains("USING INDEX links_customer_nocase"), "{like}");
    let twin = plan(&store, PAID_TWIN);
    assert!(twin.contains("links_sale_status") && twin.contains("links_customer_nocase"), "{twin}");
    assert!(!like.contains("SCAN links") && !twin.contains("SCAN links"), "a walk of the whole history: {like} / {twin}");
}
