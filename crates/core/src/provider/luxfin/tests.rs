use super::*;
use serde_json::json;

#[test]
fn every_status_word_maps_ignoring_case_and_unknown_words_are_never_paid() {
    use LinkStatus::*;
    let table = [("SUCCESS", Paid), ("success", Paid), (" Success ", Paid), ("PENDING", Open), ("EXPIRED", Expired)];
    let assumed = [("FAILED", Failed), ("CANCELLED", Cancelled), ("canceled", Cancelled)];
    let unknown = [("PAID", Unknown), ("COMPLETED", Unknown), ("SUCCESSFUL", Unknown), ("", Unknown)];
    for (word, want) in table.into_iter().chain(assumed).chain(unknown) {
        assert_eq!(map_status(word), want, "{word:?}");
    }
}

fn usd(minor: i64) -> Money {
    Money { minor, currency: Currency::USD }
}

#[test]
fn the_amount_is_written_exactly_in_major_units() {
    for (minor, want) in [(150050, "1500.50"), (1, "0.01"), (10, "0.10"), (100, "1.00"), (99999999, "999999.99")] {
        let body = create_body(&usd(minor), "a@b.co", "p", None).unwrap();
        assert!(body.starts_with(&format!("{{\"amount\":{want},")), "{body}");
        serde_json::from_str::<Value>(&body).expect("valid JSON");
    }
    assert!(create_body(&Money { minor: 5, currency: Currency::GBP }, "a@b.co", "p", None).is_err());
    assert!(create_body(&usd(0), "a@b.co", "p", None).is_err());
}

#[test]
fn strings_are_escaped_and_redirect_url_is_sent_only_when_set() {
    let body = create_body(&usd(500), "a@b.co", "Tea \"Earl\" \\ grey\u{1}", Some("https://shop.example/done")).unwrap();
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["product"], "Tea \"Earl\" \\ grey\u{1}");
    assert_eq!(v["redirect_url"], "https://shop.example/done");
    let plain: Value = serde_json::from_str(&create_body(&usd(500), "a@b.co", "p", None).unwrap()).unwrap();
    assert_eq!(plain.as_object().unwrap().keys().collect::<Vec<_>>(), ["amount", "currency", "customer", "product"]);
}

fn map(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[test]
fn the_url_and_id_are_found_under_any_known_key_but_never_our_redirect() {
    let u = "https://pay.example/o/1";
    let cases = [
        json!({"order_url": u, "order_id": "o1"}),
        json!({"data": {"order_url": u, "order_id": "o1"}}),
        json!({"result": {"order": {"checkoutUrl": u, "id": "o1"}}}),
        json!({"links": {"approve": u}, "payment_id": "o1"}),
        json!({"links": [{"rel": "self", "href": "https://api.example/x"}, {"rel": "approve", "href": u}], "id": "o1"}),
        json!({"url": "https://shop.example/done", "checkout_url": u, "order_id": "o1"}),
        json!({"redirect_url": "https://shop.example/done", "url": u, "orderId": "o1"}),
    ];
    for body in cases {
        let m = map(body.clone());
        let s = scopes(&m);
        assert_eq!(payment_url(&s, Some("https://shop.example/done")).as_deref(), Some(u), "{body}");
        assert_eq!(field(&s, &ID_KEYS).as_deref(), Some("o1"), "{body}");
    }
    let m = map(json!({"url": "https://shop.example/done", "order_url": "javascript:x", "id": 42, "data": {"tok": "SECRET"}}));
    assert_eq!(payment_url(&scopes(&m), Some("https://shop.example/done")), None);
    assert_eq!(field(&scopes(&m), &ID_KEYS).as_deref(), Some("42"));
    assert_eq!(key_names(&m), "data, data.tok, id, order_url, url", "keys, never values");
}

#[test]
fn the_payments_word_wins_over_an_envelopes() {
    let cases = [
        (json!({"status": "PENDING"}), Some("PENDING")),
        (json!({"status": "success", "data": {"status": "PENDING"}}), Some("PENDING")),
        (json!({"status": true, "data": {"payment_status": "EXPIRED"}}), Some("EXPIRED")),
        (json!({"code": 0, "result": {"state": "SUCCESS"}}), Some("SUCCESS")),
        (json!({"status": 1}), Some("1")),
        (json!({"status": "success", "payment_status": "PENDING"}), Some("PENDING")),
        (json!({"payment_id": "x"}), None),
    ];
    for (body, want) in cases {
        assert_eq!(status_word(&map(body.clone())).as_deref(), want, "{body}");
    }
}

#[test]
fn luxfins_words_are_found_in_any_usual_error_shape() {
    let cases = [
        (json!({"message": "Invalid amount"}), "Invalid amount"),
        (json!({"error": "Unauthorized"}), "Unauthorized"),
        (json!({"detail": "Not  found\n"}), "Not found"),
        (json!({"error": {"code": 7, "message": "Bad customer"}}), "Bad customer"),
        (json!({"detail": [{"loc": ["body", "amount"], "msg": "field required"}]}), "amount: field required"),
        (json!({"errors": ["a", "b"]}), "a; b"),
        (json!({"data": {"msg": "inner"}}), "inner"),
        (json!({"message": " ", "error": "Bad key"}), "Bad key"),
    ];
    for (body, want) in cases {
        assert_eq!(said(&body).as_deref(), Some(want), "{body}");
    }
    assert_eq!((said(&json!({"code": 500})), said(&json!("text"))), (None, None));
    for (body, want) in [(json!({"success": false}), true), (json!({"error": 1001}), true), (json!({"error": "x"}), true)] {
        assert_eq!(refused(&map(body)), want);
    }
    for ok in [json!({"error": null, "order_url": "u"}), json!({"error": 0}), json!({"error": ""}), json!({"status": "FAILED"})] {
        assert!(!refused(&map(ok.clone())), "{ok}");
    }
}

#[test]
fn any_one_word_key_is_taken_and_bad_pastes_are_refused_without_echo() {
    assert_eq!(mode_of_key(" lx_abc123 ").unwrap(), None);
    assert_eq!(mode_of_key("sk_live_0123456789abcdef").unwrap(), None, "a prefix means nothing to Luxfin");
    for bad in ["", "   ", "Bearer SECRET1", "two SECRET2", "caf\u{e9}SECRET3", "SECRET4\n5"] {
        let err = mode_of_key(bad).unwrap_err();
        assert_eq!(err.field(), Some("key"), "{bad:?}");
        assert!(!err.to_string().contains("SECRET"), "{err}");
    }
}
