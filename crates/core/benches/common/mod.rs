//! A history the size of years of use, for the benches: made once per size and schema, kept in
//! `target/bench-data/` (a million links take a minute or two to make on two cores), and reused
//! by `make bench`'s process measurements (CSV export, first page from the CLI).
#![allow(dead_code)]

use chrono::{Duration, TimeZone, Utc};
use paydesk_core::link::{LinkStatus, Mode, ProviderId};
use paydesk_core::money::Currency;
use paydesk_core::store::SqliteStore;
use rusqlite::{params, Connection};
use std::path::PathBuf;
use std::time::Instant;

/// The currencies a bench history is spread over (the seven paydesk knew when the benches were
/// first measured, so histories kept in `target/bench-data/` stay comparable).
pub const CURRENCIES: [Currency; 7] =
    [Currency::NGN, Currency::GHS, Currency::ZAR, Currency::KES, Currency::USD, Currency::GBP, Currency::EUR];

/// The customer the rare search looks for: three links, one of them deep in the history.
pub const RARE_EMAIL: &str = "zainab.rare-customer@kanoshop.ng";

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
pub fn bulk_load(conn: &mut Connection, rows: i64) -> rusqlite::Result<()> {
    // The unique reference indexes take random inserts: a large cache keeps them in memory.
    conn.pragma_update(None, "cache_size", -512_000)?;
    let tx = conn.transaction()?;
    // Every link belongs to a sale: one stands for them all (no timed query reads sales).
    tx.execute(
        "INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, mode, created_at) \
         VALUES ('bench-sale', (SELECT id FROM till), 100, 'NGN', 'bench@example.com', 'live', '2023-01-01T08:00:00.000Z')",
        [],
    )?;
    let sale_id = tx.last_insert_rowid();
    {
        let mut link = tx.prepare(&format!(
            "INSERT INTO links (id, provider, mode, reference, provider_id, url, amount_minor, currency, \
             customer_email, description, status, provider_status, created_at, updated_at, last_verified_at, uid, till_id, sale_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?13, ?14, (SELECT id FROM till), {sale_id})"
        ))?;
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
                CURRENCIES[rng.below(CURRENCIES.len())].code(),
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


/// Where the benches keep their histories.
pub fn data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("bench-data")
}

/// The folder of a history of `rows` links (its file is `paydesk.sqlite3`, as `--data-dir` expects),
/// made now unless a complete one is there. Links are written with the search index's triggers
/// dropped, then the index is built the way the migration builds it for an existing history, timed.
pub fn history(rows: i64) -> PathBuf {
    let dir = data_dir().join(format!("history-{rows}"));
    let path = dir.join(paydesk_core::desk::DB_FILE);
    let done = dir.join("complete");
    if done.exists() {
        SqliteStore::open(&path).expect("open the bench history"); // migrates a file made by an older paydesk
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench data folder");
    SqliteStore::open(&path).expect("create the history");
    let started = Instant::now();
    let mut raw = Connection::open(&path).expect("open the file for loading");
    raw.execute_batch(
        "DROP TABLE links_search; DROP TRIGGER IF EXISTS links_search_insert; DROP TRIGGER IF EXISTS links_search_update; \
         DROP TRIGGER IF EXISTS links_search_delete; DROP TRIGGER IF EXISTS links_search_reference_insert; \
         DROP TRIGGER IF EXISTS links_search_reference_delete;",
    )
    .expect("drop the index");
    bulk_load(&mut raw, rows).expect("bulk load");
    drop(raw);
    println!("loaded {rows} links in {:.1} s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    SqliteStore::open(&path).expect("open").rebuild_search_index(&|m| println!("{m}")).expect("index");
    let secs = started.elapsed().as_secs_f64();
    println!("built the search index (migration) in {secs:.1} s");
    std::fs::write(dir.join("index-build-secs"), format!("{secs:.1}")).expect("note");
    std::fs::write(&done, "").expect("mark complete");
    dir
}
