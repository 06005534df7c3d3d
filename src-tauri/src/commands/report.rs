//! Commands of the Today screen and the Z report: the shop's day totals (the same JSON as
//! `paydesk report day|range --json`) and the day's paid sales, read on the blocking pool.

use super::off;
use crate::error::AppResult;
use paydesk_core::desk::Desk;
use paydesk_core::i18n::Msg;
use paydesk_core::report::{parse_date, DaySales, DayTotals};
use tauri::State;

/// Totals of one shop day; today's (by this machine's clock and `day.starts_at`) when `date` is
/// absent or empty.
#[tauri::command]
pub async fn report_day(desk: State<'_, Desk>, date: Option<String>) -> AppResult<DayTotals> {
    off(&desk, move |d| {
        let day = pick_day(d, date.as_deref())?;
        d.day_totals(day, day)
    })
    .await
}

/// Totals of shop days `from` to `to`, both included.
#[tauri::command]
pub async fn report_range(desk: State<'_, Desk>, from: String, to: String) -> AppResult<DayTotals> {
    off(&desk, move |d| d.day_totals(parse_date("from", &from)?, parse_date("to", &to)?)).await
}

/// The most days one `report_days` call adds up (a year and a day: a chart, not an archive).
const MOST_DAYS: i64 = 366;

/// Totals of each shop day from `from` to `to`, both included, oldest first: the Today chart's
/// month in one call and one trip to the blocking pool, rather than one per day.
#[tauri::command]
pub async fn report_days(desk: State<'_, Desk>, from: String, to: String) -> AppResult<Vec<DayTotals>> {
    off(&desk, move |d| {
        let (first, last) = (parse_date("from", &from)?, parse_date("to", &to)?);
        let days = (last - first).num_days() + 1;
        if !(1..=MOST_DAYS).contains(&days) {
            return Err(paydesk_core::Error::invalid_msg("to", Msg::new("error-report-days").num("max", MOST_DAYS)));
        }
        first.iter_days().take(days as usize).map(|day| d.day_totals(day, day)).collect()
    })
    .await
}

/// The paid and the refunded sales of one shop day (today's when `date` is absent), with the
/// tills they were made at.
#[tauri::command]
pub async fn report_day_sales(desk: State<'_, Desk>, date: Option<String>) -> AppResult<DaySales> {
    off(&desk, move |d| {
        let day = pick_day(d, date.as_deref())?;
        d.day_sales(day)
    })
    .await
}

fn pick_day(d: &Desk, date: Option<&str>) -> paydesk_core::Result<chrono::NaiveDate> {
    match date.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parse_date("date", s),
        None => d.shop_today(),
    }
}
