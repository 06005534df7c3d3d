//! What the front ends need to draw themselves: the providers with their readiness, a key check
//! against the provider, and the training provider's simulated customer.

use super::Desk;
use crate::desk::KeyStatus;
use crate::link::{Link, LinkStatus, Mode, ProviderId};
use crate::money::Currency;
use crate::provider::{retry, training::Simulated, Accepts, Source, CallError, LinkRef, Lookup, Operation};
use crate::i18n::Msg;
use crate::{Error, Result};
use serde::Serialize;

/// A provider as the New-link screen offers it.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderInfo {
    pub id: ProviderId,
    pub name: &'static str,
    pub training: bool,
    /// The ISO codes it takes, in its order (what the currency list offers).
    pub currencies: Vec<Currency>,
    /// Per currency: its ISO exponent and the per-link limit, so the window's preview and
    /// display use the core's table, not one of its own.
    pub currency_rules: Vec<CurrencyRule>,
    pub verify: bool,
    pub cancel: bool,
    pub share: bool,
    /// Paid links can be refunded from paydesk.
    pub refund: bool,
    /// Where to refund by hand when `refund` is false (Luxfin's dashboard).
    pub refund_dashboard: Option<&'static str>,
    pub keys: Vec<KeyStatus>,
    /// A link can be made now: a key is there for `mode` (training always).
    pub ready: bool,
    /// The mode a link would use now.
    pub mode: Option<Mode>,
    /// Why the keys could not be read, when the keyring failed (English).
    pub error: Option<String>,
    /// The same as a message of the catalogue, `{id, args}`, for the window's language.
    pub error_l10n: Option<Msg>,
}

/// One currency a provider takes, as the window needs it.
#[derive(Debug, Clone, Serialize)]
pub struct CurrencyRule {
    pub currency: Currency,
    /// Digits after the decimal point (ISO 4217): 2 for NGN, 0 for XOF.
    pub exponent: u32,
    /// Most one link may ask for, in major units; `null`: the provider decides.
    pub max_major: Option<i64>,
    /// `published`, `assumed` or `paydesk` (see the README's currency table).
    pub source: Source,
}

impl From<&Accepts> for CurrencyRule {
    fn from(a: &Accepts) -> Self {
        CurrencyRule { currency: a.currency, exponent: a.currency.exponent(), max_major: a.max_major, source: a.source }
    }
}

/// What the provider said of a key.
#[derive(Debug, Clone, Serialize)]
pub struct KeyCheck {
    /// Whether the provider could be asked at all.
    pub checked: bool,
    pub ok: bool,
    /// What happened, in English.
    pub message: String,
    /// The same as a message of the catalogue, `{id, args}`, for the window's language.
    pub message_l10n: Msg,
}

impl KeyCheck {
    fn new(checked: bool, ok: bool, msg: Msg) -> KeyCheck {
        KeyCheck { checked, ok, message: crate::i18n::english(&msg), message_l10n: msg }
    }
}

impl Desk {
    /// Every provider, ready ones first, training last.
    pub fn providers(&self) -> Result<Vec<ProviderInfo>> {
        let (all_keys, error) = match self.list_keys() {
            Ok(k) => (k, None),
            Err(e) => (vec![], Some((e.to_string(), e.words()))),
        };
        let mut out = vec![];
        for id in ProviderId::ALL {
            let caps = crate::provider::capabilities(id);
            let keys: Vec<KeyStatus> = all_keys.iter().filter(|k| k.provider == id).cloned().collect();
            let mode = if error.is_some() && id.needs_key() { None } else { Some(self.resolve_mode(id, None)?) };
            let ready = !id.needs_key() || keys.iter().any(|k| Some(k.mode) == mode && k.configured);
            out.push(ProviderInfo {
                id,
                name: id.name(),
                training: !id.needs_key(),
                currencies: caps.currencies.iter().map(|a| a.currency).collect(),
                currency_rules: caps.currencies.iter().map(CurrencyRule::from).collect(),
                verify: caps.verify,
                cancel: caps.cancel,
                share: caps.share,
                refund: caps.refund,
                refund_dashboard: caps.refund_dashboard,
                keys,
                ready,
                mode,
                error: error.as_ref().filter(|_| id.needs_key()).map(|(english, _)| english.clone()),
                error_l10n: error.as_ref().filter(|_| id.needs_key()).map(|(_, msg)| msg.clone()),
            });
        }
        out.sort_by_key(|p| (p.training, !p.ready));
        Ok(out)
    }

    /// Whether any real provider has a key, so the app can offer training first when none does.
    pub fn has_real_key(&self) -> bool {
        self.list_keys().map(|keys| keys.iter().any(|k| k.configured)).unwrap_or(false)
    }

    /// Asks the provider whether the stored key works, by looking up a reference that cannot
    /// exist: "not found" means the key was accepted, 401 means it was refused.
    pub async fn check_key(&self, provider: ProviderId, mode: Mode) -> Result<KeyCheck> {
        if !provider.needs_key() {
            return Ok(KeyCheck::new(false, true, Msg::new("error-key-not-needed").text("provider", provider.to_string())));
        }
        let (key, p) = self.blocking(move |d| Ok((d.key_for(provider, mode)?, d.provider(provider, mode)?))).await?;
        let probe = format!("PDKEYCHECK{}", crate::link::new_reference());
        let looked = retry::run(&self.retry, Operation::Read, |_| p.lookup(&key, LinkRef { reference: &probe, provider_id: None })).await;
        Ok(match looked {
            Ok(Lookup::NotFound { .. }) | Ok(Lookup::Found(_)) => {
                KeyCheck::new(true, true, Msg::new("key-check-accepted").text("provider", provider.to_string()).text("mode", mode.as_str()))
            }
            Err(e @ CallError::Http { status: 401 | 403, .. }) => {
                KeyCheck::new(true, false, Self::call_error(provider, mode, &e).words())
            }
            Err(e) => KeyCheck::new(false, false, Msg::new("key-check-not-asked").text("provider", provider.to_string()).text("detail", e.message())),
        })
    }

    /// Plays the customer of a training link, then verifies it like any other link.
    pub async fn simulate(&self, id_or_reference: &str, outcome: Simulated) -> Result<Link> {
        let wanted = id_or_reference.to_string();
        let link = self.blocking(move |d| d.get(&wanted)).await?;
        if link.provider != ProviderId::Training {
            return Err(Error::conflict(Msg::new("error-simulate-real").num("link", link.id).text("provider", link.provider.to_string())));
        }
        if !link.status.is_pending() {
            return Err(Error::conflict(Msg::new("error-link-already").num("link", link.id).msg("status", link.status.word())));
        }
        debug_assert!(matches!(link.status, LinkStatus::Open | LinkStatus::Unknown));
        self.shared.training.record(&link.reference, outcome.word());
        self.verify(&link.id.to_string()).await
    }
}
