//! `paydesk link create --provider dojo` and `paydesk link cancel` end to end, as a process,
//! against the local fake Dojo, with the key and address given through `PAYDESK_DOJO_KEY` and
//! `PAYDESK_DOJO_BASE_URL`.

mod common;

use common::paydesk;
use paydesk_fakes::{DojoOptions, DojoRoute, FakeDojo};

const KEY: &str = "sk_sandbox_cli0123456789SECRETKEY";

fn fake(key: &str) -> FakeDojo {
    FakeDojo::start_sync(DojoOptions::new(key)).unwrap()
}

fn run_with_key(dir: &std::path::Path, fake: &FakeDojo, key: &str, args: &[&str]) -> common::Run {
    let url = fake.url();
    paydesk(dir, &[("PAYDESK_DOJO_KEY", key), ("PAYDESK_DOJO_BASE_URL", &url)], args, None)
}

fn run(dir: &std::path::Path, fake: &FakeDojo, args: &[&str]) -> common::Run {
    run_with_key(dir, fake, KEY, args)
}

const CREATE: &[&str] =
    &["link", "create", "--provider", "dojo", "--amount", "1,500.50", "--currency", "GBP", "--email", "a@b.com", "--description", "Two coffees"];

#[test]
fn create_cancel_and_verify_a_dojo_link() {
    let (fake, dir) = (fake(KEY), tempfile::tempdir().unwrap());
    let link = run(dir.path(), &fake, &[CREATE, &["--json"]].concat()).ok().json();
    let intent = &fake.intents()[0];
    assert_eq!((link["provider"].as_str(), link["mode"].as_str()), (Some("dojo"), Some("test")));
    assert_eq!((link["status"].as_str(), link["provider_status"].as_str()), (Some("open"), Some("Created")));
    assert_eq!((link["amount_minor"].as_i64(), link["currency"].as_str()), (Some(150050), Some("GBP")));
    assert_eq!(link["provider_id"], intent.id);
    assert_eq!(link["url"], format!("{}/checkout/{}", fake.url(), intent.id));
    let sent = &fake.requests()[0];
    assert_eq!(sent.header("authorization"), Some(format!("Basic {KEY}").as_str()));
    assert_eq!(sent.header("version"), Some("2024-02-05"));

    let id = link["id"].to_string();
    let cancelled = run(dir.path(), &fake, &["link", "cancel", &id, "--json"]).ok().json();
    assert_eq!((cancelled["status"].as_str(), cancelled["provider_status"].as_str()), (Some("cancelled"), Some("Canceled")));
    assert_eq!(fake.intent(&intent.id).unwrap().status, "Canceled");
    assert_eq!(fake.hits(DojoRoute::Cancel), 1);

    let reference = link["reference"].as_str().unwrap();
    let verified = run(dir.path(), &fake, &["link", "verify", reference, "--json"]).ok().json();
    assert_eq!((verified["status"].as_str(), verified["provider_status"].as_str()), (Some("cancelled"), Some("Canceled")));
    let shown = run(dir.path(), &fake, &["link", "show", &id]).ok();
    assert!(shown.stdout.contains("open → cancelled (Canceled)"), "{}", shown.stdout);
    assert!(shown.stdout.contains("cancel done"), "{}", shown.stdout);

    let again = run(dir.path(), &fake, &["link", "cancel", &id]);
    assert_eq!(again.code, 1);
    assert_eq!(again.stderr.trim(), format!("paydesk: Link {id} is already cancelled."));
}

#[test]
fn human_output_then_paid_at_the_checkout() {
    let (fake, dir) = (fake(KEY), tempfile::tempdir().unwrap());
    let out = run(dir.path(), &fake, CREATE).ok();
    let intent = &fake.intents()[0];
    assert!(out.stdout.contains("GBP 1,500.50 · Dojo · TEST mode"), "{}", out.stdout);
    assert!(out.stdout.contains(&format!("URL:        {}/checkout/{}", fake.url(), intent.id)), "{}", out.stdout);
    assert!(out.stdout.contains("Status:     open (Created)"), "{}", out.stdout);

    fake.set_status(&intent.id, "Captured");
    let all = run(dir.path(), &fake, &["link", "verify", "--open"]).ok();
    assert!(all.stdout.contains("Verified 1 open link(s): 1 changed"), "{}", all.stdout);
    assert!(all.stdout.contains("open → paid"), "{}", all.stdout);
    let paid = run(dir.path(), &fake, &["link", "list", "--provider", "dojo", "--status", "paid"]).ok();
    assert!(paid.stdout.contains("paid (Captured)"), "{}", paid.stdout);
}

#[test]
fn what_dojo_or_paydesk_refuses_is_said_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let other = fake("sk_sandbox_notthisone");
    let refused = run(dir.path(), &other, CREATE);
    assert_eq!(refused.code, 1);
    assert_eq!(
        refused.stderr.trim(),
        "paydesk: Dojo refused the test key (The API key is missing or invalid): set a new one with `paydesk key set dojo --mode test` or in Settings."
    );

    let fake = fake(KEY);
    let ngn = run(dir.path(), &fake, &["link", "create", "--provider", "dojo", "--amount", "5", "--currency", "NGN", "--email", "a@b.com"]);
    assert_eq!(ngn.code, 2);
    assert_eq!(ngn.stderr.trim(), "paydesk: Dojo does not take NGN: use GBP, EUR.");

    let not_dojo = run_with_key(dir.path(), &fake, "sk_test_PaystackSECRET", CREATE);
    assert_eq!(not_dojo.code, 2, "{}", not_dojo.stderr);
    assert!(not_dojo.stderr.contains("PAYDESK_DOJO_KEY"), "{}", not_dojo.stderr);
    assert!(!not_dojo.stderr.contains("SECRET"), "never echo a key: {}", not_dojo.stderr);
    assert_eq!(fake.requests().len(), 0, "nothing sent for input refused here");

    let link = run(dir.path(), &fake, &[CREATE, &["--json"]].concat()).ok().json();
    let share = run(dir.path(), &fake, &["link", "share", &link["id"].to_string(), "--to", "bob@example.com"]);
    assert_eq!(share.code, 1);
    assert_eq!(share.stderr.trim(), "paydesk: Dojo does not email links: copy the link or use your own email instead.");
}
