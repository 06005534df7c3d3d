//! Quick amounts and backups through Tauri's IPC on the mock runtime: presets checked by the core
//! beside their field, a backup reported with its size, a restore checked, PIN-guarded and staged.

mod support;

use serde_json::json;
use support::TestApp;

#[test]
fn presets_are_saved_checked_and_removed_through_the_ipc() {
    let t = TestApp::new();
    assert_eq!(t.ok("list_presets", json!({})), json!([]));
    let input = json!({"name": "Coffee", "amount": "1.500,50", "currency": "NGN", "provider": "paystack", "description": "Flat white", "number_style": {"decimal": ",", "group": "."}});
    let list = t.ok("save_preset", json!({ "input": input }));
    assert_eq!(list[0]["amount_minor"], 150_050);
    let bad = t.err("save_preset", json!({"input": {"name": "Tea", "amount": "5", "currency": "NGN", "provider": "dojo"}}));
    assert_eq!((bad["kind"].as_str(), bad["field"].as_str()), (Some("invalid"), Some("currency")));
    let bad = t.err("save_preset", json!({"input": {"name": "", "amount": "5", "currency": "NGN", "provider": "paystack"}}));
    assert_eq!(bad["field"], "name");
    let id = list[0]["id"].clone();
    assert_eq!(t.ok("remove_preset", json!({ "id": id })), json!([]));
}

#[test]
fn a_backup_is_reported_and_a_restore_is_checked_pin_guarded_and_staged() {
    let t = TestApp::new();
    let file = t.dir.path().join("copy");
    let made = t.ok("backup_now", json!({"path": file.to_str().unwrap()}));
    let path = made["path"].as_str().unwrap();
    assert!(path.ends_with("copy.sqlite3"), "{path}");
    assert_eq!(made["bytes"].as_u64(), Some(std::fs::metadata(path).unwrap().len()));
    assert_eq!(t.err("backup_now", json!({"path": path}))["kind"], "conflict");

    t.ok("set_pin", json!({"pin": "8642"}));
    assert_eq!(t.err("restore_backup", json!({"path": path}))["field"], "pin");
    let garbage = t.dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"not a database").unwrap();
    assert_eq!(t.err("restore_backup", json!({"path": garbage, "pin": "8642"}))["field"], "file");
    assert_eq!(t.ok("list_backups", json!({}))["pending"], false);
    let staged = t.ok("restore_backup", json!({"path": path, "pin": "8642"}));
    assert_eq!(staged["file"], path);
    let info = t.ok("list_backups", json!({}));
    assert_eq!((info["pending"].as_bool(), info["keep_days"].as_u64()), (Some(true), Some(14)));
    assert!(!info.to_string().contains("8642"));

    // Called off before the next start: nothing waits any more, and a second cancel finds none.
    assert_eq!(t.ok("cancel_restore", json!({})), json!(true));
    assert_eq!(t.ok("list_backups", json!({}))["pending"], false);
    assert_eq!(t.ok("cancel_restore", json!({})), json!(false));
}
