//! Moving a created part's people not yet dialed to new parts (see [`crate::carry`]): the
//! intent, what the new parts are made from, and the move's end, each in one transaction.

use super::parts::{part_row, PART_SELECT};
use super::{ms, sha256_hex, AuditKind, CampaignId, NewCampaign, Part, PartId, Store};
use crate::error::{Error, Result};
use cartesia::CreateBatchRequest;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// Why a part's recipients not yet dialed were moved to new parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CarryReason {
    /// The calling hours closed for its recipients while calls were still waiting.
    Hours,
    /// The person changed the campaign before it started.
    Edit,
    /// A number in it was added to the do-not-call list while its call was still waiting.
    DoNotCall,
}

impl CarryReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CarryReason::Hours => "hours",
            CarryReason::Edit => "edit",
            CarryReason::DoNotCall => "do_not_call",
        }
    }

    pub(super) fn parse(s: &str) -> Option<CarryReason> {
        match s {
            "hours" => Some(CarryReason::Hours),
            "edit" => Some(CarryReason::Edit),
            "do_not_call" => Some(CarryReason::DoNotCall),
            _ => None,
        }
    }
}

/// A part to add to a campaign: its exact request, and for a part planned by hours the latest
/// moment its calls may start.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPart {
    pub request: CreateBatchRequest,
    pub ends_by: Option<DateTime<Utc>>,
}

impl Store {
    /// Records the intent to move created parts' recipients not yet dialed to new parts made
    /// by `recipe` (JSON: see [`crate::carry::Replan`]), before their calls left are cancelled —
    /// all or none, in one transaction, together with `setup` (the campaign's new settings,
    /// when the person changed them) and an audit entry. `Ok(false)` when a part is not
    /// created, or is already being (or has been) moved: then nothing is written.
    #[allow(clippy::too_many_arguments)]
    pub fn begin_carry(
        &self,
        campaign_id: CampaignId,
        parts: &[PartId],
        reason: CarryReason,
        recipe: &str,
        setup: Option<&NewCampaign>,
        at: DateTime<Utc>,
        audit_detail: &str,
    ) -> Result<bool> {
        self.with(|c| {
            let tx = c.transaction()?;
            for id in parts {
                let changed = tx.execute(
                    "UPDATE batches SET carried_at = ?2, carry_reason = ?3, carry_template = ?4
                     WHERE id = ?1 AND campaign_id = ?5 AND state = 'created'
                        AND carried_at IS NULL",
                    params![id, ms(at), reason.as_str(), recipe, campaign_id],
                )?;
                if changed == 0 {
                    return Ok(false);
                }
            }
            if let Some(s) = setup {
                tx.execute(
                    "UPDATE campaigns SET name = ?2, agent_id = ?3, agent_name = ?4,
                        from_number_id = ?5, from_number = ?6, scheduled_at = ?7, time_zone = ?8,
                        concurrency = ?9
                     WHERE id = ?1",
                    params![
                        campaign_id,
                        s.name,
                        s.agent_id,
                        s.agent_name,
                        s.from_number_id,
                        s.from_number,
                        s.scheduled_at.map(ms),
                        s.time_zone,
                        s.concurrency
                    ],
                )?;
            }
            super::audit::note(
                &tx,
                ms(Utc::now()),
                if setup.is_some() {
                    AuditKind::Edited
                } else {
                    AuditKind::Moved
                },
                campaign_id,
                audit_detail,
            )?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// The calling hours a campaign was planned under, as recorded (JSON; `None` for a campaign
    /// from before Batchline planned by hours).
    pub fn campaign_calling_hours(&self, campaign_id: CampaignId) -> Result<Option<String>> {
        self.text_of(
            "SELECT calling_hours FROM campaigns WHERE id = ?1",
            campaign_id,
        )
    }

    /// What the new parts of a move are made from, as its intent recorded it (JSON).
    pub fn carry_template(&self, id: PartId) -> Result<Option<String>> {
        self.text_of("SELECT carry_template FROM batches WHERE id = ?1", id)
    }

    /// One text value of one row (`None`: no such row, or no value).
    fn text_of(&self, sql: &str, id: i64) -> Result<Option<String>> {
        Ok(self
            .with(|c| c.query_row(sql, [id], |r| r.get(0)).optional())?
            .flatten())
    }

    /// Parts whose move began and whose new parts are not recorded yet (cut short by a crash,
    /// or waiting for Cartesia to confirm the cancel).
    pub fn parts_being_carried(&self) -> Result<Vec<Part>> {
        self.with(|c| {
            let mut st = c.prepare(&format!(
                "{PART_SELECT} WHERE carried_at IS NOT NULL AND carried_count IS NULL ORDER BY id"
            ))?;
            let rows = st.query_map([], part_row)?;
            rows.collect()
        })
    }

    /// Ends a move in one transaction: each part in `moved` is recorded with how many of its
    /// recipients moved, and `parts` are added to the campaign (numbered after its last part, not
    /// sent yet), with the campaign's launch marked as running (see [`Store::launch_heartbeat`])
    /// when `send_now`. Returns the new parts' ids, or `None` when the move was already ended (by
    /// another launcher): then nothing is added, so nobody is planned twice.
    pub fn finish_carry(
        &self,
        campaign_id: CampaignId,
        moved: &[(PartId, u32)],
        parts: &[NewPart],
        send_now: Option<DateTime<Utc>>,
        audit_detail: &str,
    ) -> Result<Option<Vec<PartId>>> {
        let payloads = payloads(parts)?;
        let now = Utc::now();
        self.with(|c| {
            let tx = c.transaction()?;
            for (id, count) in moved {
                let changed = tx.execute(
                    "UPDATE batches SET carried_count = ?2
                     WHERE id = ?1 AND campaign_id = ?3 AND carried_at IS NOT NULL
                        AND carried_count IS NULL",
                    params![id, count, campaign_id],
                )?;
                if changed == 0 {
                    return Ok(None);
                }
            }
            let from = moved.first().map(|(id, _)| *id);
            let ids = insert_parts(&tx, campaign_id, from, parts, &payloads)?;
            if let Some(at) = send_now {
                tx.execute(
                    "UPDATE campaigns SET launch_heartbeat = ?2 WHERE id = ?1",
                    params![campaign_id, ms(at)],
                )?;
            }
            super::audit::note(&tx, ms(now), AuditKind::Moved, campaign_id, audit_detail)?;
            tx.commit()?;
            Ok(Some(ids))
        })
    }
}

/// Adds `parts` (with their serialized requests) to a campaign after its last part, not sent
/// yet, made from part `from`; every part of the campaign is renumbered "of n". Inside the
/// caller's transaction.
pub(super) fn insert_parts(
    tx: &rusqlite::Transaction<'_>,
    campaign_id: CampaignId,
    from: Option<PartId>,
    parts: &[NewPart],
    payloads: &[Vec<u8>],
) -> rusqlite::Result<Vec<PartId>> {
    let last: i64 = tx.query_row(
        "SELECT COALESCE(MAX(part), 0) FROM batches WHERE campaign_id = ?1",
        [campaign_id],
        |r| r.get(0),
    )?;
    let total = last + parts.len() as i64;
    let mut ids = Vec::with_capacity(parts.len());
    {
        let mut ins = tx.prepare(
            "INSERT INTO batches (campaign_id, part, parts, name, recipient_count,
                payload_sha256, state, ends_by, carried_from, starts_at, agent_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'planned', ?7, ?8, ?9,
                NULLIF(?10, (SELECT agent_id FROM campaigns WHERE id = ?1)))",
        )?;
        let mut request =
            tx.prepare("INSERT INTO part_requests (batch_id, payload) VALUES (?1, ?2)")?;
        for (i, (p, payload)) in parts.iter().zip(payloads).enumerate() {
            ins.execute(params![
                campaign_id,
                last + i as i64 + 1,
                total,
                p.request.name,
                p.request.recipients.len() as i64,
                sha256_hex(payload),
                p.ends_by.map(ms),
                from,
                p.request.scheduled_at.map(ms),
                p.request.agent_id
            ])?;
            let id = tx.last_insert_rowid();
            request.execute(params![id, payload])?;
            ids.push(id);
        }
    }
    tx.execute(
        "UPDATE batches SET parts = ?2 WHERE campaign_id = ?1",
        params![campaign_id, total],
    )?;
    Ok(ids)
}

/// Each part's request as the bytes stored (and hashed) for it.
pub(super) fn payloads(parts: &[NewPart]) -> Result<Vec<Vec<u8>>> {
    parts
        .iter()
        .map(|p| serde_json::to_vec(&p.request).map_err(|e| Error::Database(e.to_string())))
        .collect()
}
