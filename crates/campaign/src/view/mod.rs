//! Watching a campaign: where it stands, how it got there, and who was reached.
//!
//! Everything a campaign page shows is derived here, not in the app, so the words and the
//! arithmetic are the same everywhere and can be tested without a window. Status and charts come
//! from the store alone (the tracker's snapshots), so a list of campaigns opens instantly and
//! works offline; only the recipients table and a call's details ask Cartesia, because only
//! Cartesia knows each recipient's latest attempt.
//!
//! Cartesia's batch status is about *dispatch* (`completed` means every call was placed, not that
//! every call ended), so [`CampaignStatus`] is derived from the counters as well as the status:
//! a part is [`CampaignStatus::Done`] only once every recipient's latest attempt has ended.
//!
//! The parts, each with its own tests: `status` (what a status is and how it reads), `overview`
//! (progress, the estimated end and the campaign list), `charts` (the campaign page's charts
//! and call outcomes), `recipients` (the recipients table), `call` (one call's panel),
//! `external` (batches made outside Batchline), `page` (what the window's pages receive,
//! assembled from the others) and `notice` (what the person is told when they aren't looking).
//! The shared number and date wording lives here; everything public is re-exported, so callers
//! only ever name `view::…`.
//!
//! These types are the app's IPC types: with the `ts` feature they derive their TypeScript
//! declarations, and the app's bindings are generated from them.

use chrono::{DateTime, Utc};

mod call;
mod charts;
mod external;
mod notice;
mod overview;
mod page;
mod recipients;
mod status;

pub use call::{
    answering_machine, call_detail, call_detail_of, call_outcome, call_recording, not_dialed,
    CallDetail, TranscriptLine, AGENT_MACHINE_PHRASES, ANSWERING_MACHINE_PHRASES, GREETING_TURNS,
    MACHINE_IN_TRANSCRIPT, NO_RECORDING,
};
pub use charts::{
    charts, finished_per_bucket, merge_timeline, outcome_slices, timeline, CampaignCharts,
    FinishedBucket, Outcome, OutcomeSlice, PartHistory, TimelinePoint, BUCKET_MINUTES, MAX_BUCKETS,
    MAX_TIMELINE_POINTS,
};
pub use external::{
    batch_summary, external_detail, external_table, other_batches, CallBatchSummary,
};
pub use notice::{all_parts_done, finished_message, finished_notice, Notice, Notices};
pub use overview::{
    overview, overview_at, overviews, overviews_at, CampaignOverview, HoursPause, PartOverview,
    Progress, ETA_WINDOW_MINUTES,
};
pub use page::{
    detail, list, open, page_recipients, CampaignDetail, CampaignList, CampaignSummary, PageId,
    PartSummary, RetryInfo,
};
pub use recipients::{
    build_table, end_reason_label, metadata_columns, outcomes_doc, recipient_status_label,
    recipient_status_word, recipients, recipients_complete, PartSource, RecipientRow,
    RecipientTable, RECIPIENT_STATUSES,
};
pub use status::{CampaignStatus, PROGRESS_WORDS};

/// `5000` → `5,000`: every count the person reads is grouped the same way, whatever the
/// system's locale (the window's counts follow the same rule).
pub fn count(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `3 people`, `1 person`: a count with its noun.
pub fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// `1 of 2 parts`, `2 of 3 parts`: some of a campaign's parts.
pub(crate) fn parts_of(some: usize, all: usize) -> String {
    let n = |k: usize| u32::try_from(k).unwrap_or(u32::MAX);
    format!("{} of {}", count(n(some)), plural(n(all), "part", "parts"))
}

/// `the campaign` → `The campaign`.
pub(crate) fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// How a part is named to the person: `part 2 of 3`, or `None` when the campaign is one part
/// (that part is the campaign, and "part 1 of 1" means nothing to anyone).
pub fn part_name(part: u32, parts: u32) -> Option<String> {
    (parts > 1).then(|| format!("part {part} of {parts}"))
}

/// `Tue 1 Dec 2026, 14:00 UTC` (the app may show `scheduled_at` in the person's zone instead).
pub(crate) fn when(t: DateTime<Utc>) -> String {
    t.format("%a %-d %b %Y, %H:%M UTC").to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod test_support {
    //! Snapshots at made-up times, shared by the parts' tests.
    use crate::store::Snapshot;
    use chrono::{DateTime, Utc};
    use std::collections::BTreeMap;

    pub(super) fn t(secs: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000 + secs, 0).unwrap()
    }

    pub(super) fn snap(
        at: i64,
        status: &str,
        total: u32,
        dispatched: u32,
        finished: u32,
    ) -> Snapshot {
        Snapshot {
            at: t(at),
            status: status.into(),
            scheduled: total,
            dispatched,
            finished,
            retry_count: 0,
            by_status: BTreeMap::new(),
            by_outcome: BTreeMap::new(),
        }
    }

    pub(super) fn counts(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }
}
