//! The amount table shared with the UI's preview (`tests/data/amount_cases.json`, also read by
//! `ui-tests/money.test.js`): what the preview promises, the parser accepts, and what the parser
//! refuses, the preview says it will refuse.

use paydesk_core::link::ProviderId;
use paydesk_core::money::{Currency, Money, NumberStyle};
use serde_json::Value;

#[test]
fn the_parser_agrees_with_the_shared_table() {
    let table: Value = serde_json::from_str(include_str!("data/amount_cases.json")).unwrap();
    let style = |name: &str| {
        let s = &table["styles"][name];
        let mark = |k: &str| s[k].as_str().unwrap().chars().next().unwrap();
        NumberStyle { decimal: mark("decimal"), group: mark("group") }
    };
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() >= 10, "the table is not empty");
    for case in cases {
        let input = case["input"].as_str().unwrap();
        let currency: Currency = case["currency"].as_str().unwrap().parse().unwrap();
        let max = case["max_major"].as_i64();
        let got = Money::parse_styled(input, currency, max, style(case["style"].as_str().unwrap()));
        match case["minor"].as_i64() {
            Some(want) => assert_eq!(got.map(|m| m.minor).ok(), Some(want), "{case}"),
            None => {
                let err = got.expect_err(&format!("{case} must be refused ({})", case["refused"]));
                // a misplaced group mark is said one of two ways, and the preview says the same
                let said = err.l10n().id;
                match case["refused"].as_str() {
                    Some("group-decimal") => assert_eq!(said, "amount-group-as-decimal", "{case}"),
                    Some("group") => assert!(said.starts_with("amount-misplaced-"), "{case}: {said}"),
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn the_tables_exponents_are_the_cores_for_every_currency_a_provider_takes() {
    // The UI's tests read the same `exponents` to hold the window's fallback (Intl) to the core.
    let table: Value = serde_json::from_str(include_str!("data/amount_cases.json")).unwrap();
    let listed = table["exponents"].as_object().unwrap();
    let all = paydesk_core::provider::capabilities(ProviderId::Training);
    let mut want: Vec<&str> = all.codes();
    let mut got: Vec<&str> = listed.keys().map(String::as_str).collect();
    want.sort();
    got.sort();
    assert_eq!(got, want, "one entry per currency a provider takes");
    for (code, exp) in listed {
        assert_eq!(Some(Currency::from_code(code).unwrap().exponent() as u64), exp.as_u64(), "{code}");
    }
}
