//! The real window in French: the app started with `LANG=fr_FR.UTF-8` marks its page `lang="fr"`,
//! reads an amount typed the French way (`1 500,50`), refuses one it cannot read exactly with a
//! French message, shows the sale's screen and the refund dialog in French (a part is given
//! back), and the customer switches the customer window to English and back without touching the
//! shop's window; then History, Today, the Z report (its refund too), the receipt, Settings (where
//! a key is saved and the provider's verdict is said in French) and New sale are walked in French
//! at the window's 1100 px, and Today, the Z report, History (a partly refunded row), New sale and
//! Settings again at its narrowest, 820 px,
//! where a day is last typed into Today's day field day first, as French writes it.
//! Every step is screenshotted, checked for text cut off or overflowing (nothing exempt), and
//! audited with axe-core.

use paydesk_e2e::fantoccini::{key::Key, Client, Locator};
use paydesk_e2e::{axe, click, first_row_lines, fits_unscrolled, inner_width, left_edges, screenshot, text, wait_for, wait_text, Driver};
use paydesk_fakes::{FakePaystack, PaystackOptions};
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(15);
const KEY: &str = "sk_test_e2e0123456789FRENCHKEY";

async fn value(c: &Client, css: &str) -> Option<String> {
    c.find(Locator::Css(css)).await.ok()?.prop("value").await.ok().flatten()
}

async fn page_lang(c: &Client) -> String {
    c.execute("return document.documentElement.lang", vec![]).await.unwrap().as_str().unwrap_or_default().to_string()
}

/// Spaces as a person reads them: the narrow and plain no-break spaces of French become spaces.
fn plain(s: &str) -> String {
    s.replace(['\u{202f}', '\u{a0}'], " ")
}

/// Visible elements whose text is wider or taller than their box (cut off, or spilling out), a
/// select whose chosen words are cut, and a page wider than the window. Nothing is exempt: a table that scrolls sideways inside its box
/// shows its cells past the window's edge, and is caught too.
async fn overflowing(c: &Client) -> Vec<String> {
    let script = r#"
        const out = [];
        if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page ${document.documentElement.scrollWidth}px wide in ${window.innerWidth}px`);
        for (const el of document.querySelectorAll("button, label, h1, h2, h3, p, dt, dd, li, a, summary, th, td, .mode-badge")) {
          if (!el.offsetParent || !el.textContent.trim()) continue;
          // visually hidden on purpose (a heading for screen readers): a 1 px clipped box
          if (el.clientWidth <= 2 && el.clientHeight <= 2) continue;
          const style = getComputedStyle(el);
          const clips = style.overflowX !== "visible" || style.whiteSpace === "nowrap" || el.tagName === "BUTTON";
          if (clips && el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}#${el.id || "?"} "${el.textContent.trim().slice(0, 60)}" ${el.scrollWidth}px in ${el.clientWidth}px`);
          const r = el.getBoundingClientRect();
          if (r.right > window.innerWidth + 1) out.push(`${el.tagName.toLowerCase()}#${el.id || "?"} "${el.textContent.trim().slice(0, 60)}" ends at ${Math.round(r.right)}px`);
        }
        // a select's chosen words wider than the room its arrow leaves them (WebKitGTK draws the
        // arrow beside the right padding, about 22 px)
        const pen = document.createElement("canvas").getContext("2d");
        for (const s of document.querySelectorAll("select")) {
          const chosen = s.options[s.selectedIndex];
          if (!s.offsetParent || !chosen) continue;
          const style = getComputedStyle(s);
          pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 22;
          const wide = pen.measureText(chosen.text).width;
          if (wide > room) out.push(`select#${s.id || "?"} "${chosen.text.slice(0, 60)}" ${Math.round(wide)}px in ${Math.round(room)}px`);
        }
        for (const box of document.querySelectorAll(".table-wrap")) {
          if (box.offsetParent && box.scrollWidth > box.clientWidth + 1) out.push(`a table scrolls sideways: ${box.scrollWidth}px in ${box.clientWidth}px`);
        }
        return out;
    "#;
    let found = c.execute(script, vec![]).await.unwrap();
    found.as_array().map(|a| a.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect()).unwrap_or_default()
}

/// Screenshot, no serious axe finding, and what overflows noted in `found` (the walk goes on, so
/// one run lists every screen's faults).
async fn look(c: &Client, name: &str, found: &mut Vec<String>) {
    screenshot(c, name).await;
    let over = overflowing(c).await;
    if !over.is_empty() {
        found.push(format!("{name}: text cut off or overflowing:\n  {}", over.join("\n  ")));
    }
    axe::assert_clean(c, name).await;
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and a Secret Service: run through make test"]
async fn a_sale_and_the_customer_window_in_french() {
    let fake = FakePaystack::start_with(PaystackOptions::new(KEY)).await.unwrap();
    let url = fake.url();
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap().to_string();
    let driver = Driver::start(&[
        ("PAYDESK_DATA_DIR", &data_dir),
        ("PAYDESK_PAYSTACK_BASE_URL", &url),
        ("LANG", "fr_FR.UTF-8"),
        ("LC_ALL", ""),
        ("LC_MESSAGES", ""),
    ]);
    let c = driver.session().await;
    let mut found = vec![];

    // The window follows the computer's language.
    wait_for("the page to be in French", SHORT, || async { (page_lang(&c).await == "fr").then_some(()) }).await;
    wait_for("Training to be picked", SHORT, || async { value(&c, "#provider").await.filter(|v| v == "training") }).await;
    let shortcuts = wait_text(&c, "#shortcuts-line", "Clavier", SHORT).await;
    assert!(shortcuts.contains("nouvelle vente"), "{shortcuts}");
    screenshot(&c, "fr-00-first-screen").await;
    fits_unscrolled(&c, "the first screen in French").await;

    // An amount a French keyboard types, not readable exactly: refused in French, nothing made.
    // As it is typed the hint says what is wrong, with no number to take for a correction (an
    // example such as 1 500,50 read as ten times 150,50); once Create refused it, only the refusal.
    let tab = char::from(Key::Tab);
    let enter = char::from(Key::Enter);
    let amount = c.find(Locator::Css("#amount")).await.unwrap();
    amount.send_keys("1 50,50").await.unwrap();
    let hint = wait_text(&c, "#amount-preview", "mal placée", SHORT).await;
    assert!(!hint.chars().any(|ch| ch.is_ascii_digit()), "{hint}");
    amount.send_keys(&format!("{tab}{tab}ada@example.com{enter}")).await.unwrap();
    let said = wait_text(&c, "#amount-error", "une espace mal placée", SHORT).await;
    assert!(plain(&said).contains("groupez les milliers par trois"), "{said}");
    assert!(!plain(&said).contains("comme dans"), "the refusal gives no number to copy either: {said}");
    assert_eq!(text(&c, "#amount-preview").await.as_deref(), Some(""), "the refusal is not said twice");
    screenshot(&c, "fr-01-amount-refused").await;

    // An address the core refuses: its error, raised in the core, reads French beside the field.
    let amount = c.find(Locator::Css("#amount")).await.unwrap();
    amount.clear().await.unwrap();
    amount.send_keys("1 500,50").await.unwrap();
    let email = c.find(Locator::Css("#email")).await.unwrap();
    email.clear().await.unwrap();
    email.send_keys(&format!("ada@exemple{enter}")).await.unwrap();
    let said = wait_text(&c, "#email-error", "n’a pas de domaine complet", SHORT).await;
    assert!(plain(&said).contains("« ada@exemple »") && said.contains("comme nom@exemple.com"), "{said}");
    let email = c.find(Locator::Css("#email")).await.unwrap();
    email.clear().await.unwrap();
    email.send_keys("ada@example.com").await.unwrap();

    // The same amount typed right: 1 500,50 is 150050 minor units, shown the French way.
    let amount = c.find(Locator::Css("#amount")).await.unwrap();
    amount.clear().await.unwrap();
    amount.send_keys(&format!("1 500,50{enter}")).await.unwrap();
    let shown = wait_for("the sale's amount", SHORT, || async { text(&c, "#link-amount").await.filter(|t| !t.trim().is_empty()) }).await;
    assert!(plain(&shown).contains("1 500,50"), "{shown:?}");
    wait_text(&c, "#link-for", "demandé à ada@example.com", SHORT).await;
    let details = c.execute("return document.getElementById('link-details').textContent", vec![]).await.unwrap();
    assert!(details.as_str().unwrap_or_default().contains("Référence"), "{details}");
    // The practice provider is named in French too; a real provider keeps its own name.
    assert_eq!(text(&c, "#link-provider").await.as_deref(), Some("Formation"));
    // The header says what the badge means, whole, not the badge's word again.
    let header = c
        .execute("const m = document.getElementById('header-mode'); const words = m.querySelector('.header-mode-text'); \
                  return [...m.children].map(e => e.textContent).concat(words.scrollWidth <= words.clientWidth && words.scrollHeight <= words.clientHeight + 1 ? 'whole' : 'cut')", vec![])
        .await
        .unwrap();
    assert_eq!(header, serde_json::json!(["FORMATION", "entraînement — aucun argent ne circule", "whole"]));
    look(&c, "fr-02-sale", &mut found).await;

    // The customer window starts in the shop's language…
    let main = c.window().await.unwrap();
    click(&c, "#show-customer").await;
    let customer = wait_for("the customer window", SHORT, || async { c.windows().await.ok()?.into_iter().find(|w| *w != main) }).await;
    c.switch_to_window(customer.clone()).await.unwrap();
    wait_text(&c, "#customer-scan", "Scannez avec l’appareil photo", SHORT).await;
    assert_eq!(page_lang(&c).await, "fr");
    assert_eq!(text(&c, "#customer-amount-label").await.as_deref(), Some("Montant à payer"));
    assert!(plain(&text(&c, "#customer-amount").await.unwrap()).contains("1 500,50"));
    wait_text(&c, "#customer-status", "En attente de paiement", SHORT).await;
    look(&c, "fr-03-customer-fr", &mut found).await;

    // …and the customer switches it to English, for this window only.
    click(&c, "#customer-language button[data-lang='en']").await;
    wait_text(&c, "#customer-scan", "Scan with your phone camera to pay", SHORT).await;
    assert_eq!(page_lang(&c).await, "en");
    wait_text(&c, "#customer-status", "Waiting for payment", SHORT).await;
    assert!(text(&c, "#customer-amount").await.unwrap().contains("1,500.50"));
    let pressed = c.execute("return document.querySelector(\"#customer-language [data-lang='en']\").getAttribute('aria-pressed')", vec![]).await.unwrap();
    assert_eq!(pressed.as_str(), Some("true"));
    look(&c, "fr-04-customer-switched-to-en", &mut found).await;

    c.switch_to_window(main.clone()).await.unwrap();
    assert_eq!(page_lang(&c).await, "fr", "the shop's window keeps its language");

    // Back in French on the customer window; the sale is paid and both windows say so.
    c.switch_to_window(customer.clone()).await.unwrap();
    click(&c, "#customer-language button[data-lang='fr']").await;
    wait_text(&c, "#customer-scan", "Scannez", SHORT).await;
    c.switch_to_window(main.clone()).await.unwrap();
    click(&c, "#simulate-paid").await;
    wait_for("the refund button", SHORT, || async { text(&c, "#refund-open").await.filter(|t| t.contains("Rembourser")) }).await;
    c.switch_to_window(customer.clone()).await.unwrap();
    wait_text(&c, "#customer-stamp", "Merci", SHORT).await;
    assert_eq!(text(&c, "#customer-amount-label").await.as_deref(), Some("Montant payé"));
    look(&c, "fr-05-customer-paid", &mut found).await;

    // The refund dialog, in French, with the amount written the French way.
    c.switch_to_window(main.clone()).await.unwrap();
    click(&c, "#refund-open").await;
    let title = wait_text(&c, "#refund-title", "Rembourser un paiement de", SHORT).await;
    assert_eq!(plain(&title), "Rembourser un paiement de NGN 1 500,50");
    assert_eq!(value(&c, "#refund-amount").await.map(|v| plain(&v)).as_deref(), Some("1 500,50"));
    // A practice refund is not called irreversible in the same breath as "no money moves".
    let confirm = wait_text(&c, "#refund-confirm", "Entraînement", SHORT).await;
    assert!(plain(&confirm).contains("rendre NGN 1 500,50") && !confirm.contains("irréversible"), "{confirm}");
    assert!(plain(&text(&c, "#refund-amount-hint").await.unwrap_or_default()).starts_with("Encore remboursable : NGN 1 500,50"));
    look(&c, "fr-06-refund-dialog", &mut found).await;

    // A part given back, typed the French way; the rest of the window, walked in French.
    let amount = c.find(Locator::Css("#refund-amount")).await.unwrap();
    amount.clear().await.unwrap();
    amount.send_keys("500,25").await.unwrap();
    c.find(Locator::Css("#refund-reason")).await.unwrap().send_keys("Pain brûlé").await.unwrap();
    click(&c, "#refund-send").await;
    wait_text(&c, "#link-status", "Remboursé en partie", SHORT).await;
    let summary = wait_text(&c, "#refund-summary", "Remboursé", SHORT).await;
    assert_eq!(plain(&summary), "Remboursé NGN 500,25 sur NGN 1 500,50 · reste NGN 1 000,25 à rembourser");

    click(&c, "#nav-history").await;
    wait_text(&c, "#history-title", "Historique", SHORT).await;
    let count = wait_text(&c, "#history-count", "sur 1", SHORT).await;
    assert!(count.contains("lien"), "{count}");
    let row = text(&c, "#history-table tr[data-id]").await.unwrap();
    assert!(plain(&row).contains("1 500,50") && row.contains("Remboursé en partie"), "{row}");
    // A paid row's three buttons (Vérifier, Reçu, +) fit beside it: no sideways scrolling.
    look(&c, "fr-07-history", &mut found).await;

    click(&c, "#nav-today").await;
    wait_text(&c, "#today-title", "Aujourd’hui", SHORT).await;
    wait_text(&c, "#today-chart-title", "30 derniers jours", SHORT).await;
    let totals = wait_for("today's totals", SHORT, || async { text(&c, "#today-totals").await.filter(|t| t.contains("1 500,50") || plain(t).contains("1 500,50")) }).await;
    assert!(totals.contains("FORMATION"), "training is marked apart: {totals}");
    // The heads may break at soft hyphens for the eye; a screen reader hears the plain words.
    let heard = c.execute("return [...document.querySelectorAll('#today-totals thead th')].map(th => th.querySelector('.visually-hidden').textContent)", vec![]).await.unwrap();
    assert_eq!(heard[8], "Remboursées", "{heard}");
    assert_eq!(heard[9], "Total remboursé", "{heard}");
    look(&c, "fr-08-today", &mut found).await;

    click(&c, "#today-print-z").await;
    let z = wait_text(&c, "#z-day", "Rapport Z", SHORT).await;
    assert!(!z.contains("Z report"), "{z}");
    // A till nobody named is a "caisse" too, not an English "Till".
    let tills = wait_text(&c, "#z-tills", "Caisse", SHORT).await;
    assert!(!tills.contains("Till"), "{tills}");
    // On A4 every column head keeps its words whole: no more lines than words.
    let broken = "return [...document.querySelectorAll('#z-totals thead th span[aria-hidden]')] \
                  .filter(s => s.getClientRects().length > s.textContent.replace(/\\u00ad/g, '').trim().split(/\\s+/).length).map(s => s.textContent)";
    assert_eq!(c.execute(broken, vec![]).await.unwrap(), serde_json::json!([]), "a head broken at a soft hyphen on A4");
    // The refund under the paid sales, in French: the part given back, of what.
    let refund = text(&c, "#z-refunds tbody tr").await.unwrap_or_default();
    assert!(plain(&refund).contains("Pain brûlé") && plain(&refund).contains("NGN 500,25") && plain(&refund).contains("sur NGN 1 500,50"), "{refund}");
    assert!(text(&c, "#z-refunds h3").await.unwrap_or_default().starts_with("FORMATION Remboursements de formation"));
    look(&c, "fr-09-z-report", &mut found).await;

    c.execute("location.hash = '#/receipt/1'", vec![]).await.unwrap();
    let paid = wait_for("the receipt's amount", SHORT, || async { text(&c, "#receipt-amount").await.filter(|t| !t.is_empty()) }).await;
    assert!(plain(&paid).contains("1 500,50"), "{paid}");
    let given = text(&c, "#receipt-body .receipt-refund").await.unwrap_or_default();
    assert!(plain(&given).contains("Rendu") && plain(&given).contains("NGN 500,25") && given.contains("Pain brûlé"), "{given}");
    look(&c, "fr-10-receipt", &mut found).await;

    click(&c, "#nav-settings").await;
    wait_text(&c, "#settings-title", "Réglages", SHORT).await;
    wait_text(&c, "#keys-title", "Clés d’API", SHORT).await;
    let hub = wait_text(&c, "#hub-state", "Cette caisse", SHORT).await;
    assert!(plain(&hub).contains("Cette caisse : Caisse "), "{hub}");
    look(&c, "fr-11-settings", &mut found).await;
    // A key saved is checked against (fake) Paystack, and what Paystack said is said in French.
    c.find(Locator::Css("#key-paystack-test")).await.unwrap().send_keys(KEY).await.unwrap();
    click(&c, "#save-key-paystack-test").await;
    let said = wait_text(&c, "#key-msg-paystack-test", "Paystack a accepté la clé de test", SHORT).await;
    assert!(!said.contains("accepted"), "{said}");
    look(&c, "fr-11b-settings-key-checked", &mut found).await;

    click(&c, "#nav-new").await;
    wait_text(&c, "#new-title", "Nouvelle vente", SHORT).await;
    look(&c, "fr-12-new-sale", &mut found).await;

    // The window at its narrowest (tauri.conf.json's minWidth): the screens with the most to fit.
    c.set_window_size(820, 760).await.unwrap();
    wait_for("the window at 820 px", SHORT, || async { (inner_width(&c).await == 820).then_some(()) }).await;
    click(&c, "#nav-today").await;
    wait_for("today's totals", SHORT, || async { c.find(Locator::Css("#today-totals tr[data-key]")).await.ok() }).await;
    look(&c, "fr-13-today-820", &mut found).await;
    click(&c, "#today-print-z").await;
    wait_for("the Z report's totals", SHORT, || async { c.find(Locator::Css("#z-totals tr[data-key]")).await.ok() }).await;
    look(&c, "fr-13b-z-report-820", &mut found).await;
    click(&c, "#nav-history").await;
    wait_for("the partly refunded row", SHORT, || async { text(&c, "#history-table tr[data-id]").await.filter(|r| r.contains("Remboursé en partie")) }).await;
    look(&c, "fr-14-history-820", &mut found).await;
    // Read at a glance even here: the amount on one line (not the currency over the figure), and
    // the paid row's Vérifier, Reçu and + side by side.
    let lines = first_row_lines(&c).await;
    assert_eq!(plain(lines[0].as_str().unwrap_or_default()), "NGN 1 500,50", "{lines}");
    assert_eq!((&lines[1], &lines[2], &lines[3]), (&1.into(), &1.into(), &3.into()), "amount and actions on one line each at 820 px: {lines}");
    let lefts = left_edges(&c, &["#history-title", "#shortcuts-line"]).await;
    assert_eq!(lefts[0], lefts[1], "the keyboard line starts where the screen does at 820 px: {lefts}");
    click(&c, "#nav-new").await;
    wait_text(&c, "#new-title", "Nouvelle vente", SHORT).await;
    look(&c, "fr-15-new-sale-820", &mut found).await;
    click(&c, "#nav-settings").await;
    wait_text(&c, "#keys-title", "Clés d’API", SHORT).await;
    let hub = wait_text(&c, "#hub-state", "Cette caisse", SHORT).await;
    assert!(plain(&hub).contains("Cette caisse : Caisse "), "{hub}");
    look(&c, "fr-16-settings-820", &mut found).await;

    // Today's day field reads day first, as French does, whatever locales this computer's C
    // library has (CI's has no French one, and WebKit left alone would draw the field month
    // first): typed 25, 12, 2026, it is Christmas Day, shown once the typing rests, without
    // leaving the field.
    click(&c, "#nav-today").await;
    wait_for("today's totals", SHORT, || async { c.find(Locator::Css("#today-totals tr[data-key]")).await.ok() }).await;
    let tab = char::from(Key::Tab);
    c.find(Locator::Css("#today-date")).await.unwrap().send_keys(&format!("25{tab}12{tab}2026")).await.unwrap();
    wait_text(&c, "#today-day", "vendredi 25 décembre 2026", SHORT).await;
    assert_eq!(value(&c, "#today-date").await.as_deref(), Some("2026-12-25"));
    let focused = c.execute("return document.activeElement.id", vec![]).await.unwrap();
    assert_eq!(focused, "today-date", "the day is shown while the field keeps the focus");
    // The title names the day against the shop's today (this test runs on any date).
    let christmas = chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
    let title = match (christmas - chrono::Local::now().date_naive()).num_days() {
        0 => "Aujourd’hui",
        -1 => "Hier",
        _ => "Un autre jour",
    };
    wait_text(&c, "#today-title", title, SHORT).await;
    if title != "Aujourd’hui" {
        assert_eq!(text(&c, "#today-now").await.unwrap(), "Revenir à aujourd’hui");
    }
    look(&c, "fr-17-today-christmas-820", &mut found).await;

    assert!(found.is_empty(), "{}", found.join("\n"));
}
