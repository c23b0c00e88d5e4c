//! The wizard's autosave: closing the app mid-way and reopening resumes the campaign being set up,
//! recipients included (the original file is kept, so every choice can still be changed).

use crate::commands::import::read;
use crate::error::IpcError;
use crate::ipc::{Draft, WizardState};
use crate::state::AppState;
use campaign::draft::Drafts;

#[tauri::command]
pub(crate) async fn load_draft(
    state: tauri::State<'_, AppState>,
) -> Result<Option<Draft>, IpcError> {
    let store = state.account_store()?;
    let Some(saved) = Drafts::new(&store).load(chrono::Utc::now())? else {
        return Ok(None);
    };
    let import = match saved.import {
        Some(session) => {
            // Read the kept file again: the same bytes and choices give the same summary.
            let session = read(session, store.clone()).await?;
            let summary = session.summary();
            state.save_import_in_memory(session).await;
            summary
        }
        None => None,
    };
    Ok(Some(Draft {
        wizard: saved.setup.into(),
        import,
        saved_at: saved.saved_at.to_rfc3339(),
    }))
}

#[tauri::command]
pub(crate) async fn save_draft(
    wizard: WizardState,
    state: tauri::State<'_, AppState>,
) -> Result<(), IpcError> {
    state.save_setup(&wizard.into())
}

#[tauri::command]
pub(crate) async fn discard_draft(state: tauri::State<'_, AppState>) -> Result<(), IpcError> {
    state.discard_draft().await
}
