//! The manager PIN's wrong tries, kept in the settings table beside the PIN's hash (under keys
//! no config command knows), so that a restart does not reset them. Counting is one IMMEDIATE
//! transaction: two processes each told a wrong PIN both count.

use super::rows::{parse_time, time_text};
use crate::store::PinFailures;
use crate::Result;
use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

const COUNT: &str = "pin.failures";
const LOCKED_UNTIL: &str = "pin.locked_until";

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

fn read(conn: &Connection) -> Result<PinFailures> {
    let count = get(conn, COUNT)?.and_then(|c| c.parse().ok()).unwrap_or(0);
    let locked_until = get(conn, LOCKED_UNTIL)?.and_then(|t| parse_time(&t).ok()).filter(|t| *t > Utc::now());
    Ok(PinFailures { count, locked_until })
}

pub(super) fn failures(conn: &Connection) -> Result<PinFailures> {
    read(conn)
}

pub(super) fn failure(conn: &mut Connection, lock_after: u32, lock_secs: i64) -> Result<PinFailures> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let count = read(&tx)?.count.saturating_add(1);
    put(&tx, COUNT, &count.to_string())?;
    let locked_until = if count >= lock_after {
        let until = Utc::now() + chrono::Duration::seconds(lock_secs);
        put(&tx, LOCKED_UNTIL, &time_text(until))?;
        Some(until)
    } else {
        None
    };
    tx.commit()?;
    Ok(PinFailures { count, locked_until })
}

pub(super) fn success(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key IN (?1, ?2)", params![COUNT, LOCKED_UNTIL])?;
    Ok(())
}
