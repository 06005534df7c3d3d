//! Which currencies a provider takes, and the most one link may ask for in each. Each provider
//! declares its own list next to its code; this module holds the shape and the questions asked
//! of it. Amounts always go on the wire in the currency's ISO 4217 minor unit (XOF 1500 → 1500),
//! except where a provider's file says otherwise (Luxfin takes major units).

use super::Capabilities;
use crate::money::Currency;
use serde::Serialize;

/// Whether the provider's own documents say it takes a currency in ISO minor units, or paydesk
/// assumes so (the README lists which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// In the provider's spec or published pages.
    Published,
    /// Not in the provider's spec: the currency, or the unit its amounts are sent in, is assumed.
    Assumed,
    /// paydesk's own (the Training provider).
    Paydesk,
}

/// A currency a provider takes and its per-link limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Accepts {
    pub currency: Currency,
    /// Most a single link may ask for, in major units of `currency`; `None`: the provider decides.
    pub max_major: Option<i64>,
    pub source: Source,
}

impl Accepts {
    pub const fn published(currency: Currency, max_major: Option<i64>) -> Accepts {
        Accepts { currency, max_major, source: Source::Published }
    }
    pub const fn assumed(currency: Currency, max_major: Option<i64>) -> Accepts {
        Accepts { currency, max_major, source: Source::Assumed }
    }
    pub const fn paydesk(currency: Currency, max_major: Option<i64>) -> Accepts {
        Accepts { currency, max_major, source: Source::Paydesk }
    }
}

impl Capabilities {
    /// What this provider says of `currency`, or `None` when it does not take it.
    pub fn accepts(&self, currency: Currency) -> Option<&Accepts> {
        self.currencies.iter().find(|a| a.currency == currency)
    }

    pub fn takes(&self, currency: Currency) -> bool {
        self.accepts(currency).is_some()
    }

    /// The most one link may ask for in `currency`, in major units (`None`: no limit of ours).
    pub fn max_major(&self, currency: Currency) -> Option<i64> {
        self.accepts(currency).and_then(|a| a.max_major)
    }

    /// The currency codes, in the provider's order: `NGN, GHS, …`.
    pub fn codes(&self) -> Vec<&'static str> {
        self.currencies.iter().map(|a| a.currency.code()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::ProviderId;
    use crate::provider::capabilities;

    #[test]
    fn training_takes_every_currency_a_real_provider_takes_and_nothing_else() {
        let mut real: Vec<&str> = ProviderId::ALL
            .into_iter()
            .filter(|p| p.needs_key())
            .flat_map(|p| capabilities(p).codes())
            .collect();
        real.sort();
        real.dedup();
        let mut training = capabilities(ProviderId::Training).codes();
        training.sort();
        assert_eq!(training, real);
    }

    #[test]
    fn every_provider_lists_a_currency_once_and_every_currency_has_an_exponent() {
        for p in ProviderId::ALL {
            let codes = capabilities(p).codes();
            let mut unique = codes.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), codes.len(), "{p} lists a currency twice: {codes:?}");
            for a in capabilities(p).currencies {
                // Each named constant is a usable ISO currency: it round-trips through its code.
                assert_eq!(Currency::from_code(a.currency.code()), Some(a.currency), "{p}");
            }
        }
    }

    #[test]
    fn the_issue_s_currencies_per_provider() {
        let codes = |p| capabilities(p).codes().join(" ");
        assert_eq!(codes(ProviderId::Paystack), "NGN GHS ZAR KES USD XOF EGP RWF");
        assert_eq!(codes(ProviderId::Dojo), "GBP EUR");
        assert_eq!(codes(ProviderId::Payroc), "USD CAD");
        assert_eq!(codes(ProviderId::Luxfin), "USD");
    }

    #[test]
    fn limits_are_per_currency_in_its_own_major_unit() {
        let paystack = capabilities(ProviderId::Paystack);
        assert_eq!(paystack.max_major(Currency::XOF), Some(10_000_000));
        assert_eq!(paystack.max_major(Currency::NGN), Some(10_000_000));
        assert_eq!(paystack.max_major(Currency::GBP), None);
        assert_eq!(capabilities(ProviderId::Payroc).max_major(Currency::CAD), Some(1_000_000));
        assert_eq!(capabilities(ProviderId::Luxfin).max_major(Currency::USD), None);
    }
}
