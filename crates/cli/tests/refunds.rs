//! `paydesk link refund` and `paydesk pin …` as a process, against the local fakes: a partial then
//! a full refund, exit 2 for too much, Luxfin's dashboard, and the PIN read from standard input.

mod common;

use common::{paydesk, KEY};
use paydesk_fakes::{FakeLuxfin, FakePaystack, LuxfinOptions, PaystackOptions, Route};

fn run(dir: &std::path::Path, fake: &FakePaystack, args: &[&str], stdin: Option<&str>) -> common::Run {
    let url = fake.url();
    paydesk(dir, &[("PAYDESK_PAYSTACK_KEY", KEY), ("PAYDESK_PAYSTACK_BASE_URL", &url)], args, stdin)
}

const CREATE: &[&str] = &["link", "create", "--provider", "paystack", "--amount", "1500.50", "--currency", "NGN", "--email", "a@b.com", "--json"];

#[test]
fn a_partial_then_a_full_refund_behind_a_pin_read_from_stdin() {
    let (fake, dir) = (FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap(), tempfile::tempdir().unwrap());
    let link = run(dir.path(), &fake, CREATE, None).ok().json();
    let reference = link["reference"].as_str().unwrap().to_string();
    let id = link["id"].to_string();
    fake.set_status(&reference, "success");
    let paid = run(dir.path(), &fake, &["link", "verify", &id, "--json"], None).ok().json();
    assert_eq!((paid["status"].as_str(), paid["refundable_minor"].as_i64()), (Some("paid"), Some(150_050)));

    run(dir.path(), &fake, &["pin", "set"], Some("13579\n")).ok();
    let missing = run(dir.path(), &fake, &["link", "refund", &id, "--amount", "500"], None);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(missing.stderr.contains("manager PIN"), "{}", missing.stderr);
    let over = run(dir.path(), &fake, &["link", "refund", &id, "--amount", "1,600"], Some("13579\n"));
    assert_eq!(over.code, 2, "{}", over.stderr);
    assert_eq!(over.stderr.trim(), format!("paydesk: NGN 1,600.00 is more than the NGN 1,500.50 left to refund on link {id}."));
    assert!(fake.refunds().is_empty(), "nothing sent");

    let part = run(dir.path(), &fake, &["link", "refund", &id, "--amount", "500", "--reason", "Burnt", "--json"], Some("13579\n")).ok().json();
    assert_eq!((part["refund"]["state"].as_str(), part["refund"]["provider_status"].as_str()), (Some("pending"), Some("pending")));
    assert_eq!(part["link"]["refundable_minor"], 100_050);
    fake.set_refund_status(fake.refunds()[0].id, "processed");
    let after = run(dir.path(), &fake, &["link", "verify", &id, "--json"], None).ok().json();
    assert_eq!((after["status"].as_str(), after["refunded_minor"].as_i64()), (Some("partially_refunded"), Some(50_000)));
    // The day's report: paid gross, and what the shop keeps once the part given back is off.
    let day = run(dir.path(), &fake, &["report", "day", "--json"], None).ok().json();
    assert_eq!((day["rows"][0]["paid_minor"].as_i64(), day["rows"][0]["net_minor"].as_i64()), (Some(150_050), Some(100_050)));
    let report = run(dir.path(), &fake, &["report", "day"], None).ok();
    assert!(report.stdout.lines().any(|l| l == "Kept after refunds: NGN 1,000.50"), "{}", report.stdout);
    // The Z report's lists: the sale paid (gross), and the part given back with its reason.
    let lists = run(dir.path(), &fake, &["report", "sales", "--json"], None).ok().json();
    assert_eq!((lists["sales"][0]["reference"].as_str(), lists["sales"][0]["amount_minor"].as_i64()), (Some(reference.as_str()), Some(150_050)));
    let r = &lists["refunds"][0];
    assert_eq!((r["refunded_minor"].as_i64(), r["whole"].as_bool(), &r["reasons"]), (Some(50_000), Some(false), &serde_json::json!(["Burnt"])));
    let text = run(dir.path(), &fake, &["report", "sales"], None).ok().stdout;
    let lines: Vec<&str> = text.lines().collect();
    let at = |head: &str| lines.iter().position(|l| *l == head).unwrap_or_else(|| panic!("no {head:?} in\n{text}"));
    let (paid, back) = (at("Paid:"), at("Refunded:"));
    assert!(lines[paid - 1].starts_with("TEST: "), "under the mode it was in:\n{text}");
    assert!(lines[paid + 1].starts_with("time   provider  reference") && lines[paid + 1].contains("amount  what for"), "{text}");
    let sold: Vec<&str> = lines[paid + 2].split("  ").filter(|c| !c.is_empty()).map(str::trim).collect();
    assert_eq!(sold[1..], ["Paystack", reference.as_str(), "NGN", "1,500.50"], "{text}");
    let given: Vec<&str> = lines[back + 2].split("  ").filter(|c| !c.is_empty()).map(str::trim).collect();
    assert_eq!(given[1..], ["Paystack", reference.as_str(), "NGN", "500.00", "Burnt · of 1,500.50"], "{text}");

    let rest = run(dir.path(), &fake, &["link", "refund", &id], Some("13579\n")).ok();
    assert!(rest.stdout.contains("NGN 1,000.50"), "{}", rest.stdout);
    let show = run(dir.path(), &fake, &["link", "show", &id], None).ok();
    assert!(show.stdout.contains("Refunds:") && show.stdout.contains("Paystack says processed") && show.stdout.contains("Paystack says pending"), "{}", show.stdout);
    assert_eq!(fake.hits(Route::Refund), 2);
    assert!(!std::fs::read_to_string(dir.path().join("paydesk.log")).unwrap_or_default().contains("13579"), "the PIN is never logged");

    let wrong = run(dir.path(), &fake, &["pin", "clear"], Some("00000\n"));
    assert_eq!(wrong.code, 2);
    assert!(wrong.stderr.contains("Wrong PIN"), "{}", wrong.stderr);
    run(dir.path(), &fake, &["pin", "clear"], Some("13579\n")).ok();
    let status = run(dir.path(), &fake, &["pin", "status", "--json"], None).ok().json();
    assert_eq!(status["set"], false);
}

#[test]
fn a_luxfin_refund_exits_2_naming_the_dashboard() {
    let lux = FakeLuxfin::start_sync(LuxfinOptions::new("lx_cli_0123456789SECRETKEY")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = lux.url();
    let env = [("PAYDESK_LUXFIN_KEY", "lx_cli_0123456789SECRETKEY"), ("PAYDESK_LUXFIN_BASE_URL", url.as_str())];
    let create = ["link", "create", "--provider", "luxfin", "--amount", "20", "--currency", "USD", "--email", "a@b.com", "--json"];
    let link = paydesk(dir.path(), &env, &create, None).ok().json();
    let id = link["id"].to_string();
    let out = paydesk(dir.path(), &env, &["link", "refund", &id], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("Luxfin publishes no refund API") && out.stderr.contains("https://luxfin.org"), "{}", out.stderr);
}
