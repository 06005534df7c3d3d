//! The lease on a link being created or retried, kept in the links row so the app and the CLI
//! (two processes on one history) never send one sale at once. The check and the take are one
//! IMMEDIATE transaction. A lease ends when its holder gives it back, when it expires unrenewed,
//! or at once when its holder is found dead on this till (see [`crate::lease`]).

use super::rows::{now_text, parse_time, time_text};
use crate::lease::{is_alive, HeldBy, Holder};
use crate::link::LinkStatus;
use crate::store::Claim;
use crate::i18n::Msg;
use crate::{Error, Result};
use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

struct Current {
    status: String,
    token: Option<String>,
    until: Option<String>,
    pid: Option<u32>,
    start: Option<String>,
    since: Option<String>,
    till: Option<String>,
}

pub(super) fn claim(conn: &mut Connection, link_id: i64, holder: &Holder, secs: i64) -> Result<Claim> {
    let now = Utc::now();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = tx
        .query_row(
            "SELECT status, claimed_by, claimed_until, claimed_pid, claimed_start, claimed_since, claimed_till FROM links WHERE id = ?1",
            [link_id],
            |r| {
                Ok(Current {
                    status: r.get(0)?,
                    token: r.get(1)?,
                    until: r.get(2)?,
                    pid: r.get(3)?,
                    start: r.get(4)?,
                    since: r.get(5)?,
                    till: r.get(6)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::not_found(Msg::new("error-no-link-number").num("link", link_id)))?;
    let status: LinkStatus = current.status.parse()?;
    if status != LinkStatus::Creating {
        return Ok(Claim::NotCreating(status));
    }
    let free = match &current.token {
        None => true,
        Some(t) if *t == holder.token => true,
        Some(_) => {
            let expired = current.until.as_deref().is_none_or(|u| u < time_text(now).as_str());
            let same_till = current.till.as_deref() == Some(holder.till.as_str());
            // A pid only means something on its own machine.
            let dead = same_till && current.pid.is_some_and(|pid| is_alive(pid, current.start.as_deref()) == Some(false));
            if dead && !expired {
                tracing::info!(id = link_id, pid = current.pid, "the lease's holder is gone: taking it over");
            }
            expired || dead
        }
    };
    if !free {
        return Ok(Claim::Held(HeldBy {
            pid: current.pid,
            since: current.since.as_deref().and_then(|s| parse_time(s).ok()),
            this_till: current.till.as_deref() == Some(holder.till.as_str()),
        }));
    }
    tx.execute(
        "UPDATE links SET claimed_by = ?2, claimed_until = ?3, claimed_pid = ?4, claimed_start = ?5, \
         claimed_since = ?6, claimed_till = ?7 WHERE id = ?1",
        params![
            link_id,
            holder.token,
            time_text(now + chrono::Duration::seconds(secs)),
            holder.pid,
            holder.start,
            now_text(),
            holder.till
        ],
    )?;
    tx.commit()?;
    Ok(Claim::Taken)
}

/// Pushes the lease's expiry `secs` from now; false when `token` no longer holds it.
pub(super) fn renew(conn: &Connection, link_id: i64, token: &str, secs: i64) -> Result<bool> {
    let until = time_text(Utc::now() + chrono::Duration::seconds(secs));
    let changed = conn.execute("UPDATE links SET claimed_until = ?3 WHERE id = ?1 AND claimed_by = ?2", params![link_id, token, until])?;
    Ok(changed == 1)
}

pub(super) fn release(conn: &Connection, link_id: i64, token: &str) -> Result<()> {
    conn.execute(
        "UPDATE links SET claimed_by = NULL, claimed_until = NULL, claimed_pid = NULL, claimed_start = NULL, \
         claimed_since = NULL, claimed_till = NULL WHERE id = ?1 AND claimed_by = ?2",
        params![link_id, token],
    )?;
    Ok(())
}
