//! `paydesk link create --provider payroc`, `link share` and `link cancel` end to end, as a
//! process, against the local fake Payroc, configured only through the environment:
//! `PAYDESK_PAYROC_KEY`, `_BASE_URL`, `_IDENTITY_URL` and `_TERMINAL_ID`.

mod common;

use common::paydesk;
use paydesk_fakes::{FakePayroc, PayrocOptions, PayrocRoute as R};

const KEY: &str = "payroc_cli_0123456789SECRETKEY";

fn fake(key: &str) -> FakePayroc {
    FakePayroc::start_sync(PayrocOptions::new(key)).unwrap()
}

fn run_with(dir: &std::path::Path, fake: &FakePayroc, terminal: Option<&str>, args: &[&str]) -> common::Run {
    let (api, identity) = (fake.api_url(), fake.url());
    let mut env = vec![("PAYDESK_PAYROC_KEY", KEY), ("PAYDESK_PAYROC_BASE_URL", api.as_str()), ("PAYDESK_PAYROC_IDENTITY_URL", identity.as_str())];
    env.extend(terminal.map(|t| ("PAYDESK_PAYROC_TERMINAL_ID", t)));
    paydesk(dir, &env, args, None)
}

fn run(dir: &std::path::Path, fake: &FakePayroc, args: &[&str]) -> common::Run {
    run_with(dir, fake, Some("1234001"), args)
}

const CREATE: &[&str] =
    &["link", "create", "--provider", "payroc", "--amount", "1500.50", "--currency", "USD", "--email", "a@b.com", "--description", "Jollof x2"];

#[test]
fn create_share_show_and_cancel_a_payroc_link() {
    let (fake, dir) = (fake(KEY), tempfile::tempdir().unwrap());
    let link = run(dir.path(), &fake, &[CREATE, &["--json"]].concat()).ok().json();
    let made = &fake.links()[0];
    assert_eq!((link["provider"].as_str(), link["status"].as_str(), link["mode"].as_str()), (Some("payroc"), Some("open"), Some("test")));
    assert_eq!(link["url"], made.payment_url);
    assert_eq!(link["provider_id"], made.payment_link_id);
    assert_eq!((made.amount, made.currency.as_str(), made.description.as_deref()), (150050, "USD", Some("Jollof x2")));
    let id = link["id"].to_string();

    let shared = run(dir.path(), &fake, &["link", "share", &id, "--to", "ada.lovelace@example.com", "--json"]).ok().json();
    assert_eq!(shared["state"], "done");
    let named = run(dir.path(), &fake, &["link", "share", &id, "--to", "g@example.com", "--name", "Grace Hopper", "--message", "Pay by Friday"]).ok();
    assert!(named.stdout.contains("Sent link"), "{}", named.stdout);
    let events = fake.link(&made.payment_link_id).unwrap().sharing_events;
    let names: Vec<_> = events.iter().map(|e| e.recipients[0].0.as_str()).collect();
    assert_eq!(names, vec!["Ada Lovelace", "Grace Hopper"]);
    assert_eq!(events[1].message.as_deref(), Some("Pay by Friday"));

    let shown = run(dir.path(), &fake, &["link", "show", &id]).ok();
    assert!(shown.stdout.contains("Shares and cancels:"), "{}", shown.stdout);
    assert_eq!(shown.stdout.matches("share done").count(), 2, "{}", shown.stdout);

    let cancelled = run(dir.path(), &fake, &["link", "cancel", &id, "--json"]).ok().json();
    assert_eq!((cancelled["status"].as_str(), cancelled["provider_status"].as_str()), (Some("cancelled"), Some("deactivated")));
    assert_eq!(fake.link(&made.payment_link_id).unwrap().status, "deactivated");
    assert_eq!(fake.hits(R::Authorize), 4, "one token per process: each run starts cold");
}

#[test]
fn verify_reads_payrocs_word() {
    let (fake, dir) = (fake(KEY), tempfile::tempdir().unwrap());
    let link = run(dir.path(), &fake, &[CREATE, &["--json"]].concat()).ok().json();
    fake.set_status(link["provider_id"].as_str().unwrap(), "completed");
    let reference = link["reference"].as_str().unwrap();
    let verified = run(dir.path(), &fake, &["link", "verify", reference, "--json"]).ok().json();
    assert_eq!((verified["status"].as_str(), verified["provider_status"].as_str()), (Some("paid"), Some("completed")));
}

#[test]
fn a_missing_terminal_id_says_what_to_set_and_sends_nothing() {
    let (fake, dir) = (fake(KEY), tempfile::tempdir().unwrap());
    let out = run_with(dir.path(), &fake, None, CREATE);
    assert_eq!(out.code, 2, "bad input: {}", out.stderr);
    assert!(out.stderr.contains("paydesk config set payroc.terminal_id ID"), "{}", out.stderr);
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    assert!(fake.requests().is_empty());
}

#[test]
fn a_refused_key_exits_1_with_a_clear_message() {
    let (other, dir) = (fake("payroc_not_this_key_000000"), tempfile::tempdir().unwrap());
    let out = run(dir.path(), &other, CREATE);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("paydesk: Payroc refused the test key"), "{}", out.stderr);
    assert!(out.stderr.contains("paydesk key set payroc --mode test"), "{}", out.stderr);
    assert!(!out.stderr.contains(KEY));
    assert_eq!(other.hits(R::Create), 0);
}

#[test]
fn sharing_to_a_bad_address_exits_2_and_sends_nothing() {
    let (fake, dir) = (fake(KEY), tempfile::tempdir().unwrap());
    let link = run(dir.path(), &fake, &[CREATE, &["--json"]].concat()).ok().json();
    let bad = run(dir.path(), &fake, &["link", "share", &link["id"].to_string(), "--to", "not-an-email"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert_eq!(fake.hits(R::Share), 0);
}
