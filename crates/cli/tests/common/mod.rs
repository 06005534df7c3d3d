//! Runs the real `paydesk` binary as a process against a local fake Paystack.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

pub const KEY: &str = "sk_test_cli0123456789SECRETKEY";

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "stdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }
}

/// The keyring service every `paydesk` this test process runs files keys under: its own, so a
/// test never reads, writes or deletes a person's `paydesk` keys, nor another test run's.
pub fn keyring_service() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| format!("paydesk-test-{}", uuid::Uuid::new_v4().simple()))
}

/// The `paydesk` command, with its data in `data`, the test keyring service, and no `PAYDESK_*`
/// variable from the shell that runs the tests; `env` is set last, so a test can change any.
pub fn command(data: &Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_paydesk"));
    cmd.args(args);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("PAYDESK_") {
            cmd.env_remove(k);
        }
    }
    // English, whatever the shell running the tests speaks; tests/language.rs sets these.
    for k in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(k);
    }
    cmd.env("PAYDESK_DATA_DIR", data).env("PAYDESK_LOG", "debug").env("PAYDESK_KEYRING_SERVICE", keyring_service());
    // These tests make like sales on purpose; the duplicate guard's own tests set it back.
    cmd.env("PAYDESK_DUPLICATE_WINDOW_MINUTES", "0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// `paydesk ARGS` with its data in `data`, the key and fake given through the environment.
pub fn paydesk(data: &Path, env: &[(&str, &str)], args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = command(data, env, args);
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("paydesk runs");
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Decodes the one QR code in a PNG file.
pub fn decode_qr(png: &Path) -> String {
    let img = image::open(png).unwrap().to_luma8();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(img.width() as usize, img.height() as usize, |x, y| img.get_pixel(x as u32, y as u32).0[0]);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in {}", png.display());
    grids[0].decode().unwrap().1
}
