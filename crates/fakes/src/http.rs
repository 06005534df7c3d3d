//! A tiny HTTP/1.1 server on tokio's `TcpListener`, shared by every fake.
//!
//! Hand-written rather than hyper/axum on purpose: a fault such as "send the headers and half the
//! body, then hang up" needs byte-level control that a real server framework hides. One request
//! per connection, and every answer says `Connection: close`, so there is no keep-alive state.
//!
//! A provider fake implements [`Handler`]; [`Server`] does the I/O, counts and records requests,
//! applies queued [`Fault`]s and the global latency (both kept in [`Controls`]), and serves the
//! generic control endpoints (see [`crate::control`]).

use crate::faults::{self, Controls, Fault};
use serde::Serialize;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// Biggest request head accepted; anything larger is not a request our client would send.
const MAX_HEAD: usize = 64 * 1024;
/// Biggest request body accepted.
const MAX_BODY: usize = 10 * 1024 * 1024;

/// One request as the fake received it; also what [`Controls::requests`] returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub method: String,
    /// The path without the query string, not percent-decoded.
    pub path: String,
    /// The query string without the `?`; empty when there is none.
    pub query: String,
    /// Header names lowercased, values trimmed, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body, lossily decoded as UTF-8.
    pub body: String,
    /// The route the handler assigned (`"initialize"`, …), `None` for pages outside the API.
    pub route: Option<String>,
}

/// The recorded form of a request is the request itself.
pub type Recorded = Request;

impl Request {
    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}

/// An answer, written with `Content-Length` and `Connection: close`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    /// Extra headers such as `Location`.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(status: u16, body: &serde_json::Value) -> Response {
        Response::raw(status, "application/json; charset=utf-8", body.to_string())
    }

    pub fn html(status: u16, body: impl Into<String>) -> Response {
        Response::raw(status, "text/html; charset=utf-8", body.into())
    }

    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            content_type: content_type.into(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A `303 See Other` to `location`: what a browser form post wants back.
    pub fn redirect(location: &str) -> Response {
        let mut r = Response::raw(303, "text/plain; charset=utf-8", "");
        r.headers.push(("Location".into(), location.into()));
        r
    }

    /// Status line and headers, announcing the full body length.
    fn head(&self) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

/// A provider fake: classifies requests into routes and answers them. Calls are synchronous and
/// short; the server never holds its own lock while calling in.
pub trait Handler: Send + Sync + 'static {
    /// The route names that can be counted and faulted, e.g. `["initialize", "verify"]`.
    fn routes(&self) -> &'static [&'static str];
    /// The route of an API request, `None` for anything else (pages, unknown paths). Never called
    /// for `/_fake/...` paths: control requests are never counted.
    fn route(&self, req: &Request) -> Option<&'static str>;
    /// Process a request: API routes, pages, and the provider's own `/_fake/...` endpoints.
    fn handle(&self, req: &Request) -> Response;
}

/// A running fake on `127.0.0.1`, served from its own thread and tokio runtime. Dropping it
/// closes the port and cancels connections still in progress (a pending `Delay`, say).
///
/// Its own runtime, rather than the caller's, because a test's runtime is often single-threaded:
/// a test that blocks on something (running the CLI as a process, a blocking client) would
/// otherwise stop the fake it is waiting for. It also lets a plain `#[test]` use a fake.
pub struct Server {
    addr: SocketAddr,
    controls: Controls,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Bind `127.0.0.1:port` (0 = any free port) and serve `handler` until dropped. Needs no
    /// runtime from the caller; `async` only so async tests read naturally.
    pub async fn start(handler: Arc<dyn Handler>, port: u16) -> io::Result<Server> {
        Server::start_sync(handler, port)
    }

    /// [`Server::start`] for callers outside async code.
    pub fn start_sync(handler: Arc<dyn Handler>, port: u16) -> io::Result<Server> {
        // Bound here, not on the thread, so a busy port is an error for the caller.
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let controls = Controls::default();
        let book = controls.clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("paydesk-fake-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = TcpListener::from_std(listener).expect("a bound std listener");
                    tokio::select! {
                        _ = stopped => {}
                        _ = accept(listener, handler, book) => {}
                    }
                });
                // Dropping the runtime here cancels every connection task.
            })?;
        Ok(Server {
            addr,
            controls,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn controls(&self) -> &Controls {
        &self.controls
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Wait, so the port is really closed when drop returns; it takes a moment at most.
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn accept(listener: TcpListener, handler: Arc<dyn Handler>, controls: Controls) {
    loop {
        match listener.accept().await {
            // A task per connection: a Delay on one must not hold up the others.
            Ok((stream, _)) => {
                tokio::spawn(serve(stream, handler.clone(), controls.clone()));
            }
            // Out of file descriptors and the like: back off instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<dyn Handler>, controls: Controls) {
    let _ = stream.set_nodelay(true);
    let mut req = match read_request(&mut stream).await {
        Ok(Some(req)) => req,
        Ok(None) => return, // the client hung up before sending a whole request
        Err(bad) => return write(&mut stream, &Response::raw(400, "text/plain", bad)).await,
    };
    if req.path.starts_with("/_fake/") {
        let answer = crate::control::handle(&req, handler.routes(), &controls)
            .unwrap_or_else(|| handler.handle(&req));
        return write(&mut stream, &answer).await;
    }
    req.route = handler.route(&req).map(str::to_string);
    let (fault, latency) = controls.admit(&req);
    let (answer, extra_wait, truncate) = match fault {
        None => (handler.handle(&req), Duration::ZERO, false),
        Some(Fault::Status {
            code,
            body,
            content_type,
        }) => (
            Response::raw(code, &content_type, body),
            Duration::ZERO,
            false,
        ),
        Some(Fault::Html { code }) => (
            Response::html(code, proxy_page(code)),
            Duration::ZERO,
            false,
        ),
        Some(Fault::Delay(wait)) => (handler.handle(&req), wait, false),
        Some(Fault::Drop) => return, // dropping the stream closes it
        Some(Fault::ProcessThenDrop) => {
            handler.handle(&req);
            tokio::time::sleep(latency).await;
            return;
        }
        Some(Fault::ProcessThenTruncate) => (handler.handle(&req), Duration::ZERO, true),
        Some(Fault::PageUrl(url)) => {
            let answer = handler.handle(&req);
            let answer = match stream.local_addr() {
                Ok(own) => faults::with_page_url(answer, &format!("http://{own}"), &url),
                Err(_) => answer,
            };
            (answer, Duration::ZERO, false)
        }
        Some(Fault::Echo(echo)) => (echo.answer(&req), Duration::ZERO, false),
    };
    tokio::time::sleep(latency + extra_wait).await;
    if truncate {
        let mut bytes = answer.head();
        bytes.extend_from_slice(&answer.body[..answer.body.len() / 2]);
        let _ = stream.write_all(&bytes).await;
        let _ = stream.shutdown().await;
    } else {
        write(&mut stream, &answer).await;
    }
}

/// Write a whole answer and close. Errors are ignored: the client may have given up already,
/// which is exactly what some faults are for.
async fn write(stream: &mut TcpStream, answer: &Response) {
    let mut bytes = answer.head();
    bytes.extend_from_slice(&answer.body);
    let _ = stream.write_all(&bytes).await;
    let _ = stream.shutdown().await;
}

/// Read one request: the head up to CRLFCRLF, then `Content-Length` bytes of body.
/// `Ok(None)` when the peer closed early; `Err` with a message for a malformed request.
async fn read_request(stream: &mut TcpStream) -> Result<Option<Request>, String> {
    let mut buf = Vec::with_capacity(4096);
    let head_end = loop {
        if let Some(at) = find(&buf, b"\r\n\r\n") {
            break at;
        }
        if buf.len() > MAX_HEAD {
            return Err("request head too large".into());
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return Ok(None),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| "request head is not UTF-8")?;
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err("malformed request line".into());
    };
    if !version.starts_with("HTTP/1.") {
        return Err("only HTTP/1.x is spoken here".into());
    }
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':').ok_or("malformed header line")?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if header("transfer-encoding").is_some() {
        // Our client always knows its body length; refusing loudly beats a half-read body.
        return Err("Transfer-Encoding is not supported by this fake; send Content-Length".into());
    }
    let length = match header("content-length") {
        Some(v) => v.parse::<usize>().map_err(|_| "bad Content-Length")?,
        None => 0,
    };
    if length > MAX_BODY {
        return Err("request body too large".into());
    }
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = vec![0u8; (length - body.len()).min(64 * 1024)];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return Ok(None),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    body.truncate(length);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Ok(Some(Request {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        route: None,
    }))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The kind of page nginx or a CDN answers with when the origin is down: HTML where the client
/// expects JSON.
fn proxy_page(code: u16) -> String {
    let title = format!("{code} {}", reason(code));
    format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n\
         <hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        303 => "See Other",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}
