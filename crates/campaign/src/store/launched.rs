//! What a launch keeps for the compliance record: who launched the campaign, the words they
//! ticked on Confirm, and each recipient's consent by spreadsheet row — written in the
//! transaction that records the campaign, so a campaign never exists without them.

use super::audit::{read_audit, AuditRecord};
use super::{CampaignId, Store};
use crate::consent::{ConsentRow, KeptConsent};
use crate::error::Result;
use crate::schedule::LeftOut;
use rusqlite::{params, Connection, OptionalExtension};

/// Who launched a campaign, with which words, and the consent its list gave.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LaunchKept {
    /// The computer's user name.
    pub launched_by: Option<String>,
    /// The words of the box ticked on Confirm.
    pub acknowledgement: Option<String>,
    pub consent: KeptConsent,
    /// The account's do-not-call list's size when the campaign was recorded (read back only;
    /// counted in the recording transaction).
    pub dnc_at_launch: Option<u64>,
    /// Two agents compared: the split, kept in the recording transaction so the comparison is
    /// never lost to a crash right after it (written only; read with `Store::campaign_split`).
    pub split: Option<crate::split::Split>,
}

impl Store {
    /// What the campaign's launch kept (all empty for a campaign from before it was kept).
    pub fn launch_kept(&self, campaign_id: CampaignId) -> Result<LaunchKept> {
        self.with(|c| {
            type Head = (Option<String>, Option<String>, Option<String>, Option<i64>);
            let head: Option<Head> = c
                .query_row(
                    "SELECT launched_by, acknowledgement, consent_column, dnc_at_launch
                     FROM campaigns WHERE id = ?1",
                    [campaign_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((launched_by, acknowledgement, column, dnc)) = head else {
                return Ok(LaunchKept::default());
            };
            let mut st = c.prepare(
                "SELECT row, number, consent FROM recipient_consent WHERE campaign_id = ?1
                 ORDER BY row",
            )?;
            let rows = st
                .query_map([campaign_id], |r| {
                    Ok(ConsentRow {
                        row: u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0),
                        number: r.get(1)?,
                        consent: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(LaunchKept {
                launched_by,
                acknowledgement,
                consent: KeptConsent { column, rows },
                dnc_at_launch: dnc.and_then(|n| u64::try_from(n).ok()),
                // Read with `Store::campaign_split`.
                split: None,
            })
        })
    }

    /// Who the plan left out when the campaign was recorded (`campaigns.left_out`).
    pub fn campaign_left_out(&self, campaign_id: CampaignId) -> Result<Vec<LeftOut>> {
        let json: Option<Option<String>> = self.with(|c| {
            c.query_row(
                "SELECT left_out FROM campaigns WHERE id = ?1",
                [campaign_id],
                |r| r.get(0),
            )
            .optional()
        })?;
        Ok(json
            .flatten()
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    /// The campaign's own audit entries, newest first.
    pub fn campaign_audit(&self, campaign_id: CampaignId) -> Result<Vec<AuditRecord>> {
        self.with(|c| read_audit(c, "WHERE campaign_id = ?1 ORDER BY id DESC", [campaign_id]))
    }
}

/// Writes what the launch keeps, in the caller's transaction (the campaign's creation).
pub(super) fn insert_kept(
    c: &Connection,
    campaign_id: CampaignId,
    kept: &LaunchKept,
    list_size: Option<u64>,
) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE campaigns SET launched_by = ?2, acknowledgement = ?3, consent_column = ?4,
             dnc_at_launch = COALESCE(?5, (SELECT COUNT(*) FROM do_not_call)),
             split = COALESCE(?6, split)
         WHERE id = ?1",
        params![
            campaign_id,
            kept.launched_by,
            kept.acknowledgement,
            kept.consent.column,
            list_size.and_then(|n| i64::try_from(n).ok()),
            kept.split
                .as_ref()
                .and_then(|s| serde_json::to_string(s).ok())
        ],
    )?;
    let mut ins = c.prepare(
        "INSERT OR REPLACE INTO recipient_consent (campaign_id, row, number, consent)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for r in &kept.consent.rows {
        ins.execute(params![
            campaign_id,
            i64::try_from(r.row).unwrap_or(i64::MAX),
            r.number,
            r.consent
        ])?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::store::{NewCampaign, PlannedHours};

    #[test]
    fn the_launch_keeps_who_the_words_and_the_consent_with_the_campaign() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("c.db")).unwrap();
        let part = cartesia::CreateBatchRequest::new(
            "P",
            "agent",
            "num",
            vec![cartesia::NewRecipient {
                to_number: "+14155550101".into(),
                metadata: None,
            }],
        );
        let kept = LaunchKept {
            launched_by: Some("maria".into()),
            acknowledgement: Some("They agreed.".into()),
            consent: KeptConsent {
                column: Some("Consent".into()),
                rows: vec![ConsentRow {
                    row: 2,
                    number: "+14155550101".into(),
                    consent: "2026-01-02 web form".into(),
                }],
            },
            dnc_at_launch: None,
            split: Some(crate::split::Split {
                agent_b_id: "agent_b".into(),
                agent_b_name: Some("Theo".into()),
                share_b_percent: 30,
                seed: 7,
            }),
        };
        store
            .with(|c| {
                c.execute(
                    "INSERT INTO do_not_call (number, added_at, source_kind) VALUES
                     ('+13055550100', 0, 'hand'), ('+13055550101', 0, 'hand')",
                    [],
                )
            })
            .unwrap();
        let id = store
            .create_campaign_launched(
                &NewCampaign::default(),
                std::slice::from_ref(&part),
                &PlannedHours::default(),
                &kept,
            )
            .unwrap();
        // The list's size is counted as the campaign is recorded.
        assert_eq!(
            store.launch_kept(id).unwrap(),
            LaunchKept {
                dnc_at_launch: Some(2),
                split: None,
                ..kept.clone()
            }
        );
        // Two agents compared: the split is recorded with the campaign, in the same transaction.
        assert_eq!(store.campaign_split(id).unwrap(), kept.split);
        let history = store.campaign_audit(id).unwrap();
        assert_eq!(history.first().map(|a| a.kind.as_str()), Some("created"));
        // A campaign recorded without a launch keeps nothing of the kind.
        let plain = store
            .create_campaign(&NewCampaign::default(), &[part])
            .unwrap();
        assert_eq!(
            store.launch_kept(plain).unwrap(),
            LaunchKept {
                dnc_at_launch: Some(2),
                ..LaunchKept::default()
            }
        );
        assert!(store.campaign_audit(plain).unwrap().len() == 1);
    }
}
