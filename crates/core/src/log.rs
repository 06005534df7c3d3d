//! The log both front ends write: `paydesk.log` in the data directory, appended. paydesk's own
//! crates log at info (or `PAYDESK_LOG`); everything else at warn, so neither a transport crate
//! nor Tauri's IPC can ever write a request header or a command's arguments there. Nothing that
//! paydesk logs holds a key.

use crate::settings::Environment;
use std::path::Path;

/// The log file's name inside the data directory.
pub const LOG_FILE: &str = "paydesk.log";

/// Starts logging to `data_dir/paydesk.log`; `front_end` is the calling crate's target name.
/// Does nothing when the file cannot be opened or a logger is already set.
pub fn init(data_dir: &Path, env: &Environment, front_end: &str) {
    // One level word only: a filter string could switch a transport crate's tracing back on.
    let level = env
        .var("PAYDESK_LOG")
        .map(str::trim)
        .filter(|l| ["error", "warn", "info", "debug", "trace"].contains(l))
        .unwrap_or("info");
    let filter = format!("warn,paydesk_core={level},{front_end}={level}");
    let Ok(file) = std::fs::OpenOptions::new().create(true).append(true).open(data_dir.join(LOG_FILE)) else { return };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
    log_panics();
}

/// Writes a panic to the log before the default hook prints it: the release build aborts on a
/// panic (Cargo.toml), and a window app's standard error goes nowhere a shop owner could find.
fn log_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let what = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
            tracing::error!(at, "paydesk stopped on an internal error: {what}");
            default(info);
        }));
    });
}
