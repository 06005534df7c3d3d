//! The fake's state: links, issued tokens, remembered idempotency keys and the id counter,
//! behind the one lock every request takes.

use super::wire::{id_code, today};
use super::{idempotency, Payment, PaymentLink};
use std::collections::HashMap;
use std::time::Instant;

#[derive(Default)]
pub(super) struct Book {
    pub(super) links: Vec<PaymentLink>,
    /// token → honoured until
    pub(super) tokens: HashMap<String, Instant>,
    pub(super) token_lifetime: u64,
    pub(super) replays: idempotency::Replays,
    /// Feeds ids and tokens.
    counter: u64,
}

impl Book {
    pub(super) fn new(token_lifetime: u64) -> Book {
        Book {
            token_lifetime,
            ..Book::default()
        }
    }

    pub(super) fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    pub(super) fn link_mut(&mut self, id: &str) -> Option<&mut PaymentLink> {
        let today = today();
        let link = self.links.iter_mut().find(|l| l.payment_link_id == id)?;
        // Payroc moves a link past its last day to `expired`; the fake does it when asked about it.
        if link.status == "active" && link.expires_on < today {
            link.status = "expired".into();
        }
        Some(link)
    }

    pub(super) fn set_status(&mut self, id: &str, word: &str) -> bool {
        let n = self.next();
        let Some(link) = self.link_mut(id) else {
            return false;
        };
        link.status = word.to_string();
        if word == "completed" && !link.payments.iter().any(|p| p.response_code == "A") {
            let payment = Payment {
                payment_id: id_code(n + 1_000),
                amount: link.amount,
                currency: link.currency.clone(),
                status: "ready".into(),
                response_code: "A".into(),
                refunds: vec![],
                reversed: 0,
            };
            link.payments.push(payment);
        }
        true
    }
}
