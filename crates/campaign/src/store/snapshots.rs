//! Progress over time: each part's snapshots, and a campaign's progress added up from them.
//!
//! Cartesia says where a batch stands now; it does not say how progress moved over time. The
//! store appends what the tracker sees, and counts what those writes cost (for the benchmark).

use super::{count, from_ms, ms, CampaignId, PartId, Store};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// A batch's progress at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub at: DateTime<Utc>,
    /// The batch status as Cartesia sent it (unknown values kept).
    pub status: String,
    pub scheduled: u32,
    pub dispatched: u32,
    pub finished: u32,
    pub retry_count: u32,
    /// Recipients per status (`queued`, `completed`, …).
    pub by_status: BTreeMap<String, u32>,
    /// Recipients per outcome (`end_reason`) among those that have one.
    pub by_outcome: BTreeMap<String, u32>,
}

impl Snapshot {
    /// Same progress, whatever the time it was seen.
    pub fn same_progress(&self, other: &Snapshot) -> bool {
        self.status == other.status
            && self.scheduled == other.scheduled
            && self.dispatched == other.dispatched
            && self.finished == other.finished
            && self.retry_count == other.retry_count
            && self.by_status == other.by_status
            && self.by_outcome == other.by_outcome
    }
}

/// A campaign's progress: the latest snapshot of each of its parts, added up.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CampaignProgress {
    pub campaign_id: CampaignId,
    pub parts: u32,
    /// Parts that have at least one snapshot.
    pub parts_seen: u32,
    pub scheduled: u32,
    pub dispatched: u32,
    pub finished: u32,
    pub by_status: BTreeMap<String, u32>,
    pub by_outcome: BTreeMap<String, u32>,
    /// Latest snapshot time among the parts.
    pub updated_at: Option<DateTime<Utc>>,
}

/// Snapshot-write cost so far (for the benchmark figure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteStats {
    pub snapshots: u64,
    pub total: Duration,
}

impl Store {
    /// Appends a snapshot of a part's progress.
    pub fn record_snapshot(&self, part: PartId, s: &Snapshot) -> Result<()> {
        let by_status =
            serde_json::to_string(&s.by_status).map_err(|e| Error::Database(e.to_string()))?;
        let by_outcome =
            serde_json::to_string(&s.by_outcome).map_err(|e| Error::Database(e.to_string()))?;
        let started = Instant::now();
        self.with(|c| {
            c.prepare_cached(
                "INSERT INTO snapshots (batch_id, at, status, scheduled, dispatched, finished,
                    retry_count, by_status, by_outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                part,
                ms(s.at),
                s.status,
                s.scheduled,
                s.dispatched,
                s.finished,
                s.retry_count,
                by_status,
                by_outcome
            ])
        })?;
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.snapshot_writes.fetch_add(1, Ordering::Relaxed);
        self.snapshot_nanos.fetch_add(nanos, Ordering::Relaxed);
        Ok(())
    }

    /// Snapshot writes made through this handle and the time they took.
    pub fn snapshot_write_stats(&self) -> WriteStats {
        WriteStats {
            snapshots: self.snapshot_writes.load(Ordering::Relaxed),
            total: Duration::from_nanos(self.snapshot_nanos.load(Ordering::Relaxed)),
        }
    }

    /// A part's snapshots, oldest first.
    pub fn snapshots(&self, part: PartId) -> Result<Vec<Snapshot>> {
        self.with(|c| {
            let mut st = c.prepare(&format!(
                "{SNAPSHOT_SELECT} WHERE batch_id = ?1 ORDER BY id"
            ))?;
            let rows = st.query_map([part], snapshot_row)?;
            rows.collect()
        })
    }

    /// A part's snapshots taken at or after `since`, oldest first (the recent past, for rates).
    pub fn snapshots_since(&self, part: PartId, since: DateTime<Utc>) -> Result<Vec<Snapshot>> {
        self.with(|c| {
            let mut st = c.prepare_cached(&format!(
                "{SNAPSHOT_SELECT} WHERE batch_id = ?1 AND at >= ?2 ORDER BY id"
            ))?;
            let rows = st.query_map(params![part, ms(since)], snapshot_row)?;
            rows.collect()
        })
    }

    /// A part's latest snapshot.
    pub fn last_snapshot(&self, part: PartId) -> Result<Option<Snapshot>> {
        self.with(|c| {
            c.prepare_cached(&format!(
                "{SNAPSHOT_SELECT} WHERE batch_id = ?1 ORDER BY id DESC LIMIT 1"
            ))?
            .query_row([part], snapshot_row)
            .optional()
        })
    }

    /// The campaign's progress from the latest snapshot of each part.
    pub fn campaign_progress(&self, campaign_id: CampaignId) -> Result<CampaignProgress> {
        let parts = self.parts(campaign_id)?;
        let mut p = CampaignProgress {
            campaign_id,
            parts: count(parts.len() as i64),
            ..CampaignProgress::default()
        };
        for part in &parts {
            let Some(s) = self.last_snapshot(part.id)? else {
                continue;
            };
            p.parts_seen += 1;
            p.scheduled += s.scheduled;
            p.dispatched += s.dispatched;
            p.finished += s.finished;
            for (k, v) in s.by_status {
                *p.by_status.entry(k).or_default() += v;
            }
            for (k, v) in s.by_outcome {
                *p.by_outcome.entry(k).or_default() += v;
            }
            p.updated_at = p.updated_at.max(Some(s.at));
        }
        Ok(p)
    }
}

const SNAPSHOT_SELECT: &str = "SELECT at, status, scheduled, dispatched, finished, retry_count,
    by_status, by_outcome FROM snapshots";

fn snapshot_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Snapshot> {
    // A damaged count map shows as empty rather than hiding the whole history.
    let map = |s: String| serde_json::from_str(&s).unwrap_or_default();
    Ok(Snapshot {
        at: from_ms(r.get(0)?),
        status: r.get(1)?,
        scheduled: count(r.get(2)?),
        dispatched: count(r.get(3)?),
        finished: count(r.get(4)?),
        retry_count: count(r.get(5)?),
        by_status: map(r.get(6)?),
        by_outcome: map(r.get(7)?),
    })
}
