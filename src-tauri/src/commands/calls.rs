//! A call's recording for the call panel. The backend fetches it (the key never reaches the
//! window) and hands the bytes over as they are: the window plays them from a `blob:` URL.

use crate::error::IpcError;
use crate::state::AppState;
use campaign::view;

/// The call's WAV recording (at most `cartesia::MAX_AUDIO_BYTES`), or a plain message when
/// Cartesia keeps none for it.
#[tauri::command]
pub(crate) async fn call_recording(
    call_id: String,
    state: tauri::State<'_, AppState>,
) -> Result<tauri::ipc::Response, IpcError> {
    let runtime = state.runtime().await?;
    match view::call_recording(&runtime.client, &call_id).await? {
        Some(wav) => Ok(tauri::ipc::Response::new(wav)),
        None => Err(IpcError::new(view::NO_RECORDING)),
    }
}
