//! The CLI speaks English unless `LC_ALL` / `LC_MESSAGES` / `LANG` ask for a language of
//! ui/locales: then its error headlines come from that language's catalogue.

mod common;
use common::paydesk;

const CREATE: &[&str] = &["link", "create", "--provider", "training", "--amount", "1500,505", "--currency", "NGN", "--email", "a@b.com", "--description", "Jollof"];

#[test]
fn errors_are_english_by_default_and_french_when_lang_asks() {
    let dir = tempfile::tempdir().unwrap();
    let en = paydesk(dir.path(), &[], CREATE, None);
    assert_eq!(en.code, 2);
    assert_eq!(en.stderr.trim(), "paydesk: \"1500,505\" has a misplaced \",\": group thousands by three, as in 1,500.");

    let fr = paydesk(dir.path(), &[("LANG", "fr_FR.UTF-8")], CREATE, None);
    assert_eq!(fr.code, 2);
    assert_eq!(fr.stderr.trim(), "paydesk: «\u{a0}1500,505\u{a0}» a un «\u{a0},\u{a0}» mal placé\u{a0}: groupez les milliers par trois, comme dans 1,500.");

    // LC_ALL wins over LANG, as in every gettext program
    let c = paydesk(dir.path(), &[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")], CREATE, None);
    assert_eq!(c.stderr, en.stderr);
    // nothing was written either way
    let list = paydesk(dir.path(), &[], &["link", "list", "--json"], None).ok();
    assert_eq!(list.json().as_array().map(Vec::len), Some(0), "{}", list.stdout);
}
