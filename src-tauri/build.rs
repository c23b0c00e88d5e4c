// The app's commands are listed once, in src/commands/list.rs.
include!("src/commands/list.rs");

/// Every command the window may call: each gets a permission that the capability file must
/// grant explicitly, so a command missing from both cannot be invoked.
const COMMANDS: &[&str] = with_app_commands!(command_names);

fn main() {
    println!("cargo:rerun-if-changed=src/commands/list.rs");
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|e| panic!("tauri build script failed: {e}"));
}
