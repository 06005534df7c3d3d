//! Luxfin through the use cases, against the local fake Luxfin and its faults: what goes over the
//! wire byte for byte, and what a person sees when Luxfin answers badly or in another shape.

mod support;

use paydesk_core::link::LinkStatus;
use paydesk_core::store::{LinkQuery, ReferenceState};
use paydesk_fakes::{FakeLuxfin, Fault, LuxfinRoute as Route, LuxfinShape};
use std::time::Duration;
use support::{luxfin_desk as desk, luxfin_sale as sale, LUXFIN_KEY as KEY};

#[tokio::test]
async fn creates_an_open_link_from_order_url_sending_exact_major_units_and_the_bearer_key() {
    let fake = FakeLuxfin::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("1,500.50")).await.unwrap();

    let order = &fake.orders()[0];
    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(link.url.as_deref(), Some(order.order_url.as_str()));
    assert_eq!(link.provider_id.as_deref(), Some(order.order_id.as_str()));
    assert_eq!((order.amount_cents, order.customer.as_str(), order.product.as_str()), (150050, "ada@example.com", "Two loaves"));

    let sent = &fake.requests()[0];
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/payment/paypal"));
    assert_eq!(sent.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.body, r#"{"amount":1500.50,"currency":"USD","customer":"ada@example.com","product":"Two loaves"}"#);
    assert_eq!(fake.hits(Route::Create), 1);
}

#[tokio::test]
async fn amounts_go_out_as_exact_decimal_numbers_never_through_a_float() {
    let fake = FakeLuxfin::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let table = [("0.01", "0.01", 1), ("0.10", "0.10", 10), ("7", "7.00", 700), ("1500.5", "1500.50", 150050), ("999,999.99", "999999.99", 99999999)];
    for (typed, wire, cents) in table {
        desk.create(&sale(typed)).await.unwrap();
        let body = fake.requests().pop().unwrap().body;
        assert!(body.starts_with(&format!("{{\"amount\":{wire},")), "{typed}: {body}");
        assert_eq!(fake.orders().pop().unwrap().amount_cents, cents, "{typed}");
    }
}

#[tokio::test]
async fn product_defaults_to_the_shop_name_and_redirect_url_is_sent_only_when_set() {
    let fake = FakeLuxfin::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    desk.config_set("merchant.name", "Ada's \"Bakery\"").unwrap();
    let plain = paydesk_core::desk::CreateInput { description: None, ..sale("5") };
    desk.create(&plain).await.unwrap();
    desk.config_set("luxfin.redirect_url", "https://shop.example/thanks").unwrap();
    desk.create(&plain).await.unwrap();

    let bodies: Vec<serde_json::Value> = fake.requests().iter().map(|r| r.json().unwrap()).collect();
    assert_eq!(bodies[0]["product"], "Payment to Ada's \"Bakery\"");
    assert!(bodies[0].get("redirect_url").is_none(), "{}", bodies[0]);
    assert_eq!(bodies[1]["redirect_url"], "https://shop.example/thanks");
}

#[tokio::test]
async fn luxfins_own_words_reach_the_user_whatever_key_it_puts_them_under() {
    let fake = FakeLuxfin::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let cases = [
        (400, r#"{"message":"customer is blocked"}"#, "customer is blocked"),
        (400, r#"{"error":{"code":"E12","message":"Amount too small"}}"#, "Amount too small"),
        (403, r#"{"detail":"Merchant disabled"}"#, "Merchant disabled"),
        (422, r#"{"detail":[{"loc":["body","product"],"msg":"field required"}]}"#, "product: field required"),
        (200, r#"{"success":false,"msg":"Risk control rejected the order"}"#, "Risk control rejected the order"),
    ];
    for (code, body, words) in cases {
        fake.push_fault(Route::Create, Fault::json(code, body));
        let err = desk.create(&sale("10")).await.unwrap_err();
        let want = format!("Luxfin said: {words} (HTTP {code})");
        assert_eq!(err.to_string(), want);
        let kept = desk.list(&LinkQuery::default()).unwrap().links.remove(0);
        assert_eq!((kept.status, kept.last_error.as_deref()), (LinkStatus::Failed, Some(want.as_str())));
    }
    assert_eq!(fake.hits(Route::Create), cases.len(), "a refusal is not retried");
    assert!(fake.orders().is_empty());
}

#[tokio::test]
async fn a_wrong_key_is_reported_in_luxfins_words_without_the_key() {
    let fake = FakeLuxfin::start("lx_the_other_key").await;
    let (desk, _dir) = desk(&fake.url());
    let err = desk.create(&sale("10")).await.unwrap_err();
    assert_eq!(err.kind(), "key_refused");
    assert_eq!(
        err.to_string(),
        "Luxfin refused the test key (Invalid API key): set a new one with `paydesk key set luxfin --mode test` or in Settings."
    );
    assert_eq!(fake.hits(Route::Create), 1);
}

#[tokio::test]
async fn a_500_is_retried_with_the_same_body() {
    let fake = FakeLuxfin::start(KEY).await;
    fake.push_fault(Route::Create, Fault::json(500, r#"{"message":"Internal Server Error"}"#));
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("100")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(Route::Create), 2);
    let bodies: Vec<String> = fake.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(desk.details(&link.reference).unwrap().references.len(), 1, "same reference");
    assert_eq!(fake.orders().len(), 1);
}

#[tokio::test]
async fn a_timeout_voids_the_reference_and_makes_one_new_order_without_asking_luxfin() {
    let fake = FakeLuxfin::start(KEY).await;
    // Luxfin makes the order but answers after we stopped waiting: nobody saw that order's page.
    fake.push_fault(Route::Create, Fault::Delay(Duration::from_secs(3)));
    let (desk, _dir) = desk(&fake.url());
    desk.config_set("http.timeout_secs", "1").unwrap();
    let link = desk.create(&sale("250")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    assert_eq!(fake.hits(Route::Create), 2);
    assert_eq!(fake.hits(Route::Status), 0, "Luxfin cannot be asked about our reference");
    let orders = fake.orders();
    assert_eq!(orders.len(), 2);
    assert_eq!(link.url.as_deref(), Some(orders[1].order_url.as_str()), "the new order's page, not the unseen one");
    let refs = desk.details(&link.id.to_string()).unwrap().references;
    assert_eq!(refs.iter().map(|r| r.state).collect::<Vec<_>>(), vec![ReferenceState::Void, ReferenceState::Current]);
    let note = refs[0].note.as_deref().unwrap();
    assert!(note.contains("cannot be asked") && note.contains("nobody saw its payment page"), "{note}");
    assert_eq!(refs[1].reference, link.reference);
    assert_eq!(desk.get(&refs[0].reference).unwrap().id, link.id, "the void reference stays findable");
    let open = desk.list(&LinkQuery { status: Some(LinkStatus::Open), ..Default::default() }).unwrap();
    assert_eq!(open.total, 1, "one sale, one open link");
}

#[tokio::test]
async fn a_truncated_answer_is_lost_so_the_reference_is_voided_and_a_new_order_made() {
    let fake = FakeLuxfin::start(KEY).await;
    fake.push_fault(Route::Create, Fault::ProcessThenTruncate);
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("10")).await.unwrap();

    assert_eq!(link.status, LinkStatus::Open);
    let orders = fake.orders();
    assert_eq!(orders.len(), 2);
    assert_eq!(link.provider_id.as_deref(), Some(orders[1].order_id.as_str()));
    let refs = desk.details(&link.id.to_string()).unwrap().references;
    assert_eq!(refs.iter().map(|r| r.state).collect::<Vec<_>>(), vec![ReferenceState::Void, ReferenceState::Current]);
}

#[tokio::test]
async fn html_instead_of_data_is_explained_and_the_sale_can_be_retried() {
    let fake = FakeLuxfin::start(KEY).await;
    for _ in 0..3 {
        fake.push_fault(Route::Create, Fault::Html { code: 502 });
    }
    let (desk, _dir) = desk(&fake.url());
    let err = desk.create(&sale("10")).await.unwrap_err();
    // paydesk's own words about the answer: not "Luxfin said: Luxfin answered…", nor "(HTTP 502)" again.
    assert!(err.to_string().starts_with("Luxfin answered HTTP 502 with a web page"), "{err}");
    assert_eq!(err.details().as_deref(), Some("Luxfin answered HTTP 502 with a web page instead of data (an outage or a proxy in the way)."));
    assert_eq!(fake.hits(Route::Create), 3);
    let kept = desk.list(&LinkQuery::default()).unwrap().links.remove(0);
    assert_eq!(kept.status, LinkStatus::Creating, "a 5xx may have made an order: keep the sale for a retry");

    let link = desk.retry(&kept.id.to_string()).await.unwrap();
    assert_eq!(link.status, LinkStatus::Open);
    assert_ne!(link.reference, kept.reference, "the reference Luxfin may have seen is voided");

    // A web page with a 200 is an answer we cannot read: voided, and a new order made.
    fake.push_fault(Route::Create, Fault::Status { code: 200, body: "<!doctype html><p>Welcome</p>".into(), content_type: "text/html".into() });
    let again = desk.create(&sale("11")).await.unwrap();
    assert_eq!(again.status, LinkStatus::Open);
    assert_eq!(desk.details(&again.reference).unwrap().references.len(), 2);
}

#[tokio::test]
async fn the_payment_url_is_adopted_from_other_keys_and_shapes() {
    let fake = FakeLuxfin::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    for shape in [LuxfinShape::CheckoutUrl, LuxfinShape::LinksApprove, LuxfinShape::PaypalLinks, LuxfinShape::NestedData] {
        fake.set_shape(shape);
        let link = desk.create(&sale("12")).await.unwrap();
        let order = fake.orders().pop().unwrap();
        assert_eq!(link.url.as_deref(), Some(order.order_url.as_str()), "{shape:?}");
        assert_eq!(link.provider_id.as_deref(), Some(order.order_id.as_str()), "{shape:?}");
        assert_eq!(desk.verify(&link.reference).await.unwrap().provider_status.as_deref(), Some("PENDING"), "{shape:?}");
    }
}

#[tokio::test]
async fn no_url_at_all_fails_naming_the_keys_that_were_there_but_not_their_values() {
    let fake = FakeLuxfin::start(KEY).await;
    fake.set_shape(LuxfinShape::NoUrl);
    let (desk, _dir) = desk(&fake.url());
    let err = desk.create(&sale("10")).await.unwrap_err();
    let text = err.to_string();
    assert_eq!(err.kind(), "provider");
    assert!(text.contains("without a payment URL") && text.ends_with("its answer had the keys: amount, client_token, order_id. (HTTP 200)"), "{text}");
    assert!(!text.contains("tok_"), "a value may be a secret: {text}");
    assert_eq!(fake.hits(Route::Create), 1, "not retried: another order would have no URL either");
    assert_eq!(desk.list(&LinkQuery::default()).unwrap().links[0].status, LinkStatus::Failed);
}

#[tokio::test]
async fn other_currencies_are_refused_before_anything_is_written_or_sent() {
    let fake = FakeLuxfin::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    for code in ["GBP", "NGN", "EUR"] {
        let input = paydesk_core::desk::CreateInput { currency: Some(code.into()), ..sale("5") };
        let err = desk.create(&input).await.unwrap_err();
        assert_eq!(err.field(), Some("currency"));
        assert_eq!(err.to_string(), format!("Luxfin does not take {code}: use USD."));
    }
    assert!(fake.requests().is_empty());
    assert_eq!(desk.list(&LinkQuery::default()).unwrap().total, 0);
}

#[tokio::test]
async fn every_status_word_lands_on_the_right_status_through_verify() {
    let fake = FakeLuxfin::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let table = [
        ("PENDING", LinkStatus::Open),
        ("EXPIRED", LinkStatus::Expired),
        ("FAILED", LinkStatus::Failed),
        ("CANCELLED", LinkStatus::Cancelled),
        ("REFUNDED", LinkStatus::Unknown),
        ("PAID", LinkStatus::Unknown),
        ("success", LinkStatus::Paid),
        ("SUCCESS", LinkStatus::Paid),
    ];
    // A fresh link per word: a status only moves up (a cancelled link never reads as open again).
    for (word, want) in table {
        let link = desk.create(&sale("1500.50")).await.unwrap();
        let id = link.provider_id.clone().unwrap();
        fake.set_status(&id, word);
        let got = desk.verify(&link.reference).await.unwrap();
        assert_eq!((got.status, got.provider_status.as_deref()), (want, Some(word)));
        assert_eq!(got.last_error, None, "{word}: the amount read back matches 1500.50");
    }
    let asked = fake.requests().pop().unwrap();
    let id = desk.list(&LinkQuery::default()).unwrap().links[0].provider_id.clone().unwrap();
    assert_eq!((asked.method.as_str(), asked.path.as_str(), asked.query.clone()), ("GET", "/payment/status", format!("payment_id={id}")));
    assert_eq!(asked.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
}

#[tokio::test]
async fn verify_survives_a_5xx_and_reports_a_404_in_luxfins_words() {
    let fake = FakeLuxfin::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&sale("20")).await.unwrap();
    fake.push_fault(Route::Status, Fault::Html { code: 503 });
    fake.push_fault(Route::Status, Fault::ProcessThenTruncate);
    assert_eq!(desk.verify(&link.reference).await.unwrap().status, LinkStatus::Open);
    assert_eq!(fake.hits(Route::Status), 3);

    assert!(fake.forget(link.provider_id.as_deref().unwrap()));
    let err = desk.verify(&link.reference).await.unwrap_err();
    assert_eq!(err.to_string(), "Luxfin said: Payment not found (HTTP 404)");
    let kept = desk.get(&link.reference).unwrap();
    assert_eq!(kept.status, LinkStatus::Open, "an error never changes what we last knew");
    assert_eq!(kept.last_error.as_deref(), Some("Luxfin said: Payment not found (HTTP 404)"));
}

#[tokio::test]
async fn the_key_check_tells_an_accepted_key_from_a_refused_one() {
    use paydesk_core::link::{Mode, ProviderId};
    let good = FakeLuxfin::start(KEY).await;
    let (desk_ok, _a) = desk(&good.url());
    let check = desk_ok.check_key(ProviderId::Luxfin, Mode::Test).await.unwrap();
    assert!(check.checked && check.ok, "{}", check.message);

    let other = FakeLuxfin::start("lx_the_other_key").await;
    let (desk_bad, _b) = desk(&other.url());
    let check = desk_bad.check_key(ProviderId::Luxfin, Mode::Test).await.unwrap();
    assert!(check.checked && !check.ok);
    assert_eq!(check.message, "Luxfin refused the test key (Invalid API key): set a new one with `paydesk key set luxfin --mode test` or in Settings.");
}
