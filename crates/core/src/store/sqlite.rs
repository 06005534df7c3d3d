//! [`SqliteStore`]: the link history in one local SQLite file (WAL), behind the [`Store`] trait.
//! Owns the SQL of every query; the schema lives in `migrations.rs`.
//!
//! Times are stored as RFC 3339 UTC text with milliseconds and a `Z`, so they sort as text.
//! Enums are stored by their lowercase names and parsed back through `FromStr`.

use super::migrations::migrate;
use super::query::filters;
use super::{operations, LinkQuery, NewLinkRow, OperationRecord, ReferenceRecord, ReferenceState, StatusEvent, Store};
use crate::link::{Link, LinkStatus};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::types::{Type, Value, ValueRef};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, TransactionBehavior};
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// How long a write waits for another process (a second window, the CLI) to finish its own.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// `chrono` format of every stored time: fixed width, so text order is time order.
const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

/// The columns [`link_from_row`] reads, in its order.
const LINK_COLUMNS: &str = "links.id, links.provider, links.mode, links.reference, links.provider_id, \
     links.url, links.amount_minor, links.currency, links.customer_email, links.description, \
     links.status, links.provider_status, links.created_at, links.updated_at, \
     links.last_verified_at, links.last_error";

/// The history kept in a local SQLite database. One connection, shared behind a mutex: the
/// desk's writes are a few per minute, and SQLite serializes writers anyway.
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (or creates) the history at `path`, creating its folder, and migrates it.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::Io(format!("Cannot create the history folder {}: {e}", dir.display())))?;
        }
        let conn = Connection::open(path)
            .map_err(|e| Error::Io(format!("Cannot open the history database {}: {e}", path.display())))?;
        // Set first: switching to WAL itself needs a lock another process may hold.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL lets the UI read the history while a verify writes to it.
        let journal: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !journal.eq_ignore_ascii_case("wal") {
            // Some network filesystems refuse WAL; the history still works, only with more locking.
            tracing::warn!(path = %path.display(), journal, "SQLite refused WAL mode for the history");
        }
        // NORMAL is durable across application crashes in WAL mode; only a power cut can lose
        // the last commits, and `creating` rows exist so those can be recovered from the provider.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::finish(conn)
    }

    /// A fresh, empty history that lives only as long as the value (for tests).
    pub fn open_in_memory() -> Result<SqliteStore> {
        Self::finish(Connection::open_in_memory()?)
    }

    fn finish(mut conn: Connection) -> Result<SqliteStore> {
        // Off by default in SQLite, per connection.
        conn.pragma_update(None, "foreign_keys", true)?;
        migrate(&mut conn)?;
        Ok(SqliteStore { conn: Mutex::new(conn) })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock drops its Transaction, which rolls back: the
        // connection itself is still sound, so poisoning is not worth failing every later call.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub(super) fn now_text() -> String {
    time_text(Utc::now())
}

fn time_text(t: DateTime<Utc>) -> String {
    t.format(TIME_FORMAT).to_string()
}

/// Reads a text column through `parse`; a failure names the column, as SQLite's own would.
pub(super) fn text_col<T, E>(row: &Row<'_>, idx: usize, parse: impl FnOnce(&str) -> Result<T, E>) -> rusqlite::Result<T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(idx)?;
    parse(&text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

/// [`text_col`] for a column that may be NULL.
fn opt_text_col<T, E>(row: &Row<'_>, idx: usize, parse: impl FnOnce(&str) -> Result<T, E>) -> rusqlite::Result<Option<T>>
where
    E: std::error::Error + Send + Sync + 'static,
{
    match row.get_ref(idx)? {
        ValueRef::Null => Ok(None),
        _ => text_col(row, idx, parse).map(Some),
    }
}

pub(super) fn parse_time(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc))
}

fn parse_state(text: &str) -> Result<ReferenceState> {
    match text {
        "current" => Ok(ReferenceState::Current),
        "void" => Ok(ReferenceState::Void),
        other => Err(Error::Conflict(format!("Unknown reference state \"{other}\" in the history."))),
    }
}

fn link_from_row(row: &Row<'_>) -> rusqlite::Result<Link> {
    Ok(Link {
        id: row.get(0)?,
        provider: text_col(row, 1, str::parse)?,
        mode: text_col(row, 2, str::parse)?,
        reference: row.get(3)?,
        provider_id: row.get(4)?,
        url: row.get(5)?,
        amount_minor: row.get(6)?,
        currency: text_col(row, 7, str::parse)?,
        customer_email: row.get(8)?,
        description: row.get(9)?,
        status: text_col(row, 10, str::parse)?,
        provider_status: row.get(11)?,
        created_at: text_col(row, 12, parse_time)?,
        updated_at: text_col(row, 13, parse_time)?,
        last_verified_at: opt_text_col(row, 14, parse_time)?,
        last_error: row.get(15)?,
    })
}

fn load(conn: &Connection, id: i64) -> Result<Option<Link>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM links WHERE links.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], link_from_row).optional()?)
}

/// Loads a link that must exist, or says which id is missing.
pub(super) fn load_existing(conn: &Connection, id: i64) -> Result<Link> {
    load(conn, id)?.ok_or_else(|| Error::NotFound(format!("No link #{id} in the history.")))
}

fn append_event(
    conn: &Connection,
    link_id: i64,
    at: &str,
    from: Option<LinkStatus>,
    to: LinkStatus,
    provider_status: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO status_events (link_id, at, from_status, to_status, provider_status) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![link_id, at, from.map(LinkStatus::as_str), to.as_str(), provider_status])?;
    Ok(())
}

/// Refuses a reference some link already used, naming that link, before the UNIQUE
/// constraint would refuse it with a bare SQLite message.
fn ensure_reference_free(conn: &Connection, reference: &str) -> Result<()> {
    let owner: Option<i64> = conn
        .prepare_cached("SELECT link_id FROM link_references WHERE reference = ?1")?
        .query_row([reference], |row| row.get(0))
        .optional()?;
    match owner {
        Some(id) => Err(Error::Conflict(format!("The reference {reference} is already used by link #{id}."))),
        None => Ok(()),
    }
}

/// Voids the link's current reference (with `note`) and records `new_reference` as current.
/// The caller updates `links.reference` and commits.
fn swap_reference(conn: &Connection, link_id: i64, note: Option<&str>, new_reference: &str, now: &str) -> Result<()> {
    ensure_reference_free(conn, new_reference)?;
    conn.execute(
        "UPDATE link_references SET state = 'void', note = ?2 WHERE link_id = ?1 AND state = 'current'",
        params![link_id, note],
    )?;
    insert_current_reference(conn, link_id, new_reference, now)
}

/// Records a reference as current, with the idempotency key every send of it will carry.
fn insert_current_reference(conn: &Connection, link_id: i64, reference: &str, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO link_references (link_id, reference, state, created_at, idempotency_key) \
         VALUES (?1, ?2, 'current', ?3, ?4)",
    )?
    .execute(params![link_id, reference, now, uuid::Uuid::new_v4().to_string()])?;
    Ok(())
}

impl Store for SqliteStore {
    fn insert_link(&self, row: &NewLinkRow) -> Result<Link> {
        if row.amount_minor <= 0 {
            return Err(Error::invalid("amount", "The amount must be more than zero."));
        }
        let now = now_text();
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        ensure_reference_free(&tx, &row.reference)?;
        tx.execute(
            "INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, description, \
             status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![
                row.provider.slug(), row.mode.as_str(), row.reference, row.amount_minor, row.currency.code(),
                row.customer_email, row.description, LinkStatus::Creating.as_str(), now,
            ],
        )?;
        let id = tx.last_insert_rowid();
        insert_current_reference(&tx, id, &row.reference, &now)?;
        append_event(&tx, id, &now, None, LinkStatus::Creating, None)?;
        // Read back rather than build: the caller gets exactly what a later read returns.
        let link = load_existing(&tx, id)?;
        tx.commit()?;
        Ok(link)
    }

    fn save_link(&self, link: &Link) -> Result<Link> {
        let now = now_text();
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stored = load_existing(&tx, link.id)?;
        if stored.reference != link.reference {
            // Keep `link_references` the record of every reference, whichever way it changed.
            swap_reference(&tx, link.id, None, &link.reference, &now)?;
        }
        tx.execute(
            "UPDATE links SET provider = ?2, mode = ?3, reference = ?4, provider_id = ?5, url = ?6, \
             amount_minor = ?7, currency = ?8, customer_email = ?9, description = ?10, status = ?11, \
             provider_status = ?12, updated_at = ?13, last_verified_at = ?14, last_error = ?15 WHERE id = ?1",
            params![
                link.id, link.provider.slug(), link.mode.as_str(), link.reference, link.provider_id, link.url,
                link.amount_minor, link.currency.code(), link.customer_email, link.description,
                link.status.as_str(), link.provider_status, now, link.last_verified_at.map(time_text),
                link.last_error,
            ],
        )?;
        if stored.status != link.status {
            append_event(&tx, link.id, &now, Some(stored.status), link.status, link.provider_status.as_deref())?;
        }
        let saved = load_existing(&tx, link.id)?;
        tx.commit()?;
        Ok(saved)
    }

    fn get_link(&self, id: i64) -> Result<Option<Link>> {
        load(&self.conn(), id)
    }

    fn find_by_reference(&self, reference: &str) -> Result<Option<Link>> {
        let sql = format!(
            "SELECT {LINK_COLUMNS} FROM links WHERE links.reference = ?1 \
             OR links.id IN (SELECT link_id FROM link_references WHERE reference = ?1) LIMIT 1"
        );
        let conn = self.conn();
        let link = conn.prepare_cached(&sql)?.query_row([reference], link_from_row).optional()?;
        Ok(link)
    }

    fn list_links(&self, query: &LinkQuery) -> Result<Vec<Link>> {
        let (clause, mut values) = filters(query, true);
        let mut sql = format!("SELECT {LINK_COLUMNS} FROM links{clause} ORDER BY links.id DESC");
        if let Some(limit) = query.limit {
            sql.push_str(" LIMIT ?");
            values.push(Value::Integer(limit.into()));
        }
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&sql)?;
        let links = stmt.query_map(params_from_iter(values), link_from_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(links)
    }

    fn count_links(&self, query: &LinkQuery) -> Result<u64> {
        let (clause, values) = filters(query, false);
        let sql = format!("SELECT count(*) FROM links{clause}");
        let conn = self.conn();
        let count: i64 = conn.prepare_cached(&sql)?.query_row(params_from_iter(values), |row| row.get(0))?;
        Ok(count.max(0) as u64)
    }

    fn status_events(&self, link_id: i64) -> Result<Vec<StatusEvent>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT at, from_status, to_status, provider_status FROM status_events WHERE link_id = ?1 ORDER BY id",
        )?;
        let events = stmt
            .query_map([link_id], |row| {
                Ok(StatusEvent {
                    at: text_col(row, 0, parse_time)?,
                    from: opt_text_col(row, 1, str::parse)?,
                    to: text_col(row, 2, str::parse)?,
                    provider_status: row.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(events)
    }

    fn references(&self, link_id: i64) -> Result<Vec<ReferenceRecord>> {
        let conn = self.conn();
        // rowid, not created_at: two references made in the same millisecond keep their order.
        let mut stmt = conn.prepare_cached(
            "SELECT reference, state, created_at, note, idempotency_key FROM link_references WHERE link_id = ?1 ORDER BY rowid",
        )?;
        let records = stmt
            .query_map([link_id], |row| {
                Ok(ReferenceRecord {
                    reference: row.get(0)?,
                    state: text_col(row, 1, parse_state)?,
                    created_at: text_col(row, 2, parse_time)?,
                    note: row.get(3)?,
                    idempotency_key: row.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(records)
    }

    fn replace_reference(&self, link_id: i64, note: &str, new_reference: &str) -> Result<Link> {
        let now = now_text();
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        load_existing(&tx, link_id)?;
        swap_reference(&tx, link_id, Some(note), new_reference, &now)?;
        tx.execute(
            "UPDATE links SET reference = ?2, updated_at = ?3 WHERE id = ?1",
            params![link_id, new_reference, now],
        )?;
        let link = load_existing(&tx, link_id)?;
        tx.commit()?;
        Ok(link)
    }

    fn claim(&self, link_id: i64, holder: &str, secs: i64) -> Result<bool> {
        let now = Utc::now();
        let until = time_text(now + chrono::Duration::seconds(secs));
        // One statement: the check and the take cannot be split by another writer.
        let taken = self.conn().execute(
            "UPDATE links SET claimed_by = ?2, claimed_until = ?3 WHERE id = ?1 AND status = 'creating' \
             AND (claimed_until IS NULL OR claimed_until < ?4 OR claimed_by = ?2)",
            params![link_id, holder, until, time_text(now)],
        )?;
        Ok(taken == 1)
    }

    fn release(&self, link_id: i64, holder: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE links SET claimed_by = NULL, claimed_until = NULL WHERE id = ?1 AND claimed_by = ?2",
            params![link_id, holder],
        )?;
        Ok(())
    }

    fn begin_operation(&self, link_id: i64, kind: &str, request: &str) -> Result<OperationRecord> {
        operations::begin(&mut self.conn(), link_id, kind, request)
    }

    fn finish_operation(&self, id: i64, ok: bool, result: Option<&str>, error: Option<&str>) -> Result<OperationRecord> {
        operations::finish(&self.conn(), id, ok, result, error)
    }

    fn operations(&self, link_id: i64) -> Result<Vec<OperationRecord>> {
        operations::list(&self.conn(), link_id)
    }

    fn get_setting(&self, key: &str) -> Result<Option<String>> {
        let conn = self.conn();
        let value = conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?;
        Ok(value)
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    fn delete_setting(&self, key: &str) -> Result<bool> {
        Ok(self.conn().execute("DELETE FROM settings WHERE key = ?1", [key])? > 0)
    }

    fn list_settings(&self) -> Result<Vec<(String, String)>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT key, value FROM settings ORDER BY key")?;
        let settings = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(settings)
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
