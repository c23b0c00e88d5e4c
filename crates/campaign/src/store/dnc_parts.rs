//! The do-not-call list applied to a campaign's parts: a part's request rewritten without the
//! listed numbers before it is first sent, and failed calls sent again as a new part when the
//! list forbids Cartesia's own retry (see [`crate::dnc_enforce`]). Each in one transaction with
//! its audit entry, and by compare-and-swap, so two launchers never disagree about a part.

use super::audit::insert_audit;
use super::moves::{insert_parts, payloads};
use super::{ms, sha256_hex, AuditEntry, AuditKind, CampaignId, NewPart, Part, PartId, Store};
use crate::error::{Error, Result};
use cartesia::CreateBatchRequest;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

/// Why a part whose every recipient is listed was not sent.
const EVERYONE_LISTED: &str =
    "Everyone in this part is on the do-not-call list, so it was not sent.";

impl Store {
    /// Replaces the request of a part Cartesia certainly doesn't have (planned or refused, as
    /// `seen`) with `request` — the same without listed numbers — or, when `request` is `None`
    /// (everyone was listed), cancels the part ([`EVERYONE_LISTED`]); with an audit entry, in one
    /// transaction. The part's claim changes, so a launcher that read it before can't send the
    /// old request. `Ok(false)` when the part changed since `seen` (nothing written).
    pub fn leave_out_unsent(
        &self,
        seen: &Part,
        request: Option<&CreateBatchRequest>,
        audit_detail: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let payload = request
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| Error::Database(e.to_string()))?;
        self.with(|c| {
            let tx = c.transaction()?;
            let claim = super::parts::claim_token();
            let changed = match (&payload, request) {
                (Some(payload), Some(req)) => {
                    let n = tx.execute(
                        "UPDATE batches SET recipient_count = ?2, payload_sha256 = ?3, claim = ?4
                         WHERE id = ?1 AND state IN ('planned', 'failed') AND state = ?5
                            AND claim IS ?6",
                        params![
                            seen.id,
                            req.recipients.len() as i64,
                            sha256_hex(payload),
                            claim,
                            seen.state.as_str(),
                            seen.claim
                        ],
                    )?;
                    if n == 1 {
                        tx.execute(
                            "UPDATE part_requests SET payload = ?2 WHERE batch_id = ?1",
                            params![seen.id, payload],
                        )?;
                    }
                    n
                }
                _ => tx.execute(
                    "UPDATE batches SET state = 'withdrawn', last_error = ?2, claim = ?3
                     WHERE id = ?1 AND state IN ('planned', 'failed') AND state = ?4
                        AND claim IS ?5",
                    params![
                        seen.id,
                        EVERYONE_LISTED,
                        claim,
                        seen.state.as_str(),
                        seen.claim
                    ],
                )?,
            };
            if changed == 0 {
                return Ok(false);
            }
            insert_audit(
                &tx,
                ms(now),
                AuditKind::DncLeftOut,
                &AuditEntry {
                    campaign_id: Some(seen.campaign_id),
                    detail: Some(audit_detail),
                    ..AuditEntry::default()
                },
            )?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// Records, in one transaction, that the failed calls of part `from` go out again as the new
    /// `parts` (not Cartesia's retry, which would re-dial listed numbers), with the campaign's
    /// launch marked as running and an audit entry. `None` when that part's failed calls were
    /// already sent again this way: nothing is added, so nobody is called twice.
    pub fn retry_apart(
        &self,
        campaign_id: CampaignId,
        from: PartId,
        parts: &[NewPart],
        audit_detail: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<PartId>>> {
        let payloads = payloads(parts)?;
        self.with(|c| {
            let tx = c.transaction()?;
            let changed = tx.execute(
                "UPDATE batches SET retried_apart_at = ?2
                 WHERE id = ?1 AND campaign_id = ?3 AND state = 'created'
                    AND retried_apart_at IS NULL",
                params![from, ms(now), campaign_id],
            )?;
            if changed == 0 {
                return Ok(None);
            }
            let ids = insert_parts(&tx, campaign_id, Some(from), parts, &payloads)?;
            tx.execute(
                "UPDATE campaigns SET launch_heartbeat = ?2 WHERE id = ?1",
                params![campaign_id, ms(now)],
            )?;
            super::audit::note(&tx, ms(now), AuditKind::Retried, campaign_id, audit_detail)?;
            tx.commit()?;
            Ok(Some(ids))
        })
    }

    /// Whether a part's failed calls were already sent again as a new part ([`Store::retry_apart`]).
    pub fn retried_apart(&self, id: PartId) -> Result<bool> {
        Ok(self
            .with(|c| {
                c.query_row(
                    "SELECT retried_apart_at FROM batches WHERE id = ?1",
                    [id],
                    |r| r.get::<_, Option<i64>>(0),
                )
                .optional()
            })?
            .flatten()
            .is_some())
    }

    /// How many times the list has changed (numbers added or removed), to tell whether it changed
    /// since it was last seen: one row read, whatever the list's size (counting a 1,000,000-number
    /// list took 62 ms, every 3 s while the app runs).
    pub fn dnc_mark(&self) -> Result<i64> {
        if let Some(home) = self.list_home() {
            return home.dnc_mark();
        }
        self.with(|c| {
            c.query_row("SELECT changes FROM dnc_changes WHERE id = 1", [], |r| {
                r.get(0)
            })
        })
    }
}
