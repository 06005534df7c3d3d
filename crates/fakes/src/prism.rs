//! Runs Prism (`@stoplight/prism-cli`, installed by `make test` into `tools/`) in mock mode with
//! `--errors` on a provider's official OpenAPI spec. Prism answers from the spec and refuses any
//! request the spec does not allow, so a contract test fails when we send something wrong.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
    /// Starts Prism on a free loopback port and waits (bounded) until it accepts connections.
    pub fn start(spec: &Path) -> Prism {
        let bin = std::env::var_os("PAYDESK_PRISM")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("tools/node_modules/.bin/prism"));
        assert!(bin.exists(), "Prism is not installed at {}: run `make test`, which installs it", bin.display());
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let child = Command::new(&bin)
            .args(["mock", "--errors", "-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let mut prism = Prism { child, addr: SocketAddr::from(([127, 0, 0, 1], port)) };
        prism.wait_ready(Duration::from_secs(90));
        prism
    }

    fn wait_ready(&mut self, limit: Duration) {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Prism exited before listening: {status}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("Prism did not listen on {} within {limit:?}", self.addr);
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
