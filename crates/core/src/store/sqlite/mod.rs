//! [`SqliteStore`]: the link history in one local SQLite file (WAL), behind the [`Store`] trait.
//! The SQL dialect never leaves this folder: `migrations.rs` holds the schema, `links.rs` the
//! links' reads and writes, `lease.rs` the lease, `operations.rs` shares and cancels,
//! `refunds.rs` refunds, `pin.rs` the manager PIN's wrong tries, `rows.rs` how rows are read back. Errors leave it as [`Error::Store`], naming the file and what to do.

mod backup;
mod durable;
mod lease;
mod links;
mod migrations;
mod operations;
mod pin;
mod query;
mod refunds;
mod outbox;
mod report;
mod rows;
mod search;
mod sales;
mod standing;
mod tills;

use super::{Claim, LinkQuery, NewLinkRow, OperationRecord, PinFailures, ReferenceRecord, RefundOutcome, RefundRecord, StatusEvent, Store};
use crate::error::StoreFault;
use crate::i18n::Msg;
use crate::lease::Holder;
use crate::link::{Link, Mode, ProviderId};
use crate::money::Currency;
use chrono::{DateTime, Utc};
use crate::{Error, Result};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

pub use backup::{check_backup, restore, stage_copy, Restored};

/// How long a write waits for another process to finish its own. Writes take milliseconds;
/// this is generous so that many processes at once (64 CLI creates, say) all get their turn.
const BUSY_TIMEOUT: Duration = Duration::from_secs(20);

/// The history kept in a local SQLite database. One connection, shared behind a mutex: the
/// desk calls it from a blocking pool, its writes are a few per sale, and SQLite serializes
/// writers anyway.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    /// The file, to name in error messages (`None` in memory).
    path: Option<PathBuf>,
    till_id: String,
}

impl SqliteStore {
    /// Opens (or creates) the history at `path`, creating its folder, and migrates it.
    /// Nothing is ever overwritten: a damaged file is reported, not replaced.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        Self::open_noting(path, &|_| {})
    }

    /// [`SqliteStore::open`], telling `notice` (one line for a person) before a migration step
    /// that may take a while on a big history, such as building the search index.
    pub fn open_noting(path: &Path, notice: &dyn Fn(&str)) -> Result<SqliteStore> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| no_access(dir, path, &e.to_string()))?;
        }
        let at = Some(path.to_path_buf());
        let conn = Connection::open(path).map_err(|e| place(e.into(), at.as_deref()))?;
        Self::configure(conn, at, notice).map_err(|e| place(e, Some(path)))
    }

    fn configure(conn: Connection, path: Option<PathBuf>, notice: &dyn Fn(&str)) -> Result<SqliteStore> {
        // Set first: switching to WAL itself needs a lock another process may hold.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL lets the UI read the history while a verify writes to it.
        let journal: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !journal.eq_ignore_ascii_case("wal") {
            // Some network filesystems refuse WAL; the history still works, only with more locking.
            tracing::warn!(journal, "SQLite refused WAL mode for the history");
        }
        // NORMAL is durable across application crashes in WAL mode; only a power cut or an OS
        // crash can lose the last commits. The writes a provider call follows are synced to disk
        // all the same (`durable.rs`).
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // The last connection to close would fold the WAL into the file and delete it: two
        // fsyncs at every exit, then a new WAL (its header and its folder fsynced) at the next
        // write — four fsyncs for each `paydesk link create`, 150 ms on a busy disk (strace,
        // docs/speed.md). Left open, the next process appends to the same WAL; SQLite's
        // automatic checkpoint still folds it in every 1,000 pages, and a restore folds and
        // moves it aside with the file (backup.rs).
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        Self::finish(conn, path, notice)
    }

    /// A fresh, empty history that lives only as long as the value (for tests).
    pub fn open_in_memory() -> Result<SqliteStore> {
        Self::finish(Connection::open_in_memory()?, None, &|_| {})
    }

    fn finish(mut conn: Connection, path: Option<PathBuf>, notice: &dyn Fn(&str)) -> Result<SqliteStore> {
        // Off by default in SQLite, per connection.
        conn.pragma_update(None, "foreign_keys", true)?;
        migrations::migrate_noting(&mut conn, notice)?;
        let till_id = migrations::till_id(&conn)?;
        Ok(SqliteStore { conn: Mutex::new(conn), path, till_id })
    }

    /// Builds the search index from scratch, as the migration does for an existing history:
    /// for the benches, and to repair an index by hand.
    #[doc(hidden)]
    pub fn rebuild_search_index(&self, notice: &dyn Fn(&str)) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            search::create_index(&tx, notice)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Works every sale's kept standing (`standing.rs`) out again from its links: for a history
    /// written with SQL by hand (the benches, tests); paydesk's own writes keep it.
    #[doc(hidden)]
    pub fn rebuild_day_standing(&self) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            standing::refresh_all(&tx)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock drops its Transaction, which rolls back: the
        // connection itself is still sound, so poisoning is not worth failing every later call.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the connection; a database error comes back naming the file.
    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        f(&mut self.conn()).map_err(|e| place(e, self.path.as_deref()))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        let fault = match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreFault::Damaged,
            Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => StoreFault::NoAccess,
            Some(ErrorCode::DiskFull) => StoreFault::Full,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreFault::Busy,
            _ => StoreFault::Other,
        };
        Error::store(fault, Msg::new("error-store-said").text("detail", e.to_string()))
    }
}

/// Rewrites a database error to name the file and the next step; other errors pass through.
fn place(e: Error, path: Option<&Path>) -> Error {
    let (Error::Store { fault, message }, Some(path)) = (&e, path) else { return e };
    let (file, detail) = (path.display().to_string(), message.as_str());
    let msg = match fault {
        StoreFault::Damaged => Msg::new("error-store-damaged").text("file", file).text("detail", detail),
        StoreFault::NoAccess => return no_access(path.parent().unwrap_or(path), path, detail),
        StoreFault::Full => Msg::new("error-store-full").text("file", file),
        StoreFault::Busy => Msg::new("error-store-busy").text("file", file).num("secs", BUSY_TIMEOUT.as_secs() as i64),
        StoreFault::Other => Msg::new("error-store-other").text("file", file).text("detail", detail),
    };
    Error::store(*fault, msg)
}

fn no_access(dir: &Path, file: &Path, detail: &str) -> Error {
    let msg = Msg::new("error-store-no-access").text("dir", dir.display().to_string()).text("file", file.display().to_string()).text("detail", detail);
    Error::store(StoreFault::NoAccess, msg)
}

impl Store for SqliteStore {
    fn till_id(&self) -> &str {
        &self.till_id
    }

    fn insert_link(&self, row: &NewLinkRow) -> Result<Link> {
        self.with(|c| links::insert(c, row, &self.till_id))
    }

    fn sale(&self, id_or_uid: &str) -> Result<Option<crate::sale::Sale>> {
        self.with(|c| sales::load(c, id_or_uid))
    }

    fn insert_attempt(&self, sale_id: i64, provider: ProviderId, mode: Mode, reference: &str) -> Result<Link> {
        self.with(|c| sales::insert_attempt(c, sale_id, provider, mode, reference, &self.till_id))
    }

    fn cancel_sale(&self, sale_id: i64) -> Result<()> {
        self.with(|c| sales::cancel(c, sale_id))
    }

    fn recent_like(&self, email: &str, amount_minor: i64, currency: Currency, since: DateTime<Utc>) -> Result<Vec<Link>> {
        self.with(|c| sales::recent_like(c, email, amount_minor, currency, since))
    }

    fn paid_twin(&self, link: &Link, window: chrono::Duration) -> Result<Option<i64>> {
        self.with(|c| sales::paid_twin(c, link, window))
    }

    fn save_link(&self, link: &Link, fence: Option<&str>) -> Result<Link> {
        // Marked sent and still being created: a provider call follows (`durable.rs`).
        if link.sent && link.status == crate::link::LinkStatus::Creating {
            return self.durably(|c| links::save(c, link, fence));
        }
        self.with(|c| links::save(c, link, fence))
    }

    fn get_link(&self, id: i64) -> Result<Option<Link>> {
        self.with(|c| rows::load(c, id))
    }

    fn find_by_reference(&self, reference: &str) -> Result<Option<Link>> {
        self.with(|c| links::find_by_reference(c, reference))
    }

    fn list_links(&self, query: &LinkQuery) -> Result<Vec<Link>> {
        self.with(|c| links::list(c, query))
    }

    fn count_links(&self, query: &LinkQuery, at_most: Option<u64>) -> Result<u64> {
        self.with(|c| links::count(c, query, at_most))
    }

    fn status_events(&self, link_id: i64) -> Result<Vec<StatusEvent>> {
        self.with(|c| links::status_events(c, link_id))
    }

    fn references(&self, link_id: i64) -> Result<Vec<ReferenceRecord>> {
        self.with(|c| links::references(c, link_id))
    }

    fn replace_reference(&self, link_id: i64, note: &str, new_reference: &str, fence: &str) -> Result<Link> {
        self.durably(|c| links::replace_reference(c, link_id, note, new_reference, fence))
    }

    fn claim(&self, link_id: i64, holder: &Holder, secs: i64) -> Result<Claim> {
        self.with(|c| lease::claim(c, link_id, holder, secs))
    }

    fn renew(&self, link_id: i64, token: &str, secs: i64) -> Result<bool> {
        self.with(|c| lease::renew(c, link_id, token, secs))
    }

    fn release(&self, link_id: i64, token: &str) -> Result<()> {
        self.with(|c| lease::release(c, link_id, token))
    }

    fn begin_operation(&self, link_id: i64, kind: &str, request: &str) -> Result<OperationRecord> {
        self.durably(|c| operations::begin(c, link_id, kind, request))
    }

    fn finish_operation(&self, id: i64, ok: bool, result: Option<&str>, error: Option<&str>) -> Result<OperationRecord> {
        self.with(|c| operations::finish(c, id, ok, result, error))
    }

    fn operations(&self, link_id: i64) -> Result<Vec<OperationRecord>> {
        self.with(|c| operations::list(c, link_id))
    }

    fn begin_refund(&self, link_id: i64, amount: Option<i64>, reason: Option<&str>, holder: &Holder, secs: i64) -> Result<(RefundRecord, bool)> {
        self.durably(|c| refunds::begin(c, link_id, amount, reason, holder, secs))
    }

    fn settle_refund(&self, refund_id: i64, token: Option<&str>, outcome: &RefundOutcome) -> Result<(RefundRecord, Link)> {
        self.with(|c| refunds::settle(c, refund_id, token, outcome))
    }

    fn release_refund(&self, refund_id: i64, token: &str, error: &str) -> Result<RefundRecord> {
        self.with(|c| refunds::release(c, refund_id, token, error))
    }

    fn renew_refund(&self, refund_id: i64, token: &str, secs: i64) -> Result<bool> {
        self.with(|c| refunds::renew(c, refund_id, token, secs))
    }

    fn refunds(&self, link_id: i64) -> Result<Vec<RefundRecord>> {
        self.with(|c| refunds::list(c, link_id))
    }

    fn pin_failure(&self, lock_after: u32, lock_secs: i64) -> Result<PinFailures> {
        self.with(|c| pin::failure(c, lock_after, lock_secs))
    }

    fn pin_failures(&self) -> Result<PinFailures> {
        self.with(|c| pin::failures(c))
    }

    fn pin_success(&self) -> Result<()> {
        self.with(|c| pin::success(c))
    }

    fn pending_events(&self, limit: u32) -> Result<Vec<crate::store::sync::Event>> {
        self.with(|c| outbox::pending(c, limit))
    }

    fn mark_pushed(&self, seq: i64) -> Result<()> {
        self.with(|c| outbox::mark_pushed(c, seq))
    }

    fn apply_events(&self, events: &[crate::store::sync::Event], cursor: i64) -> Result<usize> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut fresh = 0;
            for ev in events {
                fresh += usize::from(outbox::apply(&tx, ev)?);
            }
            let before: i64 = outbox::state(&tx, "cursor")?.and_then(|v| v.parse().ok()).unwrap_or(0);
            outbox::set_state(&tx, "cursor", &cursor.max(before).to_string())?;
            tx.commit()?;
            Ok(fresh)
        })
    }

    fn sync_state(&self) -> Result<crate::store::sync::SyncState> {
        self.with(|c| {
            Ok(crate::store::sync::SyncState {
                waiting: outbox::waiting(c)?,
                cursor: outbox::state(c, "cursor")?.and_then(|v| v.parse().ok()).unwrap_or(0),
                last_push: outbox::state(c, "last_push")?,
                last_pull: outbox::state(c, "last_pull")?,
            })
        })
    }

    fn note_synced(&self, what: &str) -> Result<()> {
        self.with(|c| outbox::set_state(c, &format!("last_{what}"), &rows::now_text()))
    }

    fn links_with_pending_refunds(&self) -> Result<Vec<Link>> {
        self.with(|c| refunds::links_pending(c))
    }

    fn till_names(&self) -> Result<Vec<(String, String)>> {
        self.with(|c| tills::names(c))
    }

    fn save_till_names(&self, names: &[(String, String)]) -> Result<()> {
        self.with(|c| tills::save(c, names, &self.till_id))
    }

    fn sale_totals(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<crate::report::TotalsRow>> {
        self.with(|c| report::totals(c, from, to))
    }

    fn paid_sales(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<crate::report::PaidSale>> {
        self.with(|c| report::paid(c, from, to))
    }

    fn refunded_sales(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<crate::report::RefundedSale>> {
        self.with(|c| report::refunded(c, from, to))
    }

    fn earlier_refunds(&self, from: DateTime<Utc>, to: DateTime<Utc>, day_of: &dyn Fn(DateTime<Utc>) -> chrono::NaiveDate) -> Result<Vec<crate::report::EarlierRefund>> {
        self.with(|c| report::earlier(c, from, to, day_of))
    }

    fn backup_to(&self, dest: &Path) -> Result<()> {
        self.with(|c| backup::backup_to(c, dest))
    }

    fn get_setting(&self, key: &str) -> Result<Option<String>> {
        self.with(|c| {
            let value = c.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |row| row.get(0)).optional()?;
            Ok(value)
        })
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }

    fn delete_setting(&self, key: &str) -> Result<bool> {
        self.with(|c| Ok(c.execute("DELETE FROM settings WHERE key = ?1", [key])? > 0))
    }

    fn list_settings(&self) -> Result<Vec<(String, String)>> {
        self.with(|c| {
            let mut stmt = c.prepare_cached("SELECT key, value FROM settings ORDER BY key")?;
            let settings = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            Ok(settings)
        })
    }
}

/// Every store a unit test made checks, when dropped, that each sale's kept standing is what
/// its links say: whatever the test wrote through paydesk's own code kept it (`standing.rs`).
#[cfg(test)]
impl Drop for SqliteStore {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let wrong = standing::mismatches(&self.conn());
        assert!(wrong.is_empty(), "the day's standing was not kept: {wrong:#?}");
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_writers;
#[cfg(test)]
mod tests_search;
#[cfg(test)]
mod tests_plans;
#[cfg(test)]
mod tests_standing;
