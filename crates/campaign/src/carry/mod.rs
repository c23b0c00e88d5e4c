//! Moving a part's recipients not yet dialed to new parts — exactly once, whenever the app stops.
//!
//! Two things stop a part that Cartesia already has while keeping its people: the person edits a
//! scheduled campaign before it starts (the edited settings need new batches), and the calling
//! hours close for a part's recipients while calls are still waiting (they are called in the
//! next allowed hours instead). Cartesia can't change a batch, so the part's calls left are
//! cancelled and its people not yet dialed go into new parts, which are launched like any other
//! part.
//!
//! The steps, each safe to repeat after a crash at any point:
//! 1. **Intent** ([`Store::begin_carry`]): the part is marked as moving, with what its new parts
//!    are made from (and, for an edit, the campaign's new settings) — in one transaction, before
//!    anything is sent. A part already moving can't be moved again.
//! 2. **Cancel** its batch in Cartesia (idempotent: cancelling twice is harmless). Calls in
//!    flight finish; queued calls never dial.
//! 3. **Read** the batch: only recipients whose call was cancelled before any dial (no call id)
//!    move. Someone dialed, ringing or on the phone stays with the part; while any call is still
//!    queued the cancel hasn't settled, and the move waits ([`undialed`]).
//! 4. **Record** ([`Store::finish_carry`]): in one transaction the part's moved count and the new
//!    parts (not sent yet). A second launcher finishing the same move finds it finished and
//!    adds nothing, so nobody is planned twice.
//! 5. **Launch** the new parts through the launch protocol ([`Launcher`]), which never sends a
//!    part twice. A move begun moments ago sends them by itself after a crash
//!    ([`crate::AUTO_RESUME_WITHIN`]); an older one leaves them for the person to send or cancel.

mod hours;
mod replan;
mod undialed;

pub use hours::{closing_parts, pause_for_hours};
pub use replan::{new_parts, replan, replan_compared, Replan, Replanned};
pub(crate) use undialed::sent_for;
pub use undialed::undialed;

use crate::error::{Error, Result};
use crate::launch::{LaunchProgress, LaunchReport, Launcher, Wanted};
use crate::store::{CampaignId, CarryReason, NewCampaign, Part, PartId};
use crate::view::plural;
use cartesia::Client;
use chrono::{DateTime, Utc};

pub(crate) fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How a move went.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CarryReport {
    /// Recipients moved to new parts.
    pub moved: u32,
    /// Recipients who stayed with their part because their call was already under way or over.
    pub stayed: u32,
    /// Recipients moved whom the calling hours can't fit within 30 days (told, not called).
    pub left_out: u32,
    /// Why the first of them was left out.
    pub left_out_reason: Option<String>,
    /// Recipients not planned again because their number is on the do-not-call list.
    pub do_not_call: u32,
    /// When the first new part starts (`None`: now, or no new part).
    pub resumes_at: Option<DateTime<Utc>>,
    /// Moves begun but not finished (Cartesia couldn't be asked, or its cancel hasn't settled
    /// yet), with why in words: they are finished later, never started again.
    pub waiting: Vec<String>,
    /// The launch of the new parts, per campaign.
    pub launches: Vec<LaunchReport>,
}

impl Launcher {
    /// Moves the recipients not yet dialed of `parts` (created parts of one campaign) to new
    /// parts planned by `recipe`, and launches those, as described in [`crate::carry`]. With
    /// `setup`, the campaign's settings change in the same step as the intent (an edit).
    /// Refused when another launch is running, or when a part isn't created or is already moving.
    #[allow(clippy::too_many_arguments)]
    pub async fn carry<F>(
        &self,
        client: &Client,
        campaign_id: CampaignId,
        parts: &[PartId],
        reason: CarryReason,
        recipe: &Replan,
        setup: Option<&NewCampaign>,
        detail: &str,
        now: DateTime<Utc>,
        mut on_progress: F,
    ) -> Result<CarryReport>
    where
        F: FnMut(LaunchProgress) + Send,
    {
        let _guard = self.busy.try_lock().map_err(|_| Error::LaunchInProgress)?;
        let _lock = self.try_lock_store()?.ok_or(Error::LaunchInProgress)?;
        let recipe_json =
            serde_json::to_string(recipe).map_err(|e| Error::Database(e.to_string()))?;
        if !self
            .store
            .begin_carry(campaign_id, parts, reason, &recipe_json, setup, now, detail)?
        {
            return Err(Error::Refused(
                "This campaign changed while you were looking at it (it was started, cancelled \
                 or is already being changed). Open it again to see where it stands."
                    .to_string(),
            ));
        }
        self.continue_carries(client, Some(campaign_id), now, &mut on_progress)
            .await
    }

    /// Finishes every move begun and not finished (of one campaign, or all), then launches the
    /// new parts of those begun moments ago. The caller holds the launch locks.
    pub(crate) async fn continue_carries(
        &self,
        client: &Client,
        only: Option<CampaignId>,
        now: DateTime<Utc>,
        on_progress: &mut (dyn FnMut(LaunchProgress) + Send),
    ) -> Result<CarryReport> {
        let mut report = CarryReport::default();
        // One move: a campaign's parts whose move began together.
        let mut moves: Vec<Vec<Part>> = Vec::new();
        for part in self.store.parts_being_carried()? {
            if only.is_some_and(|c| part.campaign_id != c) {
                continue;
            }
            match moves.iter_mut().find(|m| {
                m[0].campaign_id == part.campaign_id && m[0].carried_at == part.carried_at
            }) {
                Some(m) => m.push(part),
                None => moves.push(vec![part]),
            }
        }
        for parts in moves {
            let campaign_id = parts[0].campaign_id;
            match self.carry_one(client, &parts, now).await? {
                Moved::Done { send, tally } => {
                    report.moved += tally.moved;
                    report.stayed += tally.stayed;
                    report.left_out += tally.left_out;
                    report.do_not_call += tally.do_not_call;
                    report.left_out_reason = report.left_out_reason.or(tally.left_out_reason);
                    report.resumes_at = report.resumes_at.or(tally.resumes_at);
                    if !send.is_empty() {
                        let launch = self
                            .run(client, campaign_id, Wanted::Some(send), on_progress)
                            .await?;
                        report.launches.push(launch);
                    }
                }
                Moved::NotYet(why) => report.waiting.push(why),
            }
        }
        Ok(report)
    }

    /// Steps 2–4 of one move.
    async fn carry_one(
        &self,
        client: &Client,
        parts: &[Part],
        now: DateTime<Utc>,
    ) -> Result<Moved> {
        let mut moved_all = Vec::new();
        // Each moved person's agent (their part's), so two agents compared keep their sides.
        let mut moved_agents: Vec<String> = Vec::new();
        let mut counts = Vec::with_capacity(parts.len());
        let mut stayed = 0u32;
        for part in parts {
            let waiting = |e: &dyn std::fmt::Display| {
                Moved::NotYet(format!(
                    "Batchline couldn't stop the calls left in {} yet ({e}). It tries again; \
                     nobody in it is called twice.",
                    part.name
                ))
            };
            let Some(batch_id) = part.api_batch_id.as_deref() else {
                return Ok(waiting(&"it has no Cartesia batch"));
            };
            if let Err(e) = client.cancel_batch(batch_id).await {
                return Ok(waiting(&e));
            }
            let batch = match client.get_batch(batch_id).await {
                Ok(b) => b,
                Err(e) => return Ok(waiting(&e)),
            };
            let request = self.store.part_request(part.id)?;
            let Some(moved) = undialed(&request, &batch) else {
                return Ok(waiting(&"Cartesia is still stopping its queued calls"));
            };
            counts.push((part.id, n32(moved.len())));
            stayed += batch
                .recipients
                .as_ref()
                .map_or(0, |r| n32(r.len()).saturating_sub(n32(moved.len())));
            moved_agents.extend(std::iter::repeat_n(request.agent_id.clone(), moved.len()));
            moved_all.extend(moved);
        }
        let first = &parts[0];
        let recipe = match self.store.carry_template(first.id)? {
            Some(json) => serde_json::from_str::<Replan>(&json).ok(),
            None => None,
        };
        let mut recipe = match recipe {
            Some(r) => r,
            None => {
                let req = self.store.part_request(first.id)?;
                Replan::of_request(
                    &self.store.campaign(first.campaign_id)?.setup.name,
                    &req,
                    None,
                )
            }
        };
        // Nobody on the do-not-call list is planned again, whatever moved them.
        let listed = self
            .store
            .dnc_listed_among(moved_all.iter().map(|r| r.to_number.as_str()))?;
        let listed_out = moved_all.len();
        let (kept, kept_agents): (Vec<_>, Vec<_>) = moved_all
            .into_iter()
            .zip(moved_agents)
            .filter(|(r, _)| !listed.contains(&r.to_number))
            .unzip();
        let moved_all: Vec<cartesia::NewRecipient> = kept;
        let listed_out = n32(listed_out - moved_all.len());
        let compare =
            crate::compare::moved_sides(&self.store, first.campaign_id, &mut recipe, &kept_agents)?;
        let planned = match replan_compared(&recipe, &moved_all, compare, None, now) {
            Ok(p) => p,
            Err(why) => {
                return Ok(Moved::NotYet(format!(
                    "The people not called yet couldn't be planned again ({why}). Batchline \
                     tries again."
                )))
            }
        };
        let recent = first
            .carried_at
            .is_some_and(|t| t <= now && now - t <= crate::AUTO_RESUME_WITHIN);
        let tally = Tally {
            moved: n32(moved_all.len()),
            stayed,
            left_out: n32(planned.left_out.len()),
            left_out_reason: planned.left_out.first().map(|(_, why)| why.clone()),
            do_not_call: listed_out,
            resumes_at: planned
                .parts
                .iter()
                .filter_map(|p| p.request.scheduled_at)
                .min(),
        };
        let detail = format!(
            "{} moved to {}; {} stayed (already called){}{}",
            plural(tally.moved, "recipient", "recipients"),
            plural(n32(planned.parts.len()), "new part", "new parts"),
            tally.stayed,
            match tally.left_out {
                0 => String::new(),
                n => format!(
                    "; {} can't be called in their hours within 30 days and won't be called",
                    n
                ),
            },
            match listed_out {
                0 => String::new(),
                n => format!("; {}", crate::dnc_enforce::left_out_words(n)),
            }
        );
        let ids = self.store.finish_carry(
            first.campaign_id,
            &counts,
            &planned.parts,
            recent.then_some(now),
            &detail,
        )?;
        Ok(match ids {
            Some(ids) => Moved::Done {
                send: if recent { ids } else { Vec::new() },
                tally,
            },
            // Another launcher finished it: its new parts are that launcher's to send.
            None => Moved::Done {
                send: Vec::new(),
                tally: Tally::default(),
            },
        })
    }
}

/// What one finished move did.
#[derive(Debug, Default)]
struct Tally {
    moved: u32,
    stayed: u32,
    left_out: u32,
    left_out_reason: Option<String>,
    do_not_call: u32,
    resumes_at: Option<DateTime<Utc>>,
}

/// What one step of a move found.
enum Moved {
    /// Recorded: the new parts' ids to send now (or none) and what it did.
    Done { send: Vec<PartId>, tally: Tally },
    /// Not yet: why, in words.
    NotYet(String),
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use cartesia::{
        BatchRecipient, BatchStatus, CallBatch, CreateBatchRequest, NewRecipient, RecipientStatus,
    };

    fn sent(numbers: &[&str]) -> CreateBatchRequest {
        CreateBatchRequest::new(
            "Spring (part 2 of 3)",
            "agent",
            "num",
            numbers
                .iter()
                .enumerate()
                .map(|(i, n)| NewRecipient {
                    to_number: (*n).to_string(),
                    metadata: Some(
                        [("row".to_string(), serde_json::json!(i))]
                            .into_iter()
                            .collect(),
                    ),
                })
                .collect(),
        )
    }

    fn batch(status: BatchStatus, recipients: &[(&str, RecipientStatus, bool)]) -> CallBatch {
        let mut b: CallBatch = serde_json::from_value(serde_json::json!({
            "id": "acb_1", "status": "cancelled"
        }))
        .unwrap();
        b.status = status;
        b.recipients = Some(
            recipients
                .iter()
                .map(|(n, s, dialed)| BatchRecipient {
                    id: String::new(),
                    to_number: (*n).to_string(),
                    status: s.clone(),
                    agent_call_id: dialed.then(|| "ac_1".to_string()),
                    end_reason: None,
                    error_message: None,
                    metadata: None,
                    created_at: None,
                })
                .collect(),
        );
        b
    }

    #[test]
    fn only_people_never_dialed_move_with_what_was_sent_for_them() {
        use RecipientStatus as S;
        let req = sent(&["+1301", "+1302", "+1303", "+1302", "+1305"]);
        let b = batch(
            BatchStatus::Cancelled,
            &[
                ("+1301", S::Completed, true),
                ("+1302", S::Cancelled, false),
                ("+1303", S::Started, true),
                // Cancelled after it was dialed: it was called, so it stays.
                ("+1302", S::Cancelled, true),
                ("+1305", S::Cancelled, false),
            ],
        );
        let moved = undialed(&req, &b).unwrap();
        let rows: Vec<_> = moved
            .iter()
            .map(|r| {
                (
                    r.to_number.as_str(),
                    r.metadata.as_ref().unwrap()["row"].clone(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("+1302", serde_json::json!(1)),
                ("+1305", serde_json::json!(4))
            ]
        );
    }

    #[test]
    fn nothing_moves_until_the_cancel_has_settled() {
        use RecipientStatus as S;
        let req = sent(&["+1301", "+1302"]);
        let running = batch(
            BatchStatus::InProgress,
            &[
                ("+1301", S::Cancelled, false),
                ("+1302", S::Cancelled, false),
            ],
        );
        assert_eq!(undialed(&req, &running), None);
        let still_queued = batch(
            BatchStatus::Cancelled,
            &[("+1301", S::Cancelled, false), ("+1302", S::Queued, false)],
        );
        assert_eq!(undialed(&req, &still_queued), None);
        let mut unlisted = batch(BatchStatus::Cancelled, &[]);
        unlisted.recipients = None;
        assert_eq!(undialed(&req, &unlisted), None);
    }

    #[test]
    fn someone_cartesia_never_scheduled_is_not_moved() {
        use RecipientStatus as S;
        // Cartesia took the part short (only the first was scheduled): the other was reported
        // then, and isn't quietly called now.
        let req = sent(&["+1301", "+1302"]);
        let b = batch(BatchStatus::Cancelled, &[("+1301", S::Cancelled, false)]);
        assert_eq!(undialed(&req, &b).unwrap().len(), 1);
    }

    #[test]
    fn new_parts_keep_the_settings_and_split_at_5000() {
        let mut template = sent(&[]);
        template.target_concurrency_limit = Some(4);
        let many: Vec<NewRecipient> = (0..5001)
            .map(|i| NewRecipient {
                to_number: format!("+1415555{i:04}"),
                metadata: None,
            })
            .collect();
        let parts = new_parts(&template, many);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].request.recipients.len(), 5000);
        assert_eq!(parts[1].request.recipients.len(), 1);
        assert_eq!(parts[1].request.name, "Spring (part 2 of 3) (part 2 of 2)");
        assert_eq!(parts[0].request.target_concurrency_limit, Some(4));
        let one = new_parts(
            &template,
            vec![NewRecipient {
                to_number: "+1".into(),
                metadata: None,
            }],
        );
        assert_eq!(one[0].request.name, "Spring (part 2 of 3)");
        assert!(new_parts(&template, Vec::new()).is_empty());
    }
}
