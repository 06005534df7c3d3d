//! How WebKitGTK draws the app's windows on Linux, chosen on purpose (README "Speed"), unless the
//! person chose for themselves with `WEBKIT_DISABLE_COMPOSITING_MODE` (then WebKit follows their
//! value and nothing here applies).
//!
//! A till's screen shows a form and a QR code: nothing it draws needs a GPU, and under Xvfb or
//! on a till without one, WebKit's GL compositing runs on Mesa's software renderer.

use tauri::{Runtime, WebviewWindow};

/// Whether the person chose WebKit's drawing mode themselves.
fn person_chose() -> bool {
    std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_some()
}

/// WebKit's DMA-BUF renderer, kept out of the start while the main window is made.
///
/// Before WebKitGTK 2.50 starts its first web process, the window's process checks that the
/// DMA-BUF renderer could work: it opens an EGL display (loading Mesa's driver and its LLVM) and
/// makes a GDK GL context, and only then starts the web process. The renderer serves GPU
/// compositing only, which these windows never use ([`tune`]), so the check only delays the page.
/// Measured (`perf` of every process, and nine alternated starts of one release build on the
/// 2-core Xeon under Xvfb, 2026-12-02, the app's log): the web process started 108 ms after the
/// network process with the check and 27 ms after without; the first screen was painted at
/// 540 ms from the start with it, 471 without (medians).
///
/// WebKit reads `WEBKIT_DISABLE_DMABUF_RENDERER` once, at that first check, and its web and
/// network processes inherit the environment they start with. An environment variable left set
/// would follow every program the app starts (the browser a payment link opens in), so it is
/// set only from the start of [`crate::run`] until the main window is made ([`Self::window_made`]).
pub struct DmabufCheck {
    set_here: bool,
}

const DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

impl DmabufCheck {
    /// Sets the variable, unless the person set it or WebKit's drawing mode themselves. Called
    /// first thing in [`crate::run`], while the process has one thread: a variable set then is
    /// the last of the environment, so taking it out later moves no other variable (below).
    pub fn skip() -> Self {
        let set_here = cfg!(target_os = "linux") && !person_chose() && std::env::var_os(DMABUF).is_none();
        if set_here {
            std::env::set_var(DMABUF, "1");
        }
        DmabufCheck { set_here }
    }

    /// Takes the variable out again once the main window is made (WebKit has read it and
    /// started its processes), so nothing the app starts later inherits it. Other threads run by
    /// now: Rust's own reads of the environment wait for this under std's lock; a C library's
    /// `getenv` could run alongside, and glibc's `unsetenv` takes an entry out by moving the
    /// later ones down, in place. Ours is the last (set while the process had one thread, and
    /// nothing since adds one in between), so only the end of the list moves up by one.
    pub fn window_made(self) {
        if self.set_here {
            std::env::remove_var(DMABUF);
        }
    }
}

/// Drawing without GPU compositing in both windows, unless the person set
/// `WEBKIT_DISABLE_COMPOSITING_MODE` themselves.
///
/// Measured under Xvfb on 2 cores (README "Speed", `scripts/measure-window.sh`): WebKitGTK's
/// default composites every frame through GL, which there is Mesa's software renderer. With
/// `HardwareAccelerationPolicy::Never` the idle PSS of the app's process tree fell from 360 to
/// 267 MiB and the web process spent 540 ms of CPU instead of 1,010 in its first 10 s, with first
/// paint no slower; `WEBKIT_DISABLE_COMPOSITING_MODE=1` measured the same (262 MiB, 530 ms) but
/// an environment variable is inherited by everything the app starts, such as the browser a
/// payment link opens in, where the setting stays this webview's own. The web context's cache
/// model (`CacheModel::DocumentViewer`) changed neither figure, so it is left alone.
///
/// Measured again with `make bench-window` (debug build, 2026-12-02): 364 -> 267 MiB, first paint
/// 2.9 -> 2.5 s. WebKit then draws a frame only when the page changes, which WebDriver's
/// screenshots waited for on a still screen: `e2e/src/lib.rs` takes them while a pixel animates.
pub fn tune<R: Runtime>(w: &WebviewWindow<R>) {
    if person_chose() {
        return;
    }
    #[cfg(target_os = "linux")]
    let tuned = w.with_webview(|view| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&view.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let tuned: tauri::Result<()> = Ok(());
    if let Err(e) = tuned {
        tracing::warn!(window = w.label(), "could not set WebKit's drawing mode: {e}");
    }
}
