//! The lease a create or retry holds on its link, from the front end's side: taken in the
//! history (see [`crate::store::Store::claim`]), renewed in the background while the provider
//! is waited on, given back when done. If this process dies, its lease dies with it: another
//! process of this till sees the holder gone and takes over at once. A refund being sent is
//! leased the same way and renewed by the same loop ([`spawn_renewal`], `desk/refunds.rs`).

use super::Desk;
use crate::lease::{HeldBy, Holder};
use crate::store::{Claim, Store};
use crate::i18n::Msg;
use crate::{Error, Result};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long a lease lasts unrenewed, and how often its holder renews it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Timing {
    secs: u32,
}

/// A minute: a holder on another machine (later, with a shared hub), or on an OS where paydesk
/// cannot check a process, blocks a crashed sale for at most this long.
const DEFAULT_SECS: u32 = 60;

impl Timing {
    pub(super) fn new(secs: u32) -> Timing {
        Timing { secs: secs.max(1) }
    }

    /// `PAYDESK_LEASE_SECS` (for tests of a lease that outlives its time), else a minute.
    pub(super) fn from_env(env: &crate::settings::Environment) -> Timing {
        Timing::from_env_or(env, DEFAULT_SECS)
    }

    /// `PAYDESK_LEASE_SECS`, else `default` seconds.
    pub(super) fn from_env_or(env: &crate::settings::Environment, default: u32) -> Timing {
        Timing::new(env.var("PAYDESK_LEASE_SECS").and_then(|s| s.trim().parse().ok()).unwrap_or(default))
    }

    /// How long the lease lasts unrenewed.
    pub(super) fn secs(self) -> i64 {
        i64::from(self.secs)
    }

    fn renew_every(self) -> Duration {
        // Three renewals per lifetime: one late or lost renewal never lets the lease lapse.
        Duration::from_millis(u64::from(self.secs) * 1000 / 3)
    }
}

/// A lease held by this process on one link; given back when dropped.
pub struct Lease {
    store: Arc<dyn Store>,
    link_id: i64,
    token: String,
    lost: Arc<AtomicBool>,
    renewer: Renewal,
    released: bool,
}

/// A lease's renewal in the background ([`spawn_renewal`]); stopped when dropped. A renewal
/// already running when it stops finds the lease given back or its work settled, and extends
/// nothing.
pub(super) struct Renewal(tokio::task::JoinHandle<()>);

impl Renewal {
    pub(super) fn stop(&self) {
        self.0.abort();
    }
}

impl Drop for Renewal {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Lease {
    /// The token every write under this lease is fenced on.
    pub(super) fn token(&self) -> &str {
        &self.token
    }

    /// Whether a renewal found the lease taken by someone else.
    pub fn is_lost(&self) -> bool {
        self.lost.load(Ordering::SeqCst)
    }

    /// Gives the lease back, off the async workers.
    pub async fn release(mut self) {
        self.renewer.stop();
        self.released = true;
        let (store, id, token) = (self.store.clone(), self.link_id, self.token.clone());
        let done = tokio::task::spawn_blocking(move || store.release(id, &token)).await;
        if let Ok(Err(e)) = done {
            tracing::warn!(id = self.link_id, "could not give back the lease: {e}");
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.renewer.stop();
        if self.released {
            return;
        }
        // Dropped unfinished (a Ctrl-C, a cancelled future): give it back on the blocking pool.
        // Should even that not run, the holder's death frees the lease for the next retry.
        let (store, id, token) = (self.store.clone(), self.link_id, self.token.clone());
        let release = move || {
            if let Err(e) = store.release(id, &token) {
                tracing::warn!(id, "could not give back the lease: {e}");
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => drop(rt.spawn_blocking(release)),
            Err(_) => release(),
        }
    }
}

impl Desk {
    /// Takes the lease on a link in `creating` (blocking: call it from the blocking pool) and
    /// starts renewing it. `Ok(None)` when the link is no longer being created.
    pub(super) fn take_lease(&self, link_id: i64) -> Result<Option<Lease>> {
        let holder = Holder::this_process(self.store.till_id());
        match self.store.claim(link_id, &holder, i64::from(self.lease.secs))? {
            Claim::Taken => {}
            Claim::NotCreating(_) => return Ok(None),
            Claim::Held(by) => return Err(Error::busy(held_message(link_id, &by))),
        }
        let lost = Arc::new(AtomicBool::new(false));
        let (store, token, gone) = (self.store.clone(), holder.token.clone(), lost.clone());
        let renewer = spawn_renewal(self.lease, link_id, move |secs| {
            let held = store.renew(link_id, &token, secs)?;
            if !held {
                gone.store(true, Ordering::SeqCst);
            }
            Ok(held)
        })?;
        Ok(Some(Lease { store: self.store.clone(), link_id, token: holder.token, lost, renewer, released: false }))
    }
}

/// Renews a lease every third of its time (`renew` extends it by `secs` in the history, blocking,
/// so it runs on the blocking pool) until `renew` answers that it is no longer this holder's
/// (taken over, or settled) or the task is aborted. `link_id` names it in the log.
pub(super) fn spawn_renewal(
    timing: Timing,
    link_id: i64,
    renew: impl Fn(i64) -> Result<bool> + Send + Sync + 'static,
) -> Result<Renewal> {
    let rt = tokio::runtime::Handle::try_current().map_err(|_| Error::io(Msg::new("error-lease-no-runtime")))?;
    let renew = Arc::new(renew);
    Ok(Renewal(rt.spawn(async move {
        loop {
            tokio::time::sleep(timing.renew_every()).await;
            let renew = renew.clone();
            match tokio::task::spawn_blocking(move || renew(timing.secs())).await {
                Ok(Ok(true)) => {}
                Ok(Ok(false)) => {
                    tracing::warn!(id = link_id, "the lease was taken over by another process, or its work is done");
                    return;
                }
                // A busy history: try again at the next tick, long before the lease lapses.
                Ok(Err(e)) => tracing::warn!(id = link_id, "could not renew the lease: {e}"),
                Err(_) => return,
            }
        }
    })))
}

/// Why a second create or retry of the same link is refused, naming who is at it.
fn held_message(link_id: i64, by: &HeldBy) -> Msg {
    // "none" when the time it was taken is not known (`error-link-held*` select on it)
    let since = by.since.map(|t| t.with_timezone(&chrono::Local).format("%H:%M:%S").to_string()).unwrap_or_else(|| "none".into());
    match (by.this_till, by.pid) {
        (true, Some(pid)) => Msg::new("error-link-held-here").num("link", link_id).text("pid", pid.to_string()).text("since", since),
        _ => Msg::new("error-link-held").num("link", link_id).text("since", since),
    }
}
