//! Money: [`Currency`] (any ISO 4217 currency with a minor unit, from the `iso_currency` crate's
//! table) and amounts held as `i64` minor units from the moment a person's text is parsed. No
//! floating-point type ever holds money here or anywhere else. Which currencies a provider takes
//! is the provider's own knowledge (`provider::Capabilities::currencies`).

use crate::i18n::Msg;
use crate::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// An ISO 4217 currency that has a minor unit (not a fund, metal or testing code). A cheap `Copy`
/// value; on every wire (database, JSON, IPC, CSV) it is its three-letter code, `"NGN"`.
/// The code and the exponent come from the `iso_currency` crate's copy of the ISO table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(iso_currency::Currency);

macro_rules! named {
    ($($code:ident),*) => {
        $(#[doc = concat!("`", stringify!($code), "`")]
        pub const $code: Currency = Currency(iso_currency::Currency::$code);)*
    };
}

impl Currency {
    // Names for the codes paydesk's providers take, so code can say `Currency::XOF`. The list of
    // what each provider takes lives with the provider; exponents come from the ISO table.
    named!(NGN, GHS, ZAR, KES, USD, XOF, EGP, RWF, GBP, EUR, CAD);

    /// The currency for an ISO code (any case, surrounding spaces ignored), if ISO 4217 lists it
    /// with a minor unit. `None` for unknown codes and for codes such as XAU or XXX.
    pub fn from_code(code: &str) -> Option<Currency> {
        let c = iso_currency::Currency::from_code(&code.trim().to_ascii_uppercase())?;
        let usable = c.exponent().is_some() && !c.is_fund() && !c.is_special();
        usable.then_some(Currency(c))
    }

    /// Digits after the decimal point (ISO 4217 minor-unit exponent): 2 for NGN, 0 for XOF.
    pub fn exponent(self) -> u32 {
        // `from_code` admits only currencies with an exponent; the named constants all have one
        // (a unit test holds them to it).
        u32::from(self.0.exponent().unwrap_or(0))
    }

    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// How many minor units make one major unit (100 for cents, 1 for XOF).
    pub fn minor_per_major(self) -> i64 {
        10i64.pow(self.exponent())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = Error;
    /// Any ISO 4217 currency; whether a provider takes it is asked of the provider.
    fn from_str(s: &str) -> Result<Self> {
        Currency::from_code(s).ok_or_else(|| {
            Error::invalid_msg("currency", Msg::new("error-currency-code").text("input", s.trim()))
        })
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Currency::from_code(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown currency code {code:?}")))
    }
}

/// How a person writes numbers: which character separates decimals and which groups thousands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberStyle {
    pub decimal: char,
    pub group: char,
}

impl NumberStyle {
    /// `1,500.50`
    pub const POINT: NumberStyle = NumberStyle { decimal: '.', group: ',' };
    /// `1.500,50`
    pub const COMMA: NumberStyle = NumberStyle { decimal: ',', group: '.' };
    /// `1 500,50`: French, grouping with a narrow no-break space as `Intl.NumberFormat("fr")`.
    pub const FRENCH: NumberStyle = NumberStyle { decimal: ',', group: '\u{202F}' };
}

/// Spaces a person may type for a locale that groups with a space (plain, no-break, thin, narrow).
const SPACES: [char; 4] = [' ', '\u{00A0}', '\u{2009}', '\u{202F}'];

impl Default for NumberStyle {
    fn default() -> Self {
        NumberStyle::POINT
    }
}

/// An amount in minor units of a currency. Always positive once parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    /// Parses what a person typed (`1500`, `1,500.50`, ` 12 `) with the usual point style.
    /// `max_major` is the most a provider accepts, in major units.
    pub fn parse(input: &str, currency: Currency, max_major: Option<i64>) -> Result<Money> {
        Money::parse_styled(input, currency, max_major, NumberStyle::POINT)
    }

    pub fn parse_styled(input: &str, currency: Currency, max_major: Option<i64>, style: NumberStyle) -> Result<Money> {
        let mark_ok = |c: char| !c.is_alphanumeric() && !"+-".contains(c) && !c.is_control();
        if style.decimal == style.group || !mark_ok(style.decimal) || !mark_ok(style.group) {
            return Err(Error::invalid_msg("amount", Msg::new("error-number-style")));
        }
        // In a locale that groups with a space, any space a keyboard types means the same.
        let typed: String = if SPACES.contains(&style.group) { input.chars().map(|c| if SPACES.contains(&c) { style.group } else { c }).collect() } else { input.to_string() };
        let minor = parse_minor(&typed, currency, style)?;
        if let Some(max) = max_major {
            let max_minor = max.saturating_mul(currency.minor_per_major());
            if minor > max_minor {
                return Err(Error::invalid_msg("amount", Msg::new("amount-over-limit").money("max", max_minor, currency)));
            }
        }
        Ok(Money { minor, currency })
    }

    /// `1,500.50` — grouped, with exactly the currency's decimals.
    pub fn display_amount(&self) -> String {
        format_minor(self.minor, self.currency)
    }

    /// `1500.50` — plain major units, for wire formats that want a decimal number.
    pub fn major_decimal(&self) -> String {
        plain_major(self.minor, self.currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.display_amount())
    }
}

/// The most minor units an amount may hold, 2^53 − 1: the windows read amounts as JSON numbers
/// (IEEE doubles), exact up to there, so a larger one would be shown other than it was recorded
/// and sent. No provider takes nearly as much.
pub const MAX_MINOR: i64 = (1 << 53) - 1;

fn bad(msg: Msg) -> Error {
    Error::invalid_msg("amount", msg)
}

fn parse_minor(input: &str, currency: Currency, style: NumberStyle) -> Result<i64> {
    let s = input.trim();
    if s.is_empty() {
        return Err(bad(Msg::new("amount-empty")));
    }
    let lower = s.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        return Err(bad(Msg::new("amount-not-a-number").text("input", s)));
    }
    if s.starts_with('-') || s.starts_with('\u{2212}') {
        return Err(bad(Msg::new("amount-negative")));
    }
    let looks_exponent = s.chars().any(|c| c == 'e' || c == 'E')
        && s.chars().all(|c| c.is_ascii_digit() || "eE+-.,".contains(c));
    if looks_exponent {
        return Err(bad(Msg::new("amount-exponent").text("input", s)));
    }
    if let Some(c) = s.chars().find(|c| !c.is_ascii_digit() && *c != style.decimal && *c != style.group) {
        return Err(bad(Msg::new("amount-stray-char").text("input", s).text("char", c).text("decimal", style.decimal)));
    }
    let mut parts = s.split(style.decimal);
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next();
    if parts.next().is_some() {
        return Err(bad(Msg::new("amount-two-decimal-marks").text("input", s).text("decimal", style.decimal)));
    }
    let digits = ungroup(int_part, style.group)
        .ok_or_else(|| {
            if looks_like_decimals(s, style) {
                if currency.exponent() == 0 {
                    let found = s.split_once(style.group).map_or(0, |(_, after)| after.len());
                    return bad(Msg::new("amount-too-many-decimals").text("currency", currency.code()).num("allowed", 0).text("input", s).num("found", found as i64));
                }
                return bad(Msg::new("amount-group-as-decimal").text("input", s).text("group", style.group).text("decimal", style.decimal));
            }
            // a space cannot be seen between quotes: say "a space"
            let id = if SPACES.contains(&style.group) { "amount-misplaced-space" } else { "amount-misplaced-group" };
            bad(Msg::new(id).text("input", s).text("group", style.group))
        })?;
    let frac = frac_part.unwrap_or("");
    if frac.contains(style.group) {
        return Err(bad(Msg::new("amount-group-after-decimal").text("input", s).text("group", style.group)));
    }
    if digits.is_empty() && frac.is_empty() {
        return Err(bad(Msg::new("amount-not-a-number").text("input", s)));
    }
    let exp = currency.exponent() as usize;
    if frac.len() > exp {
        return Err(bad(
            Msg::new("amount-too-many-decimals")
                .text("currency", currency.code())
                .num("allowed", exp as i64)
                .text("input", s)
                .num("found", frac.len() as i64),
        ));
    }
    let too_large = || bad(Msg::new("amount-too-large").text("input", s));
    let mut minor: i64 = 0;
    let padded = frac.chars().chain(std::iter::repeat('0')).take(exp);
    for c in digits.chars().chain(padded) {
        let d = c.to_digit(10).expect("only digits remain") as i64;
        minor = minor.checked_mul(10).and_then(|m| m.checked_add(d)).ok_or_else(too_large)?;
    }
    if minor > MAX_MINOR {
        return Err(too_large());
    }
    if minor == 0 {
        return Err(bad(Msg::new("amount-zero")));
    }
    Ok(minor)
}

/// `1,5` or `12,50` where "," groups thousands: one group mark, no decimal mark, one or two
/// digits after it, as a person who meant decimals types it. The refusal says which mark starts
/// the decimals rather than showing a grouped number, which would read as the correction
/// (`1,500` under `1,5`). `ui/js/money.js` `readAmount` applies the same rule to its preview.
fn looks_like_decimals(s: &str, style: NumberStyle) -> bool {
    if SPACES.contains(&style.group) || s.contains(style.decimal) {
        return false;
    }
    match s.split_once(style.group) {
        Some((int, frac)) => !int.is_empty() && !frac.contains(style.group) && (1..=2).contains(&frac.len()),
        None => false,
    }
}

/// Removes group separators from the integer part, accepting them only every three digits.
fn ungroup(int_part: &str, group: char) -> Option<String> {
    if !int_part.contains(group) {
        return Some(int_part.to_string());
    }
    let groups: Vec<&str> = int_part.split(group).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

/// Formats minor units for display: `150050` NGN → `1,500.50`.
pub fn format_minor(minor: i64, currency: Currency) -> String {
    format_minor_styled(minor, currency, NumberStyle::POINT)
}

/// Formats minor units in a number style: `150050` NGN, French → `1 500,50`.
pub fn format_minor_styled(minor: i64, currency: Currency, style: NumberStyle) -> String {
    let plain = plain_major(minor, currency);
    let (int_part, frac) = match plain.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (plain.clone(), None),
    };
    let (sign, digits) = int_part.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", &int_part));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(style.group);
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}{}{f}", style.decimal),
        None => format!("{sign}{grouped}"),
    }
}

/// Minor units as a plain decimal in major units: `150050` → `1500.50`. Exact, integer-only.
pub fn plain_major(minor: i64, currency: Currency) -> String {
    let exp = currency.exponent();
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if exp == 0 {
        return format!("{sign}{abs}");
    }
    let unit = 10u64.pow(exp);
    format!("{sign}{}.{:0width$}", abs / unit, abs % unit, width = exp as usize)
}

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
