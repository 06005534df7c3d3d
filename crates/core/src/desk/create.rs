//! Making a link without ever losing one or leaving two payable links for one sale.
//!
//! The row is written (status `creating`, reference chosen) before the provider is called.
//! Retries repeat the same reference. When a send may have arrived but its answer was lost, the
//! reference is looked up before anything else: if the provider has it, nobody ever saw its
//! payment page (verify does not return it), so it is recorded as void and a new reference is
//! used; if the provider does not have it, the same reference is sent again.

use super::{CreateInput, Desk};
use crate::link::{Link, LinkStatus, Mode, NewLink};
use crate::money::{Currency, Money};
use crate::provider::{retry, CallError, CreateRequest, Lookup, LostAnswer, Observed, Operation, Provider};
use super::Lease;
use crate::store::{NewLinkRow, ReferenceState};
use crate::i18n::Msg;
use crate::{Error, Result};
use secrecy::SecretString;
use std::sync::atomic::{AtomicBool, Ordering};

/// Sends in all for one sale, across references, before giving up.
const MAX_ROUNDS: u32 = 3;

/// A sale checked and recorded (status `creating`), with this process holding its lease and the
/// key to send it with. Nothing has been sent yet: [`Desk::send`] does that.
pub struct Recorded {
    pub link: Link,
    lease: Lease,
    key: SecretString,
}

impl Recorded {
    pub(super) fn new(link: Link, lease: Lease, key: SecretString) -> Recorded {
        Recorded { link, lease, key }
    }
}

impl Desk {
    /// Checks what was typed, records the link, then asks the provider for it.
    pub async fn create(&self, input: &CreateInput) -> Result<Link> {
        let recorded = self.record(input).await?;
        self.send(recorded).await
    }

    /// Checks what was typed and records the sale, leased to this process, before anything is
    /// sent: a front end that can be interrupted learns the link's id before the wait begins.
    pub async fn record(&self, input: &CreateInput) -> Result<Recorded> {
        let input = input.clone();
        self.blocking(move |d| d.record_now(&input)).await
    }

    fn record_now(&self, input: &CreateInput) -> Result<Recorded> {
        let provider_id = match input.provider.as_deref().filter(|p| !p.trim().is_empty()) {
            Some(p) => p.parse()?,
            None => self.default_provider()?,
        };
        let caps = crate::provider::capabilities(provider_id);
        let takes = || caps.codes().join(", ");
        let currency = match input.currency.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(c) => Currency::from_code(c).ok_or_else(|| {
                Error::invalid_msg("currency", Msg::new("error-not-a-currency").text("input", c.trim()).text("provider", provider_id.to_string()).text("known", takes()))
            })?,
            None => self.default_currency()?,
        };
        if !caps.takes(currency) {
            return Err(Error::invalid_msg("currency", Msg::new("error-currency-not-taken").text("provider", provider_id.to_string()).text("currency", currency.code()).text("known", takes())));
        }
        let style = input.number_style.unwrap_or_default();
        let amount = Money::parse_styled(&input.amount, currency, caps.max_major(currency), style)?;
        let new = NewLink::new(provider_id, amount, &input.email, input.description.as_deref())?;
        let explicit = input.mode.as_deref().filter(|m| !m.trim().is_empty()).map(str::parse::<Mode>).transpose()?;
        let mode = self.resolve_mode(provider_id, explicit)?;
        let key = self.key_for(provider_id, mode)?;
        // A missing setting (Payroc's terminal id) is bad input: nothing written, nothing sent.
        self.provider(provider_id, mode)?.check()?;
        let duplicate_of = self.duplicate_guard(&new, input.again)?;

        let link = self.store.insert_link(&NewLinkRow {
            provider: provider_id,
            mode,
            reference: crate::link::new_reference(),
            amount_minor: new.amount.minor,
            currency,
            customer_email: new.customer_email,
            description: new.description,
            duplicate_of,
        })?;
        tracing::info!(id = link.id, uid = %link.uid, reference = %link.reference, "link recorded; calling the provider");
        let lease = self.take_lease(link.id)?.ok_or_else(|| Error::conflict(Msg::new("error-link-settled-elsewhere").num("link", link.id)))?;
        Ok(Recorded { link, lease, key })
    }

    /// A sale like one made moments ago (same customer, amount and currency, within
    /// `duplicate.window_minutes`) is refused unless the person chose to make it anyway
    /// (`again`); then the earlier link is recorded on the new sale.
    fn duplicate_guard(&self, new: &NewLink, again: bool) -> Result<Option<i64>> {
        let window = self.duplicate_window()?;
        if window.is_zero() {
            return Ok(None); // the guard is off
        }
        let since = chrono::Utc::now() - window;
        let like = self.store.recent_like(&new.customer_email, new.amount.minor, new.amount.currency, since)?;
        let Some(earlier) = like.first() else { return Ok(None) };
        if again {
            tracing::info!(earlier = earlier.id, "a sale like a recent one was made anyway, as asked");
            return Ok(Some(earlier.id));
        }
        let at = earlier.created_at.with_timezone(&chrono::Local).format("%H:%M");
        let message = Msg::new("error-duplicate")
            .num("link", earlier.id)
            .text("email", earlier.customer_email.as_str())
            .amount("amount", earlier.amount_minor, earlier.currency)
            .text("at", at.to_string())
            // For the window, which writes the time as its locale does (the sentence's `at` is a
            // terminal's 24-hour clock).
            .text("made", earlier.created_at.to_rfc3339())
            .msg("status", earlier.status.word());
        Err(Error::Duplicate { earlier: earlier.id, message: message.into() })
    }

    /// Sends a recorded sale to its provider, under its lease, and gives the lease back.
    pub async fn send(&self, recorded: Recorded) -> Result<Link> {
        let Recorded { link, lease, key } = recorded;
        let result = self.complete(link, &key, false, &lease).await;
        lease.release().await;
        result
    }

    /// Finishes a link left in `creating` (the provider failed, its answer was lost, or the
    /// process that sent it was stopped). Looks the reference up first, so a retry never makes
    /// a second payable link. Refused, naming the process, while another one is sending it, and
    /// for a cancelled sale.
    pub async fn retry(&self, id_or_reference: &str) -> Result<Link> {
        let wanted = id_or_reference.to_string();
        let taken = self
            .blocking(move |d| {
                let link = d.get(&wanted)?;
                if link.status != LinkStatus::Creating {
                    return Err(Error::conflict(Msg::new("error-retry-nothing").num("link", link.id).msg("status", link.status.word())));
                }
                // Only the till that made it knows whether its send is still under way.
                if link.till_id != d.till_id() {
                    return Err(Error::conflict(Msg::new("error-retry-other-till").num("link", link.id)));
                }
                let key = d.key_for(link.provider, link.mode)?;
                d.provider(link.provider, link.mode)?.check()?;
                let lease = d.take_lease(link.id)?;
                // Read again under the lease: a retry that just finished may have settled it. A
                // cancel settles the sale's unsent attempts under their lease; an attempt of a
                // cancelled sale still `creating` (cancelled by an older paydesk) is never sent.
                let link = d.get(&link.id.to_string())?;
                let cancelled = d.refuse_cancelled(&link).err();
                Ok((link, key, lease, cancelled))
            })
            .await?;
        match taken {
            (link, key, Some(lease), None) if link.status == LinkStatus::Creating => {
                let result = self.complete(link, &key, true, &lease).await;
                lease.release().await;
                result
            }
            (link, _, lease, cancelled) => {
                if let Some(lease) = lease {
                    lease.release().await;
                }
                // A link another retry settled meanwhile is shown as it is; one still being
                // created is not sent on a cancelled sale.
                match cancelled {
                    Some(err) if link.status == LinkStatus::Creating => Err(err),
                    _ => Ok(link),
                }
            }
        }
    }

    /// Refuses to send an attempt of a cancelled sale: nothing may become payable on it.
    fn refuse_cancelled(&self, link: &Link) -> Result<()> {
        match self.store.sale(&link.sale_id.to_string())? {
            Some(sale) if sale.cancelled_at.is_some() => Err(Error::conflict(Msg::new("error-sale-cancelled").num("sale", sale.id))),
            _ => Ok(()),
        }
    }

    async fn complete(&self, mut link: Link, key: &SecretString, mut look_first: bool, lease: &Lease) -> Result<Link> {
        let (provider, mode) = (link.provider, link.mode);
        let (p, merchant) = self.blocking(move |d| Ok((d.provider(provider, mode)?, d.setting("merchant.name")?))).await?;
        let fence = lease.token().to_string();
        if !link.sent {
            // Before anything can leave this machine, so no one takes it for never sent.
            link.sent = true;
            link = self.save(link, Some(&fence)).await?;
        }
        let op = if p.lost_answer() == LostAnswer::Replay { Operation::Replayable } else { Operation::Create };
        let mut last_lost = String::new();
        // Whether any send of this call may have left this machine, across rounds.
        let reached = AtomicBool::new(false);
        for _round in 0..MAX_ROUNDS {
            if look_first {
                link = match self.look_up_lost(&*p, key, link, &fence).await? {
                    Recovery::Send(l) => l,
                    Recovery::Done(l) => return Ok(l),
                    Recovery::Stop(err) => return Err(err),
                };
            }
            let idempotency_key = self.current_idempotency_key(link.id).await?;
            let req = CreateRequest {
                link_id: link.id,
                reference: &link.reference,
                idempotency_key: &idempotency_key,
                amount: link.money(),
                customer_email: &link.customer_email,
                description: link.description.as_deref(),
                merchant_name: merchant.as_deref(),
                recorded_at: link.created_at,
            };
            let outcome = retry::run(&self.retry, op, |_| async {
                let r = match p.create(key, &req).await {
                    Err(CallError::Http { status, message, .. }) if status >= 500 && p.server_error_may_have_created() => {
                        let said = if message.contains(&format!("HTTP {status}")) { message } else { format!("{message} (HTTP {status}).") };
                        Err(CallError::AnswerLost(format!("{said} {} may have made the link all the same.", p.id())))
                    }
                    other => other,
                };
                if !matches!(r, Err(CallError::NotSent(_))) {
                    reached.store(true, Ordering::Relaxed);
                }
                r
            })
            .await;
            match outcome {
                Ok(created) => {
                    link.url = Some(created.url);
                    link.provider_id = created.provider_id.or(link.provider_id);
                    link.status = created.status;
                    link.provider_status = created.provider_status;
                    link.last_error = None;
                    let saved = self.save(link, Some(&fence)).await?;
                    tracing::info!(id = saved.id, reference = %saved.reference, "link created");
                    return Ok(saved);
                }
                Err(e) if (matches!(e, CallError::AnswerLost(_)) || p.is_duplicate_reference(&e)) && op == Operation::Create => {
                    tracing::warn!(id = link.id, reference = %link.reference, "answer lost: {}", e.message());
                    last_lost = e.message().to_string();
                    look_first = true;
                }
                Err(e) => return Err(self.give_up(link, &e, reached.load(Ordering::Relaxed), &fence).await?),
            }
        }
        let err = Error::Network { provider: link.provider, message: last_lost.trim_end().to_string(), kept: Some(link.id) };
        link.last_error = Some(err.to_string());
        self.save(link.clone(), Some(&fence)).await?;
        Err(err)
    }

    /// Saves on the blocking pool; with `fence`, only while that lease is still held.
    pub(super) async fn save(&self, link: Link, fence: Option<&str>) -> Result<Link> {
        let fence = fence.map(str::to_string);
        self.db(move |s| s.save_link(&link, fence.as_deref())).await
    }

    async fn current_idempotency_key(&self, link_id: i64) -> Result<String> {
        self.db(move |s| s.references(link_id))
            .await?
            .into_iter()
            .find(|r| r.state == ReferenceState::Current)
            .map(|r| r.idempotency_key)
            .ok_or_else(|| Error::conflict(Msg::new("error-no-reference-in-use").num("link", link_id)))
    }

    async fn void_and_renew(&self, link: &Link, why: &str, fence: &str) -> Result<Link> {
        let note = format!("{why}; nobody saw its payment page, so it cannot be paid. Replaced by a new reference.");
        let (id, fence) = (link.id, fence.to_string());
        let replaced = self.db(move |s| s.replace_reference(id, &note, &crate::link::new_reference(), &fence)).await?;
        tracing::info!(id = link.id, old = %link.reference, new = %replaced.reference, "voided a reference whose answer was lost");
        Ok(replaced)
    }

    /// Finds out what became of a send whose answer was lost, before anything else is sent.
    async fn look_up_lost(&self, p: &dyn Provider, key: &SecretString, mut link: Link, fence: &str) -> Result<Recovery> {
        if p.lost_answer() == LostAnswer::Void {
            let why = format!("{} may have received this reference but cannot be asked about it", link.provider);
            return Ok(Recovery::Send(self.void_and_renew(&link, &why, fence).await?));
        }
        let looked = retry::run(&self.retry, Operation::Read, |_| p.lookup(key, (&link).into())).await;
        match looked {
            Ok(Lookup::NotFound { .. }) => Ok(Recovery::Send(link)),
            Ok(Lookup::Found(Observed { url: Some(url), status, provider_status, provider_id, .. })) => {
                // The provider made it and tells us its page: that is the sale's one link.
                link.url = Some(url);
                link.provider_id = provider_id.or(link.provider_id);
                link.status = status;
                link.provider_status = Some(provider_status);
                link.last_error = None;
                Ok(Recovery::Done(self.save(link, Some(fence)).await?))
            }
            Ok(Lookup::Found(obs)) => {
                let why = format!("{} received this reference (status {}) but its answer was lost", link.provider, obs.provider_status);
                Ok(Recovery::Send(self.void_and_renew(&link, &why, fence).await?))
            }
            Err(e) => {
                let message = format!(
                    "it may have received this link but its answer was lost, and it could not be checked ({})",
                    e.message().trim_end_matches('.'),
                );
                let err = Error::Network { provider: link.provider, message, kept: Some(link.id) };
                link.last_error = Some(err.to_string());
                self.save(link.clone(), Some(fence)).await?;
                Ok(Recovery::Stop(err))
            }
        }
    }

    /// Records why a create stopped and returns the error to show. A link the provider refused
    /// is `failed` (nothing was charged). Any other stop keeps the sale retryable in `creating`:
    /// a retry looks it up first when a send may have reached the provider, and a link no send of
    /// which left this machine is marked so (`sent` false), since it surely does not exist there.
    async fn give_up(&self, mut link: Link, e: &CallError, reached: bool, fence: &str) -> Result<Error> {
        let refused = matches!(e, CallError::Http { status, .. } if *status < 500 && *status != 429)
            || matches!(e, CallError::Refused(_));
        let err = match Self::call_error(link.provider, link.mode, e) {
            Error::Provider { provider, status, message, .. } if !refused => Error::Provider { provider, status, message, kept: Some(link.id) },
            Error::Network { provider, message, .. } => Error::Network { provider, message, kept: Some(link.id) },
            other => other,
        };
        if refused {
            link.status = LinkStatus::Failed;
        } else if !reached {
            link.sent = false;
        }
        link.last_error = Some(err.to_string());
        self.save(link, Some(fence)).await?;
        Ok(err)
    }
}

/// What to do after looking up a lost answer.
enum Recovery {
    /// Send (again) with this link's current reference.
    Send(Link),
    /// The provider had it, page and all: nothing more to send.
    Done(Link),
    /// Stop here with this error; the link stays `creating`.
    Stop(Error),
}
