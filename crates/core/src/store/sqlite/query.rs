//! How a history query reads: filters, search (through the trigram index from three characters,
//! see `search.rs`) and keyset paging, built as SQL text and parameters so a count and a page
//! share exactly the same conditions.

use super::search;
use crate::store::LinkQuery;
use rusqlite::types::Value;

/// Escapes `%`, `_` and the escape character itself, so LIKE matches the text literally.
pub(super) fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Where a history query reads from, its WHERE clause and parameters, and the id column its
/// pages are ordered and cut by.
pub(super) struct Plan {
    pub from: &'static str,
    pub clause: String,
    pub values: Vec<Value>,
    pub id: &'static str,
}

/// Read through the search index, newest match first: FTS5 walks its rowids backwards and the
/// link is fetched by primary key, so a page stops after LIMIT matches.
const FROM_INDEX: &str = "links_search CROSS JOIN links ON links.id = links_search.rowid";

/// The plan of a query; paging only when `paging` is set.
pub(super) fn plan(query: &LinkQuery, paging: bool) -> Plan {
    let mut terms: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let search = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let (from, id) = match search {
        Some(text) if search::indexed(text) => {
            terms.push("links_search MATCH ?");
            values.push(Value::Text(search::match_phrase(text)));
            (FROM_INDEX, "links_search.rowid")
        }
        _ => ("links", "links.id"),
    };
    if let Some(status) = query.status {
        terms.push("links.status = ?");
        values.push(Value::Text(status.as_str().into()));
    }
    if let Some(provider) = query.provider {
        terms.push("links.provider = ?");
        values.push(Value::Text(provider.slug().into()));
    }
    if let Some(mode) = query.mode {
        terms.push("links.mode = ?");
        values.push(Value::Text(mode.as_str().into()));
    }
    if let Some(till) = &query.till {
        terms.push("links.till_id = ?");
        values.push(Value::Text(till.clone()));
    }
    if let Some(search) = search {
        // The exact test, also behind the index (see `search.rs`). LIKE folds ASCII case, which
        // covers emails and our references. Void references are found through their partial
        // index, not by a lookup per link.
        terms.push(
            "(links.customer_email LIKE ? ESCAPE '\\' OR links.description LIKE ? ESCAPE '\\' \
             OR links.reference LIKE ? ESCAPE '\\' OR links.id IN (SELECT link_id FROM link_references \
             WHERE state = 'void' AND reference LIKE ? ESCAPE '\\'))",
        );
        let pattern = like_pattern(search);
        for _ in 0..4 {
            values.push(Value::Text(pattern.clone()));
        }
    }
    if query.sales_only {
        terms.push("links.id = (SELECT current_link_id FROM sales WHERE sales.id = links.sale_id)");
    }
    if paging {
        if let Some(before) = query.before_id {
            terms.push(if id == "links.id" { "links.id < ?" } else { "links_search.rowid < ?" });
            values.push(Value::Integer(before));
        }
    }
    let clause = if terms.is_empty() { String::new() } else { format!(" WHERE {}", terms.join(" AND ")) };
    Plan { from, clause, values, id }
}
