//! The Campaigns page and a campaign's page: progress, charts, recipients, calls, and the
//! actions on a campaign (retry failed, cancel, export). The work and the shapes are the campaign
//! crate's (`campaign::view`, `campaign::actions`); each command reads the page id, makes one
//! core call and returns its answer. A page id is a campaign's own number, or `batch:<id>` for
//! a batch made outside Batchline.

use crate::error::IpcError;
use crate::files;
use crate::ipc::{
    ActionResult, CallDetail, CampaignDetail, CampaignList, Confirmation, EditForm, EditRequest,
    RecipientTable, SavedFile,
};
use crate::state::AppState;
use campaign::view::{self, PageId};
use campaign::{actions, export, CampaignId};

fn page(id: &str) -> Result<PageId, IpcError> {
    Ok(id.parse::<PageId>()?)
}

#[tauri::command]
pub(crate) async fn list_campaigns(
    state: tauri::State<'_, AppState>,
) -> Result<CampaignList, IpcError> {
    let runtime = state.runtime().await?;
    let others = view::other_batches(&runtime.client, &runtime.store).await;
    Ok(view::list(&runtime.store, others, campaign::app_now())?)
}

#[tauri::command]
pub(crate) async fn campaign_detail(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<CampaignDetail, IpcError> {
    let page = page(&id)?;
    let runtime = state.runtime().await?;
    Ok(view::open(&runtime.client, &runtime.store, &page, campaign::app_now()).await?)
}

#[tauri::command]
pub(crate) async fn campaign_recipients(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<RecipientTable, IpcError> {
    let page = page(&id)?;
    let runtime = state.runtime().await?;
    Ok(view::page_recipients(&runtime.client, &runtime.store, &page).await?)
}

#[tauri::command]
pub(crate) async fn call_detail(
    call_id: String,
    state: tauri::State<'_, AppState>,
) -> Result<CallDetail, IpcError> {
    let runtime = state.runtime().await?;
    Ok(view::call_detail(&runtime.client, &call_id).await?)
}

/// Checks the confirmation of `steer` for a campaign of this store (not a batch made elsewhere).
fn confirmed_target(
    id: &str,
    store: &campaign::Store,
    steer: actions::Steer,
    confirmation: Confirmation,
) -> Result<CampaignId, IpcError> {
    let campaign_id = page(id)?.campaign()?;
    actions::check_confirmed(store, campaign_id, steer, &confirmation)?;
    Ok(campaign_id)
}

/// Calls again the recipients whose calls failed, once the person confirmed how many.
#[tauri::command]
pub(crate) async fn retry_failed(
    id: String,
    confirmation: Confirmation,
    state: tauri::State<'_, AppState>,
) -> Result<ActionResult, IpcError> {
    let runtime = state.runtime().await?;
    let campaign_id = confirmed_target(&id, &runtime.store, actions::Steer::Retry, confirmation)?;
    let outcome = actions::retry_failed(
        &runtime.client,
        &runtime.launcher,
        campaign_id,
        campaign::app_now(),
    )
    .await?;
    runtime.tracker.wake();
    Ok(ActionResult::new(outcome.message, outcome.problems))
}

/// Cancels a campaign, once the person confirmed it (and how many people won't be called).
#[tauri::command]
pub(crate) async fn cancel_campaign(
    id: String,
    confirmation: Confirmation,
    state: tauri::State<'_, AppState>,
) -> Result<ActionResult, IpcError> {
    let runtime = state.runtime().await?;
    let campaign_id = confirmed_target(&id, &runtime.store, actions::Steer::Cancel, confirmation)?;
    let outcome = actions::cancel(&runtime.client, &runtime.store, campaign_id).await?;
    runtime.tracker.wake();
    Ok(ActionResult::new(outcome.message, outcome.problems))
}

/// Cancels the parts of a campaign that were never sent: nobody in them will be called.
#[tauri::command]
pub(crate) async fn withdraw_unsent(
    id: String,
    confirmation: Confirmation,
    state: tauri::State<'_, AppState>,
) -> Result<ActionResult, IpcError> {
    let runtime = state.runtime().await?;
    let steer = actions::Steer::WithdrawUnsent;
    let campaign_id = confirmed_target(&id, &runtime.store, steer, confirmation)?;
    let done = campaign::withdraw_unsent(&runtime.store, campaign_id)?;
    Ok(ActionResult::new(done.withdrawn_message(), Vec::new()))
}

/// A scheduled campaign's settings, to change before it starts, and whether it still can be.
#[tauri::command]
pub(crate) async fn edit_form(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<EditForm, IpcError> {
    let campaign_id = page(&id)?.campaign()?;
    let runtime = state.runtime().await?;
    Ok(actions::edit_form(&runtime.store, campaign_id)?)
}

/// Replaces a scheduled campaign's parts with its new settings, once the person confirmed it.
#[tauri::command]
pub(crate) async fn edit_scheduled(
    id: String,
    edit: EditRequest,
    state: tauri::State<'_, AppState>,
) -> Result<ActionResult, IpcError> {
    let campaign_id = page(&id)?.campaign()?;
    let runtime = state.runtime().await?;
    let limit = state.settings.lock().await.org_concurrency_limit;
    let agents = state.agents.lock().await.clone();
    let edit = actions::Edit::from_request(edit, &agents, Some(limit))?;
    let outcome = actions::edit_scheduled(
        &runtime.store,
        &runtime.launcher,
        &runtime.client,
        campaign_id,
        &edit,
        campaign::app_now(),
        |_| {},
    )
    .await?;
    runtime.tracker.wake();
    Ok(ActionResult::new(outcome.message, Vec::new()))
}

#[tauri::command]
pub(crate) async fn export_results<R: tauri::Runtime>(
    id: String,
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
) -> Result<SavedFile, IpcError> {
    let campaign_id = page(&id)?.campaign()?;
    let runtime = state.runtime().await?;
    let name = runtime.store.campaign(campaign_id)?.setup.name;
    let csv = export::export_results(&runtime.client, &runtime.store, campaign_id).await?;
    files::save_to_downloads(&app, &campaign::results_file(&name), &csv)
}
