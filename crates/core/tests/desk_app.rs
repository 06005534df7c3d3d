//! What the app's screens stand on: providers and readiness, key checks, training links, CSV.

mod support;

use paydesk_core::desk::{CreateInput, Desk, Simulated};
use paydesk_core::link::{LinkStatus, Mode, ProviderId};
use paydesk_core::settings::Environment;
use paydesk_core::store::LinkQuery;
use paydesk_core::vault::MemoryVault;
use paydesk_fakes::{FakePaystack, Route};
use secrecy::SecretString;
use std::sync::Arc;
use support::{desk, sale, KEY};

fn training(amount: &str) -> CreateInput {
    CreateInput { provider: Some("training".into()), currency: Some("GBP".into()), ..sale(amount) }
}

#[tokio::test]
async fn a_fresh_install_offers_training_and_knows_no_real_key() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(MemoryVault::new()), Environment::default()).unwrap();
    assert!(!desk.has_real_key());
    let providers = desk.providers().unwrap();
    let ids: Vec<(ProviderId, bool)> = providers.iter().map(|p| (p.id, p.ready)).collect();
    assert_eq!(ids.last(), Some(&(ProviderId::Training, true)), "training comes last, ready");
    assert!(ids[..ids.len() - 1].iter().all(|(_, ready)| !ready), "no real provider is ready without a key");
    assert!(providers.last().unwrap().training);
    assert_eq!(providers[0].keys.len(), 2, "test and live, both unset");
}

#[tokio::test]
async fn a_broken_keyring_still_lists_providers_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(MemoryVault::unavailable()), Environment::default()).unwrap();
    let providers = desk.providers().unwrap();
    let paystack = providers.iter().find(|p| p.id == ProviderId::Paystack).unwrap();
    assert!(!paystack.ready);
    assert!(paystack.error.as_deref().unwrap().contains("keyring"), "{:?}", paystack.error);
    let training = providers.iter().find(|p| p.id == ProviderId::Training).unwrap();
    assert!(training.ready, "training works with no keyring at all");
}

#[tokio::test]
async fn training_links_go_through_the_same_history_and_simulate_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(MemoryVault::unavailable()), Environment::default()).unwrap();
    let link = desk.create(&training("12.50")).await.unwrap();
    assert_eq!((link.provider, link.mode, link.status), (ProviderId::Training, Mode::Test, LinkStatus::Open));
    assert!(link.url.as_deref().unwrap().contains("TRAINING-NOT-A-PAYMENT"));

    let paid = desk.simulate(&link.id.to_string(), Simulated::Paid).await.unwrap();
    assert_eq!((paid.status, paid.provider_status.as_deref()), (LinkStatus::Paid, Some("paid")));
    let again = desk.simulate(&link.id.to_string(), Simulated::Failed).await.unwrap_err();
    assert_eq!(again.kind(), "conflict");

    let other = desk.create(&training("3")).await.unwrap();
    assert_eq!(desk.simulate(&other.reference, Simulated::Expired).await.unwrap().status, LinkStatus::Expired);
    let events = desk.details(&other.reference).unwrap().events;
    assert_eq!(events.last().unwrap().to, LinkStatus::Expired);
}

#[tokio::test]
async fn only_training_links_can_be_simulated() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let real = desk.create(&sale("5")).await.unwrap();
    let err = desk.simulate(&real.reference, Simulated::Paid).await.unwrap_err();
    assert_eq!(err.kind(), "conflict");
    assert_eq!(desk.get(&real.reference).unwrap().status, LinkStatus::Open);
}

#[tokio::test]
async fn a_key_is_checked_against_paystack() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let good = desk.check_key(ProviderId::Paystack, Mode::Test).await.unwrap();
    assert!(good.checked && good.ok, "{good:?}");
    assert_eq!(good.message, "Paystack accepted the test key.");
    let fr = paydesk_core::i18n::Lang::from_tag("fr").unwrap();
    assert_eq!(paydesk_core::i18n::format(fr, &good.message_l10n), "Paystack a accepté la clé de test.");
    assert_eq!(fake.hits(Route::Verify), 1);

    desk.set_key(ProviderId::Paystack, None, SecretString::from("sk_test_wrongkey"), None).unwrap();
    let bad = desk.check_key(ProviderId::Paystack, Mode::Test).await.unwrap();
    assert!(bad.checked && !bad.ok);
    assert_eq!(bad.message, "Paystack refused the test key (Invalid key): set a new one with `paydesk key set paystack --mode test` or in Settings.");
    assert_eq!(bad.message_l10n.id, "error-key-refused");
    assert!(paydesk_core::i18n::format(fr, &bad.message_l10n).starts_with("Paystack a refusé la clé de test"), "{:?}", paydesk_core::i18n::format(fr, &bad.message_l10n));
}

#[tokio::test]
async fn csv_holds_exactly_the_filtered_rows_with_formulas_inert() {
    let fake = FakePaystack::start(KEY).await;
    let (desk, _dir) = desk(&fake.url());
    let mut evil = sale("1,500.50");
    evil.description = Some("=HYPERLINK(\"http://x\",\"click\")".into());
    let a = desk.create(&evil).await.unwrap();
    desk.create(&sale("2")).await.unwrap();
    desk.create(&training("3")).await.unwrap();

    let (csv, rows) = desk.export_csv(&LinkQuery { provider: Some(ProviderId::Paystack), limit: Some(1), ..Default::default() }).unwrap();
    assert_eq!(rows, 2, "paging is ignored: every matching row");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("id,created_at,provider,mode,reference,amount,currency"));
    let row_a = lines.iter().find(|l| l.contains(&a.reference)).unwrap();
    assert!(row_a.contains(",1500.50,NGN,"), "{row_a}");
    assert!(row_a.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\""), "{row_a}");

    let (training_csv, n) = desk.export_csv(&LinkQuery { provider: Some(ProviderId::Training), ..Default::default() }).unwrap();
    assert_eq!(n, 1);
    assert!(training_csv.lines().nth(1).unwrap().contains(",training,TRAINING,"));
}

#[tokio::test]
async fn a_key_is_never_needed_nor_asked_for_training() {
    let vault = MemoryVault::new();
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(vault), Environment::default()).unwrap();
    let err = desk.set_key(ProviderId::Training, None, SecretString::from("x"), None).unwrap_err();
    assert_eq!(err.field(), Some("provider"));
    assert!(desk.list_keys().unwrap().iter().all(|k| k.provider != ProviderId::Training));
}

#[tokio::test]
async fn a_key_that_does_not_say_its_mode_must_be_given_one() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(MemoryVault::new()), Environment::default()).unwrap();
    let err = desk.set_key(ProviderId::Luxfin, None, SecretString::from("lx_abc123"), None).unwrap_err();
    assert_eq!(err.field(), Some("mode"));
    assert!(err.to_string().contains("--mode test or --mode live"), "{err}");
    let live = desk.set_key(ProviderId::Luxfin, Some(Mode::Live), SecretString::from("lx_abcdef123456"), None).unwrap();
    assert_eq!((live.mode, live.last4.as_deref()), (Mode::Live, Some("3456")));
    assert_eq!(desk.resolve_mode(ProviderId::Luxfin, None).unwrap(), Mode::Live, "the only key there is");
    let short = desk.set_key(ProviderId::Luxfin, Some(Mode::Test), SecretString::from("lx_abc123"), None).unwrap();
    assert_eq!(short.last4.as_deref(), Some("…"), "4 characters of a 9-character key would give too much away");
}

#[tokio::test]
async fn a_restarted_app_still_knows_a_simulated_payment() {
    let dir = tempfile::tempdir().unwrap();
    let open = || Desk::open(dir.path(), Arc::new(MemoryVault::new()), Environment::default()).unwrap();
    let link = open().create(&training("7")).await.unwrap();
    open().simulate(&link.reference, Simulated::Paid).await.unwrap();
    // A new desk has an empty training ledger, as after a restart: verify must not reopen it.
    let again = open().verify(&link.reference).await.unwrap();
    assert_eq!(again.status, LinkStatus::Paid);
}

#[tokio::test]
async fn two_retries_of_one_link_never_run_at_once() {
    let fake = FakePaystack::start(KEY).await;
    for _ in 0..3 {
        fake.push_fault(Route::Initialize, paydesk_fakes::Fault::Html { code: 502 });
    }
    let (desk, _dir) = desk(&fake.url());
    desk.create(&sale("10")).await.unwrap_err();
    fake.set_latency(std::time::Duration::from_millis(300));
    let (a, b) = tokio::join!(desk.retry("1"), desk.retry("1"));
    let outcomes = [a.map(|l| l.status), b.map(|l| l.status)];
    assert_eq!(outcomes.iter().filter(|o| matches!(o, Ok(LinkStatus::Open))).count(), 1, "{outcomes:?}");
    let refused = outcomes.iter().find_map(|o| o.as_ref().err()).expect("the other retry was refused");
    assert_eq!(refused.kind(), "busy");
    let said = refused.to_string();
    assert!(said.contains(&format!("process {}", std::process::id())) && said.contains(" since "), "says who and since when: {said}");
    assert_eq!(fake.transactions().len(), 1, "one sale, one transaction");
}

#[tokio::test]
async fn two_processes_retrying_one_link_never_both_send() {
    let fake = FakePaystack::start(KEY).await;
    for _ in 0..3 {
        fake.push_fault(Route::Initialize, paydesk_fakes::Fault::Html { code: 502 });
    }
    let (app, dir) = desk(&fake.url());
    app.create(&sale("10")).await.unwrap_err();
    // The CLI opens the same history in another process: another desk on the same file.
    let vault = MemoryVault::new();
    paydesk_core::vault::Vault::set(&vault, ProviderId::Paystack, Mode::Test, &SecretString::from(KEY)).unwrap();
    let cli = Desk::open(dir.path(), Arc::new(vault), Environment::default()).unwrap();
    fake.set_latency(std::time::Duration::from_millis(300));
    let (a, b) = tokio::join!(app.retry("1"), cli.retry("1"));
    let outcomes = [a.map(|l| l.status), b.map(|l| l.status)];
    assert_eq!(outcomes.iter().filter(|o| matches!(o, Ok(LinkStatus::Open))).count(), 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().find_map(|o| o.as_ref().err()).expect("one refused").kind(), "busy");
    assert_eq!(fake.transactions().len(), 1, "one sale, one transaction");
    assert_eq!(cli.retry("1").await.unwrap_err().kind(), "conflict", "done: nothing left to retry");
}

#[tokio::test]
async fn a_key_or_hub_saved_by_another_process_is_used_by_the_open_app() {
    let dir = tempfile::tempdir().unwrap();
    // One keyring, reached by two processes on one history: the open app and the CLI.
    let keyring = Arc::new(MemoryVault::new());
    let app = Desk::open(dir.path(), keyring.clone(), Environment::default()).unwrap();
    let cli = Desk::open(dir.path(), keyring.clone(), Environment::default()).unwrap();
    let paystack_ready = |d: &Desk| d.providers().unwrap().iter().find(|p| p.id == ProviderId::Paystack).unwrap().ready;
    assert!(!paystack_ready(&app), "no key yet (and the app remembers the keyring's answer)");
    assert!(!app.hub_status().unwrap().configured);

    cli.set_key(ProviderId::Paystack, Some(Mode::Test), SecretString::from(KEY), None).unwrap();
    assert!(paystack_ready(&app), "the key the CLI saved is the app's next answer, without a restart");
    cli.set_hub_url(SecretString::from("postgresql://till:pw@localhost:5432/shop")).unwrap();
    assert!(app.hub_status().unwrap().configured, "so is the hub");

    assert!(cli.delete_key(ProviderId::Paystack, Mode::Test, None).unwrap());
    assert!(!paystack_ready(&app), "and a key deleted there is gone here");
}
