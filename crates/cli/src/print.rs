//! Printing for people (tables, a QR in the terminal) and for scripts (`--json`).

use paydesk_core::desk::{KeyStatus, LinkDetails, Page, Refunded, VerifySummary};
use paydesk_core::sale::Sale;
use paydesk_core::store::RefundRecord;
use paydesk_core::link::{Link, Mode, ProviderId};
use paydesk_core::settings::Effective;
use paydesk_core::{money::format_minor, qr};
use serde::Serialize;
use std::io::{IsTerminal, Write};

/// `println!` for everything paydesk prints on stdout, which ends the process quietly when the
/// reader has gone (`paydesk link list | head -1`): `println!` would panic on the EPIPE.
macro_rules! outln {
    () => {
        $crate::print::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::print::line(format_args!($($arg)*))
    };
}

/// Writes one line to stdout; see [`outln!`].
///
/// A closed stdout exits with status 0, silently. Rust ignores SIGPIPE, and restoring its default
/// (death by signal, as `cat` has) takes `unsafe` libc calls; a script under `set -o pipefail`
/// would also read that death as a failure when the work is done and only the reader stopped
/// early. Every print comes after the command's work (the link is made, the key stored), so
/// nothing is left half done. Any other write error (a full disk) is reported as one, status 1.
pub fn line(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| out.write_all(b"\n"));
    drop(out);
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("paydesk: could not write to standard output: {e}");
        std::process::exit(1);
    }
}

/// `link show --json`: the link's stable fields, then what `link show` prints besides.
#[derive(Serialize)]
pub struct Shown<'a> {
    #[serde(flatten)]
    link: &'a Link,
    events: &'a [paydesk_core::store::StatusEvent],
    references: &'a [paydesk_core::store::ReferenceRecord],
    operations: &'a [paydesk_core::store::OperationRecord],
    attempts: &'a [Link],
}

impl<'a> From<&'a LinkDetails> for Shown<'a> {
    fn from(d: &'a LinkDetails) -> Self {
        Shown { link: &d.link, events: &d.events, references: &d.references, operations: &d.operations, attempts: &d.attempts }
    }
}

pub fn json<T: Serialize + ?Sized>(value: &T) {
    outln!("{}", serde_json::to_string_pretty(value).expect("plain data serializes"));
}

fn time(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

fn mode_badge(link: &Link) -> &'static str {
    match (link.provider, link.mode) {
        (ProviderId::Training, _) => "TRAINING: not a payment",
        (_, Mode::Test) => "TEST mode: no money moves",
        (_, Mode::Live) => "LIVE mode: real money",
    }
}

/// The mode column: training links say so, whatever their mode.
fn mode_word(link: &Link) -> &'static str {
    if link.provider == ProviderId::Training { "TRAINING" } else { link.mode.as_str() }
}

/// One link after create / verify / retry; with `qr`, the code a customer can scan.
pub fn link_out(link: &Link, as_json: bool, with_qr: bool) {
    if as_json {
        return json(link);
    }
    outln!("Link {} · {} {} · {} · {}", link.id, link.currency, format_minor(link.amount_minor, link.currency), link.provider, mode_badge(link));
    outln!("URL:        {}", link.url.as_deref().unwrap_or("(none yet)"));
    outln!("Reference:  {}", link.reference);
    let word = link.provider_status.as_deref().map(|w| format!(" ({w})")).unwrap_or_default();
    outln!("Status:     {}{word}", link.status);
    if link.refunded_minor > 0 || link.status.is_refundable() {
        let c = link.currency;
        outln!("Refunded:   {c} {} · left to refund: {c} {}", format_minor(link.refunded_minor, c), format_minor(link.refundable_minor, c));
    }
    if let Some(e) = &link.last_error {
        outln!("Note:       {e}");
    }
    if let Some(twice) = &link.paid_twice {
        outln!("!!! {}", twice.message);
    }
    // The QR carries colour codes that only mean something on a terminal: not even drawn
    // when stdout is a pipe or a file.
    if let (true, Some(url)) = (with_qr, link.url.as_deref()) {
        match std::io::stdout().is_terminal().then(|| qr::terminal(url)) {
            Some(Ok(code)) => outln!("\n{code}"),
            _ => outln!("QR code:    paydesk link qr {} --png FILE", link.id),
        }
    }
}

pub fn details(d: &LinkDetails) {
    link_out(&d.link, false, false);
    outln!("Customer:   {}", d.link.customer_email);
    if let Some(desc) = &d.link.description {
        outln!("For:        {desc}");
    }
    outln!("Created:    {}", time(&d.link.created_at));
    if let Some(v) = &d.link.last_verified_at {
        outln!("Verified:   {}", time(v));
    }
    outln!("\nStatus history:");
    for e in &d.events {
        let from = e.from.map(|f| f.to_string()).unwrap_or_else(|| "-".into());
        let word = e.provider_status.as_deref().map(|w| format!(" ({w})")).unwrap_or_default();
        outln!("  {}  {from} → {}{word}", time(&e.at), e.to);
    }
    if !d.operations.is_empty() {
        outln!("\nShares and cancels:");
        for o in &d.operations {
            outln!("  {}  {} {}  {}  {}", time(&o.created_at), o.kind, o.state, o.request, o.error.as_deref().unwrap_or(""));
        }
    }
    if !d.refunds.is_empty() {
        outln!("\nRefunds:");
        for r in &d.refunds {
            refund_line(&d.link, r);
        }
    }
    if d.attempts.len() > 1 {
        outln!("\nAttempts of sale {}:", d.link.sale_id);
        attempts(&d.attempts);
    }
    if d.references.len() > 1 {
        outln!("\nReferences used:");
        for r in &d.references {
            outln!("  {}  {:?}  {}", r.reference, r.state, r.note.as_deref().unwrap_or(""));
        }
    }
}

/// One refund: when, how much, where it stands and the provider's own word for it.
fn refund_line(link: &Link, r: &RefundRecord) {
    let word = r.provider_status.as_deref().map(|w| format!(" ({} says {w})", link.provider)).unwrap_or_default();
    let how = if r.method.as_deref() == Some("reversal") { " as a reversal" } else { "" };
    let why = r.reason.as_deref().map(|w| format!("  “{w}”")).unwrap_or_default();
    outln!("  {}  {} {}{how}  {}{word}  {}{why}", time(&r.created_at), link.currency, format_minor(r.amount_minor, link.currency), r.state.as_str(), r.reference);
    if let Some(e) = &r.error {
        outln!("      {e}");
    }
}

/// After `link refund`.
pub fn refunded(done: &Refunded) {
    let (r, link) = (&done.refund, &done.link);
    let amount = format!("{} {}", link.currency, format_minor(r.amount_minor, link.currency));
    let how = if r.method.as_deref() == Some("reversal") { ", as a reversal of the payment (its batch was still open)" } else { "" };
    match r.state.as_str() {
        "processed" => outln!("Refunded {amount} of link {} through {}{how}.", link.id, link.provider),
        _ => outln!("Asked {} to refund {amount} of link {}{how}: it says {}. `paydesk link verify {}` checks it again.", link.provider, link.id, r.provider_status.as_deref().unwrap_or("pending"), link.id),
    }
    link_out(link, false, false);
}

pub fn table(page: &Page) {
    if page.links.is_empty() {
        outln!("No links match.");
        return;
    }
    // The till only when the history has several: one till's history reads as before.
    let tills = page.tills.len() > 1;
    let till_of = |l: &Link| if tills { format!("  {}", l.till.as_deref().unwrap_or("")) } else { String::new() };
    outln!(
        "{:>6}  {:<19}  {:<8}  {:<8}  {:>16}  {:<22}  {:<28}  REFERENCE{}",
        "ID",
        "CREATED (UTC)",
        "PROVIDER",
        "MODE",
        "AMOUNT",
        "STATUS",
        "EMAIL",
        if tills { "  TILL" } else { "" }
    );
    for l in &page.links {
        let amount = format!("{} {}", l.currency, format_minor(l.amount_minor, l.currency));
        let status = match &l.provider_status {
            Some(w) => format!("{} ({w})", l.status),
            None => l.status.to_string(),
        };
        outln!(
            "{:>6}  {:<19}  {:<8}  {:<8}  {:>16}  {:<22}  {:<28}  {}{}",
            l.id,
            l.created_at.format("%Y-%m-%d %H:%M:%S"),
            l.provider.slug(),
            mode_word(l),
            amount,
            status,
            l.customer_email,
            l.reference,
            till_of(l)
        );
    }
    if page.total_capped || page.total > page.links.len() as u64 {
        let total = crate::progress::thousands(page.total) + if page.total_capped { "+" } else { "" };
        outln!("({} of {total} shown: use --limit or filters)", page.links.len());
    }
    for l in page.links.iter().filter_map(|l| l.paid_twice.as_ref()) {
        outln!("!!! {}", l.message);
    }
}

fn attempts(links: &[Link]) {
    for l in links {
        let word = l.provider_status.as_deref().map(|w| format!(" ({w})")).unwrap_or_default();
        let note = l.last_error.as_deref().map(|e| format!("  {e}")).unwrap_or_default();
        outln!("  link {:<6} {:<9} {}{word}{note}", l.id, l.provider.slug(), l.status);
    }
}

/// `paydesk sale show`: the sale and every attempt.
pub fn sale(s: &Sale) {
    outln!("Sale {} · {} {} · {} · {}", s.id, s.currency, format_minor(s.amount_minor, s.currency), s.customer_email, s.mode.to_uppercase());
    outln!("Uid:        {}", s.uid);
    if let Some(d) = &s.description {
        outln!("For:        {d}");
    }
    outln!("Created:    {}", time(&s.created_at));
    outln!("Status:     {}{}", s.status, if s.cancelled_at.is_some() { " (sale cancelled)" } else { "" });
    if let Some(earlier) = s.duplicate_of {
        outln!("Note:       made although link {earlier} was like it (the owner chose)");
    }
    outln!("\nAttempts:");
    attempts(&s.attempts);
    for twice in s.attempts.iter().filter_map(|l| l.paid_twice.as_ref()) {
        outln!("!!! {}", twice.message);
    }
}

pub fn keys(keys: &[KeyStatus]) {
    for k in keys {
        let state = if k.configured {
            format!("configured (…{}, from {})", k.last4.as_deref().unwrap_or(""), k.source.unwrap_or("keyring"))
        } else {
            "not configured".to_string()
        };
        outln!("{:<10} {:<5} {state}", k.provider.slug(), k.mode.as_str());
    }
}

pub fn summary(s: &VerifySummary) {
    outln!("Verified {} open link(s): {} changed, {} could not be checked.", s.checked, s.changed.len(), s.errors.len());
    for c in &s.changed {
        outln!("  link {} ({}): {} → {}", c.id, c.reference, c.from, c.to);
    }
    if s.refunds_checked > 0 {
        outln!("Read again the pending refunds of {} paid link(s): {} settled.", s.refunds_checked, s.refunds.len());
    }
    for r in &s.refunds {
        outln!("  link {}: refund {} {}", r.link_id, r.reference, r.to.as_str());
    }
    for (id, e) in &s.errors {
        outln!("  link {id}: {e}");
    }
}

pub fn setting(e: &Effective) {
    let value = e.value.as_deref().unwrap_or("(not set)");
    outln!("{} = {value}  [{:?}]  {}", e.key, e.source, e.help);
}
