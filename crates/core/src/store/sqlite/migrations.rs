//! The history database's schema: an append-only list of SQL steps, applied up to
//! `PRAGMA user_version` in one transaction (the habit of cargo's `util/sqlite.rs`).

use crate::i18n::Msg;
use crate::{Error, Result};
use rusqlite::{params, Connection, Transaction, TransactionBehavior};

/// One schema change: SQL, or Rust where SQL cannot do it (making UUID v7s for existing rows).
enum Step {
    Sql(&'static str),
    Rust(fn(&Transaction<'_>) -> Result<()>),
    /// Rust that may take long on a big history: it is handed what to tell the person first.
    Slow(SlowStep),
}
/// A step given what to tell the person before it starts.
type SlowStep = fn(&Transaction<'_>, &dyn Fn(&str)) -> Result<()>;
use Step::{Rust, Slow, Sql};

/// Every schema change, oldest first. `PRAGMA user_version` records how many have run.
///
/// NEVER reorder, edit or remove a step: databases in the field have already run them, and the
/// index of a step is its version. To change the schema, append a new step.
const MIGRATIONS: &[Step] = &[
    // 1: links, their references, their status history, and settings.
    //
    // `status` has no CHECK on purpose: SQLite cannot alter a CHECK without rebuilding the table,
    // and a new status word should not cost a rebuild of a million-row history. The code parses
    // every status through `LinkStatus::from_str`, so a bad word is still caught on read.
    Sql(r#"
    CREATE TABLE links (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        provider         TEXT    NOT NULL,
        mode             TEXT    NOT NULL CHECK (mode IN ('test', 'live')),
        reference        TEXT    NOT NULL UNIQUE,
        provider_id      TEXT,
        url              TEXT,
        amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
        currency         TEXT    NOT NULL CHECK (length(currency) = 3),
        customer_email   TEXT    NOT NULL,
        description      TEXT,
        status           TEXT    NOT NULL,
        provider_status  TEXT,
        created_at       TEXT    NOT NULL,
        updated_at       TEXT    NOT NULL,
        last_verified_at TEXT,
        last_error       TEXT
    );
    -- Newest-first pages with one filter walk one of these backwards and stop after LIMIT rows.
    CREATE INDEX links_status_id   ON links (status, id);
    CREATE INDEX links_provider_id ON links (provider, id);
    CREATE INDEX links_mode_id     ON links (mode, id);

    CREATE TABLE link_references (
        link_id    INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
        reference  TEXT    NOT NULL UNIQUE,
        state      TEXT    NOT NULL CHECK (state IN ('current', 'void')),
        created_at TEXT    NOT NULL,
        note       TEXT
    );
    CREATE INDEX link_references_link ON link_references (link_id);
    -- A link has at most one reference in use.
    CREATE UNIQUE INDEX link_references_one_current ON link_references (link_id) WHERE state = 'current';
    -- Searching void references scans only these few rows, not one row per link.
    CREATE INDEX link_references_void ON link_references (reference) WHERE state = 'void';

    CREATE TABLE status_events (
        id              INTEGER PRIMARY KEY,
        link_id         INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
        at              TEXT    NOT NULL,
        from_status     TEXT,
        to_status       TEXT    NOT NULL,
        provider_status TEXT
    );
    CREATE INDEX status_events_link ON status_events (link_id, id);

    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    "#),
    // 2: idempotency keys, made once and stored before the first send of each provider call.
    //
    // A create's key belongs to its reference (a new reference is a new attempt, so a new key).
    // Later calls on a link (share by e-mail, cancel) are `operations`, each with its own key,
    // reused by every retry of that same operation.
    Sql(r#"
    ALTER TABLE link_references ADD COLUMN idempotency_key TEXT;
    UPDATE link_references SET idempotency_key = lower(hex(randomblob(16))) WHERE idempotency_key IS NULL;

    CREATE TABLE operations (
        id              INTEGER PRIMARY KEY,
        link_id         INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
        kind            TEXT    NOT NULL,
        idempotency_key TEXT    NOT NULL UNIQUE,
        request         TEXT    NOT NULL,
        state           TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
        created_at      TEXT    NOT NULL,
        updated_at      TEXT    NOT NULL,
        result          TEXT,
        error           TEXT
    );
    CREATE INDEX operations_link ON operations (link_id, id);
    "#),
    // 3: a lease on a link being created, so two processes (the CLI and the app) never send it
    // at the same time. It expires by itself if its holder dies.
    Sql(r#"
    ALTER TABLE links ADD COLUMN claimed_by TEXT;
    ALTER TABLE links ADD COLUMN claimed_until TEXT;
    "#),
    // 4: ready for several tills and for two writers. Each link gets a globally unique id
    // (UUID v7, filled in by step 5 for links made before) and the till that made it; a
    // version that every save bumps, so a save from an older copy is merged by the status
    // rule instead of overwriting; and a lease that names its holder's process, so a dead
    // holder frees its sale at once and a live one can say who it is.
    Sql(r#"
    ALTER TABLE links ADD COLUMN uid TEXT;
    ALTER TABLE links ADD COLUMN till_id TEXT;
    ALTER TABLE links ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE links ADD COLUMN claimed_pid INTEGER;
    ALTER TABLE links ADD COLUMN claimed_start TEXT;
    ALTER TABLE links ADD COLUMN claimed_since TEXT;
    ALTER TABLE links ADD COLUMN claimed_till TEXT;
    -- This install's till id: one row, made once, never a setting a person edits.
    CREATE TABLE till (id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
    "#),
    // 5: this install's till id, and uids for the links already there (from their creation
    // time, so they sort like the links), then the uid becomes unique.
    Rust(fill_uids),
    // 6:
    Sql("CREATE UNIQUE INDEX links_uid ON links (uid);"),
    // 7: refunds (before the steps below whose Rust reads links with every column). Each is
    // written (with its idempotency key and our own reference) before the provider is called, and reserves its amount in the same IMMEDIATE transaction that checks
    // what is left, so two processes refunding at once cannot both pass. The link keeps the sums
    // (processed; reserved = not failed) so a page of the history reads them without a join, and
    // its CHECK is the last word on "never more than was paid". A refund being sent has a lease
    // of its own (claimed_*), like a link being created. Status events name the refund that
    // caused them. No CHECK on `state`, as with links.status: a new word should cost no rebuild.
    Sql(r#"
    ALTER TABLE links ADD COLUMN refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0);
    ALTER TABLE links ADD COLUMN refund_reserved_minor INTEGER NOT NULL DEFAULT 0
        CHECK (refund_reserved_minor >= refunded_minor AND refund_reserved_minor <= amount_minor);

    CREATE TABLE refunds (
        id                 INTEGER PRIMARY KEY,
        link_id            INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
        reference          TEXT    NOT NULL UNIQUE,
        idempotency_key    TEXT    NOT NULL UNIQUE,
        amount_minor       INTEGER NOT NULL CHECK (amount_minor > 0),
        reason             TEXT,
        state              TEXT    NOT NULL,
        method             TEXT,
        provider_refund_id TEXT,
        provider_status    TEXT,
        error              TEXT,
        created_at         TEXT    NOT NULL,
        updated_at         TEXT    NOT NULL,
        claimed_by         TEXT,
        claimed_until      TEXT,
        claimed_pid        INTEGER,
        claimed_start      TEXT,
        claimed_till       TEXT
    );
    CREATE INDEX refunds_link ON refunds (link_id, id);
    -- One refund per link whose fate is unknown: a lost answer is then looked up unambiguously.
    CREATE UNIQUE INDEX refunds_one_sending ON refunds (link_id) WHERE state = 'sending';
    -- What verify re-reads.
    CREATE INDEX refunds_pending ON refunds (link_id) WHERE state = 'pending';

    ALTER TABLE status_events ADD COLUMN refund_id INTEGER REFERENCES refunds (id);
    "#),
    // 8: the sale above its attempts. A sale is what the customer is asked to pay; each link is
    // one attempt at a provider (a failover makes a second). `current_link_id` is the attempt
    // shown; `duplicate_of` records the owner's choice to make a new sale although a like one
    // existed. `sent` on a link: 0 only when no send of it can have left this machine (so it
    // surely was never created), 1 otherwise — including a crash mid-send.
    Sql(r#"
    CREATE TABLE sales (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        uid             TEXT    NOT NULL UNIQUE,
        till_id         TEXT    NOT NULL,
        amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
        currency        TEXT    NOT NULL CHECK (length(currency) = 3),
        customer_email  TEXT    NOT NULL,
        description     TEXT,
        mode            TEXT    NOT NULL CHECK (mode IN ('test', 'live', 'training')),
        created_at      TEXT    NOT NULL,
        current_link_id INTEGER,
        duplicate_of    INTEGER,
        cancelled_at    TEXT
    );
    ALTER TABLE links ADD COLUMN sale_id INTEGER REFERENCES sales (id);
    ALTER TABLE links ADD COLUMN sent INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX links_sale ON links (sale_id, id);
    -- The duplicate guard and the paid-twice check look for one customer's recent links.
    CREATE INDEX links_customer ON links (customer_email, created_at);
    "#),
    Rust(fill_sales),
    // 10: the outbox for the shop hub. Every local change of a sale or link appends an immutable
    // event (a snapshot of the row) in the same transaction, whether or not a hub is set up, so
    // a till that joins a hub later, or was offline for a day, pushes everything. Events pulled
    // from the hub are applied once (`applied_events`), in any order, by the merge rule;
    // `owner_seq` keeps the owning till's latest word on what only it changes (reference, page).
    Sql(r#"
    CREATE TABLE outbox (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        uid        TEXT    NOT NULL UNIQUE,
        entity     TEXT    NOT NULL CHECK (entity IN ('sale', 'link')),
        entity_uid TEXT    NOT NULL,
        kind       TEXT    NOT NULL,
        body       TEXT    NOT NULL,
        at         TEXT    NOT NULL,
        pushed_at  TEXT
    );
    CREATE INDEX outbox_pending ON outbox (seq) WHERE pushed_at IS NULL;
    CREATE TABLE applied_events (uid TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE hub_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    ALTER TABLE links ADD COLUMN owner_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sales ADD COLUMN owner_seq INTEGER NOT NULL DEFAULT 0;
    "#),
    // 11: the outbox starts with every sale and link already there.
    Rust(fill_outbox),

    // 12: the shop's day (`report`). Its
    // totals read every sale made in a window of time: the first index finds them and covers
    // what is read of each; the second gives a sale's best attempt (paid or refunded) without
    // reading its link rows. Goal at 1,000,000 sales: a day < 50 ms, a
    // year < 500 ms (benches/day_totals.rs).
    Sql(r#"
    CREATE INDEX sales_created ON sales (created_at, current_link_id, mode, currency, amount_minor);
    CREATE INDEX links_sale_status ON links (sale_id, status);
    "#),
    // 13 (last: it only needs `links` and `link_references`): a trigram index
    // for the history's search (email, description, every reference), kept in step by
    // triggers and built here for the links already there. See `search.rs`.
    Slow(super::search::create_index),
    // 14: the other tills' names, as the shop hub last said them (this till's own is the
    // `till.name` setting), so an offline history can still say which till made a sale.
    // `IF NOT EXISTS`: the search index's tests run step 13 again, and this one after it.
    Sql(r#"
    CREATE TABLE IF NOT EXISTS tills (
        id      TEXT NOT NULL PRIMARY KEY,
        name    TEXT NOT NULL,
        seen_at TEXT NOT NULL
    ) WITHOUT ROWID;
    "#),
    // 15: the duplicate check before every create and History's "paid twice" mark compare the
    // customer's email in any case (`COLLATE NOCASE`), which the binary `links_customer` index
    // could not serve: each was a walk of the whole history (3.3 s for a create's check at a
    // million links, 1.1 s for a first page holding paid links: benches/history.rs). This index
    // serves them, and replaces the one nothing else read.
    Sql(r#"
    CREATE INDEX IF NOT EXISTS links_customer_nocase ON links (customer_email COLLATE NOCASE, created_at);
    DROP INDEX IF EXISTS links_customer;
    "#),
    // 16: each sale's status and current provider kept on its row, so the day's totals read one
    // index range instead of two link look-ups a sale (a year at a million sales took 507-551 ms
    // on a 2-core Xeon, over its 500 ms goal). See `standing.rs`.
    Slow(super::standing::create),
    // 17: a sale paid twice whose second payment was given back counts as paid, not refunded:
    // its kept standing is worked out again. See `standing.rs`.
    Rust(super::standing::recount_paid_twice),
    // 18: a status change this till took from another till's event (the shop hub) is marked, so
    // a refund another till made through paydesk (refunds are not shared) is not taken for one a
    // verify here saw given back on the provider's side (`report.rs`, `EARLIER`).
    Rust(mark_hub_events),
];

/// Brings the schema up to date. Running it again is a no-op.
///
/// The transaction is IMMEDIATE so two processes opening the same new file do not both read
/// version 0 and both try to create the tables: the second waits (busy timeout), then sees the
/// first one's version.
#[cfg(test)]
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_noting(conn, &|_| {})
}

/// [`migrate`], telling `notice` before a step that may take a while on a big history.
pub(crate) fn migrate_noting(conn: &mut Connection, notice: &dyn Fn(&str)) -> Result<()> {
    // Up to date is the common case: a plain read, so sixteen processes opening the history at
    // once do not queue for the write lock only to find nothing to do.
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current == MIGRATIONS.len() as i64 {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        // Running older steps' assumptions against a newer schema could break its rules.
        return Err(Error::conflict(Msg::new("error-history-newer").num("version", version).num("known", known)));
    }
    if version < known {
        for step in &MIGRATIONS[version as usize..] {
            match step {
                Sql(sql) => tx.execute_batch(sql)?,
                Rust(run) => run(&tx)?,
                Slow(run) => run(&tx, notice)?,
            }
        }
        tx.pragma_update(None, "user_version", known)?;
    }
    tx.commit()?;
    Ok(())
}

/// This install's till id, as step 5 made it.
pub(super) fn till_id(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT id FROM till LIMIT 1", [], |r| r.get(0))?)
}

fn fill_uids(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("INSERT INTO till (id) VALUES (?1)", [uuid::Uuid::now_v7().to_string()])?;
    let till = till_id(tx)?;
    let rows: Vec<(i64, String)> = tx
        .prepare("SELECT id, created_at FROM links WHERE uid IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare("UPDATE links SET uid = ?2, till_id = ?3 WHERE id = ?1")?;
    for (id, created_at) in rows {
        let millis = chrono::DateTime::parse_from_rfc3339(&created_at).map(|t| t.timestamp_millis()).unwrap_or(0).max(0) as u64;
        let ts = uuid::Timestamp::from_unix(uuid::NoContext, millis / 1000, ((millis % 1000) * 1_000_000) as u32);
        update.execute(params![id, uuid::Uuid::new_v7(ts).to_string(), till])?;
    }
    Ok(())
}

/// Step 18: `status_events.from_hub`, 1 on an event applied from the shop hub. Before it, this
/// till applied other tills' events unmarked, on its own links as on theirs, so an older change
/// to refunded with no refund of ours behind it may be another till's refund: every such one is
/// marked too. Z reports of the days before the upgrade list no provider-side refund, as before.
/// The column is added only when missing, so the step can run again (the standing's tests do).
fn mark_hub_events(tx: &Transaction<'_>) -> Result<()> {
    let has: bool = tx.prepare("SELECT 1 FROM pragma_table_info('status_events') WHERE name = 'from_hub'")?.exists([])?;
    if !has {
        tx.execute_batch("ALTER TABLE status_events ADD COLUMN from_hub INTEGER NOT NULL DEFAULT 0;")?;
    }
    tx.execute("UPDATE status_events SET from_hub = 1 WHERE to_status = 'refunded' AND refund_id IS NULL", [])?;
    Ok(())
}

/// One sale per link made before sales existed, made from the link itself.
fn fill_sales(tx: &Transaction<'_>) -> Result<()> {
    let till = till_id(tx)?;
    let rows: Vec<(i64, String, String)> = tx
        .prepare("SELECT id, uid, created_at FROM links WHERE sale_id IS NULL ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, link_uid, _) in rows {
        // The link's own v7 uid shares its time: the sale gets a fresh one from the same instant.
        let at = uuid::Uuid::parse_str(&link_uid).ok().and_then(|u| u.get_timestamp());
        let uid = at.map(uuid::Uuid::new_v7).unwrap_or_else(uuid::Uuid::now_v7).to_string();
        tx.execute(
            "INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, description, mode, created_at, current_link_id) \
             SELECT ?2, coalesce(till_id, ?3), amount_minor, currency, customer_email, description, \
             CASE WHEN provider = 'training' THEN 'training' ELSE mode END, created_at, id FROM links WHERE id = ?1",
            params![id, uid, till],
        )?;
        tx.execute("UPDATE links SET sale_id = last_insert_rowid() WHERE id = ?1", [id])?;
    }
    Ok(())
}

fn fill_outbox(tx: &Transaction<'_>) -> Result<()> {
    let sales: Vec<i64> = tx.prepare("SELECT id FROM sales ORDER BY id")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    for id in sales {
        super::outbox::record_sale(tx, id, "existing")?;
        let links: Vec<i64> =
            tx.prepare("SELECT id FROM links WHERE sale_id = ?1 ORDER BY id")?.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for link in links {
            super::outbox::record_link(tx, link, "existing")?;
        }
    }
    Ok(())
}

/// The version of a history made just before the search index's step (13), for its tests.
#[cfg(test)]
pub(crate) const BEFORE_SEARCH_INDEX: i64 = 12;

/// How many steps exist: the `user_version` of an up-to-date database.
#[cfg(test)]
pub(crate) fn latest_version() -> i64 {
    latest()
}

/// The newest schema this paydesk knows: a backup from a newer one is refused.
pub(super) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}
