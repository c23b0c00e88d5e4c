//! Settings screen: preferences (country, plan limit, API address, default hours) and the state
//! calling rules, each of which can be turned off only confirmed, with a reason, in the audit log.

use crate::error::IpcError;
use crate::ipc::{RuleChange, Settings, StateRuleRow};
use crate::state::AppState;

#[tauri::command]
pub(crate) async fn get_settings(state: tauri::State<'_, AppState>) -> Result<Settings, IpcError> {
    Ok(state.settings.lock().await.clone())
}

#[tauri::command]
pub(crate) async fn save_settings(
    settings: Settings,
    state: tauri::State<'_, AppState>,
) -> Result<Settings, IpcError> {
    let mut current = state.settings.lock().await;
    let saved = state.settings_file.save(&settings.edited(&current))?;
    let previous = std::mem::replace(&mut *current, saved.clone());
    drop(current);
    if previous.api_base_url != saved.api_base_url {
        // Calls go somewhere else from now on.
        state.reset_runtime().await;
    }
    Ok(saved)
}

/// The state rules Batchline applies, in words, with those turned off.
#[tauri::command]
pub(crate) async fn state_rules(
    state: tauri::State<'_, AppState>,
) -> Result<Vec<StateRuleRow>, IpcError> {
    Ok(state.settings.lock().await.state_rules())
}

/// Turns a state rule off (only confirmed, with a reason) or back on; the audit log keeps both.
#[tauri::command]
pub(crate) async fn change_state_rule(
    change: RuleChange,
    state: tauri::State<'_, AppState>,
) -> Result<Vec<StateRuleRow>, IpcError> {
    change_rule(&state, &change).await
}

pub(crate) async fn change_rule(
    state: &AppState,
    change: &RuleChange,
) -> Result<Vec<StateRuleRow>, IpcError> {
    let mut current = state.settings.lock().await;
    let store = state.account_store()?;
    let next = current.change_rule_logged(change, &store, campaign::app_now())?;
    *current = state.settings_file.save(&next)?;
    Ok(current.state_rules())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use crate::state::AppState;
    use crate::test_app::{app, call, window};
    use serde_json::json;
    use tauri::Manager;

    fn florida(rows: &serde_json::Value) -> serde_json::Value {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["region"] == "US-FL")
            .cloned()
            .unwrap()
    }

    #[test]
    fn a_state_rule_is_turned_off_only_confirmed_with_a_reason_and_both_ways_are_logged() {
        let app = app();
        let w = window(&app, "main");
        let rows = call(&w, "state_rules", json!({})).unwrap();
        assert_eq!(
            florida(&rows)["words"],
            "8 am–8 pm, at most 3 calls a day to one person"
        );
        assert!(florida(&rows).get("off").is_none());

        let change = |on: bool, reason: &str, confirmed: bool| {
            call(
                &w,
                "change_state_rule",
                json!({ "change": { "region": "US-FL", "on": on, "reason": reason, "confirmed": confirmed } }),
            )
        };
        let refused = change(false, "Reminders, not sales", false).unwrap_err();
        assert!(
            refused["message"]
                .as_str()
                .unwrap()
                .contains("take responsibility"),
            "{refused}"
        );
        let refused = change(false, "  ", true).unwrap_err();
        assert!(
            refused["message"].as_str().unwrap().contains("write why"),
            "{refused}"
        );
        let settings = call(&w, "get_settings", json!({})).unwrap();
        assert_eq!(settings["rulesOff"], json!([]), "nothing changed");

        let rows = change(false, "Reminders, not sales", true).unwrap();
        assert_eq!(florida(&rows)["off"]["reason"], "Reminders, not sales");
        // The Settings form saved afterwards keeps the rule off (it can't change it).
        let mut form = call(&w, "get_settings", json!({})).unwrap();
        form["rulesOff"] = json!([]);
        let saved = call(&w, "save_settings", json!({ "settings": form })).unwrap();
        assert_eq!(saved["rulesOff"][0]["region"], "US-FL");

        let rows = change(true, "", false).unwrap();
        assert!(florida(&rows).get("off").is_none());

        let state = app.state::<AppState>();
        let log = state.account_store().unwrap().audit_log(10).unwrap();
        let entries: Vec<(&str, Option<&str>)> = log
            .iter()
            .map(|e| (e.kind.as_str(), e.detail.as_deref()))
            .collect();
        assert_eq!(
            entries,
            vec![
                ("rule_turned_on", Some("Florida (US-FL)")),
                (
                    "rule_turned_off",
                    Some("Florida (US-FL): Reminders, not sales")
                ),
            ]
        );
    }
}
