//! Tauri's build step, plus one `allow-<command>` permission per command, so a window may call
//! only the commands its capability (capabilities/*.json) names.

include!("src/commands/names.rs");

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("tauri build step");
}
