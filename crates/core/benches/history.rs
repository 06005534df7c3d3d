//! The history at 1,000,000 links, each query beside its anchor in the same run (criterion):
//! a search page and its count beside the bare FTS5 trigram query on the same file, the first
//! page beside the same call on an empty history. Prints criterion's report, then writes the
//! medians to `target/bench-data/rows-history.tsv` for `make bench`'s table (scripts/bench-table.sh).
//!
//! `cargo bench -p paydesk-core --bench history`; `PAYDESK_BENCH_ROWS` changes the size. Wrong
//! answers fail the run before anything is timed: fast timings of wrong results mean nothing.

mod common;

use criterion::Criterion;
use paydesk_core::desk::{Desk, COUNT_CAP, DB_FILE};
use paydesk_core::link::LinkStatus;
use paydesk_core::settings::Environment;
use paydesk_core::store::LinkQuery;
use paydesk_core::vault::MemoryVault;
use rusqlite::{Connection, OpenFlags};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

const DEFAULT_ROWS: i64 = 1_000_000;
const PAGE: u32 = 50;

fn desk(dir: &Path) -> Desk {
    Desk::open(dir, Arc::new(MemoryVault::new()), Environment::default()).expect("open the history")
}

fn page(search: Option<&str>) -> LinkQuery {
    LinkQuery { search: search.map(str::to_string), limit: Some(PAGE), ..Default::default() }
}

/// The anchor: what FTS5 with the trigram tokenizer does on its own on the same file, the 50
/// newest matches with their rows and a count stopped at the cap, with no paydesk code around it.
fn bare_fts(conn: &Connection, text: &str) -> (usize, i64) {
    let phrase = format!("\"{text}\"");
    let mut stmt = conn
        .prepare_cached(
            "SELECT links.id, links.customer_email, links.reference FROM links_search JOIN links ON links.id = links_search.rowid \
             WHERE links_search MATCH ?1 ORDER BY links_search.rowid DESC LIMIT 50",
        )
        .unwrap();
    let rows = stmt.query_map([&phrase], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))).unwrap().count();
    let count = conn
        .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM links_search WHERE links_search MATCH ?1 LIMIT 1001)")
        .unwrap()
        .query_row([&phrase], |r| r.get(0))
        .unwrap();
    (rows, count)
}

/// Criterion's median for `group/id`, in milliseconds.
fn median_ms(group: &str, id: &str) -> Option<f64> {
    let home = std::env::var_os("CRITERION_HOME").map(Into::into).unwrap_or_else(|| common::data_dir().join("../criterion"));
    let text = std::fs::read_to_string(home.join(group).join(id).join("new/estimates.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(json["median"]["point_estimate"].as_f64()? / 1e6)
}

fn main() {
    let rows: i64 = std::env::var("PAYDESK_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_ROWS);
    assert!(rows >= 2000, "PAYDESK_BENCH_ROWS must be at least 2000");
    let big_dir = common::history(rows);
    // A small history too, for the CSV export's memory beside the big one's (scripts/bench-process.sh).
    common::history(10_000);
    let big = desk(&big_dir);
    let empty_dir = tempfile::tempdir().expect("a temporary folder");
    let empty = desk(empty_dir.path());
    let raw = Connection::open_with_flags(big_dir.join(DB_FILE), OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open read-only");

    // Right answers first.
    let rare = big.list(&page(Some("rare-customer"))).expect("search");
    assert_eq!((rare.links.len(), rare.total, rare.total_capped), (3, 3, false), "the rare customer has three links");
    assert_eq!(bare_fts(&raw, "rare-customer"), (3, 3));
    let first = big.list(&page(None)).expect("first page");
    assert_eq!((first.links.len() as u32, first.total, first.total_capped), (PAGE, COUNT_CAP, true));
    let common_search = big.list(&page(Some("gmail.com"))).expect("search");
    assert_eq!((common_search.links.len() as u32, common_search.total_capped), (PAGE, true));
    assert_eq!(empty.list(&page(None)).expect("empty").total, 0);

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let searches = [("search_rare", "rare-customer"), ("search_common", "gmail.com")];
    for (group, text) in searches {
        let mut g = c.benchmark_group(group);
        g.bench_function("paydesk", |b| b.iter(|| big.list(black_box(&page(Some(text)))).unwrap()));
        g.bench_function("anchor_bare_fts5", |b| b.iter(|| bare_fts(&raw, black_box(text))));
        g.finish();
    }
    {
        let mut g = c.benchmark_group("first_page");
        g.bench_function("paydesk", |b| b.iter(|| big.list(black_box(&page(None))).unwrap()));
        g.bench_function("anchor_empty_history", |b| b.iter(|| empty.list(black_box(&page(None))).unwrap()));
        g.finish();
    }
    {
        // Under three characters there is no trigram: LIKE newest first (see store/sqlite/search.rs).
        let mut g = c.benchmark_group("search_short");
        g.sample_size(10);
        g.bench_function("common_ok", |b| b.iter(|| big.list(black_box(&page(Some("ok")))).unwrap()));
        g.bench_function("rare_qx", |b| b.iter(|| big.list(black_box(&page(Some("qx")))).unwrap()));
        g.finish();
    }
    {
        let mut g = c.benchmark_group("filtered");
        let refunded = LinkQuery { status: Some(LinkStatus::Refunded), limit: Some(PAGE), ..Default::default() };
        g.bench_function("status_refunded", |b| b.iter(|| big.list(black_box(&refunded)).unwrap()));
        let deep = LinkQuery { before_id: Some(rows * 3 / 10), limit: Some(PAGE), ..Default::default() };
        g.bench_function("deep_keyset_page", |b| b.iter(|| big.list(black_box(&deep)).unwrap()));
        let both = LinkQuery { status: Some(LinkStatus::Refunded), ..page(Some("gmail.com")) };
        g.bench_function("search_and_status", |b| b.iter(|| big.list(black_box(&both)).unwrap()));
        g.finish();
    }
    c.final_summary();

    let m = |group: &str, id: &str| median_ms(group, id).map(|v| format!("{v:.3}")).unwrap_or_else(|| "-".into());
    let table = [
        ("search page + count, rare (1M)", m("search_rare", "paydesk"), m("search_rare", "anchor_bare_fts5"), "< 20 ms"),
        ("search page + count, common (1M)", m("search_common", "paydesk"), m("search_common", "anchor_bare_fts5"), "< 20 ms"),
        ("first page + count (1M vs empty)", m("first_page", "paydesk"), m("first_page", "anchor_empty_history"), "< 20 ms, flat"),
        ("search under 3 chars, common (1M)", m("search_short", "common_ok"), "-".into(), "info"),
        ("search under 3 chars, rare (1M)", m("search_short", "rare_qx"), "-".into(), "info"),
        ("first page, status = refunded (1M)", m("filtered", "status_refunded"), "-".into(), "info"),
        ("search + status filter (1M)", m("filtered", "search_and_status"), "-".into(), "info"),
    ];
    let mut tsv = String::new();
    for (row, ours, anchor, target) in table {
        tsv.push_str(&format!("{row}\t{ours}\t{anchor}\tms\t{target}\n"));
    }
    let built = std::fs::read_to_string(big_dir.join("index-build-secs")).unwrap_or_else(|_| "-".into());
    tsv.push_str(&format!("search index build by the migration ({rows} links)\t{built}\t-\ts\tinfo\n"));
    std::fs::write(common::data_dir().join("rows-history.tsv"), tsv).expect("write the rows");
}
