//! Refunds through the desk, on the Training provider (no network): partial then full, never
//! more than was paid (two processes at once included), the manager PIN and its lock, and what
//! the history, the timeline and the CSV say afterwards.

use paydesk_core::desk::{CreateInput, Desk, RefundInput, LOCK_AFTER};
use paydesk_core::link::{LinkStatus, Mode, ProviderId};
use paydesk_core::provider::training::Simulated;
use paydesk_core::settings::Environment;
use paydesk_core::store::RefundState;
use paydesk_core::vault::MemoryVault;
use secrecy::SecretString;
use std::sync::Arc;

fn open(dir: &std::path::Path) -> Desk {
    Desk::open(dir, Arc::new(MemoryVault::new()), Environment::default()).unwrap()
}

async fn paid(desk: &Desk, amount: &str) -> i64 {
    let input = CreateInput {
        provider: Some("training".into()),
        amount: amount.into(),
        currency: Some("NGN".into()),
        email: "ada@example.com".into(),
        ..Default::default()
    };
    let link = desk.create(&input).await.unwrap();
    assert_eq!(desk.simulate(&link.id.to_string(), Simulated::Paid).await.unwrap().status, LinkStatus::Paid);
    link.id
}

fn amount(a: &str) -> RefundInput {
    RefundInput { amount: Some(a.into()), reason: Some("Burnt loaf".into()), ..Default::default() }
}

fn pin(p: &str) -> Option<SecretString> {
    Some(SecretString::from(p))
}

#[tokio::test]
async fn a_partial_then_a_full_refund_never_gives_back_more_than_was_paid() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path());
    let id = paid(&desk, "1,500.50").await;
    let link = desk.get(&id.to_string()).unwrap();
    assert_eq!((link.refunded_minor, link.refundable_minor), (0, 150_050));

    let part = desk.refund(&id.to_string(), &amount("500"), None).await.unwrap();
    assert_eq!(part.refund.state, RefundState::Processed);
    assert_eq!(part.refund.provider_status.as_deref(), Some("processed"));
    assert_eq!((part.link.status, part.link.refunded_minor, part.link.refundable_minor), (LinkStatus::PartiallyRefunded, 50_000, 100_050));

    let err = desk.refund(&id.to_string(), &amount("1,000.51"), None).await.unwrap_err();
    assert_eq!((err.kind(), err.field()), ("invalid", Some("amount")));
    assert!(err.to_string().contains("NGN 1,000.50 left"), "{err}");

    // A verify that hears "paid" again never undoes the partial refund.
    assert_eq!(desk.verify(&id.to_string()).await.unwrap().status, LinkStatus::PartiallyRefunded);

    let rest = desk.refund(&id.to_string(), &RefundInput::default(), None).await.unwrap();
    assert_eq!(rest.refund.amount_minor, 100_050, "no amount: everything left");
    assert_eq!((rest.link.status, rest.link.refunded_minor, rest.link.refundable_minor), (LinkStatus::Refunded, 150_050, 0));
    let err = desk.refund(&id.to_string(), &amount("1"), None).await.unwrap_err();
    assert_eq!(err.kind(), "conflict", "{err}");

    let d = desk.details(&id.to_string()).unwrap();
    assert_eq!(d.refunds.len(), 2);
    let refund_events: Vec<_> = d.events.iter().filter(|e| e.refund_id.is_some()).map(|e| (e.from, e.to)).collect();
    assert_eq!(
        refund_events,
        [(Some(LinkStatus::Paid), LinkStatus::PartiallyRefunded), (Some(LinkStatus::PartiallyRefunded), LinkStatus::Refunded)]
    );
    let (csv, _) = desk.export_csv(&Default::default()).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",refunded_minor,till_id"));
    assert!(lines.next().unwrap().ends_with(&format!(",150050,{}", desk.till_id())));
    let json = serde_json::to_value(desk.get(&id.to_string()).unwrap()).unwrap();
    assert_eq!((json["status"].as_str(), json["refunded_minor"].as_i64(), json["refundable_minor"].as_i64()), (Some("refunded"), Some(150_050), Some(0)));
}

#[tokio::test]
async fn only_paid_links_are_refunded_and_bad_amounts_say_which_field() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path());
    let input = CreateInput { provider: Some("training".into()), amount: "5".into(), email: "a@example.com".into(), ..Default::default() };
    let open_link = desk.create(&input).await.unwrap();
    let err = desk.refund(&open_link.id.to_string(), &RefundInput::default(), None).await.unwrap_err();
    assert_eq!(err.kind(), "conflict");
    let id = paid(&desk, "5").await;
    for bad in ["0", "-1", "1.234", "lots"] {
        let err = desk.refund(&id.to_string(), &amount(bad), None).await.unwrap_err();
        assert_eq!(err.field(), Some("amount"), "{bad}: {err}");
    }
    let err = desk.refund(&id.to_string(), &RefundInput { reason: Some("a\u{202E}b".into()), ..Default::default() }, None).await.unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    assert_eq!(desk.details(&id.to_string()).unwrap().refunds.len(), 0, "nothing recorded for bad input");
}

#[tokio::test]
async fn two_processes_refunding_at_once_cannot_both_give_back_everything() {
    let dir = tempfile::tempdir().unwrap();
    let first = open(dir.path());
    let id = paid(&first, "20").await;
    let second = open(dir.path()); // another process on the same history
    let (key, all) = (id.to_string(), RefundInput::default());
    let (a, b) = tokio::join!(first.refund(&key, &all, None), second.refund(&key, &all, None));
    let oks = [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count();
    assert_eq!(oks, 1, "exactly one full refund: {a:?} {b:?}");
    let link = first.get(&id.to_string()).unwrap();
    assert_eq!((link.status, link.refunded_minor), (LinkStatus::Refunded, 2000));
    assert_eq!(first.details(&id.to_string()).unwrap().refunds.len(), 1);
}

#[tokio::test]
async fn the_manager_pin_guards_refunds_and_keys_and_waits_after_five_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path());
    assert!(!desk.pin_status().unwrap().set);
    desk.check_pin(None).unwrap();
    assert_eq!(desk.set_pin(None, &SecretString::from("12a4")).unwrap_err().field(), Some("new_pin"));
    desk.set_pin(None, &SecretString::from("4321")).unwrap();
    assert!(desk.pin_status().unwrap().set);
    // Stored only as an Argon2id hash, under a key `config` neither lists nor sets.
    let stored = rusqlite_value(dir.path(), "pin.argon2");
    assert!(stored.starts_with("$argon2id$") && !stored.contains("4321"), "{stored}");
    assert!(desk.config_list().unwrap().iter().all(|s| !s.key.starts_with("pin")));
    assert!(desk.config_set("pin.argon2", "x").is_err());

    let id = paid(&desk, "10").await;
    let err = desk.refund(&id.to_string(), &amount("1"), None).await.unwrap_err();
    assert_eq!((err.kind(), err.field()), ("invalid", Some("pin")));
    let err = desk.refund(&id.to_string(), &amount("1"), pin("0000")).await.unwrap_err();
    assert!(err.to_string().starts_with("Wrong PIN"), "{err}");
    assert!(!err.to_string().contains("0000"));
    desk.refund(&id.to_string(), &amount("1"), pin("4321")).await.unwrap();
    let err = desk.set_key(ProviderId::Paystack, Some(Mode::Test), SecretString::from("sk_test_abcdef"), None).unwrap_err();
    assert_eq!(err.field(), Some("pin"));
    desk.set_key(ProviderId::Paystack, Some(Mode::Test), SecretString::from("sk_test_abcdef"), pin("4321").as_ref()).unwrap();
    assert_eq!(desk.delete_key(ProviderId::Paystack, Mode::Test, pin("9").as_ref()).unwrap_err().field(), Some("pin"));
    assert!(desk.delete_key(ProviderId::Paystack, Mode::Test, pin("4321").as_ref()).unwrap());

    for _ in 0..LOCK_AFTER {
        assert!(desk.check_pin(pin("1111").as_ref()).is_err());
    }
    // Locked: even the right PIN waits, and a restart (a new desk on the same history) too.
    let err = open(dir.path()).check_pin(pin("4321").as_ref()).unwrap_err();
    assert!(err.to_string().contains("wait"), "{err}");
    assert!(open(dir.path()).pin_status().unwrap().locked_for_secs.is_some());
    assert_eq!(desk.details(&id.to_string()).unwrap().refunds.len(), 1);
}

#[tokio::test]
async fn clearing_the_pin_needs_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path());
    desk.set_pin(None, &SecretString::from("2468")).unwrap();
    assert!(desk.set_pin(None, &SecretString::from("1357")).is_err(), "changing needs the current PIN");
    assert!(desk.clear_pin(&SecretString::from("1111")).is_err());
    assert!(!desk.clear_pin(&SecretString::from("2468")).unwrap().set);
    desk.check_pin(None).unwrap();
}

#[tokio::test]
async fn luxfin_links_are_refunded_in_luxfins_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path());
    let id = paid(&desk, "3").await;
    // A Luxfin link cannot be made offline; the rule is the provider's, checked before anything.
    let caps = paydesk_core::provider::capabilities(ProviderId::Luxfin);
    assert!(!caps.refund);
    assert_eq!(caps.refund_dashboard, Some(paydesk_core::provider::luxfin::DASHBOARD));
    assert!(desk.refund_preflight(&id.to_string()).is_ok());
}

/// A value straight from the history's settings table.
fn rusqlite_value(dir: &std::path::Path, key: &str) -> String {
    let conn = rusqlite::Connection::open(dir.join(paydesk_core::desk::DB_FILE)).unwrap();
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).unwrap()
}
