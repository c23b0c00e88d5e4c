//! What a campaign keeps of two agents compared and of its estimate: the split
//! (`campaigns.split`), the estimate made at launch with the assumptions it used
//! (`campaigns.estimate`), and the agent of each part that is not the campaign's own
//! (`batches.agent_id`, written with the part).

use super::{CampaignId, PartId, Store};
use crate::error::{Error, Result};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

impl Store {
    /// Keeps the campaign's split between two agents.
    pub fn set_campaign_split(&self, id: CampaignId, split: &crate::split::Split) -> Result<()> {
        let json = serde_json::to_string(split).map_err(|e| Error::Database(e.to_string()))?;
        self.set_column(id, "UPDATE campaigns SET split = ?2 WHERE id = ?1", &json)
    }

    /// The campaign's split between two agents, when it compares two.
    pub fn campaign_split(&self, id: CampaignId) -> Result<Option<crate::split::Split>> {
        Ok(self
            .column(id, "SELECT split FROM campaigns WHERE id = ?1")?
            .and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Keeps the estimate shown when the campaign was launched, with what it assumed.
    pub fn set_campaign_estimate(
        &self,
        id: CampaignId,
        kept: &crate::compare::KeptEstimate,
    ) -> Result<()> {
        let json = serde_json::to_string(kept).map_err(|e| Error::Database(e.to_string()))?;
        self.set_column(
            id,
            "UPDATE campaigns SET estimate = ?2 WHERE id = ?1",
            &json,
        )
    }

    /// The estimate kept with the campaign at launch (`None` for one launched before estimates).
    pub fn campaign_estimate(
        &self,
        id: CampaignId,
    ) -> Result<Option<crate::compare::KeptEstimate>> {
        Ok(self
            .column(id, "SELECT estimate FROM campaigns WHERE id = ?1")?
            .and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// The parts of a campaign called by another agent than the campaign's own, with that agent.
    pub fn part_agents(&self, campaign_id: CampaignId) -> Result<HashMap<PartId, String>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT id, agent_id FROM batches WHERE campaign_id = ?1 AND agent_id IS NOT NULL",
            )?;
            let rows = st.query_map([campaign_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })
    }

    fn set_column(&self, id: CampaignId, sql: &str, value: &str) -> Result<()> {
        let changed = self.with(|c| c.execute(sql, params![id, value]))?;
        if changed == 0 {
            return Err(Error::NotFound { what: "campaign" });
        }
        Ok(())
    }

    fn column(&self, id: CampaignId, sql: &str) -> Result<Option<String>> {
        let v: Option<Option<String>> =
            self.with(|c| c.query_row(sql, [id], |r| r.get(0)).optional())?;
        v.ok_or(Error::NotFound { what: "campaign" })
    }
}
