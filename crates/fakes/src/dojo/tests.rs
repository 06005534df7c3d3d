//! The fake Dojo itself, through a real HTTP client: what it refuses, the checkout page and the
//! control API. The provider's own tests (in paydesk-core) rely on every one of these.

use super::{DojoOptions, DojoRoute, FakeDojo};
use serde_json::{json, Value};

const KEY: &str = "sk_sandbox_fake0123SECRET";

async fn post(
    fake: &FakeDojo,
    path: &str,
    auth: &str,
    version: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .post(format!("{}{path}", fake.url()))
        .header("Authorization", auth)
        .json(&body);
    if let Some(v) = version {
        req = req.header("version", v);
    }
    let answer = req.send().await.unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

fn intent_body(reference: &str) -> Value {
    json!({ "amount": { "value": 1000, "currencyCode": "GBP" }, "reference": reference, "customer": { "emailAddress": "a@b.com" } })
}

#[tokio::test]
async fn refuses_what_dojo_refuses_in_problem_details() {
    let fake = FakeDojo::start(KEY).await;
    let basic = format!("Basic {KEY}");
    let (code, body) = post(
        &fake,
        "/payment-intents",
        "Basic c2tfc2FuZGJveF9mYWtl",
        Some("2024-02-05"),
        intent_body("R1"),
    )
    .await;
    assert_eq!(
        (code, body["title"].as_str()),
        (401, Some("Unauthorized")),
        "a base64-encoded key is not the key"
    );
    let (code, body) = post(&fake, "/payment-intents", &basic, None, intent_body("R1")).await;
    assert_eq!(code, 400);
    assert!(
        body["detail"].as_str().unwrap().contains("version header"),
        "{body}"
    );

    let bad = json!({ "amount": { "value": "1000", "currencyCode": "USD" }, "reference": "R".repeat(61), "colour": "red", "customer": { "email": "x" } });
    let (code, body) = post(&fake, "/payment-intents", &basic, Some("2024-02-05"), bad).await;
    assert_eq!(
        (code, body["title"].as_str()),
        (400, Some("One or more validation errors occurred."))
    );
    let mut fields: Vec<&str> = body["errors"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "Amount.CurrencyCode",
            "Amount.Value",
            "Customer.email",
            "Reference",
            "colour"
        ]
    );
    assert!(body["traceId"].as_str().unwrap().starts_with("00-"));
    assert!(fake.intents().is_empty());
    assert_eq!(fake.hits(DojoRoute::Create), 3);
}

#[tokio::test]
async fn search_filters_pages_newest_first_and_checks_its_body() {
    let fake = FakeDojo::start(KEY).await;
    let basic = format!("Basic {KEY}");
    for n in 0..5 {
        fake.add_intent(&format!("R{n}"), 100, "GBP");
    }
    fake.set_status(&fake.intents()[4].id, "Captured");
    let ask =
        |after: Value| json!({ "statuses": ["Created"], "cursor": { "limit": 3, "after": after } });
    let (code, first) = post(
        &fake,
        "/payment-intents/search",
        &basic,
        Some("2024-02-05"),
        ask(Value::Null),
    )
    .await;
    assert_eq!(code, 200);
    let refs = |page: &Value| {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["reference"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        refs(&first),
        ["R3", "R2", "R1"],
        "newest first, the Captured R4 left out"
    );
    let (_, second) = post(
        &fake,
        "/payment-intents/search",
        &basic,
        Some("2024-02-05"),
        ask(first["after"].clone()),
    )
    .await;
    assert_eq!(
        (refs(&second), second["after"].clone()),
        (vec!["R0".to_string()], Value::Null)
    );

    let (code, body) = post(
        &fake,
        "/payment-intents/search",
        &basic,
        Some("2024-02-05"),
        json!({ "statuses": ["Paid"], "reference": "R1" }),
    )
    .await;
    assert_eq!(code, 400);
    assert!(
        body["errors"].get("reference").is_some() && body["errors"].get("Statuses").is_some(),
        "{body}"
    );
}

#[tokio::test]
async fn the_checkout_page_pays_and_the_control_api_moves_intents() {
    let fake = FakeDojo::start_with(DojoOptions {
        payment_link: true,
        ..DojoOptions::new(KEY)
    })
    .await
    .unwrap();
    let basic = format!("Basic {KEY}");
    let (_, created) = post(
        &fake,
        "/payment-intents",
        &basic,
        Some("2024-02-05"),
        intent_body("R1"),
    )
    .await;
    let link = created["paymentLink"].as_str().unwrap().to_string();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("GBP 10.00") && page.contains("Pay (test)"),
        "{page}"
    );
    let paid = client.post(format!("{link}/pay")).send().await.unwrap();
    assert_eq!(paid.status(), 303);
    let id = created["id"].as_str().unwrap();
    assert_eq!(fake.intent(id).unwrap().status, "Captured");
    assert_eq!(fake.hits(DojoRoute::Get), 0, "pages are not API routes");

    let moved = client
        .post(format!("{}/_fake/intents/{id}/status", fake.url()))
        .json(&json!({ "status": "Refunded" }))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200);
    let listed: Value = client
        .get(format!("{}/_fake/intents", fake.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["status"], "Refunded");
    let hits: Value = client
        .get(format!("{}/_fake/hits", fake.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        hits,
        json!({ "create": 1, "get": 0, "cancel": 0, "search": 0, "refund": 0, "get_refund": 0 })
    );
}
