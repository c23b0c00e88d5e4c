//! Batchline's desktop shell: window, managed state and the commands the UI may call.
//!
//! This crate is wiring only. What a campaign is, how recipients are read and how Cartesia is
//! spoken to live in the core crates under `crates/`, which know nothing of Tauri.

mod commands;
mod drafts;
mod error;
mod files;
pub mod ipc;
mod secrets;
mod settings;
mod state;

use state::{AppState, Identity};
use tauri::{Manager, Runtime};

/// Registers every command and the managed state on a builder, so the real app and the
/// headless tests run exactly the same wiring.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>, identity: Identity) -> tauri::Builder<R> {
    builder
        .setup(move |app| {
            let data_dir = app.path().app_data_dir()?;
            let config_dir = app.path().app_config_dir()?;
            app.manage(AppState::new(identity.clone(), data_dir, config_dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::settings::get_settings,
            commands::settings::save_settings,
            commands::import::import_file,
            commands::import::import_sample,
            commands::import::reimport,
            commands::import::set_suppression,
            commands::import::save_problems,
            commands::import::save_template,
            commands::draft::load_draft,
            commands::draft::save_draft,
            commands::draft::discard_draft,
        ])
}

/// Starts the desktop app. Blocks until the last window closes.
pub fn run() {
    let mut context = tauri::generate_context!();
    let identity = Identity::for_this_build(context.config().identifier.as_str());
    // Development builds get their own identifier, hence their own data folder and keyring
    // entry: trying a change must never touch a real campaign manager's data or key.
    context.config_mut().identifier = identity.identifier.clone();
    let app = configure(tauri::Builder::default(), identity).run(context);
    if let Err(error) = app {
        eprintln!("Batchline could not start: {error}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
    use tauri::webview::InvokeRequest;
    use tauri::WebviewWindowBuilder;

    fn request(cmd: &str) -> InvokeRequest {
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::default(),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        }
    }

    fn app() -> tauri::App<tauri::test::MockRuntime> {
        secrets::use_mock_store();
        let identity = Identity::new("app.batchline.desktop.test", true);
        let app = configure(mock_builder(), identity.clone())
            .build(tauri::generate_context!())
            .expect("app builds");
        // The mock runtime does not run `setup`; give the app what setup would.
        let dir = tempfile::tempdir().expect("temp dir").keep();
        app.manage(AppState::new(
            identity,
            dir.join("data"),
            dir.join("config"),
        ));
        app
    }

    #[test]
    fn app_info_round_trips_through_ipc_in_practice_mode() {
        let app = app();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window");
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
        let window = WebviewWindowBuilder::new(&app, "intruder", Default::default())
            .build()
            .expect("window");
        let refused = get_ipc_response(&window, request("app_info")).expect_err("must be refused");
        let text = format!("{refused:?}");
        assert!(text.contains("not allowed"), "{text}");
    }
}
