//! The shop's day: totals per provider × currency × mode for a day or a range of days.
//!
//! The counting rules (the README's contract): a sale counts once, on the shop's local day on
//! which it was made, under its current attempt's provider, with the sale's status known now
//! ([`crate::sale::status_of`]). Paid is gross; refunded sales are counted apart; net is what
//! the shop keeps. Live, test and training sales are separate rows and never summed together;
//! nor are currencies.
//!
//! The shop's day runs from `day.starts_at` (local time) to the same time the next day, so a
//! late-trading shop (04:00) keeps its 01:00 sales on the evening they belong to. Which instants
//! that is depends on the time zone, which is passed in: tests use a fixed offset, front ends
//! the OS one.

use crate::link::ProviderId;
use crate::money::Currency;
use crate::i18n::Msg;
use crate::{Error, Result};
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::Serialize;

/// Which book a sale is in. Ordered as a report shows them: live money first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SaleMode {
    Live,
    Test,
    /// Made with the training provider: not a payment.
    Training,
}

impl SaleMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SaleMode::Live => "live",
            SaleMode::Test => "test",
            SaleMode::Training => "training",
        }
    }

    /// Reads the `sales.mode` word.
    pub fn parse(word: &str) -> Result<SaleMode> {
        match word {
            "live" => Ok(SaleMode::Live),
            "test" => Ok(SaleMode::Test),
            "training" => Ok(SaleMode::Training),
            other => Err(Error::conflict(Msg::new("error-sale-unknown-mode").text("word", other))),
        }
    }
}

/// One provider × currency × mode: how many sales stand where, and their sums in minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TotalsRow {
    pub provider: ProviderId,
    pub currency: Currency,
    pub mode: SaleMode,
    pub paid_count: u64,
    /// Gross: what was paid, refunds not taken off (they are counted apart).
    pub paid_minor: i64,
    /// Still waiting: open, and also `creating` or `unknown` (not yet known to be paid or not).
    pub open_count: u64,
    pub failed_count: u64,
    pub expired_count: u64,
    pub cancelled_count: u64,
    pub refunded_count: u64,
    /// For now a refunded sale's whole amount.
    pub refunded_minor: i64,
    /// What the shop keeps: `paid_minor` less what was given back on the partially refunded
    /// sales in it (a wholly refunded sale is in neither).
    pub net_minor: i64,
}

/// Totals for the shop days `from` to `to`, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayTotals {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Live first, then test, then training; each by provider, then currency.
    pub rows: Vec<TotalsRow>,
}

/// A sale as a Z report's lists show it: which, where, at whom and for how much.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DaySale {
    pub sale_id: i64,
    /// The attempt that was paid (its reference is the one the provider knows).
    pub link_id: i64,
    pub till_id: String,
    /// The sale's current attempt's provider, as the totals count it.
    pub provider: ProviderId,
    pub currency: Currency,
    pub mode: SaleMode,
    /// The sale's amount.
    pub amount_minor: i64,
    pub description: Option<String>,
    pub reference: String,
    pub created_at: DateTime<Utc>,
}

/// One sale counted as paid in a day's totals (its status now is paid or partially refunded),
/// as a Z report lists them: the sum of `amount_minor` per provider × currency × mode is that
/// row's `paid_minor`. Its JSON is flat: the sale's fields beside these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaidSale {
    #[serde(flatten)]
    pub sale: DaySale,
    /// When the history first saw it paid; `None` when no status change was recorded.
    pub paid_at: Option<DateTime<Utc>>,
    /// Given back so far (a partly refunded sale is still paid gross).
    pub refunded_minor: i64,
}

/// One sale of the day that money went back on (its status now is refunded or partially
/// refunded), as a Z report lists the day's refunds: the sum of `refunded_minor` per provider ×
/// currency × mode is that row's `refunded_minor`. Its JSON is flat, as [`PaidSale`]'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundedSale {
    #[serde(flatten)]
    pub sale: DaySale,
    /// Given back, as the totals count it: the whole amount of a wholly refunded sale, what the
    /// processed refunds add up to on a partly refunded one.
    pub refunded_minor: i64,
    /// Wholly refunded.
    pub whole: bool,
    /// The later of when its last processed refund was recorded and when the history last saw
    /// the sale refunded (a refund made on the provider's dashboard); `None` when neither is known.
    pub refunded_at: Option<DateTime<Utc>>,
    /// The reasons given with its processed refunds, oldest first, each once.
    pub reasons: Vec<String>,
}

/// A till as a Z report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TillName {
    pub id: String,
    pub name: String,
}

/// What a Z report lists under its totals (the app's `report_day_sales`, `paydesk report sales`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DaySales {
    pub date: NaiveDate,
    /// The tills whose sales are in the lists (this till always first), each named.
    pub tills: Vec<TillName>,
    /// Oldest first; per provider × currency × mode they add up to the totals' `paid_minor`.
    pub sales: Vec<PaidSale>,
    /// The day's sales refunded, wholly or in part, oldest first; per provider × currency × mode
    /// their `refunded_minor` add up to the totals'.
    pub refunds: Vec<RefundedSale>,
    /// Refunds made on this day of sales made on earlier days, in the order they were made: money
    /// that went back today but is counted on its sale's own day, never in this day's totals.
    pub earlier_refunds: Vec<EarlierRefund>,
}

/// A refund made on a day after its sale's: which sale (its `provider` and `reference` are the
/// attempt refunded's), on which shop day, and this refund's own reference, amount, reason and
/// time. Its JSON is flat, as [`PaidSale`]'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EarlierRefund {
    #[serde(flatten)]
    pub sale: DaySale,
    /// The shop day the sale was made on (by `day.starts_at`, not the calendar date).
    pub sale_day: NaiveDate,
    /// Ours (`PR…`); none for a sale given back on the provider's side (its dashboard), which a
    /// verify saw wholly refunded with no refund of ours behind it.
    pub refund_reference: Option<String>,
    /// This refund's amount; for one given back on the provider's side, what the refunds of ours
    /// had left.
    pub refunded_minor: i64,
    pub reason: Option<String>,
    /// When it was recorded as processed; for one given back on the provider's side, when a
    /// verify saw it (the provider's own time is not known).
    pub refunded_at: DateTime<Utc>,
}

/// The default start of the shop's day.
pub const MIDNIGHT: NaiveTime = NaiveTime::MIN;

/// Parses `day.starts_at` ("HH:MM").
pub fn parse_starts_at(text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| Error::invalid_msg("value", Msg::new("error-time-of-day").text("input", text.trim())))
}

/// Parses a date typed on the command line.
pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid_msg(field, Msg::new("error-date").text("input", text.trim())))
}

/// The shop day that a local wall-clock time belongs to: at 01:30 with a 04:00 start, yesterday.
pub fn shop_day(local: NaiveDateTime, starts_at: NaiveTime) -> NaiveDate {
    (local - starts_at.signed_duration_since(MIDNIGHT)).date()
}

/// The instants `[start, end)` that shop days `from`..=`to` cover in `tz`.
pub fn window<Tz: TimeZone>(tz: &Tz, from: NaiveDate, to: NaiveDate, starts_at: NaiveTime) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    if from > to {
        return Err(Error::invalid_msg("from", Msg::new("error-range-backwards").text("from", from.to_string()).text("to", to.to_string())));
    }
    let after = to.succ_opt().ok_or_else(|| Error::invalid_msg("to", Msg::new("error-date-too-far").text("date", to.to_string())))?;
    Ok((instant(tz, from.and_time(starts_at)), instant(tz, after.and_time(starts_at))))
}

/// The instant a local wall-clock time names. Twice in an hour the clocks go back: the first
/// one, so the day starts as early as it says. Skipped when they go forward: the first instant
/// after the gap, so no sale falls between two days.
fn instant<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => (1..=24 * 60)
            .find_map(|m| tz.from_local_datetime(&(local + Duration::minutes(m))).earliest())
            .map(|t| t.with_timezone(&Utc))
            // No zone has a gap of a day; were one to, read the wall clock as UTC.
            .unwrap_or_else(|| Utc.from_utc_datetime(&local)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn d(s: &str) -> NaiveDate {
        parse_date("date", s).unwrap()
    }

    #[test]
    fn a_day_is_its_local_hours_from_the_start_time() {
        let lagos = FixedOffset::east_opt(3600).unwrap();
        let (start, end) = window(&lagos, d("2024-03-05"), d("2024-03-05"), MIDNIGHT).unwrap();
        assert_eq!(start.to_rfc3339(), "2024-03-04T23:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2024-03-05T23:00:00+00:00");
        let late = parse_starts_at("04:00").unwrap();
        let (start, end) = window(&lagos, d("2024-03-05"), d("2024-03-07"), late).unwrap();
        assert_eq!(start.to_rfc3339(), "2024-03-05T03:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2024-03-08T03:00:00+00:00");
        assert!(window(&lagos, d("2024-03-06"), d("2024-03-05"), MIDNIGHT).is_err());
    }

    #[test]
    fn a_small_hour_belongs_to_the_evening_before_when_the_day_starts_late() {
        let late = parse_starts_at("4:00").unwrap();
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(shop_day(at("2024-03-06 01:30"), late), d("2024-03-05"));
        assert_eq!(shop_day(at("2024-03-06 04:00"), late), d("2024-03-06"));
        assert_eq!(shop_day(at("2024-03-06 23:59"), MIDNIGHT), d("2024-03-06"));
        assert!(parse_starts_at("25:00").is_err());
        assert!(parse_starts_at("4am").is_err());
    }
}
