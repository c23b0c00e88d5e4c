//! A campaign that starts with a pilot: the pilot's record (`campaigns.pilot`), the decision
//! after it (launch the rest, or stop here) and the rest's parts, each decision in one
//! transaction that a second launcher can't repeat (see [`crate::pilot`]).

use super::moves::{insert_parts, payloads};
use super::{ms, AuditKind, CampaignId, NewPart, PartId, Store};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

impl Store {
    /// The pilot record of a campaign (JSON), `None` when it didn't start with a pilot.
    pub fn pilot_record(&self, campaign_id: CampaignId) -> Result<Option<String>> {
        Ok(self
            .with(|c| {
                c.query_row(
                    "SELECT pilot FROM campaigns WHERE id = ?1",
                    [campaign_id],
                    |r| r.get::<_, Option<String>>(0),
                )
                .optional()
            })?
            .flatten())
    }

    /// How many people wait for the person's decision after the campaign's pilot; `None` when
    /// it has no pilot or it was decided. Read without the rest's list.
    pub fn pilot_waiting(&self, campaign_id: CampaignId) -> Result<Option<u32>> {
        Ok(self
            .with(|c| {
                c.query_row(
                    "SELECT json_extract(pilot, '$.rest_count') FROM campaigns
                     WHERE id = ?1 AND json_extract(pilot, '$.state') = 'waiting'",
                    [campaign_id],
                    |r| r.get::<_, Option<i64>>(0),
                )
                .optional()
            })?
            .flatten()
            .map(super::count))
    }

    /// The parts of a campaign of one kind ("pilot", "rest"), in order.
    pub fn parts_of_kind(&self, campaign_id: CampaignId, kind: &str) -> Result<Vec<PartId>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT id FROM batches WHERE campaign_id = ?1 AND kind = ?2 ORDER BY part",
            )?;
            let rows = st.query_map(params![campaign_id, kind], |r| r.get(0))?;
            rows.collect()
        })
    }

    /// Decides a pilot that waits for the person, in one transaction: its record becomes
    /// `record` (the decision), and `parts` (the rest, planned now; none when they stopped)
    /// are added, not sent yet, with the launch marked as running so a crash right after is
    /// finished at the next start. Returns the new parts' ids, or `None` when the pilot was
    /// already decided (by another window or the `batchline` command): then nothing changes.
    pub fn decide_pilot(
        &self,
        campaign_id: CampaignId,
        record: &str,
        parts: &[NewPart],
        at: DateTime<Utc>,
        kind: AuditKind,
        audit_detail: &str,
    ) -> Result<Option<Vec<PartId>>> {
        let payloads = payloads(parts)?;
        let added: u64 = parts
            .iter()
            .map(|p| p.request.recipients.len() as u64)
            .sum();
        self.with(|c| {
            let tx = c.transaction()?;
            let changed = tx.execute(
                "UPDATE campaigns SET pilot = ?2, recipient_count = recipient_count + ?3,
                    launch_heartbeat = CASE WHEN ?4 > 0 THEN ?5 ELSE launch_heartbeat END
                 WHERE id = ?1 AND json_extract(pilot, '$.state') = 'waiting'",
                params![
                    campaign_id,
                    record,
                    added as i64,
                    parts.len() as i64,
                    ms(at)
                ],
            )?;
            if changed == 0 {
                return Ok(None);
            }
            let ids = insert_parts(&tx, campaign_id, None, parts, &payloads)?;
            for id in &ids {
                tx.execute("UPDATE batches SET kind = 'rest' WHERE id = ?1", [id])?;
            }
            super::audit::note(&tx, ms(at), kind, campaign_id, audit_detail)?;
            tx.commit()?;
            Ok(Some(ids))
        })
        .map_err(|e: Error| e)
    }
}
