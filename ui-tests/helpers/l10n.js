// The message catalogues as the core serves them (`l10n_catalogues`), read from ui/locales, for
// tests of modules that speak through i18n.js. Importing this file loads English.

import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as i18n from "../../ui/js/i18n.js";

export const LOCALES = fileURLToPath(new URL("../../ui/locales/", import.meta.url));

/** languages.json, each entry with its catalogue's text. */
export function catalogues() {
  const list = JSON.parse(readFileSync(`${LOCALES}languages.json`, "utf8"));
  return list.map((l) => ({ ...l, ftl: readFileSync(`${LOCALES}${l.code}/paydesk.ftl`, "utf8") }));
}

/** The folders of ui/locales (each should be in languages.json). */
export const folders = () => readdirSync(LOCALES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** Loads every catalogue and shows `language`. */
export function useLanguage(language = "en") {
  i18n.load({ languages: catalogues(), language, setting: "auto", os: "en" });
  return i18n;
}

useLanguage("en");
