//! `paydesk-fake paystack --key sk_test_xxx [--port N] [--currencies NGN,USD]`
//!
//! Runs a fake provider for tests that start the app as another process, and for demos. Prints
//! exactly one line, `listening on http://127.0.0.1:PORT`, once the port is bound, so a caller
//! can wait for it; then serves until SIGTERM or SIGINT, and exits 0.

use paydesk_fakes::{FakePaystack, PaystackOptions};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str =
    "usage: paydesk-fake paystack --key <secret key> [--port <port>] [--currencies NGN,GHS,…]";

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("paydesk-fake: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let port = options.port;
    let fake = match FakePaystack::start_with(options).await {
        Ok(fake) => fake,
        Err(err) => {
            eprintln!("paydesk-fake: cannot listen on 127.0.0.1:{port}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    // A caller may block on this line: flush it now, not when the buffer fills.
    if writeln!(stdout, "listening on {}", fake.url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    wait_for_shutdown().await;
    ExitCode::SUCCESS
}

/// `Ok(None)` for `--help`.
fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<PaystackOptions>, String> {
    match args.next().as_deref() {
        Some("paystack") => {}
        Some("-h" | "--help") | None => return Ok(None),
        Some(other) => return Err(format!("unknown provider {other:?} (known: paystack)")),
    }
    let mut options = PaystackOptions::new("");
    let mut key = None;
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--key" => key = Some(value),
            "--port" => options.port = value.parse().map_err(|_| format!("bad port {value:?}"))?,
            "--currencies" => {
                options.currencies = value.split(',').map(|c| c.trim().to_uppercase()).collect()
            }
            _ => return Err(format!("unknown option {flag:?}")),
        }
    }
    options.secret_key = key.filter(|k| !k.is_empty()).ok_or("--key is required")?;
    Ok(Some(options))
}

#[cfg(unix)]
async fn wait_for_shutdown() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("install a SIGTERM handler");
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

#[cfg(not(unix))]
async fn wait_for_shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
