//! What the UI needs to know about the app itself (version, build, connection), and its log folder.

use crate::error::IpcError;
use crate::ipc::{AppInfo, Connection};
use crate::logging::LogFolder;
use crate::state::AppState;

#[tauri::command]
pub(crate) async fn app_info(state: tauri::State<'_, AppState>) -> Result<AppInfo, IpcError> {
    note_first_screen();
    let address = state.settings.lock().await.api_base_url.clone();
    let connection = match state.keys.load() {
        Ok(Some(saved)) if saved.is_for(&address) => Connection::Connected {
            key_last4: saved.key.last4(),
        },
        Ok(Some(saved)) => Connection::KeyForOtherAddress {
            key_last4: saved.key.last4(),
            key_address: saved.origin,
            address,
        },
        Ok(None) => Connection::Practice,
        Err(error) => Connection::KeyringUnavailable {
            message: error.to_string(),
        },
    };
    Ok(AppInfo {
        name: "Batchline".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        development_build: state.identity.development,
        connection,
    })
}

/// The home screen asks for `app_info` as soon as it is on screen: the first call means the app
/// is up, which the log says once (and `scripts/bench-app` measures start-up by, reading the log
/// on standard error).
fn note_first_screen() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| tracing::info!("the window is up and asked for the app's details"));
}

/// Shows the app's log folder in the OS file manager, for support. Off the main thread: the
/// file manager's launcher is waited for.
#[tauri::command]
pub(crate) async fn open_log_folder(folder: tauri::State<'_, LogFolder>) -> Result<(), IpcError> {
    let folder = folder.inner().clone();
    tauri::async_runtime::spawn_blocking(move || folder.open())
        .await
        .map_err(|_| IpcError::new("Batchline couldn't open the log folder. Try again."))?
}
