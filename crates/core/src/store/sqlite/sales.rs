//! Sales: a sale's attempts, a new attempt (failover) under the one-payable-link rule, cancelling
//! a sale, and the two look-ups that guard against charging one customer twice.

use super::links::insert_link_row;
use super::rows::{link_from_row, now_text, parse_time, time_text, LINK_COLUMNS};
use crate::link::{Link, LinkStatus, Mode, ProviderId};
use crate::money::Currency;
use crate::sale::{status_of, Sale};
use crate::store::NewLinkRow;
use crate::i18n::Msg;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

fn attempts(conn: &Connection, sale_id: i64) -> Result<Vec<Link>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM links WHERE links.sale_id = ?1 ORDER BY links.id");
    let links = conn.prepare_cached(&sql)?.query_map([sale_id], link_from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(links)
}

pub(super) fn load(conn: &Connection, id_or_uid: &str) -> Result<Option<Sale>> {
    let key = id_or_uid.trim();
    let row = conn
        .prepare_cached(
            "SELECT id, uid, till_id, amount_minor, currency, customer_email, description, mode, created_at, \
             current_link_id, duplicate_of, cancelled_at FROM sales WHERE id = ?1 OR uid = ?2",
        )?
        .query_row(params![key.parse::<i64>().unwrap_or(-1), key], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, Option<i64>>(9)?,
                r.get::<_, Option<i64>>(10)?,
                r.get::<_, Option<String>>(11)?,
            ))
        })
        .optional()?;
    let Some((id, uid, till_id, amount_minor, currency, customer_email, description, mode, created, current, dup, cancelled)) = row
    else {
        return Ok(None);
    };
    let attempts = attempts(conn, id)?;
    let bad_time = |t: &str| Error::conflict(Msg::new("error-sale-bad-time").num("sale", id).text("time", t));
    Ok(Some(Sale {
        id,
        uid,
        till_id,
        amount_minor,
        currency: currency.parse()?,
        customer_email,
        description,
        mode,
        created_at: parse_time(&created).map_err(|_| bad_time(&created))?,
        current_link_id: current,
        duplicate_of: dup,
        cancelled_at: cancelled.as_deref().map(|c| parse_time(c).map_err(|_| bad_time(c))).transpose()?,
        status: status_of(&attempts, current),
        attempts,
    }))
}

/// Whether an attempt can no longer be paid by anyone.
fn unpayable(link: &Link) -> bool {
    match link.status {
        LinkStatus::Failed | LinkStatus::Expired | LinkStatus::Cancelled => true,
        LinkStatus::Creating => !link.sent,
        _ => false,
    }
}

pub(super) fn insert_attempt(conn: &mut Connection, sale_id: i64, provider: ProviderId, mode: Mode, reference: &str, till_id: &str) -> Result<Link> {
    let now = now_text();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let sale = load(&tx, &sale_id.to_string())?.ok_or_else(|| Error::not_found(Msg::new("error-no-sale-number").num("sale", sale_id)))?;
    if sale.cancelled_at.is_some() {
        return Err(Error::conflict(Msg::new("error-sale-cancelled").num("sale", sale_id)));
    }
    // Checked in the same transaction as the insert: two failovers at once cannot both pass.
    if let Some(live) = sale.attempts.iter().find(|l| !unpayable(l)) {
        return Err(Error::conflict(Msg::new("error-sale-payable-attempt").num("link", live.id).msg("status", live.status.word())));
    }
    let row = NewLinkRow {
        provider,
        mode,
        reference: reference.to_string(),
        amount_minor: sale.amount_minor,
        currency: sale.currency,
        customer_email: sale.customer_email,
        description: sale.description,
        duplicate_of: None,
    };
    let link = insert_link_row(&tx, sale_id, &row, till_id, &now)?;
    super::outbox::record_sale(&tx, sale_id, "attempt")?;
    tx.commit()?;
    Ok(link)
}

/// Cancels the sale and settles its attempts never sent (`creating`, `sent` 0) as failed, in one
/// transaction: once cancelled, none of them can be claimed for a retry. The caller holds the lease
/// of each never-sent attempt (a retry holding one is sending it); the lease is cleared here, so a
/// holder that lost it meanwhile (frozen past its expiry) fails at its next fenced save.
pub(super) fn cancel(conn: &mut Connection, sale_id: i64) -> Result<()> {
    let now = now_text();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let sale = load(&tx, &sale_id.to_string())?.ok_or_else(|| Error::not_found(Msg::new("error-no-sale-number").num("sale", sale_id)))?;
    if let Some(live) = sale.attempts.iter().find(|l| !unpayable(l)) {
        return Err(Error::conflict(Msg::new("error-sale-cancel-payable").num("link", live.id).msg("status", live.status.word())));
    }
    for never_sent in sale.attempts.iter().filter(|l| l.status == LinkStatus::Creating) {
        let mut settled = never_sent.clone();
        settled.status = LinkStatus::Failed;
        settled.last_error = Some(format!("Nothing reached {}: the sale was cancelled.", never_sent.provider));
        super::links::save_in(&tx, &settled, None, &now, None)?;
        tx.execute(
            "UPDATE links SET claimed_by = NULL, claimed_until = NULL, claimed_pid = NULL, claimed_start = NULL, \
             claimed_since = NULL, claimed_till = NULL WHERE id = ?1",
            [never_sent.id],
        )?;
    }
    tx.execute("UPDATE sales SET cancelled_at = coalesce(cancelled_at, ?2) WHERE id = ?1", params![sale_id, now])?;
    super::outbox::record_sale(&tx, sale_id, "cancelled")?;
    tx.commit()?;
    Ok(())
}

/// The links like a new sale (same customer in any case, amount and currency) since `?2` that may
/// still be paid: `links_customer_nocase` finds them (store/sqlite/tests_plans.rs).
pub(super) const RECENT_LIKE: &str = "links.customer_email = ?1 COLLATE NOCASE AND links.created_at >= ?2 \
     AND links.amount_minor = ?3 AND links.currency = ?4 AND links.status IN ('creating', 'open', 'unknown', 'paid')";

/// The first other paid link of the same sale, or of a sale like it (same customer, amount and
/// currency within the duplicate window): two branches, each on its own index (`links_sale_status`,
/// `links_customer_nocase`) and each stopping at its first row. With an OR between them SQLite
/// walked every paid link of the history; without the LIMITs, every paid attempt of the sale.
pub(super) const PAID_TWIN: &str = "SELECT min(id) FROM ( \
       SELECT id FROM (SELECT id FROM links WHERE sale_id = ?2 AND status = 'paid' AND id != ?1 ORDER BY id LIMIT 1) \
       UNION ALL \
       SELECT id FROM (SELECT id FROM links WHERE customer_email = ?3 COLLATE NOCASE AND created_at BETWEEN ?6 AND ?7 \
         AND amount_minor = ?4 AND currency = ?5 AND status = 'paid' AND id != ?1 ORDER BY id LIMIT 1))";

pub(super) fn recent_like(conn: &Connection, email: &str, amount_minor: i64, currency: Currency, since: DateTime<Utc>) -> Result<Vec<Link>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM links WHERE {RECENT_LIKE} ORDER BY links.id DESC");
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![email, time_text(since), amount_minor, currency.code()], link_from_row)?
        .collect::<rusqlite::Result<Vec<Link>>>()?;
    // A creating link that surely never left this machine cannot be paid: not a duplicate.
    Ok(rows.into_iter().filter(|l| l.status != LinkStatus::Creating || l.sent).collect())
}

pub(super) fn paid_twin(conn: &Connection, link: &Link, window: chrono::Duration) -> Result<Option<i64>> {
    if link.status != LinkStatus::Paid {
        return Ok(None);
    }
    let twin = conn
        .prepare_cached(
            PAID_TWIN,
        )?
        .query_row(
            params![
                link.id,
                link.sale_id,
                link.customer_email,
                link.amount_minor,
                link.currency.code(),
                time_text(link.created_at - window),
                time_text(link.created_at + window)
            ],
            |r| r.get::<_, Option<i64>>(0),
        )?;
    Ok(twin)
}

