//! An app on Tauri's mock runtime with a desk on a temporary data directory and an in-memory
//! vault, and a way to call its commands through the real IPC path (argument parsing, the
//! command handler, error serialization).

#![allow(dead_code)] // Each test binary uses a different part.

use paydesk_core::desk::Desk;
use paydesk_core::settings::Environment;
use paydesk_core::vault::MemoryVault;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Listener, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

pub struct TestApp {
    pub app: App<MockRuntime>,
    pub main: WebviewWindow<MockRuntime>,
    pub dir: tempfile::TempDir,
}

/// A desk that reads no `PAYDESK_*` variable of the machine running the tests.
pub fn desk(dir: &std::path::Path) -> Desk {
    Desk::open(dir, Arc::new(MemoryVault::new()), Environment::default()).expect("desk opens")
}

impl TestApp {
    /// The app as `run` builds it, minus the plugins that need a desktop session.
    pub fn new() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let app = paydesk_app::with_desk(mock_builder(), desk(dir.path()), dir.path().to_path_buf())
            .build(mock_context(noop_assets()))
            .expect("app builds");
        let main = window(&app, "main", "index.html");
        TestApp { app, main, dir }
    }

    /// Calls `cmd` from the main window; `Err` holds the rejection as the UI would see it.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke_from(&self.main, cmd, args)
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args.clone()).unwrap_or_else(|e| panic!("{cmd} {args} failed: {e}"))
    }

    pub fn err(&self, cmd: &str, args: Value) -> Value {
        match self.invoke(cmd, args.clone()) {
            Ok(v) => panic!("{cmd} {args} should have failed, returned {v}"),
            Err(e) => e,
        }
    }

    /// Collects every payload of `event` from now on.
    pub fn record(&self, event: &str) -> Arc<Mutex<Vec<Value>>> {
        let seen = Arc::new(Mutex::new(vec![]));
        let sink = seen.clone();
        self.app.listen_any(event, move |e| {
            sink.lock().unwrap().push(serde_json::from_str(e.payload()).unwrap());
        });
        seen
    }

    /// Makes a training link for `amount` and returns its LinkView.
    pub fn training_link(&self, amount: &str) -> Value {
        self.ok(
            "create_link",
            serde_json::json!({"input": {"provider": "training", "amount": amount, "currency": "NGN", "email": "ada@example.com"}}),
        )
    }
}

pub fn window(app: &App<MockRuntime>, label: &str, page: &str) -> WebviewWindow<MockRuntime> {
    WebviewWindowBuilder::new(app, label, WebviewUrl::App(page.into())).build().expect("window builds")
}

pub fn invoke_from(w: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(w, request).map(|body| body.deserialize::<Value>().expect("a JSON reply"))
}
