//! The honest estimate (Confirm and the campaign page) and two agents compared (the campaign
//! page). The rules are the campaign crate's (`campaign::estimate`, `campaign::compare`); each
//! command parses, makes one core call, maps.

use crate::error::{ErrorCode, IpcError};
use crate::ipc::{Settings, WizardState};
use crate::state::AppState;
use campaign::compare::{CampaignSpending, KeptEstimate};
use campaign::estimate::{Assumptions, Estimate, PastCall};
use campaign::view::PageId;
use campaign::{CampaignId, Plan, Store};

/// What the estimate assumes (the core's rule: Confirm's figures at Settings' price).
pub(super) fn assumptions(wizard: &WizardState, settings: &Settings) -> Assumptions {
    Assumptions::priced(wizard.estimate, settings.price_per_minute)
}

/// Keeps the estimate of a campaign just recorded (the assumptions it used included). Not kept
/// is only told in the log: the campaign goes on, its page then shows the minutes so far alone.
pub(super) fn keep(
    store: &Store,
    campaign_id: CampaignId,
    plan: &Plan,
    history: &[PastCall],
    chosen: &Assumptions,
) {
    let kept = KeptEstimate::of_plan(plan, history, chosen);
    if let Err(e) = store.set_campaign_estimate(campaign_id, &kept) {
        tracing::warn!("the campaign's estimate could not be kept: {e}");
    }
}

/// The estimate of the wizard's campaign: call minutes and their cost for its ready recipients,
/// from the agent's finished calls (read once per session) or the defaults, as Confirm shows it.
#[tauri::command]
pub(crate) async fn estimate_preview(
    wizard: WizardState,
    state: tauri::State<'_, AppState>,
) -> Result<Estimate, IpcError> {
    let calls = state
        .current_import()
        .await
        .and_then(|i| i.report.as_ref().map(|r| r.recipients.len()))
        .ok_or_else(|| {
            IpcError::coded(
                ErrorCode::Recipients,
                campaign::draft::DraftError::NoFile.to_string(),
            )
        })?;
    let settings = state.settings.lock().await.clone();
    let history = super::launch::agent_history(&state, wizard.agent_id.as_deref()).await;
    Ok(campaign::estimate::estimate(
        u32::try_from(calls).unwrap_or(u32::MAX),
        &history.calls,
        &assumptions(&wizard, &settings),
    ))
}

/// A campaign's cost on its page: the estimate kept at launch, the minutes and cost so far from
/// its calls (read once, when asked), and two agents side by side when it compares two.
#[tauri::command]
pub(crate) async fn campaign_spending(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<Option<CampaignSpending>, IpcError> {
    let PageId::Campaign(id) = id.parse::<PageId>()? else {
        return Ok(None);
    };
    let runtime = state.runtime().await?;
    let price = state.settings.lock().await.price_per_minute;
    Ok(Some(
        campaign::compare::spending(&runtime.client, &runtime.store, id, price).await?,
    ))
}
