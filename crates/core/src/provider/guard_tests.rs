//! Tests of the guard: addresses refused, secrets taken out, every method delegated.
use super::*;

fn key() -> SecretString {
    SecretString::from("sk_test_0123456789abcdefSECRET")
}

#[test]
fn only_https_pages_and_this_machines_http_pages_are_shown() {
    let long = format!("https://pay.example.com/{}", "a".repeat(2048));
    let table: &[(&str, bool)] = &[
        ("https://checkout.paystack.com/0peioxfhpn", true),
        ("HTTPS://Pay.Dojo.Tech/checkout/pi_1?x=1#top", true),
        ("http://127.0.0.1:8080/checkout/abc", true),
        ("http://127.8.9.10/checkout", true),
        ("http://localhost:3000/pay", true),
        ("http://[::1]:9000/pay", true),
        ("http://example.com/pay", false),
        ("http://10.0.0.1/pay", false),
        ("http://localhost.example.com/pay", false),
        ("javascript:alert(1)", false),
        ("JavaScript:alert(document.cookie)", false),
        ("data:text/html,<script>alert(1)</script>", false),
        ("file:///etc/passwd", false),
        ("ftp://example.com/pay", false),
        ("https://", false),
        ("https:///", false),
        ("//pay.example.com/x", false),
        ("pay.example.com/x", false),
        ("", false),
        ("https://user:pass@pay.example.com/", false),
        ("https://user@pay.example.com/", false),
        ("https://pay.example.com/a b", false),
        (" https://pay.example.com/", false),
        ("https://pay.example.com/\n", false),
        ("https://pay.example.com/\tx", false),
        ("https:\\\\evil.example.com/pay", false),
        ("https://pay.example.com/%0A%20ok", true),
        ("https://pay.example.com/?k=sk_test_0123456789abcdefSECRET", false),
        ("https://pay.example.com/?k=sk_live_other", false),
        (&long, false),
    ];
    for (url, ok) in table {
        assert_eq!(page_url(url, &key()).is_ok(), *ok, "{url:?}: {:?}", page_url(url, &key()));
    }
    let just_long_enough = format!("https://pay.example.com/{}", "a".repeat(2048 - 24));
    assert!(page_url(&just_long_enough, &key()).is_ok());
}

#[test]
fn the_key_and_credentials_are_taken_out_of_provider_text() {
    let table = [
        ("Invalid key sk_test_0123456789abcdefSECRET", "Invalid key [key]"),
        ("proxy saw Authorization: Bearer sk_test_0123456789abcdefSECRET", "proxy saw Authorization: Bearer [key]"),
        ("upstream: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_x", "upstream: Bearer [redacted]"),
        ("authorization: bearer abc123", "authorization: bearer [redacted]"),
        ("AUTHORIZATION: BEARER abc123, next", "AUTHORIZATION: BEARER [redacted], next"),
        ("Basic c2tfcHJvZF94eXo6", "Basic [redacted]"),
        ("\"Authorization\":\"Basic sk_prod_livekey99\"", "\"Authorization\":\"Basic [redacted]\""),
        ("key sk_live_abcDEF123 refused", "key sk_live_[redacted] refused"),
        ("SK_SANDBOX_abc-123 and sk_prod_x", "SK_SANDBOX_[redacted] and sk_prod_[redacted]"),
        ("key=sk_test_zz", "key=sk_test_[redacted]"),
        ("Bearer\tabcdefghijklmnopqrstuvwxyz", "Bearer\t[redacted]"),
    ];
    for (said, shown) in table {
        assert_eq!(redact(said, &key()), shown, "{said:?}");
    }
}

#[test]
fn text_without_secrets_is_left_as_it_is() {
    for text in [
        "Currency not supported by merchant",
        "Invalid Bearer token",
        "Basic authentication failed",
        "Bearer",
        "a task_test_ of masks: mask_live_x",
        "sk_test_ alone",
        "Ünïcödé — naïve café ✓, then Bearer",
        "",
    ] {
        assert_eq!(redact(text, &key()), text);
    }
    assert_eq!(redact("nothing here", &SecretString::from("  ")), "nothing here", "a blank key is no key");
}

#[tokio::test]
async fn trainings_placeholder_key_is_no_secret_to_take_out() {
    let ledger = super::super::training::Ledger::default();
    let guarded = Guarded::new(Box::new(super::super::training::Training::new(ledger)));
    let req = CreateRequest { link_id: 1, reference: "PDTRAIN1", ..request() };
    let made = guarded.create(&SecretString::from("training"), &req).await.unwrap();
    assert!(made.url.starts_with(super::super::training::URL_PREFIX), "{}", made.url);
}

fn refund_request() -> RefundRequest<'static> {
    RefundRequest {
        reference: "PR1",
        idempotency_key: "k",
        amount: crate::money::Money::parse("1", crate::money::Currency::GBP, None).unwrap(),
        whole: true,
        reason: None,
    }
}

fn request() -> CreateRequest<'static> {
    CreateRequest {
        link_id: 1,
        reference: "r",
        idempotency_key: "k",
        amount: crate::money::Money::parse("1", crate::money::Currency::GBP, None).unwrap(),
        customer_email: "a@example.com",
        description: None,
        merchant_name: None,
        recorded_at: chrono::Utc::now(),
    }
}

#[tokio::test]
async fn the_wrapper_redacts_errors_and_drops_unsafe_lookup_addresses() {
    use crate::link::LinkStatus;
    struct Hostile;
    #[async_trait]
    impl Provider for Hostile {
        fn id(&self) -> ProviderId {
            ProviderId::Dojo
        }
        fn capabilities(&self) -> Capabilities {
            super::super::dojo::CAPABILITIES
        }
        async fn create(&self, key: &SecretString, _: &CreateRequest<'_>) -> Result<Created, CallError> {
            Err(CallError::AnswerLost(format!("proxy echoed Basic {}", key.expose_secret())))
        }
        async fn lookup(&self, key: &SecretString, _: LinkRef<'_>) -> Result<Lookup, CallError> {
            Ok(Lookup::Found(Observed {
                status: LinkStatus::Open,
                // a terminal escape, a line break and a bidi override, around the key
                provider_status: format!("Created\u{1b}[2J\n{}\u{202E}", key.expose_secret()),
                provider_id: Some("pi_1".into()),
                amount_minor: None,
                url: Some("javascript:alert(1)".into()),
            }))
        }
        fn server_error_may_have_created(&self) -> bool {
            true
        }
        async fn refund(&self, key: &SecretString, _: LinkRef<'_>, _: &RefundRequest<'_>) -> Result<RefundSeen, CallError> {
            Ok(RefundSeen {
                state: crate::store::RefundState::Pending,
                provider_status: "pending for Basic c2tfdGVzdF9zZWNyZXQ6".into(),
                provider_refund_id: Some(key.expose_secret().to_string()),
                method: "refund",
            })
        }
        async fn lookup_refund(&self, key: &SecretString, _: LinkRef<'_>, _: &RefundRef<'_>) -> Result<RefundLookup, CallError> {
            Err(CallError::Http { status: 500, message: format!("echo {}", key.expose_secret()), retry_after: None })
        }
        fn refund_replays(&self) -> bool {
            true
        }
    }
    let guarded = Guarded::new(Box::new(Hostile));
    assert!(guarded.server_error_may_have_created(), "defaulted methods are delegated, not defaulted again");
    assert!(guarded.refund_replays(), "the refund rule is the provider's, not the default");
    let refunded = guarded.refund(&key(), LinkRef { reference: "r", provider_id: None }, &refund_request()).await.unwrap();
    assert_eq!(refunded.provider_status, "pending for Basic [redacted]");
    assert_eq!(refunded.provider_refund_id.as_deref(), Some("[key]"));
    let refund = RefundRef { reference: "PR1", provider_refund_id: None, method: None, amount_minor: 1, recorded_at: chrono::Utc::now(), others: &[], others_minor: 0 };
    let err = guarded.lookup_refund(&key(), LinkRef { reference: "r", provider_id: None }, &refund).await.unwrap_err();
    assert_eq!(err, CallError::Http { status: 500, message: "echo [key]".into(), retry_after: None });
    let req = request();
    let err = guarded.create(&key(), &req).await.unwrap_err();
    assert_eq!(err, CallError::AnswerLost("proxy echoed Basic [key]".into()));
    let Lookup::Found(obs) = guarded.lookup(&key(), LinkRef { reference: "r", provider_id: None }).await.unwrap() else {
        panic!("found")
    };
    assert_eq!((obs.url, obs.provider_status.as_str()), (None, "Created [2J [key]"));
}

#[test]
fn provider_text_becomes_one_plain_line_of_bounded_length() {
    let table = [
        ("abandoned\u{1b}]0;owned\u{7}", "abandoned ]0;owned"),
        ("line one\r\nline two\u{2028}three", "line one line two three"),
        ("\u{2066}gnp.exe\u{202E}", "gnp.exe"),
        ("  plain   words  ", "plain words"),
        ("Ünïcödé ✓ العربية", "Ünïcödé ✓ العربية"),
        ("", ""),
    ];
    for (sent, kept) in table {
        assert_eq!(one_line(sent, 60), kept, "{sent:?}");
    }
    let long = "x".repeat(61);
    assert_eq!(one_line(&long, 60), format!("{}…", "x".repeat(59)));
    assert_eq!(one_line(&long[..60], 60), long[..60]);
}
