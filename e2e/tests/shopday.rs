//! The shop's day in the real window: a quick amount added in Settings fills the New sale form
//! (and creates nothing), "New sale like this" from the sale screen and from History fills it
//! from an earlier sale (and creates nothing), Back up now writes a backup, and Restore… stages
//! it; the next start puts it in place and Settings says where the old history was kept.
//!
//! The OS file dialogs are not part of the page, so the test answers them the way they answer
//! the page: it replaces the dialog plugin's `save` / `open` with ones that return a path.

use paydesk_e2e::axe;
use paydesk_e2e::fantoccini::{key::Key, Client, Locator};
use paydesk_e2e::{click, screenshot, text, wait_for, wait_text, Driver};
use serde_json::json;
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(15);

async fn type_into(c: &Client, css: &str, keys: &str) {
    let input = c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    input.clear().await.unwrap();
    input.send_keys(keys).await.unwrap();
}

async fn value(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).prop("value").await.unwrap().unwrap_or_default()
}

async fn pick(c: &Client, id: &str, v: &str) {
    let script = "const s = document.getElementById(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true })); return s.value;";
    let got = c.execute(script, vec![json!(id), json!(v)]).await.unwrap();
    assert_eq!(got.as_str(), Some(v), "{id} offers {v}");
}

async fn focused(c: &Client) -> String {
    c.execute("return document.activeElement.id", vec![]).await.unwrap().as_str().unwrap_or_default().to_string()
}

/// How many sales the history holds, asked of the app itself.
async fn sales(c: &Client) -> u64 {
    let script = "const done = arguments[arguments.length - 1]; window.__TAURI__.core.invoke('list_sales', { query: {} }).then((p) => done(p.links.length), (e) => done(-1));";
    c.execute_async(script, vec![]).await.unwrap().as_u64().expect("list_sales answers")
}

/// The form as it is now: amount, currency, provider, description, email.
async fn form(c: &Client) -> [String; 5] {
    [value(c, "#amount").await, value(c, "#currency").await, value(c, "#provider").await, value(c, "#description").await, value(c, "#email").await]
}

/// Makes the next save or open dialog answer `path`.
async fn answer_dialog(c: &Client, which: &str, path: &str) {
    let script = "window.__TAURI__.dialog[arguments[0]] = async () => arguments[1]; return true;";
    c.execute(script, vec![json!(which), json!(path)]).await.unwrap();
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and a Secret Service: run through make test"]
async fn quick_amounts_sale_like_this_and_backup_then_restore() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap().to_string();
    let driver = Driver::start(&[("PAYDESK_DATA_DIR", &data_dir)]);
    let c = driver.session().await;
    wait_text(&c, "#training-banner", "Training mode", SHORT).await;

    // Settings → Quick amounts: a bad amount is refused beside its field, then one is added.
    click(&c, "#nav-settings").await;
    wait_text(&c, "#presets-list", "No quick amounts yet", SHORT).await;
    type_into(&c, "#preset-name", "Coffee").await;
    pick(&c, "preset-provider", "training").await;
    pick(&c, "preset-currency", "USD").await;
    type_into(&c, "#preset-amount", "2.505").await;
    // Read back as the New sale form reads an amount, before anything is saved.
    wait_text(&c, "#preset-amount-preview", "USD has 2 decimals at most.", SHORT).await;
    // The currency sits beside the amount it decides, on the same line.
    let beside = "const a = document.getElementById('preset-amount').getBoundingClientRect(), c = document.getElementById('preset-currency').getBoundingClientRect(); \
                  return c.left >= a.right && c.top < a.bottom && c.bottom > a.top";
    assert_eq!(c.execute(beside, vec![]).await.unwrap(), true, "the currency beside the amount");
    type_into(&c, "#preset-description", "Flat white").await;
    click(&c, "#preset-save").await;
    wait_for("the amount to be refused", SHORT, || async { text(&c, "#preset-amount-error").await.filter(|t| !t.is_empty()) }).await;
    type_into(&c, "#preset-amount", "2.50").await;
    wait_text(&c, "#preset-amount-preview", "The button fills in USD 2.50.", SHORT).await;
    screenshot(&c, "shopday-01-settings-preset-typed").await;
    click(&c, "#preset-save").await;
    let listed = wait_text(&c, "#presets-list", "Coffee", SHORT).await;
    assert!(listed.contains("USD 2.50") && listed.contains("Flat white"), "{listed}");
    screenshot(&c, "shopday-01-settings-presets").await;
    axe::assert_clean(&c, "settings-presets-backups").await;

    // New sale: the button fills the form and sends nothing; focus waits on the e-mail.
    click(&c, "#nav-new").await;
    wait_for("the quick amount button", SHORT, || async { c.find(Locator::Css("#quick-amounts button")).await.ok() }).await;
    click(&c, "#quick-amounts button").await;
    wait_for("the form to be filled", SHORT, || async { (value(&c, "#amount").await == "2.50").then_some(()) }).await;
    assert_eq!(form(&c).await, ["2.50", "USD", "training", "Flat white", ""].map(String::from));
    assert_eq!(focused(&c).await, "email");
    assert_eq!(sales(&c).await, 0, "a quick amount never creates a sale");
    assert!(c.execute("return location.hash", vec![]).await.unwrap().as_str().unwrap().contains("new"));
    screenshot(&c, "shopday-02-new-sale-filled").await;

    // The person creates it; "New sale like this" on its screen fills the form again.
    c.find(Locator::Css("#email")).await.unwrap().send_keys(&format!("ada@example.com{}", char::from(Key::Enter))).await.unwrap();
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    assert_eq!(sales(&c).await, 1);
    click(&c, "#like-this").await;
    wait_for("the form like the sale", SHORT, || async { (value(&c, "#email").await == "ada@example.com").then_some(()) }).await;
    assert_eq!(form(&c).await, ["2.50", "USD", "training", "Flat white", "ada@example.com"].map(String::from));
    assert_eq!(focused(&c).await, "create", "focus on Create, nothing sent");
    assert_eq!(sales(&c).await, 1);

    // From History too.
    click(&c, "#nav-new").await; // a blank form first, so the fill is seen to come from the row
    wait_for("a blank form", SHORT, || async { value(&c, "#email").await.is_empty().then_some(()) }).await;
    click(&c, "#nav-history").await;
    wait_for("the sale's row", SHORT, || async { c.find(Locator::Css("tr[data-id] .like-this")).await.ok() }).await;
    screenshot(&c, "shopday-03-history-like-this").await;
    axe::assert_clean(&c, "history-like-this").await;
    click(&c, "tr[data-id] .like-this").await;
    wait_for("the form like the row", SHORT, || async { (value(&c, "#email").await == "ada@example.com").then_some(()) }).await;
    assert_eq!(form(&c).await, ["2.50", "USD", "training", "Flat white", "ada@example.com"].map(String::from));
    assert_eq!(focused(&c).await, "create");
    assert_eq!(sales(&c).await, 1, "New sale like this never creates");
    screenshot(&c, "shopday-04-like-this-filled").await;

    // Back up now: the file and its size are reported.
    let backup = data.path().join("monday-backup.sqlite3");
    click(&c, "#nav-settings").await;
    wait_for("the backups card", SHORT, || async { c.find(Locator::Css("#backup-now")).await.ok() }).await;
    answer_dialog(&c, "save", backup.to_str().unwrap()).await;
    click(&c, "#backup-now").await;
    let said = wait_text(&c, "#backup-msg", "Backed up to", SHORT).await;
    assert!(said.contains("monday-backup.sqlite3") && (said.contains("kB") || said.contains("MB")), "{said}");
    assert!(backup.is_file());
    let daily = wait_for("the daily backup listed", SHORT, || async { text(&c, "#daily-list").await.filter(|t| t.contains("kB") || t.contains("MB")) }).await;
    assert!(!daily.contains("None yet"), "{daily}");
    assert!(text(&c, "#daily-keep").await.unwrap().contains("14 days"));

    // A second sale after the backup: the restore must take the history back to one.
    click(&c, "#nav-new").await;
    wait_for("the quick amount button", SHORT, || async { c.find(Locator::Css("#quick-amounts button")).await.ok() }).await;
    click(&c, "#quick-amounts button").await;
    wait_for("the form to be filled", SHORT, || async { (value(&c, "#amount").await == "2.50").then_some(()) }).await;
    c.find(Locator::Css("#email")).await.unwrap().send_keys(&format!("bo@example.com{}", char::from(Key::Enter))).await.unwrap();
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    assert_eq!(sales(&c).await, 2);

    // Restore…: checked and staged; the window says to restart, and goes on with today's history.
    click(&c, "#nav-settings").await;
    wait_for("the backups card", SHORT, || async { c.find(Locator::Css("#restore-backup")).await.ok() }).await;
    answer_dialog(&c, "open", backup.to_str().unwrap()).await;
    click(&c, "#restore-backup").await;
    let checked = wait_text(&c, "#backup-msg", "is a sound paydesk backup ✓", SHORT).await;
    assert_eq!(checked, format!("{} is a sound paydesk backup ✓", backup.file_name().unwrap().to_string_lossy()), "the file by its name, the next step said once, below");
    let waiting = wait_text(&c, "#restore-state", "A restore is waiting: close paydesk and open it again", SHORT).await;
    assert!(waiting.contains("kept aside, never overwritten"), "{waiting}");
    assert_eq!(sales(&c).await, 2, "nothing replaced under the open window");
    c.execute("document.getElementById('backups-card').scrollIntoView()", vec![]).await.unwrap();
    screenshot(&c, "shopday-05-restore-staged").await;
    axe::assert_clean(&c, "settings-restore-staged").await;

    // Changed minds: Cancel the restore takes the staged copy away, and the focus goes to
    // Restore…, to pick another file. Then staged again, for the next start.
    let pending = data.path().join("paydesk.sqlite3.restore-pending");
    assert!(pending.is_file(), "the staged copy waits in the data folder");
    click(&c, "#restore-cancel").await;
    wait_text(&c, "#backup-msg", "Restore cancelled: the history stays as it is.", SHORT).await;
    assert!(!pending.exists(), "nothing left for the next start to apply");
    let after = c
        .execute("return [document.getElementById('restore-state').textContent, document.getElementById('restore-cancel').hidden, document.activeElement.id]", vec![])
        .await
        .unwrap();
    assert_eq!(after, json!(["", true, "restore-backup"]));
    screenshot(&c, "shopday-05b-restore-cancelled").await;
    click(&c, "#restore-backup").await;
    wait_text(&c, "#restore-state", "A restore is waiting", SHORT).await;
    assert!(pending.is_file() && c.find(Locator::Css("#restore-cancel")).await.unwrap().is_displayed().await.unwrap());

    // The next start puts the backup in place and keeps the old history aside.
    c.close().await.unwrap();
    let c = driver.session().await;
    click(&c, "#nav-settings").await;
    let state = wait_text(&c, "#restore-state", "A backup was restored when paydesk started", SHORT).await;
    assert!(state.contains("before-restore-"), "{state}");
    assert_eq!(sales(&c).await, 1, "the history is the backup's");
    let aside: Vec<_> = std::fs::read_dir(data.path()).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().contains("before-restore-")).collect();
    assert_eq!(aside.len(), 1, "the replaced history is kept");
    c.execute("document.getElementById('backups-card').scrollIntoView()", vec![]).await.unwrap();
    screenshot(&c, "shopday-06-restored").await;
    c.close().await.unwrap();
}
