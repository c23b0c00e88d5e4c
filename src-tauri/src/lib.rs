//! Batchline's desktop shell: window, managed state and the commands the UI may call.
//!
//! This crate is wiring only. What a campaign is, how recipients are read and how Cartesia is
//! spoken to live in the core crates under `crates/`, which know nothing of Tauri.

#[cfg(test)]
mod command_list;
mod commands;
mod connection;
mod drafts;
mod error;
mod files;
pub mod ipc;
mod logging;
mod secrets;
mod settings;
mod state;
mod watch;

use state::{AppState, Identity};
use tauri::{Manager, Runtime};

// The app's commands, listed once (build.rs reads the same file for the app manifest).
include!("commands/list.rs");

/// `tauri::generate_handler!` over every command of `commands/list.rs`.
macro_rules! app_handler {
    ($($module:ident :: $name:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$module::$name),*]
    };
}

/// The name of every command the window may call.
#[cfg(test)]
const COMMANDS: &[&str] = with_app_commands!(command_names);

/// Registers every command and the managed state on a builder, so the real app and the
/// headless tests run exactly the same wiring.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>, identity: Identity) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_notification::init())
        // Used from Rust only (where to save a compliance record); the window has no dialog
        // permission.
        .plugin(tauri_plugin_dialog::init())
        .manage(commands::compliance::SavedRecords::default())
        .setup(move |app| {
            // First, so that everything after it is in the log.
            let log_dir = app.path().app_log_dir()?;
            logging::start(&log_dir, identity.development);
            app.manage(logging::LogFolder::new(log_dir));
            let data_dir = app.path().app_data_dir()?;
            let config_dir = app.path().app_config_dir()?;
            if identity.exclusive {
                // The single-instance plugin normally stops a second copy before this point
                // (and shows the first). Where it can't (no session bus), the data folder's own
                // lock does: two copies would both finish interrupted launches, and the second
                // would clear the first one's practice campaigns.
                match campaign::FolderLock::try_acquire(&data_dir.join("batchline.instance-lock")) {
                    Ok(Some(lock)) => {
                        app.manage(InstanceLock { _lock: lock });
                    }
                    Ok(None) => {
                        tracing::info!("Batchline is already running; this copy closes");
                        std::process::exit(0);
                    }
                    Err(error) => {
                        tracing::warn!("the data folder's lock could not be taken: {error}")
                    }
                }
            }
            app.manage(AppState::new(identity.clone(), data_dir, config_dir));
            watch::start(app.handle().clone());
            resume_launches(app.handle().clone());
            Ok(())
        })
        .invoke_handler(with_app_commands!(app_handler))
}

/// Held for the app's lifetime: this copy is the one using its data folder.
struct InstanceLock {
    _lock: campaign::FolderLock,
}

/// Shows the running copy's window when a second copy is started.
fn show_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.webview_windows().values().next() {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// At start-up: a launch the app was killed in the middle of moments ago is finished (parts in
/// doubt looked up in Cartesia before anything is sent again); any other unfinished launch only
/// has its parts in doubt looked up, and waits for the person to send or cancel the rest.
/// Runs in the background; the window opens at once.
fn resume_launches<R: Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let runtime = match state.runtime().await {
            Ok(runtime) => runtime,
            Err(error) => {
                tracing::warn!("campaigns can't be checked at start-up: {error}");
                return;
            }
        };
        tracing::info!(
            "start-up: {}",
            match runtime.mode {
                connection::Mode::Practice => "practice mode, no real calls",
                connection::Mode::Account => "connected to a Cartesia account",
            }
        );
        match runtime
            .launcher
            .resume_incomplete(&runtime.client, |_| {})
            .await
        {
            Ok(reports) => log_resumed(&reports),
            Err(error) => {
                logging::campaign_failure(&error);
                tracing::warn!("unfinished launches will be retried later");
            }
        }
        runtime.tracker.wake();
    });
}

/// What the start-up check of unfinished launches did, in the log.
fn log_resumed(reports: &[campaign::LaunchReport]) {
    if reports.is_empty() {
        tracing::info!("start-up: no unfinished launch");
    }
    for report in reports {
        tracing::info!(
            campaign = %report.campaign_id,
            "start-up: an unfinished launch has {} of {} parts at Cartesia ({} not sent)",
            report.created,
            report.parts,
            report.problems.len()
        );
    }
}

/// Starts the desktop app. Blocks until the last window closes.
pub fn run() {
    let mut context = tauri::generate_context!();
    let identity = Identity::for_this_build();
    // Development builds get their own identifier, hence their own data folder and keyring
    // entry: trying a change must never touch a real campaign manager's data or key.
    context.config_mut().identifier = identity.identifier.clone();
    // First of all plugins: a second copy hands over to the first and exits before anything.
    let builder =
        tauri::Builder::default().plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            show_main_window(app)
        }));
    let app = configure(builder, identity).run(context);
    if let Err(error) = app {
        // Before setup there is no log file yet: standard error at least.
        applog::install_stderr_only();
        tracing::error!("Batchline could not start: {error}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod safety;
#[cfg(test)]
mod test_app;

#[cfg(test)]
mod tests {
    use crate::test_app::{app, call, request, sandbox_with_key, set_address, window};
    use tauri::test::get_ipc_response;

    /// The command line finds the app's campaigns by the identifier the core crate gives it.
    #[test]
    fn the_apps_identifier_is_the_one_the_core_crate_names() {
        let context: tauri::Context<tauri::test::MockRuntime> = tauri::generate_context!();
        assert_eq!(context.config().identifier, campaign::RELEASE_IDENTIFIER);
    }

    #[test]
    fn app_info_round_trips_through_ipc_in_practice_mode() {
        let app = app();
        let window = window(&app, "main");
        let body = get_ipc_response(&window, request("app_info"))
            .expect("the main window may call app_info")
            .deserialize::<serde_json::Value>()
            .expect("json");
        assert_eq!(body["name"], "Batchline");
        assert_eq!(body["connection"]["mode"], "practice");
        assert_eq!(body["developmentBuild"], true);
    }

    #[test]
    fn windows_without_the_capability_cannot_call_commands() {
        let app = app();
        let window = window(&app, "intruder");
        let refused = get_ipc_response(&window, request("app_info")).expect_err("must be refused");
        let text = format!("{refused:?}");
        assert!(text.contains("not allowed"), "{text}");
    }

    /// The connect flow against a Cartesia-compatible server on loopback: a wrong key is refused
    /// and not saved; the right one is saved, shown only by its last four characters, and used
    /// for the agents list; removing it returns to practice mode.
    #[test]
    fn a_key_is_checked_with_the_api_before_it_is_kept() {
        let server = sandbox_with_key("sk_car_right_key_ab12");
        let app = app();
        let window = window(&app, "main");
        set_address(&window, &server.base_url());

        let refused = call(
            &window,
            "connect_key",
            serde_json::json!({ "key": "sk_car_wrong_key_0000" }),
        )
        .expect_err("a wrong key is refused");
        assert_eq!(refused["code"], "key_not_saved", "{refused}");
        assert!(refused["message"]
            .as_str()
            .unwrap_or("")
            .contains("didn't accept this key"));
        let info = call(&window, "app_info", serde_json::json!({})).expect("info");
        assert_eq!(
            info["connection"]["mode"], "practice",
            "nothing saved: {info}"
        );

        let info = call(
            &window,
            "connect_key",
            serde_json::json!({ "key": " sk_car_right_key_ab12 \n" }),
        )
        .expect("the right key is accepted");
        assert_eq!(info["connection"]["mode"], "connected");
        assert_eq!(info["connection"]["keyLast4"], "ab12");
        assert!(
            !info.to_string().contains("right_key"),
            "the key never comes back: {info}"
        );

        let agents = call(&window, "list_agents", serde_json::json!({})).expect("agents");
        let names: Vec<&str> = agents
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|a| a["name"].as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Appointment reminder",
                "Customer survey",
                "Payment reminder"
            ]
        );
        assert!(!agents.to_string().contains("right_key"));

        let info = call(&window, "remove_key", serde_json::json!({})).expect("removed");
        assert_eq!(info["connection"]["mode"], "practice");
        tauri::async_runtime::block_on(server.shutdown());
    }

    /// The log as support would receive it, every file of it.
    fn whole_log() -> String {
        let dir = crate::test_app::log_dir();
        let mut text = String::new();
        for entry in std::fs::read_dir(dir).expect("log folder").flatten() {
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
        text
    }

    /// With the log at its most detailed for Batchline's crates: a key refused while
    /// connecting, the right key connected and used, a request that fails because Cartesia went
    /// away, the key removed. The log tells that story and never holds either key.
    #[test]
    fn the_log_records_the_key_flow_but_never_the_key() {
        const RIGHT: &str = "sk_car_logprobe_right_Zq81";
        const WRONG: &str = "sk_car_logprobe_wrong_Xw42";
        let server = sandbox_with_key(RIGHT);
        let app = app();
        let window = window(&app, "main");
        set_address(&window, &server.base_url());

        call(&window, "connect_key", serde_json::json!({ "key": WRONG })).expect_err("refused");
        call(&window, "connect_key", serde_json::json!({ "key": RIGHT })).expect("connected");
        call(&window, "list_agents", serde_json::json!({})).expect("agents with the key");
        tauri::async_runtime::block_on(server.shutdown());
        let failed =
            call(&window, "list_agents", serde_json::json!({})).expect_err("Cartesia is gone");
        call(&window, "remove_key", serde_json::json!({})).expect("removed");

        let log = whole_log();
        assert!(
            log.contains("Cartesia request failed: the key was refused"),
            "{log}"
        );
        assert!(log.contains("was saved in the OS keyring"), "{log}");
        assert!(
            log.contains("Cartesia could not be reached"),
            "{failed}\n{log}"
        );
        assert!(log.contains("removed from the OS keyring"), "{log}");
        for key in [RIGHT, WRONG] {
            assert!(!log.contains(key), "the key {key} is in the log:\n{log}");
        }
        assert!(
            !log.contains("logprobe"),
            "part of a key is in the log:\n{log}"
        );
    }

    #[test]
    fn the_log_folder_can_be_opened_from_the_window() {
        let app = app();
        let window = window(&app, "main");
        call(&window, "open_log_folder", serde_json::json!({})).expect("shown");
    }

    #[test]
    fn practice_mode_lists_the_demo_agents_without_any_key() {
        let app = app();
        let window = window(&app, "main");
        let agents = call(&window, "list_agents", serde_json::json!({})).expect("agents");
        let first = &agents[0];
        assert_eq!(first["name"], "Appointment reminder");
        let numbers: Vec<&str> = first["numbers"]
            .as_array()
            .expect("numbers")
            .iter()
            .filter_map(|n| n["number"].as_str())
            .collect();
        assert!(numbers.contains(&"+14155550142"), "{numbers:?}");
    }
}
