//! The `paydesk-app` binary: everything lives in the library so tests can build the same app.

// No console window beside the app in a Windows release build.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    paydesk_app::run()
}
