//! Several tills, one history, through a real PostgreSQL hub. `make test` runs these inside
//! `pg_virtualenv`, which starts a throw-away cluster and exports PGHOST, PGPORT, PGUSER and
//! PGPASSWORD; each test makes a database of its own in it.

use paydesk_core::desk::{CreateInput, Desk, Simulated};
use paydesk_core::link::{LinkStatus, Mode, ProviderId};
use paydesk_core::settings::Environment;
use paydesk_core::vault::{MemoryVault, Vault};
use paydesk_fakes::{FakeLuxfin, FakePaystack, Route};
use secrecy::SecretString;
use std::sync::Arc;
use support::{KEY, LUXFIN_KEY};

mod support;

fn pg(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| panic!("{var} is not set: run through `make test`, which starts PostgreSQL (pg_virtualenv)"))
}

/// A fresh hub database; its URL.
async fn hub() -> String {
    let admin = format!("postgresql://{}:{}@{}:{}/postgres", pg("PGUSER"), pg("PGPASSWORD"), pg("PGHOST"), pg("PGPORT"));
    let (client, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls).await.expect("PostgreSQL answers");
    tokio::spawn(conn);
    let name = format!("hub_{}", uuid::Uuid::new_v4().simple());
    client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    format!("postgresql://{}:{}@{}:{}/{name}", pg("PGUSER"), pg("PGPASSWORD"), pg("PGHOST"), pg("PGPORT"))
}

struct Till {
    desk: Desk,
    _dir: tempfile::TempDir,
}

fn till(name: &str, url: &str) -> Till {
    keyed_till(name, url, &[])
}

/// A till with these test keys too.
fn keyed_till(name: &str, url: &str, keys: &[(ProviderId, &str)]) -> Till {
    let dir = tempfile::tempdir().unwrap();
    let vault = MemoryVault::new();
    vault.set_hub_url(&SecretString::from(url.to_string())).unwrap();
    for (provider, key) in keys {
        vault.set(*provider, Mode::Test, &SecretString::from(*key)).unwrap();
    }
    let desk = Desk::open(dir.path(), Arc::new(vault), Environment::default()).unwrap();
    desk.config_set("till.name", name).unwrap();
    desk.config_set("duplicate.window_minutes", "0").unwrap();
    Till { desk, _dir: dir }
}

fn training(amount: &str, email: &str) -> CreateInput {
    CreateInput { provider: Some("training".into()), amount: amount.into(), currency: Some("NGN".into()), email: email.into(), ..Default::default() }
}

/// (sale uid, status) of every sale, sorted: what each till should agree on.
fn shop(desk: &Desk) -> Vec<(String, String, LinkStatus)> {
    let mut rows: Vec<_> = desk.list(&Default::default()).unwrap().links.into_iter().map(|l| (l.sale_uid, l.till_id, l.status)).collect();
    rows.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
    rows
}

#[tokio::test]
#[ignore = "needs PostgreSQL: make test runs it under pg_virtualenv"]
async fn two_then_three_tills_end_with_one_history() {
    let url = hub().await;
    let (a, b, c) = (till("Counter", &url), till("Back office", &url), till("Market stall", &url));
    assert_eq!(a.desk.hub_init().await.unwrap(), paydesk_core::hub::SCHEMA_VERSION);
    a.desk.create(&training("10", "ada@example.com")).await.unwrap();
    b.desk.create(&training("20", "bola@example.com")).await.unwrap();
    let first = a.desk.sync().await.unwrap();
    // The sale, its link made, its link open.
    assert_eq!((first.pushed, first.pulled), (3, 0));
    let second = b.desk.sync().await.unwrap();
    assert_eq!((second.pushed, second.pulled, second.applied), (3, 3, 3));
    a.desk.sync().await.unwrap();
    assert_eq!(shop(&a.desk), shop(&b.desk));
    assert_eq!(shop(&a.desk).len(), 2);
    // Links from the other till keep their till.
    let theirs = a.desk.list(&Default::default()).unwrap().links.into_iter().find(|l| l.customer_email == "bola@example.com").unwrap();
    assert_eq!(theirs.till_id, b.desk.till_id());

    c.desk.create(&training("30", "chi@example.com")).await.unwrap();
    for t in [&c, &a, &b, &c] {
        t.desk.sync().await.unwrap();
    }
    assert_eq!(shop(&a.desk).len(), 3);
    assert_eq!(shop(&a.desk), shop(&b.desk));
    assert_eq!(shop(&b.desk), shop(&c.desk));
    // Nothing left waiting anywhere, and a sync with nothing new changes nothing.
    let again = a.desk.sync().await.unwrap();
    assert_eq!((again.pushed, again.pulled, again.state.waiting), (0, 0, 0));
}

#[tokio::test]
#[ignore = "needs PostgreSQL: make test runs it under pg_virtualenv"]
async fn a_stale_open_from_a_till_with_a_fast_clock_never_undoes_a_payment() {
    let url = hub().await;
    let (a, b) = (till("Counter", &url), till("Back office", &url));
    a.desk.hub_init().await.unwrap();
    let link = a.desk.create(&training("10", "ada@example.com")).await.unwrap();
    a.desk.sync().await.unwrap();
    b.desk.sync().await.unwrap();
    // A's customer pays; B, which never saw the payment, checks later and finds it "open".
    a.desk.simulate(&link.reference, Simulated::Paid).await.unwrap();
    let stale = b.desk.verify(&b.desk.list(&Default::default()).unwrap().links[0].id.to_string()).await.unwrap();
    assert_eq!(stale.status, LinkStatus::Open);
    b.desk.sync().await.unwrap(); // pushes the stale open first, then pulls nothing new yet
    a.desk.sync().await.unwrap(); // pushes paid, pulls B's open
    b.desk.sync().await.unwrap();
    for t in [&a, &b] {
        assert_eq!(shop(&t.desk)[0].2, LinkStatus::Paid, "paid stays paid on every till");
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL: make test runs it under pg_virtualenv"]
async fn a_till_works_on_while_the_hub_is_down_and_catches_up_after() {
    let url = hub().await;
    // A socket bound but never listening: the hub's address refuses every connection.
    let closed = tokio::net::TcpSocket::new_v4().unwrap();
    closed.bind(([127, 0, 0, 1], 0).into()).unwrap();
    let down = format!("postgresql://u:p@{}/x", closed.local_addr().unwrap());
    let a = till("Counter", &down);
    a.desk.create(&training("10", "ada@example.com")).await.unwrap();
    let err = a.desk.sync().await.unwrap_err();
    assert_eq!(err.kind(), "hub", "{err}");
    assert!(!err.to_string().contains(":p@"), "the password is never shown: {err}");
    assert_eq!(a.desk.hub_status().unwrap().state.waiting, 3, "the sale waits in the outbox");
    a.desk.create(&training("11", "ada@example.com")).await.unwrap();

    // Back: the same history file (as after a restart, or a kill -9 before any push).
    let dir = a._dir.path().to_path_buf();
    drop(a.desk);
    let vault = MemoryVault::new();
    vault.set_hub_url(&SecretString::from(url.clone())).unwrap();
    let again = Desk::open(&dir, Arc::new(vault), Environment::default()).unwrap();
    again.hub_init().await.unwrap();
    assert_eq!(again.sync().await.unwrap().pushed, 6);
    let b = till("Back office", &url);
    b.desk.sync().await.unwrap();
    assert_eq!(shop(&b.desk).len(), 2);
}

#[tokio::test]
#[ignore = "needs PostgreSQL: make test runs it under pg_virtualenv"]
async fn pushed_twice_and_pulled_twice_the_same_events_change_nothing() {
    let url = hub().await;
    let (a, b) = (till("Counter", &url), till("Back office", &url));
    a.desk.hub_init().await.unwrap();
    a.desk.create(&training("10", "ada@example.com")).await.unwrap();
    a.desk.sync().await.unwrap();
    // A push whose answer was lost is sent again: the hub keeps one copy.
    let mut client = paydesk_core::hub::connect(&SecretString::from(url.clone())).await.unwrap();
    let before = events_in(&client).await;
    let events = paydesk_core::hub::pull(&client, "nobody", 0, 100).await.unwrap().into_iter().map(|(_, e)| e).collect::<Vec<_>>();
    paydesk_core::hub::push(&mut client, a.desk.till_id(), "Counter", &events).await.unwrap();
    assert_eq!(events_in(&client).await, before);

    b.desk.sync().await.unwrap();
    let once = shop(&b.desk);
    // As if a pull had been cut short before its cursor moved: the same events come again.
    let db = rusqlite::Connection::open(b._dir.path().join("paydesk.sqlite3")).unwrap();
    db.execute("UPDATE hub_state SET value = '0' WHERE key = 'cursor'", []).unwrap();
    let again = b.desk.sync().await.unwrap();
    assert_eq!((again.pulled, again.applied), (3, 0), "seen before: applied once only");
    assert_eq!(shop(&b.desk), once);
}

async fn events_in(c: &tokio_postgres::Client) -> i64 {
    c.query_one("SELECT count(*) FROM paydesk_events", &[]).await.unwrap().get(0)
}

#[tokio::test]
#[ignore = "needs PostgreSQL: make test runs it under pg_virtualenv"]
async fn a_till_refuses_a_hub_newer_than_it_understands() {
    let url = hub().await;
    let a = till("Counter", &url);
    let err = a.desk.sync().await.unwrap_err();
    assert!(err.to_string().contains("paydesk hub init"), "{err}");
    a.desk.hub_init().await.unwrap();
    let client = paydesk_core::hub::connect(&SecretString::from(url.clone())).await.unwrap();
    client.execute("UPDATE paydesk_hub_meta SET value = '99' WHERE key = 'schema_version'", &[]).await.unwrap();
    let err = a.desk.sync().await.unwrap_err();
    assert!(err.to_string().contains("newer paydesk") && err.to_string().contains("update paydesk"), "{err}");
}

#[tokio::test]
#[ignore = "needs PostgreSQL: make test runs it under pg_virtualenv"]
async fn the_other_tills_names_come_down_and_the_history_filters_by_till() {
    let url = hub().await;
    let (a, b) = (till("Front counter", &url), till("Till 2 — Back office", &url));
    a.desk.hub_init().await.unwrap();
    a.desk.create(&training("10", "ada@example.com")).await.unwrap();
    b.desk.create(&training("20", "bola@example.com")).await.unwrap();
    b.desk.create(&training("30", "chi@example.com")).await.unwrap();
    a.desk.sync().await.unwrap();
    b.desk.sync().await.unwrap();
    a.desk.sync().await.unwrap();

    // Till A knows B by name from its own file: listing never asks the hub.
    let page = a.desk.list(&Default::default()).unwrap();
    let names: Vec<(String, bool)> = page.tills.iter().map(|t| (t.name.clone(), t.this)).collect();
    assert_eq!(names, vec![("Front counter".to_string(), true), ("Till 2 — Back office".to_string(), false)]);
    let named: Vec<(String, String)> = page.links.iter().map(|l| (l.customer_email.clone(), l.till.clone().unwrap())).collect();
    assert_eq!(
        named,
        vec![
            ("chi@example.com".to_string(), "Till 2 — Back office".to_string()),
            ("bola@example.com".to_string(), "Till 2 — Back office".to_string()),
            ("ada@example.com".to_string(), "Front counter".to_string()),
        ]
    );

    // Filtered by the till that made the sale, named as a person writes it.
    let b_id = a.desk.till_named("till 2 — back office").unwrap();
    assert_eq!(b_id, b.desk.till_id());
    let only_b = a.desk.list(&paydesk_core::store::LinkQuery { till: Some(b_id), ..Default::default() }).unwrap();
    let emails: Vec<&str> = only_b.links.iter().map(|l| l.customer_email.as_str()).collect();
    assert_eq!((emails, only_b.total), (vec!["chi@example.com", "bola@example.com"], 2));
    let err = a.desk.till_named("Cellar").unwrap_err().to_string();
    assert!(err.contains("No till is called \"Cellar\"") && err.contains("\"Till 2 — Back office\""), "{err}");

    // A till renamed is renamed on the others at their next pull.
    b.desk.config_set("till.name", "Back office").unwrap();
    b.desk.create(&training("40", "dee@example.com")).await.unwrap();
    b.desk.sync().await.unwrap();
    a.desk.sync().await.unwrap();
    assert_eq!(a.desk.tills().unwrap()[1].name, "Back office");
}

#[tokio::test]
#[ignore = "needs PostgreSQL: make test runs it under pg_virtualenv"]
async fn a_sale_still_being_sent_by_one_till_is_not_failed_over_by_another() {
    let (paystack, luxfin) = (FakePaystack::start(KEY).await, FakeLuxfin::start(LUXFIN_KEY).await);
    let url = hub().await;
    let keys = [(ProviderId::Paystack, KEY), (ProviderId::Luxfin, LUXFIN_KEY)];
    let (a, b) = (keyed_till("Counter", &url, &keys), keyed_till("Back office", &url, &keys));
    for t in [&a, &b] {
        t.desk.config_set("paystack.base_url", &paystack.url()).unwrap();
        t.desk.config_set("luxfin.base_url", &luxfin.url()).unwrap();
    }
    a.desk.hub_init().await.unwrap();
    // Till A records a sale and is sending it when the sync brings it to till B.
    let sale = CreateInput { provider: Some("paystack".into()), currency: Some("USD".into()), mode: Some("test".into()), ..training("25", "ada@example.com") };
    let sending = a.desk.record(&sale).await.unwrap();
    a.desk.sync().await.unwrap();
    b.desk.sync().await.unwrap();
    let on_b = b.desk.list(&Default::default()).unwrap().links.remove(0);
    assert_eq!(on_b.status, LinkStatus::Creating);
    let err = b.desk.failover(&on_b.id.to_string(), "luxfin").await.unwrap_err();
    assert_eq!(err.to_string(), format!("Link {} was made on another till: only that till can finish it.", on_b.id));
    assert_eq!((paystack.hits(Route::Verify), luxfin.orders().len()), (0, 0));

    a.desk.send(sending).await.unwrap();
    for t in [&a, &b, &a] {
        t.desk.sync().await.unwrap();
    }
    for t in [&a, &b] {
        let statuses: Vec<_> = shop(&t.desk).into_iter().map(|row| row.2).collect();
        assert_eq!(statuses, [LinkStatus::Open], "one sale, one link anyone can pay");
    }
}
