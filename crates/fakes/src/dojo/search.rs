//! `POST /payment-intents/search`, checked against `SearchPaymentIntentRequest`: filters by
//! status and creation date (it cannot filter by reference), newest first, paged with an `after`
//! cursor (the id of the previous page's last intent) and `limit` 1 to 100, 50 by default.

use super::intents::Errors;
use super::{Dojo, Intent};
use crate::http::{Request, Response};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

const SEARCH_FIELDS: &[&str] = &["statuses", "startDate", "endDate", "cursor"];
const CURSOR_FIELDS: &[&str] = &["limit", "before", "after"];
const STATUSES: &[&str] = &[
    "Created",
    "Authorized",
    "Captured",
    "Reversed",
    "Refunded",
    "Canceled",
];

impl Dojo {
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
            Some(v) => match v
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            {
                Some(d) => Some(d.with_timezone(&Utc)),
                None => {
                    errors.add(
                        name,
                        format!("The {name} field must be an ISO 8601 date and time."),
                    );
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
                        None => {
                            errors.add("Cursor.Limit", "The field Limit must be between 1 and 100.")
                        }
                    },
                }
                after = cursor
                    .get("after")
                    .and_then(Value::as_str)
                    .map(str::to_string);
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
            .filter(|i| {
                start.is_none_or(|d| i.created_at >= d) && end.is_none_or(|d| i.created_at <= d)
            })
            .cloned()
            .collect();
        matching.reverse(); // newest first
                            // The cursor is the id of the last intent of the previous page.
        let from = match after {
            Some(a) => match matching.iter().position(|i| i.id == a) {
                Some(at) => at + 1,
                None => {
                    return self.problem(400, "Bad Request", Some("The cursor is not valid."), None)
                }
            },
            None => 0,
        };
        let page: Vec<&Intent> = matching.iter().skip(from).take(limit).collect();
        let next = (from + page.len() < matching.len())
            .then(|| page.last().map(|i| i.id.clone()))
            .flatten();
        let before = (from > 0)
            .then(|| page.first().map(|i| i.id.clone()))
            .flatten();
        let data: Vec<Value> = page.iter().map(|i| self.intent_json(i)).collect();
        Response::json(
            200,
            &json!({ "data": data, "before": before, "after": next }),
        )
    }
}
