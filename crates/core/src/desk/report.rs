//! The shop's day as the front ends ask for it: which day it is now, and the totals for a day
//! or a range, in the OS time zone (`TZ` honoured) or one passed in (tests).

use super::Desk;
use crate::report::{self, DaySales, DayTotals, PaidSale, RefundedSale, TillName};
use crate::Result;
use chrono::{Local, NaiveDate, NaiveTime, TimeZone};

impl Desk {
    /// When the shop's day starts (`day.starts_at`), midnight unless set.
    pub fn day_starts_at(&self) -> Result<NaiveTime> {
        match self.setting("day.starts_at")? {
            Some(t) => report::parse_starts_at(&t),
            None => Ok(report::MIDNIGHT),
        }
    }

    /// The shop day it is now on this machine's clock: before `day.starts_at`, still yesterday.
    pub fn shop_today(&self) -> Result<NaiveDate> {
        Ok(report::shop_day(Local::now().naive_local(), self.day_starts_at()?))
    }

    /// Totals for shop days `from`..=`to` in the OS time zone.
    pub fn day_totals(&self, from: NaiveDate, to: NaiveDate) -> Result<DayTotals> {
        self.day_totals_in(&Local, from, to)
    }

    /// Totals for shop days `from`..=`to`, the days' bounds taken in `tz`.
    pub fn day_totals_in<Tz: TimeZone>(&self, tz: &Tz, from: NaiveDate, to: NaiveDate) -> Result<DayTotals> {
        let (start, end) = report::window(tz, from, to, self.day_starts_at()?)?;
        let mut rows = self.store.sale_totals(start, end)?;
        rows.sort_by_key(|r| (r.mode, r.provider, r.currency.code()));
        Ok(DayTotals { from, to, rows })
    }

    /// The sales counted as paid on shop days `from`..=`to` in the OS time zone (a Z report's list).
    pub fn paid_sales(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<PaidSale>> {
        self.paid_sales_in(&Local, from, to)
    }

    /// [`Desk::paid_sales`], the days' bounds taken in `tz`.
    pub fn paid_sales_in<Tz: TimeZone>(&self, tz: &Tz, from: NaiveDate, to: NaiveDate) -> Result<Vec<PaidSale>> {
        let (start, end) = report::window(tz, from, to, self.day_starts_at()?)?;
        self.store.paid_sales(start, end)
    }

    /// The sales refunded, wholly or in part, of shop days `from`..=`to` in the OS time zone
    /// (counted on the day each sale was made, as the totals count them).
    pub fn refunded_sales(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<RefundedSale>> {
        self.refunded_sales_in(&Local, from, to)
    }

    /// [`Desk::refunded_sales`], the days' bounds taken in `tz`.
    pub fn refunded_sales_in<Tz: TimeZone>(&self, tz: &Tz, from: NaiveDate, to: NaiveDate) -> Result<Vec<RefundedSale>> {
        let (start, end) = report::window(tz, from, to, self.day_starts_at()?)?;
        self.store.refunded_sales(start, end)
    }

    /// A shop day's paid and refunded sales in the OS time zone, with the tills they were made at:
    /// what a Z report lists under its totals.
    pub fn day_sales(&self, day: NaiveDate) -> Result<DaySales> {
        self.day_sales_in(&Local, day)
    }

    /// [`Desk::day_sales`], the day's bounds taken in `tz`.
    pub fn day_sales_in<Tz: TimeZone>(&self, tz: &Tz, day: NaiveDate) -> Result<DaySales> {
        // One read of the day's start and one window for the three lists.
        let starts_at = self.day_starts_at()?;
        let (start, end) = report::window(tz, day, day, starts_at)?;
        let sales = self.store.paid_sales(start, end)?;
        let refunds = self.store.refunded_sales(start, end)?;
        let day_of = |at: chrono::DateTime<chrono::Utc>| report::shop_day(at.with_timezone(tz).naive_local(), starts_at);
        let earlier_refunds = self.store.earlier_refunds(start, end, &day_of)?;
        let known = self.tills()?; // this till first, then the names pulled from the shop hub
        let mut tills = vec![TillName { id: known[0].id.clone(), name: known[0].name.clone() }];
        let all = sales.iter().map(|s| &s.sale).chain(refunds.iter().map(|r| &r.sale)).chain(earlier_refunds.iter().map(|e| &e.sale));
        for id in all.map(|s| &s.till_id) {
            if !tills.iter().any(|t| &t.id == id) {
                // Not synced yet: the end of its id tells the tills apart.
                tills.push(TillName { id: id.clone(), name: super::tills::name_of(&known, id) });
            }
        }
        Ok(DaySales { date: day, tills, sales, refunds, earlier_refunds })
    }
}
