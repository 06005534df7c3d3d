import test from "node:test";
import "./helpers/l10n.js";
import assert from "node:assert/strict";
import { shortcutFor, isTyping, shortcutsLine, shortcutText, SHORTCUTS } from "../ui/js/shortcuts.js";
import { useLanguage } from "./helpers/l10n.js";

const input = (type = "text") => ({ tagName: "INPUT", type });
const key = (k, over = {}) => ({ key: k, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, target: { tagName: "BODY" }, ...over });

test("Ctrl+N and Ctrl+F work everywhere, since they type nothing", () => {
  assert.equal(shortcutFor(key("n", { ctrlKey: true })), "new-sale");
  assert.equal(shortcutFor(key("N", { ctrlKey: true, target: input("email") })), "new-sale");
  assert.equal(shortcutFor(key("f", { ctrlKey: true, target: input() })), "search");
  assert.equal(shortcutFor(key("n", { ctrlKey: true, shiftKey: true })), null);
  assert.equal(shortcutFor(key("n", { ctrlKey: true, altKey: true })), null);
});

test("'/' searches only when it would not be typed into a field", () => {
  assert.equal(shortcutFor(key("/")), "search");
  assert.equal(shortcutFor(key("/", { target: { tagName: "BUTTON" } })), "search");
  assert.equal(shortcutFor(key("/", { target: input() })), null);
  assert.equal(shortcutFor(key("/", { target: input("search") })), null);
  assert.equal(shortcutFor(key("/", { target: { tagName: "TEXTAREA" } })), null);
  assert.equal(shortcutFor(key("/", { target: { tagName: "DIV", isContentEditable: true } })), null);
  assert.equal(shortcutFor(key("/", { target: input("checkbox") })), "search");
});

test("plain letters are never shortcuts; typing is recognised", () => {
  assert.equal(shortcutFor(key("n")), null);
  assert.equal(shortcutFor(key("f")), null);
  assert.equal(shortcutFor(key("/", { isComposing: true })), null);
  assert.equal(isTyping(input("email")), true);
  assert.equal(isTyping({ tagName: "SELECT" }), true);
  assert.equal(isTyping(null), false);
});

test("the help line lists every shortcut", () => {
  const line = shortcutsLine();
  for (const s of SHORTCUTS) assert.ok(line.includes(shortcutText(s)), line);
  assert.equal(line, "Keyboard: Ctrl+N new sale · Ctrl+F or / search History · F11 full screen (customer window)");
  useLanguage("fr");
  assert.equal(shortcutsLine(), "Clavier\u00a0: Ctrl+N nouvelle vente · Ctrl+F ou / chercher dans l’historique · F11 plein écran (fenêtre client)");
  useLanguage("en");
});
