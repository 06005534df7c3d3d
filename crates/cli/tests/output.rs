//! What `paydesk` writes where, as a script sees it: a usage error is one line on stderr with
//! status 2, help and version go to stdout with status 0, and a reader that stops early (a closed
//! stdout) ends the run quietly instead of with a panic.

mod common;

use common::{command, paydesk};
use std::process::{Child, Stdio};

#[test]
fn a_usage_error_is_one_line_on_stderr_that_names_the_help_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["link", "create", "--email", "a@b.com"],
            "paydesk: the following required arguments were not provided: --amount <AMOUNT> (see `paydesk link create --help`)\n",
        ),
        (
            &["lnk", "list"],
            "paydesk: unrecognized subcommand 'lnk'; tip: a similar subcommand exists: 'link' (see `paydesk --help`)\n",
        ),
        (&["link"], "paydesk: a subcommand is needed: create, list, export, show, verify, retry, share, cancel, refund, qr (see `paydesk link --help`)\n"),
    ];
    for (args, want) in cases {
        let run = paydesk(dir.path(), &[], args, None);
        assert_eq!((run.code, run.stderr.as_str(), run.stdout.as_str()), (2, *want, ""), "{args:?}");
    }
}

#[test]
fn help_and_version_still_print_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let help = paydesk(dir.path(), &[], &["link", "create", "--help"], None).ok();
    assert!(help.stdout.contains("Usage: paydesk link create") && help.stdout.contains("--amount"), "{}", help.stdout);
    assert_eq!(help.stderr, "");
    let version = paydesk(dir.path(), &[], &["--version"], None).ok();
    assert_eq!(version.stdout, format!("paydesk {}\n", env!("CARGO_PKG_VERSION")));
}

/// A stdout whose reader is already gone: the write end of a pipe whose only reader, `true`,
/// has exited. Every write to it fails with EPIPE, with no race against a reader closing late.
#[cfg(unix)]
fn closed_stdout() -> Stdio {
    let mut reader: Child = std::process::Command::new("true").stdin(Stdio::piped()).spawn().expect("true runs");
    let write_end = reader.stdin.take().unwrap();
    assert!(reader.wait().unwrap().success());
    Stdio::from(write_end)
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // clap's own printing, the printing module's, and a line printed in `run` itself.
    let runs: &[&[&str]] = &[
        &["--help"],
        &["--version"],
        &["link", "list"],
        &["link", "list", "--json"],
        &["config", "list"],
        &["config", "get", "default.currency"],
    ];
    for args in runs {
        let out = command(dir.path(), &[], args).stdin(Stdio::null()).stdout(closed_stdout()).stderr(Stdio::piped()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!((out.status.code(), stderr.as_ref()), (Some(0), ""), "{args:?}: no panic, no message, status 0");
    }
}
