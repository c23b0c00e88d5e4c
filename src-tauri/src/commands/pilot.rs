//! A test call to yourself from the wizard, and a campaign's pilot: its results, "Launch the
//! rest" and "Stop here". The rules and the exactly-once sending are the campaign crate's
//! (`campaign::test_call`, `campaign::pilot`); each command parses, makes one core call, maps.

use crate::error::IpcError;
use crate::ipc::{Confirmation, LaunchEvent, LaunchResult, WizardState};
use crate::state::AppState;
use campaign::pilot::PilotResults;
use campaign::test_call::{TestCallAsk, TestCallView};
use campaign::view::PageId;
use tauri::ipc::Channel;

/// Sends the wizard's test call ("Call me first") to the person's own number with the chosen
/// row's call data, exactly once (a second click finds the first), and remembers the number.
#[tauri::command]
pub(crate) async fn start_test_call(
    ask: TestCallAsk,
    wizard: WizardState,
    state: tauri::State<'_, AppState>,
) -> Result<TestCallView, IpcError> {
    let import = state.current_import().await;
    let request = campaign::test_call::test_call_request_for(
        &ask,
        import.as_ref(),
        &wizard.name,
        wizard.agent_id.as_deref().unwrap_or_default(),
        wizard.from_number_id.as_deref().unwrap_or_default(),
        wizard.ringing_timeout_seconds,
        wizard.max_call_duration_minutes,
    )
    .map_err(|e| IpcError::new(e.to_string()))?;
    remember_number(&state, &ask.to_number).await;
    let runtime = state.runtime().await?;
    Ok(runtime
        .launcher
        .test_call(&runtime.client, None, &request, campaign::app_now())
        .await?)
}

async fn remember_number(state: &AppState, number: &str) {
    let mut current = state.settings.lock().await;
    let Some(next) = current.with_test_call_number(number) else {
        return;
    };
    match state.settings_file.save(&next) {
        Ok(saved) => *current = saved,
        Err(e) => tracing::warn!("the test call number could not be remembered: {e:?}"),
    }
}

/// Where the test call is now (queued, ringing, on the phone, ended with its transcript).
#[tauri::command]
pub(crate) async fn follow_test_call(
    id: i64,
    state: tauri::State<'_, AppState>,
) -> Result<TestCallView, IpcError> {
    let runtime = state.runtime().await?;
    Ok(runtime
        .launcher
        .follow_test_call(&runtime.client, id, campaign::app_now())
        .await?)
}

/// The pilot's results for the campaign page (`None`: no pilot).
#[tauri::command]
pub(crate) async fn pilot_results(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<Option<PilotResults>, IpcError> {
    let campaign_id = id.parse::<PageId>()?.campaign()?;
    let runtime = state.runtime().await?;
    Ok(campaign::pilot::pilot_results(&runtime.store, &runtime.client, campaign_id).await?)
}

/// "Launch the rest" after the pilot, once confirmed with how many people it calls.
#[tauri::command]
pub(crate) async fn launch_rest(
    id: String,
    confirmation: Confirmation,
    on_event: Channel<LaunchEvent>,
    state: tauri::State<'_, AppState>,
) -> Result<LaunchResult, IpcError> {
    let campaign_id = id.parse::<PageId>()?.campaign()?;
    let runtime = state.runtime().await?;
    let released = runtime
        .launcher
        .launch_rest(
            &runtime.client,
            campaign_id,
            &confirmation,
            campaign::app_now(),
            |p| {
                let _ = on_event.send(super::launch::part_event(p));
            },
        )
        .await?;
    runtime.tracker.wake();
    Ok(super::launch::result_of(released.launch))
}

/// "Stop here": the campaign ends with its pilot, once confirmed.
#[tauri::command]
pub(crate) async fn stop_pilot(
    id: String,
    confirmation: Confirmation,
    state: tauri::State<'_, AppState>,
) -> Result<(), IpcError> {
    let campaign_id = id.parse::<PageId>()?.campaign()?;
    let runtime = state.runtime().await?;
    Ok(campaign::pilot::stop_pilot(
        &runtime.store,
        campaign_id,
        &confirmation,
        campaign::app_now(),
    )?)
}
