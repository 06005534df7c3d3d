//! The optional shop hub: a PostgreSQL database every till of a shop pushes its events to and
//! pulls the others' from. Each till's SQLite file stays its own truth and works offline; the
//! hub is an ordered log of events (`paydesk_events`), appended idempotently (`ON CONFLICT
//! (uid) DO NOTHING`) and read in sequence order. Keys never leave a till.
//!
//! The connection URL holds a password: it lives in the OS keyring (or `PAYDESK_HUB_URL`) and is
//! never logged or shown. TLS is required except to this machine.

mod schema;

pub use schema::{init, check_version, SCHEMA_VERSION};

use crate::store::sync::Event;
use crate::i18n::Msg;
use crate::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use std::str::FromStr;
use std::time::Duration;
use tokio_postgres::config::{Host, SslMode};
use tokio_postgres::Client;

/// Checks a connection URL before it is stored or used: it must parse, name a database host,
/// and use TLS (`sslmode=require`) unless every host is this machine. The error never repeats
/// the URL (it holds a password).
pub fn check_url(url: &SecretString) -> Result<tokio_postgres::Config> {
    // `why`: form, no-host or no-tls, as `error-hub-url` words it
    let bad = |why: &str| Error::invalid_msg("url", Msg::new("error-hub-url").text("why", why));
    let config = tokio_postgres::Config::from_str(url.expose_secret().trim()).map_err(|_| bad("form"))?;
    if config.get_hosts().is_empty() {
        return Err(bad("no-host"));
    }
    let local = config.get_hosts().iter().all(|h| match h {
        Host::Tcp(name) => crate::settings::is_loopback_host(name),
        #[cfg(unix)]
        Host::Unix(_) => true,
    });
    if !local && config.get_ssl_mode() != SslMode::Require {
        return Err(bad("no-tls"));
    }
    Ok(config)
}

/// Connects (10 s at most), with TLS when the URL asks for it.
pub async fn connect(url: &SecretString) -> Result<Client> {
    let mut config = check_url(url)?;
    config.connect_timeout(Duration::from_secs(10));
    let unreachable = |e: tokio_postgres::Error| Error::hub(Msg::new("error-hub-unreachable").text("detail", short(&e)));
    if config.get_ssl_mode() == SslMode::Require {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::hub(Msg::new("error-hub-tls").text("detail", e.to_string())))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let (client, conn) = config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls)).await.map_err(unreachable)?;
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::warn!("hub connection ended: {}", short(&e));
            }
        });
        Ok(client)
    } else {
        let (client, conn) = config.connect(tokio_postgres::NoTls).await.map_err(unreachable)?;
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::warn!("hub connection ended: {}", short(&e));
            }
        });
        Ok(client)
    }
}

/// A database error in words, without the statement or parameters.
pub(crate) fn short(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

/// "The hub refused to {what}: …". `what` is one of the steps `error-hub-refused` words (by
/// its words with `-` for spaces; a test holds every call to one of them).
pub(crate) fn db_error(what: &str) -> impl Fn(tokio_postgres::Error) -> Error + '_ {
    move |e| Error::hub(hub_refused(what, &short(&e)))
}

pub(crate) fn hub_refused(what: &str, detail: &str) -> Msg {
    Msg::new("error-hub-refused").text("step", what.replace(' ', "-").replace('\'', "")).text("detail", detail)
}

/// Sends events in one transaction; events the hub already has are skipped, so a push repeated
/// after a lost answer changes nothing. Seqs are given under a lock, so a reader never sees a
/// later seq committed before an earlier one (and never skips one).
pub async fn push(client: &mut Client, till: &str, till_name: &str, events: &[Event]) -> Result<u64> {
    let tx = client.transaction().await.map_err(db_error("start a push"))?;
    tx.batch_execute("LOCK TABLE paydesk_events IN SHARE ROW EXCLUSIVE MODE").await.map_err(db_error("lock its log"))?;
    let col = |f: fn(&Event) -> String| events.iter().map(f).collect::<Vec<String>>();
    let seqs: Vec<i64> = events.iter().map(|e| e.source_seq).collect();
    let added = tx
        .execute(
            "INSERT INTO paydesk_events (uid, till, source_seq, entity, entity_uid, kind, body, at) \
             SELECT u::uuid, $2, s, e, eu, k, b::jsonb, a FROM unnest($1::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) \
             AS t(u, s, e, eu, k, b, a) ORDER BY s ON CONFLICT (uid) DO NOTHING",
            &[&col(|e| e.uid.clone()), &till, &seqs, &col(|e| e.entity.clone()), &col(|e| e.entity_uid.clone()), &col(|e| e.kind.clone()), &col(|e| e.body.clone()), &col(|e| e.at.clone())],
        )
        .await
        .map_err(db_error("take this till's events"))?;
    tx.execute(
        "INSERT INTO paydesk_tills (till, name, seen_at) VALUES ($1, $2, now()) ON CONFLICT (till) DO UPDATE SET name = excluded.name, seen_at = now()",
        &[&till, &till_name],
    )
    .await
    .map_err(db_error("note this till"))?;
    tx.commit().await.map_err(db_error("keep the push"))?;
    Ok(added)
}

/// Up to `limit` events of other tills after `after`, in the hub's order.
pub async fn pull(client: &Client, till: &str, after: i64, limit: i64) -> Result<Vec<(i64, Event)>> {
    let rows = client
        .query(
            "SELECT seq, uid::text, till, source_seq, entity, entity_uid, kind, body::text, at FROM paydesk_events \
             WHERE seq > $1 AND till <> $2 ORDER BY seq LIMIT $3",
            &[&after, &till, &limit],
        )
        .await
        .map_err(db_error("send the other tills' events"))?;
    Ok(rows
        .iter()
        .map(|r| {
            (
                r.get(0),
                Event {
                    uid: r.get(1),
                    till: r.get(2),
                    source_seq: r.get(3),
                    entity: r.get(4),
                    entity_uid: r.get(5),
                    kind: r.get(6),
                    body: r.get(7),
                    at: r.get(8),
                },
            )
        })
        .collect())
}

/// The highest sequence number the hub has given (for a till that has only its own events).
pub async fn last_seq(client: &Client) -> Result<i64> {
    let row = client.query_one("SELECT coalesce(max(seq), 0) FROM paydesk_events", &[]).await.map_err(db_error("say where its log ends"))?;
    Ok(row.get(0))
}

/// Every till's name, as the tills said them.
pub async fn till_names(client: &Client) -> Result<Vec<(String, String)>> {
    let rows = client.query("SELECT till, name FROM paydesk_tills", &[]).await.map_err(db_error("list the tills"))?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hub_elsewhere_needs_tls_and_a_bad_address_is_not_repeated() {
        let check = |u: &str| check_url(&SecretString::from(u.to_string()));
        assert!(check("postgresql://till:pw@127.0.0.1:5432/shop").is_ok());
        assert!(check("postgresql://till:pw@localhost/shop").is_ok());
        assert!(check("postgresql://till:pw@db.example.com/shop?sslmode=require").is_ok());
        let err = check("postgresql://till:secretpw@db.example.com/shop").unwrap_err().to_string();
        assert!(err.contains("sslmode=require") && !err.contains("secretpw"), "{err}");
        let err = check("not a url with secretpw").unwrap_err().to_string();
        assert!(!err.contains("secretpw"), "{err}");
    }
}
