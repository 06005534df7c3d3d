//! Retry as data, I/O as a loop. [`decide`] is a pure function of (operation, outcome, attempt),
//! tested as a table; [`run`] only sleeps and repeats. A retry always repeats the same request,
//! so it carries the same reference or idempotency key as the first send.

use std::future::Future;
use std::time::Duration;

/// How one HTTP attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The request never left this machine (connection refused, DNS): safe to repeat.
    NotSent(String),
    /// The request may have reached the provider but no usable answer came back
    /// (timeout, dropped connection, truncated or unreadable body on success).
    AnswerLost(String),
    /// The provider answered with an error status; `message` is its own words.
    Http { status: u16, message: String, retry_after: Option<Duration> },
    /// The provider answered, and the answer cannot be used and will not change if asked again
    /// (an unsafe page address, a token its API refuses though its identity service made it):
    /// final, never retried, never looked up.
    Refused(crate::Said),
}

impl CallError {
    pub fn message(&self) -> &str {
        match self {
            CallError::NotSent(m) | CallError::AnswerLost(m) => m,
            CallError::Refused(m) => m.as_str(),
            CallError::Http { message, .. } => message,
        }
    }
}

/// Whether repeating a request can do harm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Reads (verify, status): repeating them is always safe.
    Read,
    /// Creates something: repeating a lost send could make a second one.
    Create,
    /// Creates something under an idempotency key the provider honours: a repeat replays the
    /// first answer, so a lost answer is simply asked for again.
    Replayable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send the same request again after this pause.
    RetryAfter(Duration),
    /// Stop: the error is final for this operation.
    GiveUp,
    /// A create may have arrived: look it up before sending anything again.
    LookUpFirst,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(400), max_delay: Duration::from_secs(5) }
    }
}

impl RetryPolicy {
    /// Exponential backoff: base, 2×base, 4×base … capped at `max_delay`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

/// What to do after `attempt` (1-based) ended in `err`.
pub fn decide(policy: &RetryPolicy, op: Operation, err: &CallError, attempt: u32) -> Decision {
    let transient = match err {
        CallError::NotSent(_) => true,
        CallError::AnswerLost(_) => match op {
            Operation::Read | Operation::Replayable => true,
            Operation::Create => return Decision::LookUpFirst,
        },
        CallError::Http { status, .. } => *status == 429 || *status >= 500,
        CallError::Refused(_) => false,
    };
    if !transient || attempt >= policy.max_attempts {
        return Decision::GiveUp;
    }
    let wait = match err {
        CallError::Http { retry_after: Some(ra), .. } => (*ra).min(policy.max_delay),
        _ => policy.backoff(attempt),
    };
    Decision::RetryAfter(wait)
}

/// Runs `attempt` until it succeeds or [`decide`] says stop. Returns the last error otherwise.
pub async fn run<T, F, Fut>(policy: &RetryPolicy, op: Operation, mut attempt: F) -> Result<T, CallError>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, CallError>>,
{
    let mut n = 1;
    loop {
        match attempt(n).await {
            Ok(v) => return Ok(v),
            Err(e) => match decide(policy, op, &e, n) {
                Decision::RetryAfter(wait) => {
                    tracing::info!(attempt = n, wait_ms = wait.as_millis() as u64, "retrying after: {}", e.message());
                    tokio::time::sleep(wait).await;
                    n += 1;
                }
                Decision::GiveUp | Decision::LookUpFirst => return Err(e),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::*;
    use Operation::*;

    fn http(status: u16) -> CallError {
        CallError::Http { status, message: "x".into(), retry_after: None }
    }

    #[test]
    fn the_policy_as_a_table() {
        let p = RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(100), max_delay: Duration::from_millis(300) };
        let ms = |n| RetryAfter(Duration::from_millis(n));
        let lost = CallError::AnswerLost("timeout".into());
        let not_sent = CallError::NotSent("refused".into());
        let table: Vec<(Operation, CallError, u32, Decision)> = vec![
            (Create, http(500), 1, ms(100)),
            (Create, http(502), 2, ms(200)),
            (Create, http(503), 3, GiveUp),
            (Create, http(429), 1, ms(100)),
            (Create, http(400), 1, GiveUp),
            (Create, http(401), 1, GiveUp),
            (Create, http(404), 1, GiveUp),
            (Create, http(409), 1, GiveUp),
            (Create, not_sent.clone(), 1, ms(100)),
            (Create, not_sent.clone(), 3, GiveUp),
            (Create, lost.clone(), 1, LookUpFirst),
            (Create, lost.clone(), 3, LookUpFirst),
            (Read, lost.clone(), 1, ms(100)),
            (Read, lost.clone(), 3, GiveUp),
            (Read, http(500), 2, ms(200)),
            (Read, http(404), 1, GiveUp),
            (Read, not_sent, 2, ms(200)),
            (Replayable, lost.clone(), 1, ms(100)),
            (Replayable, lost.clone(), 3, GiveUp),
            (Replayable, http(409), 1, GiveUp),
            (Replayable, http(503), 2, ms(200)),
            (Create, CallError::Refused("unsafe".into()), 1, GiveUp),
            (Read, CallError::Refused("unsafe".into()), 1, GiveUp),
        ];
        for (op, err, attempt, want) in table {
            assert_eq!(decide(&p, op, &err, attempt), want, "{op:?} {err:?} attempt {attempt}");
        }
    }

    #[test]
    fn backoff_doubles_and_is_capped_and_retry_after_is_honoured() {
        let p = RetryPolicy { max_attempts: 10, base_delay: Duration::from_millis(100), max_delay: Duration::from_millis(300) };
        assert_eq!(p.backoff(1), Duration::from_millis(100));
        assert_eq!(p.backoff(2), Duration::from_millis(200));
        assert_eq!(p.backoff(3), Duration::from_millis(300));
        assert_eq!(p.backoff(40), Duration::from_millis(300));
        let slow = CallError::Http { status: 429, message: "slow down".into(), retry_after: Some(Duration::from_millis(250)) };
        assert_eq!(decide(&p, Operation::Read, &slow, 1), Decision::RetryAfter(Duration::from_millis(250)));
    }

    #[tokio::test]
    async fn run_repeats_until_success_and_counts_attempts() {
        let p = RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(1), max_delay: Duration::from_millis(1) };
        let mut seen = vec![];
        let out = run(&p, Operation::Create, |n| {
            seen.push(n);
            async move { if n < 2 { Err(http(500)) } else { Ok(n) } }
        })
        .await;
        assert_eq!(out, Ok(2));
        assert_eq!(seen, vec![1, 2]);
    }
}
