//! Refunds of a link. The check of what is left and the reservation of the amount are one
//! IMMEDIATE transaction, so two processes refunding the same sale at once cannot both pass; the
//! link's CHECK (reserved ≤ amount) would stop them even so. A refund whose answer is unknown
//! (`sending`) has a lease of its own, like a link being created: a second process waits for a
//! live holder and takes over from a dead one, resuming the same record and so the same keys.
//! Its holder renews that lease while it waits on the provider ([`renew`]).

use super::links::{append_event, save_in, Event};
use super::rows::{link_from_row, load_existing, now_text, parse_time, text_col, time_text, LINK_COLUMNS};
use crate::lease::{is_alive, Holder};
use crate::link::{Link, LinkStatus};
use crate::store::{RefundOutcome, RefundRecord, RefundState};
use crate::i18n::Msg;
use crate::{Error, Result};
use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};

const COLUMNS: &str = "id, link_id, reference, idempotency_key, amount_minor, reason, state, method, \
     provider_refund_id, provider_status, error, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<RefundRecord> {
    Ok(RefundRecord {
        id: row.get(0)?,
        link_id: row.get(1)?,
        reference: row.get(2)?,
        idempotency_key: row.get(3)?,
        amount_minor: row.get(4)?,
        reason: row.get(5)?,
        state: text_col(row, 6, str::parse)?,
        method: row.get(7)?,
        provider_refund_id: row.get(8)?,
        provider_status: row.get(9)?,
        error: row.get(10)?,
        created_at: text_col(row, 11, parse_time)?,
        updated_at: text_col(row, 12, parse_time)?,
    })
}

fn load(conn: &Connection, id: i64) -> Result<RefundRecord> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM refunds WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(Msg::new("error-no-refund").num("id", id)))
}

/// A fresh refund reference: `PR` and 20 characters of Crockford base32, like a link's.
fn new_reference() -> String {
    format!("PR{}", &crate::link::new_reference()[2..])
}

/// Who holds the lease on a refund being sent.
struct Claim {
    token: Option<String>,
    until: Option<String>,
    pid: Option<u32>,
    start: Option<String>,
    till: Option<String>,
}

/// Whether `holder` may take a refund held as `claim`: nobody holds it, it expired, or its
/// holder is known dead on this till (a pid means something only on its own machine).
fn free(claim: &Claim, holder: &Holder) -> bool {
    match &claim.token {
        None => true,
        Some(t) if *t == holder.token => true,
        Some(_) => {
            let expired = claim.until.as_deref().is_none_or(|u| u < time_text(Utc::now()).as_str());
            let same_till = claim.till.as_deref() == Some(holder.till.as_str());
            expired || (same_till && claim.pid.is_some_and(|pid| is_alive(pid, claim.start.as_deref()) == Some(false)))
        }
    }
}

fn take(conn: &Connection, id: i64, holder: &Holder, secs: i64) -> Result<()> {
    conn.execute(
        "UPDATE refunds SET claimed_by = ?2, claimed_until = ?3, claimed_pid = ?4, claimed_start = ?5, claimed_till = ?6 WHERE id = ?1",
        params![id, holder.token, time_text(Utc::now() + chrono::Duration::seconds(secs)), holder.pid, holder.start, holder.till],
    )?;
    Ok(())
}

/// Extends `token`'s lease on a refund still being sent to `secs` from now; false when it is not
/// that holder's any more (taken over, settled or kept), so the holder stops renewing.
pub(super) fn renew(conn: &Connection, refund_id: i64, token: &str, secs: i64) -> Result<bool> {
    let changed = conn.execute(
        "UPDATE refunds SET claimed_until = ?3 WHERE id = ?1 AND claimed_by = ?2 AND state = 'sending'",
        params![refund_id, token, time_text(Utc::now() + chrono::Duration::seconds(secs))],
    )?;
    Ok(changed == 1)
}

/// Writes the link's refund sums from its refunds; the link's CHECK refuses more than was paid.
fn recount(conn: &Connection, link_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE links SET \
         refunded_minor = (SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE link_id = ?1 AND state = 'processed'), \
         refund_reserved_minor = (SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE link_id = ?1 AND state != 'failed') \
         WHERE id = ?1",
        [link_id],
    )?;
    Ok(())
}

pub(super) fn begin(
    conn: &mut Connection,
    link_id: i64,
    amount: Option<i64>,
    reason: Option<&str>,
    holder: &Holder,
    secs: i64,
) -> Result<(RefundRecord, bool)> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let link = load_existing(&tx, link_id)?;
    let sending = tx
        .query_row(
            &format!(
                "SELECT {COLUMNS}, claimed_by, claimed_until, claimed_pid, claimed_start, claimed_till \
                 FROM refunds WHERE link_id = ?1 AND state = 'sending'"
            ),
            [link_id],
            |r| Ok((from_row(r)?, Claim { token: r.get(13)?, until: r.get(14)?, pid: r.get(15)?, start: r.get(16)?, till: r.get(17)? })),
        )
        .optional()?;
    if let Some((refund, claim)) = sending {
        if !free(&claim, holder) {
            // "none" when the process is on another till (`error-refund-held` selects on it)
            let pid = claim.pid.filter(|_| claim.till.as_deref() == Some(holder.till.as_str())).map(|p| p.to_string()).unwrap_or_else(|| "none".into());
            return Err(Error::busy(Msg::new("error-refund-held").num("link", link_id).text("pid", pid)));
        }
        if amount.is_some_and(|a| a != refund.amount_minor) {
            return Err(Error::conflict(
                Msg::new("error-refund-unconfirmed").amount("amount", refund.amount_minor, link.currency).num("link", link_id).text("provider", link.provider.to_string()),
            ));
        }
        take(&tx, refund.id, holder, secs)?;
        tx.commit()?;
        return Ok((refund, true));
    }
    if !link.status.is_refundable() {
        let why = match link.status {
            LinkStatus::Refunded => Msg::new("error-refund-done").num("link", link_id),
            s => Msg::new("error-refund-not-paid").num("link", link_id).msg("status", s.word()),
        };
        return Err(Error::conflict(why));
    }
    let left = link.refundable_minor;
    if left <= 0 {
        return Err(Error::conflict(Msg::new("error-refund-nothing-left").num("link", link_id).amount("amount", link.amount_minor, link.currency)));
    }
    let amount = amount.unwrap_or(left);
    if amount <= 0 {
        return Err(Error::invalid_msg("amount", Msg::new("error-refund-zero")));
    }
    if amount > left {
        return Err(Error::invalid_msg(
            "amount",
            Msg::new("error-refund-too-much").amount("amount", amount, link.currency).amount("left", left, link.currency).num("link", link_id),
        ));
    }
    let now = now_text();
    tx.execute(
        "INSERT INTO refunds (link_id, reference, idempotency_key, amount_minor, reason, state, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, 'sending', ?6, ?6)",
        params![link_id, new_reference(), uuid::Uuid::new_v4().to_string(), amount, reason, now],
    )?;
    let id = tx.last_insert_rowid();
    take(&tx, id, holder, secs)?;
    recount(&tx, link_id)?;
    let refund = load(&tx, id)?;
    tx.commit()?;
    Ok((refund, false))
}

/// How far along a refund is: a settlement never moves one back (a stale "pending" after
/// "processed"), and a final one stays as it is.
fn rank(state: RefundState) -> u8 {
    match state {
        RefundState::Sending => 0,
        RefundState::Pending => 1,
        RefundState::Processed | RefundState::Failed => 2,
    }
}

pub(super) fn settle(conn: &mut Connection, refund_id: i64, token: Option<&str>, outcome: &RefundOutcome) -> Result<(RefundRecord, Link)> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = load(&tx, refund_id)?;
    if let Some(token) = token {
        let holder: Option<String> = tx.query_row("SELECT claimed_by FROM refunds WHERE id = ?1", [refund_id], |r| r.get(0))?;
        if holder.as_deref() != Some(token) {
            return Err(Error::busy(Msg::new("error-refund-taken-over").text("reference", before.reference.as_str()).num("link", before.link_id)));
        }
    }
    let moves = rank(outcome.state) > rank(before.state) || (outcome.state == before.state && before.state == RefundState::Pending);
    let state = if moves { outcome.state } else { before.state };
    let now = now_text();
    // An answer that does not move the refund (a re-read that raced the one that settled it)
    // changes only what was missing: its provider word, method and time stay those of the move.
    // The day's lists date a processed refund by `updated_at` (report.rs), and the Link screen
    // shows the provider's word beside it.
    tx.execute(
        "UPDATE refunds SET state = ?2, provider_refund_id = COALESCE(?4, provider_refund_id), error = ?6, \
         method = CASE WHEN ?8 THEN COALESCE(?3, method) ELSE COALESCE(method, ?3) END, \
         provider_status = CASE WHEN ?8 THEN COALESCE(?5, provider_status) ELSE COALESCE(provider_status, ?5) END, \
         updated_at = CASE WHEN ?8 THEN ?7 ELSE updated_at END WHERE id = ?1",
        params![
            refund_id,
            state.as_str(),
            outcome.method,
            outcome.provider_refund_id,
            outcome.provider_status,
            if moves { outcome.error.clone() } else { before.error.clone() },
            now,
            moves
        ],
    )?;
    if token.is_some() {
        tx.execute(
            "UPDATE refunds SET claimed_by = NULL, claimed_until = NULL, claimed_pid = NULL, claimed_start = NULL, claimed_till = NULL WHERE id = ?1",
            [refund_id],
        )?;
    }
    recount(&tx, before.link_id)?;
    let mut link = load_existing(&tx, before.link_id)?;
    if state != before.state {
        let refund = load(&tx, refund_id)?;
        let word = refund.provider_status.clone().unwrap_or_else(|| state.as_str().to_string());
        let was = link.status;
        if state == RefundState::Processed {
            let mut incoming = link.clone();
            incoming.status = if link.refunded_minor >= link.amount_minor { LinkStatus::Refunded } else { LinkStatus::PartiallyRefunded };
            incoming.last_verified_at = Some(Utc::now());
            link = save_in(&tx, &incoming, None, &now, Some(refund_id))?;
        }
        if link.status == was {
            // Every step of a refund shows in the timeline, even one that leaves the status as it is.
            let event = Event { from: Some(was), to: was, provider_status: Some(&word), refund_id: Some(refund_id) };
            append_event(&tx, link.id, &now, event)?;
        }
    }
    let refund = load(&tx, refund_id)?;
    tx.commit()?;
    Ok((refund, link))
}

pub(super) fn release(conn: &Connection, refund_id: i64, token: &str, error: &str) -> Result<RefundRecord> {
    conn.execute(
        "UPDATE refunds SET claimed_by = NULL, claimed_until = NULL, claimed_pid = NULL, claimed_start = NULL, claimed_till = NULL, \
         error = ?3, updated_at = ?4 WHERE id = ?1 AND claimed_by = ?2",
        params![refund_id, token, error, now_text()],
    )?;
    load(conn, refund_id)
}

pub(super) fn list(conn: &Connection, link_id: i64) -> Result<Vec<RefundRecord>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM refunds WHERE link_id = ?1 ORDER BY id"))?;
    let refunds = stmt.query_map([link_id], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(refunds)
}

/// Every link with a refund the provider is still processing (through `refunds_pending`).
pub(super) fn links_pending(conn: &Connection) -> Result<Vec<Link>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM links WHERE links.id IN (SELECT link_id FROM refunds WHERE state = 'pending') ORDER BY links.id");
    let links = conn.prepare_cached(&sql)?.query_map([], link_from_row)?.collect::<rusqlite::Result<Vec<Link>>>()?;
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::super::tests::row;
    use super::super::SqliteStore;
    use crate::lease::Holder;
    use crate::link::LinkStatus;
    use crate::store::{RefundOutcome, RefundState, Store};

    fn paid(store: &SqliteStore) -> i64 {
        let mut link = store.insert_link(&row("PDRENEW", "a@b.com")).unwrap();
        link.status = LinkStatus::Paid;
        store.save_link(&link, None).unwrap().id
    }

    fn processed() -> RefundOutcome {
        RefundOutcome { state: RefundState::Processed, method: Some("refund".into()), provider_refund_id: Some("rf_1".into()), provider_status: Some("processed".into()), error: None }
    }

    #[test]
    fn only_the_holder_renews_a_refund_being_sent_and_only_while_it_holds_it() {
        let store = SqliteStore::open_in_memory().unwrap();
        let id = paid(&store);
        let (me, other) = (Holder::this_process(store.till_id()), Holder::this_process(store.till_id()));
        // Leased for a moment only: renewed, it holds against another live process.
        let (refund, _) = store.begin_refund(id, Some(1_000), None, &me, -1).unwrap();
        assert!(store.renew_refund(refund.id, &me.token, 60).unwrap());
        assert_eq!(store.begin_refund(id, None, None, &other, 60).unwrap_err().kind(), "busy", "renewed, so still held");
        assert!(!store.renew_refund(refund.id, &other.token, 60).unwrap(), "not another holder's to renew");

        // Its lease runs out unrenewed; another process takes it over: the first holder's
        // renewal then fails, and so does any after the refund is settled.
        store.begin_refund(id, None, None, &me, -1).unwrap();
        let (taken, resumed) = store.begin_refund(id, None, None, &other, 60).unwrap();
        assert_eq!((taken.id, resumed), (refund.id, true));
        assert!(!store.renew_refund(refund.id, &me.token, 60).unwrap(), "taken over");
        store.settle_refund(refund.id, Some(&other.token), &processed()).unwrap();
        assert!(!store.renew_refund(refund.id, &other.token, 60).unwrap(), "settled: nothing to hold");
        assert_eq!(store.refunds(id).unwrap().len(), 1, "a renewal never records a refund");
    }
}
