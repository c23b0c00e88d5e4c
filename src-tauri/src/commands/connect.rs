//! Connecting a Cartesia account, and the agents and numbers it offers.
//!
//! The key arrives once, when the person pastes it; it is checked by listing agents, then kept in
//! the OS keyring. No command ever returns it: the UI only sees its last four characters.

use crate::commands::app::app_info;
use crate::connection;
use crate::error::{ErrorCode, IpcError};
use crate::ipc::{AgentChoice, AppInfo, NumberChoice};
use crate::secrets::{Secret, StoredKey};
use crate::state::AppState;
use campaign::{AuditEntry, AuditKind};
use cartesia::{AgentSummary, PhoneNumber};

#[tauri::command]
pub async fn connect_key(
    key: String,
    state: tauri::State<'_, AppState>,
) -> Result<AppInfo, IpcError> {
    let key = Secret::new(key.trim());
    if key.expose().is_empty() {
        return Err(IpcError::coded(
            ErrorCode::KeyNotSaved,
            "Paste your Cartesia API key first. You'll find it in the Cartesia dashboard under API keys.",
        ));
    }
    let base = state.settings.lock().await.api_base_url.clone();
    check_key(&base, &key).await?;
    let origin = cartesia::origin_of(&base)
        .ok_or_else(|| IpcError::coded(ErrorCode::KeyNotSaved, "The API address in Settings is not valid."))?;
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

/// Asks Cartesia to list agents with the key: the cheapest call that proves it works.
async fn check_key(base: &str, key: &Secret) -> Result<(), IpcError> {
    let client =
        connection::key_check_client(base, key).map_err(|e| IpcError::coded(ErrorCode::KeyNotSaved, e.message))?;
    match client.list_agents().await {
        Ok(_) => Ok(()),
        Err(e) if e.is_unauthorized() => Err(IpcError::coded(
            ErrorCode::KeyNotSaved,
            "Cartesia didn't accept this key. Check that you copied the whole key from the \
             Cartesia dashboard (API keys), then paste it again. Nothing was saved.",
        )),
        Err(e) => Err(IpcError::coded(
            ErrorCode::KeyNotSaved,
            format!("{} The key was not saved.", e.user_message()),
        )),
    }
}

#[tauri::command]
pub async fn remove_key(state: tauri::State<'_, AppState>) -> Result<AppInfo, IpcError> {
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
pub async fn list_agents(state: tauri::State<'_, AppState>) -> Result<Vec<AgentChoice>, IpcError> {
    let runtime = state.runtime().await?;
    let (agents, numbers) = tokio::try_join!(
        runtime.client.list_agents(),
        runtime.client.list_all_phone_numbers()
    )?;
    let choices = agent_choices(agents, &numbers);
    *state.agents.lock().await = choices.clone();
    Ok(choices)
}

/// Each agent with the numbers it can call from: its own numbers first, then the org's numbers
/// not given to any agent. Numbers that belong to another agent are left out. Agents are sorted
/// by name, so the list reads the same every time.
pub fn agent_choices(agents: Vec<AgentSummary>, numbers: &[PhoneNumber]) -> Vec<AgentChoice> {
    let mut out: Vec<AgentChoice> = agents
        .into_iter()
        .map(|agent| {
            let mut own: Vec<NumberChoice> = Vec::new();
            let push = |id: &str, list: &mut Vec<NumberChoice>| {
                if list.iter().any(|n| n.id == id) {
                    return;
                }
                let known = numbers.iter().find(|n| n.id == id);
                let number = known
                    .map(|n| n.number.clone())
                    .or_else(|| {
                        agent
                            .phone_numbers
                            .iter()
                            .find(|p| p.id == id)
                            .map(|p| p.number.clone())
                    })
                    .unwrap_or_default();
                if number.is_empty() {
                    return;
                }
                list.push(NumberChoice {
                    id: id.to_owned(),
                    number,
                    label: known.and_then(|n| n.label.clone()).unwrap_or_default(),
                    us_only: known
                        .and_then(|n| n.provider.as_ref())
                        .is_some_and(|p| p.kind == "cartesia"),
                });
            };
            for p in &agent.phone_numbers {
                push(&p.id, &mut own);
            }
            for n in numbers {
                if n.agent.as_ref().is_some_and(|a| a.id == agent.id) {
                    push(&n.id, &mut own);
                }
            }
            for n in numbers {
                if n.agent.is_none() {
                    push(&n.id, &mut own);
                }
            }
            AgentChoice {
                name: if agent.name.trim().is_empty() {
                    "Unnamed agent".into()
                } else {
                    agent.name.clone()
                },
                description: agent.description.clone().unwrap_or_default(),
                id: agent.id,
                numbers: own,
            }
        })
        .collect();
    out.sort_by_key(|a| a.name.to_lowercase());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> T {
        serde_json::from_value(json).expect("fixture")
    }

    #[test]
    fn numbers_of_other_agents_are_left_out_and_spare_ones_offered() {
        let agents: Vec<AgentSummary> = fixture(serde_json::json!([
            {"id": "a2", "name": "Survey", "phone_numbers": [{"id": "n2", "number": "+12125550163"}]},
            {"id": "a1", "name": "appointments", "phone_numbers": []},
        ]));
        let numbers: Vec<PhoneNumber> = fixture(serde_json::json!([
            {"id": "n1", "number": "+14155550142", "label": "Front desk", "agent": {"id": "a1"}, "provider": {"type": "cartesia"}},
            {"id": "n2", "number": "+12125550163", "label": "Survey line", "agent": {"id": "a2"}, "provider": {"type": "twilio"}},
            {"id": "n3", "number": "+16175550190", "label": "Spare", "agent": null, "provider": {"type": "twilio"}},
            {"id": "n4", "number": "", "label": "Broken", "agent": null},
        ]));
        let choices = agent_choices(agents, &numbers);
        assert_eq!(choices[0].name, "appointments", "sorted by name, any case");
        let ids = |c: &AgentChoice| c.numbers.iter().map(|n| n.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&choices[0]), ["n1", "n3"]);
        assert_eq!(ids(&choices[1]), ["n2", "n3"]);
        assert!(
            choices[0].numbers[0].us_only,
            "Cartesia numbers dial US only"
        );
        assert!(!choices[1].numbers[0].us_only);
        assert_eq!(choices[1].numbers[0].label, "Survey line");
    }
}
