//! What the window's Campaigns page and a campaign's page receive, assembled in one place.
//!
//! The parts (progress, status, charts, recipients, calls) are the view's own types and go to
//! the window as they are. Only the page-level shapes live here, because a page needs what the
//! analysis types don't carry: an id the window can route by (a campaign of this store, or a
//! batch made elsewhere as `batch:<id>`), a part count on the list, the retry and cancel
//! buttons' state. Every conversion from the analysis types is in this module, and a test
//! checks that every field arrives.

use super::charts::{charts, CampaignCharts};
use super::external::{external_detail, external_table, CallBatchSummary};
use super::overview::{overview_at, overviews_at, CampaignOverview, PartOverview, Progress};
use super::recipients::{recipients, RecipientTable};
use super::status::CampaignStatus;
use crate::actions::{self, RetryPreview, Unsent};
use crate::error::{Error, Result};
use crate::store::{CampaignId, Store};
use cartesia::Client;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Which page: a campaign of this store (`12`), or a batch made outside Batchline
/// (`batch:<Cartesia id>`, listed under "Other batches").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageId {
    Campaign(CampaignId),
    Batch(String),
}

const BATCH_PREFIX: &str = "batch:";

impl FromStr for PageId {
    type Err = Error;

    fn from_str(id: &str) -> Result<PageId> {
        if let Some(batch) = id.strip_prefix(BATCH_PREFIX) {
            if !batch.is_empty() {
                return Ok(PageId::Batch(batch.to_owned()));
            }
        }
        id.parse()
            .map(PageId::Campaign)
            .map_err(|_| Error::UnknownPage)
    }
}

impl fmt::Display for PageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageId::Campaign(id) => write!(f, "{id}"),
            PageId::Batch(id) => write!(f, "{BATCH_PREFIX}{id}"),
        }
    }
}

impl PageId {
    /// The campaign of this store, or why an action can't be done on a batch made elsewhere.
    pub fn campaign(&self) -> Result<CampaignId> {
        match self {
            PageId::Campaign(id) => Ok(*id),
            PageId::Batch(_) => Err(Error::MadeElsewhere),
        }
    }
}

/// A campaign as the Campaigns page lists it and its page's header shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CampaignSummary {
    /// Its page ([`PageId`] as text).
    pub id: String,
    pub name: String,
    pub status: CampaignStatus,
    /// What is happening, in plain words.
    pub status_line: String,
    pub agent_id: String,
    pub agent_name: Option<String>,
    pub from_number: Option<String>,
    pub progress: Progress,
    /// When calling starts, shown in `time_zone`.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub scheduled_at: Option<DateTime<Utc>>,
    pub time_zone: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub created_at: Option<DateTime<Utc>>,
    /// How many parts (Cartesia batches) it was sent in.
    pub parts: u32,
    /// Estimated end of the last call, when it can be told.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub eta: Option<DateTime<Utc>>,
    pub source_file_name: Option<String>,
    /// Paused by the calling hours: when calling resumes (their hours open again).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub resumes_at: Option<DateTime<Utc>>,
}

/// One part of a campaign on its page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PartSummary {
    pub part: u32,
    pub parts: u32,
    pub name: String,
    pub status: CampaignStatus,
    pub status_line: String,
    pub progress: Progress,
    pub retry_count: u32,
    /// Why it isn't created yet, in words.
    pub launch_problem: Option<String>,
    /// When it starts (`None`: at once).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub starts_at: Option<DateTime<Utc>>,
}

/// The Retry failed button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RetryInfo {
    /// Recipients whose latest attempt failed or went unanswered.
    pub recipients: u32,
    /// Why the button is disabled, in words; `None` when it can be used.
    pub disabled_reason: Option<String>,
    /// Retries done so far (the highest of the parts').
    pub retry_count: u32,
}

/// Everything the campaign page shows apart from the recipients table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CampaignDetail {
    pub summary: CampaignSummary,
    pub parts: Vec<PartSummary>,
    /// The timeline, the outcomes and the calls finished per quarter hour.
    #[serde(flatten)]
    pub charts: CampaignCharts,
    pub retry: RetryInfo,
    /// Why Cancel is disabled (done already, cancelled already); `None` when it can be used.
    pub cancel_disabled_reason: Option<String>,
    /// What was never sent and waits for the person (zero parts: nothing waits).
    pub unsent: Unsent,
    /// A batch made outside Batchline (opened from "Other batches"): no history, no duplicate.
    pub external: bool,
    /// The person archived it (off the Campaigns list; its page offers to put it back).
    pub archived: bool,
}

/// The Campaigns page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CampaignList {
    pub campaigns: Vec<CampaignSummary>,
    /// Campaigns the person archived: off the default list, shown on request.
    pub archived: Vec<CampaignSummary>,
    /// Batches in the account that no campaign here launched.
    pub other_batches: Vec<CallBatchSummary>,
    /// Why other batches couldn't be listed (the campaigns still show).
    pub other_batches_error: Option<String>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<&CampaignOverview> for CampaignSummary {
    fn from(o: &CampaignOverview) -> Self {
        CampaignSummary {
            id: PageId::Campaign(o.id).to_string(),
            name: o.name.clone(),
            status: o.status,
            status_line: o.status_line.clone(),
            agent_id: o.agent_id.clone(),
            agent_name: o.agent_name.clone(),
            from_number: o.from_number.clone(),
            progress: o.progress,
            scheduled_at: o.scheduled_at,
            time_zone: o.time_zone.clone(),
            created_at: Some(o.created_at),
            parts: count(o.parts.len()),
            eta: o.eta,
            source_file_name: o.source_file_name.clone(),
            resumes_at: o.paused.as_ref().and_then(|p| p.resumes_at),
        }
    }
}

impl From<&PartOverview> for PartSummary {
    fn from(p: &PartOverview) -> Self {
        PartSummary {
            part: p.part,
            parts: p.parts,
            name: p.name.clone(),
            status: p.status,
            status_line: p.status_line.clone(),
            progress: p.progress,
            retry_count: p.retry_count,
            launch_problem: p.launch_problem.clone(),
            starts_at: p.starts_at,
        }
    }
}

impl From<RetryPreview> for RetryInfo {
    fn from(r: RetryPreview) -> Self {
        RetryInfo {
            recipients: r.recipients_to_redial,
            disabled_reason: r.disabled_reason,
            retry_count: r.retry_count,
        }
    }
}

impl From<&CallBatchSummary> for CampaignSummary {
    fn from(b: &CallBatchSummary) -> Self {
        CampaignSummary {
            id: PageId::Batch(b.id.clone()).to_string(),
            name: b.name.clone(),
            status: b.status,
            status_line: b.status_line.clone(),
            agent_id: b.agent_id.clone(),
            agent_name: None,
            from_number: None,
            progress: b.progress,
            scheduled_at: b.scheduled_at,
            time_zone: None,
            created_at: b.created_at,
            parts: 1,
            eta: None,
            source_file_name: None,
            resumes_at: None,
        }
    }
}

impl From<&CallBatchSummary> for PartSummary {
    fn from(b: &CallBatchSummary) -> Self {
        PartSummary {
            part: 1,
            parts: 1,
            name: b.name.clone(),
            status: b.status,
            status_line: b.status_line.clone(),
            progress: b.progress,
            retry_count: b.retry_count,
            launch_problem: None,
            starts_at: b.scheduled_at,
        }
    }
}

/// A campaign's page (apart from its recipients), from the store alone, as of `now`.
pub fn detail(
    store: &Store,
    campaign_id: CampaignId,
    now: DateTime<Utc>,
) -> Result<CampaignDetail> {
    let o = overview_at(store, campaign_id, now)?;
    let unsent = actions::unsent(store, campaign_id)?;
    Ok(CampaignDetail {
        summary: CampaignSummary::from(&o),
        parts: o.parts.iter().map(PartSummary::from).collect(),
        charts: charts(store, campaign_id)?,
        retry: actions::retry_preview(store, campaign_id)?.into(),
        cancel_disabled_reason: actions::cancel_disabled_reason(&o, &unsent),
        unsent,
        external: false,
        archived: store.archived_campaigns()?.contains(&campaign_id),
    })
}

/// A page, whichever it is: a campaign from the store (no network), a batch made elsewhere
/// from Cartesia.
pub async fn open(
    client: &Client,
    store: &Store,
    page: &PageId,
    now: DateTime<Utc>,
) -> Result<CampaignDetail> {
    match page {
        PageId::Campaign(id) => detail(store, *id, now),
        PageId::Batch(id) => Ok(external_detail(&client.get_batch(id).await?, now)),
    }
}

/// A page's recipients table (see [`recipients`] and [`external_table`]).
pub async fn page_recipients(
    client: &Client,
    store: &Store,
    page: &PageId,
) -> Result<RecipientTable> {
    match page {
        PageId::Campaign(id) => recipients(client, store, *id).await,
        PageId::Batch(id) => Ok(external_table(&client.get_batch(id).await?)),
    }
}

/// Every campaign of the store for the Campaigns page, with the account's other batches (or
/// why they couldn't be listed: the campaigns show all the same).
pub fn list(
    store: &Store,
    other_batches: Result<Vec<CallBatchSummary>>,
    now: DateTime<Utc>,
) -> Result<CampaignList> {
    let in_archive = store.archived_campaigns()?;
    let (archived, campaigns): (Vec<_>, Vec<_>) = overviews_at(store, now)?
        .iter()
        .map(|o| (in_archive.contains(&o.id), CampaignSummary::from(o)))
        .partition(|(archived, _)| *archived);
    let summaries = |list: Vec<(bool, CampaignSummary)>| list.into_iter().map(|(_, s)| s).collect();
    let (other_batches, other_batches_error) = match other_batches {
        Ok(list) => (list, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    Ok(CampaignList {
        campaigns: summaries(campaigns),
        archived: summaries(archived),
        other_batches,
        other_batches_error,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::view::test_support::t;

    #[test]
    fn a_page_is_a_campaign_here_or_a_batch_made_elsewhere() {
        assert_eq!("12".parse::<PageId>().unwrap(), PageId::Campaign(12));
        assert_eq!(
            "batch:cb_1".parse::<PageId>().unwrap(),
            PageId::Batch("cb_1".into())
        );
        assert!("batch:".parse::<PageId>().is_err());
        assert!("../etc".parse::<PageId>().is_err());
        for id in [PageId::Campaign(7), PageId::Batch("cb_9".into())] {
            assert_eq!(id.to_string().parse::<PageId>().unwrap(), id, "round trip");
        }
        assert!(matches!(
            PageId::Batch("cb_1".into()).campaign(),
            Err(Error::MadeElsewhere)
        ));
    }

    fn progress() -> Progress {
        Progress {
            total: 10,
            queued: 1,
            in_flight: 2,
            completed: 3,
            failed: 4,
            cancelled: 5,
            finished: 7,
            not_sent: 6,
        }
    }

    /// Every field of the analysis types reaches the page (each with a value of its own, so a
    /// field dropped or crossed with another shows).
    #[test]
    fn every_field_arrives() {
        let part = PartOverview {
            part_id: 41,
            part: 2,
            parts: 3,
            name: "Spring (part 2 of 3)".into(),
            status: CampaignStatus::Dialing,
            status_line: "Calling: 7 of 10 done.".into(),
            progress: progress(),
            retry_count: 1,
            launch_state: crate::store::LaunchState::Created,
            launch_problem: Some("refused".into()),
            api_status: Some("in_progress".into()),
            api_batch_id: Some("cb_2".into()),
            updated_at: Some(t(5)),
            starts_at: Some(t(30)),
            ends_by: Some(t(90)),
        };
        let o = CampaignOverview {
            id: 12,
            name: "Spring".into(),
            agent_id: "agent_1".into(),
            agent_name: Some("Reminder".into()),
            from_number: Some("+14155550100".into()),
            status: CampaignStatus::Finishing,
            status_line: "Finishing.".into(),
            progress: progress(),
            scheduled_at: Some(t(60)),
            time_zone: Some("America/New_York".into()),
            created_at: t(1),
            source_file_name: Some("spring.csv".into()),
            parts: vec![part.clone(), part.clone(), part.clone()],
            retry_count: 2,
            eta: Some(t(3600)),
            updated_at: Some(t(7)),
            paused: Some(crate::view::HoursPause {
                people: 4,
                resumes_at: Some(t(7200)),
            }),
        };
        assert_eq!(
            CampaignSummary::from(&o),
            CampaignSummary {
                id: "12".into(),
                name: "Spring".into(),
                status: CampaignStatus::Finishing,
                status_line: "Finishing.".into(),
                agent_id: "agent_1".into(),
                agent_name: Some("Reminder".into()),
                from_number: Some("+14155550100".into()),
                progress: progress(),
                scheduled_at: Some(t(60)),
                time_zone: Some("America/New_York".into()),
                created_at: Some(t(1)),
                parts: 3,
                eta: Some(t(3600)),
                source_file_name: Some("spring.csv".into()),
                resumes_at: Some(t(7200)),
            }
        );
        assert_eq!(
            PartSummary::from(&part),
            PartSummary {
                part: 2,
                parts: 3,
                name: "Spring (part 2 of 3)".into(),
                status: CampaignStatus::Dialing,
                status_line: "Calling: 7 of 10 done.".into(),
                progress: progress(),
                retry_count: 1,
                launch_problem: Some("refused".into()),
                starts_at: Some(t(30)),
            }
        );
        let retry = RetryInfo::from(RetryPreview {
            recipients_to_redial: 4,
            retry_count: 1,
            disabled_reason: Some("wait".into()),
        });
        assert_eq!(
            retry,
            RetryInfo {
                recipients: 4,
                disabled_reason: Some("wait".into()),
                retry_count: 1,
            }
        );
        let b = CallBatchSummary {
            id: "cb_9".into(),
            name: "Made elsewhere".into(),
            agent_id: "agent_2".into(),
            status: CampaignStatus::Done,
            status_line: "Finished.".into(),
            api_status: "completed".into(),
            progress: progress(),
            retry_count: 3,
            created_at: Some(t(2)),
            scheduled_at: Some(t(30)),
        };
        let s = CampaignSummary::from(&b);
        assert_eq!(
            (
                s.id.as_str(),
                s.name.as_str(),
                s.status,
                s.status_line.as_str()
            ),
            (
                "batch:cb_9",
                "Made elsewhere",
                CampaignStatus::Done,
                "Finished."
            )
        );
        assert_eq!(
            (
                s.agent_id.as_str(),
                s.progress,
                s.scheduled_at,
                s.created_at
            ),
            ("agent_2", progress(), Some(t(30)), Some(t(2)))
        );
        let p = PartSummary::from(&b);
        assert_eq!(
            (p.name.as_str(), p.retry_count, p.progress),
            ("Made elsewhere", 3, progress())
        );
    }

    #[test]
    fn the_window_reads_times_as_text_and_ids_as_page_ids() {
        let json = serde_json::to_value(CampaignSummary::from(&CallBatchSummary {
            id: "cb_1".into(),
            name: "x".into(),
            agent_id: "a".into(),
            status: CampaignStatus::Scheduled,
            status_line: String::new(),
            api_status: "pending".into(),
            progress: Progress::default(),
            retry_count: 0,
            created_at: Some(t(0)),
            scheduled_at: None,
        }))
        .unwrap();
        assert_eq!(json["id"], "batch:cb_1");
        assert_eq!(json["status"], "scheduled");
        assert!(json["createdAt"]
            .as_str()
            .unwrap()
            .starts_with("2027-01-15T"));
        assert_eq!(json["scheduledAt"], serde_json::Value::Null);
    }
}
