//! A usage error as one line on stderr: what clap found wrong, and which `--help` to read.
//! clap's own rendering (error, tip, usage, "For more information…") spans 5–7 lines, which a
//! script's log or a shop's terminal shows as noise; the README promises one line.

use clap::error::ErrorKind;
use clap::{Command, CommandFactory};
use std::ffi::OsString;

/// `paydesk: <what is wrong> (see `paydesk <subcommands> --help`)` for an error clap parsed from
/// `args` (the arguments after the program name).
pub fn line(err: &clap::Error, args: &[OsString]) -> String {
    let mut cmd = crate::args::Cli::command();
    // Building propagates global options (`--data-dir`) to every subcommand, so walking the
    // arguments below knows they take a value.
    cmd.build();
    let (path, deepest) = typed_path(&cmd, args);
    let what = match err.kind() {
        // clap would print the whole help text here; name the subcommands instead.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let names: Vec<&str> = deepest.get_subcommands().map(Command::get_name).filter(|n| *n != "help").collect();
            if names.is_empty() {
                "arguments are needed".to_string()
            } else {
                format!("a subcommand is needed: {}", names.join(", "))
            }
        }
        _ => message(&err.render().to_string()),
    };
    format!("paydesk: {what} (see `{} --help`)", path.join(" "))
}

/// clap's rendered error without its `error: ` label, usage block and closing pointer to
/// `--help`, whitespace folded. Tips ("a similar subcommand exists") stay, after a `;`: they say
/// what to fix.
fn message(rendered: &str) -> String {
    let mut text = String::new();
    for line in rendered.lines().map(str::trim).take_while(|l| !l.starts_with("Usage:")) {
        if line.is_empty() || line.starts_with("For more information") {
            continue;
        }
        text.push_str(if line.starts_with("tip:") { "; " } else { " " });
        text.push_str(line);
    }
    let text = text.trim_start();
    let text = text.strip_prefix("error:").unwrap_or(text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The names of the deepest subcommand the user typed, from `paydesk` down, and that command.
/// Walks the arguments as clap would: an option that takes a value skips the next argument,
/// `--` ends options, and the first word that is not a known subcommand stops the walk.
fn typed_path<'a>(root: &'a Command, args: &[OsString]) -> (Vec<&'a str>, &'a Command) {
    let mut path = vec![root.get_name()];
    let mut cmd = root;
    let mut args = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let takes_value = cmd.get_arguments().any(|a| a.get_long() == Some(long) && a.get_action().takes_values());
            if takes_value {
                args.next();
            }
            continue;
        }
        if arg.starts_with('-') {
            continue;
        }
        if !cmd.has_subcommands() {
            continue; // a positional value
        }
        // `paydesk help link`: the help subcommand has no help of its own worth pointing to.
        match cmd.find_subcommand(arg).filter(|s| s.get_name() != "help") {
            Some(sub) => {
                path.push(sub.get_name());
                cmd = sub;
            }
            None => break,
        }
    }
    (path, cmd)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// The one line for `paydesk ARGS`, which must fail to parse.
    fn usage(args: &[&str]) -> String {
        let argv: Vec<OsString> = args.iter().map(OsString::from).collect();
        let err = crate::args::Cli::try_parse_from(std::iter::once(OsString::from("paydesk")).chain(argv.clone()))
            .err()
            .expect("a usage error");
        assert!(err.use_stderr(), "{args:?} goes to stderr");
        line(&err, &argv)
    }

    #[test]
    fn each_usage_error_is_one_line_naming_the_help_to_read() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["link", "create", "--email", "a@b.com"],
                "paydesk: the following required arguments were not provided: --amount <AMOUNT> (see `paydesk link create --help`)",
            ),
            (&["lnk"], "paydesk: unrecognized subcommand 'lnk'; tip: a similar subcommand exists: 'link' (see `paydesk --help`)"),
            (&["--data-dir", "key", "link", "creat"], "(see `paydesk link --help`)"),
            (&["link", "list", "--bogus"], "paydesk: unexpected argument '--bogus' found"),
            (&["link", "list", "--limit", "many"], "(see `paydesk link list --help`)"),
            (&["link"], "paydesk: a subcommand is needed: create, list, export, show, verify, retry, share, cancel, refund, qr (see `paydesk link --help`)"),
            (&[], "paydesk: a subcommand is needed: key, link, config, sale, hub, sync, report, backup, restore, pin, preset (see `paydesk --help`)"),
            (&["help", "nope"], "(see `paydesk --help`)"),
        ];
        for (args, want) in cases {
            let got = usage(args);
            assert!(got.contains(want), "{args:?}:\n got {got}\nwant {want}");
            assert!(!got.contains('\n') && !got.contains("Usage:") && !got.contains("For more information"), "{got}");
            assert!(got.starts_with("paydesk: ") && !got.starts_with("paydesk: error"), "{got}");
        }
    }
}
