//! The fake through reqwest, the client paydesk-core uses: normal answers parse, and each fault
//! surfaces as the kind of error it is meant to provoke.

use paydesk_fakes::{FakePaystack, Fault, Route};
use serde_json::{json, Value};
use std::time::Duration;

const KEY: &str = "sk_test_reqwest";

async fn initialize(
    client: &reqwest::Client,
    fake: &FakePaystack,
    reference: &str,
) -> reqwest::Result<Value> {
    client
        .post(format!("{}/transaction/initialize", fake.url()))
        .bearer_auth(KEY)
        .json(&json!({ "email": "ada@example.com", "amount": 2500, "reference": reference }))
        .send()
        .await?
        .json()
        .await
}

#[tokio::test]
async fn reqwest_sees_answers_and_faults_as_intended() {
    let fake = FakePaystack::start(KEY).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();

    let ok = initialize(&client, &fake, "rq-1").await.unwrap();
    assert_eq!(ok["data"]["reference"], "rq-1");

    fake.push_fault(Route::Initialize, Fault::ProcessThenTruncate);
    let cut = initialize(&client, &fake, "rq-2").await.unwrap_err();
    assert!(cut.is_body() || cut.is_decode(), "{cut:?}");

    fake.push_fault(Route::Initialize, Fault::Drop);
    let dropped = initialize(&client, &fake, "rq-3").await.unwrap_err();
    assert!(dropped.is_request(), "{dropped:?}");
    assert!(fake.transaction("rq-3").is_none());

    fake.push_fault(Route::Initialize, Fault::Delay(Duration::from_secs(600)));
    let late = initialize(&client, &fake, "rq-4").await.unwrap_err();
    assert!(late.is_timeout(), "{late:?}");
    assert!(
        fake.transaction("rq-4").is_some(),
        "the late request did happen"
    );

    let verified: Value = client
        .get(format!("{}/transaction/verify/rq-4", fake.url()))
        .bearer_auth(KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(verified["data"]["status"], "abandoned");
    assert_eq!(fake.hits(Route::Initialize), 4);
}
