//! Reading rows back: stored times, enums and whole links. Times are RFC 3339 UTC text with
//! milliseconds and a `Z`, so they sort as text; enums are stored by their lowercase names and
//! parsed back through `FromStr`, so a bad word is caught on read.

use crate::link::{Link, LinkStatus};
use crate::store::ReferenceState;
use crate::i18n::Msg;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::types::{Type, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};

/// `chrono` format of every stored time: fixed width, so text order is time order.
const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

/// The columns [`link_from_row`] reads, in its order.
pub(super) const LINK_COLUMNS: &str = "links.id, links.provider, links.mode, links.reference, links.provider_id, \
     links.url, links.amount_minor, links.currency, links.customer_email, links.description, \
     links.status, links.provider_status, links.created_at, links.updated_at, \
     links.last_verified_at, links.last_error, links.uid, links.till_id, links.version, links.sale_id, \
     (SELECT uid FROM sales WHERE sales.id = links.sale_id), links.sent, \
     links.refunded_minor, links.refund_reserved_minor";

pub(super) fn now_text() -> String {
    time_text(Utc::now())
}

pub(super) fn time_text(t: DateTime<Utc>) -> String {
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
pub(super) fn opt_text_col<T, E>(row: &Row<'_>, idx: usize, parse: impl FnOnce(&str) -> Result<T, E>) -> rusqlite::Result<Option<T>>
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

pub(super) fn parse_state(text: &str) -> Result<ReferenceState> {
    match text {
        "current" => Ok(ReferenceState::Current),
        "void" => Ok(ReferenceState::Void),
        other => Err(Error::conflict(Msg::new("error-history-unknown-word").text("what", "reference").text("word", other))),
    }
}

pub(super) fn link_from_row(row: &Row<'_>) -> rusqlite::Result<Link> {
    let status: LinkStatus = text_col(row, 10, str::parse)?;
    let amount_minor: i64 = row.get(6)?;
    let reserved: i64 = row.get(23)?;
    Ok(Link {
        id: row.get(0)?,
        provider: text_col(row, 1, str::parse)?,
        mode: text_col(row, 2, str::parse)?,
        reference: row.get(3)?,
        provider_id: row.get(4)?,
        url: row.get(5)?,
        amount_minor,
        currency: text_col(row, 7, str::parse)?,
        customer_email: row.get(8)?,
        description: row.get(9)?,
        status,
        provider_status: row.get(11)?,
        created_at: text_col(row, 12, parse_time)?,
        updated_at: text_col(row, 13, parse_time)?,
        last_verified_at: opt_text_col(row, 14, parse_time)?,
        last_error: row.get(15)?,
        uid: row.get(16)?,
        till_id: row.get(17)?,
        version: row.get(18)?,
        sale_id: row.get(19)?,
        sale_uid: row.get(20)?,
        sent: row.get(21)?,
        till: None,
        paid_twice: None,
        refunded_minor: row.get(22)?,
        // Derived, never stored: what is left once every refund not failed is counted.
        refundable_minor: if status.is_refundable() { (amount_minor - reserved).max(0) } else { 0 },
    })
}

pub(super) fn load(conn: &Connection, id: i64) -> Result<Option<Link>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM links WHERE links.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], link_from_row).optional()?)
}

/// Loads a link that must exist, or says which id is missing.
pub(super) fn load_existing(conn: &Connection, id: i64) -> Result<Link> {
    load(conn, id)?.ok_or_else(|| Error::not_found(Msg::new("error-no-link-number").num("link", id)))
}
