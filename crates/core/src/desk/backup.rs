//! Backups as the front ends ask for them: one now to a file, the automatic daily one (kept
//! `backup.keep_days` days in `<data dir>/backups/`), and a restore. Keys are never in a backup:
//! they live in the OS keyring, and must be set again on another machine.

use super::{openlock, pin, Desk, DB_FILE};
use crate::store::{Restored, SqliteStore};
use crate::i18n::Msg;
use crate::{Error, Result};
use chrono::{Local, NaiveDate};
use secrecy::SecretString;
use serde::Serialize;
use std::fs::File;
use std::path::{Path, PathBuf};

/// A restore the app staged, applied by the next [`Desk::open`] (the app cannot swap the history
/// under its own open connections).
pub const PENDING_FILE: &str = "paydesk.sqlite3.restore-pending";

/// A backup file, for the person: where it is and how big.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    pub path: PathBuf,
    pub bytes: u64,
    /// The day of an automatic daily backup.
    pub day: Option<NaiveDate>,
}

/// What Settings shows about backups.
#[derive(Debug, Clone, Serialize)]
pub struct BackupInfo {
    /// The folder of the automatic daily backups.
    pub dir: Option<PathBuf>,
    pub keep_days: u32,
    /// The automatic daily backups, newest first.
    pub daily: Vec<BackupFile>,
    /// A restore staged and waiting for paydesk to start again.
    pub pending: bool,
    /// The restore applied when this paydesk started, if one was.
    pub restored_at_open: Option<Restored>,
}

/// A restore staged by the app: checked, PIN given, applied when paydesk next starts.
#[derive(Debug, Clone, Serialize)]
pub struct Staged {
    pub file: PathBuf,
    pub schema_version: i64,
}

/// "Cannot read …: …" (`error-file`; `action` is one of its words).
pub(crate) fn file_error(action: &str, path: &Path, e: std::io::Error) -> Error {
    Error::io(Msg::new("error-file").text("action", action).text("path", path.display().to_string()).text("detail", e.to_string()))
}

fn size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .map_err(|e| file_error("read", path, e))?
        .len())
}

/// The folder of daily backups inside the data directory.
pub const BACKUP_DIR: &str = "backups";

/// `paydesk-2024-03-05.sqlite3`, the day's automatic backup.
fn daily_name(day: NaiveDate) -> String {
    format!("paydesk-{}.sqlite3", day.format("%Y-%m-%d"))
}

fn daily_day(name: &str) -> Option<NaiveDate> {
    let date = name.strip_prefix("paydesk-")?.strip_suffix(".sqlite3")?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

impl Desk {
    /// Writes a consistent copy of the history to `dest` (refused if it exists), while the app
    /// and other commands go on writing.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        self.store.backup_to(dest)
    }

    /// [`Desk::backup`], telling where the copy is and how big it is.
    pub fn backup_now(&self, dest: &Path) -> Result<BackupFile> {
        self.backup(dest)?;
        Ok(BackupFile {
            path: dest.to_path_buf(),
            bytes: size(dest)?,
            day: None,
        })
    }

    /// The automatic daily backups (newest first), how long they are kept, and any restore
    /// waiting for a restart or applied at this start.
    pub fn backups(&self) -> Result<BackupInfo> {
        let keep_days = self
            .setting("backup.keep_days")?
            .and_then(|d| d.parse().ok())
            .unwrap_or(14);
        let mut info = BackupInfo {
            dir: None,
            keep_days,
            daily: Vec::new(),
            pending: false,
            restored_at_open: self.restored_at_open.as_deref().cloned(),
        };
        let Some(data_dir) = self.data_dir.as_deref() else {
            return Ok(info);
        };
        let dir = data_dir.join(BACKUP_DIR);
        info.pending = data_dir.join(PENDING_FILE).exists();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let Some(day) = daily_day(&entry.file_name().to_string_lossy()) else {
                    continue;
                };
                let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
                info.daily.push(BackupFile {
                    path: entry.path(),
                    bytes,
                    day: Some(day),
                });
            }
        }
        info.daily.sort_by_key(|b| std::cmp::Reverse(b.day));
        info.dir = Some(dir);
        Ok(info)
    }

    /// The app's restore: checks the manager PIN (when one is set) and the file, and stages a
    /// copy of it that the next start of paydesk puts in place of the history (the one in place
    /// is then kept aside, as with `paydesk restore`). Nothing is replaced while this paydesk
    /// has the history open.
    pub fn stage_restore(&self, file: &Path, pin: Option<&SecretString>) -> Result<Staged> {
        let Some(data_dir) = self.data_dir.as_deref() else {
            return Err(Error::conflict(Msg::new("error-restore-in-memory")));
        };
        self.check_pin(pin)?;
        let schema_version = crate::store::stage_copy(file, &data_dir.join(PENDING_FILE))?;
        tracing::info!(file = %file.display(), "restore staged for the next start");
        Ok(Staged {
            file: file.to_path_buf(),
            schema_version,
        })
    }

    /// Calls off a staged restore before the next start applies it: the history in place stays.
    /// Returns whether one was waiting. No PIN: nothing is replaced or lost by keeping what is.
    pub fn cancel_restore(&self) -> Result<bool> {
        let Some(data_dir) = self.data_dir.as_deref() else {
            return Ok(false);
        };
        let pending = data_dir.join(PENDING_FILE);
        match std::fs::remove_file(&pending) {
            Ok(()) => {
                tracing::info!("staged restore cancelled");
                Ok(true)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(file_error("delete", &pending, e)),
        }
    }

    /// Makes today's automatic backup if it is missing, then deletes those older than
    /// `backup.keep_days`. Returns the backup made, if one was. Blocks: call it on the blocking pool.
    pub fn daily_backup(&self) -> Result<Option<PathBuf>> {
        let Some(data_dir) = self.data_dir.as_deref() else { return Ok(None) };
        let dir = data_dir.join(BACKUP_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| file_error("create", &dir, e))?;
        let today = Local::now().date_naive();
        let path = dir.join(daily_name(today));
        let made = if path.exists() {
            None
        } else {
            self.backup(&path)?;
            Some(path)
        };
        let keep: i64 = self.setting("backup.keep_days")?.and_then(|d| d.parse().ok()).unwrap_or(14);
        let entries = std::fs::read_dir(&dir).map_err(|e| file_error("read", &dir, e))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            // Only our own daily files: anything else a person put there is theirs.
            let old = daily_day(&name.to_string_lossy()).is_some_and(|d| (today - d).num_days() >= keep);
            if old {
                if let Err(e) = std::fs::remove_file(entry.path()) {
                    tracing::warn!(file = %entry.path().display(), error = %e, "could not delete an old daily backup");
                }
            }
        }
        Ok(made)
    }

    /// Puts the backup `file` in place of the history in `data_dir`, keeping the current one
    /// aside (`paydesk.sqlite3.before-restore-<time>`). Refused while any paydesk has the history
    /// open (the app, another command), for a damaged file, one that is not a paydesk history,
    /// or one from a newer paydesk. When the current history has a manager PIN, `ask_pin` is
    /// called for it (only once the file is found sound) and it must match.
    pub fn restore(data_dir: &Path, file: &Path, ask_pin: &mut dyn FnMut() -> Result<Option<SecretString>>) -> Result<Restored> {
        let _alone = openlock::exclusive(data_dir)?;
        crate::store::check_backup(file)?;
        let history = data_dir.join(DB_FILE);
        if history.exists() {
            let store = SqliteStore::open(&history)?;
            if crate::store::Store::get_setting(&store, pin::HASH_KEY)?.is_some() {
                pin::check_pin_in(&store, ask_pin()?.as_ref())?;
            }
        }
        crate::store::restore(&history, file)
    }
}

/// At open: applies a restore the app staged, when no other paydesk has the history open, and
/// returns the lock this paydesk then holds (shared) with what was restored.
pub(super) fn apply_pending(data_dir: &Path) -> Result<(File, Option<Restored>)> {
    let pending = data_dir.join(PENDING_FILE);
    if !pending.exists() {
        return Ok((openlock::shared(data_dir)?, None));
    }
    let alone = match openlock::exclusive(data_dir) {
        Ok(l) => l,
        Err(_) => {
            tracing::warn!("a staged restore waits: another paydesk has the history open");
            return Ok((openlock::shared(data_dir)?, None));
        }
    };
    let restored = match crate::store::restore(&data_dir.join(DB_FILE), &pending) {
        Ok(r) => {
            let _ = std::fs::remove_file(&pending);
            tracing::info!(kept_aside = ?r.kept_aside, "staged restore applied");
            Some(r)
        }
        Err(e) => {
            // Never retried at every start: the staged copy is kept beside, under another name.
            let failed = data_dir.join(format!("{PENDING_FILE}-failed"));
            let _ = std::fs::rename(&pending, &failed);
            tracing::error!("the staged restore failed, the history in place is unchanged: {e}");
            None
        }
    };
    Ok((openlock::downgrade(alone)?, restored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_daily_names_are_read_as_days() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(daily_day(&daily_name(day)), Some(day));
        assert_eq!(daily_day("paydesk-2024-03-05.sqlite3.partial-12"), None);
        assert_eq!(daily_day("my-copy.sqlite3"), None);
    }
}
