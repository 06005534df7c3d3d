//! `paydesk report`: the shop's day totals as a table (live first; test and training apart and
//! marked) or as JSON (`{from, to, rows}`, as the README documents).

use crate::print;
use paydesk_core::desk::Desk;
use paydesk_core::money::format_minor;
use paydesk_core::report::{parse_date, DayTotals, SaleMode};
use paydesk_core::Result;

/// `report day [--date D]`: today's shop day when no date is given.
pub fn day(desk: &Desk, date: Option<String>, json: bool) -> Result<()> {
    let date = match date {
        Some(d) => parse_date("date", &d)?,
        None => desk.shop_today()?,
    };
    show(desk, &desk.day_totals(date, date)?, json)
}

/// `report range --from D --to D`, both days included.
pub fn range(desk: &Desk, from: &str, to: &str, json: bool) -> Result<()> {
    let totals = desk.day_totals(parse_date("from", from)?, parse_date("to", to)?)?;
    show(desk, &totals, json)
}

fn show(desk: &Desk, t: &DayTotals, json: bool) -> Result<()> {
    if json {
        print::json(t);
        return Ok(());
    }
    let days = if t.from == t.to { format!("Shop day {}", t.from) } else { format!("Shop days {} to {}", t.from, t.to) };
    let starts = desk.day_starts_at()?.format("%H:%M");
    outln!("{days} (each from {starts} local time; a sale counts on the day it was made, with its status now)");
    if t.rows.is_empty() {
        outln!("No sales.");
        return Ok(());
    }
    for mode in [SaleMode::Live, SaleMode::Test, SaleMode::Training] {
        let rows: Vec<_> = t.rows.iter().filter(|r| r.mode == mode).collect();
        if rows.is_empty() {
            continue;
        }
        outln!();
        outln!(
            "{}",
            match mode {
                SaleMode::Live => "LIVE: real money",
                SaleMode::Test => "TEST: no money moved, not in the live totals",
                SaleMode::Training => "TRAINING: not payments, not in the live totals",
            }
        );
        outln!(
            "{:<9} {:<4} {:>6} {:>16} {:>5} {:>7} {:>8} {:>10} {:>9} {:>16}",
            "provider", "cur", "paid", "paid amount", "open", "failed", "expired", "cancelled", "refunded", "refunded amount"
        );
        for r in rows {
            outln!(
                "{:<9} {:<4} {:>6} {:>16} {:>5} {:>7} {:>8} {:>10} {:>9} {:>16}",
                r.provider.name(),
                r.currency.code(),
                r.paid_count,
                format_minor(r.paid_minor, r.currency),
                r.open_count,
                r.failed_count,
                r.expired_count,
                r.cancelled_count,
                r.refunded_count,
                format_minor(r.refunded_minor, r.currency)
            );
        }
    }
    Ok(())
}
