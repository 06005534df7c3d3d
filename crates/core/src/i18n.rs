//! The languages paydesk speaks, and its messages in each: the Project Fluent catalogues in
//! `ui/locales/<code>/paydesk.ftl`, the same files the window reads, embedded at build time from
//! the list in `ui/locales/languages.json` (build.rs). The core names a message by id with its
//! arguments ([`Msg`]); a front end formats it in the person's language ([`format`]), and the
//! English text of an error is the English catalogue's.
//!
//! Numbers follow the language: French groups thousands with a narrow no-break space and writes
//! a decimal comma (`1 500,50`), as `Intl.NumberFormat("fr")` does in the window.

use crate::money::{format_minor_styled, Currency, NumberStyle};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// A language of the catalogue, by its code (`en`, `fr`, …) in `languages.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(usize);

impl Lang {
    /// English: the fallback for every message and the language of logs.
    pub const EN: Lang = Lang(0);

    pub fn code(self) -> &'static str {
        CATALOGUES[self.0].0
    }

    /// The language's own name, as the language menu shows it.
    pub fn name(self) -> &'static str {
        CATALOGUES[self.0].1
    }

    /// Every language, in the list's order.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..CATALOGUES.len()).map(Lang)
    }

    /// The language for a code or locale tag (`fr`, `fr-CA`, `fr_FR.UTF-8`), if paydesk has it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_', '.', '@']).next()?.to_ascii_lowercase();
        Lang::all().find(|l| l.code() == primary)
    }

    /// How this language writes numbers (`decimal` and `group` in languages.json): French
    /// `1 500,50`, English `1,500.50`.
    pub fn number_style(self) -> NumberStyle {
        let (_, _, _, decimal, group) = CATALOGUES[self.0];
        NumberStyle { decimal, group }
    }
}

/// The locale a POSIX environment names for messages: `LC_ALL`, then `LC_MESSAGES`, then `LANG`
/// (the first one set and not empty wins, as in gettext).
fn messages_locale(get: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"].iter().filter_map(|k| get(k).filter(|v| !v.trim().is_empty())).next()
}

/// The language asked for by a POSIX environment ([`messages_locale`]); English when it names
/// none paydesk has.
pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Lang {
    messages_locale(get).and_then(|v| Lang::from_tag(&v)).unwrap_or(Lang::EN)
}

/// The locale the POSIX environment names, as a BCP 47 tag: the variable [`from_env`] reads,
/// without its codeset or modifier (`fr_CA.UTF-8` → `fr-CA`, `de_DE@euro` → `de-DE`); none for
/// `C`, `POSIX` or anything that is not a language with an optional region.
pub fn env_locale(get: impl Fn(&str) -> Option<String>) -> Option<String> {
    let value = messages_locale(get)?;
    let name = value.trim().split(['.', '@']).next()?;
    let mut parts = name.split(['_', '-']);
    let language = parts.next()?;
    let region = parts.next();
    let letters = |s: &str, n: std::ops::RangeInclusive<usize>| n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic());
    if !letters(language, 2..=3) || parts.next().is_some() {
        return None;
    }
    let language = language.to_ascii_lowercase();
    match region {
        None => Some(language),
        Some(r) if letters(r, 2..=2) => Some(format!("{language}-{}", r.to_ascii_uppercase())),
        Some(r) if r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit()) => Some(format!("{language}-{r}")),
        Some(_) => None,
    }
}

/// The locale a window formats numbers and dates in when it shows `shown`: the environment's
/// locale ([`env_locale`]) when it is that language (`fr-CA` keeps its region's formats), else the
/// language alone.
/// `ui/js/i18n.js` `locale()` applies the same rule to the `os_locale` the window is given, for the
/// language the customer window may switch to.
///
/// The app also hands it to WebKitGTK as the web context's preferred language
/// (`src-tauri/src/windows.rs`): WebKit lays `<input type="date">` out in that language's order
/// and ignores the page's `lang`. Left to itself it takes the C library's locale, so the field
/// followed the computer's language rather than the one shown, and read month first (`en-US`)
/// wherever the computer's locale is not installed.
pub fn window_locale(shown: Lang, os_locale: Option<&str>) -> String {
    match os_locale {
        Some(os) if Lang::from_tag(os) == Some(shown) => os.to_string(),
        _ => shown.code().to_string(),
    }
}

/// The `ui.language` setting (`auto`, or a language code) over the OS's wish.
pub fn choose(setting: Option<&str>, os: Lang) -> Lang {
    match setting.map(str::trim) {
        None | Some("") | Some("auto") => os,
        Some(code) => Lang::from_tag(code).unwrap_or(os),
    }
}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// An amount, written in the reader's language; the window gets `{minor, currency}`.
    Money { minor: i64, currency: Currency },
    /// An amount written code first, as the window writes money and the core's sentences always
    /// did: `NGN 1,500.50`, `NGN 1 500,50` in French; the window gets `{minor, currency}`.
    Amount { minor: i64, currency: Currency },
    /// A message said inside another (a status word, the reason a value was refused), in the
    /// same language; the window gets `{id, args}`.
    Msg(#[serde(serialize_with = "nested")] Box<Msg>),
}

fn nested<S: serde::Serializer>(msg: &Msg, s: S) -> Result<S::Ok, S::Error> {
    as_object(msg, s)
}

/// A message as the window takes it, `{id, args}` with `args` an object (what `Msg`'s own
/// `Serialize` writes; kept for `#[serde(serialize_with = "crate::i18n::as_object")]`).
pub fn as_object<S: serde::Serializer>(msg: &Msg, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(2))?;
    map.serialize_entry("id", msg.id)?;
    map.serialize_entry("args", &msg.args_json())?;
    map.end()
}

/// A message of the catalogue: its id and arguments. The window receives it as `{id, args}`,
/// `args` an object, so an `Option<Msg>` or a list of them in a reply needs no helper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl serde::Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        as_object(self, s)
    }
}

impl Msg {
    pub fn new(id: &'static str) -> Msg {
        Msg { id, args: Vec::new() }
    }

    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Msg {
        self.args.push((name, Arg::Text(value.into())));
        self
    }

    pub fn num(mut self, name: &'static str, value: i64) -> Msg {
        self.args.push((name, Arg::Number(value)));
        self
    }

    pub fn money(mut self, name: &'static str, minor: i64, currency: Currency) -> Msg {
        self.args.push((name, Arg::Money { minor, currency }));
        self
    }

    /// An amount, code first (`NGN 1,500.50`), written in the reader's language.
    pub fn amount(mut self, name: &'static str, minor: i64, currency: Currency) -> Msg {
        self.args.push((name, Arg::Amount { minor, currency }));
        self
    }

    /// Another message as an argument, said in the same language as this one.
    pub fn msg(mut self, name: &'static str, value: Msg) -> Msg {
        self.args.push((name, Arg::Msg(Box::new(value))));
        self
    }

    /// The arguments as the window receives them: a JSON object.
    pub fn args_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.args.iter().map(|(k, v)| (k.to_string(), serde_json::to_value(v).unwrap_or_default())).collect()
    }
}

/// The language's bundle, its catalogue parsed the first time it is needed: a CLI run in English
/// never parses the French file (about a third of a millisecond a process, `perf`).
fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<Vec<OnceLock<FluentBundle<FluentResource>>>> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| CATALOGUES.iter().map(|_| OnceLock::new()).collect());
    all[lang.0].get_or_init(|| {
        let (code, _, ftl, _, _) = CATALOGUES[lang.0];
        let res = FluentResource::try_new(ftl.to_string()).unwrap_or_else(|(_, errs)| panic!("{code}/paydesk.ftl: {errs:?}"));
        let mut bundle = FluentBundle::new_concurrent(vec![code.parse().expect("a language code")]);
        // No FSI/PDI marks around arguments: messages go to terminals, logs and tests.
        bundle.set_use_isolating(false);
        bundle.add_resource(res).unwrap_or_else(|errs| panic!("{code}/paydesk.ftl: {errs:?}"));
        bundle
    })
}

/// The whole Fluent catalogue of a language, as the window loads it.
pub fn catalogue(lang: Lang) -> &'static str {
    CATALOGUES[lang.0].2
}

/// Whether the language's catalogue has the message `id`.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// The ids of every message in a language's catalogue.
pub fn ids(lang: Lang) -> Vec<String> {
    let (_, _, ftl, _, _) = CATALOGUES[lang.0];
    ftl.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
        .collect()
}

/// The message in `lang`, falling back to English when the language lacks it, and to the id
/// itself when English does too (a test keeps that from happening).
pub fn format(lang: Lang, msg: &Msg) -> String {
    let lang = if has(lang, msg.id) { lang } else { Lang::EN };
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(msg.id).and_then(|m| m.value()) else {
        return msg.id.to_string();
    };
    let mut args = FluentArgs::new();
    for (name, value) in &msg.args {
        let v: FluentValue = match value {
            Arg::Text(s) => s.clone().into(),
            // Plain digits: Fluent's plural rules still see the number.
            Arg::Number(n) => (*n).into(),
            Arg::Money { minor, currency } => format!("{} {currency}", format_minor_styled(*minor, *currency, lang.number_style())).into(),
            Arg::Amount { minor, currency } => format!("{currency} {}", format_minor_styled(*minor, *currency, lang.number_style())).into(),
            Arg::Msg(inner) => format(lang, inner).into(),
        };
        args.set(*name, v);
    }
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned()
}

/// The English text of a message: what logs, the CLI and `Error`'s Display say.
pub fn english(msg: &Msg) -> String {
    format(Lang::EN, msg)
}

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
