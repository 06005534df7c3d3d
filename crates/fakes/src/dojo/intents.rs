//! The payment intent routes: create (validated field by field against
//! `CreatePaymentIntentRequest`), get and cancel, and the `PaymentIntent` JSON every route
//! answers with. Search is in `search.rs`.

use super::{Dojo, Intent};
use crate::http::{Request, Response};
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

/// Every property of `CreatePaymentIntentRequest` in the 2024-02-05 spec, plus `paymentSource`
/// from Dojo's payment-links guide.
const CREATE_FIELDS: &[&str] = &[
    "captureMode",
    "amount",
    "tipsAmount",
    "reference",
    "description",
    "customer",
    "billingAddress",
    "shippingDetails",
    "cardHolderNotPresent",
    "config",
    "requestSecurity",
    "itemLines",
    "taxLines",
    "paymentMethods",
    "actionLink",
    "expireAt",
    "autoExpireIn",
    "autoExpireAction",
    "metadata",
    "setupIntentId",
    "orderDetails",
    "cashbackAmount",
    "serviceChargeAmount",
    "generateRemoteToken",
    "paymentSource",
];
/// `PaymentCustomerDetails`.
const CUSTOMER_FIELDS: &[&str] = &["id", "emailAddress", "phoneNumber", "secret"];

const VALIDATION: &str = "One or more validation errors occurred.";

/// Field errors in the order found, as ASP.NET reports them: `{Field: [message]}`.
#[derive(Default)]
pub(super) struct Errors(pub(super) Map<String, Value>);

impl Errors {
    pub(super) fn add(&mut self, field: &str, message: impl Into<String>) {
        let list = self.0.entry(field.to_string()).or_insert_with(|| json!([]));
        list.as_array_mut()
            .expect("always an array")
            .push(json!(message.into()));
    }

    pub(super) fn unknown_fields(
        &mut self,
        prefix: &str,
        body: &Map<String, Value>,
        allowed: &[&str],
    ) {
        for key in body.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.add(
                &format!("{prefix}{key}"),
                format!("The field {key} is not allowed here."),
            );
        }
    }
}

fn nullable_str<'a>(
    body: &'a Map<String, Value>,
    field: &str,
    max: usize,
    name: &str,
    errors: &mut Errors,
) -> Option<&'a str> {
    match body.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() <= max => Some(s),
        Some(Value::String(_)) => {
            errors.add(
                name,
                format!("The field {name} must be a string with a maximum length of '{max}'."),
            );
            None
        }
        Some(_) => {
            errors.add(
                name,
                format!("The JSON value could not be converted to System.String. Path: $.{field}"),
            );
            None
        }
    }
}

impl Dojo {
    pub(super) fn invalid(&self, errors: Errors) -> Response {
        self.problem(400, VALIDATION, None, Some(Value::Object(errors.0)))
    }

    fn not_found(&self, id: &str) -> Response {
        self.problem(
            404,
            "Not Found",
            Some(&format!("Payment intent {id} was not found.")),
            None,
        )
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
                    None => errors.add(
                        "Amount.Value",
                        "The Value field is required and must be a whole number of minor units.",
                    ),
                }
                match amount.get("currencyCode").and_then(Value::as_str) {
                    Some(c) if self.currencies.iter().any(|ok| ok == c) => {
                        money = value.map(|v| (v, c.to_string()))
                    }
                    Some(c) => errors.add(
                        "Amount.CurrencyCode",
                        format!("Currency {c} is not supported for this account."),
                    ),
                    None => {
                        errors.add("Amount.CurrencyCode", "The CurrencyCode field is required.")
                    }
                }
            }
            _ => errors.add("Amount", "The Amount field is required."),
        }
        let reference = match body.get("reference") {
            Some(Value::String(r)) if !r.is_empty() && r.chars().count() <= 60 => Some(r.clone()),
            Some(Value::String(r)) if !r.is_empty() => {
                errors.add(
                    "Reference",
                    "The field Reference must be a string with a maximum length of '60'.",
                );
                None
            }
            _ => {
                errors.add("Reference", "The Reference field is required.");
                None
            }
        };
        let description = nullable_str(&body, "description", 4096, "Description", &mut errors)
            .map(str::to_string);
        let payment_source =
            nullable_str(&body, "paymentSource", 100, "PaymentSource", &mut errors)
                .map(str::to_string);
        let customer_email = match body.get("customer") {
            None | Some(Value::Null) => None,
            Some(Value::Object(customer)) => {
                errors.unknown_fields("Customer.", customer, CUSTOMER_FIELDS);
                let email = nullable_str(
                    customer,
                    "emailAddress",
                    254,
                    "Customer.EmailAddress",
                    &mut errors,
                );
                if email.is_some_and(|e| !e.contains('@')) {
                    errors.add(
                        "Customer.EmailAddress",
                        "The EmailAddress field is not a valid e-mail address.",
                    );
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
        let (Some((amount, currency)), Some(reference), true) =
            (money, reference, errors.0.is_empty())
        else {
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
            refunded: 0,
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
            Some(intent) if intent.status != "Canceled" || return_canceled => {
                Response::json(200, &self.intent_json(&intent))
            }
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
            let detail = format!(
                "Payment intent {id} can't be canceled because its status is {}.",
                intent.status
            );
            drop(ledger);
            return self.problem(400, "Bad Request", Some(&detail), None);
        }
        intent.status = "Canceled".into();
        intent.updated_at = Utc::now();
        let intent = intent.clone();
        drop(ledger);
        Response::json(200, &self.intent_json(&intent))
    }

    /// A `PaymentIntent` as the spec's examples show it.
    pub(super) fn intent_json(&self, i: &Intent) -> Value {
        let money = json!({ "value": i.amount, "currencyCode": i.currency });
        let when = |d: &DateTime<Utc>| d.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
        let link = self.payment_link.then(|| {
            format!(
                "{}/checkout/{}",
                self.base_url.get().map_or("", String::as_str),
                i.id
            )
        });
        json!({
            "id": i.id,
            "captureMode": i.capture_mode,
            "cardHolderNotPresent": false,
            "clientSessionSecretExpirationDate": "0001-01-01T00:00:00Z",
            "status": i.status,
            "paymentMethods": ["Card"],
            "amount": money,
            "totalAmount": money,
            "refundedAmount": if i.refunded > 0 { i.refunded } else if i.status == "Refunded" { i.amount } else { 0 },
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
