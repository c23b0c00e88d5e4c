fn main() {
    // Every command the UI may call is listed here, so that each gets a permission that the
    // capability file must grant explicitly: a command missing from both cannot be invoked.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_info",
        "open_log_folder",
        "get_settings",
        "save_settings",
        "import_file",
        "import_sample",
        "reimport",
        "cancel_import",
        "set_suppression",
        "save_problems",
        "save_template",
        "load_draft",
        "save_draft",
        "discard_draft",
        "connect_key",
        "remove_key",
        "list_agents",
        "launch_campaign",
        "resume_launch",
        "duplicate_campaign",
        "list_campaigns",
        "campaign_detail",
        "campaign_recipients",
        "call_detail",
        "retry_failed",
        "cancel_campaign",
        "withdraw_unsent",
        "export_results",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|e| panic!("tauri build script failed: {e}"));
}
