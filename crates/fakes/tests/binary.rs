//! `paydesk-fake` as another process: one `listening on …` line, a working fake behind it, and
//! exit status 0 on SIGTERM.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

#[test]
fn prints_its_url_serves_and_exits_zero_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paydesk-fake"))
        .args(["paystack", "--key", "sk_test_bin"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start paydesk-fake");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim_end()
        .strip_prefix("listening on http://")
        .expect(&line)
        .to_string();
    assert!(url.starts_with("127.0.0.1:"), "{line}");

    let mut stream = TcpStream::connect(&url).unwrap();
    stream
        .write_all(b"GET /_fake/hits HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(
        answer.ends_with(r#"{"fetch_refund":0,"initialize":0,"list_refunds":0,"refund":0,"verify":0}"#),
        "{answer}"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "exactly one line on stdout");
}

#[test]
fn bad_arguments_exit_2_with_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_paydesk-fake"))
        .args(["paystack"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--key is required"));
}
