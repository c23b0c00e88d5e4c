//! The wizard's answers as a draft keeps them: a storage format of its own, versioned, so the
//! app's window can change what it sends without making drafts saved earlier unreadable.
//!
//! Version 1 was the app's wizard state itself, stored as it crossed from the window (camelCase,
//! the step as a number). Version 2 is `{"version": 2, "setup": {…}}`. Both load.

use crate::schedule::HoursChoice;
use serde::{Deserialize, Serialize};

/// The steps of the New campaign wizard, in order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum WizardStep {
    #[default]
    Recipients,
    Columns,
    Review,
    Setup,
    Schedule,
    Confirm,
}

impl WizardStep {
    /// Every step, in the wizard's order.
    pub const ALL: [WizardStep; 6] = [
        WizardStep::Recipients,
        WizardStep::Columns,
        WizardStep::Review,
        WizardStep::Setup,
        WizardStep::Schedule,
        WizardStep::Confirm,
    ];

    /// The step at a 0-based position, as version 1 drafts stored it; past the last step is the
    /// last step (the window never went further).
    fn from_index(index: u32) -> WizardStep {
        let last = WizardStep::ALL.len() - 1;
        WizardStep::ALL[(index as usize).min(last)]
    }
}

/// When the campaign starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DraftStart {
    #[default]
    Now,
    /// The time as the person picked it: RFC 3339 with the offset of their zone.
    At {
        scheduled_at: String,
        time_zone: String,
    },
}

/// Everything the wizard collected apart from the recipients.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSetup {
    pub step: WizardStep,
    pub name: String,
    pub agent_id: Option<String>,
    pub from_number_id: Option<String>,
    pub concurrency: Option<u32>,
    pub ringing_timeout_seconds: Option<u32>,
    pub max_call_duration_minutes: Option<u32>,
    pub start: DraftStart,
    pub compliance_acknowledged: bool,
    /// The calling hours chosen in When to call; `None`: the default from Settings.
    #[serde(default)]
    pub calling_hours: Option<HoursChoice>,
    /// Expected minutes per call as the person set it; `None`: worked out.
    #[serde(default)]
    pub call_minutes: Option<u32>,
    /// Two agents compared, with the seed fixed when the option was turned on.
    #[serde(default)]
    pub compare: Option<crate::split::Split>,
}

/// The version written now.
const VERSION: u64 = 2;

#[derive(Serialize)]
struct StoredRef<'a> {
    version: u64,
    setup: &'a DraftSetup,
}

#[derive(Deserialize)]
struct Stored {
    setup: DraftSetup,
}

/// Version 1: the window's wizard state as it was sent (every field required, as it was).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V1 {
    step: u32,
    name: String,
    agent_id: Option<String>,
    from_number_id: Option<String>,
    concurrency: Option<u32>,
    ringing_timeout_seconds: Option<u32>,
    max_call_duration_minutes: Option<u32>,
    start: V1Start,
    compliance_acknowledged: bool,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum V1Start {
    Now,
    #[serde(rename_all = "camelCase")]
    At {
        scheduled_at: String,
        time_zone: String,
    },
}

impl From<V1> for DraftSetup {
    fn from(v: V1) -> DraftSetup {
        DraftSetup {
            step: WizardStep::from_index(v.step),
            name: v.name,
            agent_id: v.agent_id,
            from_number_id: v.from_number_id,
            concurrency: v.concurrency,
            ringing_timeout_seconds: v.ringing_timeout_seconds,
            max_call_duration_minutes: v.max_call_duration_minutes,
            start: match v.start {
                V1Start::Now => DraftStart::Now,
                V1Start::At {
                    scheduled_at,
                    time_zone,
                } => DraftStart::At {
                    scheduled_at,
                    time_zone,
                },
            },
            compliance_acknowledged: v.compliance_acknowledged,
            calling_hours: None,
            call_minutes: None,
            compare: None,
        }
    }
}

impl DraftSetup {
    /// The stored form, current version.
    pub(crate) fn to_stored(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(StoredRef {
            version: VERSION,
            setup: self,
        })
    }

    /// Reads any version this Batchline knows; `None` for what it doesn't (a newer version, or
    /// not a draft at all). An empty object is a draft with no answers yet (the file was kept
    /// first).
    pub(crate) fn from_stored(value: serde_json::Value) -> Option<DraftSetup> {
        let object = value.as_object()?;
        if object.is_empty() {
            return Some(DraftSetup::default());
        }
        match object.get("version").map(serde_json::Value::as_u64) {
            Some(Some(VERSION)) => serde_json::from_value::<Stored>(value)
                .ok()
                .map(|s| s.setup),
            Some(_) => None,
            None => serde_json::from_value::<V1>(value)
                .ok()
                .map(DraftSetup::from),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use serde_json::json;

    fn scheduled() -> DraftSetup {
        DraftSetup {
            step: WizardStep::Schedule,
            name: "Spring leads".into(),
            agent_id: Some("agent_1".into()),
            from_number_id: Some("pn_2".into()),
            concurrency: Some(4),
            ringing_timeout_seconds: Some(30),
            max_call_duration_minutes: None,
            start: DraftStart::At {
                scheduled_at: "2026-12-01T09:00:00-05:00".into(),
                time_zone: "America/New_York".into(),
            },
            compliance_acknowledged: true,
            calling_hours: Some(HoursChoice {
                days: vec!["mon".into(), "tue".into()],
                ..HoursChoice::default()
            }),
            call_minutes: Some(5),
            compare: None,
        }
    }

    #[test]
    fn the_current_version_reads_back_as_written() {
        let stored = scheduled().to_stored().unwrap();
        assert_eq!(stored["version"], 2);
        assert_eq!(stored["setup"]["step"], "schedule");
        assert_eq!(stored["setup"]["start"]["kind"], "at");
        assert_eq!(DraftSetup::from_stored(stored), Some(scheduled()));
    }

    #[test]
    fn a_draft_saved_by_the_earlier_version_still_loads() {
        // Exactly what version 1 stored: the window's wizard state, step as a number.
        let v1 = json!({
            "step": 4,
            "name": "Spring leads",
            "agentId": "agent_1",
            "fromNumberId": "pn_2",
            "concurrency": 4,
            "ringingTimeoutSeconds": 30,
            "maxCallDurationMinutes": null,
            "start": {
                "kind": "at",
                "scheduledAt": "2026-12-01T09:00:00-05:00",
                "timeZone": "America/New_York"
            },
            "complianceAcknowledged": true
        });
        let before_hours = DraftSetup {
            calling_hours: None,
            call_minutes: None,
            compare: None,
            ..scheduled()
        };
        assert_eq!(DraftSetup::from_stored(v1), Some(before_hours));
        let now = json!({
            "step": 3, "name": "", "agentId": null, "fromNumberId": null, "concurrency": null,
            "ringingTimeoutSeconds": null, "maxCallDurationMinutes": null,
            "start": {"kind": "now"}, "complianceAcknowledged": false
        });
        let setup = DraftSetup::from_stored(now).unwrap();
        assert_eq!(
            (setup.step, setup.start),
            (WizardStep::Setup, DraftStart::Now)
        );
    }

    #[test]
    fn steps_keep_their_order_and_a_step_past_the_end_is_the_last() {
        let names: Vec<String> = WizardStep::ALL
            .iter()
            .map(|s| {
                serde_json::to_value(s)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "recipients",
                "columns",
                "review",
                "setup",
                "schedule",
                "confirm"
            ]
        );
        assert_eq!(WizardStep::from_index(0), WizardStep::Recipients);
        assert_eq!(WizardStep::from_index(9), WizardStep::Confirm);
    }

    #[test]
    fn what_this_version_cannot_read_is_not_guessed() {
        assert_eq!(
            DraftSetup::from_stored(json!({})),
            Some(DraftSetup::default()),
            "no answers yet"
        );
        assert_eq!(DraftSetup::from_stored(json!({"page": "two"})), None);
        assert_eq!(DraftSetup::from_stored(json!([1, 2])), None);
        let mut newer = scheduled().to_stored().unwrap();
        newer["version"] = json!(3);
        assert_eq!(DraftSetup::from_stored(newer), None, "a newer version");
    }
}
