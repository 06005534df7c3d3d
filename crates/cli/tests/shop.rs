//! `paydesk restore` as a process: refused while another process has the history open (saying
//! what to close), the manager PIN asked for when one is set; and `paydesk preset`.

mod common;

use common::paydesk;
use paydesk_core::desk::Desk;
use paydesk_core::settings::Environment;
use paydesk_core::vault::MemoryVault;
use std::sync::Arc;

fn merchant(data: &std::path::Path) -> String {
    paydesk(data, &[], &["config", "get", "merchant.name"], None).ok().stdout
}

/// A backup of the shop named "Monday", then the shop renamed "Tuesday": the backup's file.
fn monday_backup_then_tuesday(data: &std::path::Path) -> std::path::PathBuf {
    let copy = data.join("monday.sqlite3");
    paydesk(data, &[], &["config", "set", "merchant.name", "Monday"], None).ok();
    paydesk(data, &[], &["backup", copy.to_str().unwrap()], None).ok();
    paydesk(data, &[], &["config", "set", "merchant.name", "Tuesday"], None).ok();
    copy
}

#[test]
fn restore_is_refused_while_another_process_has_the_history_open() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let copy = monday_backup_then_tuesday(data);

    // This test process stands for the app: it has the history open.
    let app = Desk::open(data, Arc::new(MemoryVault::new()), Environment::default()).unwrap();
    let run = paydesk(data, &[], &["restore", copy.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("close the paydesk window"), "{}", run.stderr);
    assert!(run.stderr.contains("Nothing was changed"), "{}", run.stderr);
    drop(app);
    assert!(merchant(data).contains("Tuesday"));

    let run = paydesk(data, &[], &["restore", copy.to_str().unwrap()], None).ok();
    assert!(run.stdout.contains("is kept as"), "{}", run.stdout);
    assert!(merchant(data).contains("Monday"));
}

#[test]
fn restore_asks_for_the_manager_pin_when_one_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let copy = monday_backup_then_tuesday(data);
    paydesk(data, &[], &["pin", "set"], Some("2468\n")).ok();

    let run = paydesk(data, &[], &["restore", copy.to_str().unwrap()], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("A manager PIN is set"), "{}", run.stderr);
    let run = paydesk(data, &[], &["restore", copy.to_str().unwrap()], Some("1111\n"));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("Wrong PIN"), "{}", run.stderr);
    assert!(!run.stderr.contains("1111") && !run.stdout.contains("1111"), "the PIN is never echoed");
    assert!(merchant(data).contains("Tuesday"), "nothing restored");

    paydesk(data, &[], &["restore", copy.to_str().unwrap()], Some("2468\n")).ok();
    assert!(merchant(data).contains("Monday"));
}

#[test]
fn presets_are_checked_listed_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let run = paydesk(data, &[], &["preset", "add", "Coffee", "1,500.50", "--currency", "NGN", "--provider", "paystack", "--description", "Flat white"], None).ok();
    assert!(run.stdout.contains("Added the quick amount \"Coffee\": 1,500.50 NGN"), "{}", run.stdout);
    let run = paydesk(data, &[], &["preset", "add", "Tea", "5", "--currency", "NGN", "--provider", "dojo"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does not take NGN"), "{}", run.stderr);
    let run = paydesk(data, &[], &["preset", "add", "Tea", "1.234", "--currency", "NGN", "--provider", "paystack"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // a negative amount is paydesk's to refuse, in paydesk's words, not taken for an option
    let run = paydesk(data, &[], &["preset", "add", "Tea", "-5", "--currency", "NGN", "--provider", "paystack"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("The amount must be more than zero"), "{}", run.stderr);

    let list = paydesk(data, &[], &["preset", "list", "--json"], None).ok().json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["amount_minor"], 150_050);
    assert_eq!(list[0]["description"], "Flat white");
    paydesk(data, &[], &["preset", "remove", "coffee"], None).ok();
    assert!(paydesk(data, &[], &["preset", "list"], None).ok().stdout.contains("No quick amounts yet"));
}
