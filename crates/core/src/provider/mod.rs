//! Providers: the [`Provider`] trait each payment service implements, what each can do, and the
//! retry policy every call goes through. A provider talks HTTP only; it never touches the database.
//! Each provider lives in its own file with its wire types private and its status words mapped
//! exhaustively (a word it does not know is `unknown`, never paid).

mod currencies;
pub mod dojo;
mod guard;
pub(crate) mod http;
pub mod luxfin;
pub mod paystack;
pub mod payroc;
pub mod retry;
pub mod training;

use crate::link::{LinkStatus, Mode, ProviderId};
use crate::money::Money;
use crate::Result;
use async_trait::async_trait;
use secrecy::SecretString;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use currencies::{Accepts, Source};
pub use retry::{CallError, Decision, Operation, RetryPolicy};

/// What a provider supports; front ends offer only what applies.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Capabilities {
    /// The currencies it takes, each with its per-link limit (see [`currencies`]).
    pub currencies: &'static [Accepts],
    pub verify: bool,
    pub cancel: bool,
    /// The provider e-mails the link itself.
    pub share: bool,
    /// Paid links can be refunded (in full or in part) through the provider's API.
    pub refund: bool,
    /// Where a person refunds by hand when there is no API for it (Luxfin's dashboard).
    pub refund_dashboard: Option<&'static str>,
}

/// How a create whose answer was lost is recovered without making a second payable link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LostAnswer {
    /// Look the reference up. Found with its page → use it; found without (nobody saw the page)
    /// → void it and use a new reference; not found → send the same reference again.
    LookUp,
    /// Send again with the same idempotency key: the provider replays its first answer.
    Replay,
    /// The provider cannot be asked: void the reference (nobody saw its page) and use a new one.
    Void,
}

/// How to reach a provider, from the settings in force.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub base_url: String,
    /// Whole-request timeout for every call.
    pub timeout: Duration,
    /// The mode of the key in use (Payroc's hosts differ by mode).
    pub mode: Mode,
    /// This provider's own settings without its prefix (`version`, `terminal_id` …), checked.
    pub options: BTreeMap<String, String>,
}

impl ProviderConfig {
    pub fn option(&self, name: &str) -> Option<&str> {
        self.options.get(name).map(String::as_str)
    }
}

/// State that outlives one call: the training ledger, and bearer tokens (Payroc) cached until
/// shortly before they expire. Keyed by whatever the provider chooses — never by the key itself.
#[derive(Clone, Default)]
pub struct Shared {
    pub training: training::Ledger,
    pub tokens: TokenCache,
}

/// A bearer token and when to stop using it.
#[derive(Clone)]
pub struct CachedToken {
    pub token: SecretString,
    pub refresh_at: Instant,
}

#[derive(Clone, Default)]
pub struct TokenCache(Arc<Mutex<HashMap<String, CachedToken>>>);

impl TokenCache {
    /// The cached token for `slot`, unless it is due for refresh.
    pub fn get(&self, slot: &str) -> Option<SecretString> {
        let map = self.0.lock().expect("token cache lock");
        map.get(slot).filter(|t| Instant::now() < t.refresh_at).map(|t| t.token.clone())
    }
    pub fn put(&self, slot: &str, token: CachedToken) {
        self.0.lock().expect("token cache lock").insert(slot.to_string(), token);
    }
    pub fn forget(&self, slot: &str) {
        self.0.lock().expect("token cache lock").remove(slot);
    }
    /// Drops every token: a key was replaced or removed, and its tokens must not outlive it.
    pub fn clear(&self) {
        self.0.lock().expect("token cache lock").clear();
    }
}

/// One link to make, with the reference and idempotency key chosen (and stored) before the call.
#[derive(Debug, Clone)]
pub struct CreateRequest<'a> {
    pub link_id: i64,
    pub reference: &'a str,
    /// Sent by providers that take one (Payroc's `Idempotency-Key`); the same on every retry.
    pub idempotency_key: &'a str,
    pub amount: Money,
    pub customer_email: &'a str,
    pub description: Option<&'a str>,
    pub merchant_name: Option<&'a str>,
    /// When the sale was recorded: anything derived from a date (an expiry) stays the same on
    /// every retry, so an idempotent replay carries the very same body.
    pub recorded_at: chrono::DateTime<chrono::Utc>,
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
    /// The payment page, when the provider returns it on a lookup (Dojo, Payroc do; Paystack not).
    pub url: Option<String>,
}

/// The answer to "do you have this link?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(Observed),
    NotFound { message: String },
}

/// Which link a call is about: our reference, and the provider's id once known.
#[derive(Debug, Clone, Copy)]
pub struct LinkRef<'a> {
    pub reference: &'a str,
    pub provider_id: Option<&'a str>,
}

impl<'a> From<&'a crate::link::Link> for LinkRef<'a> {
    fn from(l: &'a crate::link::Link) -> Self {
        LinkRef { reference: &l.reference, provider_id: l.provider_id.as_deref() }
    }
}

/// A request that the provider e-mail the link.
#[derive(Debug, Clone)]
pub struct ShareRequest<'a> {
    pub to_email: &'a str,
    pub to_name: &'a str,
    pub message: Option<&'a str>,
    pub idempotency_key: &'a str,
}

/// What the provider said of a share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareReceipt {
    pub provider_id: Option<String>,
}

/// A refund to send, its reference and idempotency key chosen and stored before the call.
#[derive(Debug, Clone)]
pub struct RefundRequest<'a> {
    /// Ours (`PR…`): where a provider takes no idempotency key, the lookup after a lost answer
    /// finds the refund by it (Paystack's merchant note).
    pub reference: &'a str,
    /// Sent by providers that take one; the same on every retry.
    pub idempotency_key: &'a str,
    pub amount: Money,
    /// Whether this gives back the whole payment (Payroc may then reverse it in full).
    pub whole: bool,
    pub reason: Option<&'a str>,
}

/// What the provider says of a refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundSeen {
    pub state: crate::store::RefundState,
    /// The provider's own word (`pending`, `processed`, `ready` …).
    pub provider_status: String,
    pub provider_refund_id: Option<String>,
    /// `refund`, or `reversal` where the provider voided the payment instead (Payroc, open batch).
    pub method: &'static str,
}

/// The answer to "did this refund reach you?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundLookup {
    Found(RefundSeen),
    NotFound { message: String },
}

/// Which refund a lookup is about.
#[derive(Debug, Clone, Copy)]
pub struct RefundRef<'a> {
    pub reference: &'a str,
    /// The provider's id, once it gave one: a lookup by id. Without it, a search.
    pub provider_refund_id: Option<&'a str>,
    pub method: Option<&'a str>,
    pub amount_minor: i64,
    /// When the refund was recorded: a search need not look further back.
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    /// The provider ids of the link's other refunds, which a search must not take for this one.
    pub others: &'a [String],
    /// What the link's other refunds (not failed) add up to, in minor units.
    pub others_minor: i64,
}

/// One payment service. Each method makes exactly one HTTP attempt; [`retry::run`] repeats them.
#[async_trait]
pub trait Provider: Send + Sync {
    fn id(&self) -> ProviderId;
    fn capabilities(&self) -> Capabilities;
    async fn create(&self, key: &SecretString, req: &CreateRequest<'_>) -> Result<Created, CallError>;
    /// Looks a link up: by the provider's id when known, else by our reference.
    async fn lookup(&self, key: &SecretString, link: LinkRef<'_>) -> Result<Lookup, CallError>;
    /// Checks the settings this provider needs, before anything is written or sent.
    fn check(&self) -> Result<()> {
        Ok(())
    }
    /// How to recover a create whose answer was lost.
    fn lost_answer(&self) -> LostAnswer {
        LostAnswer::LookUp
    }
    /// Whether a 5xx answer to a create may hide a link the provider made anyway, and a resend
    /// of the same reference would make a second one (no idempotency, no duplicate check): then
    /// the desk looks the reference up before sending again, as for a lost answer.
    fn server_error_may_have_created(&self) -> bool {
        false
    }
    /// Whether an error says the reference was already used, i.e. an earlier send did arrive.
    fn is_duplicate_reference(&self, _err: &CallError) -> bool {
        false
    }
    /// Cancels (deactivates) a link. Only called when [`Capabilities::cancel`] is true.
    async fn cancel(&self, _key: &SecretString, _link: LinkRef<'_>, _idempotency_key: &str) -> Result<Observed, CallError> {
        Err(CallError::NotSent(format!("{} links cannot be cancelled.", self.id())))
    }
    /// Has the provider e-mail the link. Only called when [`Capabilities::share`] is true.
    async fn share(&self, _key: &SecretString, _link: LinkRef<'_>, _req: &ShareRequest<'_>) -> Result<ShareReceipt, CallError> {
        Err(CallError::NotSent(format!("{} does not email links.", self.id())))
    }
    /// Gives back part or all of a paid link. Only called when [`Capabilities::refund`] is true.
    async fn refund(&self, _key: &SecretString, _link: LinkRef<'_>, _req: &RefundRequest<'_>) -> Result<RefundSeen, CallError> {
        Err(CallError::NotSent(format!("{} refunds cannot be made from paydesk.", self.id())))
    }
    /// Finds a refund: by its id when known (to re-read a pending one), else by what was asked
    /// (after a lost answer, before anything is sent again).
    async fn lookup_refund(&self, _key: &SecretString, _link: LinkRef<'_>, _refund: &RefundRef<'_>) -> Result<RefundLookup, CallError> {
        Err(CallError::NotSent(format!("{} refunds cannot be looked up from paydesk.", self.id())))
    }
    /// Whether a refund sent again with the same idempotency key is replayed, never made twice.
    /// When false, an answer that may hide a refund (lost, 5xx) is looked up before a resend.
    fn refund_replays(&self) -> bool {
        false
    }
}

/// The default API address of a provider for a mode.
pub fn default_base_url(p: ProviderId, mode: Mode) -> &'static str {
    match (p, mode) {
        (ProviderId::Paystack, _) => "https://api.paystack.co",
        (ProviderId::Dojo, _) => "https://api.dojo.tech",
        (ProviderId::Payroc, Mode::Test) => "https://api.uat.payroc.com/v1",
        (ProviderId::Payroc, Mode::Live) => "https://api.payroc.com/v1",
        (ProviderId::Luxfin, _) => "https://luxfin.org",
        (ProviderId::Training, _) => "",
    }
}

/// Builds the provider object for `id`, its answers checked and redacted by [`guard::Guarded`].
pub fn build(id: ProviderId, client: reqwest::Client, config: ProviderConfig, shared: &Shared) -> Box<dyn Provider> {
    let inner: Box<dyn Provider> = match id {
        ProviderId::Paystack => Box::new(paystack::Paystack::new(client, config)),
        ProviderId::Dojo => Box::new(dojo::Dojo::new(client, config)),
        ProviderId::Payroc => Box::new(payroc::Payroc::new(client, config, shared.tokens.clone())),
        ProviderId::Luxfin => Box::new(luxfin::Luxfin::new(client, config)),
        ProviderId::Training => Box::new(training::Training::new(shared.training.clone())),
    };
    Box::new(guard::Guarded::new(inner))
}

/// Capabilities without building a client, for front ends that list providers.
pub fn capabilities(id: ProviderId) -> Capabilities {
    match id {
        ProviderId::Paystack => paystack::CAPABILITIES,
        ProviderId::Dojo => dojo::CAPABILITIES,
        ProviderId::Payroc => payroc::CAPABILITIES,
        ProviderId::Luxfin => luxfin::CAPABILITIES,
        ProviderId::Training => training::CAPABILITIES,
    }
}

/// The mode a key names by its prefix: `Ok(Some(mode))`; `Ok(None)` when this provider's keys do
/// not say (Payroc, Luxfin: the key is filed under the mode the person picks); an error, saying
/// why, when it is not a key of `id` at all.
pub fn mode_of_key(id: ProviderId, key: &str) -> Result<Option<Mode>> {
    match id {
        ProviderId::Paystack => paystack::mode_of_key(key).map(Some),
        ProviderId::Dojo => dojo::mode_of_key(key).map(Some),
        ProviderId::Payroc => payroc::mode_of_key(key),
        ProviderId::Luxfin => luxfin::mode_of_key(key),
        ProviderId::Training => Ok(Some(Mode::Test)),
    }
}
