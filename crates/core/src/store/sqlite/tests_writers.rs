//! Unit tests of the history's write paths when several writers meet: leases and their holders,
//! fenced writes, compare-and-set saves merged by the status rule, uids, and how a damaged or
//! unwritable history is reported.

use super::rows::time_text;
use super::tests::row;
use super::*;
use crate::lease::{HeldBy, Holder};
use crate::link::LinkStatus;
use crate::store::{Claim, RefundOutcome, RefundState, Store};
use chrono::Utc;

#[test]
fn a_lease_on_a_link_being_created_is_held_by_one_holder_until_given_back() {
    let store = SqliteStore::open_in_memory().unwrap();
    let link = store.insert_link(&row("PDLEASE", "a@b.com")).unwrap();
    let till = store.till_id().to_string();
    let a = Holder::this_process(&till);
    let b = Holder::this_process(&till);
    assert_eq!(store.claim(link.id, &a, 60).unwrap(), Claim::Taken);
    let Claim::Held(by) = store.claim(link.id, &b, 60).unwrap() else { panic!("held by a") };
    assert_eq!((by.pid, by.this_till), (Some(std::process::id()), true), "the refusal says who holds it");
    assert!(by.since.is_some());
    assert_eq!(store.claim(link.id, &a, 60).unwrap(), Claim::Taken, "a may take its own again");
    assert!(store.renew(link.id, &a.token, 60).unwrap());
    assert!(!store.renew(link.id, &b.token, 60).unwrap(), "only the holder renews");
    store.release(link.id, &b.token).unwrap();
    assert!(matches!(store.claim(link.id, &b, 60).unwrap(), Claim::Held(_)), "only the holder gives it back");
    store.release(link.id, &a.token).unwrap();
    assert_eq!(store.claim(link.id, &b, -1).unwrap(), Claim::Taken, "free again");
    let c = Holder::this_process(&till);
    assert_eq!(store.claim(link.id, &c, 60).unwrap(), Claim::Taken, "an expired lease can be taken");
    let mut open = store.get_link(link.id).unwrap().unwrap();
    open.status = LinkStatus::Open;
    store.save_link(&open, Some(&c.token)).unwrap();
    let d = Holder::this_process(&till);
    assert_eq!(store.claim(link.id, &d, 60).unwrap(), Claim::NotCreating(LinkStatus::Open), "only links being created are leased");
}

#[test]
#[cfg(target_os = "linux")]
fn a_lease_whose_holder_died_is_taken_at_once_and_its_late_writes_are_refused() {
    let store = SqliteStore::open_in_memory().unwrap();
    let link = store.insert_link(&row("PDDEAD", "a@b.com")).unwrap();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = Holder {
        token: "dead".into(),
        pid: child.id(),
        start: crate::lease::process_start(child.id()),
        till: store.till_id().to_string(),
    };
    assert_eq!(store.claim(link.id, &dead, 3600).unwrap(), Claim::Taken);
    child.wait().unwrap();
    // Another till's holder is never judged by a pid of this machine.
    let elsewhere = Holder { till: "another-till".into(), ..Holder::this_process("another-till") };
    assert!(matches!(store.claim(link.id, &elsewhere, 60).unwrap(), Claim::Held(HeldBy { this_till: false, .. })));
    let me = Holder::this_process(store.till_id());
    assert_eq!(store.claim(link.id, &me, 60).unwrap(), Claim::Taken, "a dead holder's hour-long lease is no obstacle");

    // Fencing: the old holder's writes fail, the new holder's land.
    let mut late = store.get_link(link.id).unwrap().unwrap();
    late.status = LinkStatus::Open;
    late.url = Some("https://pay.example/late".into());
    let err = store.save_link(&late, Some("dead")).unwrap_err();
    assert_eq!(err.kind(), "busy", "{err}");
    assert_eq!(store.replace_reference(link.id, "x", "PDLATE", "dead").unwrap_err().kind(), "busy");
    let kept = store.get_link(link.id).unwrap().unwrap();
    assert_eq!((kept.status, kept.url), (LinkStatus::Creating, None));
    assert_eq!(store.save_link(&late, Some(&me.token)).unwrap().status, LinkStatus::Open);
}

#[test]
fn a_save_from_an_older_copy_merges_by_the_status_rule() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut link = store.insert_link(&row("PDCAS", "a@b.com")).unwrap();
    link.status = LinkStatus::Open;
    link.url = Some("https://pay.example/cas".into());
    let open = store.save_link(&link, None).unwrap();

    // A verify read `open`, then a cancel saved `cancelled`, then the verify's stale answer lands.
    let mut cancelled = open.clone();
    cancelled.status = LinkStatus::Cancelled;
    cancelled.last_verified_at = Some(Utc::now());
    let after_cancel = store.save_link(&cancelled, None).unwrap();
    let mut stale = open.clone();
    stale.status = LinkStatus::Unknown;
    stale.provider_status = Some("weird".into());
    stale.last_verified_at = Some(Utc::now());
    stale.last_error = Some("late".into());
    let merged = store.save_link(&stale, None).unwrap();
    assert_eq!(merged.status, LinkStatus::Cancelled, "an older answer never replaces a newer state");
    assert_eq!(merged.last_error, None, "nor its error");
    assert_eq!(merged.url.as_deref(), Some("https://pay.example/cas"));
    assert!(merged.version > after_cancel.version);

    // A paid answer from an old copy still wins over cancelled: the money moved.
    let mut paid = open;
    paid.status = LinkStatus::Paid;
    paid.provider_status = Some("success".into());
    paid.last_verified_at = Some(Utc::now());
    assert_eq!(store.save_link(&paid, None).unwrap().status, LinkStatus::Paid);
    let steps: Vec<_> = store.status_events(link.id).unwrap().iter().map(|e| e.to).collect();
    assert_eq!(steps, [LinkStatus::Creating, LinkStatus::Open, LinkStatus::Cancelled, LinkStatus::Paid]);
}

#[test]
fn links_get_a_uuid_v7_and_this_till() {
    let store = SqliteStore::open_in_memory().unwrap();
    let a = store.insert_link(&row("PDU1", "a@b.com")).unwrap();
    let b = store.insert_link(&row("PDU2", "a@b.com")).unwrap();
    assert_eq!(uuid::Uuid::parse_str(&a.uid).unwrap().get_version_num(), 7);
    assert_ne!(a.uid, b.uid);
    assert!(a.uid < b.uid, "v7 uids sort by creation");
    assert_eq!(a.till_id, store.till_id());
    assert_eq!(uuid::Uuid::parse_str(store.till_id()).unwrap().get_version_num(), 7);
}

#[test]
fn a_damaged_file_is_named_with_what_to_do_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("paydesk.sqlite3");
    let junk = b"this is not a database, but someone's precious file".repeat(100);
    std::fs::write(&path, &junk).unwrap();
    let err = SqliteStore::open(&path).err().expect("refused");
    let text = err.to_string();
    assert_eq!(err.kind(), "store");
    assert!(text.contains(&path.display().to_string()) && text.contains("damaged") && text.contains("restore a backup"), "{text}");
    assert_eq!(std::fs::read(&path).unwrap(), junk, "never overwritten");
}

#[test]
fn a_folder_that_cannot_be_made_is_named_with_what_to_do() {
    // A file where the folder should be: refused even for root, unlike a permission bit.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, b"a file").unwrap();
    let path = blocker.join("paydesk.sqlite3");
    let text = SqliteStore::open(&path).err().expect("refused").to_string();
    assert!(text.contains("Cannot write to") && text.contains("check its permissions"), "{text}");
    assert!(text.contains(&blocker.display().to_string()), "{text}");
}

#[test]
fn a_refund_keeps_the_time_it_was_processed_when_a_racing_re_read_lands_after() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut link = store.insert_link(&row("PDRACE", "a@b.com")).unwrap();
    link.status = LinkStatus::Paid;
    let link = store.save_link(&link, None).unwrap();
    let me = Holder::this_process(store.till_id());
    let (refund, _) = store.begin_refund(link.id, Some(50_000), Some("broken"), &me, 60).unwrap();
    let outcome = |state, status: &str| RefundOutcome {
        state,
        method: Some(format!("card, {status}")),
        provider_refund_id: Some("rf_1".into()),
        provider_status: Some(status.into()),
        error: None,
    };
    let (done, _) = store.settle_refund(refund.id, Some(&me.token), &outcome(RefundState::Processed, "processed")).unwrap();
    assert_eq!(done.state, RefundState::Processed);
    // As if it had been processed at ten past nine; then two late re-reads land.
    let at = "2026-12-01T09:10:00.000Z";
    store.conn().execute("UPDATE refunds SET updated_at = ?2 WHERE id = ?1", rusqlite::params![refund.id, at]).unwrap();
    let (after, _) = store.settle_refund(refund.id, None, &outcome(RefundState::Processed, "processed")).unwrap();
    let (after_pending, _) = store.settle_refund(refund.id, None, &outcome(RefundState::Pending, "pending")).unwrap();
    for (what, r) in [("the same answer again", after), ("an older answer", after_pending)] {
        let seen = (r.state, time_text(r.updated_at), r.provider_status.as_deref(), r.method.as_deref());
        assert_eq!(seen, (RefundState::Processed, at.to_string(), Some("processed"), Some("card, processed")), "{what}");
    }
}

#[test]
fn a_status_change_taken_from_another_tills_event_is_marked_as_the_hubs() {
    let store = SqliteStore::open_in_memory().unwrap();
    // Another till's event about an entity, as this till pulls it from the shop hub.
    let from_there = |seq: i64, entity: &str, entity_uid: &str, body: String| crate::store::sync::Event {
        uid: format!("0190a000-0000-7000-8000-{seq:012x}"),
        till: "another-till".into(),
        source_seq: seq,
        entity: entity.into(),
        entity_uid: entity_uid.into(),
        kind: "saved".into(),
        body,
        at: String::new(),
    };
    // Each status change of the link of that uid, oldest first, and whether the hub brought it.
    let marks = |uid: &str| -> Vec<(String, i64)> {
        store
            .conn()
            .prepare("SELECT e.to_status, e.from_hub FROM status_events e JOIN links l ON l.id = e.link_id WHERE l.uid = ?1 ORDER BY e.id")
            .unwrap()
            .query_map([uid], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let mut link = store.insert_link(&row("PDHUB", "a@b.com")).unwrap();
    link.status = LinkStatus::Open;
    let link = store.save_link(&link, None).unwrap();
    // Another till verified it, paid: its event reaches this till through the shop hub.
    let mut seen = link.clone();
    seen.status = LinkStatus::Paid;
    seen.last_verified_at = Some(Utc::now());
    store.apply_events(&[from_there(1, "link", &link.uid, serde_json::to_string(&seen).unwrap())], 1).unwrap();
    let events = marks(&link.uid);
    assert_eq!(events.last(), Some(&("paid".to_string(), 1)), "{events:?}");
    assert!(events[..events.len() - 1].iter().all(|(_, hub)| *hub == 0), "this till's own changes are not: {events:?}");

    // Another till's link, new here, already refunded there (by its own refund, not shared).
    let mut theirs = SqliteStore::open_in_memory().unwrap().insert_link(&row("PDTHEIRS", "b@b.com")).unwrap();
    theirs.status = LinkStatus::Refunded;
    // ...with words an older paydesk kept as the provider sent them
    theirs.provider_status = Some("reversed\u{1b}[2J".into());
    theirs.last_error = Some("a note\non two lines\u{202E}".into());
    let sale = crate::store::sync::SaleRecord::of_link(&theirs);
    let pulled = [
        from_there(2, "sale", &sale.uid, serde_json::to_string(&sale).unwrap()),
        from_there(3, "link", &theirs.uid, serde_json::to_string(&theirs).unwrap()),
    ];
    store.apply_events(&pulled, 3).unwrap();
    assert_eq!(marks(&theirs.uid), [("refunded".to_string(), 1)], "a link new here: its first event is the hub's too");
    let kept = store.find_by_reference("PDTHEIRS").unwrap().unwrap();
    assert_eq!((kept.provider_status.as_deref(), kept.last_error.as_deref()), (Some("reversed [2J"), Some("a note on two lines")), "kept as one plain line");
}

/// The history's version before migration step 18 (`status_events.from_hub`).
const BEFORE_HUB_MARK: i64 = 17;

#[test]
fn the_migration_marks_every_older_change_to_refunded_with_no_refund_of_ours() {
    let store = SqliteStore::open_in_memory().unwrap();
    let link = store.insert_link(&row("PDOLD", "a@b.com")).unwrap();
    {
        // As an older paydesk left them, unmarked: a change to refunded that another till's refund
        // (through the hub) or the provider's dashboard (a verify here) may have made, one that a
        // refund of ours made, and the link's other changes.
        let conn = store.conn();
        conn.execute_batch(&format!(
            "INSERT INTO refunds (link_id, reference, idempotency_key, amount_minor, state, created_at, updated_at) \
               VALUES ({id}, 'PROLD', 'PROLD', 100, 'processed', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'); \
             INSERT INTO status_events (link_id, at, from_status, to_status) VALUES ({id}, '2024-01-01T00:00:00.000Z', 'paid', 'refunded'); \
             INSERT INTO status_events (link_id, at, from_status, to_status, refund_id) \
               VALUES ({id}, '2024-01-01T00:00:00.000Z', 'paid', 'refunded', (SELECT id FROM refunds)); \
             UPDATE status_events SET from_hub = 0;",
            id = link.id
        ))
        .unwrap();
        conn.pragma_update(None, "user_version", BEFORE_HUB_MARK).unwrap();
    }
    super::migrations::migrate_noting(&mut store.conn(), &|_| {}).unwrap();
    let conn = store.conn();
    let marks: Vec<(String, bool, i64)> = conn
        .prepare("SELECT to_status, refund_id IS NOT NULL, from_hub FROM status_events WHERE link_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([link.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let last = marks.len() - 2;
    assert!(marks[..last].iter().all(|(to, _, hub)| to != "refunded" && *hub == 0), "{marks:?}");
    assert_eq!(marks[last..], [("refunded".to_string(), false, 1), ("refunded".to_string(), true, 0)], "only the one of unknown origin");
}
