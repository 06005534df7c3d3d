//! The link history. [`Store`] is the small trait the use cases see; [`SqliteStore`] keeps it in a
//! local SQLite file (WAL). A shared multi-till store can implement the same trait later.

mod migrations;
mod operations;
mod query;
mod sqlite;

use crate::link::{Link, LinkStatus, Mode, ProviderId};
use crate::money::Currency;
use crate::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use sqlite::SqliteStore;

/// A link to record before its provider is called: status `creating`, reference already chosen.
#[derive(Debug, Clone)]
pub struct NewLinkRow {
    pub provider: ProviderId,
    pub mode: Mode,
    pub reference: String,
    pub amount_minor: i64,
    pub currency: Currency,
    pub customer_email: String,
    pub description: Option<String>,
}

/// Filters and a page of the history, newest first.
#[derive(Debug, Clone, Default)]
pub struct LinkQuery {
    pub status: Option<LinkStatus>,
    pub provider: Option<ProviderId>,
    pub mode: Option<Mode>,
    /// Matched case-insensitively against email, description and reference (current or void).
    pub search: Option<String>,
    /// Keyset paging: only links with an id below this one.
    pub before_id: Option<i64>,
    /// At most this many rows; `None` means all.
    pub limit: Option<u32>,
}

/// One change of a link's status, appended and never rewritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEvent {
    pub at: DateTime<Utc>,
    pub from: Option<LinkStatus>,
    pub to: LinkStatus,
    pub provider_status: Option<String>,
}

/// Whether a reference is the one in use or was given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReferenceState {
    Current,
    /// Sent to the provider, but its answer was lost: nobody saw its URL, so nobody can pay it.
    Void,
}

/// Every reference a link has used at its provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceRecord {
    pub reference: String,
    pub state: ReferenceState,
    pub created_at: DateTime<Utc>,
    pub note: Option<String>,
    /// Sent as `Idempotency-Key` with every create of this reference, retries included.
    pub idempotency_key: String,
}

/// A later call on a link (share, cancel), recorded with its idempotency key before it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationRecord {
    pub id: i64,
    pub link_id: i64,
    pub kind: String,
    pub idempotency_key: String,
    /// What was asked, as JSON (for a share: recipient and message).
    pub request: String,
    /// `pending` until the provider answered; then `done` or `failed`.
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub result: Option<String>,
    pub error: Option<String>,
}

pub trait Store: Send + Sync {
    /// Records a link in status `creating` with its first reference, and its first status event.
    fn insert_link(&self, row: &NewLinkRow) -> Result<Link>;
    /// Saves every field of `link` (by id), bumping `updated_at`. When the status differs from the
    /// stored one, appends a status event in the same transaction.
    fn save_link(&self, link: &Link) -> Result<Link>;
    fn get_link(&self, id: i64) -> Result<Option<Link>>;
    /// Finds a link by its current reference or any void one.
    fn find_by_reference(&self, reference: &str) -> Result<Option<Link>>;
    fn list_links(&self, query: &LinkQuery) -> Result<Vec<Link>>;
    /// How many links match the filters (paging fields ignored).
    fn count_links(&self, query: &LinkQuery) -> Result<u64>;
    fn status_events(&self, link_id: i64) -> Result<Vec<StatusEvent>>;
    fn references(&self, link_id: i64) -> Result<Vec<ReferenceRecord>>;
    /// In one transaction: marks the link's current reference void with `note`, records
    /// `new_reference` as current and makes it the link's reference.
    fn replace_reference(&self, link_id: i64, note: &str, new_reference: &str) -> Result<Link>;

    /// Takes the lease on a link in `creating` for `secs` seconds, unless someone else holds an
    /// unexpired one. Returns whether `holder` now holds it.
    fn claim(&self, link_id: i64, holder: &str, secs: i64) -> Result<bool>;
    /// Gives the lease back (only if `holder` still holds it).
    fn release(&self, link_id: i64, holder: &str) -> Result<()>;
    /// Starts an operation, or returns the pending one with the same kind and request, so that a
    /// retry of the same operation reuses its idempotency key.
    fn begin_operation(&self, link_id: i64, kind: &str, request: &str) -> Result<OperationRecord>;
    fn finish_operation(&self, id: i64, ok: bool, result: Option<&str>, error: Option<&str>) -> Result<OperationRecord>;
    /// Oldest first.
    fn operations(&self, link_id: i64) -> Result<Vec<OperationRecord>>;

    fn get_setting(&self, key: &str) -> Result<Option<String>>;
    fn set_setting(&self, key: &str, value: &str) -> Result<()>;
    fn delete_setting(&self, key: &str) -> Result<bool>;
    fn list_settings(&self) -> Result<Vec<(String, String)>>;
}
