//! A progress line on stderr for long commands (verify every open link, export), redrawn in
//! place — and only on a terminal: piped or redirected, stderr stays clean for scripts and logs.

use std::io::{IsTerminal, Write};

/// One line redrawn in place on `out`, or nothing at all when `out` is `None`.
pub struct Line<W: Write> {
    out: Option<W>,
    drawn: bool,
}

impl Line<std::io::Stderr> {
    /// On stderr when it is a terminal; silent otherwise.
    pub fn stderr() -> Self {
        let err = std::io::stderr();
        Line::new(err.is_terminal().then_some(err))
    }
}

impl<W: Write> Line<W> {
    pub fn new(out: Option<W>) -> Self {
        Line { out, drawn: false }
    }

    /// Replaces the line with `text` (the rest of the old line is cleared).
    pub fn show(&mut self, text: &str) {
        if let Some(out) = &mut self.out {
            // A terminal that went away is not worth failing the work for.
            let _ = write!(out, "\r{text}\x1b[K").and_then(|()| out.flush());
            self.drawn = true;
        }
    }

    /// Ends the line, so what follows starts on a fresh one.
    pub fn finish(&mut self) {
        if let (Some(out), true) = (&mut self.out, self.drawn) {
            let _ = writeln!(out);
            self.drawn = false;
        }
    }

    /// What was written (for tests).
    #[cfg(test)]
    fn into_inner(self) -> Option<W> {
        self.out
    }
}

/// `1234567` → `1,234,567`: counts as English readers read them.
#[cfg(test)]
fn thousands(n: u64) -> String {
    grouped(n, ',')
}

/// `1234567` grouped by three with `group` (French: a narrow no-break space).
pub fn grouped(n: u64, group: char) -> String {
    let digits: Vec<char> = n.to_string().chars().collect();
    let groups: Vec<String> = digits.rchunks(3).rev().map(|g| g.iter().collect()).collect();
    groups.join(&group.to_string())
}

/// `done/total` as the progress line `id` says it: `Exporting: 12,000 of 1,000,000 rows`.
pub fn of(id: &'static str, done: u64, total: u64) -> String {
    crate::say::msg(paydesk_core::i18n::Msg::new(id).text("done", crate::say::count(done)).text("total", crate::say::count(total)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_gets_one_line_redrawn_and_ended_and_a_pipe_gets_nothing() {
        let mut line = Line::new(Some(Vec::new()));
        line.show(&format!("Exporting: {} of 2,500 rows", thousands(0)));
        line.show(&format!("Exporting: {} of 2,500 rows", thousands(2500)));
        line.finish();
        line.finish();
        let text = String::from_utf8(line.into_inner().unwrap()).unwrap();
        assert_eq!(text, "\rExporting: 0 of 2,500 rows\x1b[K\rExporting: 2,500 of 2,500 rows\x1b[K\n");

        let mut quiet: Line<Vec<u8>> = Line::new(None);
        quiet.show("anything");
        quiet.finish();
        assert!(quiet.into_inner().is_none());

        let mut unused = Line::new(Some(Vec::new()));
        unused.finish();
        assert!(unused.into_inner().unwrap().is_empty(), "no stray newline when nothing was shown");
    }

    #[test]
    fn counts_get_thousands_separators() {
        let table = [(0, "0"), (7, "7"), (999, "999"), (1000, "1,000"), (12_345, "12,345"), (1_000_000, "1,000,000")];
        for (n, want) in table {
            assert_eq!(thousands(n), want);
        }
        assert_eq!(grouped(1_500_000, '\u{202f}'), "1\u{202f}500\u{202f}000");
    }
}
