//! Backups as the front ends ask for them: one now to a file, the automatic daily one (kept
//! `backup.keep_days` days in `<data dir>/backups/`), and a restore. Keys are never in a backup:
//! they live in the OS keyring, and must be set again on another machine.

use super::{Desk, DB_FILE};
use crate::store::Restored;
use crate::{Error, Result};
use chrono::{Local, NaiveDate};
use std::path::{Path, PathBuf};

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

    /// Makes today's automatic backup if it is missing, then deletes those older than
    /// `backup.keep_days`. Returns the backup made, if one was. Blocks: call it on the blocking pool.
    pub fn daily_backup(&self) -> Result<Option<PathBuf>> {
        let Some(data_dir) = self.data_dir.as_deref() else { return Ok(None) };
        let dir = data_dir.join(BACKUP_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| Error::Io(format!("Cannot create {}: {e}", dir.display())))?;
        let today = Local::now().date_naive();
        let path = dir.join(daily_name(today));
        let made = if path.exists() {
            None
        } else {
            self.backup(&path)?;
            Some(path)
        };
        let keep: i64 = self.setting("backup.keep_days")?.and_then(|d| d.parse().ok()).unwrap_or(14);
        let entries = std::fs::read_dir(&dir).map_err(|e| Error::Io(format!("Cannot read {}: {e}", dir.display())))?;
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
    /// aside (`paydesk.sqlite3.before-restore-<time>`). Refused for a damaged file, one that is
    /// not a paydesk history, or one from a newer paydesk. No paydesk may have the history open:
    /// close the app first.
    pub fn restore(data_dir: &Path, file: &Path) -> Result<Restored> {
        crate::store::restore(&data_dir.join(DB_FILE), file)
    }
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
