//! The amount table shared with the UI's preview (`tests/data/amount_cases.json`, also read by
//! `ui-tests/money.test.js`): what the preview promises, the parser accepts, and what the parser
//! refuses, the preview says it will refuse.

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
            None => assert!(got.is_err(), "{case} must be refused ({})", case["refused"]),
        }
    }
}
