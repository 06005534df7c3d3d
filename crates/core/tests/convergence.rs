//! One merge rule, everywhere: any interleaving and duplication of the same events, applied on
//! any till, ends with the same rows (a property test).

use paydesk_core::link::{Link, LinkStatus, Mode, ProviderId};
use paydesk_core::money::Currency;
use paydesk_core::store::sync::{Event, SaleRecord};
use paydesk_core::store::{NewLinkRow, SqliteStore, Store};
use proptest::prelude::*;

const STATUSES: [LinkStatus; 7] =
    [LinkStatus::Open, LinkStatus::Unknown, LinkStatus::Paid, LinkStatus::Failed, LinkStatus::Expired, LinkStatus::Cancelled, LinkStatus::Refunded];

/// A link as its owning till made it, to vary.
fn template() -> Link {
    let source = SqliteStore::open_in_memory().unwrap();
    source
        .insert_link(&NewLinkRow {
            provider: ProviderId::Paystack,
            mode: Mode::Live,
            reference: "PDCONVERGE".into(),
            amount_minor: 1000,
            currency: Currency::NGN,
            customer_email: "ada@example.com".into(),
            description: None,
            duplicate_of: None,
        })
        .unwrap()
}

/// Event `n`: a till (the owner, 0, or another, 1) saw the link in `status` at `secs`, with a word.
fn event(base: &Link, n: usize, till: usize, status: usize, secs: i64, word: usize) -> Event {
    let mut link = base.clone();
    link.status = STATUSES[status];
    link.provider_status = Some(format!("w{word}"));
    link.last_verified_at = chrono::DateTime::from_timestamp(1_800_000_000 + secs, 0);
    if till == 0 {
        link.url = Some(format!("https://pay.example/{n}"));
    }
    Event {
        uid: format!("0190a000-0000-7000-8000-{n:012x}"),
        till: if till == 0 { base.till_id.clone() } else { "another-till".into() },
        source_seq: n as i64 + 1,
        entity: "link".into(),
        entity_uid: base.uid.clone(),
        kind: "saved".into(),
        body: serde_json::to_string(&link).unwrap(),
        at: String::new(),
    }
}

fn outcome(events: &[Event], order: &[usize]) -> (LinkStatus, Option<String>, Option<String>, Option<String>) {
    let till = SqliteStore::open_in_memory().unwrap();
    let sale = serde_json::to_string(&SaleRecord::of_link(&serde_json::from_str::<Link>(&events[0].body).unwrap())).unwrap();
    let mut all = vec![Event { uid: "sale".into(), entity: "sale".into(), body: sale, ..events[0].clone() }];
    all.extend(order.iter().map(|i| events[*i].clone()));
    // Applied one at a time, as separate pulls would.
    for (n, ev) in all.iter().enumerate() {
        till.apply_events(std::slice::from_ref(ev), n as i64).unwrap();
    }
    let link = till.list_links(&Default::default()).unwrap().pop().unwrap();
    (link.status, link.provider_status, link.last_verified_at.map(|t| t.to_rfc3339()), link.url)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_order_and_any_repeats_give_the_same_link(
        raw in prop::collection::vec((0usize..2, 0usize..7, 0i64..5, 0usize..3), 1..7),
        shuffle in prop::collection::vec(any::<prop::sample::Index>(), 1..20),
    ) {
        let base = template();
        let events: Vec<Event> = raw.iter().enumerate().map(|(n, (t, s, secs, w))| event(&base, n, *t, *s, *secs, *w)).collect();
        let in_order: Vec<usize> = (0..events.len()).collect();
        // Another order, with some events repeated: each picked index, then the rest.
        let mut other: Vec<usize> = shuffle.iter().map(|i| i.index(events.len())).collect();
        other.extend((0..events.len()).rev());
        prop_assert_eq!(outcome(&events, &in_order), outcome(&events, &other));
    }
}
