//! `refund_link` and the manager PIN commands through Tauri's IPC on the mock runtime: reply
//! shapes, the PIN asked for beside its field, and no PIN in any reply.

mod support;

use serde_json::json;
use support::TestApp;

#[test]
fn a_paid_training_link_is_refunded_in_part_then_in_full_behind_the_pin() {
    let t = TestApp::new();
    let id = t.training_link("1,500.50")["link"]["id"].clone();
    let paid = t.ok("simulate_link", json!({"id": id, "outcome": "paid"}));
    assert_eq!((paid["link"]["refundable_minor"].as_i64(), paid["link"]["refunded_minor"].as_i64()), (Some(150_050), Some(0)));

    assert_eq!(t.ok("pin_status", json!({})), json!({"set": false, "failures": 0, "locked_for_secs": null}));
    let bad = t.err("set_pin", json!({"pin": "12"}));
    assert_eq!((bad["kind"].as_str(), bad["field"].as_str()), (Some("invalid"), Some("new_pin")));
    assert_eq!(t.ok("set_pin", json!({"pin": "8642"}))["set"], true);

    let updates = t.record("link-updated");
    let missing = t.err("refund_link", json!({"id": id, "amount": "500"}));
    assert_eq!((missing["kind"].as_str(), missing["field"].as_str()), (Some("invalid"), Some("pin")));
    let wrong = t.err("refund_link", json!({"id": id, "amount": "500", "pin": "1111"}));
    assert!(wrong["message"].as_str().unwrap().starts_with("Wrong PIN"), "{wrong}");
    assert!(!wrong.to_string().contains("1111"), "the PIN never comes back");

    let part = t.ok("refund_link", json!({"id": id, "amount": "500", "reason": "Burnt", "pin": "8642", "numberStyle": {"decimal": ".", "group": ","}}));
    assert_eq!(part["link"]["status"], "partially_refunded");
    assert_eq!((part["link"]["refunded_minor"].as_i64(), part["link"]["refundable_minor"].as_i64()), (Some(50_000), Some(100_050)));
    assert_eq!(part["refunds"][0]["state"], "processed");
    assert_eq!(part["refunds"][0]["reason"], "Burnt");
    assert!(part["events"].as_array().unwrap().iter().any(|e| e["refund_id"] == part["refunds"][0]["id"]));
    assert!(!part.to_string().contains("8642"));

    let over = t.err("refund_link", json!({"id": id, "amount": "2000", "pin": "8642"}));
    assert_eq!((over["kind"].as_str(), over["field"].as_str()), (Some("invalid"), Some("amount")));
    let rest = t.ok("refund_link", json!({"id": id, "pin": "8642"}));
    assert_eq!((rest["link"]["status"].as_str(), rest["link"]["refundable_minor"].as_i64()), (Some("refunded"), Some(0)));
    assert_eq!(updates.lock().unwrap().len(), 2, "each refund told every window");

    let keyless = t.err("delete_key", json!({"provider": "paystack", "mode": "test"}));
    assert_eq!(keyless["field"], "pin");
    assert_eq!(t.err("clear_pin", json!({"current": "0000"}))["field"], "pin");
    assert_eq!(t.ok("clear_pin", json!({"current": "8642"}))["set"], false);
}

#[test]
fn providers_say_whether_they_refund_and_where_luxfin_does() {
    let t = TestApp::new();
    let providers = t.ok("list_providers", json!({}));
    let luxfin = providers.as_array().unwrap().iter().find(|p| p["id"] == "luxfin").unwrap();
    assert_eq!((luxfin["refund"].as_bool(), luxfin["refund_dashboard"].as_str()), (Some(false), Some("https://luxfin.org")));
    let paystack = providers.as_array().unwrap().iter().find(|p| p["id"] == "paystack").unwrap();
    assert_eq!(paystack["refund"], true);
}
