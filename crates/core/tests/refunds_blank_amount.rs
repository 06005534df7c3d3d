//! A refund's amount as typed: only no amount at all means "everything left". One cleared to
//! nothing (the app's field emptied, `--amount ""`) is refused as the money parser refuses it,
//! before anything is recorded or sent.

mod support;

use paydesk_core::desk::RefundInput;
use paydesk_core::link::LinkStatus;
use paydesk_fakes::{FakePaystack, Route};
use support::{desk, sale, KEY};

#[tokio::test]
async fn a_blank_amount_is_refused_and_nothing_is_recorded_or_sent() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("100")).await.unwrap();
    fake.set_status(&link.reference, "success");
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Paid);
    for blank in ["", "  ", "\t"] {
        let input = RefundInput { amount: Some(blank.into()), reason: Some("Cleared the field".into()), ..Default::default() };
        let err = desk.refund(&link.reference, &input, None).await.unwrap_err();
        assert_eq!((err.kind(), err.field(), err.l10n().id), ("invalid", Some("amount"), "amount-empty"), "{blank:?}: {err}");
    }
    assert!(desk.details(&link.reference).unwrap().refunds.is_empty(), "nothing recorded");
    let after = desk.get(&link.reference).unwrap();
    assert_eq!((after.status, after.refundable_minor), (LinkStatus::Paid, 10_000));
    assert_eq!(fake.hits(Route::Refund), 0, "nothing sent");
}
