//! A key saved from the command line while the app is open: the counter owner types
//! `paydesk key set dojo` in a terminal, comes back to the window, and Dojo is offered and sells,
//! without restarting the app (README "Where things live": the keyring epoch).

use paydesk_e2e::fantoccini::{key::Key, Client, Locator};
use paydesk_e2e::{click, keyring_service, screenshot, text, wait_for, wait_text, workspace_root, Driver};
use paydesk_fakes::{DojoOptions, FakeDojo};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(20);
const DOJO_KEY: &str = "sk_sandbox_e2eCLI0123456789";

/// `paydesk key set dojo --mode test` on the app's history and keyring, the key on stdin.
fn cli_key_set(data_dir: &str) {
    let bin = workspace_root().join("target/debug/paydesk");
    let mut child = Command::new(&bin)
        .args(["key", "set", "dojo", "--mode", "test"])
        .env("PAYDESK_DATA_DIR", data_dir)
        .env("PAYDESK_KEYRING_SERVICE", keyring_service())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e} (cargo build makes it)", bin.display()));
    child.stdin.take().unwrap().write_all(DOJO_KEY.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "paydesk key set: {}", String::from_utf8_lossy(&out.stderr));
}

/** `paydesk ARGS` on the app's history and keyring: its stdout. */
fn cli(data_dir: &str, args: &[&str]) -> String {
    let out = Command::new(workspace_root().join("target/debug/paydesk"))
        .args(args)
        .env("PAYDESK_DATA_DIR", data_dir)
        .env("PAYDESK_KEYRING_SERVICE", keyring_service())
        .output()
        .unwrap();
    assert!(out.status.success(), "paydesk {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

async fn dojo_offered(c: &Client) -> bool {
    c.find(Locator::Css("#provider option[value=dojo]:not([disabled])")).await.is_ok()
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and a Secret Service: run through make test"]
async fn a_key_saved_from_the_cli_is_offered_when_the_window_is_come_back_to() {
    let dojo = FakeDojo::start_with(DojoOptions::new(DOJO_KEY)).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap().to_string();
    let dojo_url = dojo.url();
    let driver = Driver::start(&[("PAYDESK_DATA_DIR", &data_dir), ("PAYDESK_DOJO_BASE_URL", &dojo_url)]);
    let c = driver.session().await;
    wait_for("the new-link form", SHORT, || async { text(&c, "#new-link-form").await }).await;
    wait_for("the providers", SHORT, || async { c.find(Locator::Css("#provider option[value=dojo]")).await.ok() }).await;
    assert!(!dojo_offered(&c).await, "no Dojo key yet: Dojo is not offered");

    cli_key_set(&data_dir);
    // The owner comes back to the window from the terminal (the event a window manager sends).
    c.execute("window.dispatchEvent(new Event('focus'))", vec![]).await.unwrap();
    wait_for("Dojo to be offered", SHORT, || async { dojo_offered(&c).await.then_some(()) }).await;
    screenshot(&c, "k1-dojo-offered-after-cli").await;

    click(&c, "#provider option[value=dojo]").await;
    click(&c, "#currency option[value=GBP]").await;
    c.find(Locator::Css("#amount")).await.unwrap().send_keys("8.40").await.unwrap();
    let email = c.find(Locator::Css("#email")).await.unwrap();
    email.send_keys(&format!("kim@example.co.uk{}", char::from(Key::Enter))).await.unwrap();
    wait_text(&c, "#link-status", "Waiting for payment", SHORT).await;
    let intent = dojo.intents().into_iter().next().expect("Dojo holds the intent, made with the CLI's key");
    assert_eq!((intent.amount, intent.currency.as_str()), (840, "GBP"));
    screenshot(&c, "k2-dojo-link-with-cli-key").await;

    // Settings offers to delete that key, and only where there is a key to delete.
    click(&c, "#nav-settings").await;
    wait_text(&c, "#key-status-dojo-test", "Configured", SHORT).await;
    let deletable = "return [...document.querySelectorAll('[id^=delete-key-]')].filter(b => b.offsetParent).map(b => b.id)";
    assert_eq!(c.execute(deletable, vec![]).await.unwrap(), serde_json::json!(["delete-key-dojo-test"]), "no Delete beside a key that is not there");
    click(&c, "#delete-key-dojo-test").await;
    wait_text(&c, "#delete-key-dojo-test", "Click again to delete", SHORT).await;
    click(&c, "#delete-key-dojo-test").await;
    wait_text(&c, "#key-msg-dojo-test", "Key deleted from the keyring.", SHORT).await;
    assert_eq!(text(&c, "#key-status-dojo-test").await.unwrap(), "Not configured");
    assert_eq!(c.execute(deletable, vec![]).await.unwrap(), serde_json::json!([]));
    assert_eq!(c.execute("return document.activeElement.id", vec![]).await.unwrap(), "key-dojo-test", "the focus waits where a new key goes");
    screenshot(&c, "k3-dojo-key-deleted").await;
    // The keyring no longer holds it: the CLI, another process, finds none.
    let listed = cli(&data_dir, &["key", "list"]);
    let dojo_test = listed.lines().find(|l| l.starts_with("dojo") && l.contains(" test ")).unwrap_or_default();
    assert!(dojo_test.ends_with("not configured"), "{listed}");
    click(&c, "#nav-new").await;
    wait_for("Dojo no longer offered", SHORT, || async { (!dojo_offered(&c).await).then_some(()) }).await;
    c.close().await.unwrap();
}
