//! The shapes the shell adds on top of the core's, as docs/ipc.md names them: [`LinkView`] (a
//! link ready to show), [`QueryArg`] (the UI's history filters) and [`LinkRef`] (a link's id as
//! the UI passes it). Everything else the UI sees is the core's own `Serialize` output.

use crate::error::{AppError, AppResult};
use paydesk_core::desk::Desk;
use paydesk_core::i18n::Msg;
use paydesk_core::link::{Link, LinkStatus, Mode, ProviderId};
use paydesk_core::money::format_minor;
use paydesk_core::sale::{Failover, PaidTwice, Sale};
use paydesk_core::store::{LinkQuery, OperationRecord, ReferenceRecord, RefundRecord, StatusEvent};
use serde::{Deserialize, Serialize};

/// A link with its amount formatted for display, its history, and the sale it is an attempt of.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub link: Link,
    /// `1,500.50`: the UI never does arithmetic or formatting on money.
    pub amount_display: String,
    /// Made with the Training provider: no money moves, and it can be settled by hand.
    pub training: bool,
    pub events: Vec<StatusEvent>,
    pub references: Vec<ReferenceRecord>,
    /// Shares by e-mail and cancels, oldest first, with how each went.
    pub operations: Vec<OperationRecord>,
    /// The sale, with every attempt oldest first.
    pub sale: Sale,
    /// Set on a paid link whose twin was paid too: which one to refund.
    pub paid_twice: Option<PaidTwice>,
    /// Whether another provider may be tried on the sale now, and which.
    pub failover: Failover,
    /// Whether "Cancel the sale" applies: no attempt of it can be paid.
    pub can_cancel_sale: bool,
    /// Refunds, oldest first, each with the provider's own word for it.
    pub refunds: Vec<RefundRecord>,
    /// Made on this till: only it refunds the link (refunds are not shared between tills).
    pub made_here: bool,
}

impl LinkView {
    /// Reads the link back with its events and references.
    /// Blocking (it reads the history): call it through `Desk::blocking`.
    pub fn load(desk: &Desk, id: i64) -> paydesk_core::Result<LinkView> {
        let d = desk.details(&id.to_string())?;
        let sale = desk.sale(&d.link.sale_id.to_string())?;
        let can_cancel_sale = sale.cancelled_at.is_none()
            && sale.attempts.iter().all(|l| matches!(l.status, LinkStatus::Failed | LinkStatus::Expired | LinkStatus::Cancelled) || (l.status == LinkStatus::Creating && !l.sent));
        Ok(LinkView {
            made_here: d.link.till_id == desk.till_id(),
            amount_display: format_minor(d.link.amount_minor, d.link.currency),
            training: d.link.provider == ProviderId::Training,
            paid_twice: d.link.paid_twice.clone(),
            failover: desk.failover_options(&sale),
            can_cancel_sale,
            sale,
            link: d.link,
            events: d.events,
            references: d.references,
            operations: d.operations,
            refunds: d.refunds,
        })
    }
}

/// A link's local id as the UI sends it: a number, or the same digits (or a reference) as a
/// string — a value read back from a URL or a `data-` attribute is a string.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum LinkRef {
    Id(i64),
    Text(String),
}

impl LinkRef {
    /// The id-or-reference text the core looks links up by.
    pub fn key(&self) -> String {
        match self {
            LinkRef::Id(id) => id.to_string(),
            LinkRef::Text(s) => s.trim().to_string(),
        }
    }
}

/// The history filters: `{ status, provider, mode, till, search, beforeId, limit }`, all
/// optional; `till` is a till's id (as the page's `tills` list them).
/// An empty string means "any", as a `<select>`'s first option sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QueryArg {
    pub status: Option<String>,
    pub provider: Option<String>,
    pub mode: Option<String>,
    pub till: Option<String>,
    pub search: Option<String>,
    pub before_id: Option<i64>,
    pub limit: Option<u32>,
}

/// The most links one page may hold, so a bad `limit` cannot make the window read the whole
/// history at once.
pub const MAX_PAGE: u32 = 500;

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl QueryArg {
    /// The core's query; words are parsed by the core, so a bad one names its field.
    pub fn to_query(&self) -> AppResult<LinkQuery> {
        if self.limit == Some(0) {
            return Err(AppError::invalid("limit", Msg::new("error-page-limit")));
        }
        Ok(LinkQuery {
            status: given(&self.status).map(str::parse::<LinkStatus>).transpose()?,
            provider: given(&self.provider).map(str::parse::<ProviderId>).transpose()?,
            mode: given(&self.mode).map(str::parse::<Mode>).transpose()?,
            till: given(&self.till).map(str::to_string),
            search: given(&self.search).map(str::to_string),
            before_id: self.before_id,
            limit: self.limit.map(|l| l.min(MAX_PAGE)),
            sales_only: false,
        })
    }

    /// The same filters over the whole history: an export is never one page.
    pub fn to_export_query(&self) -> AppResult<LinkQuery> {
        Ok(LinkQuery { before_id: None, limit: None, ..self.to_query()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_take_camel_case_and_treat_blank_as_any() {
        let q: QueryArg = serde_json::from_value(serde_json::json!({"status": "open", "provider": "", "beforeId": 7, "limit": 9999})).unwrap();
        let q = q.to_query().unwrap();
        assert_eq!(q.status, Some(LinkStatus::Open));
        assert_eq!((q.provider, q.till), (None, None));
        let by_till: QueryArg = serde_json::from_value(serde_json::json!({"till": " t-2 "})).unwrap();
        assert_eq!(by_till.to_query().unwrap().till.as_deref(), Some("t-2"));
        assert_eq!((q.before_id, q.limit), (Some(7), Some(MAX_PAGE)));
        let bad: QueryArg = serde_json::from_value(serde_json::json!({"status": "nope"})).unwrap();
        assert_eq!(bad.to_query().unwrap_err().field, Some("status"));
        let all: QueryArg = serde_json::from_value(serde_json::json!({"beforeId": 7, "limit": 5})).unwrap();
        let all = all.to_export_query().unwrap();
        assert_eq!((all.before_id, all.limit), (None, None));
    }

    #[test]
    fn link_refs_are_numbers_or_text() {
        let n: LinkRef = serde_json::from_value(serde_json::json!(12)).unwrap();
        let s: LinkRef = serde_json::from_value(serde_json::json!(" 12 ")).unwrap();
        assert_eq!((n.key(), s.key()), ("12".to_string(), "12".to_string()));
    }
}
