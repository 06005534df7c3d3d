//! `paydesk restore` and `paydesk preset`: putting a backup in place of the history (refused
//! while any paydesk has it open; the manager PIN asked when one is set), and the quick amounts.

use crate::args::PresetCmd;
use crate::print;
use crate::say::{self, t};
use crate::secrets::Secrets;
use paydesk_core::i18n::Msg;
use paydesk_core::desk::{Desk, Preset, PresetInput};
use paydesk_core::money::Currency;
use paydesk_core::Result;
use std::path::Path;

/// `restore FILE`: refused while the history is open elsewhere; the file checked, the PIN asked
/// when one is set, the current history kept aside, then the backup put in place.
pub fn restore(data_dir: &Path, file: &Path) -> Result<()> {
    let mut secrets = Secrets::new();
    let done = Desk::restore(data_dir, file, &mut || secrets.pin(true))?;
    let restored = Msg::new("cli-restored").text("file", file.display().to_string()).text("schema", done.schema_version.to_string());
    outln!("{}", say::msg(restored));
    match done.kept_aside {
        Some(aside) => outln!("{}", say::msg(Msg::new("cli-restore-kept").text("file", aside.display().to_string()))),
        None => outln!("{}", t("cli-restore-nothing-before")),
    }
    outln!("{}", t("cli-restore-no-keys"));
    Ok(())
}

fn amount(p: &Preset) -> String {
    match p.currency.parse::<Currency>() {
        Ok(c) => format!("{} {}", say::amount(p.amount_minor, c), p.currency),
        Err(_) => say::msg(Msg::new("cli-preset-minor-units").num("minor", p.amount_minor).text("currency", p.currency.clone())),
    }
}

fn show(list: &[Preset]) {
    if list.is_empty() {
        outln!("{}", t("cli-presets-none"));
    }
    for p in list {
        let what = p.description.as_deref().map(|d| format!(" — {d}")).unwrap_or_default();
        let via = say::msg(Msg::new("cli-preset-via").text("amount", amount(p)).text("provider", p.provider.to_string()));
        outln!("{}  {}  {via}{what}", p.id, p.name);
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
            let list = desk.save_preset(&PresetInput { name, amount, currency, provider, description, number_style: Some(say::style()), ..Default::default() })?;
            let added = list.last().expect("just added");
            outln!("{}", say::msg(Msg::new("cli-preset-added").text("name", added.name.clone()).text("amount", self::amount(added))));
        }
        PresetCmd::Remove { name } => {
            desk.remove_preset(&name)?;
            outln!("{}", say::msg(Msg::new("cli-preset-removed").text("name", name.trim())));
        }
        PresetCmd::Clear => {
            desk.clear_presets()?;
            outln!("{}", t("cli-presets-cleared"));
        }
    }
    Ok(())
}
