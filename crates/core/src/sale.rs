//! The sale: what the customer is asked to pay (amount, currency, customer, what for), above the
//! links that try to collect it. A sale has one link at a time that can be paid; when that
//! attempt is proven unpayable, another provider may be tried ("failover"), and the sale keeps
//! every attempt. A sale never has two payable links.

use crate::i18n::Msg;
use crate::link::{Link, LinkStatus, ProviderId};
use crate::money::Currency;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A sale as kept, with its attempts oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sale {
    pub id: i64,
    pub uid: String,
    pub till_id: String,
    pub amount_minor: i64,
    pub currency: Currency,
    pub customer_email: String,
    pub description: Option<String>,
    /// `test`, `live` or `training`: a failover stays in it.
    pub mode: String,
    pub created_at: DateTime<Utc>,
    /// The attempt shown (the latest one).
    pub current_link_id: Option<i64>,
    /// The earlier link the owner saw and chose to make a new sale beside anyway.
    pub duplicate_of: Option<i64>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub status: LinkStatus,
    pub attempts: Vec<Link>,
}

/// Where a sale stands: partially refunded or paid if an attempt still is, else refunded if one
/// was wholly refunded, else its current attempt's. A sale paid twice whose second payment was
/// given back kept one payment: it is paid, not refunded (the day's totals count it so).
pub fn status_of(attempts: &[Link], current: Option<i64>) -> LinkStatus {
    let best_paid = attempts.iter().map(|l| l.status).filter_map(|s| Some((kept_rank(s)?, s))).max_by_key(|(rank, _)| *rank).map(|(_, s)| s);
    best_paid.unwrap_or_else(|| {
        attempts.iter().find(|l| Some(l.id) == current).or(attempts.last()).map(|l| l.status).unwrap_or(LinkStatus::Creating)
    })
}

/// Which paid attempt says what a sale is, highest first: one partly refunded, then one paid,
/// then one wholly refunded; `None` for an attempt never paid. (standing.rs and the day's lists
/// rank them the same way in SQL.)
fn kept_rank(s: LinkStatus) -> Option<u8> {
    match s {
        LinkStatus::PartiallyRefunded => Some(3),
        LinkStatus::Paid => Some(2),
        LinkStatus::Refunded => Some(1),
        _ => None,
    }
}

/// A payment taken twice for what looks like one sale: which other link, and which to refund.
/// Only ever made when a link is read for a person, never read back (`Link` skips it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaidTwice {
    pub with_link: i64,
    /// The later of the two: the one to pay back.
    pub refund_link: i64,
    /// What to do, in English.
    pub message: String,
    /// The same as a message of the catalogue, `{id, args}`, for the window's language.
    pub message_l10n: Msg,
}

impl PaidTwice {
    /// `this` and `other` were both paid for one sale. The later made is the one to pay back:
    /// by when it was made, then its uid, so every till of a shop names the same link (local ids
    /// differ between tills). `here` is this till's id: a link made on another till is refunded
    /// there (refunds are not shared between tills), and the advice says so.
    pub fn new(this: &Link, other: &Link, here: &str) -> PaidTwice {
        let made = |l: &Link| (l.created_at, l.uid.clone());
        let (first, later) = if made(this) <= made(other) { (this, other) } else { (other, this) };
        let id = if later.till_id == here { "sale-paid-twice-links" } else { "sale-paid-twice-links-elsewhere" };
        let msg = Msg::new(id).num("first", first.id).num("later", later.id);
        PaidTwice { with_link: other.id, refund_link: later.id, message: crate::i18n::english(&msg), message_l10n: msg }
    }
}

/// Whether another provider may be tried on a sale, and which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failover {
    pub allowed: bool,
    /// Why not, or what will happen, in a sentence (English).
    pub why: String,
    /// The same sentence as a message of the catalogue, `{id, args}`, for the window to say
    /// in its language.
    #[serde(serialize_with = "crate::i18n::as_object")]
    pub why_l10n: Msg,
    pub providers: Vec<ProviderId>,
}
