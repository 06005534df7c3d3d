//! `POST /payment/paypal`: validate what the tutorial documents, record a `PENDING` order, and
//! answer in the configured [`LuxfinShape`]. Error texts are the fake's own (Luxfin's are not
//! published), in `{"message": …}` with HTTP 400.

use super::{with_amount, Luxfin, LuxfinOrder, LuxfinShape};
use crate::http::{Request, Response};
use crate::text::code;
use serde_json::{json, Map, Value};

impl Luxfin {
    pub(super) fn create(&self, req: &Request) -> Response {
        let Some(Value::Object(body)) = req.json() else {
            return invalid("The request body must be a JSON object.");
        };
        let Some(amount_cents) = body.get("amount").and_then(cents) else {
            return invalid("amount must be a number above zero with at most two decimals.");
        };
        match body.get("currency").and_then(Value::as_str) {
            Some("USD") => {}
            Some(_) => return invalid("We only support USD."),
            None => return invalid("currency is required."),
        }
        let Some(customer) = text(&body, "customer").filter(|c| is_email(c)) else {
            return invalid("customer must be the customer's email address.");
        };
        let Some(product) = text(&body, "product") else {
            return invalid("product is required.");
        };
        let redirect_url = match body.get("redirect_url") {
            None | Some(Value::Null) => None,
            Some(Value::String(u)) if u.starts_with("https://") || u.starts_with("http://") => {
                Some(u.clone())
            }
            Some(_) => return invalid("redirect_url must be an http(s) URL."),
        };

        let mut book = self.book();
        book.counter += 1;
        let n = book.counter;
        let order_id = format!("LX{}", code(n, 14).to_ascii_uppercase());
        let base = self.base_url.get().cloned().unwrap_or_default();
        let order_url = format!("{base}/checkout/{order_id}");
        let shape = book.shape;
        book.orders.push(LuxfinOrder {
            order_id: order_id.clone(),
            amount_cents,
            currency: "USD".into(),
            customer,
            product,
            redirect_url,
            status: "PENDING".into(),
            order_url: order_url.clone(),
        });
        drop(book);
        let body = match shape {
            LuxfinShape::OrderUrl => json!({ "order_url": order_url, "order_id": order_id }),
            LuxfinShape::CheckoutUrl => json!({ "checkout_url": order_url, "order_id": order_id }),
            LuxfinShape::LinksApprove => {
                json!({ "id": order_id, "status": "PENDING", "links": { "approve": order_url } })
            }
            LuxfinShape::PaypalLinks => json!({
                "id": order_id,
                "status": "CREATED",
                "links": [
                    { "rel": "self", "href": format!("{base}/payment/status?payment_id={order_id}"), "method": "GET" },
                    { "rel": "approve", "href": order_url, "method": "GET" },
                ],
            }),
            LuxfinShape::NestedData => json!({
                "code": 0,
                "message": "success",
                "data": { "order_url": order_url, "payment_id": order_id },
            }),
            LuxfinShape::NoUrl => {
                json!({ "order_id": order_id, "client_token": format!("tok_{}", code(n, 24)) })
            }
        };
        with_amount(200, body, amount_cents)
    }
}

fn invalid(message: &str) -> Response {
    Response::json(400, &json!({ "message": message }))
}

fn text(body: &Map<String, Value>, field: &str) -> Option<String> {
    body.get(field)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A JSON number (never a string) with at most two decimals, as cents. Read from the number's
/// shortest text (`1500.5`), so the check is on digits, not on a float's rounding.
fn cents(amount: &Value) -> Option<i64> {
    let Value::Number(n) = amount else {
        return None;
    };
    let text = n.to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > 2 {
        return None;
    }
    let whole: i64 = int.parse().ok()?;
    let part: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(part).filter(|c| *c > 0)
}

fn is_email(s: &str) -> bool {
    matches!(s.split_once('@'), Some((user, host)) if !user.is_empty() && host.contains('.') && !s.contains(' '))
}

#[cfg(test)]
mod tests {
    use super::cents;
    use serde_json::Value;

    #[test]
    fn amounts_are_read_as_exact_cents_and_strings_or_fractions_of_cents_refused() {
        let parse = |raw: &str| cents(&serde_json::from_str::<Value>(raw).unwrap());
        assert_eq!(parse("1500.50"), Some(150050));
        assert_eq!(parse("0.01"), Some(1));
        assert_eq!(parse("0.10"), Some(10));
        assert_eq!(parse("999999.99"), Some(99999999));
        assert_eq!(parse("100"), Some(10000));
        assert_eq!(parse("1e3"), Some(100000), "a JSON number, however written");
        for bad in ["\"1500.50\"", "1500.505", "1e-3", "0", "-5", "null"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
