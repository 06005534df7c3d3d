//! CSV export to a file: streamed in batches (every row, in order, across batch boundaries),
//! with progress, cancellable, and never a half file under the name asked for.

use paydesk_core::desk::{Desk, ExportProgress};
use paydesk_core::link::{Mode, ProviderId};
use paydesk_core::money::Currency;
use paydesk_core::settings::Environment;
use paydesk_core::store::{LinkQuery, NewLinkRow, SqliteStore, Store};
use paydesk_core::vault::MemoryVault;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A desk over a history of `n` links, every third one to `ada@…`.
fn history(dir: &Path, n: usize) -> Desk {
    let store = SqliteStore::open(&dir.join("h.sqlite3")).unwrap();
    for i in 0..n {
        let email = if i % 3 == 0 { format!("ada{i}@example.com") } else { format!("bola{i}@shop.ng") };
        let row = NewLinkRow {
            provider: ProviderId::Training,
            mode: Mode::Test,
            reference: format!("PDEXP{i:06}"),
            amount_minor: 100 + i as i64,
            currency: Currency::NGN,
            customer_email: email,
            description: None,
            duplicate_of: None,
        };
        store.insert_link(&row).unwrap();
    }
    Desk::new(Arc::new(store), Arc::new(MemoryVault::new()), Environment::default())
}

/// Files in `dir` other than the history's own.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("h.sqlite3"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_matching_row_is_written_across_batches_newest_first_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let desk = history(dir.path(), 2345);
    let path = dir.path().join("all.csv");
    let mut seen = vec![];
    let rows = desk.export_csv_file(&LinkQuery::default(), &path, &mut |p| seen.push(p), &AtomicBool::new(false)).unwrap();
    assert_eq!(rows, 2345);
    let csv = std::fs::read_to_string(&path).unwrap();
    let ids: Vec<i64> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
    assert_eq!(ids, (1..=2345).rev().collect::<Vec<i64>>(), "each row once, newest first");
    let done = |written| ExportProgress { written, total: 2345 };
    assert_eq!(seen, [done(0), done(1000), done(2000), done(2345)]);
    assert_eq!(files(dir.path()), ["all.csv"], "no temporary file left beside it");

    // Filters and a search through the index hold across batches too; an existing file is replaced.
    let q = LinkQuery { search: Some("ada".into()), ..Default::default() };
    assert_eq!(desk.export_csv_file(&q, &path, &mut |_| {}, &AtomicBool::new(false)).unwrap(), 782);
    let csv = std::fs::read_to_string(&path).unwrap();
    assert_eq!(csv.lines().count(), 783);
    assert!(csv.lines().skip(1).all(|l| l.contains(",ada")));
}

#[test]
fn a_cancelled_export_leaves_no_file_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let desk = history(dir.path(), 2500);
    let path = dir.path().join("cancelled.csv");
    let cancel = AtomicBool::new(false);
    let mut seen = 0;
    let err = desk
        .export_csv_file(
            &LinkQuery::default(),
            &path,
            &mut |p| {
                seen += 1;
                if p.written >= 1000 {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap_err();
    assert_eq!(err.kind(), "interrupted", "{err}");
    assert!(err.to_string().contains("no file was written"), "{err}");
    assert_eq!(seen, 2, "stopped at the next batch");
    assert_eq!(files(dir.path()), Vec::<String>::new(), "neither the file nor its temporary part");

    // A file already there under that name is left as it was.
    std::fs::write(&path, "before").unwrap();
    cancel.store(true, Ordering::Relaxed);
    assert!(desk.export_csv_file(&LinkQuery::default(), &path, &mut |_| {}, &cancel).is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "before");
}

#[test]
fn a_folder_that_cannot_be_written_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let desk = history(dir.path(), 3);
    let path = dir.path().join("no/such/folder/x.csv");
    let err = desk.export_csv_file(&LinkQuery::default(), &path, &mut |_| {}, &AtomicBool::new(false)).unwrap_err();
    assert_eq!(err.kind(), "io");
    assert!(err.to_string().contains("no/such/folder/x.csv"), "{err}");
}
