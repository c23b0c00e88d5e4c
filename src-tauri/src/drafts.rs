//! The one place the window's wizard state meets the draft's own storage format: the window
//! sends and receives [`WizardState`]; the store keeps [`DraftSetup`] (versioned, in the core
//! crate), so a change to what the window sends never makes saved drafts unreadable.

use crate::error::IpcError;
use crate::ipc::{StartChoice, WizardState};
use campaign::draft::{DraftError, DraftSetup, DraftStart};

impl From<WizardState> for DraftSetup {
    fn from(w: WizardState) -> DraftSetup {
        DraftSetup {
            step: w.step,
            name: w.name,
            agent_id: w.agent_id,
            from_number_id: w.from_number_id,
            concurrency: w.concurrency,
            ringing_timeout_seconds: w.ringing_timeout_seconds,
            max_call_duration_minutes: w.max_call_duration_minutes,
            start: match w.start {
                StartChoice::Now => DraftStart::Now,
                StartChoice::At {
                    scheduled_at,
                    time_zone,
                } => DraftStart::At {
                    scheduled_at,
                    time_zone,
                },
            },
            compliance_acknowledged: w.compliance_acknowledged,
            calling_hours: w.calling_hours,
            call_minutes: w.call_minutes,
            compare: w.compare,
        }
    }
}

impl From<DraftSetup> for WizardState {
    fn from(d: DraftSetup) -> WizardState {
        WizardState {
            step: d.step,
            name: d.name,
            agent_id: d.agent_id,
            from_number_id: d.from_number_id,
            concurrency: d.concurrency,
            ringing_timeout_seconds: d.ringing_timeout_seconds,
            max_call_duration_minutes: d.max_call_duration_minutes,
            start: match d.start {
                DraftStart::Now => StartChoice::Now,
                DraftStart::At {
                    scheduled_at,
                    time_zone,
                } => StartChoice::At {
                    scheduled_at,
                    time_zone,
                },
            },
            compliance_acknowledged: d.compliance_acknowledged,
            calling_hours: d.calling_hours,
            call_minutes: d.call_minutes,
            // Chosen on Confirm, just before the launch: not kept in the draft.
            pilot: None,
            compare: d.compare,
            estimate: None,
        }
    }
}

impl From<DraftError> for IpcError {
    fn from(error: DraftError) -> Self {
        match error {
            DraftError::Store(e) => e.into(),
            other => IpcError::new(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::WizardStep;

    #[test]
    fn every_answer_survives_the_way_to_the_store_and_back() {
        let wizard = WizardState {
            step: WizardStep::Schedule,
            name: "Spring leads".into(),
            agent_id: Some("agent_1".into()),
            from_number_id: Some("pn_1".into()),
            concurrency: Some(4),
            ringing_timeout_seconds: Some(30),
            max_call_duration_minutes: Some(12),
            start: StartChoice::At {
                scheduled_at: "2026-12-01T09:00:00-05:00".into(),
                time_zone: "America/New_York".into(),
            },
            compliance_acknowledged: true,
            calling_hours: Some(campaign::schedule::HoursChoice {
                from: "10:00".into(),
                ..campaign::schedule::HoursChoice::default()
            }),
            call_minutes: Some(6),
            pilot: None,
            compare: None,
            estimate: None,
        };
        let setup = DraftSetup::from(wizard.clone());
        assert_eq!(setup.call_minutes, Some(6));
        assert_eq!(setup.ringing_timeout_seconds, Some(30));
        assert_eq!(WizardState::from(setup), wizard);
        let now = WizardState {
            start: StartChoice::Now,
            ..wizard
        };
        assert_eq!(WizardState::from(DraftSetup::from(now.clone())), now);
    }
}

#[cfg(test)]
mod ipc_tests {
    use crate::state::AppState;
    use crate::test_app::{app, call, window};
    use serde_json::json;
    use tauri::Manager;

    #[test]
    fn a_draft_left_by_the_earlier_version_reopens_at_its_step() {
        let app = app();
        let window = window(&app, "main");
        let store = app.state::<AppState>().account_store().expect("store");
        // The row exactly as the earlier version wrote it: the window's state, step as a number.
        let v1 = json!({
            "step": 3, "name": "Spring leads", "agentId": "agent_1", "fromNumberId": null,
            "concurrency": 4, "ringingTimeoutSeconds": null, "maxCallDurationMinutes": null,
            "start": {"kind": "now"}, "complianceAcknowledged": false
        });
        store.save_draft_wizard("current", &v1).expect("saved");
        let draft = call(&window, "load_draft", json!({})).expect("loads");
        assert_eq!(draft["wizard"]["step"], "setup");
        assert_eq!(draft["wizard"]["name"], "Spring leads");
        assert_eq!(draft["import"], serde_json::Value::Null);

        // Saved again by this version, it reads back the same.
        let mut wizard = draft["wizard"].clone();
        wizard["step"] = json!("schedule");
        call(&window, "save_draft", json!({ "wizard": wizard })).expect("saves");
        let again = call(&window, "load_draft", json!({})).expect("loads");
        assert_eq!(again["wizard"], wizard);
        let stored = store.load_draft("current").expect("row").expect("draft");
        assert_eq!(
            stored.wizard["version"], 2,
            "kept in the draft's own format"
        );
    }
}
