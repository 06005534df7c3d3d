//! `paydesk link export FILE`: `list`'s filters, every matching row, a progress line on a
//! terminal's stderr (run under `script`, which gives the command a pseudo-terminal) and none
//! when stderr is piped; and `list` says "N+" rather than count a whole history.

mod common;

use common::{command, paydesk};
use std::process::Stdio;

fn training_links(dir: &std::path::Path, n: usize) {
    for i in 0..n {
        let email = format!("{}{i}@example.com", if i % 2 == 0 { "ada" } else { "bola" });
        let amount = format!("{}", 10 + i);
        let args = ["link", "create", "--provider", "training", "--amount", &amount, "--currency", "NGN", "--email", &email];
        paydesk(dir, &[], &args, None).ok();
    }
}

#[test]
fn export_writes_the_filtered_rows_and_prints_no_progress_into_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    training_links(dir.path(), 3);
    let file = dir.path().join("ada.csv");
    let run = paydesk(dir.path(), &[], &["link", "export", file.to_str().unwrap(), "--search", "ada"], None).ok();
    assert_eq!(run.stderr, "", "stderr is a pipe: no progress line");
    assert_eq!(run.stdout, format!("Exported 2 links to {}.\n", file.display()));
    let csv = std::fs::read_to_string(&file).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.lines().skip(1).all(|l| l.contains(",ada")), "{csv}");

    let bad = paydesk(dir.path(), &[], &["link", "export", file.to_str().unwrap(), "--status", "nope"], None);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn a_terminal_sees_the_export_progress() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    training_links(dir.path(), 2);
    let file = dir.path().join("all.csv");
    let inner = format!("{} link export {}", env!("CARGO_BIN_EXE_paydesk"), file.display());
    // `script -qec CMD /dev/null`: CMD on a new pseudo-terminal, its output copied to ours.
    let cmd = command(dir.path(), &[], &[]);
    let mut script = std::process::Command::new("script");
    script.args(["-qec", &inner, "/dev/null"]).stdin(Stdio::null());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => script.env(k, v),
            None => script.env_remove(k),
        };
    }
    let out = script.output().unwrap();
    let seen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{seen}");
    assert!(seen.contains("\rExporting: 2 of 2 rows\x1b[K"), "{seen:?}");
    assert!(seen.contains("Exported 2 links to"), "{seen:?}");
}

#[test]
fn list_says_a_capped_total_with_a_plus() {
    let dir = tempfile::tempdir().unwrap();
    training_links(dir.path(), 1);
    // A thousand and one more links, written straight into the history as an old install's.
    let db = rusqlite::Connection::open(dir.path().join("paydesk.sqlite3")).unwrap();
    db.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001) \
         INSERT INTO links (provider, mode, reference, amount_minor, currency, customer_email, status, created_at, updated_at, uid, till_id, sale_id) \
         SELECT 'training', 'test', 'PDMANY' || i, 100, 'NGN', 'many' || i || '@example.com', 'open', '2024-01-01T00:00:00.000Z', \
         '2024-01-01T00:00:00.000Z', 'uid-' || i, 'till', (SELECT id FROM sales LIMIT 1) FROM n;",
    )
    .unwrap();
    let run = paydesk(dir.path(), &[], &["link", "list", "--limit", "2"], None).ok();
    assert!(run.stdout.ends_with("(2 of 1,000+ shown: use --limit or filters)\n"), "{}", run.stdout);
    let run = paydesk(dir.path(), &[], &["link", "list", "--limit", "2", "--search", "many100"], None).ok();
    assert!(run.stdout.ends_with("(2 of 3 shown: use --limit or filters)\n"), "{}", run.stdout);
}

#[test]
fn list_and_export_filter_by_the_till_that_made_the_sale() {
    let dir = tempfile::tempdir().unwrap();
    training_links(dir.path(), 3);
    paydesk(dir.path(), &[], &["config", "set", "till.name", "Front"], None).ok();
    // What a pull from the shop hub leaves: a sale of another till, and that till's name.
    let db = rusqlite::Connection::open(dir.path().join("paydesk.sqlite3")).unwrap();
    db.execute_batch(
        "UPDATE links SET till_id = 'till-2' WHERE customer_email = 'bola1@example.com'; \
         UPDATE sales SET till_id = 'till-2' WHERE customer_email = 'bola1@example.com'; \
         INSERT INTO tills (id, name, seen_at) VALUES ('till-2', 'Back office', '2026-01-01T00:00:00.000Z');",
    )
    .unwrap();
    drop(db);

    let theirs = paydesk(dir.path(), &[], &["link", "list", "--till", "back office", "--json"], None).ok().json();
    let rows = theirs.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{theirs}");
    assert_eq!((rows[0]["customer_email"].as_str(), rows[0]["till"].as_str()), (Some("bola1@example.com"), Some("Back office")));
    let mine = paydesk(dir.path(), &[], &["link", "list", "--till", "Front", "--json"], None).ok().json();
    let tills: Vec<&str> = mine.as_array().unwrap().iter().map(|l| l["till"].as_str().unwrap()).collect();
    assert_eq!(tills, ["Front", "Front"]);

    // Several tills: the table names each row's till.
    let table = paydesk(dir.path(), &[], &["link", "list"], None).ok().stdout;
    assert!(table.lines().next().unwrap().ends_with("  TILL"), "{table}");
    assert!(table.lines().any(|l| l.contains("bola1@example.com") && l.ends_with("  Back office")), "{table}");

    let file = dir.path().join("front.csv");
    let run = paydesk(dir.path(), &[], &["link", "export", file.to_str().unwrap(), "--till", "Front"], None).ok();
    assert_eq!(run.stdout, format!("Exported 2 links to {}.\n", file.display()));
    assert!(!std::fs::read_to_string(&file).unwrap().contains("bola1@example.com"));

    // The whole shop's CSV names each row's till as History does, its id in the last column.
    let file = dir.path().join("shop.csv");
    paydesk(dir.path(), &[], &["link", "export", file.to_str().unwrap()], None).ok();
    let csv = std::fs::read_to_string(&file).unwrap();
    let head: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let (till, till_id) = (head.iter().position(|h| *h == "till").unwrap(), head.iter().position(|h| *h == "till_id").unwrap());
    assert_eq!(till_id, head.len() - 1, "{head:?}");
    let cells = |email: &str| -> (String, String) {
        let row: Vec<&str> = csv.lines().find(|l| l.contains(email)).unwrap().split(',').collect();
        (row[till].to_string(), row[till_id].to_string())
    };
    assert_eq!(cells("bola1@example.com"), ("Back office".to_string(), "till-2".to_string()));
    assert_eq!(cells("ada0@example.com").0, "Front");

    let bad = paydesk(dir.path(), &[], &["link", "list", "--till", "Cellar"], None);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("No till is called \"Cellar\"") && bad.stderr.contains("\"Front\", \"Back office\""), "{}", bad.stderr);
}
