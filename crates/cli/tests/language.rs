//! The CLI speaks English unless `LC_ALL` / `LC_MESSAGES` / `LANG` ask for a language of
//! ui/locales: then its errors, tables, reports and lines come from that language's catalogue,
//! amounts are typed and written as that language writes them (French `1 500,50`), and `--json`
//! stays exactly as it is for scripts.

mod common;
use common::{paydesk, KEY};
use paydesk_fakes::{FakePaystack, PaystackOptions};

const CREATE: &[&str] = &["link", "create", "--provider", "training", "--amount", "1500,505", "--currency", "NGN", "--email", "a@b.com", "--description", "Jollof"];
const FR: (&str, &str) = ("LANG", "fr_FR.UTF-8");
/// U+00A0, before a French colon and inside « »; U+202F groups French thousands.
const NBSP: char = '\u{a0}';

#[test]
fn errors_are_english_by_default_and_french_when_lang_asks() {
    let dir = tempfile::tempdir().unwrap();
    let en = paydesk(dir.path(), &[], CREATE, None);
    assert_eq!(en.code, 2);
    assert_eq!(en.stderr.trim(), "paydesk: \"1500,505\" has a misplaced \",\": group thousands by three, or leave them out.");

    // French reads the comma as the decimal mark, so it finds one decimal too many
    let fr = paydesk(dir.path(), &[FR], CREATE, None);
    assert_eq!(fr.code, 2);
    assert_eq!(fr.stderr.trim(), "paydesk: NGN n’a que 2 décimales\u{a0}: «\u{a0}1500,505\u{a0}» en a 3.");

    // LC_ALL wins over LANG, as in every gettext program
    let c = paydesk(dir.path(), &[FR, ("LC_ALL", "C")], CREATE, None);
    assert_eq!(c.stderr, en.stderr);
    // nothing was written either way
    let list = paydesk(dir.path(), &[], &["link", "list", "--json"], None).ok();
    assert_eq!(list.json().as_array().map(Vec::len), Some(0), "{}", list.stdout);
}

fn run(dir: &std::path::Path, fake: &FakePaystack, lang: Option<&str>, args: &[&str]) -> common::Run {
    let url = fake.url();
    // The shop's day in UTC, so the day asked for is the day the sale was recorded on.
    let mut env = vec![("PAYDESK_PAYSTACK_KEY", KEY), ("PAYDESK_PAYSTACK_BASE_URL", url.as_str()), ("TZ", "UTC")];
    env.extend(lang.map(|l| ("LANG", l)));
    paydesk(dir, &env, args, None)
}

fn create(amount: &str) -> Vec<&str> {
    vec!["link", "create", "--provider", "paystack", "--amount", amount, "--currency", "NGN", "--email", "awa@example.ci"]
}

const FRENCH: Option<&str> = Some("fr_FR.UTF-8");

#[test]
fn a_french_amount_is_read_and_the_link_its_table_and_the_day_report_speak_french() {
    let fake = FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let made = run(dir.path(), &fake, FRENCH, &create("1 500,50")).ok();
    let lines: Vec<&str> = made.stdout.lines().collect();
    assert_eq!(lines[0], "Lien 1 · NGN 1\u{202f}500,50 · Paystack · mode TEST\u{a0}: aucun argent ne circule", "{}", made.stdout);
    assert!(lines.iter().any(|l| l.starts_with("Référence\u{a0}: ")), "{}", made.stdout);
    assert!(lines.contains(&"Statut\u{a0}:    en attente"), "{}", made.stdout);
    assert_eq!(fake.requests()[0].json().unwrap()["amount"], 150050, "1 500,50 NGN → 150050 kobo on the wire");

    let reference = fake.transactions()[0].reference.clone();
    fake.set_status(&reference, "success");
    let verified = run(dir.path(), &fake, FRENCH, &["link", "verify", &reference]).ok();
    assert!(verified.stdout.contains("Statut\u{a0}:    payé (success)"), "{}", verified.stdout);

    // a refund's amount is read the French way too, and refused before anything is sent
    let bad = run(dir.path(), &fake, FRENCH, &["link", "refund", &reference, "--amount", "500.25"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.starts_with("paydesk: «\u{a0}500.25\u{a0}» contient «\u{a0}.\u{a0}»"), "{}", bad.stderr);
    assert!(fake.refunds().is_empty(), "nothing sent");
    let refunded = run(dir.path(), &fake, FRENCH, &["link", "refund", &reference, "--amount", "500,25"]).ok();
    assert_eq!(fake.refunds()[0].amount, 50025, "500,25 NGN → 50025 kobo");
    assert_eq!(
        refunded.stdout.lines().next(),
        Some("Remboursement de NGN 500,25 du lien 1 demandé à Paystack\u{a0}: réponse «\u{a0}en cours\u{a0}». `paydesk link verify 1` le vérifie à nouveau.")
    );
    // refunded once Paystack says so; left to refund at once
    assert!(refunded.stdout.contains("Remboursé\u{a0}: NGN 0,00 · reste à rembourser\u{a0}: NGN 1\u{202f}000,25"), "{}", refunded.stdout);

    let json = run(dir.path(), &fake, None, &["link", "list", "--json"]).ok();
    let created = json.json()[0]["created_at"].as_str().unwrap().to_string();
    let (y, m, d) = (&created[0..4], &created[5..7], &created[8..10]);
    let table = run(dir.path(), &fake, FRENCH, &["link", "list"]).ok();
    let lines: Vec<&str> = table.stdout.lines().collect();
    let header: Vec<&str> = lines[0].split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(header, ["N°", "CRÉÉ (UTC)", "PRESTATAIRE", "MODE", "MONTANT", "STATUT", "E-MAIL", "RÉFÉRENCE"], "{}", table.stdout);
    let row = lines[1];
    for cell in [format!("{d}/{m}/{y} "), "paystack".into(), "test".into(), "NGN 1\u{202f}500,50".into(), "payé (success)".into(), reference.clone()] {
        assert!(row.contains(&cell), "{cell:?} in {row}");
    }
    // the columns line up under their French headers
    assert_eq!(row.find("NGN").map(|i| row[..i].chars().count() + 12), lines[0].find("MONTANT").map(|i| lines[0][..i].chars().count() + 7));

    let day = format!("{y}-{m}-{d}");
    let report = run(dir.path(), &fake, FRENCH, &["report", "day", "--date", &day]).ok();
    let lines: Vec<&str> = report.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("Journée du {d}/{m}/{y} (chacune à partir de 00:00, heure locale\u{202f}; une vente compte le jour où elle a été faite, avec son statut actuel)"),
        "{}",
        report.stdout
    );
    assert!(lines.contains(&"TEST\u{a0}: aucun argent n’a circulé, hors des totaux réels"), "{}", report.stdout);
    let head = lines.iter().find(|l| l.starts_with("prestataire")).unwrap_or_else(|| panic!("{}", report.stdout));
    assert!(head.contains("payées") && head.contains("montant payé") && head.contains("montant remboursé"), "{head}");
    let row = lines.iter().find(|l| l.starts_with("Paystack")).unwrap_or_else(|| panic!("{}", report.stdout));
    let cells: Vec<&str> = row.split(' ').filter(|c| !c.is_empty()).collect();
    assert_eq!(cells[..4], ["Paystack", "NGN", "1", "1\u{202f}500,50"], "{row}");

    // scripts read the same JSON whatever the language
    for args in [vec!["link", "list", "--json"], vec!["report", "day", "--date", &day, "--json"], vec!["link", "show", &reference, "--json"]] {
        let en = run(dir.path(), &fake, None, &args).ok();
        let fr = run(dir.path(), &fake, FRENCH, &args).ok();
        assert_eq!(fr.stdout, en.stdout, "{args:?}");
    }
}

#[test]
fn a_badly_written_french_amount_is_refused_in_french_and_nothing_is_written_or_sent() {
    let fake = FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("1 50,50", format!("«{NBSP}1\u{202f}50,50{NBSP}» a une espace mal placée{NBSP}: groupez les milliers par trois, ou n’en mettez pas.")),
        // the English decimal point is not French: refused rather than guessed
        ("1500.50", format!("«{NBSP}1500.50{NBSP}» contient «{NBSP}.{NBSP}»{NBSP}: tapez seulement des chiffres et un seul «{NBSP},{NBSP}» avant les décimales.")),
    ];
    for (typed, said) in cases {
        let out = run(dir.path(), &fake, FRENCH, &create(typed));
        assert_eq!(out.code, 2, "{typed}: {}", out.stderr);
        assert_eq!(out.stderr.trim(), format!("paydesk: {said}"), "{typed}");
        assert_eq!(out.stdout, "");
    }
    assert!(fake.requests().is_empty(), "nothing sent");
    let list = run(dir.path(), &fake, FRENCH, &["link", "list"]).ok();
    assert_eq!(list.stdout.trim(), "Aucun lien ne correspond.");

    // a quick amount's too
    let preset = ["preset", "add", "Café", "2 500,5", "--currency", "NGN", "--provider", "training"];
    let refused = run(dir.path(), &fake, FRENCH, &[&preset[..3], &["2,500.5"], &preset[4..]].concat());
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(run(dir.path(), &fake, FRENCH, &["preset", "list", "--json"]).ok().json().as_array().unwrap().is_empty());
    let added = run(dir.path(), &fake, FRENCH, &preset).ok();
    assert_eq!(added.stdout.trim(), format!("Montant rapide «{NBSP}Café{NBSP}» ajouté{NBSP}: 2\u{202f}500,50 NGN."));
    assert_eq!(run(dir.path(), &fake, None, &["preset", "list", "--json"]).ok().json()[0]["amount_minor"], 250050);
}

#[test]
fn pin_config_and_hub_status_speak_french() {
    let fake = FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pin = run(dir.path(), &fake, FRENCH, &["pin", "status"]).ok();
    assert_eq!(pin.stdout.trim(), "Aucun code gérant n’est défini.");
    let config = run(dir.path(), &fake, FRENCH, &["config", "list"]).ok();
    assert!(config.stdout.contains("\nday.starts_at = 00:00  [défaut]  Heure locale (HH:MM) où commence la journée de la boutique"), "{}", config.stdout);
    let set = run(dir.path(), &fake, FRENCH, &["config", "set", "merchant.name", "Chez Awa"]).ok();
    assert_eq!(set.stdout.trim(), "merchant.name = Chez Awa  [réglé]  Nom de la boutique, affiché avec le code QR");
    // hub status reads the address only: nothing listens there, and nothing needs to
    let hub = paydesk(dir.path(), &[FR, ("PAYDESK_HUB_URL", "postgresql://u:p@127.0.0.1:9/shop")], &["hub", "status"], None).ok();
    let lines: Vec<&str> = hub.stdout.lines().collect();
    assert_eq!(lines[0], format!("Serveur{NBSP}:   configuré (depuis l’environnement)"), "{}", hub.stdout);
    assert_eq!(lines[2], format!("Envoyé le{NBSP}: jamais"), "{}", hub.stdout);
}

#[test]
fn english_reads_the_point_and_says_what_it_always_said() {
    let fake = FakePaystack::start_sync(PaystackOptions::new(KEY)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let made = run(dir.path(), &fake, None, &create("1500.50")).ok();
    let lines: Vec<&str> = made.stdout.lines().collect();
    assert_eq!(lines[0], "Link 1 · NGN 1,500.50 · Paystack · TEST mode: no money moves");
    assert!(lines.contains(&"Status:     open"), "{}", made.stdout);
    let table = run(dir.path(), &fake, Some("en_GB.UTF-8"), &["link", "list"]).ok();
    let want = format!(
        "{:>6}  {:<19}  {:<8}  {:<8}  {:>16}  {:<22}  {:<28}  REFERENCE",
        "ID", "CREATED (UTC)", "PROVIDER", "MODE", "AMOUNT", "STATUS", "EMAIL"
    );
    assert_eq!(table.stdout.lines().next(), Some(want.as_str()));
    assert!(table.stdout.contains("NGN 1,500.50  open"), "{}", table.stdout);
    let report = run(dir.path(), &fake, None, &["report", "day"]).ok();
    assert!(report.stdout.starts_with("Shop day 20"), "{}", report.stdout);
    assert!(report.stdout.contains("\nTEST: no money moved, not in the live totals\nprovider  cur    paid      paid amount  open  failed  expired  cancelled  refunded  refunded amount\n"), "{}", report.stdout);
}
