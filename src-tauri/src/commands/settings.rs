//! Settings screen: preferences (country, plan limit, API address).

use crate::error::IpcError;
use crate::ipc::Settings;
use crate::state::AppState;

#[tauri::command]
pub(crate) async fn get_settings(state: tauri::State<'_, AppState>) -> Result<Settings, IpcError> {
    Ok(state.settings.lock().await.clone())
}

#[tauri::command]
pub(crate) async fn save_settings(
    settings: Settings,
    state: tauri::State<'_, AppState>,
) -> Result<Settings, IpcError> {
    let saved = state.settings_file.save(&settings)?;
    let previous = std::mem::replace(&mut *state.settings.lock().await, saved.clone());
    if previous.api_base_url != saved.api_base_url {
        // Calls go somewhere else from now on.
        state.reset_runtime().await;
    }
    Ok(saved)
}
