//! How WebKitGTK draws the app's windows on Linux, chosen on purpose (docs/speed.md), unless the
//! person chose for themselves with `WEBKIT_DISABLE_COMPOSITING_MODE` (then WebKit follows their
//! value and nothing here applies).
//!
//! A till's screen shows a form and a QR code: nothing it draws needs a GPU, and under Xvfb or
//! on a till without one, WebKit's GL compositing runs on Mesa's software renderer.

use crate::start_env::Value;
use tauri::{Runtime, WebviewWindow};

/// Whether the person chose WebKit's drawing mode themselves.
fn person_chose() -> bool {
    std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_some()
}

/// The GPU probes of WebKit and GDK, kept out of the start while the main window is made.
///
/// Each loads Mesa's driver and the LLVM it links into the window's process, and each serves only
/// GL: GPU compositing and DMA-BUF buffers, which these windows never use ([`tune`]):
///
/// - **The DMA-BUF renderer check.** Before WebKitGTK 2.50 starts its first web process, it checks
///   that the DMA-BUF renderer could work (an EGL display and a GDK GL context), and only then
///   starts the web process. Measured (`perf` of every process, and nine alternated starts of one
///   release build on the 2-core Xeon under Xvfb, 2026-12-02, the app's log): the web process
///   started 108 ms after the network process with the check and 27 ms after without; the first
///   screen was painted at 540 ms from the start with it, 471 without (medians).
///   `WEBKIT_DISABLE_DMABUF_RENDERER=1` skips it.
/// - **The render node query.** With the check skipped, loading the first page still opens an
///   EGL display, only to ask which DRM render node to hand the web process
///   (`drmRenderNodeDevice`, `gdb` on `dlopen` of Mesa's driver, 2026-12-03). Mesa and its LLVM
///   then stay mapped in the window's process, relocated: 86 -> 62 MiB PSS for that process.
///   Nine alternated starts of two release builds (2026-12-03, the app's log, medians): page load
///   begun at 340 -> 292 ms, first screen painted at 615 -> 553 ms, idle memory of every process
///   232 -> 214 MiB; the window's process spent 380 -> 310 ms of CPU in its first 5 s (seven
///   alternated starts). WebKit asks EGL only when `WEBKIT_WEB_RENDER_DEVICE_FILE` is unset, so
///   the app names the node itself ([`render_node`]).
/// - **GDK's GL visuals.** On X11, GTK 3 opens GLX when it opens the display, to pick the visuals
///   GL would draw with, and keeps what it found on the root window (`GDK_VISUALS`) for the next
///   GTK program: the first one on an X server pays, as paydesk does on a till that starts it
///   first thing. ~80 ms of the main thread then (`perf`, 2026-12-03); nine alternated starts of
///   one release build, each the first on a new Xvfb (medians): main window made at 259 -> 156
///   ms, first screen painted at 872 -> 745 ms. `GDK_GL=disable` skips it.
///
/// Set only while the main window is made, on Linux ([`crate::start_env`] says why), and only
/// when the person did not choose WebKit's drawing mode themselves.
pub fn probe_skips() -> Vec<(&'static str, Value)> {
    if person_chose() {
        return Vec::new();
    }
    let skips: [(&'static str, Value); 3] = [
        ("WEBKIT_DISABLE_DMABUF_RENDERER", || "1".into()),
        ("WEBKIT_WEB_RENDER_DEVICE_FILE", || render_node(std::path::Path::new("/dev/dri"))),
        ("GDK_GL", || "disable".into()),
    ];
    skips.to_vec()
}

/// The DRM render node to hand WebKit's web process: the first `renderD*` in `dir` (on a machine
/// with one GPU, the node WebKit's own EGL query finds), or `none` where there is none (Xvfb, a
/// virtual machine). WebKit looks a name up among the DRM devices and, finding none, runs the web
/// process without a device, as it does when its query finds none.
fn render_node(dir: &std::path::Path) -> String {
    let number = |name: &str| name.strip_prefix("renderD").and_then(|n| n.parse::<u32>().ok());
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            Some((number(&name)?, entry.path()))
        })
        .min_by_key(|(n, _)| *n)
        .map_or_else(|| "none".to_string(), |(_, path)| path.display().to_string())
}

/// Drawing without GPU compositing in both windows, unless the person set
/// `WEBKIT_DISABLE_COMPOSITING_MODE` themselves.
///
/// Measured under Xvfb on 2 cores (docs/speed.md, `scripts/measure-window.sh`): WebKitGTK's
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

#[cfg(test)]
mod tests {
    use super::render_node;

    #[test]
    fn the_render_node_is_the_first_render_device_or_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(render_node(dir.path()), "none", "an empty /dev/dri");
        assert_eq!(render_node(&dir.path().join("missing")), "none", "no /dev/dri at all");
        for name in ["card0", "renderD129", "renderD128x", "renderD130", "renderD128"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        assert_eq!(render_node(dir.path()), dir.path().join("renderD128").display().to_string());
        std::fs::remove_file(dir.path().join("renderD128")).unwrap();
        assert_eq!(render_node(dir.path()), dir.path().join("renderD129").display().to_string());
    }
}
