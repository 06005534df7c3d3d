//! Quick amounts: presets (a name, an amount, a currency, a provider and a description) that the
//! New sale screen offers as buttons which fill the form (they never create a sale by
//! themselves). Each is checked as a sale would be: the amount parsed to minor units exactly as
//! the sale form parses it, the currency one the provider takes, the texts one plain line.
//!
//! They are kept in the history's settings table as one JSON list, under a key that `config`
//! does not know (like the PIN's hash), so no migration is needed and a backup carries them.

use super::Desk;
use crate::link::{check_one_line, validate_description};
use crate::money::{Currency, Money, NumberStyle};
use crate::i18n::Msg;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// The settings key of the JSON list.
const KEY: &str = "presets";
/// Buttons beyond this many would not fit above the form.
pub const MAX_PRESETS: usize = 24;
const MAX_NAME: usize = 40;

/// A quick amount as kept and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preset {
    /// Stable while it exists: edit and remove name it.
    pub id: String,
    pub name: String,
    pub provider: String,
    pub currency: String,
    pub amount_minor: i64,
    pub description: Option<String>,
}

/// A preset as typed in Settings (or at the command line); `id` edits that preset.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PresetInput {
    pub id: Option<String>,
    pub name: String,
    pub amount: String,
    pub currency: Option<String>,
    /// The `default.provider` setting when absent.
    pub provider: Option<String>,
    pub description: Option<String>,
    /// How the amount is written; `1,500.50` when absent.
    pub number_style: Option<NumberStyle>,
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(Error::invalid_msg("name", Msg::new("error-preset-name").num("max", MAX_NAME as i64)));
    }
    check_one_line("name", name)?;
    Ok(name.to_string())
}

impl Desk {
    /// The quick amounts, in the order they were added.
    pub fn presets(&self) -> Result<Vec<Preset>> {
        let Some(text) = self.store.get_setting(KEY)? else {
            return Ok(Vec::new());
        };
        serde_json::from_str(&text).map_err(|e| {
            Error::conflict(Msg::new("error-presets-unreadable").text("detail", e.to_string()))
        })
    }

    /// Checks `input` and adds it (or, with an `id`, replaces that preset). Nothing is saved
    /// when anything is wrong. Returns the whole list.
    pub fn save_preset(&self, input: &PresetInput) -> Result<Vec<Preset>> {
        let provider = match input.provider.as_deref().filter(|p| !p.trim().is_empty()) {
            Some(p) => p.parse()?,
            None => self.default_provider()?,
        };
        let caps = crate::provider::capabilities(provider);
        let currency: Currency = match input.currency.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(c) => c.parse()?,
            None => self.default_currency()?,
        };
        if !caps.takes(currency) {
            let list = caps.codes();
            return Err(Error::invalid_msg(
                "currency",
                Msg::new("error-currency-not-taken").text("provider", provider.to_string()).text("currency", currency.code()).text("known", list.join(", ")),
            ));
        }
        let amount = Money::parse_styled(
            &input.amount,
            currency,
            caps.max_major(currency),
            input.number_style.unwrap_or_default(),
        )?;
        let name = check_name(&input.name)?;
        let description = validate_description(input.description.as_deref())?;

        let mut list = self.presets()?;
        let id = match input.id.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
            Some(id) if list.iter().any(|p| p.id == id) => id.to_string(),
            Some(id) => {
                return Err(Error::not_found(Msg::new("error-preset-gone").text("id", id)))
            }
            None => uuid::Uuid::new_v4().simple().to_string()[..8].to_string(),
        };
        if list
            .iter()
            .any(|p| p.id != id && p.name.to_lowercase() == name.to_lowercase())
        {
            return Err(Error::invalid_msg("name", Msg::new("error-preset-name-taken").text("name", name)));
        }
        let preset = Preset {
            id: id.clone(),
            name,
            provider: provider.slug().to_string(),
            currency: currency.code().to_string(),
            amount_minor: amount.minor,
            description,
        };
        let full = list.len() >= MAX_PRESETS;
        match list.iter_mut().find(|p| p.id == id) {
            Some(slot) => *slot = preset,
            None if full => {
                return Err(Error::invalid_msg("name", Msg::new("error-presets-full").num("max", MAX_PRESETS as i64)));
            }
            None => list.push(preset),
        }
        self.write_presets(&list)?;
        Ok(list)
    }

    /// Removes the preset `id_or_name` (its id, or its name in any case). Returns the list left.
    pub fn remove_preset(&self, id_or_name: &str) -> Result<Vec<Preset>> {
        let key = id_or_name.trim();
        let mut list = self.presets()?;
        let before = list.len();
        list.retain(|p| p.id != key && p.name.to_lowercase() != key.to_lowercase());
        if list.len() == before {
            return Err(Error::not_found(Msg::new("error-preset-unknown").text("key", key)));
        }
        self.write_presets(&list)?;
        Ok(list)
    }

    /// Removes every preset, readable or not.
    pub fn clear_presets(&self) -> Result<()> {
        self.store.delete_setting(KEY)?;
        Ok(())
    }

    fn write_presets(&self, list: &[Preset]) -> Result<()> {
        let text = serde_json::to_string(list)
            .map_err(|e| Error::io(Msg::new("error-presets-write").text("detail", e.to_string())))?;
        self.store.set_setting(KEY, &text)
    }
}

#[cfg(test)]
mod tests {
    use crate::desk::{Desk, PresetInput};
    use crate::money::NumberStyle;
    use crate::store::SqliteStore;
    use crate::vault::MemoryVault;
    use std::sync::Arc;

    fn desk() -> Desk {
        Desk::new(
            Arc::new(SqliteStore::open_in_memory().unwrap()),
            Arc::new(MemoryVault::default()),
            Default::default(),
        )
    }

    fn input(name: &str, amount: &str, currency: &str, provider: &str) -> PresetInput {
        PresetInput {
            name: name.into(),
            amount: amount.into(),
            currency: Some(currency.into()),
            provider: Some(provider.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_preset_is_parsed_as_the_sale_form_parses_and_kept() {
        let d = desk();
        let mut coffee = input("Coffee", "1.500,50", "NGN", "paystack");
        coffee.number_style = Some(NumberStyle::COMMA);
        coffee.description = Some("  Flat white ".into());
        let list = d.save_preset(&coffee).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(
            (
                list[0].amount_minor,
                list[0].currency.as_str(),
                list[0].provider.as_str()
            ),
            (150_050, "NGN", "paystack")
        );
        assert_eq!(list[0].description.as_deref(), Some("Flat white"));
        assert_eq!(d.presets().unwrap(), list, "kept in the history");

        let mut edit = input("Coffee large", "2000", "NGN", "paystack");
        edit.id = Some(list[0].id.clone());
        let list = d.save_preset(&edit).unwrap();
        assert_eq!(
            (list.len(), list[0].amount_minor, list[0].name.as_str()),
            (1, 200_000, "Coffee large")
        );
        assert!(d.remove_preset("coffee LARGE").unwrap().is_empty());
        assert_eq!(d.remove_preset("Coffee").unwrap_err().kind(), "not_found");
    }

    #[test]
    fn bad_presets_are_refused_with_their_field_and_nothing_is_saved() {
        let d = desk();
        let field = |i: PresetInput| d.save_preset(&i).unwrap_err().field();
        assert_eq!(
            field(input("Tea", "1.234", "NGN", "paystack")),
            Some("amount"),
            "three decimals for NGN"
        );
        assert_eq!(field(input("Tea", "0", "NGN", "paystack")), Some("amount"));
        assert_eq!(
            field(input("Tea", "1e3", "NGN", "paystack")),
            Some("amount")
        );
        assert_eq!(
            field(input("Tea", "5", "NGN", "dojo")),
            Some("currency"),
            "Dojo takes no naira"
        );
        assert_eq!(
            field(input("Tea", "5", "XYZ", "paystack")),
            Some("currency")
        );
        assert_eq!(field(input("", "5", "NGN", "paystack")), Some("name"));
        assert_eq!(
            field(input("Te\u{202E}a", "5", "NGN", "paystack")),
            Some("name")
        );
        let mut long = input("Tea", "5", "NGN", "paystack");
        long.description = Some("x".repeat(201));
        assert_eq!(field(long), Some("description"));
        assert!(d.presets().unwrap().is_empty());
        d.save_preset(&input("Tea", "5", "GBP", "dojo")).unwrap();
        assert_eq!(
            field(input("TEA", "6", "GBP", "dojo")),
            Some("name"),
            "names are unique"
        );
        assert_eq!(d.presets().unwrap().len(), 1);
    }
}
