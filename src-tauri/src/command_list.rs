//! The app's commands are listed once (`commands/list.rs`): that list registers them
//! (`generate_handler!`) and gives each its permission (the app manifest in `build.rs`). Two
//! more places must name the same commands, and these tests fail when they don't: the capability
//! file that grants them to the window, and the UI's host module that calls them.

use super::COMMANDS;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn read(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn listed() -> BTreeSet<String> {
    COMMANDS.iter().map(|c| c.to_string()).collect()
}

/// The commands `capabilities/main.json` grants (`allow-app-info` → `app_info`).
fn granted(capability: &str) -> BTreeSet<String> {
    let json: serde_json::Value = serde_json::from_str(capability).expect("the capability is JSON");
    json["permissions"]
        .as_array()
        .expect("a list of permissions")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

/// The commands the host module invokes (`call('app_info'` …).
fn called(host: &str) -> BTreeSet<String> {
    host.split("call('")
        .skip(1)
        .filter_map(|rest| rest.split_once('\'').map(|(name, _)| name.to_owned()))
        .collect()
}

#[test]
fn the_capability_grants_exactly_the_listed_commands() {
    let granted = granted(&read("capabilities/main.json"));
    assert_eq!(
        granted,
        listed(),
        "capabilities/main.json must grant `allow-<command>` for exactly the commands in \
         src-tauri/src/commands/list.rs"
    );
}

#[test]
fn the_window_calls_exactly_the_listed_commands() {
    let called = called(&read("../ui/src/lib/host/index.ts"));
    assert_eq!(
        called,
        listed(),
        "ui/src/lib/host/index.ts must have a wrapper for exactly the commands in \
         src-tauri/src/commands/list.rs"
    );
}

#[test]
fn a_command_in_one_place_only_is_caught() {
    let capability =
        r#"{"permissions": ["core:event:allow-listen", "allow-app-info", "allow-list-campaigns"]}"#;
    assert_eq!(
        granted(capability),
        BTreeSet::from(["app_info".to_owned(), "list_campaigns".to_owned()])
    );
    let host = "appInfo: () => call('app_info'),\n  x: (id) => call('campaign_detail', { id }),";
    assert_eq!(
        called(host),
        BTreeSet::from(["app_info".to_owned(), "campaign_detail".to_owned()])
    );
    assert!(COMMANDS.contains(&"app_info") && COMMANDS.contains(&"export_results"));
    assert_eq!(COMMANDS.len(), listed().len(), "no command is listed twice");
}
