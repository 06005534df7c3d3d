//! FakePaystack answers as Paystack does: shapes, status codes and messages, and the control API
//! that plays the customer.

mod common;

use common::{control, initialize, send, verify, KEY};
use paydesk_fakes::{FakePaystack, PaystackOptions, Route};
use serde_json::{json, Value};

#[tokio::test]
async fn initialize_then_verify_has_paystack_shapes() {
    let fake = FakePaystack::start(KEY).await;
    let body = json!({ "email": "ada@example.com", "amount": 150_075, "currency": "GHS",
                       "reference": "pd-1.a=b", "metadata": { "paydesk_link_id": 7 } });
    let created = initialize(fake.addr(), &body).await.unwrap();
    assert_eq!(created.status, 200);
    let created = created.json();
    assert_eq!(created["status"], true);
    assert_eq!(created["message"], "Authorization URL created");
    let code = created["data"]["access_code"].as_str().unwrap();
    assert_eq!(code.len(), 15);
    assert_eq!(
        created["data"]["authorization_url"],
        format!("{}/checkout/{code}", fake.url())
    );
    assert_eq!(created["data"]["reference"], "pd-1.a=b");

    let verified = verify(fake.addr(), "pd-1.a=b").await.unwrap();
    assert_eq!(verified.status, 200);
    let verified = verified.json();
    assert_eq!(verified["message"], "Verification successful");
    let data = &verified["data"];
    assert!(data["id"].as_i64().unwrap() > i64::from(u32::MAX));
    assert_eq!(data["domain"], "test");
    assert_eq!(data["status"], "abandoned");
    assert_eq!(data["amount"], 150_075);
    assert_eq!(data["requested_amount"], 150_075);
    assert_eq!(data["currency"], "GHS");
    assert_eq!(data["metadata"], json!({ "paydesk_link_id": 7 }));
    assert_eq!(data["paid_at"], Value::Null);
    assert_eq!(data["log"], Value::Null);
    assert_eq!(data["customer"]["email"], "ada@example.com");
    assert_eq!(data["authorization"], json!({}));
    // Every field the official spec marks required is there.
    for field in [
        "receipt_number",
        "gateway_response",
        "created_at",
        "channel",
        "ip_address",
        "fees",
        "fees_split",
        "plan",
        "split",
        "order_id",
        "paidAt",
        "createdAt",
        "pos_transaction_data",
        "source",
        "fees_breakdown",
        "connect",
        "transaction_date",
        "plan_object",
        "subaccount",
    ] {
        assert!(data.get(field).is_some(), "missing {field}");
    }
}

#[tokio::test]
async fn a_reused_reference_is_refused_with_paystacks_message() {
    let fake = FakePaystack::start(KEY).await;
    let body = json!({ "email": "ada@example.com", "amount": 5000, "reference": "dup-1" });
    assert_eq!(initialize(fake.addr(), &body).await.unwrap().status, 200);
    let again = initialize(fake.addr(), &body).await.unwrap();
    assert_eq!(again.status, 400);
    let again = again.json();
    assert_eq!(again["status"], false);
    assert_eq!(again["message"], "Duplicate Transaction Reference");
    assert_eq!(again["code"], "duplicate_reference");
    assert_eq!(fake.transactions().len(), 1);
}

#[tokio::test]
async fn a_wrong_key_is_401_invalid_key() {
    let fake = FakePaystack::start(KEY).await;
    for auth in [Some("Bearer sk_test_other"), Some(KEY), None] {
        let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", *a)).collect();
        let answer = send(fake.addr(), "GET", "/transaction/verify/x", &headers, "")
            .await
            .unwrap();
        assert_eq!(answer.status, 401, "{auth:?}");
        assert_eq!(
            answer.json(),
            json!({ "status": false, "message": "Invalid key" })
        );
    }
    assert_eq!(fake.hits(Route::Verify), 3);
}

#[tokio::test]
async fn bad_fields_are_400_validation_errors() {
    let fake = FakePaystack::start_with(PaystackOptions {
        currencies: vec!["NGN".into()],
        ..PaystackOptions::new(KEY)
    })
    .await
    .unwrap();
    let cases = [
        (
            json!({ "email": "a@b.co", "amount": "5000" }),
            "Invalid amount",
        ),
        (
            json!({ "email": "a@b.co", "amount": 50.5 }),
            "Invalid amount",
        ),
        (json!({ "email": "a@b.co", "amount": 0 }), "Invalid amount"),
        (json!({ "email": "a@b.co" }), "Invalid amount"),
        (
            json!({ "amount": 5000 }),
            "Email is not allowed to be empty",
        ),
        (
            json!({ "email": "a@b.co", "amount": 5000, "currency": "USD" }),
            "Currency not supported by merchant",
        ),
        (
            json!({ "email": "a@b.co", "amount": 5000, "reference": "a b" }),
            "Invalid character in transaction reference",
        ),
        (
            json!({ "email": "a@b.co", "amount": 5000, "metadata": "{}" }),
            "Invalid metadata",
        ),
    ];
    for (body, message) in cases {
        let answer = initialize(fake.addr(), &body).await.unwrap();
        assert_eq!(answer.status, 400, "{body}");
        let answer = answer.json();
        assert_eq!(answer["status"], false);
        assert_eq!(answer["message"], message, "{body}");
        assert_eq!(answer["type"], "validation_error");
        assert!(answer["meta"]["nextStep"].is_string());
    }
    let currency = initialize(
        fake.addr(),
        &json!({ "email": "a@b.co", "amount": 1, "currency": "KES" }),
    )
    .await;
    assert_eq!(currency.unwrap().json()["code"], "unsupported_currency");
    assert!(fake.transactions().is_empty());
}

#[tokio::test]
async fn unknown_reference_is_404() {
    let fake = FakePaystack::start(KEY).await;
    let answer = verify(fake.addr(), "never-made").await.unwrap();
    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.json(),
        json!({ "status": false, "message": "Transaction reference not found" })
    );
}

#[tokio::test]
async fn the_control_api_plays_the_customer_and_verify_reports_it() {
    let fake = FakePaystack::start("sk_live_abc").await;
    let body = json!({ "email": "ada@example.com", "amount": 500_000 });
    let created = initialize(fake.addr(), &body).await;
    assert_eq!(
        created.as_ref().unwrap().status,
        401,
        "only the configured key is accepted"
    );

    let auth = [("Authorization", "Bearer sk_live_abc")];
    let created = send(
        fake.addr(),
        "POST",
        "/transaction/initialize",
        &auth,
        &body.to_string(),
    )
    .await;
    let reference = created.unwrap().json()["data"]["reference"]
        .as_str()
        .unwrap()
        .to_string();

    let set = json!({ "status": "success" });
    let path = format!("/_fake/transactions/{reference}/status");
    assert_eq!(control(fake.addr(), "POST", &path, &set).await.status, 200);
    let missing = control(fake.addr(), "POST", "/_fake/transactions/nope/status", &set).await;
    assert_eq!(missing.status, 404);

    let answer = send(
        fake.addr(),
        "GET",
        &format!("/transaction/verify/{reference}"),
        &auth,
        "",
    )
    .await;
    let data = answer.unwrap().json()["data"].clone();
    assert_eq!(data["status"], "success");
    assert_eq!(data["domain"], "live");
    assert_eq!(data["gateway_response"], "Successful");
    assert!(data["paid_at"].is_string());
    assert_eq!(data["fees"], 17_500); // 1.5% + 100 major units
    assert_eq!(data["metadata"], "");

    let list = control(fake.addr(), "GET", "/_fake/transactions", &Value::Null)
        .await
        .json();
    assert_eq!(list[0]["reference"], reference.as_str());
    assert_eq!(list[0]["status"], "success");
    let hits = control(fake.addr(), "GET", "/_fake/hits", &Value::Null)
        .await
        .json();
    assert_eq!(
        hits,
        json!({ "initialize": 2, "verify": 1, "refund": 0, "list_refunds": 0, "fetch_refund": 0 }),
        "control requests are not counted"
    );
}

#[tokio::test]
async fn the_checkout_page_escapes_and_its_buttons_decide_once() {
    let fake = FakePaystack::start(KEY).await;
    let body = json!({ "email": "<b>ada</b>@example.com", "amount": 123_456, "currency": "ZAR" });
    let data = initialize(fake.addr(), &body).await.unwrap().json()["data"].clone();
    let (reference, code) = (
        data["reference"].as_str().unwrap(),
        data["access_code"].as_str().unwrap(),
    );

    let page = send(fake.addr(), "GET", &format!("/checkout/{code}"), &[], "")
        .await
        .unwrap();
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("ZAR 1234.56"));
    assert!(html.contains("&lt;b&gt;ada&lt;/b&gt;@example.com") && !html.contains("<b>ada"));
    assert!(html.contains("Pay (test)") && html.contains("Decline (test)"));

    let declined = send(
        fake.addr(),
        "POST",
        &format!("/checkout/{code}/decline"),
        &[],
        "",
    )
    .await;
    assert_eq!(declined.unwrap().status, 303);
    assert_eq!(fake.transaction(reference).unwrap().status, "failed");
    // One transaction per URL: paying after a decline changes nothing.
    send(
        fake.addr(),
        "POST",
        &format!("/checkout/{code}/pay"),
        &[],
        "",
    )
    .await
    .unwrap();
    assert_eq!(fake.transaction(reference).unwrap().status, "failed");
    assert_eq!(fake.hits(Route::Initialize) + fake.hits(Route::Verify), 1);
}

#[tokio::test]
async fn requests_are_recorded_with_lowercased_headers() {
    let fake = FakePaystack::start(KEY).await;
    let body = json!({ "email": "ada@example.com", "amount": 100 });
    initialize(fake.addr(), &body).await.unwrap();
    let recorded = fake.requests();
    assert_eq!(recorded.len(), 1);
    let first = &recorded[0];
    assert_eq!(
        (first.method.as_str(), first.path.as_str()),
        ("POST", "/transaction/initialize")
    );
    assert_eq!(
        first.header("AUTHORIZATION"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert!(first.headers.iter().any(|(n, _)| n == "content-type"));
    assert_eq!(first.json(), Some(body));
    assert_eq!(first.route.as_deref(), Some("initialize"));
}
