//! One brake per provider, shared by every request this process sends it. When a provider says
//! "too many requests" (429, or a `Retry-After`), every request to it waits, not only the one
//! that was told: many links verified at once slow down together instead of each hammering on.

use crate::link::ProviderId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

#[derive(Clone, Default)]
pub(super) struct Throttle(Arc<Mutex<HashMap<ProviderId, Instant>>>);

impl Throttle {
    /// Waits until requests to `provider` may go again.
    pub(super) async fn ready(&self, provider: ProviderId) {
        loop {
            let until = self.0.lock().unwrap_or_else(PoisonError::into_inner).get(&provider).copied();
            match until {
                Some(t) if t > Instant::now() => tokio::time::sleep_until(t).await,
                _ => return,
            }
        }
    }

    /// Holds every request to `provider` for `wait` from now (never shortens a longer hold).
    pub(super) fn hold(&self, provider: ProviderId, wait: Duration) {
        let until = Instant::now() + wait;
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let slot = map.entry(provider).or_insert(until);
        if *slot < until {
            *slot = until;
        }
        tracing::info!(provider = provider.slug(), wait_ms = wait.as_millis() as u64, "provider asked to slow down: holding every request to it");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_hold_makes_every_request_to_that_provider_wait_and_no_other() {
        let t = Throttle::default();
        t.hold(ProviderId::Paystack, Duration::from_secs(2));
        t.hold(ProviderId::Paystack, Duration::from_secs(1)); // never shortens
        let start = Instant::now();
        t.ready(ProviderId::Dojo).await;
        assert_eq!(start.elapsed(), Duration::ZERO);
        let (a, b) = tokio::join!(t.ready(ProviderId::Paystack), t.ready(ProviderId::Paystack));
        let _ = (a, b);
        assert!(start.elapsed() >= Duration::from_secs(2), "{:?}", start.elapsed());
    }
}
