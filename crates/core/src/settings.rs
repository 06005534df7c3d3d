//! Settings: the known keys, how each is checked, their defaults, and the `PAYDESK_*`
//! environment variables that win over them. Secrets are never settings: they live in the vault.

use crate::link::{Mode, ProviderId};
use crate::money::Currency;
use crate::i18n::Msg;
use crate::{Error, Result};
use secrecy::SecretString;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// One setting paydesk knows.
pub struct Spec {
    pub key: &'static str,
    pub help: &'static str,
    pub default: Option<&'static str>,
    check: fn(&str) -> Result<String>,
}

const SPECS: &[Spec] = &[
    Spec { key: "merchant.name", help: "Shop name shown with the QR code", default: None, check: check_name },
    Spec { key: "till.name", help: "This till's name, as the shop hub and the history show it", default: None, check: check_name },
    Spec { key: "mode", help: "test or live: which key to use when both are set", default: None, check: check_mode },
    Spec { key: "default.provider", help: "Provider picked first", default: Some("paystack"), check: check_provider },
    Spec { key: "default.currency", help: "Currency picked first", default: Some("NGN"), check: check_currency },
    Spec { key: "paystack.base_url", help: "Paystack API address", default: Some("https://api.paystack.co"), check: check_url },
    Spec { key: "http.timeout_secs", help: "Seconds to wait for a provider's answer", default: Some("20"), check: check_timeout },
    Spec { key: "duplicate.window_minutes", help: "Minutes in which a like sale (same customer, amount, currency) is taken for a duplicate", default: Some("30"), check: check_window },
    Spec { key: "verify.concurrency", help: "Requests in flight per provider when verifying every open link", default: Some("8"), check: check_concurrency },
    Spec { key: "dojo.base_url", help: "Dojo API address", default: Some("https://api.dojo.tech"), check: check_url },
    Spec { key: "dojo.version", help: "Dojo API version header (a date)", default: Some("2024-02-05"), check: check_date },
    Spec { key: "dojo.payment_source", help: "Dojo paymentSource to send (unset: none is sent)", default: None, check: check_token },
    Spec { key: "payroc.base_url", help: "Payroc API address (default: UAT for test keys, production for live)", default: None, check: check_url },
    Spec { key: "payroc.identity_url", help: "Payroc identity (token) address (default by mode)", default: None, check: check_url },
    Spec { key: "payroc.terminal_id", help: "Payroc processing terminal id (required for Payroc)", default: None, check: check_token },
    Spec { key: "payroc.expiry_days", help: "Days a Payroc link stays payable", default: Some("7"), check: check_days },
    Spec { key: "luxfin.base_url", help: "Luxfin API address", default: Some("https://luxfin.org"), check: check_url },
    Spec { key: "luxfin.redirect_url", help: "Where Luxfin sends the customer after paying (optional)", default: None, check: check_url },
    Spec { key: "day.starts_at", help: "Local time (HH:MM) the shop's day starts, for late trading: 04:00 runs 04:00 to 04:00", default: Some("00:00"), check: check_time_of_day },
    Spec { key: "ui.language", help: "Language of the window: auto (the computer's) or a code of ui/locales/languages.json", default: Some("auto"), check: check_language },
    Spec { key: "backup.keep_days", help: "Days the automatic daily backups are kept", default: Some("14"), check: check_keep_days },
];

/// Every known setting, in display order.
pub fn specs() -> &'static [Spec] {
    SPECS
}

/// Finds a setting by key, or says which keys exist.
pub fn spec(key: &str) -> Result<&'static Spec> {
    SPECS.iter().find(|s| s.key == key.trim()).ok_or_else(|| {
        let known: Vec<&str> = SPECS.iter().map(|s| s.key).collect();
        Error::invalid_msg("key", Msg::new("error-unknown-setting").text("input", key.trim()).text("known", known.join(", ")))
    })
}

impl Spec {
    /// Checks and normalises a value for this setting.
    pub fn check(&self, value: &str) -> Result<String> {
        (self.check)(value.trim())
    }
}

/// The settings key holding a provider's API address.
pub fn base_url_key(p: ProviderId) -> String {
    format!("{}.base_url", p.slug())
}

fn check_name(v: &str) -> Result<String> {
    if v.is_empty() || v.chars().count() > 60 {
        return Err(Error::invalid_msg("value", Msg::new("error-shop-name")));
    }
    // Sent to providers (Luxfin's product line) and printed: no text that lies on screen.
    crate::link::check_one_line("value", v)?;
    Ok(v.to_string())
}

fn check_language(v: &str) -> Result<String> {
    let v = v.to_ascii_lowercase();
    if v == "auto" || crate::i18n::Lang::all().any(|l| l.code() == v) {
        return Ok(v);
    }
    let codes: Vec<&str> = crate::i18n::Lang::all().map(|l| l.code()).collect();
    Err(Error::invalid_msg("value", Msg::new("error-unknown-language").text("input", v).text("known", codes.join(", "))))
}

fn check_window(v: &str) -> Result<String> {
    match v.parse::<u32>() {
        Ok(n) if n <= 24 * 60 => Ok(n.to_string()),
        _ => Err(Error::invalid_msg("value", Msg::new("error-setting-window"))),
    }
}

fn check_concurrency(v: &str) -> Result<String> {
    match v.parse::<u32>() {
        Ok(n) if (1..=64).contains(&n) => Ok(n.to_string()),
        _ => Err(Error::invalid_msg("value", Msg::new("error-setting-concurrency"))),
    }
}

fn check_mode(v: &str) -> Result<String> {
    Ok(v.parse::<Mode>().map_err(|e| e.for_field("value"))?.as_str().to_string())
}

fn check_provider(v: &str) -> Result<String> {
    Ok(v.parse::<ProviderId>().map_err(|e| e.for_field("value"))?.slug().to_string())
}

/// One of the currencies some provider takes (Training takes every one of them).
fn check_currency(v: &str) -> Result<String> {
    let all = crate::provider::capabilities(crate::link::ProviderId::Training);
    match Currency::from_code(v) {
        Some(c) if all.takes(c) => Ok(c.code().to_string()),
        _ => Err(Error::invalid_msg("value", Msg::new("error-setting-currency").text("input", v.trim()).text("known", all.codes().join(", ")))),
    }
}

/// An https address; plain http only to this machine (local test servers), since a key would
/// otherwise cross the network in clear text.
fn check_url(v: &str) -> Result<String> {
    let bad = || Error::invalid_msg("value", Msg::new("error-setting-url").text("input", v));
    let url = reqwest::Url::parse(v).map_err(|_| bad())?;
    let loopback = is_loopback_host(url.host_str().ok_or_else(bad)?);
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(Error::invalid_msg("value", Msg::new("error-setting-url-http").text("input", v)));
        }
        _ => return Err(bad()),
    }
    Ok(v.trim_end_matches('/').to_string())
}

/// Whether a URL's host is this machine: the only place plain `http://` may go (local test
/// servers), for provider addresses and payment pages alike.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    host == "localhost" || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn check_date(v: &str) -> Result<String> {
    match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Ok(d.format("%Y-%m-%d").to_string()),
        Err(_) => Err(Error::invalid_msg("value", Msg::new("error-setting-date").text("input", v))),
    }
}

fn check_token(v: &str) -> Result<String> {
    let ok = !v.is_empty() && v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !ok {
        return Err(Error::invalid_msg("value", Msg::new("error-setting-token")));
    }
    Ok(v.to_string())
}

fn check_days(v: &str) -> Result<String> {
    match v.parse::<u32>() {
        Ok(n) if (1..=365).contains(&n) => Ok(n.to_string()),
        _ => Err(Error::invalid_msg("value", Msg::new("error-setting-days"))),
    }
}

fn check_time_of_day(v: &str) -> Result<String> {
    Ok(crate::report::parse_starts_at(v)?.format("%H:%M").to_string())
}

fn check_keep_days(v: &str) -> Result<String> {
    match v.parse::<u32>() {
        Ok(n) if (1..=3650).contains(&n) => Ok(n.to_string()),
        _ => Err(Error::invalid_msg("value", Msg::new("error-setting-keep-days"))),
    }
}

fn check_timeout(v: &str) -> Result<String> {
    match v.parse::<u64>() {
        Ok(n) if (1..=300).contains(&n) => Ok(n.to_string()),
        _ => Err(Error::invalid_msg("value", Msg::new("error-setting-timeout"))),
    }
}

/// The `PAYDESK_*` variables paydesk reads, captured once so tests never touch the process's own.
#[derive(Clone, Default)]
pub struct Environment {
    vars: BTreeMap<String, String>,
    keys: BTreeMap<ProviderId, SecretString>,
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<&str> = self.keys.keys().map(|p| p.slug()).collect();
        f.debug_struct("Environment").field("vars", &self.vars).field("keys_for", &keys).finish()
    }
}

impl Environment {
    /// Reads `PAYDESK_*` from this process. Keys (`PAYDESK_<PROVIDER>_KEY`) are held as secrets.
    pub fn from_process() -> Environment {
        Environment::from_pairs(std::env::vars().filter(|(k, _)| k.starts_with("PAYDESK_")))
    }

    pub fn from_pairs<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Environment {
        let mut env = Environment::default();
        for (k, v) in pairs {
            if v.trim().is_empty() {
                continue;
            }
            match ProviderId::ALL.into_iter().find(|p| k == crate::vault::env_var(*p)) {
                Some(p) => {
                    env.keys.insert(p, SecretString::from(v.trim().to_string()));
                }
                None => {
                    env.vars.insert(k, v);
                }
            }
        }
        env
    }

    /// The key given in `PAYDESK_<PROVIDER>_KEY`, which wins over the keyring.
    pub fn provider_key(&self, p: ProviderId) -> Option<&SecretString> {
        self.keys.get(&p)
    }

    /// A `PAYDESK_*` variable, when set and not blank.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// The variable that overrides a setting: `paystack.base_url` → `PAYDESK_PAYSTACK_BASE_URL`.
    pub fn overriding(&self, setting: &str) -> Option<(String, &str)> {
        let name = env_name(setting);
        self.var(&name).map(|v| (name, v))
    }
}

/// `paystack.base_url` → `PAYDESK_PAYSTACK_BASE_URL`
pub fn env_name(setting: &str) -> String {
    format!("PAYDESK_{}", setting.replace('.', "_").to_ascii_uppercase())
}

/// Where a setting's effective value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Default,
    Set,
    Env,
    Unset,
}

/// A setting as it is in force now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effective {
    pub key: &'static str,
    pub value: Option<String>,
    pub source: Source,
    pub help: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn values_are_checked_and_normalised() {
        assert_eq!(spec("paystack.base_url").unwrap().check("http://127.0.0.1:9/").unwrap(), "http://127.0.0.1:9");
        assert_eq!(spec("default.currency").unwrap().check("ngn").unwrap(), "NGN");
        assert_eq!(spec("default.currency").unwrap().check("xof").unwrap(), "XOF");
        let jpy = spec("default.currency").unwrap().check("JPY").unwrap_err().to_string();
        assert_eq!(jpy, "\"JPY\" is not a currency paydesk's providers take: use one of NGN, GHS, ZAR, KES, USD, XOF, EGP, RWF, GBP, EUR, CAD.");
        assert!(spec("paystack.base_url").unwrap().check("ftp://x").is_err());
        assert!(spec("paystack.base_url").unwrap().check("http://api.paystack.co").is_err(), "no key in clear text");
        assert!(spec("paystack.base_url").unwrap().check("http://localhost:8080").is_ok());
        assert!(spec("paystack.base_url").unwrap().check("https://api.paystack.co").is_ok());
        assert!(spec("http.timeout_secs").unwrap().check("0").is_err());
        assert!(spec("mode").unwrap().check("prod").is_err());
        assert!(spec("nope").err().expect("unknown key").to_string().contains("merchant.name"));
    }

    #[test]
    fn environment_keeps_keys_as_secrets_and_maps_settings_to_variables() {
        let env = Environment::from_pairs([
            ("PAYDESK_PAYSTACK_KEY".to_string(), "sk_test_hidden".to_string()),
            ("PAYDESK_PAYSTACK_BASE_URL".to_string(), "http://127.0.0.1:1".to_string()),
        ]);
        assert_eq!(env.provider_key(ProviderId::Paystack).unwrap().expose_secret(), "sk_test_hidden");
        assert!(!format!("{env:?}").contains("hidden"));
        assert_eq!(env.overriding("paystack.base_url").unwrap().1, "http://127.0.0.1:1");
        assert_eq!(env_name("http.timeout_secs"), "PAYDESK_HTTP_TIMEOUT_SECS");
    }
}
