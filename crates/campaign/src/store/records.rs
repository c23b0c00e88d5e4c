//! The person's own bookkeeping of their campaigns: a new name, the archive, deleting a record.
//! Each change and its audit entry are written in one transaction, so the log never says
//! something happened that didn't (or misses something that did). None of this reaches Cartesia.

use super::audit::insert_audit;
use super::{ms, AuditEntry, AuditKind, CampaignId, Store};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use std::collections::HashSet;

impl Store {
    /// Gives the campaign a new name (already checked by the caller); the audit log keeps the old.
    pub fn rename_campaign(&self, id: CampaignId, name: &str, now: DateTime<Utc>) -> Result<()> {
        self.change(id, now, AuditKind::Renamed, |tx, old| {
            tx.execute(
                "UPDATE campaigns SET name = ?2 WHERE id = ?1",
                params![id, name],
            )?;
            Ok(format!(
                "renamed from \u{201c}{old}\u{201d} to \u{201c}{name}\u{201d}"
            ))
        })
    }

    /// Puts the campaign in the archive (`true`) or takes it out.
    pub fn set_archived(&self, id: CampaignId, archived: bool, now: DateTime<Utc>) -> Result<()> {
        let kind = if archived {
            AuditKind::Archived
        } else {
            AuditKind::Unarchived
        };
        self.change(id, now, kind, |tx, old| {
            tx.execute(
                "UPDATE campaigns SET archived_at = ?2 WHERE id = ?1",
                params![id, archived.then_some(ms(now))],
            )?;
            Ok(format!("\u{201c}{old}\u{201d}"))
        })
    }

    /// Deletes the campaign's record (its parts and progress go with it); the audit log keeps
    /// that it existed and its name.
    pub fn delete_campaign(&self, id: CampaignId, now: DateTime<Utc>) -> Result<()> {
        self.change(id, now, AuditKind::Deleted, |tx, old| {
            tx.execute("DELETE FROM campaigns WHERE id = ?1", [id])?;
            Ok(format!("\u{201c}{old}\u{201d} deleted from this computer"))
        })
    }

    /// The campaigns in the archive.
    pub fn archived_campaigns(&self) -> Result<HashSet<CampaignId>> {
        self.with(|c| {
            let mut st = c.prepare("SELECT id FROM campaigns WHERE archived_at IS NOT NULL")?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect()
        })
    }

    /// Runs `apply` on the campaign (given its current name) and logs what it returns as the
    /// `kind` entry's detail, in one transaction.
    fn change(
        &self,
        id: CampaignId,
        now: DateTime<Utc>,
        kind: AuditKind,
        apply: impl FnOnce(&rusqlite::Transaction<'_>, &str) -> rusqlite::Result<String>,
    ) -> Result<()> {
        let done = self.with(|c| {
            let tx = c.transaction()?;
            let name: Option<String> = tx
                .query_row("SELECT name FROM campaigns WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            let Some(name) = name else {
                return Ok(false);
            };
            let detail = apply(&tx, &name)?;
            let entry = AuditEntry {
                campaign_id: Some(id),
                detail: Some(&detail),
                ..AuditEntry::default()
            };
            insert_audit(&tx, ms(now), kind, &entry)?;
            tx.commit()?;
            Ok(true)
        })?;
        if done {
            Ok(())
        } else {
            Err(Error::NotFound { what: "campaign" })
        }
    }
}
