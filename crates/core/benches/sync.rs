//! Sync through a real PostgreSQL hub: one till pushes 100,000 events, another pulls and applies
//! them (events per second each way), then a till that was offline for a day catches up on
//! 10,000. Needs PostgreSQL: `make bench` runs it under `pg_virtualenv`.
//!
//! The events are one real sale's, repeated under fresh uids (each a distinct sale and link), so
//! they are what a busy shop would send.

use paydesk_core::desk::{CreateInput, Desk};
use paydesk_core::settings::Environment;
use paydesk_core::vault::{MemoryVault, Vault};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Instant;

fn pg(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| panic!("{var} is not set: run under pg_virtualenv (make bench does)"))
}

fn till(url: &str) -> (Desk, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let vault = MemoryVault::new();
    vault.set_hub_url(&SecretString::from(url.to_string())).unwrap();
    let desk = Desk::open(dir.path(), Arc::new(vault), Environment::default()).unwrap();
    (desk, dir)
}

/// Copies the till's outbox `n` times over, each copy a new sale and link (fresh uids).
fn fill_outbox(dir: &std::path::Path, copies: usize) {
    let db = rusqlite::Connection::open(dir.join("paydesk.sqlite3")).unwrap();
    let rows: Vec<(String, String, String, String)> = db
        .prepare("SELECT entity, entity_uid, kind, body FROM outbox ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let sale_uid = rows.iter().find(|r| r.0 == "sale").unwrap().1.clone();
    let link_uid = rows.iter().find(|r| r.0 == "link").unwrap().1.clone();
    let tx = db.unchecked_transaction().unwrap();
    {
        let mut ins = tx.prepare("INSERT INTO outbox (uid, entity, entity_uid, kind, body, at) VALUES (?1, ?2, ?3, ?4, ?5, 'bench')").unwrap();
        for _ in 0..copies {
            let (s, l) = (uuid::Uuid::now_v7().to_string(), uuid::Uuid::now_v7().to_string());
            let reference = format!("PDB{}", &uuid::Uuid::new_v4().simple().to_string()[..19]).to_uppercase();
            for (entity, uid, kind, body) in &rows {
                let body = body.replace(&sale_uid, &s).replace(&link_uid, &l);
                let body = if entity == "link" { with_reference(&body, &reference) } else { body };
                let uid_for = if uid == &sale_uid { &s } else { &l };
                ins.execute(rusqlite::params![uuid::Uuid::now_v7().to_string(), entity, uid_for, kind, body]).unwrap();
            }
        }
    }
    tx.commit().unwrap();
}

fn with_reference(body: &str, reference: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["reference"] = serde_json::Value::String(reference.to_string());
    v.to_string()
}

#[tokio::main]
async fn main() {
    let admin = format!("postgresql://{}:{}@{}:{}/postgres", pg("PGUSER"), pg("PGPASSWORD"), pg("PGHOST"), pg("PGPORT"));
    let (client, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(conn);
    let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
    client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    let url = format!("postgresql://{}:{}@{}:{}/{name}", pg("PGUSER"), pg("PGPASSWORD"), pg("PGHOST"), pg("PGPORT"));

    let (a, a_dir) = till(&url);
    a.hub_init().await.unwrap();
    let sale = CreateInput { provider: Some("training".into()), amount: "10".into(), currency: Some("NGN".into()), email: "ada@example.com".into(), ..Default::default() };
    a.create(&sale).await.unwrap(); // 3 events: the sale, its link made, its link open
    let copies = std::env::var("PAYDESK_BENCH_SALES").ok().and_then(|v| v.parse().ok()).unwrap_or(33_333usize);
    fill_outbox(a_dir.path(), copies);
    let total = a.hub_status().unwrap().state.waiting;

    let started = Instant::now();
    let pushed = a.sync().await.unwrap().pushed;
    let push_s = started.elapsed().as_secs_f64();
    let (b, _b_dir) = till(&url);
    let started = Instant::now();
    let report = b.sync().await.unwrap();
    let pull_s = started.elapsed().as_secs_f64();
    assert_eq!((pushed, report.applied), (total, total), "every event pushed once and applied once");

    // A till offline for a day: 10,000 events to catch up on.
    let (c, _c_dir) = till(&url);
    let day = 10_000u64;
    let cursor = (total - day) as i64;
    let db = rusqlite::Connection::open(_c_dir.path().join("paydesk.sqlite3")).unwrap();
    db.execute("INSERT INTO hub_state (key, value) VALUES ('cursor', ?1)", [cursor.to_string()]).unwrap();
    drop(db);
    let started = Instant::now();
    let caught = c.sync().await.unwrap();
    let day_s = started.elapsed().as_secs_f64();

    println!("{:<52} {:>10} {:>12}", "sync through a local PostgreSQL hub", "seconds", "events/s");
    println!("{:<52} {:>10.1} {:>12.0}", format!("push {pushed} events from one till"), push_s, pushed as f64 / push_s);
    println!("{:<52} {:>10.1} {:>12.0}", format!("pull and apply {} events on another", report.applied), pull_s, report.applied as f64 / pull_s);
    println!("{:<52} {:>10.1} {:>12.0}", format!("a till offline for a day catches up ({} events)", caught.pulled), day_s, caught.pulled as f64 / day_s);
}
