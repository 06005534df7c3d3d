//! A raw HTTP/1.1 client over `tokio::net::TcpStream`: the tests look at the bytes a fault sends,
//! which a real client library would hide behind an error.

#![allow(dead_code)] // each test file uses a different part

use serde_json::Value;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const KEY: &str = "sk_test_abc123";

/// What came back, read to EOF (every answer says `Connection: close`).
#[derive(Debug)]
pub struct Answer {
    /// Everything received, head included.
    pub raw: Vec<u8>,
    pub status: u16,
    /// Lowercased names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Send one request; `None` if the server closed without answering a byte.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<Answer> {
    let mut stream = TcpStream::connect(addr).await.expect("connect to the fake");
    let mut request = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send the request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read the answer");
    if raw.is_empty() {
        return None;
    }
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = std::str::from_utf8(&raw[..end]).expect("UTF-8 head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_string())
        })
        .collect();
    let body = raw[end + 4..].to_vec();
    Some(Answer {
        raw,
        status,
        headers,
        body,
    })
}

/// `POST /transaction/initialize` with the right key.
pub async fn initialize(addr: SocketAddr, body: &Value) -> Option<Answer> {
    let auth = format!("Bearer {KEY}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    send(
        addr,
        "POST",
        "/transaction/initialize",
        &headers,
        &body.to_string(),
    )
    .await
}

/// `GET /transaction/verify/{reference}` with the right key.
pub async fn verify(addr: SocketAddr, reference: &str) -> Option<Answer> {
    let auth = format!("Bearer {KEY}");
    send(
        addr,
        "GET",
        &format!("/transaction/verify/{reference}"),
        &[("Authorization", &auth)],
        "",
    )
    .await
}

/// A control request with a JSON body.
pub async fn control(addr: SocketAddr, method: &str, path: &str, body: &Value) -> Answer {
    let body = if body.is_null() {
        String::new()
    } else {
        body.to_string()
    };
    send(
        addr,
        method,
        path,
        &[("Content-Type", "application/json")],
        &body,
    )
    .await
    .expect("control requests are always answered")
}
