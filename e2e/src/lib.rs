//! The harness for end-to-end tests of the paydesk window: it starts `tauri-driver` (which
//! starts WebKitWebDriver, which starts the real app), opens WebDriver sessions with fantoccini,
//! waits for what a person would see, and saves screenshots under `target/e2e-screenshots/`.
//!
//! Run through `make test`: it provides Xvfb, a private D-Bus session with an unlocked GNOME
//! Keyring, `tauri-driver` and the built app.

use fantoccini::{Client, ClientBuilder, Locator};
use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// A running `tauri-driver`. Stopped with SIGTERM when dropped: SIGKILL would leave
/// WebKitWebDriver holding its port and the test's pipes, and the run would hang.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts tauri-driver on free ports; `env` reaches the app it launches.
    pub fn start(env: &[(&str, &str)]) -> Driver {
        let bin = std::env::var_os("TAURI_DRIVER").map(PathBuf::from).unwrap_or_else(|| "tauri-driver".into());
        let (port, native) = (free_port(), free_port());
        let mut cmd = Command::new(&bin);
        cmd.args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e} (make test installs it)", bin.display()));
        let mut driver = Driver { child, port };
        driver.wait_listening(Duration::from_secs(30));
        driver
    }

    fn wait_listening(&mut self, limit: Duration) {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("tauri-driver exited before listening: {status}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("tauri-driver did not listen on {addr} within {limit:?}");
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
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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

/// Waits for two animation frames, so a screenshot shows the frame after the last DOM change.
pub async fn settle(c: &Client) {
    let _ = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await;
}

/// Saves a screenshot of the window as `target/e2e-screenshots/<name>.png`.
pub async fn screenshot(c: &Client, name: &str) -> PathBuf {
    settle(c).await;
    let png = c.screenshot().await.expect("a screenshot");
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
