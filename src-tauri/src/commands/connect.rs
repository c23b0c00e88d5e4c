//! Connecting a Cartesia account, and the agents and numbers it offers.
//!
//! The key arrives once, when the person pastes it; it is checked by listing agents, then kept in
//! the OS keyring. No command ever returns it: the UI only sees its last four characters.

use crate::commands::app::app_info;
use crate::connection;
use crate::error::{ErrorCode, IpcError};
use crate::ipc::{AgentChoice, AppInfo};
use crate::secrets::{Secret, StoredKey};
use crate::state::AppState;
use campaign::settings::KeyError;
use campaign::{AuditEntry, AuditKind};

#[tauri::command]
pub(crate) async fn connect_key(
    key: String,
    state: tauri::State<'_, AppState>,
) -> Result<AppInfo, IpcError> {
    let key = Secret::new(key.trim());
    if key.expose().is_empty() {
        return Err(not_saved(KeyError::Empty));
    }
    let base = state.settings.lock().await.api_base_url.clone();
    check_key(&base, &key).await?;
    let origin = cartesia::origin_of(&base).ok_or_else(|| not_saved(KeyError::BadAddress))?;
    let last4 = key.last4();
    // The key may go only where it was just checked.
    state.keys.save(&StoredKey { origin, key })?;
    state.reset_runtime().await;
    let runtime = state.runtime().await?;
    let detail = format!("key ending {last4}");
    runtime.store.audit(
        AuditKind::KeyConnected,
        &AuditEntry {
            detail: Some(&detail),
            ..AuditEntry::default()
        },
    )?;
    app_info(state).await
}

/// The key field stays open with what was typed, and says why.
fn not_saved(why: KeyError) -> IpcError {
    IpcError::coded(ErrorCode::KeyNotSaved, why.to_string())
}

/// Asks Cartesia to list agents with the key: the cheapest call that proves it works.
async fn check_key(base: &str, key: &Secret) -> Result<(), IpcError> {
    let client = connection::key_check_client(base, key)
        .map_err(|e| IpcError::coded(ErrorCode::KeyNotSaved, e.message))?;
    client
        .list_agents()
        .await
        .inspect_err(crate::logging::cartesia_failure)
        .map(drop)
        .map_err(|e| not_saved(KeyError::from_check(e)))
}

#[tauri::command]
pub(crate) async fn remove_key(state: tauri::State<'_, AppState>) -> Result<AppInfo, IpcError> {
    if let Ok(runtime) = state.runtime().await {
        if runtime.mode == connection::Mode::Account {
            let _ = runtime
                .store
                .audit(AuditKind::KeyRemoved, &AuditEntry::default());
        }
    }
    state.keys.remove()?;
    state.reset_runtime().await;
    app_info(state).await
}

#[tauri::command]
pub(crate) async fn list_agents(
    state: tauri::State<'_, AppState>,
) -> Result<Vec<AgentChoice>, IpcError> {
    let runtime = state.runtime().await?;
    let (agents, numbers) = tokio::try_join!(
        runtime.client.list_agents(),
        runtime.client.list_all_phone_numbers()
    )?;
    let choices = campaign::agents::agent_choices(agents, &numbers);
    *state.agents.lock().await = choices.clone();
    Ok(choices)
}
