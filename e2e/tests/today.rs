//! The shop's day in the real window: a history seeded straight into SQLite with chosen times
//! (naira and dollars at Paystack, pounds at Dojo; live, test and training; a refunded sale; one
//! made at 23:59:30 and paid after midnight; one from another till; and a month of earlier days
//! for the chart). Today's totals, the 30-day chart's table, the Z report and a receipt are
//! checked figure by figure against `paydesk report day --json`, screenshotted and audited.
//! The app and the CLI run with `TZ=UTC`, so the shop's day is the UTC date.

mod today_seed;

use chrono::{Duration as Days, Utc};
use paydesk_e2e::fantoccini::{key::Key, Client, Locator};
use paydesk_e2e::{axe, click, screenshot, text, wait_for, wait_text, Driver};
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;
use today_seed::{cli, seed, SHOP};

const SHORT: Duration = Duration::from_secs(20);

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// Every totals row under `host`: "provider|currency|mode" → field → the figure it holds.
async fn dom_totals(c: &Client, host: &str) -> HashMap<String, HashMap<String, i64>> {
    let v = js(
        c,
        &format!(
            "return [...document.querySelectorAll('{host} tr[data-key]')].map(tr => [tr.dataset.key, \
             Object.fromEntries([...tr.querySelectorAll('td[data-field]')].map(td => [td.dataset.field, Number(td.dataset.value)]))]);"
        ),
    )
    .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let fields = p[1].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_i64().unwrap())).collect();
            (p[0].as_str().unwrap().to_string(), fields)
        })
        .collect()
}

/// The same, from `paydesk report day --json`.
fn json_totals(report: &Value) -> HashMap<String, HashMap<String, i64>> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let key = format!("{}|{}|{}", r["provider"].as_str().unwrap(), r["currency"].as_str().unwrap(), r["mode"].as_str().unwrap());
            // Net is not a column: it is said under each table, per currency (kept_by_mode).
            let fields = r.as_object().unwrap().iter().filter(|(k, _)| *k != "net_minor").filter_map(|(k, v)| v.as_i64().map(|n| (k.clone(), n))).collect();
            (key, fields)
        })
        .collect()
}

/// What `report day --json` says each mode keeps per currency, summed over providers in row
/// order: `[[mode, [[currency, minor]…]]…]`; training moves no money and has no such line.
fn kept_by_mode(report: &Value) -> Value {
    // mode → [(currency, kept, anything paid or refunded)]
    type Sums = Vec<(String, i64, bool)>;
    let mut out: Vec<(String, Sums)> = Vec::new();
    for r in report["rows"].as_array().unwrap() {
        let (mode, currency, net) = (r["mode"].as_str().unwrap(), r["currency"].as_str().unwrap(), r["net_minor"].as_i64().unwrap());
        let moved = r["paid_count"].as_i64() > Some(0) || r["refunded_count"].as_i64() > Some(0);
        if mode == "training" {
            continue; // practice: no money to keep, no line
        }
        if out.last().is_none_or(|(m, _)| m != mode) {
            out.push((mode.to_string(), Vec::new()));
        }
        let sums = &mut out.last_mut().unwrap().1;
        match sums.iter_mut().find(|(c, _, _)| c == currency) {
            Some((_, sum, any)) => {
                *sum += net;
                *any |= moved;
            }
            None => sums.push((currency.to_string(), net, moved)),
        }
    }
    // A currency nothing was paid or refunded in is not said.
    let said: Vec<_> = out
        .into_iter()
        .map(|(mode, sums)| (mode, sums.into_iter().filter(|s| s.2).map(|(c, n, _)| (c, n)).collect::<Vec<_>>()))
        .filter(|(_, sums)| !sums.is_empty())
        .collect();
    serde_json::json!(said)
}

/// The same, as the window says it under each mode's table.
async fn dom_kept(c: &Client, host: &str) -> Value {
    js(
        c,
        &format!(
            "return [...document.querySelectorAll('{host} section.totals-group')].filter(s => s.querySelector('.totals-kept')).map(s => [s.dataset.mode, \
               [...s.querySelectorAll('.totals-kept .kept-amount')].map(a => [a.dataset.currency, Number(a.dataset.minor)])])"
        ),
    )
    .await
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and a Secret Service: run through make test"]
async fn the_days_totals_chart_z_report_and_receipt_match_the_cli() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap().to_string();
    let today = Utc::now().date_naive();
    seed(&data_dir, today);
    let report: Value = serde_json::from_str(&cli(&data_dir, &["report", "day", "--json"])).unwrap();
    assert_eq!(report["from"], today.to_string());
    let want = json_totals(&report);
    assert_eq!(want["paystack|NGN|live"]["paid_count"], 2, "the sale made before midnight is yesterday's: {report}");
    assert_eq!(want["dojo|GBP|live"]["refunded_minor"], 3_000);
    assert_eq!(want["paystack|NGN|live"]["refunded_minor"], 20_000, "a part given back on the 10:00 sale");
    // The CLI's Z report lists: the pie given back today is today's money, yesterday's sale.
    let lists: Value = serde_json::from_str(&cli(&data_dir, &["report", "sales", "--json"])).unwrap();
    let pie = &lists["earlier_refunds"][0];
    assert_eq!((pie["refund_reference"].as_str(), pie["refunded_minor"].as_i64(), pie["reference"].as_str()), (Some("PRE2E0009"), Some(2_000), Some("PDE2E0009")), "{lists}");
    assert_eq!(lists["refunds"].as_array().unwrap().len(), 2, "today's sales' refunds, not the pie's");
    let said = cli(&data_dir, &["report", "sales"]);
    assert!(said.lines().any(|l| l.starts_with("Given back on this day for sales of earlier days")), "{said}");
    assert!(said.lines().any(|l| l.starts_with("09:30") && l.contains("PDE2E0009") && l.contains("20.00") && l.ends_with(&format!("Cold · sale of {}", today - Days::days(1)))), "{said}");
    // Yesterday's tart, given back on Dojo's dashboard: no refund of ours, the time verify saw it.
    let tart = &lists["earlier_refunds"][1];
    assert_eq!((tart["refund_reference"].is_null(), tart["refunded_minor"].as_i64(), tart["reference"].as_str()), (true, Some(1_500), Some("PDE2E0010")), "{lists}");
    let outside = format!("given back at Dojo, seen by verify · sale of {}", today - Days::days(1));
    assert!(said.lines().any(|l| l.starts_with("11:30") && l.contains("PDE2E0010") && l.contains("15.00") && l.ends_with(&outside)), "{said}");

    let driver = Driver::start(&[("PAYDESK_DATA_DIR", &data_dir), ("TZ", "UTC")]);
    let c = driver.session().await;

    // Today: every figure is the CLI's; test and training in their own marked groups.
    // The app has read its settings (the shop's name is in the header): its screens are wired.
    wait_for("the app to start", SHORT, || async {
        (js(&c, "return document.getElementById('merchant-label').textContent").await == SHOP).then_some(())
    })
    .await;
    // WebKitWebDriver can answer "click intercepted" while the window is still being placed.
    wait_for("Today to open", SHORT, || async {
        let _ = c.find(Locator::Css("#nav-today")).await.ok()?.click().await;
        (js(&c, "return document.getElementById('today-screen').hidden").await == false).then_some(())
    })
    .await;
    wait_for("today's totals", SHORT, || async { c.find(Locator::Css("#today-totals tr[data-key]")).await.ok() }).await;
    assert_eq!(dom_totals(&c, "#today-totals").await, want, "the Today screen shows report day --json");
    // Under each table, what the shop keeps: the naira paid less the part given back on the
    // 10:00 sale; the refunded loaf in neither; dollars, only waiting, not said.
    let kept = kept_by_mode(&report);
    assert_eq!(kept[0], serde_json::json!(["live", [["NGN", 150_000 + 50_050 - 20_000], ["GBP", 999 + 2_500]]]), "{report}");
    assert_eq!(dom_kept(&c, "#today-totals").await, kept);
    assert_eq!(js(&c, "return document.querySelectorAll('#today-totals .totals-training .totals-kept').length").await, 0, "nothing kept from practice");
    assert_eq!(
        js(&c, "return document.querySelector('#today-totals .totals-live .totals-kept').textContent").await,
        "Kept after refunds: NGN\u{a0}1,800.50 · GBP\u{a0}34.99"
    );
    let naira = text(&c, "#today-totals tr[data-key='paystack|NGN|live'] td[data-field=paid_minor]").await.unwrap();
    assert_eq!(naira, "NGN 2,000.50");
    assert!(text(&c, ".totals-test .totals-title").await.unwrap().contains("TEST"));
    assert!(text(&c, ".totals-training .totals-title").await.unwrap().contains("TRAINING"));
    assert!(c.find(Locator::Css(".totals-live tr[data-key$='|training']")).await.is_err(), "training never among live rows");

    // The chart: 30 bars of live naira, the same figures in its table, today's the CLI's.
    wait_for("the chart", SHORT, || async { c.find(Locator::Css("#today-chart svg rect.bar")).await.ok() }).await;
    assert_eq!(js(&c, "return document.querySelectorAll('#today-chart rect.bar').length").await, 30);
    // The axis in round whole steps just past the best day (NGN 2,000.50), not to 5,000 by 1,250s.
    let ticks = js(&c, "return [...document.querySelectorAll('#today-chart .tick text')].map(t => t.textContent)").await;
    assert_eq!(ticks, serde_json::json!(["NGN 0", "NGN 500", "NGN 1,000", "NGN 1,500", "NGN 2,000", "NGN 2,500"]));
    assert_eq!(js(&c, "return document.querySelector('#today-chart svg').getAttribute('aria-hidden')").await, "true");
    let today_minor = js(&c, &format!("return document.querySelector('#today-chart-table tr[data-date=\"{today}\"]').dataset.minor")).await;
    assert_eq!(today_minor, (150_000 + 50_050).to_string(), "live naira only: test and training left out");
    assert_eq!(js(&c, "return document.querySelectorAll('#today-chart-table tbody tr').length").await, 30);
    let options = js(&c, "return [...document.querySelectorAll('#today-chart-currency option')].map(o => o.value)").await;
    assert_eq!(options, serde_json::json!(["NGN", "GBP"]), "a chart per currency, never summed");
    screenshot(&c, "today-01-day").await;
    js(&c, "document.getElementById('today-chart').scrollIntoView(); return true").await;
    screenshot(&c, "today-01-chart").await;
    // Back up: WebDriver would scroll a button just under the sticky header, which takes the click.
    js(&c, "window.scrollTo(0, 0); return true").await;
    axe::assert_clean(&c, "today").await;

    // Yesterday through the date picker: the sale from 23:59:30 is there.
    let y = (today - Days::days(1)).to_string();
    js(&c, &format!("const d = document.getElementById('today-date'); d.value = '{y}'; d.dispatchEvent(new Event('change')); return true")).await;
    wait_text(&c, "#today-totals tr[data-key='paystack|NGN|live'] td[data-field=paid_count]", "2", SHORT).await;
    let yesterday: Value = serde_json::from_str(&cli(&data_dir, &["report", "day", "--date", &y, "--json"])).unwrap();
    assert_eq!(dom_totals(&c, "#today-totals").await, json_totals(&yesterday));

    // The title says it is not today, and a button leads back to it.
    wait_text(&c, "#today-title", "Yesterday", SHORT).await;
    assert!(c.find(Locator::Css("#today-now")).await.unwrap().is_displayed().await.unwrap(), "a way back to today");
    screenshot(&c, "today-01-yesterday").await;
    // Yesterday's Z report leads back to yesterday, not to today.
    click(&c, "#today-print-z").await;
    wait_for("yesterday's Z report", SHORT, || async { (js(&c, "return document.getElementById('z-day').dataset.date").await == y.as_str()).then_some(()) }).await;
    click(&c, "#z-back").await;
    wait_text(&c, "#today-title", "Yesterday", SHORT).await;
    assert_eq!(js(&c, "return document.getElementById('today-date').value").await, y.as_str());
    assert_eq!(dom_totals(&c, "#today-totals").await, json_totals(&yesterday));

    // Back to today, then its Z report: the totals are the CLI's; the paid list adds up to them.
    click(&c, "#today-now").await;
    wait_text(&c, "#today-title", "Today", SHORT).await;
    wait_for("today again", SHORT, || async { c.find(Locator::Css("#today-totals tr[data-key='dojo|GBP|live']")).await.ok() }).await;
    assert_eq!(dom_totals(&c, "#today-totals").await, want);
    assert_eq!(js(&c, "return document.getElementById('today-date').value").await, today.to_string().as_str());
    assert_eq!(js(&c, "return [document.getElementById('today-now').hidden, document.activeElement.id]").await, serde_json::json!([true, "today-title"]), "the button goes, its focus to the title");
    click(&c, "#today-print-z").await;
    wait_for("the Z report", SHORT, || async { c.find(Locator::Css("#z-totals tr[data-key]")).await.ok() }).await;
    assert_eq!(dom_totals(&c, "#z-totals").await, want, "the printed totals are report day --json");
    assert_eq!(dom_kept(&c, "#z-totals").await, kept, "and what is kept under them");
    assert_eq!(text(&c, "#z-shop").await.unwrap(), SHOP);
    assert_eq!(js(&c, "return document.getElementById('z-day').dataset.date").await, today.to_string());
    let tills = text(&c, "#z-tills").await.unwrap();
    assert!(tills.starts_with("Tills:") && tills.contains("7f3e"), "both tills named: {tills}");
    assert_eq!(text(&c, "#z-sales tbody tr td.till").await.unwrap(), "Till 7f3e", "the coffee at 00:00:30 came from the other till");
    let listed = js(
        &c,
        "const s = {}; for (const tr of document.querySelectorAll('#z-sales tbody tr')) { \
           const k = tr.dataset.mode + '|' + tr.querySelector('[data-minor]').textContent.split(' ')[0]; \
           s[k] = (s[k] || 0) + Number(tr.querySelector('[data-minor]').dataset.minor); } return s;",
    )
    .await;
    assert_eq!(listed, serde_json::json!({"live|NGN": 200_050, "live|GBP": 3_499, "test|NGN": 10_000, "training|NGN": 5_000}));
    // One list per mode under its badge, live money first: no column mixes real and practice money.
    let lists = js(&c, "return [...document.querySelectorAll('#z-sales section')].map(s => s.querySelector('.mode-badge').textContent + ': ' + [...s.querySelectorAll('tbody tr')].map(tr => tr.dataset.mode).join(' '))").await;
    assert_eq!(lists, serde_json::json!(["LIVE: live live live live", "TEST: test", "TRAINING: training"]));
    // The refunds after them: when, why and how much; a part says of what. They add up to the
    // totals' Refunded.
    let refunds = js(
        &c,
        "return [...document.querySelectorAll('#z-refunds section')].map(s => [s.querySelector('h3').textContent, \
           [...s.querySelectorAll('tbody tr')].map(tr => [...tr.cells].filter(td => !td.classList.contains('till')).map(td => td.textContent.replace(/\\s/g, ' ')).join(' | ')), \
           [...s.querySelectorAll('[data-minor]')].map(td => Number(td.dataset.minor))])",
    )
    .await;
    assert_eq!(
        refunds,
        serde_json::json!([[
            "LIVE Live refunds (2)",
            ["10:40 AM | Paystack | PDE2E0003 | Short one loaf | NGN 200.00 of NGN 500.50", "12:20 PM | Dojo | PDE2E0006 | Burnt | GBP 30.00"],
            [want["paystack|NGN|live"]["refunded_minor"], want["dojo|GBP|live"]["refunded_minor"]]
        ]])
    );
    // On paper every list's columns line up down the page, the live ones with the marked ones:
    // when, till, provider and reference start at one place in all five, the amounts end at one.
    let lefts = js(
        &c,
        "const lists = '#z-sales table, #z-refunds table, #z-earlier table'; const cols = [0, 1, 2, 3, 4].map(() => new Set()); \
         for (const t of document.querySelectorAll(lists)) { const th = [...t.tHead.rows[0].cells]; \
           th.slice(0, 4).forEach((c, i) => cols[i].add(Math.round(c.getBoundingClientRect().left))); \
           cols[4].add(Math.round(th[th.length - 1].getBoundingClientRect().right)); } \
         return [document.querySelectorAll(lists).length, cols.map(s => s.size)]",
    )
    .await;
    assert_eq!(lefts, serde_json::json!([5, [1, 1, 1, 1, 1]]), "five lists, each column at one place");
    // Money given back today for yesterday's pie: said apart, under its own line, and in no total.
    let earlier = js(
        &c,
        "return [...document.querySelectorAll('#z-earlier tbody tr')].map(tr => [...tr.cells].filter(td => !td.classList.contains('till') && !td.classList.contains('sale-day')) \
           .map(td => td.textContent.replace(/\\s/g, ' ')).join(' | '))",
    )
    .await;
    assert_eq!(
        earlier,
        serde_json::json!(["9:30 AM | Paystack | PDE2E0009 | Cold | NGN 20.00", "11:30 AM | Dojo | PDE2E0010 | Given back at Dojo, seen by verify | GBP 15.00"])
    );
    assert!(text(&c, "#z-earlier .z-earlier-hint").await.unwrap().contains("not in the totals above"));
    assert!(!text(&c, "#z-earlier td.sale-day").await.unwrap().is_empty(), "the sale's own day");
    screenshot(&c, "today-02-z-report-a4").await;
    js(&c, "document.getElementById('z-sales').scrollIntoView(); return true").await;
    screenshot(&c, "today-02-z-report-a4-sales").await;
    js(&c, "document.getElementById('z-refunds').scrollIntoView(); return true").await;
    screenshot(&c, "today-02-z-report-a4-refunds").await;
    js(&c, "window.scrollTo(0, 0); return true").await;
    click(&c, "input[name=z-paper][value='80mm']").await;
    // 80 mm at CSS's 96 px to the inch.
    assert_eq!(js(&c, "return Math.round(parseFloat(getComputedStyle(document.getElementById('z-paper-view')).width))").await, 302, "80 mm wide");
    screenshot(&c, "today-03-z-report-80mm").await;
    js(&c, "document.getElementById('z-refunds').scrollIntoView(); return true").await;
    screenshot(&c, "today-03-z-report-80mm-refunds").await;
    js(&c, "window.scrollTo(0, 0); return true").await;
    // What WebKit will print: the page rule that wins (the last one) is the till roll's.
    let page = "const rules = [...document.styleSheets].flatMap(s => [...s.cssRules]).filter(r => r.type === CSSRule.PAGE_RULE && !r.selectorText); \
                const last = rules[rules.length - 1]; return last ? (last.style.getPropertyValue('size') + ' / ' + last.style.getPropertyValue('margin')).toLowerCase() : null";
    wait_for("the 80 mm page rule", SHORT, || async { Some(js(&c, page).await).filter(|v| *v == "80mm 297mm / 4mm") }).await;
    click(&c, "input[name=z-paper][value=a4]").await;
    wait_for("the A4 page rule", SHORT, || async { Some(js(&c, page).await).filter(|v| *v == "a4 / 15mm") }).await;
    click(&c, "input[name=z-paper][value='80mm']").await;
    axe::assert_clean(&c, "z-report").await;

    // Another screen opens at its top, not where the long Z report was scrolled to.
    assert_eq!(js(&c, "window.scrollTo(0, document.documentElement.scrollHeight); return window.scrollY > 200").await, true);
    click(&c, "#nav-today").await;
    wait_for("Today again", SHORT, || async { c.find(Locator::Css("#today-totals tr[data-key]")).await.ok() }).await;
    assert_eq!(js(&c, "return [window.scrollY, document.documentElement.scrollHeight > window.innerHeight + 200]").await, serde_json::json!([0, true]), "Today, a long screen, at its top");

    // A receipt, reprinted from History's paid row.
    click(&c, "#nav-history").await;
    wait_for("a Reprint receipt link", SHORT, || async { c.find(Locator::Css("#history-table a[href^='#/receipt/']")).await.ok() }).await;
    assert!(c.find(Locator::Css("#history-table tr[data-id] td.status[data-status=open] ~ td a[href^='#/receipt/']")).await.is_err(), "none on an open sale");
    // A table's time as the window's locale writes one: 9:00 AM, not 09:00 AM.
    let nine = js(&c, "return [...document.querySelectorAll('#history-table tr[data-id]')].find(tr => tr.textContent.includes('2 loaves')).querySelector('td.created').textContent.replace(/\\s/g, ' ')").await;
    assert!(nine.as_str().unwrap().ends_with(", 9:00 AM"), "{nine}");
    // Receipt is a link dressed as a button, and reads as one: not underlined.
    assert_eq!(js(&c, "return getComputedStyle(document.querySelector(\"#history-table a[href^='#/receipt/']\")).textDecorationLine").await, "none");
    // The cake sale of 11:00.
    let cake = js(&c, "return [...document.querySelectorAll('#history-table tr[data-id]')].find(tr => tr.textContent.includes('Birthday cake')).dataset.id").await;
    click(&c, &format!("#history-table a[href='#/receipt/{}']", cake.as_str().unwrap())).await;
    wait_text(&c, "#receipt-amount", "GBP 25.00", SHORT).await;
    assert_eq!(text(&c, "#receipt-shop").await.unwrap(), SHOP);
    assert_eq!(text(&c, ".receipt-for").await.unwrap(), "Birthday cake");
    assert_eq!(text(&c, ".receipt-provider").await.unwrap(), "Dojo");
    assert!(text(&c, ".receipt-ref").await.unwrap().starts_with("PDE2E"));
    assert_ne!(text(&c, ".receipt-paid").await.unwrap(), "—", "the paid time is shown");
    screenshot(&c, "today-04-receipt-80mm").await;
    axe::assert_clean(&c, "receipt").await;

    // The coffee came from the other till: paid, but refunded only there (refunds are not
    // shared between tills), and the window says so where Refund would be.
    click(&c, "#nav-history").await;
    wait_for("History's rows", SHORT, || async { c.find(Locator::Css("#history-table tr[data-id]")).await.ok() }).await;
    let coffee = js(&c, "return [...document.querySelectorAll('#history-table tr[data-id]')].find(tr => tr.textContent.includes('Coffee')).dataset.id").await;
    c.execute(&format!("location.hash = '#/link/{}'", coffee.as_str().unwrap()), vec![]).await.unwrap();
    wait_text(&c, "#link-status", "Paid ✓", SHORT).await;
    wait_text(&c, "#refund-why", "Made on another till: refund it there, where its refunds are kept.", SHORT).await;
    assert!(!c.find(Locator::Css("#refund-open")).await.unwrap().is_displayed().await.unwrap(), "no Refund for another till's sale");

    // A sale paid at the counter offers its receipt on its own screen, and only once paid.
    click(&c, "#nav-new").await;
    let tab = char::from(Key::Tab);
    let amount = c.find(Locator::Css("#amount")).await.unwrap();
    amount.send_keys(&format!("1500.50{tab}{tab}zoe@example.com{}", char::from(Key::Enter))).await.unwrap();
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    assert!(!c.find(Locator::Css("#print-receipt")).await.unwrap().is_displayed().await.unwrap(), "no receipt before payment");
    click(&c, "#simulate-paid").await;
    wait_text(&c, "#link-status", "Paid ✓", SHORT).await;
    click(&c, "#print-receipt").await;
    wait_text(&c, "#receipt-amount", "NGN 1,500.50", SHORT).await;
    assert!(text(&c, "#receipt-body .paper-mark").await.unwrap().contains("TRAINING"), "a training receipt says so");
    click(&c, "input[name=receipt-paper][value=a4]").await;
    screenshot(&c, "today-05-receipt-training-a4").await;
}
