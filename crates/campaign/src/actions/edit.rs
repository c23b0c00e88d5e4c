//! Changing a scheduled campaign before it starts: its name, agent, number, calls at a time,
//! ringing time, longest call and start.
//!
//! Cartesia can't change a batch, so the campaign's parts are replaced: their calls are
//! cancelled in Cartesia and everyone not dialed goes into new parts with the new settings, by
//! the move of [`crate::carry`] — recorded before anything is sent, finished exactly once after a
//! crash, and sent through the launch protocol. Whether calling has started is asked of
//! Cartesia (never judged by this computer's clock alone); anyone dialed in the moment between
//! that question and the cancel stays as they were and is told.

use crate::carry::CarryReport;
use crate::error::{Error, Result};
use crate::launch::{LaunchProgress, Launcher};
use crate::plan::{part_name, PlanError, Start};
use crate::store::{CampaignId, CarryReason, LaunchState, NewCampaign, Part, PartId, Store};
use crate::view::plural;
use cartesia::{BatchStatus, Client, CreateBatchRequest};
use chrono::{DateTime, Duration, Utc};
use limits::{
    MAX_CALL_DURATION_MINUTES, MAX_SCHEDULE_DAYS_AHEAD, MIN_CONCURRENCY, RINGING_TIMEOUT_SECONDS,
};
use serde::Serialize;

/// What the edit form starts from: the campaign's settings now, and whether it can be edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EditForm {
    pub name: String,
    pub agent_id: String,
    pub from_number_id: String,
    pub concurrency: Option<u32>,
    pub ringing_timeout_seconds: Option<u32>,
    pub max_call_duration_minutes: Option<u32>,
    /// RFC 3339.
    pub scheduled_at: Option<String>,
    pub time_zone: Option<String>,
    pub recipients: u32,
    /// Why it can't be edited, in words; `None` when it can (Cartesia is asked again on saving).
    pub disabled_reason: Option<String>,
}

/// The new settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub name: String,
    pub agent_id: String,
    pub agent_name: Option<String>,
    pub from_number_id: String,
    pub from_number: Option<String>,
    pub concurrency: Option<u32>,
    pub ringing_timeout_seconds: Option<u32>,
    pub max_call_duration_minutes: Option<u32>,
    pub start: Start,
    /// The most calls at the same time the account's plan allows, when known.
    pub concurrency_limit: Option<u32>,
    /// The person confirmed replacing the scheduled calls.
    pub confirmed: bool,
}

/// How an edit went, in words for the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EditOutcome {
    /// Everything went as asked.
    pub done: bool,
    pub message: String,
}

/// The parts an edit replaces: every part not already replaced or withdrawn.
fn live_parts(parts: &[Part]) -> Vec<&Part> {
    parts
        .iter()
        .filter(|p| p.state != LaunchState::Withdrawn && !p.replaced())
        .collect()
}

/// Why the campaign can't be edited, from what this computer knows (no network): a part not
/// with Cartesia, a part already moving, or progress showing that calling started.
pub fn edit_disabled_reason(store: &Store, campaign_id: CampaignId) -> Result<Option<String>> {
    let campaign = store.campaign(campaign_id)?;
    if campaign.setup.scheduled_at.is_none() {
        return Ok(Some(
            "It was started right away, so there is no schedule to change.".to_string(),
        ));
    }
    let parts = store.parts(campaign_id)?;
    for p in live_parts(&parts) {
        if p.state != LaunchState::Created {
            return Ok(Some(
                "Some of it isn't with Cartesia yet. Send or cancel the parts not sent first."
                    .to_string(),
            ));
        }
        if p.carried_at.is_some() {
            return Ok(Some(
                "It is being changed already. Wait a moment and open it again.".to_string(),
            ));
        }
        if let Some(s) = store.last_snapshot(p.id)? {
            if s.dispatched > 0 || s.status != "pending" {
                return Ok(Some(
                    "Calling has started, so it can't be changed any more. Cancel it or let it \
                     run."
                        .to_string(),
                ));
            }
        }
    }
    Ok(None)
}

/// The edit form for a campaign.
pub fn edit_form(store: &Store, campaign_id: CampaignId) -> Result<EditForm> {
    let campaign = store.campaign(campaign_id)?;
    let parts = store.parts(campaign_id)?;
    let live = live_parts(&parts);
    let first = match live.first() {
        Some(p) => Some(store.part_request(p.id)?),
        None => None,
    };
    let s = &campaign.setup;
    Ok(EditForm {
        name: s.name.clone(),
        agent_id: s.agent_id.clone(),
        from_number_id: s.from_number_id.clone(),
        concurrency: s.concurrency,
        ringing_timeout_seconds: first.as_ref().and_then(|r| r.ringing_timeout_seconds),
        max_call_duration_minutes: first.as_ref().and_then(|r| r.max_call_duration_minutes),
        scheduled_at: s.scheduled_at.map(|t| t.to_rfc3339()),
        time_zone: s.time_zone.clone(),
        recipients: live.iter().map(|p| p.kept()).sum(),
        disabled_reason: edit_disabled_reason(store, campaign_id)?,
    })
}

/// The edit's values checked against what Cartesia accepts, with the wizard's words.
fn check(edit: &Edit, now: DateTime<Utc>) -> std::result::Result<(), PlanError> {
    if edit.agent_id.trim().is_empty() {
        return Err(PlanError::NoAgent);
    }
    if edit.from_number_id.trim().is_empty() {
        return Err(PlanError::NoFromNumber);
    }
    if let Some(asked) = edit.concurrency {
        if asked < MIN_CONCURRENCY {
            return Err(PlanError::TooFewCalls);
        }
        if let Some(limit) = edit.concurrency_limit.map(|l| l.max(MIN_CONCURRENCY)) {
            if asked > limit {
                return Err(PlanError::TooManyCalls { asked, limit });
            }
        }
    }
    if let Some(asked) = edit.ringing_timeout_seconds {
        if !RINGING_TIMEOUT_SECONDS.contains(&asked) {
            return Err(PlanError::RingingTime { asked });
        }
    }
    if let Some(asked) = edit.max_call_duration_minutes {
        if !MAX_CALL_DURATION_MINUTES.contains(&asked) {
            return Err(PlanError::CallLength { asked });
        }
    }
    if let Start::At { utc, .. } = &edit.start {
        if *utc <= now {
            return Err(PlanError::StartPassed);
        }
        if *utc > now + Duration::days(MAX_SCHEDULE_DAYS_AHEAD.into()) {
            return Err(PlanError::StartTooFar);
        }
    }
    Ok(())
}

/// Replaces a scheduled campaign's parts with parts made with `edit`'s settings (see the module
/// documentation). Refused, with why, when the person didn't confirm, when a value is out of
/// range, or when Cartesia says calling has started.
pub async fn edit_scheduled<F>(
    store: &Store,
    launcher: &Launcher,
    client: &Client,
    campaign_id: CampaignId,
    edit: &Edit,
    now: DateTime<Utc>,
    on_progress: F,
) -> Result<EditOutcome>
where
    F: FnMut(LaunchProgress) + Send,
{
    if !edit.confirmed {
        return Err(Error::NotConfirmed(
            "Nothing was changed: confirm the change to replace the scheduled calls.".into(),
        ));
    }
    check(edit, now).map_err(|e| Error::Refused(strip_step(&e.to_string())))?;
    if let Some(why) = edit_disabled_reason(store, campaign_id)? {
        return Err(Error::Refused(why));
    }
    let campaign = store.campaign(campaign_id)?;
    let parts = store.parts(campaign_id)?;
    let live = live_parts(&parts);
    // Cartesia says whether calling started; this computer's clock can't.
    for p in &live {
        let Some(batch_id) = p.api_batch_id.as_deref() else {
            continue;
        };
        let batch = client.get_batch(batch_id).await?;
        if batch.total_calls_dispatched > 0 || batch.status != BatchStatus::Pending {
            return Err(Error::Refused(
                "Calling has started, so it can't be changed any more. Cancel it or let it run."
                    .to_string(),
            ));
        }
    }
    let name = match edit.name.trim() {
        "" => campaign.setup.name.clone(),
        n => n.to_string(),
    };
    let (scheduled_at, time_zone) = match &edit.start {
        Start::Now => (None, None),
        Start::At { utc, time_zone } => (Some(*utc), time_zone.clone()),
    };
    let setup = NewCampaign {
        name: name.clone(),
        agent_id: edit.agent_id.clone(),
        agent_name: edit.agent_name.clone(),
        from_number_id: edit.from_number_id.clone(),
        from_number: edit.from_number.clone(),
        scheduled_at,
        time_zone,
        concurrency: edit.concurrency,
        ..campaign.setup.clone()
    };
    let n = live.len();
    let mut templates: Vec<(PartId, CreateBatchRequest)> = Vec::with_capacity(n);
    for (i, p) in live.iter().enumerate() {
        let old = store.part_request(p.id)?;
        let mut t = CreateBatchRequest::new(
            part_name(&name, i, n),
            &edit.agent_id,
            &edit.from_number_id,
            Vec::new(),
        );
        t.target_concurrency_limit = edit.concurrency;
        t.scheduled_at = scheduled_at;
        t.ringing_timeout_seconds = edit.ringing_timeout_seconds;
        t.max_call_duration_minutes = edit.max_call_duration_minutes;
        t.region = old.region;
        templates.push((p.id, t));
    }
    let detail = format!(
        "changed before it started: {}; {}",
        setup_words(&setup),
        plural(
            u32::try_from(n).unwrap_or(u32::MAX),
            "part replaced",
            "parts replaced"
        )
    );
    let report = launcher
        .carry(
            client,
            campaign_id,
            &templates,
            CarryReason::Edit,
            Some(&setup),
            &detail,
            now,
            on_progress,
        )
        .await?;
    Ok(outcome(&report))
}

/// A plan error's words without the wizard's step reference (the edit form has no steps).
fn strip_step(message: &str) -> String {
    match message.find(" (step ") {
        Some(i) => format!("{}.", &message[..i]),
        None => message.to_string(),
    }
}

fn setup_words(s: &NewCampaign) -> String {
    format!(
        "name \"{}\", agent {}, number {}, {} calls at a time, start {}",
        s.name,
        s.agent_name.as_deref().unwrap_or(&s.agent_id),
        s.from_number.as_deref().unwrap_or(&s.from_number_id),
        s.concurrency
            .map_or_else(|| "Cartesia's".to_string(), |c| c.to_string()),
        s.scheduled_at
            .map_or_else(|| "now".to_string(), |t| t.to_rfc3339())
    )
}

fn outcome(r: &CarryReport) -> EditOutcome {
    let failures: Vec<String> = r.launches.iter().flat_map(|l| l.failures()).collect();
    let mut message = match r.moved {
        0 => "Nobody was left to call with the new settings.".to_string(),
        n => format!(
            "Saved. {} will be called with the new settings.",
            plural(n, "recipient", "recipients")
        ),
    };
    if r.stayed > 0 {
        message.push_str(&format!(
            " {} had already been called as the change was made; their calls stay as they were.",
            plural(r.stayed, "recipient", "recipients")
        ));
    }
    for w in &r.waiting {
        message.push(' ');
        message.push_str(w);
    }
    for f in &failures {
        message.push(' ');
        message.push_str(f);
    }
    EditOutcome {
        done: r.waiting.is_empty() && failures.is_empty(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit() -> Edit {
        Edit {
            name: "Spring".into(),
            agent_id: "agent".into(),
            agent_name: None,
            from_number_id: "num".into(),
            from_number: None,
            concurrency: Some(3),
            ringing_timeout_seconds: Some(30),
            max_call_duration_minutes: Some(10),
            start: Start::At {
                utc: DateTime::<Utc>::UNIX_EPOCH + Duration::days(2),
                time_zone: None,
            },
            concurrency_limit: Some(5),
            confirmed: true,
        }
    }

    #[test]
    fn an_edit_is_checked_like_a_launch_with_the_forms_words() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(check(&edit(), now), Ok(()));
        let e = Edit {
            concurrency: Some(9),
            ..edit()
        };
        assert_eq!(
            check(&e, now),
            Err(PlanError::TooManyCalls { asked: 9, limit: 5 })
        );
        let passed = Edit {
            start: Start::At {
                utc: now,
                time_zone: None,
            },
            ..edit()
        };
        let err = check(&passed, now).unwrap_err();
        assert_eq!(err, PlanError::StartPassed);
        assert!(!strip_step(&err.to_string()).contains("step"));
        let far = Edit {
            start: Start::At {
                utc: now + Duration::days(31),
                time_zone: None,
            },
            ..edit()
        };
        assert_eq!(check(&far, now), Err(PlanError::StartTooFar));
        let ringing = Edit {
            ringing_timeout_seconds: Some(4),
            ..edit()
        };
        assert_eq!(
            check(&ringing, now),
            Err(PlanError::RingingTime { asked: 4 })
        );
    }
}
