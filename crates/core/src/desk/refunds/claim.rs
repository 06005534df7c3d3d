//! The lease on a refund being sent, from the desk's side: taken with the refund (see
//! [`crate::store::Store::begin_refund`]) and renewed in the background while the provider is
//! waited on, however long that takes (`http.timeout_secs` up to 300 s, a look-up of many pages),
//! as a link's lease is (`desk/lease.rs`). So another process never finds it run out while a send
//! is still out, and never sends the refund a second time (Paystack takes no idempotency key).
//!
//! A renewal extends only this holder's lease on this refund while it is being sent
//! ([`Store::renew_refund`]): once another process took it over, or it was settled, renewing stops.

use crate::lease::Holder;
use crate::settings::Environment;
use crate::store::{RefundRecord, Store};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long the lease on a refund lasts unrenewed: a holder that died where paydesk cannot tell
/// (a pid on an OS it cannot check) holds its refund up this long at most.
const CLAIM_SECS: i64 = 300;

/// The lease's length: `PAYDESK_LEASE_SECS` when set (tests of a lease that outlives its time,
/// as for links), else [`CLAIM_SECS`].
pub(super) fn secs(env: &Environment) -> i64 {
    env.var("PAYDESK_LEASE_SECS").and_then(|s| s.trim().parse::<i64>().ok()).filter(|s| *s >= 1).unwrap_or(CLAIM_SECS)
}

/// The background renewal of one refund's lease; stopped before the refund is settled or kept.
pub(super) struct Renewal {
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Renewal {
    /// Renews `holder`'s lease on `refund` for `secs` every third of that: one late or lost
    /// renewal never lets it lapse.
    pub(super) fn start(store: Arc<dyn Store>, refund: &RefundRecord, holder: Holder, secs: i64) -> Renewal {
        let (stop, mut stopped) = oneshot::channel::<()>();
        let (id, link_id) = (refund.id, refund.link_id);
        let every = Duration::from_millis(u64::try_from(secs).unwrap_or(1).max(1) * 1000 / 3);
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = &mut stopped => return,
                    () = tokio::time::sleep(every) => {}
                }
                let (store, token) = (store.clone(), holder.token.clone());
                let renewed = tokio::task::spawn_blocking(move || store.renew_refund(id, &token, secs)).await;
                match renewed {
                    Ok(Ok(true)) => {}
                    // Taken over by another process, or no longer being sent: no longer this one's.
                    Ok(Ok(false)) => {
                        tracing::warn!(id = link_id, refund = id, "the refund's lease is no longer this process's");
                        return;
                    }
                    // A busy history: tried again at the next tick, long before the lease lapses.
                    Ok(Err(e)) => tracing::warn!(id = link_id, refund = id, "could not renew the refund's lease: {e}"),
                    Err(_) => return,
                }
            }
        });
        Renewal { stop: Some(stop), task: Some(task) }
    }

    /// Stops renewing, once a renewal under way (if any) has finished: none happens after this.
    pub(super) async fn stop(mut self) {
        drop(self.stop.take());
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Renewal {
    fn drop(&mut self) {
        // Dropped unfinished (a cancelled refund): the lease then runs out, or its holder's
        // death frees it.
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}
