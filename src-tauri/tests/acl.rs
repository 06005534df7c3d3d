//! The capabilities in capabilities/*.json, as the real app resolves them: built with the real
//! context (tauri.conf.json and the ACL that build.rs compiled) on the mock runtime.

mod support;

use serde_json::{json, Value};
use support::{invoke_from, window};

fn app() -> (tauri::App<tauri::test::MockRuntime>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app = paydesk_app::with_desk(tauri::test::mock_builder(), support::desk(dir.path()), dir.path().to_path_buf())
        .build(tauri::generate_context!())
        .expect("app builds with the real context");
    (app, dir)
}

fn refused(r: Result<Value, Value>) -> bool {
    matches!(r, Err(Value::String(ref e)) if e.contains("not allowed"))
}

#[test]
fn the_main_window_may_call_every_command() {
    let (app, _dir) = app();
    let main = window(&app, "main", "index.html");
    for cmd in paydesk_app::commands::COMMANDS {
        assert!(!refused(invoke_from(&main, cmd, json!({}))), "{cmd} refused to main");
    }
    let made = invoke_from(
        &main,
        "create_link",
        json!({"input": {"provider": "training", "amount": "5", "currency": "NGN", "email": "a@example.com"}}),
    )
    .unwrap();
    assert_eq!(made["training"], true);
}

#[test]
fn the_customer_window_can_only_read_one_link() {
    let (app, _dir) = app();
    let main = window(&app, "main", "index.html");
    let id = invoke_from(
        &main,
        "create_link",
        json!({"input": {"provider": "training", "amount": "5", "currency": "NGN", "email": "a@example.com"}}),
    )
    .unwrap()["link"]["id"]
        .clone();
    let customer = window(&app, "customer", &format!("customer.html?id={id}"));
    // read-only: the link, its QR, the shop, the providers, and the message catalogue
    let reads = ["get_link", "qr_svg", "app_info", "list_providers", "l10n_catalogues"];
    for cmd in reads {
        assert!(invoke_from(&customer, cmd, json!({"id": id})).is_ok(), "{cmd} should be allowed to customer");
    }
    for cmd in paydesk_app::commands::COMMANDS.iter().filter(|c| !reads.contains(c)) {
        assert!(refused(invoke_from(&customer, cmd, json!({"id": id}))), "{cmd} should be refused to customer");
    }
}

#[test]
fn an_unknown_window_may_call_nothing() {
    let (app, _dir) = app();
    let other = window(&app, "other", "index.html");
    for cmd in paydesk_app::commands::COMMANDS {
        assert!(refused(invoke_from(&other, cmd, json!({}))), "{cmd} should be refused to other");
    }
}
