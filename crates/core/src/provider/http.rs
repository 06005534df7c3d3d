//! The HTTP plumbing every provider shares: one attempt, classified for the retry policy.
//! Classification matters more than anything else here: a request that never left may be
//! repeated, one that may have arrived must be looked up first.

use super::CallError;
use reqwest::RequestBuilder;
use std::time::Duration;

/// A raw answer: status and body bytes.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub retry_after: Option<Duration>,
}

/// Sends once and reads the whole body, turning transport failures into [`CallError`]s.
pub(crate) async fn send(provider: &str, req: RequestBuilder) -> Result<Answer, CallError> {
    let resp = req.send().await.map_err(|e| transport(provider, &e))?;
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let body = resp
        .bytes()
        .await
        .map_err(|e| CallError::AnswerLost(format!("{provider}'s answer was cut off ({}).", short(&e))))?;
    Ok(Answer { status, body: body.to_vec(), retry_after })
}

fn transport(provider: &str, e: &reqwest::Error) -> CallError {
    if e.is_builder() {
        return CallError::NotSent(format!("The request to {provider} could not be built: {}.", short(e)));
    }
    if e.is_connect() {
        return CallError::NotSent(format!("Could not connect to {provider}: check the internet connection ({}).", short(e)));
    }
    if e.is_timeout() {
        return CallError::AnswerLost(format!("{provider} did not answer in time."));
    }
    CallError::AnswerLost(format!("The connection to {provider} broke before it answered ({}).", short(e)))
}

/// reqwest's error chain, without the URL (which is ours and adds noise) — never headers.
fn short(e: &reqwest::Error) -> String {
    let mut out = String::new();
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = src {
        out = s.to_string();
        src = s.source();
    }
    if out.is_empty() {
        e.to_string()
    } else {
        out
    }
}

/// Whether a body looks like a web page rather than data.
pub(crate) fn is_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(256)]).trim_start().to_ascii_lowercase();
    head.starts_with("<!doctype") || head.starts_with("<html") || head.starts_with('<')
}

/// The first characters of a body, for messages about answers that could not be read.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 80 {
        format!("{}…", one_line.chars().take(80).collect::<String>())
    } else {
        one_line
    }
}

/// The message to show for an error status whose body carries no readable message.
pub(crate) fn unreadable_error(provider: &str, status: u16, body: &[u8]) -> String {
    if is_html(body) {
        format!("{provider} answered HTTP {status} with a web page instead of data (an outage or a proxy in the way).")
    } else if body.is_empty() {
        format!("{provider} answered HTTP {status} with no details.")
    } else {
        format!("{provider} answered HTTP {status}: {}", snippet(body))
    }
}

/// A success whose body cannot be read leaves us without the answer, though the call may have
/// done its work: that is a lost answer, never an error the provider gave.
pub(crate) fn unreadable_success(provider: &str, body: &[u8]) -> CallError {
    CallError::AnswerLost(if is_html(body) {
        format!("{provider} answered with a web page instead of data.")
    } else {
        format!("{provider}'s answer could not be read: {}", snippet(body))
    })
}

/// Reads a success body as `T`, or says the answer was lost.
pub(crate) fn parse_success<T: serde::de::DeserializeOwned>(provider: &str, body: &[u8]) -> Result<T, CallError> {
    serde_json::from_slice(body).map_err(|_| unreadable_success(provider, body))
}
