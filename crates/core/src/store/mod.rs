//! The link history. [`Store`] is the small trait the use cases see; [`SqliteStore`] keeps it in a
//! local SQLite file (WAL), with its SQL in `sqlite/`. A shared multi-till store can implement the
//! same trait later, in its own folder.

mod sqlite;
pub mod sync;

use crate::lease::{HeldBy, Holder};
use crate::link::{Link, LinkStatus, Mode, ProviderId};
use crate::money::Currency;
use crate::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use sqlite::{check_backup, restore, stage_copy, Restored, SqliteStore};

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
    /// The earlier link the owner chose to make a new sale beside anyway.
    pub duplicate_of: Option<i64>,
}

/// Filters and a page of the history, newest first.
#[derive(Debug, Clone, Default)]
pub struct LinkQuery {
    pub status: Option<LinkStatus>,
    pub provider: Option<ProviderId>,
    pub mode: Option<Mode>,
    /// Matched case-insensitively against email, description and reference (current or void).
    pub search: Option<String>,
    /// Only links made by this till (its id).
    pub till: Option<String>,
    /// Keyset paging: only links with an id below this one.
    pub before_id: Option<i64>,
    /// At most this many rows; `None` means all.
    pub limit: Option<u32>,
    /// Only each sale's current attempt: one row per sale.
    pub sales_only: bool,
}

/// One change of a link's status, appended and never rewritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEvent {
    pub at: DateTime<Utc>,
    pub from: Option<LinkStatus>,
    pub to: LinkStatus,
    pub provider_status: Option<String>,
    /// The refund that caused this line, when one did (see [`RefundRecord`]).
    pub refund_id: Option<i64>,
}

/// Where a refund stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundState {
    /// Recorded and its amount reserved; the provider has not confirmed it (in flight, or its
    /// answer was lost). Running the refund again looks it up, then finishes it.
    Sending,
    /// The provider took it and is still processing it (Paystack queues refunds).
    Pending,
    /// The money went back.
    Processed,
    /// The provider refused it or it failed: its amount is free again.
    Failed,
}

impl RefundState {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundState::Sending => "sending",
            RefundState::Pending => "pending",
            RefundState::Processed => "processed",
            RefundState::Failed => "failed",
        }
    }
}

impl std::str::FromStr for RefundState {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self> {
        [RefundState::Sending, RefundState::Pending, RefundState::Processed, RefundState::Failed]
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| crate::Error::conflict(crate::i18n::Msg::new("error-history-unknown-word").text("what", "refund").text("word", s)))
    }
}

/// A refund of a link, as the history keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundRecord {
    pub id: i64,
    pub link_id: i64,
    /// Ours (`PR…`), chosen before the first send; Paystack carries it in the merchant note.
    pub reference: String,
    /// Sent with every send of this refund (Dojo `idempotencyKey`, Payroc `Idempotency-Key`).
    pub idempotency_key: String,
    pub amount_minor: i64,
    pub reason: Option<String>,
    pub state: RefundState,
    /// What the provider did: `refund`, or `reversal` (Payroc, for a payment in an open batch).
    pub method: Option<String>,
    pub provider_refund_id: Option<String>,
    /// The provider's own word for the refund.
    pub provider_status: Option<String>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the provider said of a refund, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundOutcome {
    pub state: RefundState,
    pub method: Option<String>,
    pub provider_refund_id: Option<String>,
    pub provider_status: Option<String>,
    pub error: Option<String>,
}

/// Where the manager PIN's wrong tries stand after one more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinFailures {
    /// Wrong PINs in a row, this one included.
    pub count: u32,
    /// No PIN is checked before this time.
    pub locked_until: Option<DateTime<Utc>>,
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
    /// A sale with its attempts, by its local id or its uid.
    fn sale(&self, id_or_uid: &str) -> Result<Option<crate::sale::Sale>>;
    /// Records a new attempt of `sale_id` at `provider` (status `creating`, reference chosen) and
    /// makes it the sale's current link — refused unless every earlier attempt is proven
    /// unpayable (failed, expired, cancelled, or never sent), so a sale never has two payable
    /// links, whoever asks at once.
    fn insert_attempt(&self, sale_id: i64, provider: ProviderId, mode: Mode, reference: &str) -> Result<Link>;
    /// Marks a sale cancelled; refused while any attempt can still be paid.
    fn cancel_sale(&self, sale_id: i64) -> Result<()>;
    /// Open, unknown, creating or paid links for this customer, amount and currency made since
    /// `since`, newest first: a second sale like them is likely a duplicate.
    fn recent_like(&self, email: &str, amount_minor: i64, currency: Currency, since: DateTime<Utc>) -> Result<Vec<Link>>;
    /// Another paid link of the same sale, or of the same customer, amount and currency made
    /// within `window` of this one.
    fn paid_twin(&self, link: &Link, window: chrono::Duration) -> Result<Option<i64>>;

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

    /// In one IMMEDIATE transaction: refuses unless the link is paid or partially refunded;
    /// resumes the link's refund still being sent (the same record, so the same idempotency key
    /// and reference) when its holder is gone and `amount` is absent or the same; otherwise
    /// reserves `amount` (all that is left when absent) unless that is more than is left, and
    /// records a new refund in `sending`. Either way `holder` leases it for `secs`. The bool
    /// says whether it was resumed.
    fn begin_refund(&self, link_id: i64, amount: Option<i64>, reason: Option<&str>, holder: &Holder, secs: i64) -> Result<(RefundRecord, bool)>;
    /// Records what became of a refund, in one transaction with the link's sums and status (a
    /// processed refund makes it partially refunded or refunded, by [`crate::merge`]), a status
    /// event naming the refund, and (with `token`) the end of its lease. A refund that failed
    /// frees its amount.
    fn settle_refund(&self, refund_id: i64, token: Option<&str>, outcome: &RefundOutcome) -> Result<(RefundRecord, Link)>;
    /// Gives back the lease on a refund whose fate is still unknown, noting why.
    fn release_refund(&self, refund_id: i64, token: &str, error: &str) -> Result<RefundRecord>;
    /// Extends `token`'s lease on a refund still being sent for `secs` from now, while its
    /// provider is waited on; false when it is no longer that holder's (taken over, settled, kept).
    fn renew_refund(&self, refund_id: i64, token: &str, secs: i64) -> Result<bool>;
    /// Oldest first.
    fn refunds(&self, link_id: i64) -> Result<Vec<RefundRecord>>;
    /// Every link with a refund still being processed by its provider (`pending`), by id.
    fn links_with_pending_refunds(&self) -> Result<Vec<Link>>;

    /// Counts one more wrong manager PIN; at `lock_after` in a row (and each one after), no PIN
    /// is checked for `lock_secs`. Kept in the history, so a restart does not reset it.
    fn pin_failure(&self, lock_after: u32, lock_secs: i64) -> Result<PinFailures>;
    /// The wrong tries so far and any lock, without counting one.
    fn pin_failures(&self) -> Result<PinFailures>;
    /// A right PIN: the count starts again.
    fn pin_success(&self) -> Result<()>;
    /// Up to `limit` outbox events not pushed yet, oldest first.
    fn pending_events(&self, limit: u32) -> Result<Vec<sync::Event>>;
    /// Marks every outbox event up to `seq` pushed.
    fn mark_pushed(&self, seq: i64) -> Result<()>;
    /// Applies events pulled from the hub (each once, in any order) and moves the pull cursor
    /// to `cursor`, in one transaction. Returns how many were new here.
    fn apply_events(&self, events: &[sync::Event], cursor: i64) -> Result<usize>;
    fn sync_state(&self) -> Result<sync::SyncState>;
    /// Records when a push or pull last succeeded (`push` or `pull`).
    fn note_synced(&self, what: &str) -> Result<()>;
    /// The other tills' names, as the hub last said them: `(till id, name)`, by name.
    fn till_names(&self) -> Result<Vec<(String, String)>>;
    /// Keeps the names of the shop's other tills (pulled from the hub); this till's own entry
    /// is skipped (its name is the `till.name` setting). A till's newer name replaces its older.
    fn save_till_names(&self, names: &[(String, String)]) -> Result<()>;
    /// The shop's day totals: every sale made in `[from, to)`, counted per provider × currency ×
    /// mode with its status known now (see [`crate::report`]). Rows in no particular order.
    fn sale_totals(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<crate::report::TotalsRow>>;
    /// The sales made in `[from, to)` that [`Store::sale_totals`] counts as paid, oldest first.
    fn paid_sales(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<crate::report::PaidSale>>;
    /// The sales made in `[from, to)` that [`Store::sale_totals`] counts as refunded, wholly or
    /// in part, oldest first.
    fn refunded_sales(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<crate::report::RefundedSale>>;
    /// The refunds processed in `[from, to)` of sales made before `from`, in the order processed;
    /// `day_of` names the shop day a sale made at an instant belongs to.
    fn earlier_refunds(&self, from: DateTime<Utc>, to: DateTime<Utc>, day_of: &dyn Fn(DateTime<Utc>) -> chrono::NaiveDate) -> Result<Vec<crate::report::EarlierRefund>>;

    /// Writes a consistent copy of the history to `dest` (which must not exist) while others
    /// go on writing. Keys are not in it: they are in the OS keyring.
    fn backup_to(&self, dest: &std::path::Path) -> Result<()>;

    fn get_setting(&self, key: &str) -> Result<Option<String>>;
    fn set_setting(&self, key: &str, value: &str) -> Result<()>;
    fn delete_setting(&self, key: &str) -> Result<bool>;
    fn list_settings(&self) -> Result<Vec<(String, String)>>;
}
