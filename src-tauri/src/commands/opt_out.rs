//! "Don't call again" from a campaign's results, and the calls in which people asked not to be
//! called again. The rules are `campaign::dnc_enforce`'s; each command parses, makes one core call
//! and returns its answer.

use crate::error::IpcError;
use crate::state::AppState;
use campaign::dnc_enforce::{self, DontCallOutcome, OptOuts};
use campaign::view::PageId;

fn campaign_id(id: &str) -> Result<campaign::CampaignId, IpcError> {
    Ok(id.parse::<PageId>()?.campaign()?)
}

/// Adds recipients of a campaign to the do-not-call list; their waiting calls are taken out by
/// the app's do-not-call watch (`crate::watch`) within seconds.
#[tauri::command]
pub(crate) async fn dont_call_again(
    id: String,
    numbers: Vec<String>,
    reason: String,
    state: tauri::State<'_, AppState>,
) -> Result<DontCallOutcome, IpcError> {
    let campaign_id = campaign_id(&id)?;
    let runtime = state.runtime().await?;
    Ok(dnc_enforce::dont_call_again(
        &runtime.store,
        campaign_id,
        &numbers,
        &reason,
        campaign::app_now(),
    )?)
}

/// The campaign's calls in which the recipient said one of the opt-out phrases of Settings.
#[tauri::command]
pub(crate) async fn opt_out_calls(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<OptOuts, IpcError> {
    let campaign_id = campaign_id(&id)?;
    let phrases = state.settings.lock().await.opt_out_phrases.clone();
    let runtime = state.runtime().await?;
    Ok(dnc_enforce::opt_outs(&runtime.client, &runtime.store, campaign_id, &phrases).await?)
}
