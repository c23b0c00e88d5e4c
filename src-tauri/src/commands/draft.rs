//! The wizard's autosave: closing the app mid-way and reopening resumes the campaign being set up,
//! recipients included (the original file is kept, so every choice can still be changed).

use crate::commands::import::{run_import, summarize};
use crate::error::IpcError;
use crate::ipc::{Draft, WizardState};
use crate::state::AppState;

#[tauri::command]
pub async fn load_draft(state: tauri::State<'_, AppState>) -> Result<Option<Draft>, IpcError> {
    let Some(saved) = state.drafts()?.load()? else {
        return Ok(None);
    };
    let import = match saved.import {
        Some(session) => {
            // Read the kept file again: the same bytes and choices give the same summary.
            let session = run_import(session).await?;
            let summary = summarize(&session);
            state.save_import_in_memory(session).await;
            summary
        }
        None => None,
    };
    Ok(Some(Draft {
        wizard: saved.wizard,
        import,
        saved_at: saved.saved_at,
    }))
}

#[tauri::command]
pub async fn save_draft(
    wizard: WizardState,
    state: tauri::State<'_, AppState>,
) -> Result<(), IpcError> {
    state.drafts()?.save_wizard(&wizard)
}

#[tauri::command]
pub async fn discard_draft(state: tauri::State<'_, AppState>) -> Result<(), IpcError> {
    *state.import.lock().await = None;
    state.drafts()?.discard()
}
