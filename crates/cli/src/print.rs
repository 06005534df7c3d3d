//! Printing for people (tables, a QR in the terminal) and for scripts (`--json`).

use paydesk_core::desk::{KeyStatus, LinkDetails, Page, Refunded, VerifySummary};
use paydesk_core::sale::Sale;
use paydesk_core::store::RefundRecord;
use paydesk_core::link::{one_line, Link, ProviderId, MAX_MESSAGE, MAX_WORD};
use paydesk_core::settings::Effective;
use crate::say::{self, label, t};
use paydesk_core::i18n::Msg;
use paydesk_core::qr;
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
        eprintln!("paydesk: {}", say::msg(Msg::new("cli-stdout-failed").text("error", e.to_string())));
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

/// The mode a link's header line names: `TEST mode: no money moves`.
fn mode_badge(link: &Link) -> String {
    let mode = match (link.provider, link.mode) {
        (ProviderId::Training, _) => "training",
        (_, m) => m.as_str(),
    };
    say::msg(Msg::new("cli-mode-badge").text("mode", mode))
}

/// The mode column: training links say so, whatever their mode.
fn mode_word(link: &Link) -> String {
    if link.provider == ProviderId::Training { t("badge-training") } else { say::mode(link.mode) }
}

/// ` (abandoned)`: the provider's own word after ours, when it has one that is not ours again
/// (Training says "open" of an open link: "open (open)" told nothing more).
/// Printed as one plain line: a word kept before paydesk cleaned provider text may hold a terminal
/// escape.
fn own_word(status: impl std::fmt::Display, word: Option<&str>) -> String {
    let word = word.map(|w| one_line(w, MAX_WORD));
    word.filter(|w| !w.eq_ignore_ascii_case(&status.to_string())).map(|w| format!(" ({w})")).unwrap_or_default()
}

/// One link after create / verify / retry; with `qr`, the code a customer can scan.
pub fn link_out(link: &Link, as_json: bool, with_qr: bool) {
    if as_json {
        return json(link);
    }
    let amount = say::money(link.amount_minor, link.currency);
    let head = Msg::new("cli-link-head").num("id", link.id).text("amount", amount).text("provider", link.provider.to_string());
    outln!("{}", say::msg(head.text("badge", mode_badge(link))));
    outln!("{}{}", label("cli-label-url"), link.url.clone().unwrap_or_else(|| t("cli-none-yet")));
    outln!("{}{}", label("cli-label-reference"), link.reference);
    outln!("{}{}{}", label("cli-label-status"), say::status(link.status), own_word(link.status, link.provider_status.as_deref()));
    if link.refunded_minor > 0 || link.status.is_refundable() {
        let c = link.currency;
        let left = Msg::new("cli-refunded-left").text("refunded", say::money(link.refunded_minor, c)).text("left", say::money(link.refundable_minor, c));
        outln!("{}{}", label("cli-label-refunded"), say::msg(left));
    }
    if let Some(e) = &link.last_error {
        outln!("{}{}", label("cli-label-note"), one_line(e, MAX_MESSAGE));
    }
    if let Some(twice) = &link.paid_twice {
        outln!("!!! {}", say::msg(twice.message_l10n.clone()));
    }
    // The QR carries colour codes that only mean something on a terminal: not even drawn
    // when stdout is a pipe or a file. A finished link's is not handed out at all.
    if let (true, true, Some(url)) = (with_qr, link.status.is_pending(), link.url.as_deref()) {
        match std::io::stdout().is_terminal().then(|| qr::terminal(url)) {
            Some(Ok(code)) => outln!("\n{code}"),
            _ => outln!("{}paydesk link qr {} --png FILE", label("cli-label-qr"), link.id),
        }
    }
}

pub fn details(d: &LinkDetails) {
    link_out(&d.link, false, false);
    outln!("{}{}", label("cli-label-customer"), d.link.customer_email);
    if let Some(desc) = &d.link.description {
        outln!("{}{desc}", label("cli-label-for"));
    }
    outln!("{}{}", label("cli-label-created"), say::time(&d.link.created_at));
    if let Some(v) = &d.link.last_verified_at {
        outln!("{}{}", label("cli-label-verified"), say::time(v));
    }
    outln!("\n{}", t("cli-heading-history"));
    for e in &d.events {
        let from = e.from.map(say::status).unwrap_or_else(|| "-".into());
        outln!("  {}  {from} → {}{}", say::time(&e.at), say::status(e.to), own_word(e.to, e.provider_status.as_deref()));
    }
    if !d.operations.is_empty() {
        outln!("\n{}", t("cli-heading-operations"));
        for o in &d.operations {
            let kind = say::msg(Msg::new("cli-operation").text("kind", o.kind.clone()));
            outln!("  {}  {kind} {}  {}  {}", say::time(&o.created_at), say::status(&o.state), o.request, one_line(o.error.as_deref().unwrap_or(""), MAX_MESSAGE));
        }
    }
    if !d.refunds.is_empty() {
        outln!("\n{}", t("cli-heading-refunds"));
        for r in &d.refunds {
            refund_line(&d.link, r);
        }
    }
    if d.attempts.len() > 1 {
        outln!("\n{}", say::msg(Msg::new("cli-heading-attempts-of-sale").num("sale", d.link.sale_id)));
        attempts(&d.attempts);
    }
    if d.references.len() > 1 {
        outln!("\n{}", t("cli-heading-references"));
        for r in &d.references {
            let state = say::msg(Msg::new("cli-reference-state").text("state", format!("{:?}", r.state)));
            outln!("  {}  {state}  {}", r.reference, r.note.as_deref().unwrap_or(""));
        }
    }
}

/// `yes` when a refund was made as a reversal of the payment: the messages' `$reversal`.
fn reversal(r: &RefundRecord) -> &'static str {
    if r.method.as_deref() == Some("reversal") { "yes" } else { "no" }
}

/// One refund: when, how much, where it stands and the provider's own word for it.
fn refund_line(link: &Link, r: &RefundRecord) {
    let says = |w: &str| say::msg(Msg::new("cli-refund-says").text("provider", link.provider.to_string()).text("word", w));
    let word = r.provider_status.as_deref().map(|w| format!(" {}", says(&one_line(w, MAX_WORD)))).unwrap_or_default();
    let how = say::msg(Msg::new("cli-refund-how").text("reversal", reversal(r)));
    let why = r.reason.as_deref().map(|w| format!("  {}", say::msg(Msg::new("cli-quoted").text("text", w)))).unwrap_or_default();
    outln!("  {}  {}{how}  {}{word}  {}{why}", say::time(&r.created_at), say::money(r.amount_minor, link.currency), say::status(r.state.as_str()), r.reference);
    if let Some(e) = &r.error {
        outln!("      {}", one_line(e, MAX_MESSAGE));
    }
}

/// After `link refund`.
pub fn refunded(done: &Refunded) {
    let (r, link) = (&done.refund, &done.link);
    let said = Msg::new(if r.state.as_str() == "processed" { "cli-refund-done" } else { "cli-refund-asked" })
        .text("amount", say::money(r.amount_minor, link.currency))
        .num("link", link.id)
        .text("provider", link.provider.to_string())
        .text("reversal", reversal(r))
        .text("word", say::status(r.provider_status.as_deref().unwrap_or("pending")));
    outln!("{}", say::msg(said));
    link_out(link, false, false);
}

pub fn table(page: &Page) {
    if page.links.is_empty() {
        outln!("{}", t("cli-no-links"));
        return;
    }
    // The till only when the history has several: one till's history reads as before.
    let tills = page.tills.len() > 1;
    let till_of = |l: &Link| if tills { format!("  {}", l.till.as_deref().unwrap_or("")) } else { String::new() };
    let [id, created, provider, mode, amount, status, email] =
        ["cli-col-id", "cli-col-created", "cli-col-provider", "cli-col-mode", "cli-col-amount", "cli-col-status", "cli-col-email"].map(t);
    let w = [say::width(&id, 6), say::width(&created, 19), say::width(&provider, 8), say::width(&mode, 8).max(t("badge-training").chars().count()), say::width(&amount, 16), say::width(&status, 22), say::width(&email, 28)];
    outln!(
        "{id:>w0$}  {created:<w1$}  {provider:<w2$}  {mode:<w3$}  {amount:>w4$}  {status:<w5$}  {email:<w6$}  {}{}",
        t("cli-col-reference"),
        if tills { format!("  {}", t("cli-col-till")) } else { String::new() },
        w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6]
    );
    for l in &page.links {
        let amount = say::money(l.amount_minor, l.currency);
        let status = format!("{}{}", say::status(l.status), own_word(l.status, l.provider_status.as_deref()));
        outln!(
            "{:>w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {:>w4$}  {:<w5$}  {:<w6$}  {}{}",
            l.id,
            say::stamp(&l.created_at),
            l.provider.slug(),
            mode_word(l),
            amount,
            status,
            l.customer_email,
            l.reference,
            till_of(l),
            w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6]
        );
    }
    if page.total_capped || page.total > page.links.len() as u64 {
        let total = say::count(page.total) + if page.total_capped { "+" } else { "" };
        outln!("{}", say::msg(Msg::new("cli-shown-of").num("shown", page.links.len() as i64).text("total", total)));
    }
    for l in page.links.iter().filter_map(|l| l.paid_twice.as_ref()) {
        outln!("!!! {}", say::msg(l.message_l10n.clone()));
    }
}

fn attempts(links: &[Link]) {
    for l in links {
        let note = l.last_error.as_deref().map(|e| format!("  {}", one_line(e, MAX_MESSAGE))).unwrap_or_default();
        let line = Msg::new("cli-attempt").text("link", format!("{:<6}", l.id)).text("provider", format!("{:<9}", l.provider.slug()));
        outln!("  {}{}{note}", say::msg(line.text("status", say::status(l.status))), own_word(l.status, l.provider_status.as_deref()));
    }
}

/// `paydesk sale show`: the sale and every attempt.
pub fn sale(s: &Sale) {
    let mode = match s.mode.as_str() {
        "live" => t("badge-live"),
        "test" => t("badge-test"),
        "training" => t("badge-training"),
        other => other.to_uppercase(),
    };
    let head = Msg::new("cli-sale-head").num("id", s.id).text("amount", say::money(s.amount_minor, s.currency)).text("email", s.customer_email.clone());
    outln!("{}", say::msg(head.text("mode", mode)));
    outln!("{}{}", label("cli-label-uid"), s.uid);
    if let Some(d) = &s.description {
        outln!("{}{d}", label("cli-label-for"));
    }
    outln!("{}{}", label("cli-label-created"), say::time(&s.created_at));
    let cancelled = if s.cancelled_at.is_some() { format!(" {}", t("cli-sale-cancelled")) } else { String::new() };
    outln!("{}{}{cancelled}", label("cli-label-status"), say::status(s.status));
    if let Some(earlier) = s.duplicate_of {
        outln!("{}{}", label("cli-label-note"), say::msg(Msg::new("cli-sale-duplicate-of").num("link", earlier)));
    }
    outln!("\n{}", t("cli-heading-attempts"));
    attempts(&s.attempts);
    for twice in s.attempts.iter().filter_map(|l| l.paid_twice.as_ref()) {
        outln!("!!! {}", say::msg(twice.message_l10n.clone()));
    }
}

pub fn keys(keys: &[KeyStatus]) {
    for k in keys {
        let state = if k.configured {
            let m = Msg::new("cli-key-configured").text("last4", k.last4.clone().unwrap_or_default()).text("source", k.source.unwrap_or("keyring"));
            say::msg(m)
        } else {
            t("cli-key-not-configured")
        };
        outln!("{:<10} {:<5} {state}", k.provider.slug(), say::mode(k.mode));
    }
}

pub fn summary(s: &VerifySummary) {
    let head = Msg::new("cli-verify-summary").num("checked", s.checked as i64).num("changed", s.changed.len() as i64).num("errors", s.errors.len() as i64);
    outln!("{}", say::msg(head));
    for c in &s.changed {
        let m = Msg::new("cli-verify-changed").num("link", c.id).text("reference", c.reference.clone());
        outln!("  {}", say::msg(m.text("from", say::status(c.from)).text("to", say::status(c.to))));
    }
    if s.refunds_checked > 0 {
        outln!("{}", say::msg(Msg::new("cli-verify-refunds").num("links", s.refunds_checked as i64).num("settled", s.refunds.len() as i64)));
    }
    for r in &s.refunds {
        let m = Msg::new("cli-verify-refund").num("link", r.link_id).text("reference", r.reference.clone());
        outln!("  {}", say::msg(m.text("state", say::status(r.to.as_str()))));
    }
    for (id, e) in &s.errors_l10n {
        outln!("  {}", say::msg(Msg::new("cli-verify-error").num("link", *id).msg("error", e.clone())));
    }
}

pub fn setting(e: &Effective) {
    let value = e.value.clone().unwrap_or_else(|| t("cli-not-set"));
    let source = say::msg(Msg::new("cli-setting-source").text("source", format!("{:?}", e.source)));
    // The key with `-` for `.`: a Fluent variant key cannot hold a dot.
    let help = say::msg(Msg::new("cli-setting-help").text("key", e.key.replace('.', "-")).text("help", e.help));
    outln!("{} = {value}  [{source}]  {help}", e.key);
}
