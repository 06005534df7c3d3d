//! What the CLI says to people, in the language `LC_ALL` / `LC_MESSAGES` / `LANG` ask for
//! (English when they name none paydesk has): the `cli-*` messages of the catalogue (the `## cli`
//! block of `ui/locales/<code>/paydesk.ftl`, which the window reads too), and numbers, money and
//! dates written as that language writes them (French `1 500,50`, `02/12/2026`).
//!
//! `--json`, CSV and exit codes never go through here: scripts read them, in every language.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, NaiveDate, Utc};
use paydesk_core::i18n::{self, Lang, Msg};
use paydesk_core::money::{format_minor_styled, Currency, NumberStyle};
use std::sync::OnceLock;

/// The language of this process, read once from its environment.
pub fn lang() -> Lang {
    static LANG: OnceLock<Lang> = OnceLock::new();
    *LANG.get_or_init(|| i18n::from_env(|k| std::env::var(k).ok()))
}

/// A message with no arguments.
pub fn t(id: &'static str) -> String {
    msg(Msg::new(id))
}

/// A message with its arguments.
pub fn msg(m: Msg) -> String {
    i18n::format(lang(), &m)
}

/// How amounts are typed and written in this language: what `--amount` is read with.
pub fn style() -> NumberStyle {
    lang().number_style()
}

/// `1,500.50` (French `1 500,50`): exactly the currency's decimals.
pub fn amount(minor: i64, currency: Currency) -> String {
    format_minor_styled(minor, currency, style())
}

/// `NGN 1,500.50` (French `NGN 1 500,50`): the code first, as every table and line shows it.
pub fn money(minor: i64, currency: Currency) -> String {
    format!("{currency} {}", amount(minor, currency))
}

/// `1,234,567` (French `1 234 567`): counts a person reads.
pub fn count(n: u64) -> String {
    crate::progress::grouped(n, style().group)
}

/// `2026-12-02 14:05:09 UTC` (French `02/12/2026 14:05:09 UTC`).
pub fn time(t: &DateTime<Utc>) -> String {
    format!("{} UTC", stamp(t))
}

/// `2026-12-02 14:05:09`, for a column headed "(UTC)".
pub fn stamp(t: &DateTime<Utc>) -> String {
    static ITEMS: OnceLock<Vec<Item<'static>>> = OnceLock::new();
    t.format_with_items(ITEMS.get_or_init(|| pattern("cli-datetime", "%Y-%m-%d %H:%M:%S")).iter()).to_string()
}

/// `2026-12-02` (French `02/12/2026`).
pub fn date(d: NaiveDate) -> String {
    static ITEMS: OnceLock<Vec<Item<'static>>> = OnceLock::new();
    d.format_with_items(ITEMS.get_or_init(|| pattern("cli-date", "%Y-%m-%d")).iter()).to_string()
}

/// A time the history keeps as text (`2026-12-02T14:05:09.123Z`, the hub's last push): as it is
/// in English, which has always printed it so; in another language, written as [`time`] writes.
pub fn stored_time(raw: &str) -> String {
    match DateTime::parse_from_rfc3339(raw) {
        Ok(t) if lang() != Lang::EN => time(&t.with_timezone(&Utc)),
        _ => raw.to_string(),
    }
}

/// The strftime pattern the catalogue gives (read once per process); `fallback` when it is not
/// one, since a broken pattern would make chrono fail while printing.
fn pattern(id: &'static str, fallback: &'static str) -> Vec<Item<'static>> {
    let text: &'static str = Box::leak(t(id).into_boxed_str());
    let items: Vec<Item<'static>> = StrftimeItems::new(text).collect();
    if items.contains(&Item::Error) {
        StrftimeItems::new(fallback).collect()
    } else {
        items
    }
}

/// A status word (a link's `paid`, a refund's `pending`) as this language says it in a table.
pub fn status(word: impl std::fmt::Display) -> String {
    msg(Msg::new("cli-status").text("status", word.to_string()))
}

/// The test / live word of the mode column.
pub fn mode(word: impl std::fmt::Display) -> String {
    msg(Msg::new("cli-mode").text("mode", word.to_string()))
}

/// A label and its value's column: `URL:        ` — at least one space after the label.
pub fn label(id: &'static str) -> String {
    format!("{:<11} ", t(id))
}

/// The widest of a column's header (in this language) and its values' usual width.
pub fn width(header: &str, usual: usize) -> usize {
    header.chars().count().max(usual)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message id named in the CLI's sources (`"cli-…"`, and the window's `badge-…` and
    /// `hub-…` it reuses), read from the files so a new one cannot be forgotten.
    fn ids_the_cli_uses() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for prefix in ["\"cli-", "\"badge-", "\"hub-"] {
                for piece in text.split(prefix).skip(1) {
                    let rest: String = piece.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-').collect();
                    // (not the prefixes themselves, as this test names them)
                    if !rest.is_empty() && piece[rest.len()..].starts_with('"') {
                        found.push(format!("{}{rest}", &prefix[1..]));
                    }
                }
            }
        }
        found.sort();
        found.dedup();
        found
    }

    #[test]
    fn every_message_the_cli_names_is_in_every_language() {
        let used = ids_the_cli_uses();
        assert!(used.len() > 100, "the scan found too few ids: {used:?}");
        for lang in Lang::all() {
            for id in &used {
                assert!(i18n::has(lang, id), "{id} is used by the CLI but missing from {}/paydesk.ftl", lang.code());
            }
        }
    }

    #[test]
    fn the_selectors_say_what_the_cli_said_in_english_and_translate_in_french() {
        let fr = Lang::from_tag("fr").unwrap();
        let en = |m: Msg| i18n::format(Lang::EN, &m);
        let done = |rev: &str| Msg::new("cli-refund-done").text("amount", "NGN 5.00").num("link", 3).text("provider", "Paystack").text("reversal", rev);
        assert_eq!(en(done("no")), "Refunded NGN 5.00 of link 3 through Paystack.");
        assert_eq!(en(done("yes")), "Refunded NGN 5.00 of link 3 through Paystack, as a reversal of the payment (its batch was still open).");
        let exported = |n: i64| Msg::new("cli-exported").num("count", n).text("rows", n.to_string()).text("file", "x.csv");
        assert_eq!(en(exported(1)), "Exported 1 link to x.csv.");
        assert_eq!(en(exported(0)), "Exported 0 links to x.csv.");
        assert_eq!(i18n::format(fr, &exported(2)), "2 liens exportés dans x.csv.");
        for word in ["open", "partially_refunded", "processed", "someword"] {
            assert_eq!(en(Msg::new("cli-status").text("status", word)), word);
        }
        assert_eq!(i18n::format(fr, &Msg::new("cli-status").text("status", "paid")), "payé");
        assert_eq!(i18n::format(fr, &Msg::new("cli-status").text("status", "someword")), "someword");
        for (id, arg, word) in [("cli-operation", "kind", "share"), ("cli-reference-state", "state", "Void"), ("cli-setting-source", "source", "Env")] {
            assert_eq!(en(Msg::new(id).text(arg, word)), word, "{id}");
        }
        assert_eq!(i18n::format(fr, &Msg::new("cli-operation").text("kind", "cancel")), "annulation");
        assert_eq!(en(Msg::new("cli-mode-badge").text("mode", "live")), "LIVE mode: real money");
        assert_eq!(en(Msg::new("cli-mode-badge").text("mode", "training")), "TRAINING: not a payment");
        assert_eq!(i18n::format(fr, &Msg::new("cli-mode-badge").text("mode", "live")), "mode RÉEL\u{a0}: argent réel");
    }

    #[test]
    fn every_setting_has_its_help_in_every_language() {
        for spec in paydesk_core::settings::specs() {
            let help = Msg::new("cli-setting-help").text("key", spec.key.replace('.', "-")).text("help", spec.help);
            assert_eq!(i18n::format(Lang::EN, &help), spec.help);
            for lang in Lang::all().filter(|l| *l != Lang::EN) {
                assert_ne!(i18n::format(lang, &help), spec.help, "{}: cli-setting-help has no {} variant", lang.code(), spec.key);
            }
        }
    }

    #[test]
    fn dates_follow_the_catalogue_pattern() {
        let items = pattern("cli-date", "%Y-%m-%d");
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(d.format_with_items(items.iter()).to_string(), "2026-12-02", "the tests run in English");
        let fr = StrftimeItems::new("%d/%m/%Y").collect::<Vec<_>>();
        assert!(!fr.contains(&Item::Error));
    }
}
