//! paydesk's desktop shell: a Tauri 2 window over [`paydesk_core::desk::Desk`].
//!
//! This crate owns the windows, the commands the UI calls (docs/ipc.md), their error shape and
//! the log file; every decision about money, links, keys and providers is the core's. [`run`]
//! starts the real app; [`with_desk`] is the part tests build on the mock runtime.

pub mod commands;
pub mod drawing;
pub mod error;
pub mod hub;
pub mod javascript;
pub mod start_env;
pub mod view;
pub mod windows;

use paydesk_core::desk::Desk;
use paydesk_core::settings::Environment;
use paydesk_core::vault::KeyringVault;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tauri::{Builder, Listener, Manager, Runtime};
use tokio::sync::Notify;

/// Event the UI emits once its first screen is painted (ui/js/main.js).
const UI_PAINTED: &str = "ui-painted";

/// When [`run`] began: the start-up log lines count their milliseconds from it.
static STARTED: OnceLock<Instant> = OnceLock::new();

/// Milliseconds since the process began [`run`] (0 in tests, which never call it).
pub fn since_start_ms() -> u64 {
    STARTED.get().map_or(0, |t| t.elapsed().as_millis() as u64)
}

/// The directory holding the history and the log, as `app_info` reports it.
pub struct DataDir(pub PathBuf);

/// Adds the desk, the data directory and every command to `builder`.
pub fn with_desk<R: Runtime>(builder: Builder<R>, desk: Desk, data_dir: PathBuf) -> Builder<R> {
    commands::register(builder.manage(desk).manage(DataDir(data_dir)))
}

/// Starts the app: the data directory from `PAYDESK_DATA_DIR` or the platform's, keys in the
/// OS keyring, then the main window.
///
/// The first screen is on the clock (docs/speed.md): the history is opened on its own thread
/// while GTK, the plugins and the window start, and today's automatic backup waits until the
/// first screen is painted (or half a minute), so copying a large history never slows the start.
pub fn run() {
    STARTED.get_or_init(Instant::now);
    // Before any thread starts (start_env.rs says why).
    let start_env =
        start_env::StartEnv::set(drawing::probe_skips().into_iter().chain(javascript::tiers()));
    let env = Environment::from_process();
    let data_dir = prepare(&env).unwrap_or_else(|message| fail(&message));
    let opening = std::thread::spawn(move || open_desk(&data_dir, env).map(|desk| (desk, data_dir)));
    let painted = Arc::new(Notify::new());
    let on_paint = painted.clone();
    let builder = Builder::default()
        // First, so a second start hands over to this one before any other plugin sets up.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| windows::focus_main(app)))
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(move |app| {
            // The window first: WebKit starts its processes while the history finishes opening
            // on its own thread (a new history's first migration took ~50 ms of the start).
            // Nothing of the page can reach a command before this returns: WebKit asks for the
            // page through this (main) thread's loop, which runs once setup is done.
            windows::create_main(app.handle())?;
            start_env.window_made();
            let (desk, data_dir) = match opening.join() {
                Ok(Ok(opened)) => opened,
                // No window can work without its history; say why where a person or a
                // launcher log can read it.
                Ok(Err(message)) => fail(&message),
                Err(_) => fail("opening the history failed unexpectedly"),
            };
            tracing::debug!(ms = since_start_ms(), "setup, history open");
            daily_backup(desk.clone(), painted);
            app.manage(desk);
            app.manage(DataDir(data_dir));
            // Logged once, for `make bench` (scripts/measure-window.sh) and for a slow start's report.
            let once = AtomicBool::new(false);
            app.listen_any(UI_PAINTED, move |event| {
                if !once.swap(true, Ordering::Relaxed) {
                    on_paint.notify_one();
                    // `page_ms`: since the page began loading, by the page's own clock; the rest
                    // of `ms` went to starting WebKit's processes before it. The page's own
                    // marks split `page_ms`: HTML parsed, every module loaded, the first IPC
                    // answers in, the catalogue read, the first screen set up.
                    let page: serde_json::Value = serde_json::from_str(event.payload()).unwrap_or_default();
                    let mark = |name: &str| page[name].as_u64().unwrap_or(0);
                    tracing::info!(
                        page_ms = mark("page_ms"),
                        html_ms = mark("html_ms"),
                        modules_ms = mark("modules_ms"),
                        answers_ms = mark("answers_ms"),
                        ipc_ms = mark("ipc_ms"),
                        init_ms = mark("init_ms"),
                        ms = since_start_ms(),
                        "first screen painted"
                    );
                }
            });
            hub::start(app.handle());
            Ok(())
        });
    commands::register(builder).run(tauri::generate_context!()).unwrap_or_else(|e| {
        tracing::error!("the window system failed: {e}");
        eprintln!("paydesk: the window system failed: {e}");
        std::process::exit(1);
    });
}

/// Ends the process before any window, saying why on stderr and in the log.
fn fail(message: &str) -> ! {
    eprintln!("paydesk: {message}");
    tracing::error!("{message}");
    std::process::exit(1);
}

/// Today's automatic backup, off the main thread and the async workers (it copies the whole
/// history), once `painted` is notified or after 30 s; a failure is logged, never in the way of
/// the counter.
fn daily_backup(desk: Desk, painted: Arc<Notify>) {
    tauri::async_runtime::spawn(async move {
        let _ = tokio::time::timeout(Duration::from_secs(30), painted.notified()).await;
        match desk.blocking(|d| d.daily_backup()).await {
            Ok(Some(made)) => tracing::info!(file = %made.display(), "daily backup made"),
            Ok(None) => {}
            Err(e) => tracing::warn!("the daily backup failed: {e}"),
        }
    });
}

/// The data directory, made if missing, and the log in it: before anything else, so every
/// later line (the window's included) is written.
fn prepare(env: &Environment) -> Result<PathBuf, String> {
    let data_dir = Desk::default_data_dir(env).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&data_dir).map_err(|e| format!("Cannot create {}: {e}", data_dir.display()))?;
    paydesk_core::log::init(&data_dir, env, "paydesk_app");
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "paydesk app starting");
    Ok(data_dir)
}

fn open_desk(data_dir: &std::path::Path, env: Environment) -> Result<Desk, String> {
    let vault = KeyringVault::from_env(&env);
    Desk::open(data_dir, Arc::new(vault), env).map_err(|e| e.to_string())
}

