// The first screen's three questions to the shell, asked as soon as api.js is loaded instead of
// once every module of the New sale screen is (docs/speed.md): index.html runs this as an async
// module, so the shell answers while the rest of the start-up still loads. main.js awaits them.

import { appInfo, listProviders, l10nCatalogues } from "./api.js";

/** `[app info, providers, catalogues or null]`, as `ctx.refresh()` reads them. */
export const firstAnswers = Promise.all([appInfo(), listProviders(), l10nCatalogues().catch(() => null)]);
// main.js shows a failure; until it awaits, a rejection here is not "unhandled".
firstAnswers.catch(() => {});
