//! Printing for people (tables, a QR in the terminal) and for scripts (`--json`).

use paydesk_core::desk::{KeyStatus, LinkDetails, Page, VerifySummary};
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
    if let Some(e) = &link.last_error {
        outln!("Note:       {e}");
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
    if d.references.len() > 1 {
        outln!("\nReferences used:");
        for r in &d.references {
            outln!("  {}  {:?}  {}", r.reference, r.state, r.note.as_deref().unwrap_or(""));
        }
    }
}

pub fn table(page: &Page) {
    if page.links.is_empty() {
        outln!("No links match.");
        return;
    }
    outln!("{:>6}  {:<19}  {:<8}  {:<8}  {:>16}  {:<22}  {:<28}  REFERENCE", "ID", "CREATED (UTC)", "PROVIDER", "MODE", "AMOUNT", "STATUS", "EMAIL");
    for l in &page.links {
        let amount = format!("{} {}", l.currency, format_minor(l.amount_minor, l.currency));
        let status = match &l.provider_status {
            Some(w) => format!("{} ({w})", l.status),
            None => l.status.to_string(),
        };
        outln!(
            "{:>6}  {:<19}  {:<8}  {:<8}  {:>16}  {:<22}  {:<28}  {}",
            l.id,
            l.created_at.format("%Y-%m-%d %H:%M:%S"),
            l.provider.slug(),
            mode_word(l),
            amount,
            status,
            l.customer_email,
            l.reference
        );
    }
    if page.total_capped || page.total > page.links.len() as u64 {
        let total = crate::progress::thousands(page.total) + if page.total_capped { "+" } else { "" };
        outln!("({} of {total} shown: use --limit or filters)", page.links.len());
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
    for (id, e) in &s.errors {
        outln!("  link {id}: {e}");
    }
}

pub fn setting(e: &Effective) {
    let value = e.value.as_deref().unwrap_or("(not set)");
    outln!("{} = {value}  [{:?}]  {}", e.key, e.source, e.help);
}
