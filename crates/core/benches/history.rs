//! How the history holds up at 1,000,000 links: bulk-loads a temporary SQLite file with raw
//! rusqlite, then times the queries the UI makes through the [`Store`] trait and prints a table.
//!
//! Run with `cargo bench -p paydesk-core --bench history`. `PAYDESK_BENCH_ROWS` overrides the
//! row count. Exits non-zero when a first-page query is slower than [`FIRST_PAGE_BOUND_MS`]:
//! those must feel instant at any size, so a missing index shows up here.

use chrono::{Duration, TimeZone, Utc};
use paydesk_core::link::{LinkStatus, Mode, ProviderId};
use paydesk_core::money::Currency;
use paydesk_core::store::{LinkQuery, SqliteStore, Store};
use rusqlite::{params, Connection};
use std::time::Instant;

const DEFAULT_ROWS: i64 = 1_000_000;
/// Generous on purpose: a page served by an index takes well under a millisecond; a full scan
/// of a million rows takes hundreds.
const FIRST_PAGE_BOUND_MS: f64 = 50.0;
const RUNS: usize = 5;
/// The customer the search looks for: three links, one of them deep in the history.
const RARE_EMAIL: &str = "zainab.rare-customer@kanoshop.ng";

const FIRST_NAMES: [&str; 12] =
    ["ada", "bola", "chidi", "dayo", "emeka", "funke", "gbenga", "halima", "ifeoma", "jide", "kemi", "lola"];
const LAST_NAMES: [&str; 8] = ["okafor", "adeyemi", "bello", "eze", "mensah", "nkosi", "otieno", "smith"];
const DOMAINS: [&str; 6] = ["gmail.com", "yahoo.com", "outlook.com", "shop.ng", "company.co.za", "mail.com"];
const DESCRIPTIONS: [&str; 5] = ["Invoice", "Two loaves and milk", "Deposit for order", "Monthly dues", "Repairs"];

/// A tiny deterministic generator (splitmix64), so every run loads the same history.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Mostly paid, some open or expired, few of the rest: roughly a shop's history.
fn status_for(roll: usize) -> LinkStatus {
    match roll {
        0..=54 => LinkStatus::Paid,
        55..=74 => LinkStatus::Open,
        75..=86 => LinkStatus::Expired,
        87..=92 => LinkStatus::Failed,
        93..=96 => LinkStatus::Cancelled,
        97..=98 => LinkStatus::Refunded,
        _ => LinkStatus::Unknown,
    }
}

/// Fills the tables the way years of use would: links, and one current reference for each.
/// One transaction and prepared statements; status events are left out since no timed query
/// reads them.
fn bulk_load(conn: &mut Connection, rows: i64) -> rusqlite::Result<()> {
    // The unique reference indexes take random inserts: a large cache keeps them in memory.
    conn.pragma_update(None, "cache_size", -512_000)?;
    let tx = conn.transaction()?;
    {
        let mut link = tx.prepare(
            "INSERT INTO links (id, provider, mode, reference, provider_id, url, amount_minor, currency, \
             customer_email, description, status, provider_status, created_at, updated_at, last_verified_at, uid, till_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?13, ?14, (SELECT id FROM till))",
        )?;
        let mut reference = tx.prepare(
            "INSERT INTO link_references (link_id, reference, state, created_at) VALUES (?1, ?2, 'current', ?3)",
        )?;
        let mut rng = Rng(0x5EED);
        let start = Utc.with_ymd_and_hms(2023, 1, 1, 8, 0, 0).unwrap();
        let rare_ids = [7, rows / 2, rows - 1000];
        for id in 1..=rows {
            let provider = ProviderId::ALL[rng.below(ProviderId::ALL.len())];
            let mode = if rng.below(10) == 0 { Mode::Test } else { Mode::Live };
            let status = status_for(rng.below(100));
            let email = if rare_ids.contains(&id) {
                RARE_EMAIL.to_string()
            } else {
                let first = FIRST_NAMES[rng.below(FIRST_NAMES.len())];
                let last = LAST_NAMES[rng.below(LAST_NAMES.len())];
                format!("{first}.{last}{}@{}", rng.below(5000), DOMAINS[rng.below(DOMAINS.len())])
            };
            let reference_text = format!("PD{:020X}", rng.next());
            let at = (start + Duration::seconds(id * 60)).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
            let provider_id = format!("prv_{id}");
            link.execute(params![
                id,
                provider.slug(),
                mode.as_str(),
                reference_text,
                provider_id,
                format!("https://pay.example/{provider_id}"),
                100 + rng.below(2_000_000) as i64,
                Currency::ALL[rng.below(Currency::ALL.len())].code(),
                email,
                DESCRIPTIONS[rng.below(DESCRIPTIONS.len())],
                status.as_str(),
                status.as_str(),
                at,
                format!("0190a000-0000-7000-8000-{id:012x}"),
            ])?;
            reference.execute(params![id, reference_text, at])?;
        }
    }
    tx.commit()?;
    // Statistics help the planner when several filters are combined.
    conn.execute_batch("ANALYZE")
}

struct Timing {
    name: &'static str,
    rows: u64,
    first_ms: f64,
    median_ms: f64,
    bounded: bool,
}

/// Runs `query` [`RUNS`] times; returns its row count, the first (coldest) and the median time.
fn time(name: &'static str, bounded: bool, mut query: impl FnMut() -> u64) -> Timing {
    let mut times = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        rows = query();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let first_ms = times[0];
    times.sort_by(f64::total_cmp);
    Timing { name, rows, first_ms, median_ms: times[RUNS / 2], bounded }
}

fn main() {
    let rows: i64 = std::env::var("PAYDESK_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_ROWS);
    assert!(rows >= 2000, "PAYDESK_BENCH_ROWS must be at least 2000");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("history.sqlite");
    let store = SqliteStore::open(&path).expect("open the history");

    let started = Instant::now();
    let mut raw = Connection::open(&path).expect("open the file for loading");
    bulk_load(&mut raw, rows).expect("bulk load");
    drop(raw);
    println!("loaded {rows} links in {:.1} s\n", started.elapsed().as_secs_f64());

    let page = |q: LinkQuery| store.list_links(&LinkQuery { limit: Some(50), ..q }).expect("list").len() as u64;
    let deep = (rows / 10) * 3;
    let timings = [
        time("first page, no filter", true, || page(LinkQuery::default())),
        time("first page, status = refunded", true, || {
            page(LinkQuery { status: Some(LinkStatus::Refunded), ..Default::default() })
        }),
        time("first page, mode = test", true, || page(LinkQuery { mode: Some(Mode::Test), ..Default::default() })),
        time("first page, provider = paystack", true, || {
            page(LinkQuery { provider: Some(ProviderId::Paystack), ..Default::default() })
        }),
        time("deep keyset page (before 30%)", true, || {
            page(LinkQuery { before_id: Some(deep), ..Default::default() })
        }),
        time("deep page, status = failed", true, || {
            page(LinkQuery { status: Some(LinkStatus::Failed), before_id: Some(deep), ..Default::default() })
        }),
        time("search a rare email", false, || page(LinkQuery { search: Some("rare-customer".into()), ..Default::default() })),
        time("count, status = paid", false, || {
            store.count_links(&LinkQuery { status: Some(LinkStatus::Paid), ..Default::default() }, None).expect("count")
        }),
        time("count, no filter", false, || store.count_links(&LinkQuery::default(), None).expect("count")),
    ];

    println!("{:<34} {:>8} {:>10} {:>10}", "query", "rows", "first ms", "median ms");
    let mut slow = Vec::new();
    for t in &timings {
        let flag = if t.bounded && t.median_ms > FIRST_PAGE_BOUND_MS { " SLOW" } else { "" };
        println!("{:<34} {:>8} {:>10.2} {:>10.2}{flag}", t.name, t.rows, t.first_ms, t.median_ms);
        if !flag.is_empty() {
            slow.push(t.name);
        }
    }
    // Wrong answers would make fast timings meaningless.
    assert_eq!(timings[0].rows, 50, "the first page should be full");
    assert_eq!(timings[6].rows, 3, "the rare customer has three links");
    assert_eq!(timings[8].rows, rows as u64);

    if !slow.is_empty() {
        eprintln!("\nslower than {FIRST_PAGE_BOUND_MS} ms (median of {RUNS}): {}", slow.join(", "));
        std::process::exit(1);
    }
}
