//! The fault machinery, seen from the wire: each fault is used by one request, hits count every
//! request, and each fault sends exactly the bytes it promises.

mod common;

use common::{control, initialize, send, verify};
use paydesk_fakes::{FakePaystack, Fault, Route};
use serde_json::json;
use std::time::{Duration, Instant};

fn body(reference: &str) -> serde_json::Value {
    json!({ "email": "ada@example.com", "amount": 50_000, "reference": reference })
}

#[tokio::test]
async fn a_fault_is_consumed_by_one_request_and_every_request_is_counted() {
    let fake = FakePaystack::start(common::KEY).await;
    fake.push_fault(
        Route::Initialize,
        Fault::json(500, r#"{"status":false,"message":"Oops"}"#),
    );

    let first = initialize(fake.addr(), &body("r-1")).await.unwrap();
    assert_eq!(first.status, 500);
    assert_eq!(first.json(), json!({ "status": false, "message": "Oops" }));
    assert!(
        fake.transaction("r-1").is_none(),
        "a Status fault answers instead of processing"
    );

    let second = initialize(fake.addr(), &body("r-1")).await.unwrap();
    assert_eq!(second.status, 200, "{}", second.text());
    assert_eq!(fake.hits(Route::Initialize), 2);
    assert_eq!(fake.hits(Route::Verify), 0);
    assert_eq!(fake.controls().pending_faults("initialize"), 0);
}

#[tokio::test]
async fn faults_queue_per_route_in_order() {
    let fake = FakePaystack::start(common::KEY).await;
    fake.push_fault(Route::Verify, Fault::Html { code: 502 });
    fake.push_fault(Route::Verify, Fault::json(503, "{}"));
    assert_eq!(
        initialize(fake.addr(), &body("r-2")).await.unwrap().status,
        200
    );

    let html = verify(fake.addr(), "r-2").await.unwrap();
    assert_eq!(html.status, 502);
    assert!(html
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(html.text().contains("502 Bad Gateway"));
    assert_eq!(verify(fake.addr(), "r-2").await.unwrap().status, 503);
    assert_eq!(verify(fake.addr(), "r-2").await.unwrap().status, 200);
    assert_eq!(fake.hits(Route::Verify), 3);
}

#[tokio::test]
async fn process_then_truncate_sends_less_body_than_content_length() {
    let fake = FakePaystack::start(common::KEY).await;
    fake.push_fault(Route::Initialize, Fault::ProcessThenTruncate);

    let answer = initialize(fake.addr(), &body("r-3")).await.unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("connection"), Some("close"));
    let promised: usize = answer.header("content-length").unwrap().parse().unwrap();
    assert_eq!(answer.body.len(), promised / 2);
    assert!(serde_json::from_slice::<serde_json::Value>(&answer.body).is_err());
    assert!(
        fake.transaction("r-3").is_some(),
        "processed before the cut"
    );
}

#[tokio::test]
async fn drop_closes_before_processing_and_process_then_drop_after() {
    let fake = FakePaystack::start(common::KEY).await;
    fake.push_fault(Route::Initialize, Fault::Drop);
    fake.push_fault(Route::Initialize, Fault::ProcessThenDrop);

    assert!(initialize(fake.addr(), &body("r-4")).await.is_none());
    assert!(fake.transaction("r-4").is_none());
    assert!(initialize(fake.addr(), &body("r-5")).await.is_none());
    assert!(fake.transaction("r-5").is_some());
    assert_eq!(fake.hits(Route::Initialize), 2);
    assert_eq!(
        fake.requests().len(),
        2,
        "faulted requests are recorded too"
    );
}

#[tokio::test]
async fn a_delay_processes_first_and_does_not_hold_up_other_connections() {
    let fake = FakePaystack::start(common::KEY).await;
    // Far longer than the test: the delayed answer is never awaited.
    fake.push_fault(Route::Initialize, Fault::Delay(Duration::from_secs(600)));
    let addr = fake.addr();
    let delayed = tokio::spawn(async move { initialize(addr, &body("r-6")).await });

    // Verify answers while the initialize is still waiting, and already sees its transaction.
    let seen = loop {
        let answer = verify(addr, "r-6").await.unwrap();
        if answer.status == 200 {
            break answer;
        }
        assert_eq!(answer.status, 404);
    };
    assert_eq!(seen.json()["data"]["status"], "abandoned");
    assert!(!delayed.is_finished());
    delayed.abort();
}

#[tokio::test]
async fn latency_applies_to_api_routes_only() {
    let fake = FakePaystack::start(common::KEY).await;
    fake.set_latency(Duration::from_millis(300));

    let started = Instant::now();
    assert_eq!(verify(fake.addr(), "nope").await.unwrap().status, 404);
    assert!(started.elapsed() >= Duration::from_millis(300));

    let started = Instant::now();
    control(fake.addr(), "GET", "/_fake/hits", &serde_json::Value::Null).await;
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn faults_and_latency_can_be_set_over_http() {
    let fake = FakePaystack::start(common::KEY).await;
    let fault =
        json!({ "route": "initialize", "fault": { "kind": "status", "code": 500, "body": "{}" } });
    assert_eq!(
        control(fake.addr(), "POST", "/_fake/faults", &fault)
            .await
            .status,
        200
    );
    let bad = json!({ "route": "capture", "fault": { "kind": "drop" } });
    assert_eq!(
        control(fake.addr(), "POST", "/_fake/faults", &bad)
            .await
            .status,
        400
    );
    let latency = json!({ "ms": 25 });
    assert_eq!(
        control(fake.addr(), "POST", "/_fake/latency", &latency)
            .await
            .status,
        200
    );
    assert_eq!(fake.controls().latency(), Duration::from_millis(25));

    assert_eq!(
        initialize(fake.addr(), &body("r-7")).await.unwrap().status,
        500
    );
    assert_eq!(
        initialize(fake.addr(), &body("r-7")).await.unwrap().status,
        200
    );
    let hits = control(fake.addr(), "GET", "/_fake/hits", &serde_json::Value::Null).await;
    assert_eq!(hits.json(), json!({ "initialize": 2, "verify": 0, "refund": 0, "list_refunds": 0, "fetch_refund": 0 }));
}

#[tokio::test]
async fn malformed_requests_get_400_without_being_counted() {
    let fake = FakePaystack::start(common::KEY).await;
    let answer = send(
        fake.addr(),
        "POST",
        "/transaction/initialize",
        &[("Transfer-Encoding", "chunked")],
        "",
    )
    .await
    .unwrap();
    assert_eq!(answer.status, 400);
    assert_eq!(fake.hits(Route::Initialize), 0);
}

#[test]
fn a_fake_serves_a_plain_test_and_dropping_it_closes_the_port() {
    use std::io::{Read, Write};
    let fake =
        paydesk_fakes::FakePaystack::start_sync(paydesk_fakes::PaystackOptions::new(common::KEY))
            .unwrap();
    let addr = fake.addr();
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"GET /_fake/hits HTTP/1.1\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");

    drop(fake);
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[tokio::test]
async fn page_url_processes_the_request_and_swaps_only_the_fakes_own_addresses() {
    let fake = FakePaystack::start(common::KEY).await;
    fake.push_fault(
        Route::Initialize,
        Fault::PageUrl("javascript:alert(1)".into()),
    );

    let answer = initialize(fake.addr(), &body("r-8")).await.unwrap();
    assert_eq!(answer.status, 200);
    let json = answer.json();
    assert_eq!(json["data"]["authorization_url"], "javascript:alert(1)");
    assert_eq!(json["data"]["reference"], "r-8", "the rest is untouched");
    assert!(
        fake.transaction("r-8").is_some(),
        "the provider did its work"
    );
    let next = initialize(fake.addr(), &body("r-9")).await.unwrap().json();
    assert!(next["data"]["authorization_url"]
        .as_str()
        .unwrap()
        .starts_with(&fake.url()));
}

#[tokio::test]
async fn echo_copies_the_credentials_into_the_body_escaped_for_its_type() {
    let fake = FakePaystack::start(common::KEY).await;
    fake.push_fault(
        Route::Initialize,
        Fault::echo_json(
            500,
            r#"{"message":"proxy saw {authorization} / {x-api-key}"}"#,
        ),
    );
    let html = paydesk_fakes::Echo {
        code: 502,
        body: "<p>{authorization}</p>".into(),
        content_type: "text/html".into(),
    };
    fake.push_fault(Route::Initialize, Fault::Echo(html));

    let json = initialize(fake.addr(), &body("r-10")).await.unwrap();
    assert_eq!(json.status, 500);
    let expected = format!("proxy saw Bearer {} / ", common::KEY);
    assert_eq!(json.json()["message"], expected.as_str());
    assert!(fake.transaction("r-10").is_none(), "not processed");
    let page = initialize(fake.addr(), &body("r-10")).await.unwrap();
    assert_eq!(page.status, 502);
    assert_eq!(page.text(), format!("<p>Bearer {}</p>", common::KEY));
}

#[tokio::test]
async fn page_url_and_echo_can_be_set_over_http() {
    let fake = FakePaystack::start(common::KEY).await;
    for fault in [
        json!({ "kind": "page_url", "url": "data:text/html,hi" }),
        json!({ "kind": "echo", "code": 401, "body": "{\"message\":\"{authorization}\"}" }),
    ] {
        let queued = json!({ "route": "initialize", "fault": fault });
        let answer = control(fake.addr(), "POST", "/_fake/faults", &queued).await;
        assert_eq!(answer.status, 200, "{}", answer.text());
    }
    let missing = json!({ "route": "initialize", "fault": { "kind": "page_url" } });
    let answer = control(fake.addr(), "POST", "/_fake/faults", &missing).await;
    assert_eq!(answer.status, 400);

    let first = initialize(fake.addr(), &body("r-11")).await.unwrap();
    assert_eq!(
        first.json()["data"]["authorization_url"],
        "data:text/html,hi"
    );
    let second = initialize(fake.addr(), &body("r-12")).await.unwrap();
    assert_eq!(second.status, 401);
    let expected = format!("Bearer {}", common::KEY);
    assert_eq!(second.json()["message"], expected.as_str());
}
