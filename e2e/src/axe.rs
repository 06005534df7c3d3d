//! The accessibility audit of the real window: axe-core, read from `tools/node_modules` (where
//! `scripts/deps.sh` installs it) and injected through WebDriver into the page under test. It is
//! never part of `ui/`: the app ships no test code and its CSP stays as strict as it is.

use crate::{screenshot, settle, workspace_root};
use fantoccini::Client;
use serde_json::Value;
use std::sync::OnceLock;

fn axe_source() -> &'static str {
    static SRC: OnceLock<String> = OnceLock::new();
    SRC.get_or_init(|| {
        let path = workspace_root().join("tools/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (scripts/deps.sh test installs axe-core)", path.display()))
    })
}

/// Runs axe-core on the window's current page and returns its serious and critical findings,
/// one line each (rule, impact, help, up to five elements and why they fail).
pub async fn findings(c: &Client) -> Vec<String> {
    settle(c).await;
    let loaded = c.execute("return typeof window.axe === 'object';", vec![]).await.unwrap();
    if loaded != Value::Bool(true) {
        c.execute(&format!("{}\nreturn true;", axe_source()), vec![]).await.expect("axe-core loads into the window");
    }
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ["violations"] })
          .then((r) => done(r.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.id} (${v.impact}): ${v.help} — ` + v.nodes.slice(0, 5)
              .map((n) => `${n.target.join(" ")}: ${(n.failureSummary || "").replace(/\s+/g, " ")}`).join(" | "))))
          .catch((e) => done([`axe did not run: ${e}`]));
    "#;
    let found = c.execute_async(script, vec![]).await.expect("axe.run answers");
    found.as_array().map(|a| a.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect()).unwrap_or_default()
}

/// Audits the screen now shown, named `screen` in the failure and in the screenshot
/// `target/e2e-screenshots/axe-<screen>.png`; fails the test on any serious or critical finding.
pub async fn assert_clean(c: &Client, screen: &str) {
    let found = findings(c).await;
    screenshot(c, &format!("axe-{screen}")).await;
    assert!(found.is_empty(), "axe-core on {screen}: {} serious or critical finding(s):\n{}", found.len(), found.join("\n"));
}
