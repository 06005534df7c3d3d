//! A restore never happens behind an open paydesk or the manager's back: refused while any
//! paydesk has the history open, the PIN asked (and checked) when one is set, and the app's
//! restore staged and applied at the next start, with the history that was in place kept aside.

use paydesk_core::desk::{Desk, DB_FILE};
use paydesk_core::settings::Environment;
use paydesk_core::vault::MemoryVault;
use paydesk_core::Result;
use secrecy::SecretString;
use std::path::Path;
use std::sync::Arc;

fn open(dir: &Path) -> Desk {
    Desk::open(dir, Arc::new(MemoryVault::new()), Environment::default()).unwrap()
}

fn name(desk: &Desk, v: &str) {
    desk.config_set("merchant.name", v).unwrap();
}

fn merchant(dir: &Path) -> Option<String> {
    open(dir).config_get("merchant.name").unwrap().value
}

fn files(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

/// A history named "Monday" backed up, then renamed "Tuesday": restoring gives Monday back.
fn monday_backup(dir: &Path) -> std::path::PathBuf {
    let copy = dir.join("monday.sqlite3");
    let desk = open(dir);
    name(&desk, "Monday");
    desk.backup(&copy).unwrap();
    name(&desk, "Tuesday");
    copy
}

#[test]
fn a_restore_is_refused_while_a_paydesk_has_the_history_open() {
    let dir = tempfile::tempdir().unwrap();
    let copy = monday_backup(dir.path());
    let app = open(dir.path());
    let before = files(dir.path());
    let e = Desk::restore(dir.path(), &copy, &mut || {
        panic!("no PIN is asked before the refusal")
    })
    .unwrap_err();
    assert_eq!(e.kind(), "conflict");
    assert!(e.to_string().contains("close the paydesk window"), "{e}");
    assert_eq!(files(dir.path()), before, "nothing moved");
    assert_eq!(
        app.config_get("merchant.name").unwrap().value.as_deref(),
        Some("Tuesday")
    );
    drop(app);

    Desk::restore(dir.path(), &copy, &mut || panic!("no PIN is set")).unwrap();
    assert_eq!(merchant(dir.path()).as_deref(), Some("Monday"));
}

#[test]
fn a_restore_asks_for_the_pin_when_one_is_set_and_refuses_a_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let copy = monday_backup(dir.path());
    open(dir.path())
        .set_pin(None, &SecretString::from("2468"))
        .unwrap();

    let mut asked = 0;
    let mut wrong = || -> Result<Option<SecretString>> {
        asked += 1;
        Ok(Some(SecretString::from("1111")))
    };
    let e = Desk::restore(dir.path(), &copy, &mut wrong).unwrap_err();
    assert_eq!((e.kind(), e.field(), asked), ("invalid", Some("pin"), 1));
    let e = Desk::restore(dir.path(), &copy, &mut || Ok(None)).unwrap_err();
    assert_eq!(e.field(), Some("pin"));
    assert_eq!(
        merchant(dir.path()).as_deref(),
        Some("Tuesday"),
        "nothing restored"
    );

    let done = Desk::restore(dir.path(), &copy, &mut || {
        Ok(Some(SecretString::from("2468")))
    })
    .unwrap();
    assert!(done.kept_aside.is_some());
    assert_eq!(merchant(dir.path()).as_deref(), Some("Monday"));
}

#[test]
fn the_apps_restore_is_staged_then_applied_at_the_next_start_keeping_the_history_aside() {
    let dir = tempfile::tempdir().unwrap();
    let copy = monday_backup(dir.path());
    let app = open(dir.path());
    app.set_pin(None, &SecretString::from("2468")).unwrap();
    assert_eq!(
        app.stage_restore(&copy, None).unwrap_err().field(),
        Some("pin")
    );
    assert!(!app.backups().unwrap().pending);
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"not a database").unwrap();
    assert_eq!(
        app.stage_restore(&garbage, Some(&SecretString::from("2468")))
            .unwrap_err()
            .field(),
        Some("file")
    );

    app.stage_restore(&copy, Some(&SecretString::from("2468")))
        .unwrap();
    assert!(app.backups().unwrap().pending);
    assert_eq!(
        app.config_get("merchant.name").unwrap().value.as_deref(),
        Some("Tuesday"),
        "the open history is untouched"
    );

    // A CLI command opening the history meanwhile does not apply it under the app's feet.
    assert_eq!(merchant(dir.path()).as_deref(), Some("Tuesday"));
    drop(app);

    let next = open(dir.path());
    let info = next.backups().unwrap();
    assert!(!info.pending);
    let aside = info
        .restored_at_open
        .and_then(|r| r.kept_aside)
        .expect("the replaced history is kept");
    assert!(aside.exists());
    assert_eq!(
        next.config_get("merchant.name").unwrap().value.as_deref(),
        Some("Monday")
    );
    assert!(!files(dir.path())
        .iter()
        .any(|f| f.contains("restore-pending")));
    assert!(aside
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with(DB_FILE));
}

#[test]
fn settings_lists_the_automatic_backups_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path());
    assert!(desk.daily_backup().unwrap().is_some());
    let backups = dir.path().join("backups");
    std::fs::write(backups.join("paydesk-2020-01-01.sqlite3"), b"old").unwrap();
    std::fs::write(backups.join("mine.sqlite3"), b"a person's own file").unwrap();
    let info = desk.backups().unwrap();
    assert_eq!(info.keep_days, 14);
    assert_eq!(
        info.daily.len(),
        2,
        "only paydesk's own daily files: {:?}",
        info.daily
    );
    assert!(info.daily[0].day > info.daily[1].day);
    assert!(info.daily[0].bytes > 1000);
    let made = desk.backup_now(&dir.path().join("now.sqlite3")).unwrap();
    assert_eq!(made.bytes, std::fs::metadata(&made.path).unwrap().len());
}
