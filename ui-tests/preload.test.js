// The main window's start-up (docs/speed.md): index.html names every module its two scripts
// (boot.js, main.js) import statically with <link rel="modulepreload">, so WebKit fetches them all at once instead of one
// level of imports at a time. A module added to that graph without its preload would quietly
// bring the waterfall back; one preloaded but no longer imported would be fetched for nothing.
// The screens main.js imports on demand stay out of both lists.

import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, relative, resolve } from "node:path";

const UI = fileURLToPath(new URL("../ui/", import.meta.url));

/** The relative specifiers of a module's static `import … from` / `export … from` / `import "…"`. */
function staticImports(source) {
  return [...source.matchAll(/^(?:import|export)\s+(?:[\w*{}\s,$]+\s+from\s+)?"([^"]+)"/gm)].map((m) => m[1]);
}

/** Every file (relative to ui/) the module `entry` loads before it runs. */
function staticGraph(entry) {
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(readFileSync(file, "utf8"))) walk(resolve(dirname(file), spec));
  };
  walk(resolve(UI, entry));
  return [...seen].map((f) => relative(UI, f)).sort();
}

const html = readFileSync(resolve(UI, "index.html"), "utf8");
const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]).sort();

test("the import parser reads the shapes ui/ uses", () => {
  const src = 'import * as api from "./api.js";\nimport { a, b as c } from "../x.js";\nexport { D } from "./d.js";\nimport "./side.js";\nconst later = () => import("./lazy.js");\n';
  assert.deepEqual(staticImports(src), ["./api.js", "../x.js", "./d.js", "./side.js"]);
});

test("index.html preloads exactly the modules its scripts import statically", () => {
  const entries = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(entries, ["js/boot.js", "js/main.js"], "boot.js asks the shell first; main.js draws");
  const graph = [...new Set(entries.flatMap(staticGraph))].filter((f) => !entries.includes(f)).sort();
  assert.ok(graph.includes("js/screens/new.js"), "the first screen is part of the start-up");
  assert.deepEqual(preloaded, graph);
});

test("boot.js needs no more than api.js, so its questions leave first", () => {
  assert.deepEqual(staticImports(readFileSync(resolve(UI, "js/boot.js"), "utf8")), ["./api.js"]);
  assert.ok(staticGraph("js/main.js").includes("js/boot.js"), "main.js awaits boot.js's answers");
});

test("the screens not shown first are not in the start-up", () => {
  const graph = staticGraph("js/main.js");
  for (const later of ["js/screens/history.js", "js/screens/settings.js", "js/screens/today.js", "js/screens/link.js"]) {
    assert.ok(!graph.includes(later), `${later} is imported on demand`);
    assert.match(readFileSync(resolve(UI, "js/main.js"), "utf8"), new RegExp(`import\\("\\./${later.slice(3).replace(".", "\\.")}"\\)`));
  }
});

test("Create starts disabled: main.js enables it once the providers are known", () => {
  assert.match(html, /<button id="create"[^>]*\sdisabled[\s>]/);
});

test("both windows choose fontconfig's faces on Linux before their first stylesheet loads", () => {
  for (const page of ["index.html", "customer.html"]) {
    const text = readFileSync(resolve(UI, page), "utf8");
    const choice = text.indexOf('document.documentElement.dataset.fonts = "fontconfig"');
    assert.ok(choice > 0, `${page} sets data-fonts`);
    assert.ok(choice < text.indexOf('<link rel="stylesheet"'), `${page} sets data-fonts before its first stylesheet`);
  }
  const base = readFileSync(resolve(UI, "css/base.css"), "utf8");
  assert.match(base, /:root\[data-fonts="fontconfig"\] \{\s*--font: sans-serif;\s*--mono: monospace;\s*\}/);
});

test("the main window hides its half-made page while it boots, and always shows it", () => {
  assert.match(html, /<html lang="en" class="booting">/);
  const app = readFileSync(resolve(UI, "css/app.css"), "utf8");
  assert.match(app, /html\.booting body \{\s*visibility: hidden;\s*\}/);
  // Shown by main.js once the first screen is drawn or the start failed...
  const main = readFileSync(resolve(UI, "js/main.js"), "utf8");
  assert.match(main, /route\(\);\n\s*reveal\(\);/);
  assert.match(main, /start\(\)\n\s*\.catch\(\(e\) => ctx\.fail\(e\)\)\n\s*\.finally\(reveal\);/);
  // ...and by the page's first script (the one whose font choice the e2e walk sees applied)
  // after 3 s, should no module ever run.
  const first = html.slice(html.indexOf("<script>"), html.indexOf("</script>"));
  assert.match(first, /setTimeout\(\(\) => document\.documentElement\.classList\.remove\("booting"\), 3000\)/);
  assert.ok(!readFileSync(resolve(UI, "customer.html"), "utf8").includes("booting"), "the customer window is not hidden");
});
