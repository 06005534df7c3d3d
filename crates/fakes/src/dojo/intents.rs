//! The payment intent routes: create (validated field by field against
//! `CreatePaymentIntentRequest`), get, cancel, and search (`SearchPaymentIntentRequest`,
//! newest first, with an `after` cursor), and the `PaymentIntent` JSON every one answers with.

use super::{Dojo, Intent};
use crate::http::{Request, Response};
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

/// Every property of `CreatePaymentIntentRequest` in the 2024-02-05 spec, plus `paymentSource`
/// from Dojo's payment-links guide.
const CREATE_FIELDS: &[&str] = &[
    "captureMode", "amount", "tipsAmount", "reference", "description", "customer", "billingAddress", "shippingDetails",
    "cardHolderNotPresent", "config", "requestSecurity", "itemLines", "taxLines", "paymentMethods", "actionLink", "expireAt",
    "autoExpireIn", "autoExpireAction", "metadata", "setupIntentId", "orderDetails", "cashbackAmount", "serviceChargeAmount",
    "generateRemoteToken", "paymentSource",
];
/// `PaymentCustomerDetails`.
const CUSTOMER_FIELDS: &[&str] = &["id", "emailAddress", "phoneNumber", "secret"];
const SEARCH_FIELDS: &[&str] = &["statuses", "startDate", "endDate", "cursor"];
const CURSOR_FIELDS: &[&str] = &["limit", "before", "after"];
const STATUSES: &[&str] = &["Created", "Authorized", "Captured", "Reversed", "Refunded", "Canceled"];

const VALIDATION: &str = "One or more validation errors occurred.";

/// Field errors in the order found, as ASP.NET reports them: `{Field: [message]}`.
#[derive(Default)]
struct Errors(Map<String, Value>);

impl Errors {
    fn add(&mut self, field: &str, message: impl Into<String>) {
        let list = self.0.entry(field.to_string()).or_insert_with(|| json!([]));
        list.as_array_mut().expect("always an array").push(json!(message.into()));
    }

    fn unknown_fields(&mut self, prefix: &str, body: &Map<String, Value>, allowed: &[&str]) {
        for key in body.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.add(&format!("{prefix}{key}"), format!("The field {key} is not allowed here."));
        }
    }
}

fn nullable_str<'a>(body: &'a Map<String, Value>, field: &str, max: usize, name: &str, errors: &mut Errors) -> Option<&'a str> {
    match body.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() <= max => Some(s),
        Some(Value::String(_)) => {
            errors.add(name, format!("The field {name} must be a string with a maximum length of '{max}'."));
            None
        }
        Some(_) => {
            errors.add(name, format!("The JSON value could not be converted to System.String. Path: $.{field}"));
            None
        }
    }
}

impl Dojo {
    fn invalid(&self, errors: Errors) -> Response {
        self.problem(400, VALIDATION, None, Some(Value::Object(errors.0)))
    }

    fn not_found(&self, id: &str) -> Response {
        self.problem(404, "Not Found", Some(&format!("Payment intent {id} was not found.")), None)
    }

    pub(super) fn create(&self, req: &Request, version: &str) -> Response {
        let Some(Value::Object(body)) = req.json() else {
            let mut errors = Errors::default();
            errors.add("$", "The request body must be a JSON object.");
            return self.invalid(errors);
        };
        let mut errors = Errors::default();
        errors.unknown_fields("", &body, CREATE_FIELDS);

        let mut money = None;
        match body.get("amount") {
            Some(Value::Object(amount)) => {
                errors.unknown_fields("Amount.", amount, &["value", "currencyCode"]);
                // Integer JSON numbers only: "1000", 10.5 and true are all refused.
                let value = amount.get("value").and_then(Value::as_i64);
                match value {
                    Some(v) if v > 0 => {}
                    Some(_) => errors.add("Amount.Value", "'Value' must be greater than '0'."),
                    None => errors.add("Amount.Value", "The Value field is required and must be a whole number of minor units."),
                }
                match amount.get("currencyCode").and_then(Value::as_str) {
                    Some(c) if self.currencies.iter().any(|ok| ok == c) => money = value.map(|v| (v, c.to_string())),
                    Some(c) => errors.add("Amount.CurrencyCode", format!("Currency {c} is not supported for this account.")),
                    None => errors.add("Amount.CurrencyCode", "The CurrencyCode field is required."),
                }
            }
            _ => errors.add("Amount", "The Amount field is required."),
        }
        let reference = match body.get("reference") {
            Some(Value::String(r)) if !r.is_empty() && r.chars().count() <= 60 => Some(r.clone()),
            Some(Value::String(r)) if !r.is_empty() => {
                errors.add("Reference", "The field Reference must be a string with a maximum length of '60'.");
                None
            }
            _ => {
                errors.add("Reference", "The Reference field is required.");
                None
            }
        };
        let description = nullable_str(&body, "description", 4096, "Description", &mut errors).map(str::to_string);
        let payment_source = nullable_str(&body, "paymentSource", 100, "PaymentSource", &mut errors).map(str::to_string);
        let customer_email = match body.get("customer") {
            None | Some(Value::Null) => None,
            Some(Value::Object(customer)) => {
                errors.unknown_fields("Customer.", customer, CUSTOMER_FIELDS);
                let email = nullable_str(customer, "emailAddress", 254, "Customer.EmailAddress", &mut errors);
                if email.is_some_and(|e| !e.contains('@')) {
                    errors.add("Customer.EmailAddress", "The EmailAddress field is not a valid e-mail address.");
                }
                email.map(str::to_string)
            }
            Some(_) => {
                errors.add("Customer", "The Customer field must be an object.");
                None
            }
        };
        let capture_mode = match body.get("captureMode") {
            None | Some(Value::Null) => "Auto".to_string(),
            Some(Value::String(m)) if m == "Auto" || m == "Manual" => m.clone(),
            Some(_) => {
                errors.add("CaptureMode", "The CaptureMode must be Auto or Manual.");
                String::new()
            }
        };
        let (Some((amount, currency)), Some(reference), true) = (money, reference, errors.0.is_empty()) else {
            return self.invalid(errors);
        };

        let mut ledger = self.ledger();
        let now = Utc::now();
        let intent = Intent {
            id: self.new_id(&mut ledger),
            reference,
            status: "Created".into(),
            capture_mode,
            amount,
            currency,
            description,
            customer_email,
            payment_source,
            version: version.into(),
            created_at: now,
            updated_at: now,
        };
        let answer = self.intent_json(&intent);
        ledger.intents.push(intent);
        Response::json(200, &answer)
    }

    pub(super) fn get(&self, id: &str, return_canceled: bool) -> Response {
        let found = self.ledger().find(id).cloned();
        match found {
            // The spec: without returnCanceled=true, a cancelled intent answers 404.
            Some(intent) if intent.status != "Canceled" || return_canceled => Response::json(200, &self.intent_json(&intent)),
            _ => self.not_found(id),
        }
    }

    pub(super) fn cancel(&self, id: &str) -> Response {
        let mut ledger = self.ledger();
        let Some(intent) = ledger.find_mut(id) else {
            drop(ledger);
            return self.not_found(id);
        };
        // "If a payment intent's status is `Created`, it can be canceled."
        if intent.status != "Created" {
            let detail = format!("Payment intent {id} can't be canceled because its status is {}.", intent.status);
            drop(ledger);
            return self.problem(400, "Bad Request", Some(&detail), None);
        }
        intent.status = "Canceled".into();
        intent.updated_at = Utc::now();
        let intent = intent.clone();
        drop(ledger);
        Response::json(200, &self.intent_json(&intent))
    }

    pub(super) fn search(&self, req: &Request) -> Response {
        let mut errors = Errors::default();
        let Some(Value::Object(body)) = req.json() else {
            errors.add("$", "The request body must be a JSON object.");
            return self.invalid(errors);
        };
        errors.unknown_fields("", &body, SEARCH_FIELDS);
        let statuses: Option<Vec<String>> = match body.get("statuses") {
            None | Some(Value::Null) => None,
            Some(Value::Array(list)) => Some(
                list.iter()
                    .filter_map(|s| match s.as_str().filter(|s| STATUSES.contains(s)) {
                        Some(s) => Some(s.to_string()),
                        None => {
                            errors.add("Statuses", format!("{s} is not a payment intent status."));
                            None
                        }
                    })
                    .collect(),
            ),
            Some(_) => {
                errors.add("Statuses", "Statuses must be an array.");
                None
            }
        };
        let mut date = |field: &str, name: &str| match body.get(field) {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_str().and_then(|s| DateTime::parse_from_rfc3339(s).ok()) {
                Some(d) => Some(d.with_timezone(&Utc)),
                None => {
                    errors.add(name, format!("The {name} field must be an ISO 8601 date and time."));
                    None
                }
            },
        };
        let (start, end) = (date("startDate", "StartDate"), date("endDate", "EndDate"));
        let (mut limit, mut after) = (50usize, None);
        match body.get("cursor") {
            None | Some(Value::Null) => {}
            Some(Value::Object(cursor)) => {
                errors.unknown_fields("Cursor.", cursor, CURSOR_FIELDS);
                match cursor.get("limit") {
                    None | Some(Value::Null) => {}
                    Some(v) => match v.as_u64().filter(|n| (1..=100).contains(n)) {
                        Some(n) => limit = n as usize,
                        None => errors.add("Cursor.Limit", "The field Limit must be between 1 and 100."),
                    },
                }
                after = cursor.get("after").and_then(Value::as_str).map(str::to_string);
            }
            Some(_) => errors.add("Cursor", "The Cursor field must be an object."),
        }
        if !errors.0.is_empty() {
            return self.invalid(errors);
        }

        let mut matching: Vec<Intent> = self
            .ledger()
            .intents
            .iter()
            .filter(|i| statuses.as_ref().is_none_or(|s| s.contains(&i.status)))
            .filter(|i| start.is_none_or(|d| i.created_at >= d) && end.is_none_or(|d| i.created_at <= d))
            .cloned()
            .collect();
        matching.reverse(); // newest first
        // The cursor is the id of the last intent of the previous page.
        let from = match after {
            Some(a) => match matching.iter().position(|i| i.id == a) {
                Some(at) => at + 1,
                None => return self.problem(400, "Bad Request", Some("The cursor is not valid."), None),
            },
            None => 0,
        };
        let page: Vec<&Intent> = matching.iter().skip(from).take(limit).collect();
        let next = (from + page.len() < matching.len()).then(|| page.last().map(|i| i.id.clone())).flatten();
        let before = (from > 0).then(|| page.first().map(|i| i.id.clone())).flatten();
        let data: Vec<Value> = page.iter().map(|i| self.intent_json(i)).collect();
        Response::json(200, &json!({ "data": data, "before": before, "after": next }))
    }

    /// A `PaymentIntent` as the spec's examples show it.
    pub(super) fn intent_json(&self, i: &Intent) -> Value {
        let money = json!({ "value": i.amount, "currencyCode": i.currency });
        let when = |d: &DateTime<Utc>| d.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
        let link = self.payment_link.then(|| format!("{}/checkout/{}", self.base_url.get().map_or("", String::as_str), i.id));
        json!({
            "id": i.id,
            "captureMode": i.capture_mode,
            "cardHolderNotPresent": false,
            "clientSessionSecretExpirationDate": "0001-01-01T00:00:00Z",
            "status": i.status,
            "paymentMethods": ["Card"],
            "amount": money,
            "totalAmount": money,
            "refundedAmount": if i.status == "Refunded" { i.amount } else { 0 },
            "customer": i.customer_email.as_ref().map(|e| json!({ "emailAddress": e })),
            "createdAt": when(&i.created_at),
            "updatedAt": when(&i.updated_at),
            "reference": i.reference,
            "description": i.description,
            "itemLines": [],
            "taxLines": [],
            "merchantConfig": { "supportedPaymentMethods": { "cardSchemes": ["VISA", "MASTERCARD", "MAESTRO"], "wallets": ["APPLE_PAY", "GOOGLE_PAY"] } },
            "config": { "branding": {}, "tradingName": "Fake Dojo Shop" },
            "paymentSource": i.payment_source.as_deref().unwrap_or("api"),
            "expireAt": when(&(i.created_at + chrono::Duration::days(30))),
            "metadata": {},
            "paymentLink": link,
            "terminalSessionHistory": [],
        })
    }
}
