//! A long CSV export through the real IPC path: it reports progress, refuses a second export
//! while it runs, stops when `cancel_export` is called, and then leaves no file at all.

mod support;

use serde_json::json;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tauri::Listener;
use support::{invoke_from, TestApp};

/// Thirty thousand links written straight into the app's history: thirty batches to export.
fn many_links(t: &TestApp) {
    t.training_link("10"); // the history exists and is migrated
    let db = rusqlite::Connection::open(t.dir.path().join(paydesk_core::desk::DB_FILE)).unwrap();
    db.busy_timeout(Duration::from_secs(10)).unwrap();
    db.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000) \
         INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at, uid, till_id, sale_id) \
         SELECT 'training', 'test', 'PDLONG' || i, 100, 'NGN', 'long' || i || '@example.com', 'paid', '2024-01-01T00:00:00.000Z', \
         '2024-01-01T00:00:00.000Z', 'uid-long-' || i, 'till', (SELECT id FROM sales LIMIT 1) FROM n;",
    )
    .unwrap();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Open,
    Holding,
    Released,
}

#[test]
fn a_long_export_reports_progress_and_a_cancel_leaves_no_file() {
    let t = TestApp::new();
    many_links(&t);
    let progress = t.record("export-progress");
    // The export waits inside its progress event once 1,000 rows are out, until the checks below
    // are done: however busy the machine, it cannot finish before the cancel arrives.
    let gate = Arc::new((Mutex::new(Gate::Open), Condvar::new()));
    let held = gate.clone();
    t.app.listen_any("export-progress", move |e| {
        let p: serde_json::Value = serde_json::from_str(e.payload()).unwrap();
        let (state, changed) = &*held;
        let mut state = state.lock().unwrap();
        if p["written"].as_u64() >= Some(1000) && *state == Gate::Open {
            *state = Gate::Holding;
            changed.notify_all();
            while *state == Gate::Holding {
                state = changed.wait(state).unwrap();
            }
        }
    });
    let path = t.dir.path().join("everything.csv");
    let (main, target) = (t.main.clone(), path.clone());
    let export = std::thread::spawn(move || invoke_from(&main, "export_csv", json!({"query": {}, "path": target})));

    {
        let (state, changed) = &*gate;
        let held = changed.wait_timeout_while(state.lock().unwrap(), Duration::from_secs(60), |s| *s == Gate::Open).unwrap();
        assert_eq!(*held.0, Gate::Holding, "no progress: {:?}", progress.lock().unwrap());
    }
    assert_eq!(progress.lock().unwrap()[0], json!({"written": 0, "total": 30001}));
    assert_eq!(t.err("export_csv", json!({"query": {}, "path": t.dir.path().join("other.csv")}))["kind"], "busy");
    assert_eq!(t.ok("cancel_export", json!({})), json!(true));
    *gate.0.lock().unwrap() = Gate::Released;
    gate.1.notify_all();

    let err = export.join().unwrap().unwrap_err();
    assert_eq!(err["kind"], "interrupted", "{err}");
    let left: Vec<String> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".csv"))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "neither the file nor its temporary part");
    let last = progress.lock().unwrap().last().unwrap()["written"].as_u64().unwrap();
    assert!(last < 30001, "stopped before the end, at {last}");

    // Nothing runs now: another export may start, and runs to the end.
    assert_eq!(t.ok("cancel_export", json!({})), json!(false));
    let small = t.ok("export_csv", json!({"query": {"search": "long2999"}, "path": path}));
    assert_eq!(small["rows"], 11, "long2999 and long29990…29999");
}
