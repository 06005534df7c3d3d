//! `paydesk restore` and `paydesk preset`: putting a backup in place of the history (refused
//! while any paydesk has it open; the manager PIN asked when one is set), and the quick amounts.

use crate::args::PresetCmd;
use crate::print;
use crate::secrets::Secrets;
use paydesk_core::desk::{Desk, Preset, PresetInput};
use paydesk_core::money::{format_minor, Currency};
use paydesk_core::Result;
use std::path::Path;

/// `restore FILE`: refused while the history is open elsewhere; the file checked, the PIN asked
/// when one is set, the current history kept aside, then the backup put in place.
pub fn restore(data_dir: &Path, file: &Path) -> Result<()> {
    let mut secrets = Secrets::new();
    let done = Desk::restore(data_dir, file, &mut || secrets.pin(true))?;
    outln!("Restored the history from {} (schema {}).", file.display(), done.schema_version);
    match done.kept_aside {
        Some(aside) => outln!("The history that was in place is kept as {}.", aside.display()),
        None => outln!("There was no history in place before."),
    }
    outln!("API keys were not in the backup: they stay in this machine's OS keyring (`paydesk key list`).");
    Ok(())
}

fn amount(p: &Preset) -> String {
    match p.currency.parse::<Currency>() {
        Ok(c) => format!("{} {}", format_minor(p.amount_minor, c), p.currency),
        Err(_) => format!("{} (minor units) {}", p.amount_minor, p.currency),
    }
}

fn show(list: &[Preset]) {
    if list.is_empty() {
        outln!("No quick amounts yet: add one with `paydesk preset add NAME AMOUNT`.");
    }
    for p in list {
        let what = p.description.as_deref().map(|d| format!(" — {d}")).unwrap_or_default();
        outln!("{}  {}  {} via {}{}", p.id, p.name, amount(p), p.provider, what);
    }
}

pub fn preset(desk: &Desk, cmd: PresetCmd) -> Result<()> {
    match cmd {
        PresetCmd::List { json } => {
            let list = desk.presets()?;
            if json {
                print::json(&list);
            } else {
                show(&list);
            }
        }
        PresetCmd::Add { name, amount, currency, provider, description } => {
            let list = desk.save_preset(&PresetInput { name, amount, currency, provider, description, ..Default::default() })?;
            let added = list.last().expect("just added");
            outln!("Added the quick amount \"{}\": {}.", added.name, self::amount(added));
        }
        PresetCmd::Remove { name } => {
            desk.remove_preset(&name)?;
            outln!("Removed the quick amount \"{}\".", name.trim());
        }
        PresetCmd::Clear => {
            desk.clear_presets()?;
            outln!("Every quick amount is removed.");
        }
    }
    Ok(())
}
