// Keyboard shortcuts of the main window, chosen so none of them is ever typed into a field:
// Ctrl+N and Ctrl+F type nothing, and "/" counts only outside a text field. F11 belongs to the
// customer window (customer.js). The help line and the README list come from SHORTCUTS.

import { t } from "./i18n.js";

/** Key names stay as the keyboard prints them; what they do is a message id. */
export const SHORTCUTS = Object.freeze([
  { keys: ["Ctrl+N"], what: "keys-new-sale" },
  { keys: ["Ctrl+F", "/"], what: "keys-search" },
  { keys: ["F11"], what: "keys-fullscreen" },
]);

/** One shortcut in words: "Ctrl+F or / search History". */
export function shortcutText(s) {
  const keys = s.keys.reduce((a, b) => t("keys-or", { a, b }));
  return `${keys} ${t(s.what)}`;
}

/** "Keyboard: Ctrl+N new sale · Ctrl+F or / search History · F11 full screen (customer window)" */
export function shortcutsLine() {
  return t("keys-line", { list: SHORTCUTS.map(shortcutText).join(" · ") });
}

const TEXT_INPUTS = new Set(["", "text", "search", "email", "number", "password", "tel", "url"]);

/** Whether a key pressed on `target` would type into it. */
export function isTyping(target) {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = String(target.tagName ?? "").toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  return tag === "INPUT" && TEXT_INPUTS.has(String(target.type ?? "").toLowerCase());
}

/** The action a keydown asks for: "new-sale", "search", or null. */
export function shortcutFor(e) {
  if (!e || e.altKey || e.metaKey || e.isComposing) return null;
  const key = String(e.key ?? "").toLowerCase();
  if (e.ctrlKey && !e.shiftKey && key === "n") return "new-sale";
  if (e.ctrlKey && !e.shiftKey && key === "f") return "search";
  if (!e.ctrlKey && key === "/" && !isTyping(e.target)) return "search";
  return null;
}
