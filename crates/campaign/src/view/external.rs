//! Batches in the account that no campaign of this store launched.
//!
//! Made with another tool or on another computer, they are still calls on the same plan (and
//! may be why a campaign waits for capacity), so the campaign list shows them too, in the same
//! words as a campaign's own parts, from List Call Batches alone.

use super::overview::Progress;
use super::status::{batch_status, status_line, CampaignStatus};
use super::{count, plural};
use crate::error::Result;
use crate::store::Store;
use cartesia::{CallBatch, Client};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A batch in the account that no campaign of this store launched.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallBatchSummary {
    pub id: String,
    pub name: String,
    pub agent_id: String,
    pub status: CampaignStatus,
    pub status_line: String,
    /// Cartesia's status as sent.
    pub api_status: String,
    /// From the batch's counters (List Call Batches has no per-recipient detail, so completed
    /// and failed are not split).
    pub progress: Progress,
    pub retry_count: u32,
    pub created_at: Option<DateTime<Utc>>,
    pub scheduled_at: Option<DateTime<Utc>>,
}

/// A listed batch as a summary, as of `now`.
pub fn batch_summary(b: &CallBatch, now: DateTime<Utc>) -> CallBatchSummary {
    let snapshot = crate::tracker::snapshot_of(b);
    let status = batch_status(
        &snapshot.status,
        snapshot.scheduled,
        snapshot.dispatched,
        snapshot.finished,
        b.scheduled_at,
        now,
    );
    let progress = Progress::from_snapshot(&snapshot);
    let status_line = match status {
        // Without recipients, answered and not reached can't be told apart.
        CampaignStatus::Done => format!("Finished: {} calls ended.", count(progress.finished)),
        CampaignStatus::Cancelled => format!(
            "Cancelled: {} never called.",
            plural(progress.cancelled, "person", "people")
        ),
        s => status_line(s, &progress, b.scheduled_at),
    };
    CallBatchSummary {
        id: b.id.clone(),
        name: b.name.clone(),
        agent_id: b.agent_id.clone(),
        status,
        status_line,
        api_status: snapshot.status,
        progress,
        retry_count: b.retry_count,
        created_at: b.created_at,
        scheduled_at: b.scheduled_at,
    }
}

/// Batches in the account (List Call Batches, every page, newest first) that no campaign in
/// this store launched: made with another tool, or on another computer. A batch that may be a
/// part still being launched (in flight, its answer lost, or being finished at start-up) is
/// that part's, not somebody else's: it is left out until the launch finds it.
pub async fn other_batches(client: &Client, store: &Store) -> Result<Vec<CallBatchSummary>> {
    let known = store.known_batch_ids()?;
    let awaiting = store.parts_awaiting_cartesia()?;
    let now = Utc::now();
    Ok(client
        .list_all_batches(None)
        .await?
        .iter()
        .filter(|b| !known.contains(&b.id))
        .filter(|b| !awaiting.iter().any(|(part, from)| part.matches(b, *from)))
        .map(|b| batch_summary(b, now))
        .collect())
}
