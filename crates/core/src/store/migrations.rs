//! The history database's schema: an append-only list of SQL steps, applied up to
//! `PRAGMA user_version` in one transaction (the habit of cargo's `util/sqlite.rs`).

use crate::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};

/// Every schema change, oldest first. `PRAGMA user_version` records how many have run.
///
/// NEVER reorder, edit or remove a step: databases in the field have already run them, and the
/// index of a step is its version. To change the schema, append a new step.
const MIGRATIONS: &[&str] = &[
    // 1: links, their references, their status history, and settings.
    //
    // `status` has no CHECK on purpose: SQLite cannot alter a CHECK without rebuilding the table,
    // and a new status word should not cost a rebuild of a million-row history. The code parses
    // every status through `LinkStatus::from_str`, so a bad word is still caught on read.
    r#"
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
    "#,
    // 2: idempotency keys, made once and stored before the first send of each provider call.
    //
    // A create's key belongs to its reference (a new reference is a new attempt, so a new key).
    // Later calls on a link (share by e-mail, cancel) are `operations`, each with its own key,
    // reused by every retry of that same operation.
    r#"
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
    "#,
    // 3: a lease on a link being created, so two processes (the CLI and the app) never send it
    // at the same time. It expires by itself if its holder dies.
    r#"
    ALTER TABLE links ADD COLUMN claimed_by TEXT;
    ALTER TABLE links ADD COLUMN claimed_until TEXT;
    "#,
];

/// Brings the schema up to date. Running it again is a no-op.
///
/// The transaction is IMMEDIATE so two processes opening the same new file do not both read
/// version 0 and both try to create the tables: the second waits (busy timeout), then sees the
/// first one's version.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        // Running older steps' assumptions against a newer schema could break its rules.
        return Err(Error::Conflict(format!(
            "The history database was written by a newer paydesk (schema {version}; this one knows {known}). Update paydesk to open it."
        )));
    }
    if version < known {
        for step in &MIGRATIONS[version as usize..] {
            tx.execute_batch(step)?;
        }
        tx.pragma_update(None, "user_version", known)?;
    }
    tx.commit()?;
    Ok(())
}

/// How many steps exist: the `user_version` of an up-to-date database.
#[cfg(test)]
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
