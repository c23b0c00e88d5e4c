//! Changing a scheduled campaign before it starts: its name, agent, number, calls at a time,
//! ringing time, longest call and start.
//!
//! Cartesia can't change a batch, so the campaign's parts are replaced: their calls are
//! cancelled in Cartesia and everyone not dialed goes into new parts with the new settings, by
//! the move of [`crate::carry`] — recorded before anything is sent, finished exactly once after a
//! crash, and sent through the launch protocol. Whether calling has started is asked of
//! Cartesia (never judged by this computer's clock alone); anyone dialed in the moment between
//! that question and the cancel stays as they were and is told.

use crate::carry::{replan, CarryReport, Replan};
use crate::error::{Error, Result};
use crate::launch::{LaunchProgress, Launcher};
use crate::plan::{PlanError, Start};
use crate::schedule::KeptPlanning;
use crate::store::{CampaignId, CarryReason, LaunchState, NewCampaign, Part, PartId, Store};
use crate::view::plural;
use cartesia::{BatchStatus, Client};
use chrono::{DateTime, Utc};
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

/// The edit form's answers as the window sends them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EditRequest {
    pub name: String,
    pub agent_id: String,
    pub from_number_id: String,
    pub concurrency: Option<u32>,
    pub ringing_timeout_seconds: Option<u32>,
    pub max_call_duration_minutes: Option<u32>,
    /// RFC 3339 with its offset.
    pub scheduled_at: String,
    /// The zone the person picked the time in, e.g. `America/New_York`.
    pub time_zone: Option<String>,
    /// True only from the form's confirmation.
    pub confirmed: bool,
}

impl Edit {
    /// The window's answers, with the names of the agent and number as last listed (`agents`)
    /// and the account's limit of calls at the same time.
    pub fn from_request(
        req: EditRequest,
        agents: &[crate::agents::AgentChoice],
        concurrency_limit: Option<u32>,
    ) -> Result<Edit> {
        let start = Start::at(&req.scheduled_at, req.time_zone.clone())
            .map_err(|e| Error::Refused(form_words(&e)))?;
        let agent = agents.iter().find(|a| a.id == req.agent_id);
        let number = agent.and_then(|a| a.numbers.iter().find(|n| n.id == req.from_number_id));
        Ok(Edit {
            name: req.name,
            agent_name: agent.map(|a| a.name.clone()),
            from_number: number.map(|n| n.number.clone()),
            agent_id: req.agent_id,
            from_number_id: req.from_number_id,
            concurrency: req.concurrency,
            ringing_timeout_seconds: req.ringing_timeout_seconds,
            max_call_duration_minutes: req.max_call_duration_minutes,
            start,
            concurrency_limit,
            confirmed: req.confirmed,
        })
    }
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
    store.campaign(campaign_id)?;
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
    let old = match live.first() {
        Some(p) => store.part_request(p.id)?,
        None => {
            return Err(Error::Refused(
                "There is nothing left to change.".to_string(),
            ))
        }
    };
    let kept = KeptPlanning::read(store.campaign_calling_hours(campaign_id)?.as_deref());
    let recipe = Replan {
        name: name.clone(),
        agent_id: edit.agent_id.clone(),
        from_number_id: edit.from_number_id.clone(),
        concurrency: edit.concurrency,
        ringing_timeout_seconds: edit.ringing_timeout_seconds,
        max_call_duration_minutes: edit.max_call_duration_minutes,
        earliest_start: scheduled_at,
        ..Replan::of_request(&name, &old, kept)
    };
    // Planned now with everyone, so what the rules refuse is refused before anything changes.
    let mut everyone = Vec::new();
    for p in &live {
        everyone.extend(store.part_request(p.id)?.recipients);
    }
    if let Start::At { utc, .. } = &edit.start {
        if *utc <= now {
            return Err(Error::Refused(strip_step(
                &PlanError::StartPassed.to_string(),
            )));
        }
    }
    let dry = replan(&recipe, &everyone, edit.concurrency_limit, now)
        .map_err(|e| Error::Refused(form_words(&e)))?;
    if dry.parts.is_empty() {
        let why = dry
            .left_out
            .first()
            .map(|(_, why)| why.clone())
            .unwrap_or_default();
        return Err(Error::Refused(format!(
            "Nobody on the list could be called in their hours with these settings. {why}"
        )));
    }
    let ids: Vec<PartId> = live.iter().map(|p| p.id).collect();
    let detail = format!(
        "changed before it started: {}; {}",
        setup_words(&setup),
        plural(
            u32::try_from(ids.len()).unwrap_or(u32::MAX),
            "part replaced",
            "parts replaced"
        )
    );
    let report = launcher
        .carry(
            client,
            campaign_id,
            &ids,
            CarryReason::Edit,
            &recipe,
            Some(&setup),
            &detail,
            now,
            on_progress,
        )
        .await?;
    Ok(outcome(&report))
}

/// A plan error in the edit form's words (it has no wizard steps to point to).
fn form_words(e: &PlanError) -> String {
    match e {
        PlanError::TooManyCalls { asked, limit } => format!(
            "Your plan allows {limit} calls at the same time; you asked for {asked}. Lower it, or \
             change your plan's limit in Settings."
        ),
        other => strip_step(&other.to_string()),
    }
}

/// A message's words without the wizard's step reference.
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

    #[test]
    fn the_planners_words_lose_the_wizards_step_in_the_edit_form() {
        let e = PlanError::RingingTime { asked: 4 }.to_string();
        assert!(e.contains("(step 4"), "{e}");
        let shown = strip_step(&e);
        assert!(!shown.contains("step"), "{shown}");
        assert!(shown.ends_with("seconds."), "{shown}");
        assert_eq!(strip_step("No step here."), "No step here.");
        let many = form_words(&PlanError::TooManyCalls { asked: 9, limit: 5 });
        assert!(!many.contains("step"), "{many}");
    }
}
