//! The domain: what a person asks for ([`NewLink`]) and what paydesk keeps ([`Link`]).

use crate::money::{Currency, Money};
use crate::i18n::Msg;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The payment providers paydesk can create links with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ProviderId {
    Paystack,
    Dojo,
    Payroc,
    Luxfin,
    /// Built in: needs no account and no network, moves no money. For learning the counter.
    Training,
}

impl ProviderId {
    pub const ALL: [ProviderId; 5] =
        [ProviderId::Paystack, ProviderId::Dojo, ProviderId::Payroc, ProviderId::Luxfin, ProviderId::Training];

    /// The lowercase name used on the command line, in settings keys and in the database.
    pub fn slug(self) -> &'static str {
        match self {
            ProviderId::Paystack => "paystack",
            ProviderId::Dojo => "dojo",
            ProviderId::Payroc => "payroc",
            ProviderId::Luxfin => "luxfin",
            ProviderId::Training => "training",
        }
    }

    /// The name a person reads.
    pub fn name(self) -> &'static str {
        match self {
            ProviderId::Paystack => "Paystack",
            ProviderId::Dojo => "Dojo",
            ProviderId::Payroc => "Payroc",
            ProviderId::Luxfin => "Luxfin",
            ProviderId::Training => "Training",
        }
    }

    /// Whether links need an API key (every real provider does; training does not).
    pub fn needs_key(self) -> bool {
        !matches!(self, ProviderId::Training)
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ProviderId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let want = s.trim().to_ascii_lowercase();
        ProviderId::ALL.into_iter().find(|p| p.slug() == want).ok_or_else(|| {
            let known: Vec<&str> = ProviderId::ALL.iter().map(|p| p.slug()).collect();
            Error::invalid_msg("provider", Msg::new("error-unknown-provider").text("input", s.trim()).text("known", known.join(", ")))
        })
    }
}

/// Test links move no money; live links do. A key's prefix decides which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Test,
    Live,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Test, Mode::Live];
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Test => "test",
            Mode::Live => "live",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "test" => Ok(Mode::Test),
            "live" => Ok(Mode::Live),
            other => Err(Error::invalid_msg("mode", Msg::new("error-unknown-mode").text("input", other))),
        }
    }
}

/// Where a link stands, across providers. The provider's own word is kept beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// Recorded locally; the provider has not confirmed it yet.
    Creating,
    /// The customer can pay it.
    Open,
    Paid,
    Failed,
    Expired,
    Cancelled,
    /// Paid, and part of it given back through the provider; `refundable_minor` is what is left.
    PartiallyRefunded,
    Refunded,
    /// The provider said something we do not know. Never treated as paid.
    Unknown,
}

impl LinkStatus {
    pub const ALL: [LinkStatus; 9] = [
        LinkStatus::Creating,
        LinkStatus::Open,
        LinkStatus::Paid,
        LinkStatus::Failed,
        LinkStatus::Expired,
        LinkStatus::Cancelled,
        LinkStatus::PartiallyRefunded,
        LinkStatus::Refunded,
        LinkStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Creating => "creating",
            LinkStatus::Open => "open",
            LinkStatus::Paid => "paid",
            LinkStatus::Failed => "failed",
            LinkStatus::Expired => "expired",
            LinkStatus::Cancelled => "cancelled",
            LinkStatus::PartiallyRefunded => "partially_refunded",
            LinkStatus::Refunded => "refunded",
            LinkStatus::Unknown => "unknown",
        }
    }

    /// The status as a word inside a sentence of the catalogue (`status-word`): in English its
    /// name as `Display` writes it (`paid`), in another language that language's word.
    pub fn word(self) -> Msg {
        Msg::new("status-word").text("status", self.as_str())
    }

    /// Whether the provider may still change it, so verifying it is worth a call.
    pub fn is_pending(self) -> bool {
        matches!(self, LinkStatus::Open | LinkStatus::Unknown)
    }

    /// Whether money was taken and some of it may still be given back.
    pub fn is_refundable(self) -> bool {
        matches!(self, LinkStatus::Paid | LinkStatus::PartiallyRefunded)
    }
}

impl fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LinkStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let want = s.trim().to_ascii_lowercase();
        LinkStatus::ALL.into_iter().find(|st| st.as_str() == want).ok_or_else(|| {
            let known: Vec<&str> = LinkStatus::ALL.iter().map(|s| s.as_str()).collect();
            Error::invalid_msg("status", Msg::new("error-unknown-status").text("input", s.trim()).text("known", known.join(", ")))
        })
    }
}

/// A validated request for a payment link. Build it with [`NewLink::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLink {
    pub provider: ProviderId,
    pub amount: Money,
    pub customer_email: String,
    pub description: Option<String>,
}

/// Longest description we accept (providers truncate or refuse longer ones).
pub const MAX_DESCRIPTION: usize = 200;

impl NewLink {
    pub fn new(provider: ProviderId, amount: Money, email: &str, description: Option<&str>) -> Result<NewLink> {
        Ok(NewLink {
            provider,
            amount,
            customer_email: validate_email(email)?,
            description: validate_description(description)?,
        })
    }
}

/// Checks an address with the `email_address` crate (RFC 5322), plus a dot in the domain,
/// since a payment receipt cannot reach `name@localhost`.
pub fn validate_email(email: &str) -> Result<String> {
    let email = email.trim();
    if email.is_empty() {
        return Err(Error::invalid_msg("email", Msg::new("error-email-empty")));
    }
    let parsed = email_address::EmailAddress::parse_with_options(email, email_address::Options::default().without_display_text())
        .map_err(|_| Error::invalid_msg("email", Msg::new("error-email-invalid").text("input", email)))?;
    if !parsed.domain().contains('.') || parsed.domain().ends_with('.') {
        return Err(Error::invalid_msg("email", Msg::new("error-email-no-domain").text("input", email)));
    }
    Ok(email.to_string())
}

pub(crate) fn validate_description(description: Option<&str>) -> Result<Option<String>> {
    let Some(d) = description.map(str::trim).filter(|d| !d.is_empty()) else { return Ok(None) };
    if d.chars().count() > MAX_DESCRIPTION {
        return Err(Error::invalid_msg("description", Msg::new("error-description-too-long").num("max", MAX_DESCRIPTION as i64)));
    }
    check_one_line("description", d)?;
    Ok(Some(d.to_string()))
}

/// Refuses what would make free text lie on screen or on a receipt: control characters, line and
/// paragraph separators (U+2028, U+2029), and the bidi controls that reorder what is shown
/// (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates). Emoji and right-to-left
/// scripts are plain letters and stay accepted. The message names the text by its `field`
/// (`description`, `name`, `message`, `reason`, `value`: the shop name), as `error-one-line` words it.
pub fn check_one_line(field: &'static str, text: &str) -> Result<()> {
    let Some(bad) = text.chars().find(|c| breaks_a_line(*c)) else { return Ok(()) };
    let why = if is_bidi_control(bad) {
        "bidi"
    } else if is_separator(bad) {
        "break"
    } else {
        "control"
    };
    let msg = Msg::new("error-one-line").text("field", field).text("why", why).text("code", format!("{:04X}", bad as u32));
    Err(Error::invalid_msg(field, msg))
}

/// Longest status word kept from a provider ([`one_line`]); real ones are a word or two.
pub const MAX_WORD: usize = 60;
/// Longest message kept from a provider ([`one_line`]).
pub const MAX_MESSAGE: usize = 300;

/// `text` as one plain line: what [`check_one_line`] refuses in what people type (control
/// characters such as a terminal's ESC, line and paragraph separators, bidi controls) becomes a
/// space, each run of spaces one, and past `max` characters it is cut with "…". For text from
/// outside (a provider, another till) before it is stored, shown or printed.
pub fn one_line(text: &str, max: usize) -> String {
    let spaced: String = text.chars().map(|c| if breaks_a_line(c) { ' ' } else { c }).collect();
    let line = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > max {
        format!("{}…", line.chars().take(max.saturating_sub(1)).collect::<String>())
    } else {
        line
    }
}

/// What [`check_one_line`] refuses: a character that can break a line, move a terminal's
/// cursor or reorder what is shown.
pub(crate) fn breaks_a_line(c: char) -> bool {
    c.is_control() || is_separator(c) || is_bidi_control(c)
}

fn is_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A payment link as paydesk keeps it. Its JSON form is the CLI's stable `--json` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The short local number people type (`paydesk link show 12`).
    pub id: i64,
    /// Globally unique (UUID v7): the same link on every till and in the shop's hub.
    pub uid: String,
    /// The till (install) that made the link.
    pub till_id: String,
    pub provider: ProviderId,
    pub mode: Mode,
    /// Our reference for the current attempt at the provider.
    pub reference: String,
    pub provider_id: Option<String>,
    pub url: Option<String>,
    pub amount_minor: i64,
    pub currency: Currency,
    pub customer_email: String,
    pub description: Option<String>,
    pub status: LinkStatus,
    pub provider_status: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_verified_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Given back to the customer through the provider (refunds it has processed), minor units.
    #[serde(default)]
    pub refunded_minor: i64,
    /// What a refund may still give back: the amount less every refund processed, pending or
    /// being sent; 0 unless the link is paid or partially refunded.
    #[serde(default)]
    pub refundable_minor: i64,
    /// Bumped by every save: a save made from an older copy is merged, never blindly written.
    #[serde(skip_serializing, default)]
    pub version: i64,
    /// The sale this link is an attempt of (local number and global uid).
    pub sale_id: i64,
    pub sale_uid: String,
    /// False only while no send of this link can have left this machine: it surely does not
    /// exist at the provider.
    #[serde(skip_serializing, default)]
    pub sent: bool,
    /// Filled in when read for a person: the name of the till that made it (this till's
    /// `till.name`, or another till's as the shop hub last said it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub till: Option<String>,
    /// Filled in when read for a person: this paid link has a twin that was paid too.
    #[serde(skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub paid_twice: Option<crate::sale::PaidTwice>,
}

impl Link {
    pub fn money(&self) -> Money {
        Money { minor: self.amount_minor, currency: self.currency }
    }
}

/// Makes a fresh reference: `PD` and 20 characters of Crockford base32 from a random UUID.
/// Uses only letters and digits, so every provider accepts it, and fits Payroc's 24-character orderId.
pub fn new_reference() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut n = uuid::Uuid::new_v4().as_u128();
    let mut out = String::from("PD");
    for _ in 0..20 {
        out.push(ALPHABET[(n % 32) as usize] as char);
        n /= 32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_by_a_real_parser() {
        assert_eq!(validate_email(" a@b.com ").unwrap(), "a@b.com");
        for bad in ["", "a", "a@", "@b.com", "a@b", "a b@c.com", "a@@b.com", "Name <a@b.com>"] {
            let err = validate_email(bad).unwrap_err();
            assert_eq!(err.field(), Some("email"), "{bad:?}");
        }
    }

    #[test]
    fn references_use_only_characters_every_provider_accepts() {
        let a = new_reference();
        assert_eq!(a.len(), 22);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()), "{a}");
        assert_ne!(a, new_reference());
    }

    #[test]
    fn descriptions_are_trimmed_and_bounded() {
        assert_eq!(validate_description(Some("  ")).unwrap(), None);
        assert_eq!(validate_description(Some(" Bread ")).unwrap().as_deref(), Some("Bread"));
        assert!(validate_description(Some(&"x".repeat(201))).is_err());
        assert!(validate_description(Some("a\nb")).is_err());
    }

    #[test]
    fn descriptions_refuse_text_that_would_lie_on_screen_and_keep_real_scripts() {
        for (bad, code) in [("Bread \u{202E}gnp.exe", "U+202E"), ("a\u{2028}b", "U+2028"), ("a\u{2029}b", "U+2029"), ("\u{2066}x", "U+2066"), ("x\u{202A}", "U+202A")] {
            let err = validate_description(Some(bad)).unwrap_err();
            assert_eq!(err.field(), Some("description"));
            assert!(err.to_string().contains(code), "{err}");
        }
        for good in ["Pain au chocolat 🥐", "خبز طازج", "לחם", "Brot für 2"] {
            assert_eq!(validate_description(Some(good)).unwrap().as_deref(), Some(good));
        }
    }
}
