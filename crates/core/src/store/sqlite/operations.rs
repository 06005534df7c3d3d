//! Operations on a link after it was made (share by e-mail, cancel): each is written with its
//! idempotency key before the provider is called, and a retry of the same operation (same kind,
//! same request) reuses the pending one's key instead of making a new one.

use super::rows::{load_existing, now_text, parse_time, text_col};
use crate::store::OperationRecord;
use crate::i18n::Msg;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};

const COLUMNS: &str = "id, link_id, kind, idempotency_key, request, state, created_at, updated_at, result, error";

fn from_row(row: &Row<'_>) -> rusqlite::Result<OperationRecord> {
    Ok(OperationRecord {
        id: row.get(0)?,
        link_id: row.get(1)?,
        kind: row.get(2)?,
        idempotency_key: row.get(3)?,
        request: row.get(4)?,
        state: row.get(5)?,
        created_at: text_col(row, 6, parse_time)?,
        updated_at: text_col(row, 7, parse_time)?,
        result: row.get(8)?,
        error: row.get(9)?,
    })
}

pub(super) fn begin(conn: &mut Connection, link_id: i64, kind: &str, request: &str) -> Result<OperationRecord> {
    // IMMEDIATE: it reads, then writes (see links.rs).
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    load_existing(&tx, link_id)?;
    let pending = tx
        .query_row(
            &format!("SELECT {COLUMNS} FROM operations WHERE link_id = ?1 AND kind = ?2 AND request = ?3 AND state = 'pending' ORDER BY id DESC LIMIT 1"),
            params![link_id, kind, request],
            from_row,
        )
        .optional()?;
    if let Some(op) = pending {
        tx.commit()?;
        return Ok(op);
    }
    let now = now_text();
    tx.execute(
        "INSERT INTO operations (link_id, kind, idempotency_key, request, state, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?5)",
        params![link_id, kind, uuid::Uuid::new_v4().to_string(), request, now],
    )?;
    let id = tx.last_insert_rowid();
    let op = tx.query_row(&format!("SELECT {COLUMNS} FROM operations WHERE id = ?1"), [id], from_row)?;
    tx.commit()?;
    Ok(op)
}

pub(super) fn finish(conn: &Connection, id: i64, ok: bool, result: Option<&str>, error: Option<&str>) -> Result<OperationRecord> {
    let state = if ok { "done" } else { "failed" };
    let changed = conn.execute(
        "UPDATE operations SET state = ?2, result = ?3, error = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, state, result, error, now_text()],
    )?;
    if changed == 0 {
        return Err(Error::not_found(Msg::new("error-no-operation").num("id", id)));
    }
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM operations WHERE id = ?1"), [id], from_row)?)
}

pub(super) fn list(conn: &Connection, link_id: i64) -> Result<Vec<OperationRecord>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM operations WHERE link_id = ?1 ORDER BY id"))?;
    let ops = stmt.query_map([link_id], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(ops)
}
