//! Providers: the [`Provider`] trait each payment service implements, what each can do, and the
//! retry policy every call goes through. A provider talks HTTP only; it never touches the database.

mod http;
pub mod paystack;
pub mod retry;
pub mod training;

use crate::link::{LinkStatus, Mode, ProviderId};
use crate::money::{Currency, Money};
use crate::Result;
use async_trait::async_trait;
use secrecy::SecretString;
use std::time::Duration;

pub use retry::{CallError, Decision, Operation, RetryPolicy};

/// What a provider supports; front ends offer only what applies.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Capabilities {
    pub currencies: &'static [Currency],
    /// Most a single link may ask for, in major units.
    pub max_major: Option<i64>,
    pub verify: bool,
    pub cancel: bool,
    pub share: bool,
}

/// How to reach a provider.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub base_url: String,
    /// Whole-request timeout for every call.
    pub timeout: Duration,
}

/// One link to make, with the reference chosen (and stored) before the call.
#[derive(Debug, Clone)]
pub struct CreateRequest<'a> {
    pub link_id: i64,
    pub reference: &'a str,
    pub amount: Money,
    pub customer_email: &'a str,
    pub description: Option<&'a str>,
    pub merchant_name: Option<&'a str>,
}

/// What the provider said when the link was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub provider_id: Option<String>,
    pub url: String,
    pub status: LinkStatus,
    pub provider_status: Option<String>,
}

/// What the provider says about a link now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    pub status: LinkStatus,
    pub provider_status: String,
    pub provider_id: Option<String>,
    /// The amount the provider holds, when it says, in minor units.
    pub amount_minor: Option<i64>,
}

/// The answer to "do you have this reference?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(Observed),
    NotFound { message: String },
}

/// One payment service. Each method makes exactly one HTTP attempt; [`retry::run`] repeats them.
#[async_trait]
pub trait Provider: Send + Sync {
    fn id(&self) -> ProviderId;
    fn capabilities(&self) -> Capabilities;
    /// The mode a key belongs to, from its prefix; refuses what is not a key of this provider.
    fn mode_of_key(&self, key: &str) -> Result<Mode>;
    async fn create(&self, key: &SecretString, req: &CreateRequest<'_>) -> Result<Created, CallError>;
    /// Looks a link up by our reference (and the provider's id when it has one).
    async fn lookup(&self, key: &SecretString, reference: &str, provider_id: Option<&str>) -> Result<Lookup, CallError>;
    /// Whether an error says the reference was already used, i.e. an earlier send did arrive.
    fn is_duplicate_reference(&self, err: &CallError) -> bool;
}

/// The default API address of a provider.
pub fn default_base_url(p: ProviderId) -> &'static str {
    match p {
        ProviderId::Paystack => "https://api.paystack.co",
        ProviderId::Training => "",
    }
}

/// Builds the provider object for `id`; training links record their outcomes in `ledger`.
pub fn build(id: ProviderId, client: reqwest::Client, config: ProviderConfig, ledger: &training::Ledger) -> Box<dyn Provider> {
    match id {
        ProviderId::Paystack => Box::new(paystack::Paystack::new(client, config)),
        ProviderId::Training => Box::new(training::Training::new(ledger.clone())),
    }
}

/// Capabilities without building a client, for front ends that list providers.
pub fn capabilities(id: ProviderId) -> Capabilities {
    match id {
        ProviderId::Paystack => paystack::CAPABILITIES,
        ProviderId::Training => training::CAPABILITIES,
    }
}

/// The mode a key's prefix names, or `None` when it is not a key of this provider.
pub fn key_mode(id: ProviderId, key: &str) -> Option<Mode> {
    match id {
        ProviderId::Paystack => paystack::mode_of_key(key).ok(),
        ProviderId::Training => Some(Mode::Test),
    }
}
