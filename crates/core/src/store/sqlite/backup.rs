//! Backups and restore of the history file, through SQLite's online backup API: a backup is a
//! consistent copy taken while paydesk (the app, the CLI) goes on writing; a restore checks the
//! copy, keeps the current history aside, and only then puts the copy in its place. Neither ever
//! overwrites a file silently. Keys are never in a backup: they live in the OS keyring.

use super::migrations;
use crate::i18n::Msg;
use crate::{Error, Result};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a restore did, to tell the person.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Restored {
    /// Where the history that was in place now is (`None` when there was none).
    pub kept_aside: Option<PathBuf>,
    /// The restored history's schema version (older ones are migrated when next opened).
    pub schema_version: i64,
}

/// Copies every page of `from` into `to` in one step, so the copy is one consistent snapshot
/// (a WAL reader never blocks writers; a stepwise copy would restart each time another process
/// wrote). Busy or locked is retried for a few seconds.
fn copy(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    for _ in 0..100 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            // More (not with -1), Busy or Locked: another connection holds a lock for a moment.
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(Error::io(Msg::new("error-copy-busy")))
}

/// A name beside `path` for a file being written, so a half-written copy never has the real name.
fn partial(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    path.with_file_name(name)
}

/// `action`: `write`, `move-aside` or `put-in-place`, as `error-file` words it.
fn io(action: &str, path: &Path, e: std::io::Error) -> Error {
    Error::io(Msg::new("error-file").text("action", action).text("path", path.display().to_string()).text("detail", e.to_string()))
}

/// Writes a consistent copy of the history open on `conn` to `dest`, which must not exist.
pub(super) fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(Error::conflict(Msg::new("error-file-exists").text("path", dest.display().to_string())));
    }
    let tmp = partial(dest);
    let written = (|| {
        let mut out = Connection::open(&tmp)?;
        copy(conn, &mut out)?;
        // One self-contained file, not a WAL pair, so it can be moved and mailed as it is.
        let _: String = out.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        drop(out);
        std::fs::rename(&tmp, dest).map_err(|e| io("write", dest, e))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Checks that `file` is a sound paydesk history this paydesk can open; returns its schema version.
pub fn check_backup(file: &Path) -> Result<i64> {
    let name = file.display().to_string();
    let not_ours = |id: &'static str, detail: String| Error::invalid_msg("file", Msg::new(id).text("name", name.as_str()).text("detail", detail));
    if !file.is_file() {
        return Err(Error::invalid_msg("file", Msg::new("error-backup-no-file").text("name", name.as_str())));
    }
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| not_ours("error-backup-not-ours", e.to_string()))?;
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| not_ours("error-backup-unreadable", e.to_string()))?;
    if verdict != "ok" {
        return Err(Error::invalid_msg("file", Msg::new("error-backup-damaged").text("name", name.as_str()).text("detail", verdict)));
    }
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('links', 'link_references', 'settings')",
        [],
        |r| r.get(0),
    )?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if tables != 3 || version < 1 {
        return Err(Error::invalid_msg("file", Msg::new("error-backup-no-history").text("name", name.as_str())));
    }
    let known = migrations::latest();
    if version > known {
        return Err(Error::invalid_msg("file", Msg::new("error-backup-newer").text("name", name.as_str()).num("version", version).num("known", known)));
    }
    Ok(version)
}

/// Puts the backup `file` in place of the history at `history`, keeping the current one aside as
/// `<history>.before-restore-<UTC time>`. The caller makes sure no paydesk has the history open.
pub fn restore(history: &Path, file: &Path) -> Result<Restored> {
    let schema_version = check_backup(file)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut aside_name = history.file_name().unwrap_or_default().to_os_string();
    aside_name.push(format!(".before-restore-{stamp}"));
    let aside = history.with_file_name(aside_name);
    if aside.exists() {
        return Err(Error::conflict(Msg::new("error-aside-exists").text("path", aside.display().to_string())));
    }

    // The copy is made beside the history first: a full disk or a bad file fails here, with the
    // current history still in place and untouched.
    let tmp = partial(history);
    let copied = (|| {
        let from = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut to = Connection::open(&tmp)?;
        copy(&from, &mut to)
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }

    let kept_aside = if history.exists() {
        // Fold the WAL into the file, so the file kept aside holds every commit on its own.
        if let Ok(conn) = Connection::open(history) {
            let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
        std::fs::rename(history, &aside).map_err(|e| io("move-aside", history, e))?;
        // Whatever is left beside it (a WAL a crash left) moves with it, under the same name.
        for suffix in ["-wal", "-shm"] {
            let (mut from, mut to) = (history.as_os_str().to_os_string(), aside.as_os_str().to_os_string());
            from.push(suffix);
            to.push(suffix);
            if Path::new(&from).exists() {
                std::fs::rename(&from, &to).map_err(|e| io("move-aside", Path::new(&from), e))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&tmp, history).map_err(|e| io("put-in-place", history, e))?;
    Ok(Restored { kept_aside, schema_version })
}

/// Checks the backup `file` and copies it to `dest` (replacing an earlier copy there: `dest` is
/// paydesk's own staging file, never a person's), for a restore applied at the next start.
/// Returns the backup's schema version.
pub fn stage_copy(file: &Path, dest: &Path) -> Result<i64> {
    let schema_version = check_backup(file)?;
    let tmp = partial(dest);
    let copied = (|| {
        let from = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut to = Connection::open(&tmp)?;
        copy(&from, &mut to)?;
        let _: String = to.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        drop(to);
        std::fs::rename(&tmp, dest).map_err(|e| io("write", dest, e))
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(schema_version)
}
