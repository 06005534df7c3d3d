//! `paydesk report`: the shop's day totals as a table (live first; test and training apart and
//! marked) or as JSON (`{from, to, rows}`, as the README documents).

use crate::{print, say};
use paydesk_core::i18n::Msg;
use paydesk_core::desk::Desk;
use paydesk_core::money::Currency;
use paydesk_core::report::{parse_date, DayTotals, SaleMode, TotalsRow};
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
    let days = if t.from == t.to {
        say::msg(Msg::new("cli-report-day").text("day", say::date(t.from)))
    } else {
        say::msg(Msg::new("cli-report-days").text("from", say::date(t.from)).text("to", say::date(t.to)))
    };
    let starts = desk.day_starts_at()?.format("%H:%M").to_string();
    outln!("{}", say::msg(Msg::new("cli-report-head").text("days", days).text("starts", starts)));
    if t.rows.is_empty() {
        outln!("{}", say::t("cli-report-no-sales"));
        return Ok(());
    }
    // Each column as wide as its header in this language, and never narrower than in English.
    let headers = COLUMNS.map(|(id, _)| say::t(id));
    let widths: Vec<usize> = headers.iter().zip(COLUMNS).map(|(h, (_, usual))| say::width(h, usual)).collect();
    for mode in [SaleMode::Live, SaleMode::Test, SaleMode::Training] {
        let rows: Vec<_> = t.rows.iter().filter(|r| r.mode == mode).collect();
        if rows.is_empty() {
            continue;
        }
        outln!();
        outln!("{}", say::t(mode_title(mode)));
        outln!("{}", row(&headers, &widths));
        for r in rows {
            let cells = [
                r.provider.name().to_string(),
                r.currency.code().to_string(),
                r.paid_count.to_string(),
                say::amount(r.paid_minor, r.currency),
                r.open_count.to_string(),
                r.failed_count.to_string(),
                r.expired_count.to_string(),
                r.cancelled_count.to_string(),
                r.refunded_count.to_string(),
                say::amount(r.refunded_minor, r.currency),
            ];
            outln!("{}", row(&cells, &widths));
        }
        // Training moves no money: there is nothing to keep.
        if let Some(amounts) = kept(&t.rows, mode).filter(|_| mode != SaleMode::Training) {
            outln!("{}", say::msg(Msg::new("cli-report-kept").text("amounts", amounts)));
        }
    }
    Ok(())
}

/// "NGN 1,800.50 · GBP 34.99": what the shop keeps of one mode's sales, per currency, summed
/// over providers (one currency, so the sum means something), in the order the rows come; a
/// currency nothing was paid or refunded in is left out, and with none left there is no line.
fn kept(rows: &[TotalsRow], mode: SaleMode) -> Option<String> {
    let mut sums: Vec<(Currency, Option<i64>, bool)> = Vec::new();
    for r in rows.iter().filter(|r| r.mode == mode) {
        let moved = r.paid_count > 0 || r.refunded_count > 0;
        match sums.iter_mut().find(|(c, _, _)| *c == r.currency) {
            Some((_, sum, any)) => {
                *sum = sum.and_then(|s| s.checked_add(r.net_minor));
                *any |= moved;
            }
            None => sums.push((r.currency, Some(r.net_minor), moved)),
        }
    }
    // A sum past i64 is not money anyone took: said as unknown rather than wrapped.
    let said: Vec<String> = sums.into_iter().filter(|s| s.2).map(|(c, sum, _)| sum.map_or_else(|| format!("{c} ?"), |m| say::money(m, c))).collect();
    (!said.is_empty()).then(|| said.join(" · "))
}

/// A mode's heading over its table (message id), here and in `report sales`.
pub fn mode_title(mode: SaleMode) -> &'static str {
    match mode {
        SaleMode::Live => "cli-report-live",
        SaleMode::Test => "cli-report-test",
        SaleMode::Training => "cli-report-training",
    }
}

/// The table's columns: message id and English width. The first two are words (left-aligned),
/// the rest numbers (right-aligned).
const COLUMNS: [(&str, usize); 10] = [
    ("cli-report-col-provider", 9),
    ("cli-report-col-currency", 4),
    ("cli-report-col-paid", 6),
    ("cli-report-col-paid-amount", 16),
    ("cli-report-col-open", 5),
    ("cli-report-col-failed", 7),
    ("cli-report-col-expired", 8),
    ("cli-report-col-cancelled", 10),
    ("cli-report-col-refunded", 9),
    ("cli-report-col-refunded-amount", 16),
];

fn row(cells: &[String], widths: &[usize]) -> String {
    let padded: Vec<String> =
        cells.iter().zip(widths).enumerate().map(|(i, (c, &w))| if i < 2 { format!("{c:<w$}") } else { format!("{c:>w$}") }).collect();
    padded.join(" ")
}
