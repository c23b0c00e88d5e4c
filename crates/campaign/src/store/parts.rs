//! A campaign's parts (one Cartesia batch each) and where each stands in its launch.
//!
//! A launch's intent must survive a crash or power cut, and nobody may be called twice: a part
//! is claimed by compare-and-swap and its intent recorded before the request leaves, a created
//! part is never demoted by a late outcome, and every doubt is settled before sending again.

use super::{count, from_ms, ms, sha256_hex, CampaignId, CarryReason, PartId, Store};
use crate::error::{Error, Result};
use cartesia::{BatchFingerprint, CreateBatchRequest, Horizon};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where one part stands in its launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LaunchState {
    /// Recorded, never sent.
    Planned,
    /// About to be sent or in flight: whether Cartesia made it must be checked before any resend.
    Sending,
    /// Cartesia made it; `api_batch_id` is set. Never sent again.
    Created,
    /// Cartesia certainly did not make it (a clear refusal); may be sent again.
    Failed,
    /// The answer was lost and the check could not be done: must be checked before any resend.
    Unconfirmed,
    /// Never sent, and never to be: the person cancelled it before it started.
    Withdrawn,
}

impl LaunchState {
    pub fn as_str(self) -> &'static str {
        match self {
            LaunchState::Planned => "planned",
            LaunchState::Sending => "sending",
            LaunchState::Created => "created",
            LaunchState::Failed => "failed",
            LaunchState::Unconfirmed => "unconfirmed",
            LaunchState::Withdrawn => "withdrawn",
        }
    }

    fn parse(s: &str) -> LaunchState {
        match s {
            "planned" => LaunchState::Planned,
            "created" => LaunchState::Created,
            "failed" => LaunchState::Failed,
            "unconfirmed" => LaunchState::Unconfirmed,
            "withdrawn" => LaunchState::Withdrawn,
            // "sending" and anything unreadable: the cautious reading is "may exist, check first".
            _ => LaunchState::Sending,
        }
    }

    /// Whether Cartesia may hold a batch for this part that the store doesn't know the id of.
    pub fn needs_check(self) -> bool {
        matches!(self, LaunchState::Sending | LaunchState::Unconfirmed)
    }
}

/// One part of a campaign: one Cartesia batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub id: PartId,
    pub campaign_id: CampaignId,
    /// 1-based: part `part` of `parts`.
    pub part: u32,
    pub parts: u32,
    /// The batch name sent to Cartesia.
    pub name: String,
    pub recipient_count: u32,
    /// SHA-256 (hex) of the exact request body stored for this part.
    pub payload_sha256: String,
    pub state: LaunchState,
    /// When the latest attempt to create it began, on this computer's clock (shown only).
    pub attempt_started_at: Option<DateTime<Utc>>,
    /// When the latest attempt began on Cartesia's clock, less a margin: where a look-up for
    /// it may stop. `None`: unknown (the look-up must reach the account's first batch).
    pub attempt_horizon: Option<DateTime<Utc>>,
    /// Changes with every attempt: what a launcher compares-and-swaps to claim the part.
    pub claim: Option<String>,
    pub api_batch_id: Option<String>,
    /// When the store learnt Cartesia had made it.
    pub created_at: Option<DateTime<Utc>>,
    /// Why the latest attempt failed, in the person's words.
    pub last_error: Option<String>,
    /// The tracker saw it to the end; it is polled no more (until retried).
    pub tracking_done: bool,
    /// How many recipients Cartesia said it scheduled when it made the part; fewer than
    /// `recipient_count` means it took the part short. `None`: not made yet, or made by an
    /// older Batchline that didn't record it.
    pub scheduled_count: Option<u32>,
    /// When it was sent to start (`None`: at once, or a part from before version 8).
    pub starts_at: Option<DateTime<Utc>>,
    /// For a part planned by calling hours: the latest moment any of its calls may start.
    pub ends_by: Option<DateTime<Utc>>,
    /// When Batchline began moving this part's not-yet-dialed recipients to new parts (see
    /// [`crate::carry`]), and why.
    pub carried_at: Option<DateTime<Utc>>,
    pub carry_reason: Option<CarryReason>,
    /// How many recipients moved, once the new parts are recorded (`None` until then).
    pub carried_count: Option<u32>,
    /// For a part made of another part's not-yet-dialed recipients: that part.
    pub carried_from: Option<PartId>,
}

impl Part {
    /// Whether an edit moved every recipient of the part to new parts before anyone in it was
    /// called: the part is history only (the screens leave it out; the audit log keeps it). A
    /// part the calling hours stopped stays on screen, saying so.
    pub fn replaced(&self) -> bool {
        self.carry_reason == Some(CarryReason::Edit)
            && self
                .carried_count
                .is_some_and(|moved| moved >= self.recipient_count)
    }

    /// Recipients of the part who are (or were) called through it: those sent, less those
    /// Cartesia did not schedule and those moved to later parts.
    pub fn kept(&self) -> u32 {
        self.scheduled_count
            .unwrap_or(self.recipient_count)
            .saturating_sub(self.carried_count.unwrap_or(0))
    }

    /// Recipients sent whom Cartesia did not schedule (0 when it took them all, or when not known).
    pub fn unscheduled(&self) -> u32 {
        self.scheduled_count
            .map_or(0, |s| self.recipient_count.saturating_sub(s))
    }
}

/// A fresh claim token: unique enough that two launchers never draw the same one.
pub(super) fn claim_token() -> String {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    format!("{}-{nanos:x}-{seq:x}", std::process::id())
}

impl Store {
    /// A campaign's parts in order.
    pub fn parts(&self, campaign_id: CampaignId) -> Result<Vec<Part>> {
        self.with(|c| {
            let mut st = c.prepare_cached(&format!(
                "{PART_SELECT} WHERE campaign_id = ?1 ORDER BY part"
            ))?;
            let rows = st.query_map([campaign_id], part_row)?;
            rows.collect()
        })
    }

    /// The parts a campaign's screens, exports and actions show: every part except those
    /// replaced before anyone in them was called (see [`Part::replaced`]; the audit log keeps
    /// them), numbered 1 to n among themselves.
    pub fn live_parts(&self, campaign_id: CampaignId) -> Result<Vec<Part>> {
        let mut live: Vec<Part> = self
            .parts(campaign_id)?
            .into_iter()
            .filter(|p| !p.replaced())
            .collect();
        let n = u32::try_from(live.len()).unwrap_or(u32::MAX);
        for (i, p) in live.iter_mut().enumerate() {
            p.part = u32::try_from(i + 1).unwrap_or(u32::MAX);
            p.parts = n;
        }
        Ok(live)
    }

    pub fn part(&self, id: PartId) -> Result<Part> {
        self.with(|c| {
            c.query_row(&format!("{PART_SELECT} WHERE id = ?1"), [id], part_row)
                .optional()
        })?
        .ok_or(Error::NotFound {
            what: "campaign part",
        })
    }

    /// The exact request recorded for a part, checked against its recorded hash.
    pub fn part_request(&self, id: PartId) -> Result<CreateBatchRequest> {
        let (payload, hash, campaign, part): (Vec<u8>, String, String, u32) = self
            .with(|c| {
                c.query_row(
                    "SELECT r.payload, b.payload_sha256, c.name, b.part
                     FROM batches b JOIN campaigns c ON c.id = b.campaign_id
                     JOIN part_requests r ON r.batch_id = b.id WHERE b.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
            })?
            .ok_or(Error::NotFound {
                what: "campaign part",
            })?;
        if sha256_hex(&payload) != hash {
            return Err(Error::PayloadMismatch { campaign, part });
        }
        serde_json::from_slice(&payload).map_err(|_| Error::PayloadMismatch { campaign, part })
    }

    /// Claims a part for an attempt to send it, and records the intent before the request
    /// leaves: compare-and-swap on the part as `seen` (its state and claim). `Ok(false)` when
    /// someone else changed it since (another launcher — another window, the `batchline`
    /// command — claimed, created or withdrew it): then this launcher must not send it.
    pub fn claim_for_sending(
        &self,
        seen: &Part,
        at: DateTime<Utc>,
        horizon: Option<DateTime<Utc>>,
    ) -> Result<bool> {
        if matches!(seen.state, LaunchState::Created | LaunchState::Withdrawn) {
            return Ok(false);
        }
        let token = claim_token();
        let changed = self.with(|c| {
            c.execute(
                "UPDATE batches SET state = 'sending', attempt_started_at = ?2,
                    attempt_horizon = ?3, claim = ?4, last_error = NULL
                 WHERE id = ?1 AND state = ?5 AND claim IS ?6",
                params![
                    seen.id,
                    ms(at),
                    horizon.map(ms),
                    token,
                    seen.state.as_str(),
                    seen.claim
                ],
            )
        })?;
        Ok(changed == 1)
    }

    /// Records the intent to send a part, before the request leaves, whatever its claim.
    #[doc(hidden)]
    pub fn mark_sending(&self, id: PartId, at: DateTime<Utc>) -> Result<()> {
        self.set_state(
            id,
            "UPDATE batches SET state = 'sending', attempt_started_at = ?2, last_error = NULL
             WHERE id = ?1 AND state NOT IN ('created', 'withdrawn')",
            params![id, ms(at)],
        )
    }

    /// After a look-up proved Cartesia never made an in-doubt part: back to "not sent", with
    /// why, for the person to send or cancel (compare-and-swap on the part as `seen`).
    pub fn mark_not_sent(&self, seen: &Part, message: &str) -> Result<bool> {
        let changed = self.with(|c| {
            c.execute(
                "UPDATE batches SET state = 'planned', last_error = ?2, claim = ?3
                 WHERE id = ?1 AND state = ?4 AND claim IS ?5",
                params![
                    seen.id,
                    message,
                    claim_token(),
                    seen.state.as_str(),
                    seen.claim
                ],
            )
        })?;
        Ok(changed == 1)
    }

    /// Cancels a part that was never sent (planned or refused), so nothing sends it later.
    /// `Ok(false)` when it is not (or no longer) such a part.
    pub fn withdraw(&self, id: PartId, message: &str) -> Result<bool> {
        let changed = self.with(|c| {
            c.execute(
                "UPDATE batches SET state = 'withdrawn', last_error = ?2, claim = ?3
                 WHERE id = ?1 AND state IN ('planned', 'failed')",
                params![id, message, claim_token()],
            )
        })?;
        Ok(changed == 1)
    }

    /// Records that Cartesia made the part as batch `api_batch_id` (how many it scheduled not
    /// known: see [`Store::mark_created_scheduled`]).
    pub fn mark_created(&self, id: PartId, api_batch_id: &str) -> Result<()> {
        self.created(id, api_batch_id, None)
    }

    /// Records that Cartesia made the part as batch `api_batch_id`, scheduling `scheduled`
    /// recipients (its `total_calls_scheduled`), which may be fewer than were sent.
    pub fn mark_created_scheduled(
        &self,
        id: PartId,
        api_batch_id: &str,
        scheduled: u32,
    ) -> Result<()> {
        self.created(id, api_batch_id, Some(scheduled))
    }

    fn created(&self, id: PartId, api_batch_id: &str, scheduled: Option<u32>) -> Result<()> {
        self.set_state(
            id,
            "UPDATE batches SET state = 'created', api_batch_id = ?2, created_at = ?3,
                last_error = NULL, tracking_done = 0, scheduled_count = ?4
             WHERE id = ?1",
            params![id, api_batch_id, ms(Utc::now()), scheduled],
        )
    }

    /// Records that Cartesia certainly did not make the part (so it may be sent again).
    pub fn mark_failed(&self, id: PartId, message: &str) -> Result<()> {
        self.set_state(
            id,
            "UPDATE batches SET state = 'failed', last_error = ?2 WHERE id = ?1 AND state != 'created'",
            params![id, message],
        )
    }

    /// Records that it is unknown whether Cartesia made the part (check before sending again).
    pub fn mark_unconfirmed(&self, id: PartId, message: &str) -> Result<()> {
        self.set_state(
            id,
            "UPDATE batches SET state = 'unconfirmed', last_error = ?2
             WHERE id = ?1 AND state != 'created'",
            params![id, message],
        )
    }

    fn set_state(&self, id: PartId, sql: &str, p: impl rusqlite::Params) -> Result<()> {
        let changed = self.with(|c| c.execute(sql, p))?;
        if changed == 0 {
            // Either gone, or already created (which no later outcome may undo).
            self.part(id)?;
        }
        Ok(())
    }

    /// Campaigns with a part not yet created and not given up on (planned, sending,
    /// unconfirmed): launches that were cut short.
    pub fn incomplete_campaigns(&self) -> Result<Vec<CampaignId>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT DISTINCT campaign_id FROM batches
                 WHERE state IN ('planned', 'sending', 'unconfirmed') ORDER BY campaign_id",
            )?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect()
        })
    }

    /// Every Cartesia batch id the store has attributed to a part or a test call.
    pub fn known_batch_ids(&self) -> Result<HashSet<String>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT api_batch_id FROM batches WHERE api_batch_id IS NOT NULL
                    UNION SELECT api_batch_id FROM test_calls WHERE api_batch_id IS NOT NULL",
            )?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect()
        })
    }

    /// Parts Cartesia may be making, or may yet make, without the store knowing the batch:
    /// planned, being sent, or in doubt. Each as its batch would be recognised (the campaign's
    /// agent and number, the part's name and size) from its latest attempt's horizon. A batch
    /// that matches one is that part's, never somebody else's, even before a launch finds it.
    pub fn parts_awaiting_cartesia(&self) -> Result<Vec<(BatchFingerprint, Horizon)>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT b.name, COALESCE(b.agent_id, c.agent_id), c.from_number_id, b.recipient_count,
                    b.attempt_horizon
                 FROM batches b JOIN campaigns c ON c.id = b.campaign_id
                 WHERE b.state IN ('planned', 'sending', 'unconfirmed')",
            )?;
            let rows = st.query_map([], |r| {
                Ok((
                    BatchFingerprint {
                        name: r.get(0)?,
                        agent_id: r.get(1)?,
                        from_number_id: r.get(2)?,
                        recipients: count(r.get(3)?),
                    },
                    Horizon::from_stored(r.get::<_, Option<i64>>(4)?.map(from_ms)),
                ))
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
        })
        .and_then(|mut parts| {
            // A test call being sent is the store's own too.
            parts.extend(self.test_calls_awaiting_cartesia()?);
            Ok(parts)
        })
    }

    /// Created parts the tracker has not yet seen to the end.
    pub fn active_parts(&self) -> Result<Vec<Part>> {
        self.with(|c| {
            let mut st = c.prepare(&format!(
                "{PART_SELECT} WHERE state = 'created' AND tracking_done = 0 ORDER BY id"
            ))?;
            let rows = st.query_map([], part_row)?;
            rows.collect()
        })
    }

    /// Marks a part as followed to the end (or, with `false`, to be followed again: after a retry).
    pub fn set_tracking_done(&self, id: PartId, done: bool) -> Result<()> {
        self.set_state(
            id,
            "UPDATE batches SET tracking_done = ?2 WHERE id = ?1",
            params![id, done],
        )
    }
}

pub(super) const PART_SELECT: &str = "SELECT id, campaign_id, part, parts, name, recipient_count,
    payload_sha256, state, attempt_started_at, api_batch_id, created_at, last_error,
    tracking_done, attempt_horizon, claim, scheduled_count, ends_by, carried_at, carry_reason,
    carried_count, carried_from, starts_at FROM batches";

pub(super) fn part_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Part> {
    Ok(Part {
        id: r.get(0)?,
        campaign_id: r.get(1)?,
        part: count(r.get(2)?),
        parts: count(r.get(3)?),
        name: r.get(4)?,
        recipient_count: count(r.get(5)?),
        payload_sha256: r.get(6)?,
        state: LaunchState::parse(&r.get::<_, String>(7)?),
        attempt_started_at: r.get::<_, Option<i64>>(8)?.map(from_ms),
        api_batch_id: r.get(9)?,
        created_at: r.get::<_, Option<i64>>(10)?.map(from_ms),
        last_error: r.get(11)?,
        tracking_done: r.get(12)?,
        attempt_horizon: r.get::<_, Option<i64>>(13)?.map(from_ms),
        claim: r.get(14)?,
        scheduled_count: r.get::<_, Option<i64>>(15)?.map(count),
        ends_by: r.get::<_, Option<i64>>(16)?.map(from_ms),
        carried_at: r.get::<_, Option<i64>>(17)?.map(from_ms),
        carry_reason: r
            .get::<_, Option<String>>(18)?
            .as_deref()
            .and_then(CarryReason::parse),
        carried_count: r.get::<_, Option<i64>>(19)?.map(count),
        carried_from: r.get(20)?,
        starts_at: r.get::<_, Option<i64>>(21)?.map(from_ms),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::super::test_recipients as recipients;
    use super::*;
    use crate::store::NewCampaign;

    #[test]
    fn a_part_sent_before_version_7_can_still_be_sent_again_after_the_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        // Large enough that moving it frees pages, as a real part's request does.
        let req = CreateBatchRequest::new("Old (part 1 of 1)", "agent", "num", recipients(2000));
        let payload = serde_json::to_vec(&req).unwrap();
        {
            // The part's exact request in its row, as version 6 kept it.
            let v6 = Store::open_at_version(&path, 6).unwrap();
            v6.raw(|c| {
                c.execute(
                    "INSERT INTO campaigns (id, name, agent_id, from_number_id, recipient_count,
                        created_at) VALUES (3, 'Old', 'agent', 'num', 2000, 0)",
                    [],
                )?;
                c.execute(
                    "INSERT INTO batches (campaign_id, part, parts, name, recipient_count,
                        payload, payload_sha256, state)
                     VALUES (3, 1, 1, 'Old (part 1 of 1)', 2000, ?1, ?2, 'failed')",
                    params![payload, sha256_hex(&payload)],
                )
            });
        }
        let store = Store::open(&path).unwrap();
        let part = store.parts(3).unwrap().remove(0);
        assert_eq!(part.state, LaunchState::Failed);
        assert_eq!(store.part_request(part.id).unwrap(), req);
        // The space the requests' move freed is given back once, by the upgrade.
        let free: i64 = store.raw(|c| c.query_row("PRAGMA freelist_count", [], |r| r.get(0)));
        assert_eq!(free, 0, "pages left free after the upgrade");
    }

    #[test]
    fn a_created_part_is_never_demoted_by_a_late_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("b.db")).unwrap();
        let req = CreateBatchRequest::new("A", "agent", "num", recipients(3));
        let id = store
            .create_campaign(
                &NewCampaign {
                    name: "A".into(),
                    ..NewCampaign::default()
                },
                &[req],
            )
            .unwrap();
        let part = store.parts(id).unwrap().remove(0);
        store.mark_sending(part.id, Utc::now()).unwrap();
        store.mark_created(part.id, "acb_1").unwrap();
        store.mark_failed(part.id, "late").unwrap();
        store.mark_unconfirmed(part.id, "late").unwrap();
        store.mark_sending(part.id, Utc::now()).unwrap();
        let part = store.part(part.id).unwrap();
        assert_eq!(part.state, LaunchState::Created);
        assert_eq!(part.api_batch_id.as_deref(), Some("acb_1"));
        assert!(matches!(
            store.mark_failed(999, "x"),
            Err(Error::NotFound { .. })
        ));
    }
}
