//! The history the Today e2e test reads, written straight into SQLite with chosen times (the
//! clock is not the test's to move): a shop's day, the evening before it and a month of days.

use chrono::{Duration as Days, NaiveDate};
use paydesk_e2e::{keyring_service, workspace_root};
use rusqlite::{params, Connection};
use std::process::Command;
use std::time::Duration;

pub const SHOP: &str = "Ada's Bakery";

/// `paydesk` on the test's history, in UTC as the app.
pub fn cli(data_dir: &str, args: &[&str]) -> String {
    let bin = workspace_root().join("target/debug/paydesk");
    let out = Command::new(&bin)
        .args(args)
        .env("PAYDESK_DATA_DIR", data_dir)
        .env("PAYDESK_KEYRING_SERVICE", keyring_service())
        .env("TZ", "UTC")
        .output()
        .unwrap_or_else(|e| panic!("{}: {e} (cargo build makes it)", bin.display()));
    assert!(out.status.success(), "paydesk {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

struct Seed {
    conn: Connection,
    till: String,
    n: u32,
}

impl Seed {
    /// A sale with one attempt, made at `at` (UTC, `YYYY-MM-DDTHH:MM:SS`); a paid one gets its
    /// status change at `paid_at` (or a minute after it was made).
    #[allow(clippy::too_many_arguments)]
    fn sale(&mut self, at: &str, mode: &str, provider: &str, currency: &str, amount: i64, status: &str, description: Option<&str>, paid_at: Option<&str>, till: Option<&str>) {
        self.n += 1;
        let n = self.n;
        let till = till.unwrap_or(&self.till).to_string();
        let at = format!("{at}.000Z");
        self.conn
            .execute(
                "INSERT INTO sales (uid, till_id, amount_minor, currency, customer_email, description, mode, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![format!("sale-e2e-{n}"), till, amount, currency, format!("customer{n}@example.com"), description, mode, at],
            )
            .unwrap();
        let sale = self.conn.last_insert_rowid();
        let link_mode = if mode == "live" { "live" } else { "test" };
        let refunded = if status == "refunded" { amount } else { 0 };
        self.conn
            .execute(
                "INSERT INTO links (provider, mode, reference, url, amount_minor, currency, customer_email, description, status, \
                 created_at, updated_at, uid, till_id, sale_id, refunded_minor, refund_reserved_minor) \
                 VALUES (?1, ?2, ?3, 'https://pay.example/x', ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?13)",
                params![provider, link_mode, format!("PDE2E{n:04}"), amount, currency, format!("customer{n}@example.com"), description, status, at, format!("link-e2e-{n}"), till, sale, refunded],
            )
            .unwrap();
        let link = self.conn.last_insert_rowid();
        // With the standing paydesk keeps on the sale for the day's totals (one attempt: its own).
        self.conn
            .execute("UPDATE sales SET current_link_id = ?2, day_provider = ?3, day_status = ?4 WHERE id = ?1", params![sale, link, provider, status])
            .unwrap();
        if matches!(status, "paid" | "partially_refunded" | "refunded") {
            let when = paid_at.map(|p| format!("{p}.000Z")).unwrap_or_else(|| at.clone());
            self.conn
                .execute("INSERT INTO status_events (link_id, at, from_status, to_status) VALUES (?1, ?2, 'open', 'paid')", params![link, when])
                .unwrap();
        }
    }

    /// A processed refund of `amount` on the `n`th sale's link, settled at `at`; what the link
    /// gave back goes up by as much.
    fn refund(&self, n: u32, amount: i64, reason: &str, at: &str) {
        let link: i64 = self.conn.query_row("SELECT id FROM links WHERE reference = ?1", [format!("PDE2E{n:04}")], |r| r.get(0)).unwrap();
        self.conn
            .execute(
                "INSERT INTO refunds (link_id, reference, idempotency_key, amount_minor, reason, state, created_at, updated_at) \
                 VALUES (?1, ?2, ?2, ?3, ?4, 'processed', ?5, ?5)",
                params![link, format!("PRE2E{n:04}"), amount, reason, format!("{at}.000Z")],
            )
            .unwrap();
        self.conn
            .execute("UPDATE links SET refunded_minor = ?2, refund_reserved_minor = ?2 WHERE id = ?1 AND status = 'partially_refunded'", params![link, amount])
            .unwrap();
    }

    /// The `n`th sale's link seen wholly refunded by a verify at `at`, with no refund of paydesk's
    /// behind it: given back on the provider's dashboard.
    fn seen_refunded(&self, n: u32, at: &str) {
        let link: i64 = self.conn.query_row("SELECT id FROM links WHERE reference = ?1", [format!("PDE2E{n:04}")], |r| r.get(0)).unwrap();
        self.conn
            .execute("INSERT INTO status_events (link_id, at, from_status, to_status) VALUES (?1, ?2, 'paid', 'refunded')", params![link, format!("{at}.000Z")])
            .unwrap();
        // Only paydesk's own refunds count what a link gave back.
        self.conn.execute("UPDATE links SET refunded_minor = 0, refund_reserved_minor = 0 WHERE id = ?1", [link]).unwrap();
    }
}

pub fn seed(data_dir: &str, today: NaiveDate) {
    cli(data_dir, &["config", "set", "merchant.name", SHOP]);
    let path = std::path::Path::new(data_dir).join("paydesk.sqlite3");
    let conn = Connection::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    let till: String = conn.query_row("SELECT id FROM till", [], |r| r.get(0)).unwrap();
    let mut s = Seed { conn, till, n: 0 };
    let t = |d: NaiveDate, hm: &str| format!("{d}T{hm}");
    let y = today - Days::days(1);
    // Today.
    s.sale(&t(today, "00:00:30"), "live", "dojo", "GBP", 999, "paid", Some("Coffee"), None, Some("0190aaaa-other-till-7f3e"));
    s.sale(&t(today, "09:00:00"), "live", "paystack", "NGN", 150_000, "paid", Some("2 loaves and a cake"), Some(&t(today, "09:01:10")), None);
    s.sale(&t(today, "10:00:00"), "live", "paystack", "NGN", 50_050, "partially_refunded", None, None, None);
    s.refund(3, 20_000, "Short one loaf", &t(today, "10:40:00"));
    s.sale(&t(today, "10:30:00"), "live", "paystack", "USD", 1_000, "open", None, None, None);
    s.sale(&t(today, "11:00:00"), "live", "dojo", "GBP", 2_500, "paid", Some("Birthday cake"), None, None);
    s.sale(&t(today, "12:00:00"), "live", "dojo", "GBP", 3_000, "refunded", Some("Burnt loaf"), None, None);
    s.refund(6, 3_000, "Burnt", &t(today, "12:20:00"));
    s.sale(&t(today, "13:00:00"), "test", "paystack", "NGN", 10_000, "paid", None, None, None);
    s.sale(&t(today, "14:00:00"), "training", "training", "NGN", 5_000, "paid", None, None, None);
    // Made a breath before midnight, paid after it: yesterday's sale.
    s.sale(&t(y, "23:59:30"), "live", "paystack", "NGN", 7_000, "partially_refunded", Some("Late pie"), Some(&t(today, "00:00:10")), None);
    // ...and part of it given back this morning: today's money, yesterday's sale.
    s.refund(9, 2_000, "Cold", &t(today, "09:30:00"));
    // Yesterday's tart, given back on Dojo's dashboard: a verify saw it this morning.
    s.sale(&t(y, "16:00:00"), "live", "dojo", "GBP", 1_500, "refunded", Some("Tart"), None, None);
    s.seen_refunded(10, &t(today, "11:30:00"));
    // A month behind it, for the chart: naira most days, pounds some.
    for back in 1..30i64 {
        let d = today - Days::days(back);
        s.sale(&t(d, "12:00:00"), "live", "paystack", "NGN", 20_000 + back * 3_000, "paid", None, None, None);
        if back % 3 == 0 {
            s.sale(&t(d, "15:00:00"), "live", "dojo", "GBP", 1_000 + back * 100, "paid", None, None, None);
        }
    }
}
