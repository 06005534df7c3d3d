//! The `paydesk` CLI end to end, as a process, against the local fake Paystack.

mod common;

use common::{decode_qr, paydesk, KEY};
use paydesk_fakes::{FakePaystack, PaystackOptions, Route};

fn fake() -> FakePaystack {
    FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap()
}

fn env(fake: &FakePaystack) -> Vec<(&'static str, String)> {
    vec![("PAYDESK_PAYSTACK_KEY", KEY.to_string()), ("PAYDESK_PAYSTACK_BASE_URL", fake.url())]
}

fn run(dir: &std::path::Path, fake: &FakePaystack, args: &[&str]) -> common::Run {
    let env = env(fake);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    paydesk(dir, &env, args, None)
}

const CREATE: &[&str] = &["link", "create", "--provider", "paystack", "--amount", "1500.50", "--currency", "NGN", "--email", "a@b.com", "--description", "Jollof x2"];

#[test]
fn create_json_is_one_object_with_the_stable_fields() {
    let (fake, dir) = (fake(), tempfile::tempdir().unwrap());
    let out = run(dir.path(), &fake, &[CREATE, &["--json"]].concat()).ok();
    let link = out.json();
    let mut fields: Vec<&str> = link.as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort();
    let mut want = vec![
        "id", "provider", "mode", "reference", "provider_id", "url", "amount_minor", "currency", "customer_email",
        "description", "status", "provider_status", "created_at", "updated_at", "last_verified_at", "last_error", "uid", "till_id",
        "refunded_minor", "refundable_minor",
        "sale_id", "sale_uid",
    ];
    want.sort();
    assert_eq!(fields, want);
    assert_eq!(link["amount_minor"], 150050);
    assert_eq!(link["status"], "open");
    assert_eq!(link["mode"], "test");
    assert_eq!(link["provider"], "paystack");
    let reference = link["reference"].as_str().unwrap();
    let txn = fake.transaction(reference).unwrap();
    assert_eq!(link["url"], format!("{}/checkout/{}", fake.url(), txn.access_code));
}

#[test]
fn human_output_shows_url_reference_status_and_mode() {
    let (fake, dir) = (fake(), tempfile::tempdir().unwrap());
    let out = run(dir.path(), &fake, CREATE).ok();
    let txn = &fake.transactions()[0];
    assert!(out.stdout.contains("NGN 1,500.50"), "{}", out.stdout);
    assert!(out.stdout.contains("TEST mode"), "{}", out.stdout);
    assert!(out.stdout.contains(&format!("URL:        {}/checkout/{}", fake.url(), txn.access_code)), "{}", out.stdout);
    assert!(out.stdout.contains(&format!("Reference:  {}", txn.reference)), "{}", out.stdout);
    assert!(out.stdout.contains("Status:     open"), "{}", out.stdout);
    // Training's own word for an open link is "open": said once, not "open (open)".
    let training = run(dir.path(), &fake, &["link", "create", "--provider", "training", "--amount", "12.50", "--currency", "NGN", "--email", "t@example.com"]).ok();
    assert!(training.stdout.lines().any(|l| l == "Status:     open"), "{}", training.stdout);
    let listed = run(dir.path(), &fake, &["link", "list"]).ok();
    assert!(!listed.stdout.contains("open (open)"), "{}", listed.stdout);
}

#[test]
fn bad_input_exits_2_with_one_line_and_writes_and_sends_nothing() {
    let (fake, dir) = (fake(), tempfile::tempdir().unwrap());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--amount", "1.234"], "only 2 decimal places"),
        (vec!["--amount", "0"], "more than zero"),
        (vec!["--amount", "-5"], "negative"),
        (vec!["--amount", "1e3"], "exponent"),
        (vec!["--email", "nobody"], "not an email address"),
        (vec!["--currency", "GBP"], "does not take GBP"),
    ];
    for (change, want) in cases {
        let mut args: Vec<&str> = CREATE.to_vec();
        for pair in change.chunks(2) {
            let at = args.iter().position(|a| *a == pair[0]).unwrap();
            args[at + 1] = pair[1];
        }
        let out = run(dir.path(), &fake, &args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
        assert!(out.stderr.contains(want), "{args:?}: {}", out.stderr);
    }
    let usage = run(dir.path(), &fake, &["link", "create", "--amount", "5"]);
    assert_eq!(usage.code, 2, "a missing --email is a usage error");
    assert_eq!(run(dir.path(), &fake, &["link", "list", "--json"]).ok().json(), serde_json::json!([]));
    assert_eq!(fake.hits(Route::Initialize) + fake.hits(Route::Verify), 0);
}

#[test]
fn a_provider_refusal_exits_1_in_paystacks_words() {
    let other = FakePaystack::start_sync(PaystackOptions::new("sk_test_notthisone")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &other, CREATE);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.trim(), "paydesk: Paystack refused the test key (Invalid key): set a new one with `paydesk key set paystack --mode test` or in Settings.");
}

#[test]
fn list_show_verify_and_export_the_qr() {
    let (fake, dir) = (fake(), tempfile::tempdir().unwrap());
    let first = run(dir.path(), &fake, &[CREATE, &["--json"]].concat()).ok().json();
    let mut second_args = CREATE.to_vec();
    second_args[9] = "zoe@example.org";
    let second = run(dir.path(), &fake, &[second_args, vec!["--json"]].concat()).ok().json();
    let (r1, r2) = (first["reference"].as_str().unwrap(), second["reference"].as_str().unwrap());

    let list = run(dir.path(), &fake, &["link", "list", "--json"]).ok().json();
    assert_eq!(list.as_array().unwrap().iter().map(|l| l["reference"].as_str().unwrap()).collect::<Vec<_>>(), vec![r2, r1], "newest first");
    let found = run(dir.path(), &fake, &["link", "list", "--search", "ZOE@", "--json"]).ok().json();
    assert_eq!(found.as_array().unwrap().len(), 1);

    // while it can be paid, its QR is handed out as a file
    let png = dir.path().join("qr.png");
    run(dir.path(), &fake, &["link", "qr", r1, "--png", png.to_str().unwrap()]).ok();
    assert_eq!(decode_qr(&png), first["url"].as_str().unwrap());
    let svg = dir.path().join("qr.svg");
    run(dir.path(), &fake, &["link", "qr", r1, "--svg", svg.to_str().unwrap()]).ok();
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));

    fake.set_status(r1, "success");
    let verified = run(dir.path(), &fake, &["link", "verify", r1, "--json"]).ok().json();
    assert_eq!((verified["status"].as_str(), verified["provider_status"].as_str()), (Some("paid"), Some("success")));
    let paid = run(dir.path(), &fake, &["link", "list", "--status", "paid", "--json"]).ok().json();
    assert_eq!(paid[0]["reference"], r1);
    assert_eq!(paid.as_array().unwrap().len(), 1);

    fake.set_status(r2, "failed");
    let all = run(dir.path(), &fake, &["link", "verify", "--open"]).ok();
    assert!(all.stdout.contains("Verified 1 open link(s): 1 changed"), "{}", all.stdout);
    assert!(all.stdout.contains("open → failed"), "{}", all.stdout);

    let shown = run(dir.path(), &fake, &["link", "show", &first["id"].to_string()]).ok();
    assert!(shown.stdout.contains("open → paid (success)"), "{}", shown.stdout);

    // paid: its QR is no longer handed out, and no file is written
    let late = dir.path().join("late.png");
    let refused = run(dir.path(), &fake, &["link", "qr", r1, "--png", late.to_str().unwrap()]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains(&format!("Link {} is paid: its QR code is no longer handed out.", first["id"])), "{}", refused.stderr);
    assert!(!late.exists());

    let missing = run(dir.path(), &fake, &["link", "show", "PDNOSUCHREF"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("No link with id or reference"), "{}", missing.stderr);
}

#[test]
fn config_set_is_kept_and_the_environment_wins() {
    let (fake, dir) = (fake(), tempfile::tempdir().unwrap());
    let d = dir.path();
    paydesk(d, &[], &["config", "set", "paystack.base_url", "http://127.0.0.1:9/"], None).ok();
    let got = paydesk(d, &[], &["config", "get", "paystack.base_url"], None).ok();
    assert_eq!(got.stdout.trim(), "http://127.0.0.1:9");
    let env_wins = paydesk(d, &[("PAYDESK_PAYSTACK_BASE_URL", &fake.url())], &["config", "get", "paystack.base_url"], None).ok();
    assert_eq!(env_wins.stdout.trim(), fake.url());
    let bad = paydesk(d, &[], &["config", "set", "paystack.base_url", "nope"], None);
    assert_eq!(bad.code, 2);
    let unknown = paydesk(d, &[], &["config", "set", "colour", "red"], None);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("Unknown setting"), "{}", unknown.stderr);
}
