//! Backups and restore of the history file: a backup taken while another connection writes is
//! one consistent snapshot, restores to identical rows, keeps the history that was in place
//! aside; a damaged file, a file that is no history and one from a newer paydesk are refused.

use paydesk_core::desk::{Desk, DB_FILE};
use paydesk_core::settings::Environment;
use paydesk_core::vault::MemoryVault;
use rusqlite::{params, Connection};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The PIN question of a restore into a history that has none: never asked.
fn no_pin() -> paydesk_core::Result<Option<secrecy::SecretString>> {
    panic!("no manager PIN is set: none may be asked for")
}

fn open(dir: &Path) -> Desk {
    Desk::open(dir, Arc::new(MemoryVault::new()), Environment::default()).unwrap()
}

/// A sale with its one link, in one transaction, as paydesk writes them.
fn write_sale(conn: &mut Connection, n: i64) {
    let tx = conn.transaction().unwrap();
    tx.execute(
        "INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, mode, created_at) \
         VALUES (?1, 'till', ?2, 'NGN', 'ada@example.com', 'live', '2024-03-05T08:00:00.000Z')",
        params![format!("sale-{n}"), 100 + n],
    )
    .unwrap();
    let sale = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at, uid, sale_id) \
         VALUES ('paystack', 'live', ?1, ?2, 'NGN', 'ada@example.com', 'paid', '2024-03-05T08:00:00.000Z', '2024-03-05T08:00:00.000Z', ?1, ?3)",
        params![format!("PD{n}"), 100 + n, sale],
    )
    .unwrap();
    tx.execute(
        "UPDATE sales SET current_link_id = last_insert_rowid(), day_provider = 'paystack', day_status = 'paid' WHERE id = ?1",
        [sale],
    )
    .unwrap();
    tx.commit().unwrap();
}

/// Every sale with its link, as text, in order: what "identical rows" compares.
fn rows(file: &Path) -> Vec<String> {
    let conn = Connection::open(file).unwrap();
    let mut stmt = conn
        .prepare("SELECT s.id, s.uid, s.amount_minor, l.reference, l.status FROM sales s LEFT JOIN links l ON l.id = s.current_link_id ORDER BY s.id")
        .unwrap();
    stmt.query_map([], |r| Ok(format!("{}|{}|{}|{:?}|{:?}", r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, Option<String>>(3)?, r.get::<_, Option<String>>(4)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_backup_taken_while_another_writes_is_consistent_and_restores_to_identical_rows() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path());
    let history = dir.path().join(DB_FILE);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, history) = (stop.clone(), history.clone());
        std::thread::spawn(move || {
            let mut conn = Connection::open(&history).unwrap();
            conn.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) || n < 200 {
                n += 1;
                write_sale(&mut conn, n);
            }
            n
        })
    };
    while rows(&history).len() < 50 {
        std::thread::yield_now();
    }
    let copy = dir.path().join("copy.sqlite3");
    desk.backup(&copy).unwrap();
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();

    // SQLite's integrity check passes on the copy, and it is a history this paydesk opens.
    assert!(paydesk_core::store::check_backup(&copy).is_ok(), "the copy is sound");
    let backed_up = rows(&copy);
    assert!(backed_up.len() >= 50 && (backed_up.len() as i64) < written, "a snapshot mid-way: {} of {written}", backed_up.len());
    assert!(backed_up.iter().all(|r| !r.contains("None")), "every sale in the copy has its link: one snapshot");
    assert!(desk.backup(&copy).is_err(), "an existing file is never overwritten");

    // Restored elsewhere, the copy gives back exactly its rows.
    let elsewhere = tempfile::tempdir().unwrap();
    let done = Desk::restore(elsewhere.path(), &copy, &mut no_pin).unwrap();
    assert_eq!(done.kept_aside, None);
    assert_eq!(rows(&elsewhere.path().join(DB_FILE)), backed_up);
    drop(open(elsewhere.path()));
}

#[test]
fn a_restore_keeps_the_current_history_aside() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join(DB_FILE);
    let copy = dir.path().join("monday.sqlite3");
    {
        let desk = open(dir.path());
        let mut conn = Connection::open(&history).unwrap();
        write_sale(&mut conn, 1);
        desk.backup(&copy).unwrap();
        write_sale(&mut conn, 2);
    }
    let before = rows(&history);
    assert_eq!(before.len(), 2);

    let done = Desk::restore(dir.path(), &copy, &mut no_pin).unwrap();
    let aside = done.kept_aside.expect("the history in place is kept");
    assert!(aside.file_name().unwrap().to_string_lossy().starts_with("paydesk.sqlite3.before-restore-"));
    assert_eq!(rows(&aside), before, "nothing of the replaced history is lost");
    assert_eq!(rows(&history).len(), 1);
    let desk = open(dir.path());
    assert_eq!(desk.day_totals(chrono::NaiveDate::from_ymd_opt(2024, 3, 4).unwrap(), chrono::NaiveDate::from_ymd_opt(2024, 3, 6).unwrap()).unwrap().rows[0].paid_minor, 101, "the restored history opens");
}

#[test]
fn a_damaged_file_or_one_that_is_no_history_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()));
    let history = dir.path().join(DB_FILE);
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"this is not a database at all, just some text that someone saved by mistake".repeat(100)).unwrap();
    let e = Desk::restore(dir.path(), &garbage, &mut no_pin).unwrap_err().to_string();
    assert!(e.contains("is not a paydesk backup"), "{e}");

    let other = dir.path().join("other.sqlite3");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x');").unwrap();
    let e = Desk::restore(dir.path(), &other, &mut no_pin).unwrap_err().to_string();
    assert!(e.contains("no payment-link history"), "{e}");

    // A real backup with a page torn in half.
    let torn = dir.path().join("torn.sqlite3");
    open(dir.path()).backup(&torn).unwrap();
    let mut bytes = std::fs::read(&torn).unwrap();
    let len = bytes.len();
    bytes[len / 2..].iter_mut().for_each(|b| *b = 0xAB);
    std::fs::write(&torn, bytes).unwrap();
    let e = Desk::restore(dir.path(), &torn, &mut no_pin).unwrap_err().to_string();
    assert!(e.contains("damaged") || e.contains("not a paydesk backup"), "{e}");

    assert!(history.exists());
    let names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("before-restore") || n.contains("partial")), "nothing moved: {names:?}");
}

#[test]
fn a_backup_from_a_newer_paydesk_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.sqlite3");
    open(dir.path()).backup(&newer).unwrap();
    Connection::open(&newer).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let e = Desk::restore(dir.path(), &newer, &mut no_pin).unwrap_err().to_string();
    assert!(e.contains("newer paydesk") && e.contains("999"), "{e}");
}

#[test]
fn the_daily_backup_is_made_once_a_day_and_old_ones_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path());
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    for name in ["paydesk-2000-01-01.sqlite3", "keep-me.sqlite3"] {
        std::fs::write(backups.join(name), b"x").unwrap();
    }
    let made = desk.daily_backup().unwrap().expect("today's is made");
    assert!(made.exists());
    assert_eq!(desk.daily_backup().unwrap(), None, "once a day");
    assert!(!backups.join("paydesk-2000-01-01.sqlite3").exists(), "older than 14 days: pruned");
    assert!(backups.join("keep-me.sqlite3").exists(), "a file paydesk did not make is left alone");
}
