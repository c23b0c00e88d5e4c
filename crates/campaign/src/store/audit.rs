//! The audit log: what was done, when, with which file.
//!
//! Entries are plain descriptions stamped with the time; there is deliberately no field for a
//! key (the API key is never stored here).

use super::{from_ms, ms, CampaignId, Store};
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    Created,
    Scheduled,
    Launched,
    Retried,
    Cancelled,
    Exported,
    KeyConnected,
    KeyRemoved,
    /// Cartesia made a part with fewer recipients than it was sent.
    NotAllScheduled,
    /// The person renamed the campaign (here only).
    Renamed,
    /// The person archived the campaign, or took it out of the archive.
    Archived,
    Unarchived,
    /// The person deleted the campaign's record from this computer.
    Deleted,
    /// Recipients not yet dialed moved from a part to new parts (the calling hours closed, or
    /// the person edited the campaign before it started).
    Moved,
    /// The person changed a scheduled campaign before it started.
    Edited,
    /// A test call to the manager's own phone was recorded to be sent (detail: the number).
    TestCall,
    /// The person launched the rest of a campaign after its pilot (detail: how many).
    PilotReleased,
    /// The person ended a campaign with its pilot: the rest is never called.
    PilotStopped,
    /// The person turned a state's calling rule off in Settings (detail: the state and why).
    RuleTurnedOff,
    /// The person turned a state's calling rule back on in Settings.
    RuleTurnedOn,
    /// Numbers were added to the account's do-not-call list (detail: how many, from where).
    DncAdded,
    /// A number was taken off the do-not-call list (detail: the number and why).
    DncRemoved,
    /// Listed numbers were taken out of a part before it was first sent, or out of a retry
    /// (detail: how many and which part).
    DncLeftOut,
}

impl AuditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Created => "created",
            AuditKind::Scheduled => "scheduled",
            AuditKind::Launched => "launched",
            AuditKind::Retried => "retried",
            AuditKind::Cancelled => "cancelled",
            AuditKind::Exported => "exported",
            AuditKind::KeyConnected => "key_connected",
            AuditKind::KeyRemoved => "key_removed",
            AuditKind::NotAllScheduled => "not_all_scheduled",
            AuditKind::Renamed => "renamed",
            AuditKind::Archived => "archived",
            AuditKind::Unarchived => "unarchived",
            AuditKind::Deleted => "deleted",
            AuditKind::Moved => "moved",
            AuditKind::Edited => "edited",
            AuditKind::TestCall => "test_call",
            AuditKind::PilotReleased => "pilot_released",
            AuditKind::PilotStopped => "pilot_stopped",
            AuditKind::RuleTurnedOff => "rule_turned_off",
            AuditKind::RuleTurnedOn => "rule_turned_on",
            AuditKind::DncAdded => "dnc_added",
            AuditKind::DncRemoved => "dnc_removed",
            AuditKind::DncLeftOut => "dnc_left_out",
        }
    }
}

/// An entry to add to the audit log. There is deliberately no field for a key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditEntry<'a> {
    pub campaign_id: Option<CampaignId>,
    pub file_name: Option<&'a str>,
    pub file_sha256: Option<&'a str>,
    /// A short plain description (e.g. "part 2 of 3"); never secrets.
    pub detail: Option<&'a str>,
}

/// A stored audit entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRecord {
    pub at: DateTime<Utc>,
    /// `AuditKind::as_str`, kept as text so entries from newer versions still show.
    pub kind: String,
    pub campaign_id: Option<CampaignId>,
    pub file_name: Option<String>,
    pub file_sha256: Option<String>,
    pub detail: Option<String>,
}

impl Store {
    /// Adds an entry to the audit log, stamped now.
    pub fn audit(&self, kind: AuditKind, entry: &AuditEntry<'_>) -> Result<()> {
        self.with(|c| insert_audit(c, ms(Utc::now()), kind, entry))
    }

    /// The latest `limit` audit entries, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditRecord>> {
        self.with(|c| read_audit(c, "ORDER BY id DESC LIMIT ?1", [limit]))
    }
}

/// The audit entries `tail` picks ("WHERE … ORDER BY …", with its `params`).
pub(super) fn read_audit(
    c: &Connection,
    tail: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Vec<AuditRecord>> {
    let mut st = c.prepare(&format!(
        "SELECT at, kind, campaign_id, file_name, file_sha256, detail FROM audit_log {tail}"
    ))?;
    let rows = st.query_map(params, |r| {
        Ok(AuditRecord {
            at: from_ms(r.get(0)?),
            kind: r.get(1)?,
            campaign_id: r.get(2)?,
            file_name: r.get(3)?,
            file_sha256: r.get(4)?,
            detail: r.get(5)?,
        })
    })?;
    rows.collect()
}

/// Adds a campaign's entry (`detail`) to the audit log in the caller's transaction: the entry
/// every recording step of a campaign writes together with what it records.
pub(super) fn note(
    c: &Connection,
    at: i64,
    kind: AuditKind,
    campaign_id: CampaignId,
    detail: &str,
) -> rusqlite::Result<()> {
    insert_audit(
        c,
        at,
        kind,
        &AuditEntry {
            campaign_id: Some(campaign_id),
            detail: Some(detail),
            ..AuditEntry::default()
        },
    )
}

/// Adds an entry to the audit log, in the caller's transaction if it is in one.
pub(super) fn insert_audit(
    c: &Connection,
    at: i64,
    kind: AuditKind,
    e: &AuditEntry<'_>,
) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO audit_log (at, kind, campaign_id, file_name, file_sha256, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            at,
            kind.as_str(),
            e.campaign_id,
            e.file_name,
            e.file_sha256,
            e.detail
        ],
    )?;
    Ok(())
}
