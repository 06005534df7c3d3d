//! Currencies with the ISO exponent through the use cases: an XOF sale (no decimals) through the
//! fake Paystack, refused decimals, an unknown code, and the CSV export of whole-franc amounts.

mod support;

use paydesk_core::desk::CreateInput;
use paydesk_core::link::LinkStatus;
use paydesk_core::store::LinkQuery;
use paydesk_fakes::{FakePaystack, Route};
use serde_json::json;
use support::{desk, sale, KEY};

fn xof(amount: &str) -> CreateInput {
    CreateInput { currency: Some("XOF".into()), ..sale(amount) }
}

#[tokio::test]
async fn an_xof_sale_goes_to_paystack_in_whole_francs() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let link = desk.create(&xof("1,500")).await.unwrap();
    assert_eq!((link.status, link.currency.code(), link.amount_minor), (LinkStatus::Open, "XOF", 1500));
    assert_eq!(link.money().to_string(), "XOF 1,500", "no decimals");

    let sent = fake.requests()[0].json().unwrap();
    assert_eq!(fake.hits(Route::Initialize), 1);
    assert_eq!((&sent["amount"], &sent["currency"]), (&json!(1500), &json!("XOF")), "XOF 1500 → 1500: its ISO minor unit");
    assert_eq!(fake.transaction(&link.reference).unwrap().amount, 1500);

    fake.set_status(&link.reference, "success");
    let paid = desk.verify(&link.reference).await.unwrap();
    assert_eq!((paid.status, paid.amount_minor), (LinkStatus::Paid, 1500), "Paystack's amount read in the same unit");
}

#[tokio::test]
async fn decimals_in_xof_are_refused_before_anything_is_written_or_sent() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    for typed in ["1500.50", "1,500.5"] {
        let err = desk.create(&xof(typed)).await.unwrap_err();
        assert_eq!((err.field(), err.to_string().as_str()), (Some("amount"), "XOF has no decimals: type a whole amount."));
    }
    let err = desk.create(&CreateInput { currency: Some("RWF".into()), ..sale("10,000,001") }).await.unwrap_err();
    assert_eq!(err.to_string(), "The amount is too large: at most 10,000,000 RWF per link.");
    assert!(fake.requests().is_empty(), "nothing sent");
    assert_eq!(desk.list(&LinkQuery::default()).unwrap().total, 0, "nothing written");
}

#[tokio::test]
async fn a_code_that_is_not_a_currency_or_not_the_providers_names_what_it_takes() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let err = desk.create(&CreateInput { currency: Some("XYZ".into()), ..sale("10") }).await.unwrap_err();
    assert_eq!(err.field(), Some("currency"));
    assert_eq!(err.to_string(), "\"XYZ\" is not a currency code: Paystack takes NGN, GHS, ZAR, KES, USD, XOF, EGP, RWF.");
    let err = desk.create(&CreateInput { currency: Some("GBP".into()), ..sale("10") }).await.unwrap_err();
    assert_eq!(err.to_string(), "Paystack does not take GBP: use NGN, GHS, ZAR, KES, USD, XOF, EGP, RWF.");
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn the_csv_has_whole_francs_beside_naira_with_kobo() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    desk.create(&xof("1500")).await.unwrap();
    desk.create(&sale("1,500.50")).await.unwrap();
    let (csv, rows) = desk.export_csv(&LinkQuery::default()).unwrap();
    assert_eq!(rows, 2);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let (amount, currency) = (header.iter().position(|h| *h == "amount").unwrap(), header.iter().position(|h| *h == "currency").unwrap());
    let mut cells: Vec<(String, String)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[currency].to_string(), c[amount].to_string())
        })
        .collect();
    cells.sort();
    assert_eq!(cells, [("NGN".into(), "1500.50".into()), ("XOF".into(), "1500".into())]);
}

#[test]
fn the_readmes_currency_table_is_what_the_providers_declare() {
    use paydesk_core::link::ProviderId;
    use paydesk_core::money::format_minor;
    use paydesk_core::provider::{capabilities, Source};
    let readme = include_str!("../../../README.md");
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| ") && l.matches('|').count() == 6).collect();
    for p in ProviderId::ALL.into_iter().filter(|p| p.needs_key()) {
        for a in capabilities(p).currencies {
            let limit = match a.max_major {
                Some(m) => format_minor(m * a.currency.minor_per_major(), a.currency),
                None => "none of ours".into(),
            };
            let source = match a.source {
                Source::Published => "published",
                Source::Assumed => "assumed",
                Source::Paydesk => "paydesk's own",
            };
            let want = format!("| {} | {} | {} | {limit} | {source} |", p.name(), a.currency, a.currency.exponent());
            assert!(rows.contains(&want.as_str()), "README lacks the row {want}");
        }
    }
    let listed = rows.iter().filter(|r| ProviderId::ALL.iter().any(|p| p.needs_key() && r.starts_with(&format!("| {} | ", p.name())))).count();
    let declared: usize = ProviderId::ALL.into_iter().filter(|p| p.needs_key()).map(|p| capabilities(p).currencies.len()).sum();
    assert_eq!(listed, declared, "no row for a currency a provider does not take");
}
