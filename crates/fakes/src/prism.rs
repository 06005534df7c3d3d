//! Runs Prism (`@stoplight/prism-cli`, installed by `make test` into `tools/`) in mock mode with
//! `--errors` on a provider's official OpenAPI spec. Prism answers from the spec and refuses any
//! request the spec does not allow, so a contract test fails when we send something wrong.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running Prism mock server; stopped when dropped.
pub struct Prism {
    child: Child,
    addr: SocketAddr,
}

/// The workspace root (this crate lives in `crates/fakes`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// `shared/provider-specs/<rel>`: from `PAYDESK_SHARED_DIR`, else `shared/` beside the checkout.
pub fn spec_path(rel: &str) -> PathBuf {
    let shared = std::env::var_os("PAYDESK_SHARED_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("../shared"));
    let path = shared.join("provider-specs").join(rel);
    assert!(path.is_file(), "the official spec is missing: {} (set PAYDESK_SHARED_DIR)", path.display());
    path
}

impl Prism {
    /// Starts Prism on a loopback port of its own and waits (bounded) until it listens.
    ///
    /// Prism binds port 0 itself and prints the port it got: a port picked here, released and
    /// handed over could be taken by another process first (seen under load as "Connection
    /// refused"), and a connect test would then find that process, not Prism.
    pub fn start(spec: &Path) -> Prism {
        let bin = std::env::var_os("PAYDESK_PRISM")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("tools/node_modules/.bin/prism"));
        assert!(bin.exists(), "Prism is not installed at {}: run `make test`, which installs it", bin.display());
        let mut child = Command::new(&bin)
            .args(["mock", "--errors", "-h", "127.0.0.1", "-p", "0"])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let stderr = keep_tail(child.stderr.take().expect("piped stderr"));
        let listening = watch_stdout(child.stdout.take().expect("piped stdout"));
        let limit = Duration::from_secs(90);
        let addr = match listening.recv_timeout(limit) {
            Ok(addr) => addr,
            Err(e) => {
                let _ = child.kill();
                let status = child.wait().map(|s| s.to_string()).unwrap_or_default();
                let why = match e {
                    mpsc::RecvTimeoutError::Timeout => format!("did not say it listens within {limit:?}"),
                    mpsc::RecvTimeoutError::Disconnected => format!("exited before listening ({status})"),
                };
                let tail = stderr.lock().unwrap_or_else(|p| p.into_inner()).clone();
                panic!("Prism {why}; its stderr ends:\n{tail}");
            }
        };
        Prism { child, addr }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Reads Prism's stdout until `Prism is listening on http://127.0.0.1:PORT` and sends that
/// address, then keeps reading: Prism logs every request there, and a full pipe would stall it.
/// The sender is dropped when stdout ends, so a Prism that exits early is seen at once.
fn watch_stdout(stdout: impl Read + Send + 'static) -> mpsc::Receiver<SocketAddr> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in lossy_lines(stdout) {
            if let Some(addr) = listening_address(&line) {
                if let Some(tx) = tx.take() {
                    let _ = tx.send(addr);
                }
            }
        }
    });
    rx
}

/// The address in Prism 5's start line, `[…] › [CLI] ▶  start     Prism is listening on
/// http://127.0.0.1:41233`, whatever decorates the line before it.
fn listening_address(line: &str) -> Option<SocketAddr> {
    let (_, rest) = line.split_once("is listening on http://")?;
    rest.trim().trim_end_matches('/').parse().ok()
}

/// The last few KiB of Prism's stderr (where it says why it stopped), drained so it never blocks.
fn keep_tail(stderr: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let tail = Arc::new(Mutex::new(String::new()));
    let kept = tail.clone();
    std::thread::spawn(move || {
        for line in lossy_lines(stderr) {
            let mut t = kept.lock().unwrap_or_else(|p| p.into_inner());
            t.push_str(&line);
            t.push('\n');
            if t.len() > 8192 {
                let cut = t.len() - 4096;
                let cut = (cut..t.len()).find(|i| t.is_char_boundary(*i)).unwrap_or(t.len());
                t.drain(..cut);
            }
        }
    });
    tail
}

/// Lines until the stream ends or fails; a stray non-UTF-8 byte must not stop the draining.
fn lossy_lines(stream: impl Read) -> impl Iterator<Item = String> {
    let mut reader = BufReader::new(stream);
    std::iter::from_fn(move || {
        let mut buf = vec![];
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(String::from_utf8_lossy(&buf).trim_end().to_string()),
        }
    })
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_start_line_gives_the_address() {
        let line = "[11:29:45 PM] \u{203a} [CLI] \u{25b6}  start     Prism is listening on http://127.0.0.1:38391";
        assert_eq!(super::listening_address(line), Some(([127, 0, 0, 1], 38391).into()));
        assert_eq!(super::listening_address("[CLI] …  awaiting  Starting Prism…"), None);
        assert_eq!(super::listening_address("GET /x Request received"), None);
    }
}
