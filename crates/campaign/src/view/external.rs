//! Batches in the account that no campaign of this store launched.
//!
//! Made with another tool or on another computer, they are still calls on the same plan (and
//! may be why a campaign waits for capacity), so the campaign list shows them too, in the same
//! words as a campaign's own parts, from List Call Batches alone. Opened, such a batch gets a
//! page like a campaign's, and its recipients the same table (columns from its call data).

use super::charts::{outcome_slices, CampaignCharts};
use super::overview::Progress;
use super::page::{CampaignDetail, CampaignSummary, PartSummary, RetryInfo};
use super::recipients::{column_positions, columns_of, join_part, RecipientTable};
use super::status::{batch_status, status_line, CampaignStatus};
use super::{count, plural};
use crate::actions::Unsent;
use crate::error::{Error, Result};
use crate::store::Store;
use cartesia::{CallBatch, Client};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A batch in the account that no campaign of this store launched.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub created_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
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
        // Without recipients, answered and not answered can't be told apart.
        CampaignStatus::Done => format!(
            "Done: {} ended.",
            plural(progress.finished, "call", "calls")
        ),
        CampaignStatus::Cancelled => {
            format!("Cancelled: {} not dialed.", count(progress.cancelled))
        }
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
    let now = crate::clock::app_now();
    Ok(client
        .list_all_batches(None)
        .await?
        .iter()
        .filter(|b| !known.contains(&b.id))
        .filter(|b| !awaiting.iter().any(|(part, from)| part.matches(b, *from)))
        .map(|b| batch_summary(b, now))
        .collect())
}

/// The recipients of a batch made elsewhere: what Cartesia reports, with the call data it was
/// sent (the columns in the order first seen), read the way a campaign's own parts are.
pub fn external_table(batch: &CallBatch) -> RecipientTable {
    let live = batch.recipients.as_deref().unwrap_or_default();
    let columns = columns_of(
        live.iter()
            .filter_map(|r| r.metadata.as_ref().and_then(|m| m.as_object())),
    );
    let mut next = 0;
    let rows = join_part(
        1,
        batch.retry_count,
        &[],
        Some(live),
        &column_positions(&columns),
        "",
        &mut next,
    );
    RecipientTable {
        columns,
        rows,
        problems: Vec::new(),
    }
}

/// The page of a batch made elsewhere, as of `now`: no history is kept for it, so the charts
/// hold only how its calls ended; Retry and Cancel are for where it was made.
pub fn external_detail(batch: &CallBatch, now: DateTime<Utc>) -> CampaignDetail {
    let summary = batch_summary(batch, now);
    let ended = crate::tracker::snapshot_of(batch);
    let elsewhere = Error::MadeElsewhere.to_string();
    CampaignDetail {
        summary: CampaignSummary::from(&summary),
        parts: vec![PartSummary::from(&summary)],
        charts: CampaignCharts {
            timeline: Vec::new(),
            outcomes: outcome_slices([(&ended.by_status, &ended.by_outcome)]),
            finished_per_quarter_hour: Vec::new(),
        },
        retry: RetryInfo {
            recipients: 0,
            disabled_reason: Some(elsewhere.clone()),
            retry_count: summary.retry_count,
        },
        cancel_disabled_reason: Some(elsewhere),
        unsent: Unsent::default(),
        external: true,
        archived: false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::view::charts::Outcome;
    use crate::view::test_support::t;

    fn batch() -> CallBatch {
        serde_json::from_value(serde_json::json!({
            "id": "cb_1", "name": "Made elsewhere", "agent_id": "agent_1", "status": "completed",
            "total_calls_scheduled": 3, "total_calls_dispatched": 3, "total_calls_finished": 3,
            "retry_count": 2,
            "recipients": [
                {"id": "r1", "to_number": "+14155550100", "status": "completed", "agent_call_id": "ac_1",
                 "end_reason": "agent_hangup", "metadata": {"name": "Ada"}},
                {"id": "r2", "to_number": "+14155550003", "status": "failed", "end_reason": "error",
                 "error_message": "rejected", "metadata": {"name": "Bob", "city": "Oakland"}},
                {"id": "r3", "to_number": "+14155550101", "status": "brand_new_status"},
            ],
        }))
        .unwrap()
    }

    #[test]
    fn a_batch_made_elsewhere_lists_its_recipients_with_their_call_data() {
        let table = external_table(&batch());
        assert_eq!(table.columns, ["name", "city"], "in the order first seen");
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[0].outcome, Some(Outcome::Answered));
        assert_eq!(table.rows[0].agent_call_id.as_deref(), Some("ac_1"));
        assert_eq!(table.rows[0].metadata, ["Ada", ""]);
        assert_eq!(table.rows[1].outcome, Some(Outcome::CouldntConnect));
        assert_eq!(table.rows[1].metadata, ["Bob", "Oakland"]);
        assert_eq!(table.rows[1].error_message.as_deref(), Some("rejected"));
        assert_eq!(
            table.rows[2].status, "brand_new_status",
            "unknown statuses are shown"
        );
        assert_eq!(
            table
                .rows
                .iter()
                .map(|r| (r.index, r.part, r.retry_count))
                .collect::<Vec<_>>(),
            [(1, 1, 2), (2, 1, 2), (3, 1, 2)]
        );
    }

    #[test]
    fn a_batch_made_elsewhere_opens_as_a_page_that_sends_retry_and_cancel_back_there() {
        let d = external_detail(&batch(), t(0));
        assert!(d.external);
        assert_eq!(d.summary.id, "batch:cb_1");
        assert_eq!(d.summary.status, CampaignStatus::Done);
        assert_eq!(d.parts.len(), 1);
        assert_eq!(d.parts[0].retry_count, 2);
        assert_eq!(d.retry.recipients, 0);
        assert!(d
            .retry
            .disabled_reason
            .as_deref()
            .unwrap()
            .contains("outside Batchline"));
        assert_eq!(d.cancel_disabled_reason, d.retry.disabled_reason);
        let ended: u32 = d.charts.outcomes.iter().map(|s| s.count).sum();
        assert_eq!(
            ended, 2,
            "the answered call and the one that failed before dialing"
        );
        assert!(d.charts.timeline.is_empty(), "no history is kept for it");
    }
}
