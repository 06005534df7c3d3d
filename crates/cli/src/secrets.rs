//! Secrets typed at the command line: API keys and the manager PIN. Never from an argument
//! (it would sit in the shell's history and in `ps`): on a terminal each is asked for without
//! echo; otherwise they are read from standard input, one per line, in the order asked (the PIN
//! first, when one is needed, then the key: `printf '%s\n%s' "$PIN" "$KEY" | paydesk key set …`).

use crate::say::{self, t};
use paydesk_core::i18n::Msg;
use paydesk_core::{Error, Result};
use secrecy::SecretString;
use std::io::{IsTerminal, Read};

/// Where secrets come from for one command.
pub struct Secrets {
    /// Standard input's lines when it is not a terminal, read once, consumed in order.
    piped: Option<std::vec::IntoIter<String>>,
}

impl Secrets {
    pub fn new() -> Secrets {
        Secrets { piped: None }
    }

    fn next_line(&mut self) -> Result<Option<String>> {
        if self.piped.is_none() {
            let mut s = String::new();
            std::io::stdin().lock().read_to_string(&mut s).map_err(|e| Error::Io(say::msg(Msg::new("cli-stdin-failed").text("error", e.to_string()))))?;
            let lines: Vec<String> = s.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
            self.piped = Some(lines.into_iter());
        }
        Ok(self.piped.as_mut().and_then(Iterator::next))
    }

    /// One secret: asked on a terminal with `prompt`, else the next line of standard input.
    /// `None` when standard input has no more lines.
    pub fn read(&mut self, prompt: &str) -> Result<Option<SecretString>> {
        let text = if std::io::stdin().is_terminal() {
            let failed = |e: std::io::Error| Error::Io(say::msg(Msg::new("cli-terminal-failed").text("error", e.to_string())));
            Some(rpassword::prompt_password(prompt).map_err(failed)?)
        } else {
            self.next_line()?
        };
        Ok(text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).map(SecretString::from))
    }

    /// The manager PIN, when one is set (`needed`); nothing is read otherwise.
    pub fn pin(&mut self, needed: bool) -> Result<Option<SecretString>> {
        if !needed {
            return Ok(None);
        }
        match self.read(&format!("{} ", t("cli-pin-prompt")))? {
            Some(pin) => Ok(Some(pin)),
            None => Err(Error::invalid_msg("pin", Msg::new("cli-pin-needed"))),
        }
    }
}
