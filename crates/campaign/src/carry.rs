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

use crate::error::{Error, Result};
use crate::launch::{LaunchProgress, LaunchReport, Launcher, Wanted};
use crate::plan::part_name;
use crate::store::{CampaignId, CarryReason, NewCampaign, NewPart, Part, PartId};
use crate::view::plural;
use cartesia::{BatchStatus, CallBatch, Client, CreateBatchRequest, NewRecipient, RecipientStatus};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, VecDeque};

/// The recipients of `request` (a part's exact request) whose calls Cartesia cancelled before
/// dialing, in the order they were sent; `None` while the batch's cancel hasn't settled (it isn't
/// cancelled yet, its recipients weren't sent, or a call is still queued). Recipients are joined
/// to what was sent by number, in order: Cartesia's carry no id of ours.
pub fn undialed(request: &CreateBatchRequest, batch: &CallBatch) -> Option<Vec<NewRecipient>> {
    if batch.status != BatchStatus::Cancelled {
        return None;
    }
    let listed = batch.recipients.as_ref()?;
    let mut by_number: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, r) in request.recipients.iter().enumerate() {
        by_number
            .entry(r.to_number.as_str())
            .or_default()
            .push_back(i);
    }
    let mut moved = Vec::new();
    for r in listed {
        if r.status == RecipientStatus::Queued {
            return None;
        }
        let Some(sent) = by_number
            .get_mut(r.to_number.as_str())
            .and_then(VecDeque::pop_front)
        else {
            continue;
        };
        let never_dialed = r.status == RecipientStatus::Cancelled && r.agent_call_id.is_none();
        if never_dialed {
            moved.push(sent);
        }
    }
    moved.sort_unstable();
    Some(
        moved
            .into_iter()
            .filter_map(|i| request.recipients.get(i).cloned())
            .collect(),
    )
}

/// The new parts for `moved` recipients: `template`'s settings, at most 5,000 recipients each,
/// named after the template ("Spring leads (part 2 of 3)" keeps its name when it needs one part).
pub fn new_parts(template: &CreateBatchRequest, moved: Vec<NewRecipient>) -> Vec<NewPart> {
    let chunks: Vec<Vec<NewRecipient>> = moved
        .chunks(limits::MAX_RECIPIENTS_PER_BATCH)
        .map(<[NewRecipient]>::to_vec)
        .collect();
    let n = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, recipients)| NewPart {
            request: CreateBatchRequest {
                name: part_name(&template.name, i, n),
                recipients,
                ..template.clone()
            },
            ends_by: None,
        })
        .collect()
}

fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How a move went.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CarryReport {
    /// Recipients moved to new parts.
    pub moved: u32,
    /// Recipients who stayed with their part because their call was already under way or over.
    pub stayed: u32,
    /// Parts whose move is begun but not finished (Cartesia couldn't be asked, or its cancel
    /// hasn't settled yet), with why in words: they are finished later, never started again.
    pub waiting: Vec<String>,
    /// The launch of the new parts, per campaign.
    pub launches: Vec<LaunchReport>,
}

/// What one step of a move found.
enum Moved {
    /// Recorded: the new parts' ids (to send now, or empty) and how many moved and stayed.
    Done {
        send: Vec<PartId>,
        moved: u32,
        stayed: u32,
    },
    /// Not yet: why, in words.
    NotYet(String),
}

impl Launcher {
    /// Moves the recipients not yet dialed of `parts` (each with the request its new parts are
    /// made from) to new parts and launches those, as described in [`crate::carry`]. With
    /// `setup`, the campaign's settings change in the same step as the intent (an edit).
    /// Refused when another launch is running, or when a part isn't created or is already moving.
    #[allow(clippy::too_many_arguments)]
    pub async fn carry<F>(
        &self,
        client: &Client,
        campaign_id: CampaignId,
        parts: &[(PartId, CreateBatchRequest)],
        reason: CarryReason,
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
        if !self
            .store
            .begin_carry(campaign_id, parts, reason, setup, now, detail)?
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
        let mut to_send: Vec<(CampaignId, Vec<PartId>)> = Vec::new();
        let moving = self.store.parts_being_carried()?;
        for part in moving
            .iter()
            .filter(|p| only.is_none_or(|c| p.campaign_id == c))
        {
            match self.carry_one(client, part, now).await? {
                Moved::Done {
                    send,
                    moved,
                    stayed,
                } => {
                    report.moved += moved;
                    report.stayed += stayed;
                    match to_send.iter_mut().find(|(c, _)| *c == part.campaign_id) {
                        Some((_, ids)) => ids.extend(send),
                        None => to_send.push((part.campaign_id, send)),
                    }
                }
                Moved::NotYet(why) => report.waiting.push(why),
            }
        }
        for (campaign_id, ids) in to_send {
            if ids.is_empty() {
                continue;
            }
            let launch = self
                .run(client, campaign_id, Wanted::Some(ids), on_progress)
                .await?;
            report.launches.push(launch);
        }
        Ok(report)
    }

    /// Steps 2–4 of one part's move.
    async fn carry_one(&self, client: &Client, part: &Part, now: DateTime<Utc>) -> Result<Moved> {
        let Some(batch_id) = part.api_batch_id.as_deref() else {
            return Ok(Moved::NotYet(format!(
                "{} has no Cartesia batch to stop.",
                part.name
            )));
        };
        let waiting = |e: &dyn std::fmt::Display| {
            Moved::NotYet(format!(
                "Batchline couldn't stop the calls left in {} yet ({e}). It tries again; nobody \
                 in it is called twice.",
                part.name
            ))
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
        let template = self
            .store
            .carry_template(part.id)?
            .unwrap_or(CreateBatchRequest {
                recipients: Vec::new(),
                ..request.clone()
            });
        let moved_count = n32(moved.len());
        let stayed = batch
            .recipients
            .as_ref()
            .map_or(0, |r| n32(r.len()).saturating_sub(moved_count));
        let parts = new_parts(&template, moved);
        let recent = part
            .carried_at
            .is_some_and(|t| t <= now && now - t <= crate::AUTO_RESUME_WITHIN);
        let detail = format!(
            "{} moved from {} to {}; {} stayed (already called)",
            plural(moved_count, "recipient", "recipients"),
            part.name,
            plural(n32(parts.len()), "new part", "new parts"),
            stayed
        );
        let ids =
            self.store
                .finish_carry(part, moved_count, &parts, recent.then_some(now), &detail)?;
        Ok(match ids {
            Some(ids) => Moved::Done {
                send: if recent { ids } else { Vec::new() },
                moved: moved_count,
                stayed,
            },
            // Another launcher finished it: its new parts are that launcher's to send.
            None => Moved::Done {
                send: Vec::new(),
                moved: 0,
                stayed: 0,
            },
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use cartesia::BatchRecipient;

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
