//! Asking the provider where a link stands, for one link or for every open one at a time.
//! Each answer is recorded with the provider's own word; every change lands in the status events.

use super::Desk;
use crate::link::{Link, LinkStatus};
use crate::money::format_minor;
use crate::provider::{retry, Lookup, Operation};
use crate::{Error, Result};
use futures::stream::{self, StreamExt};
use serde::Serialize;

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
    pub checked: usize,
    pub changed: Vec<Change>,
    /// (link id, what went wrong)
    pub errors: Vec<(i64, String)>,
}

impl Desk {
    /// Asks the provider about one link and records the answer.
    pub async fn verify(&self, id_or_reference: &str) -> Result<Link> {
        let link = self.get(id_or_reference)?;
        self.verify_link(link).await
    }

    /// Verifies every open (or unknown) link, `concurrency` at a time, reporting progress.
    pub async fn verify_open(&self, concurrency: usize, progress: impl Fn(Progress)) -> Result<VerifySummary> {
        let links = self.pending_links()?;
        let total = links.len();
        progress(Progress { done: 0, total });
        let mut summary = VerifySummary { checked: total, ..Default::default() };
        let mut results = stream::iter(links)
            .map(|link| async move {
                let before = (link.id, link.reference.clone(), link.status);
                (before, self.verify_link(link).await)
            })
            .buffer_unordered(concurrency.max(1));
        let mut done = 0;
        while let Some(((id, reference, from), result)) = results.next().await {
            done += 1;
            match result {
                Ok(after) if after.status != from => summary.changed.push(Change { id, reference, from, to: after.status }),
                Ok(_) => {}
                Err(e) => summary.errors.push((id, e.to_string())),
            }
            progress(Progress { done, total });
        }
        summary.changed.sort_by_key(|c| c.id);
        summary.errors.sort_by_key(|e| e.0);
        Ok(summary)
    }

    async fn verify_link(&self, mut link: Link) -> Result<Link> {
        if link.status == LinkStatus::Creating {
            return Err(Error::Conflict(format!(
                "Link {} was never confirmed by {}: retry it to finish making it.",
                link.id, link.provider
            )));
        }
        let key = self.key_for(link.provider, link.mode)?;
        if link.provider == crate::link::ProviderId::Training {
            self.shared.training.remember(&link.reference, link.provider_status.as_deref());
        }
        let p = self.provider(link.provider, link.mode)?;
        let looked = retry::run(&self.retry, Operation::Read, |_| p.lookup(&key, (&link).into())).await;
        let now = chrono::Utc::now();
        // Something else (a cancel, another verify) may have saved this link while we waited:
        // an answer asked for before that must not overwrite it.
        let current = self.store.get_link(link.id)?.ok_or_else(|| Error::NotFound(format!("Link {} is gone.", link.id)))?;
        if current.updated_at != link.updated_at {
            return Ok(current);
        }
        match looked {
            Ok(Lookup::Found(obs)) => {
                link.status = obs.status;
                link.provider_status = Some(obs.provider_status);
                link.last_verified_at = Some(now);
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
                self.store.save_link(&link)
            }
            Ok(Lookup::NotFound { message }) => {
                let err = Error::Provider { provider: link.provider, status: Some(404), message };
                link.last_error = Some(err.to_string());
                self.store.save_link(&link)?;
                Err(err)
            }
            Err(e) => {
                let err = match e {
                    crate::provider::CallError::Http { status, message, .. } => {
                        Error::Provider { provider: link.provider, status: Some(status), message }
                    }
                    other => Error::Network { provider: link.provider, message: other.message().to_string() },
                };
                link.last_error = Some(err.to_string());
                self.store.save_link(&link)?;
                Err(err)
            }
        }
    }
}
