//! "Verify all open" at a shop's scale: 1,000 open links, a provider (the local fake Paystack)
//! that takes 100 ms per answer, timed beside the sequential anchor of one request at a time
//! (links × latency = 100 s, computed rather than waited for).
//!
//! Run with `cargo bench -p paydesk-core --bench verify_all`. `PAYDESK_BENCH_LINKS` and
//! `PAYDESK_BENCH_LATENCY_MS` change the size; `verify.concurrency` is the setting measured.

use paydesk_core::desk::{CreateInput, Desk};
use paydesk_core::link::{Mode, ProviderId};
use paydesk_core::provider::RetryPolicy;
use paydesk_core::settings::Environment;
use paydesk_core::vault::{MemoryVault, Vault};
use paydesk_fakes::FakePaystack;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::{Duration, Instant};

const KEY: &str = "sk_test_bench0123456789SECRET";

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A new history holding `links` open links made through `fake` (answering at once): each pass
/// gets its own, since "Verify all open" skips a link verified in the last 20 seconds.
async fn open_links(fake: &FakePaystack, links: u64) -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let vault = MemoryVault::new();
    vault.set(ProviderId::Paystack, Mode::Test, &SecretString::from(KEY)).expect("key");
    let desk = Desk::open(dir.path(), Arc::new(vault), Environment::default())
        .expect("history")
        .with_retry(RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(50), max_delay: Duration::from_secs(1) });
    desk.config_set("paystack.base_url", &fake.url()).expect("address");
    fake.set_latency(Duration::ZERO);
    let started = Instant::now();
    for i in 0..links {
        let sale = CreateInput {
            provider: Some("paystack".into()),
            amount: format!("{}", 100 + i),
            currency: Some("NGN".into()),
            email: "ada@example.com".into(),
            ..Default::default()
        };
        desk.create(&sale).await.expect("create");
    }
    println!("made {links} open links in {:.1} s", started.elapsed().as_secs_f64());
    (dir, desk)
}

#[tokio::main]
async fn main() {
    let links = env_num("PAYDESK_BENCH_LINKS", 1000);
    let latency = Duration::from_millis(env_num("PAYDESK_BENCH_LATENCY_MS", 100));
    let fake = FakePaystack::start(KEY).await;
    let anchor = links as f64 * latency.as_secs_f64();
    let mut rows = String::new();
    let mut table = String::new();
    for concurrency in [8u32, 16] {
        let (_dir, desk) = open_links(&fake, links).await;
        desk.config_set("verify.concurrency", &concurrency.to_string()).expect("setting");
        fake.set_latency(latency);
        let started = Instant::now();
        let summary = desk.verify_open(|_| {}).await.expect("verify");
        let secs = started.elapsed().as_secs_f64();
        assert_eq!((summary.checked, summary.errors.len()), (links as usize, 0), "every link checked, none failed");
        table.push_str(&format!("{:<44} {:>10.1} {:>10.3}\n", format!("paydesk, {concurrency} in flight per provider"), secs, secs / anchor));
        if concurrency == 8 {
            rows.push_str(&format!("verify all open ({links} links, {} ms each, default 8 in flight)\t{secs:.1}\t{anchor:.1}\ts\t<= 15 s\n", latency.as_millis()));
        }
    }
    println!("\n{:<44} {:>10} {:>10}", "verify every open link", "seconds", "× anchor");
    print!("{table}");
    // For `make bench`'s table (scripts/bench-table.sh).
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench data folder");
    std::fs::write(dir.join("rows-verify.tsv"), rows).expect("write the rows");
    println!("{:<44} {:>10.1} {:>10.3}", "anchor: one at a time (links × latency)", anchor, 1.0);
}
