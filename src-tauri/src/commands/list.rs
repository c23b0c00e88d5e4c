// Every command the window may call, once: `module::command` under `src/commands/`.
//
// This file is read by `build.rs` too (the app manifest gives each command a permission the
// capability file must grant) and by `lib.rs` (`tauri::generate_handler!`), so a command is
// added here and nowhere else in Rust. A test checks that `capabilities/main.json` grants
// exactly these and that `ui/src/lib/host/index.ts` calls exactly these.
//
// `with_app_commands!(callback)` calls `callback! { app::app_info, ... }`.

macro_rules! with_app_commands {
    ($callback:ident) => {
        $callback! {
            app::app_info,
            app::open_log_folder,
            settings::get_settings,
            settings::save_settings,
            settings::state_rules,
            settings::change_state_rule,
            import::import_file,
            import::import_sample,
            import::reimport,
            import::cancel_import,
            import::set_suppression,
            import::save_problems,
            import::save_template,
            draft::load_draft,
            draft::save_draft,
            draft::discard_draft,
            connect::connect_key,
            connect::remove_key,
            connect::list_agents,
            launch::plan_preview,
            launch::launch_campaign,
            launch::resume_launch,
            estimate::estimate_preview,
            estimate::campaign_spending,
            pilot::start_test_call,
            pilot::follow_test_call,
            pilot::pilot_results,
            pilot::launch_rest,
            pilot::stop_pilot,
            duplicate::duplicate_campaign,
            dnc::dnc_page,
            dnc::dnc_look,
            dnc::dnc_import,
            dnc::dnc_cancel_import,
            dnc::dnc_add,
            dnc::dnc_remove,
            dnc::dnc_export,
            campaigns::list_campaigns,
            campaigns::campaign_detail,
            campaigns::campaign_recipients,
            campaigns::call_detail,
            campaigns::retry_failed,
            opt_out::dont_call_again,
            opt_out::opt_out_calls,
            campaigns::cancel_campaign,
            campaigns::withdraw_unsent,
            campaigns::edit_form,
            campaigns::edit_scheduled,
            campaigns::export_results,
            compliance::save_compliance_record,
            compliance::campaign_history,
            compliance::open_saved_record,
            calls::call_recording,
            saved::show_in_folder,
            records::rename_campaign,
            records::archive_campaign,
            records::delete_campaign,
        }
    };
}

/// The commands' names, as the window invokes them (for the app manifest and the tests; the app
/// itself only registers the handlers).
#[allow(unused_macros)]
macro_rules! command_names {
    ($($module:ident :: $name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}
