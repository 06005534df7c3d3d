//! The commands of docs/ipc.md through Tauri's IPC on the mock runtime: argument names, reply
//! shapes, the `{kind, message, field}` rejection, and the events.

mod support;

use paydesk_fakes::{FakePaystack, PaystackOptions};
use serde_json::{json, Value};
use support::TestApp;

#[test]
fn a_training_link_comes_back_as_a_link_view() {
    let t = TestApp::new();
    let view = t.ok(
        "create_link",
        json!({"input": {"provider": "training", "amount": "1,500.50", "currency": "NGN", "email": "ada@example.com",
                          "description": "Bread", "mode": null, "number_style": {"decimal": ".", "group": ","}}}),
    );
    assert_eq!(view["training"], true);
    assert_eq!(view["amount_display"], "1,500.50");
    assert_eq!(view["link"]["amount_minor"], 150050);
    assert_eq!(view["link"]["provider"], "training");
    assert_eq!(view["link"]["status"], "open");
    assert!(view["link"]["url"].as_str().unwrap().starts_with("https://"));
    assert!(!view["events"].as_array().unwrap().is_empty());
    assert_eq!(view["references"][0]["state"], "current");

    let again = t.ok("get_link", json!({"id": view["link"]["id"]}));
    assert_eq!(again["link"], view["link"]);
    let svg = t.ok("qr_svg", json!({"id": view["link"]["id"]}));
    assert!(svg.as_str().unwrap().contains("<svg"));
}

#[test]
fn a_bad_amount_is_refused_beside_its_field_and_nothing_is_kept() {
    let t = TestApp::new();
    for amount in ["abc", "0", "-5", "1e3", "1.234"] {
        let err = t.err("create_link", json!({"input": {"provider": "training", "amount": amount, "currency": "NGN", "email": "ada@example.com"}}));
        assert_eq!(err["kind"], "invalid", "{amount}: {err}");
        assert_eq!(err["field"], "amount", "{amount}: {err}");
        assert!(!err["message"].as_str().unwrap().is_empty());
    }
    let err = t.err("create_link", json!({"input": {"provider": "training", "amount": "10", "currency": "NGN", "email": "nope"}}));
    assert_eq!((err["kind"].as_str(), err["field"].as_str()), (Some("invalid"), Some("email")));
    let page = t.ok("list_links", json!({"query": {}}));
    assert_eq!(page["total"], 0);
    assert_eq!(page["links"], json!([]));
}

#[test]
fn the_history_comes_in_pages_newest_first() {
    let t = TestApp::new();
    let ids: Vec<Value> = (1..=5).map(|n| t.training_link(&format!("{n}00"))["link"]["id"].clone()).collect();

    let first = t.ok("list_links", json!({"query": {"limit": 2}}));
    assert_eq!((first["total"].as_u64(), first["total_capped"].as_bool()), (Some(5), Some(false)));
    let got: Vec<&Value> = first["links"].as_array().unwrap().iter().map(|l| &l["id"]).collect();
    assert_eq!(got, [&ids[4], &ids[3]]);
    assert_eq!(first["next_before_id"], ids[3]);

    let second = t.ok("list_links", json!({"query": {"limit": 2, "beforeId": first["next_before_id"]}}));
    assert_eq!(second["links"].as_array().unwrap().len(), 2);
    let last = t.ok("list_links", json!({"query": {"limit": 2, "beforeId": second["next_before_id"]}}));
    assert_eq!(last["links"].as_array().unwrap().len(), 1);
    assert_eq!(last["links"][0]["id"], ids[0]);
    assert_eq!(last["next_before_id"], Value::Null);

    let filtered = t.ok("list_links", json!({"query": {"status": "paid", "provider": "", "search": null}}));
    assert_eq!(filtered["total"], 0);
    let err = t.err("list_links", json!({"query": {"status": "someday"}}));
    assert_eq!(err["kind"], "invalid");
}

#[test]
fn simulating_a_training_payment_updates_every_window() {
    let t = TestApp::new();
    let seen = t.record("link-updated");
    let id = t.training_link("250")["link"]["id"].clone();
    let view = t.ok("simulate_link", json!({"id": id, "outcome": "paid"}));
    assert_eq!(view["link"]["status"], "paid");
    let events = seen.lock().unwrap().clone();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["link"]["status"], "paid");
    assert_eq!(events[0]["training"], true);
    // Settled links are not simulated twice.
    assert_eq!(t.err("simulate_link", json!({"id": id, "outcome": "failed"}))["kind"], "conflict");
}

#[test]
fn verify_open_reports_progress_and_each_change() {
    let fake = FakePaystack::start_sync(PaystackOptions::new(SECRET)).unwrap();
    let t = TestApp::new();
    t.ok("set_setting", json!({"key": "paystack.base_url", "value": fake.url()}));
    t.ok("set_key", json!({"provider": "paystack", "mode": "test", "key": SECRET}));
    let real = t.ok("create_link", json!({"input": {"provider": "paystack", "amount": "1500", "currency": "NGN", "email": "ada@example.com"}}));
    assert_eq!((real["training"].as_bool(), real["link"]["status"].as_str()), (Some(false), Some("open")), "{real}");
    t.training_link("200");
    // The customer pays at Paystack: only a verify can notice.
    assert!(fake.set_status(real["link"]["reference"].as_str().unwrap(), "success"));

    let progress = t.record("verify-progress");
    let updated = t.record("link-updated");
    let summary = t.ok("verify_open", json!({}));
    assert_eq!(summary["checked"], 2, "{summary}");
    assert_eq!(summary["errors"], json!([]));
    assert_eq!(summary["changed"].as_array().unwrap().len(), 1, "{summary}");
    assert_eq!(summary["changed"][0]["id"], real["link"]["id"]);
    assert_eq!((summary["changed"][0]["from"].as_str(), summary["changed"][0]["to"].as_str()), (Some("open"), Some("paid")));

    let p = progress.lock().unwrap().clone();
    assert_eq!(p.first(), Some(&json!({"done": 0, "total": 2})));
    assert_eq!(p.last(), Some(&json!({"done": 2, "total": 2})));
    let u = updated.lock().unwrap().clone();
    assert_eq!(u.len(), 1, "{u:?}");
    assert_eq!((u[0]["link"]["status"].as_str(), u[0]["amount_display"].as_str()), (Some("paid"), Some("1,500.00")));
}

#[test]
fn a_csv_export_has_every_matching_row_and_gets_its_extension() {
    let t = TestApp::new();
    for n in 1..=3 {
        t.training_link(&format!("{n}0"));
    }
    let path = t.dir.path().join("history");
    let progress = t.record("export-progress");
    let out = t.ok("export_csv", json!({"query": {"limit": 1}, "path": path}));
    assert_eq!(out["rows"], 3);
    let written = out["path"].as_str().unwrap();
    assert!(written.ends_with("history.csv"), "{written}");
    assert_eq!(std::fs::read_to_string(written).unwrap().lines().count(), 4);
    let p = progress.lock().unwrap().clone();
    assert_eq!(p, [json!({"written": 0, "total": 3}), json!({"written": 3, "total": 3})]);
    let names: Vec<_> = std::fs::read_dir(t.dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!names.iter().any(|n| n.to_string_lossy().ends_with(".part")), "no temporary file left: {names:?}");
    // Nothing running: nothing to cancel.
    assert_eq!(t.ok("cancel_export", json!({})), json!(false));
}

#[test]
fn a_qr_png_is_saved_where_asked() {
    let t = TestApp::new();
    let id = t.training_link("75")["link"]["id"].clone();
    let path = t.dir.path().join("qr.png");
    assert_eq!(t.ok("save_qr_png", json!({"id": id, "path": path})), Value::Null);
    assert!(std::fs::read(&path).unwrap().starts_with(b"\x89PNG"));
    assert_eq!(t.err("save_qr_png", json!({"id": 999, "path": path}))["kind"], "not_found");
}

const SECRET: &str = "sk_test_S3CRETkeyValue0042";

#[test]
fn a_string_that_is_no_key_is_refused_and_never_echoed() {
    let t = TestApp::new();
    for not_a_key in ["hunter2-S3CRET-password", "pk_test_S3CRETpublic"] {
        let err = t.err("set_key", json!({"provider": "paystack", "mode": "test", "key": not_a_key}));
        assert_eq!(err["kind"], "invalid");
        assert_eq!(err["field"], "key");
        assert!(!err.to_string().contains("S3CRET"), "{err}");
    }
    let keys = t.ok("list_keys", json!({}));
    assert!(keys.as_array().unwrap().iter().all(|k| k["configured"] == false), "{keys}");
}

#[test]
fn a_key_is_stored_checked_and_never_sent_back() {
    let fake = FakePaystack::start_sync(PaystackOptions::new(SECRET)).unwrap();
    let t = TestApp::new();
    t.ok("set_setting", json!({"key": "paystack.base_url", "value": fake.url()}));
    let reply = t.ok("set_key", json!({"provider": "paystack", "mode": "test", "key": SECRET}));
    assert_eq!(reply["checked"], true, "{reply}");
    assert_eq!(reply["ok"], true, "{reply}");
    assert_eq!(reply["status"]["configured"], true);
    assert_eq!(reply["status"]["last4"], "0042");
    let keys = t.ok("list_keys", json!({}));
    let providers = t.ok("list_providers", json!({}));
    for shown in [&reply, &keys, &providers] {
        assert!(!shown.to_string().contains("S3CRET"), "{shown}");
    }
    assert_eq!(providers[0]["id"], "paystack");
    assert_eq!(providers[0]["ready"], true);
    // The window's currency list, exponents and limits are the core's.
    assert_eq!(providers[0]["currencies"], json!(["NGN", "GHS", "ZAR", "KES", "USD", "XOF", "EGP", "RWF"]));
    let xof = providers[0]["currency_rules"].as_array().unwrap().iter().find(|r| r["currency"] == "XOF").cloned();
    assert_eq!(xof, Some(json!({"currency": "XOF", "exponent": 0, "max_major": 10000000, "source": "assumed"})));
    assert_eq!(t.ok("app_info", json!({}))["has_real_key"], true);

    // A well-formed key the provider does not know is stored, and said to be refused.
    let other = "sk_test_SomebodyElses9999";
    let reply = t.ok("set_key", json!({"provider": "paystack", "mode": null, "key": other}));
    assert_eq!((reply["checked"].as_bool(), reply["ok"].as_bool()), (Some(true), Some(false)), "{reply}");
    assert!(!reply.to_string().contains("SomebodyElses"));

    assert_eq!(t.ok("delete_key", json!({"provider": "paystack", "mode": "test"})), true);
    assert_eq!(t.ok("delete_key", json!({"provider": "paystack", "mode": "test"})), false);
}

#[test]
fn settings_are_read_set_checked_and_unset() {
    let t = TestApp::new();
    let all = t.ok("get_settings", json!({}));
    let name = all.as_array().unwrap().iter().find(|s| s["key"] == "merchant.name").expect("merchant.name is listed");
    assert_eq!(name["source"], "unset");
    assert!(name["help"].is_string());

    let set = t.ok("set_setting", json!({"key": "merchant.name", "value": "Ada's Bakery"}));
    assert_eq!(set, json!({"key": "merchant.name", "value": "Ada's Bakery", "source": "set", "help": set["help"]}));
    assert_eq!(t.ok("app_info", json!({}))["merchant_name"], "Ada's Bakery");

    let err = t.err("set_setting", json!({"key": "http.timeout_secs", "value": "0"}));
    assert_eq!((err["kind"].as_str(), err["field"].as_str()), (Some("invalid"), Some("value")));
    let err = t.err("set_setting", json!({"key": "no.such", "value": "1"}));
    assert_eq!(err["field"], "key");

    let unset = t.ok("unset_setting", json!({"key": "merchant.name"}));
    assert_eq!(unset["source"], "unset");
    assert_eq!(t.ok("get_settings", json!({})).as_array().unwrap().len(), all.as_array().unwrap().len());
}

#[test]
fn app_info_says_where_the_data_is() {
    let t = TestApp::new();
    let info = t.ok("app_info", json!({}));
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["data_dir"], t.dir.path().display().to_string());
    assert_eq!(info["default_currency"], "NGN");
    assert_eq!(info["has_real_key"], false);
}

#[test]
fn the_customer_window_opens_once_and_follows_the_link_asked_for() {
    let t = TestApp::new();
    let a = t.training_link("10")["link"]["id"].clone();
    let b = t.training_link("20")["link"]["id"].clone();
    assert_eq!(t.ok("open_customer_window", json!({"id": a})), Value::Null);
    assert_eq!(t.ok("open_customer_window", json!({"id": b.to_string()})), Value::Null);
    use tauri::Manager;
    let windows = t.app.webview_windows();
    assert_eq!(windows.len(), 2, "{:?}", windows.keys());
    let customer = &windows["customer"];
    assert_eq!(customer.url().unwrap().query(), Some(format!("id={b}").as_str()));
    assert_eq!(t.err("open_customer_window", json!({"id": 404}))["kind"], "not_found");
}

#[test]
fn every_command_of_the_contract_is_registered() {
    let t = TestApp::new();
    for cmd in paydesk_app::commands::COMMANDS {
        if let Err(Value::String(e)) = t.invoke(cmd, json!({})) {
            assert!(!e.contains("not found"), "{cmd}: {e}");
        }
    }
    let unknown = t.invoke("no_such_command", json!({})).unwrap_err();
    assert!(unknown.as_str().unwrap().contains("not found"), "{unknown}");
}
