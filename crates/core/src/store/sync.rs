//! What travels between a till and the shop hub: immutable events, each a snapshot of one sale
//! or link as a till changed it. The SQL that keeps them lives with each store.

use crate::link::{Link, ProviderId};
use serde::{Deserialize, Serialize};

/// One change, as appended to a till's outbox and kept by the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Globally unique (UUID v7): a push repeated after a lost answer changes nothing.
    pub uid: String,
    /// The till that made the change (filled in by the hub; empty in a till's own outbox).
    pub till: String,
    /// Its position in that till's outbox: the owner's later word wins on what only it changes.
    pub source_seq: i64,
    /// `sale` or `link`.
    pub entity: String,
    pub entity_uid: String,
    pub kind: String,
    /// The row as JSON: [`SaleRecord`] or [`Link`].
    pub body: String,
    pub at: String,
}

/// A sale as it travels: its links named by uid, since local ids differ per till.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRecord {
    pub uid: String,
    pub till_id: String,
    pub amount_minor: i64,
    pub currency: String,
    pub customer_email: String,
    pub description: Option<String>,
    pub mode: String,
    pub created_at: String,
    pub current_link_uid: Option<String>,
    pub duplicate_of_uid: Option<String>,
    pub cancelled_at: Option<String>,
}

impl SaleRecord {
    /// What a link tells of its sale, for a till that sees the link before the sale.
    pub fn of_link(link: &Link) -> SaleRecord {
        SaleRecord {
            uid: link.sale_uid.clone(),
            till_id: link.till_id.clone(),
            amount_minor: link.amount_minor,
            currency: link.currency.code().to_string(),
            customer_email: link.customer_email.clone(),
            description: link.description.clone(),
            mode: if link.provider == ProviderId::Training { "training".into() } else { link.mode.as_str().into() },
            created_at: link.created_at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            current_link_uid: None,
            duplicate_of_uid: None,
            cancelled_at: None,
        }
    }
}

/// Where a till stands with its hub.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncState {
    /// Events made here and not pushed yet.
    pub waiting: u64,
    /// The last hub sequence number applied here.
    pub cursor: i64,
    pub last_push: Option<String>,
    pub last_pull: Option<String>,
}
