//! The Today screen's commands through Tauri's IPC on the mock runtime: `report_day` and
//! `report_range` answer the CLI's `--json` shape, `report_days` gives each day's in one call,
//! `report_day_sales` lists what `report_day` counts as paid and as refunded, and a date that is not one is
//! refused beside its field.

mod support;

use serde_json::{json, Value};
use support::TestApp;

#[test]
fn a_paid_training_sale_is_in_todays_totals_and_its_paid_list() {
    let t = TestApp::new();
    let paid = t.training_link("1,500.50");
    t.ok("simulate_link", json!({"id": paid["link"]["id"], "outcome": "paid"}));
    t.training_link("20");

    let day = t.ok("report_day", json!({}));
    assert_eq!(day["from"], day["to"], "one day: today's");
    let rows = day["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{day}");
    let row = &rows[0];
    assert_eq!((row["provider"].as_str(), row["currency"].as_str(), row["mode"].as_str()), (Some("training"), Some("NGN"), Some("training")));
    assert_eq!((row["paid_count"].as_u64(), row["paid_minor"].as_i64(), row["open_count"].as_u64()), (Some(1), Some(150_050), Some(1)));

    let same = t.ok("report_day", json!({"date": day["from"]}));
    assert_eq!(same, day, "today named or not is the same day");
    let range = t.ok("report_range", json!({"from": day["from"], "to": day["to"]}));
    assert_eq!(range, day);

    let today: chrono::NaiveDate = day["to"].as_str().unwrap().parse().unwrap();
    let first = (today - chrono::Days::new(2)).to_string();
    let days = t.ok("report_days", json!({"from": first, "to": day["to"]}));
    let days = days.as_array().unwrap();
    assert_eq!(days.len(), 3, "{days:?}");
    assert_eq!(days.last(), Some(&day), "the last day is today's, as report_day says");
    assert_eq!(days[0]["from"], first.as_str(), "oldest first");
    assert!(days[..days.len() - 1].iter().all(|d| d["rows"].as_array().unwrap().is_empty()), "nothing sold before today");

    let list = t.ok("report_day_sales", json!({"date": day["from"]}));
    let sales = list["sales"].as_array().unwrap();
    assert_eq!(sales.len(), 1, "only the paid one: {list}");
    assert_eq!(sales[0]["amount_minor"], 150_050);
    assert_eq!(sales[0]["reference"], paid["link"]["reference"]);
    assert!(sales[0]["paid_at"].is_string(), "the simulated payment was recorded: {list}");
    assert_eq!(list["tills"].as_array().unwrap().len(), 1);
    assert_eq!(list["tills"][0]["id"], sales[0]["till_id"]);
    assert_eq!(list["refunds"], json!([]), "nothing given back yet");

    // A part given back: still in the paid list (gross), and in the refunds with its reason.
    t.ok("refund_link", json!({"id": paid["link"]["id"], "amount": "500", "reason": "Burnt", "numberStyle": {"decimal": ".", "group": ","}}));
    let list = t.ok("report_day_sales", json!({}));
    assert_eq!(list["sales"].as_array().unwrap().len(), 1, "{list}");
    let refunds = list["refunds"].as_array().unwrap();
    assert_eq!(refunds.len(), 1, "{list}");
    let r = &refunds[0];
    assert_eq!((r["amount_minor"].as_i64(), r["refunded_minor"].as_i64(), r["whole"].as_bool()), (Some(150_050), Some(50_000), Some(false)));
    assert_eq!(r["reasons"], json!(["Burnt"]));
    assert!(r["refunded_at"].is_string(), "{r}");
    let day = t.ok("report_day", json!({}));
    assert_eq!(day["rows"][0]["refunded_minor"], r["refunded_minor"], "the list adds up to the totals");
}

#[test]
fn a_day_that_is_no_date_is_refused_beside_its_field() {
    let t = TestApp::new();
    let err: Value = t.err("report_day", json!({"date": "31/03/2024"}));
    assert_eq!((err["kind"].as_str(), err["field"].as_str()), (Some("invalid"), Some("date")), "{err}");
    let err = t.err("report_range", json!({"from": "2024-03-06", "to": "2024-03-05"}));
    assert_eq!(err["kind"], "invalid", "a range backwards: {err}");
    let err = t.err("report_days", json!({"from": "2024-03-06", "to": "2024-03-05"}));
    assert_eq!((err["kind"].as_str(), err["field"].as_str()), (Some("invalid"), Some("to")), "days backwards: {err}");
    let err = t.err("report_days", json!({"from": "2020-01-01", "to": "2024-03-05"}));
    assert_eq!(err["field"], "to", "more days than a chart needs: {err}");
}
