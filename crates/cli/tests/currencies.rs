//! Currencies without decimals through the `paydesk` process: an XOF sale against the fake
//! Paystack, shown in whole francs by `link create`, `link list` and `report day`.

mod common;

use common::{paydesk, KEY};
use paydesk_fakes::{FakePaystack, PaystackOptions};

fn run(dir: &std::path::Path, fake: &FakePaystack, args: &[&str]) -> common::Run {
    let url = fake.url();
    // The shop's day in UTC, so the day asked for below is the day the sale was recorded on.
    paydesk(dir, &[("PAYDESK_PAYSTACK_KEY", KEY), ("PAYDESK_PAYSTACK_BASE_URL", &url), ("TZ", "UTC")], args, None)
}

fn create(dir: &std::path::Path, fake: &FakePaystack, amount: &str) -> common::Run {
    let args = ["link", "create", "--provider", "paystack", "--amount", amount, "--currency", "XOF", "--email", "awa@example.ci"];
    run(dir, fake, &args)
}

#[test]
fn xof_is_whole_francs_in_create_list_and_the_days_report() {
    let fake = FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let made = create(dir.path(), &fake, "1,500").ok();
    assert!(made.stdout.contains("XOF 1,500 "), "{}", made.stdout);
    assert!(!made.stdout.contains("1,500."), "no decimals: {}", made.stdout);
    let sent = fake.requests()[0].json().unwrap();
    assert_eq!(sent["amount"], 1500, "XOF 1500 → 1500 on the wire");

    let list = run(dir.path(), &fake, &["link", "list"]).ok();
    let row = list.stdout.lines().find(|l| l.contains("awa@example.ci")).unwrap_or_else(|| panic!("{}", list.stdout));
    assert!(row.contains("XOF 1,500 "), "{row}");

    let reference = fake.transactions()[0].reference.clone();
    fake.set_status(&reference, "success");
    run(dir.path(), &fake, &["link", "verify", &reference]).ok();
    let listed = run(dir.path(), &fake, &["link", "list", "--json"]).ok().json();
    let day = listed[0]["created_at"].as_str().unwrap()[..10].to_string();
    let report = run(dir.path(), &fake, &["report", "day", "--date", &day]).ok();
    let line = report.stdout.lines().find(|l| l.contains("XOF")).unwrap_or_else(|| panic!("{}", report.stdout));
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cells[..4], ["Paystack", "XOF", "1", "1,500"], "{line}");
    let json = run(dir.path(), &fake, &["report", "day", "--date", &day, "--json"]).ok().json();
    assert_eq!(json["rows"][0]["paid_minor"], 1500);
}

#[test]
fn decimals_in_xof_are_refused_in_one_line_and_nothing_is_sent() {
    let fake = FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let refused = create(dir.path(), &fake, "1500.50");
    assert_ne!(refused.code, 0);
    assert!(refused.stderr.contains("XOF has no decimals: type a whole amount."), "{}", refused.stderr);
    assert!(fake.requests().is_empty());
    let list = run(dir.path(), &fake, &["link", "list"]).ok();
    assert!(list.stdout.contains("No links match."), "{}", list.stdout);
}
