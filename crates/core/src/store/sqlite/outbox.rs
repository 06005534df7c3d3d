//! The outbox and its mirror: every local change of a sale or link is appended as an event (a
//! snapshot of the row) in the same transaction as the change; events from other tills are
//! applied once, in any order, by the one merge rule ([`crate::merge`]) — what only the owning
//! till changes (a link's reference and page, a sale's current attempt) is taken from the
//! owner's latest event by its own sequence number.

use super::rows::{link_from_row, load_existing, now_text, time_text, LINK_COLUMNS};
use crate::link::Link;
use crate::merge::{incoming_wins, Seen};
use crate::store::sync::{Event, SaleRecord};
use crate::i18n::Msg;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};

fn append(conn: &Connection, entity: &str, entity_uid: &str, kind: &str, body: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO outbox (uid, entity, entity_uid, kind, body, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![uuid::Uuid::now_v7().to_string(), entity, entity_uid, kind, body, now_text()])?;
    Ok(())
}

/// Appends the link's current row as an event. Call inside the transaction that changed it.
pub(super) fn record_link(conn: &Connection, link_id: i64, kind: &str) -> Result<()> {
    let link = load_existing(conn, link_id)?;
    let body = serde_json::to_string(&link).expect("a link serializes");
    append(conn, "link", &link.uid, kind, &body)
}

/// Appends the sale's current row as an event. Call inside the transaction that changed it.
pub(super) fn record_sale(conn: &Connection, sale_id: i64, kind: &str) -> Result<()> {
    let record = conn.query_row(
        "SELECT s.uid, s.till_id, s.amount_minor, s.currency, s.customer_email, s.description, s.mode, s.created_at, \
         (SELECT uid FROM links WHERE id = s.current_link_id), (SELECT uid FROM links WHERE id = s.duplicate_of), s.cancelled_at \
         FROM sales s WHERE s.id = ?1",
        [sale_id],
        |r| {
            Ok(SaleRecord {
                uid: r.get(0)?,
                till_id: r.get(1)?,
                amount_minor: r.get(2)?,
                currency: r.get(3)?,
                customer_email: r.get(4)?,
                description: r.get(5)?,
                mode: r.get(6)?,
                created_at: r.get(7)?,
                current_link_uid: r.get(8)?,
                duplicate_of_uid: r.get(9)?,
                cancelled_at: r.get(10)?,
            })
        },
    )?;
    let body = serde_json::to_string(&record).expect("a sale serializes");
    append(conn, "sale", &record.uid, kind, &body)
}

/// Up to `limit` events not yet pushed, oldest first.
pub(super) fn pending(conn: &Connection, limit: u32) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, uid, entity, entity_uid, kind, body, at FROM outbox WHERE pushed_at IS NULL ORDER BY seq LIMIT ?1",
    )?;
    let events = stmt
        .query_map([limit], |r| {
            Ok(Event {
                source_seq: r.get(0)?,
                uid: r.get(1)?,
                entity: r.get(2)?,
                entity_uid: r.get(3)?,
                kind: r.get(4)?,
                body: r.get(5)?,
                at: r.get(6)?,
                till: String::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(events)
}

pub(super) fn mark_pushed(conn: &Connection, up_to_seq: i64) -> Result<()> {
    conn.execute("UPDATE outbox SET pushed_at = ?2 WHERE seq <= ?1 AND pushed_at IS NULL", params![up_to_seq, now_text()])?;
    Ok(())
}

pub(super) fn waiting(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM outbox WHERE pushed_at IS NULL", [], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

pub(super) fn state(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM hub_state WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

pub(super) fn set_state(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO hub_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Applies one event from another till, once. Returns whether it was new here.
pub(super) fn apply(conn: &Connection, ev: &Event) -> Result<bool> {
    let fresh = conn.execute("INSERT OR IGNORE INTO applied_events (uid) VALUES (?1)", [&ev.uid])? == 1;
    if !fresh {
        return Ok(false);
    }
    let bad = |e: serde_json::Error| Error::conflict(Msg::new("error-hub-event-unreadable").text("uid", ev.uid.as_str()).text("detail", e.to_string()));
    match ev.entity.as_str() {
        "sale" => apply_sale(conn, &serde_json::from_str(&ev.body).map_err(bad)?, ev),
        "link" => apply_link(conn, &plain(serde_json::from_str(&ev.body).map_err(bad)?), ev),
        other => Err(Error::conflict(Msg::new("error-hub-event-kind").text("kind", other))),
    }?;
    Ok(true)
}

fn local_link_id(conn: &Connection, uid: Option<&str>) -> Result<Option<i64>> {
    let Some(uid) = uid else { return Ok(None) };
    Ok(conn.prepare_cached("SELECT id FROM links WHERE uid = ?1")?.query_row([uid], |r| r.get(0)).optional()?)
}

/// The local id of a sale, made from what is known if this till has not seen it yet.
fn sale_id_for(conn: &Connection, rec: &SaleRecord) -> Result<i64> {
    if let Some(id) = conn.prepare_cached("SELECT id FROM sales WHERE uid = ?1")?.query_row([&rec.uid], |r| r.get(0)).optional()? {
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, description, mode, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![rec.uid, rec.till_id, rec.amount_minor, rec.currency, rec.customer_email, rec.description, rec.mode, rec.created_at],
    )?;
    Ok(conn.last_insert_rowid())
}

fn apply_sale(conn: &Connection, rec: &SaleRecord, ev: &Event) -> Result<()> {
    let id = sale_id_for(conn, rec)?;
    // Cancelled is final: the earliest word wins, whoever says it.
    conn.execute(
        "UPDATE sales SET cancelled_at = CASE WHEN cancelled_at IS NULL OR ?2 < cancelled_at THEN ?2 ELSE cancelled_at END \
         WHERE id = ?1 AND ?2 IS NOT NULL",
        params![id, rec.cancelled_at],
    )?;
    if ev.till == rec.till_id {
        let current = local_link_id(conn, rec.current_link_uid.as_deref())?;
        let duplicate = local_link_id(conn, rec.duplicate_of_uid.as_deref())?;
        conn.execute(
            "UPDATE sales SET current_link_id = coalesce(?3, current_link_id), duplicate_of = coalesce(?4, duplicate_of), owner_seq = ?2 \
             WHERE id = ?1 AND owner_seq < ?2",
            params![id, ev.source_seq, current, duplicate],
        )?;
    }
    super::standing::refresh(conn, id)
}

/// Another till's words of a provider, kept as this till keeps its own (`provider/guard.rs`): one
/// plain line each, so an older paydesk's raw text never reaches a terminal or a receipt.
fn plain(mut link: Link) -> Link {
    link.provider_status = link.provider_status.map(|w| crate::link::one_line(&w, crate::link::MAX_WORD));
    link.last_error = link.last_error.map(|e| crate::link::one_line(&e, crate::link::MAX_MESSAGE));
    link
}

fn apply_link(conn: &Connection, incoming: &Link, ev: &Event) -> Result<()> {
    let from_owner = ev.till == incoming.till_id;
    let sale_id = sale_id_for(conn, &SaleRecord::of_link(incoming))?;
    let stored = conn
        .prepare_cached(&format!("SELECT {LINK_COLUMNS} FROM links WHERE links.uid = ?1"))?
        .query_row([&incoming.uid], link_from_row)
        .optional()?;
    let now = now_text();
    let Some(stored) = stored else {
        conn.execute(
            "INSERT INTO links (provider, mode, reference, provider_id, url, amount_minor, currency, customer_email, description, \
             status, provider_status, created_at, updated_at, last_verified_at, last_error, uid, till_id, version, sale_id, sent, owner_seq) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 1, ?18, 1, ?19)",
            params![
                incoming.provider.slug(), incoming.mode.as_str(), incoming.reference, incoming.provider_id, incoming.url,
                incoming.amount_minor, incoming.currency.code(), incoming.customer_email, incoming.description,
                incoming.status.as_str(), incoming.provider_status, time_text(incoming.created_at), now,
                incoming.last_verified_at.map(time_text), incoming.last_error, incoming.uid, incoming.till_id, sale_id,
                if from_owner { ev.source_seq } else { 0 },
            ],
        )?;
        let id = conn.last_insert_rowid();
        conn.execute(
            "INSERT OR IGNORE INTO link_references (link_id, reference, state, created_at, idempotency_key) VALUES (?1, ?2, 'current', ?3, ?4)",
            params![id, incoming.reference, now, uuid::Uuid::new_v4().to_string()],
        )?;
        conn.execute(
            "INSERT INTO status_events (link_id, at, from_status, to_status, provider_status, from_hub) VALUES (?1, ?2, NULL, ?3, ?4, 1)",
            params![id, now, incoming.status.as_str(), incoming.provider_status],
        )?;
        conn.execute("UPDATE sales SET current_link_id = coalesce(current_link_id, ?2) WHERE id = ?1", params![sale_id, id])?;
        return super::standing::refresh(conn, sale_id);
    };
    let wins = incoming_wins(
        Seen { status: stored.status, verified_at: stored.last_verified_at, word: stored.provider_status.as_deref() },
        Seen { status: incoming.status, verified_at: incoming.last_verified_at, word: incoming.provider_status.as_deref() },
    );
    if wins && (stored.status, &stored.provider_status, stored.last_verified_at) != (incoming.status, &incoming.provider_status, incoming.last_verified_at) {
        conn.execute(
            "UPDATE links SET status = ?2, provider_status = ?3, last_verified_at = ?4, last_error = ?5, updated_at = ?6, version = version + 1 WHERE id = ?1",
            params![stored.id, incoming.status.as_str(), incoming.provider_status, incoming.last_verified_at.map(time_text), incoming.last_error, now],
        )?;
        if stored.status != incoming.status {
            conn.execute(
                "INSERT INTO status_events (link_id, at, from_status, to_status, provider_status, from_hub) VALUES (?1, ?2, ?3, ?4, ?5, 1)",
                params![stored.id, now, stored.status.as_str(), incoming.status.as_str(), incoming.provider_status],
            )?;
            super::standing::refresh(conn, stored.sale_id)?;
        }
    }
    // Only the owning till changes the reference and the page; its latest event says them.
    if from_owner {
        let changed = conn.execute(
            "UPDATE links SET reference = ?3, provider_id = coalesce(?4, provider_id), url = coalesce(?5, url), owner_seq = ?2, \
             version = version + 1 WHERE id = ?1 AND owner_seq < ?2",
            params![stored.id, ev.source_seq, incoming.reference, incoming.provider_id, incoming.url],
        )?;
        if changed == 1 && stored.reference != incoming.reference {
            conn.execute("UPDATE link_references SET state = 'void' WHERE link_id = ?1 AND state = 'current'", [stored.id])?;
            conn.execute(
                "INSERT OR IGNORE INTO link_references (link_id, reference, state, created_at, idempotency_key) VALUES (?1, ?2, 'current', ?3, ?4)",
                params![stored.id, incoming.reference, now, uuid::Uuid::new_v4().to_string()],
            )?;
        }
    }
    Ok(())
}
