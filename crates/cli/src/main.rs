//! `paydesk`: the command-line front end. Parses arguments, calls the core's use cases, prints.
//! Exit status: 0 on success, 2 for bad input or usage (nothing written, nothing sent), 1 otherwise.

mod args;
// `#[macro_use]`: `outln!` (a `println!` that ends quietly when stdout is closed) reaches `run`.
#[macro_use]
mod print;
mod daylist;
mod progress;
mod refund;
mod report;
mod run;
mod say;
mod secrets;
mod shop;
mod usage;

use clap::Parser;
use paydesk_core::i18n::{self, Lang, Msg};
use paydesk_core::settings::Environment;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        // A usage error is one line on stderr; `--help` and `--version` print as clap writes them.
        Err(e) if e.use_stderr() => {
            let args: Vec<_> = std::env::args_os().skip(1).collect();
            eprintln!("{}", usage::line(&e, &args));
            return ExitCode::from(2);
        }
        Err(e) => {
            // A closed stdout (`paydesk --help | head -c1`) is the reader's choice, not a failure.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let env = Environment::from_process();
    // One thread drives every request (a CLI's work is waiting on the network; `verify --open`
    // keeps its many requests in flight on it), and SQLite and the keyring still run on the
    // blocking pool. Two worker threads cost each `link create` their start and a hand-over to
    // and from them: 0.3 to 0.5 ms of ~10 (alternated runs, docs/speed.md).
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    let outcome = runtime.block_on(run::run(cli, env));
    // Interrupted work may leave a lease release running on the blocking pool: give it a moment,
    // never more, so Ctrl-C ends the command at once.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The core's words are the window's too; only here is the way to insist a flag.
            eprintln!("paydesk: {}", one_line(&error_text(&e, say::lang())));
            ExitCode::from(exit_code(&e))
        }
    }
}

/// The error in the language `LC_ALL` / `LC_MESSAGES` / `LANG` ask for: English as the core
/// words it (with the provider's own words), or the catalogue's headline in another language
/// with those words in brackets.
fn error_text(e: &paydesk_core::Error, lang: Lang) -> String {
    let hint = match e {
        paydesk_core::Error::Duplicate { earlier, .. } => Some(Msg::new("cli-hint-again").num("link", *earlier)),
        // The window has a Retry button beside the sale; here it is a command, with the sale's link.
        paydesk_core::Error::Provider { kept: Some(link), .. } | paydesk_core::Error::Network { kept: Some(link), .. } => {
            Some(Msg::new("cli-hint-retry").num("link", *link))
        }
        _ => None,
    }
    .map(|m| i18n::format(lang, &m));
    let text = if lang == Lang::EN {
        e.to_string()
    } else {
        let headline = i18n::format(lang, &e.l10n());
        match e.details() {
            Some(d) => format!("{headline} ({d})"),
            None => headline,
        }
    };
    match hint {
        Some(hint) => format!("{text} {hint}"),
        None => text,
    }
}

fn exit_code(e: &paydesk_core::Error) -> u8 {
    match e.kind() {
        // A likely duplicate is refused before anything is written or sent, like bad input.
        "invalid" | "not_found" | "duplicate" => 2,
        // As a shell reports a command ended by Ctrl-C.
        "interrupted" => 130,
        _ => 1,
    }
}

/// Line breaks and runs of spaces become one space; the no-break spaces of French typography
/// (before `:`, inside « ») stay.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_ascii_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}
