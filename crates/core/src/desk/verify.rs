//! Asking the provider where a link stands, for one link or for every open one at a time.
//! Each answer is recorded with the provider's own word; every change lands in the status events.

use super::refunds::RefundChange;
use super::Desk;
use crate::link::{Link, LinkStatus, ProviderId};
use crate::money::format_minor;
use crate::provider::{retry, CallError, Lookup, Operation};
use crate::i18n::Msg;
use crate::{Error, Result};
use futures::stream::{self, StreamExt};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// How far "verify all open" has got.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// One link whose status moved.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: i64,
    pub reference: String,
    pub from: LinkStatus,
    pub to: LinkStatus,
}

/// What "verify all open" found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifySummary {
    /// Open links asked about.
    pub checked: usize,
    /// Paid links whose pending refunds were read again.
    pub refunds_checked: usize,
    pub changed: Vec<Change>,
    /// Pending refunds the provider has settled since (processed or failed).
    pub refunds: Vec<RefundChange>,
    /// (link id, what went wrong), in English
    pub errors: Vec<(i64, String)>,
    /// The same, each as a message of the catalogue `{id, args}`, for the window's language.
    pub errors_l10n: Vec<(i64, Msg)>,
}

/// One piece of verify-all's work: an open link to ask about, or a paid link whose refunds are
/// still pending at the provider.
enum Job {
    Link(Link),
    Refunds(Link),
}

impl Job {
    fn link(&self) -> &Link {
        match self {
            Job::Link(l) | Job::Refunds(l) => l,
        }
    }
}

/// How many requests verify-all keeps in flight per provider when the `verify.concurrency`
/// setting says nothing: enough that a thousand links at 100 ms take seconds, few enough to stay
/// within what the providers' rate limits allow.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// A link verified (by this till or, through the hub, another) this recently is not asked again
/// by "verify all open".
const RECENT_SECS: i64 = 20;

impl Desk {
    /// Asks the provider about one link and records the answer.
    pub async fn verify(&self, id_or_reference: &str) -> Result<Link> {
        let wanted = id_or_reference.to_string();
        let link = self.blocking(move |d| d.get(&wanted)).await?;
        self.verify_link(link).await
    }

    /// Verifies every open (or unknown) link, and reads again every refund still pending at
    /// its provider, keeping up to `verify.concurrency` requests in flight per provider (each
    /// provider has its own budget, so one slow provider does not hold up the others), and
    /// reporting progress. A link that fails is reported and the rest carry on.
    pub async fn verify_open(&self, progress: impl Fn(Progress)) -> Result<VerifySummary> {
        let (links, refunding, per_provider) = self
            .blocking(|d| {
                let n = d.setting("verify.concurrency")?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CONCURRENCY);
                Ok((d.pending_links()?, d.store.links_with_pending_refunds()?, n))
            })
            .await?;
        // With several tills, another one may have just asked: checked by anyone moments ago is
        // skipped, so N tills do not multiply the calls (an explicit `verify ID` always asks).
        let fresh_after = chrono::Utc::now() - chrono::Duration::seconds(RECENT_SECS);
        let links: Vec<Link> = links.into_iter().filter(|l| l.last_verified_at.is_none_or(|t| t < fresh_after)).collect();
        // An open link's verify reads its pending refunds too: only the others are jobs of their own.
        let refunding: Vec<Link> = refunding.into_iter().filter(|r| !links.iter().any(|l| l.id == r.id)).collect();
        let mut summary = VerifySummary { checked: links.len(), refunds_checked: refunding.len(), ..Default::default() };
        let jobs: Vec<Job> = links.into_iter().map(Job::Link).chain(refunding.into_iter().map(Job::Refunds)).collect();
        let total = jobs.len();
        progress(Progress { done: 0, total });
        // One budget per provider; jobs taken in turn from each, so every provider is busy at once.
        let mut by_provider: BTreeMap<ProviderId, Vec<Job>> = BTreeMap::new();
        for job in jobs {
            by_provider.entry(job.link().provider).or_default().push(job);
        }
        let budgets: BTreeMap<ProviderId, Arc<Semaphore>> =
            by_provider.keys().map(|p| (*p, Arc::new(Semaphore::new(per_provider.max(1))))).collect();
        let in_turn = interleave(by_provider);
        let mut results = stream::iter(in_turn)
            .map(|job| {
                let budget = budgets[&job.link().provider].clone();
                async move {
                    let _permit = budget.acquire_owned().await;
                    let before = (job.link().id, job.link().reference.clone(), job.link().status);
                    let outcome = match job {
                        Job::Link(link) => self.verify_link(link).await.map(|l| (l, vec![], vec![])),
                        Job::Refunds(link) => {
                            let r = self.reread_pending(link).await;
                            Ok((r.link, r.settled, r.errors))
                        }
                    };
                    (before, outcome)
                }
            })
            .buffer_unordered(per_provider.max(1) * budgets.len().max(1));
        let mut done = 0;
        while let Some(((id, reference, from), result)) = results.next().await {
            done += 1;
            match result {
                Ok((after, settled, errors)) => {
                    if after.status != from {
                        summary.changed.push(Change { id, reference, from, to: after.status });
                    }
                    summary.refunds.extend(settled);
                    summary.errors_l10n.extend(errors.into_iter().map(|e| (id, e)));
                }
                Err(e) => summary.errors_l10n.push((id, e.words())),
            }
            progress(Progress { done, total });
        }
        summary.changed.sort_by_key(|c| c.id);
        summary.refunds.sort_by(|a, b| (a.link_id, &a.reference).cmp(&(b.link_id, &b.reference)));
        // stable: a link's refunds keep their order
        summary.errors_l10n.sort_by_key(|e| e.0);
        summary.errors = summary.errors_l10n.iter().map(|(id, m)| (*id, crate::i18n::english(m))).collect();
        Ok(summary)
    }

    async fn verify_link(&self, mut link: Link) -> Result<Link> {
        if link.status == LinkStatus::Creating {
            return Err(Error::conflict(Msg::new("error-verify-unconfirmed").num("link", link.id).text("provider", link.provider.to_string())));
        }
        let (provider, mode) = (link.provider, link.mode);
        let (key, p) = self.blocking(move |d| Ok((d.key_for(provider, mode)?, d.provider(provider, mode)?))).await?;
        if link.provider == ProviderId::Training {
            self.shared.training.remember(&link.reference, link.provider_status.as_deref());
        }
        let throttle = &self.throttle;
        let looked = retry::run(&self.retry, Operation::Read, |_| async {
            throttle.ready(provider).await;
            let r = p.lookup(&key, (&link).into()).await;
            if let Err(CallError::Http { status: 429, retry_after, .. }) = &r {
                throttle.hold(provider, retry_after.unwrap_or(self.retry.base_delay));
            }
            r
        })
        .await;
        // Saved as compare-and-set on the version read before asking: if a cancel or another
        // verify saved the link meanwhile, the store keeps whichever state is newer.
        match looked {
            Ok(Lookup::Found(obs)) => {
                link.status = obs.status;
                link.provider_status = Some(obs.provider_status);
                link.last_verified_at = Some(chrono::Utc::now());
                // Honest about what is paid: a different amount is said out loud, never hidden.
                link.last_error = match obs.amount_minor {
                    Some(got) if obs.status == LinkStatus::Paid && got != link.amount_minor => Some(format!(
                        "{} reports {} {} paid, not the {} {} asked for.",
                        link.provider,
                        format_minor(got, link.currency),
                        link.currency,
                        format_minor(link.amount_minor, link.currency),
                        link.currency
                    )),
                    _ => None,
                };
                let saved = self.save(link, None).await?;
                Ok(self.recheck_refunds(saved).await)
            }
            Ok(Lookup::NotFound { message }) => {
                let err = Error::Provider { provider: link.provider, status: Some(404), message, kept: None };
                link.last_error = Some(err.to_string());
                self.save(link, None).await?;
                Err(err)
            }
            Err(e) => {
                let err = Self::call_error(provider, mode, &e);
                link.last_error = Some(err.to_string());
                self.save(link, None).await?;
                Err(err)
            }
        }
    }
}

/// Takes one job from each provider in turn: `[p1, d1, p2, d2, p3, …]`.
fn interleave<T>(mut by_provider: BTreeMap<ProviderId, Vec<T>>) -> Vec<T> {
    let mut queues: Vec<std::vec::IntoIter<T>> = std::mem::take(&mut by_provider).into_values().map(Vec::into_iter).collect();
    let mut out = Vec::new();
    loop {
        let before = out.len();
        for q in &mut queues {
            out.extend(q.next());
        }
        if out.len() == before {
            return out;
        }
    }
}
