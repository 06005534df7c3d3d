//! Export of the history as CSV: exactly the rows the filters select, with every cell a
//! spreadsheet would read as a formula made inert.

use super::Desk;
use crate::link::{Link, ProviderId};
use crate::money::plain_major;
use crate::store::LinkQuery;
use crate::Result;
use std::io::Write;

const HEADER: [&str; 17] = [
    "id", "created_at", "provider", "mode", "reference", "amount", "currency", "customer_email", "description", "status",
    "provider_status", "last_verified_at", "url", "last_error", "sale_uid", "till", "refunded_minor",
];

impl Desk {
    /// Writes every link matching `query` (its paging ignored) and returns how many rows.
    pub fn write_csv(&self, query: &LinkQuery, out: &mut dyn Write) -> Result<usize> {
        let all = LinkQuery { before_id: None, limit: None, ..query.clone() };
        let links = self.store.list_links(&all)?;
        write_row(out, HEADER.iter().map(|h| h.to_string()))?;
        for link in &links {
            write_row(out, row(link))?;
        }
        Ok(links.len())
    }

    /// The same, as a string.
    pub fn export_csv(&self, query: &LinkQuery) -> Result<(String, usize)> {
        let mut buf = vec![];
        let n = self.write_csv(query, &mut buf)?;
        Ok((String::from_utf8(buf).expect("CSV is built from UTF-8 strings"), n))
    }
}

fn row(l: &Link) -> impl Iterator<Item = String> {
    let time = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    // Training rows say so in the mode column, so no spreadsheet can pass one off as a payment.
    let mode = if l.provider == ProviderId::Training { "TRAINING".to_string() } else { l.mode.to_string() };
    [
        l.id.to_string(),
        time(l.created_at),
        l.provider.slug().to_string(),
        mode,
        l.reference.clone(),
        plain_major(l.amount_minor, l.currency),
        l.currency.to_string(),
        l.customer_email.clone(),
        l.description.clone().unwrap_or_default(),
        l.status.to_string(),
        l.provider_status.clone().unwrap_or_default(),
        l.last_verified_at.map(time).unwrap_or_default(),
        l.url.clone().unwrap_or_default(),
        l.last_error.clone().unwrap_or_default(),
        l.sale_uid.clone(),
        l.till_id.clone(),
        // Minor units, as every sum a day's totals will add up: no decimal point to misread.
        l.refunded_minor.to_string(),
    ]
    .into_iter()
}

fn write_row(out: &mut dyn Write, cells: impl Iterator<Item = String>) -> Result<()> {
    let line: Vec<String> = cells.map(|c| quote(&inert(&c))).collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    Ok(())
}

/// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is read as a formula by
/// spreadsheets (OWASP "CSV injection"); a leading apostrophe makes it plain text.
fn inert(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// RFC 4180 quoting: cells with a comma, quote or line break are quoted, quotes doubled.
fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert_and_cells_quoted() {
        let table = [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+1", "'+1"),
            ("-2 discount", "'-2 discount"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("a,b", "\"a,b\""),
            ("plain", "plain"),
            ("1500.50", "1500.50"),
            ("line\nbreak", "\"line\nbreak\""),
        ];
        for (cell, want) in table {
            assert_eq!(quote(&inert(cell)), want, "{cell:?}");
        }
    }
}
