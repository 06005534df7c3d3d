//! The harness for end-to-end tests of the paydesk window: it starts `tauri-driver` (which
//! starts WebKitWebDriver, which starts the real app), opens WebDriver sessions with fantoccini,
//! waits for what a person would see, and saves screenshots under `target/e2e-screenshots/`.
//!
//! Run through `make test`: it provides Xvfb, a private D-Bus session with an unlocked GNOME
//! Keyring, `tauri-driver` and the built app.

use fantoccini::{Client, ClientBuilder, Locator};
use procs::Holder;
use std::future::Future;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub mod axe;
pub mod procs;

pub use fantoccini;

/// The workspace root (this crate is `e2e/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().expect("workspace root")
}

/// The app binary under test: `PAYDESK_APP_BIN`, else the debug build `make test` made.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("PAYDESK_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/paydesk-app"));
    assert!(path.is_file(), "the app is not built at {}: run `make test`", path.display());
    path
}

/// The keyring service the app files keys under in these tests (`PAYDESK_KEYRING_SERVICE`): one
/// per test process, so a restarted app still finds its key and a person's own keys are never
/// read, written or deleted.
pub fn keyring_service() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or_default();
        format!("paydesk-test-{}-{nanos}", std::process::id())
    })
}

/// The environment variable that marks every process of one start (see [`procs`]).
const MARK: &str = "E2E_DRIVER_MARK";

/// A port nothing listened on a moment ago. tauri-driver cannot bind port 0 and say which port it
/// got, so the port is released here and handed over; another process may take it first, which
/// is why a start is checked, and retried on fresh ports (see [`Driver::start`]).
fn unused_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// A running `tauri-driver`. Stopped with SIGTERM when dropped: SIGKILL would leave
/// WebKitWebDriver holding its port and the test's pipes, and the run would hang.
pub struct Driver {
    child: Child,
    port: u16,
    mark: String,
}

impl Driver {
    /// Starts tauri-driver on fresh ports; `env` reaches the app it launches.
    ///
    /// A start counts only when tauri-driver and its WebKitWebDriver themselves listen on the two
    /// ports and WebDriver `/status` answers ready through them. Otherwise (a port was taken by
    /// another process, the driver exited) every process of that start is stopped, orphaned
    /// WebKitWebDriver included, and it is tried again on fresh ports, a bounded number of times.
    pub fn start(env: &[(&str, &str)]) -> Driver {
        const ATTEMPTS: u32 = 4;
        let mut failures = vec![];
        for attempt in 1..=ATTEMPTS {
            match Driver::try_start(env, attempt, Duration::from_secs(30)) {
                Ok(driver) => return driver,
                Err(why) => {
                    eprintln!("tauri-driver, attempt {attempt} of {ATTEMPTS}: {why}");
                    failures.push(why);
                }
            }
        }
        panic!("tauri-driver did not come up in {ATTEMPTS} attempts: {}", failures.join("; "));
    }

    fn try_start(env: &[(&str, &str)], attempt: u32, limit: Duration) -> Result<Driver, String> {
        let bin = std::env::var_os("TAURI_DRIVER").map(PathBuf::from).unwrap_or_else(|| "tauri-driver".into());
let (port, native) = (unused_port(), unused_port());
        static STARTS: AtomicU32 = AtomicU32::new(0);
        let mark = format!("{}-{}-{attempt}", std::process::id(), STARTS.fetch_add(1, Ordering::Relaxed));
        let mut cmd = Command::new(&bin);
        cmd.args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env(MARK, &mark)
            .env("PAYDESK_KEYRING_SERVICE", keyring_service())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e} (make test installs it)", bin.display()));
        let mut driver = Driver { child, port, mark };
        match driver.wait_ready(native, limit) {
            Ok(()) => Ok(driver),
            // Dropping it stops every process of this start.
            Err(why) => Err(format!("ports {port} and {native}: {why}")),
        }
    }

    /// Waits until our tauri-driver listens on `self.port`, our WebKitWebDriver on `native`, and
    /// `/status` answers ready through them.
    fn wait_ready(&mut self, native: u16, limit: Duration) -> Result<(), String> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("tauri-driver exited ({status})"));
            }
            match procs::holders(&[self.port, native], MARK, &self.mark)[..] {
                [Holder::Other, _] => return Err(format!("another process took port {}", self.port)),
                [_, Holder::Other] => return Err(format!("another process took the native port {native}")),
                [Holder::Ours, Holder::Ours] if answers_ready(self.port) => return Ok(()),
                _ => {}
            }
            if Instant::now() > deadline {
                return Err(format!("no WebDriver status within {limit:?}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops every process of this start: SIGTERM, then SIGKILL for any still there after 5 s.
    fn stop_all(&mut self) {
        procs::signal("TERM", &procs::marked(MARK, &self.mark));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && !procs::marked(MARK, &self.mark).is_empty() {
            std::thread::sleep(Duration::from_millis(50));
        }
        procs::signal("KILL", &procs::marked(MARK, &self.mark));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Opens a WebDriver session: this launches the app.
    pub async fn session(&self) -> Client {
        // Two crypto providers are compiled in (see the workspace Cargo.toml): name one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app_binary() }));
        ClientBuilder::rustls()
            .expect("rustls connector")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session with the app")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Only while it runs: once reaped (by `try_wait`), its pid may be another process's.
        if let Ok(None) = self.child.try_wait() {
            procs::signal("TERM", &[self.child.id()]);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && !matches!(self.child.try_wait(), Ok(Some(_))) {
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever outlived tauri-driver (a WebKitWebDriver, an app) would hold the test's pipes.
        self.stop_all();
    }
}

/// Whether WebDriver `GET /status` on `port` answers 200 with `"ready":true`.
fn answers_ready(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    let mut answer = vec![];
    if stream.write_all(request.as_bytes()).is_err() || stream.read_to_end(&mut answer).is_err() {
        return false;
    }
    let answer = String::from_utf8_lossy(&answer);
    answer.starts_with("HTTP/1.1 200") && answer.contains(r#""ready":true"#)
}

/// Polls `probe` every 100 ms until it returns `Some`, failing the test after `limit`.
pub async fn wait_for<T, F, Fut>(what: &str, limit: Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = probe().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out after {limit:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The visible text of the first element matching `css`, if there is one.
pub async fn text(c: &Client, css: &str) -> Option<String> {
    let el = c.find(Locator::Css(css)).await.ok()?;
    el.text().await.ok()
}

/// Waits until the element's text contains `want`, and returns the text.
pub async fn wait_text(c: &Client, css: &str, want: &str, limit: Duration) -> String {
    wait_for(&format!("{css} to show {want:?}"), limit, || async {
        text(c, css).await.filter(|t| t.contains(want))
    })
    .await
}

/// Clicks the element `css` finds, failing the test with the selector when there is none.
pub async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.unwrap();
}

/// Waits for two animation frames, so a screenshot shows the frame after the last DOM change.
pub async fn settle(c: &Client) {
    let _ = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await;
}

/// Starts and stops an animation no eye can see: a 1-px element at the window's corner whose
/// background fades between 0 and 2 % black (at most one level of one pixel).
///
/// WebKitGTK takes a WebDriver screenshot after the next frame it draws. Without GPU compositing,
/// as the app draws on Linux (src-tauri/src/windows.rs), WebKit draws a frame only when something
/// on the page changed, so a still screen (History with no caret blinking, a paid sale's QR)
/// never gave one and the screenshot, and every command after it, waited forever. The person's
/// window is not affected: it shows the last frame drawn, which is the screen.
const NUDGE_START: &str = "let d = document.getElementById('e2e-frames'); if (!d) { d = document.createElement('div'); \
    d.id = 'e2e-frames'; d.setAttribute('aria-hidden', 'true'); \
    d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647'; \
    document.body.append(d); d.animate([{ backgroundColor: 'rgba(0,0,0,0)' }, { backgroundColor: 'rgba(0,0,0,0.02)' }], \
    { duration: 200, iterations: Infinity }); } return true;";
const NUDGE_STOP: &str = "document.getElementById('e2e-frames')?.remove(); return true;";

/// Runs `shot` (a WebDriver screenshot) while the page draws frames (see [`NUDGE_START`]).
async fn while_drawing<T>(c: &Client, shot: impl Future<Output = T>) -> T {
    let _ = c.execute(NUDGE_START, vec![]).await;
    let png = shot.await;
    let _ = c.execute(NUDGE_STOP, vec![]).await;
    png
}

/// A PNG of the window as it is now (WebDriver's screenshot, which never waits forever on a
/// still screen: see [`NUDGE_START`]).
pub async fn window_png(c: &Client) -> Option<Vec<u8>> {
    while_drawing(c, c.screenshot()).await.ok()
}

/// A PNG of the first element matching `css`, as [`window_png`] takes the window's.
pub async fn element_png(c: &Client, css: &str) -> Option<Vec<u8>> {
    let el = c.find(Locator::Css(css)).await.ok()?;
    while_drawing(c, el.screenshot()).await.ok()
}

/// Asserts that the window is at its first size (1100 × 760) and the screen is whole in it, with
/// nothing below to scroll to: New sale must be, so no scrollbar flashes up as it is drawn and
/// the shortcuts line under it is in view.
pub async fn fits_unscrolled(c: &Client, what: &str) {
    let sizes = c
        .execute("return [document.documentElement.scrollHeight, window.innerHeight, window.innerWidth]", vec![])
        .await
        .expect("the page's size");
    let (page, height, width) = (sizes[0].as_i64().unwrap(), sizes[1].as_i64().unwrap(), sizes[2].as_i64().unwrap());
    assert_eq!((width, height), (1100, 760), "{what}: the window at its first size (src-tauri/tauri.conf.json)");
    assert!(page <= height, "{what}: {page} px of page in a window {height} px high ({sizes})");
}

/// The window's inner width in CSS pixels, to wait for a resize to land.
pub async fn inner_width(c: &Client) -> i64 {
    c.execute("return window.innerWidth", vec![]).await.unwrap().as_i64().unwrap_or_default()
}

/// The left edge of the first element matching each selector, rounded to whole pixels.
pub async fn left_edges(c: &Client, selectors: &[&str]) -> serde_json::Value {
    let script = "return arguments[0].map((q) => Math.round(document.querySelector(q).getBoundingClientRect().left))";
    c.execute(script, vec![serde_json::json!(selectors)]).await.expect("the elements' left edges")
}

/// How History's first row reads at a glance: its amount's text, the lines that text takes (its
/// line boxes' distinct tops), whether the row's buttons share one line (1: every button overlaps
/// the others in height, else 2), and how many buttons there are.
pub async fn first_row_lines(c: &Client) -> serde_json::Value {
    let script = "const row = document.querySelector('#history-table tr[data-id]');
         const range = document.createRange();
         range.selectNodeContents(row.querySelector('td.amount'));
         const textLines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
         const buttons = [...row.querySelectorAll('td.actions .btn')].map((b) => b.getBoundingClientRect());
         const shared = Math.max(...buttons.map((r) => r.top)) < Math.min(...buttons.map((r) => r.bottom)) ? 1 : 2;
         return [row.querySelector('td.amount').textContent, textLines, shared, buttons.length];";
    c.execute(script, vec![]).await.expect("the first row's lines")
}

/// Saves a screenshot of the window as `target/e2e-screenshots/<name>.png`.
pub async fn screenshot(c: &Client, name: &str) -> PathBuf {
    settle(c).await;
    let png = while_drawing(c, c.screenshot()).await.expect("a screenshot");
    let dir = workspace_root().join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap();
    path
}

/// Decodes the one QR code in a PNG image.
pub fn decode_qr(png: &[u8]) -> Option<String> {
    let img = image::load_from_memory(png).ok()?.to_luma8();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(img.width() as usize, img.height() as usize, |x, y| img.get_pixel(x as u32, y as u32).0[0]);
    let grids = prepared.detect_grids();
    grids.first()?.decode().ok().map(|(_, content)| content)
}
