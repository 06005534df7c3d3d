//! The one rule that decides which of two states of a link wins, wherever two writers meet: a
//! verify and a cancel in one process, the app and the CLI on one history, later several tills.
//!
//! A status only moves up a rank: `creating` < `open` (and `unknown`, which is an open link
//! whose word we do not know) < `failed` | `expired` | `cancelled` < `paid` < `partially_refunded`
//! < `refunded`.
//! Within one rank the newer verification wins. So an older answer never replaces a newer one,
//! and `unknown` never replaces paid, refunded or another final state.

use crate::link::LinkStatus;
use chrono::{DateTime, Utc};

/// Where a status stands in the order above.
pub fn rank(status: LinkStatus) -> u8 {
    match status {
        LinkStatus::Creating => 0,
        LinkStatus::Open | LinkStatus::Unknown => 1,
        LinkStatus::Failed | LinkStatus::Expired | LinkStatus::Cancelled => 2,
        LinkStatus::Paid => 3,
        // A provider that still says "paid" after a partial refund never undoes it.
        LinkStatus::PartiallyRefunded => 4,
        LinkStatus::Refunded => 5,
    }
}

/// A status, when a provider last confirmed it, and its own word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen<'a> {
    pub status: LinkStatus,
    pub verified_at: Option<DateTime<Utc>>,
    pub word: Option<&'a str>,
}

impl<'a> Seen<'a> {
    pub fn new(status: LinkStatus, verified_at: Option<DateTime<Utc>>) -> Seen<'a> {
        Seen { status, verified_at, word: None }
    }
}

/// Whether `incoming` may replace `stored`. A total order on (rank, verification time, status,
/// word) — an unverified state never beats a verified one — so two tills applying the same states
/// in any order, any number of times, end on the same one.
pub fn incoming_wins(stored: Seen<'_>, incoming: Seen<'_>) -> bool {
    let key = |s: Seen<'_>| (rank(s.status), s.verified_at, s.status.as_str(), s.word.map(str::to_string));
    key(incoming) >= key(stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use LinkStatus::*;

    fn at(secs: i64) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0)
    }

    #[test]
    fn the_rule_as_a_table() {
        let s = |status, t| Seen::new(status, t);
        #[rustfmt::skip]
        let table = [
            // stored,            incoming,           incoming wins
            (s(Creating, None),   s(Open, None),      true),
            (s(Creating, None),   s(Failed, None),    true),
            (s(Open, at(1)),      s(Paid, at(0)),     true),   // paid wins even if older
            (s(Paid, at(0)),      s(Open, at(5)),     false),  // a stale "open" never undoes paid
            (s(Paid, at(0)),      s(Unknown, at(5)),  false),  // unknown never replaces paid
            (s(Refunded, at(0)),  s(Unknown, at(5)),  false),
            (s(Cancelled, at(0)), s(Unknown, at(5)),  false),
            (s(Expired, at(0)),   s(Open, at(5)),     false),
            (s(Cancelled, at(1)), s(Open, at(0)),     false),  // verify's stale answer after a cancel
            (s(Open, at(0)),      s(Cancelled, at(1)),true),
            (s(Cancelled, at(0)), s(Paid, at(1)),     true),   // paid before the cancel landed
            (s(Paid, at(0)),      s(Refunded, at(1)), true),
            (s(Refunded, at(0)),  s(Paid, at(1)),     false),
            (s(Paid, at(1)),      s(PartiallyRefunded, at(0)), true),  // a refund went through
            (s(PartiallyRefunded, at(0)), s(Paid, at(5)),     false),  // "success" after a partial refund
            (s(PartiallyRefunded, at(0)), s(Unknown, at(5)),  false),
            (s(PartiallyRefunded, at(0)), s(Refunded, at(1)), true),   // the rest given back
            (s(Refunded, at(0)),  s(PartiallyRefunded, at(5)), false),
            (s(PartiallyRefunded, at(0)), s(PartiallyRefunded, at(1)), true), // a second partial refund
            (s(Open, at(0)),      s(Unknown, at(1)),  true),   // same rank: the newer word
            (s(Unknown, at(1)),   s(Open, at(0)),     false),
            (s(Open, at(1)),      s(Open, None),      false),  // an unverified copy loses
            (s(Open, None),       s(Open, None),      true),
            (s(Failed, at(0)),    s(Expired, at(1)),  true),
            (s(Expired, at(1)),   s(Failed, at(0)),   false),
        ];
        for (stored, incoming, want) in table {
            assert_eq!(incoming_wins(stored, incoming), want, "{stored:?} ← {incoming:?}");
        }
    }

    #[test]
    fn the_rule_is_an_order_every_pair_agrees_on() {
        // For any two distinct states exactly one wins, so applying them in either order ends the same.
        let states = [Creating, Open, Unknown, Failed, Expired, Cancelled, Paid, PartiallyRefunded, Refunded];
        for a in states {
            for b in states {
                for (ta, tb) in [(at(0), at(1)), (at(1), at(0)), (None, at(0)), (at(0), None)] {
                    let (x, y) = (Seen::new(a, ta), Seen::new(b, tb));
                    if x != y {
                        assert!(incoming_wins(x, y) != incoming_wins(y, x), "exactly one of {x:?} {y:?} wins");
                    }
                }
            }
        }
    }
}
