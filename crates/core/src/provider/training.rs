//! The training provider: makes links at once with no account and no network, and moves no
//! money. Its "server" is an in-memory ledger of outcomes that `Desk::simulate` writes and
//! lookups read, so training links go through the very same use cases and history as real ones.
//! Refunds are simulated the same way: processed at once, and remembered by our reference so a
//! lost answer is found again.

use super::*;
use crate::link::{LinkStatus, ProviderId};
use crate::money::Currency;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const LIMIT: Option<i64> = Some(10_000_000);

pub const CAPABILITIES: Capabilities = Capabilities {
    // Every currency a real provider takes (a unit test holds it to that), so a counter can
    // practise in its own; paydesk's own limit in each.
    currencies: &[
        Accepts::paydesk(Currency::NGN, LIMIT),
        Accepts::paydesk(Currency::GHS, LIMIT),
        Accepts::paydesk(Currency::ZAR, LIMIT),
        Accepts::paydesk(Currency::KES, LIMIT),
        Accepts::paydesk(Currency::USD, LIMIT),
        Accepts::paydesk(Currency::XOF, LIMIT),
        Accepts::paydesk(Currency::EGP, LIMIT),
        Accepts::paydesk(Currency::RWF, LIMIT),
        Accepts::paydesk(Currency::GBP, LIMIT),
        Accepts::paydesk(Currency::EUR, LIMIT),
        Accepts::paydesk(Currency::CAD, LIMIT),
    ],
    verify: true,
    cancel: false,
    share: false,
    refund: true,
    refund_dashboard: None,
};

/// Where every training link points: a reserved `.invalid` host that can never resolve, with
/// the words on the path, so even a scanned code says it is not a payment.
pub const URL_PREFIX: &str = "https://training.paydesk.invalid/TRAINING-NOT-A-PAYMENT/";

/// What a simulated customer did, by reference, and the refunds made, by refund reference.
/// Shared by every training provider of a desk.
#[derive(Clone, Default)]
pub struct Ledger(Arc<Mutex<HashMap<String, &'static str>>>, Arc<Mutex<HashMap<String, i64>>>);

impl Ledger {
    pub fn record(&self, reference: &str, word: &'static str) {
        self.0.lock().expect("ledger lock").insert(reference.to_string(), word);
    }
    /// How many refunds the training "provider" has made in all (tests count them).
    pub fn refunds(&self) -> usize {
        self.1.lock().expect("ledger lock").len()
    }
    /// Remembers what the history last knew of a link, unless the ledger knows better: the
    /// ledger lives in memory, and a restarted app must not see a paid training link as open.
    pub fn remember(&self, reference: &str, known: Option<&str>) {
        let word = match known {
            Some("paid") => "paid",
            Some("failed") => "failed",
            Some("expired") => "expired",
            _ => return,
        };
        self.0.lock().expect("ledger lock").entry(reference.to_string()).or_insert(word);
    }
    fn word(&self, reference: &str) -> &'static str {
        self.0.lock().expect("ledger lock").get(reference).copied().unwrap_or("open")
    }
}

/// An outcome a trainee can play on a training link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Simulated {
    Paid,
    Failed,
    Expired,
}

impl Simulated {
    pub fn word(self) -> &'static str {
        match self {
            Simulated::Paid => "paid",
            Simulated::Failed => "failed",
            Simulated::Expired => "expired",
        }
    }
}

fn map_status(word: &str) -> LinkStatus {
    match word {
        "open" => LinkStatus::Open,
        "paid" => LinkStatus::Paid,
        "failed" => LinkStatus::Failed,
        "expired" => LinkStatus::Expired,
        _ => LinkStatus::Unknown,
    }
}

pub struct Training {
    ledger: Ledger,
}

impl Training {
    pub fn new(ledger: Ledger) -> Self {
        Training { ledger }
    }
}

#[async_trait]
impl Provider for Training {
    fn id(&self) -> ProviderId {
        ProviderId::Training
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    async fn create(&self, _key: &SecretString, req: &CreateRequest<'_>) -> Result<Created, CallError> {
        self.ledger.record(req.reference, "open");
        Ok(Created {
            provider_id: Some(format!("TRAINING-{}", req.reference)),
            url: format!("{URL_PREFIX}{}", req.reference),
            status: LinkStatus::Open,
            provider_status: Some("open".into()),
        })
    }

    async fn lookup(&self, _key: &SecretString, link: LinkRef<'_>) -> Result<Lookup, CallError> {
        let word = self.ledger.word(link.reference);
        Ok(Lookup::Found(Observed {
            status: map_status(word),
            provider_status: word.into(),
            provider_id: None,
            amount_minor: None,
            url: Some(format!("{URL_PREFIX}{}", link.reference)),
        }))
    }

    async fn refund(&self, _key: &SecretString, _link: LinkRef<'_>, req: &RefundRequest<'_>) -> Result<RefundSeen, CallError> {
        // Keyed by our refund reference: sending the same refund again makes no second one.
        self.ledger.1.lock().expect("ledger lock").entry(req.reference.to_string()).or_insert(req.amount.minor);
        Ok(processed(req.reference))
    }

    async fn lookup_refund(&self, _key: &SecretString, _link: LinkRef<'_>, refund: &RefundRef<'_>) -> Result<RefundLookup, CallError> {
        Ok(match self.ledger.1.lock().expect("ledger lock").get(refund.reference) {
            Some(_) => RefundLookup::Found(processed(refund.reference)),
            None => RefundLookup::NotFound { message: format!("No training refund {}.", refund.reference) },
        })
    }

    fn refund_replays(&self) -> bool {
        true
    }
}

fn processed(reference: &str) -> RefundSeen {
    RefundSeen {
        state: crate::store::RefundState::Processed,
        provider_status: "processed".into(),
        provider_refund_id: Some(format!("TRAINING-{reference}")),
        method: "refund",
    }
}
