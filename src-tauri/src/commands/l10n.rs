//! The message catalogue for the windows: every language of ui/locales/languages.json with its
//! Fluent file (embedded in the core), the `ui.language` setting, and the language the OS
//! environment asks for (`LC_ALL`, `LC_MESSAGES`, `LANG`), so the windows and the CLI choose by
//! one rule (`paydesk_core::i18n`). Served by a command rather than fetched: the CSP keeps
//! `connect-src` to IPC.

use super::off;
use crate::error::AppResult;
use paydesk_core::desk::Desk;
use paydesk_core::i18n::{self, Lang};
use serde::Serialize;
use tauri::{Runtime, State, Webview};

#[derive(Debug, Serialize)]
pub struct Language {
    pub code: &'static str,
    pub name: &'static str,
    /// How the language writes amounts (languages.json): what the window reads and writes them
    /// with, as the CLI does (`i18n.js` `numberMarks()`).
    pub decimal: char,
    pub group: char,
    /// The whole `paydesk.ftl` of the language.
    pub ftl: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Catalogues {
    /// `auto` or a language code: the `ui.language` setting.
    pub setting: String,
    /// The language the OS environment asks for (English when it names none paydesk has).
    pub os: &'static str,
    /// The language to show: the setting, else the OS's.
    pub language: &'static str,
    /// The OS environment's locale as a BCP 47 tag (`fr-CA`), if it names one: its region's
    /// formats apply to a window shown in its language (`i18n::window_locale`, `i18n.js` `locale()`).
    pub os_locale: Option<String>,
    pub languages: Vec<Language>,
}

/// Also tells the asking window's web engine the locale it shows (`windows::prefer_language`),
/// so the engine's own controls follow the setting: the page asks again whenever it changes.
#[tauri::command]
pub async fn l10n_catalogues<R: Runtime>(webview: Webview<R>, desk: State<'_, Desk>) -> AppResult<Catalogues> {
    let setting = off(&desk, |d| Ok(d.config_get("ui.language")?.value)).await?.unwrap_or_else(|| "auto".into());
    let env = |k: &str| std::env::var(k).ok();
    let os = i18n::from_env(env);
    let shown = i18n::choose(Some(&setting), os);
    let os_locale = i18n::env_locale(env);
    crate::windows::prefer_language(&webview, i18n::window_locale(shown, os_locale.as_deref()));
    Ok(Catalogues {
        language: shown.code(),
        os_locale,
        setting,
        os: os.code(),
        languages: Lang::all()
            .map(|l| {
                let marks = l.number_style();
                Language { code: l.code(), name: l.name(), decimal: marks.decimal, group: marks.group, ftl: i18n::catalogue(l) }
            })
            .collect(),
    })
}
