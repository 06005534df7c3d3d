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
    // Before the line a caller waits for: a SIGTERM sent right after it must find its handler
    // (under load the server answered, and the kill came, before one was installed).
    let shutdown = match Shutdown::install() {
        Ok(shutdown) => shutdown,
        Err(err) => {
            eprintln!("paydesk-fake: cannot install a signal handler: {err}");
            return ExitCode::FAILURE;
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
    shutdown.wait().await;
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

/// SIGTERM or SIGINT (Ctrl-C), listened for from the moment it is made.
struct Shutdown {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Shutdown {
    #[cfg(unix)]
    fn install() -> std::io::Result<Shutdown> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Shutdown { term: signal(SignalKind::terminate())?, int: signal(SignalKind::interrupt())? })
    }

    #[cfg(not(unix))]
    fn install() -> std::io::Result<Shutdown> {
        Ok(Shutdown {})
    }

    #[cfg(unix)]
    async fn wait(mut self) {
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.int.recv() => {}
        }
    }

    #[cfg(not(unix))]
    async fn wait(self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}
