//! Starting a campaign with a pilot: the first N ready recipients are called as their own part
//! ("pilot"), the rest is kept on this computer — recorded with the campaign, never sent — until
//! the person has looked at the pilot's results and chosen "Launch the rest" or "Stop here".
//!
//! Why the rest is kept as people rather than as parts waiting: parts are planned by calling
//! hours from the moment they are planned, and the rest goes out when the person releases it,
//! perhaps days later. Releasing plans them then, with the campaign's own planner, and records
//! the new parts, the decision and the audit entry in one transaction guarded by the pilot's
//! state (a second click, window or `batchline` command finds it decided and adds nothing);
//! the parts then go through the launch protocol, which sends each exactly once — also when the
//! app is killed right after the decision ([`Launcher::resume_incomplete`] finishes it).

use crate::actions::Confirmation;
use crate::carry::{replan, Replan};
use crate::error::{Error, Result};
use crate::launch::{LaunchProgress, LaunchReport, Launcher, Wanted};
use crate::plan::{part_name, plan, Plan, PlanError, PlanInput};
use crate::schedule::KeptPlanning;
use crate::store::{AuditKind, CampaignId, PlannedHours, Store};
use crate::view::{
    call_detail_of, count, plural, CampaignStatus, Outcome, OutcomeSlice, TranscriptLine,
};
use cartesia::{Client, NewRecipient};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The pilot's size when the person doesn't change it.
pub const DEFAULT_PILOT_CALLS: u32 = 20;

/// How many of the pilot's answered calls the results show with their transcript.
pub const PILOT_TRANSCRIPTS: usize = 3;

/// Where a campaign's pilot stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PilotState {
    /// The pilot runs or ran; the rest waits for the person.
    Waiting,
    /// The person launched the rest.
    Released,
    /// The person stopped after the pilot: the rest is never called.
    Stopped,
}

/// What `campaigns.pilot` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PilotRecord {
    pub size: u32,
    pub state: PilotState,
    /// How many people the rest is.
    pub rest_count: u32,
    /// When the person decided.
    #[serde(default)]
    pub decided_at: Option<DateTime<Utc>>,
    /// The rest, exactly as they would be sent, while the pilot waits (emptied once decided).
    #[serde(default)]
    pub rest: Vec<NewRecipient>,
}

impl PilotRecord {
    fn json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| Error::Database(e.to_string()))
    }

    /// A campaign's pilot, `None` when it didn't start with one.
    pub fn of(store: &Store, campaign_id: CampaignId) -> Result<Option<PilotRecord>> {
        match store.pilot_record(campaign_id)? {
            Some(json) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| Error::Database(e.to_string())),
            None => Ok(None),
        }
    }
}

/// A campaign planned to start with a pilot: `plan` holds the campaign as chosen, with only the
/// pilot's parts; `rest` is everyone after the pilot, kept until released.
#[derive(Debug, Clone, PartialEq)]
pub struct PilotPlan {
    pub plan: Plan,
    pub record: PilotRecord,
}

impl PilotPlan {
    /// What the store keeps with the campaign: its hours as planned, and the pilot's record.
    pub fn planned_hours(&self) -> Result<PlannedHours> {
        Ok(PlannedHours {
            pilot: Some(self.record.json()?),
            ..self.plan.planned_hours()
        })
    }
}

/// Plans a campaign that starts with a pilot of `size` calls: the whole list is checked and
/// planned as a launch would (so what is kept with the campaign is the list's), then only its
/// first `size` ready recipients become parts, named "… (pilot)". Refused when the pilot would
/// be the whole list.
pub fn plan_with_pilot(
    input: &PlanInput<'_>,
    size: u32,
    now: DateTime<Utc>,
) -> std::result::Result<PilotPlan, PlanError> {
    if input.compare.is_some() {
        return Err(PlanError::PilotWithCompare);
    }
    let ready = input.recipients.len();
    let n = size as usize;
    if size == 0 || n >= ready {
        return Err(PlanError::PilotTooLarge {
            size,
            ready: u32::try_from(ready).unwrap_or(u32::MAX),
        });
    }
    let whole = plan(input, now)?;
    let pilot = plan(
        &PlanInput {
            recipients: &input.recipients[..n],
            ..input.clone()
        },
        now,
    )?;
    let skip = whole.consent.column.clone();
    let rest: Vec<NewRecipient> = input.recipients[n..]
        .iter()
        .map(|r| crate::plan::new_recipient_without(r, skip.as_deref()))
        .collect();
    let name = format!("{} (pilot)", whole.setup.name);
    let parts_n = pilot.parts.len();
    let mut parts = pilot.parts;
    for (i, p) in parts.iter_mut().enumerate() {
        p.name = part_name(&name, i, parts_n);
    }
    Ok(PilotPlan {
        record: PilotRecord {
            size,
            state: PilotState::Waiting,
            rest_count: u32::try_from(rest.len()).unwrap_or(u32::MAX),
            decided_at: None,
            rest,
        },
        plan: Plan {
            parts,
            starts: pilot.starts,
            ends_by: pilot.ends_by,
            members: pilot.members,
            finish_at: pilot.finish_at,
            left_out: pilot.left_out,
            ..whole
        },
    })
}

fn waiting(store: &Store, campaign_id: CampaignId) -> Result<PilotRecord> {
    let record = PilotRecord::of(store, campaign_id)?
        .ok_or_else(|| Error::Refused("This campaign didn't start with a pilot.".to_string()))?;
    match record.state {
        PilotState::Waiting => Ok(record),
        PilotState::Released => Err(Error::Refused(
            "The rest of this campaign was already launched. Nobody is called twice.".to_string(),
        )),
        PilotState::Stopped => Err(Error::Refused(
            "You stopped this campaign after its pilot; the rest won't be called. Duplicate \
             the campaign to call them."
                .to_string(),
        )),
    }
}

/// What a release did.
#[derive(Debug, Clone, PartialEq)]
pub struct Released {
    pub launch: LaunchReport,
    /// The rest, planned into this many parts.
    pub parts: u32,
    /// People of the rest the calling hours can't fit within 30 days (told, not called).
    pub left_out: u32,
}

impl Launcher {
    /// "Launch the rest": the people kept after the pilot are planned by the campaign's own
    /// planner as of `now` (its calling hours, minutes per call and rules), recorded with the
    /// decision in one transaction, and sent by the launch protocol. Refused without the
    /// person's confirmation naming at least as many people, and when the pilot was already
    /// decided.
    pub async fn launch_rest<F>(
        &self,
        client: &Client,
        campaign_id: CampaignId,
        confirmation: &Confirmation,
        now: DateTime<Utc>,
        mut on_progress: F,
    ) -> Result<Released>
    where
        F: FnMut(LaunchProgress) + Send,
    {
        let _guard = self.busy.try_lock().map_err(|_| Error::LaunchInProgress)?;
        let _lock = self.try_lock_store()?.ok_or(Error::LaunchInProgress)?;
        let mut record = waiting(&self.store, campaign_id)?;
        if !confirmation.confirmed {
            return Err(Error::NotConfirmed(
                "Nothing was sent: confirm Launch the rest on the campaign's page first."
                    .to_string(),
            ));
        }
        if confirmation.recipients < record.rest_count {
            return Err(Error::NotConfirmed(format!(
                "{} would be called, not the {} you confirmed. Nothing was sent; look again \
                 and confirm.",
                plural(record.rest_count, "person", "people"),
                count(confirmation.recipients)
            )));
        }
        let recipe = self.rest_recipe(campaign_id)?;
        let planned = replan(&recipe, &record.rest, None, now).map_err(|e| {
            Error::Refused(format!(
                "The rest couldn't be planned now: {e} Nothing was sent."
            ))
        })?;
        let left_out = u32::try_from(planned.left_out.len()).unwrap_or(u32::MAX);
        let detail = format!(
            "{} after the pilot, in {}{}",
            plural(record.rest_count, "recipient", "recipients"),
            plural(
                u32::try_from(planned.parts.len()).unwrap_or(u32::MAX),
                "part",
                "parts"
            ),
            match left_out {
                0 => String::new(),
                n => format!("; {n} can't be called in their hours within 30 days"),
            }
        );
        record.state = PilotState::Released;
        record.decided_at = Some(now);
        record.rest = Vec::new();
        let ids = self
            .store
            .decide_pilot(
                campaign_id,
                &record.json()?,
                &planned.parts,
                now,
                AuditKind::PilotReleased,
                &detail,
            )?
            .ok_or_else(|| {
                Error::Refused(
                    "The rest of this campaign was already launched. Nobody is called twice."
                        .to_string(),
                )
            })?;
        let parts = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        let launch = self
            .run(client, campaign_id, Wanted::Some(ids), &mut on_progress)
            .await?;
        Ok(Released {
            launch,
            parts,
            left_out,
        })
    }

    /// What the rest is planned from: the campaign's settings as its pilot was sent, its hours
    /// as kept, starting as soon as the hours allow.
    fn rest_recipe(&self, campaign_id: CampaignId) -> Result<Replan> {
        let campaign = self.store.campaign(campaign_id)?;
        let pilot_part = self
            .store
            .parts_of_kind(campaign_id, "pilot")?
            .first()
            .copied()
            .ok_or(Error::NotFound {
                what: "campaign part",
            })?;
        let req = self.store.part_request(pilot_part)?;
        let kept = KeptPlanning::read(self.store.campaign_calling_hours(campaign_id)?.as_deref());
        Ok(Replan {
            earliest_start: None,
            concurrency: campaign.setup.concurrency.or(req.target_concurrency_limit),
            ..Replan::of_request(&campaign.setup.name, &req, kept)
        })
    }
}

/// "Stop here": the campaign ends with its pilot; the rest is never called. Refused without the
/// person's confirmation, and when the pilot was already decided.
pub fn stop_pilot(
    store: &Store,
    campaign_id: CampaignId,
    confirmation: &Confirmation,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut record = waiting(store, campaign_id)?;
    if !confirmation.confirmed {
        return Err(Error::NotConfirmed(
            "Nothing was changed: confirm Stop here on the campaign's page first.".to_string(),
        ));
    }
    let detail = format!(
        "stopped after the pilot of {}; {} not called",
        count(record.size),
        plural(record.rest_count, "recipient", "recipients")
    );
    record.state = PilotState::Stopped;
    record.decided_at = Some(now);
    record.rest = Vec::new();
    store
        .decide_pilot(
            campaign_id,
            &record.json()?,
            &[],
            now,
            AuditKind::PilotStopped,
            &detail,
        )?
        .map(|_| ())
        .ok_or_else(|| Error::Refused("This pilot was already decided.".to_string()))
}

/// A campaign's status line while its pilot waits for the person (`rest`: the people after it):
/// once the pilot is over it says so and what to choose; while it runs, that the rest waits.
pub(crate) fn with_pilot_line(rest: Option<u32>, status: CampaignStatus, line: String) -> String {
    let Some(rest) = rest else {
        return line;
    };
    let others = the_others_are(rest);
    if status == CampaignStatus::Done {
        format!("The pilot is over. {others} waiting for you: launch the rest, or stop here.")
    } else {
        format!("{line} {others} called only once you launch the rest.")
    }
}

/// "The other 90 people are", "The other person is".
fn the_others_are(rest: u32) -> String {
    match rest {
        1 => "The other person is".to_string(),
        n => format!("The other {} people are", count(n)),
    }
}

/// One of the pilot's calls, with its transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PilotCall {
    /// How it ended, in a word.
    pub outcome_words: String,
    pub summary: Option<String>,
    pub transcript: Vec<TranscriptLine>,
    /// How long the conversation lasted.
    pub duration_seconds: Option<f64>,
}

/// The pilot's results, for the campaign page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PilotResults {
    pub size: u32,
    pub state: PilotState,
    /// Where it stands, in a sentence.
    pub state_words: String,
    /// How many people the rest is.
    pub rest: u32,
    /// The pilot's calls over, and answered.
    pub finished: u32,
    pub answered: u32,
    /// "6 of 10 answered (60 %)".
    pub answered_words: String,
    /// Every pilot call's outcome so far, in chart order.
    pub outcomes: Vec<OutcomeSlice>,
    /// A few answered calls with their transcripts.
    pub calls: Vec<PilotCall>,
    /// Every pilot call is over.
    pub done: bool,
}

/// The pilot's results, read from Cartesia (its parts' recipients, and a few answered calls'
/// transcripts). `None` when the campaign didn't start with a pilot.
pub async fn pilot_results(
    store: &Store,
    client: &Client,
    campaign_id: CampaignId,
) -> Result<Option<PilotResults>> {
    let Some(record) = PilotRecord::of(store, campaign_id)? else {
        return Ok(None);
    };
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut answered_calls: Vec<String> = Vec::new();
    let mut pending = 0u32;
    for id in store.parts_of_kind(campaign_id, "pilot")? {
        let part = store.part(id)?;
        let Some(batch_id) = part.api_batch_id else {
            pending += part.recipient_count;
            continue;
        };
        let batch = client.get_batch(&batch_id).await?;
        for r in batch.recipients.unwrap_or_default() {
            match Outcome::of_recipient(
                r.status.as_str(),
                r.end_reason.as_ref().map(|e| e.as_str()),
            )
            .filter(|_| r.status.is_final())
            {
                Some(o) => {
                    if o == Outcome::Answered {
                        answered_calls.extend(r.agent_call_id.clone());
                    }
                    outcomes.push(o);
                }
                None => pending += 1,
            }
        }
    }
    let mut calls = Vec::new();
    for call_id in answered_calls.iter() {
        if calls.len() >= PILOT_TRANSCRIPTS {
            break;
        }
        let Ok(call) = client.get_call(call_id).await else {
            continue;
        };
        let d = call_detail_of(&call);
        if d.transcript.is_empty() {
            continue;
        }
        calls.push(PilotCall {
            outcome_words: d.outcome.map_or("Answered", Outcome::label).to_string(),
            summary: d.summary,
            transcript: d.transcript,
            duration_seconds: d.duration_seconds,
        });
    }
    Ok(Some(summarize(&record, &outcomes, pending, calls)))
}

/// The pilot's figures from its calls' outcomes (`pending`: calls not over yet).
pub fn summarize(
    record: &PilotRecord,
    outcomes: &[Outcome],
    pending: u32,
    calls: Vec<PilotCall>,
) -> PilotResults {
    let finished = u32::try_from(outcomes.len()).unwrap_or(u32::MAX);
    let answered = u32::try_from(
        outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Answered))
            .count(),
    )
    .unwrap_or(u32::MAX);
    let answered_words = match finished {
        0 => "No pilot call has ended yet".to_string(),
        n => format!(
            "{} of {} answered ({} %)",
            count(answered),
            count(n),
            (f64::from(answered) * 100.0 / f64::from(n)).round()
        ),
    };
    let slices = Outcome::ALL
        .iter()
        .map(|&o| OutcomeSlice {
            outcome: o,
            label: o.label().to_string(),
            count: u32::try_from(outcomes.iter().filter(|x| **x == o).count()).unwrap_or(u32::MAX),
        })
        .collect();
    let done = pending == 0;
    let rest = plural(record.rest_count, "person", "people");
    let state_words = match record.state {
        PilotState::Waiting if done => {
            with_pilot_line(Some(record.rest_count), CampaignStatus::Done, String::new())
        }
        PilotState::Waiting => with_pilot_line(
            Some(record.rest_count),
            CampaignStatus::Dialing,
            format!("The pilot of {} calls is running.", count(record.size)),
        ),
        PilotState::Released => format!("You launched the rest ({rest}) after the pilot."),
        PilotState::Stopped => format!("You stopped after the pilot; {rest} weren't called."),
    };
    PilotResults {
        size: record.size,
        state: record.state,
        state_words,
        rest: record.rest_count,
        finished,
        answered,
        answered_words,
        outcomes: slices,
        calls,
        done,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    fn record(state: PilotState) -> PilotRecord {
        PilotRecord {
            size: 10,
            state,
            rest_count: 90,
            decided_at: None,
            rest: Vec::new(),
        }
    }

    #[test]
    fn the_campaign_line_says_the_rest_waits_and_what_to_choose() {
        let line = || "Calling: 4 of 10 done.".to_string();
        assert_eq!(
            with_pilot_line(Some(90), CampaignStatus::Done, line()),
            "The pilot is over. The other 90 people are waiting for you: launch the rest, or \
             stop here."
        );
        assert_eq!(
            with_pilot_line(Some(1), CampaignStatus::Dialing, line()),
            "Calling: 4 of 10 done. The other person is called only once you launch the rest."
        );
        assert_eq!(with_pilot_line(None, CampaignStatus::Done, line()), line());
    }

    #[test]
    fn the_results_say_the_answered_share_and_what_waits() {
        use Outcome::*;
        let r = summarize(
            &record(PilotState::Waiting),
            &[Answered, Answered, NoAnswer, Answered, Busy, Voicemail],
            4,
            Vec::new(),
        );
        assert_eq!(r.answered_words, "3 of 6 answered (50 %)");
        assert!(!r.done);
        assert_eq!(
            r.state_words,
            "The pilot of 10 calls is running. The other 90 people are called only once you \
             launch the rest."
        );
        let count_of = |o| r.outcomes.iter().find(|s| s.outcome == o).unwrap().count;
        assert_eq!(
            (count_of(Answered), count_of(NoAnswer), count_of(Busy)),
            (3, 1, 1)
        );
        let over = summarize(&record(PilotState::Waiting), &[NoAnswer], 0, Vec::new());
        assert!(over.done);
        assert!(
            over.state_words.starts_with("The pilot is over."),
            "{}",
            over.state_words
        );
        assert_eq!(over.answered_words, "0 of 1 answered (0 %)");
        let none = summarize(&record(PilotState::Stopped), &[], 0, Vec::new());
        assert_eq!(none.answered_words, "No pilot call has ended yet");
        assert!(none.state_words.contains("90 people weren't called"));
    }
}
