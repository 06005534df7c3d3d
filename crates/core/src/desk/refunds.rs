//! Refunds through the provider, full or partial, that never pay back twice.
//!
//! - The refund is recorded (our reference, its idempotency key, its amount reserved against
//!   what is left) in one IMMEDIATE transaction before anything is sent; see
//!   [`crate::store::Store::begin_refund`].
//! - A send whose answer may hide a refund (lost; a 5xx from a provider without idempotency) is
//!   looked up at the provider before anything is sent again; a retry reuses the same record.
//! - A refund the provider refused, or that never left this machine, is failed: its amount is
//!   free again. Once any send of it may have arrived (an earlier round's answer was lost, or it
//!   is resumed from a process that stopped), a send that cannot leave proves nothing: it is kept.
//!   One whose fate stays unknown is kept (`sending`): running the refund again looks it up
//!   first, then finishes it.
//! - Its lease is renewed while the provider is waited on, as a link's is (`desk/lease.rs`), so
//!   no other process takes it over and sends it again meanwhile, however long the provider takes
//!   (`http.timeout_secs` up to 300 s, a look-up of many pages). Paystack takes no idempotency key.
//! - A pending refund (Paystack queues them) is read again by every verify of its link.

use super::lease::{spawn_renewal, Timing};
use super::Desk;
use crate::lease::Holder;
use crate::link::{check_one_line, Link};
use crate::money::{format_minor, Money, NumberStyle};
use crate::provider::{retry, CallError, Operation, Provider, RefundLookup, RefundRef, RefundRequest, RefundSeen};
use crate::store::{RefundOutcome, RefundRecord, RefundState};
use crate::i18n::Msg;
use crate::{Error, Result};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};

/// How long the lease on a refund being sent lasts unrenewed (`PAYDESK_LEASE_SECS` in tests): a
/// holder that died where paydesk cannot tell (a pid on an OS it cannot check) holds its refund
/// up this long at most.
const CLAIM_SECS: u32 = 300;
/// Payroc takes a refund description of at most 100 characters; the others take more.
const MAX_REASON: usize = 100;
/// Sends in all for one refund (each after a look-up that found nothing) before giving up.
const MAX_ROUNDS: u32 = 3;

/// A refund as typed. `amount` absent: everything left (a blank one is refused, as the money
/// parser refuses it: a field cleared by mistake must not give back everything).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RefundInput {
    pub amount: Option<String>,
    pub reason: Option<String>,
    /// How the amount is written; `1,500.50` when absent.
    pub number_style: Option<NumberStyle>,
}

/// A refund and the link it belongs to, as both stand now.
#[derive(Debug, Clone, Serialize)]
pub struct Refunded {
    pub link: Link,
    pub refund: RefundRecord,
}

/// The outcome to record from what the provider said.
fn outcome(seen: RefundSeen) -> RefundOutcome {
    RefundOutcome {
        state: seen.state,
        method: Some(seen.method.to_string()),
        provider_refund_id: seen.provider_refund_id,
        provider_status: Some(seen.provider_status),
        error: None,
    }
}

fn failed(error: &str) -> RefundOutcome {
    RefundOutcome { state: RefundState::Failed, method: None, provider_refund_id: None, provider_status: None, error: Some(error.to_string()) }
}

/// How talking to the provider about a refund ended, to record once its lease is no longer renewed.
enum Ending {
    /// What the provider said of it.
    Seen(RefundSeen),
    /// Refused, or never sent: nothing was given back.
    Failed(Error),
    /// Its fate is unknown: kept for a later run, with what to tell.
    Kept(String),
}

/// "NGN 1,500.50"
fn money(link: &Link, minor: i64) -> String {
    format!("{} {}", link.currency, format_minor(minor, link.currency))
}

impl Desk {
    /// Whether `id_or_reference` can be refunded now, before a PIN is asked for: its provider
    /// refunds through an API, and it is paid (or a refund of it is still being sent). Blocking.
    pub fn refund_preflight(&self, id_or_reference: &str) -> Result<Link> {
        let link = self.get(id_or_reference)?;
        let caps = crate::provider::capabilities(link.provider);
        if !caps.refund {
            let msg = match caps.refund_dashboard {
                Some(u) => Msg::new("error-refund-no-api-dashboard").text("provider", link.provider.to_string()).num("link", link.id).text("url", u),
                None => Msg::new("error-refund-no-api").text("provider", link.provider.to_string()),
            };
            return Err(Error::invalid_msg("provider", msg));
        }
        // Refunds are not shared between tills: another till cannot know what is left to give back,
        // nor see a refund of it still being sent, and could give back twice.
        if link.till_id != self.till_id() {
            return Err(Error::conflict(Msg::new("error-refund-other-till").num("link", link.id)));
        }
        let sending = self.store.refunds(link.id)?.iter().any(|r| r.state == RefundState::Sending);
        if !link.status.is_refundable() && !sending {
            return Err(Error::conflict(Msg::new("error-refund-not-paid").num("link", link.id).msg("status", link.status.word())));
        }
        Ok(link)
    }

    /// Gives back `input.amount` (all that is left when absent) of a paid link through its
    /// provider, after the manager PIN when one is set.
    pub async fn refund(&self, id_or_reference: &str, input: &RefundInput, pin: Option<SecretString>) -> Result<Refunded> {
        let (wanted, input, lease) = (id_or_reference.to_string(), input.clone(), Timing::from_env_or(&self.env, CLAIM_SECS));
        let (link, refund, resumed, key, p, holder) = self
            .blocking(move |d| {
                let link = d.refund_preflight(&wanted)?;
                let caps = crate::provider::capabilities(link.provider);
                let style = input.number_style.unwrap_or_default();
                // Only no amount at all means everything left; a blank one is refused as typed.
                let amount = match input.amount.as_deref() {
                    Some(a) => Some(Money::parse_styled(a, link.currency, caps.max_major(link.currency), style)?.minor),
                    None => None,
                };
                let reason = input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
                if let Some(r) = &reason {
                    if r.chars().count() > MAX_REASON {
                        return Err(Error::invalid_msg("reason", Msg::new("error-reason-too-long").num("max", MAX_REASON as i64)));
                    }
                    check_one_line("reason", r)?;
                }
                d.check_pin(pin.as_ref())?;
                let key = d.key_for(link.provider, link.mode)?;
                let holder = Holder::this_process(d.store.till_id());
                let (refund, resumed) = d.store.begin_refund(link.id, amount, reason.as_deref(), &holder, lease.secs())?;
                tracing::info!(id = link.id, refund = %refund.reference, amount = refund.amount_minor, resumed, "refund recorded; calling the provider");
                let p = d.provider(link.provider, link.mode)?;
                Ok((link, refund, resumed, key, p, holder))
            })
            .await?;
        let (store, id, token) = (self.store.clone(), refund.id, holder.token.clone());
        let renewal = spawn_renewal(lease, link.id, move |secs| store.renew_refund(id, &token, secs))?;
        let ending = self.send_refund(&link, &refund, resumed, &key, &*p).await;
        // Renewed no more once the provider has answered: it is settled or kept next.
        renewal.stop();
        let token = holder.token.as_str();
        match ending? {
            Ending::Seen(seen) => self.settled(&refund, Some(token), outcome(seen)).await,
            Ending::Failed(err) => {
                // Nothing was given back: the amount is free again.
                self.settled(&refund, Some(token), failed(&err.to_string())).await?;
                Err(err)
            }
            Ending::Kept(msg) => Err(self.keep_unknown(&link, &refund, token, msg).await),
        }
    }

    /// Asks the provider for the refund: looked up first when resumed or after a lost answer,
    /// sent (again) when not found, in at most [`MAX_ROUNDS`] rounds.
    async fn send_refund(&self, link: &Link, refund: &RefundRecord, resumed: bool, key: &SecretString, p: &dyn Provider) -> Result<Ending> {
        let (others, others_minor) = self.other_refunds(refund).await?;
        let req = RefundRequest {
            reference: &refund.reference,
            idempotency_key: &refund.idempotency_key,
            amount: Money { minor: refund.amount_minor, currency: link.currency },
            whole: refund.amount_minor == link.amount_minor,
            reason: refund.reason.as_deref(),
        };
        let lookup = RefundRef {
            reference: &refund.reference,
            provider_refund_id: None,
            method: None,
            amount_minor: refund.amount_minor,
            recorded_at: refund.created_at,
            others: &others,
            others_minor,
        };
        let replays = p.refund_replays();
        let mut last = String::new();
        let mut look_first = resumed;
        // Whether any send of this refund may have reached the provider, across rounds: a resumed
        // one's may have, before the process that sent it stopped.
        let reached = AtomicBool::new(resumed);
        for _round in 0..MAX_ROUNDS {
            if look_first {
                match retry::run(&self.retry, Operation::Read, |_| p.lookup_refund(key, link.into(), &lookup)).await {
                    Ok(RefundLookup::Found(seen)) => return Ok(Ending::Seen(seen)),
                    Ok(RefundLookup::NotFound { .. }) => {}
                    Err(e) => {
                        return Ok(Ending::Kept(format!(
                            "{} may have received the refund of {} but its answer was lost, and it could not be checked ({}). Nothing more was sent: run the refund of link {} again to finish it.",
                            link.provider, money(link, refund.amount_minor), e.message().trim_end_matches('.'), link.id
                        )));
                    }
                }
            }
            // Whether a send of an earlier round (or of the process this one resumes) may have arrived.
            let earlier = reached.load(Ordering::Relaxed);
            // Always `Create`: a lost answer comes back here to be looked up, even from a
            // provider that would replay it.
            let sent = retry::run(&self.retry, Operation::Create, |_| async {
                let r = match p.refund(key, link.into(), &req).await {
                    Err(CallError::Http { status, message, .. }) if status >= 500 && !replays => {
                        Err(CallError::AnswerLost(format!("{message} (HTTP {status}); {} may have made the refund all the same.", p.id())))
                    }
                    other => other,
                };
                if !matches!(r, Err(CallError::NotSent(_))) {
                    reached.store(true, Ordering::Relaxed);
                }
                r
            })
            .await;
            match sent {
                Ok(seen) => return Ok(Ending::Seen(seen)),
                Err(CallError::AnswerLost(m)) => {
                    tracing::warn!(id = link.id, refund = %refund.reference, "refund answer lost: {m}");
                    last = m;
                    look_first = true;
                }
                Err(e) => {
                    let err = Self::call_error(link.provider, link.mode, &e);
                    let refused = matches!(e, CallError::Refused(_)) || matches!(e, CallError::Http { status, .. } if status < 500 && status != 429);
                    // Nothing was given back when this send was refused, or never left, and no earlier
                    // one may have arrived. Once one may have, neither proves anything: the lookup
                    // may lag behind it, and the provider may refuse the resend because it was done.
                    let may_have_arrived = if refused { earlier } else { reached.load(Ordering::Relaxed) };
                    if !may_have_arrived {
                        return Ok(Ending::Failed(err));
                    }
                    return Ok(Ending::Kept(format!("{err} The refund is kept: run it again to finish it (it is looked up first, never sent twice).")));
                }
            }
        }
        Ok(Ending::Kept(format!("{} The refund is kept: run it again when {} is back.", last.trim_end(), link.provider)))
    }

    /// The provider ids and the sum of the link's other refunds that are not failed.
    async fn other_refunds(&self, refund: &RefundRecord) -> Result<(Vec<String>, i64)> {
        let (link_id, id) = (refund.link_id, refund.id);
        let all = self.db(move |s| s.refunds(link_id)).await?;
        let others: Vec<&RefundRecord> = all.iter().filter(|r| r.id != id && r.state != RefundState::Failed).collect();
        Ok((others.iter().filter_map(|r| r.provider_refund_id.clone()).collect(), others.iter().map(|r| r.amount_minor).sum()))
    }

    async fn settled(&self, refund: &RefundRecord, token: Option<&str>, outcome: RefundOutcome) -> Result<Refunded> {
        let (id, token) = (refund.id, token.map(str::to_string));
        let (refund, link) = self.db(move |s| s.settle_refund(id, token.as_deref(), &outcome)).await?;
        tracing::info!(id = link.id, refund = %refund.reference, state = refund.state.as_str(), "refund recorded");
        if refund.state == RefundState::Failed && refund.error.is_none() {
            let word = refund.provider_status.as_deref().unwrap_or("failed");
            return Err(Error::Provider {
                provider: link.provider,
                status: None,
                message: format!("the refund of {} failed ({word}): nothing was given back, and it can be refunded again", money(&link, refund.amount_minor)),
                kept: None,
            });
        }
        Ok(Refunded { link, refund })
    }

    /// Keeps a refund whose fate is unknown for a later run, and returns the error to show.
    async fn keep_unknown(&self, link: &Link, refund: &RefundRecord, token: &str, msg: String) -> Error {
        let (id, token, note) = (refund.id, token.to_string(), msg.clone());
        if let Err(e) = self.db(move |s| s.release_refund(id, &token, &note)).await {
            tracing::warn!(id = link.id, "could not note the refund's state: {e}");
        }
        Error::Network { provider: link.provider, message: msg, kept: None }
    }

    /// Reads the link's pending refunds again and records what changed; the link as it stands
    /// after. Failures are logged, not raised: the verify that asked has its own answer to give.
    pub(super) async fn recheck_refunds(&self, link: Link) -> Link {
        let (id, reread) = (link.id, self.reread_pending(link).await);
        for e in &reread.errors {
            tracing::warn!(id, "pending refund re-read: {}", crate::i18n::english(e));
        }
        reread.link
    }

    /// Reads the link's pending refunds again, each on its own: one that cannot be read is
    /// noted in `errors` and the others go on. A settlement is recorded by the merge rule, so the
    /// link becomes partially refunded or refunded as the sums say.
    pub(super) async fn reread_pending(&self, link: Link) -> Reread {
        let id = link.id;
        let refunds = match self.db(move |s| s.refunds(id)).await {
            Ok(r) => r,
            Err(e) => return Reread { link, settled: vec![], errors: vec![e.words()] },
        };
        let pending: Vec<&RefundRecord> = refunds.iter().filter(|r| r.state == RefundState::Pending).collect();
        if pending.is_empty() {
            return Reread { link, settled: vec![], errors: vec![] };
        }
        let (provider, mode) = (link.provider, link.mode);
        let (key, p) = match self.blocking(move |d| Ok((d.key_for(provider, mode)?, d.provider(provider, mode)?))).await {
            Ok(kp) => kp,
            Err(e) => return Reread { link, settled: vec![], errors: vec![e.words()] },
        };
        let (mut settled, mut errors) = (vec![], vec![]);
        for r in pending {
            let others: Vec<String> = refunds.iter().filter(|o| o.id != r.id).filter_map(|o| o.provider_refund_id.clone()).collect();
            let lookup = RefundRef {
                reference: &r.reference,
                provider_refund_id: r.provider_refund_id.as_deref(),
                method: r.method.as_deref(),
                amount_minor: r.amount_minor,
                recorded_at: r.created_at,
                others: &others,
                others_minor: 0,
            };
            // Under verify-all's shared brake: a 429 slows every call to this provider down.
            let throttle = &self.throttle;
            let looked = retry::run(&self.retry, Operation::Read, |_| async {
                throttle.ready(provider).await;
                let r = p.lookup_refund(&key, (&link).into(), &lookup).await;
                if let Err(CallError::Http { status: 429, retry_after, .. }) = &r {
                    throttle.hold(provider, retry_after.unwrap_or(self.retry.base_delay));
                }
                r
            })
            .await;
            match looked {
                Ok(RefundLookup::Found(seen)) => {
                    let (rid, out) = (r.id, outcome(seen));
                    match self.db(move |s| s.settle_refund(rid, None, &out)).await {
                        Ok((after, _)) if after.state != RefundState::Pending => {
                            tracing::info!(id, refund = %after.reference, state = after.state.as_str(), "pending refund settled");
                            settled.push(RefundChange { link_id: id, reference: after.reference, to: after.state });
                        }
                        Ok(_) => {}
                        Err(e) => errors.push(Msg::new("refund-reread-error").text("reference", r.reference.clone()).msg("what", e.words())),
                    }
                }
                Ok(RefundLookup::NotFound { message }) => errors.push(
                    Msg::new("refund-reread-not-found").text("reference", r.reference.clone()).text("provider", link.provider.to_string()).text("detail", message),
                ),
                Err(e) => errors.push(
                    Msg::new("refund-reread-error").text("reference", r.reference.clone()).msg("what", Self::call_error(provider, mode, &e).words()),
                ),
            }
        }
        let link = self.db(move |s| s.get_link(id)).await.ok().flatten().unwrap_or(link);
        Reread { link, settled, errors }
    }
}

/// What re-reading a link's pending refunds found.
pub(super) struct Reread {
    /// The link as it stands after.
    pub link: Link,
    /// The refunds that are no longer pending.
    pub settled: Vec<RefundChange>,
    /// What could not be read, one message per refund.
    pub errors: Vec<Msg>,
}

/// A pending refund that the provider has now settled.
#[derive(Debug, Clone, Serialize)]
pub struct RefundChange {
    pub link_id: i64,
    /// Our reference of the refund (`PR…`).
    pub reference: String,
    /// `processed` (the money went back) or `failed` (nothing was given back).
    pub to: RefundState,
}
