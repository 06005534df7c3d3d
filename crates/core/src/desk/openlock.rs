//! Who has the history open: every paydesk that opens it (the app, each CLI command) holds a
//! shared advisory lock on `<data dir>/paydesk.lock` for as long as it has it open; a restore
//! takes the lock alone, so it is refused while any paydesk has the history open, and no paydesk
//! opens the history while a restore puts a file in its place. The OS drops the lock when the
//! process ends, however it ends (`kill -9` included), so a crash never leaves it held.

use crate::i18n::Msg;
use crate::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// The lock file's name inside the data directory. It holds nothing; only its lock matters.
pub const LOCK_FILE: &str = "paydesk.lock";

fn lock_file(data_dir: &Path) -> Result<File> {
    let path = data_dir.join(LOCK_FILE);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(|e| super::backup::file_error("open", &path, e))
}

/// The lock every paydesk holds while it has the history open: shared with the others, only a
/// restore is kept out by it.
pub(super) fn shared(data_dir: &Path) -> Result<File> {
    let file = lock_file(data_dir)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => {
            Err(Error::busy(Msg::new("error-restore-under-way")))
        }
        Err(TryLockError::Error(e)) => Err(super::backup::file_error("lock", &data_dir.join(LOCK_FILE), e)),
    }
}

/// The lock a restore holds: only when no paydesk has the history open.
pub(super) fn exclusive(data_dir: &Path) -> Result<File> {
    let file = lock_file(data_dir)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(in_use()),
        Err(TryLockError::Error(e)) => Err(super::backup::file_error("lock", &data_dir.join(LOCK_FILE), e)),
    }
}

/// Turns a held exclusive lock into a shared one, in one step (no restore can slip in between).
pub(super) fn downgrade(file: File) -> Result<File> {
    match file.try_lock_shared() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(in_use()),
        Err(TryLockError::Error(e)) => Err(Error::io(Msg::new("error-history-lock").text("detail", e.to_string()))),
    }
}

fn in_use() -> Error {
    Error::conflict(Msg::new("error-history-in-use"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restore_waits_for_every_reader_and_readers_wait_for_a_restore() {
        let dir = tempfile::tempdir().unwrap();
        let a = shared(dir.path()).unwrap();
        let b = shared(dir.path()).unwrap();
        assert_eq!(exclusive(dir.path()).unwrap_err().kind(), "conflict");
        drop(a);
        assert_eq!(
            exclusive(dir.path()).unwrap_err().kind(),
            "conflict",
            "one reader is still there"
        );
        drop(b);
        let alone = exclusive(dir.path()).unwrap();
        assert_eq!(shared(dir.path()).unwrap_err().kind(), "busy");
        let _reader = downgrade(alone).unwrap();
        shared(dir.path()).unwrap();
    }
}
