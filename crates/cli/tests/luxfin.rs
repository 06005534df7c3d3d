//! `paydesk link create --provider luxfin` end to end, as a process, against the local fake Luxfin,
//! with the key and address given through `PAYDESK_LUXFIN_KEY` and `PAYDESK_LUXFIN_BASE_URL`.

mod common;

use common::paydesk;
use paydesk_fakes::{FakeLuxfin, LuxfinOptions, LuxfinRoute};

const KEY: &str = "lx_cli_0123456789SECRETKEY";

fn fake(key: &str) -> FakeLuxfin {
    FakeLuxfin::start_sync(LuxfinOptions::new(key)).unwrap()
}

fn run(dir: &std::path::Path, fake: &FakeLuxfin, args: &[&str]) -> common::Run {
    let url = fake.url();
    paydesk(dir, &[("PAYDESK_LUXFIN_KEY", KEY), ("PAYDESK_LUXFIN_BASE_URL", &url)], args, None)
}

const CREATE: &[&str] =
    &["link", "create", "--provider", "luxfin", "--amount", "1500.50", "--currency", "USD", "--email", "a@b.com", "--description", "Jollof x2"];

#[test]
fn create_then_verify_a_luxfin_link() {
    let (fake, dir) = (fake(KEY), tempfile::tempdir().unwrap());
    let link = run(dir.path(), &fake, &[CREATE, &["--json"]].concat()).ok().json();
    let order = &fake.orders()[0];
    assert_eq!((link["provider"].as_str(), link["status"].as_str()), (Some("luxfin"), Some("open")));
    assert_eq!(link["url"], order.order_url);
    assert_eq!(link["provider_id"], order.order_id);
    assert_eq!(link["amount_minor"], 150050);
    let sent = &fake.requests()[0].body;
    assert!(sent.starts_with(r#"{"amount":1500.50,"currency":"USD","#), "{sent}");

    fake.set_status(&order.order_id, "SUCCESS");
    let reference = link["reference"].as_str().unwrap();
    let verified = run(dir.path(), &fake, &["link", "verify", reference, "--json"]).ok().json();
    assert_eq!((verified["status"].as_str(), verified["provider_status"].as_str()), (Some("paid"), Some("SUCCESS")));

    let human = run(dir.path(), &fake, CREATE).ok();
    assert!(human.stdout.contains("USD 1,500.50"), "{}", human.stdout);
    assert!(human.stdout.contains(&fake.orders()[1].order_url), "{}", human.stdout);
}

#[test]
fn another_currency_exits_2_and_sends_nothing() {
    let (fake, dir) = (fake(KEY), tempfile::tempdir().unwrap());
    let mut args = CREATE.to_vec();
    args[7] = "GBP";
    let out = run(dir.path(), &fake, &args);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.stderr.trim(), "paydesk: Luxfin does not take GBP: use USD.");
    assert!(fake.requests().is_empty());
    assert_eq!(run(dir.path(), &fake, &["link", "list", "--json"]).ok().json(), serde_json::json!([]));
}

#[test]
fn a_refusal_exits_1_in_luxfins_words() {
    let (other, dir) = (fake("lx_not_this_one"), tempfile::tempdir().unwrap());
    let out = run(dir.path(), &other, CREATE);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.trim(), "paydesk: Luxfin refused the test key (Invalid API key): set a new one with `paydesk key set luxfin --mode test` or in Settings.");
    assert_eq!(other.hits(LuxfinRoute::Create), 1);
}
