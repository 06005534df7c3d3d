//! The shop's tills by name: this one (`till.name`) and the others the hub named at the last
//! pull, so History, the CLI and the CSV can say which till made a sale, and be filtered by it.

use super::Desk;
use crate::i18n::Msg;
use crate::{Error, Result};
use serde::Serialize;

/// A till of the shop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Till {
    pub id: String,
    pub name: String,
    /// This install.
    pub this: bool,
}

/// What a till is called when no name is known: its id's last four characters.
pub(crate) fn fallback_name(id: &str) -> String {
    let tail: String = id.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("Till {tail}")
}

/// The name of till `id` among `tills`, or its fallback.
pub(super) fn name_of(tills: &[Till], id: &str) -> String {
    tills.iter().find(|t| t.id == id).map(|t| t.name.clone()).unwrap_or_else(|| fallback_name(id))
}

impl Desk {
    /// Every till the history knows: this one first, then the others by name.
    pub fn tills(&self) -> Result<Vec<Till>> {
        let mut out = vec![Till { id: self.till_id().to_string(), name: self.till_name()?, this: true }];
        for (id, name) in self.store.till_names()? {
            if id != self.till_id() {
                out.push(Till { id, name, this: false });
            }
        }
        Ok(out)
    }

    /// The id of the till a person named (its name, any case, or its id); an unknown name is
    /// refused with the names there are.
    pub fn till_named(&self, name: &str) -> Result<String> {
        let wanted = name.trim();
        let tills = self.tills()?;
        if let Some(t) = tills.iter().find(|t| t.id == wanted || t.name.trim().eq_ignore_ascii_case(wanted)) {
            return Ok(t.id.clone());
        }
        let known: Vec<String> = tills.iter().map(|t| format!("\"{}\"", t.name)).collect();
        Err(Error::invalid_msg("till", Msg::new("error-no-till").text("name", wanted).text("known", known.join(", "))))
    }
}
