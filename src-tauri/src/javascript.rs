//! How JavaScriptCore runs the main window's scripts on Linux, chosen on purpose
//! (docs/speed.md): interpreted, without its compiling tiers, unless the person set the variable.
//!
//! The page's scripts draw a form, a list of at most a page of sales and a QR code that arrives
//! drawn: a few milliseconds of script a screen, most of it run once. JavaScriptCore starts every
//! function in its interpreter (LLInt) and compiles it (baseline JIT, then the optimising DFG and
//! FTL tiers) only after it has run many times, so the start runs interpreted either way; the
//! compilers and the code they make cost memory that stays.
//!
//! Measured (release build, the 2-core Xeon under Xvfb, 2026-12-03, medians):
//! - Eleven alternated starts, the app's log and the PSS of every process 10 s after: idle
//!   memory 214 -> 206 MiB (the web process 124 -> 116); first screen painted at 687 against
//!   693 ms, 304 against 298 of them in the page: no slower.
//! - Seven alternated starts of four settings (idle memory; the web process's CPU in its first
//!   ~8 s): every tier 213 MiB, 610 ms; the DFG tier off 208 MiB, 560 ms; the baseline JIT off
//!   (and the tiers above it with it) 206 MiB, 560 ms; no JIT at all (`JSC_useJIT=0`) 203 MiB,
//!   610 ms, as the regular expressions the catalogue's parser leans on are then interpreted.
//!   The baseline JIT off is the setting kept: regular expressions stay compiled.
//! - What it costs: work run again and again stays interpreted. A blank WebKitGTK window
//!   building 50 rows of six cells from the English catalogue took 2–3 ms the first time in
//!   every setting, and, repeated 200 times, 1.1 ms a time with every tier, 2.0 with the
//!   baseline JIT off.
//!
//! `JSC_useBaselineJIT` is read by JavaScriptCore in the web process, which gets it by inheriting
//! the app's environment when WebKit starts it for the main window; the variable is set only
//! until then ([`crate::start_env`]). The customer window's web process starts later, with
//! every tier.

use crate::start_env::Value;

/// The variables for JavaScriptCore in the main window's web process.
pub fn tiers() -> [(&'static str, Value); 1] {
    [("JSC_useBaselineJIT", || "0".into())]
}
