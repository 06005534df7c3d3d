//! `paydesk`: the command-line front end. Parses arguments, calls the core's use cases, prints.
//! Exit status: 0 on success, 2 for bad input or usage (nothing written, nothing sent), 1 otherwise.

mod args;
// `#[macro_use]`: `outln!` (a `println!` that ends quietly when stdout is closed) reaches `run`.
#[macro_use]
mod print;
mod progress;
mod refund;
mod report;
mod run;
mod secrets;
mod shop;
mod usage;

use clap::Parser;
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
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
    let outcome = runtime.block_on(run::run(cli, env));
    // Interrupted work may leave a lease release running on the blocking pool: give it a moment,
    // never more, so Ctrl-C ends the command at once.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The core's words are the window's too; only here is the way to insist a flag.
            let hint = if e.kind() == "duplicate" { " To make it anyway, add --again." } else { "" };
            eprintln!("paydesk: {}{hint}", one_line(&e.to_string()));
            ExitCode::from(exit_code(&e))
        }
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

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
