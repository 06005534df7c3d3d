//! Unit tests of the SQLite history: migrations, the write paths and their events, references,
//! filters, paging and settings. Each runs against a fresh in-memory database unless it is
//! about the file itself.

use super::*;
use crate::link::{Mode, ProviderId};
use crate::money::Currency;
use super::migrations::{latest_version, migrate};
use super::rows::time_text;
use crate::lease::Holder;
use crate::link::{Link, LinkStatus};
use crate::store::{Claim, LinkQuery, NewLinkRow, ReferenceState, Store};
use chrono::Utc;
use rusqlite::Connection;

/// A Paystack test link row; shared with `tests_writers.rs`.
pub(super) fn row(reference: &str, email: &str) -> NewLinkRow {
    NewLinkRow {
        provider: ProviderId::Paystack,
        mode: Mode::Test,
        reference: reference.to_string(),
        amount_minor: 150_000,
        currency: Currency::NGN,
        customer_email: email.to_string(),
        description: Some("Two loaves".to_string()),
        duplicate_of: None,
    }
}

fn user_version(conn: &Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

/// Takes the lease on a link being created and returns its token, for writes fenced on it.
fn leased(store: &SqliteStore, id: i64) -> String {
    let me = Holder::this_process(store.till_id());
    assert_eq!(store.claim(id, &me, 60).unwrap(), Claim::Taken);
    me.token
}

fn ids(links: &[Link]) -> Vec<i64> {
    links.iter().map(|l| l.id).collect()
}

#[test]
fn the_store_can_be_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<SqliteStore>();
}

#[test]
fn migrating_twice_is_a_no_op_that_keeps_the_data() {
    let mut conn = Connection::open_in_memory().unwrap();
    assert_eq!(user_version(&conn), 0);
    migrate(&mut conn).unwrap();
    assert_eq!(user_version(&conn), latest_version());
    assert!(latest_version() >= 1);
    conn.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", []).unwrap();

    migrate(&mut conn).unwrap();
    assert_eq!(user_version(&conn), latest_version());
    let value: String = conn.query_row("SELECT value FROM settings WHERE key = 'k'", [], |r| r.get(0)).unwrap();
    assert_eq!(value, "v");
}

#[test]
fn a_database_from_a_newer_paydesk_is_refused() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate(&mut conn).unwrap();
    conn.pragma_update(None, "user_version", latest_version() + 1).unwrap();
    let err = migrate(&mut conn).unwrap_err();
    assert_eq!(err.kind(), "conflict", "{err}");
    assert!(err.to_string().contains("newer paydesk"), "{err}");
}

#[test]
fn a_file_database_is_created_with_its_folder_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("history.sqlite");
    let store = SqliteStore::open(&path).unwrap();
    assert!(path.exists());
    {
        let conn = store.conn();
        let journal: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(journal, "wal");
        let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        // synchronous NORMAL is 1.
        let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        assert_eq!(sync, 1);
    }
    let link = store.insert_link(&row("PDFILE1", "a@b.com")).unwrap();
    drop(store);
    // Reopening migrates nothing and finds what was written.
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.get_link(link.id).unwrap(), Some(link));
}

#[test]
fn insert_records_a_creating_link_with_one_event_and_its_reference() {
    let store = SqliteStore::open_in_memory().unwrap();
    let link = store.insert_link(&row("PDREF1", "ada@example.com")).unwrap();
    assert_eq!(link.status, LinkStatus::Creating);
    assert_eq!(link.reference, "PDREF1");
    assert_eq!(link.amount_minor, 150_000);
    assert_eq!(link.currency, Currency::NGN);
    assert_eq!(link.description.as_deref(), Some("Two loaves"));
    assert_eq!(link.created_at, link.updated_at);
    assert_eq!((link.provider_id.as_ref(), link.url.as_ref(), link.last_verified_at), (None, None, None));
    assert_eq!(store.get_link(link.id).unwrap().as_ref(), Some(&link));

    let events = store.status_events(link.id).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].from, events[0].to), (None, LinkStatus::Creating));

    let refs = store.references(link.id).unwrap();
    assert_eq!(refs.len(), 1);
    assert_eq!((refs[0].reference.as_str(), refs[0].state), ("PDREF1", ReferenceState::Current));
}

#[test]
fn times_are_stored_as_sortable_utc_text_with_milliseconds() {
    let store = SqliteStore::open_in_memory().unwrap();
    let link = store.insert_link(&row("PDT", "a@b.com")).unwrap();
    let text: String =
        store.conn().query_row("SELECT created_at FROM links WHERE id = ?1", [link.id], |r| r.get(0)).unwrap();
    assert_eq!(text.len(), "2024-01-02T03:04:05.678Z".len(), "{text}");
    assert!(text.ends_with('Z') && text.as_bytes()[19] == b'.', "{text}");
    assert_eq!(time_text(link.created_at), text);
}

#[test]
fn a_status_change_appends_an_event_and_an_unchanged_status_does_not() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut link = store.insert_link(&row("PDS1", "a@b.com")).unwrap();

    link.status = LinkStatus::Open;
    link.provider_id = Some("PRV_1".into());
    link.url = Some("https://pay.example/abc".into());
    link.provider_status = Some("pending".into());
    let verified = Utc::now();
    link.last_verified_at = Some(verified);
    let saved = store.save_link(&link, None).unwrap();
    assert_eq!(saved.status, LinkStatus::Open);
    assert_eq!(saved.url.as_deref(), Some("https://pay.example/abc"));
    assert_eq!(saved.provider_id.as_deref(), Some("PRV_1"));
    assert_eq!(saved.last_verified_at.map(time_text), Some(time_text(verified)));
    assert!(saved.updated_at >= link.updated_at);
    assert_eq!(saved.created_at, link.created_at);
    assert_eq!(store.get_link(link.id).unwrap().as_ref(), Some(&saved));

    let events = store.status_events(link.id).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].from, Some(LinkStatus::Creating));
    assert_eq!(events[1].to, LinkStatus::Open);
    assert_eq!(events[1].provider_status.as_deref(), Some("pending"));

    // Same status, other fields changed: saved, but no event.
    let mut again = saved.clone();
    again.last_error = Some("timeout".into());
    let saved = store.save_link(&again, None).unwrap();
    assert_eq!(saved.last_error.as_deref(), Some("timeout"));
    assert_eq!(store.status_events(link.id).unwrap().len(), 2);

    let mut paid = saved;
    paid.status = LinkStatus::Paid;
    paid.provider_status = Some("success".into());
    store.save_link(&paid, None).unwrap();
    let events = store.status_events(link.id).unwrap();
    let steps: Vec<_> = events.iter().map(|e| (e.from, e.to, e.provider_status.as_deref())).collect();
    assert_eq!(
        steps,
        [
            (None, LinkStatus::Creating, None),
            (Some(LinkStatus::Creating), LinkStatus::Open, Some("pending")),
            (Some(LinkStatus::Open), LinkStatus::Paid, Some("success")),
        ]
    );
}

#[test]
fn saving_a_missing_link_is_not_found() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut link = store.insert_link(&row("PDM", "a@b.com")).unwrap();
    link.id = 999;
    let err = store.save_link(&link, None).unwrap_err();
    assert_eq!(err.kind(), "not_found");
    assert!(err.to_string().contains("#999"), "{err}");
    assert_eq!(store.replace_reference(999, "lost", "PDNEW", "token").unwrap_err().kind(), "not_found");
    assert_eq!(store.get_link(999).unwrap(), None);
}

#[test]
fn a_replaced_reference_stays_findable_and_is_recorded_void() {
    let store = SqliteStore::open_in_memory().unwrap();
    let link = store.insert_link(&row("PDOLD", "a@b.com")).unwrap();
    store.insert_link(&row("PDOTHER", "c@d.com")).unwrap();

    let token = leased(&store, link.id);
    let replaced = store.replace_reference(link.id, "answer lost", "PDNEW", &token).unwrap();
    assert_eq!(replaced.reference, "PDNEW");
    assert_eq!(store.get_link(link.id).unwrap().unwrap().reference, "PDNEW");

    assert_eq!(store.find_by_reference("PDNEW").unwrap().map(|l| l.id), Some(link.id));
    assert_eq!(store.find_by_reference("PDOLD").unwrap().map(|l| l.id), Some(link.id));
    assert_eq!(store.find_by_reference("PDNOPE").unwrap(), None);

    let refs = store.references(link.id).unwrap();
    let seen: Vec<_> = refs.iter().map(|r| (r.reference.as_str(), r.state, r.note.as_deref())).collect();
    assert_eq!(
        seen,
        [("PDOLD", ReferenceState::Void, Some("answer lost")), ("PDNEW", ReferenceState::Current, None)]
    );
    // A reference used anywhere before cannot be taken again.
    assert_eq!(store.replace_reference(link.id, "x", "PDOTHER", &token).unwrap_err().kind(), "conflict");
    assert_eq!(store.replace_reference(link.id, "x", "PDOLD", &token).unwrap_err().kind(), "conflict");
}

#[test]
fn changing_the_reference_through_save_keeps_the_reference_record() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut link = store.insert_link(&row("PDA", "a@b.com")).unwrap();
    link.reference = "PDB".into();
    store.save_link(&link, None).unwrap();
    let states: Vec<_> = store.references(link.id).unwrap().into_iter().map(|r| (r.reference, r.state)).collect();
    assert_eq!(states, [("PDA".to_string(), ReferenceState::Void), ("PDB".to_string(), ReferenceState::Current)]);
    assert_eq!(store.find_by_reference("PDA").unwrap().map(|l| l.id), Some(link.id));
}

#[test]
fn references_are_unique() {
    let store = SqliteStore::open_in_memory().unwrap();
    let first = store.insert_link(&row("PDDUP", "a@b.com")).unwrap();
    let err = store.insert_link(&row("PDDUP", "c@d.com")).unwrap_err();
    assert_eq!(err.kind(), "conflict", "{err}");
    assert!(err.to_string().contains(&format!("#{}", first.id)), "{err}");
    assert_eq!(store.count_links(&LinkQuery::default(), None).unwrap(), 1);

    // The schema enforces it too, not only the check in front of it.
    let raw = store.conn().execute(
        "INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at) \
         VALUES ('paystack', 'test', 'PDDUP', 1, 'NGN', 'x@y.com', 'creating', 't', 't')",
        [],
    );
    assert!(raw.is_err());
}

#[test]
fn amounts_must_be_positive() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut bad = row("PDZ", "a@b.com");
    bad.amount_minor = 0;
    assert_eq!(store.insert_link(&bad).unwrap_err().field(), Some("amount"));
    // The sale itself is never rewritten from a copy: a save cannot change the amount.
    let link = store.insert_link(&row("PDY", "a@b.com")).unwrap();
    let mut copy = link.clone();
    copy.amount_minor = -5;
    copy.customer_email = "someone@else.com".into();
    let saved = store.save_link(&copy, None).unwrap();
    assert_eq!((saved.amount_minor, saved.customer_email.as_str()), (link.amount_minor, "a@b.com"));
}

#[test]
fn pages_are_newest_first_disjoint_and_consecutive() {
    let store = SqliteStore::open_in_memory().unwrap();
    let all: Vec<i64> = (0..7).map(|i| store.insert_link(&row(&format!("PDP{i}"), "a@b.com")).unwrap().id).collect();
    let newest_first: Vec<i64> = all.iter().rev().copied().collect();

    let page = |before: Option<i64>| {
        ids(&store.list_links(&LinkQuery { before_id: before, limit: Some(3), ..Default::default() }).unwrap())
    };
    let first = page(None);
    let second = page(first.last().copied());
    let third = page(second.last().copied());
    let fourth = page(third.last().copied());
    assert_eq!(first, newest_first[0..3]);
    assert_eq!(second, newest_first[3..6]);
    assert_eq!(third, newest_first[6..]);
    assert!(fourth.is_empty());

    // No limit means everything; count ignores paging.
    assert_eq!(ids(&store.list_links(&LinkQuery::default()).unwrap()), newest_first);
    let paged = LinkQuery { before_id: Some(all[2]), limit: Some(1), ..Default::default() };
    assert_eq!(store.count_links(&paged, None).unwrap(), 7);
}

#[test]
fn each_filter_and_the_search_narrow_the_list_and_the_count() {
    let store = SqliteStore::open_in_memory().unwrap();
    let a = store.insert_link(&row("PDAAA", "ada@example.com")).unwrap();
    let mut b_row = row("PDBBB", "Bola@Shop.NG");
    b_row.mode = Mode::Live;
    b_row.description = Some("50% off_sale".into());
    let b = store.insert_link(&b_row).unwrap();
    let mut c_row = row("PDCCC", "chi@example.com");
    c_row.description = None;
    let mut c = store.insert_link(&c_row).unwrap();
    c.status = LinkStatus::Paid;
    store.save_link(&c, None).unwrap();
    store.replace_reference(a.id, "lost", "PDA2", &leased(&store, a.id)).unwrap();

    let check = |q: LinkQuery, want: &[i64]| {
        assert_eq!(ids(&store.list_links(&q).unwrap()), want, "{q:?}");
        assert_eq!(store.count_links(&q, None).unwrap(), want.len() as u64, "{q:?}");
    };
    check(LinkQuery::default(), &[c.id, b.id, a.id]);
    check(LinkQuery { status: Some(LinkStatus::Paid), ..Default::default() }, &[c.id]);
    check(LinkQuery { status: Some(LinkStatus::Creating), ..Default::default() }, &[b.id, a.id]);
    check(LinkQuery { status: Some(LinkStatus::Failed), ..Default::default() }, &[]);
    check(LinkQuery { mode: Some(Mode::Live), ..Default::default() }, &[b.id]);
    check(LinkQuery { mode: Some(Mode::Test), ..Default::default() }, &[c.id, a.id]);
    check(LinkQuery { provider: Some(ProviderId::Paystack), ..Default::default() }, &[c.id, b.id, a.id]);
    check(LinkQuery { mode: Some(Mode::Test), status: Some(LinkStatus::Paid), ..Default::default() }, &[c.id]);

    let search = |s: &str| LinkQuery { search: Some(s.to_string()), ..Default::default() };
    check(search("EXAMPLE.com"), &[c.id, a.id]); // case-insensitive, email
    check(search("shop.ng"), &[b.id]);
    check(search("loaves"), &[a.id]); // description
    check(search("pdccc"), &[c.id]); // current reference
    check(search("PDAAA"), &[a.id]); // void reference
    check(search("  "), &[c.id, b.id, a.id]); // blank means no search
    // `%` and `_` are literal, not wildcards.
    check(search("50%"), &[b.id]);
    check(search("off_sale"), &[b.id]);
    check(search("%"), &[b.id]);
    check(search("_"), &[b.id]);
    check(search("off%sale"), &[]);
    check(search("a_a"), &[]);
    check(search("\\"), &[]);
}

#[test]
fn settings_round_trip_sorted_by_key() {
    let store = SqliteStore::open_in_memory().unwrap();
    assert_eq!(store.get_setting("theme").unwrap(), None);
    store.set_setting("theme", "dark").unwrap();
    store.set_setting("currency", "NGN").unwrap();
    store.set_setting("theme", "light").unwrap();
    assert_eq!(store.get_setting("theme").unwrap().as_deref(), Some("light"));
    assert_eq!(
        store.list_settings().unwrap(),
        [("currency".to_string(), "NGN".to_string()), ("theme".to_string(), "light".to_string())]
    );
    assert!(store.delete_setting("theme").unwrap());
    assert!(!store.delete_setting("theme").unwrap());
    assert_eq!(store.get_setting("theme").unwrap(), None);
    assert_eq!(store.list_settings().unwrap().len(), 1);
}

#[test]
fn each_reference_carries_its_own_idempotency_key() {
    let store = SqliteStore::open_in_memory().unwrap();
    let link = store.insert_link(&row("PDKEYA", "a@b.com")).unwrap();
    store.replace_reference(link.id, "lost", "PDKEYB", &leased(&store, link.id)).unwrap();
    let refs = store.references(link.id).unwrap();
    assert_eq!(refs.len(), 2);
    assert!(uuid::Uuid::parse_str(&refs[0].idempotency_key).is_ok());
    assert_eq!(uuid::Uuid::parse_str(&refs[1].idempotency_key).unwrap().get_version_num(), 4);
    assert_ne!(refs[0].idempotency_key, refs[1].idempotency_key);
}

#[test]
fn a_retried_operation_reuses_its_idempotency_key_until_it_finishes() {
    let store = SqliteStore::open_in_memory().unwrap();
    let link = store.insert_link(&row("PDOPS", "a@b.com")).unwrap();
    let first = store.begin_operation(link.id, "share", r#"{"to":"x@y.com"}"#).unwrap();
    let again = store.begin_operation(link.id, "share", r#"{"to":"x@y.com"}"#).unwrap();
    assert_eq!((again.id, &again.idempotency_key), (first.id, &first.idempotency_key));
    let other = store.begin_operation(link.id, "share", r#"{"to":"z@y.com"}"#).unwrap();
    assert_ne!(other.idempotency_key, first.idempotency_key, "another request is another operation");

    let done = store.finish_operation(first.id, true, Some("sent"), None).unwrap();
    assert_eq!(done.state, "done");
    let next = store.begin_operation(link.id, "share", r#"{"to":"x@y.com"}"#).unwrap();
    assert_ne!(next.id, first.id, "a finished operation is never replayed");
    assert_eq!(store.operations(link.id).unwrap().len(), 3);
    assert!(store.begin_operation(9999, "share", "{}").is_err());
}
