//! The history's search index: an FTS5 table with the trigram tokenizer over each link's e-mail,
//! description and every reference it used (current and void), so a search reads a few doclists
//! instead of every row. Triggers keep it in step with `links` and `link_references` inside the
//! writer's own transaction; its migration step ([`create_index`]) builds it for existing links.
//!
//! The index only finds candidates. Every candidate is checked again with the exact LIKE test
//! the history always used (`query.rs`), so results are the same as a plain substring search:
//! trigram folds case for all of Unicode, LIKE only for ASCII, and the references column joins
//! several references with spaces, so the index may offer a few extra rows, never miss one.
//!
//! Trigrams need three characters. A shorter search falls back to LIKE over the whole history,
//! newest first: one or two characters match most links, so the page fills within the first few
//! hundred rows; only a rare two-character search reads everything (README, "Speed").

use crate::Result;
use rusqlite::Transaction;

/// Fewest characters a search needs to use the index.
pub(super) const MIN_INDEXED_CHARS: usize = 3;

/// Above this many links, building the index is announced: it takes about a second per
/// hundred thousand links on a small machine.
const ANNOUNCE_ABOVE: i64 = 20_000;

/// Every reference of link `{id}`: its current one first, then the others.
macro_rules! refs_of {
    ($id:literal, $current:literal) => {
        concat!(
            $current,
            " || coalesce(' ' || (SELECT group_concat(r.reference, ' ') FROM link_references r WHERE r.link_id = ",
            $id,
            " AND r.reference <> ",
            $current,
            "), '')"
        )
    };
}

/// Rewrites the index row of link `{id}` from the tables (none when the link is gone).
macro_rules! refresh {
    ($id:literal) => {
        concat!(
            "DELETE FROM links_search WHERE rowid = ",
            $id,
            "; INSERT INTO links_search (rowid, customer_email, description, refs) SELECT l.id, l.customer_email, l.description, ",
            refs_of!("l.id", "l.reference"),
            " FROM links l WHERE l.id = ",
            $id,
            ";"
        )
    };
}

/// The table and its triggers. Contentless (`content = ''`): the text stays in `links` only, so
/// the index costs its trigrams and no second copy; `contentless_delete` lets a trigger drop a
/// row by rowid. `IF NOT EXISTS` everywhere, so the step is safe wherever it lands in the list.
const SCHEMA: &str = concat!(
    "CREATE VIRTUAL TABLE IF NOT EXISTS links_search USING fts5(customer_email, description, refs, \
     tokenize = 'trigram', content = '', contentless_delete = 1);",
    // A new link's only reference is `links.reference` (its row in link_references follows).
    "CREATE TRIGGER IF NOT EXISTS links_search_insert AFTER INSERT ON links BEGIN \
     INSERT INTO links_search (rowid, customer_email, description, refs) VALUES (new.id, new.customer_email, new.description, new.reference); END;",
    // `save` names these columns on every write; only a real change costs an index update.
    "CREATE TRIGGER IF NOT EXISTS links_search_update AFTER UPDATE OF customer_email, description, reference ON links \
     WHEN old.customer_email IS NOT new.customer_email OR old.description IS NOT new.description OR old.reference IS NOT new.reference \
     BEGIN ",
    refresh!("new.id"),
    " END;",
    "CREATE TRIGGER IF NOT EXISTS links_search_delete AFTER DELETE ON links BEGIN DELETE FROM links_search WHERE rowid = old.id; END;",
    // A reference other than the link's own (a replacement, before `links.reference` moves to it).
    "CREATE TRIGGER IF NOT EXISTS links_search_reference_insert AFTER INSERT ON link_references \
     WHEN new.reference IS NOT (SELECT reference FROM links WHERE id = new.link_id) BEGIN ",
    refresh!("new.link_id"),
    " END;",
    "CREATE TRIGGER IF NOT EXISTS links_search_reference_delete AFTER DELETE ON link_references BEGIN ",
    refresh!("old.link_id"),
    " END;",
);

/// Migration step: the index, its triggers, and a row for every link already there.
pub(super) fn create_index(tx: &Transaction<'_>, notice: &dyn Fn(&str)) -> Result<()> {
    tx.execute_batch(SCHEMA)?;
    let links: i64 = tx.query_row("SELECT count(*) FROM links", [], |r| r.get(0))?;
    if links > ANNOUNCE_ABOVE {
        notice(&format!("Building the search index for {links} links…"));
    }
    tracing::info!(links, "building the history's search index");
    // From scratch, so running the step again (or after a half-built index) gives one row each.
    tx.execute_batch(concat!(
        "INSERT INTO links_search (links_search) VALUES ('delete-all');",
        "INSERT INTO links_search (rowid, customer_email, description, refs) SELECT l.id, l.customer_email, l.description, ",
        refs_of!("l.id", "l.reference"),
        " FROM links l;",
        // One segment instead of hundreds: searches read each trigram's doclist once.
        "INSERT INTO links_search (links_search) VALUES ('optimize');"
    ))?;
    Ok(())
}

/// The FTS5 query for `text`: one phrase, quotes doubled, so nothing in it is read as syntax.
pub(super) fn match_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Whether `text` is long enough for the trigram index.
pub(super) fn indexed(text: &str) -> bool {
    text.chars().count() >= MIN_INDEXED_CHARS
}
