//! `paydesk link create --again`, `paydesk sale show` and `paydesk sale failover` as a process,
//! against the local fake Paystack and Luxfin.

mod common;

use common::paydesk;
use paydesk_fakes::{FakeLuxfin, FakePaystack, Fault, LuxfinOptions, PaystackOptions, Route};

const KEY: &str = "sk_test_sales0123456789SECRET";
const LX: &str = "lx_sales0123456789SECRET";

#[test]
fn a_likely_duplicate_exits_2_naming_the_earlier_link_until_made_again() {
    let (fake, dir) = (FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap(), tempfile::tempdir().unwrap());
    let url = fake.url();
    let env = [("PAYDESK_PAYSTACK_KEY", KEY), ("PAYDESK_PAYSTACK_BASE_URL", url.as_str()), ("PAYDESK_DUPLICATE_WINDOW_MINUTES", "30")];
    let create = ["link", "create", "--amount", "1500", "--currency", "NGN", "--email", "ada@example.com", "--json"];
    let first = paydesk(dir.path(), &env, &create, None).ok().json();
    let again = paydesk(dir.path(), &env, &create, None);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.starts_with("paydesk: Link 1 already asks ada@example.com for NGN 1,500.00"), "{}", again.stderr);
    assert!(again.stderr.contains("See it with `paydesk link show 1`, or add --again"), "{}", again.stderr);
    assert!(!again.stderr.contains("Show that link"), "the window's words, not a terminal's: {}", again.stderr);
    assert_eq!(fake.transactions().len(), 1, "nothing sent");
    let made = paydesk(dir.path(), &env, &[&create[..], &["--again"]].concat(), None).ok().json();
    assert_ne!(made["sale_uid"], first["sale_uid"]);
    let shown = paydesk(dir.path(), &env, &["sale", "show", &made["sale_id"].to_string()], None).ok().stdout;
    assert!(shown.contains("made although link 1 was like it"), "{shown}");
}

#[test]
fn a_refused_sale_fails_over_to_another_provider_from_the_cli() {
    let paystack = FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap();
    let luxfin = FakeLuxfin::start_sync(LuxfinOptions::new(LX)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    paystack.push_fault(Route::Initialize, Fault::json(400, r#"{"status":false,"message":"Currency not supported by merchant"}"#));
    let (p, l) = (paystack.url(), luxfin.url());
    let env = [
        ("PAYDESK_PAYSTACK_KEY", KEY),
        ("PAYDESK_PAYSTACK_BASE_URL", p.as_str()),
        ("PAYDESK_LUXFIN_KEY", LX),
        ("PAYDESK_LUXFIN_BASE_URL", l.as_str()),
    ];
    let refused = paydesk(dir.path(), &env, &["link", "create", "--provider", "paystack", "--amount", "25", "--currency", "USD", "--email", "a@b.com"], None);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    let wrong = paydesk(dir.path(), &env, &["sale", "failover", "1", "--provider", "dojo"], None);
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    let moved = paydesk(dir.path(), &env, &["sale", "failover", "1", "--provider", "luxfin", "--json"], None).ok().json();
    assert_eq!((moved["provider"].as_str(), moved["status"].as_str(), moved["sale_id"].as_i64()), (Some("luxfin"), Some("open"), Some(1)));
    assert_eq!(moved["url"], luxfin.orders()[0].order_url.as_str());
    let sale = paydesk(dir.path(), &env, &["sale", "show", "1", "--json"], None).ok().json();
    let attempts: Vec<(&str, &str)> =
        sale["attempts"].as_array().unwrap().iter().map(|a| (a["provider"].as_str().unwrap(), a["status"].as_str().unwrap())).collect();
    assert_eq!(attempts, [("paystack", "failed"), ("luxfin", "open")]);
    let show = paydesk(dir.path(), &env, &["link", "show", "2", "--json"], None).ok().json();
    assert_eq!(show["attempts"].as_array().unwrap().len(), 2, "link show --json carries the attempts");
    assert!(show["references"].is_array() && show["events"].is_array());
}

#[test]
fn a_sale_kept_after_a_provider_fault_names_the_command_that_finishes_it() {
    let paystack = FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = paystack.url();
    let env = [("PAYDESK_PAYSTACK_KEY", KEY), ("PAYDESK_PAYSTACK_BASE_URL", p.as_str())];
    let create = |lang: &'static str, email: &'static str| {
        // Every try of the create (it retries a 503 itself) meets the fault.
        for _ in 0..3 {
            paystack.push_fault(Route::Initialize, Fault::Html { code: 503 });
        }
        let mut env = env.to_vec();
        env.push(("LANG", lang));
        paydesk(dir.path(), &env, &["link", "create", "--provider", "paystack", "--amount", "25", "--currency", "NGN", "--email", email], None)
    };
    let en = create("C", "a@b.com");
    assert_eq!(en.code, 1, "{}", en.stderr);
    assert!(en.stderr.contains("The sale is saved as link 1"), "{}", en.stderr);
    assert!(en.stderr.contains("Run `paydesk link retry 1` to finish it"), "the command, not the window's Retry button: {}", en.stderr);
    assert!(!en.stderr.contains("press Retry"), "{}", en.stderr);
    let fr = create("fr_FR.UTF-8", "c@d.com");
    assert_eq!(fr.code, 1, "{}", fr.stderr);
    assert!(fr.stderr.contains("La vente est gardée") && fr.stderr.contains("Lancez `paydesk link retry 2` pour la terminer"), "{}", fr.stderr);
    // The command it names finishes the sale with one link.
    let done = paydesk(dir.path(), &env, &["link", "retry", "1", "--json"], None).ok().json();
    assert_eq!(done["status"], "open");
    assert_eq!(paystack.transactions().len(), 1);
}
