//! "Open in browser" hands the link to the person's browser, which starts in the person's own
//! environment: nothing of how the app chose to start its own window follows it. (The app keeps
//! the GPU probes of WebKit and GDK out of its start with `WEBKIT_DISABLE_DMABUF_RENDERER`,
//! `WEBKIT_WEB_RENDER_DEVICE_FILE` and `GDK_GL`, and runs its page's scripts without
//! JavaScriptCore's compilers with `JSC_useBaselineJIT`, all set only while the main window is
//! made: src-tauri/src/start_env.rs.) The browser is a stand-in `xdg-open` first on the app's
//! PATH, which writes down the address and environment it got.

use paydesk_e2e::fantoccini::{key::Key, Locator};
use paydesk_e2e::{click, procs, screenshot, text, wait_for, wait_text, Driver};
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(20);
const START_ONLY: [&str; 4] =
    ["WEBKIT_DISABLE_DMABUF_RENDERER", "WEBKIT_WEB_RENDER_DEVICE_FILE", "GDK_GL", "JSC_useBaselineJIT"];

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and a Secret Service: run through make test"]
async fn the_browser_a_link_opens_in_inherits_none_of_the_apps_start_settings() {
    let data = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened");
    let script = format!(
        "#!/bin/sh\n# A stand-in browser: writes down what it was given, whole or not at all.\n\
         {{ printf 'url=%s\\n' \"$1\"; env; }} > '{o}.part' && mv '{o}.part' '{o}'\n",
        o = opened.display()
    );
    let xdg_open = bin.path().join("xdg-open");
    std::fs::write(&xdg_open, script).unwrap();
    std::fs::set_permissions(&xdg_open, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    for name in START_ONLY {
        assert!(std::env::var_os(name).is_none(), "the test itself runs without {name}");
    }
    let driver = Driver::start(&[("PAYDESK_DATA_DIR", data.path().to_str().unwrap()), ("PATH", &path)]);
    let c = driver.session().await;

    // A fresh install sells in training: no account, no network.
    wait_text(&c, "#training-banner", "Training mode", SHORT).await;
    let amount = c.find(Locator::Css("#amount")).await.unwrap();
    amount.send_keys("2500").await.unwrap();
    let email = c.find(Locator::Css("#email")).await.unwrap();
    email.send_keys(&format!("ada@example.com{}", char::from(Key::Enter))).await.unwrap();
    let url = wait_text(&c, "#link-url", "https://", SHORT).await;

    click(&c, "#open-link").await;
    wait_text(&c, "#link-note", "Opened in your browser.", SHORT).await;
    let got = wait_for("the browser to be started", SHORT, || async { std::fs::read_to_string(&opened).ok() }).await;
    screenshot(&c, "browser-opened").await;
    let env: Vec<&str> = got.lines().collect();
    assert_eq!(env.first().copied(), Some(format!("url={}", url.trim()).as_str()), "the browser got the sale's link");
    assert!(env.iter().any(|l| l.starts_with("PAYDESK_DATA_DIR=")), "the browser got the app's environment: {got}");
    for name in START_ONLY {
        assert!(
            !env.iter().any(|l| l.starts_with(&format!("{name}="))),
            "the app's start setting ({name}) stayed with the app: {got}"
        );
    }
    // The setting meant for the page did reach it: WebKit's web process for the main window (the
    // only window open) started while it was set.
    let data_dir = format!("PAYDESK_DATA_DIR={}", data.path().display());
    let pages: Vec<u32> = procs::marked("PAYDESK_DATA_DIR", data.path().to_str().unwrap())
        .into_iter()
        .filter(|pid| procs::program(*pid).as_deref() == Some("WebKitWebProcess"))
        .collect();
    assert!(!pages.is_empty(), "no WebKit web process runs with {data_dir}");
    for pid in pages {
        let env = procs::environ(pid);
        assert!(env.iter().any(|l| l == "JSC_useBaselineJIT=0"), "the page's web process {pid} runs every JavaScriptCore tier: {env:?}");
    }
    assert!(text(&c, "#new-link-form").await.is_some(), "the window is still there");
}
