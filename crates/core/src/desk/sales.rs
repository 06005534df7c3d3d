//! The sale at the counter: its attempts, whether another provider may be tried and which,
//! trying one (failover), cancelling a sale, and the "paid twice" notice.
//!
//! Failover is offered only once the sale's current attempt is proven unpayable: failed,
//! expired or cancelled; or never sent; or looked up at its provider and found absent, or void
//! (found without a page anyone saw), or cancelled there where the provider can cancel. The new
//! attempt is written by the store only if every earlier one is unpayable, in one transaction,
//! so a sale never has two payable links whoever presses what at once.

use super::Desk;
use crate::link::{Link, LinkStatus, Mode, ProviderId};
use crate::provider::{retry, Lookup, LostAnswer, Operation};
use crate::sale::{Failover, PaidTwice, Sale};
use crate::vault::Vault;
use crate::i18n::{english, Msg};
use crate::{Error, Result};

impl Desk {
    /// A sale with its attempts, by its local id or uid.
    pub fn sale(&self, id_or_uid: &str) -> Result<Sale> {
        let mut sale = self
            .store
            .sale(id_or_uid)?
            .ok_or_else(|| Error::not_found(Msg::new("error-no-sale").text("id", id_or_uid.trim())))?;
        for link in &mut sale.attempts {
            self.mark_paid_twice(link)?;
        }
        Ok(sale)
    }

    /// Adds the "paid twice" notice to a paid link that has a paid twin.
    pub(crate) fn mark_paid_twice(&self, link: &mut Link) -> Result<()> {
        if link.status == LinkStatus::Paid {
            let twin = match self.store.paid_twin(link, self.duplicate_window()?)? {
                Some(other) => self.store.get_link(other)?,
                None => None,
            };
            link.paid_twice = twin.map(|other| PaidTwice::new(link, &other, self.till_id()));
        }
        Ok(())
    }

    /// Whether another provider may be tried on `sale` now, and which ones.
    pub fn failover_options(&self, sale: &Sale) -> Failover {
        let no = |why: Msg| Failover { allowed: false, why: english(&why), why_l10n: why, providers: vec![] };
        let Some(current) = sale.attempts.iter().find(|l| Some(l.id) == sale.current_link_id) else {
            return no(Msg::new("failover-no-attempt"));
        };
        if sale.cancelled_at.is_some() {
            return no(Msg::new("failover-sale-cancelled"));
        }
        if sale.mode == "training" {
            return no(Msg::new("failover-training"));
        }
        // Only the till sending it holds its lease and knows whether that send is still under way:
        // another till that looked it up now could find nothing yet and make a second payable link.
        if current.status == LinkStatus::Creating && current.till_id != self.till_id() {
            return no(Msg::new("error-retry-other-till").num("link", current.id));
        }
        let provider = current.provider.to_string();
        let why = match current.status {
            LinkStatus::Failed | LinkStatus::Expired | LinkStatus::Cancelled => Msg::new("failover-could-not").text("provider", provider),
            LinkStatus::Creating if !current.sent => Msg::new("failover-nothing-reached").text("provider", provider),
            LinkStatus::Creating => Msg::new("failover-asked-first").text("provider", provider),
            other => return no(Msg::new("failover-payable").num("link", current.id).msg("status", other.word())),
        };
        let Ok(mode) = sale.mode.parse::<Mode>() else { return no(Msg::new("failover-mode-unknown")) };
        let providers: Vec<ProviderId> = ProviderId::ALL
            .into_iter()
            .filter(|p| p.needs_key() && *p != current.provider)
            // Takes the currency, and this much of it in one link.
            .filter(|p| {
                let caps = crate::provider::capabilities(*p);
                let max = caps.max_major(sale.currency).map(|m| m.saturating_mul(sale.currency.minor_per_major()));
                caps.takes(sale.currency) && max.is_none_or(|m| sale.amount_minor <= m)
            })
            .filter(|p| self.has_key(*p, mode))
            .collect();
        if providers.is_empty() {
            return no(Msg::new("failover-no-provider").text("mode", mode.as_str()).text("currency", sale.currency.code()));
        }
        Failover { allowed: true, why: english(&why), why_l10n: why, providers }
    }

    fn has_key(&self, provider: ProviderId, mode: Mode) -> bool {
        matches!(self.env_key_mode(provider), Ok(Some(m)) if m == mode) || matches!(self.vault().get(provider, mode), Ok(Some(_)))
    }

    /// Tries `provider` for the sale of link (or sale) `id`: proves the current attempt
    /// unpayable first, then records and sends a new attempt. Returns the new link.
    pub async fn failover(&self, link_id: &str, provider: &str) -> Result<Link> {
        let (wanted, provider) = (link_id.to_string(), provider.to_string());
        let (sale, to) = self
            .blocking(move |d| {
                let link = d.get(&wanted)?;
                let sale = d.sale(&link.sale_id.to_string())?;
                let to: ProviderId = provider.parse()?;
                let options = d.failover_options(&sale);
                if !options.allowed {
                    return Err(Error::conflict(options.why_l10n));
                }
                if !options.providers.contains(&to) {
                    let offered: Vec<&str> = options.providers.iter().map(|p| p.slug()).collect();
                    return Err(Error::invalid_msg(
                        "provider",
                        Msg::new("error-failover-cannot-take")
                            .text("provider", to.to_string())
                            .amount("amount", sale.amount_minor, sale.currency)
                            .text("mode", sale.mode.as_str())
                            .text("known", offered.join(", ")),
                    ));
                }
                Ok((sale, to))
            })
            .await?;
        let current = sale.attempts.iter().find(|l| Some(l.id) == sale.current_link_id).cloned().expect("checked above");
        if current.status == LinkStatus::Creating {
            self.settle_unpayable(current).await?;
        }
        let mode: Mode = sale.mode.parse()?;
        let recorded = self
            .blocking(move |d| {
                let key = d.key_for(to, mode)?;
                d.provider(to, mode)?.check()?;
                let link = d.store.insert_attempt(sale.id, to, mode, &crate::link::new_reference())?;
                tracing::info!(sale = sale.id, link = link.id, provider = to.slug(), "failover: a new attempt");
                let lease = d.take_lease(link.id)?.ok_or_else(|| Error::conflict(Msg::new("error-link-settled-elsewhere").num("link", link.id)))?;
                Ok(super::Recorded::new(link, lease, key))
            })
            .await?;
        self.send(recorded).await
    }

    /// Proves an unconfirmed attempt unpayable and marks it so, under its lease (so no retry can
    /// send it meanwhile, nor after): never sent; absent at the provider; void (found, but nobody
    /// saw its page); or cancelled there. Otherwise refuses.
    async fn settle_unpayable(&self, link: Link) -> Result<()> {
        let id = link.id;
        if link.till_id != self.till_id() {
            return Err(Error::conflict(Msg::new("error-retry-other-till").num("link", id)));
        }
        let taken = self
            .blocking(move |d| Ok((d.key_for(link.provider, link.mode)?, d.provider(link.provider, link.mode)?, d.take_lease(id)?)))
            .await?;
        let (key, p, Some(lease)) = taken else { return Err(Error::conflict(Msg::new("error-link-settled-meanwhile").num("link", id))) };
        let fence = lease.token().to_string();
        // Read again under the lease: a retry that ran meanwhile may have sent it, or settled it.
        let mut link = self.blocking(move |d| d.get(&id.to_string())).await?;
        if link.status != LinkStatus::Creating {
            lease.release().await;
            return Err(Error::conflict(Msg::new("error-link-now").num("link", id).msg("status", link.status.word())));
        }
        let note = if !link.sent {
            Some(format!("Nothing reached {}: another provider was tried.", link.provider))
        } else if p.lost_answer() == LostAnswer::Void {
            Some(format!("{} cannot be asked about it and nobody saw its page: void.", link.provider))
        } else {
            match retry::run(&self.retry, Operation::Read, |_| p.lookup(&key, (&link).into())).await {
                Ok(Lookup::NotFound { .. }) => Some(format!("{} never made it.", link.provider)),
                Ok(Lookup::Found(obs)) if obs.url.is_none() && !obs.status.is_pending() && obs.status != LinkStatus::Paid => {
                    Some(format!("{} has it as {}: it cannot be paid.", link.provider, obs.provider_status))
                }
                Ok(Lookup::Found(obs)) if obs.url.is_none() && obs.status.is_pending() && !crate::provider::capabilities(link.provider).cancel => {
                    Some(format!("{} has it, but its page was never shown to anyone: void.", link.provider))
                }
                Ok(Lookup::Found(obs)) if obs.status.is_pending() && crate::provider::capabilities(link.provider).cancel => {
                    link.provider_id = obs.provider_id.or(link.provider_id);
                    match retry::run(&self.retry, Operation::Replayable, |_| p.cancel(&key, (&link).into(), &fence)).await {
                        Ok(_) => Some(format!("Cancelled at {} before trying another provider.", link.provider)),
                        Err(e) => return Err(Self::call_error(link.provider, link.mode, &e)),
                    }
                }
                Ok(Lookup::Found(obs)) => {
                    lease.release().await;
                    return Err(Error::conflict(
                        Msg::new("error-failover-may-be-paid").text("provider", link.provider.to_string()).text("said", obs.provider_status),
                    ));
                }
                Err(e) => {
                    lease.release().await;
                    return Err(Self::call_error(link.provider, link.mode, &e));
                }
            }
        };
        link.status = if note.as_deref().is_some_and(|n| n.starts_with("Cancelled")) { LinkStatus::Cancelled } else { LinkStatus::Failed };
        link.last_error = note;
        self.save(link, Some(&fence)).await?;
        lease.release().await;
        Ok(())
    }

    /// Cancels a sale none of whose attempts can be paid (it stays in the history as cancelled).
    /// An attempt never sent is settled with it (failed: nothing reached its provider), under its
    /// lease: while a retry holds that lease (it may be sending it right now) the cancel is
    /// refused, naming who holds it; once cancelled, no retry can take it. A holder found dead
    /// does not block the cancel (see [`Desk::take_lease`]).
    pub async fn cancel_sale(&self, link_id: &str) -> Result<Sale> {
        let wanted = link_id.to_string();
        let (sale_id, leases) = self
            .blocking(move |d| {
                let link = d.get(&wanted)?;
                let sale = d.sale(&link.sale_id.to_string())?;
                let mut leases = Vec::new();
                for never_sent in sale.attempts.iter().filter(|l| l.status == LinkStatus::Creating && !l.sent) {
                    // Refused (busy) while a live process holds it; the leases taken so far are
                    // given back as they drop.
                    leases.extend(d.take_lease(never_sent.id)?);
                }
                Ok((sale.id, leases))
            })
            .await?;
        // The store settles the never-sent attempts in the transaction that cancels the sale.
        let cancelled = self.blocking(move |d| d.store.cancel_sale(sale_id).and_then(|()| d.sale(&sale_id.to_string()))).await;
        for lease in leases {
            lease.release().await;
        }
        cancelled
    }
}
