use super::*;
use crate::link::{Mode, ProviderId};
use crate::money::Money;
use crate::Error;

fn fr() -> Lang {
    Lang::from_tag("fr").expect("French is in languages.json")
}

/// Every id the core names (`Msg::new("…")`, and the pairs `Error::l10n` picks from), read from
/// the sources themselves so a new message cannot be forgotten.
fn ids_the_core_uses() -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n_tests.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split("Msg::new(\"").skip(1).chain(text.split("kept(\"").skip(1)) {
                    found.push(piece.split('"').next().unwrap().to_string());
                }
                // the second id of a `kept("a", "b", …)` pair
                for piece in text.split("kept(\"").skip(1) {
                    if let Some(second) = piece.split('"').nth(2) {
                        found.push(second.to_string());
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_id_the_core_uses_is_in_every_language() {
    let used = ids_the_core_uses();
    assert!(used.len() >= 20, "the scan found too few ids: {used:?}");
    for lang in Lang::all() {
        for id in &used {
            assert!(has(lang, id), "{id} is used by the core but missing from {}/paydesk.ftl", lang.code());
        }
    }
}

#[test]
fn every_english_message_has_a_translation() {
    let en = ids(Lang::EN);
    assert!(en.len() > 100, "{}", en.len());
    for lang in Lang::all() {
        for id in &en {
            assert!(has(lang, id), "{id} is missing from {}/paydesk.ftl", lang.code());
        }
        for id in ids(lang) {
            assert!(has(Lang::EN, &id), "{id} in {}/paydesk.ftl is not in English", lang.code());
        }
    }
}

#[test]
fn the_english_catalogue_says_what_the_core_always_said() {
    let errors = [
        Error::NotConfigured { provider: ProviderId::Dojo, mode: Mode::Live },
        Error::KeyRefused { provider: ProviderId::Paystack, mode: Mode::Test, said: "Invalid key.".into() },
        Error::Provider { provider: ProviderId::Dojo, status: Some(503), message: "x".into(), kept: Some(4) },
        Error::Provider { provider: ProviderId::Dojo, status: Some(400), message: "x".into(), kept: None },
        Error::Network { provider: ProviderId::Payroc, message: "x".into(), kept: Some(7) },
        Error::Network { provider: ProviderId::Payroc, message: "x".into(), kept: None },
        Error::NotFound("No link 9.".into()),
    ];
    for e in errors {
        assert_eq!(english(&e.l10n()), e.headline(), "{e:?}");
    }
}

#[test]
fn core_errors_read_in_french() {
    let e = Error::Network { provider: ProviderId::Payroc, message: "timeout".into(), kept: Some(7) };
    assert_eq!(
        format(fr(), &e.l10n()),
        "Payroc n’a pas répondu. La vente est gardée\u{a0}: réessayez quand Payroc sera joignable."
    );
    // an English-only message is shown as it is, never as an id
    assert_eq!(format(fr(), &Error::NotFound("No link 9.".into()).l10n()), "No link 9.");
}

#[test]
fn amounts_in_french_messages_are_written_the_french_way() {
    let e = Money::parse("2000000", crate::money::Currency::NGN, Some(1_000_000)).unwrap_err();
    assert_eq!(e.to_string(), "The amount is too large: at most 1,000,000.00 NGN per link.");
    assert_eq!(format(fr(), &e.l10n()), "Le montant est trop élevé\u{a0}: au plus 1\u{202f}000\u{202f}000,00 NGN par lien.");
}

#[test]
fn french_amounts_are_read_exactly_or_refused() {
    use crate::money::{Currency, NumberStyle};
    let fr_style = fr().number_style();
    assert_eq!(fr_style, NumberStyle::FRENCH);
    for typed in ["1 500,50", "1\u{a0}500,50", "1\u{202f}500,50", "1500,50"] {
        assert_eq!(Money::parse_styled(typed, Currency::NGN, None, fr_style).unwrap().minor, 150050, "{typed:?}");
    }
    for typed in ["1 50,50", "1,500.50", "1500,505", "1,5,0"] {
        let e = Money::parse_styled(typed, Currency::NGN, None, fr_style).unwrap_err();
        assert_eq!(e.kind(), "invalid", "{typed:?}");
        assert!(!format(fr(), &e.l10n()).is_empty());
    }
    let e = Money::parse_styled("1 50,50", Currency::NGN, None, fr_style).unwrap_err();
    assert_eq!(format(fr(), &e.l10n()), "«\u{a0}1\u{202f}50,50\u{a0}» a une espace mal placée\u{a0}: groupez les milliers par trois, ou n’en mettez pas.");
    let e = Money::parse_styled("1500,505", Currency::NGN, None, fr_style).unwrap_err();
    assert_eq!(format(fr(), &e.l10n()), "NGN n’a que 2 décimales\u{a0}: «\u{a0}1500,505\u{a0}» en a 3.");
    assert_eq!(e.to_string(), "NGN has only 2 decimal places: \"1500,505\" has 3.");
}

#[test]
fn the_language_follows_the_environment_then_the_setting() {
    let env = |pairs: &'static [(&'static str, &'static str)]| move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
    assert_eq!(from_env(env(&[("LANG", "fr_FR.UTF-8")])), fr());
    assert_eq!(from_env(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")])), Lang::EN);
    assert_eq!(from_env(env(&[("LANG", "en_GB.UTF-8"), ("LC_MESSAGES", "fr_CA")])), fr());
    assert_eq!(from_env(env(&[("LC_ALL", ""), ("LANG", "fr")])), fr());
    assert_eq!(from_env(env(&[("LANG", "de_DE.UTF-8")])), Lang::EN);
    assert_eq!(from_env(env(&[])), Lang::EN);
    assert_eq!(choose(Some("auto"), fr()), fr());
    assert_eq!(choose(Some("en"), fr()), Lang::EN);
    assert_eq!(choose(None, Lang::EN), Lang::EN);
    assert_eq!(Lang::EN.code(), "en");
    assert_eq!(fr().name(), "Français");
}

#[test]
fn the_window_formats_in_its_language_with_the_computers_region_when_it_speaks_it() {
    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }
    let locale = |shown, pairs| window_locale(shown, env_locale(env(pairs)).as_deref());
    assert_eq!(locale(fr(), &[("LANG", "fr_FR.UTF-8")]), "fr-FR");
    assert_eq!(locale(fr(), &[("LANG", "fr_CA.UTF-8")]), "fr-CA");
    assert_eq!(locale(Lang::EN, &[("LANG", "en_GB.UTF-8")]), "en-GB");
    // French chosen on an English computer: French formats, day first.
    assert_eq!(locale(fr(), &[("LANG", "en_US.UTF-8")]), "fr");
    assert_eq!(locale(Lang::EN, &[("LANG", "de_DE@euro")]), "en");
    // The variable from_env reads decides, as it decides the language.
    assert_eq!(locale(fr(), &[("LANG", "en_GB.UTF-8"), ("LC_MESSAGES", "fr_BE")]), "fr-BE");
    assert_eq!(locale(fr(), &[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")]), "fr");
    assert_eq!(locale(fr(), &[("LANG", "C.UTF-8")]), "fr");
    assert_eq!(locale(Lang::EN, &[("LANG", "POSIX")]), "en");
    assert_eq!(locale(Lang::EN, &[]), "en");
    assert_eq!(env_locale(env(&[("LANG", "es_419.UTF-8")])).as_deref(), Some("es-419"));
    assert_eq!(env_locale(env(&[("LANG", "sr_RS@latin")])).as_deref(), Some("sr-RS"));
    // Not a locale: left out rather than handed to the engine.
    for odd in ["f", "français", "fr_FRA", "fr_F1", "fr_FR_x", "1r_FR", "fr FR", "en_US:fr", "_FR", "fr_"] {
        assert_eq!(env_locale(env(&[("LANG", odd)])), None, "{odd}");
    }
}

#[test]
fn a_message_reaches_the_window_as_an_id_and_an_object_of_arguments() {
    let msg = Msg::new("key-check-accepted").text("provider", "Paystack").text("mode", "test").msg("inner", Msg::new("error-text").text("text", "x"));
    let want = serde_json::json!({ "id": "key-check-accepted", "args": { "provider": "Paystack", "mode": "test", "inner": { "id": "error-text", "args": { "text": "x" } } } });
    assert_eq!(serde_json::to_value(&msg).unwrap(), want);
    // inside an Option or a list, as a reply's optional or per-item messages travel
    assert_eq!(serde_json::to_value(Some(&msg)).unwrap(), want);
    assert_eq!(serde_json::to_value(vec![(7, &msg)]).unwrap(), serde_json::json!([[7, want]]));
}
