//! The shop's day totals against a real history file: sales are written with chosen creation
//! times straight into SQLite (the clock is not the test's to move), then counted through the
//! desk in a fixed time zone (Lagos, UTC+1), so the machine's own TZ never matters.

use chrono::{FixedOffset, NaiveDate};
use paydesk_core::desk::Desk;
use paydesk_core::link::ProviderId;
use paydesk_core::money::Currency;
use paydesk_core::report::{DayTotals, SaleMode, TotalsRow};
use paydesk_core::settings::Environment;
use paydesk_core::store::SqliteStore;
use paydesk_core::vault::MemoryVault;
use rusqlite::{params, Connection};
use std::sync::Arc;

fn lagos() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct History {
    desk: Desk,
    conn: Connection,
    next: u32,
    _dir: tempfile::TempDir,
}

impl History {
    fn new() -> History {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(dir.path(), Arc::new(MemoryVault::new()), Environment::default()).unwrap();
        let conn = Connection::open(dir.path().join(paydesk_core::desk::DB_FILE)).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
        History { desk, conn, next: 0, _dir: dir }
    }

    /// A sale made at `at` (UTC, as stored) with one attempt per status, the last one current.
    fn sale(&mut self, at: &str, mode: &str, currency: &str, amount: i64, attempts: &[(&str, &str)]) {
        self.next += 1;
        let n = self.next;
        self.conn
            .execute(
                "INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, mode, created_at) \
                 VALUES (?1, 'till', ?2, ?3, 'ada@example.com', ?4, ?5)",
                params![format!("sale-{n}"), amount, currency, mode, at],
            )
            .unwrap();
        let sale_id = self.conn.last_insert_rowid();
        for (i, (provider, status)) in attempts.iter().enumerate() {
            let link_mode = if mode == "live" { "live" } else { "test" };
            self.conn
                .execute(
                    "INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, \
                     created_at, updated_at, uid, sale_id) VALUES (?1, ?2, ?3, ?4, ?5, 'ada@example.com', ?6, ?7, ?7, ?3, ?8)",
                    params![provider, link_mode, format!("PD{n}x{i}"), amount, currency, status, at, sale_id],
                )
                .unwrap();
            let link_id = self.conn.last_insert_rowid();
            self.conn.execute("UPDATE sales SET current_link_id = ?2 WHERE id = ?1", params![sale_id, link_id]).unwrap();
        }
    }

    /// The totals of the range. The rows above were written with SQL, past the code that keeps
    /// each sale's standing, so it is worked out again first, as a migration would.
    fn totals(&self, from: &str, to: &str) -> DayTotals {
        SqliteStore::open(&self._dir.path().join(paydesk_core::desk::DB_FILE)).unwrap().rebuild_day_standing().unwrap();
        self.desk.day_totals_in(&lagos(), day(from), day(to)).unwrap()
    }
}

fn row(t: &DayTotals, provider: ProviderId, currency: Currency, mode: SaleMode) -> &TotalsRow {
    t.rows
        .iter()
        .find(|r| r.provider == provider && r.currency == currency && r.mode == mode)
        .unwrap_or_else(|| panic!("no row for {provider} {currency} {mode:?} in {:#?}", t.rows))
}

/// The day of 2024-03-05 in Lagos runs from 2024-03-04T23:00Z to 2024-03-05T23:00Z.
fn busy_day() -> History {
    let mut h = History::new();
    // Live Paystack in naira: two paid, one still open.
    h.sale("2024-03-05T08:00:00.000Z", "live", "NGN", 150_000, &[("paystack", "paid")]);
    h.sale("2024-03-05T09:00:00.000Z", "live", "NGN", 50_050, &[("paystack", "paid")]);
    h.sale("2024-03-05T10:00:00.000Z", "live", "NGN", 20_000, &[("paystack", "open")]);
    // Made at 23:59 local: that evening's sale, not the next day's.
    h.sale("2024-03-05T22:59:00.000Z", "live", "NGN", 7_000, &[("paystack", "paid")]);
    // 00:00:30 local the next day, and 23:59:59.999 local the day before: neither counts.
    h.sale("2024-03-05T23:00:30.000Z", "live", "NGN", 900_000, &[("paystack", "paid")]);
    h.sale("2024-03-04T22:59:59.999Z", "live", "NGN", 800_000, &[("paystack", "paid")]);
    // Live Paystack in dollars: failed.
    h.sale("2024-03-05T11:00:00.000Z", "live", "USD", 1_000, &[("paystack", "failed")]);
    // Live Dojo in pounds: paid, expired, cancelled, refunded; and a failover from Paystack that
    // Dojo collected, which counts under Dojo.
    h.sale("2024-03-05T12:00:00.000Z", "live", "GBP", 2_500, &[("dojo", "paid")]);
    h.sale("2024-03-05T12:10:00.000Z", "live", "GBP", 999, &[("dojo", "expired")]);
    h.sale("2024-03-05T12:20:00.000Z", "live", "GBP", 700, &[("dojo", "cancelled")]);
    h.sale("2024-03-05T12:30:00.000Z", "live", "GBP", 3_000, &[("dojo", "refunded")]);
    h.sale("2024-03-05T12:40:00.000Z", "live", "GBP", 4_000, &[("paystack", "failed"), ("dojo", "paid")]);
    // Test and training: in their own rows, never in the live ones.
    h.sale("2024-03-05T13:00:00.000Z", "test", "NGN", 10_000, &[("paystack", "paid")]);
    h.sale("2024-03-05T13:30:00.000Z", "training", "NGN", 5_000, &[("training", "paid")]);
    h
}

#[test]
fn a_day_is_counted_per_sale_per_provider_currency_and_mode() {
    let h = busy_day();
    let t = h.totals("2024-03-05", "2024-03-05");

    let naira = row(&t, ProviderId::Paystack, Currency::NGN, SaleMode::Live);
    assert_eq!((naira.paid_count, naira.paid_minor, naira.open_count), (3, 150_000 + 50_050 + 7_000, 1));
    let dollars = row(&t, ProviderId::Paystack, Currency::USD, SaleMode::Live);
    assert_eq!((dollars.paid_count, dollars.paid_minor, dollars.failed_count), (0, 0, 1));
    let pounds = row(&t, ProviderId::Dojo, Currency::GBP, SaleMode::Live);
    assert_eq!((pounds.paid_count, pounds.paid_minor), (2, 2_500 + 4_000), "the failover counts once, under Dojo");
    assert_eq!((pounds.expired_count, pounds.cancelled_count), (1, 1));
    assert_eq!((pounds.refunded_count, pounds.refunded_minor), (1, 3_000), "refunded apart, not in paid");
    assert_eq!(pounds.net_minor, pounds.paid_minor, "the wholly refunded sale is in neither paid nor net");
    assert_eq!(pounds.failed_count, 0, "the failed Paystack attempt is not a sale of its own");
    let test = row(&t, ProviderId::Paystack, Currency::NGN, SaleMode::Test);
    assert_eq!((test.paid_count, test.paid_minor), (1, 10_000));
    let training = row(&t, ProviderId::Training, Currency::NGN, SaleMode::Training);
    assert_eq!((training.paid_count, training.paid_minor), (1, 5_000));

    assert_eq!(t.rows.len(), 5);
    let modes: Vec<SaleMode> = t.rows.iter().map(|r| r.mode).collect();
    assert_eq!(modes, [SaleMode::Live, SaleMode::Live, SaleMode::Live, SaleMode::Test, SaleMode::Training], "live first");
}

#[test]
fn the_json_is_the_documented_shape() {
    let h = busy_day();
    let json = serde_json::to_value(h.totals("2024-03-05", "2024-03-05")).unwrap();
    assert_eq!(json["from"], "2024-03-05");
    assert_eq!(json["to"], "2024-03-05");
    let first = json["rows"][0].as_object().unwrap();
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    let mut want = vec![
        "provider", "currency", "mode", "paid_count", "paid_minor", "open_count", "failed_count", "expired_count",
        "cancelled_count", "refunded_count", "refunded_minor", "net_minor",
    ];
    let mut got = keys.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    assert_eq!((&first["provider"], &first["currency"], &first["mode"]), (&"paystack".into(), &"NGN".into(), &"live".into()));
    assert_eq!(first["paid_minor"], 207_050);
}

#[test]
fn a_range_includes_both_ends_and_a_status_is_the_one_known_now() {
    let h = busy_day();
    let t = h.totals("2024-03-04", "2024-03-06");
    let naira = row(&t, ProviderId::Paystack, Currency::NGN, SaleMode::Live);
    assert_eq!(naira.paid_count, 5, "the sales either side of the day are in the range");
    assert_eq!(naira.paid_minor, 150_000 + 50_050 + 7_000 + 900_000 + 800_000);

    // The open sale is paid later: the same day now counts it paid.
    h.conn.execute("UPDATE links SET status = 'paid' WHERE status = 'open'", []).unwrap();
    let naira = h.totals("2024-03-05", "2024-03-05").rows.into_iter().find(|r| r.currency == Currency::NGN && r.mode == SaleMode::Live).unwrap();
    assert_eq!((naira.paid_count, naira.open_count), (4, 0));

    assert!(h.desk.day_totals_in(&lagos(), day("2024-03-06"), day("2024-03-05")).is_err(), "a range backwards is refused");
    assert!(h.totals("2024-03-07", "2024-03-07").rows.is_empty());
}

#[test]
fn a_day_that_starts_at_four_keeps_the_small_hours_with_the_evening_before() {
    let mut h = History::new();
    // 01:30 local on the 6th: the 5th's late trade.
    h.sale("2024-03-06T00:30:00.000Z", "live", "NGN", 1_000, &[("paystack", "paid")]);
    // 03:59 local on the 5th: still the 4th's.
    h.sale("2024-03-05T02:59:00.000Z", "live", "NGN", 2_000, &[("paystack", "paid")]);
    // 04:00 local on the 5th: the 5th's first sale.
    h.sale("2024-03-05T03:00:00.000Z", "live", "NGN", 4_000, &[("paystack", "paid")]);

    let paid = |h: &History, d: &str| h.totals(d, d).rows.iter().map(|r| r.paid_minor).sum::<i64>();
    assert_eq!(paid(&h, "2024-03-05"), 2_000 + 4_000, "midnight to midnight by default");

    h.desk.config_set("day.starts_at", "04:00").unwrap();
    assert_eq!(paid(&h, "2024-03-05"), 4_000 + 1_000);
    assert_eq!(paid(&h, "2024-03-04"), 2_000);
    assert!(h.desk.config_set("day.starts_at", "4 am").is_err());
}

#[test]
fn the_paid_list_adds_up_to_each_rows_paid_total() {
    let h = busy_day();
    let t = h.totals("2024-03-05", "2024-03-05");
    let list = h.desk.paid_sales_in(&lagos(), day("2024-03-05"), day("2024-03-05")).unwrap();
    for r in &t.rows {
        let mine: Vec<_> = list.iter().filter(|s| s.sale.provider == r.provider && s.sale.currency == r.currency && s.sale.mode == r.mode).collect();
        assert_eq!(mine.len() as u64, r.paid_count, "{r:?}");
        assert_eq!(mine.iter().map(|s| s.sale.amount_minor).sum::<i64>(), r.paid_minor, "{r:?}");
    }
    assert_eq!(list.len(), 3 + 2 + 1 + 1, "paid naira, pounds, test and training; the refunded one is not listed");
    let created: Vec<_> = list.iter().map(|s| s.sale.created_at).collect();
    assert!(created.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    let failover = list.iter().find(|s| s.sale.amount_minor == 4_000).unwrap();
    assert_eq!(failover.sale.reference, "PD12x1", "the paid attempt's reference, not the failed one's");
    assert_eq!(failover.paid_at, None, "no status change recorded for a sale written straight as paid");
}

#[test]
fn the_refund_list_adds_up_to_each_rows_refunded_total_with_its_reasons_and_time() {
    let mut h = busy_day();
    // A pound sale given back in two refunds (one more refused by Dojo), and the next morning's
    // refund of the day's paid naira: both are the 5th's sales, refunded.
    h.sale("2024-03-05T14:00:00.000Z", "live", "GBP", 6_000, &[("dojo", "paid")]);
    h.conn
        .execute("UPDATE links SET status = 'partially_refunded', refunded_minor = 2_500, refund_reserved_minor = 2_500 WHERE amount_minor = 6000", [])
        .unwrap();
    let six = h.conn.query_row("SELECT id FROM links WHERE amount_minor = 6000", [], |r| r.get::<_, i64>(0)).unwrap();
    let refund = |h: &History, link: i64, n: u32, amount: i64, reason: Option<&str>, state: &str, at: &str| {
        h.conn
            .execute(
                "INSERT INTO refunds (link_id, reference, idempotency_key, amount_minor, reason, state, created_at, updated_at) \
                 VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![link, format!("PR{n}"), amount, reason, state, at],
            )
            .unwrap();
    };
    refund(&h, six, 1, 1_000, Some("Cracked plate"), "processed", "2024-03-05T15:00:00.000Z");
    refund(&h, six, 2, 900, Some("Not refused"), "failed", "2024-03-05T15:30:00.000Z");
    refund(&h, six, 3, 1_500, Some("Cracked plate"), "processed", "2024-03-05T16:00:00.000Z");
    h.conn.execute("UPDATE links SET status = 'refunded' WHERE amount_minor = 50050", []).unwrap();
    let naira = h.conn.query_row("SELECT id FROM links WHERE amount_minor = 50050", [], |r| r.get::<_, i64>(0)).unwrap();
    refund(&h, naira, 4, 50_050, None, "processed", "2024-03-06T08:15:00.000Z");
    // The refunded pound sale of busy_day was refunded on Dojo's dashboard: verify saw it.
    let three = h.conn.query_row("SELECT id FROM links WHERE amount_minor = 3000", [], |r| r.get::<_, i64>(0)).unwrap();
    h.conn
        .execute("INSERT INTO status_events (link_id, at, from_status, to_status) VALUES (?1, '2024-03-05T18:00:00.000Z', 'paid', 'refunded')", [three])
        .unwrap();

    // Paid twice (Paystack, then Dojo), the second payment given back: one payment kept.
    h.sale("2024-03-05T17:00:00.000Z", "live", "GBP", 800, &[("paystack", "paid"), ("dojo", "refunded")]);
    h.conn.execute("UPDATE links SET refunded_minor = 800, refund_reserved_minor = 800 WHERE amount_minor = 800 AND status = 'refunded'", []).unwrap();
    let twice = h.conn.query_row("SELECT id FROM links WHERE amount_minor = 800 AND status = 'refunded'", [], |r| r.get::<_, i64>(0)).unwrap();
    refund(&h, twice, 5, 800, Some("Paid twice"), "processed", "2024-03-05T17:10:00.000Z");

    let t = h.totals("2024-03-05", "2024-03-05");
    let list = h.desk.refunded_sales_in(&lagos(), day("2024-03-05"), day("2024-03-05")).unwrap();
    for r in &t.rows {
        let mine: Vec<_> = list.iter().filter(|s| s.sale.provider == r.provider && s.sale.currency == r.currency && s.sale.mode == r.mode).collect();
        assert_eq!(mine.len() as u64, r.refunded_count, "{r:?}");
        assert_eq!(mine.iter().map(|s| s.refunded_minor).sum::<i64>(), r.refunded_minor, "{r:?}");
    }
    let pounds = row(&t, ProviderId::Dojo, Currency::GBP, SaleMode::Live);
    assert_eq!(pounds.paid_minor, 2_500 + 4_000 + 6_000 + 800, "gross: the partly refunded sale at its whole amount");
    assert_eq!(pounds.net_minor, 2_500 + 4_000 + 6_000 - 2_500 + 800, "net: less what it gave back");
    assert_eq!(pounds.refunded_count, 2, "the sale paid twice is not refunded: it kept one payment");
    let amounts: Vec<_> = list.iter().map(|s| (s.sale.amount_minor, s.refunded_minor, s.whole)).collect();
    assert_eq!(amounts, [(50_050, 50_050, true), (3_000, 3_000, true), (6_000, 2_500, false)], "oldest sale first");
    let at = |i: usize| list[i].refunded_at.map(|t| t.to_rfc3339());
    assert_eq!(at(0).as_deref(), Some("2024-03-06T08:15:00+00:00"), "refunded the next morning");
    assert_eq!(at(1).as_deref(), Some("2024-03-05T18:00:00+00:00"), "no refund of ours: when verify saw it");
    assert_eq!(at(2).as_deref(), Some("2024-03-05T16:00:00+00:00"), "the last processed refund, not the refused one");
    assert_eq!(list[2].reasons, ["Cracked plate"], "each reason once; a refused refund's is not one");
    assert!(list.iter().all(|s| s.sale.amount_minor != 800), "the second payment given back is not the sale's refund");
    let paid = h.desk.paid_sales_in(&lagos(), day("2024-03-05"), day("2024-03-05")).unwrap();
    let kept = paid.iter().find(|s| s.sale.amount_minor == 800).expect("the sale paid twice is in the paid list");
    assert_eq!((kept.sale.reference.as_str(), kept.refunded_minor), ("PD16x0", 0), "the payment kept, nothing given back of it");
    assert!(list[0].reasons.is_empty() && list[1].reasons.is_empty());
    assert_eq!(list[2].sale.reference, "PD15x0", "the paid attempt's reference");
    assert!(h.desk.refunded_sales_in(&lagos(), day("2024-03-06"), day("2024-03-06")).unwrap().is_empty(), "counted on the sale's day");
    // More of the 5th's sales given back the next morning: the rest of one on Dojo's dashboard,
    // after a part of ours (a verify saw it whole at 09:30); one wholly by a refund of ours, whose
    // settling wrote the event (it is listed once, as ours); one that verify saw refunded on the
    // 5th already (listed that day, not again); one another till refunded through paydesk, whose
    // change came from the shop hub (refunds are not shared: not taken for the provider's).
    let event = |h: &History, link: i64, at: &str, refund: Option<i64>| {
        h.conn
            .execute("INSERT INTO status_events (link_id, at, from_status, to_status, refund_id) VALUES (?1, ?2, 'paid', 'refunded', ?3)", params![link, at, refund])
            .unwrap();
    };
    let link_of = |h: &History, amount: i64| h.conn.query_row("SELECT id FROM links WHERE amount_minor = ?1", [amount], |r| r.get::<_, i64>(0)).unwrap();
    h.sale("2024-03-05T19:00:00.000Z", "live", "GBP", 4_500, &[("dojo", "refunded")]);
    let rest = link_of(&h, 4_500);
    refund(&h, rest, 7, 1_000, Some("Chipped"), "processed", "2024-03-05T19:30:00.000Z");
    event(&h, rest, "2024-03-06T09:30:00.000Z", None);
    h.sale("2024-03-05T20:00:00.000Z", "live", "GBP", 5_500, &[("dojo", "refunded")]);
    let ours = link_of(&h, 5_500);
    refund(&h, ours, 8, 5_500, None, "processed", "2024-03-06T10:30:00.000Z");
    event(&h, ours, "2024-03-06T10:30:00.000Z", Some(h.conn.last_insert_rowid()));
    h.sale("2024-03-05T21:00:00.000Z", "live", "GBP", 6_500, &[("dojo", "refunded")]);
    h.conn
        .execute(
            "INSERT INTO status_events (link_id, at, from_status, to_status, from_hub) VALUES (?1, '2024-03-06T11:00:00.000Z', 'paid', 'refunded', 1)",
            [link_of(&h, 6_500)],
        )
        .unwrap();
    // The next morning's Z report still shows that money went back then, apart from its totals.
    let next = h.desk.day_sales_in(&lagos(), day("2024-03-06")).unwrap();
    let e: Vec<_> =
        next.earlier_refunds.iter().map(|e| (e.refund_reference.as_deref(), e.refunded_minor, e.sale.amount_minor, e.refunded_at.to_rfc3339())).collect();
    assert_eq!(
        e,
        [
            (Some("PR4"), 50_050, 50_050, "2024-03-06T08:15:00+00:00".to_string()),
            (None, 3_500, 4_500, "2024-03-06T09:30:00+00:00".to_string()),
            (Some("PR8"), 5_500, 5_500, "2024-03-06T10:30:00+00:00".to_string()),
        ],
        "in the order given back; the dashboard's, what ours had left, when verify saw it"
    );
    assert_eq!(next.earlier_refunds[1].sale.reference, "PD17x0", "the attempt given back");
    // A refund of ours still pending when a verify saw the provider say refunded (a verify saves
    // the provider's word before it reads the refund again): not the provider's while pending;
    // once ours settles for a part, the rest is the provider's, at the time the verify saw it.
    h.sale("2024-03-05T22:00:00.000Z", "live", "GBP", 7_500, &[("dojo", "refunded")]);
    let late = link_of(&h, 7_500);
    refund(&h, late, 9, 1_000, None, "pending", "2024-03-06T12:00:00.000Z");
    event(&h, late, "2024-03-06T12:05:00.000Z", None);
    let amounts = |h: &History| -> Vec<(Option<String>, i64, String)> {
        let list = h.desk.day_sales_in(&lagos(), day("2024-03-06")).unwrap().earlier_refunds;
        list.into_iter().filter(|e| e.sale.amount_minor == 7_500).map(|e| (e.refund_reference, e.refunded_minor, e.refunded_at.to_rfc3339())).collect()
    };
    assert_eq!(amounts(&h), [], "ours is still pending");
    h.conn.execute("UPDATE refunds SET state = 'processed', updated_at = '2024-03-06T13:00:00.000Z' WHERE reference = 'PR9'", []).unwrap();
    event(&h, late, "2024-03-06T13:00:00.000Z", Some(h.conn.query_row("SELECT id FROM refunds WHERE reference = 'PR9'", [], |r| r.get(0)).unwrap()));
    assert_eq!(
        amounts(&h),
        [(None, 6_500, "2024-03-06T12:05:00+00:00".to_string()), (Some("PR9".to_string()), 1_000, "2024-03-06T13:00:00+00:00".to_string())]
    );
    assert_eq!(next.earlier_refunds[0].sale_day, day("2024-03-05"), "the sale's own day");
    let same = h.desk.day_sales_in(&lagos(), day("2024-03-05")).unwrap();
    assert!(same.earlier_refunds.is_empty(), "the 5th's refunds were of the 5th's sales: {:?}", same.earlier_refunds);

    // A shop open late (its day from 04:00): a sale at 01:30 on the 6th is the 5th's, and its
    // refund that morning is listed on the 6th as an earlier day's, the 5th's.
    h.desk.config_set("day.starts_at", "04:00").unwrap();
    h.sale("2024-03-06T00:30:00.000Z", "live", "GBP", 1_200, &[("dojo", "partially_refunded")]);
    let late = h.conn.query_row("SELECT id FROM links WHERE amount_minor = 1200", [], |r| r.get::<_, i64>(0)).unwrap();
    h.conn.execute("UPDATE links SET refunded_minor = 200, refund_reserved_minor = 200 WHERE id = ?1", [late]).unwrap();
    refund(&h, late, 6, 200, None, "processed", "2024-03-06T10:00:00.000Z");
    let next = h.desk.day_sales_in(&lagos(), day("2024-03-06")).unwrap();
    let lates: Vec<_> = next.earlier_refunds.iter().filter(|e| e.sale.amount_minor == 1_200).map(|e| (e.sale_day, e.reason.clone())).collect();
    assert_eq!(lates, [(day("2024-03-05"), None)], "the shop day, not the calendar date");
}

#[test]
fn a_ranges_totals_are_the_sum_of_its_days() {
    let mut h = busy_day();
    // More on the days either side: a partial refund, a paid first attempt behind a failed
    // current one, a refunded attempt behind an open one, and a word this paydesk does not know.
    h.sale("2024-03-04T10:00:00.000Z", "live", "GBP", 6_000, &[("dojo", "paid")]);
    h.conn
        .execute("UPDATE links SET status = 'partially_refunded', refunded_minor = 1_500, refund_reserved_minor = 1_500 WHERE amount_minor = 6000", [])
        .unwrap();
    h.sale("2024-03-06T09:00:00.000Z", "live", "NGN", 30_000, &[("paystack", "paid"), ("dojo", "failed")]);
    h.sale("2024-03-06T10:00:00.000Z", "test", "USD", 4_000, &[("payroc", "refunded"), ("payroc", "open")]);
    h.sale("2024-03-06T11:00:00.000Z", "live", "USD", 4_100, &[("luxfin", "on_hold")]);

    let key = |r: &TotalsRow| (r.mode, r.provider, r.currency.code());
    let mut summed: std::collections::BTreeMap<_, TotalsRow> = std::collections::BTreeMap::new();
    for d in ["2024-03-04", "2024-03-05", "2024-03-06"] {
        for r in h.totals(d, d).rows {
            match summed.get_mut(&key(&r)) {
                None => {
                    summed.insert(key(&r), r);
                }
                Some(s) => {
                    s.paid_count += r.paid_count;
                    s.paid_minor += r.paid_minor;
                    s.open_count += r.open_count;
                    s.failed_count += r.failed_count;
                    s.expired_count += r.expired_count;
                    s.cancelled_count += r.cancelled_count;
                    s.refunded_count += r.refunded_count;
                    s.refunded_minor += r.refunded_minor;
                    s.net_minor += r.net_minor;
                }
            }
        }
    }
    let range = h.totals("2024-03-04", "2024-03-06");
    assert_eq!(range.rows, summed.into_values().collect::<Vec<_>>());

    // And what the new sales count as, by the rules.
    let pounds = row(&range, ProviderId::Dojo, Currency::GBP, SaleMode::Live);
    assert_eq!((pounds.paid_count, pounds.refunded_count), (3, 2), "the partial refund is paid gross and refunded apart");
    assert_eq!((pounds.paid_minor, pounds.refunded_minor), (2_500 + 4_000 + 6_000, 3_000 + 1_500));
    let failover = row(&range, ProviderId::Dojo, Currency::NGN, SaleMode::Live);
    assert_eq!((failover.paid_count, failover.paid_minor, failover.failed_count), (1, 30_000, 0), "its paid first attempt wins");
    let test_usd = row(&range, ProviderId::Payroc, Currency::USD, SaleMode::Test);
    assert_eq!((test_usd.refunded_count, test_usd.refunded_minor, test_usd.open_count), (1, 4_000, 0));
    let odd = row(&range, ProviderId::Luxfin, Currency::USD, SaleMode::Live);
    assert_eq!(odd.paid_count + odd.open_count + odd.failed_count + odd.expired_count + odd.cancelled_count + odd.refunded_count, 0);
}
