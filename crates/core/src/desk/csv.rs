//! Export of the history as CSV: exactly the rows the filters select, with every cell a
//! spreadsheet would read as a formula made inert. Rows are streamed from the history in keyset
//! batches, so memory stays flat whatever its size, and each batch holds the database only for
//! its own read: the app's other windows are served between them. A file export is written to a
//! hidden temporary file in the same folder and renamed over the target only once complete, so
//! an export that is cancelled, fails or is killed never leaves a half file under the name asked.

use super::tills::{name_of, Till};
use super::Desk;
use crate::link::{Link, ProviderId};
use crate::money::plain_major;
use crate::store::LinkQuery;
use crate::{Error, Result};
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// `till` is the till's name (as History shows it); `till_id`, its stable id, comes last so the
/// columns before it keep their places.
const HEADER: [&str; 18] = [
    "id", "created_at", "provider", "mode", "reference", "amount", "currency", "customer_email", "description", "status",
    "provider_status", "last_verified_at", "url", "last_error", "sale_uid", "till", "refunded_minor", "till_id",
];

/// Rows read per batch: about half a megabyte of links in memory at a time.
const BATCH: u32 = 1000;

/// How far an export has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ExportProgress {
    pub written: u64,
    /// Every row that matched when the export began.
    pub total: u64,
}

impl Desk {
    /// Writes every link matching `query` (its paging ignored), newest first, and returns how
    /// many rows. `progress` hears after each batch; setting `cancel` stops at the next batch
    /// with [`Error::Interrupted`].
    pub fn write_csv(
        &self,
        query: &LinkQuery,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(ExportProgress),
        cancel: &AtomicBool,
    ) -> Result<u64> {
        let total = self.store.count_links(&LinkQuery { before_id: None, limit: None, ..query.clone() }, None)?;
        let tills = self.tills()?;
        write_row(out, HEADER.iter().map(|h| h.to_string()))?;
        let mut batch = LinkQuery { before_id: None, limit: Some(BATCH), ..query.clone() };
        let mut written = 0;
        progress(ExportProgress { written, total });
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Interrupted("The export was cancelled: no file was written.".into()));
            }
            let links = self.store.list_links(&batch)?;
            for link in &links {
                write_row(out, row(link, &tills))?;
            }
            written += links.len() as u64;
            progress(ExportProgress { written, total: total.max(written) });
            match links.last() {
                Some(last) if links.len() == BATCH as usize => batch.before_id = Some(last.id),
                _ => return Ok(written),
            }
        }
    }

    /// [`Desk::write_csv`] into the file at `path`, which appears only when the export is
    /// complete (written to a temporary name in the same folder, flushed, then renamed).
    pub fn export_csv_file(
        &self,
        query: &LinkQuery,
        path: &Path,
        progress: &mut dyn FnMut(ExportProgress),
        cancel: &AtomicBool,
    ) -> Result<u64> {
        let cannot = |e: &dyn std::fmt::Display| Error::Io(format!("Could not write {}: {e}", path.display()));
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Dropped (and so deleted) on every early return: a cancel, a full disk, a bad row.
        let part = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".part").tempfile_in(dir).map_err(|e| cannot(&e))?;
        let mut out = BufWriter::with_capacity(256 * 1024, part);
        let rows = self.write_csv(query, &mut out, progress, cancel)?;
        let part = out.into_inner().map_err(|e| cannot(&e.into_error()))?;
        part.as_file().sync_all().map_err(|e| cannot(&e))?;
        part.persist(path).map_err(|e| cannot(&e.error))?;
        Ok(rows)
    }

    /// The same, as a string: for tests and small histories.
    pub fn export_csv(&self, query: &LinkQuery) -> Result<(String, usize)> {
        let mut buf = vec![];
        let n = self.write_csv(query, &mut buf, &mut |_| {}, &AtomicBool::new(false))?;
        Ok((String::from_utf8(buf).expect("CSV is built from UTF-8 strings"), n as usize))
    }
}

fn row(l: &Link, tills: &[Till]) -> impl Iterator<Item = String> {
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
        name_of(tills, &l.till_id),
        // Minor units, as every sum a day's totals will add up: no decimal point to misread.
        l.refunded_minor.to_string(),
        l.till_id.clone(),
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
