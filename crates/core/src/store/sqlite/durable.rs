//! The writes a provider call follows, synced to disk before the call is made.
//!
//! The history runs with `synchronous = NORMAL` (`mod.rs`): in WAL mode a commit survives any
//! crash or kill of the process, but a power cut or a crash of the OS can take the commits since
//! the last checkpoint with it. That is harmless for what can be asked of a provider again (a
//! status), not for what a provider call follows: the mark that a sale's link is being sent (its
//! sale and link recorded just before are in the same WAL, so they are synced with it), a new
//! reference, a refund begun, a share or cancel begun. Lost, the provider would hold a link or a
//! refund the history has no trace of, or one it takes for never sent, and a retry would make a
//! second. Those commits run with `synchronous = FULL`: one fsync of the WAL each, one for a sale
//! made at the counter (docs/speed.md).

use super::SqliteStore;
use crate::Result;
use rusqlite::Connection;

impl SqliteStore {
    /// Runs `f` with every commit in it synced to disk, then goes back to `NORMAL`, whether `f`
    /// succeeded or not.
    pub(super) fn durably<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        self.with(|c| {
            c.pragma_update(None, "synchronous", "FULL")?;
            let done = f(c);
            let back = c.pragma_update(None, "synchronous", "NORMAL");
            let done = done?;
            back?;
            Ok(done)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::row;
    use super::*;
    use crate::lease::Holder;
    use crate::link::LinkStatus;
    use crate::store::{Claim, Store};
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use std::sync::{Arc, Mutex};

    /// The statements the store's connection ran, as SQLite's trace hands them over.
    type Ran = Arc<Mutex<Vec<String>>>;

    fn traced(store: &SqliteStore) -> Ran {
        let ran = Ran::default();
        let into = ran.clone();
        let hook = move |e: TraceEvent<'_>| {
            if let TraceEvent::Stmt(_, sql) = e {
                into.lock().unwrap().push(sql.to_string());
            }
        };
        store.conn().trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(hook)).unwrap();
        ran
    }

    /// Whether what `f` wrote committed while commits were synced to disk.
    fn synced(ran: &Ran, f: impl FnOnce()) -> bool {
        ran.lock().unwrap().clear();
        f();
        let ran = ran.lock().unwrap().clone();
        let mut full = false;
        let mut synced_commit = false;
        for sql in &ran {
            let s = sql.to_ascii_uppercase();
            if s.contains("SYNCHRONOUS") {
                full = s.contains("FULL");
            } else if s.starts_with("COMMIT") {
                assert!(full || !synced_commit, "a later commit of the same write was not synced");
                synced_commit |= full;
            }
        }
        assert!(!full, "left at FULL after: {ran:?}");
        synced_commit
    }

    fn level(store: &SqliteStore) -> i64 {
        store.with(|c| Ok(c.pragma_query_value(None, "synchronous", |r| r.get(0))?)).unwrap()
    }

    #[test]
    fn a_write_a_provider_call_follows_is_synced_and_the_others_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("h.sqlite3")).unwrap();
        let ran = traced(&store);
        assert_eq!(level(&store), 1, "NORMAL between writes");

        let mut link = store.insert_link(&row("PDSYNC1", "a@b.com")).unwrap();
        let me = Holder::this_process(store.till_id());
        assert_eq!(store.claim(link.id, &me, 60).unwrap(), Claim::Taken);
        // About to be sent: the mark, and the sale recorded before it in the same WAL, reach the disk.
        link.sent = true;
        assert!(synced(&ran, || link = store.save_link(&link, Some(&me.token)).unwrap()));
        assert!(synced(&ran, || link = store.replace_reference(link.id, "lost", "PDSYNC2", &me.token).unwrap()));
        // What a provider said: asked again if lost, so not synced.
        link.status = LinkStatus::Open;
        assert!(!synced(&ran, || link = store.save_link(&link, Some(&me.token)).unwrap()));
        assert!(synced(&ran, || {
            store.begin_operation(link.id, "share", "{}").unwrap();
        }));
        link.status = LinkStatus::Paid;
        link = store.save_link(&link, None).unwrap();
        assert!(synced(&ran, || {
            store.begin_refund(link.id, Some(100), None, &me, 60).unwrap();
        }));
        assert_eq!(level(&store), 1);
    }

    #[test]
    fn a_failed_write_leaves_the_history_as_it_was_set() {
        let store = SqliteStore::open_in_memory().unwrap();
        let failed: Result<()> = store.durably(|c| {
            assert_eq!(c.pragma_query_value(None, "synchronous", |r| r.get::<_, i64>(0))?, 2, "FULL inside");
            Err(crate::Error::conflict(crate::i18n::Msg::new("error-text").text("text", "no")))
        });
        assert!(failed.is_err());
        assert_eq!(level(&store), 1, "NORMAL again after a failure");
    }
}
