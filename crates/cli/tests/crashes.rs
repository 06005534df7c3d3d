//! A counter's everyday accidents, with the real `paydesk` binary as a process: the create is
//! killed (`kill -9`) or interrupted (Ctrl-C) while the provider holds the request, and the very
//! next `paydesk link retry` finishes the sale with exactly one link anyone was shown. Once per
//! provider, since each recovers a lost answer its own way (look up, replay, or void).

mod common;

use common::{command, paydesk, Run};
use paydesk_fakes::{
    DojoOptions, DojoRoute, FakeDojo, FakeLuxfin, FakePayroc, FakePaystack, Fault, LuxfinOptions, LuxfinRoute, PayrocOptions,
    PayrocRoute, PaystackOptions, Route,
};
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// How the create is stopped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stop {
    Kill,
    CtrlC,
}

/// Long enough that the create is surely still waiting when it is stopped; the fake is dropped
/// (and its waiting answer with it) when the test ends.
const HOLD: Duration = Duration::from_secs(120);

/// Waits until `ready()` holds, checking every few milliseconds; fails the test after `limit`.
fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Waits (bounded) for the child to end, and reads what it printed.
fn finish(mut child: Child) -> (Option<i32>, String, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "the stopped create did not end");
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// Starts `create`, waits until the provider has made its link (`made() >= 1`) and is holding the
/// answer, stops the process, then retries at once. Returns the retried link's JSON.
fn stop_then_retry(dir: &Path, env: &[(&str, &str)], create: &[&str], stop: Stop, made: impl Fn() -> usize) -> Value {
    let child = command(dir, env, &[create, &["--json"]].concat())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("paydesk runs");
    wait_until("the provider made the link", Duration::from_secs(30), || made() >= 1);
    match stop {
        Stop::Kill => send_signal(&child, "KILL"),
        Stop::CtrlC => send_signal(&child, "INT"),
    }
    let (code, stdout, stderr) = finish(child);
    assert_eq!(stdout, "", "a stopped create shows no link: nobody could have seen its page");
    match stop {
        Stop::Kill => assert_eq!(code, None, "killed by the signal"),
        Stop::CtrlC => {
            assert_eq!(code, Some(130), "{stderr}");
            assert!(
                stderr.contains("The sale is saved as link 1") && stderr.contains("`paydesk link retry 1`"),
                "Ctrl-C says what was kept and how to finish it: {stderr}"
            );
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
        }
    }
    let retried: Run = paydesk(dir, env, &["link", "retry", "1", "--json"], None).ok();
    let link = retried.json();
    assert_eq!(link["status"], "open", "{}", retried.stderr);
    link
}

/// Sends a signal by name with `kill(1)`, as a person would from another terminal.
fn send_signal(child: &Child, signal: &str) {
    let ok = std::process::Command::new("kill").args(["-s", signal, &child.id().to_string()]).status().unwrap();
    assert!(ok.success());
}

fn for_each_stop(mut case: impl FnMut(Stop)) {
    for stop in [Stop::Kill, Stop::CtrlC] {
        case(stop);
    }
}

#[test]
fn paystack_a_stopped_create_then_a_retry_ends_with_one_link_shown() {
    const KEY: &str = "sk_test_crash0123456789SECRET";
    const CREATE: &[&str] = &["link", "create", "--provider", "paystack", "--amount", "25", "--currency", "NGN", "--email", "a@b.com"];
    for_each_stop(|stop| {
        let (fake, dir) = (FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap(), tempfile::tempdir().unwrap());
        fake.push_fault(Route::Initialize, Fault::Delay(HOLD));
        let url = fake.url();
        let env = [("PAYDESK_PAYSTACK_KEY", KEY), ("PAYDESK_PAYSTACK_BASE_URL", url.as_str())];
        let link = stop_then_retry(dir.path(), &env, CREATE, stop, || fake.transactions().len());
        // Paystack cannot tell the first page again: that reference is voided, a new one is made.
        let made = fake.transactions();
        assert_eq!(made.len(), 2, "{stop:?}");
        assert_eq!(link["reference"], made[1].reference.as_str(), "{stop:?}");
        assert!(link["url"].as_str().unwrap().ends_with(&made[1].access_code), "{stop:?}");
        let shown = paydesk(dir.path(), &env, &["link", "show", "1"], None).ok().stdout;
        assert!(shown.contains(&format!("{}  Void", made[0].reference)), "{shown}");
    });
}

#[test]
fn dojo_a_stopped_create_then_a_retry_adopts_the_one_intent() {
    const KEY: &str = "sk_sandbox_crash0123456789SECRET";
    const CREATE: &[&str] = &["link", "create", "--provider", "dojo", "--amount", "25", "--currency", "GBP", "--email", "a@b.com"];
    for_each_stop(|stop| {
        let (fake, dir) = (FakeDojo::start_sync(DojoOptions::new(KEY)).unwrap(), tempfile::tempdir().unwrap());
        fake.push_fault(DojoRoute::Create, Fault::Delay(HOLD));
        let url = fake.url();
        let env = [("PAYDESK_DOJO_KEY", KEY), ("PAYDESK_DOJO_BASE_URL", url.as_str())];
        let link = stop_then_retry(dir.path(), &env, CREATE, stop, || fake.intents().len());
        let made = fake.intents();
        assert_eq!(made.len(), 1, "the search found the intent: no second one ({stop:?})");
        assert_eq!(link["provider_id"], made[0].id.as_str());
        assert_eq!(fake.hits(DojoRoute::Create), 1, "{stop:?}");
    });
}

#[test]
fn payroc_a_stopped_create_then_a_retry_replays_the_one_link() {
    const KEY: &str = "payroc_crash0123456789SECRET";
    const CREATE: &[&str] = &["link", "create", "--provider", "payroc", "--amount", "25", "--currency", "USD", "--email", "a@b.com"];
    for_each_stop(|stop| {
        let (fake, dir) = (FakePayroc::start_sync(PayrocOptions::new(KEY)).unwrap(), tempfile::tempdir().unwrap());
        fake.push_fault(PayrocRoute::Create, Fault::Delay(HOLD));
        let (api, identity) = (fake.api_url(), fake.url());
        let env = [
            ("PAYDESK_PAYROC_KEY", KEY),
            ("PAYDESK_PAYROC_BASE_URL", api.as_str()),
            ("PAYDESK_PAYROC_IDENTITY_URL", identity.as_str()),
            ("PAYDESK_PAYROC_TERMINAL_ID", "1234001"),
        ];
        let link = stop_then_retry(dir.path(), &env, CREATE, stop, || fake.links().len());
        let made = fake.links();
        // Looked up by its reference (or replayed under the same Idempotency-Key): never made twice.
        assert_eq!(made.len(), 1, "{stop:?}");
        assert_eq!(link["url"], made[0].payment_url.as_str());
    });
}

#[test]
fn luxfin_a_stopped_create_then_a_retry_voids_the_unseen_order() {
    const KEY: &str = "lx_crash0123456789SECRET";
    const CREATE: &[&str] = &["link", "create", "--provider", "luxfin", "--amount", "25", "--currency", "USD", "--email", "a@b.com"];
    for_each_stop(|stop| {
        let (fake, dir) = (FakeLuxfin::start_sync(LuxfinOptions::new(KEY)).unwrap(), tempfile::tempdir().unwrap());
        fake.push_fault(LuxfinRoute::Create, Fault::Delay(HOLD));
        let url = fake.url();
        let env = [("PAYDESK_LUXFIN_KEY", KEY), ("PAYDESK_LUXFIN_BASE_URL", url.as_str())];
        let link = stop_then_retry(dir.path(), &env, CREATE, stop, || fake.orders().len());
        // Luxfin cannot be asked: the unseen order is voided and one new order is shown.
        let made = fake.orders();
        assert_eq!(made.len(), 2, "{stop:?}");
        assert_eq!(link["url"], made[1].order_url.as_str());
        assert_eq!(link["provider_id"], made[1].order_id.as_str());
    });
}

#[test]
fn a_create_that_outlives_its_lease_keeps_it_and_a_retry_meanwhile_is_told_who_is_at_it() {
    const KEY: &str = "sk_test_lease0123456789SECRET";
    const CREATE: &[&str] = &["link", "create", "--provider", "paystack", "--amount", "25", "--currency", "NGN", "--email", "a@b.com", "--json"];
    let (fake, dir) = (FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap(), tempfile::tempdir().unwrap());
    // The provider answers after several lifetimes of a one-second lease.
    fake.push_fault(Route::Initialize, Fault::Delay(Duration::from_secs(4)));
    let url = fake.url();
    let env = [("PAYDESK_PAYSTACK_KEY", KEY), ("PAYDESK_PAYSTACK_BASE_URL", url.as_str()), ("PAYDESK_LEASE_SECS", "1")];
    let slow = command(dir.path(), &env, CREATE).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    wait_until("the provider made the link", Duration::from_secs(30), || !fake.transactions().is_empty());
    // Past the lease's own lifetime, measured on the history's clock: it was renewed, not taken.
    let first_until = lease_until(dir.path());
    wait_until("the lease was renewed", Duration::from_secs(30), || lease_until(dir.path()) > first_until);
    let refused = paydesk(dir.path(), &env, &["link", "retry", "1"], None);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(&format!("another paydesk on this till (process {})", slow.id())) && refused.stderr.contains(" since "),
        "{}",
        refused.stderr
    );
    let (code, stdout, stderr) = finish(slow);
    assert_eq!(code, Some(0), "{stderr}");
    let link: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(link["status"], "open");
    assert_eq!(fake.transactions().len(), 1, "one sale, one transaction");
    assert_eq!(fake.hits(Route::Verify), 0, "nobody looked it up or voided it meanwhile");
    let shown = paydesk(dir.path(), &env, &["link", "show", "1"], None).ok().stdout;
    assert!(!shown.contains("Void"), "{shown}");
}

/// When the lease on link 1 expires, as stored (RFC 3339 text sorts as time).
fn lease_until(dir: &Path) -> String {
    let db = rusqlite::Connection::open(dir.join("paydesk.sqlite3")).unwrap();
    db.busy_timeout(Duration::from_secs(10)).unwrap();
    db.query_row("SELECT coalesce(claimed_until, '') FROM links WHERE id = 1", [], |r| r.get(0)).unwrap_or_default()
}

#[test]
fn sixty_four_creates_from_separate_processes_on_one_history_all_succeed() {
    const KEY: &str = "sk_test_many0123456789SECRET";
    let (fake, dir) = (FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap(), tempfile::tempdir().unwrap());
    let url = fake.url();
    let env = [("PAYDESK_PAYSTACK_KEY", KEY), ("PAYDESK_PAYSTACK_BASE_URL", url.as_str())];
    paydesk(dir.path(), &env, &["config", "set", "merchant.name", "Ada's"], None).ok();
    let children: Vec<Child> = (0..64)
        .map(|i| {
            let amount = format!("{}", 100 + i);
            command(dir.path(), &env, &["link", "create", "--amount", &amount, "--currency", "NGN", "--email", "a@b.com", "--json"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut failures = vec![];
    for child in children {
        let out = child.wait_with_output().unwrap();
        if !out.status.success() {
            failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
        }
    }
    assert!(failures.is_empty(), "{} of 64 failed: {failures:?}", failures.len());
    let list = paydesk(dir.path(), &env, &["link", "list", "--limit", "100", "--json"], None).ok().json();
    let links = list.as_array().unwrap();
    assert_eq!(links.len(), 64);
    assert!(links.iter().all(|l| l["status"] == "open"));
    let mut amounts: Vec<i64> = links.iter().map(|l| l["amount_minor"].as_i64().unwrap()).collect();
    amounts.sort();
    assert_eq!(amounts, (0..64).map(|i| (100 + i) * 100).collect::<Vec<_>>(), "each sale once");
    assert_eq!(fake.transactions().len(), 64);
}

#[test]
fn text_that_would_lie_on_screen_is_refused_before_anything_is_written_or_sent() {
    const KEY: &str = "sk_test_bidi0123456789SECRET";
    let (fake, dir) = (FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap(), tempfile::tempdir().unwrap());
    let url = fake.url();
    let env = [("PAYDESK_PAYSTACK_KEY", KEY), ("PAYDESK_PAYSTACK_BASE_URL", url.as_str())];
    let create = |description: &str| {
        paydesk(dir.path(), &env, &["link", "create", "--amount", "5", "--email", "a@b.com", "--description", description], None)
    };
    let bidi = create("Bread \u{202E}gnp.exe");
    assert_eq!(bidi.code, 2);
    assert!(bidi.stderr.contains("U+202E") && bidi.stderr.contains("direction"), "{}", bidi.stderr);
    assert_eq!(create("one\u{2028}two").code, 2);
    assert_eq!(fake.hits(Route::Initialize), 0, "nothing sent");
    assert_eq!(paydesk(dir.path(), &env, &["link", "list", "--json"], None).ok().json(), serde_json::json!([]), "nothing written");
    // Real scripts and emoji are text like any other.
    let ok = create("خبز 🥐").ok();
    assert!(ok.stdout.contains("Open") || ok.stdout.contains("open"), "{}", ok.stdout);
}
