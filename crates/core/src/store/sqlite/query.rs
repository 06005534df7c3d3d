//! The WHERE clause of history queries: filters, search and keyset paging, built as SQL text
//! and parameters so a count and a page share exactly the same conditions.

use super::LinkQuery;
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

/// The WHERE clause of a query and its parameters; paging only when `paging` is set.
pub(super) fn filters(query: &LinkQuery, paging: bool) -> (String, Vec<Value>) {
    let mut terms: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
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
    if let Some(search) = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        // LIKE folds ASCII case, which covers emails and our references. Void references are
        // found through their partial index, not by a lookup per link.
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
            terms.push("links.id < ?");
            values.push(Value::Integer(before));
        }
    }
    let clause = if terms.is_empty() { String::new() } else { format!(" WHERE {}", terms.join(" AND ")) };
    (clause, values)
}

