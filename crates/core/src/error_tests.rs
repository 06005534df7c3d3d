//! Every error the core raises is a message of the catalogue: its English is the words the
//! core always said (tests, the README and the CLI quote them), and in French it reads French.

use super::*;
use crate::i18n::{english, format, Lang};
use crate::link::{check_one_line, validate_email, Mode};
use crate::settings;

fn fr() -> Lang {
    Lang::from_tag("fr").expect("French is in languages.json")
}

fn err<T: std::fmt::Debug>(r: Result<T>) -> Error {
    r.expect_err("an error")
}

/// Errors made the way the core makes them, with the English the core has always said.
fn said_before() -> Vec<(Error, &'static str)> {
    vec![
        (err("fast".parse::<Mode>()), "Unknown mode \"fast\": use test or live."),
        (err(validate_email("")), "Enter the customer's email address."),
        (err(validate_email("a@b")), "\"a@b\" has no full domain: check the part after @, as in name@example.com."),
        (err(validate_email("nope")), "\"nope\" is not an email address: check it, as in name@example.com."),
        (
            err(check_one_line("description", "a\u{202E}b")),
            "The description contains a hidden control that changes the direction of text (U+202E): remove it and keep it to one line of plain text.",
        ),
        (err(check_one_line("name", "a\u{2028}b")), "The name contains a line break (U+2028): remove it and keep it to one line of plain text."),
        (
            err(check_one_line("value", "a\nb")),
            "The shop name contains a control character (U+000A): remove it and keep it to one line of plain text.",
        ),
        (err(settings::spec("duplicate.window_minutes").unwrap().check("x")), "The window must be a whole number of minutes from 0 (off) to 1440."),
        (err(settings::spec("mode").unwrap().check("fast")), "Unknown mode \"fast\": use test or live."),
        (err(crate::report::parse_date("from", "31/03")), "\"31/03\" is not a date: use YYYY-MM-DD, as in 2024-03-31."),
        (err("XX1".parse::<crate::money::Currency>()), "\"XX1\" is not an ISO 4217 currency code: type three letters, for example NGN or USD."),
        (err(crate::provider::paystack::mode_of_key("pk_test_1")), "That is a Paystack public key (pk_…): paste the secret key, which starts with sk_test_ or sk_live_."),
        (Error::from(std::io::Error::other("disk on fire")), "disk on fire"),
        (
            Error::busy(Msg::new("error-link-held").num("link", 4).text("since", "none")),
            "Link 4 is being sent to the provider by another till: wait for it to finish, then retry.",
        ),
        (
            Error::busy(Msg::new("error-link-held-here").num("link", 4).text("pid", "77").text("since", "12:00:00")),
            "Link 4 is being sent to the provider by another paydesk on this till (process 77) since 12:00:00: wait for it to finish, or stop that process, then retry.",
        ),
        (
            Error::busy(Msg::new("error-refund-held").num("link", 4).text("pid", "none")),
            "A refund of link 4 is being sent by another paydesk: wait for it to finish, then look at the link again.",
        ),
        (
            Error::busy(Msg::new("error-refund-held").num("link", 4).text("pid", "9")),
            "A refund of link 4 is being sent by another paydesk (process 9): wait for it to finish, then look at the link again.",
        ),
        (
            Error::io(Msg::new("error-file").text("action", "move-aside").text("path", "/x").text("detail", "boom")),
            "Cannot move aside /x: boom",
        ),
        (Error::conflict(Msg::new("error-link-already").num("link", 3).msg("status", crate::link::LinkStatus::Paid.word())), "Link 3 is already paid."),
        (
            Error::conflict(Msg::new("error-history-unknown-word").text("what", "reference").text("word", "zz")),
            "Unknown reference state \"zz\" in the history.",
        ),
        (
            Error::Refused {
                provider: crate::link::ProviderId::Paystack,
                message: Msg::new("error-page-refused")
                    .text("provider", "Paystack")
                    .text("address", "\"http://x\"")
                    .msg("why", Msg::new("page-url-http"))
                    .into(),
            },
            "Paystack sent a payment page address paydesk refused (\"http://x\"): it is a plain http:// address, not https://. Nothing was shown to the customer or put in a QR code.",
        ),
        (
            Error::Refused {
                provider: crate::link::ProviderId::Payroc,
                message: Msg::new("error-payroc-token-refused").text("said", "Bad.").text("mode", "test").into(),
            },
            "Payroc said: Bad. A fresh token was refused too: check that payroc.base_url and payroc.identity_url both point at Payroc's UAT (test) environment.",
        ),
        (
            Error::invalid_msg("url", Msg::new("error-hub-url").text("why", "no-host")),
            "The hub address cannot be used: it names no host.",
        ),
        (
            Error::invalid_msg(
                "amount",
                Msg::new("error-refund-too-much").amount("amount", 200000, crate::money::Currency::NGN).amount("left", 150050, crate::money::Currency::NGN).num("link", 7),
            ),
            "NGN 2,000.00 is more than the NGN 1,500.50 left to refund on link 7.",
        ),
        (
            Error::invalid_msg("url", Msg::new("error-hub-url").text("why", "form")),
            "The hub address cannot be used: write it as postgresql://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require.",
        ),
        (
            Error::invalid_msg("url", Msg::new("error-hub-url").text("why", "no-tls")),
            "The hub address cannot be used: a hub on another machine needs TLS: add ?sslmode=require (the password and the shop's sales would cross the network in clear text).",
        ),
        (
            Error::invalid_msg("value", Msg::new("error-env-setting").text("name", "PAYDESK_MODE").msg("what", err("x".parse::<Mode>()).l10n())),
            "PAYDESK_MODE: Unknown mode \"x\": use test or live.",
        ),
    ]
}

#[test]
fn the_english_text_is_what_the_core_always_said_and_kind_is_kept() {
    for (e, english_words) in said_before() {
        assert_eq!(e.to_string(), english_words, "{e:?}");
        assert_eq!(english(&e.l10n()), english_words, "{e:?}");
        assert_ne!(e.l10n().id, "error-text", "{e:?} is said in English only");
    }
    assert_eq!(err("fast".parse::<Mode>()).kind(), "invalid");
    assert_eq!(Error::not_found(Msg::new("error-no-link-number").num("link", 9)).kind(), "not_found");
    assert_eq!(Error::from(std::io::Error::other("x")).kind(), "io");
}

#[test]
fn core_errors_read_in_french() {
    for (e, english_words) in said_before() {
        let french = format(fr(), &e.l10n());
        assert_ne!(french, english_words, "{e:?} is not French");
        assert!(!french.contains("error-") && !french.contains("status-word"), "{french}");
    }
    let said = |e: Error| format(fr(), &e.l10n());
    assert_eq!(said(err(validate_email(""))), "Saisissez l’adresse e-mail du client.");
    assert_eq!(
        said(Error::conflict(Msg::new("error-link-already").num("link", 3).msg("status", crate::link::LinkStatus::Paid.word()))),
        "Le lien 3 est déjà payé."
    );
    assert_eq!(
        said(err(check_one_line("description", "a\u{2028}b"))),
        "La description contient un saut de ligne (U+2028)\u{a0}: retirez-le et gardez une seule ligne de texte simple."
    );
    assert_eq!(said(err(settings::spec("backup.keep_days").unwrap().check("0"))), "Gardez les sauvegardes un nombre entier de jours, de 1 à 3650.");
    assert_eq!(
        said(Error::busy(Msg::new("error-link-held").num("link", 4).text("since", "12:00:00"))),
        "Le lien 4 est en cours d’envoi au prestataire par une autre caisse depuis 12:00:00\u{a0}: attendez la fin, puis réessayez."
    );
    // Amounts are written the French way, code first as the window writes money.
    assert_eq!(
        said(Error::invalid_msg(
            "amount",
            Msg::new("error-refund-too-much").amount("amount", 200000, crate::money::Currency::NGN).amount("left", 150050, crate::money::Currency::NGN).num("link", 7),
        )),
        "NGN 2\u{202f}000,00 dépasse les NGN 1\u{202f}500,50 qu’il reste à rembourser sur le lien 7."
    );
    // The OS's own words stay as they are, inside a French sentence.
    assert_eq!(said(Error::from(std::io::Error::other("disk on fire"))), "Erreur du système\u{a0}: disk on fire");
    // Words a front end made in English itself are shown as they are.
    assert_eq!(said(Error::NotFound("No link 9.".into())), "No link 9.");
}

#[test]
fn a_secret_is_taken_out_of_the_words_and_of_every_argument() {
    let said = Said::from(Msg::new("error-page-refused").text("provider", "Dojo").text("address", "\"https://x/sk_live_SECRET\"").msg("why", Msg::new("page-url-secret")));
    let clean = said.redacted(|t| t.replace("sk_live_SECRET", "[key]"));
    assert!(!clean.as_str().contains("SECRET"), "{clean}");
    assert!(!format(fr(), clean.msg().unwrap()).contains("SECRET"));
}

/// Each `db_error("…")` step the hub code names, in its English words.
fn hub_steps() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/hub");
    let mut steps = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for piece in text.split("db_error(\"").skip(1) {
            steps.push(piece.split('"').next().unwrap().to_string());
        }
    }
    steps
}

#[test]
fn every_step_the_hub_is_asked_is_worded_in_the_catalogue() {
    let steps = hub_steps();
    assert!(steps.len() >= 10, "{steps:?}");
    for step in steps {
        let e = Error::hub(crate::hub::hub_refused(&step, "nope"));
        assert_eq!(e.to_string(), format!("The hub refused to {step}: nope"));
        assert!(format(fr(), &e.l10n()).starts_with("Le serveur de la boutique a refusé d"), "{step}");
    }
}

/// The non-test sources of the core and of the app's shell.
fn sources() -> Vec<(std::path::PathBuf, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("src"), root.join("../../src-tauri/src")];
    let mut out = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(".rs") && !name.contains("tests") && path != root.join("src/error.rs") {
                out.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out
}

#[test]
fn no_call_site_words_an_error_in_english() {
    let english_only =
        ["Error::invalid(", "Error::NotFound(", "Error::Conflict(", "Error::Busy(", "Error::Hub(", "Error::Keyring(", "Error::Interrupted(", "Error::Io(", "Refused(format!"];
    let sources = sources();
    assert!(sources.len() > 50, "{}", sources.len());
    let mut found = Vec::new();
    for (path, text) in &sources {
        let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        for pattern in english_only {
            // `Error::Io(` but not `AppError::Io(`
            let raised = code.match_indices(pattern).any(|(at, _)| !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
            if raised {
                found.push(format!("{}: {pattern}", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "errors worded in English where they are raised (name a message of the catalogue instead):\n{}", found.join("\n"));
}

#[test]
fn every_message_id_a_call_site_names_is_in_every_language() {
    // Any string literal shaped like an id of the core's messages, however it reaches `Msg::new`.
    let prefixes = ["error-", "failover-", "page-url-", "status-word", "amount-"];
    let mut ids = Vec::new();
    for (_, text) in sources() {
        for prefix in prefixes {
            for piece in text.split(&format!("\"{prefix}")).skip(1) {
                let rest = piece.split('"').next().unwrap();
                if rest.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                    ids.push(format!("{prefix}{rest}"));
                }
            }
        }
    }
    ids.sort();
    ids.dedup();
    assert!(ids.len() > 150, "the scan found too few ids: {}", ids.len());
    for lang in Lang::all() {
        let missing: Vec<&String> = ids.iter().filter(|id| !crate::i18n::has(lang, id)).collect();
        assert!(missing.is_empty(), "used by the core or the shell but missing from {}/paydesk.ftl: {missing:?}", lang.code());
    }
}
