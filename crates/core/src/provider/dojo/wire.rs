//! Dojo's wire types, private to the provider. What we send carries only fields the 2024-02-05
//! spec allows (`CreatePaymentIntentRequest` and `SearchPaymentIntentRequest` both say
//! `additionalProperties: false`, so one stray field is a 400); what we read is the handful of
//! `PaymentIntent` fields we need, and everything else Dojo sends is ignored, since it adds
//! fields between versions.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `POST /payment-intents`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DojoCreateRequest<'a> {
    pub amount: DojoMoney<'a>,
    /// Ours, 1 to 60 characters.
    pub reference: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub customer: DojoCustomer<'a>,
    /// Only with the `dojo.payment_source` setting: Dojo's payment-links guide asks for it, but
    /// no official spec has it on create, so by default it is not sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_source: Option<&'a str>,
}

/// `Money`: an integer of minor units and the ISO code.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DojoMoney<'a> {
    pub value: i64,
    pub currency_code: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DojoCustomer<'a> {
    pub email_address: &'a str,
}

/// `POST /payment-intents/search`. It cannot filter by reference: we filter by status and
/// date here and match the reference ourselves.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DojoSearchRequest<'a> {
    pub statuses: &'a [&'a str],
    pub start_date: String,
    pub cursor: DojoCursor,
}

#[derive(Serialize)]
pub(super) struct DojoCursor {
    /// 1 to 100 in the spec.
    pub limit: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// `POST /payment-intents/{id}/refunds` (`CreateRefundRequest`, `additionalProperties: false`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DojoRefundRequest<'a> {
    /// Minor units.
    pub amount: i64,
    /// Up to 1024 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_reason: Option<&'a str>,
    /// Up to 4096 characters: our refund reference, so Dojo's dashboard shows which it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// `Refund`: the answer to a refund and to `GET /payment-intents/refunds/{refundId}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DojoRefund {
    pub refund_id: Option<String>,
}

/// The fields of a `PaymentIntent` we read. Every one is optional so that a field Dojo leaves
/// out does not make the whole answer unreadable; what is missing is decided by the caller.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DojoIntent {
    pub id: Option<String>,
    pub status: Option<String>,
    /// `Auto` or `Manual`; decides what `Authorized` means.
    pub capture_mode: Option<String>,
    pub amount: Option<DojoAmount>,
    pub reference: Option<String>,
    pub payment_link: Option<String>,
    /// Minor units given back so far.
    pub refunded_amount: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DojoAmount {
    pub value: Option<i64>,
}

/// `PagedPaymentIntent`.
#[derive(Deserialize)]
pub(super) struct DojoPage {
    pub data: Option<Vec<DojoIntent>>,
    /// The cursor of the next page; absent on the last one.
    pub after: Option<String>,
}

/// RFC 7807 problem details, as Dojo sends them: `{type, title, status, detail, errors:
/// {Field: [message]}, traceId}`. ASP.NET validation puts the useful words in `errors`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DojoProblem {
    pub title: Option<String>,
    pub detail: Option<String>,
    pub errors: Option<BTreeMap<String, serde_json::Value>>,
    pub trace_id: Option<String>,
}

impl DojoProblem {
    /// Dojo's own words: the detail (else the title), then each field with its messages.
    /// `None` when the body says nothing a person could act on.
    pub fn message(&self) -> Option<String> {
        let nonblank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let head = nonblank(&self.detail).or_else(|| nonblank(&self.title));
        let fields: Vec<String> = self
            .errors
            .iter()
            .flatten()
            .filter_map(|(field, msgs)| {
                let words: Vec<String> = match msgs {
                    serde_json::Value::Array(list) => list.iter().filter_map(text).collect(),
                    other => text(other).into_iter().collect(),
                };
                (!words.is_empty()).then(|| format!("{field}: {}", words.join(" ")))
            })
            .collect();
        match (head, fields.is_empty()) {
            (None, true) => None,
            (Some(head), true) => Some(head),
            (None, false) => Some(fields.join("; ")),
            (Some(head), false) => {
                let glue = if head.ends_with(['.', '!', '?', ':']) { " " } else { ": " };
                Some(format!("{head}{glue}{}", fields.join("; ")))
            }
        }
    }
}

fn text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Null | serde_json::Value::String(_) => None,
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::DojoProblem;

    fn message(body: &str) -> Option<String> {
        serde_json::from_str::<DojoProblem>(body).unwrap().message()
    }

    #[test]
    fn problem_details_become_dojos_own_words() {
        let validation = r#"{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"One or more validation errors occurred.",
            "status":400,"errors":{"Reference":["The field Reference must be a string with a maximum length of '60'."],
            "Amount.Value":["'Value' must be greater than '0'.", "Second."]},"traceId":"00-abc-01"}"#;
        assert_eq!(
            message(validation).unwrap(),
            "One or more validation errors occurred. Amount.Value: 'Value' must be greater than '0'. Second.; \
             Reference: The field Reference must be a string with a maximum length of '60'."
        );
        assert_eq!(message(r#"{"title":"Unauthorized","detail":"Invalid API key","status":401}"#).unwrap(), "Invalid API key");
        assert_eq!(message(r#"{"title":"Not Found","status":404}"#).unwrap(), "Not Found");
        assert_eq!(message(r#"{"title":"Bad","errors":{"x":"plain"}}"#).unwrap(), "Bad: x: plain");
        assert_eq!(message(r#"{"errors":{"x":[]},"detail":"  "}"#), None);
        assert_eq!(message(r#"{"status":500}"#), None);
    }
}
