//! The link history. [`Store`] is the small trait the use cases see; [`SqliteStore`] keeps it in a
//! local SQLite file (WAL), with its SQL in `sqlite/`. A shared multi-till store can implement the
//! same trait later, in its own folder.

mod sqlite;

use crate::lease::{HeldBy, Holder};
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

/// What became of a request for the lease on a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The caller holds it now.
    Taken,
    /// A live process holds it (or one this till cannot check, until its lease expires).
    Held(HeldBy),
    /// The link is no longer being created: there is nothing to lease.
    NotCreating(LinkStatus),
}

/// The history, as the use cases see it. Every method blocks (a database call): the desk
/// calls them from a blocking pool, never on the async runtime's workers.
pub trait Store: Send + Sync {
    /// This install's till id, made once when the history was created.
    fn till_id(&self) -> &str;
    /// Records a link in status `creating` with its first reference, a new uid and this till,
    /// and its first status event.
    fn insert_link(&self, row: &NewLinkRow) -> Result<Link>;
    /// Saves what may change on `link` (reference, provider id, URL, status, provider word,
    /// verification time, last error) — never the sale itself — bumping its version. A save
    /// from an older copy than the stored one is merged by [`crate::merge`]: the newer state
    /// wins. With `fence`, fails with [`crate::Error::Busy`] unless that lease token still holds
    /// the link. Appends a status event when the status changes. Returns what is stored now.
    fn save_link(&self, link: &Link, fence: Option<&str>) -> Result<Link>;
    fn get_link(&self, id: i64) -> Result<Option<Link>>;
    /// Finds a link by its current reference or any void one.
    fn find_by_reference(&self, reference: &str) -> Result<Option<Link>>;
    fn list_links(&self, query: &LinkQuery) -> Result<Vec<Link>>;
    /// How many links match the filters (paging fields ignored), counting no further than
    /// `at_most`: a page shows "1,000+" instead of counting a whole history.
    fn count_links(&self, query: &LinkQuery, at_most: Option<u64>) -> Result<u64>;
    fn status_events(&self, link_id: i64) -> Result<Vec<StatusEvent>>;
    fn references(&self, link_id: i64) -> Result<Vec<ReferenceRecord>>;
    /// In one transaction, under the lease `fence`: marks the link's current reference void with
    /// `note`, records `new_reference` as current and makes it the link's reference.
    fn replace_reference(&self, link_id: i64, note: &str, new_reference: &str, fence: &str) -> Result<Link>;

    /// Takes the lease on a link in `creating` for `secs` seconds, unless another holder has an
    /// unexpired one and is not known to be dead.
    fn claim(&self, link_id: i64, holder: &Holder, secs: i64) -> Result<Claim>;
    /// Extends the lease `token` holds by `secs` from now; false if it no longer holds it.
    fn renew(&self, link_id: i64, token: &str, secs: i64) -> Result<bool>;
    /// Gives the lease back (only if `token` still holds it).
    fn release(&self, link_id: i64, token: &str) -> Result<()>;
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
