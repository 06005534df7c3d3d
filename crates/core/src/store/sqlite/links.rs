//! The links table's write paths and reads. Every transaction that reads and then writes begins
//! IMMEDIATE: in WAL mode a DEFERRED one that read first answers SQLITE_BUSY at once, without
//! waiting, when another process (the app and the CLI share the history) committed in between.
//!
//! A save is compare-and-set on the link's `version`. A save made from an older copy is not
//! written over the newer row: the two are merged by [`crate::merge`], so an older answer never
//! replaces a newer one. Saves made under a lease are fenced: they fail if the lease was lost.

use super::query::{plan, Plan};
use super::rows::{link_from_row, load_existing, now_text, opt_text_col, parse_state, parse_time, text_col, time_text, LINK_COLUMNS};
use crate::link::{Link, LinkStatus};
use crate::merge::{incoming_wins, Seen};
use crate::store::{LinkQuery, NewLinkRow, ReferenceRecord, StatusEvent};
use crate::i18n::Msg;
use crate::{Error, Result};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, TransactionBehavior};

/// One line of the link's timeline; `refund_id` when a refund caused it.
pub(super) struct Event<'a> {
    pub from: Option<LinkStatus>,
    pub to: LinkStatus,
    pub provider_status: Option<&'a str>,
    pub refund_id: Option<i64>,
}

pub(super) fn append_event(conn: &Connection, link_id: i64, at: &str, e: Event<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO status_events (link_id, at, from_status, to_status, provider_status, refund_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![link_id, at, e.from.map(LinkStatus::as_str), e.to.as_str(), e.provider_status, e.refund_id])?;
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
        Some(id) => Err(Error::conflict(Msg::new("error-reference-taken").text("reference", reference).num("link", id))),
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

/// Fails unless `token` still holds the lease on the link: a process that lost its lease (it was
/// frozen past its expiry and another took over) must not write what it learned meanwhile.
fn check_fence(conn: &Connection, link_id: i64, token: &str) -> Result<()> {
    let holder: Option<String> = conn
        .prepare_cached("SELECT claimed_by FROM links WHERE id = ?1")?
        .query_row([link_id], |r| r.get(0))
        .optional()?
        .flatten();
    if holder.as_deref() == Some(token) {
        return Ok(());
    }
    Err(Error::busy(Msg::new("error-link-taken-over").num("link", link_id)))
}

pub(super) fn insert(conn: &mut Connection, row: &NewLinkRow, till_id: &str) -> Result<Link> {
    if row.amount_minor <= 0 {
        return Err(Error::invalid_msg("amount", Msg::new("amount-zero")));
    }
    let now = now_text();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    ensure_reference_free(&tx, &row.reference)?;
    let sale_mode = if row.provider == crate::link::ProviderId::Training { "training" } else { row.mode.as_str() };
    tx.execute(
        "INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, description, mode, created_at, duplicate_of) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            uuid::Uuid::now_v7().to_string(), till_id, row.amount_minor, row.currency.code(), row.customer_email,
            row.description, sale_mode, now, row.duplicate_of,
        ],
    )?;
    let sale_id = tx.last_insert_rowid();
    let link = insert_link_row(&tx, sale_id, row, till_id, &now)?;
    super::outbox::record_sale(&tx, sale_id, "created")?;
    tx.commit()?;
    Ok(link)
}

/// Records one attempt of `sale_id` and makes it the sale's current link. The caller commits.
pub(super) fn insert_link_row(conn: &Connection, sale_id: i64, row: &NewLinkRow, till_id: &str, now: &str) -> Result<Link> {
    ensure_reference_free(conn, &row.reference)?;
    // `sent` starts at 1: until a send is known not to have left this machine, it may have.
    conn.execute(
        "INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, description, \
         status, created_at, updated_at, uid, till_id, version, sale_id, sent) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, 1, ?12, 1)",
        params![
            row.provider.slug(), row.mode.as_str(), row.reference, row.amount_minor, row.currency.code(),
            row.customer_email, row.description, LinkStatus::Creating.as_str(), now,
            uuid::Uuid::now_v7().to_string(), till_id, sale_id,
        ],
    )?;
    let id = conn.last_insert_rowid();
    conn.prepare_cached(super::standing::NEW_CURRENT)?.execute(params![sale_id, id, row.provider.slug()])?;
    insert_current_reference(conn, id, &row.reference, now)?;
    append_event(conn, id, now, Event { from: None, to: LinkStatus::Creating, provider_status: None, refund_id: None })?;
    super::outbox::record_link(conn, id, "created")?;
    // Read back rather than build: the caller gets exactly what a later read returns.
    load_existing(conn, id)
}

/// What a save writes: `incoming` where it may, the stored row where it is newer.
pub(super) fn merged(stored: &Link, incoming: &Link) -> Link {
    let same_copy = stored.version == incoming.version;
    let mut out = stored.clone();
    let wins = incoming_wins(
        Seen { status: stored.status, verified_at: stored.last_verified_at, word: stored.provider_status.as_deref() },
        Seen { status: incoming.status, verified_at: incoming.last_verified_at, word: incoming.provider_status.as_deref() },
    );
    if wins {
        out.status = incoming.status;
        out.provider_status = incoming.provider_status.clone();
        out.last_verified_at = incoming.last_verified_at.max(stored.last_verified_at);
        out.last_error = incoming.last_error.clone();
    } else if same_copy {
        // The writer saw the latest row; only the status it brought loses to the rule.
        out.last_verified_at = incoming.last_verified_at.max(stored.last_verified_at);
        out.last_error = incoming.last_error.clone();
    }
    // What the provider made is kept once known; a newer copy is never emptied by an older one.
    if incoming.url.is_some() && (same_copy || stored.url.is_none()) {
        out.url = incoming.url.clone();
    }
    if incoming.provider_id.is_some() && (same_copy || stored.provider_id.is_none()) {
        out.provider_id = incoming.provider_id.clone();
    }
    if same_copy {
        out.reference = incoming.reference.clone();
        out.sent = incoming.sent;
    } else {
        // Whether a send may have left this machine only ever grows from another copy.
        out.sent = stored.sent || incoming.sent;
    }
    out
}

pub(super) fn save(conn: &mut Connection, link: &Link, fence: Option<&str>) -> Result<Link> {
    let now = now_text();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let saved = save_in(&tx, link, fence, &now, None)?;
    tx.commit()?;
    Ok(saved)
}

/// The body of [`save`], inside a transaction the caller holds (a refund's settlement saves the
/// link in its own); `refund_id` marks the status event when a refund moved the status.
pub(super) fn save_in(tx: &Connection, link: &Link, fence: Option<&str>, now: &str, refund_id: Option<i64>) -> Result<Link> {
    let stored = load_existing(tx, link.id)?;
    if let Some(token) = fence {
        check_fence(tx, link.id, token)?;
    }
    if stored.version != link.version {
        tracing::info!(id = link.id, stored = stored.version, saved_from = link.version, "merging a save made from an older copy");
    }
    let out = merged(&stored, link);
    if out.reference != stored.reference {
        // Keep `link_references` the record of every reference, whichever way it changed.
        swap_reference(tx, link.id, None, &out.reference, now)?;
    }
    // The sale itself (amount, customer, provider, mode) is never rewritten from a copy, nor
    // are its refund sums, which only the refunds' own transactions write.
    tx.execute(
        "UPDATE links SET reference = ?2, provider_id = ?3, url = ?4, status = ?5, provider_status = ?6, \
         updated_at = ?7, last_verified_at = ?8, last_error = ?9, sent = ?10, version = version + 1 WHERE id = ?1",
        params![
            link.id, out.reference, out.provider_id, out.url, out.status.as_str(), out.provider_status, now,
            out.last_verified_at.map(time_text), out.last_error, out.sent,
        ],
    )?;
    if stored.status != out.status {
        let event = Event { from: Some(stored.status), to: out.status, provider_status: out.provider_status.as_deref(), refund_id };
        append_event(tx, link.id, now, event)?;
        if super::standing::moves(stored.status, out.status) {
            super::standing::refresh(tx, stored.sale_id)?;
        }
    }
    if worth_telling(&stored, &out) {
        super::outbox::record_link(tx, link.id, "saved")?;
    }
    load_existing(tx, link.id)
}

/// Whether a save changed what other tills need: anything but a check that found nothing new
/// (those are told at most twice a minute, so the hub learns a link was verified recently).
fn worth_telling(stored: &Link, out: &Link) -> bool {
    let fields = |l: &Link| (l.status, l.provider_status.clone(), l.url.clone(), l.provider_id.clone(), l.reference.clone(), l.last_error.clone());
    fields(stored) != fields(out)
        || match (stored.last_verified_at, out.last_verified_at) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b - a >= chrono::Duration::seconds(30),
            _ => false,
        }
}

pub(super) fn replace_reference(conn: &mut Connection, link_id: i64, note: &str, new_reference: &str, fence: &str) -> Result<Link> {
    let now = now_text();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    load_existing(&tx, link_id)?;
    check_fence(&tx, link_id, fence)?;
    swap_reference(&tx, link_id, Some(note), new_reference, &now)?;
    tx.execute(
        "UPDATE links SET reference = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
        params![link_id, new_reference, now],
    )?;
    super::outbox::record_link(&tx, link_id, "reference")?;
    let link = load_existing(&tx, link_id)?;
    tx.commit()?;
    Ok(link)
}

pub(super) fn find_by_reference(conn: &Connection, reference: &str) -> Result<Option<Link>> {
    let sql = format!(
        "SELECT {LINK_COLUMNS} FROM links WHERE links.reference = ?1 \
         OR links.id IN (SELECT link_id FROM link_references WHERE reference = ?1) LIMIT 1"
    );
    Ok(conn.prepare_cached(&sql)?.query_row([reference], link_from_row).optional()?)
}

pub(super) fn list(conn: &Connection, query: &LinkQuery) -> Result<Vec<Link>> {
    let Plan { from, clause, mut values, id } = plan(query, true);
    let mut sql = format!("SELECT {LINK_COLUMNS} FROM {from}{clause} ORDER BY {id} DESC");
    if let Some(limit) = query.limit {
        sql.push_str(" LIMIT ?");
        values.push(Value::Integer(limit.into()));
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let links = stmt.query_map(params_from_iter(values), link_from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(links)
}

/// How many links match, counting no further than `at_most` (all of them when `None`): a page
/// says "1,000+" rather than walk a million rows to print a number.
pub(super) fn count(conn: &Connection, query: &LinkQuery, at_most: Option<u64>) -> Result<u64> {
    let Plan { from, clause, mut values, .. } = plan(query, false);
    let sql = match at_most {
        Some(cap) => {
            values.push(Value::Integer(i64::try_from(cap).unwrap_or(i64::MAX)));
            format!("SELECT count(*) FROM (SELECT 1 FROM {from}{clause} LIMIT ?)")
        }
        None => format!("SELECT count(*) FROM {from}{clause}"),
    };
    let count: i64 = conn.prepare_cached(&sql)?.query_row(params_from_iter(values), |row| row.get(0))?;
    Ok(count.max(0) as u64)
}

pub(super) fn status_events(conn: &Connection, link_id: i64) -> Result<Vec<StatusEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, from_status, to_status, provider_status, refund_id FROM status_events WHERE link_id = ?1 ORDER BY id",
    )?;
    let events = stmt
        .query_map([link_id], |row| {
            Ok(StatusEvent {
                at: text_col(row, 0, parse_time)?,
                from: opt_text_col(row, 1, str::parse)?,
                to: text_col(row, 2, str::parse)?,
                provider_status: row.get(3)?,
                refund_id: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(events)
}

pub(super) fn references(conn: &Connection, link_id: i64) -> Result<Vec<ReferenceRecord>> {
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
