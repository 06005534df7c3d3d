//! `paydesk report sales`: what a Z report lists under its totals — the day's paid sales, its
//! refunds, and the refunds made that day of earlier days' sales — as tables per mode (live
//! first; test and training apart and marked), or as the JSON the app's Z report reads (`{date,
//! tills, sales, refunds, earlier_refunds}`, as the README documents).
//! Times are the shop's local clock, as its days are.

use crate::{print, say};
use chrono::{DateTime, Local, NaiveDate, Utc};
use paydesk_core::desk::Desk;
use paydesk_core::i18n::Msg;
use paydesk_core::report::{parse_date, DaySale, SaleMode};
use paydesk_core::Result;

/// `report sales [--date D]`: today's shop day when no date is given.
pub fn sales(desk: &Desk, date: Option<String>, json: bool) -> Result<()> {
    let date = match date {
        Some(d) => parse_date("date", &d)?,
        None => desk.shop_today()?,
    };
    let lists = desk.day_sales(date)?;
    if json {
        print::json(&lists);
        return Ok(());
    }
    outln!("{}", say::msg(Msg::new("cli-report-day").text("day", say::date(date))));
    // Which till, only when the day had more than one.
    let till = |id: &str| lists.tills.iter().find(|t| t.id == id).map_or_else(|| id.to_string(), |t| t.name.clone());
    let many = lists.tills.len() > 1;
    let mut said = false;
    for mode in [SaleMode::Live, SaleMode::Test, SaleMode::Training] {
        let paid: Vec<Vec<String>> = lists
            .sales
            .iter()
            .filter(|s| s.sale.mode == mode)
            .map(|s| cells(many.then(|| till(&s.sale.till_id)), clock(s.paid_at.unwrap_or(s.sale.created_at), date), &s.sale, s.sale.amount_minor, s.sale.description.clone().unwrap_or_default()))
            .collect();
        let back: Vec<Vec<String>> = lists
            .refunds
            .iter()
            .filter(|r| r.sale.mode == mode)
            .map(|r| {
                let when = r.refunded_at.map_or_else(|| "-".to_string(), |t| clock(t, date));
                let of = if r.whole { String::new() } else { say::msg(Msg::new("cli-sales-of").text("amount", say::amount(r.sale.amount_minor, r.sale.currency))) };
                let reason = joined([r.reasons.join("; "), of]);
                cells(many.then(|| till(&r.sale.till_id)), when, &r.sale, r.refunded_minor, reason)
            })
            .collect();
        let earlier: Vec<Vec<String>> = lists
            .earlier_refunds
            .iter()
            .filter(|e| e.sale.mode == mode)
            .map(|e| {
                let of = say::msg(Msg::new("cli-sales-earlier-of").text("day", say::date(e.sale_day)));
                // No refund of ours: given back on the provider's side, at a time verify saw.
                let outside = match e.refund_reference {
                    None => say::msg(Msg::new("cli-sales-earlier-outside").text("provider", e.sale.provider.to_string())),
                    Some(_) => String::new(),
                };
                let why = joined([e.reason.clone().unwrap_or_default(), outside, of]);
                cells(many.then(|| till(&e.sale.till_id)), clock(e.refunded_at, date), &e.sale, e.refunded_minor, why)
            })
            .collect();
        if paid.is_empty() && back.is_empty() && earlier.is_empty() {
            continue;
        }
        said = true;
        outln!();
        outln!("{}", say::t(crate::report::mode_title(mode)));
        if !paid.is_empty() {
            outln!("{}", say::t("cli-sales-paid"));
            table(&heads(many, "cli-sales-col-time", "cli-sales-col-amount", "cli-sales-col-for"), &paid);
        }
        if !back.is_empty() {
            outln!("{}", say::t("cli-sales-refunds"));
            table(&heads(many, "cli-sales-col-refunded-at", "cli-sales-col-given-back", "cli-sales-col-reason"), &back);
        }
        if !earlier.is_empty() {
            outln!("{}", say::t("cli-sales-earlier"));
            table(&heads(many, "cli-sales-col-refunded-at", "cli-sales-col-given-back", "cli-sales-col-reason"), &earlier);
        }
    }
    if !said {
        outln!("{}", say::t("cli-sales-none"));
    }
    Ok(())
}

/// `14:05` on the report's own day, `2026-12-04 09:30` (as the language writes a date) on another.
fn clock(at: DateTime<Utc>, day: NaiveDate) -> String {
    let local = at.with_timezone(&Local);
    let time = local.format("%H:%M").to_string();
    if local.date_naive() == day {
        time
    } else {
        format!("{} {time}", say::date(local.date_naive()))
    }
}

/// "Burnt · of 1,500.50": the parts there are, the empty ones left out.
fn joined<const N: usize>(parts: [String; N]) -> String {
    parts.into_iter().filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" · ")
}

/// A row: when, the till (when there are several), the provider, the reference, the currency,
/// `minor` in it, then `last` (what for, or why).
fn cells(till: Option<String>, when: String, sale: &DaySale, minor: i64, last: String) -> Vec<String> {
    let mut row = vec![when];
    row.extend(till);
    row.extend([sale.provider.name().into(), sale.reference.clone(), sale.currency.code().into(), say::amount(minor, sale.currency), last]);
    row
}

fn heads(many: bool, when: &'static str, amount: &'static str, last: &'static str) -> Vec<String> {
    let ids = [when, "cli-sales-col-till", "cli-report-col-provider", "cli-sales-col-reference", "cli-report-col-currency", amount, last];
    ids.iter().filter(|id| many || **id != "cli-sales-col-till").map(|id| say::t(id)).collect()
}

/// Columns as wide as their widest cell; the amount (the one before the last) right-aligned, the
/// last one (free text) not padded.
fn table(heads: &[String], rows: &[Vec<String>]) {
    let n = heads.len();
    let widths: Vec<usize> = (0..n).map(|i| std::iter::once(&heads[i]).chain(rows.iter().map(|r| &r[i])).map(|c| c.chars().count()).max().unwrap_or(0)).collect();
    for row in std::iter::once(heads).chain(rows.iter().map(Vec::as_slice)) {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let w = widths[i];
                if i == n - 2 {
                    format!("{c:>w$}")
                } else if i == n - 1 {
                    c.clone()
                } else {
                    format!("{c:<w$}")
                }
            })
            .collect();
        outln!("{}", line.join("  ").trim_end());
    }
}
