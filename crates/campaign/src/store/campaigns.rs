//! Campaigns and their launch heartbeat.
//!
//! What the person chose for a campaign is recorded when it is set up, with every part's exact
//! request, in one transaction before anything is sent: either all of it is on disk or none. The
//! heartbeat tells a launch that was cut short (or is running now) from one that ended.

use super::audit::insert_audit;
use super::launched::{insert_kept, LaunchKept};
use super::{count, from_ms, ms, sha256_hex, AuditEntry, AuditKind, CampaignId, Store};
use crate::error::{Error, Result};
use cartesia::CreateBatchRequest;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

/// What the person chose for a campaign, as recorded when it is set up.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewCampaign {
    pub name: String,
    pub agent_id: String,
    /// The agent's name as shown when it was chosen (Cartesia may rename it later).
    pub agent_name: Option<String>,
    pub from_number_id: String,
    /// The number itself, e.g. `+14155550100`.
    pub from_number: Option<String>,
    /// When calling starts; `None` is "now".
    pub scheduled_at: Option<DateTime<Utc>>,
    /// The time zone the person picked the start time in, e.g. `America/New_York`.
    pub time_zone: Option<String>,
    pub concurrency: Option<u32>,
    /// The recipient file's name (not its path) and the SHA-256 of its bytes.
    pub source_file_name: Option<String>,
    pub source_sha256: Option<String>,
}

/// What a plan by calling hours adds to a campaign's record (all empty for one planned
/// without hours).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlannedHours {
    /// The hours chosen, as JSON (`campaigns.calling_hours`).
    pub calling_hours: Option<String>,
    /// Who the plan could not fit in, as JSON rows and reasons (`campaigns.left_out`).
    pub left_out: Option<String>,
    /// Each part's latest start, in part order (`batches.ends_by`).
    pub ends_by: Vec<Option<DateTime<Utc>>>,
    /// For a campaign that starts with a pilot: the pilot's record (`campaigns.pilot`, see
    /// [`crate::pilot`]); every part recorded now is then the pilot (`batches.kind`).
    pub pilot: Option<String>,
}

/// A campaign as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Campaign {
    pub id: CampaignId,
    #[serde(flatten)]
    pub setup: NewCampaign,
    pub recipient_count: u32,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Records a campaign and every part's exact request in one transaction, before anything is
    /// sent: either all of it is on disk or none. Parts are numbered in the given order.
    pub fn create_campaign(
        &self,
        campaign: &NewCampaign,
        parts: &[CreateBatchRequest],
    ) -> Result<CampaignId> {
        self.create_campaign_with_hours(campaign, parts, &PlannedHours::default())
    }

    /// [`Store::create_campaign`] for a campaign planned by calling hours: its hours, who the
    /// plan left out and each part's latest start are recorded in the same transaction.
    pub fn create_campaign_with_hours(
        &self,
        campaign: &NewCampaign,
        parts: &[CreateBatchRequest],
        hours: &PlannedHours,
    ) -> Result<CampaignId> {
        self.create_campaign_launched(campaign, parts, hours, &LaunchKept::default())
    }

    /// [`Store::create_campaign_with_hours`] for a campaign being launched: who launched it,
    /// the words they ticked and each recipient's consent are recorded in the same transaction.
    pub fn create_campaign_launched(
        &self,
        campaign: &NewCampaign,
        parts: &[CreateBatchRequest],
        hours: &PlannedHours,
        kept: &LaunchKept,
    ) -> Result<CampaignId> {
        let payloads = parts
            .iter()
            .map(|p| serde_json::to_vec(p).map_err(|e| Error::Database(e.to_string())))
            .collect::<Result<Vec<_>>>()?;
        let total: u64 = parts.iter().map(|p| p.recipients.len() as u64).sum();
        let n = parts.len();
        let now = ms(Utc::now());
        // The list's size at launch, from the store keeping it (read before this one is locked).
        let list_size = match self.list_home() {
            Some(home) => Some(home.dnc_count()?),
            None => None,
        };
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO campaigns (name, agent_id, agent_name, from_number_id, from_number,
                    scheduled_at, time_zone, concurrency, source_file_name, source_sha256,
                    recipient_count, created_at, calling_hours, left_out)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    campaign.name,
                    campaign.agent_id,
                    campaign.agent_name,
                    campaign.from_number_id,
                    campaign.from_number,
                    campaign.scheduled_at.map(ms),
                    campaign.time_zone,
                    campaign.concurrency,
                    campaign.source_file_name,
                    campaign.source_sha256,
                    total as i64,
                    now,
                    hours.calling_hours,
                    hours.left_out
                ],
            )?;
            let id = tx.last_insert_rowid();
            insert_kept(&tx, id, kept, list_size)?;
            {
                let mut ins = tx.prepare(
                    "INSERT INTO batches (campaign_id, part, parts, name, recipient_count,
                        payload_sha256, state, ends_by, starts_at, agent_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'planned', ?7, ?8, ?9)",
                )?;
                let mut request =
                    tx.prepare("INSERT INTO part_requests (batch_id, payload) VALUES (?1, ?2)")?;
                for (i, (req, payload)) in parts.iter().zip(&payloads).enumerate() {
                    ins.execute(params![
                        id,
                        i as i64 + 1,
                        n as i64,
                        req.name,
                        req.recipients.len() as i64,
                        sha256_hex(payload),
                        hours.ends_by.get(i).copied().flatten().map(ms),
                        req.scheduled_at.map(ms),
                        // A part of the second agent compared (see `crate::split`).
                        (req.agent_id != campaign.agent_id).then_some(req.agent_id.as_str())
                    ])?;
                    request.execute(params![tx.last_insert_rowid(), payload])?;
                }
            }
            if let Some(pilot) = &hours.pilot {
                tx.execute(
                    "UPDATE campaigns SET pilot = ?2 WHERE id = ?1",
                    params![id, pilot],
                )?;
                tx.execute(
                    "UPDATE batches SET kind = 'pilot' WHERE campaign_id = ?1",
                    [id],
                )?;
            }
            let detail = format!("{} recipients in {} parts", total, n);
            insert_audit(
                &tx,
                now,
                AuditKind::Created,
                &AuditEntry {
                    campaign_id: Some(id),
                    file_name: campaign.source_file_name.as_deref(),
                    file_sha256: campaign.source_sha256.as_deref(),
                    detail: Some(&detail),
                },
            )?;
            if let Some(at) = campaign.scheduled_at {
                let detail = format!("calling starts {}", at.to_rfc3339());
                super::audit::note(&tx, now, AuditKind::Scheduled, id, &detail)?;
            }
            tx.commit()?;
            Ok(id)
        })
    }

    pub fn campaign(&self, id: CampaignId) -> Result<Campaign> {
        self.with(|c| {
            c.query_row(
                &format!("{CAMPAIGN_SELECT} WHERE id = ?1"),
                [id],
                campaign_row,
            )
            .optional()
        })?
        .ok_or(Error::NotFound { what: "campaign" })
    }

    /// Every campaign, newest first.
    pub fn campaigns(&self) -> Result<Vec<Campaign>> {
        self.with(|c| {
            let mut st = c.prepare(&format!("{CAMPAIGN_SELECT} ORDER BY id DESC"))?;
            let rows = st.query_map([], campaign_row)?;
            rows.collect()
        })
    }

    /// Notes that a launch of the campaign is running (called as it starts and after each part).
    pub fn launch_heartbeat(&self, campaign_id: CampaignId, at: DateTime<Utc>) -> Result<()> {
        self.with(|c| {
            c.execute(
                "UPDATE campaigns SET launch_heartbeat = ?2 WHERE id = ?1",
                params![campaign_id, ms(at)],
            )
        })?;
        Ok(())
    }

    /// Notes that the campaign's launch has ended (however it ended, short of a crash).
    pub fn launch_ended(&self, campaign_id: CampaignId) -> Result<()> {
        self.with(|c| {
            c.execute(
                "UPDATE campaigns SET launch_heartbeat = NULL WHERE id = ?1",
                [campaign_id],
            )
        })?;
        Ok(())
    }

    /// When a launch of the campaign last showed it was running, if one was cut short (or is
    /// running now).
    pub fn launch_running_since(&self, campaign_id: CampaignId) -> Result<Option<DateTime<Utc>>> {
        let v: Option<Option<i64>> = self.with(|c| {
            c.query_row(
                "SELECT launch_heartbeat FROM campaigns WHERE id = ?1",
                [campaign_id],
                |r| r.get(0),
            )
            .optional()
        })?;
        match v {
            None => Err(Error::NotFound { what: "campaign" }),
            Some(t) => Ok(t.map(from_ms)),
        }
    }
}

const CAMPAIGN_SELECT: &str = "SELECT id, name, agent_id, agent_name, from_number_id, from_number,
    scheduled_at, time_zone, concurrency, source_file_name, source_sha256, recipient_count,
    created_at FROM campaigns";

fn campaign_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Campaign> {
    Ok(Campaign {
        id: r.get(0)?,
        setup: NewCampaign {
            name: r.get(1)?,
            agent_id: r.get(2)?,
            agent_name: r.get(3)?,
            from_number_id: r.get(4)?,
            from_number: r.get(5)?,
            scheduled_at: r.get::<_, Option<i64>>(6)?.map(from_ms),
            time_zone: r.get(7)?,
            concurrency: r.get::<_, Option<i64>>(8)?.map(count),
            source_file_name: r.get(9)?,
            source_sha256: r.get(10)?,
        },
        recipient_count: count(r.get(11)?),
        created_at: from_ms(r.get(12)?),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    #[test]
    fn a_campaign_planned_by_hours_keeps_its_hours_who_was_left_out_and_each_parts_latest_start() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("campaigns.sqlite")).unwrap();
        let part = |name: &str| {
            CreateBatchRequest::new(
                name,
                "agent_1",
                "pn_1",
                vec![cartesia::NewRecipient {
                    to_number: "+12125550100".into(),
                    metadata: None,
                }],
            )
        };
        let by = DateTime::parse_from_rfc3339("2026-12-08T23:45:00Z")
            .unwrap()
            .to_utc();
        let hours = PlannedHours {
            calling_hours: Some(r#"{"days":["mon"],"from":"09:00","to":"20:00"}"#.into()),
            left_out: Some(r#"[{"row":3,"toNumber":"+18005550100","reason":"x"}]"#.into()),
            ends_by: vec![Some(by), None],
            pilot: None,
        };
        let setup = NewCampaign {
            name: "Spring".into(),
            agent_id: "agent_1".into(),
            from_number_id: "pn_1".into(),
            ..NewCampaign::default()
        };
        let id = store
            .create_campaign_with_hours(&setup, &[part("a"), part("b")], &hours)
            .unwrap();
        let ends: Vec<_> = store.parts(id).unwrap().iter().map(|p| p.ends_by).collect();
        assert_eq!(ends, [Some(by), None]);
        let (kept_hours, kept_left_out): (Option<String>, Option<String>) = store
            .with(|c| {
                c.query_row(
                    "SELECT calling_hours, left_out FROM campaigns WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
            })
            .unwrap();
        assert_eq!(kept_hours, hours.calling_hours);
        assert_eq!(kept_left_out, hours.left_out);

        // Planned without hours: nothing of the kind.
        let plain = store.create_campaign(&setup, &[part("c")]).unwrap();
        assert_eq!(store.parts(plain).unwrap()[0].ends_by, None);
    }
}
