//! The hub's schema: an append-only list of steps, the version kept in `paydesk_hub_meta`, which
//! every till reads before it syncs and refuses when newer than it understands.

use super::db_error;
use crate::i18n::Msg;
use crate::{Error, Result};
use tokio_postgres::Client;

/// NEVER reorder, edit or remove a step: hubs in the field have run them. Append only.
const STEPS: &[&str] = &[
    // 1: the ordered log of every till's events, and the tills' names.
    r#"
    CREATE TABLE paydesk_events (
        seq         BIGSERIAL   PRIMARY KEY,
        uid         UUID        NOT NULL UNIQUE,
        till        TEXT        NOT NULL,
        source_seq  BIGINT      NOT NULL,
        entity      TEXT        NOT NULL CHECK (entity IN ('sale', 'link')),
        entity_uid  TEXT        NOT NULL,
        kind        TEXT        NOT NULL,
        body        JSONB       NOT NULL,
        at          TEXT        NOT NULL,
        received_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX paydesk_events_entity ON paydesk_events (entity_uid, seq);
    CREATE TABLE paydesk_tills (
        till    TEXT        PRIMARY KEY,
        name    TEXT        NOT NULL,
        seen_at TIMESTAMPTZ NOT NULL
    );
    "#,
];

/// The version this paydesk writes and understands.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

async fn version(client: &Client) -> Result<Option<i64>> {
    let exists: bool = client
        .query_one("SELECT to_regclass('paydesk_hub_meta') IS NOT NULL", &[])
        .await
        .map_err(db_error("say whether it is set up"))?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = client
        .query_opt("SELECT value FROM paydesk_hub_meta WHERE key = 'schema_version'", &[])
        .await
        .map_err(db_error("say its version"))?;
    Ok(Some(row.and_then(|r| r.get::<_, String>(0).parse().ok()).unwrap_or(0)))
}

/// Refuses a hub that is not set up, or newer than this paydesk.
pub async fn check_version(client: &Client) -> Result<()> {
    match version(client).await? {
        None => Err(Error::hub(Msg::new("error-hub-not-set-up"))),
        Some(v) if v > SCHEMA_VERSION => Err(Error::hub(Msg::new("error-hub-newer-known").num("version", v).num("known", SCHEMA_VERSION))),
        Some(v) if v < SCHEMA_VERSION => Err(Error::hub(Msg::new("error-hub-older").num("version", v).num("known", SCHEMA_VERSION))),
        Some(_) => Ok(()),
    }
}

/// Creates or migrates the hub's schema, in one transaction; returns the version now.
pub async fn init(client: &mut Client) -> Result<i64> {
    let tx = client.transaction().await.map_err(db_error("start setting up"))?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS paydesk_hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); \
         LOCK TABLE paydesk_hub_meta IN EXCLUSIVE MODE;",
    )
    .await
    .map_err(db_error("create its version table"))?;
    let at: i64 = tx
        .query_opt("SELECT value FROM paydesk_hub_meta WHERE key = 'schema_version'", &[])
        .await
        .map_err(db_error("say its version"))?
        .and_then(|r| r.get::<_, String>(0).parse().ok())
        .unwrap_or(0);
    if at > SCHEMA_VERSION {
        return Err(Error::hub(Msg::new("error-hub-newer").num("version", at)));
    }
    for step in &STEPS[at as usize..] {
        tx.batch_execute(step).await.map_err(db_error("take the schema"))?;
    }
    tx.execute(
        "INSERT INTO paydesk_hub_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&SCHEMA_VERSION.to_string()],
    )
    .await
    .map_err(db_error("record its version"))?;
    tx.commit().await.map_err(db_error("keep the schema"))?;
    Ok(SCHEMA_VERSION)
}
