//! Rename, archive and delete a campaign: Batchline's own record on this computer only (the
//! work, the confirmation checks and the audit entries are `campaign::actions`').

use crate::error::IpcError;
use crate::ipc::ActionResult;
use crate::state::AppState;
use campaign::actions;
use campaign::view::PageId;

fn campaign_id(id: &str) -> Result<campaign::CampaignId, IpcError> {
    Ok(id.parse::<PageId>()?.campaign()?)
}

#[tauri::command]
pub(crate) async fn rename_campaign(
    id: String,
    name: String,
    state: tauri::State<'_, AppState>,
) -> Result<ActionResult, IpcError> {
    let runtime = state.runtime().await?;
    let said = actions::rename(
        &runtime.store,
        campaign_id(&id)?,
        &name,
        campaign::app_now(),
    )?;
    Ok(ActionResult::new(said, Vec::new()))
}

/// Archives the campaign (`archived`), or takes it out of the archive; archiving is confirmed.
#[tauri::command]
pub(crate) async fn archive_campaign(
    id: String,
    archived: bool,
    confirmed: bool,
    state: tauri::State<'_, AppState>,
) -> Result<ActionResult, IpcError> {
    let runtime = state.runtime().await?;
    let id = campaign_id(&id)?;
    let said = actions::archive(&runtime.store, id, archived, confirmed, campaign::app_now())?;
    Ok(ActionResult::new(said, Vec::new()))
}

/// Deletes the campaign's record from this computer, once confirmed; Cartesia keeps its calls.
#[tauri::command]
pub(crate) async fn delete_campaign(
    id: String,
    confirmed: bool,
    state: tauri::State<'_, AppState>,
) -> Result<ActionResult, IpcError> {
    let runtime = state.runtime().await?;
    let said = actions::delete(
        &runtime.store,
        campaign_id(&id)?,
        confirmed,
        campaign::app_now(),
    )?;
    Ok(ActionResult::new(said, Vec::new()))
}
