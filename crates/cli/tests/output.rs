//! What `paydesk` writes where, as a script sees it: a usage error is one line on stderr with
//! status 2, and help and version go to stdout with status 0.

mod common;

use common::paydesk;

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
        (&["link"], "paydesk: a subcommand is needed: create, list, show, verify, retry, share, cancel, qr (see `paydesk link --help`)\n"),
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
